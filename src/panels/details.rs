//! The details panel: everything known about the selected item, its sources, and the
//! passages that mention it.

use egui::{Color32, RichText, Ui};

use crate::layers::{Layer, Layers};
use crate::model::{Corridor, ItemRef, LayerId, PassageId, RouteAccuracy, Status, Story};
use crate::panels::Action;
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
    if let Some(chosen) = item_details_ui(ui, layers, layer, first, editing) {
        action = Some(chosen);
    }
    action
}

/// One item in full: what it is, its figures, where it comes from, the passages that
/// mention it, its sources, and every property it has.
fn item_details_ui(
    ui: &mut Ui,
    layers: &Layers,
    layer: &Layer,
    corridor: &Corridor,
    editing: Option<LayerId>,
) -> Option<Action> {
    let mut action = None;
    let info = &corridor.info;
    let kind = corridor.kind();
    let swatch = if info.kind.is_some() {
        kind_colour(&kind)
    } else {
        layer.colour
    };
    let title = corridor
        .properties
        .get("title")
        .and_then(serde_json::Value::as_str)
        .filter(|_| info.name.is_none())
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
        ui.horizontal(|ui| {
            ui.label(kind.label());
            if let Some(status) = info.status {
                status_badge(ui, status);
            }
        });
    }
    ui.add_space(4.0);
    facts_ui(ui, corridor);
    if let Some(description) = &info.description {
        ui.add_space(4.0);
        ui.add(egui::Label::new(description.as_str()).wrap());
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
    if layer.story.is_some() {
        let item = layer.item(&corridor.id);
        stories_differ_ui(ui, layers, &item, corridor);
        action = mentioned_in_ui(ui, layers, &item, editing);
    }
    if !info.sources.is_empty() {
        ui.add_space(6.0);
        egui::CollapsingHeader::new(format!("Sources ({})", info.sources.len()))
            .id_salt(("sources", &corridor.id.0))
            .default_open(true)
            .show(ui, |ui| {
                for source in &info.sources {
                    link_ui(ui, &source.title, &source.url);
                }
            });
    }
    // A story's items say all in the rows above; a file's may say it only here.
    properties_ui(ui, corridor, layer.story.is_none());
    action
}

/// The figures the corridor format knows, as a table.
fn facts_ui(ui: &mut Ui, corridor: &Corridor) {
    let info = &corridor.info;
    egui::Grid::new("details-grid")
        .num_columns(2)
        .spacing([8.0, 3.0])
        .show(ui, |ui| {
            if let Some(year) = info.start_year {
                row(ui, "In service since", year.to_string());
            }
            if let Some(year) = info.rfs_year {
                row(ui, "Planned ready", year.to_string());
            }
            if let Some(operator) = &info.operator {
                row(ui, "Operator", operator.as_str());
            }
            if !info.owners.is_empty() {
                row(ui, "Owners", info.owners.join(", "));
            }
            if let Some(capacity) = info.capacity {
                let unit = info.capacity_unit.as_deref().unwrap_or("");
                row(ui, "Capacity", format!("{} {unit}", group_digits(capacity)));
            }
            if let Some(stated) = info.length_km {
                let source = info
                    .length_source
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                row(ui, "Length, as stated", format!("{stated} km{source}"));
            }
            if let Some(drawn) = corridor.geodesic_length_km() {
                row(
                    ui,
                    "Length, as drawn",
                    format!("{drawn:.0} km along the line on the map"),
                );
            }
            if let Some(accuracy) = info.route_accuracy {
                let (key, text) = accuracy_text(accuracy, corridor.geometry.as_ref());
                row(ui, key, text);
            }
        });
}

/// The passages of every open story that mention the item, grouped by story with its source
/// and date; a click shows the passage in its story's article.
fn mentioned_in_ui(
    ui: &mut Ui,
    layers: &Layers,
    item: &ItemRef,
    editing: Option<LayerId>,
) -> Option<Action> {
    let mut action = None;
    let mentions: Vec<(&Layer, &Story, Vec<PassageId>)> = layers
        .copies(item)
        .iter()
        .filter_map(|copy| {
            let layer = layers.get(copy.layer)?;
            let story = layer.story.as_ref()?;
            Some((layer, story, story.passages_of(&copy.id)))
        })
        .filter(|(_, _, passages)| !passages.is_empty())
        .collect();
    let count: usize = mentions.iter().map(|(_, _, passages)| passages.len()).sum();
    ui.add_space(6.0);
    ui.label(RichText::new(format!("Mentioned in ({count})")).strong());
    if mentions.is_empty() {
        ui.weak("No open story mentions this item.");
    }
    for (layer, story, passages) in mentions {
        let meta = &story.meta;
        ui.label(
            RichText::new(format!("{}, {}, {}", meta.title(), meta.source, meta.date))
                .small()
                .weak(),
        );
        for passage_id in &passages {
            let Some(passage) = story.article.passage(passage_id) else {
                continue;
            };
            let quotes: Vec<&str> = story
                .quotes(&item.id, passage_id)
                .into_iter()
                .filter_map(|range| story.article.text.get(range))
                .collect();
            let place = crate::panels::article::passage_place(story, &passage.id);
            let proposed = if story.proposed(&item.id, passage_id) {
                ", proposed by the draft"
            } else {
                ""
            };
            let text = format!("„{}“ ({place}{proposed})", quotes.join(" … "));
            let response = ui
                .add(
                    egui::Label::new(RichText::new(text).italics())
                        .wrap()
                        .sense(egui::Sense::click()),
                )
                .on_hover_text("Show this sentence in the article");
            if response.clicked() {
                action = Some(Action::ShowPassage(layer.id, passage_id.clone()));
            }
            if proposed.is_empty() {
                continue;
            }
            if editing == Some(layer.id)
                && let Some(chosen) =
                    crate::panels::editing::proposal_buttons_ui(ui, &item.id, passage_id)
            {
                action = Some(chosen);
            }
        }
    }
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
                    for (key, value) in &corridor.properties {
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
