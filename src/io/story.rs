//! Stories: a folder with `story.json`, the article and `corridors.geojson`, as
//! `data/README.md` documents them. The bundled story is read by the same code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::io::reader::{Progress, json_position, read_corridors, strip_position};
use crate::model::article::{Article, Passage, PassageId, TextQuote, resolve_all};
use crate::model::corridor::{Corridor, FeatureId};
use crate::model::story::{Link, Story, StoryMeta};

const STORY_JSON: &str = include_str!("../../data/caspian-2023-04-10/story.json");
const ARTICLE: &str = include_str!("../../data/caspian-2023-04-10/article.de.txt");
const CORRIDORS: &str = include_str!("../../data/caspian-2023-04-10/corridors.geojson");

/// A box of longitude and latitude, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionDeg {
    /// Western edge, degrees of longitude.
    pub west: f64,
    /// Southern edge, degrees of latitude.
    pub south: f64,
    /// Eastern edge, degrees of longitude.
    pub east: f64,
    /// Northern edge, degrees of latitude.
    pub north: f64,
}

impl RegionDeg {
    /// Whether any part of `rect` (x = longitude, y = latitude) lies in the region.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::io::story::STORY_REGION;
    /// let baku = geo::Rect::new(geo::coord! { x: 49.8, y: 40.4 }, geo::coord! { x: 49.9, y: 40.5 });
    /// assert!(STORY_REGION.touches(baku));
    /// let panama = geo::Rect::new(geo::coord! { x: -79.9, y: 8.9 }, geo::coord! { x: -79.5, y: 9.3 });
    /// assert!(!STORY_REGION.touches(panama));
    /// ```
    pub fn touches(&self, rect: geo::Rect<f64>) -> bool {
        let (min, max) = (rect.min(), rect.max());
        min.x <= self.east && max.x >= self.west && min.y <= self.north && max.y >= self.south
    }
}

/// The region of the bundled story: the Caspian and its neighbours, from the Black Sea to
/// beyond Astana, which holds every line and point of the story with more than six degrees
/// to spare on each side. A feature outside it is far from anything the story is about.
/// The offline basemap reaches further (`io::basemap::BASEMAP_BOUNDS_DEG`), so such a
/// feature is still drawn on a map.
pub const STORY_REGION: RegionDeg = RegionDeg {
    west: 22.0,
    south: 26.0,
    east: 84.0,
    north: 58.0,
};

/// A story as read from its files: the article with its links, the items on the map, and
/// what did not fit.
#[derive(Debug, Clone, Default)]
pub struct LoadedStory {
    /// The article, with every link that resolved.
    pub story: Story,
    /// The items on the map, in file order, read as any corridor file is.
    pub corridors: Vec<Corridor>,
    /// Problems found: quotes that do not resolve, features that do not parse, ...
    pub warnings: Vec<String>,
}

impl LoadedStory {
    /// The item with this id.
    pub fn corridor(&self, id: &FeatureId) -> Option<&Corridor> {
        self.corridors.iter().find(|c| &c.id == id)
    }
}

/// Why a story could not be opened at all. Everything less grave is a warning of the story,
/// and the story opens with whatever is sound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoryError {
    /// A file of the story could not be read.
    #[error("{path}: cannot read the file: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// `story.json` is not valid JSON, or not a story.
    #[error("{path}, line {line}, column {column}: {message}")]
    Json {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// `article_file` names a file outside the story folder.
    #[error(
        "{path}: the field article_file (“{name}”) must name a file inside the story folder: no absolute path, no “..”, no link leading out"
    )]
    OutsideFolder {
        /// The story file.
        path: String,
        /// What `article_file` says.
        name: String,
    },
    /// The article is not UTF-8 text.
    #[error("{path}: the article is not UTF-8 text; save it as UTF-8")]
    NotUtf8 {
        /// The article file.
        path: String,
    },
    /// Neither a story folder nor a `story.json`.
    #[error("{path}: not a story (a story is a folder with a story.json)")]
    NotAStory {
        /// What was named.
        path: String,
    },
}

/// `story.json` as written.
#[derive(Debug, Deserialize)]
struct StoryFile {
    id: String,
    /// Language code → title; any languages.
    title: BTreeMap<String, String>,
    source: String,
    #[serde(default)]
    url: Option<String>,
    date: String,
    place: String,
    language: String,
    #[serde(default)]
    article_file: Option<String>,
    article_sha256: String,
    passages: Vec<PassageEntry>,
}

#[derive(Debug, Deserialize)]
struct PassageEntry {
    id: String,
    exact: String,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    suffix: Option<String>,
    #[serde(default)]
    gloss_en: String,
    #[serde(default)]
    non_spatial: Option<String>,
}

/// The story bundled with the app, read by the same code as any story folder. Never fails:
/// problems become warnings, and the tests check that there are none.
///
/// # Examples
/// ```
/// let loaded = corridor_atlas::io::story::bundled();
/// assert_eq!(loaded.story.meta.source, "AZERTAC");
/// assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
/// ```
pub fn bundled() -> LoadedStory {
    let file = match parse_story_json(STORY_JSON, "story.json") {
        Ok(file) => file,
        Err(error) => {
            return LoadedStory {
                warnings: vec![error.to_string()],
                ..LoadedStory::default()
            };
        }
    };
    assemble(file, ARTICLE, CORRIDORS.as_bytes())
}

/// The article file of the bundled story, byte for byte.
pub fn bundled_article_text() -> &'static str {
    ARTICLE
}

/// Whether `path` is a story: a folder with a `story.json`, or a `story.json` itself.
pub fn is_story(path: &Path) -> bool {
    if path.is_dir() {
        return path.join(STORY_FILE).is_file();
    }
    path.file_name().is_some_and(|name| name == STORY_FILE)
}

/// The name of the file that makes a folder a story.
pub const STORY_FILE: &str = "story.json";

/// Reads the story in the folder `path` (or whose `story.json` `path` is): its metadata and
/// passages, its article (which must lie inside the folder), and its items, read as any
/// corridor file is.
///
/// # Errors
/// Only when there is nothing to show: `story.json` or the article cannot be read or parsed,
/// or `article_file` leads out of the folder. Every other problem is a warning that names the
/// file, item, passage or quote.
pub fn read_story(path: &Path) -> Result<LoadedStory, StoryError> {
    let folder = if path.is_dir() {
        path.to_path_buf()
    } else if path.file_name().is_some_and(|name| name == STORY_FILE) {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        return Err(StoryError::NotAStory {
            path: path.display().to_string(),
        });
    };
    let story_path = folder.join(STORY_FILE);
    let shown = story_path.display().to_string();
    let text = std::fs::read_to_string(&story_path).map_err(|error| StoryError::Io {
        path: shown.clone(),
        message: error.to_string(),
    })?;
    let file = parse_story_json(&text, &shown)?;
    let name = file
        .article_file
        .clone()
        .unwrap_or_else(|| format!("article.{}.txt", file.language));
    let article_path = inside(&folder, &name).ok_or_else(|| StoryError::OutsideFolder {
        path: shown.clone(),
        name: name.clone(),
    })?;
    let article_shown = article_path.display().to_string();
    let bytes = std::fs::read(&article_path).map_err(|error| StoryError::Io {
        path: article_shown.clone(),
        message: error.to_string(),
    })?;
    let article = String::from_utf8(bytes).map_err(|_| StoryError::NotUtf8 {
        path: article_shown,
    })?;
    let corridors_path = folder.join("corridors.geojson");
    let (corridors, missing) = match std::fs::read(&corridors_path) {
        Ok(bytes) => (bytes, None),
        Err(error) => (
            Vec::new(),
            Some(format!("corridors.geojson: cannot read the file: {error}")),
        ),
    };
    let mut loaded = assemble(file, &article, &corridors);
    if let Some(missing) = missing {
        // Not "the file is empty": the file is not there.
        loaded
            .warnings
            .retain(|w| !w.starts_with("corridors.geojson:"));
        loaded.warnings.insert(0, missing);
    }
    Ok(loaded)
}

/// `name` in `folder`, when it is a plain relative path that stays inside it (links
/// followed); `None` otherwise.
fn inside(folder: &Path, name: &str) -> Option<PathBuf> {
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)));
    if !plain || relative.as_os_str().is_empty() {
        return None;
    }
    let path = folder.join(relative);
    // A link that leads out of the folder is refused like a path that does.
    match (std::fs::canonicalize(&path), std::fs::canonicalize(folder)) {
        (Ok(real), Ok(root)) if real.starts_with(&root) => Some(path),
        (Err(_), _) => Some(path),
        _ => None,
    }
}

/// `story.json`'s text as a story file, or where and why it is wrong.
fn parse_story_json(text: &str, shown: &str) -> Result<StoryFile, StoryError> {
    serde_json::from_str(text).map_err(|error| {
        let (line, column) = json_position(&error);
        StoryError::Json {
            path: shown.to_owned(),
            line,
            column,
            message: strip_position(&error.to_string()),
        }
    })
}

/// Reads a story from the contents of its files, for tests and tools: `story.json`, the
/// article and `corridors.geojson`. Problems of any kind become warnings.
pub fn load(story_json: &str, article: &str, corridors_geojson: &str) -> LoadedStory {
    match parse_story_json(story_json, "story.json") {
        Ok(file) => assemble(file, article, corridors_geojson.as_bytes()),
        Err(error) => LoadedStory {
            warnings: vec![error.to_string()],
            ..LoadedStory::default()
        },
    }
}

/// The lower-case hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

/// The story made of its parsed metadata, its article and its items' file, with every
/// problem found on the way as a warning.
fn assemble(file: StoryFile, article: &str, corridors_geojson: &[u8]) -> LoadedStory {
    let mut warnings = Vec::new();
    let article_name = file
        .article_file
        .clone()
        .unwrap_or_else(|| format!("article.{}.txt", file.language));
    let hash = sha256_hex(article);
    let changed = hash != file.article_sha256.to_ascii_lowercase();
    let mut story = Story {
        meta: StoryMeta {
            id: file.id,
            titles: file.title,
            source: file.source,
            url: file.url,
            date: file.date,
            place: file.place,
            language: file.language,
            article_file: article_name.clone(),
            article_sha256: file.article_sha256,
        },
        article: Article {
            text: article.to_owned(),
            passages: Vec::new(),
        },
        links: Vec::new(),
    };
    read_passages(&mut story, file.passages, &mut warnings);
    let corridors = read_items(corridors_geojson, &mut warnings);
    let quotes = link_items(&mut story, &corridors, &mut warnings);
    check_tiling(&story, &mut warnings);
    if changed {
        warnings.insert(
            0,
            format!(
                "{article_name}: its SHA-256 is {hash}, not the {} that story.json names: the article was changed since the story was written, so passages may point at other words than meant ({} of {} quotes still resolve)",
                story.meta.article_sha256, quotes.0, quotes.1
            ),
        );
    }
    LoadedStory {
        story,
        corridors,
        warnings,
    }
}

/// The passages, resolved in the article; each that cannot be is a warning.
fn read_passages(story: &mut Story, entries: Vec<PassageEntry>, warnings: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::new();
    for entry in entries {
        if seen.insert(entry.id.clone()) {
            kept.push(entry);
        } else {
            warnings.push(format!(
                "story.json: the passage id {} is used twice; the second is left out",
                entry.id
            ));
        }
    }
    let quotes: Vec<TextQuote> = kept
        .iter_mut()
        .map(|entry| TextQuote {
            exact: std::mem::take(&mut entry.exact),
            prefix: entry.prefix.take(),
            suffix: entry.suffix.take(),
        })
        .collect();
    let resolved = resolve_all(&story.article.text, &quotes);
    for (entry, found) in kept.into_iter().zip(resolved) {
        match found {
            Ok(range) => story.article.passages.push(Passage {
                id: PassageId(entry.id),
                range,
                gloss_en: entry.gloss_en,
                non_spatial: entry.non_spatial,
            }),
            Err(error) => warnings.push(format!("story.json: passage {}: {error}", entry.id)),
        }
    }
}

/// The items of the story, read as a user's corridor file is, with the same checks.
fn read_items(corridors_geojson: &[u8], warnings: &mut Vec<String>) -> Vec<Corridor> {
    match read_corridors(corridors_geojson, &Progress::default()) {
        Ok(outcome) => {
            warnings.extend(
                outcome
                    .problems
                    .into_iter()
                    .map(|problem| format!("corridors.geojson: {}", problem.message)),
            );
            outcome.corridors
        }
        Err(error) => {
            warnings.extend(
                error
                    .problems()
                    .iter()
                    .map(|problem| format!("corridors.geojson: {}", problem.message)),
            );
            warnings.push(format!("corridors.geojson: {error}"));
            Vec::new()
        }
    }
}

/// The links from the items' `passages` into the article; how many quotes resolved, of how
/// many.
fn link_items(
    story: &mut Story,
    corridors: &[Corridor],
    warnings: &mut Vec<String>,
) -> (usize, usize) {
    for corridor in corridors
        .iter()
        .filter(|c| c.info.context && !c.info.passages.is_empty())
    {
        warnings.push(format!(
            "corridors.geojson: {} is context (not named by the article), so its passages are left out",
            corridor.id
        ));
    }
    check_legs(corridors, warnings);
    let links: Vec<(&Corridor, &crate::model::corridor::PassageLink)> = corridors
        .iter()
        .filter(|corridor| !corridor.info.context)
        .flat_map(|corridor| {
            corridor
                .info
                .passages
                .iter()
                .map(move |link| (corridor, link))
        })
        .collect();
    let quotes: Vec<TextQuote> = links.iter().map(|(_, link)| link.quote.clone()).collect();
    let resolved = resolve_all(&story.article.text, &quotes);
    let passages: std::collections::HashMap<&str, std::ops::Range<usize>> = story
        .article
        .passages
        .iter()
        .map(|p| (p.id.0.as_str(), p.range.clone()))
        .collect();
    let mut found = Vec::new();
    for ((corridor, link), result) in links.iter().zip(resolved) {
        let Some(passage) = passages.get(link.passage.as_str()) else {
            warnings.push(format!(
                "corridors.geojson: {}: there is no passage {}",
                corridor.id, link.passage
            ));
            continue;
        };
        match result {
            Ok(range) if passage.start <= range.start && range.end <= passage.end => {
                found.push(Link {
                    feature: corridor.id.clone(),
                    passage: PassageId(link.passage.clone()),
                    range,
                    proposed: link.proposed,
                    inferred: link.inferred,
                });
            }
            Ok(_) => warnings.push(format!(
                "corridors.geojson: {}: the quote “{}” is not inside passage {}",
                corridor.id, link.quote.exact, link.passage
            )),
            Err(error) => warnings.push(format!(
                "corridors.geojson: {}, passage {}: {error}",
                corridor.id, link.passage
            )),
        }
    }
    let resolved = found.len();
    story.links.extend(found);
    (resolved, links.len())
}

/// Every leg of a corridor must name an item of the story.
fn check_legs(corridors: &[Corridor], warnings: &mut Vec<String>) {
    for corridor in corridors.iter().filter(|c| !c.info.legs.is_empty()) {
        for (number, leg) in corridor.info.legs.iter().enumerate() {
            for id in leg.ids() {
                if !corridors.iter().any(|item| item.id.0 == id) {
                    warnings.push(format!(
                        "corridors.geojson: corridor {}, leg {}: there is no item {id}",
                        corridor.id,
                        number + 1
                    ));
                }
            }
        }
    }
}

/// The passages must cover the article's text once, and each must be linked or say why it
/// has nothing on the map.
fn check_tiling(story: &Story, warnings: &mut Vec<String>) {
    let article = &story.article;
    for range in article.untiled() {
        let text: String = article
            .text
            .get(range.clone())
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        let overlap = article
            .passages
            .iter()
            .filter(|p| p.range.start < range.end && range.start < p.range.end)
            .count()
            > 1;
        let what = if overlap {
            "is in two passages"
        } else {
            "is in no passage"
        };
        warnings.push(format!("story.json: the text “{}” {what}", text.trim()));
    }
    let linked: std::collections::HashSet<&PassageId> =
        story.links.iter().map(|link| &link.passage).collect();
    for passage in &article.passages {
        if !linked.contains(&passage.id) && passage.non_spatial.is_none() {
            warnings.push(format!(
                "story.json: passage {} is linked from no item and not marked non_spatial",
                passage.id
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_story_file_cut_short_is_reported_at_a_column_that_exists() {
        let loaded = super::load("{\n", "", "");
        let first = &loaded.warnings[0];
        assert!(
            first.starts_with("story.json, line 2, column 1: EOF while parsing"),
            "{first}"
        );
    }
}
