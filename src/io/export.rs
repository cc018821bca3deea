//! The items on the map as GeoJSON, each with the sentences that mention it: for a report,
//! another tool, or an editor who wants the data behind a map.

use serde_json::{Map, Value, json};

use jiff::civil::Date;

use crate::model::history::{Phase, RouteVersion, Shown};
use crate::model::{Corridor, FeatureId, Story};

/// A set of items to export: a layer's name, its story if it has one, and the items shown.
pub struct ExportLayer<'a> {
    /// The layer's name, as the app shows it.
    pub name: &'a str,
    /// Its story, whose passages quote the items.
    pub story: Option<&'a Story>,
    /// The items to export, as the layer has them.
    pub items: Vec<&'a Corridor>,
}

/// A FeatureCollection of the items of `layers`, bottom layer first. Each feature keeps its
/// properties and gets `id`, `layer`, and `mentioned_in`: for every story among `layers`
/// that mentions an item of that id, the story, its source and date, the passage id and
/// the quoted words. An item that several stories share is written once.
///
/// With a date `as_of`, each dated item is written as it was then: its status and changed
/// figures of that date, the route valid then, and `as_of`; items not yet planned are left
/// out. Without one, an item's other route versions follow it as features of their own.
///
/// # Examples
/// ```
/// use corridor_atlas::io::export::{ExportLayer, geojson};
/// let story = corridor_atlas::io::story::bundled();
/// let layer = ExportLayer { name: "Story", story: Some(&story.story), items: story.corridors.iter().collect() };
/// let out = geojson(&[layer], None);
/// let features = out["features"].as_array().ok_or("no features")?;
/// let railway = features.iter().find(|f| f["properties"]["id"] == "baku-tbilisi-kars-railway").ok_or("no railway")?;
/// assert_eq!(railway["properties"]["mentioned_in"][0]["quote"], "Eisenbahnlinie Baku-Tiflis-Kars");
/// # Ok::<(), &str>(())
/// ```
pub fn geojson(layers: &[ExportLayer<'_>], as_of: Option<Date>) -> Value {
    let stories: Vec<&Story> = layers.iter().filter_map(|layer| layer.story).collect();
    let mut written: Vec<&FeatureId> = Vec::new();
    let mut features = Vec::new();
    for layer in layers {
        for item in &layer.items {
            // A story's item that an earlier story has written is the same thing.
            if layer.story.is_some() && written.contains(&&item.id) {
                continue;
            }
            if layer.story.is_some() {
                written.push(&item.id);
            }
            let in_a_story = layer.story.is_some();
            match as_of.filter(|_| item.is_dated()) {
                Some(day) if item.phase_on(day).0 == Phase::NotYet => {}
                Some(day) => {
                    let mut written = feature(layer.name, item, &stories, in_a_story);
                    as_it_was(&mut written, item, day);
                    features.push(written);
                }
                None => {
                    features.push(feature(layer.name, item, &stories, in_a_story));
                    features.extend(item.versions.iter().map(|v| version(layer.name, item, v)));
                }
            }
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}

/// A geometry as GeoJSON; `null` for none.
fn geometry_value(geometry: Option<&geo::Geometry<f64>>) -> Value {
    geometry.map_or(Value::Null, |g| {
        serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(g)))
            .unwrap_or(Value::Null)
    })
}

/// Rewrites an item's feature as the item was on `day`: its status, its figures, its route.
fn as_it_was(feature: &mut Value, item: &Corridor, day: Date) {
    let (_, shown) = item.phase_on(day);
    feature["geometry"] = geometry_value(item.geometry_on(day));
    let Some(properties) = feature["properties"].as_object_mut() else {
        return;
    };
    if let Some(status) = item.status_on(day) {
        properties.insert("status".to_owned(), json!(status));
    }
    for key in item
        .info
        .dated
        .events
        .iter()
        .flat_map(|event| event.set.keys())
    {
        if let Some(value) = item.figure_on(key, day) {
            properties.insert(key.clone(), value);
        }
    }
    let (Shown::Valid(k) | Shown::Nearest(k)) = shown;
    if let Some(version) = k.checked_sub(1).and_then(|k| item.versions.get(k)) {
        for (key, value) in [
            ("plan", version.plan.clone()),
            ("valid_from", version.span.from.map(|w| w.iso())),
            ("valid_to", version.span.to.map(|w| w.iso())),
        ] {
            match value {
                Some(value) => properties.insert(key.to_owned(), Value::String(value)),
                None => properties.remove(key),
            };
        }
    }
    properties.insert("as_of".to_owned(), Value::String(day.to_string()));
}

/// Another version of an item's route, as a feature with the item's id and its dates.
fn version(layer: &str, item: &Corridor, version: &RouteVersion) -> Value {
    let mut properties = Map::new();
    properties.insert("id".to_owned(), Value::String(item.id.0.clone()));
    properties.insert("name".to_owned(), Value::String(item.name().to_owned()));
    if let Some(kind) = &item.info.kind {
        properties.insert("kind".to_owned(), json!(kind));
    }
    properties.insert("layer".to_owned(), Value::String(layer.to_owned()));
    let texts = [
        ("plan", version.plan.clone()),
        ("valid_from", version.span.from.map(|w| w.iso())),
        ("valid_to", version.span.to.map(|w| w.iso())),
        ("description", version.description.clone()),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            properties.insert(key.to_owned(), Value::String(value));
        }
    }
    properties.insert("sources".to_owned(), json!(version.sources));
    properties.insert("cites".to_owned(), json!(version.cites));
    json!({
        "type": "Feature",
        "geometry": geometry_value(version.geometry.as_ref()),
        "properties": properties,
    })
}

/// One item as a GeoJSON feature with its mentions.
fn feature(layer: &str, item: &Corridor, stories: &[&Story], in_a_story: bool) -> Value {
    let mut properties: Map<String, Value> = item.properties.to_map();
    properties.insert("id".to_owned(), Value::String(item.id.0.clone()));
    properties.insert("layer".to_owned(), Value::String(layer.to_owned()));
    properties.remove("passages");
    let mentions: Vec<Value> = if in_a_story {
        stories
            .iter()
            .flat_map(|story| mentions(story, &item.id))
            .collect()
    } else {
        Vec::new()
    };
    properties.insert("mentioned_in".to_owned(), Value::Array(mentions));
    let geometry = geometry_value(item.geometry.as_ref());
    json!({ "type": "Feature", "geometry": geometry, "properties": properties })
}

/// The passages of `story` that mention the item `id`, with their quoted words.
fn mentions(story: &Story, id: &FeatureId) -> Vec<Value> {
    story
        .passages_of(id)
        .into_iter()
        .map(|passage| {
            let quote: Vec<&str> = story
                .quotes(id, &passage)
                .into_iter()
                .filter_map(|range| story.article.text.get(range))
                .collect();
            json!({
                "story": story.meta.title(),
                "source": story.meta.source,
                "date": story.meta.date,
                "passage": passage.0,
                "quote": quote.join(" … "),
                "read_in": story.inferred(id, &passage),
            })
        })
        .collect()
}
