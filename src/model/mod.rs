//! The domain: corridors and their kinds and statuses, the article, its passages, and the
//! links between them. Nothing here knows about egui or walkers.

pub mod article;
pub mod chain;
pub mod citation;
pub mod corridor;
pub mod history;
pub mod item;
pub mod search;
pub mod story;

pub use article::{Article, Passage, PassageId, QuoteError, TextQuote};
pub use corridor::{Corridor, FeatureId, Kind, RouteAccuracy, Source, Status};
pub use item::{ItemRef, LayerId};
pub use story::{Link, Story, StoryMeta};
