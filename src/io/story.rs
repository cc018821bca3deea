//! The bundled story: the article, its passages and its corridor GeoJSON, from `data/`.

use serde::Deserialize;

use crate::io::reader::{Progress, json_position, read_corridors, strip_position};
use crate::model::article::{Article, Passage, PassageId, TextQuote};
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

#[derive(Debug, Deserialize)]
struct StoryFile {
    id: String,
    title: Titles,
    source: String,
    #[serde(default)]
    url: Option<String>,
    date: String,
    place: String,
    language: String,
    article_sha256: String,
    passages: Vec<PassageEntry>,
}

#[derive(Debug, Deserialize)]
struct Titles {
    de: String,
    en: String,
}

#[derive(Debug, Deserialize)]
struct PassageEntry {
    id: String,
    exact: String,
    #[serde(default)]
    gloss_en: String,
    #[serde(default)]
    non_spatial: Option<String>,
}

/// The story bundled with the app. Never fails: problems become warnings, and the tests
/// check that there are none.
///
/// # Examples
/// ```
/// let loaded = corridor_atlas::io::story::bundled();
/// assert_eq!(loaded.story.meta.source, "AZERTAC");
/// assert!(loaded.warnings.is_empty());
/// ```
pub fn bundled() -> LoadedStory {
    load(STORY_JSON, ARTICLE, CORRIDORS)
}

/// The article file of the bundled story, byte for byte.
pub fn bundled_article_text() -> &'static str {
    ARTICLE
}

/// Reads a story from its three files' contents.
pub fn load(story_json: &str, article: &str, corridors_geojson: &str) -> LoadedStory {
    let mut warnings = Vec::new();
    let file: Option<StoryFile> = serde_json::from_str(story_json)
        .map_err(|e| {
            let (line, column) = json_position(&e);
            let message = strip_position(&e.to_string());
            warnings.push(format!(
                "story.json, line {line}, column {column}: {message}"
            ));
        })
        .ok();

    let mut story = Story {
        article: Article {
            text: article.to_owned(),
            passages: Vec::new(),
        },
        ..Story::default()
    };
    if let Some(file) = file {
        story.meta = StoryMeta {
            id: file.id,
            title_de: file.title.de,
            title_en: file.title.en,
            source: file.source,
            url: file.url,
            date: file.date,
            place: file.place,
            language: file.language,
            article_sha256: file.article_sha256,
        };
        for entry in file.passages {
            match TextQuote::exact(entry.exact).resolve(article) {
                Ok(range) => story.article.passages.push(Passage {
                    id: PassageId(entry.id),
                    range,
                    gloss_en: entry.gloss_en,
                    non_spatial: entry.non_spatial,
                }),
                Err(error) => warnings.push(format!("passage {}: {error}", entry.id)),
            }
        }
    }

    // The items are read as a user's corridor file is, with the same checks.
    let corridors = match read_corridors(corridors_geojson.as_bytes(), &Progress::default()) {
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
    };

    for corridor in &corridors {
        for link in &corridor.info.passages {
            let passage_id = PassageId(link.passage.clone());
            let Some(passage) = story.article.passage(&passage_id) else {
                warnings.push(format!("{}: no passage {}", corridor.id, link.passage));
                continue;
            };
            match link.quote.resolve(&story.article.text) {
                Ok(range)
                    if passage.range.start <= range.start && range.end <= passage.range.end =>
                {
                    story.links.push(Link {
                        feature: corridor.id.clone(),
                        passage: passage_id,
                        range,
                    });
                }
                Ok(_) => warnings.push(format!(
                    "{}: the quote \"{}\" is not inside passage {}",
                    corridor.id, link.quote.exact, link.passage
                )),
                Err(error) => warnings.push(format!("{}: {error}", corridor.id)),
            }
        }
    }
    LoadedStory {
        story,
        corridors,
        warnings,
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
