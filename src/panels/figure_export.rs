//! The *Export map* window: the format, the size in pixels or on paper, the title, the view,
//! what the figure shows besides the map, and a preview of it.

use crate::figure::FigureOptions;
use crate::figure::output::{Format, MAX_SIDE_PX, Paper};

/// What part of the world the figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureView {
    /// What the map shows on the screen.
    Screen,
    /// The selected items, fitted.
    Selection,
}

/// The figure's settings, as the window edits them.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureSettings {
    /// PNG, SVG or PDF.
    pub format: Format,
    /// The sheet of paper.
    pub paper: Paper,
    /// The sheet turned sideways.
    pub landscape: bool,
    /// Dots per inch of a PNG on paper.
    pub dpi: u32,
    /// A PNG's size in pixels.
    pub pixels: (u32, u32),
    /// A PNG sized by paper and dpi rather than pixels.
    pub png_on_paper: bool,
    /// The title.
    pub title: String,
    /// What part of the world to show.
    pub view: FigureView,
    /// What is shown besides the map.
    pub options: FigureOptions,
}

/// What the user did in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that ends it.
    Open,
    /// Asked to export.
    Export,
    /// Asked to stop the export under way.
    Stop,
    /// Closed the window.
    Close,
}

/// The name of the window, for tests.
pub const WINDOW_NAME: &str = "Export map";

/// Draws the window; returns what the user did. `busy` is the file being written.
pub fn figure_export_ui(
    ctx: &egui::Context,
    settings: &mut FigureSettings,
    preview: Option<&egui::TextureHandle>,
    busy: Option<&std::path::Path>,
    has_selection: bool,
) -> Outcome {
    let mut outcome = Outcome::Open;
    let mut open = true;
    egui::Window::new(WINDOW_NAME)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            settings_ui(ui, settings, has_selection);
            ui.separator();
            match preview {
                Some(texture) => {
                    let size = texture.size_vec2();
                    let width = size.x.min(ui.available_width());
                    ui.add(
                        egui::Image::new(texture)
                            .fit_to_exact_size(egui::vec2(width, size.y * width / size.x.max(1.0))),
                    );
                }
                None => {
                    ui.horizontal(|ui| {
                        crate::panels::busy(ui);
                        ui.label("Drawing the preview…");
                    });
                }
            }
            ui.separator();
            outcome = buttons_ui(ui, busy).unwrap_or(outcome);
        });
    if open { outcome } else { Outcome::Close }
}

fn settings_ui(ui: &mut egui::Ui, settings: &mut FigureSettings, has_selection: bool) {
    egui::Grid::new("figure-settings")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label("Format");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.format, Format::Pdf, "PDF");
                ui.radio_value(&mut settings.format, Format::Svg, "SVG");
                ui.radio_value(&mut settings.format, Format::Png, "PNG");
            });
            ui.end_row();
            ui.label("Size");
            size_ui(ui, settings);
            ui.end_row();
            ui.label("Title");
            ui.add(egui::TextEdit::singleline(&mut settings.title).desired_width(360.0));
            ui.end_row();
            ui.label("View");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.view, FigureView::Screen, "As on the screen");
                ui.add_enabled_ui(has_selection, |ui| {
                    ui.radio_value(
                        &mut settings.view,
                        FigureView::Selection,
                        "Fitted to the selection",
                    );
                });
            });
            ui.end_row();
            ui.label("Show");
            ui.horizontal(|ui| {
                ui.checkbox(&mut settings.options.legend, "Legend");
                ui.checkbox(&mut settings.options.citations, "Sentences and sources");
                ui.add_enabled_ui(settings.options.citations, |ui| {
                    ui.checkbox(&mut settings.options.gloss, "English gloss");
                });
            });
            ui.end_row();
        });
}

fn size_ui(ui: &mut egui::Ui, settings: &mut FigureSettings) {
    ui.horizontal(|ui| {
        let png = settings.format == Format::Png;
        if png {
            ui.checkbox(&mut settings.png_on_paper, "On paper");
        }
        if png && !settings.png_on_paper {
            let most = MAX_SIDE_PX;
            ui.add(
                egui::DragValue::new(&mut settings.pixels.0)
                    .range(100..=most)
                    .suffix(" px"),
            );
            ui.label("×");
            ui.add(
                egui::DragValue::new(&mut settings.pixels.1)
                    .range(100..=most)
                    .suffix(" px"),
            );
            return;
        }
        egui::ComboBox::from_id_salt("figure-paper")
            .selected_text(settings.paper.label())
            .show_ui(ui, |ui| {
                for paper in [Paper::A4, Paper::A3, Paper::Letter] {
                    ui.selectable_value(&mut settings.paper, paper, paper.label());
                }
            });
        ui.checkbox(&mut settings.landscape, "Landscape");
        if png {
            egui::ComboBox::from_id_salt("figure-dpi")
                .selected_text(format!("{} dpi", settings.dpi))
                .show_ui(ui, |ui| {
                    for dpi in [150, 300] {
                        ui.selectable_value(&mut settings.dpi, dpi, format!("{dpi} dpi"));
                    }
                });
        }
    });
}

fn buttons_ui(ui: &mut egui::Ui, busy: Option<&std::path::Path>) -> Option<Outcome> {
    let mut outcome = None;
    ui.horizontal(|ui| match busy {
        Some(path) => {
            crate::panels::busy(ui);
            ui.label(format!("Exporting to {}…", path.display()));
            if ui.button("Stop").clicked() {
                outcome = Some(Outcome::Stop);
            }
        }
        None => {
            if ui.button("Export…").clicked() {
                outcome = Some(Outcome::Export);
            }
            if ui.button("Close").clicked() {
                outcome = Some(Outcome::Close);
            }
        }
    });
    outcome
}
