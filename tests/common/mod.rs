//! What the window tests share: a window opened the way a user's first start opens it, and
//! waiting for the work that happens on other threads.

// Each test file uses a part of this.
#![allow(dead_code)]

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

/// Runs frames until files are loaded and every tile is drawn (both happen on worker threads).
pub fn settle(harness: &mut Harness<'static, App>) {
    for _ in 0..300 {
        harness.run_steps(2);
        let state = harness.state();
        if state.tiles_pending() == 0 && state.layers().loading.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run_steps(2);
}
