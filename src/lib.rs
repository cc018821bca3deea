//! Corridor Atlas shows transport corridors on a slippy map and ties every item on the map
//! to the sentences of the news article that speaks of it.
//!
//! Layout: [`app`] owns the state and lays out the window; [`map`] is the only module that
//! knows walkers; [`io`] turns bytes into data; [`layers`] holds every set of items on the
//! map (the bundled story is one, each opened file another) and takes files in;
//! [`model`] names an item by its layer and id ([`model::ItemRef`]);
//! [`screenshot`] and [`dialogs`] take pictures and ask for files off the UI thread;
//! [`style`] holds every colour; [`words`] writes numbers and counts for messages.

pub mod app;
pub mod cli;
pub mod dialogs;
pub mod figure;
pub mod fonts;
pub mod io;
pub mod layers;
pub mod map;
pub mod model;
pub mod panels;
pub mod parallel;
pub mod screenshot;
pub mod style;
pub mod words;

pub use app::{App, AppOptions};
pub use cli::Args;
