//! The items on the map as GeoJSON, each with the sentences that mention it: for a report,
//! another tool, or an editor who wants the data behind a map.

use serde_json::{Map, Value, json};

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
/// # Examples
/// ```
/// use corridor_atlas::io::export::{ExportLayer, geojson};
/// let story = corridor_atlas::io::story::bundled();
/// let layer = ExportLayer { name: "Story", story: Some(&story.story), items: story.corridors.iter().collect() };
/// let out = geojson(&[layer]);
/// let features = out["features"].as_array().ok_or("no features")?;
/// let railway = features.iter().find(|f| f["properties"]["id"] == "baku-tbilisi-kars-railway").ok_or("no railway")?;
/// assert_eq!(railway["properties"]["mentioned_in"][0]["quote"], "Eisenbahnlinie Baku-Tiflis-Kars");
/// # Ok::<(), &str>(())
/// ```
pub fn geojson(layers: &[ExportLayer<'_>]) -> Value {
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
            features.push(feature(layer.name, item, &stories, layer.story.is_some()));
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}

/// One item as a GeoJSON feature with its mentions.
fn feature(layer: &str, item: &Corridor, stories: &[&Story], in_a_story: bool) -> Value {
    let mut properties: Map<String, Value> = item.properties.clone();
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
    let geometry = item.geometry.as_ref().map_or(Value::Null, |g| {
        serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(g)))
            .unwrap_or(Value::Null)
    });
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
