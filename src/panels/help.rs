//! The Help menu's windows: keyboard shortcuts, about, and the credits of the data and fonts.

use egui::{RichText, Ui};

use crate::panels::Action;
use crate::panels::details::link_ui;

/// A help window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpTopic {
    /// Every key and mouse gesture.
    Shortcuts,
    /// The version and what the app is.
    About,
    /// Where the basemap, the places, the online maps and the fonts come from.
    Credits,
}

/// Which help windows are open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpWindows {
    /// The keyboard shortcuts.
    pub shortcuts: bool,
    /// About Corridor Atlas.
    pub about: bool,
    /// Credits and licences.
    pub credits: bool,
}

impl HelpWindows {
    /// Opens the window of `topic`.
    pub fn open(&mut self, topic: HelpTopic) {
        match topic {
            HelpTopic::Shortcuts => self.shortcuts = true,
            HelpTopic::About => self.about = true,
            HelpTopic::Credits => self.credits = true,
        }
    }
}

/// The keys and gestures of the map, as the shortcuts window lists them.
const MAP_KEYS: [(&str, &str); 10] = [
    ("Drag", "Move the map"),
    (
        "Mouse wheel",
        "Zoom in or out around the pointer, half a level a notch",
    ),
    (
        "Double-click",
        "Zoom in one level (right double-click: out)",
    ),
    ("Right-click", "Copy coordinates, zoom here, what is here"),
    ("+ / −", "Zoom in / out one level"),
    ("Arrow keys", "Move the map"),
    ("Home", "Show the whole story"),
    ("Alt+← / Alt+→", "Previous / next event on the time bar"),
    ("Esc", "Clear the selection"),
    ("Click", "Select the item under the pointer"),
];

/// Draws the open help windows; returns what the user chose in them.
pub fn help_windows_ui(ctx: &egui::Context, open: &mut HelpWindows) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open.shortcuts)
        .collapsible(false)
        .resizable(false)
        .min_width(460.0)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (shortcut, chosen) in crate::panels::shortcuts() {
                        ui.monospace(ctx.format_shortcut(&shortcut));
                        ui.label(describe(&chosen));
                        ui.end_row();
                    }
                    for (keys, what) in MAP_KEYS {
                        ui.monospace(keys);
                        ui.label(what);
                        ui.end_row();
                    }
                });
        });
    egui::Window::new("About Corridor Atlas")
        .open(&mut open.about)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("Corridor Atlas {}", env!("CARGO_PKG_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.add_space(6.0);
            ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
            if ui.button("Credits and licences of the data…").clicked() {
                action = Some(Action::ShowHelp(HelpTopic::Credits));
            }
        });
    egui::Window::new("Credits and licences")
        .open(&mut open.credits)
        .collapsible(false)
        .default_width(420.0)
        .show(ctx, credits_ui);
    action
}

/// What a shortcut does, in the words of the menus.
fn describe(action: &Action) -> &'static str {
    use crate::panels::SidePanel;
    match action {
        Action::OpenFiles => "Open corridor files",
        Action::FocusSearch => "Search the items",
        Action::SaveScreenshot => "Save a screenshot",
        Action::TogglePanel(SidePanel::Items) => "Show or hide the items panel",
        Action::TogglePanel(SidePanel::Story) => "Show or hide the details and article",
        Action::ResetLayout => "Reset the layout",
        Action::ShowHelp(_) => "This list",
        Action::Quit => "Quit",
        _ => "",
    }
}

/// Where the data and fonts shown come from, and under which terms.
fn credits_ui(ui: &mut Ui) {
    let entries: [(&str, &str, &str, &str); 5] = [
        (
            "Offline basemap",
            "Natural Earth (land, lakes, countries, borders), public domain, through the world-atlas package.",
            "Natural Earth",
            "https://www.naturalearthdata.com/about/terms-of-use/",
        ),
        (
            "Place names",
            "Positions of cities from GeoNames, licensed under CC BY 4.0.",
            "GeoNames",
            "https://www.geonames.org/",
        ),
        (
            "OpenStreetMap basemap",
            "Map data © OpenStreetMap contributors, under the Open Database License; tiles by the OpenStreetMap Foundation.",
            "OpenStreetMap copyright",
            "https://www.openstreetmap.org/copyright",
        ),
        (
            "OpenTopoMap basemap",
            "Map data © OpenStreetMap contributors, SRTM; map style © OpenTopoMap (CC-BY-SA).",
            "OpenTopoMap",
            "https://opentopomap.org/about",
        ),
        (
            "Font",
            "DejaVu Sans, under the Bitstream Vera and Arev font licences (free to use and share).",
            "DejaVu fonts licence",
            "https://dejavu-fonts.github.io/License.html",
        ),
    ];
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (what, text, link, url) in entries {
            ui.label(RichText::new(what).strong());
            ui.add(egui::Label::new(text).wrap());
            link_ui(ui, link, url);
            ui.add_space(6.0);
        }
        ui.label(RichText::new("The story").strong());
        ui.add(
            egui::Label::new(
                "The article is AZERTAC's; the corridor data cites its sources item by item, in the details panel.",
            )
            .wrap(),
        );
    });
}
