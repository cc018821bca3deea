//! A story drafted from an article's text: the text split into paragraphs and sentences by
//! the rules of `data/README.md`, and a proposed link from every phrase that names a known
//! item (of the open stories, of corridor files, or a place of the basemap).
//!
//! Names are found with one Aho–Corasick automaton over the stems of their first words, in
//! text normalised as search normalises it (case, diacritics, dashes); each hit is then
//! checked word by word, letting a word end in a few letters more than the name (German
//! genitives and compounds, Russian case endings). Proposed links carry `"proposed": true`
//! until a person confirms them.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::io::story::{STORY_FILE, sha256_hex};
use crate::model::article::TextQuote;
use crate::model::search::normalise_with_offsets;
use crate::model::{Corridor, Kind};

/// Something the draft can link to: an item of a story or a file, or a place of the basemap.
#[derive(Debug, Clone)]
pub enum Known {
    /// An item, with every name and alias it has (boxed: it is the larger).
    Item(Box<Corridor>),
    /// A place of the basemap.
    Place {
        /// Its name.
        name: String,
        /// Longitude in degrees.
        lon_deg: f64,
        /// Latitude in degrees.
        lat_deg: f64,
    },
}

impl Known {
    fn names(&self) -> Vec<&str> {
        match self {
            Self::Item(corridor) => corridor.all_names().collect(),
            Self::Place { name, .. } => vec![name.as_str()],
        }
    }

    fn id(&self) -> String {
        match self {
            Self::Item(corridor) => corridor.id.0.clone(),
            Self::Place { name, .. } => {
                format!(
                    "place-{}",
                    crate::model::search::normalise(name).replace(' ', "-")
                )
            }
        }
    }
}

/// A passage of the article: its id and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPassage {
    /// `p<paragraph>.s<sentence>`.
    pub id: String,
    /// Where it is in the text.
    pub range: Range<usize>,
    /// Whether it is the dateline.
    pub dateline: bool,
}

/// Words after which a full stop does not end a sentence (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    // German
    "z", "b", "bzw", "ca", "nr", "dr", "prof", "st", "usw", "vgl", "mio", "mrd", "jh", "d", "h",
    "u", "a", "s", "o", "inkl", "evtl", "ggf", "sog", "bzgl", // English
    "e", "g", "i", "mr", "mrs", "ms", "etc", "vs", "no", "jan", "feb", "aug", "sept", "oct", "nov",
    "dec", "co", "inc", "ltd", "gen", "gov", "sen", "rep", // Russian
    "г", "гг", "т", "е", "им", "ул", "тыс", "млн", "млрд", "руб", "см", "напр", "др", "пр",
];

/// Splits an article into passages: paragraphs are blocks between blank lines, a first short
/// line standing alone is the dateline (a paragraph of its own), and sentences end at `.`,
/// `!`, `?` or `…` followed by a space and a capital, a digit or a quotation mark, but not
/// after a day number ("10. April"), an abbreviation ("z. B.", "г.") or an initial; a decimal
/// point is never followed by a space.
///
/// # Examples
/// ```
/// use corridor_atlas::io::draft::split_passages;
/// let text = "Astana, 10. April, AZERTAC\nDer Hafen wächst, z. B. um 1.5 Mt. Er liegt am 10. April ruhig.\n";
/// let passages = split_passages(text);
/// let ids: Vec<&str> = passages.iter().map(|p| p.id.as_str()).collect();
/// assert_eq!(ids, ["p1.s1", "p2.s1", "p2.s2"]);
/// assert_eq!(&text[passages[1].range.clone()], "Der Hafen wächst, z. B. um 1.5 Mt.");
/// ```
pub fn split_passages(text: &str) -> Vec<DraftPassage> {
    let mut passages = Vec::new();
    for (number, (block, is_dateline)) in paragraphs(text).into_iter().enumerate() {
        for (sentence, range) in sentences(text, block).into_iter().enumerate() {
            passages.push(DraftPassage {
                id: format!("p{}.s{}", number + 1, sentence + 1),
                range,
                dateline: is_dateline,
            });
        }
    }
    passages
}

/// The paragraphs of `text` as byte ranges (trimmed), and whether each is the dateline.
fn paragraphs(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(begin) = start.take() {
                blocks.push(begin..offset);
            }
        } else if start.is_none() {
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(begin) = start {
        blocks.push(begin..text.len());
    }
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let several = blocks.len() > 1;
    for (index, block) in blocks.into_iter().enumerate() {
        let body = text.get(block.clone()).unwrap_or("");
        // A dateline standing alone: a short first paragraph of one line, without a full stop.
        let one_line = body.trim().lines().count() == 1;
        if index == 0 && several && one_line && is_dateline_line(body) {
            out.push((trimmed(text, block), true));
            continue;
        }
        // A dateline: the first line of the article, short and without a full stop at its
        // end, with more text after it.
        if index == 0
            && let Some((first, rest)) = body.split_once('\n')
            && !rest.trim().is_empty()
            && is_dateline_line(first)
        {
            let cut = block.start + first.len();
            out.push((trimmed(text, block.start..cut), true));
            out.push((trimmed(text, cut..block.end), false));
            continue;
        }
        out.push((trimmed(text, block), false));
    }
    out.retain(|(range, _)| !range.is_empty());
    out
}

/// Whether a first line reads as a dateline: short, and not ended like a sentence.
fn is_dateline_line(line: &str) -> bool {
    let line = line.trim();
    // "5 мая 2024 г." ends in an abbreviation, not a sentence.
    let sentence_end = line.ends_with(['!', '?', ':'])
        || (line.ends_with('.') && !no_end_after(line, line.len() - 1));
    !line.is_empty() && line.chars().count() <= 100 && !sentence_end
}

/// `range` without the white space at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = text.get(range.clone()).unwrap_or("");
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    start..end.max(start)
}

/// The sentences of one paragraph.
fn sentences(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let body = text.get(block.clone()).unwrap_or("");
    let mut found = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for (i, (at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing quotes and brackets stay with the sentence.
        let mut end = i + 1;
        while chars
            .get(end)
            .is_some_and(|(_, c)| matches!(c, '"' | '“' | '”' | '»' | '«' | ')' | '\'' | '’'))
        {
            end += 1;
        }
        let Some((space_at, space)) = chars.get(end) else {
            continue;
        };
        if !space.is_whitespace() {
            continue;
        }
        let next = chars
            .iter()
            .skip(end)
            .find(|(_, c)| !c.is_whitespace())
            .map(|(_, c)| *c);
        let starts_anew = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '„' | '“' | '«' | '(')
        });
        if !starts_anew || (*c == '.' && no_end_after(body, *at)) {
            continue;
        }
        let range = trimmed(text, block.start + start..block.start + *space_at);
        if !range.is_empty() {
            found.push(range);
        }
        start = *space_at;
    }
    let rest = trimmed(text, block.start + start..block.end);
    if !rest.is_empty() {
        found.push(rest);
    }
    found
}

/// Whether the full stop at `dot` follows a word after which it does not end a sentence: a
/// day number, an abbreviation or an initial.
fn no_end_after(body: &str, dot: usize) -> bool {
    let before = body.get(..dot).unwrap_or("");
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let day_number = word.chars().all(|c| c.is_ascii_digit()) && word.chars().count() <= 2;
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    day_number || initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// One word of a name, as the text may inflect it.
#[derive(Debug, Clone)]
struct NameWord {
    /// What a word of the text must begin with.
    stem: String,
    /// How many letters may follow the stem in that word.
    extra: usize,
}

/// A name, word by word, and what it names.
#[derive(Debug, Clone)]
struct Pattern {
    words: Vec<NameWord>,
    known: usize,
}

/// The known names, ready to be found in a text.
pub struct NameIndex {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    known: Vec<Known>,
}

/// A name word's stem: a word may lose its case ending (two letters of a long word, one of
/// a shorter one) and gain a few letters instead ("Kasachstans", "Казахстана", "дороге").
fn name_word(word: &str) -> NameWord {
    let length = word.chars().count();
    let removed = match length {
        7.. => 2,
        5 | 6 => 1,
        _ => 0,
    };
    let stem = word.chars().take(length - removed).collect();
    // Short names take at most one more letter ("Bakus"), longer ones a case ending.
    let extra = removed + if length <= 4 { 1 } else { 3 };
    NameWord { stem, extra }
}

impl NameIndex {
    /// An index of every name of `known`; names of fewer than three letters are left out, as
    /// they would be found inside too many other words.
    pub fn new(known: Vec<Known>) -> Self {
        let mut patterns = Vec::new();
        for (index, item) in known.iter().enumerate() {
            let mut seen = Vec::new();
            for name in item.names().into_iter().flat_map(with_chains) {
                let plain = crate::model::search::normalise(&name);
                if plain.chars().count() < 3 || seen.contains(&plain) {
                    continue;
                }
                let words: Vec<NameWord> = plain.split(' ').map(name_word).collect();
                seen.push(plain);
                patterns.push(Pattern {
                    words,
                    known: index,
                });
            }
        }
        let stems: Vec<&str> = patterns
            .iter()
            .map(|p| p.words.first().map_or("", |w| w.stem.as_str()))
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&stems)
            .ok();
        Self {
            automaton,
            patterns,
            known,
        }
    }

    /// What the index knows.
    pub fn known(&self) -> &[Known] {
        &self.known
    }

    /// Every phrase of `text` that names a known thing: its byte range and what it names.
    /// Where phrases overlap the longest wins ("Baku-Tiflis-Kars" over "Baku").
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let (plain, from) = normalise_with_offsets(text);
        let bytes = plain.as_bytes();
        let mut hits: Vec<(Range<usize>, usize)> = Vec::new();
        for hit in automaton.find_overlapping_iter(&plain) {
            let at_word_start = hit.start() == 0 || bytes.get(hit.start() - 1) == Some(&b' ');
            if !at_word_start {
                continue;
            }
            let Some(pattern) = self.patterns.get(hit.pattern().as_usize()) else {
                continue;
            };
            if let Some(end) = match_words(&plain, hit.start(), &pattern.words) {
                hits.push((hit.start()..end, pattern.known));
            }
        }
        // The longest first; a hit inside a longer one is dropped.
        hits.sort_by_key(|(range, known)| (std::cmp::Reverse(range.len()), range.start, *known));
        let mut chosen: Vec<(Range<usize>, usize)> = Vec::new();
        for (range, known) in hits {
            let inside_longer = chosen.iter().any(|(other, _)| {
                other.start < range.end && range.start < other.end && *other != range
            });
            let again = chosen.iter().any(|(r, k)| *r == range && *k == known);
            if !inside_longer && !again {
                chosen.push((range, known));
            }
        }
        chosen.sort_by_key(|(range, known)| (range.start, *known));
        chosen
            .into_iter()
            .filter_map(|(range, known)| {
                let start = from.get(range.start)?.start;
                let end = from.get(range.end.checked_sub(1)?)?.end;
                Some((start..compound_end(text, end), known))
            })
            .collect()
    }
}

/// A name, and the chains of place names in it written with dashes ("Baku-Tiflis-Kars" of
/// "Eisenbahnlinie Baku-Tiflis-Kars"), which the text may use alone or in a compound
/// ("Baku-Tiflis-Kars-Eisenbahn").
fn with_chains(name: &str) -> Vec<String> {
    let joined = ["—", "–", "-"].iter().fold(name.to_owned(), |text, dash| {
        text.replace(&format!(" {dash} "), "–")
    });
    let mut names = vec![name.to_owned()];
    for token in joined.split_whitespace() {
        let parts: Vec<&str> = token.split(['-', '–', '—']).collect();
        let places = parts.len() >= 2
            && parts
                .iter()
                .all(|p| p.chars().next().is_some_and(char::is_uppercase));
        if places && token != name {
            names.push(token.to_owned());
        }
    }
    names
}

/// Where the name `words` found at `start` of the normalised text ends (the end of its last
/// word as the text has it), if each word of the text begins with the name word's stem and
/// has at most a few letters more.
fn match_words(plain: &str, start: usize, words: &[NameWord]) -> Option<usize> {
    let mut at = start;
    let mut end = start;
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            // The next word of the text.
            if plain.as_bytes().get(at) != Some(&b' ') {
                return None;
            }
            at += 1;
        }
        let rest = plain.get(at..)?;
        let text_word = rest.split(' ').next()?;
        if !text_word.starts_with(&word.stem) {
            return None;
        }
        let more = text_word.chars().count() - word.stem.chars().count();
        if more > word.extra {
            return None;
        }
        at += text_word.len();
        end = at;
    }
    Some(end)
}

/// The end of a hyphenated compound that goes on at `end` ("Baku-Tiflis-Kars" + "-Eisenbahn"),
/// or `end` itself.
fn compound_end(text: &str, end: usize) -> usize {
    let rest = text.get(end..).unwrap_or("");
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, '-')) if chars.clone().next().is_some_and(|(_, c)| c.is_alphabetic()) => {
            let word_end = chars
                .find(|(_, c)| !c.is_alphanumeric() && *c != '-')
                .map_or(rest.len(), |(at, _)| at);
            end + word_end
        }
        _ => end,
    }
}

/// A proposed link: the passage, and the words of it that name the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedLink {
    /// The passage id.
    pub passage: String,
    /// The words, with context when they occur more than once.
    #[serde(flatten)]
    pub quote: TextQuote,
    /// Always true: a person has not confirmed it yet.
    pub proposed: bool,
}

/// A story drafted from an article, ready to be written as a folder.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The article, byte for byte.
    pub article: String,
    /// Its language code.
    pub language: String,
    /// The passages.
    pub passages: Vec<DraftPassage>,
    /// Per known thing that the article names: what it is and where.
    pub links: BTreeMap<usize, Vec<ProposedLink>>,
    /// What can be linked.
    pub known: Vec<Known>,
}

/// Guesses the language of an article: Russian for Cyrillic text, German where its common
/// words are, English otherwise.
pub fn guess_language(text: &str) -> &'static str {
    let cyrillic = text
        .chars()
        .filter(|c| ('\u{400}'..='\u{4ff}').contains(c))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    if cyrillic * 2 > letters {
        return "ru";
    }
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let german = words
        .iter()
        .filter(|w| {
            matches!(
                w.as_str(),
                "der" | "die" | "das" | "und" | "den" | "des" | "mit"
            )
        })
        .count();
    let english = words
        .iter()
        .filter(|w| matches!(w.as_str(), "the" | "and" | "of" | "with" | "to" | "in"))
        .count();
    if german > english { "de" } else { "en" }
}

/// Drafts a story from `article` (in `language`): its passages, and a proposed link from
/// every phrase naming one of the things `index` knows.
pub fn draft(article: &str, language: &str, index: &NameIndex) -> Draft {
    let passages = split_passages(article);
    let mut links: BTreeMap<usize, Vec<ProposedLink>> = BTreeMap::new();
    for (range, known) in index.find(article) {
        let Some(passage) = passages
            .iter()
            .find(|p| p.range.start <= range.start && range.end <= p.range.end)
        else {
            continue;
        };
        if passage.dateline {
            continue;
        }
        let Some(quote) = unique_quote(article, range, &passage.range) else {
            continue;
        };
        let link = ProposedLink {
            passage: passage.id.clone(),
            quote,
            proposed: true,
        };
        let entry = links.entry(known).or_default();
        if !entry.contains(&link) {
            entry.push(link);
        }
    }
    Draft {
        article: article.to_owned(),
        language: language.to_owned(),
        passages,
        links,
        known: index.known().to_vec(),
    }
}

/// A quote of `range` that resolves to it alone: the words, with as much of the passage
/// before or after them as it takes; `None` when even that is not enough.
pub fn unique_quote(text: &str, range: Range<usize>, passage: &Range<usize>) -> Option<TextQuote> {
    let exact = text.get(range.clone())?.to_owned();
    let resolves = |quote: &TextQuote| quote.resolve(text).ok() == Some(range.clone());
    let plain = TextQuote::exact(exact.clone());
    if resolves(&plain) {
        return Some(plain);
    }
    for length in [8, 16, 32, 64, 128] {
        let prefix_start = floor_char(text, range.start.saturating_sub(length).max(passage.start));
        let suffix_end = ceil_char(text, (range.end + length).min(passage.end));
        let with_prefix = TextQuote {
            exact: exact.clone(),
            prefix: text.get(prefix_start..range.start).map(str::to_owned),
            suffix: None,
        };
        if resolves(&with_prefix) {
            return Some(with_prefix);
        }
        let with_both = TextQuote {
            suffix: text.get(range.end..suffix_end).map(str::to_owned),
            ..with_prefix
        };
        if resolves(&with_both) {
            return Some(with_both);
        }
    }
    None
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Why a draft could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The article could not be read.
    #[error("{path}: cannot read the article: {message}")]
    Read {
        /// The article file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The article is not UTF-8.
    #[error("{path}: the article is not UTF-8 text; save it as UTF-8")]
    NotUtf8 {
        /// The article file.
        path: String,
    },
    /// The folder to write to holds files already.
    #[error("{path} is not empty; choose an empty folder, or add --overwrite to write over it")]
    NotEmpty {
        /// The folder.
        path: String,
    },
    /// A file could not be written.
    #[error("{path}: cannot write: {message}")]
    Write {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
}

/// `story.json` as the draft writes it, fields in the documented order.
#[derive(Serialize)]
struct StoryOut<'a> {
    id: String,
    title: BTreeMap<&'a str, String>,
    source: String,
    date: String,
    place: String,
    language: &'a str,
    article_file: String,
    article_sha256: String,
    passages: Vec<PassageOut>,
}

#[derive(Serialize)]
struct PassageOut {
    id: String,
    #[serde(flatten)]
    quote: TextQuote,
    gloss_en: String,
    non_spatial: Option<String>,
}

impl Draft {
    /// The name of the article file in the story folder.
    pub fn article_file(&self) -> String {
        format!("article.{}.txt", self.language)
    }

    fn story_json(&self, id: &str) -> StoryOut<'_> {
        let linked: Vec<&str> = self
            .links
            .values()
            .flatten()
            .map(|link| link.passage.as_str())
            .collect();
        let dateline = self
            .passages
            .iter()
            .find(|p| p.dateline)
            .and_then(|p| self.article.get(p.range.clone()))
            .unwrap_or("");
        // "Astana, 10. April, AZERTAC": the place first; a last part without digits is the
        // agency ("Baku, 3. März 2024" names none).
        let mut parts = dateline.split(',').map(str::trim);
        let place = parts.next().unwrap_or("").to_owned();
        let source = parts
            .next_back()
            .filter(|last| !last.chars().any(|c| c.is_ascii_digit()))
            .unwrap_or("")
            .to_owned();
        let first = self
            .passages
            .iter()
            .find(|p| !p.dateline)
            .and_then(|p| self.article.get(p.range.clone()))
            .unwrap_or("");
        let title = if first.chars().count() <= 80 {
            first.to_owned()
        } else {
            let cut: String = first.chars().take(80).collect();
            let whole = cut
                .rsplit_once(' ')
                .map_or(cut.as_str(), |(words, _)| words);
            format!("{whole} …")
        };
        let passages = self
            .passages
            .iter()
            .map(|p| {
                let exact = self.article.get(p.range.clone()).unwrap_or("").to_owned();
                let quote = unique_quote(&self.article, p.range.clone(), &(0..self.article.len()))
                    .unwrap_or_else(|| TextQuote::exact(exact));
                PassageOut {
                    id: p.id.clone(),
                    quote,
                    gloss_en: String::new(),
                    non_spatial: (p.dateline).then(|| "the dateline".to_owned()),
                }
                .mark_unlinked(linked.contains(&p.id.as_str()))
            })
            .collect();
        StoryOut {
            id: id.to_owned(),
            title: BTreeMap::from([(self.language.as_str(), title)]),
            source,
            date: String::new(),
            place,
            language: &self.language,
            article_file: self.article_file(),
            article_sha256: sha256_hex(&self.article),
            passages,
        }
    }

    /// The items the article names, each with its proposed links, as GeoJSON.
    fn corridors_json(&self) -> serde_json::Value {
        let features: Vec<serde_json::Value> = self
            .links
            .iter()
            .filter_map(|(known, links)| {
                let known = self.known.get(*known)?;
                let links = serde_json::to_value(links).ok()?;
                Some(feature_of(known, links))
            })
            .collect();
        serde_json::json!({ "type": "FeatureCollection", "features": features })
    }

    /// Writes the draft as a story folder in `folder`: the article byte for byte,
    /// `story.json` and `corridors.geojson`. A folder that holds anything is refused unless
    /// `overwrite`; each file is written under a temporary name and then renamed, so that a
    /// failed write leaves the earlier file whole.
    ///
    /// # Errors
    /// When the folder is not empty (and not to be written over), or a file cannot be written.
    pub fn write(&self, folder: &Path, overwrite: bool) -> Result<(), DraftError> {
        let shown = folder.display().to_string();
        let holds_files =
            std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some());
        if holds_files && !overwrite {
            return Err(DraftError::NotEmpty { path: shown });
        }
        let write_error = |path: &Path, error: std::io::Error| DraftError::Write {
            path: path.display().to_string(),
            message: error.to_string(),
        };
        std::fs::create_dir_all(folder).map_err(|e| write_error(folder, e))?;
        let id = folder
            .file_name()
            .map(|n| crate::model::search::normalise(&n.to_string_lossy()).replace(' ', "-"))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| "draft".to_owned());
        let story = serde_json::to_string_pretty(&self.story_json(&id)).unwrap_or_default();
        let corridors = serde_json::to_string_pretty(&self.corridors_json()).unwrap_or_default();
        for (name, text) in [
            (self.article_file(), self.article.clone()),
            (STORY_FILE.to_owned(), story + "\n"),
            ("corridors.geojson".to_owned(), corridors + "\n"),
        ] {
            let path = folder.join(&name);
            write_atomically(&path, text.as_bytes()).map_err(|e| write_error(&path, e))?;
        }
        Ok(())
    }
}

impl PassageOut {
    /// A passage that no proposal links is left for a person to link or to mark
    /// non-spatial; the draft says which.
    fn mark_unlinked(self, linked: bool) -> Self {
        if linked || self.non_spatial.is_some() {
            return self;
        }
        Self {
            non_spatial: Some(
                "no known item named: link one, or say why nothing here is on the map".to_owned(),
            ),
            ..self
        }
    }
}

/// A GeoJSON feature for a known thing, with its links.
pub fn feature_of(known: &Known, links: serde_json::Value) -> serde_json::Value {
    match known {
        Known::Item(corridor) => {
            let mut properties = corridor.properties.to_map();
            properties.insert(
                "id".to_owned(),
                serde_json::Value::String(corridor.id.0.clone()),
            );
            properties.insert("passages".to_owned(), links);
            let geometry = corridor
                .geometry
                .as_ref()
                .map_or(serde_json::Value::Null, |g| {
                    let geometry = geojson::Geometry::new(geojson::GeometryValue::from(g));
                    serde_json::to_value(geometry).unwrap_or_default()
                });
            serde_json::json!({ "type": "Feature", "geometry": geometry, "properties": properties })
        }
        Known::Place {
            name,
            lon_deg,
            lat_deg,
        } => serde_json::json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [lon_deg, lat_deg] },
            "properties": {
                "id": known.id(),
                "name": name,
                "kind": Kind::Place,
                "route_accuracy": "approximate",
                "description": "A place of the bundled basemap that the article names.",
                "sources": [{
                    "title": "Natural Earth populated places (the bundled basemap)",
                    "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-populated-places/"
                }],
                "passages": links
            }
        }),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
///
/// # Errors
/// When the file cannot be written or renamed; the file at `path` is then as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary: PathBuf = path.with_extension(format!(
        "{}.part",
        path.extension()
            .map_or_else(String::new, |e| e.to_string_lossy().into_owned())
    ));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Reads an article file as UTF-8 text.
///
/// # Errors
/// When it cannot be read or is not UTF-8.
pub fn read_article(path: &Path) -> Result<String, DraftError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| DraftError::Read {
        path: shown.clone(),
        message: error.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| DraftError::NotUtf8 { path: shown })
}

/// What a draft can link to, in this order: the items of the stories and files already
/// known (`items`), then the cities of the basemap whose names no item has taken.
pub fn known_things(items: Vec<Corridor>, places: &[crate::io::basemap::Place]) -> Vec<Known> {
    use crate::io::basemap::PlaceKind;
    use crate::model::search::normalise;
    let taken: std::collections::HashSet<String> = items
        .iter()
        .flat_map(|corridor| corridor.all_names().map(normalise).collect::<Vec<_>>())
        .collect();
    let mut known: Vec<Known> = items
        .into_iter()
        .map(|item| Known::Item(Box::new(item)))
        .collect();
    let mut seen = std::collections::HashSet::new();
    known.extend(
        places
            .iter()
            .filter(|p| matches!(p.kind, PlaceKind::Capital | PlaceKind::City))
            .filter(|p| !taken.contains(&normalise(&p.name)) && seen.insert(normalise(&p.name)))
            .map(|p| Known::Place {
                name: p.name.clone(),
                lon_deg: p.position.x(),
                lat_deg: p.position.y(),
            }),
    );
    known
}

/// The items a draft on the command line can link to: the bundled story's, then those of
/// each named corridor file or story folder (an item whose id is known already is left
/// out), then the basemap's cities; and what could not be read.
pub fn known_from_files(paths: &[PathBuf]) -> (Vec<Known>, Vec<String>) {
    let mut items = crate::io::story::bundled().corridors;
    let mut problems = Vec::new();
    for path in paths {
        let read = if crate::io::story::is_story(path) {
            crate::io::story::read_story(path)
                .map(|story| story.corridors)
                .map_err(|e| e.to_string())
        } else {
            crate::io::load::load_file(path, &crate::io::reader::Progress::default())
                .map(|file| file.outcome.corridors)
                .map_err(|e| e.to_string())
        };
        match read {
            Ok(corridors) => {
                for corridor in corridors {
                    if !items.iter().any(|known| known.id == corridor.id) {
                        items.push(corridor);
                    }
                }
            }
            Err(message) => problems.push(message),
        }
    }
    let places = crate::io::basemap::Basemap::bundled()
        .map(|basemap| basemap.places)
        .unwrap_or_default();
    (known_things(items, &places), problems)
}
