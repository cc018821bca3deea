//! A figure's file: the format by the file's extension, the size in pixels or on paper, the
//! conversion of the SVG document to PDF (text kept as text, the font embedded) or PNG, and
//! writing under a temporary name so that a failed export leaves nothing behind.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::figure::Page;

/// The most pixels a side of a PNG may have: a 20,000 × 20,000 picture takes 1.6 GB.
pub const MAX_SIDE_PX: u32 = 20_000;

/// What a figure can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A picture.
    Png,
    /// Vectors and text, for editing.
    Svg,
    /// A page to print, its text selectable.
    Pdf,
    /// The items' data (not a figure).
    GeoJson,
}

impl Format {
    /// The format a file name asks for, by its extension.
    ///
    /// # Errors
    /// When the extension is none of `.png`, `.svg`, `.pdf`, `.geojson` or `.json`.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::figure::output::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::of_path(Path::new("map.PDF")).ok(), Some(Format::Pdf));
    /// assert!(Format::of_path(Path::new("map.tiff")).is_err());
    /// ```
    pub fn of_path(path: &Path) -> Result<Self, ExportError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "png" => Ok(Self::Png),
            "svg" => Ok(Self::Svg),
            "pdf" => Ok(Self::Pdf),
            "geojson" | "json" => Ok(Self::GeoJson),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f64, f64) {
        match self {
            Self::A4 => (210.0, 297.0),
            Self::A3 => (297.0, 420.0),
            Self::Letter => (215.9, 279.4),
        }
    }

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::A3 => "A3",
            Self::Letter => "Letter",
        }
    }

    /// Reads `A4`, `A3` or `Letter`, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Some(Self::A4),
            "a3" => Some(Self::A3),
            "letter" => Some(Self::Letter),
            _ => None,
        }
    }
}

/// How big a figure is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    /// A picture of so many pixels, laid out as a page of the same shape.
    Pixels(u32, u32),
    /// A sheet of paper, and for a PNG its resolution.
    Paper {
        /// Which sheet.
        paper: Paper,
        /// Turned sideways.
        landscape: bool,
        /// Dots per inch of a PNG.
        dpi: u32,
    },
}

/// The long side of the page a picture of any size is laid out on, in points: an A3 sheet's.
/// Bigger pictures are that page drawn finer, not a page with smaller print.
const LAYOUT_LONG_SIDE: f64 = 1190.0;

impl Size {
    /// The page the figure is laid out on, in points.
    pub fn page(self) -> Page {
        match self {
            Self::Pixels(w, h) => {
                let long = f64::from(w.max(h));
                let scale = (long / LAYOUT_LONG_SIDE).max(1.0);
                Page {
                    width: f64::from(w) / scale,
                    height: f64::from(h) / scale,
                }
            }
            Self::Paper {
                paper, landscape, ..
            } => {
                let (w, h) = paper.mm();
                let (w, h) = if landscape { (h, w) } else { (w, h) };
                Page {
                    width: w / 25.4 * 72.0,
                    height: h / 25.4 * 72.0,
                }
            }
        }
    }

    /// The size of a PNG in pixels.
    pub fn pixels(self) -> (u32, u32) {
        match self {
            Self::Pixels(w, h) => (w, h),
            Self::Paper { dpi, .. } => {
                let page = self.page();
                let px = |points: f64| (points / 72.0 * f64::from(dpi)).round() as u32;
                (px(page.width), px(page.height))
            }
        }
    }

    /// Reads `WIDTHxHEIGHT` in pixels.
    ///
    /// # Errors
    /// When it is not two whole numbers joined by `x`, or a side is 0 or beyond
    /// [`MAX_SIDE_PX`].
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::figure::output::Size;
    /// assert_eq!(Size::parse_pixels("6000x4000"), Ok(Size::Pixels(6000, 4000)));
    /// assert!(Size::parse_pixels("30000x10").is_err());
    /// assert!(Size::parse_pixels("big").is_err());
    /// ```
    pub fn parse_pixels(text: &str) -> Result<Self, String> {
        let (w, h) = text
            .to_ascii_lowercase()
            .split_once('x')
            .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| format!("“{text}” is not WIDTHxHEIGHT in pixels, e.g. 6000x4000"))?;
        let size = Self::Pixels(w, h);
        size.check().map_err(|error| error.to_string())?;
        Ok(size)
    }

    /// Whether a picture of this size can be made.
    ///
    /// # Errors
    /// When a side is 0 or beyond [`MAX_SIDE_PX`].
    pub fn check(self) -> Result<(), ExportError> {
        let (w, h) = self.pixels();
        if w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX {
            return Err(ExportError::TooLarge {
                width: w,
                height: h,
            });
        }
        Ok(())
    }
}

/// Why a figure could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file's extension names no format.
    #[error("{0}: the extension names no format; use .png, .svg, .pdf or .geojson")]
    UnknownFormat(String),
    /// The picture would be too big.
    #[error(
        "a picture of {width} × {height} pixels cannot be made: each side must be between 1 and 20000 pixels"
    )]
    TooLarge {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
    },
    /// The folder to write into is not there.
    #[error("{0}: the folder does not exist")]
    NoFolder(String),
    /// Writing failed.
    #[error("{path}: {message}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The document could not be converted (a fault of the figure, not of the user's input).
    #[error("the figure could not be made: {0}")]
    Convert(String),
    /// The user stopped the export.
    #[error("the export was stopped")]
    Cancelled,
}

/// The SVG document read for conversion, with the bundled font as the only one.
fn tree(svg: &str) -> Result<resvg::usvg::Tree, ExportError> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(crate::fonts::DEJAVU_SANS.to_vec());
    let options = resvg::usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: Arc::new(fonts),
        ..resvg::usvg::Options::default()
    };
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Convert(e.to_string()))
}

/// The bytes of the figure's file: the SVG as it is, a PDF page, or a PNG of `size`.
///
/// # Errors
/// When the size is too big, the document cannot be converted, or `cancelled` is set.
pub fn render(
    svg: &str,
    format: Format,
    size: Size,
    cancelled: &std::sync::atomic::AtomicBool,
) -> Result<Vec<u8>, ExportError> {
    let stop = || {
        if cancelled.load(std::sync::atomic::Ordering::Relaxed) {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    };
    match format {
        Format::Svg | Format::GeoJson => Ok(svg.as_bytes().to_vec()),
        Format::Pdf => {
            let tree = tree(svg)?;
            stop()?;
            svg2pdf::to_pdf(
                &tree,
                svg2pdf::ConversionOptions::default(),
                svg2pdf::PageOptions::default(),
            )
            .map_err(|e| ExportError::Convert(e.to_string()))
        }
        Format::Png => {
            size.check()?;
            let tree = tree(svg)?;
            stop()?;
            let (w, h) = size.pixels();
            let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(ExportError::TooLarge {
                width: w,
                height: h,
            })?;
            let page = tree.size();
            let transform = resvg::tiny_skia::Transform::from_scale(
                w as f32 / page.width(),
                h as f32 / page.height(),
            );
            resvg::render(&tree, transform, &mut pixmap.as_mut());
            stop()?;
            pixmap
                .encode_png()
                .map_err(|e| ExportError::Convert(e.to_string()))
        }
    }
}

/// Writes `bytes` to `path` under a temporary name first, then renames it: a failed or
/// stopped export never leaves a half-written file, and an existing file is replaced whole.
///
/// # Errors
/// When the folder is not there or the file cannot be written.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let folder: PathBuf = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::NoFolder(folder.display().to_string()));
    }
    crate::io::draft::write_atomically(path, bytes).map_err(|error| ExportError::Write {
        path: path.display().to_string(),
        message: error.to_string(),
    })
}
