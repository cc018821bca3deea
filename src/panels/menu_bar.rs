//! The menu bar: File, View and Help, each command with its shortcut.

use egui::Ui;

use crate::io::settings::{BasemapChoice, PanelLayout};
use crate::map::MapAction;
use crate::panels::help::HelpTopic;
use crate::panels::{Action, SidePanel, shortcut_text};

/// What the menus show as chosen.
#[derive(Debug, Clone, Copy)]
pub struct MenuState {
    /// The basemap in use.
    pub basemap: BasemapChoice,
    /// Which side panels are shown.
    pub panels: PanelLayout,
}

/// A menu entry with its shortcut written beside it; returns the action when chosen.
fn entry(ui: &mut Ui, label: &str, action: Action) -> Option<Action> {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = shortcut_text(ui.ctx(), &action) {
        button = button.shortcut_text(shortcut);
    }
    ui.add(button).clicked().then_some(action)
}

/// A menu entry that can be ticked, with its shortcut.
fn toggle(ui: &mut Ui, label: &str, on: bool, action: Action) -> Option<Action> {
    let mut button = egui::Button::selectable(on, label);
    if let Some(shortcut) = shortcut_text(ui.ctx(), &action) {
        button = button.shortcut_text(shortcut);
    }
    ui.add(button).clicked().then_some(action)
}

/// Draws the menu bar and returns the chosen command.
pub fn menu_bar_ui(ui: &mut Ui, state: &MenuState) -> Option<Action> {
    let mut action = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            action = action
                .take()
                .or_else(|| entry(ui, "Open corridor files or stories…", Action::OpenFiles))
                .or_else(|| entry(ui, "New story from article…", Action::DraftStory))
                .or_else(|| entry(ui, "Save screenshot…", Action::SaveScreenshot))
                .or_else(|| entry(ui, "Export map as PDF, SVG or PNG…", Action::ExportFigure))
                .or_else(|| entry(ui, "Export items as GeoJSON…", Action::ExportGeoJson));
            ui.separator();
            action = action.take().or_else(|| entry(ui, "Quit", Action::Quit));
        });
        ui.menu_button("View", |ui| {
            action = action
                .take()
                .or_else(|| entry(ui, "Home: the whole story", Action::Map(MapAction::Home)))
                .or_else(|| entry(ui, "Zoom in", Action::Map(MapAction::ZoomIn)))
                .or_else(|| entry(ui, "Zoom out", Action::Map(MapAction::ZoomOut)))
                .or_else(|| entry(ui, "Search items", Action::FocusSearch));
            ui.separator();
            action = action
                .take()
                .or_else(|| {
                    toggle(
                        ui,
                        "Items panel",
                        state.panels.items,
                        Action::TogglePanel(SidePanel::Items),
                    )
                })
                .or_else(|| {
                    toggle(
                        ui,
                        "Details and article panel",
                        state.panels.story,
                        Action::TogglePanel(SidePanel::Story),
                    )
                })
                .or_else(|| entry(ui, "Reset layout", Action::ResetLayout));
            ui.separator();
            ui.label("Basemap");
            if let Some(choice) = basemap_choice_ui(ui, state.basemap) {
                action = Some(Action::SetBasemap(choice));
            }
        });
        ui.menu_button("Help", |ui| {
            action = action
                .take()
                .or_else(|| {
                    entry(
                        ui,
                        "Keyboard shortcuts",
                        Action::ShowHelp(HelpTopic::Shortcuts),
                    )
                })
                .or_else(|| {
                    entry(
                        ui,
                        "Credits and licences",
                        Action::ShowHelp(HelpTopic::Credits),
                    )
                })
                .or_else(|| {
                    entry(
                        ui,
                        "About Corridor Atlas",
                        Action::ShowHelp(HelpTopic::About),
                    )
                });
        });
    });
    action
}

/// The basemaps to choose from, each as a selectable line; returns a new choice if the user
/// made one. The View menu and the status bar both use it.
pub fn basemap_choice_ui(ui: &mut Ui, current: BasemapChoice) -> Option<BasemapChoice> {
    let mut chosen = None;
    for choice in BasemapChoice::ALL {
        if ui
            .selectable_label(current == choice, choice.label())
            .clicked()
            && current != choice
        {
            chosen = Some(choice);
        }
    }
    chosen
}
