//! The panels around the map, one file each. Every panel function draws and returns what the
//! user chose as an [`Action`]; the app applies actions in one place.

pub mod article;
pub mod details;
pub mod editing;
pub mod figure_export;
pub mod help;
pub mod items;
pub mod layers;
pub mod menu_bar;
pub mod status_bar;
pub mod time_bar;

use crate::io::settings::BasemapChoice;
use crate::map::MapAction;
use crate::model::{ItemRef, Kind, LayerId, PassageId};

/// Something the user asked for, applied by the app after the frame's panels are drawn.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Action {
    /// Select these items (the first is shown in the details panel), or none.
    Select(Vec<ItemRef>),
    /// Select an item and move the map to it, showing it if it was hidden.
    SelectAndFly(ItemRef),
    /// Select the items a passage speaks of and fit them into view.
    SelectPassage(PassageId),
    /// Scroll the article to a passage.
    ScrollToPassage(PassageId),
    /// Show this story's article, scrolled to this passage.
    ShowPassage(LayerId, PassageId),
    /// Show this story's article in the story panel.
    ShowStory(LayerId),
    /// Draw only the current story's items (`true`), or those of every open story.
    OnlyCurrentStory(bool),
    /// Start (`true`) or stop editing the current story.
    EditStory(bool),
    /// Change the story being edited.
    Edit(crate::layers::editing::Edit),
    /// Take back the last change of the story being edited.
    UndoEdit,
    /// Make the last change taken back again.
    RedoEdit,
    /// Save the story being edited.
    SaveStory,
    /// Words of the article were selected (a byte range), or none are.
    SelectWords(Option<std::ops::Range<usize>>),
    /// Link the selected words to the selected item.
    LinkSelectedWords,
    /// Add a place at this position (longitude, latitude) to the story being edited.
    NewPlaceHere(f64, f64),
    /// Close the window even though a story has unsaved changes.
    QuitWithoutSaving,
    /// The pointer is on this passage (transient: only for this frame).
    HoverPassage(PassageId),
    /// Show or hide every item of a kind.
    ToggleKind(Kind),
    /// Show or hide one item.
    ToggleItem(ItemRef),
    /// Show or hide every context item (those no article names).
    ToggleContext,
    /// Show or hide the English gloss under each passage.
    ShowGloss(bool),
    /// Ask for files to open.
    OpenFiles,
    /// Ask where to save the items shown as GeoJSON, then save them.
    ExportGeoJson,
    /// Open the window that exports the map as a figure (PDF, SVG, PNG).
    ExportFigure,
    /// Ask for an article, draft a story from it beside it, and open the draft.
    DraftStory,
    /// Load these files.
    LoadFiles(Vec<std::path::PathBuf>),
    /// Show or hide a layer.
    ToggleLayer(LayerId),
    /// Fit a layer into view.
    ZoomToLayer(LayerId),
    /// Take a layer off the map.
    RemoveLayer(LayerId),
    /// Stop loading this file.
    CancelLoading(std::path::PathBuf),
    /// Clear the problems area.
    DismissProblems,
    /// Put text on the clipboard, and say what it was.
    CopyText {
        /// The text.
        text: String,
        /// What it is, for the status bar ("the citation of …").
        what: String,
    },
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
    /// Put the keyboard in the search box.
    FocusSearch,
    /// Show or hide a side panel.
    TogglePanel(SidePanel),
    /// Show both side panels at their first sizes.
    ResetLayout,
    /// Open a help window.
    ShowHelp(help::HelpTopic),
    /// Move the map to a place (longitude, latitude in degrees), as a search result.
    FlyTo(f64, f64),
    /// Change the date the map shows, or the status filter.
    Time(time_bar::TimeAction),
}

/// A button that shows an icon or a short word and is named by `name` for screen readers
/// (and tests); the name is its tooltip too. Disabled when `enabled` is false.
pub fn named_button(
    ui: &mut egui::Ui,
    button: egui::Button<'_>,
    name: &str,
    enabled: bool,
) -> egui::Response {
    let response = ui.add_enabled(enabled, button).on_hover_text(name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response
}

/// The panels beside the map that can be folded away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePanel {
    /// The layers and items on the left.
    Items,
    /// The details and the article on the right.
    Story,
}

/// The keyboard shortcuts of the menus, which work even while typing: the shortcut and what
/// it does. The menus show them; the help lists them.
pub fn shortcuts() -> Vec<(egui::KeyboardShortcut, Action)> {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
    vec![
        (command(Key::O), Action::OpenFiles),
        (command(Key::F), Action::FocusSearch),
        (command(Key::S), Action::SaveScreenshot),
        (command(Key::Num1), Action::TogglePanel(SidePanel::Items)),
        (command(Key::Num2), Action::TogglePanel(SidePanel::Story)),
        (command(Key::Num0), Action::ResetLayout),
        (
            KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            Action::ShowHelp(help::HelpTopic::Shortcuts),
        ),
        (command(Key::Q), Action::Quit),
    ]
}

/// The shortcut of an action, as the menus write it ("Ctrl+O").
pub fn shortcut_text(ctx: &egui::Context, action: &Action) -> Option<String> {
    shortcuts()
        .into_iter()
        .find(|(_, a)| a == action)
        .map(|(shortcut, _)| ctx.format_shortcut(&shortcut))
}

/// How often a busy sign moves: often enough to show that work goes on, rarely enough that
/// drawing the window does not take the cores from that work (a software renderer spends
/// tens of milliseconds of CPU on a frame).
const BUSY_FRAME: std::time::Duration = std::time::Duration::from_millis(100);

/// A spinning sign that work goes on, like egui's spinner but redrawn ten times a second
/// rather than at every frame the screen can show.
pub fn busy(ui: &mut egui::Ui) -> egui::Response {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::new(egui::accesskit::Role::ProgressIndicator));
    if ui.is_rect_visible(rect) {
        ui.ctx().request_repaint_after(BUSY_FRAME);
        let colour = ui.visuals().strong_text_color();
        let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
        let time = ui.input(|i| i.time);
        let start = time * std::f64::consts::TAU;
        let end = start + 240f64.to_radians() * time.sin();
        let points: Vec<egui::Pos2> = (0..=16)
            .map(|i| {
                let angle = start + (end - start) * f64::from(i) / 16.0;
                let (sin, cos) = angle.sin_cos();
                rect.center() + radius * egui::vec2(cos as f32, sin as f32)
            })
            .collect();
        ui.painter()
            .add(egui::Shape::line(points, egui::Stroke::new(3.0, colour)));
    }
    response
}
