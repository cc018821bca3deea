//! Corridors as chains of legs, and the context items that explain a story.

use crate::common;

use crate::common::{app_with, file_item, fixture, settle};
use corridor_atlas::AppOptions;
use corridor_atlas::model::ItemRef;
use egui_kittest::kittest::Queryable;

#[test]
fn a_corridor_lists_its_legs_in_order_with_totals_and_says_where_it_is_broken() {
    let mut harness = app_with(AppOptions {
        files: vec![fixture("corridor-chain.geojson")],
        ..AppOptions::default()
    });
    let chain = file_item(&harness, 0, 2);
    assert_eq!(chain.id.0, "chain");
    harness.state_mut().select_item(chain.clone());
    settle(&mut harness);
    harness.get_by_label("Legs (3)");
    // A leg of the file, a choice between the file's ferry and the bundled story's port.
    harness.get_by_label("Test railway A");
    harness.get_by_label("Test ferry B");
    // (Once in the list of the story's items, once as a leg.)
    assert_eq!(harness.query_all_by_label("Port of Aktau").count(), 2);
    harness.get_by_label_contains("missing-leg (missing)");
    // The first of each choice counts: 100 km of railway and 50 km of ferry.
    harness.get_by_label_contains("150 km stated");
    // Leg 2 is open by the port, although the ferry is still being built.
    assert!(
        harness
            .query_by_label_contains("The chain is broken at leg 2")
            .is_none()
    );
    harness.get_by_label("The chain is broken at leg 3: no item is called missing-leg.");
}

#[test]
fn a_leg_says_which_corridor_it_belongs_to_and_choosing_the_corridor_shows_its_chain() {
    let mut harness = app_with(AppOptions {
        files: vec![fixture("corridor-chain.geojson")],
        ..AppOptions::default()
    });
    let rail = file_item(&harness, 0, 0);
    harness.state_mut().select_item(rail);
    settle(&mut harness);
    harness.get_by_label("Part of");
    harness.get_by_label("Test chain (leg 1)").click();
    settle(&mut harness);
    let chain: &ItemRef = &harness.state().selection()[0];
    assert_eq!(chain.id.0, "chain");
    // The bundled story's port is a leg of the file's corridor too.
    harness
        .state_mut()
        .select_item(common::item("port-of-aktau"));
    settle(&mut harness);
    harness.get_by_label("Test chain (leg 2)");
    // Chosen in the search, the corridor is fitted into view by its legs.
    harness.get_by_label("Search items").click();
    harness.run_steps(1);
    harness.get_by_label("Search items").type_text("test chain");
    harness.run_steps(3);
    harness.get_by_label("Test chain").click();
    settle(&mut harness);
    assert!(harness.state().is_on_screen(52.0, 44.5));
    assert!(harness.state().is_on_screen(50.0, 41.0));
}

#[test]
fn context_items_are_grouped_drawn_apart_and_hidden_with_one_toggle() {
    let dir = std::env::temp_dir()
        .join(format!("corridor-atlas-context-{}", std::process::id()))
        .join("story");
    std::fs::create_dir_all(&dir).expect("dir");
    let example = fixture("stories/example-aktau");
    for file in ["story.json", "article.en.txt", "corridors.geojson"] {
        std::fs::copy(example.join(file), dir.join(file)).expect("copy");
    }
    let items = std::fs::read_to_string(dir.join("corridors.geojson")).expect("items");
    let context = r#"{ "type": "Feature", "geometry": { "type": "Point", "coordinates": [53.1, 46.2] },
        "properties": { "id": "a-field", "name": "A context field", "kind": "oil_field", "context": true } },
    {"#;
    std::fs::write(
        dir.join("corridors.geojson"),
        items.replacen(
            "\"features\": [\n    {",
            &format!("\"features\": [\n    {context}"),
            1,
        ),
    )
    .expect("write");
    let mut harness = app_with(AppOptions {
        files: vec![dir],
        ..AppOptions::default()
    });
    assert!(
        harness.state().problems().is_empty(),
        "{:?}",
        harness.state().problems()
    );
    harness.get_by_label("Context, not in the article (1)");
    let layer = harness
        .state()
        .story_layer()
        .map(|layer| layer.id)
        .expect("the story");
    let field = ItemRef::new(layer, "a-field");
    assert!(harness.state().is_visible(&field));
    harness.get_by_label("Show the context").click();
    settle(&mut harness);
    assert!(!harness.state().is_visible(&field));
    // Its own items are still there.
    assert!(
        harness
            .state()
            .is_visible(&ItemRef::new(layer, "port-of-aktau"))
    );
    // Its details say it is context, not a mention.
    harness.get_by_label("Show the context").click();
    settle(&mut harness);
    harness.state_mut().select_item(field);
    settle(&mut harness);
    harness.get_by_label_contains("Context: the article does not name it");
    assert!(harness.query_by_label_contains("Mentioned in (").is_none());
}

#[test]
fn copying_an_items_citation_says_so() {
    // What the citation holds is checked by the example of `model::citation::citation`.
    let mut harness = app_with(AppOptions {
        select: Some("baku-tbilisi-kars-railway".into()),
        ..AppOptions::default()
    });
    harness
        .get_by_label("Copy the citation as Markdown")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().notice(),
        Some("Copied the citation of Baku–Tbilisi–Kars railway.")
    );
}
