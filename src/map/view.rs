//! Views of the map: the home view on the region and fitting a box of lon/lat into a window.

use crate::io::settings::View;
use crate::map::mercator::{TILE_POINTS, lon_lat, unit};

/// A box in degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundsDeg {
    /// Western edge, degrees of longitude.
    pub west: f64,
    /// Southern edge, degrees of latitude.
    pub south: f64,
    /// Eastern edge, degrees of longitude.
    pub east: f64,
    /// Northern edge, degrees of latitude.
    pub north: f64,
}

impl BoundsDeg {
    /// The box that holds both.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self {
            west: self.west.min(other.west),
            south: self.south.min(other.south),
            east: self.east.max(other.east),
            north: self.north.max(other.north),
        }
    }
}

/// The region the app opens on: Kars in the west, Aktau and Kuryk in the east, the Absheron
/// peninsula and Tbilisi in between, with a margin.
pub const HOME_BOUNDS: BoundsDeg = BoundsDeg {
    west: 41.6,
    south: 38.9,
    east: 53.4,
    north: 44.6,
};

/// The lowest and highest zoom the map allows.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f64> = 2.0..=17.0;

/// The view that shows `bounds` whole in a map of `width_px` × `height_px` points, leaving
/// `padding_px` free on every side.
///
/// # Examples
/// ```
/// use corridor_atlas::map::view::{BoundsDeg, fit};
/// let whole_world = BoundsDeg { west: -180.0, south: -85.0, east: 180.0, north: 85.0 };
/// // At zoom 2 the world is 1024 points wide.
/// let view = fit(whole_world, 1024.0, 1024.0, 0.0);
/// assert!((view.zoom - 2.0).abs() < 0.01, "{}", view.zoom);
/// ```
pub fn fit(bounds: BoundsDeg, width_px: f32, height_px: f32, padding_px: f32) -> View {
    let [x0, y0] = unit(bounds.west, bounds.north);
    let [x1, y1] = unit(bounds.east, bounds.south);
    let usable_w = f64::from((width_px - 2.0 * padding_px).max(16.0));
    let usable_h = f64::from((height_px - 2.0 * padding_px).max(16.0));
    // At zoom z the world is 256 * 2^z points across.
    let zoom_w = (usable_w / (TILE_POINTS * (x1 - x0).max(1e-9))).log2();
    let zoom_h = (usable_h / (TILE_POINTS * (y1 - y0).max(1e-9))).log2();
    let zoom = zoom_w
        .min(zoom_h)
        .clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end() - 1.0);
    let (lon_deg, lat_deg) = lon_lat([f64::midpoint(x0, x1), f64::midpoint(y0, y1)]);
    View {
        lon_deg,
        lat_deg,
        zoom,
    }
}

/// A round length for a scale bar no longer than `max_m` metres: 1, 2 or 5 times a power of ten.
///
/// # Examples
/// ```
/// assert_eq!(corridor_atlas::map::view::round_length_m(180_000.0), 100_000.0);
/// assert_eq!(corridor_atlas::map::view::round_length_m(260.0), 200.0);
/// ```
pub fn round_length_m(max_m: f64) -> f64 {
    if max_m <= 0.0 || !max_m.is_finite() {
        return 0.0;
    }
    let power = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|step| step * power)
        .find(|&length| length <= max_m)
        .unwrap_or(power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_view_fits_the_region_in_a_typical_window() {
        let view = fit(HOME_BOUNDS, 900.0, 700.0, 20.0);
        assert!((6.0..7.5).contains(&view.zoom), "zoom {}", view.zoom);
        assert!((view.lon_deg - 47.5).abs() < 0.1, "{view:?}");
        assert!((41.0..42.0).contains(&view.lat_deg), "{view:?}");
    }

    #[test]
    fn a_scale_bar_length_is_round() {
        assert_eq!(round_length_m(999.0), 500.0);
        assert_eq!(round_length_m(1000.0), 1000.0);
        assert_eq!(round_length_m(0.0), 0.0);
    }
}
