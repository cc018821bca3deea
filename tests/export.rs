//! Export of the items shown as GeoJSON, each with the sentences that mention it.

// Test code: a failed expectation is a failed test.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{app_with, fixture, settle};
use corridor_atlas::AppOptions;
use egui_kittest::kittest::Queryable;

fn feature<'a>(out: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    out["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["id"] == id)
}

#[test]
fn the_command_line_exports_the_story_and_files_with_their_quotes() {
    let out = std::env::temp_dir().join(format!(
        "corridor-atlas-export-{}.geojson",
        std::process::id()
    ));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--export")
        .arg(&out)
        .arg(fixture("corridor-chain.geojson"))
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    let railway = feature(&written, "baku-tbilisi-kars-railway").expect("the railway");
    assert_eq!(railway["geometry"]["type"], "LineString");
    let mentions = railway["properties"]["mentioned_in"]
        .as_array()
        .expect("mentions");
    assert!(
        mentions
            .iter()
            .any(|m| m["quote"] == "Eisenbahnlinie Baku-Tiflis-Kars"
                && m["source"] == "AZERTAC"
                && m["passage"] == "p8.s1")
    );
    // A file's feature is there with its layer, and no article mentions it.
    let rail = feature(&written, "rail-a").expect("the file's railway");
    assert_eq!(rail["properties"]["mentioned_in"], serde_json::json!([]));
    assert!(
        rail["properties"]["layer"]
            .as_str()
            .expect("layer")
            .ends_with("corridor-chain.geojson")
    );
    let _ = std::fs::remove_file(out);

    let png = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--export")
        .arg(std::env::temp_dir().join("picture.png"))
        .output()
        .expect("runs");
    assert_eq!(png.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&png.stderr).contains("only GeoJSON export"));
}

#[test]
fn the_window_exports_what_it_shows_and_leaves_out_what_is_hidden() {
    let mut harness = app_with(AppOptions::default());
    let all = harness.state().export_geojson();
    assert!(feature(&all, "baku-tbilisi-kars-railway").is_some());
    assert!(
        feature(&all, "tengiz-oil-field").is_some(),
        "context is shown"
    );
    harness.get_by_label("Show railway").click();
    harness.get_by_label("Show the context").click();
    settle(&mut harness);
    let shown = harness.state().export_geojson();
    assert!(feature(&shown, "baku-tbilisi-kars-railway").is_none());
    assert!(feature(&shown, "tengiz-oil-field").is_none());
    assert!(feature(&shown, "port-of-aktau").is_some());
}
