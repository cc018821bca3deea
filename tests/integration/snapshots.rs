//! Pictures of what a user sees, compared with the ones kept in `tests/snapshots/`. They are
//! rendered by Mesa's software Vulkan driver, so they are the same on every machine.
//! After a deliberate change of the look: `UPDATE_SNAPSHOTS=1 cargo test --test integration snapshots::`.

use crate::common;
use corridor_atlas::io::basemap::Basemap;
use corridor_atlas::layers::Layers;
use corridor_atlas::model::{FeatureId, LayerId};
use corridor_atlas::panels::article::{ArticleView, article_ui};

use corridor_atlas::AppOptions;
use egui_kittest::Harness;

#[test]
fn the_map_with_the_railway_selected() {
    let mut harness = common::app_sized(
        [1100.0, 680.0],
        AppOptions {
            select: Some("baku-tbilisi-kars-railway".into()),
            ..AppOptions::default()
        },
    );
    harness.run_steps(4);
    // The map alone: the panels around it have their own tests, and a change of their text
    // must not look like a change of the map.
    let map = harness.state().map_rect();
    let window = harness.render().expect("the window renders");
    let scale = harness.ctx.pixels_per_point();
    let [x, y, width, height] = [map.min.x, map.min.y, map.width(), map.height()]
        .map(|value| (value * scale).round() as u32);
    let picture = image::imageops::crop_imm(&window, x, y, width, height).to_image();
    assert!(width > 400 && height > 400, "the map is {width}×{height}");
    egui_kittest::image_snapshot(&picture, "map_railway_selected");
}

#[test]
fn the_article_with_its_passages_highlighted_in_their_items_colours() {
    let mut layers = Layers::new(std::sync::Arc::new(Basemap::default()));
    let story = layers.add_story(LayerId::BUNDLED_STORY, corridor_atlas::io::story::bundled());
    let selection = [FeatureId("port-of-baku-alat".into())];
    let mut harness = Harness::builder()
        .with_size([420.0, 760.0])
        .with_theme(egui::Theme::Light)
        .build_ui(move |ui| {
            ui.ctx().set_fonts(corridor_atlas::fonts::definitions());
            let view = ArticleView {
                selection: &selection,
                hovered: None,
                scroll_to: None,
                show_gloss: false,
                editing: false,
                words: None,
            };
            if let Some(layer) = layers.get(story)
                && let Some(story) = &layer.story
            {
                let _ = article_ui(ui, layer, story, &view);
            }
        });
    harness.run();
    harness.snapshot("article_highlights");
}
