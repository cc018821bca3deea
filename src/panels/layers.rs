//! The loaded files, as layers above the story: visibility, zoom to, remove; loads in progress
//! with a progress bar and a cancel button.

use std::sync::atomic::Ordering;

use egui::{RichText, Ui, vec2};

use crate::layers::{Layer, Layers, Loading};
use crate::panels::{Action, named_button};
use crate::words::counted;

fn small_named_button(ui: &mut Ui, icon: &str, name: &str) -> bool {
    named_button(ui, egui::Button::new(icon).small(), name, true).clicked()
}

/// Draws the layers section and returns what the user chose.
pub fn layers_ui(ui: &mut Ui, layers: &Layers) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading("Layers");
        if ui
            .button("Open…")
            .on_hover_text("Open corridor GeoJSON files (or drop them onto the window)")
            .clicked()
        {
            action = Some(Action::OpenFiles);
        }
    });
    if layers.files().next().is_none() && layers.loading.is_empty() {
        ui.weak("Drop GeoJSON files here, or use Open…");
    }
    let files: Vec<&Layer> = layers.files().collect();
    for layer in files.into_iter().rev() {
        action = layer_row_ui(ui, layer).or(action.take());
    }
    for loading in &layers.loading {
        action = loading_row_ui(ui, loading).or(action.take());
    }
    action
}

/// One layer: shown or hidden, its colour, its name and counts, Zoom and Remove.
fn layer_row_ui(ui: &mut Ui, layer: &Layer) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let mut visible = layer.visible;
        let toggle = ui.checkbox(&mut visible, "");
        let name = format!("Show layer {}", layer.name);
        toggle.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, layer.visible, &name)
        });
        if toggle.changed() {
            action = Some(Action::ToggleLayer(layer.id));
        }
        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, layer.colour);
        let problems = if layer.problems.is_empty() {
            String::new()
        } else {
            format!(", {}", counted(layer.problems.len(), "problem", "problems"))
        };
        let text = format!(
            "{} ({}{problems})",
            layer.name,
            counted(layer.corridors.len(), "feature", "features")
        );
        let details = format!(
            "{}\n{}{}",
            layer.origin(),
            counted(layer.vertices, "position", "positions"),
            if layer.positions_with_z > 0 {
                format!(", {} with a height (not drawn)", layer.positions_with_z)
            } else {
                String::new()
            }
        );
        // The buttons first, from the right: a long name is cut, never pushes them out.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if small_named_button(ui, "Remove", &format!("Remove {}", layer.name)) {
                action = Some(Action::RemoveLayer(layer.id));
            }
            if small_named_button(ui, "Zoom", &format!("Zoom to {}", layer.name)) {
                action = Some(Action::ZoomToLayer(layer.id));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(text).truncate())
                    .on_hover_text(details);
            });
        });
    });
    action
}

/// A file on its way: its name, how many features so far, and a button to stop.
fn loading_row_ui(ui: &mut Ui, loading: &Loading) -> Option<Action> {
    let mut action = None;
    let features = loading.progress.features.load(Ordering::Relaxed);
    ui.horizontal(|ui| {
        let name = loading.path.file_name().map_or_else(
            || loading.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        crate::panels::busy(ui);
        let features = counted(features, "feature", "features");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if small_named_button(ui, "✖", &format!("Cancel loading {name}")) {
                action = Some(Action::CancelLoading(loading.path.clone()));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(
                    egui::Label::new(RichText::new(format!("Loading {name}: {features}")).small())
                        .truncate(),
                )
                .on_hover_text(loading.path.display().to_string());
            });
        });
    });
    ui.add(
        egui::ProgressBar::new(0.0)
            .animate(true)
            .desired_height(6.0),
    );
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    action
}

/// How many problems the problems area lists; `--check` prints them all.
pub const PROBLEMS_SHOWN: usize = 300;

/// The problems area: what went wrong while loading, until the user dismisses it. `problems`
/// holds at most [`PROBLEMS_SHOWN`] lines of the `total`.
pub fn problems_ui(ui: &mut Ui, problems: &[String], total: usize) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Problems ({total})")).strong());
        if ui.button("Dismiss").clicked() {
            action = Some(Action::DismissProblems);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .max_height(120.0)
        .show(ui, |ui| {
            for problem in problems.iter().take(PROBLEMS_SHOWN) {
                ui.add(egui::Label::new(RichText::new(problem).monospace().small()).wrap());
            }
            if total > PROBLEMS_SHOWN {
                ui.weak(format!(
                    "… and {} more; `corridor-atlas --check FILE` prints them all.",
                    total - PROBLEMS_SHOWN
                ));
            }
        });
    action
}

/// While files hover over the window, says what dropping them will do.
pub fn drop_preview_ui(ui: &Ui) {
    let names: Vec<String> = ui.ctx().input(|input| {
        input
            .raw
            .hovered_files
            .iter()
            .map(|file| {
                file.path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or_else(|| "a file".to_owned(), |n| n.to_string_lossy().into_owned())
            })
            .collect()
    });
    if names.is_empty() {
        return;
    }
    let screen = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-preview"),
    ));
    painter.rect_filled(screen, 0.0, crate::style::panels::DROP_SHADE);
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        format!("Drop to add {} as a layer", names.join(", ")),
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}
