//! Big layers drawn as tiles: a file with millions of positions cannot be drawn as vector
//! shapes every frame, so its items are rasterised per tile by worker threads, from copies
//! thinned to what each zoom band can show, and the window only draws textures.

use std::sync::{Arc, OnceLock};

use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

use crate::map::offline_tiles::TileRenderer;
use crate::map::overlay::{ItemShape, Overlay, Unit};
use crate::map::raster::TileKey;
use crate::map::simplestyle::ItemStyle;

/// Layers with more positions than this are drawn as tiles.
pub const TILED_LAYER_MIN_VERTICES: usize = 100_000;

/// Layers with more items than this are drawn as tiles too: thousands of labelled points cost
/// as much to draw every frame as a long coastline.
pub const TILED_LAYER_MIN_ITEMS: usize = 5_000;

/// The most detailed zoom of each thinned copy; beyond the last, the full data is drawn.
const BAND_MAX_ZOOM: [u8; 4] = [3, 5, 7, 9];

/// Strokes up to this wide (in pixels) are joined with bevels.
const THIN_STROKE_PX: f32 = 4.0;

/// One item of a thinned copy.
#[derive(Debug, Clone)]
enum Thinned {
    Point(Unit),
    Lines(Vec<Vec<Unit>>),
    Area(Vec<Vec<Unit>>),
}

/// A copy of the layer's items with at most one position per pixel of a zoom level.
#[derive(Debug, Default)]
struct Band {
    items: Vec<(usize, Thinned)>,
}

impl Band {
    fn vertices(&self) -> usize {
        self.items
            .iter()
            .map(|(_, thinned)| match thinned {
                Thinned::Point(_) => 1,
                Thinned::Lines(lines) | Thinned::Area(lines) => lines.iter().map(Vec::len).sum(),
            })
            .sum()
    }
}

/// Keeps the first and last position and any that falls in another pixel than the last kept.
fn thin(line: &[Unit], px_per_unit: f64) -> Vec<Unit> {
    let cell = |u: &Unit| {
        (
            (u[0] * px_per_unit).floor() as i64,
            (u[1] * px_per_unit).floor() as i64,
        )
    };
    let mut kept: Vec<Unit> = Vec::new();
    let mut last_cell = None;
    for (i, point) in line.iter().enumerate() {
        let here = cell(point);
        if Some(here) != last_cell || i + 1 == line.len() {
            kept.push(*point);
            last_cell = Some(here);
        }
    }
    kept
}

/// Draws a big layer's items into tiles.
pub struct LayerRaster {
    overlay: Arc<Overlay>,
    /// Thinned copies per entry of [`BAND_MAX_ZOOM`], each made by the first tile that needs
    /// it (on a tile worker, after the layer is shown); `None` where thinning would not save
    /// much, and the full data is drawn instead.
    bands: [OnceLock<Option<Band>>; BAND_MAX_ZOOM.len()],
    /// Positions in the full data.
    full_vertices: usize,
    styles: Vec<ItemStyle>,
    /// Per item: its index in `styles`.
    style_of: Vec<usize>,
}

impl LayerRaster {
    /// Prepares `overlay` for drawing as tiles; the thinned copy of each zoom band is made
    /// when a tile first needs it.
    pub fn new(overlay: Arc<Overlay>) -> Self {
        let mut styles: Vec<ItemStyle> = Vec::new();
        let mut known: foldhash::HashMap<[u32; 10], usize> = foldhash::HashMap::default();
        let style_of = overlay
            .items
            .iter()
            .map(|item| {
                let s = item.style;
                let [dash, gap] = s.dash.unwrap_or([0.0, 0.0]);
                let key = [
                    u32::from_ne_bytes(s.stroke.to_array()),
                    s.stroke_width.to_bits(),
                    u32::from_ne_bytes(s.fill.to_array()),
                    u32::from_ne_bytes(s.marker.to_array()),
                    s.marker_radius.to_bits(),
                    dash.to_bits(),
                    gap.to_bits(),
                    u32::from(s.dash.is_some()),
                    0,
                    0,
                ];
                *known.entry(key).or_insert_with(|| {
                    styles.push(s);
                    styles.len() - 1
                })
            })
            .collect();
        let full_vertices = overlay.positions();
        Self {
            overlay,
            bands: Default::default(),
            full_vertices,
            styles,
            style_of,
        }
    }

    /// The thinned copy for zooms up to `zoom`, when it saves much against the full data.
    fn thinned_copy(&self, zoom: u8) -> Option<Band> {
        // Two-pixel cells: at the most detailed zoom of the band a line keeps a bend every
        // other pixel, which anti-aliasing cannot tell from every pixel.
        let px_per_unit = 128.0 * f64::from(1u32 << zoom);
        // Items drawn from a big layer are projected here, one at a time, and only their
        // thinned positions kept.
        let mut items = Vec::new();
        for index in 0..self.overlay.items.len() {
            for shape in self.overlay.shapes(index).all() {
                let thinned = match shape {
                    ItemShape::Point(p) => Thinned::Point(*p),
                    ItemShape::Lines(lines) => {
                        Thinned::Lines(lines.iter().map(|l| thin(l, px_per_unit)).collect())
                    }
                    ItemShape::Area { rings, .. } => Thinned::Area(
                        rings
                            .iter()
                            .map(|ring| thin(ring, px_per_unit))
                            .filter(|ring| ring.len() >= 3)
                            .collect(),
                    ),
                };
                items.push((index, thinned));
            }
        }
        let band = Band { items };
        // A copy that keeps most positions costs memory for nothing.
        (band.vertices() * 2 <= self.full_vertices).then_some(band)
    }
}

fn skia_colour(colour: egui::Color32) -> tiny_skia::Color {
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

/// Lines and points of one style, stroked and filled together.
#[derive(Default)]
struct Batch {
    strokes: PathBuilder,
    points: PathBuilder,
}

/// Where a tile lies in the world, and how Mercator units map to its pixels.
struct TileFrame {
    px_per_unit: f64,
    /// The tile's top-left corner in pixels of the whole world.
    origin: (f64, f64),
    /// Styles are written for 256-pixel tiles: bigger tiles draw wider lines and markers.
    scale: f32,
    /// The tile with room for line widths and markers, in Mercator units.
    min: Unit,
    max: Unit,
    /// The tile with room for line widths, in its own pixels: from `low` to `high` on both
    /// axes.
    low: f32,
    high: f32,
}

impl TileFrame {
    fn new(tile: TileKey, size_px: u32) -> Self {
        let px_per_unit = f64::from(1u32 << tile.zoom.min(31)) * f64::from(size_px);
        let origin = (
            f64::from(tile.x) * f64::from(size_px),
            f64::from(tile.y) * f64::from(size_px),
        );
        let scale = size_px as f32 / 256.0;
        let margin = 12.0 / px_per_unit;
        let reach = 16.0 * scale;
        Self {
            px_per_unit,
            origin,
            scale,
            min: [
                origin.0 / px_per_unit - margin,
                origin.1 / px_per_unit - margin,
            ],
            max: [
                (origin.0 + f64::from(size_px)) / px_per_unit + margin,
                (origin.1 + f64::from(size_px)) / px_per_unit + margin,
            ],
            low: -reach,
            high: size_px as f32 + reach,
        }
    }

    /// Where a position is in the tile's pixels.
    fn to_px(&self, u: &Unit) -> (f32, f32) {
        (
            (u[0] * self.px_per_unit - self.origin.0) as f32,
            (u[1] * self.px_per_unit - self.origin.1) as f32,
        )
    }

    /// Whether an item with this envelope can show in the tile. Every item with a geometry
    /// has an envelope, points included.
    fn touches(&self, envelope: Option<[Unit; 2]>) -> bool {
        envelope.is_some_and(|[a, b]| {
            a[0] <= self.max[0] && b[0] >= self.min[0] && a[1] <= self.max[1] && b[1] >= self.min[1]
        })
    }

    /// Whether the segment from `a` to `b` comes near enough to the tile to paint in it.
    fn near(&self, (ax, ay): (f32, f32), (bx, by): (f32, f32)) -> bool {
        ax.max(bx) >= self.low
            && ax.min(bx) <= self.high
            && ay.max(by) >= self.low
            && ay.min(by) <= self.high
    }

    /// Adds `line` whole, closed when it is a ring.
    fn add_line(&self, builder: &mut PathBuilder, line: &[Unit], close: bool) {
        let mut points = line.iter().map(|u| self.to_px(u));
        if let Some((x, y)) = points.next() {
            builder.move_to(x, y);
            for (x, y) in points {
                builder.line_to(x, y);
            }
            if close {
                builder.close();
            }
        }
    }

    /// Adds `line` to be stroked. Solid strokes keep only the segments that come near the
    /// tile. Dashed ones are drawn whole, so that the dashes of neighbouring tiles line up,
    /// unless the line is so long in this zoom's pixels that dashing it whole would be slow or,
    /// past a million dashes, make tiny-skia draw nothing.
    fn add_stroke(&self, builder: &mut PathBuilder, line: &[Unit], dashed: bool) {
        if dashed {
            let length_px: f32 = line
                .windows(2)
                .filter_map(|pair| match pair {
                    [a, b] => Some(((b[0] - a[0]).hypot(b[1] - a[1]) * self.px_per_unit) as f32),
                    _ => None,
                })
                .sum();
            if length_px < 200_000.0 {
                self.add_line(builder, line, false);
                return;
            }
        }
        let mut previous: Option<(f32, f32)> = None;
        let mut drawing = false;
        for point in line.iter().map(|u| self.to_px(u)) {
            match previous {
                Some(from) if self.near(from, point) => {
                    if !drawing {
                        builder.move_to(from.0, from.1);
                        drawing = true;
                    }
                    builder.line_to(point.0, point.1);
                }
                _ => drawing = false,
            }
            previous = Some(point);
        }
    }
}

/// The paths of one tile, before painting.
struct TilePaths {
    /// Per entry of [`LayerRaster::styles`]: its strokes and markers.
    batches: Vec<Batch>,
    /// Areas are filled one by one: in one even-odd path, two overlapping areas of the same
    /// style would leave their overlap empty, like a hole.
    area_fills: Vec<(usize, tiny_skia::Path)>,
}

impl LayerRaster {
    /// The paths of the items that come into the tile: from the thinned copy of the tile's
    /// zoom band, or from the full data where there is none.
    fn tile_paths(&self, frame: &TileFrame, zoom: u8) -> TilePaths {
        let mut paths = TilePaths {
            batches: (0..self.styles.len()).map(|_| Batch::default()).collect(),
            area_fills: Vec::new(),
        };
        // Dated items are drawn over the tiles as vectors: their look follows the date.
        let touches = |index: usize| {
            self.overlay
                .items
                .get(index)
                .is_some_and(|item| !item.dated && frame.touches(item.envelope))
        };
        let band = BAND_MAX_ZOOM
            .iter()
            .zip(&self.bands)
            .find(|&(&most, _)| zoom <= most)
            .and_then(|(&most, band)| band.get_or_init(|| self.thinned_copy(most)).as_ref());
        match band {
            Some(band) => {
                for (index, thinned) in band.items.iter().filter(|(index, _)| touches(*index)) {
                    let shape = match thinned {
                        Thinned::Point(p) => ThinnedRef::Point(p),
                        Thinned::Lines(lines) => ThinnedRef::Lines(lines),
                        Thinned::Area(rings) => ThinnedRef::Area(rings),
                    };
                    self.add_shape(frame, &mut paths, *index, shape);
                }
            }
            None => {
                for index in (0..self.overlay.items.len()).filter(|index| touches(*index)) {
                    for shape in self.overlay.shapes(index).all() {
                        let shape = match shape {
                            ItemShape::Point(p) => ThinnedRef::Point(p),
                            ItemShape::Lines(lines) => ThinnedRef::Lines(lines),
                            ItemShape::Area { rings, .. } => ThinnedRef::Area(rings),
                        };
                        self.add_shape(frame, &mut paths, index, shape);
                    }
                }
            }
        }
        paths
    }

    /// Adds one shape of the item at `index` to the paths of the item's style.
    fn add_shape(
        &self,
        frame: &TileFrame,
        paths: &mut TilePaths,
        index: usize,
        shape: ThinnedRef<'_>,
    ) {
        let Some(&style_index) = self.style_of.get(index) else {
            return;
        };
        let (Some(batch), Some(style)) = (
            paths.batches.get_mut(style_index),
            self.styles.get(style_index),
        ) else {
            return;
        };
        let dashed = style.dash.is_some();
        match shape {
            ThinnedRef::Point(p) => {
                let (x, y) = frame.to_px(p);
                batch
                    .points
                    .push_circle(x, y, style.marker_radius * frame.scale);
            }
            ThinnedRef::Lines(lines) => {
                for line in lines {
                    frame.add_stroke(&mut batch.strokes, line, dashed);
                }
            }
            ThinnedRef::Area(rings) => {
                let mut fill = PathBuilder::new();
                for ring in rings {
                    frame.add_line(&mut fill, ring, true);
                    frame.add_stroke(&mut batch.strokes, ring, dashed);
                }
                if let Some(path) = fill.finish() {
                    paths.area_fills.push((style_index, path));
                }
            }
        }
    }

    /// Paints the paths: every area fill first, then per style its strokes and its markers.
    fn paint(&self, pixmap: &mut Pixmap, paths: TilePaths, scale: f32) {
        let mut paint = Paint {
            anti_alias: true,
            ..Paint::default()
        };
        for (style, path) in &paths.area_fills {
            if let Some(style) = self.styles.get(*style) {
                paint.set_color(skia_colour(style.fill));
                pixmap.fill_path(path, &paint, FillRule::EvenOdd, Transform::identity(), None);
            }
        }
        for (style, batch) in self.styles.iter().zip(paths.batches) {
            if let Some(strokes) = batch.strokes.finish() {
                paint.set_color(skia_colour(style.stroke));
                let width = style.stroke_width * scale;
                let stroke = Stroke {
                    width,
                    // On lines a few pixels wide a round join cannot be told from a bevel,
                    // which costs a small part of its edges to fill.
                    line_join: if width <= THIN_STROKE_PX {
                        tiny_skia::LineJoin::Bevel
                    } else {
                        tiny_skia::LineJoin::Round
                    },
                    dash: style
                        .dash
                        .and_then(|[d, g]| StrokeDash::new(vec![d * scale, g * scale], 0.0)),
                    ..Stroke::default()
                };
                pixmap.stroke_path(&strokes, &paint, &stroke, Transform::identity(), None);
            }
            if let Some(points) = batch.points.finish() {
                paint.set_color(skia_colour(style.marker));
                pixmap.fill_path(
                    &points,
                    &paint,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}

impl TileRenderer for LayerRaster {
    fn render(&self, tile: TileKey, size_px: u32) -> Option<Vec<u8>> {
        let mut pixmap = Pixmap::new(size_px, size_px)?;
        let frame = TileFrame::new(tile, size_px);
        let paths = self.tile_paths(&frame, tile.zoom);
        self.paint(&mut pixmap, paths, frame.scale);
        Some(pixmap.take())
    }
}

/// A thinned or full-detail shape, borrowed.
#[derive(Clone, Copy)]
enum ThinnedRef<'a> {
    Point(&'a Unit),
    Lines(&'a [Vec<Unit>]),
    Area(&'a [Vec<Unit>]),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::reader::{Progress, read_corridors};
    use crate::map::raster::tile_at;

    fn raster_of(geojson: &str) -> LayerRaster {
        let outcome = read_corridors(geojson.as_bytes(), &Progress::default()).expect("reads");
        let overlay = Overlay::new(&outcome.corridors, &[], egui::Color32::GRAY, false);
        LayerRaster::new(Arc::new(overlay))
    }

    /// How many pixels of the tile at `lon`, `lat` are painted (not transparent).
    fn painted(raster: &LayerRaster, lon: f64, lat: f64, zoom: u8) -> usize {
        let rgba = raster.render(tile_at(lon, lat, zoom), 256).expect("a tile");
        rgba.chunks_exact(4).filter(|px| px[3] > 0).count()
    }

    #[test]
    fn a_tile_shows_the_line_and_the_area_that_cross_it_and_nothing_elsewhere() {
        let raster = raster_of(
            r##"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"stroke":"#ff0000"},
               "geometry":{"type":"LineString","coordinates":[[48.0,40.0],[52.0,44.0]]}},
              {"type":"Feature","properties":{"fill":"#0000ff"},
               "geometry":{"type":"Polygon","coordinates":[[[53.0,38.0],[59.0,38.0],[59.0,44.0],[53.0,44.0],[53.0,38.0]]]}}
            ]}"##,
        );
        // On the line, in the area, and far from both.
        let on_line = painted(&raster, 50.0, 42.0, 7);
        let in_area = painted(&raster, 56.0, 41.0, 7);
        let nowhere = painted(&raster, 30.0, 30.0, 7);
        assert!(on_line > 100, "{on_line} pixels of the line");
        assert!(in_area > 256 * 256 / 2, "{in_area} pixels of the area");
        assert_eq!(nowhere, 0);
    }

    #[test]
    fn thinned_copies_still_draw_the_line_at_every_zoom_band() {
        // A long wiggly line: thinned in the low bands, whole in the high ones.
        let coordinates: Vec<String> = (0..4000)
            .map(|i| {
                let lon = 45.0 + f64::from(i) * 0.002;
                let lat = 41.0 + 0.01 * (f64::from(i) * 0.7).sin();
                format!("[{lon:.5},{lat:.5}]")
            })
            .collect();
        let raster = raster_of(&format!(
            r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
            coordinates.join(",")
        ));
        for zoom in [3, 5, 7, 9, 11] {
            assert!(
                painted(&raster, 48.0, 41.0, zoom) > 0,
                "nothing drawn at zoom {zoom}"
            );
        }
    }
}
