//! The only place colours and stroke widths are written.

/// Colours of the offline basemap, as the rasteriser paints them.
pub mod basemap {
    /// An opaque colour as red, green, blue.
    pub type Rgb = [u8; 3];

    /// Seas and lakes.
    pub const WATER: Rgb = [0xb9, 0xd3, 0xe6];
    /// Land.
    pub const LAND: Rgb = [0xf3, 0xef, 0xe4];
    /// The coastline, drawn thin between land and water.
    pub const COAST: Rgb = [0x8f, 0xac, 0xc2];
    /// Borders between countries.
    pub const BORDER: Rgb = [0xa8, 0x8f, 0xa8];
    /// Beyond the area the bundled basemap covers.
    pub const NO_DATA: Rgb = [0xdd, 0xdd, 0xdd];
}

/// Colours and sizes of what egui draws on top of the map.
pub mod map {
    use egui::Color32;

    /// The map's background while the first tiles are being drawn: the water colour, so the
    /// first frame already reads as a (blank) sea rather than a hole.
    pub const BACKGROUND: Color32 = Color32::from_rgb(0xb9, 0xd3, 0xe6);
    /// City and capital labels.
    pub const CITY_TEXT: Color32 = Color32::from_rgb(0x33, 0x33, 0x33);
    /// The dot that marks a city.
    pub const CITY_DOT: Color32 = Color32::from_rgb(0x55, 0x55, 0x55);
    /// Country labels.
    pub const COUNTRY_TEXT: Color32 = Color32::from_rgb(0x7a, 0x5d, 0x7a);
    /// Sea labels.
    pub const SEA_TEXT: Color32 = Color32::from_rgb(0x3d, 0x6e, 0x99);
    /// The halo behind labels, so they stay readable over lines and borders.
    pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(0xf3, 0xef, 0xe4, 0xc0);
    /// The scale bar.
    pub const SCALE_BAR: Color32 = Color32::from_rgb(0x33, 0x33, 0x33);
}
