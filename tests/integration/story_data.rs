//! The bundled story is complete, sourced and consistent: what a reader of the map relies on.

use std::collections::HashSet;

use serde_json::Value;

use corridor_atlas::io::basemap::Basemap;
use corridor_atlas::io::story::{LoadedStory, STORY_REGION, bundled, bundled_article_text};
use corridor_atlas::model::{Corridor, FeatureId, Kind, PassageId, RouteAccuracy};
use geo::{Coord, CoordsIter, Distance, Euclidean, Point};
use sha2::{Digest, Sha256};

/// The bundled story as read from its files: its article (`.story`) and its items.
fn story() -> LoadedStory {
    let loaded = bundled();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    loaded
}

#[test]
fn the_bundled_story_loads_without_a_warning() {
    let story = story();
    assert_eq!(story.story.meta.source, "AZERTAC");
    assert_eq!(story.story.meta.date, "2023-04-10");
    assert_eq!(story.story.meta.place, "Astana");
    assert_eq!(story.story.meta.language, "de");
    assert!(
        story
            .story
            .meta
            .titles
            .get("de")
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        story
            .story
            .meta
            .english_title()
            .is_some_and(|t| !t.is_empty())
    );
}

#[test]
fn the_article_is_the_verbatim_text_its_metadata_names() {
    let story = story();
    let digest = Sha256::digest(bundled_article_text().as_bytes());
    let hex = format!("{digest:x}");
    assert_eq!(hex, story.story.meta.article_sha256);
    assert!(
        story
            .story
            .article
            .text
            .contains("Eisenbahnlinie Baku-Tiflis-Kars")
    );
}

#[test]
fn the_passages_tile_the_article_and_have_unique_ids_and_glosses() {
    let story = story();
    assert!(
        story.story.article.untiled().is_empty(),
        "{:?}",
        story.story.article.untiled()
    );
    let ids: HashSet<&PassageId> = story.story.article.passages.iter().map(|p| &p.id).collect();
    assert_eq!(ids.len(), story.story.article.passages.len());
    for passage in &story.story.article.passages {
        assert!(
            !passage.gloss_en.trim().is_empty(),
            "{} has no gloss",
            passage.id
        );
    }
}

#[test]
fn item_ids_are_unique() {
    let story = story();
    let ids: HashSet<&FeatureId> = story.corridors.iter().map(|c| &c.id).collect();
    assert_eq!(ids.len(), story.corridors.len());
}

#[test]
fn every_link_resolves_to_one_range_inside_its_passage() {
    let story = story();
    let written: usize = story.corridors.iter().map(|c| c.info.passages.len()).sum();
    assert_eq!(
        story.story.links.len(),
        written,
        "some links did not resolve"
    );
    for link in &story.story.links {
        let passage = story
            .story
            .article
            .passage(&link.passage)
            .expect("passage exists");
        assert!(passage.range.start <= link.range.start && link.range.end <= passage.range.end);
    }
}

#[test]
fn every_passage_is_linked_or_says_why_it_is_not() {
    let story = story();
    for passage in &story.story.article.passages {
        let linked = !story.story.features_of(&passage.id).is_empty();
        match &passage.non_spatial {
            Some(reason) => {
                assert!(!linked, "{} is linked but marked non-spatial", passage.id);
                assert!(!reason.trim().is_empty());
            }
            None => assert!(linked, "{} is linked to nothing", passage.id),
        }
    }
}

#[test]
fn the_model_answers_both_ways() {
    let story = story();
    let railway = FeatureId("baku-tbilisi-kars-railway".into());
    let passages = story.story.passages_of(&railway);
    assert!(
        passages.contains(&PassageId("p8.s1".into())),
        "{passages:?}"
    );
    for passage in &passages {
        assert!(story.story.features_of(passage).contains(&railway));
    }
    let fibre = story.story.features_of(&PassageId("p5.s2".into()));
    assert_eq!(
        fibre,
        vec![FeatureId("trans-caspian-fibre-optic-cable".into())]
    );
}

#[test]
fn the_items_the_article_names_are_all_there() {
    let story = story();
    let has = |kind: Kind| story.corridors.iter().filter(|c| c.kind() == kind).count();
    assert!(has(Kind::Railway) >= 1);
    assert!(has(Kind::Seaport) >= 3, "Baku (Alat), Aktau, Kuryk");
    assert!(has(Kind::OilPipeline) >= 1 && has(Kind::ShippingRoute) >= 1);
    assert!(has(Kind::SubseaCable) >= 1);
    assert!(has(Kind::FerryRoute) >= 2);
    for corridor in &story.corridors {
        assert!(
            corridor.info.sources.len() >= 2,
            "{} has fewer than two sources",
            corridor.id
        );
        for source in &corridor.info.sources {
            assert!(
                source.url.starts_with("http"),
                "{}: {}",
                corridor.id,
                source.url
            );
        }
        assert!(
            corridor.info.description.is_some(),
            "{} has no description",
            corridor.id
        );
    }
}

/// Tolerances, as documented in `data/README.md`: exact routes within 10 %, approximate ones
/// within 15 % of the length a source states; schematic routes are not checked.
#[test]
fn route_lengths_match_their_cited_lengths() {
    let story = story();
    let mut checked = 0;
    for corridor in &story.corridors {
        let (Some(stated), Some(measured)) =
            (corridor.info.length_km, corridor.geodesic_length_km())
        else {
            continue;
        };
        let tolerance = match corridor.info.route_accuracy {
            Some(RouteAccuracy::Exact) => 0.10,
            Some(RouteAccuracy::Approximate) => 0.15,
            Some(RouteAccuracy::Schematic) | None => continue,
        };
        let off = (measured - stated).abs() / stated;
        assert!(
            off <= tolerance,
            "{}: {measured:.0} km drawn, {stated} km stated",
            corridor.id
        );
        checked += 1;
    }
    assert!(checked >= 2, "the railway and the pipeline are checked");
}

fn positions(corridor: &Corridor) -> Vec<Coord<f64>> {
    corridor
        .geometry
        .as_ref()
        .map(|g| g.coords_iter().collect())
        .unwrap_or_default()
}

#[test]
fn every_position_lies_in_the_region() {
    for corridor in &story().corridors {
        for c in positions(corridor) {
            assert!(
                (25.0..=80.0).contains(&c.x) && (30.0..=56.0).contains(&c.y),
                "{} has a position outside the region: {c:?}",
                corridor.id
            );
        }
    }
}

/// Distance in degrees from `point` to the nearest coastline of the basemap.
fn degrees_to_coast(basemap: &Basemap, point: Point<f64>) -> f64 {
    basemap
        .land
        .iter()
        .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
        .map(|ring| Euclidean.distance(&point, ring))
        .fold(f64::INFINITY, f64::min)
}

/// A position with longitude and latitude swapped lands far from where the item belongs: a
/// port inland, a railway in the sea. So ports and terminals must be on the coast, land routes
/// on land, and sea routes at sea.
#[test]
fn no_position_has_longitude_and_latitude_swapped() {
    let basemap = Basemap::bundled().expect("basemap");
    // About 5 km: the coastline of the basemap is generalised.
    let near_coast_deg = 0.05;
    for corridor in &story().corridors {
        let coords = positions(corridor);
        match corridor.kind() {
            Kind::Seaport | Kind::OilTerminal => {
                for c in &coords {
                    let d = degrees_to_coast(&basemap, Point::from(*c));
                    assert!(
                        d < near_coast_deg,
                        "{} is {d:.3}° from the coast",
                        corridor.id
                    );
                }
            }
            Kind::Railway | Kind::OilPipeline | Kind::Place => {
                for c in &coords {
                    let point = Point::from(*c);
                    assert!(
                        basemap.is_land(point)
                            || degrees_to_coast(&basemap, point) < near_coast_deg,
                        "{} has a point at sea: {c:?}",
                        corridor.id
                    );
                }
            }
            Kind::ShippingRoute | Kind::FerryRoute | Kind::SubseaCable => {
                let inner = coords
                    .get(1..coords.len().saturating_sub(1))
                    .unwrap_or_default();
                for c in inner {
                    let point = Point::from(*c);
                    assert!(
                        !basemap.is_land(point)
                            || degrees_to_coast(&basemap, point) < near_coast_deg,
                        "{} crosses land at {c:?}",
                        corridor.id
                    );
                }
            }
            _ => {}
        }
    }
}

#[test]
fn places_are_in_the_countries_they_belong_to() {
    let basemap = Basemap::bundled().expect("basemap");
    let story = story();
    let country = |id: &str| {
        let corridor = story.corridor(&FeatureId(id.into())).expect(id);
        let first = positions(corridor)[0];
        basemap.country_at(Point::from(first)).map(str::to_owned)
    };
    assert_eq!(country("astana").as_deref(), Some("Kazakhstan"));
    let railway = story
        .corridor(&FeatureId("baku-tbilisi-kars-railway".into()))
        .expect("railway");
    let countries: HashSet<String> = positions(railway)
        .into_iter()
        .filter_map(|c| basemap.country_at(Point::from(c)).map(str::to_owned))
        .collect();
    let expected: HashSet<String> = ["Azerbaijan", "Georgia", "Turkey"].map(String::from).into();
    assert_eq!(countries, expected);
    // Areas name basemap countries that exist.
    for corridor in story.corridors.iter().filter(|c| c.kind() == Kind::Region) {
        for name in &corridor.info.basemap_countries {
            assert!(basemap.countries.iter().any(|c| &c.name == name), "{name}");
        }
    }
}

#[test]
fn every_item_of_the_story_lies_well_inside_the_region_files_are_compared_with() {
    for corridor in &story().corridors {
        for c in positions(corridor) {
            assert!(
                c.x >= STORY_REGION.west + 5.0
                    && c.x <= STORY_REGION.east - 5.0
                    && c.y >= STORY_REGION.south + 5.0
                    && c.y <= STORY_REGION.north - 5.0,
                "{} at {c:?}",
                corridor.id.0
            );
        }
    }
}

/// A property as the file writes it, `null` counting as absent.
fn property(corridor: &Corridor, key: &str) -> Option<Value> {
    corridor
        .properties
        .get(key)
        .filter(|value| !value.is_null())
}

/// The kind as the file spells it, so that kinds the model may not name yet (`oil_field`,
/// `corridor`) are checked too.
fn kind_name(corridor: &Corridor) -> String {
    property(corridor, "kind")
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn is_context(corridor: &Corridor) -> bool {
    property(corridor, "context")
        .as_ref()
        .and_then(Value::as_bool)
        == Some(true)
}

/// The sources as the file writes them, with the fields the model may not read yet.
fn raw_sources(corridor: &Corridor) -> Vec<serde_json::Map<String, Value>> {
    objects_in(property(corridor, "sources"))
}

/// The objects in an array.
fn objects_in(array: Option<Value>) -> Vec<serde_json::Map<String, Value>> {
    match array {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::Object(object) => Some(object),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The passage links as the file writes them.
fn raw_links(corridor: &Corridor) -> Vec<serde_json::Map<String, Value>> {
    objects_in(property(corridor, "passages"))
}

#[test]
fn context_items_are_never_shown_as_mentioned_by_the_article() {
    let story = story();
    for corridor in &story.corridors {
        if let Some(context) = property(corridor, "context") {
            assert!(
                context.is_boolean(),
                "{}: context is not true or false",
                corridor.id
            );
        }
    }
    let context: Vec<&Corridor> = story.corridors.iter().filter(|c| is_context(c)).collect();
    for id in [
        "tengiz-oil-field",
        "kashagan-oil-field",
        "cpc-pipeline",
        "cpc-marine-terminal",
        "baku-supsa-pipeline",
        "supsa-terminal",
        "port-of-poti",
        "port-of-batumi",
        "zhezkazgan-beyneu-railway",
        "beyneu-mangyshlak-railway",
        "tengiz-crude-rail-to-aktau",
    ] {
        assert!(
            context.iter().any(|c| c.id.0 == id),
            "{id} is not a context item"
        );
    }
    for corridor in context {
        assert!(
            property(corridor, "passages").is_none(),
            "{} is context but lists passages",
            corridor.id
        );
        assert!(
            story.story.passages_of(&corridor.id).is_empty(),
            "{} is context but shown as mentioned",
            corridor.id
        );
        assert!(
            corridor
                .info
                .description
                .as_deref()
                .is_some_and(|d| d.len() > 100),
            "{} does not say why it matters to the story",
            corridor.id
        );
    }
}

/// The alternatives at each step of a corridor's `legs`.
fn steps(corridor: &Corridor) -> Vec<Vec<String>> {
    let legs = property(corridor, "legs");
    let legs = legs
        .as_ref()
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{} has no legs", corridor.id));
    legs.iter()
        .map(|step| match step {
            Value::String(id) => vec![id.clone()],
            Value::Array(ids) => ids
                .iter()
                .map(|id| {
                    id.as_str()
                        .unwrap_or_else(|| panic!("{}: a leg id is not text", corridor.id))
                        .to_owned()
                })
                .collect(),
            other => panic!("{}: a leg is {other}", corridor.id),
        })
        .collect()
}

#[test]
fn every_leg_of_a_corridor_is_an_item_of_the_same_file() {
    let story = story();
    let corridors: Vec<&Corridor> = story
        .corridors
        .iter()
        .filter(|c| kind_name(c) == "corridor")
        .collect();
    let ids: HashSet<&str> = corridors.iter().map(|c| c.id.0.as_str()).collect();
    assert_eq!(
        ids,
        HashSet::from(["kazakh-oil-export-via-azerbaijan", "middle-corridor"])
    );
    for corridor in corridors {
        assert!(corridor.geometry.is_none(), "{} is drawn", corridor.id);
        let steps = steps(corridor);
        assert!(steps.len() >= 3, "{} has too few legs", corridor.id);
        for alternatives in &steps {
            assert!(!alternatives.is_empty(), "{}: an empty choice", corridor.id);
            for id in alternatives {
                let leg = story.corridor(&FeatureId(id.clone())).unwrap_or_else(|| {
                    panic!("{}: leg {id} is not an item of the file", corridor.id)
                });
                assert_ne!(
                    kind_name(leg),
                    "corridor",
                    "{}: leg {id} is a corridor",
                    corridor.id
                );
            }
        }
        assert_eq!(
            property(corridor, "status")
                .as_ref()
                .and_then(Value::as_str),
            Some("operating")
        );
        assert!(
            !corridor.info.names.is_empty(),
            "{} has no names",
            corridor.id
        );
    }
}

#[test]
fn the_oil_corridor_runs_from_the_fields_to_ceyhan_and_the_middle_corridor_offers_two_ports() {
    let story = story();
    let oil = story
        .corridor(&FeatureId("kazakh-oil-export-via-azerbaijan".into()))
        .expect("oil corridor");
    let oil = steps(oil);
    assert!(
        oil[0].contains(&"tengiz-oil-field".to_owned())
            && oil[0].contains(&"kashagan-oil-field".to_owned())
    );
    assert_eq!(
        oil.last().map(Vec::as_slice),
        Some(&["ceyhan-terminal".to_owned()][..])
    );
    assert!(oil.iter().any(|step| step == &["btc-pipeline".to_owned()]));
    let middle = story
        .corridor(&FeatureId("middle-corridor".into()))
        .expect("middle corridor");
    let middle = steps(middle);
    assert!(middle.contains(&vec![
        "port-of-aktau".to_owned(),
        "port-of-kuryk".to_owned()
    ]));
    assert!(middle.contains(&vec![
        "ferry-aktau-alat".to_owned(),
        "ferry-kuryk-alat".to_owned()
    ]));
    assert_eq!(
        middle.last().map(Vec::as_slice),
        Some(&["baku-tbilisi-kars-railway".to_owned()][..])
    );
}

const SOURCE_TYPES: [&str; 5] = ["operator", "government", "press", "reference", "dataset"];

#[test]
fn every_source_has_one_of_the_five_types() {
    for corridor in &story().corridors {
        for source in raw_sources(corridor) {
            let kind = source.get("type").and_then(Value::as_str);
            assert!(
                kind.is_some_and(|k| SOURCE_TYPES.contains(&k)),
                "{}: {:?} has type {kind:?}",
                corridor.id,
                source.get("url")
            );
        }
    }
}

/// Mirrors of Wikipedia or of news sites, package registries and unrelated hosts: none is the
/// publisher of what it is cited for.
const NOT_A_PUBLISHER: [&str; 24] = [
    "adam.curry.com",
    "pwojczyn.com",
    "qwertyu.wiki",
    "perceptiode.com",
    "anaconda.org",
    "pypi.org",
    "npmjs.com",
    "crates.io",
    "wikimili.com",
    "wikijii.com",
    "wikiclassic.com",
    "wiki-gateway.eudic.net",
    "defzone.net",
    "wikipedia-on-ipfs.org",
    "ipfs.dweb.link",
    "encyclopedia.datana.cloud",
    "piglix.com",
    "docslib.org",
    "livejournal.com",
    "blogspot.com",
    "xebersaati.com",
    "247newsagency.com",
    "kastamonu-kultur.com.tr",
    "rftoday.ru",
];

/// What is wrong with a source address, if anything.
fn address_problem(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("has no scheme".into());
    };
    if scheme != "http" && scheme != "https" {
        return Some(format!("is {scheme}, not http(s)"));
    }
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if host.is_empty() || host.contains(['@', ' ', ':']) || url.contains(char::is_whitespace) {
        return Some(format!("has a malformed host “{host}”"));
    }
    if host.ends_with('.') {
        return Some(format!("has a trailing dot in “{host}”"));
    }
    if url.contains("wiki/?title=") {
        return Some("is a wiki/?title= form; use /w/index.php?title=…&oldid=…".into());
    }
    if host.ends_with(".m.wikipedia.org") {
        return Some("is Wikipedia's mobile copy".into());
    }
    NOT_A_PUBLISHER
        .iter()
        .find(|banned| host == **banned || host.ends_with(&format!(".{banned}")))
        .map(|banned| format!("is on {banned}, which is not the publisher"))
}

#[test]
fn the_address_rules_catch_the_addresses_that_were_replaced() {
    for bad in [
        "https://today.az./news/business/251628.html",
        "https://en.wikipedia.org/wiki/?title=A%C4%9Fstafa&oldid=930133758",
        "https://anaconda.org/cf-staging/reverse_geocoder",
        "http://adam.curry.com/art/1402813348_8JecaLsQ.html",
        "https://pt.qwertyu.wiki/wiki/Sangachal_terminal",
        "https://en.m.wikipedia.org/wiki/Karzakh",
        "ftp://example.org/file",
        "www.geonames.org/610612",
    ] {
        assert!(address_problem(bad).is_some(), "{bad} passed");
    }
    assert_eq!(address_problem("https://www.geonames.org/610612"), None);
    assert_eq!(
        address_problem("https://en.wikipedia.org/w/index.php?title=A%C4%9Fstafa&oldid=930133758"),
        None
    );
}

#[test]
fn no_source_is_a_copy_an_unrelated_host_or_a_malformed_address() {
    for corridor in &story().corridors {
        let mut seen = HashSet::new();
        for source in &corridor.info.sources {
            if let Some(problem) = address_problem(&source.url) {
                panic!("{}: {} {problem}", corridor.id, source.url);
            }
            // The same page under http and https, or with and without www, is one source.
            let page = source
                .url
                .split_once("://")
                .map_or(source.url.as_str(), |(_, rest)| rest)
                .trim_start_matches("www.")
                .trim_end_matches('/')
                .to_lowercase();
            assert!(
                seen.insert(page),
                "{}: {} is listed twice",
                corridor.id,
                source.url
            );
        }
    }
}

#[test]
fn cites_name_sources_the_item_has_and_figures_it_states() {
    let story = story();
    for corridor in &story.corridors {
        let count = corridor.info.sources.len();
        if let Some(cites) = property(corridor, "cites") {
            let cites = cites
                .as_object()
                .unwrap_or_else(|| panic!("{}: cites is not an object", corridor.id));
            for (field, indices) in cites {
                assert!(
                    if field == "geometry" {
                        corridor.geometry.is_some()
                    } else {
                        property(corridor, field).is_some()
                    },
                    "{}: cites {field}, which the item does not state",
                    corridor.id
                );
                let indices = indices.as_array().expect("an array of indices");
                assert!(
                    !indices.is_empty(),
                    "{}: cites.{field} is empty",
                    corridor.id
                );
                for index in indices {
                    let index = index.as_u64().expect("a source index");
                    assert!(
                        usize::try_from(index).is_ok_and(|i| i < count),
                        "{}: cites.{field} names source {index} of {count}",
                        corridor.id
                    );
                }
            }
        }
        let cited =
            |field: &str| property(corridor, "cites").is_some_and(|c| c.get(field).is_some());
        for field in ["capacity", "length_km"] {
            if property(corridor, field).is_some() {
                assert!(cited(field), "{}: {field} names no source", corridor.id);
            }
        }
        let placed = matches!(
            corridor.info.route_accuracy,
            Some(RouteAccuracy::Exact | RouteAccuracy::Approximate)
        );
        if placed && corridor.geometry.is_some() {
            assert!(
                cited("geometry"),
                "{}: its position names no source",
                corridor.id
            );
        }
    }
}

#[test]
fn every_capacity_says_which_kind_of_figure_it_is() {
    for corridor in &story().corridors {
        if property(corridor, "capacity").is_none() {
            continue;
        }
        let kind = property(corridor, "capacity_kind");
        let kind = kind.as_ref().and_then(Value::as_str);
        assert!(
            kind.is_some_and(|k| ["design_throughput", "storage", "agreed_volume"].contains(&k)),
            "{}: capacity_kind {kind:?}",
            corridor.id
        );
        let unit = corridor.info.capacity_unit.as_deref().unwrap_or_default();
        assert_eq!(
            unit.contains("storage"),
            kind == Some("storage"),
            "{}: unit {unit} against kind {kind:?}",
            corridor.id
        );
    }
}

#[test]
fn links_the_atlas_infers_are_marked_and_links_the_article_names_are_not() {
    let story = story();
    let mut inferred = 0;
    for corridor in &story.corridors {
        for link in raw_links(corridor) {
            let exact = link
                .get("exact")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let flag = link.get("inferred");
            assert!(
                flag.is_none_or(Value::is_boolean),
                "{}: inferred is not true or false",
                corridor.id
            );
            let is_inferred = flag.and_then(Value::as_bool) == Some(true);
            if [
                "Erweiterung von Transportkapazitäten Kasachstans",
                "Logistik- und Transportkapazitäten",
            ]
            .contains(&exact)
            {
                assert!(is_inferred, "{}: “{exact}” does not name it", corridor.id);
            }
            if [
                "Eisenbahnlinie Baku-Tiflis-Kars",
                "Seehafens von Baku",
                "in Astana",
            ]
            .contains(&exact)
            {
                assert!(!is_inferred, "{}: “{exact}” names it", corridor.id);
            }
            inferred += usize::from(is_inferred);
        }
    }
    assert!(inferred >= 10, "{inferred} inferred links");
}

#[test]
fn the_two_countries_are_linked_wherever_the_article_says_the_two_countries() {
    let story = story();
    let mut found = 0;
    for passage in &story.story.article.passages {
        let text = story
            .story
            .article
            .text
            .get(passage.range.clone())
            .expect("passage range");
        if !text.contains("beiden") || !text.contains("Länder") {
            continue;
        }
        found += 1;
        let linked = story.story.features_of(&passage.id);
        for country in ["azerbaijan", "kazakhstan"] {
            assert!(
                linked.contains(&FeatureId(country.into())),
                "{} speaks of the two countries but is not linked to {country}",
                passage.id
            );
        }
        assert!(
            passage.non_spatial.is_none(),
            "{} is marked non-spatial",
            passage.id
        );
    }
    assert_eq!(found, 3, "p4.s2, p5.s3 and p10.s1");
}

#[test]
fn oil_fields_lie_onshore_and_offshore_as_their_descriptions_say() {
    let basemap = Basemap::bundled().expect("basemap");
    let story = story();
    let at = |id: &str| {
        let corridor = story.corridor(&FeatureId(id.into())).expect(id);
        assert_eq!(kind_name(corridor), "oil_field");
        Point::from(positions(corridor)[0])
    };
    assert!(basemap.is_land(at("tengiz-oil-field")), "Tengiz is onshore");
    assert!(
        !basemap.is_land(at("kashagan-oil-field")),
        "Kashagan is offshore"
    );
}

#[test]
fn context_routes_run_through_the_countries_they_belong_to() {
    let basemap = Basemap::bundled().expect("basemap");
    let story = story();
    for (id, expected) in [
        ("cpc-pipeline", &["Kazakhstan", "Russia"][..]),
        ("baku-supsa-pipeline", &["Azerbaijan", "Georgia"][..]),
        ("zhezkazgan-beyneu-railway", &["Kazakhstan"][..]),
        ("beyneu-mangyshlak-railway", &["Kazakhstan"][..]),
        ("tengiz-crude-rail-to-aktau", &["Kazakhstan"][..]),
        ("port-of-poti", &["Georgia"][..]),
        ("port-of-batumi", &["Georgia"][..]),
    ] {
        let corridor = story.corridor(&FeatureId(id.into())).expect(id);
        let countries: HashSet<String> = positions(corridor)
            .into_iter()
            .filter_map(|c| basemap.country_at(Point::from(c)).map(str::to_owned))
            .collect();
        let expected: HashSet<String> = expected.iter().map(|c| (*c).to_owned()).collect();
        if corridor
            .geometry
            .as_ref()
            .is_some_and(|g| matches!(g, geo::Geometry::Point(_)))
        {
            // A port on the coastline may fall just outside the generalised land.
            assert!(countries.is_subset(&expected), "{id}: {countries:?}");
        } else {
            assert_eq!(countries, expected, "{id}");
        }
    }
}
