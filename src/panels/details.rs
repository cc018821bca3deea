//! The details panel: everything known about the selected item, its sources, and the
//! passages that mention it.

use egui::{Color32, RichText, Ui};

use crate::layers::{Layer, Layers};
use jiff::civil::Date;

use crate::model::history::{Shown, When};
use crate::model::{
    Corridor, FeatureId, ItemRef, LayerId, PassageId, RouteAccuracy, Status, Story,
};
use crate::panels::Action;
use crate::panels::time_bar::TimeAction;
use crate::style::overlay::kind_colour;

/// Whether a link may be opened in the browser: only web addresses, never files or scripts.
///
/// # Examples
/// ```
/// use corridor_atlas::panels::details::is_web_link;
/// assert!(is_web_link("https://www.bp.com/"));
/// assert!(!is_web_link("file:///etc/passwd"));
/// assert!(!is_web_link("javascript:alert(1)"));
/// ```
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
}

/// A source or link: clickable when it is a web address, plain text otherwise.
pub fn link_ui(ui: &mut Ui, text: &str, url: &str) {
    if is_web_link(url) {
        ui.hyperlink_to(text, url.trim()).on_hover_text(url);
    } else {
        ui.label(format!("{text} ({url})"));
    }
}

/// A number with its thousands set apart, as people read figures: `1 200 000`, `6.5`.
///
/// # Examples
/// ```
/// use corridor_atlas::panels::details::group_digits;
/// assert_eq!(group_digits(1_200_000.0), "1\u{202f}200\u{202f}000");
/// assert_eq!(group_digits(6.5), "6.5");
/// assert_eq!(group_digits(846.0), "846");
/// ```
pub fn group_digits(value: f64) -> String {
    let text = value.to_string();
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

fn status_badge(ui: &mut Ui, status: Status) {
    let colour = match status {
        Status::Operating => crate::style::panels::STATUS_OPERATING,
        Status::Proposed | Status::Construction => crate::style::panels::STATUS_PLANNED,
        _ => crate::style::panels::STATUS_OTHER,
    };
    egui::Frame::new()
        .fill(colour)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(
                RichText::new(status.label())
                    .color(Color32::WHITE)
                    .small()
                    .strong(),
            );
        });
}

fn row(ui: &mut Ui, key: &str, value: impl Into<egui::WidgetText>) {
    ui.label(RichText::new(key).weak());
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// How exact the drawing is, in words that fit its geometry: a route follows a course, a
/// point has a position, an area an outline.
fn accuracy_text(
    accuracy: RouteAccuracy,
    geometry: Option<&geo::Geometry<f64>>,
) -> (&'static str, &'static str) {
    use geo::Geometry as G;
    match geometry {
        Some(G::Point(_) | G::MultiPoint(_)) => (
            "Position",
            match accuracy {
                RouteAccuracy::Exact => "exact: where it really is",
                RouteAccuracy::Approximate => "approximate: within a few kilometres",
                RouteAccuracy::Schematic => "estimated: near the right place, not surveyed",
            },
        ),
        Some(G::Polygon(_) | G::MultiPolygon(_) | G::Rect(_) | G::Triangle(_)) | None => (
            "Outline",
            match accuracy {
                RouteAccuracy::Exact => "exact",
                RouteAccuracy::Approximate => "approximate: simplified",
                RouteAccuracy::Schematic => "schematic: only roughly where it is",
            },
        ),
        _ => (
            "Route",
            match accuracy {
                RouteAccuracy::Exact => "exact: follows the real course",
                RouteAccuracy::Approximate => {
                    "approximate: through the right places, not every bend"
                }
                RouteAccuracy::Schematic => "schematic: shows only what is connected",
            },
        ),
    }
}

/// Draws the details of the selected items (the first in full), whatever layer they come
/// from, and returns what the user chose.
pub fn details_ui(
    ui: &mut Ui,
    layers: &Layers,
    selection: &[ItemRef],
    editing: Option<LayerId>,
    as_of: Date,
) -> Option<Action> {
    let mut action = None;
    let Some((layer, first)) = selection.first().and_then(|item| layers.item(item)) else {
        ui.weak("Click an item on the map, in the list, or a sentence of the article.");
        return None;
    };
    if selection.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} items selected:", selection.len()));
            for (index, item) in selection.iter().enumerate() {
                let Some((_, corridor)) = layers.item(item) else {
                    continue;
                };
                if ui.selectable_label(index == 0, corridor.name()).clicked() {
                    // Show this one in full, keeping the others selected.
                    let mut reordered = vec![item.clone()];
                    reordered.extend(selection.iter().filter(|other| *other != item).cloned());
                    action = Some(Action::Select(reordered));
                }
            }
        });
        ui.separator();
    }
    if let Some(chosen) = item_details_ui(ui, layers, (layer, first), editing, as_of) {
        action = Some(chosen);
    }
    action
}

/// One item in full: what it is, its figures, where it comes from, the passages that
/// mention it, its sources, and every property it has.
fn item_details_ui(
    ui: &mut Ui,
    layers: &Layers,
    (layer, corridor): (&Layer, &Corridor),
    editing: Option<LayerId>,
    as_of: Date,
) -> Option<Action> {
    let mut action = None;
    let info = &corridor.info;
    heading_ui(ui, layer, corridor, as_of);
    action = copy_citation_ui(ui, layers, &layer.item(&corridor.id), corridor).or(action);
    ui.add_space(4.0);
    facts_ui(ui, corridor, as_of);
    if let Some(description) = &info.description {
        ui.add_space(4.0);
        ui.add(egui::Label::new(description.as_str()).wrap());
    }
    if corridor.is_dated() {
        action = history_ui(ui, corridor, as_of).or(action.take());
    }
    if !info.disagreements.is_empty() {
        ui.add_space(4.0);
        egui::CollapsingHeader::new(format!(
            "Where sources disagree ({})",
            info.disagreements.len()
        ))
        .id_salt(("disagreements", &corridor.id.0))
        .show(ui, |ui| {
            for text in &info.disagreements {
                ui.add(egui::Label::new(format!("• {text}")).wrap());
            }
        });
    }
    let item = layer.item(&corridor.id);
    if !corridor.info.legs.is_empty() {
        action = chain_ui(ui, layers, layer, corridor).or(action.take());
    }
    action = part_of_ui(ui, layers, &item).or(action.take());
    if layer.story.is_some() {
        stories_differ_ui(ui, layers, &item, corridor);
        if corridor.info.context {
            ui.add_space(6.0);
            ui.weak("Context: the article does not name it; it explains what the article takes for granted.");
        } else {
            action = mentioned_in_ui(ui, layers, &item, editing).or(action.take());
        }
    }
    if !info.sources.is_empty() {
        ui.add_space(6.0);
        egui::CollapsingHeader::new(format!("Sources ({})", info.sources.len()))
            .id_salt(("sources", &corridor.id.0))
            .default_open(true)
            .show(ui, |ui| {
                for (number, source) in info.sources.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("[{}]", number + 1)).weak());
                        if let Some(kind) = source.kind {
                            ui.label(RichText::new(kind.label()).small().weak());
                        }
                        link_ui(ui, &source.title, &source.url);
                    });
                }
            });
    }
    // A story's items say all in the rows above; a file's may say it only here.
    properties_ui(ui, corridor, layer.story.is_none());
    action
}

/// Buttons that copy the item's citation (its quotes and sources) as text or Markdown.
fn copy_citation_ui(
    ui: &mut Ui,
    layers: &Layers,
    item: &ItemRef,
    corridor: &Corridor,
) -> Option<Action> {
    use crate::model::citation::{Format, citation};
    let stories: Vec<&Story> = layers
        .copies(item)
        .iter()
        .filter_map(|copy| layers.get(copy.layer)?.story.as_ref())
        .collect();
    let mut action = None;
    ui.horizontal(|ui| {
        for (label, name, format) in [
            ("Copy citation", "Copy the citation as text", Format::Plain),
            (
                "Markdown",
                "Copy the citation as Markdown",
                Format::Markdown,
            ),
        ] {
            if crate::panels::named_button(ui, egui::Button::new(label).small(), name, true)
                .clicked()
            {
                action = Some(Action::CopyText {
                    text: citation(corridor, &stories, format),
                    what: format!("the citation of {}", corridor.name()),
                });
            }
        }
    });
    action
}

/// The item's name, where it comes from, its kind and status.
fn heading_ui(ui: &mut Ui, layer: &Layer, corridor: &Corridor, as_of: Date) {
    let info = &corridor.info;
    let kind = corridor.kind();
    let swatch = if info.kind.is_some() {
        kind_colour(&kind)
    } else {
        layer.colour
    };
    let file_title = corridor
        .properties
        .get("title")
        .filter(|_| info.name.is_none());
    let title = file_title
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .unwrap_or(corridor.name());
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("■").color(swatch));
        ui.label(RichText::new(title).heading());
    });
    let from = match &layer.story {
        Some(_) => format!("From the story “{}”", layer.name),
        None => format!("From {}", layer.name),
    };
    ui.label(RichText::new(from).weak());
    if info.kind.is_some() || info.status.is_some() {
        ui.horizontal_wrapped(|ui| {
            ui.label(kind.label());
            if !corridor.is_dated() {
                if let Some(status) = info.status {
                    status_badge(ui, status);
                }
                return;
            }
            // A dated item says what it was on the date shown.
            match corridor.status_on(as_of) {
                Some(status) => status_badge(ui, status),
                None => {
                    ui.label(RichText::new("not yet planned").italics());
                }
            }
            ui.weak(format!("on {}", When::of_day(as_of).label()));
        });
    }
}

/// The item's history: each event with its date, what changed and its sources, the date
/// shown marked among them; and its route versions. A click on a date or a route moves the
/// time bar there.
fn history_ui(ui: &mut Ui, corridor: &Corridor, as_of: Date) -> Option<Action> {
    let mut action = None;
    let events = &corridor.info.dated.events;
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("History ({})", events.len()))
        .id_salt(("history", &corridor.id.0))
        .default_open(true)
        .show(ui, |ui| {
            let mut marked = false;
            for event in events {
                if !marked && event.day() > as_of {
                    marked = true;
                    shown_date_ui(ui, as_of);
                }
                ui.horizontal_wrapped(|ui| {
                    let Some(when) = event.when else {
                        return;
                    };
                    let past = event.day() <= as_of;
                    let date = RichText::new(when.label()).strong();
                    let date = if past { date } else { date.weak() };
                    if ui
                        .link(date)
                        .on_hover_text("Show the map on this date")
                        .clicked()
                    {
                        action = Some(Action::Time(TimeAction::Set(when.day)));
                    }
                    if let Some(status) = event.status {
                        status_badge(ui, status);
                    }
                    if let Some(until) = event.until {
                        ui.weak(format!("until {}", until.label()));
                    }
                    ui.label(event_text(event));
                    if let Some(source) = &event.source {
                        ui.weak(format!("({source})"));
                    }
                });
            }
            if !marked {
                shown_date_ui(ui, as_of);
            }
            action = routes_ui(ui, corridor, as_of).or(action.take());
        });
    action
}

/// The line that marks the date shown among the events.
fn shown_date_ui(ui: &mut Ui, as_of: Date) {
    ui.label(
        RichText::new(format!("▶ {}: the date shown", When::of_day(as_of).label()))
            .color(crate::style::time_bar::HANDLE)
            .small(),
    );
}

/// An event's sentence, with the plan it named, the figures it changed and its sources.
fn event_text(event: &crate::model::history::Event) -> String {
    use std::fmt::Write as _;
    let mut text = event.what.clone();
    if let Some(plan) = &event.plan {
        let _ = write!(text, " Route: {plan}.");
    }
    for (key, value) in &event.set {
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        let _ = write!(text, " {key}: {value}.");
    }
    if !event.cites.is_empty() {
        let numbers: Vec<String> = event.cites.iter().map(|n| (n + 1).to_string()).collect();
        let _ = write!(text, " [{}]", numbers.join(", "));
    }
    text.trim().to_owned()
}

/// The routes a dated item had, each with its dates; the one drawn on the date shown marked.
fn routes_ui(ui: &mut Ui, corridor: &Corridor, as_of: Date) -> Option<Action> {
    if corridor.versions.is_empty() {
        return None;
    }
    let mut action = None;
    ui.add_space(4.0);
    ui.label(RichText::new(format!("Routes ({})", corridor.versions.len() + 1)).strong());
    let shown = corridor.shown_on(as_of);
    let own = (
        corridor.info.dated.span,
        corridor.info.dated.plan.as_deref(),
        corridor.info.description.as_deref(),
    );
    let versions = std::iter::once(own).chain(
        corridor
            .versions
            .iter()
            .map(|v| (v.span, v.plan.as_deref(), v.description.as_deref())),
    );
    let mut routes: Vec<(usize, _)> = versions.enumerate().collect();
    routes.sort_by_key(|(_, (span, _, _))| span.from.map(|when| when.day));
    for (index, (span, plan, description)) in routes {
        ui.horizontal_wrapped(|ui| {
            let drawn = shown == Shown::Valid(index);
            let name = plan.unwrap_or("Route");
            let text = RichText::new(format!("{name} ({})", span.label()));
            let text = if drawn { text.strong() } else { text };
            let response = ui.link(text);
            let response = match description {
                Some(description) => response.on_hover_text(description),
                None => response,
            };
            if response.clicked()
                && let Some(from) = span.from
            {
                action = Some(Action::Time(TimeAction::Set(from.day)));
            }
            if drawn {
                ui.weak("drawn on the date shown");
            }
        });
    }
    action
}

/// The figures the corridor format knows, as a table.
fn facts_ui(ui: &mut Ui, corridor: &Corridor, as_of: Date) {
    let info = &corridor.info;
    // Figures a dated item's history changed are given as they were on the date shown.
    let figure = |key: &str, own: Option<f64>| {
        if corridor.is_dated() {
            corridor
                .figure_on(key, as_of)
                .and_then(|value| value.as_f64())
        } else {
            own
        }
    };
    // The sources that back a field, as the numbers of the source list: " [1, 3]".
    let cited = |field: &str| -> String {
        info.cites.get(field).map_or_else(String::new, |numbers| {
            let numbers: Vec<String> = numbers.iter().map(|n| (n + 1).to_string()).collect();
            format!(" [{}]", numbers.join(", "))
        })
    };
    egui::Grid::new("details-grid")
        .num_columns(2)
        .spacing([8.0, 3.0])
        .show(ui, |ui| {
            if let Some(year) = info.start_year {
                row(
                    ui,
                    "In service since",
                    format!("{year}{}", cited("start_year")),
                );
            }
            if let Some(year) = info.rfs_year {
                row(ui, "Planned ready", format!("{year}{}", cited("rfs_year")));
            }
            if let Some(operator) = &info.operator {
                row(ui, "Operator", format!("{operator}{}", cited("operator")));
            }
            if !info.owners.is_empty() {
                row(
                    ui,
                    "Owners",
                    format!("{}{}", info.owners.join(", "), cited("owners")),
                );
            }
            if let Some(capacity) = figure("capacity", info.capacity) {
                let unit = info.capacity_unit.as_deref().unwrap_or("");
                let text = format!("{} {unit}{}", group_digits(capacity), cited("capacity"));
                row(ui, "Capacity", text);
            }
            if let Some(stated) = figure("length_km", info.length_km) {
                let source = info
                    .length_source
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                let text = format!("{stated} km{source}{}", cited("length_km"));
                row(ui, "Length, as stated", text);
            }
            // A route that changed is measured as drawn on the date shown.
            let drawn_then = corridor
                .geometry_on(as_of)
                .and_then(crate::model::corridor::geodesic_length_km);
            if let Some(drawn) = drawn_then {
                row(
                    ui,
                    "Length, as drawn",
                    format!("{drawn:.0} km along the line on the map"),
                );
            }
            if let Some(accuracy) = info.route_accuracy {
                let (key, text) = accuracy_text(accuracy, corridor.geometry.as_ref());
                row(ui, key, format!("{text}{}", cited("geometry")));
            }
        });
}

/// The passages of every open story that mention the item (for a corridor: it or any of its
/// legs), grouped by story with its source and date; a click shows the passage in its
/// story's article.
fn mentioned_in_ui(
    ui: &mut Ui,
    layers: &Layers,
    item: &ItemRef,
    editing: Option<LayerId>,
) -> Option<Action> {
    let mut action = None;
    // What counts as "this item": its copies in every story, and a corridor's legs.
    let mut wanted = vec![item.clone()];
    wanted.extend(layers.legs_of(item));
    let ids: Vec<&FeatureId> = wanted.iter().map(|w| &w.id).collect();
    let mut mentions: Vec<Mentions<'_>> = Vec::new();
    for layer in layers.layers.iter().filter(|l| l.story.is_some()) {
        let Some(story) = layer.story.as_ref() else {
            continue;
        };
        let mut found: Vec<(PassageId, &FeatureId)> = Vec::new();
        for id in ids.iter().filter(|id| layer.corridor(id).is_some()) {
            for passage in story.passages_of(id) {
                found.push((passage, *id));
            }
        }
        if !found.is_empty() {
            mentions.push((layer, story, found));
        }
    }
    let count: usize = mentions.iter().map(|(_, _, found)| found.len()).sum();
    ui.add_space(6.0);
    ui.label(RichText::new(format!("Mentioned in ({count})")).strong());
    if mentions.is_empty() {
        ui.weak("No open story mentions this item.");
    }
    for (layer, story, found) in mentions {
        let meta = &story.meta;
        ui.label(
            RichText::new(format!("{}, {}, {}", meta.title(), meta.source, meta.date))
                .small()
                .weak(),
        );
        for (passage_id, id) in &found {
            let leg = (*id != &item.id)
                .then(|| layer.corridor(id).map(Corridor::name))
                .flatten();
            let chosen = quote_ui(ui, story, id, passage_id, leg, layer.id);
            action = chosen.or(action.take());
            if editing == Some(layer.id)
                && story.proposed(id, passage_id)
                && let Some(chosen) =
                    crate::panels::editing::proposal_buttons_ui(ui, id, passage_id)
            {
                action = Some(chosen);
            }
        }
    }
    action
}

/// A story's layer, the story, and the passages of it that mention an item (with the id it
/// mentions: the item's own or a leg's).
type Mentions<'a> = (&'a Layer, &'a Story, Vec<(PassageId, &'a FeatureId)>);

/// One quote of *Mentioned in*: the words in the article's language, where they stand, and
/// whether the article names the item there or the atlas reads it in.
fn quote_ui(
    ui: &mut Ui,
    story: &Story,
    id: &FeatureId,
    passage_id: &PassageId,
    leg: Option<&str>,
    layer: LayerId,
) -> Option<Action> {
    let passage = story.article.passage(passage_id)?;
    let quotes: Vec<&str> = story
        .quotes(id, passage_id)
        .into_iter()
        .filter_map(|range| story.article.text.get(range))
        .collect();
    let mut notes = vec![crate::panels::article::passage_place(story, &passage.id)];
    if let Some(leg) = leg {
        notes.push(format!("of {leg}"));
    }
    if story.inferred(id, passage_id) {
        notes.push("our reading: the article does not name it".to_owned());
    }
    if story.proposed(id, passage_id) {
        notes.push("proposed by the draft".to_owned());
    }
    let text = format!("„{}“ ({})", quotes.join(" … "), notes.join(", "));
    let response = ui
        .add(
            egui::Label::new(RichText::new(text).italics())
                .wrap()
                .sense(egui::Sense::click()),
        )
        .on_hover_text("Show this sentence in the article");
    response
        .clicked()
        .then(|| Action::ShowPassage(layer, passage_id.clone()))
}

/// A corridor's chain: each leg in order with its mode, lengths and status, the totals by
/// mode and in all, and where the chain is broken.
fn chain_ui(ui: &mut Ui, layers: &Layers, layer: &Layer, corridor: &Corridor) -> Option<Action> {
    let mut action = None;
    let legs = layers.legs_of(&layer.item(&corridor.id));
    let find = |id: &str| {
        legs.iter()
            .find(|leg| leg.id.0 == id)
            .and_then(|leg| layers.item(leg))
            .map(|(_, item)| item)
    };
    let steps = crate::model::chain::steps(corridor, find);
    ui.add_space(6.0);
    ui.label(RichText::new(format!("Legs ({})", steps.len())).strong());
    // One block per leg: its number and items (a choice on one line), then what it is.
    for (number, step) in steps.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}.", number + 1)).weak());
            for (index, (id, item)) in step.choices.iter().enumerate() {
                if index > 0 {
                    ui.weak("or");
                }
                match (item, legs.iter().find(|leg| leg.id.0 == *id)) {
                    (Some(item), Some(leg)) => {
                        if ui.link(item.name()).clicked() {
                            action = Some(Action::SelectAndFly(leg.clone()));
                        }
                    }
                    _ => {
                        ui.colored_label(crate::style::panels::PROBLEM, format!("{id} (missing)"));
                    }
                }
            }
        });
        if let Some(item) = step.counted() {
            ui.indent(("leg", number), |ui| {
                ui.label(RichText::new(leg_summary(item)).small().weak());
            });
        }
    }
    totals_ui(ui, &crate::model::chain::totals(&steps));
    for problem in crate::model::chain::breaks(&steps) {
        ui.colored_label(
            crate::style::panels::PROBLEM,
            format!("The chain is broken at {problem}."),
        );
    }
    action
}

/// A leg in a few words: its mode, status and lengths.
fn leg_summary(item: &Corridor) -> String {
    let mut parts = vec![item.kind().label().to_owned()];
    if let Some(status) = item.info.status {
        parts.push(status.label().to_owned());
    }
    if let Some(km) = item.info.length_km {
        parts.push(format!("{} km stated", group_digits(km)));
    }
    if let Some(km) = item.geodesic_length_km() {
        parts.push(format!("{km:.0} km drawn"));
    }
    parts.join(", ")
}

/// The lengths of a chain by mode and in all.
fn totals_ui(ui: &mut Ui, totals: &crate::model::chain::Totals) {
    egui::Grid::new("chain-totals")
        .num_columns(2)
        .spacing([8.0, 3.0])
        .show(ui, |ui| {
            let stated_text = |km: f64| {
                if km > 0.0 {
                    format!("{} km stated", group_digits(km))
                } else {
                    "no length stated".to_owned()
                }
            };
            for (mode, (stated, drawn)) in &totals.by_mode {
                row(
                    ui,
                    mode,
                    format!("{}, {drawn:.0} km drawn", stated_text(*stated)),
                );
            }
            row(
                ui,
                "In all",
                format!(
                    "{}, {:.0} km drawn",
                    stated_text(totals.stated_km),
                    totals.drawn_km
                ),
            );
        });
    if totals.unstated > 0 {
        ui.weak(format!(
            "{} of the legs state no length; only their drawn length counts.",
            totals.unstated
        ));
    }
}

/// The corridors an item is a leg of, each a link that selects it.
fn part_of_ui(ui: &mut Ui, layers: &Layers, item: &ItemRef) -> Option<Action> {
    let corridors = layers.corridors_through(item);
    if corridors.is_empty() {
        return None;
    }
    let mut action = None;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Part of").strong());
        for (corridor, step) in corridors {
            let Some((_, found)) = layers.item(&corridor) else {
                continue;
            };
            if ui.link(format!("{} (leg {step})", found.name())).clicked() {
                action = Some(Action::Select(vec![corridor]));
            }
        }
    });
    action
}

/// Where two open stories say different things of the same item: each figure as each story
/// gives it, and whether they draw it in different places. Nothing when they agree.
fn stories_differ_ui(ui: &mut Ui, layers: &Layers, item: &ItemRef, corridor: &Corridor) {
    let own = layers
        .get(item.layer)
        .map_or("", |layer| layer.name.as_str());
    let mut lines = Vec::new();
    for copy in layers.copies(item).iter().skip(1) {
        let Some((layer, other)) = layers.item(copy) else {
            continue;
        };
        for (field, mine, theirs) in figure_differences(corridor, other) {
            lines.push(format!(
                "{field}: {mine} in “{own}”, {theirs} in “{}”",
                layer.name
            ));
        }
        if corridor.geometry != other.geometry {
            lines.push(format!(
                "“{}” draws it with another route or position; the map shows “{own}”’s",
                layer.name
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    ui.add_space(4.0);
    egui::CollapsingHeader::new(format!("Where the open stories differ ({})", lines.len()))
        .id_salt(("stories-differ", &corridor.id.0))
        .default_open(true)
        .show(ui, |ui| {
            for line in &lines {
                ui.add(egui::Label::new(format!("• {line}")).wrap());
            }
        });
}

/// One figure of an item as text, if it has it.
type Figure = fn(&Corridor) -> Option<String>;

/// The figures two versions of an item give differently: (what, this one's, the other's).
fn figure_differences(a: &Corridor, b: &Corridor) -> Vec<(&'static str, String, String)> {
    let text = |value: Option<String>| value.unwrap_or_else(|| "nothing".to_owned());
    let capacity = |c: &Corridor| {
        c.info.capacity.map(|value| {
            format!(
                "{} {}",
                group_digits(value),
                c.info.capacity_unit.as_deref().unwrap_or("")
            )
            .trim()
            .to_owned()
        })
    };
    let fields: [(&'static str, Figure); 6] = [
        ("Name", |c| Some(c.name().to_owned())),
        ("Status", |c| c.info.status.map(|s| s.label().to_owned())),
        ("In service since", |c| {
            c.info.start_year.map(|y| y.to_string())
        }),
        ("Length, as stated", |c| {
            c.info.length_km.map(|km| format!("{km} km"))
        }),
        ("Operator", |c| c.info.operator.clone()),
        ("Planned ready", |c| c.info.rfs_year.map(|y| y.to_string())),
    ];
    let mut found: Vec<(&'static str, String, String)> = fields
        .iter()
        .filter_map(|(field, value)| {
            let (mine, theirs) = (value(a), value(b));
            (mine != theirs).then(|| (*field, text(mine), text(theirs)))
        })
        .collect();
    let (mine, theirs) = (capacity(a), capacity(b));
    if mine != theirs {
        found.push(("Capacity", text(mine), text(theirs)));
    }
    found
}

/// A property value as text for the table: strings as they are, everything else as JSON,
/// nested values indented so they can be read.
///
/// # Examples
/// ```
/// use corridor_atlas::panels::details::value_text;
/// assert_eq!(value_text(&serde_json::json!("Aktau")), "Aktau");
/// assert_eq!(value_text(&serde_json::json!(12.5)), "12.5");
/// assert!(value_text(&serde_json::json!({"a": [1, 2]})).contains("\n"));
/// ```
pub fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
        }
        other => other.to_string(),
    }
}

/// Every property of the item as the file has it, in a table that can be folded.
fn properties_ui(ui: &mut Ui, corridor: &Corridor, open: bool) {
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Properties ({})", corridor.properties.len()))
        .id_salt(("properties", &corridor.id.0))
        .default_open(open)
        .show(ui, |ui| {
            if corridor.properties.is_empty() {
                ui.weak("This feature has no properties.");
            }
            egui::Grid::new("properties-grid")
                .num_columns(2)
                .spacing([8.0, 3.0])
                .striped(true)
                .show(ui, |ui| {
                    for (key, value) in &corridor.properties.to_map() {
                        ui.label(RichText::new(key).weak());
                        let text = value_text(value);
                        if is_web_link(&text) {
                            link_ui(ui, &text, &text);
                        } else {
                            ui.add(egui::Label::new(text).wrap());
                        }
                        ui.end_row();
                    }
                });
        });
}
