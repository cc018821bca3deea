//! Web Mercator: longitude and latitude to Mercator units (0..1 across the world, y down) and
//! back, and how many screen points the world spans at a zoom level.

/// The size of a tile, and of the whole world at zoom 0, in points.
pub const TILE_POINTS: f64 = 256.0;

/// The latitude at which Web Mercator is cut off, north and south, in degrees.
pub const LAT_LIMIT_DEG: f64 = 85.051_128_779_806_59;

/// A position in Mercator units: 0..1 across the world, y down.
pub type Unit = [f64; 2];

/// Mercator units of a longitude and latitude in degrees; latitudes beyond
/// [`LAT_LIMIT_DEG`] are taken at the limit.
///
/// # Examples
/// ```
/// use corridor_atlas::map::mercator::unit;
/// assert_eq!(unit(0.0, 0.0), [0.5, 0.5]);
/// assert!((unit(180.0, 85.051_128_78)[1]).abs() < 1e-9);
/// ```
pub fn unit(lon_deg: f64, lat_deg: f64) -> Unit {
    let lat = lat_deg.clamp(-LAT_LIMIT_DEG, LAT_LIMIT_DEG).to_radians();
    let x = (lon_deg + 180.0) / 360.0;
    // tan φ + sec φ = (1 + sin φ) / cos φ: one sin_cos instead of a tan and a cos.
    let (sin, cos) = lat.sin_cos();
    let y = (1.0 - ((1.0 + sin) / cos).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// Longitude and latitude in degrees of a position in Mercator units.
///
/// # Examples
/// ```
/// use corridor_atlas::map::mercator::{lon_lat, unit};
/// let (lon, lat) = lon_lat(unit(49.867, 40.409));
/// assert!((lon - 49.867).abs() < 1e-9 && (lat - 40.409).abs() < 1e-9);
/// ```
pub fn lon_lat([x, y]: Unit) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

/// How many points the whole world spans at `zoom`.
///
/// # Examples
/// ```
/// assert_eq!(corridor_atlas::map::mercator::world_points(2.0), 1024.0);
/// ```
pub fn world_points(zoom: f64) -> f64 {
    TILE_POINTS * zoom.exp2()
}
