//! The only place colours and stroke widths are written. Elsewhere, `Color32`'s
//! constructors are refused by clippy (`disallowed-methods` in `clippy.toml`); colours that
//! come from data (a file's `stroke`, a remembered layer colour) are made with [`rgb`].
#![allow(clippy::disallowed_methods)]

use egui::Color32;

/// A colour read from data: a file's style, or a layer colour saved with the session.
pub fn rgb(red: u8, green: u8, blue: u8) -> Color32 {
    Color32::from_rgb(red, green, blue)
}

/// Colours given to loaded layers in turn, for the items their file does not style: distinct
/// from the story's kind colours and from each other.
pub const LAYER_COLOURS: [Color32; 6] = [
    Color32::from_rgb(0xe6, 0x19, 0x4b),
    Color32::from_rgb(0x3c, 0xb4, 0x4b),
    Color32::from_rgb(0x43, 0x63, 0xd8),
    Color32::from_rgb(0xf5, 0x82, 0x31),
    Color32::from_rgb(0x91, 0x1e, 0xb4),
    Color32::from_rgb(0x00, 0x80, 0x80),
];

/// Colours of the panels.
pub mod panels {
    use egui::Color32;

    /// The status badge of an item in service.
    pub const STATUS_OPERATING: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
    /// The status badge of a plan or a work in progress.
    pub const STATUS_PLANNED: Color32 = Color32::from_rgb(0x8e, 0x2c, 0xb8);
    /// The status badge of anything else (closed, cancelled...).
    pub const STATUS_OTHER: Color32 = Color32::from_rgb(0x75, 0x75, 0x75);
    /// The shade over the window while files are dragged over it.
    pub const DROP_SHADE: Color32 = Color32::from_black_alpha(140);
    /// Text that says something is wrong: a missing leg, a broken chain.
    pub const PROBLEM: Color32 = Color32::from_rgb(0xb0, 0x1c, 0x2e);
}

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
    /// Behind the basemap's attribution.
    pub const ATTRIBUTION_BACKGROUND: Color32 =
        Color32::from_rgba_premultiplied(200, 200, 200, 200);
}

/// How the story's items are drawn: a colour per kind, widths in points.
pub mod overlay {
    use egui::Color32;

    use crate::model::Kind;

    /// The colour of an item of this kind: on the map, in the legend, in the item list and
    /// behind its words in the article.
    pub fn kind_colour(kind: &Kind) -> Color32 {
        match kind {
            Kind::Railway => Color32::from_rgb(0xb0, 0x1c, 0x2e),
            Kind::Seaport => Color32::from_rgb(0x1f, 0x4e, 0x9a),
            Kind::OilPipeline => Color32::from_rgb(0x2b, 0x2b, 0x2b),
            Kind::OilTerminal => Color32::from_rgb(0xd9, 0x6c, 0x06),
            Kind::ShippingRoute => Color32::from_rgb(0x7a, 0x4a, 0x12),
            Kind::FerryRoute => Color32::from_rgb(0x0b, 0x84, 0x7f),
            Kind::SubseaCable => Color32::from_rgb(0x8e, 0x2c, 0xb8),
            Kind::Place => Color32::from_rgb(0x22, 0x22, 0x22),
            Kind::Region => Color32::from_rgb(0xc4, 0x8a, 0x1b),
            Kind::OilField => Color32::from_rgb(0x5c, 0x3d, 0x1e),
            Kind::Corridor => Color32::from_rgb(0xe0, 0x3c, 0x8a),
            Kind::Other(_) => Color32::from_rgb(0x55, 0x66, 0x77),
        }
    }

    /// Width of a route line.
    pub const ROUTE_WIDTH: f32 = 3.0;
    /// How strongly context items (not named by the story) are drawn, beside its own.
    pub const CONTEXT_ALPHA: f32 = 0.45;
    /// Extra width of the halo around a selected item, on each side.
    pub const HALO_WIDTH: f32 = 4.0;
    /// The halo colour of selected items.
    pub const SELECTION_HALO: Color32 = Color32::from_rgba_premultiplied(0xff, 0xd7, 0x00, 0xd0);
    /// The halo colour of items whose passage the pointer is on.
    pub const HOVER_HALO: Color32 = Color32::from_rgba_premultiplied(0x00, 0xa0, 0xff, 0x90);
    /// White casing under routes, so they stand out from borders and coastlines.
    pub const CASING: Color32 = Color32::from_rgba_premultiplied(0xff, 0xff, 0xff, 0xc0);
    /// Radius of a point item.
    pub const POINT_RADIUS: f32 = 6.0;
    /// Opacity of a region's fill.
    pub const REGION_FILL_ALPHA: f32 = 0.06;
    /// Opacity of a region's fill when it is selected or highlighted.
    pub const REGION_FILL_ALPHA_STRONG: f32 = 0.22;
    /// Dash and gap length for sea routes.
    pub const DASH: [f32; 2] = [8.0, 6.0];
    /// Dot and gap length for planned items: dotted, so a plan never looks like a sea route.
    pub const PLANNED_DASH: [f32; 2] = [2.5, 4.0];
    /// Dash and gap of a line under construction: long dashes, close together.
    pub const CONSTRUCTION_DASH: [f32; 2] = [14.0, 3.0];
    /// How much of its colour an item not yet planned keeps, drawn as a ghost.
    pub const GHOST_ALPHA: f32 = 0.3;
    /// Background of a quote in the article: the item colour at this opacity.
    pub const QUOTE_ALPHA: f32 = 0.22;
    /// Text colour of item labels on the map.
    pub const LABEL_TEXT: Color32 = Color32::from_rgb(0x10, 0x10, 0x10);
    /// Behind item labels on the map.
    pub const LABEL_BACKGROUND: Color32 = Color32::from_rgba_premultiplied(200, 200, 200, 200);
    /// The legend's sample of a planned item: dotted, in no kind's colour.
    pub const PLANNED_SAMPLE: Color32 = Color32::from_gray(90);
    /// A closed item's colour: the grey of the same lightness, a little faded.
    pub fn closed(colour: Color32) -> Color32 {
        let [r, g, b, a] = colour.to_array();
        let mean = ((u16::from(r) + u16::from(g) + u16::from(b)) / 3) as u8;
        Color32::from_rgba_premultiplied(mean, mean, mean, a).gamma_multiply(0.8)
    }
    /// The colour of the legend's sample of a closed line.
    pub const CLOSED_SAMPLE: Color32 = Color32::from_gray(160);
}

/// Colours of the time bar.
pub mod time_bar {
    use egui::Color32;

    /// The track the handle runs on.
    pub const TRACK: Color32 = Color32::from_gray(190);
    /// A tick for a day on which something happens to an item.
    pub const EVENT_TICK: Color32 = Color32::from_rgb(0x44, 0x44, 0x44);
    /// The mark of a story's date.
    pub const STORY_MARK: Color32 = Color32::from_rgb(0xd9, 0x5f, 0x02);
    /// The handle at the date shown.
    pub const HANDLE: Color32 = Color32::from_rgb(0x1f, 0x5f, 0xbf);
    /// The years under the track.
    pub const YEAR_TEXT: Color32 = Color32::from_gray(90);
}

/// Colours of an exported figure's text and frame.
pub mod figure {
    use egui::Color32;

    /// Titles, headings, names and quotes.
    pub const INK: Color32 = Color32::from_gray(20);
    /// Item names on the map.
    pub const LABEL: Color32 = Color32::from_gray(15);
    /// The legend's words.
    pub const LEGEND_TEXT: Color32 = Color32::from_gray(30);
    /// The scale bar's length.
    pub const SCALE_TEXT: Color32 = Color32::from_gray(40);
    /// The attribution.
    pub const ATTRIBUTION: Color32 = Color32::from_gray(50);
    /// Place names of the basemap.
    pub const PLACE_TEXT: Color32 = Color32::from_gray(60);
    /// The line under the title.
    pub const SUBTITLE: Color32 = Color32::from_gray(70);
    /// Where a quote comes from, the sources, and notes.
    pub const NOTE: Color32 = Color32::from_gray(80);
    /// The dot of a place of the basemap.
    pub const PLACE_DOT: Color32 = Color32::from_gray(80);
}
