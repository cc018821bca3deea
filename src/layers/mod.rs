//! Everything on the map above the basemap is a layer: the bundled story (a layer that has an
//! article), and each corridor file the user opened. This module owns them: it takes files in
//! (dialog, drop, command line, session), reloads them when they change, keeps the session's
//! list of files, and holds the problems of each layer.
//!
//! [`intake`] reads files on worker threads; this file holds the layers and answers questions
//! about them.

pub mod drafting;
pub mod editing;
pub mod intake;

use std::path::PathBuf;
use std::sync::Arc;

use egui::Color32;

pub use intake::{LayerEvent, Loading, Start, StartError, check_files, prepare};

use crate::dialogs::PendingDialog;
use crate::io::basemap::Basemap;
use crate::io::load::problem_lines;
use crate::io::reader::Problem;
use crate::io::settings::LayerSetting;
use crate::io::story::LoadedStory;
use crate::io::watch::FileWatch;
use crate::map::layer_raster::LayerRaster;
use crate::map::overlay::Overlay;
use crate::map::view::BoundsDeg;
use crate::model::{Corridor, FeatureId, ItemRef, LayerId, Story};

/// A set of items on the map: a story's or a file's.
pub struct Layer {
    /// Stable while the app runs; a reload keeps it.
    pub id: LayerId,
    /// As shown: the file name, or the story's title.
    pub name: String,
    /// The file it was read from; `None` for the bundled story.
    pub path: Option<PathBuf>,
    /// The article whose passages speak of these items, for a story.
    pub story: Option<Story>,
    /// Its items, in file order; each id occurs once. Shared with the overlay of a big
    /// layer, which projects their shapes from them.
    pub corridors: Arc<Vec<Corridor>>,
    /// Its items prepared for the map, in the same order.
    pub overlay: Arc<Overlay>,
    /// For a big layer: what draws it as tiles.
    pub raster: Option<Arc<LayerRaster>>,
    /// Shown on the map.
    pub visible: bool,
    /// Colour of its unstyled items.
    pub colour: Color32,
    /// What was wrong with some of its features.
    pub problems: Vec<Problem>,
    /// The user dismissed these problems; a reload brings the file's current ones back.
    pub problems_dismissed: bool,
    /// Per feature: its names as search compares them, one per line; made once per load, so
    /// that a search does not normalise thousands of names every frame.
    pub search_names: Vec<String>,
    /// Positions read.
    pub vertices: usize,
    /// Positions that had a third value.
    pub positions_with_z: usize,
    /// When the file was last changed, to notice edits.
    pub modified: Option<std::time::SystemTime>,
}

impl Layer {
    /// The extent of all its items.
    pub fn bounds(&self) -> Option<BoundsDeg> {
        self.overlay
            .items
            .iter()
            .filter_map(|item| item.bounds)
            .reduce(BoundsDeg::union)
    }

    /// Its item with this id.
    pub fn corridor(&self, id: &FeatureId) -> Option<&Corridor> {
        self.corridors.get(self.overlay.index_of(id)?)
    }

    /// A reference to its item with this id, for selections and actions.
    pub fn item(&self, id: &FeatureId) -> ItemRef {
        ItemRef {
            layer: self.id,
            id: id.clone(),
        }
    }

    /// Where its file is, for messages; the layer's name when it has no file.
    pub fn origin(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| self.name.clone(), |path| path.display().to_string())
    }
}

/// The names by which a search finds each item, normalised once.
fn search_names(corridors: &[Corridor]) -> Vec<String> {
    corridors
        .iter()
        .map(|corridor| {
            corridor
                .all_names()
                .map(crate::model::search::normalise)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// All layers, the loads in progress, and what went wrong that belongs to no layer.
pub struct Layers {
    /// The layers, bottom first: the bundled story, then files in the order they came.
    pub layers: Vec<Layer>,
    /// Loads in progress.
    pub loading: Vec<Loading>,
    /// Files that could not be loaded, and other troubles of taking files in; one line each.
    messages: Vec<String>,
    basemap: Arc<Basemap>,
    next_id: u64,
    /// Tells when a layer's file changes; made with the first load, which brings the window
    /// to wake.
    watch: Option<FileWatch>,
    /// Files that changed again while they were being read: read once more.
    stale: Vec<PathBuf>,
    /// The open dialog, while the user chooses.
    open_dialog: Option<PendingDialog<Vec<rfd::FileHandle>>>,
    /// The dialog that asks for an article to draft a story from.
    draft_dialog: Option<PendingDialog<rfd::FileHandle>>,
    /// Stories being edited, by layer.
    edits: std::collections::BTreeMap<LayerId, editing::StoryEdit>,
}

impl Layers {
    /// No layers yet; `basemap` lends its countries to items that name them.
    pub fn new(basemap: Arc<Basemap>) -> Self {
        Self {
            layers: Vec::new(),
            loading: Vec::new(),
            messages: Vec::new(),
            basemap,
            next_id: 1,
            watch: None,
            stale: Vec::new(),
            open_dialog: None,
            draft_dialog: None,
            edits: std::collections::BTreeMap::new(),
        }
    }

    /// Adds a story read from its files as a layer with its article, through the same overlay
    /// path as a file: its reading problems become the layer's problems.
    pub fn add_story(&mut self, id: LayerId, loaded: LoadedStory) -> LayerId {
        let colour = Color32::GRAY;
        let corridors = Arc::new(loaded.corridors);
        let (overlay, raster) =
            intake::prepare_overlay(&corridors, &[], &self.basemap.countries, colour, 0);
        let problems = intake::warnings(loaded.warnings);
        let name = intake::story_name(&loaded.story.meta);
        self.layers.retain(|layer| layer.id != id);
        self.layers.insert(
            0,
            Layer {
                id,
                name,
                path: None,
                search_names: search_names(&corridors),
                story: Some(loaded.story),
                corridors,
                overlay,
                raster,
                visible: true,
                colour,
                problems,
                problems_dismissed: false,
                vertices: 0,
                positions_with_z: 0,
                modified: None,
            },
        );
        id
    }

    /// The layer with this id.
    pub fn get(&self, id: LayerId) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The layer with this id, to change.
    pub fn get_mut(&mut self, id: LayerId) -> Option<&mut Layer> {
        self.layers.iter_mut().find(|l| l.id == id)
    }

    /// The layers read from files, bottom first.
    pub fn files(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().filter(|layer| layer.path.is_some())
    }

    /// The layer of an item and the item itself, if both are still there.
    pub fn item(&self, item: &ItemRef) -> Option<(&Layer, &Corridor)> {
        let layer = self.get(item.layer)?;
        Some((layer, layer.corridor(&item.id)?))
    }

    /// Whether a layer is a story (has an article).
    pub fn is_story(&self, id: LayerId) -> bool {
        self.get(id).is_some_and(|layer| layer.story.is_some())
    }

    /// Whether two references name the same thing in the world: the same item, or items of
    /// the same id in two stories. (Items of files are their own, whatever their id.)
    pub fn same_thing(&self, a: &ItemRef, b: &ItemRef) -> bool {
        a == b || (a.id == b.id && self.is_story(a.layer) && self.is_story(b.layer))
    }

    /// Every open story's copy of an item, its own first; for an item of a file, itself.
    pub fn copies(&self, item: &ItemRef) -> Vec<ItemRef> {
        let mut copies = vec![item.clone()];
        if self.is_story(item.layer) {
            copies.extend(
                self.layers
                    .iter()
                    .filter(|layer| layer.story.is_some() && layer.id != item.layer)
                    .filter(|layer| layer.corridor(&item.id).is_some())
                    .map(|layer| layer.item(&item.id)),
            );
        }
        copies
    }

    /// The items a corridor runs through, each step's choices in order: found in the
    /// corridor's own layer, else in an open story (a file's corridor may run over a
    /// story's items). Empty for an item that is not a corridor.
    pub fn legs_of(&self, item: &ItemRef) -> Vec<ItemRef> {
        let Some((layer, corridor)) = self.item(item) else {
            return Vec::new();
        };
        corridor
            .info
            .legs
            .iter()
            .flat_map(crate::model::corridor::Leg::ids)
            .filter_map(|id| {
                let id = crate::model::FeatureId(id.to_owned());
                if layer.corridor(&id).is_some() {
                    return Some(layer.item(&id));
                }
                self.layers
                    .iter()
                    .filter(|other| other.story.is_some())
                    .find(|other| other.corridor(&id).is_some())
                    .map(|other| other.item(&id))
            })
            .collect()
    }

    /// The corridors of every layer that run through an item (or another story's copy of
    /// it), with the step it is in, counted from 1.
    pub fn corridors_through(&self, item: &ItemRef) -> Vec<(ItemRef, usize)> {
        let mut found = Vec::new();
        for layer in &self.layers {
            for corridor in layer.corridors.iter().filter(|c| !c.info.legs.is_empty()) {
                let corridor_ref = layer.item(&corridor.id);
                let step = corridor.info.legs.iter().position(|leg| {
                    leg.ids().iter().any(|id| {
                        let leg_ref = self
                            .legs_of(&corridor_ref)
                            .into_iter()
                            .find(|found| found.id.0 == *id);
                        leg_ref.is_some_and(|leg_ref| self.same_thing(&leg_ref, item))
                    })
                });
                if let Some(step) = step {
                    found.push((corridor_ref, step + 1));
                }
            }
        }
        found
    }

    /// The extent of an item as drawn.
    pub fn bounds_of(&self, item: &ItemRef) -> Option<BoundsDeg> {
        let layer = self.get(item.layer)?;
        layer
            .overlay
            .items
            .get(layer.overlay.index_of(&item.id)?)?
            .bounds
    }

    /// Takes a layer off the map, and stops any reload of it.
    pub fn remove(&mut self, id: LayerId) {
        let path = self.get(id).and_then(|layer| layer.path.clone());
        if let (Some(watch), Some(path)) = (self.watch.as_mut(), path) {
            watch.unwatch(&path);
        }
        let (gone, kept) = std::mem::take(&mut self.layers)
            .into_iter()
            .partition(|l| l.id == id);
        self.layers = kept;
        // A big layer takes a moment to free: not in the frame that removes it.
        crate::parallel::drop_aside::<Vec<Layer>>(gone);
        for loading in self.loading.iter().filter(|l| l.reload_of == Some(id)) {
            loading
                .progress
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        self.loading.retain(|l| l.reload_of != Some(id));
    }

    /// Every problem to show, one line each: what could not be loaded, then each layer's
    /// problems that were not dismissed, read from the layer.
    pub fn problem_lines(&self) -> Vec<String> {
        self.first_problem_lines(usize::MAX)
    }

    /// The first `limit` lines of [`Layers::problem_lines`]: a file with a problem in each of
    /// a million features is not written out every frame.
    pub fn first_problem_lines(&self, limit: usize) -> Vec<String> {
        let mut lines: Vec<String> = self.messages.iter().take(limit).cloned().collect();
        for layer in self.layers.iter().filter(|l| !l.problems_dismissed) {
            let room = limit.saturating_sub(lines.len());
            let problems = layer
                .problems
                .get(..room.min(layer.problems.len()))
                .unwrap_or(&[]);
            match &layer.path {
                Some(path) => lines.extend(problem_lines(path, problems)),
                None => lines.extend(
                    problems
                        .iter()
                        .map(|p| format!("{} has a problem: {}", layer.name, p.message)),
                ),
            }
        }
        lines
    }

    /// How many lines [`Layers::problem_lines`] has.
    pub fn problem_count(&self) -> usize {
        self.messages.len()
            + self
                .layers
                .iter()
                .filter(|l| !l.problems_dismissed)
                .map(|l| l.problems.len())
                .sum::<usize>()
    }

    /// Whether there is a problem to show.
    pub fn has_problems(&self) -> bool {
        !self.messages.is_empty()
            || self
                .layers
                .iter()
                .any(|l| !l.problems_dismissed && !l.problems.is_empty())
    }

    /// Clears the problems area: each layer's problems stay with it, out of sight.
    pub fn dismiss_problems(&mut self) {
        self.messages.clear();
        for layer in &mut self.layers {
            layer.problems_dismissed = true;
        }
    }

    /// Tells something that went wrong while taking files in.
    pub fn tell(&mut self, message: String) {
        self.messages.push(message);
    }

    /// The files of this session as the settings keep them, those still arriving included,
    /// so that they come back should the app close meanwhile.
    pub fn session(&self) -> Vec<LayerSetting> {
        let loaded = self
            .layers
            .iter()
            .filter_map(|layer| Some((layer.path.as_ref()?, layer.visible, layer.colour)));
        let arriving = self
            .loading
            .iter()
            .filter(|loading| loading.reload_of.is_none())
            .map(|loading| (&loading.path, loading.visible, loading.colour));
        loaded
            .chain(arriving)
            .map(|(path, visible, colour)| LayerSetting {
                path: path.clone(),
                visible,
                colour: Some([colour.r(), colour.g(), colour.b()]),
            })
            .collect()
    }

    fn fresh_id(&mut self) -> LayerId {
        let id = LayerId(self.next_id);
        self.next_id += 1;
        id
    }
}
