//! The panels around the map, one file each. Every panel function draws and returns what the
//! user chose as an [`Action`]; the app applies actions in one place.

pub mod menu_bar;
pub mod status_bar;

use crate::io::settings::BasemapChoice;
use crate::map::MapAction;

/// Something the user asked for, applied by the app after the frame's panels are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
#[must_use]
pub enum Action {
    /// A change of the map view.
    Map(MapAction),
    /// Switch the basemap.
    SetBasemap(BasemapChoice),
    /// Ask where to save a screenshot of the window, then save it.
    SaveScreenshot,
    /// Close the window.
    Quit,
    /// Hide the message shown in the status bar.
    DismissNotice,
}
