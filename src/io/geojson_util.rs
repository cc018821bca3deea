//! Small helpers shared by the GeoJSON readers.

/// The geometry of `feature` as a `geo` geometry, if it has one that converts.
pub fn geometry_of(feature: &geojson::Feature) -> Option<geo::Geometry<f64>> {
    let geometry = feature.geometry.as_ref()?;
    geo::Geometry::<f64>::try_from(&geometry.value).ok()
}

/// A string property of `feature`, if present and a string.
pub fn string_property<'a>(feature: &'a geojson::Feature, key: &str) -> Option<&'a str> {
    feature.properties.as_ref()?.get(key)?.as_str()
}
