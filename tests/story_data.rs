//! The bundled story is complete, sourced and consistent: what a reader of the map relies on.

// Test code: a failed expectation is a failed test.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashSet;

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
