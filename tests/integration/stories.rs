//! Stories beyond the bundled one: a story folder written from `data/README.md` opens beside
//! it, the two share the items they both speak of, and `--check` names what is wrong with a
//! broken story.

use std::path::{Path, PathBuf};

use crate::common::{app_with, click_at, fixture, item, settle};
use corridor_atlas::model::{ItemRef, LayerId};
use corridor_atlas::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The example story of `data/README.md`, in English.
fn example() -> PathBuf {
    fixture("stories/example-aktau")
}

fn with_example() -> Harness<'static, App> {
    opened(&example())
}

/// The id of the layer of the example story.
fn example_layer(harness: &Harness<'static, App>) -> LayerId {
    harness
        .state()
        .layers()
        .files()
        .find(|layer| layer.story.is_some())
        .expect("the example story is open")
        .id
}

/// The window with the story in `dir` opened beside the bundled one.
fn opened(dir: &Path) -> Harness<'static, App> {
    app_with(AppOptions {
        files: vec![dir.to_path_buf()],
        ..AppOptions::default()
    })
}

/// A copy of the example story, opened and being edited.
fn editing_a_copy(name: &str) -> (PathBuf, Harness<'static, App>) {
    let dir = copy_of_example(name, |_| {});
    let mut harness = opened(&dir);
    harness.get_by_label("Edit this story").click();
    settle(&mut harness);
    (dir, harness)
}

/// A copy of the example story in a folder of its own, changed by `edit`.
fn copy_of_example(name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("corridor-atlas-stories-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for file in ["story.json", "article.en.txt", "corridors.geojson"] {
        std::fs::copy(example().join(file), dir.join(file)).expect("copy");
    }
    edit(&dir);
    dir
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} is in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_story_written_from_the_documentation_opens_beside_the_bundled_one_and_is_read_first() {
    let harness = with_example();
    assert!(
        harness.state().problems().is_empty(),
        "{:?}",
        harness.state().problems()
    );
    let story = harness.state().story().expect("a story is shown");
    assert_eq!(story.meta.title(), "Example: the port of Aktau");
    assert_eq!(story.meta.language, "en");
    harness.get_by_label("Story 2 of 2:");
    harness.get_by_label_contains("The port of Aktau lies on the Caspian Sea.");
    // The bundled story is still there, and its items still drawn.
    assert!(harness.state().is_visible(&item("btc-pipeline")));
}

#[test]
fn an_item_both_stories_mention_is_drawn_once_and_mentioned_in_lists_both() {
    let mut harness = with_example();
    let bundled_mentions = harness
        .state()
        .layers()
        .get(LayerId::BUNDLED_STORY)
        .and_then(|layer| layer.story.as_ref())
        .map(|story| story.passages_of(&item("port-of-aktau").id).len())
        .expect("the bundled story");
    // The example's list has its one item; choosing it selects the port.
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    let example = example_layer(&harness);
    assert_eq!(
        harness.state().selection(),
        &[ItemRef::new(example, "port-of-aktau")]
    );
    harness.get_by_label(&format!("Mentioned in ({})", bundled_mentions + 1));
    harness.get_by_label_contains("Corridor Atlas example, 2024-05-01");
    harness.get_by_label_contains("AZERTAC, 2023-04-10");
    // Drawn once: a click where it is picks the one drawn, the bundled story's.
    let at = harness
        .state()
        .screen_position_of(&item("port-of-aktau"))
        .expect("drawn");
    assert_eq!(harness.state().item_at(at), Some(item("port-of-aktau")));
    // A quote from the bundled story shows it in the bundled article.
    let quote = {
        let bundled = harness
            .state()
            .layers()
            .get(LayerId::BUNDLED_STORY)
            .and_then(|layer| layer.story.as_ref())
            .expect("the bundled story");
        let port = item("port-of-aktau").id;
        let passage = bundled.passages_of(&port)[0].clone();
        let range = bundled.quotes(&port, &passage)[0].clone();
        bundled.article.text[range].to_owned()
    };
    let label = format!("„{quote}");
    harness.get_by_label_contains(&label).scroll_to_me();
    harness.run_steps(3);
    harness.get_by_label_contains(&label).click();
    settle(&mut harness);
    assert_eq!(
        harness.state().story().map(|s| s.meta.source.as_str()),
        Some("AZERTAC")
    );
}

#[test]
fn the_story_switcher_shows_the_other_article_and_the_map_can_show_one_story_only() {
    let mut harness = with_example();
    harness
        .get_by_label("Only this story’s items on the map")
        .click();
    settle(&mut harness);
    assert!(!harness.state().is_visible(&item("btc-pipeline")));
    // The port is drawn by the example story now.
    assert!(harness.state().is_visible(&item("port-of-aktau")));
    harness.get_by_label("Story shown").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("(AZERTAC, 2023-04-10)")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().story().map(|s| s.meta.source.as_str()),
        Some("AZERTAC")
    );
    assert!(harness.state().is_visible(&item("btc-pipeline")));
    harness.get_by_label("Story 1 of 2:");
}

#[test]
fn selecting_an_item_the_current_story_does_not_mention_switches_to_a_story_that_does() {
    let mut harness = with_example();
    let example = example_layer(&harness);
    assert_eq!(harness.state().story_layer().map(|l| l.id), Some(example));
    harness.state_mut().select_item(item("btc-pipeline"));
    harness.run_steps(2);
    assert_eq!(
        harness.state().story_layer().map(|l| l.id),
        Some(LayerId::BUNDLED_STORY)
    );
}

#[test]
fn where_two_stories_give_different_figures_the_details_say_so() {
    let changed = copy_of_example("capacity", |dir| {
        replace_in(
            &dir.join("corridors.geojson"),
            "\"kind\": \"seaport\",",
            "\"kind\": \"seaport\", \"capacity\": 99, \"capacity_unit\": \"Mt/year\",",
        );
    });
    let mut harness = opened(&changed);
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    harness.get_by_label_contains("Where the open stories differ (");
    harness.get_by_label_contains(
        "Capacity: 99 Mt/year in “Example: the port of Aktau”, 12 Mt/year in",
    );
}

/// A broken variant of the example: its name, how it is broken, what `--check` must say.
type BrokenStory<'a> = (&'a str, &'a dyn Fn(&Path), &'a str);

fn check(path: &Path) -> (String, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .arg("--check")
        .arg(path)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn check_passes_a_sound_story_and_names_what_is_wrong_with_each_broken_one() {
    let (out, code) = check(&example());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("a story with 3 passages, 1 item, 1 link"),
        "{out}"
    );

    let cases: [BrokenStory; 7] = [
        (
            "changed-article",
            &|dir| replace_in(&dir.join("article.en.txt"), "lies on", "is on"),
            "the article was changed since the story was written",
        ),
        (
            "outside",
            &|dir| {
                replace_in(
                    &dir.join("story.json"),
                    "\"article.en.txt\"",
                    "\"../x.txt\"",
                );
            },
            "the field article_file (“../x.txt”) must name a file inside the story folder",
        ),
        (
            "no-article",
            &|dir| std::fs::remove_file(dir.join("article.en.txt")).expect("remove"),
            "article.en.txt: cannot read the file",
        ),
        (
            "bad-json",
            &|dir| replace_in(&dir.join("story.json"), "\"source\":", "\"source\""),
            "story.json, line 6, column",
        ),
        (
            "unknown-passage",
            &|dir| replace_in(&dir.join("corridors.geojson"), "\"p2.s2\"", "\"p9.s9\""),
            "port-of-aktau: there is no passage p9.s9",
        ),
        (
            "ambiguous-quote",
            &|dir| replace_in(&dir.join("corridors.geojson"), "\"port of Aktau\"", "\"a\""),
            "occurs",
        ),
        (
            "unlinked",
            &|dir| {
                replace_in(
                    &dir.join("story.json"),
                    "\"non_spatial\": \"the dateline\"",
                    "\"non_spatial\": null",
                );
            },
            "passage p1.s1 is linked from no item and not marked non_spatial",
        ),
    ];
    for (name, edit, expected) in cases {
        let dir = copy_of_example(name, edit);
        let (out, code) = check(&dir);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains(expected), "{name}: {out}");
    }
}

#[test]
fn the_example_in_the_data_readme_is_the_example_story_a_test_opens() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/README.md"))
            .expect("data/README.md");
    let section = readme
        .split("## A minimal complete story")
        .nth(1)
        .expect("the section is there");
    let blocks: Vec<&str> = section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|block| block.split_once('\n').map_or("", |(_, body)| body))
        .collect();
    assert_eq!(blocks.len(), 3, "article, story.json, corridors.geojson");
    let article = std::fs::read_to_string(example().join("article.en.txt")).expect("article");
    assert_eq!(blocks[0], article);
    for (block, file) in blocks[1..].iter().zip(["story.json", "corridors.geojson"]) {
        let documented: serde_json::Value = serde_json::from_str(block).expect(file);
        let on_disk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(example().join(file)).expect(file))
                .expect(file);
        assert_eq!(documented, on_disk, "{file}");
    }
}

#[test]
fn an_open_story_is_kept_in_the_session_and_comes_back_as_a_story() {
    let harness = with_example();
    let remembered = harness.state().settings().layers.clone();
    assert_eq!(remembered.len(), 1);
    assert_eq!(
        remembered[0].path,
        std::fs::canonicalize(example()).expect("the example is there")
    );
    // The next start restores it from the settings.
    let basemap = std::sync::Arc::new(corridor_atlas::io::basemap::Basemap::default());
    let mut layers = corridor_atlas::layers::Layers::new(basemap);
    let ctx = egui::Context::default();
    layers.open_at_start(&remembered, Vec::new(), &ctx);
    for _ in 0..500 {
        let _ = layers.take_in(&ctx);
        if layers.loading.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let restored: Vec<_> = layers.files().collect();
    assert_eq!(restored.len(), 1);
    let story = restored[0].story.as_ref().expect("restored as a story");
    assert_eq!(story.meta.title(), "Example: the port of Aktau");
}

#[test]
fn a_story_whose_files_change_is_read_again() {
    let dir = copy_of_example("reload", |_| {});
    let mut harness = opened(&dir);
    // File times have a resolution of a second or more on some file systems.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    replace_in(
        &dir.join("corridors.geojson"),
        "\"Port of Aktau\"",
        "\"Port of Aktau, renamed\"",
    );
    let renamed = |harness: &Harness<'static, App>| {
        harness.state().layers().files().any(|layer| {
            layer
                .corridors
                .iter()
                .any(|c| c.name() == "Port of Aktau, renamed")
        })
    };
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        settle(&mut harness);
        if renamed(&harness) {
            break;
        }
    }
    assert!(renamed(&harness), "the story was read again");
    harness.get_by_label_contains("changed on disk and was reloaded");
}

#[test]
fn words_selected_in_the_article_become_a_new_place_that_is_saved_undone_and_redone() {
    let (dir, mut harness) = editing_a_copy("editing");
    // "The port of Aktau lies on the Caspian Sea.": put the cursor before "Caspian" and
    // select two words.
    harness.get_by_label("Words of p2.s2").click();
    harness.run_steps(2);
    harness.key_press(egui::Key::Home);
    for _ in 0..7 {
        harness.key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowRight);
    }
    harness.key_press(egui::Key::ArrowRight);
    for _ in 0..2 {
        harness.key_press_modifiers(
            egui::Modifiers::CTRL | egui::Modifiers::SHIFT,
            egui::Key::ArrowRight,
        );
    }
    harness.run_steps(3);
    harness.get_by_label_contains("Select an item (or right-click the map");
    // A right-click on the map: a new place there, named after the words.
    let centre = harness.state().map_rect().center();
    click_at(&mut harness, centre, egui::PointerButton::Secondary);
    harness.get_by_label("New place here").click();
    settle(&mut harness);
    let selected = harness
        .state()
        .selected_corridor()
        .map(|c| c.name().to_owned());
    assert_eq!(selected.as_deref(), Some("Caspian Sea"));
    // Undo takes it away, redo brings it back.
    let has_place = |harness: &Harness<'static, App>| {
        harness
            .state()
            .story_layer()
            .is_some_and(|layer| layer.corridors.iter().any(|c| c.name() == "Caspian Sea"))
    };
    assert!(has_place(&harness));
    harness.get_by_label("Undo").click();
    settle(&mut harness);
    assert!(!has_place(&harness));
    harness.get_by_label("Redo").click();
    settle(&mut harness);
    assert!(has_place(&harness));
    harness.get_by_label("Save the story").click();
    settle(&mut harness);
    // Read again from the folder: the place and its link are there, the article untouched.
    let saved = corridor_atlas::io::story::read_story(&dir).expect("the saved story reads");
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let place = saved
        .corridors
        .iter()
        .find(|c| c.name() == "Caspian Sea")
        .expect("the new place is saved");
    assert_eq!(place.info.passages[0].passage, "p2.s2");
    assert_eq!(place.info.passages[0].quote.exact, "Caspian Sea");
    assert_eq!(
        std::fs::read(dir.join("article.en.txt")).expect("article"),
        std::fs::read(example().join("article.en.txt")).expect("article")
    );
}

#[test]
fn proposed_links_of_a_draft_are_accepted_in_the_window_and_saved_as_confirmed() {
    let dir = copy_of_example("accept", |dir| {
        replace_in(
            &dir.join("corridors.geojson"),
            "\"exact\": \"port of Aktau\"",
            "\"exact\": \"port of Aktau\", \"proposed\": true",
        );
    });
    let mut harness = opened(&dir);
    harness.get_by_label("Port of Aktau").click();
    settle(&mut harness);
    harness.get_by_label_contains("proposed by the draft");
    harness.get_by_label("Edit this story").click();
    settle(&mut harness);
    harness
        .get_by_label("Accept the link from p2.s2")
        .scroll_to_me();
    harness.run_steps(3);
    harness.get_by_label("Accept the link from p2.s2").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("proposed by the draft")
            .is_none()
    );
    harness.get_by_label("Save the story").click();
    settle(&mut harness);
    let saved = std::fs::read_to_string(dir.join("corridors.geojson")).expect("saved");
    assert!(!saved.contains("proposed"), "{saved}");
    assert!(saved.contains("port of Aktau"));
}

#[test]
fn a_save_that_fails_leaves_the_earlier_files_whole() {
    use corridor_atlas::layers::editing::{Edit, StoryEdit};
    use corridor_atlas::model::PassageId;
    let dir = copy_of_example("failed-save", |_| {});
    let before = std::fs::read(dir.join("story.json")).expect("story.json");
    let mut edit = StoryEdit::open(&dir).expect("opens");
    edit.apply(
        Edit::SetGloss {
            passage: PassageId("p2.s2".into()),
            gloss: "A gloss written by hand.".into(),
        },
        None,
    )
    .expect("applies");
    assert!(edit.dirty);
    // Something in the way of the temporary file: the write fails.
    std::fs::create_dir_all(dir.join("story.json.part")).expect("in the way");
    let error = edit.save().expect_err("the save fails");
    assert!(error.contains("cannot save"), "{error}");
    assert_eq!(
        std::fs::read(dir.join("story.json")).expect("story.json"),
        before
    );
    assert!(edit.dirty, "the change is still there to save");
    std::fs::remove_dir_all(dir.join("story.json.part")).expect("out of the way");
    edit.save().expect("saves now");
    let saved = corridor_atlas::io::story::read_story(&dir).expect("reads");
    let passage = saved
        .story
        .article
        .passage(&PassageId("p2.s2".into()))
        .expect("passage");
    assert_eq!(passage.gloss_en, "A gloss written by hand.");
    // The author's order of fields is kept, so that a change shows as a small diff.
    let keys = |bytes: &[u8]| -> Vec<String> {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("json");
        value.as_object().expect("object").keys().cloned().collect()
    };
    let after = std::fs::read(dir.join("story.json")).expect("story.json");
    assert_eq!(keys(&after), keys(&before));
    assert_eq!(keys(&after)[..2], ["id".to_owned(), "title".to_owned()]);
}

#[test]
fn selected_words_are_linked_to_the_selected_item_and_the_item_joins_the_story() {
    let (dir, mut harness) = editing_a_copy("link-words");
    // Select "Caspian Sea", the last two words of p2.s2 before its full stop.
    harness.get_by_label("Words of p2.s2").click();
    harness.run_steps(2);
    harness.key_press(egui::Key::End);
    harness.key_press(egui::Key::ArrowLeft);
    for _ in 0..2 {
        harness.key_press_modifiers(
            egui::Modifiers::CTRL | egui::Modifiers::SHIFT,
            egui::Key::ArrowLeft,
        );
    }
    harness.run_steps(3);
    // Any item will do to link to: the bundled story's Port of Kuryk.
    harness.state_mut().select_item(item("port-of-kuryk"));
    harness.run_steps(3);
    harness.get_by_label("Link the selected words").click();
    settle(&mut harness);
    let example = example_layer(&harness);
    assert_eq!(
        harness.state().selection(),
        &[ItemRef::new(example, "port-of-kuryk")]
    );
    harness.get_by_label("Save the story").click();
    settle(&mut harness);
    let saved = corridor_atlas::io::story::read_story(&dir).expect("reads");
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let kuryk = saved
        .corridor(&item("port-of-kuryk").id)
        .expect("the item joined the story");
    assert_eq!(kuryk.info.passages.len(), 1);
    assert_eq!(kuryk.info.passages[0].quote.exact, "Caspian Sea");
    // It came with its position and sources from the bundled story.
    assert!(kuryk.geometry.is_some());
    assert!(!kuryk.info.sources.is_empty());
}
