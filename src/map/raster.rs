//! Draws basemap tiles from the vector data: the same geometry projected into each tile, so
//! neighbouring tiles agree pixel for pixel along their shared edge.
//!
//! Pure and thread-safe: [`Rasteriser::render`] takes a tile and returns RGBA pixels, which the
//! tile cache turns into a texture off the UI thread.

use geo::{LineString, MultiPolygon, Simplify};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

use crate::io::basemap::{BASEMAP_BOUNDS_DEG, Basemap, real_outline};
use crate::style::basemap as colours;

/// A tile of the slippy-map grid: `x`, `y` at `zoom`, as in the OpenStreetMap scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileKey {
    /// Column, 0 at 180° W.
    pub x: u32,
    /// Row, 0 at the northern edge of the Mercator square.
    pub y: u32,
    /// Zoom level.
    pub zoom: u8,
}

/// Longitude/latitude in degrees to Web Mercator coordinates normalised to 0..1 (y down),
/// as a pair for the rasteriser's shapes.
fn mercator_unit(lon_deg: f64, lat_deg: f64) -> (f64, f64) {
    let [x, y] = crate::map::mercator::unit(lon_deg, lat_deg);
    (x, y)
}

/// A ring or line in normalised Mercator units with its bounding box.
#[derive(Debug, Clone)]
struct Shape {
    points: Vec<(f64, f64)>,
    min: (f64, f64),
    max: (f64, f64),
}

impl Shape {
    fn new(line: &LineString<f64>) -> Option<Self> {
        let points: Vec<(f64, f64)> = line.coords().map(|c| mercator_unit(c.x, c.y)).collect();
        let first = points.first()?;
        let (mut min, mut max) = (*first, *first);
        for &(x, y) in &points {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
        Some(Self { points, min, max })
    }

    fn intersects(&self, min: (f64, f64), max: (f64, f64)) -> bool {
        self.min.0 <= max.0 && self.max.0 >= min.0 && self.min.1 <= max.1 && self.max.1 >= min.1
    }
}

/// The basemap geometry prepared for one band of zoom levels.
#[derive(Debug, Clone, Default)]
struct Level {
    land: Vec<Shape>,
    lakes: Vec<Shape>,
    /// Coastlines and lake shores, without the edges the clipping to the box made.
    shores: Vec<Shape>,
    borders: Vec<Shape>,
}

/// Up to which zoom each simplified level is used; above the last, the full data.
const LEVEL_MAX_ZOOM: [u8; 2] = [4, 7];

/// Draws basemap tiles.
#[derive(Debug, Clone)]
pub struct Rasteriser {
    /// Simplified levels for [`LEVEL_MAX_ZOOM`], then the full-detail level.
    levels: Vec<Level>,
}

impl Rasteriser {
    /// Prepares the basemap for drawing: projects it once and simplifies it per zoom band.
    pub fn new(basemap: &Basemap) -> Self {
        let mut levels: Vec<Level> = LEVEL_MAX_ZOOM
            .iter()
            .map(|&zoom| {
                // Half a pixel at the most detailed zoom of the band, in degrees. Mercator
                // stretches a degree by 1/cos(latitude): at the north edge of the data (64° N)
                // a degree is 2.3 times as long as at the equator, so divide by that.
                let north_deg = BASEMAP_BOUNDS_DEG.3;
                let stretch_at_north_edge = 1.0 / north_deg.to_radians().cos();
                let epsilon_deg =
                    0.5 * 360.0 / (256.0 * f64::from(1u32 << zoom)) / stretch_at_north_edge;
                Level::new(basemap, Some(epsilon_deg))
            })
            .collect();
        levels.push(Level::new(basemap, None));
        Self { levels }
    }

    fn level(&self, zoom: u8) -> Option<&Level> {
        let index = LEVEL_MAX_ZOOM
            .iter()
            .position(|&max| zoom <= max)
            .unwrap_or(LEVEL_MAX_ZOOM.len());
        self.levels.get(index)
    }

    /// Renders `tile` as `size_px` × `size_px` premultiplied RGBA pixels. Line widths grow
    /// with `size_px / 256`, so a 512-pixel tile is the same map for a screen of twice the
    /// pixel density.
    ///
    /// Returns `None` only when `size_px` is zero.
    pub fn render(&self, tile: TileKey, size_px: u32) -> Option<Vec<u8>> {
        let origin_px = (
            f64::from(tile.x) * f64::from(size_px),
            f64::from(tile.y) * f64::from(size_px),
        );
        self.render_area(tile.zoom, size_px, origin_px, (size_px, size_px))
    }

    /// Renders any pixel rectangle of the map at `zoom`, with tiles of `tile_px` pixels:
    /// `origin_px` is the rectangle's top-left corner in pixels of the whole world.
    fn render_area(
        &self,
        zoom: u8,
        tile_px: u32,
        origin_px: (f64, f64),
        (width, height): (u32, u32),
    ) -> Option<Vec<u8>> {
        let mut pixmap = Pixmap::new(width, height)?;
        // f64 until here: at zoom 10 the world is 262 144 pixels wide, more than f32 keeps.
        let px_per_unit = f64::from(1u32 << zoom.min(31)) * f64::from(tile_px);
        let to_px = |(x, y): (f64, f64)| -> (f32, f32) {
            (
                (x * px_per_unit - origin_px.0) as f32,
                (y * px_per_unit - origin_px.1) as f32,
            )
        };
        paint_backdrop(&mut pixmap, to_px);
        let Some(level) = self.level(zoom) else {
            return Some(pixmap.take());
        };

        // Shapes within a few pixels outside the area still paint strokes inside it.
        let margin_px = 4.0;
        let min = (
            (origin_px.0 - margin_px) / px_per_unit,
            (origin_px.1 - margin_px) / px_per_unit,
        );
        let max = (
            (origin_px.0 + f64::from(width) + margin_px) / px_per_unit,
            (origin_px.1 + f64::from(height) + margin_px) / px_per_unit,
        );
        let paths = LevelPaths {
            land: path(&level.land, min, max, to_px, true),
            lakes: path(&level.lakes, min, max, to_px, true),
            shores: path(&level.shores, min, max, to_px, false),
            borders: path(&level.borders, min, max, to_px, false),
        };
        let scale = tile_px as f32 / 256.0;
        paint_level(&mut pixmap, &paths, zoom, scale);
        Some(pixmap.take())
    }
}

/// Paints what lies under the basemap: water over the bundled data's box and, beyond it, a
/// colour that says "no data" instead of pretending to be sea.
fn paint_backdrop(pixmap: &mut Pixmap, to_px: impl Fn((f64, f64)) -> (f32, f32)) {
    pixmap.fill(colour(colours::NO_DATA));
    let (west, south, east, north) = BASEMAP_BOUNDS_DEG;
    let (left, top) = to_px(mercator_unit(west, north));
    let (right, bottom) = to_px(mercator_unit(east, south));
    if let Some(data_area) = tiny_skia::Rect::from_ltrb(left, top, right, bottom) {
        let mut water = Paint::default();
        water.set_color(colour(colours::WATER));
        pixmap.fill_rect(data_area, &water, Transform::identity(), None);
    }
}

/// The paths of one level within the area being drawn, in its pixels.
struct LevelPaths {
    land: Option<tiny_skia::Path>,
    lakes: Option<tiny_skia::Path>,
    shores: Option<tiny_skia::Path>,
    borders: Option<tiny_skia::Path>,
}

/// Paints land, then lakes, then shores and borders over them; lines grow with `scale` and
/// borders widen from zoom 6.
fn paint_level(pixmap: &mut Pixmap, paths: &LevelPaths, zoom: u8, scale: f32) {
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    if let Some(land) = &paths.land {
        paint.set_color(colour(colours::LAND));
        pixmap.fill_path(land, &paint, FillRule::EvenOdd, Transform::identity(), None);
    }
    if let Some(lakes) = &paths.lakes {
        paint.set_color(colour(colours::WATER));
        pixmap.fill_path(
            lakes,
            &paint,
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
    let coast = Stroke {
        width: 0.8 * scale,
        ..Stroke::default()
    };
    paint.set_color(colour(colours::COAST));
    if let Some(shores) = &paths.shores {
        pixmap.stroke_path(shores, &paint, &coast, Transform::identity(), None);
    }
    if let Some(borders) = &paths.borders {
        let border = Stroke {
            width: (if zoom >= 6 { 1.4 } else { 1.0 }) * scale,
            line_join: tiny_skia::LineJoin::Round,
            ..Stroke::default()
        };
        paint.set_color(colour(colours::BORDER));
        pixmap.stroke_path(borders, &paint, &border, Transform::identity(), None);
    }
}

impl Level {
    fn new(basemap: &Basemap, epsilon_deg: Option<f64>) -> Self {
        let prepare = |line: &LineString<f64>| -> Option<Shape> {
            match epsilon_deg {
                Some(epsilon) => Shape::new(&line.simplify(epsilon)),
                None => Shape::new(line),
            }
        };
        let all_rings = |polygons: &MultiPolygon<f64>| -> Vec<LineString<f64>> {
            polygons
                .iter()
                .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
                .cloned()
                .collect()
        };
        let (land, lakes) = (all_rings(&basemap.land), all_rings(&basemap.lakes));
        let rings = |rings: &[LineString<f64>]| -> Vec<Shape> {
            rings
                .iter()
                .filter_map(prepare)
                .filter(|shape| shape.points.len() >= 3)
                .collect()
        };
        Self {
            land: rings(&land),
            lakes: rings(&lakes),
            shores: land
                .iter()
                .chain(&lakes)
                .flat_map(real_outline)
                .filter_map(|piece| prepare(&piece))
                .collect(),
            borders: basemap.borders.iter().filter_map(prepare).collect(),
        }
    }
}

fn colour([r, g, b]: colours::Rgb) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(r, g, b, 255)
}

fn path(
    shapes: &[Shape],
    min: (f64, f64),
    max: (f64, f64),
    to_px: impl Fn((f64, f64)) -> (f32, f32),
    close: bool,
) -> Option<tiny_skia::Path> {
    let mut builder = PathBuilder::new();
    for shape in shapes.iter().filter(|s| s.intersects(min, max)) {
        let mut points = shape.points.iter().map(|&p| to_px(p));
        let Some((x, y)) = points.next() else {
            continue;
        };
        builder.move_to(x, y);
        for (x, y) in points {
            builder.line_to(x, y);
        }
        if close {
            builder.close();
        }
    }
    builder.finish()
}

/// The tile that contains a position at `zoom`.
///
/// # Examples
/// ```
/// use corridor_atlas::map::raster::tile_at;
/// let tile = tile_at(0.0, 0.0, 1);
/// assert_eq!((tile.x, tile.y), (1, 1));
/// ```
pub fn tile_at(lon_deg: f64, lat_deg: f64, zoom: u8) -> TileKey {
    let (x, y) = mercator_unit(lon_deg, lat_deg);
    let n = f64::from(1u32 << zoom.min(31));
    let clamp = |v: f64| (v * n).floor().clamp(0.0, n - 1.0) as u32;
    TileKey {
        x: clamp(x),
        y: clamp(y),
        zoom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::basemap::Basemap;

    fn rasteriser() -> Rasteriser {
        Rasteriser::new(&Basemap::bundled().expect("bundled basemap"))
    }

    fn share_of(pixels: &[u8], want: colours::Rgb) -> f64 {
        let matching = pixels
            .chunks_exact(4)
            .filter(|p| p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 2))
            .count();
        matching as f64 / (pixels.len() / 4) as f64
    }

    #[test]
    fn a_tile_over_the_middle_caspian_is_mostly_water() {
        let pixels = rasteriser()
            .render(tile_at(50.8, 42.2, 8), 256)
            .expect("pixels");
        let water = share_of(&pixels, colours::WATER);
        assert!(water > 0.9, "water share {water}");
    }

    #[test]
    fn a_tile_over_the_caucasus_is_mostly_land() {
        let pixels = rasteriser()
            .render(tile_at(44.5, 41.0, 7), 256)
            .expect("pixels");
        let land = share_of(&pixels, colours::LAND);
        assert!(land > 0.8, "land share {land}");
    }

    #[test]
    fn neighbouring_tiles_match_along_their_shared_edge() {
        let rasteriser = rasteriser();
        let size = 256u32;
        // Absheron coast, the Kura delta, the Georgian border: coastlines and borders cross
        // these tile edges.
        for (zoom, lon, lat) in [(6, 49.5, 40.5), (8, 49.9, 40.4), (9, 45.1, 41.3)] {
            let west = tile_at(lon, lat, zoom);
            let east = TileKey {
                x: west.x + 1,
                ..west
            };
            let a = rasteriser.render(west, size).expect("pixels");
            let b = rasteriser.render(east, size).expect("pixels");
            // The same ground drawn in one piece, two tiles wide: each tile must be exactly its
            // half, edges included, or the map would show seams.
            let origin = (f64::from(west.x * size), f64::from(west.y * size));
            let both = rasteriser
                .render_area(zoom, size, origin, (2 * size, size))
                .expect("pixels");
            let row = (size * 4) as usize;
            let (mut worst, mut differing) = (0u8, 0usize);
            for (y, wide_row) in both.chunks_exact(2 * row).enumerate() {
                let (left, right) = wide_row.split_at(row);
                let tile_rows = [&a[y * row..(y + 1) * row], &b[y * row..(y + 1) * row]];
                for (half, tile_row) in [left, right].into_iter().zip(tile_rows) {
                    for (p, q) in half.iter().zip(tile_row) {
                        worst = worst.max(p.abs_diff(*q));
                        differing += usize::from(p.abs_diff(*q) > 3);
                    }
                }
            }
            // tiny-skia's anti-aliasing of a line crossing the pixmap edge may differ by a few
            // levels in a pixel or two; a seam (a shifted tile, a stroke along the edge, a
            // culled shape) differs by far more, over whole rows or columns.
            assert!(
                worst <= 40,
                "zoom {zoom}: tiles differ from the whole by {worst}"
            );
            assert!(
                differing <= 64,
                "zoom {zoom}: {differing} channel values differ"
            );
            let non_water = 1.0 - share_of(&both, colours::WATER) - share_of(&both, colours::LAND);
            assert!(
                non_water > 0.0005,
                "zoom {zoom}: no coast or border drawn here"
            );
        }
    }

    #[test]
    fn mercator_unit_puts_the_equator_and_greenwich_in_the_middle() {
        let (x, y) = mercator_unit(0.0, 0.0);
        assert!((x - 0.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
    }
}
