//! Drafting a story from an article's text: passages by the documented rules, links proposed
//! from inflected names in German and Russian, a folder that `--check` reads, and never a
//! panic on damaged input.

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use corridor_atlas::io::draft::{Known, NameIndex, draft, known_from_files, split_passages};

/// Our own short German text that names the bundled story's items in inflected forms.
const GERMAN: &str = "Baku, 3. März 2024\n\n\
Die Baku-Tiflis-Kars-Eisenbahn soll mehr Güter aus Kasachstan befördern. \
Über den Seehafen von Baku und den Hafen Aktau laufen z. B. Container. \
Der Export von kasachischem Öl über Aserbaidschan wuchs um 1.5 Prozent.\n\n\
Die Regierung Kasachstans prüft die Pläne der Republik Aserbaidschan.\n";

/// Our own short Russian text with the names in other cases than the nominative.
const RUSSIAN: &str = "Астана, 5 мая 2024 г.\n\n\
По железной дороге Баку — Тбилиси — Карс из Казахстана идут контейнеры. \
Морской порт Актау и Порт Курык принимают паромы, т. е. грузы идут через море. \
Транскаспийская ВОЛС соединит Азербайджан и Казахстан.\n";

fn known() -> Vec<Known> {
    known_from_files(&[]).0
}

/// (item id, quoted words) of every proposed link.
fn proposals(text: &str, language: &str) -> BTreeSet<(String, String)> {
    let index = NameIndex::new(known());
    let drafted = draft(text, language, &index);
    drafted
        .links
        .iter()
        .flat_map(|(known, links)| {
            let id = match &drafted.known[*known] {
                Known::Item(corridor) => corridor.id.0.clone(),
                Known::Place { name, .. } => format!("place {name}"),
            };
            links
                .iter()
                .map(move |link| (id.clone(), link.quote.exact.clone()))
        })
        .collect()
}

/// Recall and precision of `found` against `expected`, asserted at `at_least`.
fn assert_recall_and_precision(
    found: &BTreeSet<(String, String)>,
    expected: &[(&str, &str)],
    at_least: f64,
) {
    let expected: BTreeSet<(String, String)> = expected
        .iter()
        .map(|(id, words)| ((*id).to_owned(), (*words).to_owned()))
        .collect();
    let right = found.intersection(&expected).count() as f64;
    let recall = right / expected.len() as f64;
    let precision = right / found.len().max(1) as f64;
    assert!(
        recall >= at_least && precision >= at_least,
        "recall {recall:.2}, precision {precision:.2}\nfound: {found:#?}\nexpected: {expected:#?}"
    );
}

#[test]
fn the_passages_follow_the_documented_rules() {
    let passages = split_passages(GERMAN);
    let ids: Vec<&str> = passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p1.s1", "p2.s1", "p2.s2", "p2.s3", "p3.s1"]);
    assert!(passages[0].dateline, "the dateline is its own paragraph");
    assert_eq!(&GERMAN[passages[0].range.clone()], "Baku, 3. März 2024");
    // "z. B." and "1.5" do not end a sentence.
    assert_eq!(
        &GERMAN[passages[2].range.clone()],
        "Über den Seehafen von Baku und den Hafen Aktau laufen z. B. Container."
    );
    let russian = split_passages(RUSSIAN);
    assert!(russian[0].dateline);
    assert_eq!(&RUSSIAN[russian[0].range.clone()], "Астана, 5 мая 2024 г.");
    // "т. е." does not end a sentence either.
    assert_eq!(russian.len(), 4, "{russian:?}");
}

#[test]
fn a_german_text_gets_links_from_inflected_names_and_compounds() {
    let found = proposals(GERMAN, "de");
    assert_recall_and_precision(
        &found,
        &[
            ("baku-tbilisi-kars-railway", "Baku-Tiflis-Kars-Eisenbahn"),
            ("kazakhstan", "Kasachstan"),
            ("kazakhstan", "Kasachstans"),
            ("port-of-baku-alat", "Seehafen von Baku"),
            ("port-of-aktau", "Hafen Aktau"),
            (
                "kazakh-oil-tanker-aktau-sangachal",
                "Export von kasachischem Öl über Aserbaidschan",
            ),
            ("azerbaijan", "Republik Aserbaidschan"),
        ],
        0.85,
    );
}

#[test]
fn a_russian_text_gets_links_from_names_in_other_cases() {
    let found = proposals(RUSSIAN, "ru");
    assert_recall_and_precision(
        &found,
        &[
            (
                "baku-tbilisi-kars-railway",
                "железной дороге Баку — Тбилиси — Карс",
            ),
            ("kazakhstan", "Казахстана"),
            ("kazakhstan", "Казахстан"),
            ("port-of-aktau", "Морской порт Актау"),
            ("port-of-kuryk", "Порт Курык"),
            ("trans-caspian-fibre-optic-cable", "Транскаспийская ВОЛС"),
            ("azerbaijan", "Азербайджан"),
        ],
        0.85,
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("corridor-atlas-draft-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> (String, String, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_command_line_drafts_a_folder_that_check_reads_and_refuses_to_write_over_one() {
    let dir = temp_dir("cli");
    std::fs::create_dir_all(&dir).expect("dir");
    let article = dir.join("artikel.txt");
    std::fs::write(&article, GERMAN).expect("write");
    let out = dir.join("story");
    let (stdout, stderr, code) = run(&[
        "--draft-story".as_ref(),
        article.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("a draft with 5 passages"), "{stdout}");
    // The article is copied byte for byte.
    assert_eq!(
        std::fs::read(out.join("article.de.txt")).expect("article"),
        GERMAN.as_bytes()
    );
    let items = std::fs::read_to_string(out.join("corridors.geojson")).expect("items");
    assert!(items.contains("\"proposed\": true"), "{items}");
    let (report, _, code) = run(&["--check".as_ref(), out.as_os_str()]);
    assert!(report.contains("a story with 5 passages"), "{report}");
    // What is left to do is said, and nothing is broken: no quote fails to resolve.
    assert!(!report.contains("is not in the article"), "{report}");
    assert!(!report.contains("occurs"), "{report}");
    assert!(code == 0 || code == 1);

    let (_, stderr, code) = run(&[
        "--draft-story".as_ref(),
        article.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not empty"), "{stderr}");
    let (_, stderr, code) = run(&[
        "--draft-story".as_ref(),
        article.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--overwrite".as_ref(),
    ]);
    assert_eq!(code, 0, "{stderr}");
}

/// A small deterministic generator, so that a failure can be replayed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn the_story_reader_and_the_draft_never_panic_on_damaged_input() {
    let example = common::fixture("stories/example-aktau");
    let story_json = std::fs::read_to_string(example.join("story.json")).expect("story");
    let corridors = std::fs::read_to_string(example.join("corridors.geojson")).expect("items");
    let article = std::fs::read_to_string(example.join("article.en.txt")).expect("article");
    let index = NameIndex::new(known());
    let mut seed = 0x5eed_u64;
    for round in 0..300 {
        let mut pick = |text: &str| -> String {
            let mut bytes = text.as_bytes().to_vec();
            match round % 3 {
                // Cut short.
                0 => bytes.truncate((next(&mut seed) as usize) % (bytes.len() + 1)),
                // Bytes changed at random.
                _ => {
                    for _ in 0..4 {
                        let at = (next(&mut seed) as usize) % bytes.len().max(1);
                        if let Some(byte) = bytes.get_mut(at) {
                            *byte = next(&mut seed) as u8;
                        }
                    }
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let (s, c, a) = (pick(&story_json), pick(&corridors), pick(&article));
        let loaded = corridor_atlas::io::story::load(&s, &a, &c);
        let _ = loaded.warnings.len();
        let drafted = draft(&a, "en", &index);
        let _ = drafted.passages.len();
        let _ = draft(&pick(GERMAN), "de", &index);
        let _ = draft(&pick(RUSSIAN), "ru", &index);
    }
}
