//! Export of the items shown as GeoJSON, each with the sentences that mention it, and as a
//! figure (PNG, SVG, PDF) with the map, its legend and the sentences that name the items.

use crate::common::{app_with, fixture, settle};
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

/// A fresh folder of its own for one test's files.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Runs the app's command line; returns its exit code and what it wrote to stderr.
fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exports with `args` to `path`, which must succeed; returns what was written.
fn export_to(path: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::convert::AsRef::as_ref).collect();
    all.extend(["--export".as_ref(), path.as_os_str()]);
    let (code, stderr) = run(&all);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::read(path).expect("the exported file")
}

/// Text without its whitespace, ligatures written out: a PDF places each letter, and a
/// reader of it may put spaces between them.
fn letters(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_railway_as_a_pdf_page_has_its_name_its_sentence_and_a_source_as_text() {
    let dir = folder("pdf");
    let bytes = export_to(
        &dir.join("railway.pdf"),
        &["--select", "baku-tbilisi-kars-railway"],
    );
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("a readable PDF");
    assert_eq!(pages.len(), 1);
    let text = letters(&pages[0]);
    for wanted in [
        "Baku–Tbilisi–Kars railway",
        "Eisenbahnlinie Baku-Tiflis-Kars",
        "Legend",
        "Natural Earth",
        "As of 10 April 2023",
        "km",
        "https://railwaymagazine.co.uk",
    ] {
        assert!(
            text.contains(&letters(wanted)),
            "{wanted:?} is not in the PDF's text: {text}"
        );
        // Once only: a label's outline is not a second copy of its text.
        assert_eq!(
            text.matches(&letters("Baku–Tbilisi–Ceyhan pipeline"))
                .count(),
            1
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_svg_is_xml_with_the_selected_item_drawn_and_named() {
    let dir = folder("svg");
    let bytes = export_to(
        &dir.join("railway.svg"),
        &["--select", "baku-tbilisi-kars-railway", "--as-of", "2016"],
    );
    let text = String::from_utf8(bytes).expect("the SVG is UTF-8");
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let railway = document
        .descendants()
        .filter(|node| node.attribute("data-item") == Some("baku-tbilisi-kars-railway"))
        .flat_map(|group| group.descendants())
        .find(|node| node.has_tag_name("path"))
        .expect("the railway's path");
    // Under construction in 2016: drawn in long dashes.
    assert!(railway.parent().is_some_and(|g| {
        g.descendants()
            .any(|n| n.attribute("stroke-dasharray").is_some())
    }));
    let named = document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .any(|node| node.text() == Some("Baku–Tbilisi–Kars railway"));
    assert!(named);
    assert!(text.contains("As of 1 January 2016"));
    // The cable was not planned yet in 2016.
    assert!(!text.contains("data-item=\"trans-caspian-fibre-optic-cable\""));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_png_has_the_size_asked_for_and_a_page_at_its_dpi() {
    let dir = folder("png");
    let png = dir.join("map.png");
    let (code, stderr) = run(&[
        "--export-size".as_ref(),
        "1200x700".as_ref(),
        "--export".as_ref(),
        png.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let picture = image::open(&png).expect("a PNG");
    assert_eq!((picture.width(), picture.height()), (1200, 700));
    let (code, stderr) = run(&[
        "--paper".as_ref(),
        "a4".as_ref(),
        "--dpi".as_ref(),
        "72".as_ref(),
        "--export".as_ref(),
        png.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let picture = image::open(&png).expect("a PNG");
    // A4 portrait at 72 dpi is 595 × 842 points.
    assert_eq!((picture.width(), picture.height()), (595, 842));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_failed_export_says_why_exits_with_1_and_leaves_no_file() {
    let dir = folder("failures");
    let cases: [(Vec<&std::ffi::OsStr>, &str); 4] = [
        (
            vec![
                "--export".as_ref(),
                dir.join("map.tiff").as_os_str().to_owned().leak(),
            ],
            "use .png, .svg, .pdf or .geojson",
        ),
        (
            vec![
                "--export".as_ref(),
                dir.join("missing/map.pdf").as_os_str().to_owned().leak(),
            ],
            "the folder does not exist",
        ),
        (
            vec![
                "--export-size".as_ref(),
                "30000x100".as_ref(),
                "--export".as_ref(),
                dir.join("huge.png").as_os_str().to_owned().leak(),
            ],
            "between 1 and 20000 pixels",
        ),
        // A folder where the file should go cannot be written over.
        (
            vec!["--export".as_ref(), dir.as_os_str().to_owned().leak()],
            "",
        ),
    ];
    std::fs::create_dir_all(dir.join("taken.svg")).expect("a folder named like a file");
    for (args, says) in cases {
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let (code, stderr) = run(&["--export".as_ref(), dir.join("taken.svg").as_os_str()]);
    assert_eq!(code, Some(1), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("the folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("taken.svg")],
        "files left behind"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_export_window_shows_a_preview_of_the_figure_and_closes() {
    let mut harness = app_with(AppOptions {
        select: Some("baku-tbilisi-kars-railway".into()),
        ..AppOptions::default()
    });
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness
        .get_by_label("Export map as PDF, SVG or PNG…")
        .click();
    harness.run_steps(4);
    harness.get_by_label("Sentences and sources");
    // The preview is drawn on another thread.
    let started = std::time::Instant::now();
    while harness.query_by_label("Drawing the preview…").is_some() {
        assert!(
            started.elapsed() < std::time::Duration::from_mins(1),
            "no preview"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
    }
    // A selection is fitted, and the view can be the screen's instead.
    harness.get_by_label("As on the screen").click();
    harness.run_steps(2);
    harness.get_by_label("Close").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Sentences and sources").is_none());
}

#[test]
fn a_port_alone_is_shown_with_its_surroundings() {
    let dir = folder("port");
    let bytes = export_to(&dir.join("aktau.svg"), &["--select", "port-of-aktau"]);
    let text = String::from_utf8(bytes).expect("the SVG is UTF-8");
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    // The scale bar's length: a fifth of the map is kilometres, not metres.
    let km: f64 = document
        .descendants()
        .find_map(|node| node.text()?.strip_suffix(" km")?.parse().ok())
        .expect("a scale bar in km");
    assert!(km >= 10.0, "the scale bar is {km} km");
    let _ = std::fs::remove_dir_all(dir);
}
