//! Corridor items: what they are, their state, their sources, and their geometry.

use std::collections::BTreeMap;

use geo::{Geodesic, Length};
use serde::{Deserialize, Serialize};

use crate::model::article::TextQuote;
use crate::words::readable_number;

/// The stable id of a map item, e.g. `baku-tbilisi-kars-railway`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FeatureId(pub String);

impl std::fmt::Display for FeatureId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a map item is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A railway line.
    Railway,
    /// A seaport.
    Seaport,
    /// An oil pipeline.
    OilPipeline,
    /// An oil terminal where pipelines and tankers meet.
    OilTerminal,
    /// A shipping route, such as a tanker run.
    ShippingRoute,
    /// A scheduled ferry line.
    FerryRoute,
    /// A cable on the seabed.
    SubseaCable,
    /// A city or other place.
    Place,
    /// A country or larger area.
    Region,
    /// An oil or gas field.
    OilField,
    /// A chain of legs (routes and the nodes between them) that goods travel along.
    Corridor,
    /// Anything else, as the file names it.
    #[serde(untagged)]
    Other(String),
}

impl Kind {
    /// A short English name for the kind, e.g. "Oil pipeline".
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::Kind;
    /// assert_eq!(Kind::SubseaCable.label(), "Subsea cable");
    /// assert_eq!(Kind::Other("canal".into()).label(), "canal");
    /// ```
    pub fn label(&self) -> &str {
        match self {
            Self::Railway => "Railway",
            Self::Seaport => "Seaport",
            Self::OilPipeline => "Oil pipeline",
            Self::OilTerminal => "Oil terminal",
            Self::ShippingRoute => "Shipping route",
            Self::FerryRoute => "Ferry route",
            Self::SubseaCable => "Subsea cable",
            Self::Place => "Place",
            Self::Region => "Region",
            Self::OilField => "Oil field",
            Self::Corridor => "Corridor",
            Self::Other(name) => name,
        }
    }
}

/// The state of a project, in the Global Energy Monitor vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Announced or planned, not yet being built.
    Proposed,
    /// Being built.
    Construction,
    /// In service.
    Operating,
    /// Built but not in use for now.
    Idle,
    /// Put out of use, kept for later.
    Mothballed,
    /// Taken out of service for good.
    Retired,
    /// Plans put on hold.
    Shelved,
    /// Plans abandoned.
    Cancelled,
}

impl Status {
    /// Whether the item exists only on paper so far.
    pub fn is_planned(self) -> bool {
        matches!(self, Self::Proposed | Self::Construction | Self::Shelved)
    }

    /// The word shown on the status badge.
    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Construction => "under construction",
            Self::Operating => "operating",
            Self::Idle => "idle",
            Self::Mothballed => "mothballed",
            Self::Retired => "retired",
            Self::Shelved => "shelved",
            Self::Cancelled => "cancelled",
        }
    }
}

/// How closely a geometry follows the real thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteAccuracy {
    /// Surveyed or traced from a detailed map.
    Exact,
    /// Through the right places, but not along every bend.
    Approximate,
    /// Only shows which places are connected.
    Schematic,
}

/// What kind of publisher a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    /// The company that runs the thing.
    Operator,
    /// A government or public body.
    Government,
    /// A news agency or newspaper.
    Press,
    /// An encyclopaedia or reference work.
    Reference,
    /// A dataset, such as a gazetteer.
    Dataset,
}

impl SourceType {
    /// The word shown beside a source.
    pub fn label(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Government => "government",
            Self::Press => "press",
            Self::Reference => "reference",
            Self::Dataset => "dataset",
        }
    }
}

/// A source of a figure or a coordinate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// What it is.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// When it was read (ISO date).
    pub accessed: String,
    /// What kind of publisher it is.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceType>,
}

/// One step of a corridor: an item, or a choice of items (Aktau or Kuryk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Leg {
    /// This item.
    One(String),
    /// One of these items.
    Choice(Vec<String>),
}

impl Leg {
    /// The ids of the items of this step.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Self::One(id) => vec![id.as_str()],
            Self::Choice(ids) => ids.iter().map(String::as_str).collect(),
        }
    }
}

/// A link from an item to a passage, as written in the corridor file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PassageLink {
    /// The passage id, e.g. `p8.s1`.
    pub passage: String,
    /// The words of the passage that speak of the item.
    #[serde(flatten)]
    pub quote: TextQuote,
    /// Proposed by a draft and not yet confirmed by a person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
    /// The article does not name the item here: the atlas reads it into the words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// The corridor properties of a GeoJSON feature, as documented in `data/README.md`. Every
/// field is optional; unknown ones are kept in [`Corridor::properties`].
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct CorridorProperties {
    /// Stable id.
    pub id: Option<String>,
    /// English name.
    pub name: Option<String>,
    /// Local spellings and aliases by language code.
    pub names: BTreeMap<String, Vec<String>>,
    /// What it is.
    pub kind: Option<Kind>,
    /// Its state.
    pub status: Option<Status>,
    /// First year of operation.
    pub start_year: Option<i32>,
    /// Planned ready-for-service year.
    pub rfs_year: Option<i32>,
    /// Length as stated by a source.
    pub length_km: Option<f64>,
    /// Which source stated the length.
    pub length_source: Option<String>,
    /// Who runs it.
    pub operator: Option<String>,
    /// Who owns it.
    pub owners: Vec<String>,
    /// Capacity, in `capacity_unit`.
    pub capacity: Option<f64>,
    /// Unit of `capacity`.
    pub capacity_unit: Option<String>,
    /// How closely the geometry follows the real thing.
    pub route_accuracy: Option<RouteAccuracy>,
    /// A few sentences on what it is.
    pub description: Option<String>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// Where sources disagree, and what was recorded.
    pub disagreements: Vec<String>,
    /// Passages of the article that speak of it.
    pub passages: Vec<PassageLink>,
    /// For areas: the basemap's countries that make it up.
    pub basemap_countries: Vec<String>,
    /// Not named in the article: it explains the story.
    pub context: bool,
    /// For a corridor: the items it runs through, in order.
    pub legs: Vec<Leg>,
    /// Which sources (indices into `sources`) back which field (`capacity`, `geometry`…).
    pub cites: BTreeMap<String, Vec<usize>>,
    /// Its dated events and when its geometry was valid, read by
    /// [`crate::model::history::read_dated`].
    #[serde(skip)]
    pub dated: crate::model::history::Dated,
}

impl CorridorProperties {
    /// Reads the corridor fields of a feature's properties one by one: a field of the wrong
    /// type is left out (and named in the returned list), the others still count.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use corridor_atlas::model::corridor::CorridorProperties;
    /// let properties = serde_json::json!({"name": "Ferry", "status": "sailing", "length_km": 300});
    /// let (info, problems) = CorridorProperties::from_properties(properties.as_object().ok_or("not an object")?);
    /// assert_eq!(info.name.as_deref(), Some("Ferry"));
    /// assert_eq!(info.length_km, Some(300.0));
    /// assert_eq!(info.status, None);
    /// assert!(problems[0].starts_with("status"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_properties(
        properties: &serde_json::Map<String, serde_json::Value>,
    ) -> (Self, Vec<String>) {
        fn read<T: serde::de::DeserializeOwned>(
            key: &str,
            value: Option<&serde_json::Value>,
            problems: &mut Vec<String>,
        ) -> Option<T> {
            let value = value?;
            T::deserialize(value)
                .map_err(|error| {
                    problems.push(format!("{key}: {}", readable_floats(&error.to_string())));
                })
                .ok()
        }
        let mut problems = Vec::new();
        let [
            id,
            name,
            names,
            kind,
            status,
            start_year,
            rfs_year,
            length_km,
            length_source,
            operator,
            owners,
            capacity,
            capacity_unit,
            route_accuracy,
            description,
            sources,
            disagreements,
            passages,
            basemap_countries,
            context,
            legs,
            cites,
        ] = members(properties, KNOWN_MEMBERS).map(|value| value.filter(|value| !value.is_null()));
        let info = Self {
            // Generic GeoJSON often numbers its features: a number is an id too.
            id: id.and_then(|value| match value {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Number(number) => Some(number.to_string()),
                _ => read::<String>("id", Some(value), &mut problems),
            }),
            name: read("name", name, &mut problems),
            names: read("names", names, &mut problems).unwrap_or_default(),
            kind: read("kind", kind, &mut problems),
            status: read("status", status, &mut problems),
            start_year: read("start_year", start_year, &mut problems),
            rfs_year: read("rfs_year", rfs_year, &mut problems),
            length_km: read("length_km", length_km, &mut problems),
            length_source: read("length_source", length_source, &mut problems),
            operator: read("operator", operator, &mut problems),
            owners: read("owners", owners, &mut problems).unwrap_or_default(),
            capacity: read("capacity", capacity, &mut problems),
            capacity_unit: read("capacity_unit", capacity_unit, &mut problems),
            route_accuracy: read("route_accuracy", route_accuracy, &mut problems),
            description: read("description", description, &mut problems),
            sources: read("sources", sources, &mut problems).unwrap_or_default(),
            disagreements: read("disagreements", disagreements, &mut problems).unwrap_or_default(),
            passages: read("passages", passages, &mut problems).unwrap_or_default(),
            basemap_countries: read("basemap_countries", basemap_countries, &mut problems)
                .unwrap_or_default(),
            context: read("context", context, &mut problems).unwrap_or_default(),
            legs: read("legs", legs, &mut problems).unwrap_or_default(),
            cites: read("cites", cites, &mut problems).unwrap_or_default(),
            dated: crate::model::history::Dated::default(),
        };
        (info, problems)
    }
}

/// The members the corridor format gives a meaning to, as [`CorridorProperties`] reads them.
const KNOWN_MEMBERS: [&str; 22] = [
    "id",
    "name",
    "names",
    "kind",
    "status",
    "start_year",
    "rfs_year",
    "length_km",
    "length_source",
    "operator",
    "owners",
    "capacity",
    "capacity_unit",
    "route_accuracy",
    "description",
    "sources",
    "disagreements",
    "passages",
    "basemap_countries",
    "context",
    "legs",
    "cites",
];

/// The members that set an item's look, as [`Properties::style`] keeps them.
pub(crate) const STYLE_KEYS: [&str; 8] = STYLE_MEMBERS;

/// The members of `properties` named by `keys`, in the order of `keys`. A feature has a few
/// members and a few are looked for: one pass comparing names is then quicker than hashing
/// every name looked for; a big object is looked up name by name.
pub(crate) fn members<'m, const N: usize>(
    properties: &'m serde_json::Map<String, serde_json::Value>,
    keys: [&str; N],
) -> [Option<&'m serde_json::Value>; N] {
    if properties.len() > 16 {
        return keys.map(|key| properties.get(key));
    }
    let mut found = [None; N];
    for (key, value) in properties {
        if let Some(slot) = keys
            .iter()
            .position(|known| known == key)
            .and_then(|at| found.get_mut(at))
        {
            *slot = Some(value);
        }
    }
    found
}

/// serde names a number of the wrong type in full ("floating point `1000…0.0`" has 309
/// digits for 1e308); this writes it as [`readable_number`] does.
fn readable_floats(message: &str) -> String {
    const FLOAT: &str = "floating point `";
    let Some(start) = message.find(FLOAT).map(|at| at + FLOAT.len()) else {
        return message.to_owned();
    };
    let (before, rest) = message.split_at_checked(start).unwrap_or((message, ""));
    let Some((number, after)) = rest.split_once('`') else {
        return message.to_owned();
    };
    match number.parse::<f64>() {
        Ok(value) => format!("{before}{}`{after}", readable_number(value)),
        Err(_) => message.to_owned(),
    }
}

/// The members of a `properties` object that set an item's look (simplestyle).
const STYLE_MEMBERS: [&str; 8] = [
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "stroke-dasharray",
    "fill",
    "fill-opacity",
    "marker-color",
    "marker-size",
];

/// Every property of an item as its file has it, kept as compact JSON text and read into a
/// map when asked (the details table, an export): a big file holds tens of thousands of
/// items, and a map for each would take several times the room of its text. The members
/// that set the look are kept read, since the map draws every item with them.
///
/// # Examples
/// ```
/// use corridor_atlas::model::corridor::Properties;
/// let object = serde_json::json!({"name": "Kuryk", "stroke": "#ff0000", "length_km": 5});
/// let properties = Properties::from(object.as_object().cloned().unwrap_or_default());
/// assert_eq!(properties.len(), 3);
/// assert_eq!(properties.get("length_km"), Some(serde_json::json!(5)));
/// assert_eq!(properties.style().len(), 1);
/// assert_eq!(properties.to_map(), object.as_object().cloned().unwrap_or_default());
/// ```
#[derive(Clone, Default)]
pub struct Properties {
    /// The object as JSON text, without white space; empty for none. Two texts that read as
    /// the same object are the same properties.
    text: Box<str>,
    /// How many members it has.
    len: usize,
    /// Its members that set the look.
    style: serde_json::Map<String, serde_json::Value>,
}

impl From<serde_json::Map<String, serde_json::Value>> for Properties {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        // A map of JSON values always writes as JSON.
        let text = serde_json::to_string(&map).unwrap_or_default();
        Self::read(text, &map)
    }
}

impl Properties {
    /// The properties `map`, read from `text` (the JSON text of that object, without white
    /// space outside its strings): the text is kept as it is rather than written again.
    pub(crate) fn read(text: String, map: &serde_json::Map<String, serde_json::Value>) -> Self {
        if map.is_empty() {
            return Self::default();
        }
        let style = STYLE_MEMBERS
            .iter()
            .zip(members(map, STYLE_MEMBERS))
            .filter_map(|(key, value)| Some(((*key).to_owned(), value?.clone())))
            .collect();
        Self {
            text: text.into(),
            len: map.len(),
            style,
        }
    }
}

impl Properties {
    /// Properties of `len` members written by `text` (without white space), with the
    /// members among them that set the look.
    pub(crate) fn from_parts(
        text: String,
        len: usize,
        style: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        if len == 0 {
            return Self::default();
        }
        Self {
            text: text.into(),
            len,
            style,
        }
    }
}

impl PartialEq for Properties {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self.style == other.style
            && (self.text == other.text || self.to_map() == other.to_map())
    }
}

impl std::fmt::Debug for Properties {
    /// The members, whichever way the text writes them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Properties")
            .field("members", &self.to_map())
            .field("len", &self.len)
            .field("style", &self.style)
            .finish_non_exhaustive()
    }
}

impl Properties {
    /// Every member, in the file's order.
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        if self.text.is_empty() {
            return serde_json::Map::new();
        }
        serde_json::from_str(&self.text).unwrap_or_default()
    }

    /// The member `key`.
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        self.to_map().remove(key)
    }

    /// The members that set the look (`stroke`, `fill`, `marker-color`…).
    pub fn style(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.style
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// One item on the map.
#[derive(Debug, Clone)]
pub struct Corridor {
    /// Stable id.
    pub id: FeatureId,
    /// The typed corridor properties.
    pub info: CorridorProperties,
    /// Every property as the file has it, for the details table.
    pub properties: Properties,
    /// Where it is; `None` for areas drawn from the basemap's countries.
    pub geometry: Option<geo::Geometry<f64>>,
    /// The routes it had before (or after) the one of `geometry`, each with its dates.
    pub versions: Vec<crate::model::history::RouteVersion>,
}

impl Corridor {
    /// The display name: `name`, else the id.
    pub fn name(&self) -> &str {
        self.info.name.as_deref().unwrap_or(&self.id.0)
    }

    /// The kind; `feature` when the file gives none.
    pub fn kind(&self) -> Kind {
        self.info
            .kind
            .clone()
            .unwrap_or(Kind::Other("feature".to_owned()))
    }

    /// Every name and alias, in all languages, the English name first.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name()).chain(self.info.names.values().flatten().map(String::as_str))
    }

    /// The length of the geometry along the WGS84 ellipsoid, in km; `None` for points and
    /// areas.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use corridor_atlas::model::{Corridor, FeatureId};
    /// let line = geo::LineString::from(vec![(49.0, 40.0), (50.0, 40.0)]);
    /// let corridor = Corridor {
    ///     id: FeatureId("a".into()),
    ///     info: Default::default(),
    ///     properties: Default::default(),
    ///     geometry: Some(line.into()),
    ///     versions: Vec::new(),
    /// };
    /// let km = corridor.geodesic_length_km().ok_or("no length")?;
    /// assert!((km - 85.4).abs() < 0.5, "{km}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn geodesic_length_km(&self) -> Option<f64> {
        geodesic_length_km(self.geometry.as_ref()?)
    }
}

/// The length of a line or lines along the WGS84 ellipsoid, in km; `None` for other shapes.
pub fn geodesic_length_km(geometry: &geo::Geometry<f64>) -> Option<f64> {
    let metres = match geometry {
        geo::Geometry::LineString(line) => Geodesic.length(line),
        geo::Geometry::MultiLineString(lines) => Geodesic.length(lines),
        _ => return None,
    };
    Some(metres / 1000.0)
}
