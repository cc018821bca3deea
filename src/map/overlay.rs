//! The story's items prepared for the map: projected once into Web Mercator units, regions
//! triangulated once, and a spatial index for picking.

use geo::{Area, BoundingRect, MultiPolygon, TriangulateEarcut};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line, Rectangle};
use rstar::{AABB, PointDistance};

use crate::io::basemap::{Country, real_outline};
use crate::map::raster::mercator_unit;
use crate::map::view::BoundsDeg;
use egui::Color32;

use crate::map::simplestyle::ItemStyle;
use crate::model::{Corridor, FeatureId, Kind};

/// A position in Web Mercator units: 0..1 across the world, y down.
pub type Unit = [f64; 2];

/// The shape of an item, in Mercator units.
#[derive(Debug, Clone)]
pub enum ItemShape {
    /// A point.
    Point(Unit),
    /// One or more lines.
    Lines(Vec<Vec<Unit>>),
    /// An area: rings to fill and test, outlines to stroke, and triangles to fill with.
    Area {
        /// Every ring, outer and holes, closed: inside is where a ray crosses an odd number.
        rings: Vec<Vec<Unit>>,
        /// What to stroke: the rings, less any edge made by clipping to the basemap's box.
        outlines: Vec<Vec<Unit>>,
        /// Triangle corners, three at a time; empty for layers drawn as tiles.
        triangles: Vec<Unit>,
    },
}

/// One item ready to draw.
#[derive(Debug, Clone)]
pub struct OverlayItem {
    /// The item's id.
    pub id: FeatureId,
    /// Its name, for tooltips.
    pub name: String,
    /// Its name without the parenthesis, for labels on the map.
    pub short_name: String,
    /// What it is.
    pub kind: Kind,
    /// Proposed or under construction: drawn dashed and lighter.
    pub planned: bool,
    /// What to draw: one part, or several for multi-points and geometry collections.
    pub shapes: Vec<ItemShape>,
    /// Its extent in degrees, for fitting it into view.
    pub bounds: Option<BoundsDeg>,
    /// How to draw it.
    pub style: ItemStyle,
    /// Its extent in Mercator units, for culling.
    pub envelope: Option<[Unit; 2]>,
    /// Size for "smallest wins" when areas overlap, in square degrees.
    area_deg2: f64,
}

/// Every item of the story, prepared, with a spatial index.
#[derive(Debug, Default)]
pub struct Overlay {
    /// The items, in story order.
    pub items: Vec<OverlayItem>,
    /// Extents of lines and areas, to find candidates cheaply.
    envelopes: RTree<GeomWithData<Rectangle<Unit>, usize>>,
    points: RTree<GeomWithData<Unit, usize>>,
}

fn unit(lon: f64, lat: f64) -> Unit {
    let (x, y) = mercator_unit(lon, lat);
    [x, y]
}

fn line_units(line: &geo::LineString<f64>) -> Vec<Unit> {
    line.coords().map(|c| unit(c.x, c.y)).collect()
}

fn area_shape(polygons: &MultiPolygon<f64>, triangulate: bool) -> ItemShape {
    let mut rings = Vec::new();
    let mut outlines = Vec::new();
    let mut triangles = Vec::new();
    for polygon in polygons {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            rings.push(line_units(ring));
            // Countries taken from the basemap are clipped to its box; that edge is no outline.
            // Tiled layers draw outlines from the rings themselves.
            if triangulate {
                outlines.extend(real_outline(ring).iter().map(line_units));
            }
        }
        if triangulate {
            let raw = polygon.earcut_triangles_raw();
            triangles.extend(
                raw.triangle_indices
                    .iter()
                    .filter_map(|&i| raw.vertices.get(i))
                    .map(|[x, y]| unit(*x, *y)),
            );
        }
    }
    ItemShape::Area {
        rings,
        outlines,
        triangles,
    }
}

/// The parts of a geometry: multi-points become several points, collections their members.
fn shapes_of(geometry: &geo::Geometry<f64>, triangulate: bool) -> Vec<ItemShape> {
    use geo::Geometry as G;
    match geometry {
        G::Point(p) => vec![ItemShape::Point(unit(p.x(), p.y()))],
        G::MultiPoint(points) => points
            .iter()
            .map(|p| ItemShape::Point(unit(p.x(), p.y())))
            .collect(),
        G::LineString(line) => vec![ItemShape::Lines(vec![line_units(line)])],
        G::Line(line) => vec![ItemShape::Lines(vec![vec![
            unit(line.start.x, line.start.y),
            unit(line.end.x, line.end.y),
        ]])],
        G::MultiLineString(lines) => vec![ItemShape::Lines(lines.iter().map(line_units).collect())],
        G::Polygon(polygon) => vec![area_shape(
            &MultiPolygon::new(vec![polygon.clone()]),
            triangulate,
        )],
        G::MultiPolygon(polygons) => vec![area_shape(polygons, triangulate)],
        G::Rect(rect) => vec![area_shape(
            &MultiPolygon::new(vec![rect.to_polygon()]),
            triangulate,
        )],
        G::Triangle(triangle) => vec![area_shape(
            &MultiPolygon::new(vec![triangle.to_polygon()]),
            triangulate,
        )],
        G::GeometryCollection(members) => members
            .iter()
            .flat_map(|g| shapes_of(g, triangulate))
            .collect(),
    }
}

/// Whether `at` is inside the rings (even-odd), all in Mercator units.
fn inside(rings: &[Vec<Unit>], at: Unit) -> bool {
    let mut crossings = 0usize;
    for ring in rings {
        for pair in ring.windows(2) {
            let [a, b] = pair else { continue };
            if (a[1] > at[1]) != (b[1] > at[1]) {
                let x = a[0] + (at[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                crossings += usize::from(at[0] < x);
            }
        }
    }
    crossings % 2 == 1
}

fn bounds_of(
    geometry: &impl BoundingRect<f64, Output = Option<geo::Rect<f64>>>,
) -> Option<BoundsDeg> {
    let rect = geometry.bounding_rect()?;
    Some(BoundsDeg {
        west: rect.min().x,
        south: rect.min().y,
        east: rect.max().x,
        north: rect.max().y,
    })
}

fn item_of(
    corridor: &Corridor,
    countries: &[Country],
    fallback: Color32,
    triangulate: bool,
) -> OverlayItem {
    let (shapes, bounds, area_deg2) = match &corridor.geometry {
        Some(geometry) => (
            shapes_of(geometry, triangulate),
            bounds_of(geometry),
            geometry.unsigned_area(),
        ),
        None if !corridor.info.basemap_countries.is_empty() => {
            let polygons: Vec<geo::Polygon<f64>> = countries
                .iter()
                .filter(|c| corridor.info.basemap_countries.contains(&c.name))
                .flat_map(|c| c.area.0.iter().cloned())
                .collect();
            let polygons = MultiPolygon::new(polygons);
            let bounds = bounds_of(&polygons);
            (
                vec![area_shape(&polygons, triangulate)],
                bounds,
                polygons.unsigned_area(),
            )
        }
        None => (Vec::new(), None, 0.0),
    };
    let envelope = bounds.map(|b| [unit(b.west, b.north), unit(b.east, b.south)]);
    let kind = corridor.kind();
    let planned = corridor.info.status.is_some_and(|s| s.is_planned());
    OverlayItem {
        id: corridor.id.clone(),
        name: corridor.name().to_owned(),
        short_name: corridor
            .name()
            .split(" (")
            .next()
            .unwrap_or(corridor.name())
            .to_owned(),
        style: ItemStyle::of(&kind, planned, &corridor.properties, fallback),
        kind,
        planned,
        shapes,
        bounds,
        envelope,
        area_deg2,
    }
}

impl Overlay {
    /// Prepares items for drawing; areas without geometry take the basemap's countries they
    /// name. Items of no known kind are drawn in `fallback` unless their properties style them.
    /// Areas are triangulated for filling when `triangulate` is set (not for tiled layers).
    pub fn new(
        corridors: &[Corridor],
        countries: &[Country],
        fallback: Color32,
        triangulate: bool,
    ) -> Self {
        // Projecting millions of positions is the slow part of loading a big file: share it
        // among the cores, in order.
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let chunk = corridors.len().div_ceil(threads).max(1);
        let items: Vec<OverlayItem> = std::thread::scope(|scope| {
            let workers: Vec<_> = corridors
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|corridor| item_of(corridor, countries, fallback, triangulate))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                // A panic in one part must not shift the items of the others out of line with
                // their features: pass it on, and the load fails as a whole.
                .flat_map(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut envelopes = Vec::new();
        let mut points = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let mut extended = false;
            for shape in &item.shapes {
                match (shape, item.envelope) {
                    (ItemShape::Point(p), _) => points.push(GeomWithData::new(*p, index)),
                    (ItemShape::Lines(_) | ItemShape::Area { .. }, Some([min, max]))
                        if !extended =>
                    {
                        envelopes.push(GeomWithData::new(Rectangle::from_corners(min, max), index));
                        extended = true;
                    }
                    _ => {}
                }
            }
        }
        Self {
            items,
            envelopes: RTree::bulk_load(envelopes),
            points: RTree::bulk_load(points),
        }
    }

    /// The index of the item with this id.
    pub fn index_of(&self, id: &FeatureId) -> Option<usize> {
        self.items.iter().position(|item| &item.id == id)
    }

    /// The item under `at` (Mercator units), within `tolerance` units for points and lines.
    /// Points win over lines, lines over areas; among areas the smallest wins; otherwise the
    /// nearest. Only items for which `visible` says yes are considered.
    pub fn pick(&self, at: Unit, tolerance: f64, visible: impl Fn(usize) -> bool) -> Option<usize> {
        let r2 = tolerance * tolerance;
        let nearest = |candidates: Vec<(f64, usize)>| {
            candidates
                .into_iter()
                .filter(|(_, index)| visible(*index))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, index)| index)
        };
        let d2 = |a: &Unit, b: &Unit| (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2);
        let point_hits = self
            .points
            .locate_within_distance(at, r2)
            .map(|hit| (d2(hit.geom(), &at), hit.data))
            .collect();
        if let Some(index) = nearest(point_hits) {
            return Some(index);
        }
        // Lines and areas whose extent comes near the pointer; then the exact test.
        let near = AABB::from_corners(
            [at[0] - tolerance, at[1] - tolerance],
            [at[0] + tolerance, at[1] + tolerance],
        );
        let candidates: Vec<usize> = self
            .envelopes
            .locate_in_envelope_intersecting(&near)
            .map(|hit| hit.data)
            .filter(|index| visible(*index))
            .collect();
        let line_hits = candidates
            .iter()
            .filter_map(|&index| {
                let d2 = self
                    .items
                    .get(index)?
                    .shapes
                    .iter()
                    .filter_map(|shape| match shape {
                        ItemShape::Lines(lines) => Some(lines),
                        _ => None,
                    })
                    .flatten()
                    .flat_map(|line| line.windows(2))
                    .filter_map(|pair| match pair {
                        [a, b] => Some(Line::new(*a, *b).distance_2(&at)),
                        _ => None,
                    })
                    .fold(f64::INFINITY, f64::min);
                (d2 <= r2).then_some((d2, index))
            })
            .collect();
        if let Some(index) = nearest(line_hits) {
            return Some(index);
        }
        let area_hits = candidates
            .iter()
            .filter_map(|&index| {
                let item = self.items.get(index)?;
                let hit = item.shapes.iter().any(|shape| match shape {
                    ItemShape::Area { rings, .. } => inside(rings, at),
                    _ => false,
                });
                hit.then_some((item.area_deg2, index))
            })
            .collect();
        nearest(area_hits)
    }
}

/// Mercator units back to longitude and latitude in degrees.
pub fn unit_to_lon_lat([x, y]: Unit) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::basemap::Basemap;

    fn overlay() -> Overlay {
        let story = crate::io::story::bundled().story;
        let countries = Basemap::bundled().expect("basemap").countries;
        Overlay::new(&story.corridors, &countries, Color32::GRAY, true)
    }

    fn pick_at(overlay: &Overlay, lon: f64, lat: f64, zoom: f64) -> Option<&str> {
        // Five screen points at this zoom.
        let tolerance = 5.0 / (256.0 * 2f64.powf(zoom));
        overlay
            .pick(unit(lon, lat), tolerance, |_| true)
            .map(|index| overlay.items[index].id.0.as_str())
    }

    #[test]
    fn a_click_on_a_port_picks_the_port_not_the_routes_that_end_there() {
        let overlay = overlay();
        let port = overlay
            .index_of(&FeatureId("port-of-aktau".into()))
            .expect("port");
        let ItemShape::Point(p) = overlay.items[port].shapes[0] else {
            panic!("the port is a point")
        };
        let (lon, lat) = unit_to_lon_lat(p);
        assert_eq!(pick_at(&overlay, lon, lat, 8.0), Some("port-of-aktau"));
    }

    #[test]
    fn a_click_in_azerbaijan_away_from_routes_picks_the_smaller_area() {
        let overlay = overlay();
        // Near Lankaran, far from the railway and pipeline.
        assert_eq!(pick_at(&overlay, 48.6, 38.9, 7.0), Some("azerbaijan"));
        // In Armenia only the South Caucasus contains the point.
        assert_eq!(pick_at(&overlay, 44.5, 40.2, 7.0), Some("south-caucasus"));
        // In the middle of the Turkmen desert: nothing.
        assert_eq!(pick_at(&overlay, 58.0, 39.5, 7.0), None);
    }

    #[test]
    fn a_click_next_to_the_railway_picks_it_and_one_far_away_does_not() {
        let overlay = overlay();
        let railway = overlay
            .index_of(&FeatureId("baku-tbilisi-kars-railway".into()))
            .expect("railway");
        let ItemShape::Lines(lines) = &overlay.items[railway].shapes[0] else {
            panic!("the railway is a line")
        };
        let [a, b] = [lines[0][40], lines[0][41]];
        let middle = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let (lon, lat) = unit_to_lon_lat(middle);
        assert_eq!(
            pick_at(&overlay, lon, lat, 8.0),
            Some("baku-tbilisi-kars-railway")
        );
        let invisible = overlay.pick(middle, 1e-6, |index| index != railway);
        assert_ne!(invisible, Some(railway), "hidden items cannot be picked");
    }
}
