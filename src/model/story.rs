//! A story: the article and the links between its passages and the items on the map, both ways.

use std::ops::Range;

use crate::model::article::{Article, Passage, PassageId};
use crate::model::corridor::FeatureId;

/// Facts about the article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryMeta {
    /// Stable id of the story.
    pub id: String,
    /// Short titles written for the atlas, by language code.
    pub titles: std::collections::BTreeMap<String, String>,
    /// The news agency, e.g. AZERTAC.
    pub source: String,
    /// Where the article can be read online.
    pub url: Option<String>,
    /// ISO date of the article.
    pub date: String,
    /// Dateline place.
    pub place: String,
    /// Language code of the article text.
    pub language: String,
    /// The article's file name in the story folder.
    pub article_file: String,
    /// SHA-256 of the article file, as hex.
    pub article_sha256: String,
}

impl StoryMeta {
    /// The title in the article's language, else in English, else the first there is.
    pub fn title(&self) -> &str {
        self.titles
            .get(&self.language)
            .or_else(|| self.titles.get("en"))
            .or_else(|| self.titles.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// The English title, when the main title is in another language.
    pub fn english_title(&self) -> Option<&str> {
        self.titles
            .get("en")
            .map(String::as_str)
            .filter(|english| *english != self.title())
    }
}

/// A resolved link: this item is spoken of by these words of this passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The map item.
    pub feature: FeatureId,
    /// The passage.
    pub passage: PassageId,
    /// The quoted words, as a byte range of the article text.
    pub range: Range<usize>,
    /// Proposed by a draft, not yet confirmed by a person.
    pub proposed: bool,
    /// The article does not name the item in these words: the atlas reads it into them.
    pub inferred: bool,
}

/// The article and the links from its passages to the items on the map. The items belong to
/// the layer that has this story.
#[derive(Debug, Clone, Default)]
pub struct Story {
    /// About the article.
    pub meta: StoryMeta,
    /// The article and its passages.
    pub article: Article,
    /// Every link that resolved.
    pub links: Vec<Link>,
}

impl Story {
    /// The dateline ("Astana, 10. April, AZERTAC"): the first passage, when it is a paragraph of
    /// its own that names the story's place or source. It is shown with the metadata.
    pub fn dateline(&self) -> Option<&Passage> {
        let story = self;
        let first = story.article.passages.first()?;
        let alone = story
            .article
            .passages
            .get(1)
            .is_none_or(|next| paragraph(&next.id) != paragraph(&first.id));
        let text = story.article.text.get(first.range.clone())?;
        let names = |name: &str| !name.trim().is_empty() && text.contains(name);
        let names_it = names(&story.meta.place) || names(&story.meta.source);
        (alone && names_it && text.chars().count() <= 120).then_some(first)
    }

    /// Where a passage stands, in words: "the dateline", "paragraph 3", "paragraph 3, sentence 2".
    /// Paragraphs are counted as the reader sees them, the dateline apart.
    pub fn passage_place(&self, id: &PassageId) -> String {
        let story = self;
        let dateline = story.dateline().map(|p| &p.id);
        if dateline == Some(id) {
            return "the dateline".to_owned();
        }
        let mut paragraphs = 0;
        let mut last = "";
        let mut sentence = 0;
        let mut sentences_here = 0;
        let mut found = None;
        for passage in &story.article.passages {
            if Some(&passage.id) == dateline {
                continue;
            }
            let this = paragraph(&passage.id);
            if this != last {
                if found.is_some() {
                    break;
                }
                paragraphs += 1;
                sentence = 0;
                last = this;
            }
            sentence += 1;
            sentences_here = sentence;
            if &passage.id == id {
                found = Some((paragraphs, sentence));
            }
        }
        match found {
            Some((paragraph, _)) if sentences_here == 1 => format!("paragraph {paragraph}"),
            Some((paragraph, sentence)) => format!("paragraph {paragraph}, sentence {sentence}"),
            None => "the article".to_owned(),
        }
    }

    /// Which passages speak of `feature`, in reading order, each once.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::FeatureId;
    /// let story = corridor_atlas::io::story::bundled().story;
    /// let railway = FeatureId("baku-tbilisi-kars-railway".into());
    /// let passages = story.passages_of(&railway);
    /// assert!(passages.iter().any(|p| p.0 == "p8.s1"));
    /// ```
    pub fn passages_of(&self, feature: &FeatureId) -> Vec<PassageId> {
        in_text_order(
            self.links
                .iter()
                .filter(|link| &link.feature == feature)
                .map(|link| (link.range.start, link.passage.clone())),
        )
    }

    /// Which items `passage` speaks of, in the order their words appear, each once.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::PassageId;
    /// let story = corridor_atlas::io::story::bundled().story;
    /// let items = story.features_of(&PassageId("p5.s2".into()));
    /// assert!(items.iter().any(|f| f.0.contains("fibre")));
    /// ```
    pub fn features_of(&self, passage: &PassageId) -> Vec<FeatureId> {
        in_text_order(
            self.links
                .iter()
                .filter(|link| &link.passage == passage)
                .map(|link| (link.range.start, link.feature.clone())),
        )
    }

    /// Whether every link from `passage` to `feature` is only proposed (by a draft), not
    /// confirmed by a person.
    pub fn proposed(&self, feature: &FeatureId, passage: &PassageId) -> bool {
        let mut links = self
            .links
            .iter()
            .filter(|link| &link.feature == feature && &link.passage == passage)
            .peekable();
        links.peek().is_some() && links.all(|link| link.proposed)
    }

    /// Whether every link from `passage` to `feature` is the atlas's reading rather than
    /// the article naming the item.
    pub fn inferred(&self, feature: &FeatureId, passage: &PassageId) -> bool {
        let mut links = self
            .links
            .iter()
            .filter(|link| &link.feature == feature && &link.passage == passage)
            .peekable();
        links.peek().is_some() && links.all(|link| link.inferred)
    }

    /// The quoted ranges of `passage` that speak of `feature`.
    pub fn quotes(&self, feature: &FeatureId, passage: &PassageId) -> Vec<Range<usize>> {
        self.links
            .iter()
            .filter(|link| &link.feature == feature && &link.passage == passage)
            .map(|link| link.range.clone())
            .collect()
    }
}

/// The paragraph a passage belongs to: `p5` of `p5.s2`.
fn paragraph(id: &PassageId) -> &str {
    id.0.split('.').next().unwrap_or(&id.0)
}

/// The values ordered by where they stand in the text, each kept once (at its first place).
fn in_text_order<T: PartialEq>(found: impl Iterator<Item = (usize, T)>) -> Vec<T> {
    let mut found: Vec<(usize, T)> = found.collect();
    found.sort_by_key(|(start, _)| *start);
    let mut unique: Vec<T> = Vec::new();
    for (_, value) in found {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    unique
}
