//! The bundled offline basemap: Natural Earth land, lakes, countries and borders of the region,
//! plus the label places, parsed from the GeoJSON files under `assets/basemap/`.
//!
//! Nothing here knows about tiles or screens; the rasteriser in `map::raster` draws from it.

use geo::{Contains, MultiLineString, MultiPolygon, Point};
use geojson::GeoJson;

use crate::io::geojson_util::{geometry_of, string_property};

const LAND: &str = include_str!("../../assets/basemap/land.geojson");
const LAKES: &str = include_str!("../../assets/basemap/lakes.geojson");
const COUNTRIES: &str = include_str!("../../assets/basemap/countries.geojson");
const BORDERS: &str = include_str!("../../assets/basemap/borders.geojson");
const PLACES: &str = include_str!("../../assets/basemap/places.geojson");

/// The area the bundled basemap covers, as (west, south, east, north) in degrees.
pub const BASEMAP_BOUNDS_DEG: (f64, f64, f64, f64) = (12.0, 18.0, 96.0, 64.0);

/// Whether the segment from `a` to `b` runs along the edge of [`BASEMAP_BOUNDS_DEG`]: such
/// edges were made by clipping the data to the box and are not coastlines or borders.
///
/// # Examples
/// ```
/// use corridor_atlas::io::basemap::on_box_edge;
/// use geo::coord;
/// assert!(on_box_edge(coord! { x: 96.0, y: 40.0 }, coord! { x: 96.0, y: 45.0 }));
/// assert!(!on_box_edge(coord! { x: 96.0, y: 40.0 }, coord! { x: 95.0, y: 45.0 }));
/// ```
pub fn on_box_edge(a: geo::Coord<f64>, b: geo::Coord<f64>) -> bool {
    let (west, south, east, north) = BASEMAP_BOUNDS_DEG;
    let same = |p: f64, q: f64, edge: f64| (p - edge).abs() < 1e-9 && (q - edge).abs() < 1e-9;
    same(a.x, b.x, west) || same(a.x, b.x, east) || same(a.y, b.y, south) || same(a.y, b.y, north)
}

/// The parts of `ring` that are real outline: the ring cut wherever it runs along the box.
pub fn real_outline(ring: &geo::LineString<f64>) -> Vec<geo::LineString<f64>> {
    let mut pieces = Vec::new();
    let mut current: Vec<geo::Coord<f64>> = Vec::new();
    for pair in ring.0.windows(2) {
        let [a, b] = pair else { continue };
        if on_box_edge(*a, *b) {
            if current.len() >= 2 {
                pieces.push(geo::LineString::new(std::mem::take(&mut current)));
            }
            current.clear();
        } else {
            if current.is_empty() {
                current.push(*a);
            }
            current.push(*b);
        }
    }
    if current.len() >= 2 {
        pieces.push(geo::LineString::new(current));
    }
    pieces
}

/// A country of the basemap, with its Natural Earth name.
#[derive(Debug, Clone)]
pub struct Country {
    /// The English name Natural Earth gives it, e.g. "Azerbaijan".
    pub name: String,
    /// Its territory, clipped to [`BASEMAP_BOUNDS_DEG`].
    pub area: MultiPolygon<f64>,
}

/// What a label on the basemap names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A capital city.
    Capital,
    /// Any other city or town.
    City,
    /// A country name, placed well inside the country.
    Country,
    /// A sea or a large lake.
    Sea,
}

/// A labelled place of the basemap.
#[derive(Debug, Clone)]
pub struct Place {
    /// English name.
    pub name: String,
    /// What it is.
    pub kind: PlaceKind,
    /// 1 is the most important; less important labels appear only when zoomed in.
    pub rank: u8,
    /// Where the label goes; x is longitude.
    pub position: Point<f64>,
}

/// The parsed offline basemap.
#[derive(Debug, Clone)]
pub struct Basemap {
    /// Land polygons (the Caspian Sea is not land).
    pub land: MultiPolygon<f64>,
    /// Large lakes, drawn as water on top of land.
    pub lakes: MultiPolygon<f64>,
    /// Countries with their names.
    pub countries: Vec<Country>,
    /// Land borders between countries, without coastlines.
    pub borders: MultiLineString<f64>,
    /// Labelled places.
    pub places: Vec<Place>,
}

impl Default for Basemap {
    /// A basemap with nothing on it: all water.
    fn default() -> Self {
        Self {
            land: MultiPolygon::new(Vec::new()),
            lakes: MultiPolygon::new(Vec::new()),
            countries: Vec::new(),
            borders: MultiLineString::new(Vec::new()),
            places: Vec::new(),
        }
    }
}

impl Basemap {
    /// Parses the basemap bundled with the application.
    ///
    /// The bundled files are checked by the tests, so a failure here means a broken build; it is
    /// still reported as an error rather than a panic, and the map then shows plain water.
    ///
    /// # Errors
    /// A [`BasemapError`] when a bundled file is not valid GeoJSON: a broken build, not
    /// something a user can cause.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let basemap = corridor_atlas::io::basemap::Basemap::bundled()?;
    /// assert!(basemap.countries.iter().any(|c| c.name == "Kazakhstan"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn bundled() -> Result<Self, BasemapError> {
        Ok(Self {
            land: polygons(LAND, "land")?,
            lakes: polygons(LAKES, "lakes")?,
            countries: countries(COUNTRIES)?,
            borders: lines(BORDERS, "borders")?,
            places: places(PLACES)?,
        })
    }

    /// Whether `point` (x = longitude) lies on land, lakes counting as water.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use geo::point;
    /// let basemap = corridor_atlas::io::basemap::Basemap::bundled()?;
    /// assert!(basemap.is_land(point!(x: 49.867, y: 40.409))); // Baku
    /// assert!(!basemap.is_land(point!(x: 51.0, y: 42.0))); // the middle Caspian
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_land(&self, point: Point<f64>) -> bool {
        self.land.contains(&point) && !self.lakes.contains(&point)
    }

    /// The name of the country containing `point` (x = longitude), if any.
    ///
    /// # Examples
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use geo::point;
    /// let basemap = corridor_atlas::io::basemap::Basemap::bundled()?;
    /// assert_eq!(basemap.country_at(point!(x: 44.793, y: 41.715)), Some("Georgia"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn country_at(&self, point: Point<f64>) -> Option<&str> {
        self.countries
            .iter()
            .find(|country| country.area.contains(&point))
            .map(|country| country.name.as_str())
    }
}

/// Why the bundled basemap could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    /// A bundled file is not valid GeoJSON.
    #[error("the bundled basemap file `{file}` is not valid GeoJSON: {source}")]
    Parse {
        /// Which layer.
        file: &'static str,
        /// What the parser said.
        source: geojson::Error,
    },
}

fn features(text: &str, file: &'static str) -> Result<Vec<geojson::Feature>, BasemapError> {
    let parsed: GeoJson = text
        .parse()
        .map_err(|source| BasemapError::Parse { file, source })?;
    Ok(match parsed {
        GeoJson::FeatureCollection(collection) => collection.features,
        GeoJson::Feature(feature) => vec![feature],
        GeoJson::Geometry(_) => Vec::new(),
    })
}

fn polygons(text: &str, file: &'static str) -> Result<MultiPolygon<f64>, BasemapError> {
    let mut all = Vec::new();
    for feature in features(text, file)? {
        all.extend(multi_polygon(geometry_of(&feature)));
    }
    Ok(MultiPolygon::new(all))
}

fn multi_polygon(geometry: Option<geo::Geometry<f64>>) -> Vec<geo::Polygon<f64>> {
    match geometry {
        Some(geo::Geometry::Polygon(polygon)) => vec![polygon],
        Some(geo::Geometry::MultiPolygon(multi)) => multi.0,
        _ => Vec::new(),
    }
}

fn countries(text: &str) -> Result<Vec<Country>, BasemapError> {
    Ok(features(text, "countries")?
        .iter()
        .filter_map(|feature| {
            Some(Country {
                name: string_property(feature, "name")?.to_owned(),
                area: MultiPolygon::new(multi_polygon(geometry_of(feature))),
            })
        })
        .collect())
}

fn lines(text: &str, file: &'static str) -> Result<MultiLineString<f64>, BasemapError> {
    let mut all = Vec::new();
    for feature in features(text, file)? {
        match geometry_of(&feature) {
            Some(geo::Geometry::LineString(line)) => all.push(line),
            Some(geo::Geometry::MultiLineString(multi)) => all.extend(multi.0),
            _ => {}
        }
    }
    Ok(MultiLineString::new(all))
}

fn places(text: &str) -> Result<Vec<Place>, BasemapError> {
    Ok(features(text, "places")?
        .iter()
        .filter_map(|feature| {
            let Some(geo::Geometry::Point(position)) = geometry_of(feature) else {
                return None;
            };
            let kind = match string_property(feature, "kind")? {
                "capital" => PlaceKind::Capital,
                "city" => PlaceKind::City,
                "country" => PlaceKind::Country,
                "sea" | "lake" => PlaceKind::Sea,
                _ => return None,
            };
            let rank = feature
                .properties
                .as_ref()
                .and_then(|p| p.get("rank"))
                .and_then(serde_json::Value::as_u64)
                .and_then(|r| u8::try_from(r).ok())
                .unwrap_or(3);
            Some(Place {
                name: string_property(feature, "name")?.to_owned(),
                kind,
                rank,
                position,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::point;

    fn basemap() -> Basemap {
        Basemap::bundled().expect("the bundled basemap parses")
    }

    #[test]
    fn the_basemap_fills_its_box() {
        use geo::BoundingRect;
        // Land reaches every edge of the box, so the box is what the data covers.
        let (west, south, east, north) = BASEMAP_BOUNDS_DEG;
        let rect = basemap().land.bounding_rect().expect("land is not empty");
        let close = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(
            close(rect.min().x, west) && close(rect.max().x, east),
            "{rect:?}"
        );
        assert!(
            close(rect.min().y, south) && close(rect.max().y, north),
            "{rect:?}"
        );
    }

    #[test]
    fn labels_lie_in_the_box_and_cities_on_land() {
        let basemap = basemap();
        let (west, south, east, north) = BASEMAP_BOUNDS_DEG;
        for place in &basemap.places {
            let (x, y) = place.position.x_y();
            assert!(
                (west..=east).contains(&x) && (south..=north).contains(&y),
                "{} lies outside the box",
                place.name
            );
            match place.kind {
                PlaceKind::Capital | PlaceKind::City | PlaceKind::Country => {
                    assert!(
                        basemap.is_land(place.position),
                        "{} is not on land",
                        place.name
                    );
                }
                // The Aral Sea is a lake on land; the seas are off the land.
                PlaceKind::Sea if place.name != "Aral Sea" => {
                    assert!(!basemap.land.contains(&place.position), "{}", place.name);
                }
                PlaceKind::Sea => {}
            }
        }
    }

    #[test]
    fn the_middle_of_the_caspian_is_water_and_baku_is_on_land() {
        let basemap = basemap();
        assert!(!basemap.is_land(point!(x: 51.0, y: 42.0)));
        assert!(!basemap.is_land(point!(x: 50.5, y: 38.5)), "south Caspian");
        assert!(!basemap.is_land(point!(x: 34.0, y: 43.0)), "Black Sea");
        assert!(!basemap.is_land(point!(x: 28.0, y: 33.8)), "Mediterranean");
        assert!(!basemap.is_land(point!(x: 51.0, y: 27.2)), "Persian Gulf");
        assert!(!basemap.is_land(point!(x: 31.5, y: 61.0)), "Lake Ladoga");
        assert!(basemap.is_land(point!(x: 49.867, y: 40.409)), "Baku");
        assert!(basemap.is_land(point!(x: 71.43, y: 51.13)), "Astana");
    }

    #[test]
    fn tbilisi_is_in_georgia_and_aktau_in_kazakhstan() {
        let basemap = basemap();
        assert_eq!(
            basemap.country_at(point!(x: 44.793, y: 41.715)),
            Some("Georgia")
        );
        assert_eq!(
            basemap.country_at(point!(x: 43.095, y: 40.601)),
            Some("Turkey")
        );
        assert_eq!(
            basemap.country_at(point!(x: 51.2, y: 43.66)),
            Some("Kazakhstan")
        );
    }

    #[test]
    fn borders_and_labels_are_present() {
        let basemap = basemap();
        assert!(basemap.borders.0.len() > 5);
        for name in [
            "Baku",
            "Tbilisi",
            "Kars",
            "Aktau",
            "Astana",
            "Caspian Sea",
            "Moscow",
            "Baghdad",
            "Mediterranean Sea",
        ] {
            assert!(
                basemap.places.iter().any(|p| p.name == name),
                "no label for {name}"
            );
        }
    }
}
