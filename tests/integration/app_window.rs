//! The window as a user meets it: it opens on the region, and the map controls move the view.

use corridor_atlas::io::settings::View;

use crate::common::{app_with, settle};
use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> Harness<'static, App> {
    app_with(AppOptions::default())
}

fn in_view(view: View, lon: f64, lat: f64, width_deg: f64) -> bool {
    (view.lon_deg - lon).abs() < width_deg && (view.lat_deg - lat).abs() < width_deg
}

#[test]
fn the_window_opens_on_the_caspian_region_with_baku_tbilisi_kars_aktau_and_kuryk_in_view() {
    let harness = app();
    let view = harness.state().view();
    // Between the Black Sea and Astana, seen whole.
    assert!(in_view(view, 53.0, 44.0, 4.0), "opened on {view:?}");
    assert!((4.0..6.0).contains(&view.zoom), "zoom {}", view.zoom);
    for place in [
        (49.867, 40.409), // Baku
        (44.793, 41.715), // Tbilisi
        (43.095, 40.601), // Kars
        (51.17, 43.65),   // Aktau
        (51.65, 43.20),   // Kuryk
    ] {
        assert!(
            harness.state().is_on_screen(place.0, place.1),
            "{place:?} is not in view"
        );
    }
    // The basemap's labels and the map controls are there.
    harness.get_by_label("Zoom in");
    harness.get_by_label("Zoom out");
    harness.get_by_label_contains("Home");
}

#[test]
fn the_zoom_buttons_zoom_in_and_out_by_one_level() {
    let mut harness = app();
    let before = harness.state().view().zoom;
    harness.get_by_label("Zoom in").click();
    settle(&mut harness);
    let zoomed_in = harness.state().view().zoom;
    assert!(
        (zoomed_in - before.floor() - 1.0).abs() < 1e-9,
        "{before} -> {zoomed_in}"
    );
    harness.get_by_label("Zoom in").click();
    harness.get_by_label("Zoom in").click();
    settle(&mut harness);
    harness.get_by_label("Zoom out").click();
    harness.get_by_label("Zoom out").click();
    settle(&mut harness);
    assert!((harness.state().view().zoom - zoomed_in).abs() < 1e-9);
}

#[test]
fn arrow_keys_pan_and_home_returns_to_the_region() {
    let mut harness = app();
    let home = harness.state().view();
    // From the whole story the map can only be zoomed in: closer, it can move every way.
    harness.key_press(egui::Key::Plus);
    harness.key_press(egui::Key::Plus);
    settle(&mut harness);
    let home_zoomed = harness.state().view();
    harness.key_press(egui::Key::ArrowRight);
    harness.key_press(egui::Key::ArrowRight);
    harness.key_press(egui::Key::ArrowUp);
    settle(&mut harness);
    let moved = harness.state().view();
    assert!(
        moved.lon_deg > home_zoomed.lon_deg + 0.5,
        "{home_zoomed:?} -> {moved:?}"
    );
    assert!(
        moved.lat_deg > home_zoomed.lat_deg + 0.2,
        "{home_zoomed:?} -> {moved:?}"
    );
    harness.key_press(egui::Key::Minus);
    settle(&mut harness);
    assert!(harness.state().view().zoom < home_zoomed.zoom);

    harness.get_by_label_contains("Home").click();
    settle(&mut harness);
    let back = harness.state().view();
    assert!(in_view(back, home.lon_deg, home.lat_deg, 1e-6), "{back:?}");
    assert!((back.zoom - home.zoom).abs() < 1e-9);
}

#[test]
fn the_keyboard_home_key_and_plus_work_too() {
    let mut harness = app();
    let home = harness.state().view();
    harness.key_press(egui::Key::Plus);
    settle(&mut harness);
    assert!(harness.state().view().zoom > home.zoom);
    harness.key_press(egui::Key::Home);
    settle(&mut harness);
    assert!((harness.state().view().zoom - home.zoom).abs() < 1e-9);
}

#[test]
fn the_basemap_is_offline_by_default_and_the_picker_switches_it() {
    use corridor_atlas::io::settings::BasemapChoice;
    let mut harness = app();
    assert_eq!(harness.state().settings().basemap, BasemapChoice::Offline);
    assert_eq!(harness.state().tiles_pending(), 0);
    assert!(harness.state().basemap_tiles_cached() > 4);

    harness.get_by_value("Offline (Natural Earth)").click();
    harness.run_steps(3);
    harness.get_by_label("OpenStreetMap").click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().settings().basemap,
        BasemapChoice::OpenStreetMap
    );
    // The offline map stays underneath and the window keeps working. Until an online tile
    // is shown, the attribution names what is drawn.
    harness.get_by_label("Zoom in").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Natural Earth");
    // Tests never reach the network: the online map is unreachable, and the window says so
    // once, quietly, in the status bar.
    harness.get_by_label_contains("Offline: showing the bundled map");
    harness.get_by_label("OpenStreetMap cannot be reached; the offline map is shown.");
}

#[test]
fn text_in_every_script_of_the_region_renders() {
    // The harness panics on any character no font can draw.
    let mut harness = Harness::builder().with_size([600.0, 200.0]).build_ui(|ui| {
        ui.ctx().set_fonts(corridor_atlas::fonts::definitions());
        ui.label("Seehafen von Baku, Eisenbahnlinie Baku-Tiflis-Kars, äöüß");
        // Figures in the details panel group their thousands with a narrow no-break space.
        ui.label(corridor_atlas::panels::details::group_digits(1_200_000.0));
        ui.label("Bakı Beynəlxalq Dəniz Ticarət Limanı, Ələt, Gəncə, Şəmkir, Ağstafa");
        ui.label("Қазақстан, Құрық, Ақтау, Маңғыстау; Россия, Махачкала");
        ui.label("თბილისი, ახალქალაქი; Հայաստան");
    });
    harness.run();
    harness.get_by_label_contains("Ələt");
}
