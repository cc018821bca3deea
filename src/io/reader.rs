//! Reads a corridor GeoJSON file in one pass, straight into corridor items: no JSON tree is
//! built, positions go directly into `geo` geometries, and a feature that is wrong is reported
//! and skipped while the rest load.
//!
//! Accepts any RFC 7946 input: a FeatureCollection, a single Feature or a bare Geometry, every
//! geometry type, positions with a third value (kept count of, not drawn), foreign members
//! (ignored) and the legacy `crs` member when it names WGS84 (CRS84 / EPSG:4326).

mod plain;

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::model::corridor::{Corridor, CorridorProperties, FeatureId, Properties};
use crate::model::history::{RouteVersion, read_dated};
use crate::words::readable_number;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The item loaded, but something about it is doubtful.
    Warning,
    /// The item could not be loaded.
    Error,
}

/// A problem with one feature (or the file as a whole), in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong and where.
    pub message: String,
}

/// Why nothing could be read from a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not valid JSON.
    #[error("line {line}, column {column}: this is not valid JSON: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser expected.
        message: String,
    },
    /// Valid JSON that is not GeoJSON.
    #[error("line {line}, column {column}: this is not GeoJSON: {message}")]
    NotGeoJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// GeoJSON without a single feature that could be drawn.
    #[error("the file holds no features to draw{}", why_empty(.problems))]
    Empty {
        /// Why each of its features could not be loaded: to be shown like the problems of a
        /// file that loaded in part.
        problems: Vec<Problem>,
    },
    /// Nothing but white space.
    #[error("the file is empty")]
    EmptyFile,
    /// Text in another encoding than UTF-8, recognised by its first bytes.
    #[error(
        "the file seems to be {encoding} ({evidence}), but GeoJSON must be UTF-8 (RFC 8259 §8.1, RFC 7946 §11.1); save it as UTF-8"
    )]
    WrongEncoding {
        /// "UTF-16 LE", "UTF-32 BE", ...
        encoding: &'static str,
        /// How it was recognised.
        evidence: &'static str,
    },
    /// Bytes that are not UTF-8, in a file that does not look like UTF-16 or UTF-32.
    #[error(
        "line {line}, column {column}: this is not UTF-8 (perhaps the file is Latin-1 or Windows-1252), but GeoJSON must be UTF-8 (RFC 8259 §8.1, RFC 7946 §11.1); save it as UTF-8"
    )]
    NotUtf8 {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// 1-based column of that byte, in characters.
        column: usize,
    },
    /// The user cancelled.
    #[error("loading was cancelled")]
    Cancelled,
}

/// What a file gave.
#[derive(Debug, Clone, Default)]
pub struct ReadOutcome {
    /// The items that loaded.
    pub corridors: Vec<Corridor>,
    /// Problems with single features (the rest loaded).
    pub problems: Vec<Problem>,
    /// Total number of positions read.
    pub vertices: usize,
    /// How many positions had a third value (elevation), which is kept out of the drawing.
    pub positions_with_z: usize,
    /// Per item of `corridors`: the extent of its own geometry (not of its route's other
    /// versions), found while reading so that nothing reads every position again for it.
    pub extents: Vec<Option<geo::Rect<f64>>>,
}

/// Shared with the thread that shows progress.
#[derive(Debug, Default)]
pub struct Progress {
    /// Set to stop reading as soon as possible.
    pub cancel: AtomicBool,
    /// Features read so far.
    pub features: AtomicUsize,
}

impl ReadError {
    /// The problems of single features that explain the error: for a file none of whose
    /// features could be loaded, why each failed; otherwise none.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Empty { problems } => problems,
            _ => &[],
        }
    }
}

/// The end of the message for a file without features to draw.
fn why_empty(problems: &[Problem]) -> String {
    let failed = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    match failed {
        0 => String::new(),
        1 => ": its only feature could not be loaded".to_owned(),
        n => format!(": none of its {n} features could be loaded"),
    }
}

/// Reads corridor items from GeoJSON text: UTF-8, with or without a byte-order mark.
///
/// # Errors
/// A [`ReadError`] when the file gives nothing to draw: it is empty, not UTF-8, not JSON or
/// not GeoJSON, none of its features could be loaded, or reading was cancelled through
/// `progress`.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use corridor_atlas::io::reader::{read_corridors, Progress};
/// let text = br#"{"type":"Feature","properties":{"name":"Ferry"},
///   "geometry":{"type":"LineString","coordinates":[[49.4,39.9],[51.2,43.6]]}}"#;
/// let outcome = read_corridors(text, &Progress::default())?;
/// assert_eq!(outcome.corridors[0].name(), "Ferry");
///
/// let error = read_corridors(b"{\"type\": \"Feature\",\n \"geometry\": [}", &Progress::default()).unwrap_err();
/// assert!(error.to_string().starts_with("line 2, column"), "{error}");
///
/// let error = read_corridors(b" \n", &Progress::default()).unwrap_err();
/// assert_eq!(error.to_string(), "the file is empty");
/// # Ok(())
/// # }
/// ```
pub fn read_corridors(bytes: &[u8], progress: &Progress) -> Result<ReadOutcome, ReadError> {
    let text = utf8_text(bytes)?;
    if text.trim().is_empty() {
        return Err(ReadError::EmptyFile);
    }
    let mut state = read_text(text, progress, HashMap::new())?;
    if !state.mixed.is_empty() {
        // Read again, now that it is known where: a mixed array is a fault the user has to
        // find in the file.
        let located = locate_mixed(text, progress, &state.mixed);
        state = read_text(text, progress, located)?;
    }
    let outcome = state.outcome;
    if outcome.corridors.is_empty() {
        return Err(ReadError::Empty {
            problems: outcome.problems,
        });
    }
    Ok(outcome)
}

/// How many features with arrays that mix depths are located: each takes a reading of the
/// file up to it.
const MIXED_LOCATED: usize = 20;

/// Where in `text` the reader finds that an array of each feature of `mixed` (numbers in the
/// `features` array, or [`TOP`]) mixes depths: line and column, by reading up to there.
fn locate_mixed(
    text: &str,
    progress: &Progress,
    mixed: &[usize],
) -> HashMap<usize, (usize, usize)> {
    mixed
        .iter()
        .take(MIXED_LOCATED)
        .filter_map(|&feature| {
            let mut state = State::new(progress);
            state.stop_at_mix_in = Some(feature);
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let error = ObjectSeed {
                state: &mut state,
                top_level: true,
            }
            .deserialize(&mut deserializer)
            .err()?;
            error
                .to_string()
                .starts_with(MIXED)
                .then(|| (feature, json_position(&error)))
        })
        .collect()
}

/// Parses `text` into items and problems; `mix_at` says where the arrays that mix depths are,
/// by feature.
fn read_text<'p>(
    text: &str,
    progress: &'p Progress,
    mix_at: HashMap<usize, (usize, usize)>,
) -> Result<State<'p>, ReadError> {
    let mut state = State::new(progress);
    state.mix_at = mix_at;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = ObjectSeed {
        state: &mut state,
        top_level: true,
    }
    .deserialize(&mut deserializer)
    .and_then(|top| deserializer.end().map(|()| top));
    let top = match top {
        Ok(top) => top,
        Err(_) if state.cancelled => return Err(ReadError::Cancelled),
        Err(error) => {
            let (line, column) = json_position(&error);
            let message = strip_position(&error.to_string());
            return Err(if error.is_data() {
                ReadError::NotGeoJson {
                    line,
                    column,
                    message,
                }
            } else {
                ReadError::Json {
                    line,
                    column,
                    message,
                }
            });
        }
    };
    match top.kind.as_deref() {
        Some("FeatureCollection") => {}
        Some("Feature") => {
            let feature = state.outcome.corridors.len();
            state.add_feature(top, feature);
        }
        Some(_) => {
            let wrapped = RawObject {
                geometry: Some(Box::new(top)),
                kind: Some("Feature".to_owned()),
                ..RawObject::default()
            };
            state.add_feature(wrapped, 0);
        }
        None => {
            return Err(ReadError::NotGeoJson {
                line: 1,
                column: 1,
                message: "the top-level object has no \"type\" member".to_owned(),
            });
        }
    }
    Ok(state)
}

/// Reads one element of a FeatureCollection's `features` array from its own text, and checks
/// it; `None` when the text is not UTF-8 or not a JSON object that reads as a GeoJSON
/// object, which the reader of the whole file reports with its line and column.
pub(crate) fn read_feature(text: &[u8], index: usize, state: &mut State<'_>) -> Option<Examined> {
    // Most features of a big file have a plain shape that reads quicker; the others, and any
    // with a problem, are read by the general reader.
    if let Some(raw) = plain::feature(text, state) {
        return Some(examine(raw, index));
    }
    let text = std::str::from_utf8(text).ok()?;
    let mut deserializer = sonic_rs::Deserializer::from_str(text);
    let raw = ObjectSeed {
        state,
        top_level: false,
    }
    .deserialize(&mut deserializer)
    .and_then(|raw| deserializer.end().map(|()| raw))
    .ok()?;
    // Where an array mixes depths is told by line and column of the whole file.
    if !state.mixed.is_empty() {
        return None;
    }
    Some(examine(raw, index))
}

/// Reads the top-level object of a FeatureCollection whose features were read on their own
/// (its `features` array left empty in `text`) into `state`, and gives what it read unless
/// there is a problem that the reader of the whole file must describe: the text is not JSON,
/// or its top-level object is not a FeatureCollection.
pub(crate) fn read_collection_rest(
    text: &str,
    mut state: State<'_>,
) -> Option<Result<ReadOutcome, ReadError>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = ObjectSeed {
        state: &mut state,
        top_level: true,
    }
    .deserialize(&mut deserializer)
    .and_then(|top| deserializer.end().map(|()| top))
    .ok()?;
    if top.kind.as_deref() != Some("FeatureCollection") || !state.mixed.is_empty() {
        return None;
    }
    let outcome = state.outcome;
    Some(if outcome.corridors.is_empty() {
        Err(ReadError::Empty {
            problems: outcome.problems,
        })
    } else {
        Ok(outcome)
    })
}

/// The text of a file, when it is UTF-8 (a byte-order mark before it is left out); otherwise
/// what it seems to be instead, or where the first byte that is not UTF-8 is.
fn utf8_text(bytes: &[u8]) -> Result<&str, ReadError> {
    if let Some((encoding, evidence)) = other_encoding(bytes) {
        return Err(ReadError::WrongEncoding { encoding, evidence });
    }
    // Some editors put a byte-order mark before the JSON; it is not part of it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = bytes
            .get(..error.valid_up_to())
            .and_then(|valid| std::str::from_utf8(valid).ok())
            .unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |at| at + 1);
        ReadError::NotUtf8 {
            line: valid.matches('\n').count() + 1,
            column: valid.get(line_start..).unwrap_or_default().chars().count() + 1,
        }
    })
}

/// UTF-16 or UTF-32, told by a byte-order mark or, as RFC 4627 §3 describes, by the zero
/// bytes around the first characters (which in JSON are ASCII).
fn other_encoding(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const MARK: &str = "it starts with that byte-order mark";
    const ZEROS: &str = "zero bytes stand between its characters";
    Some(match bytes {
        [0, 0, 0xFE, 0xFF, ..] => ("UTF-32 BE", MARK),
        [0xFF, 0xFE, 0, 0, ..] => ("UTF-32 LE", MARK),
        [0xFE, 0xFF, ..] => ("UTF-16 BE", MARK),
        [0xFF, 0xFE, ..] => ("UTF-16 LE", MARK),
        [0, 0, 0, a, ..] if *a != 0 => ("UTF-32 BE", ZEROS),
        [a, 0, 0, 0, ..] if *a != 0 => ("UTF-32 LE", ZEROS),
        [0, a, ..] if *a != 0 => ("UTF-16 BE", ZEROS),
        [a, 0, ..] if *a != 0 => ("UTF-16 LE", ZEROS),
        _ => return None,
    })
}

/// Line and column of a JSON error, both 1-based: `serde_json` says column 0 for an error
/// found right after a line break (at the end of the input, say); that is the first column
/// of the next line.
pub(crate) fn json_position(error: &serde_json::Error) -> (usize, usize) {
    (error.line().max(1), error.column().max(1))
}

/// `serde_json` appends " at line L column C"; the error types say it their own way.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

pub(crate) struct State<'p> {
    progress: &'p Progress,
    outcome: ReadOutcome,
    cancelled: bool,
    /// The ids given so far, with their items: within a file each item has its own.
    ids: foldhash::HashMap<String, usize>,
    /// The number of the feature being read in the `features` array, or [`TOP`].
    feature: usize,
    /// Features with an array that mixes depths, to be located.
    mixed: Vec<usize>,
    /// When locating: the feature whose mixed array stops the reading.
    stop_at_mix_in: Option<usize>,
    /// Where the reader found each feature's mixed array, from a reading before.
    mix_at: HashMap<usize, (usize, usize)>,
}

/// The feature number of the top-level object, for arrays that mix depths.
const TOP: usize = usize::MAX;

/// What the reader says of an array that mixes depths.
const MIXED: &str = "an array mixes positions and arrays of positions (its elements are nested to different depths)";

/// Every member a GeoJSON object may have that matters here.
#[derive(Default)]
pub(crate) struct RawObject {
    kind: Option<String>,
    coordinates: Option<FlatCoords>,
    /// Absent and `null` alike: a feature without a place.
    geometry: Option<Box<RawObject>>,
    geometries: Option<Vec<RawObject>>,
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    /// The text of `properties` without white space, when the reader kept it.
    properties_text: Option<String>,
    /// The properties read without a map of them, when every member the corridor format
    /// reads was of its type (see [`plain`]): they are then as good as read from the map.
    read_properties: Option<Box<plain::ReadProperties>>,
    id: Option<serde_json::Value>,
    crs_problem: Option<String>,
    /// Members that were there but of the wrong type.
    problems: Vec<String>,
}

/// One feature checked on its own, before its id is weighed against the file's other
/// features: its problems in order, and what it gives unless one of them is an error.
pub(crate) struct Examined {
    problems: Vec<Problem>,
    item: Option<Candidate>,
}

/// A feature that can be drawn, with the id it asks for.
struct Candidate {
    label: String,
    id: String,
    info: CorridorProperties,
    properties: Properties,
    geometry: Option<Geometry<f64>>,
    extent: Option<geo::Rect<f64>>,
}

/// Checks the feature numbered `index` (from 0) on its own: its type, geometry, positions and
/// properties. It needs nothing from the other features, so features can be checked on
/// several threads at once.
pub(crate) fn examine(raw: RawObject, index: usize) -> Examined {
    let mut problems = Vec::new();
    let warning = |message: String| Problem {
        severity: Severity::Warning,
        message,
    };
    let error = |message: String| Problem {
        severity: Severity::Error,
        message,
    };
    // Properties read member by member need no map; the others are read from theirs.
    let (label, properties) = match raw.read_properties {
        Some(mut read) => {
            let name = read.name.take().or_else(|| raw.id.as_ref().map(id_text));
            (labelled(index, name), Ok(read))
        }
        None => {
            let properties = raw.properties.unwrap_or_default();
            let label = feature_label(index, &properties, raw.id.as_ref());
            (label, Err((properties, raw.properties_text)))
        }
    };
    if raw.kind.as_deref() != Some("Feature") {
        problems.push(error(format!(
            "{label}: expected \"type\": \"Feature\", found {:?}",
            raw.kind.unwrap_or_default()
        )));
        return Examined {
            problems,
            item: None,
        };
    }
    if let Some(problem) = raw.crs_problem {
        problems.push(warning(format!("{label}: {problem}")));
    }
    for problem in raw.problems {
        problems.push(warning(format!("{label}: {problem}")));
    }
    let (geometry, extent) = match placed(raw.geometry) {
        Ok(placed) => placed,
        Err(why) => {
            problems.push(error(format!("{label}: {why}")));
            return Examined {
                problems,
                item: None,
            };
        }
    };
    // The properties as text, made on the thread that checked the feature.
    let (info, properties) = match properties {
        Ok(read) => (read.info, read.properties),
        Err((properties, text)) => {
            let info = corridor_properties(&properties, &label, &mut problems);
            let properties = match text {
                Some(text) => Properties::read(text, &properties),
                None => properties.into(),
            };
            (info, properties)
        }
    };
    let id = info
        .id
        .clone()
        .or_else(|| raw.id.as_ref().map(id_text))
        .unwrap_or_else(|| format!("feature-{}", index + 1));
    Examined {
        problems,
        item: Some(Candidate {
            label,
            id,
            info,
            properties,
            geometry,
            extent,
        }),
    }
}

impl State<'_> {
    pub(crate) fn new(progress: &Progress) -> State<'_> {
        State {
            progress,
            outcome: ReadOutcome::default(),
            cancelled: false,
            ids: foldhash::HashMap::default(),
            feature: TOP,
            mixed: Vec::new(),
            stop_at_mix_in: None,
            mix_at: HashMap::new(),
        }
    }

    /// Positions read, and how many of them had a third value.
    pub(crate) fn positions(&self) -> (usize, usize) {
        (self.outcome.vertices, self.outcome.positions_with_z)
    }

    /// Counts positions read elsewhere (by another thread) as read.
    pub(crate) fn count_positions(&mut self, (vertices, with_z): (usize, usize)) {
        self.outcome.vertices += vertices;
        self.outcome.positions_with_z += with_z;
    }

    fn add_feature(&mut self, raw: RawObject, index: usize) {
        self.admit(examine(raw, index));
    }

    /// Adds a feature checked by [`examine`], in the file's order: its problems, and its item
    /// under an id of its own, or as another version of the route of an earlier item.
    pub(crate) fn admit(&mut self, examined: Examined) {
        self.outcome.problems.extend(examined.problems);
        let Some(Candidate {
            label,
            id,
            info,
            properties,
            geometry,
            extent,
        }) = examined.item
        else {
            return;
        };
        // A dated feature with the id of an earlier one is another version of its route.
        if info.dated.span.is_bounded()
            && let Some(earlier) = self
                .ids
                .get(&id)
                .and_then(|&at| self.outcome.corridors.get_mut(at))
        {
            let version = RouteVersion {
                span: info.dated.span,
                plan: info.dated.plan,
                description: info.description,
                geometry,
                sources: info.sources,
                cites: info.cites,
            };
            let overlaps = earlier.overlaps_of(&version);
            earlier.versions.push(version);
            for problem in overlaps {
                self.warning(format!("{label}: {problem}"));
            }
            return;
        }
        let id = self.unique_id(id, &label);
        self.outcome.extents.push(extent);
        self.outcome.corridors.push(Corridor {
            id: FeatureId(id),
            info,
            properties,
            geometry,
            versions: Vec::new(),
        });
    }

    /// `id`, or when an earlier feature has it already, `id (2)`, `id (3)`…, with a warning:
    /// an item is selected, hidden and linked by its id, so two must not share one.
    fn unique_id(&mut self, id: String, label: &str) -> String {
        let at = self.outcome.corridors.len();
        if let std::collections::hash_map::Entry::Vacant(free) = self.ids.entry(id.clone()) {
            free.insert(at);
            return id;
        }
        // The ids taken are fewer than the candidates: one of them is free.
        let unique = (2..=self.ids.len() + 2)
            .map(|n| format!("{id} ({n})"))
            .find(|candidate| !self.ids.contains_key(candidate))
            .unwrap_or_default();
        self.ids.insert(unique.clone(), at);
        self.warning(format!(
            "{label}: the id “{id}” is used by an earlier feature too; this one is called “{unique}”"
        ));
        unique
    }

    fn warning(&mut self, message: String) {
        self.outcome.problems.push(Problem {
            severity: Severity::Warning,
            message,
        });
    }
}

fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// "feature 12 (“Kuryk ferry”)": the number in the file, with a name or id when there is one.
/// What a feature's properties give the corridor format, read from their map, with what
/// does not follow it told as warnings.
fn corridor_properties(
    properties: &serde_json::Map<String, serde_json::Value>,
    label: &str,
    problems: &mut Vec<Problem>,
) -> CorridorProperties {
    let warning = |message: String| Problem {
        severity: Severity::Warning,
        message,
    };
    let (mut info, property_problems) = CorridorProperties::from_properties(properties);
    if !property_problems.is_empty() {
        problems.push(warning(format!(
            "{label}: some properties do not follow the corridor format ({}); they are shown as they are",
            property_problems.join("; ")
        )));
    }
    let (dated, dated_problems) = read_dated(properties);
    for problem in dated_problems {
        problems.push(warning(format!("{label}: {problem}")));
    }
    info.dated = dated;
    info
}

fn feature_label(
    index: usize,
    properties: &serde_json::Map<String, serde_json::Value>,
    id: Option<&serde_json::Value>,
) -> String {
    let name = crate::model::corridor::members(properties, ["name", "title", "id"])
        .into_iter()
        .find_map(|value| value?.as_str().map(str::to_owned))
        .or_else(|| id.map(id_text));
    labelled(index, name)
}

/// How messages name the feature numbered `index` (from 0), called `name`.
fn labelled(index: usize, name: Option<String>) -> String {
    match name {
        Some(name) => format!("feature {} (“{name}”)", index + 1),
        None => format!("feature {}", index + 1),
    }
}

/// A feature's geometry, with its extent.
type Placed = (Option<Geometry<f64>>, Option<geo::Rect<f64>>);

/// The geometry of a feature's `geometry` member, with its extent, or why it cannot be drawn.
fn placed(object: Option<Box<RawObject>>) -> Result<Placed, String> {
    let Some(object) = object else {
        return Ok((None, None));
    };
    let kept_extent = object.coordinates.as_ref().and_then(|coords| coords.extent);
    let geometry = build_geometry(*object)?;
    let extent = kept_extent.or_else(|| geo::BoundingRect::bounding_rect(&geometry));
    // Only a geometry whose extent leaves the valid range has a position to point out.
    if !extent.is_some_and(in_range)
        && let Some(why) = out_of_range(&geometry)
    {
        return Err(why);
    }
    Ok((Some(geometry), extent))
}

/// Whether an extent lies within longitude ±180 and latitude ±90.
fn in_range(extent: geo::Rect<f64>) -> bool {
    let (low, high) = (extent.min(), extent.max());
    (-180.0..=180.0).contains(&low.x)
        && (-180.0..=180.0).contains(&high.x)
        && (-90.0..=90.0).contains(&low.y)
        && (-90.0..=90.0).contains(&high.y)
}

/// The first position outside longitude ±180 / latitude ±90, described for the user, with a
/// hint when swapping the two would make it valid.
fn out_of_range(geometry: &Geometry<f64>) -> Option<String> {
    use geo::CoordsIter;
    let bad = geometry.coords_iter().find(|c| {
        !(c.x.is_finite()
            && c.y.is_finite()
            && (-180.0..=180.0).contains(&c.x)
            && (-90.0..=90.0).contains(&c.y))
    })?;
    let swapped = (-180.0..=180.0).contains(&bad.y) && (-90.0..=90.0).contains(&bad.x);
    let hint = if swapped {
        "; longitude and latitude look swapped (GeoJSON wants [longitude, latitude])"
    } else {
        ""
    };
    Some(format!(
        "the position [{}, {}] is outside the range of longitude (±180) and latitude (±90){hint}; not drawn",
        readable_number(bad.x),
        readable_number(bad.y)
    ))
}

/// All positions of a `coordinates` member, in order, with where each nested array ends.
#[derive(Debug, Default)]
struct FlatCoords {
    positions: Vec<Coord<f64>>,
    /// (nesting level, number of positions read when that array closed), for arrays of arrays.
    ends: Vec<(u8, usize)>,
    /// Positions with a third value.
    with_z: usize,
    /// The first structural problem.
    problem: Option<String>,
    /// That problem is an array that mixes depths.
    mixed: bool,
    /// Stop reading at such an array.
    stop_at_mix: bool,
    /// The extent of the positions, when the reader kept it as it read them.
    extent: Option<geo::Rect<f64>>,
}

impl FlatCoords {
    /// Position ranges of the arrays at `level` within `range`.
    fn parts(&self, level: u8, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
        let mut parts = Vec::new();
        let mut start = range.start;
        // Arrays close in the order of the positions they end at, so `ends` is sorted by
        // position: look only at the ends inside `range`, not at every end of the geometry
        // (a MultiPolygon of 50 000 islands would otherwise take quadratic time).
        let first = self.ends.partition_point(|&(_, end)| end < range.start);
        let inside = self
            .ends
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&(_, end)| end <= range.end);
        for &(end_level, end) in inside {
            if end_level == level && end > range.start && end <= range.end {
                parts.push(start..end);
                start = end;
            } else if end_level == level
                && end == start
                && end >= range.start
                && end <= range.end
                && !parts.is_empty()
            {
                // An empty array inside: keep it, so it is reported as empty.
                parts.push(start..end);
            }
        }
        parts
    }

    fn depth(&self) -> Option<u8> {
        // A bare position has no ends; otherwise the deepest array of arrays is one above
        // the positions.
        if self.ends.is_empty() {
            return (self.positions.len() == 1).then_some(0);
        }
        self.ends.iter().map(|(level, _)| level + 1).max()
    }

    /// All positions as one line, moved out rather than copied (the room the vector grew
    /// beyond them is given back: a big file holds many lines).
    fn into_line(self) -> LineString<f64> {
        let mut positions = self.positions;
        positions.shrink_to_fit();
        LineString::new(positions)
    }

    fn line(&self, range: std::ops::Range<usize>) -> LineString<f64> {
        LineString::new(
            self.positions
                .get(range)
                .map(<[Coord<f64>]>::to_vec)
                .unwrap_or_default(),
        )
    }
}

fn build_geometry(object: RawObject) -> Result<Geometry<f64>, String> {
    let kind = object.kind.unwrap_or_default();
    if kind == "GeometryCollection" {
        let members = object
            .geometries
            .ok_or("a GeometryCollection needs \"geometries\"")?;
        let built: Result<Vec<Geometry<f64>>, String> =
            members.into_iter().map(build_geometry).collect();
        return Ok(Geometry::GeometryCollection(GeometryCollection::new_from(
            built?,
        )));
    }
    let coords = object
        .coordinates
        .ok_or_else(|| format!("the {kind} has no \"coordinates\""))?;
    if let Some(problem) = &coords.problem {
        return Err(problem.clone());
    }
    geometry_of_coordinates(&kind, coords)
}

/// The geometry of a `kind` that has `coordinates`, once they are nested as that kind needs.
fn geometry_of_coordinates(kind: &str, coords: FlatCoords) -> Result<Geometry<f64>, String> {
    let all = 0..coords.positions.len();
    let geometry = match kind {
        "Point" => {
            nested(&coords, kind, 0)?;
            Geometry::Point(Point::from(
                *coords
                    .positions
                    .first()
                    .ok_or("the Point has no position")?,
            ))
        }
        "MultiPoint" => {
            nested(&coords, kind, 1)?;
            Geometry::MultiPoint(MultiPoint::new(
                coords.positions.iter().map(|c| Point::from(*c)).collect(),
            ))
        }
        "LineString" => {
            nested(&coords, kind, 1)?;
            if coords.positions.len() < 2 {
                return Err("a LineString needs at least two positions".to_owned());
            }
            Geometry::LineString(coords.into_line())
        }
        "MultiLineString" => {
            nested(&coords, kind, 2)?;
            let lines = coords
                .parts(1, all)
                .into_iter()
                .map(|r| coords.line(r))
                .collect();
            Geometry::MultiLineString(MultiLineString::new(lines))
        }
        "Polygon" => {
            nested(&coords, kind, 2)?;
            let rings = coords.parts(1, all.clone());
            if rings == [all] {
                // One ring, as most polygons have: its positions are moved, not copied.
                Geometry::Polygon(Polygon::new(closed_ring(coords.into_line(), kind)?, vec![]))
            } else {
                Geometry::Polygon(polygon(&coords, kind, 0..coords.positions.len(), 1)?)
            }
        }
        "MultiPolygon" => {
            nested(&coords, kind, 3)?;
            let polygons = coords
                .parts(1, all)
                .into_iter()
                .map(|range| polygon(&coords, kind, range, 2))
                .collect::<Result<Vec<_>, _>>()?;
            Geometry::MultiPolygon(MultiPolygon::new(polygons))
        }
        "" => return Err("the geometry has no \"type\"".to_owned()),
        other => return Err(format!("\"{other}\" is not a GeoJSON geometry type")),
    };
    Ok(geometry)
}

/// Whether the arrays of arrays around the positions are `depth` deep, as a `kind` needs.
fn nested(coords: &FlatCoords, kind: &str, depth: u8) -> Result<(), String> {
    match coords.depth() {
        Some(found) if found == depth => Ok(()),
        _ => Err(format!(
            "the coordinates of a {kind} must be nested {depth} deep around the positions"
        )),
    }
}

/// The polygon made of the rings at `level` within `range`: the first is its outline, the
/// others its holes.
fn polygon(
    coords: &FlatCoords,
    kind: &str,
    range: std::ops::Range<usize>,
    level: u8,
) -> Result<Polygon<f64>, String> {
    let mut rings = coords
        .parts(level, range)
        .into_iter()
        .map(|range| ring(coords, kind, range));
    let exterior = rings
        .next()
        .ok_or_else(|| format!("a polygon of the {kind} has no rings"))??;
    Ok(Polygon::new(
        exterior,
        rings.collect::<Result<Vec<_>, _>>()?,
    ))
}

/// The ring at `range`, once it is closed and has the four positions a ring needs at least.
fn ring(
    coords: &FlatCoords,
    kind: &str,
    range: std::ops::Range<usize>,
) -> Result<LineString<f64>, String> {
    closed_ring(coords.line(range), kind)
}

/// `line` as a ring, once it is closed and has the four positions a ring needs at least.
fn closed_ring(line: LineString<f64>, kind: &str) -> Result<LineString<f64>, String> {
    if line.0.len() < 4 || line.0.first() != line.0.last() {
        return Err(format!(
            "a ring of the {kind} needs at least four positions, the last equal to the first"
        ));
    }
    Ok(line)
}

/// Reads one GeoJSON object (FeatureCollection, Feature or geometry).
struct ObjectSeed<'s, 'p> {
    state: &'s mut State<'p>,
    top_level: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = RawObject;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawObject, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = RawObject;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON object (a FeatureCollection, a Feature or a geometry)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawObject, A::Error> {
        let mut raw = RawObject::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                // Members of the wrong type are this feature's problem, not the whole file's.
                "type" => {
                    raw.kind = Some(match map.next_value::<serde_json::Value>()? {
                        serde_json::Value::String(kind) => kind,
                        other => other.to_string(),
                    });
                }
                "coordinates" => {
                    let feature = self.state.feature;
                    let mut coords = map.next_value_seed(CoordsSeed {
                        stop_at_mix: self.state.stop_at_mix_in == Some(feature),
                    })?;
                    if coords.mixed {
                        if !self.state.mixed.contains(&feature) {
                            self.state.mixed.push(feature);
                        }
                        if let Some((line, column)) = self.state.mix_at.get(&feature) {
                            coords.problem = Some(format!("line {line}, column {column}: {MIXED}"));
                        }
                    }
                    self.state.outcome.vertices += coords.positions.len();
                    self.state.outcome.positions_with_z += coords.with_z;
                    raw.coordinates = Some(coords);
                }
                "geometry" => {
                    raw.geometry = map.next_value_seed(OptionalObject {
                        state: &mut *self.state,
                    })?;
                }
                "geometries" => {
                    raw.geometries = Some(map.next_value_seed(ObjectList {
                        state: &mut *self.state,
                    })?);
                }
                "properties" => match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::Object(properties) => raw.properties = Some(properties),
                    serde_json::Value::Null => {}
                    _ => raw
                        .problems
                        .push("\"properties\" is not an object; it is left out".to_owned()),
                },
                "id" => raw.id = Some(map.next_value()?),
                "crs" => raw.crs_problem = crs_problem(&map.next_value::<serde_json::Value>()?),
                "features" if self.top_level => map.next_value_seed(Features {
                    state: &mut *self.state,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

/// A legacy `crs` member is fine when it names WGS84 longitude/latitude.
fn crs_problem(crs: &serde_json::Value) -> Option<String> {
    let name = crs
        .pointer("/properties/name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    let wgs84 = ["CRS84", "EPSG::4326", "EPSG:4326"]
        .iter()
        .any(|known| name.ends_with(known));
    (!crs.is_null() && !wgs84).then(|| format!("it names the coordinate system “{name}”; positions are read as WGS84 longitude/latitude"))
}

struct OptionalObject<'s, 'p> {
    state: &'s mut State<'p>,
}

impl<'de> DeserializeSeed<'de> for OptionalObject<'_, '_> {
    type Value = Option<Box<RawObject>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalObject<'_, '_> {
    type Value = Option<Box<RawObject>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a geometry object or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let seed = ObjectSeed {
            state: self.state,
            top_level: false,
        };
        seed.deserialize(deserializer)
            .map(|raw| Some(Box::new(raw)))
    }
}

struct ObjectList<'s, 'p> {
    state: &'s mut State<'p>,
}

impl<'de> DeserializeSeed<'de> for ObjectList<'_, '_> {
    type Value = Vec<RawObject>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectList<'_, '_> {
    type Value = Vec<RawObject>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of geometry objects")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        // `"geometries": null` is an empty collection.
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut all = Vec::new();
        while let Some(raw) = seq.next_element_seed(ObjectSeed {
            state: &mut *self.state,
            top_level: false,
        })? {
            all.push(raw);
        }
        Ok(all)
    }
}

/// The `features` array: each feature becomes an item as soon as it is read.
struct Features<'s, 'p> {
    state: &'s mut State<'p>,
}

impl<'de> DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of Feature objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            if self.state.progress.cancel.load(Ordering::Relaxed) {
                self.state.cancelled = true;
                return Err(A::Error::custom("cancelled"));
            }
            self.state.feature = index;
            let seed = ObjectSeed {
                state: &mut *self.state,
                top_level: false,
            };
            let Some(raw) = seq.next_element_seed(seed)? else {
                self.state.feature = TOP;
                return Ok(());
            };
            self.state.add_feature(raw, index);
            index += 1;
            self.state.progress.features.store(index, Ordering::Relaxed);
        }
    }
}

/// The `coordinates` member, read into [`FlatCoords`].
struct CoordsSeed {
    /// Stop reading with an error where an array mixes depths, for its line and column.
    stop_at_mix: bool,
}

impl<'de> DeserializeSeed<'de> for CoordsSeed {
    type Value = FlatCoords;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FlatCoords, D::Error> {
        let mut coords = FlatCoords {
            stop_at_mix: self.stop_at_mix,
            ..FlatCoords::default()
        };
        let top = deserializer.deserialize_any(ArraySeed {
            coords: &mut coords,
            level: 0,
        })?;
        if matches!(top, Element::Number(_)) {
            coords
                .problem
                .get_or_insert_with(|| "\"coordinates\" is a number, not an array".to_owned());
        }
        Ok(coords)
    }
}

/// One element of a coordinates array: a number (part of a position) or an array, with how
/// deep its positions lie (0 for a position itself).
enum Element {
    Number(f64),
    Array(u8),
}

struct ArraySeed<'c> {
    coords: &'c mut FlatCoords,
    level: u8,
}

impl ArraySeed<'_> {
    /// Notes that the coordinates hold something other than numbers and arrays.
    fn not_a_coordinate(self, what: &str) -> Element {
        self.coords
            .problem
            .get_or_insert_with(|| format!("the coordinates hold {what} where numbers belong"));
        Element::Array(0)
    }
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_> {
    type Value = Element;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Element, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_> {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or an array of coordinates")
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Element, E> {
        Ok(Element::Number(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Element, E> {
        Ok(Element::Number(value as f64))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Element, E> {
        Ok(Element::Number(value as f64))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Element, E> {
        Ok(self.not_a_coordinate("text"))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Element, E> {
        Ok(self.not_a_coordinate("true or false"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Element, E> {
        Ok(self.not_a_coordinate("null"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.not_a_coordinate("an object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        if self.level > 8 {
            return Err(A::Error::custom(
                "coordinates nested deeper than any GeoJSON geometry",
            ));
        }
        let mut numbers = [0.0f64; 3];
        let (mut count, mut arrays) = (0usize, 0usize);
        // Every array in this one must hold its positions equally deep: a stray position
        // among rings (or a ring among positions) is an error, not a point to draw.
        let mut depth: Option<u8> = None;
        while let Some(element) = seq.next_element_seed(ArraySeed {
            coords: &mut *self.coords,
            level: self.level + 1,
        })? {
            match element {
                Element::Number(value) => {
                    if let Some(slot) = numbers.get_mut(count) {
                        *slot = value;
                    }
                    count += 1;
                }
                Element::Array(inner) => {
                    arrays += 1;
                    if depth.is_some_and(|d| d != inner) && self.coords.problem.is_none() {
                        if self.coords.stop_at_mix {
                            return Err(A::Error::custom(MIXED));
                        }
                        self.coords.problem = Some(MIXED.to_owned());
                        self.coords.mixed = true;
                    }
                    depth.get_or_insert(inner);
                }
            }
        }
        let coords = self.coords;
        match (count, arrays) {
            (0, _) => coords.ends.push((self.level, coords.positions.len())),
            (1, 0) => {
                coords.problem.get_or_insert_with(|| {
                    "a position has only one number; it needs longitude and latitude".to_owned()
                });
            }
            (_, 0) => {
                let [x, y, _] = numbers;
                coords.positions.push(Coord { x, y });
                coords.with_z += usize::from(count >= 3);
            }
            _ => {
                coords
                    .problem
                    .get_or_insert_with(|| "an array mixes numbers and arrays".to_owned());
            }
        }
        Ok(Element::Array(depth.map_or(0, |d| d.saturating_add(1))))
    }
}
