//! The status bar: where the pointer is, the zoom, basemap progress, and the latest message.

use crate::io::settings::BasemapChoice;
use crate::map::OnlineStatus;
use crate::panels::Action;
use crate::panels::menu_bar::basemap_choice_ui;
use egui::Ui;

/// What the status bar shows.
pub struct Status<'a> {
    /// The longitude and latitude under the pointer, in degrees, if it is over the map.
    pub pointer: Option<(f64, f64)>,
    /// The map's zoom level.
    pub zoom: f64,
    /// Offline tiles still being drawn.
    pub tiles_pending: usize,
    /// The basemap in use.
    pub basemap: BasemapChoice,
    /// Whether the online basemap answers.
    pub online: OnlineStatus,
    /// A message for the user, if any.
    pub notice: Option<&'a str>,
}

/// Formats a position as degrees with hemisphere letters, e.g. `40.40950° N  49.86700° E`.
///
/// # Examples
/// ```
/// use corridor_atlas::panels::status_bar::format_position;
/// assert_eq!(format_position(49.867, 40.4095), "40.40950° N  49.86700° E");
/// assert_eq!(format_position(-3.5, -12.25), "12.25000° S  3.50000° W");
/// ```
pub fn format_position(lon_deg: f64, lat_deg: f64) -> String {
    let ns = if lat_deg < 0.0 { 'S' } else { 'N' };
    let ew = if lon_deg < 0.0 { 'W' } else { 'E' };
    format!("{:.5}° {ns}  {:.5}° {ew}", lat_deg.abs(), lon_deg.abs())
}

/// Draws the status bar and returns the chosen command.
pub fn status_bar_ui(ui: &mut Ui, status: &Status<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let pointer = status.pointer.map_or_else(
            || "Pointer outside the map".to_owned(),
            |(lon, lat)| format_position(lon, lat),
        );
        ui.monospace(pointer);
        ui.separator();
        ui.label(format!("Zoom {:.1}", status.zoom));
        ui.separator();
        egui::ComboBox::from_label("basemap")
            .selected_text(status.basemap.label())
            .show_ui(ui, |ui| {
                if let Some(choice) = basemap_choice_ui(ui, status.basemap) {
                    action = Some(Action::SetBasemap(choice));
                }
            });
        match status.online {
            OnlineStatus::Waiting => {
                crate::panels::busy(ui);
                ui.weak("Connecting…");
            }
            OnlineStatus::Unreachable => {
                ui.weak("Offline: showing the bundled map")
                    .on_hover_text("The online basemap cannot be reached; the bundled offline map is drawn instead.");
            }
            OnlineStatus::NotInUse | OnlineStatus::Reachable => {}
        }
        if status.tiles_pending > 0 {
            ui.separator();
            crate::panels::busy(ui);
            ui.label(format!("Drawing basemap: {} tiles", status.tiles_pending));
        }
        if let Some(notice) = status.notice {
            ui.separator();
            // Cut to the room there is; the whole message is in the tooltip.
            ui.add(egui::Label::new(notice).truncate())
                .on_hover_text(notice);
            let dismiss = crate::panels::named_button(
                ui,
                egui::Button::new("✖").small(),
                "Dismiss this message",
                true,
            );
            if dismiss.clicked() {
                action = Some(Action::DismissNotice);
            }
        }
    });
    action
}
