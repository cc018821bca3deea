//! The map as of a date: each item's history read from the data, the bundled story's dated
//! items, bad dates, and the time bar in the window.

use crate::common;

use crate::common::{app_with, fixture, item, settle};
use clap::Parser;
use corridor_atlas::io::reader::{Progress, read_corridors};
use corridor_atlas::model::history::{Phase, Shown, When};
use corridor_atlas::model::{Corridor, Status};
use corridor_atlas::{AppOptions, Args};
use egui_kittest::kittest::Queryable;
use geo::{Distance, Haversine, Point};
use jiff::civil::Date;

fn day(text: &str) -> Date {
    When::parse(text).expect("a date").day
}

fn bundled(id: &str) -> Corridor {
    corridor_atlas::io::story::bundled()
        .corridors
        .into_iter()
        .find(|corridor| corridor.id.0 == id)
        .expect("the bundled story has the item")
}

/// The lines drawn for an item on `on`: its own geometry or the route version valid then.
fn lines_on(corridor: &Corridor, on: Date) -> Vec<geo::LineString<f64>> {
    let Shown::Valid(version) = corridor.shown_on(on) else {
        panic!("no route of {} is valid on {on}", corridor.id);
    };
    let geometry = match version {
        0 => corridor.geometry.clone(),
        k => corridor.versions[k - 1].geometry.clone(),
    };
    match geometry.expect("a drawn route") {
        geo::Geometry::LineString(line) => vec![line],
        geo::Geometry::MultiLineString(lines) => lines.0,
        other => panic!("not a line: {other:?}"),
    }
}

/// Whether a line runs between the two places (longitude, latitude), each end within
/// `km` of one of them.
fn joins(line: &geo::LineString<f64>, a: (f64, f64), b: (f64, f64), km: f64) -> bool {
    let (Some(first), Some(last)) = (line.points().next(), line.points().next_back()) else {
        return false;
    };
    let near = |p: Point<f64>, place: (f64, f64)| {
        Haversine.distance(p, Point::new(place.0, place.1)) / 1000.0 < km
    };
    (near(first, a) && near(last, b)) || (near(first, b) && near(last, a))
}

// GeoNames town points (see the cable's and its versions' sources).
const AKTAU: (f64, f64) = (51.16667, 43.65);
const SUMGAIT: (f64, f64) = (49.66861, 40.58972);
const SIYAZAN: (f64, f64) = (49.11, 41.08);
const BUZOVNA: (f64, f64) = (50.11, 40.51);
const KURYK: (f64, f64) = (51.6, 43.09);

#[test]
fn the_cable_as_of_the_article_runs_from_aktau_to_siyazan_with_a_reserve_route() {
    let cable = bundled("trans-caspian-fibre-optic-cable");
    let lines = lines_on(&cable, day("2023-04-10"));
    assert_eq!(lines.len(), 2, "the main and the reserve route");
    assert!(lines.iter().any(|l| joins(l, AKTAU, SIYAZAN, 30.0)));
    assert!(lines.iter().any(|l| joins(l, KURYK, BUZOVNA, 30.0)));
    assert_eq!(cable.status_on(day("2023-04-10")), Some(Status::Proposed));
}

#[test]
fn the_cable_as_of_september_2025_runs_from_aktau_to_sumgait() {
    let cable = bundled("trans-caspian-fibre-optic-cable");
    let lines = lines_on(&cable, day("2025-09-01"));
    assert_eq!(lines.len(), 1);
    assert!(joins(&lines[0], AKTAU, SUMGAIT, 30.0));
    // Before the first plan there was no cable to draw.
    assert_eq!(cable.phase_on(day("2018")).0, Phase::NotYet);
}

#[test]
fn the_railway_is_built_in_2016_and_in_service_in_2023() {
    let railway = bundled("baku-tbilisi-kars-railway");
    assert_eq!(
        railway.status_on(day("2016-06-01")),
        Some(Status::Construction)
    );
    assert_eq!(
        railway.status_on(day("2023-01-01")),
        Some(Status::Operating)
    );
    assert_eq!(railway.phase_on(day("2006")).0, Phase::NotYet);
}

#[test]
fn every_dated_item_of_the_bundled_story_cites_a_source_for_each_event() {
    let story = corridor_atlas::io::story::bundled();
    let dated: Vec<&Corridor> = story.corridors.iter().filter(|c| c.is_dated()).collect();
    assert!(
        dated.len() >= 10,
        "only {} items have a history",
        dated.len()
    );
    for corridor in dated {
        for event in &corridor.info.dated.events {
            assert!(
                !event.cites.is_empty(),
                "{}: an event of {:?} cites nothing",
                corridor.id,
                event.when
            );
            for cite in &event.cites {
                assert!(
                    *cite < corridor.info.sources.len(),
                    "{}: source {cite}",
                    corridor.id
                );
            }
            assert!(
                !event.what.trim().is_empty(),
                "{}: an event says nothing",
                corridor.id
            );
        }
    }
}

#[test]
fn a_file_with_bad_dates_names_each_problem_and_keeps_its_items() {
    let bytes = std::fs::read(fixture("history-bad-dates.geojson")).expect("the fixture");
    let outcome = read_corridors(&bytes, &Progress::default()).expect("a readable file");
    let ids: Vec<&str> = outcome.corridors.iter().map(|c| c.id.0.as_str()).collect();
    assert_eq!(ids, ["test-line", "test-cable", "test-port"]);
    let messages: Vec<&str> = outcome
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    let expected = [
        "feature 1 (“Test line”): history event 1: “2015-13” is not a day of the calendar; the event is left out",
        "feature 1 (“Test line”): history event 3 (2012) is out of order",
        "feature 1 (“Test line”): history event 4 (2020-05): “until” 2019 is not after the event's date",
        "feature 3 (“Test cable”): route versions “Second plan” (from 2021) and “First plan” (2019 – 2022) overlap",
        "feature 4 (“Test port”): valid_to 2016 is not after valid_from 2018",
    ];
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    for (message, start) in messages.iter().zip(expected) {
        assert!(message.starts_with(start), "{message}\n  expected: {start}");
    }
    // The rest of each item still counts.
    let line = &outcome.corridors[0];
    assert_eq!(line.info.dated.events.len(), 3);
    assert_eq!(line.status_on(day("2013")), Some(Status::Proposed));
    assert_eq!(line.status_on(day("2021")), Some(Status::Idle));
    assert_eq!(outcome.corridors[1].versions.len(), 1);
    assert!(!outcome.corridors[2].is_dated());
}

#[test]
fn as_of_takes_a_year_a_month_or_a_day_and_refuses_anything_else() {
    let as_of = |text: &str| {
        Args::try_parse_from(["corridor-atlas", "--as-of", text]).map(|args| args.as_of)
    };
    assert_eq!(
        as_of("2016").ok().flatten().map(|w| w.day),
        Some(day("2016-01-01"))
    );
    assert_eq!(
        as_of("2016-05").ok().flatten().map(|w| w.day),
        Some(day("2016-05-01"))
    );
    assert!(as_of("2016-02-30").is_err());
    assert!(as_of("yesterday").is_err());
}

fn app_on(as_of: Option<&str>) -> egui_kittest::Harness<'static, corridor_atlas::App> {
    app_with(AppOptions {
        files: vec![fixture("history-versions.geojson")],
        as_of: as_of.map(day),
        ..Default::default()
    })
}

fn ferry(
    harness: &egui_kittest::Harness<'static, corridor_atlas::App>,
) -> corridor_atlas::model::ItemRef {
    common::file_item(harness, 0, 0)
}

#[test]
fn the_window_opens_on_the_story_date_and_as_of_moves_it() {
    let harness = app_with(AppOptions::default());
    assert_eq!(harness.state().as_of(), day("2023-04-10"));
    let harness = app_on(Some("2008"));
    assert_eq!(harness.state().as_of(), day("2008-01-01"));
    let ferry = ferry(&harness);
    assert!(harness.state().is_visible(&ferry), "proposed in 2005");
    assert!(
        harness
            .state()
            .is_visible(&item("baku-tbilisi-kars-railway")),
        "under construction"
    );
    assert!(
        !harness.state().is_visible(&item("port-of-kuryk")),
        "not planned yet in 2008"
    );
}

#[test]
fn alt_and_the_arrows_step_from_event_to_event_and_plain_arrows_pan() {
    let mut harness = app_on(Some("2009"));
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    settle(&mut harness);
    let next = harness.state().as_of();
    assert!(
        next > day("2009") && next <= day("2010-06"),
        "stepped to {next}"
    );
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    settle(&mut harness);
    assert!(
        harness.state().as_of() < next,
        "stepped back to before {next}"
    );
    // Without Alt the arrows pan the map and leave the date alone.
    let before = harness.state().as_of();
    harness.key_press(egui::Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(harness.state().as_of(), before);
}

#[test]
fn a_step_lands_on_the_next_event_of_an_item() {
    let mut harness = app_on(Some("2010-05-31"));
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(harness.state().as_of(), day("2010-06-01"));
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    settle(&mut harness);
    assert!(harness.state().as_of() < day("2010-06-01"));
}

#[test]
fn dragging_the_slider_to_its_start_hides_what_did_not_exist_and_ghosts_bring_it_back() {
    let mut harness = app_on(None);
    let ferry = ferry(&harness);
    assert!(harness.state().is_visible(&ferry));
    let slider = harness
        .get_by_label(corridor_atlas::panels::time_bar::SLIDER_NAME)
        .rect();
    let start = egui::pos2(slider.left() + 2.0, slider.center().y);
    harness.drag_at(slider.center());
    harness.run_steps(1);
    harness.hover_at(start);
    harness.run_steps(1);
    harness.drop_at(start);
    settle(&mut harness);
    let as_of = harness.state().as_of();
    assert!(as_of < day("2005"), "dragged to {as_of}");
    assert!(
        !harness.state().is_visible(&ferry),
        "not planned yet on {as_of}"
    );
    harness.get_by_label("Show: all").click();
    harness.run_steps(2);
    harness.get_by_label("Not yet planned, faintly").click();
    settle(&mut harness);
    assert!(harness.state().is_visible(&ferry), "drawn as a ghost");
    // Back to the story's date.
    harness
        .get_by_label("Back to the date of the story shown")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().as_of(), day("2023-04-10"));
}

#[test]
fn the_status_filter_hides_the_items_in_a_phase() {
    let mut harness = app_on(Some("2008"));
    let ferry = ferry(&harness);
    assert!(harness.state().is_visible(&ferry));
    harness.get_by_label("Show: all").click();
    harness.run_steps(2);
    harness.get_by_label("Show planned items").click();
    settle(&mut harness);
    assert!(
        !harness.state().is_visible(&ferry),
        "a plan in 2008, and plans are hidden"
    );
    // The menu's button says that a filter is on.
    harness.get_by_label("Show: 3 of 4");
    assert!(
        harness.state().is_visible(&item("port-of-aktau")),
        "in service in 2008"
    );
}

#[test]
fn an_export_as_of_a_date_writes_each_item_as_it_was_and_without_one_every_route() {
    use corridor_atlas::io::export::{ExportLayer, geojson};
    let story = corridor_atlas::io::story::bundled();
    let layer = || ExportLayer {
        name: "Story",
        story: Some(&story.story),
        items: story.corridors.iter().collect(),
    };
    let features = |out: &serde_json::Value, id: &str| -> Vec<serde_json::Value> {
        out["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter(|f| f["properties"]["id"] == id)
            .cloned()
            .collect()
    };
    let then = geojson(&[layer()], Some(day("2023-04-10")));
    let cable = features(&then, "trans-caspian-fibre-optic-cable");
    assert_eq!(cable.len(), 1);
    assert_eq!(cable[0]["geometry"]["type"], "MultiLineString");
    assert_eq!(cable[0]["properties"]["as_of"], "2023-04-10");
    assert_eq!(cable[0]["properties"]["valid_from"], "2023-01");
    let railway = features(&then, "baku-tbilisi-kars-railway");
    assert_eq!(railway[0]["properties"]["status"], "operating");
    let earlier = geojson(&[layer()], Some(day("2016-06-01")));
    assert_eq!(
        features(&earlier, "baku-tbilisi-kars-railway")[0]["properties"]["status"],
        "construction"
    );
    assert!(features(&earlier, "trans-caspian-fibre-optic-cable").is_empty());
    let every = geojson(&[layer()], None);
    let routes = features(&every, "trans-caspian-fibre-optic-cable");
    assert_eq!(routes.len(), 3, "the cable and its two earlier plans");
    // What is written reads back as one item with its versions.
    let text = serde_json::to_vec(&every).expect("json");
    let back = read_corridors(&text, &Progress::default()).expect("readable");
    let cable = back
        .corridors
        .iter()
        .find(|c| c.id.0 == "trans-caspian-fibre-optic-cable")
        .expect("the cable");
    assert_eq!(cable.versions.len(), 2);
    assert_eq!(back.corridors.len(), story.corridors.len());
}
