//! Users' own corridor files in the window: dropped, clicked, reloaded, and wrong files that
//! leave everything loaded before untouched. And `--check` for people who write such files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::common;

use crate::common::{file_item, file_layer, fixture, settle};
use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn app(files: Vec<PathBuf>) -> Harness<'static, App> {
    common::app_with(AppOptions {
        files,
        ..AppOptions::default()
    })
}

fn drop_file(harness: &mut Harness<'static, App>, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path)));
    harness.run_steps(1);
    settle(harness);
}

#[test]
fn a_dropped_file_becomes_a_layer_and_a_click_on_its_feature_shows_its_properties() {
    let mut harness = app(Vec::new());
    drop_file(&mut harness, fixture("all-geometry-types.geojson"));
    assert_eq!(harness.state().layers().files().count(), 1);
    assert_eq!(file_layer(&harness, 0).corridors.len(), 8);
    harness.get_by_label("all-geometry-types.geojson (8 features)");
    // The view fitted the new layer: its point is on screen.
    let at = harness
        .state()
        .screen_position_of(&file_item(&harness, 0, 0))
        .expect("the point is drawn");
    harness.hover_at(at);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    settle(&mut harness);
    let selected = harness.state().selected_corridor().expect("selected");
    assert_eq!(selected.name(), "A point");
    // Every property is in the details table.
    harness.get_by_label("marker-color");
    harness.get_by_label("#ff0000");
}

#[test]
fn files_named_on_the_command_line_load_and_report_their_problems() {
    let harness = app(vec![fixture("bad-features.geojson")]);
    assert_eq!(harness.state().layers().files().count(), 1);
    let problems = harness.state().problems();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("\"Circle\" is not a GeoJSON geometry type"));
    harness.get_by_label_contains("Problems (3)");
}

#[test]
fn a_bad_file_leaves_the_layers_already_loaded_exactly_as_they_were() {
    let mut harness = app(vec![fixture("all-geometry-types.geojson")]);
    let before: Vec<String> = file_layer(&harness, 0)
        .corridors
        .iter()
        .map(|c| c.id.0.clone())
        .collect();
    for bad in [
        "invalid-json.geojson",
        "not-geojson.json",
        "empty-collection.geojson",
    ] {
        drop_file(&mut harness, fixture(bad));
    }
    assert_eq!(harness.state().layers().files().count(), 1);
    let after: Vec<String> = file_layer(&harness, 0)
        .corridors
        .iter()
        .map(|c| c.id.0.clone())
        .collect();
    assert_eq!(before, after);
    let problems = harness.state().problems();
    assert!(
        problems.iter().any(|p| p.contains("line 5, column 61")),
        "{problems:#?}"
    );
    assert!(problems.iter().any(|p| p.contains("not GeoJSON")));
    assert!(problems.iter().any(|p| p.contains("no features to draw")));
    harness.get_by_label("Dismiss").click();
    harness.run_steps(2);
    assert!(harness.state().problems().is_empty());
}

#[test]
fn a_changed_file_is_reloaded_and_the_selection_stays_on_its_feature() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("edited.geojson");
    let write = |name: &str| {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","id":"ferry","properties":{{"name":"{name}"}},
                "geometry":{{"type":"LineString","coordinates":[[49.4,39.9],[51.2,43.6]]}}}}]}}"#
        );
        std::fs::write(&path, text).expect("write");
    };
    write("Ferry before");
    let mut harness = app(vec![path.clone()]);
    let ferry = file_item(&harness, 0, 0);
    harness.state_mut().select_item(ferry);
    harness.run_steps(2);
    // File times have a resolution of a second or more on some file systems.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write("Ferry after");
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        settle(&mut harness);
        if file_layer(&harness, 0).corridors[0].name() == "Ferry after" {
            break;
        }
    }
    assert_eq!(file_layer(&harness, 0).corridors[0].name(), "Ferry after");
    assert_eq!(
        harness
            .state()
            .selected_corridor()
            .map(|c| c.name().to_owned()),
        Some("Ferry after".to_owned())
    );
    harness.get_by_label_contains("changed on disk and was reloaded");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_session_remembers_loaded_files_and_their_visibility() {
    let mut harness = app(vec![fixture("bare-geometry.geojson")]);
    harness
        .get_by_label("Show layer bare-geometry.geojson")
        .click();
    harness.run_steps(2);
    let remembered = &harness.state().settings().layers;
    assert_eq!(remembered.len(), 1);
    assert!(remembered[0].path.is_absolute());
    assert!(remembered[0].path.ends_with("bare-geometry.geojson"));
    assert!(!remembered[0].visible);
}

fn check(files: &[&str]) -> (String, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--check")
        .args(files.iter().map(|f| fixture(f)))
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn check_exits_0_for_clean_files_and_1_with_the_problems_printed_otherwise() {
    let (out, code) = check(&["all-geometry-types.geojson", "bare-geometry.geojson"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("all-geometry-types.geojson: 8 features, 31 positions, no problems"));

    let (out, code) = check(&["invalid-json.geojson"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("invalid-json.geojson: line 5, column 61: this is not valid JSON"),
        "{out}"
    );

    let (out, code) = check(&["swapped-coordinates.geojson"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: feature 2 (“Ceyhan, swapped”)"),
        "{out}"
    );
    assert!(out.contains("look swapped"), "{out}");
}

#[test]
fn check_gives_the_reason_of_each_feature_when_none_could_be_loaded() {
    let (out, code) = check(&["all-features-fail.geojson"]);
    assert_eq!(code, 1, "{out}");
    let path = fixture("all-features-fail.geojson").display().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!("{path}: error: feature 1 (“unknown type”): ")),
        "{out}"
    );
    assert!(
        lines[1].starts_with(&format!("{path}: error: feature 2 (“open ring”): ")),
        "{out}"
    );
    assert_eq!(
        lines[2],
        format!(
            "error: {path}: the file holds no features to draw: none of its 2 features could be loaded"
        )
    );
}

#[test]
fn check_without_files_is_a_usage_error_that_says_what_to_write() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--check")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "--check needs at least one FILE, e.g. corridor-atlas --check corridors.geojson"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn check_counts_one_of_a_thing_in_the_singular() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-counts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("one.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{"name":7},"geometry":{"type":"Point","coordinates":[49.8,40.4]}}"#,
    )
    .expect("write");
    let (report, clean) = corridor_atlas::layers::check_files(std::slice::from_ref(&path));
    assert!(!clean);
    assert_eq!(
        report.last().map(String::as_str),
        Some(format!("{}: 1 feature, 1 position, 1 problem", path.display()).as_str()),
        "{report:#?}"
    );
    let (out, _) = check(&["bare-geometry.geojson"]);
    assert!(
        out.contains("bare-geometry.geojson: 1 feature, 2 positions, no problems"),
        "{out}"
    );
    let harness = app(vec![path.clone()]);
    harness.get_by_label("one.geojson (1 feature, 1 problem)");
    drop(harness);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn check_says_when_a_file_is_empty_or_not_utf8() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-encoding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("empty.geojson");
    std::fs::write(&empty, "\n  \n").expect("write");
    let utf16 = dir.join("utf16.geojson");
    let text = r#"{"type":"Point","coordinates":[49.8,40.4]}"#;
    let bytes: Vec<u8> = std::iter::once(0xFEFF)
        .chain(text.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(&utf16, bytes).expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--check")
        .args([&empty, &utf16])
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("error: {}: the file is empty", empty.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "error: {}: the file seems to be UTF-16 LE (it starts with that byte-order mark), but GeoJSON must be UTF-8",
            utf16.display()
        )),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn check_warns_once_of_features_far_from_the_story_and_of_swapped_coordinates() {
    let (out, code) = check(&["far-from-the-story.geojson"]);
    // A warning is a problem: `--check` is clean only without any.
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("far outside").count(), 1, "{out}");
    assert!(
        out.contains(
            "far-from-the-story.geojson: warning: 1 of 2 features (“Panama Canal”) lies far outside the region of the story (longitude 22° to 84°, latitude 26° to 58°)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("far-from-the-story.geojson: 2 features, 3 positions, 1 problem"),
        "{out}"
    );

    let (out, code) = check(&["swapped-in-central-asia.geojson"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("far outside").count(), 1, "{out}");
    assert!(
        out.contains("warning: all 2 features (the first “Tashkent”) lie far outside"),
        "{out}"
    );
    assert!(
        out.contains(
            "their longitude and latitude look swapped (GeoJSON wants [longitude, latitude])"
        ),
        "{out}"
    );
}

#[test]
fn the_window_shows_why_each_feature_failed_and_warns_of_far_away_features() {
    let mut harness = app(vec![fixture("far-from-the-story.geojson")]);
    drop_file(&mut harness, fixture("all-features-fail.geojson"));
    let problems = harness.state().problems();
    assert!(
        problems.iter().any(|p| p.contains(
            "far-from-the-story.geojson: warning: 1 of 2 features (“Panama Canal”) lies far outside"
        )),
        "{problems:#?}"
    );
    for expected in [
        "all-features-fail.geojson: error: feature 1 (“unknown type”)",
        "all-features-fail.geojson: error: feature 2 (“open ring”)",
        "all-features-fail.geojson: the file holds no features to draw: none of its 2 features",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected} in {problems:#?}"
        );
    }
    assert_eq!(harness.state().layers().files().count(), 1);
}

#[test]
fn dropping_a_file_that_is_loaded_already_does_not_load_it_twice() {
    let mut harness = app(vec![fixture("bare-geometry.geojson")]);
    drop_file(&mut harness, fixture("bare-geometry.geojson"));
    assert_eq!(harness.state().layers().files().count(), 1);
    harness.get_by_label_contains("is loaded already");
}

#[test]
fn a_file_saved_broken_is_reported_once_and_not_read_again_until_it_changes() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("edited.geojson");
    std::fs::copy(fixture("bare-geometry.geojson"), &path).expect("copy");
    let mut harness = app(vec![path.clone()]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&path, "{ \"type\": \"Feature\", ").expect("write");
    let broken = |harness: &Harness<'static, App>| {
        harness
            .state()
            .problems()
            .iter()
            .filter(|p| p.contains("edited.geojson"))
            .count()
    };
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        settle(&mut harness);
        if broken(&harness) > 0 {
            break;
        }
    }
    assert_eq!(broken(&harness), 1, "{:#?}", harness.state().problems());
    // Two more rounds of the change check: the same broken file is not read again.
    for _ in 0..45 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        harness.run_steps(1);
    }
    settle(&mut harness);
    assert_eq!(broken(&harness), 1, "{:#?}", harness.state().problems());
    // The layer as it was before the broken save is still there.
    assert_eq!(file_layer(&harness, 0).corridors.len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_byte_order_mark_and_numeric_ids_are_fine() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bom.geojson");
    let text = "\u{feff}{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\
        \"properties\":{\"id\":7,\"name\":\"Seven\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[49.8,40.4]}}]}";
    std::fs::write(&path, text).expect("write");
    let file = corridor_atlas::io::load::load_file(
        &path,
        &corridor_atlas::io::reader::Progress::default(),
    )
    .expect("loads");
    assert!(
        file.outcome.problems.is_empty(),
        "{:?}",
        file.outcome.problems
    );
    assert_eq!(file.outcome.corridors[0].id.0, "7");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_restored_session_keeps_the_order_of_its_layers_whichever_loads_first() {
    use corridor_atlas::io::settings::LayerSetting;
    use corridor_atlas::layers::Layers;
    // The first file is big, so that it finishes last.
    let dir = std::env::temp_dir().join(format!("corridor-atlas-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let big = dir.join("big.geojson");
    let features: Vec<String> = (0..20_000)
        .map(|i| {
            let (lon, lat) = (45.0 + f64::from(i % 100) * 0.05, 40.0 + f64::from(i / 100) * 0.02);
            format!(
                r#"{{"type":"Feature","properties":{{"name":"n{i}"}},"geometry":{{"type":"LineString","coordinates":[[{lon},{lat}],[{},{}]]}}}}"#,
                lon + 0.01,
                lat + 0.01
            )
        })
        .collect();
    std::fs::write(
        &big,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .expect("write");
    let session: Vec<LayerSetting> = [
        big,
        fixture("bare-geometry.geojson"),
        fixture("all-geometry-types.geojson"),
    ]
    .into_iter()
    .map(|path| LayerSetting {
        path: std::fs::canonicalize(path).expect("there"),
        visible: true,
        colour: None,
    })
    .collect();
    let basemap = Arc::new(corridor_atlas::io::basemap::Basemap::default());
    let mut layers = Layers::new(basemap);
    let ctx = egui::Context::default();
    layers.open_at_start(&session, Vec::new(), &ctx);
    for _ in 0..3000 {
        let _ = layers.take_in(&ctx);
        if layers.loading.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let order: Vec<PathBuf> = layers.files().filter_map(|l| l.path.clone()).collect();
    let wanted: Vec<PathBuf> = session.into_iter().map(|s| s.path).collect();
    assert_eq!(order, wanted);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_with_a_problem_in_every_feature_lists_the_first_ones_and_counts_all() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-problems-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("many-problems.geojson");
    // 400 features with a wrong type of name, and one that is fine.
    let mut features: Vec<String> = (0..400)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","properties":{{"status":{i}}},"geometry":{{"type":"Point","coordinates":[50,42]}}}}"#
            )
        })
        .collect();
    features.push(
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[50,42]}}"#
            .to_owned(),
    );
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .expect("write");
    let harness = app(vec![path]);
    assert_eq!(harness.state().problems().len(), 400);
    harness.get_by_label("Problems (400)");
    harness.get_by_label_contains("… and 100 more");
    let _ = std::fs::remove_dir_all(dir);
}
