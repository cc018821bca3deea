//! The menu bar: File and View.

use egui::Ui;

use crate::io::settings::BasemapChoice;
use crate::map::MapAction;
use crate::panels::Action;

/// Draws the menu bar and returns the chosen command.
pub fn menu_bar_ui(ui: &mut Ui, basemap: BasemapChoice) -> Option<Action> {
    let mut action = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open corridor files…").clicked() {
                action = Some(Action::OpenFiles);
            }
            if ui.button("Save screenshot…").clicked() {
                action = Some(Action::SaveScreenshot);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                action = Some(Action::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            if ui.button("Home: whole region").clicked() {
                action = Some(Action::Map(MapAction::Home));
            }
            if ui.button("Zoom in").clicked() {
                action = Some(Action::Map(MapAction::ZoomIn));
            }
            if ui.button("Zoom out").clicked() {
                action = Some(Action::Map(MapAction::ZoomOut));
            }
            ui.separator();
            ui.label("Basemap");
            if let Some(choice) = basemap_choice_ui(ui, basemap) {
                action = Some(Action::SetBasemap(choice));
            }
        });
    });
    action
}

/// Radio buttons for the basemaps; returns a new choice if the user made one.
pub fn basemap_choice_ui(ui: &mut Ui, current: BasemapChoice) -> Option<BasemapChoice> {
    let mut chosen = None;
    for choice in BasemapChoice::ALL {
        if ui.radio(current == choice, choice.label()).clicked() && current != choice {
            chosen = Some(choice);
        }
    }
    chosen
}
