//! The command line.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

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
    /// with 0 when every file is clean, 1 otherwise (2 when no file is named).
    #[arg(long)]
    pub check: bool,

    /// Open with the item of this id selected (for example `baku-tbilisi-kars-railway`).
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Draft a story from the plain-text (UTF-8) article ARTICLE into the folder named by
    /// --out: the article is split into passages, and every phrase that names an item of the
    /// bundled story, of the FILES (corridor files or story folders) or a city of the basemap
    /// becomes a proposed link. No window is opened.
    #[arg(long, value_name = "ARTICLE", requires = "out")]
    pub draft_story: Option<PathBuf>,

    /// The folder a drafted story is written to; it must be empty, or see --overwrite.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Export the items of the bundled story and of the FILES (corridor files or story
    /// folders) to PATH without opening a window. The extension chooses the format; for now
    /// `.geojson`: every item with its properties and the sentences that mention it, and the
    /// other versions of changed routes; with --as-of, each item as it was on that date.
    #[arg(long, value_name = "PATH")]
    pub export: Option<PathBuf>,

    /// Show the map as of this date (YYYY, YYYY-MM or YYYY-MM-DD) instead of the story's own:
    /// each item's status, look and route as they were then, in the window, its screenshots
    /// and exports. A year or a month stands for its first day.
    #[arg(long, value_name = "DATE", value_parser = crate::model::history::When::parse)]
    pub as_of: Option<crate::model::history::When>,

    /// Let --draft-story write into a folder that holds files already.
    #[arg(long)]
    pub overwrite: bool,

    /// The language code of the article for --draft-story (`de`, `en`, `ru`, ...); guessed
    /// from the text when left out.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

impl Args {
    /// What clap cannot check itself: `--check` needs files to check. The error prints like
    /// clap's own usage errors, and exits with 2 as they do.
    ///
    /// # Examples
    /// ```
    /// use clap::Parser;
    /// use corridor_atlas::Args;
    /// let args = Args::parse_from(["corridor-atlas", "--check"]);
    /// assert_eq!(args.usage_error().map(|error| error.exit_code()), Some(2));
    /// assert!(Args::parse_from(["corridor-atlas", "--check", "a.geojson"]).usage_error().is_none());
    /// ```
    pub fn usage_error(&self) -> Option<clap::Error> {
        (self.check && self.files.is_empty()).then(|| {
            Self::command().error(
                ErrorKind::MissingRequiredArgument,
                "--check needs at least one FILE, e.g. corridor-atlas --check corridors.geojson",
            )
        })
    }
}
