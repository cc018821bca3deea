//! Editing a story in the window: accepting or rejecting proposed links, linking words of
//! the article to an item, adding a place, marking a passage as having nothing on the map,
//! writing glosses; with undo and redo, and a save that writes the folder in the documented
//! format and never the article.
//!
//! The edit works on the story's two JSON files as they were read, so that fields this
//! version does not know are kept; after each change the story is read again from them with
//! the same code as a folder on disk, and its layer is rebuilt.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::io::draft::{Known, feature_of};
use crate::io::story::{LoadedStory, STORY_FILE};
use crate::model::article::TextQuote;
use crate::model::{Corridor, FeatureId, ItemRef, PassageId};

/// A change to a story.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Confirm a proposed link.
    AcceptLink {
        /// The item.
        item: FeatureId,
        /// The passage.
        passage: PassageId,
    },
    /// Drop a proposed (or any) link.
    RejectLink {
        /// The item.
        item: FeatureId,
        /// The passage.
        passage: PassageId,
    },
    /// Confirm every proposed link.
    AcceptAll,
    /// Drop every proposed link.
    RejectAll,
    /// Link these words of the article to an item; an item the story does not have yet is
    /// copied into it.
    LinkWords {
        /// The item, in this story or another layer.
        item: ItemRef,
        /// The words, as a byte range of the article.
        words: Range<usize>,
    },
    /// Add a place at a position, named after `words` if given, and link those words.
    NewPlace {
        /// Its name.
        name: String,
        /// Longitude in degrees.
        lon_deg: f64,
        /// Latitude in degrees.
        lat_deg: f64,
        /// The words that name it, as a byte range of the article.
        words: Option<Range<usize>>,
    },
    /// Say why nothing in a passage is on the map (`Some`), or that something is (`None`).
    SetNonSpatial {
        /// The passage.
        passage: PassageId,
        /// The reason.
        reason: Option<String>,
    },
    /// Write a passage's English gloss.
    SetGloss {
        /// The passage.
        passage: PassageId,
        /// The gloss.
        gloss: String,
    },
}

/// A story being edited.
#[derive(Debug, Clone)]
pub struct StoryEdit {
    folder: PathBuf,
    story: Value,
    items: Value,
    article: String,
    undo: Vec<(Value, Value)>,
    redo: Vec<(Value, Value)>,
    /// Changed since it was opened or saved.
    pub dirty: bool,
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl StoryEdit {
    /// Starts editing the story in `folder`.
    ///
    /// # Errors
    /// When its files cannot be read.
    pub fn open(folder: &Path) -> Result<Self, String> {
        let story = read_json(&folder.join(STORY_FILE))?;
        let items = read_json(&folder.join("corridors.geojson"))
            .unwrap_or_else(|_| json!({ "type": "FeatureCollection", "features": [] }));
        let loaded = crate::io::story::read_story(folder).map_err(|e| e.to_string())?;
        Ok(Self {
            folder: folder.to_path_buf(),
            story,
            items,
            article: loaded.story.article.text,
            undo: Vec::new(),
            redo: Vec::new(),
            dirty: false,
        })
    }

    /// The folder being edited.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Whether there is something to undo, and to redo.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        (!self.undo.is_empty(), !self.redo.is_empty())
    }

    /// The story as it now stands, read by the same code as a folder on disk.
    pub fn loaded(&self) -> LoadedStory {
        crate::io::story::load(
            &self.story.to_string(),
            &self.article,
            &self.items.to_string(),
        )
    }

    /// Applies a change; it can be undone. `item` is the item a `LinkWords` names, as its
    /// layer has it.
    ///
    /// # Errors
    /// What to tell the user when the change cannot be made (words that cannot be quoted,
    /// a passage that is not there).
    pub fn apply(&mut self, edit: Edit, item: Option<&Corridor>) -> Result<(), String> {
        let before = (self.story.clone(), self.items.clone());
        let result = self.change(edit, item);
        match result {
            Ok(()) => {
                self.undo.push(before);
                self.redo.clear();
                self.dirty = true;
                Ok(())
            }
            Err(message) => {
                (self.story, self.items) = before;
                Err(message)
            }
        }
    }

    /// Takes back the last change.
    pub fn undo(&mut self) -> bool {
        let Some((story, items)) = self.undo.pop() else {
            return false;
        };
        let now = (
            std::mem::replace(&mut self.story, story),
            std::mem::replace(&mut self.items, items),
        );
        self.redo.push(now);
        self.dirty = true;
        true
    }

    /// Makes the last change taken back again.
    pub fn redo(&mut self) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        self.undo.push((self.story.clone(), self.items.clone()));
        (self.story, self.items) = after;
        self.dirty = true;
        true
    }

    fn features(&mut self) -> Result<&mut Vec<Value>, String> {
        self.items
            .get_mut("features")
            .and_then(Value::as_array_mut)
            .ok_or_else(|| "corridors.geojson holds no feature list".to_owned())
    }

    fn passages(&mut self) -> Result<&mut Vec<Value>, String> {
        self.story
            .get_mut("passages")
            .and_then(Value::as_array_mut)
            .ok_or_else(|| "story.json holds no passage list".to_owned())
    }

    /// The links of every feature, to change in place.
    fn links_mut(&mut self) -> Result<Vec<(String, &mut Vec<Value>)>, String> {
        Ok(self
            .features()?
            .iter_mut()
            .filter_map(|feature| {
                let properties = feature.get_mut("properties")?.as_object_mut()?;
                let id = properties.get("id")?.as_str()?.to_owned();
                let links = properties
                    .entry("passages")
                    .or_insert_with(|| json!([]))
                    .as_array_mut()?;
                Some((id, links))
            })
            .collect())
    }

    fn change(&mut self, edit: Edit, item: Option<&Corridor>) -> Result<(), String> {
        match edit {
            Edit::AcceptLink { item, passage } => self.each_link(|id, link| {
                if id == item.0
                    && passage_of(link) == passage.0
                    && let Some(link) = link.as_object_mut()
                {
                    link.remove("proposed");
                }
                true
            }),
            Edit::RejectLink { item, passage } => {
                self.each_link(|id, link| !(id == item.0 && passage_of(link) == passage.0))
            }
            Edit::AcceptAll => self.each_link(|_, link| {
                if let Some(link) = link.as_object_mut() {
                    link.remove("proposed");
                }
                true
            }),
            Edit::RejectAll => self.each_link(|_, link| link.get("proposed") != Some(&json!(true))),
            Edit::LinkWords { words, .. } => {
                self.link_words(item.ok_or("the item is no longer there")?, words)
            }
            Edit::NewPlace {
                name,
                lon_deg,
                lat_deg,
                words,
            } => self.new_place(name, lon_deg, lat_deg, words.as_ref()),
            Edit::SetNonSpatial { passage, reason } => self.set_passage_field(
                &passage,
                "non_spatial",
                reason.map_or(Value::Null, Value::String),
            ),
            Edit::SetGloss { passage, gloss } => {
                self.set_passage_field(&passage, "gloss_en", Value::String(gloss))
            }
        }
    }

    /// Keeps the links for which `keep` says yes (it may change them).
    fn each_link(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) -> Result<(), String> {
        for (id, links) in self.links_mut()? {
            links.retain_mut(|link| keep(&id, link));
        }
        Ok(())
    }

    fn set_passage_field(
        &mut self,
        passage: &PassageId,
        field: &str,
        value: Value,
    ) -> Result<(), String> {
        let entry = self
            .passages()?
            .iter_mut()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(passage.0.as_str()))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("there is no passage {passage}"))?;
        entry.insert(field.to_owned(), value);
        Ok(())
    }

    /// The link entry for `words`: the passage that holds them and a quote that resolves to
    /// them alone.
    fn link_for(&self, words: &Range<usize>) -> Result<Value, String> {
        let loaded = self.loaded();
        let article = &loaded.story.article;
        let passage = article
            .passage_containing(words)
            .ok_or("the words must lie inside one sentence")?;
        let quote = unique_quote(&self.article, words, &passage.range)
            .ok_or("these words occur too often to be quoted; select more of them")?;
        let mut link = serde_json::to_value(&quote).map_err(|e| e.to_string())?;
        if let Some(object) = link.as_object_mut() {
            object.insert("passage".to_owned(), Value::String(passage.id.0.clone()));
        }
        Ok(link)
    }

    fn link_words(&mut self, item: &Corridor, words: Range<usize>) -> Result<(), String> {
        let link = self.link_for(&words)?;
        let id = item.id.0.clone();
        let has = self
            .links_mut()?
            .into_iter()
            .find(|(feature, _)| *feature == id);
        match has {
            Some((_, links)) => links.push(link),
            None => {
                let feature = feature_of(&Known::Item(Box::new(item.clone())), json!([link]));
                self.features()?.push(feature);
            }
        }
        Ok(())
    }

    fn new_place(
        &mut self,
        name: String,
        lon_deg: f64,
        lat_deg: f64,
        words: Option<&Range<usize>>,
    ) -> Result<(), String> {
        let links = match words {
            Some(words) => json!([self.link_for(words)?]),
            None => json!([]),
        };
        let known = Known::Place {
            name,
            lon_deg,
            lat_deg,
        };
        let mut feature = feature_of(&known, links);
        if let Some(properties) = feature.get_mut("properties").and_then(Value::as_object_mut) {
            properties.insert(
                "description".to_owned(),
                json!("A place added by hand: its position is where it was clicked on the map."),
            );
            properties.insert("sources".to_owned(), json!([]));
            // Two new places of the same name stay two items.
            let base = properties
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("place")
                .to_owned();
            let taken: Vec<String> = self.links_mut()?.into_iter().map(|(id, _)| id).collect();
            let id = (1..=taken.len() + 1)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    }
                })
                .find(|id| !taken.contains(id))
                .unwrap_or(base);
            properties.insert("id".to_owned(), Value::String(id));
        }
        self.features()?.push(feature);
        Ok(())
    }

    /// Writes `story.json` and `corridors.geojson` (never the article), each under a
    /// temporary name first, so that a failed save leaves the earlier files whole.
    ///
    /// # Errors
    /// When a file cannot be written.
    pub fn save(&mut self) -> Result<(), String> {
        for (name, value) in [
            (STORY_FILE, &self.story),
            ("corridors.geojson", &self.items),
        ] {
            let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n";
            let path = self.folder.join(name);
            crate::io::draft::write_atomically(&path, text.as_bytes())
                .map_err(|e| format!("{}: cannot save: {e}", path.display()))?;
        }
        self.dirty = false;
        Ok(())
    }
}

fn passage_of(link: &Value) -> &str {
    link.get("passage").and_then(Value::as_str).unwrap_or("")
}

fn unique_quote(text: &str, words: &Range<usize>, passage: &Range<usize>) -> Option<TextQuote> {
    crate::io::draft::unique_quote(text, words.clone(), passage)
}

impl super::Layers {
    /// Starts editing the story of layer `id` (a story read from a folder).
    ///
    /// # Errors
    /// When the layer is not a story from a folder, or its files cannot be read.
    pub fn start_editing(&mut self, id: crate::model::LayerId) -> Result<(), String> {
        if self.edits.contains_key(&id) {
            return Ok(());
        }
        let layer = self.get(id).ok_or("the story is not open")?;
        let folder = match (&layer.path, &layer.story) {
            (Some(folder), Some(_)) => folder.clone(),
            _ => {
                return Err(
                    "Only a story opened from a folder can be edited: draft or copy one first."
                        .to_owned(),
                );
            }
        };
        let edit = StoryEdit::open(&folder)?;
        self.edits.insert(id, edit);
        Ok(())
    }

    /// Stops editing layer `id` (unsaved changes are dropped, and the story read again).
    pub fn stop_editing(&mut self, id: crate::model::LayerId) {
        if let Some(edit) = self.edits.remove(&id)
            && edit.dirty
            && let Ok(original) = StoryEdit::open(edit.folder())
        {
            self.rebuild(id, original.loaded());
        }
    }

    /// The edit of layer `id`, if it is being edited.
    pub fn editing(&self, id: crate::model::LayerId) -> Option<&StoryEdit> {
        self.edits.get(&id)
    }

    /// Whether any story has unsaved changes.
    pub fn unsaved(&self) -> Vec<crate::model::LayerId> {
        self.edits
            .iter()
            .filter(|(_, edit)| edit.dirty)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Applies a change to the story of layer `id` and redraws it.
    ///
    /// # Errors
    /// What to tell the user when the change cannot be made.
    pub fn edit(&mut self, id: crate::model::LayerId, change: Edit) -> Result<(), String> {
        let item = match &change {
            Edit::LinkWords { item, .. } => self.item(item).map(|(_, corridor)| corridor.clone()),
            _ => None,
        };
        let edit = self
            .edits
            .get_mut(&id)
            .ok_or("the story is not being edited")?;
        edit.apply(change, item.as_ref())?;
        let loaded = edit.loaded();
        self.rebuild(id, loaded);
        Ok(())
    }

    /// Takes back (`redo` false) or makes again the last change of layer `id`.
    pub fn undo_redo(&mut self, id: crate::model::LayerId, redo: bool) {
        let Some(edit) = self.edits.get_mut(&id) else {
            return;
        };
        let changed = if redo { edit.redo() } else { edit.undo() };
        if changed {
            let loaded = edit.loaded();
            self.rebuild(id, loaded);
        }
    }

    /// Saves the story of layer `id`.
    ///
    /// # Errors
    /// When a file cannot be written; the earlier files are then whole.
    pub fn save(&mut self, id: crate::model::LayerId) -> Result<(), String> {
        let edit = self
            .edits
            .get_mut(&id)
            .ok_or("the story is not being edited")?;
        edit.save()?;
        let folder = edit.folder().to_path_buf();
        // Written by us: no need to read it again.
        if let Some(layer) = self.get_mut(id) {
            layer.modified = super::intake::modified(&folder);
        }
        Ok(())
    }

    /// The layer `id` made again from its story as edited.
    fn rebuild(&mut self, id: crate::model::LayerId, loaded: LoadedStory) {
        let countries = self.basemap.countries.clone();
        let Some(layer) = self.get_mut(id) else {
            return;
        };
        let corridors = std::sync::Arc::new(loaded.corridors);
        let (overlay, raster) =
            super::intake::prepare_overlay(&corridors, &[], &countries, layer.colour, 0);
        layer.search_names = super::search_names(&corridors);
        layer.problems = super::intake::warnings(loaded.warnings);
        layer.problems_dismissed = false;
        layer.story = Some(loaded.story);
        layer.corridors = corridors;
        layer.overlay = overlay;
        layer.raster = raster;
    }
}
