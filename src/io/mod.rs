//! Bytes to model and back: the bundled basemap, the bundled story, settings.
//!
//! Nothing here imports egui; errors are `thiserror` enums that say what a user must fix.

pub mod basemap;
pub mod draft;
pub mod export;
mod geojson_util;
pub mod load;
pub mod reader;
pub mod settings;
pub mod story;
mod stream;
pub mod watch;
