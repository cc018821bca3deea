//! The story's items prepared for the map: projected once into Web Mercator units, regions
//! triangulated once, and a spatial index for picking. The items of a big layer keep only
//! their extents: their shapes are projected from the geometry when a tile, a pick or a
//! highlight asks for them, so that the layer holds its positions once.

use std::borrow::Cow;
use std::sync::Arc;

use geo::{Area, BoundingRect, MultiPolygon, TriangulateEarcut};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line, Rectangle};
use rstar::{AABB, PointDistance};

use crate::io::basemap::{Country, real_outline};
use crate::map::view::BoundsDeg;
use egui::Color32;

use crate::map::simplestyle::ItemStyle;
use crate::model::history::Phase;
use crate::model::{Corridor, FeatureId, Kind, Status};

pub use crate::map::mercator::Unit;

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

impl ItemShape {
    /// How many positions it has.
    pub fn positions(&self) -> usize {
        match self {
            Self::Point(_) => 1,
            Self::Lines(lines) => lines.iter().map(Vec::len).sum(),
            Self::Area { rings, .. } => rings.iter().map(Vec::len).sum(),
        }
    }
}

/// One item ready to draw.
#[derive(Debug, Clone)]
pub struct OverlayItem {
    /// The item's id.
    pub id: FeatureId,
    /// Its name, for tooltips.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Proposed or under construction: drawn dashed and lighter.
    pub planned: bool,
    /// Its look and its route depend on the date shown (it has a history or route versions).
    pub dated: bool,
    /// What to draw: one part, or several for multi-points and geometry collections.
    pub shapes: Vec<ItemShape>,
    /// Per shape, the route version it belongs to (0 the feature's own); empty when the item
    /// has one version only.
    pub shape_versions: Vec<usize>,
    /// Its extent in degrees, for fitting it into view.
    pub bounds: Option<BoundsDeg>,
    /// How to draw it.
    pub style: ItemStyle,
    /// Its extent in Mercator units, for culling.
    pub envelope: Option<[Unit; 2]>,
    /// Size for "smallest wins" when areas overlap, in square degrees; not a number for an
    /// item projected on demand, whose size is measured when a pick needs it.
    area_deg2: f64,
    /// Drawn this many points to the side of its course (left of its direction), so that
    /// routes that run together stay apart on the screen.
    pub offset_points: f32,
    /// Its shapes are not kept (`shapes` and `shape_versions` are empty): they are projected
    /// from its geometry when asked for, with [`Overlay::shapes`].
    pub on_demand: bool,
}

impl OverlayItem {
    /// Its name without the parenthesis, for labels on the map.
    pub fn short_name(&self) -> &str {
        self.name.split(" (").next().unwrap_or(&self.name)
    }

    /// Whether shape `which` is drawn when `version` of the route is shown (`None`: the
    /// feature's own).
    pub fn shows_shape(&self, which: usize, version: Option<usize>) -> bool {
        shows(&self.shape_versions, which, version)
    }
}

/// Whether shape `which` of an item whose shapes belong to `versions` is drawn when `version`
/// is shown.
fn shows(versions: &[usize], which: usize, version: Option<usize>) -> bool {
    versions
        .get(which)
        .is_none_or(|of| *of == version.unwrap_or(0))
}

/// The shapes of one item: those it keeps, or projected from its geometry just now.
#[derive(Debug)]
pub struct Shapes<'a> {
    shapes: Cow<'a, [ItemShape]>,
    versions: Cow<'a, [usize]>,
}

impl Shapes<'_> {
    /// Every shape, of every version of the route.
    pub fn all(&self) -> &[ItemShape] {
        &self.shapes
    }

    /// The shapes drawn when `version` of the route is shown (`None`: the feature's own).
    pub fn in_version(&self, version: Option<usize>) -> impl Iterator<Item = &ItemShape> {
        self.shapes
            .iter()
            .enumerate()
            .filter(move |(which, _)| shows(&self.versions, *which, version))
            .map(|(_, shape)| shape)
    }
}

/// How a dated item is drawn on the date shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemTime {
    /// The item's index in its overlay.
    pub index: usize,
    /// What it is then.
    pub phase: Phase,
    /// Which version of its route is drawn.
    pub version: usize,
}

/// How each dated item of `overlay` (prepared from `corridors`) is drawn on `day`.
pub fn times_on(
    overlay: &Overlay,
    corridors: &[Corridor],
    day: jiff::civil::Date,
) -> Vec<ItemTime> {
    overlay
        .dated
        .iter()
        .filter_map(|&index| {
            let (phase, shown) = corridors.get(index)?.phase_on(day);
            let (crate::model::history::Shown::Valid(version)
            | crate::model::history::Shown::Nearest(version)) = shown;
            Some(ItemTime {
                index,
                phase,
                version,
            })
        })
        .collect()
}

/// The phase an item is drawn in: its phase on the date shown when it is dated (see
/// [`time_of`]), else planned or operating by its status.
pub fn phase_drawn(times: &[ItemTime], index: usize, item: &OverlayItem) -> Phase {
    match time_of(times, index) {
        Some(time) => time.phase,
        None if item.planned => Phase::Planned,
        None => Phase::Operating,
    }
}

/// The time of the item at `index` in a list sorted by index.
pub fn time_of(times: &[ItemTime], index: usize) -> Option<&ItemTime> {
    times
        .binary_search_by_key(&index, |time| time.index)
        .ok()
        .and_then(|at| times.get(at))
}

/// What kind of shape a pick hit: points are preferred to lines, lines to areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PickTier {
    /// A point within the tolerance.
    Point,
    /// A line within the tolerance.
    Line,
    /// An area around the position.
    Area,
}

/// An item under the pointer, ranked so that hits in several sets can be compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick {
    /// What kind of shape was hit.
    pub tier: PickTier,
    /// Lower is better: the squared distance for points and lines, the size for areas.
    pub score: f64,
    /// The item's index in its overlay.
    pub index: usize,
}

/// Every item of the story, prepared, with a spatial index.
#[derive(Debug, Default)]
pub struct Overlay {
    /// The items, in story order.
    pub items: Vec<OverlayItem>,
    /// Extents of lines and areas, to find candidates cheaply.
    envelopes: RTree<GeomWithData<Rectangle<Unit>, usize>>,
    /// Points, with their item and the shape they are of.
    points: RTree<GeomWithData<Unit, (usize, usize)>>,
    /// The items by the hash of their id, sorted: finds an item of a big layer by id without
    /// reading every item, and costs 16 bytes an item.
    by_id: Vec<(u64, usize)>,
    /// The indices of the items whose look or route depends on the date, in order.
    pub dated: Vec<usize>,
    /// For items with very many positions on lines: runs of their segments, indexed by
    /// extent, so that a pick near them reads a few runs instead of every segment. By item
    /// index, sorted.
    segments: Vec<(usize, RTree<SegmentRun>)>,
    /// The items the overlay was made from, when the shapes of some are projected on demand.
    source: Option<Arc<Vec<Corridor>>>,
}

/// A run of [`RUN_SEGMENTS`] segments of one line of an item: the line's number and the
/// run's first position, with the run's extent.
type SegmentRun = GeomWithData<Rectangle<Unit>, (usize, usize)>;

/// How many segments a run holds: few enough to read in a pick, many enough that building
/// the index stays a small part of a load.
const RUN_SEGMENTS: usize = 64;

/// An item with more positions than this on its lines gets its segments indexed for picking.
const INDEXED_SEGMENTS_FROM: usize = 5_000;

/// The runs of segments of an item's lines, indexed; `None` for an item with few positions,
/// with route versions, or drawn aside of its course (those are measured as they are drawn).
fn segment_index(item: &OverlayItem) -> Option<RTree<SegmentRun>> {
    if !item.shape_versions.is_empty() || item.offset_points != 0.0 {
        return None;
    }
    segment_runs(&lines_of(&item.shapes))
}

/// The runs of segments of these lines, indexed; `None` when they have few positions.
fn segment_runs(lines: &[&Vec<Unit>]) -> Option<RTree<SegmentRun>> {
    let positions: usize = lines.iter().map(|line| line.len()).sum();
    if positions < INDEXED_SEGMENTS_FROM {
        return None;
    }
    let mut runs = Vec::with_capacity(positions / RUN_SEGMENTS + lines.len());
    for (number, line) in lines.iter().enumerate() {
        let mut start = 0;
        while start + 1 < line.len() {
            let end = (start + RUN_SEGMENTS).min(line.len() - 1);
            let run = line.get(start..=end).unwrap_or_default();
            let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
            for [x, y] in run {
                low = [low[0].min(*x), low[1].min(*y)];
                high = [high[0].max(*x), high[1].max(*y)];
            }
            runs.push(GeomWithData::new(
                Rectangle::from_corners(low, high),
                (number, start),
            ));
            start = end;
        }
    }
    Some(RTree::bulk_load(runs))
}

/// The runs of segments of the items projected on demand that have very many positions on
/// lines, indexed: their shapes are projected for that only, and not kept.
fn waiting_segments(
    corridors: &[Corridor],
    items: &[OverlayItem],
) -> Vec<(usize, RTree<SegmentRun>)> {
    let many: Vec<(usize, &Corridor)> = corridors
        .iter()
        .zip(items)
        .enumerate()
        .filter(|(_, (corridor, item))| {
            item.on_demand
                && corridor.versions.is_empty()
                && corridor
                    .geometry
                    .as_ref()
                    .and_then(lines_in)
                    .is_some_and(|lines| {
                        lines.iter().map(|line| line.len()).sum::<usize>() >= INDEXED_SEGMENTS_FROM
                    })
        })
        .map(|(index, (corridor, _))| (index, corridor))
        .collect();
    crate::parallel::map_in_order(&many, |&(index, corridor)| {
        let (shapes, _) = shapes_with_versions(corridor, None, false);
        Some((index, segment_runs(&lines_of(&shapes))?))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The hash by which [`Overlay::index_of`] finds an id.
fn id_hash(id: &FeatureId) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(id)
}

use crate::map::mercator::unit;

fn line_units(line: &geo::LineString<f64>) -> Vec<Unit> {
    line.coords().map(|c| unit(c.x, c.y)).collect()
}

fn area_shape<'p>(
    polygons: impl IntoIterator<Item = &'p geo::Polygon<f64>>,
    triangulate: bool,
) -> ItemShape {
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

/// The lines of a geometry, in the order in which [`shapes_of`] gives them; `None` when it
/// has parts that are not lines or areas.
fn lines_in(geometry: &geo::Geometry<f64>) -> Option<Vec<&[geo::Coord<f64>]>> {
    use geo::Geometry as G;
    match geometry {
        G::LineString(line) => Some(vec![line.0.as_slice()]),
        G::MultiLineString(lines) => Some(lines.iter().map(|line| line.0.as_slice()).collect()),
        G::Polygon(_) | G::MultiPolygon(_) => Some(Vec::new()),
        G::GeometryCollection(members) => {
            let mut lines = Vec::new();
            for member in members {
                lines.extend(lines_in(member)?);
            }
            Some(lines)
        }
        G::Point(_) | G::MultiPoint(_) | G::Line(_) | G::Rect(_) | G::Triangle(_) => None,
    }
}

/// Whether an item's shapes may be projected when asked for rather than kept: it has a
/// geometry, and every version of it is made of lines and areas only (points go into the
/// index of points, which needs them projected).
fn can_wait(corridor: &Corridor) -> bool {
    corridor.geometry.as_ref().is_some_and(lines_and_areas)
        && corridor
            .versions
            .iter()
            .filter_map(|version| version.geometry.as_ref())
            .all(lines_and_areas)
}

/// Whether a geometry has lines and areas only (see [`lines_in`]).
fn lines_and_areas(geometry: &geo::Geometry<f64>) -> bool {
    use geo::Geometry as G;
    match geometry {
        G::LineString(_) | G::MultiLineString(_) | G::Polygon(_) | G::MultiPolygon(_) => true,
        G::GeometryCollection(members) => members.iter().all(lines_and_areas),
        G::Point(_) | G::MultiPoint(_) | G::Line(_) | G::Rect(_) | G::Triangle(_) => false,
    }
}

/// An item's shapes from its geometry and its route's other versions, with the version each
/// shape belongs to (empty when the item has one version only).
/// `base` stands in for the geometry of an item drawn from the basemap's countries.
fn shapes_with_versions(
    corridor: &Corridor,
    base: Option<ItemShape>,
    triangulate: bool,
) -> (Vec<ItemShape>, Vec<usize>) {
    let mut shapes = match &corridor.geometry {
        Some(geometry) => shapes_of(geometry, triangulate),
        None => base.into_iter().collect(),
    };
    let mut shape_versions = Vec::new();
    if !corridor.versions.is_empty() {
        shape_versions = vec![0; shapes.len()];
        for (k, version) in corridor.versions.iter().enumerate() {
            let Some(geometry) = &version.geometry else {
                continue;
            };
            let more = shapes_of(geometry, triangulate);
            shape_versions.extend(std::iter::repeat_n(k + 1, more.len()));
            shapes.extend(more);
        }
    }
    (shapes, shape_versions)
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
        G::Polygon(polygon) => vec![area_shape(std::iter::once(polygon), triangulate)],
        G::MultiPolygon(polygons) => vec![area_shape(polygons, triangulate)],
        G::Rect(rect) => vec![area_shape(std::iter::once(&rect.to_polygon()), triangulate)],
        G::Triangle(triangle) => vec![area_shape(
            std::iter::once(&triangle.to_polygon()),
            triangulate,
        )],
        G::GeometryCollection(members) => members
            .iter()
            .flat_map(|g| shapes_of(g, triangulate))
            .collect(),
    }
}

/// The segment from `a` to `b` moved `aside` units to the left of its direction (y down, as
/// on the screen), as [`OverlayItem::offset_points`] draws it.
fn shifted_segment(a: Unit, b: Unit, aside: f64) -> (Unit, Unit) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = (dx * dx + dy * dy).sqrt();
    if aside == 0.0 || length <= 0.0 || !length.is_finite() {
        return (a, b);
    }
    let (nx, ny) = (dy / length * aside, -dx / length * aside);
    ([a[0] + nx, a[1] + ny], [b[0] + nx, b[1] + ny])
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
    Some(bounds_of_rect(geometry.bounding_rect()?))
}

fn bounds_of_rect(rect: geo::Rect<f64>) -> BoundsDeg {
    BoundsDeg {
        west: rect.min().x,
        south: rect.min().y,
        east: rect.max().x,
        north: rect.max().y,
    }
}

/// How an item's shapes are prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prepare {
    /// Projected and kept, areas triangulated for filling.
    Triangulated,
    /// Projected and kept.
    Kept,
    /// Projected when asked for, where the item allows (see [`can_wait`]).
    OnDemand,
}

/// The item drawn for `corridor`; `extent` is that of its geometry when the reader kept it.
fn item_of(
    corridor: &Corridor,
    extent: Option<geo::Rect<f64>>,
    countries: &[Country],
    fallback: Color32,
    prepare: Prepare,
) -> OverlayItem {
    let triangulate = prepare == Prepare::Triangulated;
    let on_demand = prepare == Prepare::OnDemand && can_wait(corridor);
    let (base, base_bounds, area_deg2) = match &corridor.geometry {
        Some(geometry) => (
            None,
            match extent {
                Some(extent) => Some(bounds_of_rect(extent)),
                None => bounds_of(geometry),
            },
            // Measured when a pick needs it (see `Overlay::area_of`).
            if on_demand {
                f64::NAN
            } else {
                geometry.unsigned_area()
            },
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
                Some(area_shape(&polygons, triangulate)),
                bounds,
                polygons.unsigned_area(),
            )
        }
        None => (None, None, 0.0),
    };
    let (shapes, shape_versions) = if on_demand {
        (Vec::new(), Vec::new())
    } else {
        shapes_with_versions(corridor, base, triangulate)
    };
    // The extent takes in every version of the route.
    let bounds = corridor
        .versions
        .iter()
        .filter_map(|version| bounds_of(version.geometry.as_ref()?))
        .fold(base_bounds, |bounds, more| {
            Some(bounds.map_or(more, |b| b.union(more)))
        });
    let envelope = bounds.map(|b| [unit(b.west, b.north), unit(b.east, b.south)]);
    let kind = corridor.kind();
    let dated = corridor.is_dated();
    let planned = corridor.info.status.is_some_and(Status::is_planned);
    OverlayItem {
        id: corridor.id.clone(),
        name: corridor.name().to_owned(),
        // A dated item's look follows the date shown: this is its look in service.
        style: ItemStyle::of(
            &kind,
            planned && !dated,
            corridor.properties.style(),
            fallback,
        )
        .subdued_if(corridor.info.context),
        kind,
        planned,
        dated,
        shapes,
        shape_versions,
        bounds,
        envelope,
        area_deg2,
        offset_points: 0.0,
        on_demand,
    }
}

/// How far apart, in Mercator units, two routes may be and still count as running together
/// (about 15 km in the latitudes of the Caspian).
const TOGETHER_UNITS: f64 = 5e-4;

/// Positions spread evenly along the lines of an item, `count` in all.
fn samples(lines: &[&Vec<Unit>], count: usize) -> Vec<Unit> {
    let segments: Vec<(Unit, Unit, f64)> = lines
        .iter()
        .flat_map(|line| line.windows(2))
        .filter_map(|pair| match pair {
            [a, b] => Some((
                *a,
                *b,
                ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt(),
            )),
            _ => None,
        })
        .collect();
    let total: f64 = segments.iter().map(|s| s.2).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(count);
    let mut walked = 0.0;
    let mut next = 0usize;
    for (a, b, length) in segments {
        while next < count {
            let at = (next as f64 + 0.5) / count as f64 * total;
            if at > walked + length {
                break;
            }
            let share = if length > 0.0 {
                (at - walked) / length
            } else {
                0.0
            };
            out.push([a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share]);
            next += 1;
        }
        walked += length;
    }
    out
}

/// The lines among shapes.
fn lines_of(shapes: &[ItemShape]) -> Vec<&Vec<Unit>> {
    shapes
        .iter()
        .filter_map(|shape| match shape {
            ItemShape::Lines(lines) => Some(lines),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Whether most of `a` runs within [`TOGETHER_UNITS`] of `b`.
fn runs_along(a: &[Unit], b: &[&Vec<Unit>]) -> bool {
    if a.is_empty() {
        return false;
    }
    let near = a
        .iter()
        .filter(|at| {
            b.iter()
                .flat_map(|line| line.windows(2))
                .any(|pair| match pair {
                    [p, q] => Line::new(*p, *q).distance_2(*at) <= TOGETHER_UNITS.powi(2),
                    _ => false,
                })
        })
        .count();
    near * 5 >= a.len() * 2
}

/// Gives routes that run together (a ferry and a tanker route between the same ports, say)
/// offsets to either side, so that each stays visible. Only for sets of few lines: the
/// comparison is of every pair.
fn separate_parallel_routes(items: &mut [OverlayItem]) {
    const MAX_LINES: usize = 200;
    // Each sample is measured against every segment of the other line: keep that bounded.
    const MAX_SEGMENTS: usize = 100_000;
    const SAMPLES: usize = 24;
    let lines: Vec<usize> = (0..items.len())
        .filter(|&i| {
            items
                .get(i)
                .is_some_and(|item| !lines_of(&item.shapes).is_empty())
        })
        .collect();
    if lines.len() < 2 || lines.len() > MAX_LINES {
        return;
    }
    let segments: usize = lines
        .iter()
        .filter_map(|&i| items.get(i))
        .map(|item| {
            lines_of(&item.shapes)
                .iter()
                .map(|l| l.len())
                .sum::<usize>()
        })
        .sum();
    if segments > MAX_SEGMENTS {
        return;
    }
    let sampled: Vec<Vec<Unit>> = lines
        .iter()
        .map(|&i| {
            items
                .get(i)
                .map(|item| samples(&lines_of(&item.shapes), SAMPLES))
                .unwrap_or_default()
        })
        .collect();
    let group = groups_running_together(items, &lines, &sampled);
    spread_groups(items, &lines, &sampled, &group);
}

/// Whether the extents of two routes meet, with the distance that counts as together: only
/// such routes can run together, and this is far cheaper to tell than whether they do.
fn extents_meet(a: &OverlayItem, b: &OverlayItem) -> bool {
    match (a.envelope, b.envelope) {
        (Some([a0, a1]), Some([b0, b1])) => {
            a0[0] - TOGETHER_UNITS <= b1[0]
                && b0[0] - TOGETHER_UNITS <= a1[0]
                && a0[1] - TOGETHER_UNITS <= b1[1]
                && b0[1] - TOGETHER_UNITS <= a1[1]
        }
        _ => false,
    }
}

/// The member that stands for the group of `i`, in a union of pairs (see
/// [`groups_running_together`]).
fn root(group: &[usize], mut i: usize) -> usize {
    while let Some(&up) = group.get(i) {
        if up == i {
            break;
        }
        i = up;
    }
    i
}

/// Groups of routes that run together, as a union of pairs: per entry of `lines` (indices of
/// `items`, with their `sampled` positions), a link towards the member that stands for its group.
/// Two routes are joined when much of either one runs along the other.
fn groups_running_together(
    items: &[OverlayItem],
    lines: &[usize],
    sampled: &[Vec<Unit>],
) -> Vec<usize> {
    let mut group: Vec<usize> = (0..lines.len()).collect();
    for a in 0..lines.len() {
        for b in (a + 1)..lines.len() {
            let (Some(item_a), Some(item_b)) = (
                lines.get(a).and_then(|&i| items.get(i)),
                lines.get(b).and_then(|&i| items.get(i)),
            ) else {
                continue;
            };
            let (Some(samples_a), Some(samples_b)) = (sampled.get(a), sampled.get(b)) else {
                continue;
            };
            if extents_meet(item_a, item_b)
                && (runs_along(samples_a, &lines_of(&item_b.shapes))
                    || runs_along(samples_b, &lines_of(&item_a.shapes)))
            {
                let (ra, rb) = (root(&group, a), root(&group, b));
                if let Some(slot) = group.get_mut(rb) {
                    *slot = ra;
                }
            }
        }
    }
    group
}

/// Sets the offsets of the members of each group of two or more, side by side around the
/// group's middle, each on the same side whichever way round its line is drawn.
fn spread_groups(
    items: &mut [OverlayItem],
    lines: &[usize],
    sampled: &[Vec<Unit>],
    group: &[usize],
) {
    const SPACING_POINTS: f32 = 5.0;
    let direction = |samples: &[Unit]| match (samples.first(), samples.last()) {
        (Some(first), Some(last)) => [last[0] - first[0], last[1] - first[1]],
        _ => [0.0, 0.0],
    };
    for leader in 0..lines.len() {
        let members: Vec<usize> = (0..lines.len())
            .filter(|&m| root(group, m) == leader)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let reference = sampled
            .get(leader)
            .map(|s| direction(s))
            .unwrap_or_default();
        let middle = (members.len() as f32 - 1.0) / 2.0;
        for (place, member) in members.iter().enumerate() {
            let along = sampled
                .get(*member)
                .map(|s| direction(s))
                .unwrap_or_default();
            // A route drawn the other way round has its left on the other side.
            let sign = if along[0] * reference[0] + along[1] * reference[1] < 0.0 {
                -1.0
            } else {
                1.0
            };
            if let Some(item) = lines.get(*member).and_then(|&i| items.get_mut(i)) {
                item.offset_points = (place as f32 - middle) * SPACING_POINTS * sign;
            }
        }
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
        let prepare = if triangulate {
            Prepare::Triangulated
        } else {
            Prepare::Kept
        };
        Self::build(corridors, &[], countries, fallback, prepare)
    }

    /// As [`Overlay::new`] for a layer drawn as tiles: items of lines and areas keep their
    /// extent only, and their shapes are projected from `corridors` when asked for (see
    /// [`Overlay::shapes`]), so that their positions are held once.
    /// `extents` are those the reader found of each item's geometry (see
    /// [`ReadOutcome::extents`](crate::io::reader::ReadOutcome::extents)), or empty.
    pub fn on_demand(
        corridors: Arc<Vec<Corridor>>,
        extents: &[Option<geo::Rect<f64>>],
        countries: &[Country],
        fallback: Color32,
    ) -> Self {
        let mut overlay = Self::build(&corridors, extents, countries, fallback, Prepare::OnDemand);
        overlay.source = Some(corridors);
        overlay
    }

    fn build(
        corridors: &[Corridor],
        extents: &[Option<geo::Rect<f64>>],
        countries: &[Country],
        fallback: Color32,
        prepare: Prepare,
    ) -> Self {
        let extents = (extents.len() == corridors.len()).then_some(extents);
        // Preparing thousands of items is the slow part of loading a big file: share it among
        // the cores, in order.
        let with_extents: Vec<(&Corridor, Option<geo::Rect<f64>>)> = corridors
            .iter()
            .enumerate()
            .map(|(index, corridor)| (corridor, extents.and_then(|extents| *extents.get(index)?)))
            .collect();
        let mut items: Vec<OverlayItem> =
            crate::parallel::map_in_order(&with_extents, |&(corridor, extent)| {
                item_of(corridor, extent, countries, fallback, prepare)
            });
        let mut segments = waiting_segments(corridors, &items);
        separate_parallel_routes(&mut items);
        let mut envelopes = Vec::new();
        let mut points = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let mut extended = false;
            if let (true, Some([min, max])) = (item.on_demand, item.envelope) {
                envelopes.push(GeomWithData::new(Rectangle::from_corners(min, max), index));
            }
            for (which, shape) in item.shapes.iter().enumerate() {
                match (shape, item.envelope) {
                    (ItemShape::Point(p), _) => points.push(GeomWithData::new(*p, (index, which))),
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
        // The index of extents is the longest step left: built beside the rest.
        let (envelopes, (by_id, dated)) = std::thread::scope(|scope| {
            let envelopes = scope.spawn(move || RTree::bulk_load(envelopes));
            let mut by_id: Vec<(u64, usize)> = items
                .iter()
                .enumerate()
                .map(|(index, item)| (id_hash(&item.id), index))
                .collect();
            by_id.sort_unstable();
            let dated: Vec<usize> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.dated)
                .map(|(index, _)| index)
                .collect();
            segments.extend(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| Some((index, segment_index(item)?))),
            );
            segments.sort_unstable_by_key(|(index, _)| *index);
            let envelopes = envelopes
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (envelopes, (by_id, dated))
        });
        Self {
            dated,
            segments,
            items,
            envelopes,
            points: RTree::bulk_load(points),
            by_id,
            source: None,
        }
    }

    /// The shapes of the item at `index`: those it keeps, or projected from its geometry
    /// now when it is drawn from a big layer's tiles.
    pub fn shapes(&self, index: usize) -> Shapes<'_> {
        let item = self.items.get(index);
        match (item, &self.source) {
            (Some(item), Some(source)) if item.on_demand => {
                let (shapes, versions) = source
                    .get(index)
                    .map(|corridor| shapes_with_versions(corridor, None, false))
                    .unwrap_or_default();
                Shapes {
                    shapes: Cow::Owned(shapes),
                    versions: Cow::Owned(versions),
                }
            }
            _ => Shapes {
                shapes: Cow::Borrowed(item.map(|item| item.shapes.as_slice()).unwrap_or_default()),
                versions: Cow::Borrowed(
                    item.map(|item| item.shape_versions.as_slice())
                        .unwrap_or_default(),
                ),
            },
        }
    }

    /// The size of the item at `index`, in square degrees, for "smallest wins".
    fn area_of(&self, index: usize, item: &OverlayItem) -> f64 {
        match (&self.source, item.on_demand) {
            (Some(source), true) => source
                .get(index)
                .and_then(|corridor| corridor.geometry.as_ref())
                .map_or(0.0, Area::unsigned_area),
            _ => item.area_deg2,
        }
    }

    /// How many positions the items have, in every version of their routes.
    pub fn positions(&self) -> usize {
        let kept: usize = self
            .items
            .iter()
            .flat_map(|item| &item.shapes)
            .map(ItemShape::positions)
            .sum();
        let waiting: usize = self
            .source
            .iter()
            .flat_map(|source| source.iter().zip(&self.items))
            .filter(|(_, item)| item.on_demand)
            .map(|(corridor, _)| {
                std::iter::once(corridor.geometry.as_ref())
                    .chain(corridor.versions.iter().map(|v| v.geometry.as_ref()))
                    .flatten()
                    .map(geo::CoordsIter::coords_count)
                    .sum::<usize>()
            })
            .sum();
        kept + waiting
    }

    /// The squared distance from `at` to the nearest segment within `tolerance` of an item
    /// whose segments are indexed (infinite when none is that near); `None` for the others.
    fn indexed_d2(&self, index: usize, at: Unit, tolerance: f64) -> Option<f64> {
        let found = self
            .segments
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()?;
        let (_, tree) = self.segments.get(found)?;
        let item = self.items.get(index)?;
        // The positions of a run: kept, or projected now from the item's geometry (only the
        // run's, not the whole line's).
        let waiting = match (&self.source, item.on_demand) {
            (Some(source), true) => Some(lines_in(source.get(index)?.geometry.as_ref()?)?),
            _ => None,
        };
        let kept = lines_of(&item.shapes);
        let run = |number: usize, start: usize| -> Option<Cow<'_, [Unit]>> {
            match &waiting {
                Some(lines) => {
                    let line = lines.get(number)?;
                    let end = (start + RUN_SEGMENTS).min(line.len().saturating_sub(1));
                    let coords = line.get(start..=end)?;
                    Some(Cow::Owned(coords.iter().map(|c| unit(c.x, c.y)).collect()))
                }
                None => {
                    let line = kept.get(number)?;
                    let end = (start + RUN_SEGMENTS).min(line.len().saturating_sub(1));
                    Some(Cow::Borrowed(line.get(start..=end)?))
                }
            }
        };
        let near = AABB::from_corners(
            [at[0] - tolerance, at[1] - tolerance],
            [at[0] + tolerance, at[1] + tolerance],
        );
        let d2 = tree
            .locate_in_envelope_intersecting(&near)
            .filter_map(|hit| {
                let (number, start) = hit.data;
                let positions = run(number, start)?;
                Some(
                    positions
                        .windows(2)
                        .filter_map(|pair| match pair {
                            [a, b] => Some(Line::new(*a, *b).distance_2(&at)),
                            _ => None,
                        })
                        .fold(f64::INFINITY, f64::min),
                )
            })
            .fold(f64::INFINITY, f64::min);
        Some(d2)
    }

    /// The items that reach into the box from `min` to `max` (Mercator units), found with the
    /// spatial index, in the order of the overlay (the order they are drawn in).
    pub fn in_box(&self, min: Unit, max: Unit) -> Vec<usize> {
        let area = AABB::from_corners(min, max);
        let mut found: Vec<usize> = self
            .envelopes
            .locate_in_envelope_intersecting(&area)
            .map(|hit| hit.data)
            .chain(self.points.locate_in_envelope(&area).map(|hit| hit.data.0))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The index of the item with this id.
    pub fn index_of(&self, id: &FeatureId) -> Option<usize> {
        let hash = id_hash(id);
        let first = self.by_id.partition_point(|(h, _)| *h < hash);
        self.by_id
            .get(first..)?
            .iter()
            .take_while(|(h, _)| *h == hash)
            .map(|(_, index)| *index)
            .find(|index| self.items.get(*index).is_some_and(|item| &item.id == id))
    }

    /// The item under `at` (Mercator units), within `tolerance` units for points and lines.
    /// Points win over lines, lines over areas; among areas the smallest wins; otherwise the
    /// nearest. Only items for which `visible` says yes are considered.
    pub fn pick(&self, at: Unit, tolerance: f64, visible: impl Fn(usize) -> bool) -> Option<usize> {
        self.pick_ranked(at, tolerance, 0.0, visible, |_| None)
            .map(|hit| hit.index)
    }

    /// As [`Overlay::pick`], with the rank of the hit, to compare hits of several sets.
    /// Lines drawn aside (see [`OverlayItem::offset_points`]) are measured where they are
    /// drawn, `units_per_point` Mercator units to a screen point (0 measures their course).
    /// Of an item with route versions only the version that `version` names is hit.
    pub fn pick_ranked(
        &self,
        at: Unit,
        tolerance: f64,
        units_per_point: f64,
        visible: impl Fn(usize) -> bool,
        version: impl Fn(usize) -> Option<usize>,
    ) -> Option<Pick> {
        let r2 = tolerance * tolerance;
        let nearest = |candidates: Vec<(f64, usize)>, tier: PickTier| {
            candidates
                .into_iter()
                .filter(|(_, index)| visible(*index))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(score, index)| Pick { tier, score, index })
        };
        let d2 = |a: &Unit, b: &Unit| (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2);
        let point_hits = self
            .points
            .locate_within_distance(at, r2)
            .filter(|hit| {
                let (index, which) = hit.data;
                self.items
                    .get(index)
                    .is_some_and(|item| item.shows_shape(which, version(index)))
            })
            .map(|hit| (d2(hit.geom(), &at), hit.data.0))
            .collect();
        if let Some(hit) = nearest(point_hits, PickTier::Point) {
            return Some(hit);
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
                let item = self.items.get(index)?;
                if let Some(d2) = self.indexed_d2(index, at, tolerance) {
                    return (d2 <= r2).then_some((d2, index));
                }
                let aside = f64::from(item.offset_points) * units_per_point;
                let d2 = self
                    .shapes(index)
                    .in_version(version(index))
                    .filter_map(|shape| match shape {
                        ItemShape::Lines(lines) => Some(lines),
                        _ => None,
                    })
                    .flatten()
                    .flat_map(|line| line.windows(2))
                    .filter_map(|pair| match pair {
                        [a, b] => {
                            let (a, b) = shifted_segment(*a, *b, aside);
                            Some(Line::new(a, b).distance_2(&at))
                        }
                        _ => None,
                    })
                    .fold(f64::INFINITY, f64::min);
                (d2 <= r2).then_some((d2, index))
            })
            .collect();
        if let Some(hit) = nearest(line_hits, PickTier::Line) {
            return Some(hit);
        }
        let area_hits = candidates
            .iter()
            .filter_map(|&index| {
                let item = self.items.get(index)?;
                let hit = self
                    .shapes(index)
                    .in_version(version(index))
                    .any(|shape| match shape {
                        ItemShape::Area { rings, .. } => inside(rings, at),
                        _ => false,
                    });
                hit.then(|| (self.area_of(index, item), index))
            })
            .collect();
        nearest(area_hits, PickTier::Area)
    }
}

/// Mercator units back to longitude and latitude in degrees.
pub fn unit_to_lon_lat(at: Unit) -> (f64, f64) {
    crate::map::mercator::lon_lat(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::basemap::Basemap;

    /// A zigzag line of `count` positions across the Caspian, as a corridor.
    fn zigzag(count: usize) -> Corridor {
        let line: Vec<(f64, f64)> = (0..count)
            .map(|i| {
                let t = i as f64 / count as f64;
                (48.0 + 6.0 * t, 40.0 + if i % 2 == 0 { 0.0 } else { 0.01 })
            })
            .collect();
        Corridor {
            id: FeatureId("zigzag".into()),
            info: crate::model::corridor::CorridorProperties::default(),
            properties: crate::model::corridor::Properties::default(),
            geometry: Some(geo::LineString::from(line).into()),
            versions: Vec::new(),
        }
    }

    #[test]
    fn a_line_of_many_positions_is_picked_through_its_indexed_segments_as_by_reading_them_all() {
        let indexed = Overlay::new(
            &[zigzag(INDEXED_SEGMENTS_FROM * 2)],
            &[],
            Color32::GRAY,
            false,
        );
        assert_eq!(indexed.segments.len(), 1, "the line's segments are indexed");
        let small = Overlay::new(&[zigzag(200)], &[], Color32::GRAY, false);
        assert!(small.segments.is_empty());
        let tolerance = 6.0 / crate::map::mercator::world_points(9.0);
        for (lon, lat) in [(50.0, 40.004), (51.0, 40.05), (47.9, 40.0), (53.99, 40.009)] {
            let at = crate::map::mercator::unit(lon, lat);
            let mut scanned = Overlay::new(
                &[zigzag(INDEXED_SEGMENTS_FROM * 2)],
                &[],
                Color32::GRAY,
                false,
            );
            scanned.segments.clear();
            let by_index = indexed.pick_ranked(at, tolerance, 0.0, |_| true, |_| None);
            let by_scan = scanned.pick_ranked(at, tolerance, 0.0, |_| true, |_| None);
            assert_eq!(by_index, by_scan, "at {lon}, {lat}");
        }
        let near = crate::map::mercator::unit(50.0, 40.004);
        assert!(indexed.pick(near, tolerance, |_| true).is_some());
    }

    #[test]
    fn a_big_layer_projected_on_demand_draws_and_picks_as_one_that_keeps_its_shapes() {
        let countries = Basemap::bundled().expect("basemap").countries;
        let mut corridors = crate::io::story::bundled().corridors;
        corridors.push(zigzag(INDEXED_SEGMENTS_FROM * 2));
        let corridors = Arc::new(corridors);
        let kept = Overlay::new(&corridors, &countries, Color32::GRAY, false);
        let waiting = Overlay::on_demand(Arc::clone(&corridors), &[], &countries, Color32::GRAY);
        let on_demand = waiting.items.iter().filter(|item| item.on_demand).count();
        assert!(on_demand > 10, "{on_demand} items wait to be projected");
        assert!(
            waiting
                .items
                .iter()
                .filter(|item| item.on_demand)
                .all(|item| item.shapes.is_empty()),
            "and keep no shapes"
        );
        assert_eq!(
            waiting.segments.len(),
            1,
            "the long line's segments are indexed"
        );
        assert_eq!(waiting.positions(), kept.positions());
        for index in 0..kept.items.len() {
            let (a, b) = (kept.shapes(index), waiting.shapes(index));
            assert_eq!(
                format!("{:?}", a.all()),
                format!("{:?}", b.all()),
                "item {index}"
            );
            for version in [None, Some(1)] {
                assert_eq!(
                    a.in_version(version).count(),
                    b.in_version(version).count(),
                    "item {index}, version {version:?}"
                );
            }
        }
        // Routes that run together are drawn apart in the kept overlay: measure picks on
        // their courses, as a pick does.
        let tolerance = 5.0 / crate::map::mercator::world_points(8.0);
        let mut hits = 0;
        for step in 0..40 * 30 {
            let (lon, lat) = (
                46.0 + f64::from(step % 40) * 0.3,
                37.0 + f64::from(step / 40) * 0.3,
            );
            let at = unit(lon, lat);
            let picked = kept.pick(at, tolerance, |_| true);
            assert_eq!(
                picked,
                waiting.pick(at, tolerance, |_| true),
                "at {lon}, {lat}"
            );
            hits += usize::from(picked.is_some());
        }
        assert!(hits > 100, "{hits} of 1200 picks hit an item");
    }

    fn overlay() -> Overlay {
        let story = crate::io::story::bundled();
        let countries = Basemap::bundled().expect("basemap").countries;
        Overlay::new(&story.corridors, &countries, Color32::GRAY, true)
    }

    fn pick_at(overlay: &Overlay, lon: f64, lat: f64, zoom: f64) -> Option<&str> {
        // Five screen points at this zoom.
        let tolerance = 5.0 / crate::map::mercator::world_points(zoom);
        overlay
            .pick(unit(lon, lat), tolerance, |_| true)
            .map(|index| overlay.items[index].id.0.as_str())
    }

    #[test]
    fn the_tanker_route_and_the_aktau_ferry_are_drawn_side_by_side() {
        let overlay = overlay();
        let offset = |id: &str| {
            let index = overlay.index_of(&FeatureId(id.into())).expect(id);
            overlay.items[index].offset_points
        };
        let tanker = offset("kazakh-oil-tanker-aktau-sangachal");
        let ferry = offset("ferry-aktau-alat");
        assert!(tanker != 0.0 && ferry != 0.0, "{tanker} {ferry}");
        // Points are never moved aside.
        assert_eq!(offset("port-of-aktau"), 0.0);
    }

    #[test]
    fn the_items_in_a_box_are_found_with_the_index() {
        let overlay = overlay();
        let ids = |west: f64, south: f64, east: f64, north: f64| -> Vec<String> {
            overlay
                .in_box(unit(west, north), unit(east, south))
                .into_iter()
                .map(|i| overlay.items[i].id.0.clone())
                .collect()
        };
        let around_aktau = ids(51.0, 43.4, 51.4, 43.8);
        assert!(
            around_aktau.contains(&"port-of-aktau".to_owned()),
            "{around_aktau:?}"
        );
        assert!(!around_aktau.contains(&"ceyhan-terminal".to_owned()));
        // The pipeline passes through this box without a vertex in it: its extent counts.
        assert!(ids(40.0, 39.0, 44.0, 42.0).contains(&"btc-pipeline".to_owned()));
    }

    #[test]
    fn routes_far_apart_are_not_moved() {
        let line = |lon: f64| ItemShape::Lines(vec![vec![unit(lon, 40.0), unit(lon, 44.0)]]);
        let mut items: Vec<OverlayItem> = [44.0, 52.0]
            .into_iter()
            .map(|lon| {
                let mut item = item_of(
                    &Corridor {
                        id: FeatureId(format!("line-{lon}")),
                        info: crate::model::corridor::CorridorProperties::default(),
                        properties: crate::model::corridor::Properties::default(),
                        geometry: None,
                        versions: Vec::new(),
                    },
                    None,
                    &[],
                    Color32::GRAY,
                    Prepare::Kept,
                );
                item.shapes = vec![line(lon)];
                item.envelope = Some([unit(lon, 44.0), unit(lon, 40.0)]);
                item
            })
            .collect();
        separate_parallel_routes(&mut items);
        assert!(items.iter().all(|item| item.offset_points == 0.0));
        // The same two lines on top of each other, drawn in opposite directions: they go to
        // opposite sides of their common course.
        items[1].shapes = vec![ItemShape::Lines(vec![vec![
            unit(44.0, 44.0),
            unit(44.0, 40.0),
        ]])];
        items[1].envelope = items[0].envelope;
        separate_parallel_routes(&mut items);
        let (a, b) = (items[0].offset_points, items[1].offset_points);
        assert!(
            a != 0.0 && (a - b).abs() < 1e-6,
            "{a} {b}: offsets along each line's own left"
        );
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
        let middle = [f64::midpoint(a[0], b[0]), f64::midpoint(a[1], b[1])];
        let (lon, lat) = unit_to_lon_lat(middle);
        assert_eq!(
            pick_at(&overlay, lon, lat, 8.0),
            Some("baku-tbilisi-kars-railway")
        );
        let invisible = overlay.pick(middle, 1e-6, |index| index != railway);
        assert_ne!(invisible, Some(railway), "hidden items cannot be picked");
    }
}
