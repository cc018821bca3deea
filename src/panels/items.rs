//! The items panel: the story's items grouped by kind, with swatches, visibility toggles and a
//! search over names and aliases.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use egui::{RichText, Ui, vec2};

use crate::map::overlay_layer::swatch;
use crate::model::{Corridor, FeatureId, Kind, Story};
use crate::panels::Action;

/// What the items panel shows and lets the user change.
pub struct ItemsView<'a> {
    /// The search text, edited in place.
    pub search: &'a mut String,
    /// Kinds the user has hidden.
    pub hidden_kinds: &'a BTreeSet<Kind>,
    /// Items the user has hidden.
    pub hidden_items: &'a HashSet<FeatureId>,
    /// Selected items.
    pub selection: &'a [FeatureId],
}

/// Whether `corridor` matches the search `query`: any of its names or aliases contains it,
/// ignoring case.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use corridor_atlas::panels::items::matches_search;
/// let story = corridor_atlas::io::story::bundled().story;
/// let port = story.corridors.iter().find(|c| c.id.0 == "port-of-baku-alat").ok_or("not found")?;
/// assert!(matches_search(port, "ələt") && matches_search(port, "Alat") && matches_search(port, "seehafen"));
/// assert!(!matches_search(port, "Kars"));
/// # Ok(())
/// # }
/// ```
pub fn matches_search(corridor: &Corridor, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty()
        || corridor
            .all_names()
            .any(|name| name.to_lowercase().contains(&query))
}

/// Draws the items panel and returns what the user chose.
pub fn items_ui(ui: &mut Ui, story: &Story, view: ItemsView<'_>) -> Option<Action> {
    let mut action = None;
    ui.heading("Items");
    ui.horizontal(|ui| {
        let edit = egui::TextEdit::singleline(view.search)
            .hint_text("Search names, aliases…")
            .desired_width(ui.available_width() - 28.0);
        ui.add(edit)
            .on_hover_text("Finds items by any of their names, in any language");
        if !view.search.is_empty() {
            let clear = ui.small_button("✖").on_hover_text("Clear the search");
            clear.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Clear the search")
            });
            if clear.clicked() {
                view.search.clear();
            }
        }
    });
    ui.add_space(4.0);

    let mut groups: BTreeMap<Kind, Vec<&Corridor>> = BTreeMap::new();
    for corridor in &story.corridors {
        groups.entry(corridor.kind()).or_default().push(corridor);
    }
    let mut shown = 0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (kind, corridors) in &groups {
                let matching: Vec<&&Corridor> = corridors
                    .iter()
                    .filter(|c| matches_search(c, view.search))
                    .collect();
                if matching.is_empty() {
                    continue;
                }
                shown += matching.len();
                let kind_visible = !view.hidden_kinds.contains(kind);
                ui.horizontal(|ui| {
                    let mut visible = kind_visible;
                    let toggle = ui.checkbox(&mut visible, "");
                    let name = format!("Show {}", kind.label().to_lowercase());
                    toggle.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, kind_visible, &name)
                    });
                    if toggle.changed() {
                        action = Some(Action::ToggleKind(kind.clone()));
                    }
                    let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), egui::Sense::hover());
                    swatch(ui.painter(), rect, kind, false);
                    ui.label(
                        RichText::new(format!("{} ({})", kind.label(), matching.len())).strong(),
                    );
                });
                ui.indent(kind.label(), |ui| {
                    for corridor in matching {
                        ui.horizontal(|ui| {
                            let item_visible = !view.hidden_items.contains(&corridor.id);
                            let mut visible = item_visible;
                            let toggle = ui.add_enabled(
                                kind_visible,
                                egui::Checkbox::without_text(&mut visible),
                            );
                            let name = format!("Show {}", corridor.name());
                            toggle.widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::CheckBox,
                                    kind_visible,
                                    item_visible,
                                    &name,
                                )
                            });
                            if toggle.changed() {
                                action = Some(Action::ToggleItem(corridor.id.clone()));
                            }
                            let selected = view.selection.contains(&corridor.id);
                            // Long names are cut to the panel's width; the tooltip has them whole.
                            let label = ui
                                .add(egui::Button::selectable(selected, corridor.name()).truncate())
                                .on_hover_text(format!(
                                    "{}: select and show on the map",
                                    corridor.name()
                                ));
                            if label.clicked() {
                                action = Some(Action::SelectAndFly(corridor.id.clone()));
                            }
                        });
                    }
                });
            }
            if shown == 0 {
                ui.weak(format!("No item is called “{}”.", view.search.trim()));
            }
        });
    action
}
