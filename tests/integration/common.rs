//! What the window tests share: a window opened the way a user's first start opens it, and
//! waiting for the work that happens on other threads.

// Each test file uses a part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;

/// The app in a 1280×800 window, started fresh (no saved settings) with `options`, after its
/// first map is drawn.
pub fn app_with(options: AppOptions) -> Harness<'static, App> {
    app_sized([1280.0, 800.0], options)
}

/// The app in a window of `size`, started fresh with `options`, after its first map is drawn.
pub fn app_sized(size: [f32; 2], options: AppOptions) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .with_max_steps(400)
        .build_eframe(move |cc| {
            App::new(
                cc,
                AppOptions {
                    fresh: true,
                    ..options
                },
            )
        });
    settle(&mut harness);
    harness
}

/// Runs frames until files are loaded and every tile, of the basemap and of big layers, is
/// drawn (all happen on worker threads). Fails, saying what is still pending, if that takes
/// longer than a slow machine would.
pub fn settle(harness: &mut Harness<'static, App>) {
    let patience = std::time::Duration::from_mins(1);
    let started = std::time::Instant::now();
    loop {
        harness.run_steps(2);
        let state = harness.state();
        let pending = (
            state.tiles_pending(),
            state.layer_tiles_pending(),
            state.layers().loading.len(),
        );
        if pending == (0, 0, 0) {
            break;
        }
        assert!(
            started.elapsed() < patience,
            "still pending after {patience:?}: {} basemap tiles, {} layer tiles, {} files loading",
            pending.0,
            pending.1,
            pending.2
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run_steps(2);
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The item of the bundled story with this id.
pub fn item(id: &str) -> corridor_atlas::model::ItemRef {
    corridor_atlas::model::ItemRef::new(corridor_atlas::model::LayerId::BUNDLED_STORY, id)
}

/// The `feature`-th item (in file order) of the `file`-th loaded file.
pub fn file_item(
    harness: &Harness<'static, App>,
    file: usize,
    feature: usize,
) -> corridor_atlas::model::ItemRef {
    let layer = harness
        .state()
        .layers()
        .files()
        .nth(file)
        .expect("the file is loaded");
    layer.item(
        &layer
            .corridors
            .get(feature)
            .expect("the feature is there")
            .id,
    )
}

/// The `file`-th loaded file.
pub fn file_layer<'h>(
    harness: &'h Harness<'static, App>,
    file: usize,
) -> &'h corridor_atlas::layers::Layer {
    harness
        .state()
        .layers()
        .files()
        .nth(file)
        .expect("the file is loaded")
}

/// A click with `button` at `pos`, as a user's: the pointer moves there, presses, lets go.
pub fn click_at(harness: &mut Harness<'static, App>, pos: egui::Pos2, button: egui::PointerButton) {
    harness.hover_at(pos);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    settle(harness);
}
