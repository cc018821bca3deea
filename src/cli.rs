//! The command line.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

/// Corridor Atlas: transport corridors of the Caspian region on a map, each tied to the
/// sentences of the news article that speaks of it.
// Each bool is a command-line switch of its own; a state machine would hide them from clap.
#[allow(clippy::struct_excessive_bools)]
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

    /// Export the bundled story and the FILES (corridor files or story folders) to PATH
    /// without opening a window. The extension chooses the format: `.png`, `.svg` or `.pdf`
    /// draw a figure (the map with its title, date, legend, scale, attribution and the
    /// sentences of the article that mention the items, with their sources); `.geojson`
    /// writes every item with its properties and those sentences. Exits with 1 when it
    /// cannot, and leaves no file behind.
    #[arg(long, value_name = "PATH")]
    pub export: Option<PathBuf>,

    /// The size of an exported figure in pixels (PNG), e.g. 6000x4000; at most 20000 a side.
    /// The default is 2560x1600 for a PNG and an A4 landscape page for SVG and PDF.
    #[arg(long, value_name = "WIDTHxHEIGHT", conflicts_with = "paper")]
    pub export_size: Option<String>,

    /// Lay an exported figure out on a sheet of paper: A4, A3 or Letter (portrait unless
    /// --landscape). A PNG has --dpi dots per inch.
    #[arg(long, value_name = "PAPER", value_parser = parse_paper)]
    pub paper: Option<crate::figure::output::Paper>,

    /// Turn the --paper sideways.
    #[arg(long, requires = "paper")]
    pub landscape: bool,

    /// Dots per inch of a PNG on --paper: 72 to 600.
    #[arg(long, value_name = "DPI", default_value_t = 150, value_parser = clap::value_parser!(u32).range(72..=600))]
    pub dpi: u32,

    /// The title of an exported figure; the story's title when left out.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Leave the legend out of an exported figure.
    #[arg(long)]
    pub no_legend: bool,

    /// Leave the citations (the sentences and sources) out of an exported figure.
    #[arg(long)]
    pub no_citations: bool,

    /// Write the English gloss under each quoted sentence of an exported figure.
    #[arg(long)]
    pub gloss: bool,

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

fn parse_paper(text: &str) -> Result<crate::figure::output::Paper, String> {
    crate::figure::output::Paper::parse(text)
        .ok_or_else(|| format!("“{text}” is not a paper size; use A4, A3 or Letter"))
}

impl Args {
    /// What `--export` is asked to do.
    ///
    /// # Errors
    /// When `--export-size` is not a size that can be made.
    pub fn export_request(&self) -> Option<Result<crate::figure::headless::ExportRequest, String>> {
        use crate::figure::output::Size;
        let path = self.export.clone()?;
        let size = match self.export_size.as_deref().map(Size::parse_pixels) {
            Some(Err(why)) => return Some(Err(format!("--export-size: {why}"))),
            Some(Ok(size)) => Some(size),
            None => self.paper.map(|paper| Size::Paper {
                paper,
                landscape: self.landscape,
                dpi: self.dpi,
            }),
        };
        Some(Ok(crate::figure::headless::ExportRequest {
            path,
            files: self.files.clone(),
            as_of: self.as_of.map(|when| when.day),
            select: self.select.clone(),
            size,
            title: self.title.clone(),
            options: crate::figure::FigureOptions {
                legend: !self.no_legend,
                citations: !self.no_citations,
                gloss: self.gloss,
            },
        }))
    }

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
