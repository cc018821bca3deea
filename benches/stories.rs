//! How long a big story takes to open, and how fast a draft finds names in an article.
//!
//! `cargo bench --bench stories` generates (once) a story with a 1 MB article and 1,000 items
//! under `target/bench-data/`, and prints the median time to read it (as the window and
//! `--check` do, items indexed for the map included), then the time to draft a story from a
//! 100 KB article against 10,000 names.

// Test code: a failed expectation is a failed test.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use corridor_atlas::io::draft::{Known, NameIndex, draft};
use corridor_atlas::io::reader::Progress;
use corridor_atlas::io::story::sha256_hex;
use corridor_atlas::layers::prepare;

const ITEMS: usize = 1_000;
const ARTICLE_BYTES: usize = 1_000_000;

/// A made-up word for number `n`, the same on every run: "Kelab", "Toruvin"…
fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mir", "tu", "ven", "sa", "dor", "ri", "bel", "no", "qu", "zan", "pe", "vik",
        "ho", "ul",
    ];
    let mut out = String::new();
    for _ in 0..4 {
        out.push_str(SYLLABLES[n % 16]);
        n /= 16;
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Writes the story folder: sentences of about 100 bytes, one in ten naming an item.
fn generate(folder: &Path) {
    std::fs::create_dir_all(folder).unwrap();
    let mut article = String::from("Bench, 1 May 2024\n\n");
    let mut passages = Vec::new();
    let mut links: Vec<Vec<(String, String)>> = vec![Vec::new(); ITEMS];
    passages.push(serde_json::json!({
        "id": "p1.s1", "exact": "Bench, 1 May 2024", "gloss_en": "", "non_spatial": "the dateline"
    }));
    let mut sentence = 0;
    let mut paragraph = 2;
    while article.len() < ARTICLE_BYTES {
        let mut text = String::new();
        for s in 1..=10 {
            sentence += 1;
            let id = format!("p{paragraph}.s{s}");
            let line = if sentence % 10 == 0 {
                let item = (sentence / 10) % ITEMS;
                let name = format!("the port of {} number {sentence:06}", word(item));
                links[item].push((id.clone(), name.clone()));
                format!("In sentence {sentence} the ships reach {name} before the evening tide.")
            } else {
                format!(
                    "Sentence {sentence} says nothing about a place on the map, only about the weather."
                )
            };
            let spatial = sentence % 10 == 0;
            passages.push(serde_json::json!({
                "id": id, "exact": line, "gloss_en": "",
                "non_spatial": if spatial { serde_json::Value::Null } else { "weather".into() }
            }));
            let _ = write!(text, "{line} ");
        }
        article.push_str(text.trim_end());
        article.push_str("\n\n");
        paragraph += 1;
    }
    let features: Vec<serde_json::Value> = (0..ITEMS)
        .map(|item| {
            let lon = 47.0 + (item % 40) as f64 * 0.1;
            let lat = 40.0 + (item / 40) as f64 * 0.1;
            let passages: Vec<serde_json::Value> = links[item]
                .iter()
                .map(|(passage, exact)| serde_json::json!({ "passage": passage, "exact": exact }))
                .collect();
            serde_json::json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "id": format!("item-{item}"), "name": format!("Port of {}", word(item)),
                    "kind": "seaport", "passages": passages
                }
            })
        })
        .collect();
    let story = serde_json::json!({
        "id": "bench", "title": { "en": "Bench" }, "source": "Bench", "date": "2024-05-01",
        "place": "Bench", "language": "en", "article_file": "article.en.txt",
        "article_sha256": sha256_hex(&article), "passages": passages
    });
    std::fs::write(folder.join("article.en.txt"), &article).unwrap();
    std::fs::write(folder.join("story.json"), story.to_string()).unwrap();
    let collection = serde_json::json!({ "type": "FeatureCollection", "features": features });
    std::fs::write(folder.join("corridors.geojson"), collection.to_string()).unwrap();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let folder: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/story-1mb");
    if !folder.join("story.json").exists() {
        generate(&folder);
    }
    let article_bytes = std::fs::metadata(folder.join("article.en.txt"))
        .unwrap()
        .len();
    let mut runs = Vec::new();
    let mut links = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let prepared = prepare(&folder, &Progress::default(), &[], egui::Color32::GRAY).unwrap();
        runs.push(started.elapsed().as_secs_f64());
        if let corridor_atlas::layers::intake::Read::Story(story) = prepared.read {
            assert!(
                story.warnings.is_empty(),
                "{:?}",
                &story.warnings[..3.min(story.warnings.len())]
            );
            links = story.story.links.len();
        }
    }
    println!(
        "open a story: {:.1} KB article, {ITEMS} items, {links} links: {:.3} s (median of 5)",
        article_bytes as f64 / 1e3,
        median(runs)
    );

    // A 100 KB article against 10,000 names, a tenth of its sentences naming one.
    let known: Vec<Known> = (0..10_000)
        .map(|n| Known::Place {
            name: format!("{} {}", word(n), word(n + 7)),
            lon_deg: 47.0,
            lat_deg: 40.0,
        })
        .collect();
    let mut article = String::new();
    let mut sentence = 0;
    while article.len() < 100_000 {
        sentence += 1;
        if sentence % 10 == 0 {
            let n = (sentence * 37) % 10_000;
            let _ = write!(
                article,
                "The ferry went to {} {} today. ",
                word(n),
                word(n + 7)
            );
        } else {
            let _ = write!(
                article,
                "Sentence {sentence} is about the weather and nothing else. "
            );
        }
    }
    let started = Instant::now();
    let index = NameIndex::new(known);
    let built = started.elapsed().as_secs_f64();
    let matching = Instant::now();
    let drafted = draft(&article, "en", &index);
    let matched = matching.elapsed().as_secs_f64();
    let proposals: usize = drafted.links.values().map(Vec::len).sum();
    println!(
        "draft: {:.0} KB article, 10,000 names: index {:.3} s, split and match {:.3} s, {proposals} proposed links",
        article.len() as f64 / 1e3,
        built,
        matched
    );
}
