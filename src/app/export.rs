//! Export of the items shown as GeoJSON: the dialog that asks where, and the writing.

use crate::dialogs::{PendingDialog, dialogs_available};

use super::App;

impl App {
    /// Asks where to save the items shown; without a dialog, they go to the pictures folder.
    pub(super) fn ask_where_to_export(&mut self, ctx: &egui::Context) {
        if self.export_dialog.is_some() {
            return;
        }
        let name = format!(
            "{}.geojson",
            crate::screenshot::screenshot_file_name().trim_end_matches(".png")
        );
        if !dialogs_available() {
            let path = crate::screenshot::screenshot_folder().join(name);
            self.write_export(&path);
            return;
        }
        let answer = rfd::AsyncFileDialog::new()
            .set_title("Export items as GeoJSON")
            .add_filter("GeoJSON", &["geojson"])
            .set_file_name(name)
            .save_file();
        self.export_dialog = Some(PendingDialog::new(ctx, answer));
    }

    /// Takes in the export dialog's answer, once a frame.
    pub(super) fn export_step(&mut self) {
        let Some(answer) = self.export_dialog.as_mut().and_then(PendingDialog::poll) else {
            return;
        };
        self.export_dialog = None;
        if let Some(file) = answer {
            self.write_export(file.path());
        }
    }

    /// Writes the items shown to `path`, and says where (or why not).
    fn write_export(&mut self, path: &std::path::Path) {
        let text = serde_json::to_string_pretty(&self.export_geojson()).unwrap_or_default() + "\n";
        self.notice = Some(
            match crate::io::draft::write_atomically(path, text.as_bytes()) {
                Ok(()) => format!("Exported the items shown to {}", path.display()),
                Err(error) => format!("Cannot export to {}: {error}", path.display()),
            },
        );
    }
}
