//! Loading and drawing a big corridor file, against a plain parse of the same file.
//!
//! `cargo bench --bench big_file` generates (once) a corridor-like GeoJSON file of more than
//! 100 MB and 4 million positions, lines and polygons mixed, under `target/bench-data/`, then
//! prints in one run:
//! - load throughput (read + parse + validate + index, ready to draw) in MB/s, next to a plain
//!   `geojson::GeoJson::from_str` of the same file (no validation, no index);
//! - peak memory of each, as a multiple of the file size (each measured in a child process of
//!   its own, from the kernel's high-water mark);
//! - the CPU time of one frame (egui pass + tessellation) at the region view with everything
//!   visible, still and while zooming;
//! - the frame CPU time while panning across the layer;
//! - the time from start to the first frame with the file loaded and every tile of the view
//!   drawn: the window in kittest, and with a display (`DISPLAY` set) the app itself in a
//!   real window, started with `--screenshot`;
//! - the time of one pick, and of one near a single line of a million positions (`-- pick`
//!   measures only this);
//! - the CPU time of a frame of the whole window while the time bar's handle is dragged, with
//!   the bundled story and the file loaded (`-- time-bar` measures only this).

// Benchmark code: a failed expectation is a failed run.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{peak_rss_bytes, rss_bytes};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::Arc;

use corridor_atlas::io::basemap::Basemap;
use corridor_atlas::io::reader::Progress;
use corridor_atlas::io::settings::{BasemapChoice, View};
use corridor_atlas::layers::prepare;
use corridor_atlas::map::layer_raster::LayerRaster;
use corridor_atlas::map::overlay::Overlay;
use corridor_atlas::map::view::HOME_BOUNDS;
use corridor_atlas::map::{MapInput, MapState, OverlayInput, map_ui};

const FEATURES: usize = 45_000;
const VERTICES_PER_FEATURE: usize = 100;

fn data_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/big-corridors.geojson")
}

/// A small deterministic random walk, so every run reads the same file.
struct Walk(u64);

impl Walk {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn generate(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut out = std::io::BufWriter::new(file);
    let mut walk = Walk(0x9e37_79b9_7f4a_7c15);
    writeln!(out, "{{\"type\":\"FeatureCollection\",\"features\":[").unwrap();
    for index in 0..FEATURES {
        let (mut lon, mut lat) = (30.0 + walk.next() * 45.0, 33.0 + walk.next() * 20.0);
        let polygon = index % 3 == 0;
        let mut coords = String::with_capacity(VERTICES_PER_FEATURE * 24);
        let (start_lon, start_lat) = (lon, lat);
        for i in 0..VERTICES_PER_FEATURE {
            if polygon && (i == 0 || i == VERTICES_PER_FEATURE - 1) {
                (lon, lat) = (start_lon, start_lat);
            } else if polygon {
                let angle = i as f64 / VERTICES_PER_FEATURE as f64 * std::f64::consts::TAU;
                lon = start_lon + 0.3 * angle.cos() - 0.3 + 0.01 * walk.next();
                lat = start_lat + 0.2 * angle.sin() + 0.01 * walk.next();
            } else {
                lon += (walk.next() - 0.45) * 0.05;
                lat += (walk.next() - 0.5) * 0.05;
            }
            if i > 0 {
                coords.push(',');
            }
            write!(coords, "[{lon:.6},{lat:.6}]").unwrap();
        }
        let geometry = if polygon {
            format!("{{\"type\":\"Polygon\",\"coordinates\":[[{coords}]]}}")
        } else {
            format!("{{\"type\":\"LineString\",\"coordinates\":[{coords}]}}")
        };
        let kind = if polygon {
            "region"
        } else {
            ["railway", "oil_pipeline", "ferry_route"][index % 3]
        };
        let comma = if index + 1 < FEATURES { "," } else { "" };
        writeln!(
            out,
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"f{index}\",\"name\":\"Corridor {index}\",\"kind\":\"{kind}\",\"status\":\"operating\",\"operator\":\"Operator {}\",\"length_km\":{:.1},\"sources\":[{{\"title\":\"Survey {index}\",\"url\":\"https://example.org/{index}\",\"accessed\":\"2026-11-28\"}}]}},\"geometry\":{geometry}}}{comma}",
            index % 97,
            walk.next() * 900.0
        )
        .unwrap();
    }
    writeln!(out, "]}}").unwrap();
}

/// Runs one measurement in this process and prints `seconds peak_bytes`.
fn child(phase: &str, path: &Path) {
    let start = Instant::now();
    let seconds = match phase {
        "plain" => {
            let text = std::fs::read_to_string(path).unwrap();
            let parsed: geojson::GeoJson = text.parse().unwrap();
            std::hint::black_box(&parsed);
            // Timed with the data still held: freeing it is not part of either.
            start.elapsed()
        }
        "load" => {
            let prepared = prepare(path, &Progress::default(), &[], egui::Color32::RED).unwrap();
            std::hint::black_box(&prepared);
            start.elapsed()
        }
        "phases" => {
            eprintln!(
                "sizes: corridor {} info {} properties {} item {} version {}",
                std::mem::size_of::<corridor_atlas::model::Corridor>(),
                std::mem::size_of::<corridor_atlas::model::corridor::CorridorProperties>(),
                std::mem::size_of::<corridor_atlas::model::corridor::Properties>(),
                std::mem::size_of::<corridor_atlas::map::overlay::OverlayItem>(),
                std::mem::size_of::<corridor_atlas::model::history::RouteVersion>(),
            );
            let mut file = corridor_atlas::io::load::load_file(path, &Progress::default()).unwrap();
            eprintln!(
                "read + parse + validate: {:.2} s, peak {:.2}x, held {:.2}x",
                start.elapsed().as_secs_f64(),
                peak_rss_bytes() as f64 / file.size_bytes as f64,
                rss_bytes() as f64 / file.size_bytes as f64
            );
            let t = Instant::now();
            // As the app prepares a big layer: its shapes projected when a tile asks.
            let corridors = Arc::new(std::mem::take(&mut file.outcome.corridors));
            let extents = std::mem::take(&mut file.outcome.extents);
            let overlay = Arc::new(Overlay::on_demand(
                corridors,
                &extents,
                &[],
                egui::Color32::RED,
            ));
            eprintln!(
                "overlay and index: {:.2} s, peak {:.2}x, held {:.2}x",
                t.elapsed().as_secs_f64(),
                peak_rss_bytes() as f64 / file.size_bytes as f64,
                rss_bytes() as f64 / file.size_bytes as f64
            );
            let t = Instant::now();
            let raster = LayerRaster::new(Arc::clone(&overlay));
            eprintln!(
                "thinned copies: {:.2} s, peak {:.2}x, held {:.2}x",
                t.elapsed().as_secs_f64(),
                peak_rss_bytes() as f64 / file.size_bytes as f64,
                rss_bytes() as f64 / file.size_bytes as f64
            );
            std::hint::black_box(&raster);
            start.elapsed()
        }
        _ => panic!("unknown phase {phase}"),
    };
    println!("{} {}", seconds.as_secs_f64(), peak_rss_bytes());
}

fn run_child(phase: &str, path: &Path) -> (f64, u64) {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--child", phase])
        .arg(path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let seconds = parts.next().and_then(|s| s.parse().ok()).expect("seconds");
    let peak = parts.next().and_then(|s| s.parse().ok()).expect("peak");
    (seconds, peak)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Draws the whole map (basemap, the layer as tiles, its vectors on top) in an egui pass and
/// tessellates it; returns the CPU time of that on this thread, in ms.
fn frame(
    ctx: &egui::Context,
    state: &mut MapState,
    overlay: &Overlay,
    raster: &Arc<LayerRaster>,
) -> f64 {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let start = Instant::now();
    let output = ctx.run_ui(input, |ui| {
        let overlays = [OverlayInput {
            layer: corridor_atlas::model::LayerId(1),
            overlay,
            visible: &[],
            selected: &[],
            highlighted: &[],
            time: &[],
            tiles: Some(raster),
            layer_name: Some("big file"),
        }];
        let input = MapInput {
            basemap: BasemapChoice::Offline,
            overlays: &overlays,
            legend_kinds: &[],
            legend_phases: &[],
            legend_open: false,
            editing: false,
            layer_bounds: None,
        };
        let _ = map_ui(ui, state, &input);
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed().as_secs_f64() * 1e3
}

/// Frame times at the region view with everything visible: once the tiles are drawn (still),
/// while the zoom changes every frame, and while the map moves every frame.
fn frame_times(
    overlay: &Overlay,
    raster: &Arc<LayerRaster>,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, f64) {
    let ctx = egui::Context::default();
    let basemap = Arc::new(Basemap::bundled().unwrap());
    let region = View {
        lon_deg: 52.5,
        lat_deg: 43.0,
        zoom: 5.0,
    };
    let mut state = MapState::new(&ctx, basemap, Some(region), HOME_BOUNDS);
    let started = Instant::now();
    for _ in 0..2000 {
        frame(&ctx, &mut state, overlay, raster);
        if state.tiles_pending() == 0 && state.layer_tiles_pending() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let tiles_drawn_s = started.elapsed().as_secs_f64();
    let still = (0..15)
        .map(|_| frame(&ctx, &mut state, overlay, raster))
        .collect();
    let zooming = (0..15)
        .map(|i| {
            state.set_view(View {
                zoom: 5.0 + f64::from(i) * 0.1,
                ..region
            });
            frame(&ctx, &mut state, overlay, raster)
        })
        .collect();
    // Across the layer, a tenth of a degree a frame, back at the region's zoom.
    let panning = (0..15)
        .map(|i| {
            state.set_view(View {
                lon_deg: region.lon_deg - 0.1 * f64::from(i),
                ..region
            });
            frame(&ctx, &mut state, overlay, raster)
        })
        .collect();
    (still, zooming, panning, tiles_drawn_s)
}

/// The whole window (kittest, 1280x800) started with the bundled story and the file, run until
/// the file is loaded and every tile of the view drawn; with the seconds that took.
fn window_with(path: &Path) -> (egui_kittest::Harness<'static, corridor_atlas::App>, f64) {
    use corridor_atlas::{App, AppOptions};
    let file = path.to_path_buf();
    let started = Instant::now();
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(100_000)
        .build_eframe(move |cc| {
            App::new(
                cc,
                AppOptions {
                    files: vec![file],
                    fresh: true,
                    ..AppOptions::default()
                },
            )
        });
    loop {
        harness.step();
        let app = harness.state();
        let pending = app.tiles_pending() + app.layer_tiles_pending() + app.layers().loading.len();
        if pending == 0 && app.layers().files().count() == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_mins(10),
            "the file did not load"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = started.elapsed().as_secs_f64();
    (harness, seconds)
}

/// The app in a real window, started from the command line with the file and `--screenshot`:
/// the seconds from its start to the first frame with the file loaded and drawn whole, as the
/// app reports them. `None` without a display.
fn real_window_first_full(path: &Path) -> Option<f64> {
    std::env::var_os("DISPLAY")?;
    let picture = std::env::temp_dir().join(format!("big-file-{}.png", std::process::id()));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--screenshot")
        .arg(&picture)
        .arg(path)
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&picture);
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let before = text.split(" s after start)").next()?;
    before.rsplit(' ').next()?.parse().ok()
}

/// Moves the pointer to `to` and runs one frame of the window: the CPU time of the frame and
/// its tessellation, in ms.
fn timed_step(harness: &mut egui_kittest::Harness<'_, corridor_atlas::App>, to: egui::Pos2) -> f64 {
    harness.hover_at(to);
    let start = Instant::now();
    harness.step();
    let output = harness.output();
    let primitives = harness
        .ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed().as_secs_f64() * 1e3
}

/// The whole window, with the bundled story and the big file loaded, while the time bar's
/// handle is dragged across the bar: the CPU time of each frame (the app's egui pass, the
/// harness's accessibility tree, and the tessellation), in ms.
fn time_bar_frames(path: &Path) -> (Vec<f64>, Vec<f64>) {
    use egui_kittest::kittest::Queryable;
    let (mut harness, _) = window_with(path);
    let slider = harness
        .get_by_label(corridor_atlas::panels::time_bar::SLIDER_NAME)
        .rect();
    let y = slider.center().y;
    let from = slider.left() + 14.0;
    let steps = 80;
    // The same frames with the pointer moving over the bar but no date change, for comparison.
    let mut still = Vec::with_capacity(steps);
    let x_at = |i: usize| from + (slider.width() - 28.0) * i as f32 / steps as f32;
    for i in 1..=steps {
        still.push(timed_step(&mut harness, egui::pos2(x_at(i), y - 30.0)));
    }
    harness.hover_at(egui::pos2(from, y));
    harness.step();
    harness.drag_at(egui::pos2(from, y));
    harness.step();
    let mut times = Vec::with_capacity(steps);
    let mut dates = std::collections::BTreeSet::new();
    for i in 1..=steps {
        times.push(timed_step(&mut harness, egui::pos2(x_at(i), y)));
        dates.insert(harness.state().as_of());
    }
    harness.drop_at(egui::pos2(from, y));
    harness.step();
    assert!(
        dates.len() > steps / 2,
        "the slider moved the date {} times",
        dates.len()
    );
    (times, still)
}

/// Start to the first frame with the file loaded and drawn whole: three runs each of the
/// window in kittest and, with a display, of the app in a real window.
fn print_first_full_frame(path: &Path) {
    let mut harness_runs = Vec::new();
    let mut window_runs = Vec::new();
    for _ in 0..3 {
        harness_runs.push(window_with(path).1);
        window_runs.extend(real_window_first_full(path));
    }
    println!(
        "start to the first frame with the file loaded and every tile of the view drawn, window in kittest (median of 3): {:.2} s",
        median(harness_runs)
    );
    if window_runs.is_empty() {
        println!("(no display: the real window was not measured)");
    } else {
        println!(
            "the same in a real window, `corridor-atlas --screenshot` (median of {}): {:.2} s",
            window_runs.len(),
            median(window_runs)
        );
    }
}

fn print_time_bar(path: &Path) {
    let (times, still) = time_bar_frames(path);
    println!(
        "frame CPU time of the window, bundled story + the file: dragging the time bar median {:.2} ms (slowest {:.2} ms); the same with the date left alone median {:.2} ms ({} frames each)",
        median(times.clone()),
        times.iter().copied().fold(0.0, f64::max),
        median(still),
        times.len()
    );
}

/// The time of one pick near a single line of a million positions (its segments indexed).
fn print_pick_on_a_long_line() {
    let count = 1_000_000;
    let mut walk = Walk(11);
    let (mut lon, mut lat) = (47.0, 40.0);
    let line: Vec<(f64, f64)> = (0..count)
        .map(|_| {
            lon += (walk.next() - 0.3) * 0.002;
            lat += (walk.next() - 0.5) * 0.002;
            (lon, lat)
        })
        .collect();
    let corridor = corridor_atlas::model::Corridor {
        id: corridor_atlas::model::FeatureId("long".into()),
        info: corridor_atlas::model::corridor::CorridorProperties::default(),
        properties: corridor_atlas::model::corridor::Properties::default(),
        geometry: Some(geo::LineString::from(line.clone()).into()),
        versions: Vec::new(),
    };
    // As the app prepares a layer of a million positions: drawn as tiles, its shape
    // projected when asked for (a pick projects the runs of segments it reads).
    let start = Instant::now();
    let overlay = Overlay::on_demand(Arc::new(vec![corridor]), &[], &[], egui::Color32::RED);
    let built = start.elapsed();
    let tolerance = 6.0 / corridor_atlas::map::mercator::world_points(9.0);
    let picks = 2000;
    let start = Instant::now();
    let mut hits = 0;
    for i in 0..picks {
        let (x, y) = line[(i * 499) % count];
        let at = corridor_atlas::map::mercator::unit(x + 0.0005, y);
        hits += usize::from(overlay.pick(at, tolerance, |_| true).is_some());
    }
    println!(
        "pick near one line of a million positions: {:.4} ms each ({hits} of {picks} hit; indexing its segments took {:.2} s)",
        start.elapsed().as_secs_f64() * 1e3 / f64::from(picks as u32),
        built.as_secs_f64()
    );
}

/// The time of one pick at a random place, over many.
fn print_pick(overlay: &Overlay) {
    let mut walk = Walk(7);
    let tolerance = 6.0 / corridor_atlas::map::mercator::world_points(7.0);
    let picks = 2000;
    let start = Instant::now();
    let mut hits = 0;
    for _ in 0..picks {
        let at = corridor_atlas::map::mercator::unit(
            30.0 + walk.next() * 45.0,
            33.0 + walk.next() * 20.0,
        );
        hits += usize::from(overlay.pick(at, tolerance, |_| true).is_some());
    }
    let per_pick = start.elapsed() / picks;
    println!(
        "pick at zoom 7: {:.3} ms each ({hits} of {picks} random clicks hit an item)",
        per_pick.as_secs_f64() * 1e3
    );
}

/// How long the tile workers take to draw the region view, alone.
fn print_tiles_drawn(path: &Path) {
    let prepared = prepare(path, &Progress::default(), &[], egui::Color32::RED).unwrap();
    let (overlay, raster) = (prepared.overlay, prepared.raster);
    let raster = raster.expect("a big file is drawn as tiles");
    let (_, _, _, drawn) = frame_times(&overlay, &raster);
    println!("the workers drew every tile of the region view in {drawn:.2} s");
}

/// The plain parse and the load, alternating, each in a child process: (seconds, peak
/// bytes) of each run.
fn alternate_loads(path: &Path) -> (Runs, Runs) {
    // Alternate the two, seven times each, and take medians: one run alone can be off by
    // a factor of two on a shared machine.
    let mut plain = Vec::new();
    let mut load = Vec::new();
    for _ in 0..RUNS {
        plain.push(run_child("plain", path));
        load.push(run_child("load", path));
    }
    (plain, load)
}

/// Prints the medians of the plain parse and of the load of a file of `size` bytes.
fn print_loads(plain: &[(f64, u64)], load: &[(f64, u64)], size: u64) {
    let mb = size as f64 / 1e6;
    let median_of = |runs: &[(f64, u64)]| {
        let seconds = median(runs.iter().map(|r| r.0).collect());
        let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
        (seconds, peak)
    };
    let (plain_s, plain_peak) = median_of(plain);
    let (load_s, load_peak) = median_of(load);
    // Each load against the plain parse run just before it: the machine's speed drifts
    // less between two neighbouring runs than over the whole series.
    let ratios: Vec<f64> = plain.iter().zip(load).map(|(p, l)| p.0 / l.0).collect();
    println!(
        "plain geojson::GeoJson::from_str (median of {RUNS}): {:.2} s, {:.0} MB/s, peak memory {:.2}x the file",
        plain_s,
        mb / plain_s,
        plain_peak as f64 / size as f64
    );
    println!(
        "load, read + parse + validate + index (median of {RUNS}): {:.2} s, {:.0} MB/s ({:.2}x the plain parse), peak memory {:.2}x the file",
        load_s,
        mb / load_s,
        plain_s / load_s,
        load_peak as f64 / size as f64
    );
    println!(
        "each load against the plain parse just before it: median {:.2}x (from {:.2}x to {:.2}x)",
        median(ratios.clone()),
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max)
    );
}

/// (seconds, peak bytes) of each run of one kind.
type Runs = Vec<(f64, u64)>;

/// How many times the plain parse and the load are run, alternating.
const RUNS: usize = 7;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(&args[at + 1], Path::new(&args[at + 2]));
        return;
    }
    let path = data_path();
    if !path.exists() {
        println!("generating {} ...", path.display());
        generate(&path);
    }
    // `cargo bench --bench big_file -- time-bar` measures only the time bar, `-- pick`
    // only the pick near a long line, `-- tiles` only the drawing of the region view's tiles.
    if args.iter().any(|a| a == "time-bar") {
        print_time_bar(&path);
        return;
    }
    if args.iter().any(|a| a == "pick") {
        print_pick_on_a_long_line();
        return;
    }
    if args.iter().any(|a| a == "tiles") {
        print_tiles_drawn(&path);
        return;
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let mb = size as f64 / 1e6;
    let (plain, load) = alternate_loads(&path);
    let prepared = prepare(&path, &Progress::default(), &[], egui::Color32::RED).unwrap();
    let corridor_atlas::layers::intake::Read::File(file) = &prepared.read else {
        panic!("a corridor file, not a story")
    };
    let (overlay, raster) = (&prepared.overlay, prepared.raster.as_ref());
    let raster = raster.expect("a big file is drawn as tiles");
    let vertices = file.outcome.vertices;
    println!(
        "file: {mb:.1} MB, {} features, {vertices} positions",
        prepared.corridors.len()
    );
    print_loads(&plain, &load, size);

    let (still, zooming, panning, tiles_drawn_s) = frame_times(overlay, raster);
    println!(
        "the workers drew every tile of the region view (basemap and layer, 1280x800) in {tiles_drawn_s:.2} s"
    );
    println!(
        "frame CPU time, everything visible, region view: still median {:.1} ms, zooming median {:.1} ms (slowest {:.1} ms)",
        median(still),
        median(zooming.clone()),
        zooming.iter().copied().fold(0.0, f64::max)
    );
    println!(
        "frame CPU time while panning across the layer: median {:.1} ms (slowest {:.1} ms)",
        median(panning.clone()),
        panning.iter().copied().fold(0.0, f64::max)
    );
    print_first_full_frame(&path);

    print_pick(overlay);
    print_pick_on_a_long_line();
    print_time_bar(&path);
}
