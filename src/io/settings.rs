//! What the app remembers between runs.
//!
//! Only what the user chose is persisted; everything transient (tiles, selection hover,
//! dialogs) lives outside [`Settings`].

use serde::{Deserialize, Serialize};

/// The key under which eframe's storage keeps [`Settings`].
pub const SETTINGS_KEY: &str = "corridor-atlas.settings";

/// Which basemap is drawn under the overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BasemapChoice {
    /// The bundled Natural Earth map, drawn on this machine; always available.
    #[default]
    Offline,
    /// OpenStreetMap's standard tiles, fetched over the network.
    OpenStreetMap,
    /// OpenTopoMap's topographic tiles, fetched over the network.
    OpenTopoMap,
}

impl BasemapChoice {
    /// Every choice, in the order the picker shows them.
    pub const ALL: [Self; 3] = [Self::Offline, Self::OpenStreetMap, Self::OpenTopoMap];

    /// The name shown in the picker.
    pub fn label(self) -> &'static str {
        match self {
            Self::Offline => "Offline (Natural Earth)",
            Self::OpenStreetMap => "OpenStreetMap",
            Self::OpenTopoMap => "OpenTopoMap",
        }
    }
}

/// A map view: the centre and the zoom level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Longitude of the centre, in degrees.
    pub lon_deg: f64,
    /// Latitude of the centre, in degrees.
    pub lat_deg: f64,
    /// Slippy-map zoom level.
    pub zoom: f64,
}

/// The persisted settings. Unknown or missing fields fall back to their defaults, so an older
/// or newer settings file still loads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The basemap last chosen.
    pub basemap: BasemapChoice,
    /// The view when the app was last closed; `None` opens on the region.
    pub view: Option<View>,
    /// Whether the article shows our English gloss under each passage.
    pub show_gloss: bool,
    /// Whether the map's legend is unfolded.
    pub legend_open: bool,
    /// Files loaded as layers, bottom first.
    pub layers: Vec<LayerSetting>,
    /// Which panels are shown.
    pub panels: PanelLayout,
    /// Draw only the items of the story the article panel shows, not of every open story.
    pub only_current_story: bool,
}

/// A loaded file as remembered between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerSetting {
    /// Where the file is.
    pub path: std::path::PathBuf,
    /// Whether it was shown.
    pub visible: bool,
    /// The colour of its unstyled items, as red, green, blue; settings of older versions
    /// have none, and the file is given one.
    #[serde(default)]
    pub colour: Option<[u8; 3]>,
}

/// Which side panels are shown; their sizes are kept by the window toolkit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelLayout {
    /// The layers and items on the left.
    pub items: bool,
    /// The details and the article on the right.
    pub story: bool,
    /// Counts the resets of the layout: panels of a new layout start at their default sizes.
    pub generation: u32,
}

impl Default for PanelLayout {
    fn default() -> Self {
        Self {
            items: true,
            story: true,
            generation: 0,
        }
    }
}
