//! The map, the list of items, the details and the article act as one: every link direction.

use crate::common;
use corridor_atlas::model::{FeatureId, PassageId};

use crate::common::{item, settle};
use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const RAILWAY: &str = "baku-tbilisi-kars-railway";

fn app_with(select: Option<&str>) -> Harness<'static, App> {
    common::app_with(AppOptions {
        select: select.map(str::to_owned),
        ..AppOptions::default()
    })
}

fn app() -> Harness<'static, App> {
    app_with(None)
}

fn id(text: &str) -> FeatureId {
    FeatureId(text.to_owned())
}

fn click_map_at(harness: &mut Harness<'static, App>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    settle(harness);
}

/// Where the railway is on the screen between Akhalkalaki and Kars, where no other route
/// runs.
fn railway_away_from_other_routes(harness: &Harness<'static, App>) -> egui::Pos2 {
    let railway = harness
        .state()
        .story_layer()
        .and_then(|layer| layer.corridor(&id(RAILWAY)))
        .expect("railway")
        .clone();
    let Some(geo::Geometry::LineString(line)) = &railway.geometry else {
        panic!("the railway is a line")
    };
    let vertex = line.0[line.0.len() * 9 / 10];
    harness.state().screen_position(vertex.x, vertex.y)
}

#[test]
fn clicking_an_item_in_the_list_selects_it_shows_its_details_scrolls_the_article_and_flies_there() {
    let mut harness = app();
    let before = harness.state().view();
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    assert_eq!(harness.state().selection(), &[item("port-of-aktau")]);
    // The details panel shows it and where the article mentions it.
    harness.get_by_label_contains("Mentioned in (");
    harness.get_by_label_contains("12 Mt/year");
    let first = harness
        .state()
        .story()
        .expect("story")
        .passages_of(&id("port-of-aktau"))[0]
        .clone();
    assert_eq!(harness.state().scrolled_to(), Some(&first));
    // And the article really scrolled: that sentence is on screen, in the article panel.
    let sentence = harness
        .state()
        .story()
        .expect("story")
        .article
        .passage(&first)
        .expect("passage")
        .clone();
    let text = &harness.state().story().expect("story").article.text[sentence.range.clone()];
    let words: String = text.chars().take(40).collect();
    let rect = harness.get_by_label_contains(&words).rect();
    assert!(
        rect.min.y >= 300.0 && rect.max.y <= 780.0,
        "{first} is at {rect:?}"
    );
    let after = harness.state().view();
    assert!(after.zoom > before.zoom, "the map zooms to the port");
    assert!(harness.state().is_on_screen(51.215, 43.603));
}

#[test]
fn clicking_the_railway_on_the_map_selects_it_and_shows_its_details_and_passages() {
    let mut harness = app();
    let at = railway_away_from_other_routes(&harness);
    assert_eq!(
        harness.state().item_at(at),
        Some(item(RAILWAY)),
        "at {at:?}"
    );
    click_map_at(&mut harness, at);
    assert_eq!(harness.state().selection(), &[item(RAILWAY)]);
    harness.get_by_label_contains("Length, as drawn");
    // Quoted with the paragraph it stands in (the dateline apart, p8 is the seventh).
    harness.get_by_label_contains("„Eisenbahnlinie Baku-Tiflis-Kars“ (paragraph 7)");
    assert_eq!(
        harness.state().scrolled_to(),
        Some(&PassageId("p8.s1".into()))
    );
}

#[test]
fn clicking_empty_map_or_pressing_escape_clears_the_selection() {
    let mut harness = app_with(Some(RAILWAY));
    assert_eq!(harness.state().selection(), &[item(RAILWAY)]);
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(harness.state().selection().is_empty());

    harness.get_by_label("Port of Kuryk").click();
    settle(&mut harness);
    assert_eq!(harness.state().selection(), &[item("port-of-kuryk")]);
    // The western middle Caspian, off Dagestan: no item there.
    harness.key_press(egui::Key::Home);
    settle(&mut harness);
    let sea = harness.state().screen_position(49.0, 42.5);
    assert_eq!(harness.state().item_at(sea), None);
    click_map_at(&mut harness, sea);
    assert!(harness.state().selection().is_empty());
}

#[test]
fn clicking_a_passage_selects_the_items_it_speaks_of_and_fits_them_in_view() {
    let mut harness = app();
    let passage = "Glasfaserleitungen durch den Grund des Kaspischen Meeres";
    harness.get_by_label_contains(passage).scroll_to_me();
    harness.run_steps(3);
    harness.get_by_label_contains(passage).click();
    settle(&mut harness);
    assert_eq!(
        harness.state().selection(),
        &[item("trans-caspian-fibre-optic-cable")]
    );
    // Both landing points are in view.
    assert!(harness.state().is_on_screen(51.162, 43.624));
    assert!(harness.state().is_on_screen(49.68, 40.607));
}

#[test]
fn a_quote_in_the_details_scrolls_the_article_to_its_passage() {
    let mut harness = app_with(Some("azerbaijan"));
    let quotes = harness.query_all_by_label_contains("„").count();
    assert!(quotes > 3, "Azerbaijan is mentioned often");
    let quote = "„aserbaidschanischen Amtskollegen“";
    harness.get_by_label_contains(quote).scroll_to_me();
    harness.run_steps(3);
    harness.get_by_label_contains(quote).click();
    settle(&mut harness);
    assert_eq!(
        harness.state().scrolled_to(),
        Some(&PassageId("p9.s1".into()))
    );
}

#[test]
fn the_search_finds_the_port_by_its_azerbaijani_german_and_english_names() {
    let mut harness = app();
    for query in ["Ələt", "Seehafen", "alat"] {
        harness
            .get_by_role(egui::accesskit::Role::TextInput)
            .focus();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness
            .get_by_role(egui::accesskit::Role::TextInput)
            .type_text(query);
        harness.run_steps(3);
        assert!(harness.query_all_by_label_contains("Port of Baku").count() >= 1);
        assert!(
            harness
                .query_by_label("Baku–Tbilisi–Kars railway")
                .is_none(),
            "{query}"
        );
        assert!(
            harness
                .query_by_label("Baku–Tbilisi–Ceyhan pipeline")
                .is_none()
        );
        if query != "Seehafen" {
            assert!(harness.query_by_label("Port of Aktau").is_none(), "{query}");
        }
    }
}

#[test]
fn hiding_a_kind_or_an_item_takes_it_off_the_map_and_out_of_reach_of_clicks() {
    let mut harness = app();
    let at = railway_away_from_other_routes(&harness);
    // The click below would hit the railway if it were shown.
    assert_eq!(
        harness.state().item_at(at),
        Some(item(RAILWAY)),
        "at {at:?}"
    );
    harness.get_by_label("Show railway").click();
    harness.run_steps(2);
    assert!(!harness.state().is_visible(&item(RAILWAY)));
    click_map_at(&mut harness, at);
    assert_ne!(harness.state().selection(), &[item(RAILWAY)]);
    harness.get_by_label("Show railway").click();
    harness.run_steps(2);
    assert!(harness.state().is_visible(&item(RAILWAY)));

    harness.get_by_label("Show Port of Aktau").click();
    harness.run_steps(2);
    assert!(!harness.state().is_visible(&item("port-of-aktau")));
    assert!(harness.state().is_visible(&item("port-of-kuryk")));
}

#[test]
fn the_english_gloss_can_be_shown_under_the_german() {
    let mut harness = app();
    let glosses = |harness: &Harness<'static, App>| {
        harness
            .query_all_by_label_contains("fibre-optic lines")
            .count()
    };
    assert_eq!(glosses(&harness), 0);
    harness.get_by_label("Show English gloss").click();
    harness.run_steps(3);
    assert_eq!(glosses(&harness), 1);
    assert!(
        harness.state().settings().show_gloss,
        "remembered in the settings"
    );
}

#[test]
fn a_start_with_an_unknown_id_says_so() {
    let harness = app_with(Some("no-such-item"));
    assert!(harness.state().selection().is_empty());
    harness.get_by_label_contains("There is no item with the id");
}
