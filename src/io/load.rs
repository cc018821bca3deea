//! Loading a corridor file from disk: read, parse, validate. The same pipeline serves the
//! window (on a worker thread) and `--check`.

use std::path::{Path, PathBuf};

use geo::{BoundingRect, Rect, coord};

use crate::io::reader::{Problem, Progress, ReadError, ReadOutcome, Severity, read_corridors};
use crate::io::story::{RegionDeg, STORY_REGION};
use crate::io::stream::{Stop, read_feature_collection};
use crate::model::Corridor;
use crate::words::readable_number;

/// Why a file could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read from disk.
    #[error("{path}: cannot read the file: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The contents are wrong.
    #[error("{path}: {error}")]
    Read {
        /// The file.
        path: String,
        /// What is wrong, with line and column where there is one.
        error: ReadError,
    },
    /// A story folder that cannot be opened.
    #[error("{0}")]
    Story(#[from] crate::io::story::StoryError),
}

impl LoadError {
    /// The problems of single features behind the error (for a file none of whose features
    /// could be loaded), to be shown as [`problem_lines`] before the error itself.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Io { .. } | Self::Story(_) => &[],
            Self::Read { error, .. } => error.problems(),
        }
    }
}

/// A file that loaded, perhaps with problems in some features.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Where it came from.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// What was read.
    pub outcome: ReadOutcome,
}

/// Reads and parses `path`, and warns when its features lie far from the story's region.
///
/// # Errors
/// A [`LoadError`] when the file cannot be read, or gives nothing to draw (see
/// [`read_corridors`](crate::io::reader::read_corridors)).
pub fn load_file(path: &Path, progress: &Progress) -> Result<LoadedFile, LoadError> {
    let shown = path.display().to_string();
    let io_error = |error: std::io::Error| LoadError::Io {
        path: shown.clone(),
        message: error.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size_bytes = file.metadata().map_err(io_error)?.len();
    let read = match read_feature_collection(file, progress, crate::parallel::cores()) {
        Ok(read) => read,
        Err(Stop::Cancelled) => Err(ReadError::Cancelled),
        Err(Stop::Io(error)) => return Err(io_error(error)),
        // Not a FeatureCollection, or something is wrong with it: the one-pass reader reads
        // it, or says what is wrong and where.
        Err(Stop::Fallback) => {
            let bytes = std::fs::read(path).map_err(io_error)?;
            read_corridors(&bytes, progress)
        }
    };
    let mut outcome = read.map_err(|error| LoadError::Read {
        path: shown.clone(),
        error,
    })?;
    // The extents found while reading spare reading every position again.
    let far = if outcome.extents.len() == outcome.corridors.len() {
        far_among(&outcome.corridors, &outcome.extents, STORY_REGION)
    } else {
        far_from_the_story(&outcome.corridors, STORY_REGION)
    };
    outcome.problems.extend(far);
    Ok(LoadedFile {
        path: path.to_path_buf(),
        size_bytes,
        outcome,
    })
}

/// One warning for a file with features far outside `region` (the story's): how many, the
/// first of them, and whether longitude and latitude look swapped, which is when swapping
/// them back would bring every one of those features into the region. They are still drawn.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use corridor_atlas::io::load::far_from_the_story;
/// use corridor_atlas::io::story::STORY_REGION;
/// use corridor_atlas::model::Corridor;
/// let tashkent = Corridor {
///     id: corridor_atlas::model::FeatureId("tashkent".to_owned()),
///     info: Default::default(),
///     properties: Default::default(),
///     geometry: Some(geo::Point::new(41.31, 69.28).into()),
///     versions: Vec::new(),
/// };
/// let warning = far_from_the_story(&[tashkent], STORY_REGION).ok_or("no warning")?;
/// assert!(warning.message.starts_with("its only feature (“tashkent”) lies far outside"));
/// assert!(warning.message.contains("look swapped"), "{}", warning.message);
/// # Ok(())
/// # }
/// ```
pub fn far_from_the_story(corridors: &[Corridor], region: RegionDeg) -> Option<Problem> {
    // Every position is looked at: share a big file among the cores.
    let rects = crate::parallel::map_in_order(corridors, |corridor| {
        corridor.geometry.as_ref()?.bounding_rect()
    });
    far_among(corridors, &rects, region)
}

/// As [`far_from_the_story`], with the extent of each item's geometry known.
fn far_among(
    corridors: &[Corridor],
    extents: &[Option<Rect<f64>>],
    region: RegionDeg,
) -> Option<Problem> {
    let far: Vec<(&Corridor, Rect<f64>)> = corridors
        .iter()
        .zip(extents)
        .filter_map(|(corridor, rect)| Some((corridor, (*rect)?)))
        .filter(|(_, rect)| !region.touches(*rect))
        .collect();
    let (first, _) = far.first()?;
    let swapped = far.iter().all(|(_, rect)| {
        let (min, max) = (rect.min(), rect.max());
        region.touches(Rect::new(
            coord! { x: min.y, y: min.x },
            coord! { x: max.y, y: max.x },
        ))
    });
    let name = first.name();
    let who = match (far.len(), corridors.len()) {
        (1, 1) => format!("its only feature (“{name}”) lies"),
        (1, total) => format!("1 of {total} features (“{name}”) lies"),
        (n, total) if n == total => format!("all {n} features (the first “{name}”) lie"),
        (n, total) => format!("{n} of {total} features (the first “{name}”) lie"),
    };
    let swap_hint = match (swapped, far.len()) {
        (false, _) => "",
        (true, 1) => {
            "; its longitude and latitude look swapped (GeoJSON wants [longitude, latitude]): \
             swapped back, it would lie in the region"
        }
        (true, _) => {
            "; their longitude and latitude look swapped (GeoJSON wants [longitude, latitude]): \
             swapped back, they would lie in the region"
        }
    };
    Some(Problem {
        severity: Severity::Warning,
        message: format!(
            "{who} far outside the region of the story (longitude {}° to {}°, latitude {}° to \
             {}°){swap_hint}",
            readable_number(region.west),
            readable_number(region.east),
            readable_number(region.south),
            readable_number(region.north),
        ),
    })
}

/// One line per problem, prefixed with the file, as `--check` prints them.
pub fn problem_lines(path: &Path, problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|problem| {
            let level = match problem.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            format!("{}: {level}: {}", path.display(), problem.message)
        })
        .collect()
}
