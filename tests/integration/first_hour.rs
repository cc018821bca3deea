//! A newcomer's first hour: the layout holds while typing, the first view shows the whole
//! story, picks prefer points across layers, the words are a reader's, and the usual desktop
//! shortcuts, menus and search work.

use crate::common::{app_sized, app_with, click_at, file_item, fixture, item, settle};
use corridor_atlas::model::Corridor;
use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// Whether some text in the window contains `text`.
fn shows(harness: &Harness<'static, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Where the Port of Aktau is drawn.
fn aktau_on_screen(harness: &Harness<'static, App>) -> egui::Pos2 {
    harness
        .state()
        .screen_position_of(&item("port-of-aktau"))
        .expect("drawn")
}

/// Every place of [`STORY_PLACES`] is in the first view of a window of `size`.
fn assert_story_in_view(harness: &Harness<'static, App>, size: [f32; 2]) {
    for (what, lon, lat) in STORY_PLACES {
        assert!(
            harness.state().is_on_screen(lon, lat),
            "{what} is not in the first view of a {size:?} window: {:?}",
            harness.state().view()
        );
    }
}

/// Every point and line of the bundled story (not the countries and regions), with a
/// position on it.
const STORY_PLACES: [(&str, f64, f64); 6] = [
    ("Astana, where the presidents met", 71.446, 51.180),
    ("Ceyhan, where the oil is loaded", 35.93, 36.88),
    ("Kars, the railway's end", 43.095, 40.601),
    ("the Port of Aktau", 51.215, 43.603),
    ("the Port of Baku at Alat", 49.432, 39.958),
    ("Kuryk", 51.7, 43.092),
];

#[test]
fn typing_in_the_search_box_does_not_widen_the_panel_or_shrink_the_map() {
    let mut harness = app_with(AppOptions::default());
    let before = harness.state().map_rect();
    harness.get_by_label("Search items").click();
    harness.run_steps(2);
    harness
        .get_by_label("Search items")
        .type_text("abcdefghijklmnopqrstuvwxyz1234");
    harness.run_steps(4);
    let after = harness.state().map_rect();
    assert!(
        (after.width() - before.width()).abs() < 0.5,
        "the map went from {before:?} to {after:?}"
    );
    assert_eq!(harness.state().search_text().chars().count(), 30);
}

#[test]
fn the_first_view_shows_the_whole_story_from_ceyhan_to_astana_in_small_and_large_windows() {
    for size in [[900.0, 600.0], [1600.0, 1000.0]] {
        let harness = app_sized(size, AppOptions::default());
        assert_story_in_view(&harness, size);
    }
}

/// Fails unless the corners of the map show places inside the bundled basemap: no grey
/// band beyond it.
fn assert_map_within_basemap(harness: &Harness<'static, App>, when: &str) {
    let (west, south, east, north) = corridor_atlas::io::basemap::BASEMAP_BOUNDS_DEG;
    let rect = harness.state().map_rect();
    for corner in [rect.left_top(), rect.right_bottom()] {
        let (lon, lat) = harness.state().position_at(corner);
        assert!(
            (west - 0.01..=east + 0.01).contains(&lon)
                && (south - 0.01..=north + 0.01).contains(&lat),
            "{when}: the corner {corner:?} shows {lon}, {lat}, beyond the basemap"
        );
    }
}

#[test]
fn the_first_view_of_a_tall_or_a_wide_window_shows_the_story_and_nothing_beyond_the_basemap() {
    // Map areas from about 1.7 times as tall as wide (1000 x 900: the panels take the rest)
    // to 2.7 times as wide as tall.
    for size in [
        [1000.0, 900.0],
        [900.0, 600.0],
        [1280.0, 1024.0],
        [2400.0, 700.0],
    ] {
        let harness = app_sized(size, AppOptions::default());
        assert_story_in_view(&harness, size);
        assert_map_within_basemap(&harness, &format!("a {size:?} window"));
    }
}

#[test]
fn home_shows_the_whole_story_again_and_the_view_follows_a_resized_window_until_moved() {
    let mut harness = app_sized([1600.0, 1000.0], AppOptions::default());
    harness.key_press(egui::Key::Plus);
    harness.key_press(egui::Key::Plus);
    settle(&mut harness);
    assert!(!harness.state().is_on_screen(71.446, 51.180));
    harness.key_press(egui::Key::Home);
    settle(&mut harness);
    for (what, lon, lat) in STORY_PLACES {
        assert!(harness.state().is_on_screen(lon, lat), "{what} after Home");
    }
    // A smaller window: still the whole story.
    harness.set_size(egui::vec2(1000.0, 650.0));
    harness.run_steps(3);
    settle(&mut harness);
    for (what, lon, lat) in STORY_PLACES {
        assert!(
            harness.state().is_on_screen(lon, lat),
            "{what} after resizing: {:?} in {:?}",
            harness.state().view(),
            harness.state().map_rect()
        );
    }
}

#[test]
fn the_map_never_zooms_out_past_the_offline_basemap() {
    let mut harness = app_sized([1600.0, 1000.0], AppOptions::default());
    for _ in 0..8 {
        harness.key_press(egui::Key::Minus);
        settle(&mut harness);
    }
    assert_map_within_basemap(&harness, "zoomed out as far as it goes");
}

#[test]
fn select_on_the_command_line_fits_the_whole_pipeline_into_view() {
    let harness = app_with(AppOptions {
        select: Some("btc-pipeline".to_owned()),
        ..AppOptions::default()
    });
    assert_eq!(harness.state().selection(), &[item("btc-pipeline")]);
    // Sangachal, where it starts, and Ceyhan, where it ends.
    assert!(harness.state().is_on_screen(49.48, 40.20));
    assert!(harness.state().is_on_screen(35.93, 36.88));
}

#[test]
fn a_point_item_chosen_in_the_list_is_shown_with_its_surroundings() {
    let mut harness = app_with(AppOptions::default());
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    let zoom = harness.state().view().zoom;
    assert!(
        zoom <= corridor_atlas::map::FIT_MAX_ZOOM + 1e-9,
        "zoomed to {zoom} on a single point"
    );
    assert!(harness.state().is_on_screen(51.215, 43.603));
}

#[test]
fn one_wheel_notch_zooms_half_a_level_around_the_pointer() {
    let mut harness = app_with(AppOptions::default());
    let before = harness.state().view().zoom;
    let centre = harness.state().map_rect().center();
    harness.hover_at(centre);
    harness.run_steps(1);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 1.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    for _ in 0..40 {
        harness.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    settle(&mut harness);
    let after = harness.state().view().zoom;
    assert!(
        (after - before - corridor_atlas::map::WHEEL_NOTCH_LEVELS).abs() < 0.02,
        "one notch zoomed from {before} to {after}"
    );
}

#[test]
fn a_story_port_under_a_loaded_polygon_is_picked_before_the_polygon() {
    let mut harness = app_with(AppOptions {
        files: vec![fixture("polygon-over-aktau.geojson")],
        ..AppOptions::default()
    });
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    let at = aktau_on_screen(&harness);
    click_at(&mut harness, at, egui::PointerButton::Primary);
    assert_eq!(harness.state().selection(), &[item("port-of-aktau")]);
}

#[test]
fn a_selected_feature_of_a_file_says_its_name_and_layer() {
    let mut harness = app_with(AppOptions {
        files: vec![fixture("polygon-over-aktau.geojson")],
        ..AppOptions::default()
    });
    let at = harness
        .state()
        .screen_position_of(&file_item(&harness, 0, 1))
        .expect("the point is drawn");
    click_at(&mut harness, at, egui::PointerButton::Primary);
    let selected = harness.state().selected_corridor().expect("selected");
    assert_eq!(selected.name(), "Survey mark Karakiya");
    harness.get_by_label("From polygon-over-aktau.geojson");
}

#[test]
fn hovering_an_item_on_the_map_marks_it_for_the_list_and_the_article() {
    let mut harness = app_with(AppOptions::default());
    let at = aktau_on_screen(&harness);
    harness.hover_at(at);
    harness.run_steps(3);
    assert_eq!(harness.state().hovered_item(), Some(&item("port-of-aktau")));
}

#[test]
fn the_search_ignores_dashes_case_and_diacritics_and_finds_files_and_places() {
    let mut harness = app_with(AppOptions {
        files: vec![fixture("polygon-over-aktau.geojson")],
        ..AppOptions::default()
    });
    let search = |harness: &mut Harness<'static, App>, text: &str| {
        if !harness.state().search_text().is_empty() {
            harness.get_by_label("Clear the search").click();
            harness.run_steps(1);
        }
        harness.get_by_label("Search items").click();
        harness.run_steps(1);
        harness.get_by_label("Search items").type_text(text);
        harness.run_steps(3);
    };
    search(&mut harness, "baku tbilisi kars RAILWAY");
    harness.get_by_label("Baku–Tbilisi–Kars railway");
    search(&mut harness, "karakiya");
    harness.get_by_label_contains("In polygon-over-aktau.geojson");
    harness.get_by_label("Survey mark Karakiya").click();
    settle(&mut harness);
    assert_eq!(
        harness
            .state()
            .selected_corridor()
            .map(|c| c.name().to_owned()),
        Some("Survey mark Karakiya".to_owned())
    );
    search(&mut harness, "tbilisi");
    harness.get_by_label_contains("Places of the basemap");
}

#[test]
fn mentioned_in_quotes_the_article_with_its_place_and_no_internal_ids() {
    let mut harness = app_with(AppOptions::default());
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    let quotes: Vec<String> = harness
        .query_all_by_label_contains("„")
        .map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value()).unwrap_or_default()
        })
        .collect();
    assert!(!quotes.is_empty());
    for quote in &quotes {
        assert!(quote.contains("paragraph"), "{quote}");
        assert!(
            !quote.contains(".s1") && !quote.contains(".s2"),
            "an internal id in {quote}"
        );
    }
    // A port has a position, not a course.
    harness.get_by_label("Position");
    assert!(harness.query_by_label("Route").is_none());
}

#[test]
fn the_dateline_is_shown_as_metadata_not_as_a_paragraph() {
    let harness = app_with(AppOptions::default());
    harness.get_by_label_contains("Dateline: ");
}

#[test]
fn f1_lists_the_shortcuts_and_the_help_menu_has_about_and_credits() {
    let mut harness = app_with(AppOptions::default());
    harness.key_press(egui::Key::F1);
    harness.run_steps(3);
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label_contains("Open corridor files");
    harness.get_by_label("Help").click();
    harness.run_steps(2);
    harness.get_by_label("Credits and licences").click();
    harness.run_steps(3);
    for credit in [
        "GeoNames, licensed under CC BY 4.0",
        "OpenStreetMap contributors",
        "DejaVu Sans",
        "Natural Earth (land, lakes",
    ] {
        assert!(shows(&harness, credit), "no credit for {credit}");
    }
}

#[test]
fn panels_fold_away_with_their_shortcut_and_reset_layout_brings_them_back() {
    let mut harness = app_with(AppOptions::default());
    let before = harness.state().map_rect();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run_steps(3);
    let wider = harness.state().map_rect();
    assert!(
        wider.width() > before.width() + 100.0,
        "{before:?} -> {wider:?}"
    );
    assert!(!harness.state().settings().panels.items);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    harness.run_steps(3);
    assert!(!harness.state().settings().panels.story);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    harness.run_steps(3);
    let reset = harness.state().settings().panels;
    assert!(reset.items && reset.story);
    assert!((harness.state().map_rect().width() - before.width()).abs() < 1.0);
}

#[test]
fn ctrl_f_puts_the_keyboard_in_the_search_box() {
    let mut harness = app_with(AppOptions::default());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(2);
    harness.event(egui::Event::Text("Aktau".to_owned()));
    harness.run_steps(2);
    assert_eq!(harness.state().search_text(), "Aktau");
}

#[test]
fn a_right_click_on_the_map_offers_coordinates_zoom_and_what_is_here() {
    let mut harness = app_with(AppOptions::default());
    let at = aktau_on_screen(&harness);
    click_at(&mut harness, at, egui::PointerButton::Secondary);
    harness.get_by_label("Copy coordinates");
    harness.get_by_label("Zoom here");
    harness.get_by_label("Country: Kazakhstan");
    harness
        .get_by_label_contains("Select Port of Aktau")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().selection(), &[item("port-of-aktau")]);
}

#[test]
fn screenshots_are_named_by_date_and_time() {
    let name = corridor_atlas::app::screenshot_file_name();
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    assert!(name.starts_with("Corridor Atlas 2"), "{name}");
    assert_eq!(
        std::path::Path::new(&name).extension(),
        Some(std::ffi::OsStr::new("png")),
        "{name}"
    );
    assert_eq!(
        digits.len(),
        14,
        "year, month, day, hours, minutes, seconds in {name}"
    );
}

#[test]
fn a_layer_restored_from_the_last_session_keeps_its_colour() {
    use corridor_atlas::layers::{Layers, Start};
    let basemap = std::sync::Arc::new(corridor_atlas::io::basemap::Basemap::default());
    let mut layers = Layers::new(basemap);
    let ctx = egui::Context::default();
    let colour = corridor_atlas::style::rgb(0x12, 0x34, 0x56);
    layers
        .start(
            fixture("bare-geometry.geojson"),
            &ctx,
            Start::Restore {
                visible: true,
                colour: Some(colour),
            },
        )
        .expect("starts");
    for _ in 0..500 {
        let _ = layers.take_in(&ctx);
        if layers.loading.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let files: Vec<_> = layers.files().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].colour, colour);
}

#[test]
fn choosing_astana_scrolls_the_article_to_its_first_sentence_below_the_dateline() {
    let mut harness = app_with(AppOptions::default());
    harness.get_by_label("Astana").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().scrolled_to(),
        Some(&corridor_atlas::model::PassageId("p2.s1".into()))
    );
}

#[test]
fn ctrl_minus_leaves_the_size_of_the_interface_alone() {
    let mut harness = app_with(AppOptions::default());
    let before = harness.ctx.zoom_factor();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    harness.run_steps(3);
    assert_eq!(harness.ctx.zoom_factor(), before);
}

#[test]
fn an_item_of_a_file_with_the_id_of_a_story_item_is_its_own_item_and_says_where_it_comes_from() {
    let dir = std::env::temp_dir().join(format!("corridor-atlas-same-id-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("my-ports.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Feature","id":"port-of-aktau","properties":{"name":"My Aktau"},
            "geometry":{"type":"Point","coordinates":[45.0,44.0]}}"#,
    )
    .expect("write");
    let mut harness = app_with(AppOptions {
        files: vec![path],
        ..AppOptions::default()
    });
    let mine = file_item(&harness, 0, 0);
    assert_eq!(mine.id, item("port-of-aktau").id);
    assert_ne!(mine, item("port-of-aktau"));
    let at = harness.state().screen_position_of(&mine).expect("drawn");
    click_at(&mut harness, at, egui::PointerButton::Primary);
    assert_eq!(harness.state().selection(), std::slice::from_ref(&mine));
    assert_eq!(
        harness.state().selected_corridor().map(Corridor::name),
        Some("My Aktau")
    );
    harness.get_by_label("From my-ports.geojson");
    // The story's port is another item: selecting it shows the story's.
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    assert_eq!(harness.state().selection(), &[item("port-of-aktau")]);
    harness.get_by_label_contains("From the story");
    let _ = std::fs::remove_dir_all(dir);
}
