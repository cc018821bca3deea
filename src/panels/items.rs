//! The items panel: the items of the story's layer grouped by kind, with swatches, visibility toggles and a
//! search over names and aliases.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use egui::{RichText, Ui, vec2};

use crate::io::basemap::{Place, PlaceKind};
use crate::layers::{Layer, Layers};
use crate::map::overlay_layer::swatch;
use crate::model::history::Phase;
use crate::model::search::{matches, normalise};
use crate::model::{Corridor, ItemRef, Kind};
use crate::panels::Action;
use crate::style::overlay::HOVER_HALO;

/// The id of the search box, so that a shortcut can put the keyboard there.
pub fn search_id() -> egui::Id {
    egui::Id::unique("item-search")
}

/// At most this many matches of each loaded file and of the basemap's places are listed.
const MORE_RESULTS: usize = 30;

/// What the items panel shows and lets the user change.
pub struct ItemsView<'a> {
    /// The search text, edited in place.
    pub search: &'a mut String,
    /// Kinds the user has hidden.
    pub hidden_kinds: &'a BTreeSet<Kind>,
    /// The context items (no article names them) are hidden.
    pub context_hidden: bool,
    /// Items the user has hidden.
    pub hidden_items: &'a HashSet<ItemRef>,
    /// Selected items.
    pub selection: &'a [ItemRef],
    /// The item under the pointer on the map: its row is marked.
    pub hovered: &'a [ItemRef],
    /// Loaded files, whose features the search finds too.
    pub layers: &'a Layers,
    /// The basemap's places, which the search finds too.
    pub places: &'a [Place],
    /// The date the map shows: dated items say what they were then.
    pub as_of: jiff::civil::Date,
}

/// Whether `corridor` matches the search `query`: any of its names or aliases contains it,
/// whatever the case, diacritics, dashes and spaces.
///
/// # Examples
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use corridor_atlas::panels::items::matches_search;
/// let story = corridor_atlas::io::story::bundled();
/// let port = story.corridors.iter().find(|c| c.id.0 == "port-of-baku-alat").ok_or("not found")?;
/// assert!(matches_search(port, "ələt") && matches_search(port, "Alat") && matches_search(port, "seehafen"));
/// assert!(!matches_search(port, "Kars"));
/// # Ok(())
/// # }
/// ```
pub fn matches_search(corridor: &Corridor, query: &str) -> bool {
    let query = normalise(query);
    matching_name(corridor, &query).is_some() || query.is_empty()
}

/// The first of an item's names that the normalised `query` finds.
fn matching_name<'c>(corridor: &'c Corridor, query: &str) -> Option<&'c str> {
    corridor.all_names().find(|name| matches(name, query))
}

/// Draws the items panel for the items of `story` (the layer whose article is shown) and
/// returns what the user chose.
pub fn items_ui(ui: &mut Ui, story: Option<&Layer>, view: &mut ItemsView<'_>) -> Option<Action> {
    let mut action = None;
    ui.heading("Items");
    search_box_ui(ui, view.search);
    ui.add_space(4.0);
    let query = normalise(view.search);

    let mut groups: BTreeMap<Kind, Vec<&Corridor>> = BTreeMap::new();
    let mut context: Vec<&Corridor> = Vec::new();
    for corridor in story.iter().flat_map(|layer| layer.corridors.iter()) {
        if corridor.info.context {
            context.push(corridor);
        } else {
            groups.entry(corridor.kind()).or_default().push(corridor);
        }
    }
    let layer = story.map_or(crate::model::LayerId::BUNDLED_STORY, |layer| layer.id);
    let mut shown = 0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (kind, corridors) in &groups {
                let matching: Vec<&Corridor> = corridors
                    .iter()
                    .copied()
                    .filter(|c| query.is_empty() || matching_name(c, &query).is_some())
                    .collect();
                if matching.is_empty() {
                    continue;
                }
                shown += matching.len();
                let kind_visible = !view.hidden_kinds.contains(kind);
                action = kind_row_ui(ui, kind, matching.len(), kind_visible).or(action.take());
                ui.indent(kind.label(), |ui| {
                    for corridor in matching {
                        let row = Row {
                            item: ItemRef {
                                layer,
                                id: corridor.id.clone(),
                            },
                            corridor,
                            kind_visible,
                            query: &query,
                        };
                        action = item_row_ui(ui, &row, view).or(action.take());
                    }
                });
            }
            let (found, chosen) = context_items_ui(ui, &context, layer, &query, view);
            shown += found;
            action = chosen.or(action.take());
            if !query.is_empty() {
                let (found, chosen) = other_results_ui(ui, &query, view.layers, view.places);
                shown += found;
                action = action.take().or(chosen);
            }
            if shown == 0 {
                ui.weak(format!("Nothing is called “{}”.", view.search.trim()));
            }
        });
    action
}

/// The search box: it takes the width there is and never more, so typing must not widen
/// the panel.
fn search_box_ui(ui: &mut Ui, search: &mut String) {
    let row_width = ui.available_width();
    ui.allocate_ui_with_layout(
        vec2(row_width, ui.spacing().interact_size.y),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_max_width(row_width);
            let clear = crate::panels::named_button(
                ui,
                egui::Button::new("✖").small(),
                "Clear the search",
                !search.is_empty(),
            );
            if clear.clicked() {
                search.clear();
            }
            let edit = egui::TextEdit::singleline(search)
                .id(search_id())
                .hint_text("Search names, aliases…")
                .clip_text(true)
                .desired_width(ui.available_width().max(40.0));
            let response = ui.add(edit).on_hover_text(
                "Finds items, features of loaded files and places by any of their names, in any language",
            );
            let text = search.clone();
            // Screen readers, and tests, find the box by this name.
            response.widget_info(|| egui::WidgetInfo {
                label: Some("Search items".to_owned()),
                ..egui::WidgetInfo::text_edit(true, &text, &text, "Search names, aliases…")
            });
        },
    );
}

/// The heading of a kind: its visibility, its swatch, and how many items match.
fn kind_row_ui(ui: &mut Ui, kind: &Kind, count: usize, kind_visible: bool) -> Option<Action> {
    let mut action = None;
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
        ui.label(RichText::new(format!("{} ({count})", kind.label())).strong());
    });
    action
}

/// The context items that match the search, under their own heading; how many, and the
/// choice.
fn context_items_ui(
    ui: &mut Ui,
    context: &[&Corridor],
    layer: crate::model::LayerId,
    query: &str,
    view: &ItemsView<'_>,
) -> (usize, Option<Action>) {
    let matching: Vec<&Corridor> = context
        .iter()
        .copied()
        .filter(|c| query.is_empty() || matching_name(c, query).is_some())
        .collect();
    if matching.is_empty() {
        return (0, None);
    }
    let mut action = context_row_ui(ui, matching.len(), !view.context_hidden);
    ui.indent("context-items", |ui| {
        for corridor in &matching {
            let row = Row {
                item: ItemRef {
                    layer,
                    id: corridor.id.clone(),
                },
                corridor,
                kind_visible: !view.context_hidden,
                query,
            };
            action = item_row_ui(ui, &row, view).or(action.take());
        }
    });
    (matching.len(), action)
}

/// The heading of the context items: one toggle for all of them.
fn context_row_ui(ui: &mut Ui, count: usize, shown: bool) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let mut visible = shown;
        let toggle = ui.checkbox(&mut visible, "");
        toggle.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, shown, "Show the context")
        });
        if toggle.changed() {
            action = Some(Action::ToggleContext);
        }
        ui.label(RichText::new(format!("Context, not in the article ({count})")).strong())
            .on_hover_text(
                "Items the article does not name that explain it; drawn lighter on the map",
            );
    });
    action
}

/// What one row of the list shows.
struct Row<'a> {
    item: ItemRef,
    corridor: &'a Corridor,
    /// Its kind is shown: otherwise its own toggle is disabled.
    kind_visible: bool,
    /// The normalised search, to say which of its names matched.
    query: &'a str,
}

/// One item: its visibility and its name, which selects it and shows it on the map.
fn item_row_ui(ui: &mut Ui, row: &Row<'_>, view: &ItemsView<'_>) -> Option<Action> {
    let mut action = None;
    let (item, corridor, query) = (&row.item, row.corridor, row.query);
    ui.horizontal(|ui| {
        let item_visible = !view.hidden_items.contains(item);
        let mut visible = item_visible;
        let toggle = ui.add_enabled(row.kind_visible, egui::Checkbox::without_text(&mut visible));
        let name = format!("Show {}", corridor.name());
        toggle.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, row.kind_visible, item_visible, &name)
        });
        if toggle.changed() {
            action = Some(Action::ToggleItem(item.clone()));
        }
        let selected = view.selection.contains(item);
        // The row of the item under the pointer on the map is marked.
        let mark = ui.painter().add(egui::Shape::Noop);
        // Long names are cut to the panel's width; the tooltip has them whole.
        let also = matching_name(corridor, query)
            .filter(|name| !query.is_empty() && *name != corridor.name())
            .map(|name| format!(" (also called {name})"))
            .unwrap_or_default();
        // A dated item that was not in service on the date shown says what it was.
        let phase = corridor
            .is_dated()
            .then(|| corridor.phase_on(view.as_of).0)
            .filter(|phase| *phase != Phase::Operating);
        if let Some(phase) = phase {
            ui.label(egui::RichText::new(phase_tag(phase)).small().weak())
                .on_hover_text(format!("{} on the date shown", phase.label()));
        }
        let label = ui
            .add(egui::Button::selectable(selected, corridor.name()).truncate())
            .on_hover_text(format!(
                "{}{also}: select and show on the map",
                corridor.name()
            ));
        if view.hovered.contains(item) {
            ui.painter().set(
                mark,
                egui::Shape::rect_filled(
                    label.rect.expand(1.0),
                    3.0,
                    HOVER_HALO.gamma_multiply(0.5),
                ),
            );
        }
        if label.clicked() {
            action = Some(Action::SelectAndFly(item.clone()));
        }
    });
    action
}

/// A short tag for an item's phase in the list.
fn phase_tag(phase: Phase) -> &'static str {
    match phase {
        Phase::NotYet => "not yet",
        Phase::Planned => "planned",
        Phase::Construction => "building",
        Phase::Operating => "",
        Phase::Closed => "closed",
    }
}

/// A heading for a group of search results, saying where they come from.
fn source_heading_ui(ui: &mut Ui, text: &str, count: usize) {
    ui.add_space(4.0);
    ui.add(egui::Label::new(RichText::new(format!("{text} ({count})")).strong()).truncate());
}

/// Matches in the loaded files and among the basemap's places; how many, and the choice.
fn other_results_ui(
    ui: &mut Ui,
    query: &str,
    layers: &Layers,
    places: &[Place],
) -> (usize, Option<Action>) {
    let mut action = None;
    let mut found = 0;
    for layer in layers.files() {
        let hits: Vec<(usize, &Corridor)> = layer
            .corridors
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                layer
                    .search_names
                    .get(*i)
                    .is_some_and(|names| names.contains(query))
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        found += hits.len();
        source_heading_ui(ui, &format!("In {}", layer.name), hits.len());
        ui.indent(("layer-results", layer.id), |ui| {
            for (_, corridor) in hits.iter().take(MORE_RESULTS) {
                let button = ui
                    .add(egui::Button::selectable(false, corridor.name()).truncate())
                    .on_hover_text(format!(
                        "{} from the layer {}: select and show on the map",
                        corridor.name(),
                        layer.name
                    ));
                if button.clicked() {
                    action = Some(Action::SelectAndFly(layer.item(&corridor.id)));
                }
            }
            if hits.len() > MORE_RESULTS {
                ui.weak(format!("… and {} more", hits.len() - MORE_RESULTS));
            }
        });
    }
    let hits: Vec<&Place> = places
        .iter()
        .filter(|p| matches!(p.kind, PlaceKind::Capital | PlaceKind::City))
        .filter(|p| matches(&p.name, query))
        .collect();
    if !hits.is_empty() {
        found += hits.len();
        source_heading_ui(ui, "Places of the basemap", hits.len());
        ui.indent("place-results", |ui| {
            for place in hits.iter().take(MORE_RESULTS) {
                let button = ui
                    .add(egui::Button::selectable(false, &place.name).truncate())
                    .on_hover_text(format!("{}, a place of the basemap: show it", place.name));
                if button.clicked() {
                    action = Some(Action::FlyTo(place.position.x(), place.position.y()));
                }
            }
        });
    }
    (found, action)
}
