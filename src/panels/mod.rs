//! The panels around the map, one file each. Every panel function draws and returns what the
//! user chose as an [`Action`]; the app applies actions in one place.

pub mod article;
pub mod details;
pub mod items;
pub mod layers;
pub mod menu_bar;
pub mod status_bar;

use crate::io::settings::BasemapChoice;
use crate::map::MapAction;
use crate::model::{FeatureId, Kind, PassageId};

/// Something the user asked for, applied by the app after the frame's panels are drawn.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Action {
    /// Select these items (the first is shown in the details panel), or none.
    Select(Vec<FeatureId>),
    /// Select an item and move the map to it.
    SelectAndFly(FeatureId),
    /// Select the items a passage speaks of and fit them into view.
    SelectPassage(PassageId),
    /// Scroll the article to a passage.
    ScrollToPassage(PassageId),
    /// The pointer is on this passage (transient: only for this frame).
    HoverPassage(PassageId),
    /// Show or hide every item of a kind.
    ToggleKind(Kind),
    /// Show or hide one item.
    ToggleItem(FeatureId),
    /// Show or hide the English gloss under each passage.
    ShowGloss(bool),
    /// Ask for files to open.
    OpenFiles,
    /// Load these files.
    LoadFiles(Vec<std::path::PathBuf>),
    /// Show or hide a layer.
    ToggleLayer(u64),
    /// Fit a layer into view.
    ZoomToLayer(u64),
    /// Take a layer off the map.
    RemoveLayer(u64),
    /// Stop loading this file.
    CancelLoading(std::path::PathBuf),
    /// Clear the problems area.
    DismissProblems,
    /// Select an item of a loaded layer (layer key, item index).
    SelectFileItem(u64, usize),
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
