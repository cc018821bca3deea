//! The command line.

use std::path::PathBuf;

use clap::Parser;

/// Corridor Atlas: transport corridors of the Caspian region on a map, each tied to the
/// sentences of the news article that speaks of it.
#[derive(Debug, Clone, Default, Parser)]
#[command(name = "corridor-atlas", version, about)]
pub struct Args {
    /// Corridor GeoJSON files to open alongside the bundled story.
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,

    /// Render the window once the map has settled, save it as a PNG at PATH, and exit.
    /// Starts from the default view and does not touch the saved settings.
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,

    /// Check the FILES and print what is wrong with them, without opening a window. Exits
    /// with 0 when every file is clean, 1 otherwise.
    #[arg(long)]
    pub check: bool,

    /// Open with the item of this id selected (for example `baku-tbilisi-kars-railway`).
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
}
