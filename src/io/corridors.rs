//! GeoJSON features to corridor items.

use geojson::Feature;

use crate::io::geojson_util::geometry_of;
use crate::model::corridor::{Corridor, CorridorProperties, FeatureId};

/// Makes a corridor item of `feature`, the `index`-th of its file. Properties that do not fit
/// the corridor format are kept for display and reported in the returned warning.
pub fn corridor_from_feature(feature: &Feature, index: usize) -> (Corridor, Option<String>) {
    let properties = feature.properties.clone().unwrap_or_default();
    let (info, problems) = CorridorProperties::from_properties(&properties);
    let warning = (!problems.is_empty()).then(|| problems.join("; "));
    let id = info
        .id
        .clone()
        .or_else(|| feature.id.as_ref().map(feature_id_text))
        .unwrap_or_else(|| format!("feature-{}", index + 1));
    let corridor = Corridor {
        id: FeatureId(id),
        info,
        properties,
        geometry: geometry_of(feature),
    };
    let warning = warning.map(|w| format!("feature {} ({}): {w}", index + 1, corridor.id));
    (corridor, warning)
}

fn feature_id_text(id: &geojson::feature::Id) -> String {
    match id {
        geojson::feature::Id::String(text) => text.clone(),
        geojson::feature::Id::Number(number) => number.to_string(),
    }
}
