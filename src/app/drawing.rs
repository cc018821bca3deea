//! What each layer draws in a frame: the one visibility rule, the selected and highlighted
//! items, and the legend's kinds.

use std::collections::BTreeSet;

use crate::layers::{Layer, Layers};
use crate::map::OverlayInput;
use crate::model::history::Phase;
use crate::model::{FeatureId, ItemRef, Kind, LayerId};

use super::App;

/// The layers as the map takes them, borrowing what `draw` holds.
pub(super) fn overlay_inputs<'a>(
    layers: &'a Layers,
    draw: &'a [LayerDraw],
) -> Vec<OverlayInput<'a>> {
    draw.iter()
        .filter_map(|d| {
            let layer = layers.get(d.id)?;
            Some(OverlayInput {
                layer: layer.id,
                overlay: &layer.overlay,
                visible: &d.visible,
                selected: &d.selected,
                highlighted: &d.highlighted,
                time: &d.time,
                tiles: layer.raster.as_ref(),
                // A file's items say which file they come from when hovered.
                layer_name: layer.path.as_ref().map(|_| layer.name.as_str()),
            })
        })
        .collect()
}

/// What one shown layer needs to be drawn in this frame, held while the map borrows it.
pub(super) struct LayerDraw {
    pub(super) id: LayerId,
    /// Per item: drawn or hidden; empty when all are drawn.
    pub(super) visible: Vec<bool>,
    pub(super) selected: Vec<usize>,
    highlighted: Vec<usize>,
    /// The dated items on the date shown.
    pub(super) time: Vec<crate::map::overlay::ItemTime>,
}

impl App {
    /// The story to show for an item: the current one if it mentions the item, else the
    /// item's own story if it does, else any open story that does.
    pub(super) fn story_mentioning(&self, item: &ItemRef) -> Option<LayerId> {
        let mentions = |layer: LayerId| {
            self.layers
                .get(layer)
                .and_then(|l| l.story.as_ref())
                .is_some_and(|story| !story.passages_of(&item.id).is_empty())
        };
        let copies = self.layers.copies(item);
        if copies.iter().any(|copy| copy.layer == self.current_story)
            && mentions(self.current_story)
        {
            return Some(self.current_story);
        }
        copies
            .iter()
            .map(|copy| copy.layer)
            .find(|layer| mentions(*layer))
    }

    /// Whether a layer's items are drawn at all: the layer is shown, and a story's items
    /// unless only the current story is to be shown.
    pub(super) fn layer_shown(&self, layer: &Layer) -> bool {
        layer.visible
            && (layer.story.is_none()
                || !self.settings.only_current_story
                || layer.id == self.current_story)
    }

    /// The story layer that draws the item of this id: the first shown story that has it.
    /// An item that several stories speak of is one thing in the world, drawn once.
    fn drawing_story(&self, id: &FeatureId) -> Option<LayerId> {
        self.layers
            .layers
            .iter()
            .filter(|layer| layer.story.is_some() && self.layer_shown(layer))
            .find(|layer| layer.corridor(id).is_some())
            .map(|layer| layer.id)
    }

    /// The one visibility rule: an item is drawn when its layer is shown, its kind is not
    /// hidden (kinds are hidden in the list of a story's items), it is not hidden itself, it
    /// exists on the date shown (or ghosts are drawn) in a phase the status filter shows, and
    /// (for a story's item) no story below draws it already.
    pub(super) fn shows(&self, layer: &Layer, index: usize) -> bool {
        let Some(item) = layer.overlay.items.get(index) else {
            return false;
        };
        if !self.layer_shown(layer) {
            return false;
        }
        let this = layer.item(&item.id);
        if self
            .hidden_items
            .iter()
            .any(|hidden| self.layers.same_thing(hidden, &this))
        {
            return false;
        }
        let context = layer.corridors.get(index).is_some_and(|c| c.info.context);
        if context && self.context_hidden {
            return false;
        }
        if !self.shown_then(layer, index) {
            return false;
        }
        match layer.story {
            Some(_) => {
                !self.hidden_kinds.contains(&item.kind)
                    && self.drawing_story(&item.id) == Some(layer.id)
            }
            None => true,
        }
    }

    /// Per item of a layer: whether it is drawn; empty when all are (the usual case for big
    /// files, which then need no list as long as the file).
    pub(super) fn visibility(&self, layer: &Layer) -> Vec<bool> {
        let any_hidden = layer.story.is_some()
            || self.time_hides_some(layer)
            || self
                .hidden_items
                .iter()
                .any(|hidden| hidden.layer == layer.id);
        if !any_hidden {
            return Vec::new();
        }
        (0..layer.overlay.items.len())
            .map(|index| self.shows(layer, index))
            .collect()
    }

    /// The items and every story's copy of them: what the list, the article and the map
    /// mark when one of them is selected or hovered.
    pub(super) fn with_copies(&self, items: &[ItemRef]) -> Vec<ItemRef> {
        items
            .iter()
            .flat_map(|item| self.layers.copies(item))
            .collect()
    }

    /// The items and, for a corridor among them, every item it runs through: selecting a
    /// corridor marks its whole chain on the map.
    pub(super) fn with_legs(&self, items: &[ItemRef]) -> Vec<ItemRef> {
        let mut all = items.to_vec();
        for item in items {
            all.extend(self.layers.legs_of(item));
        }
        all
    }

    /// What each shown layer draws, bottom first: `highlighted` items are marked.
    pub(super) fn layer_drawing(&self, highlighted: &[ItemRef]) -> Vec<LayerDraw> {
        let indices = |layer: &Layer, items: &[ItemRef]| -> Vec<usize> {
            items
                .iter()
                .filter(|item| item.layer == layer.id)
                .filter_map(|item| layer.overlay.index_of(&item.id))
                .collect()
        };
        let selected = self.with_copies(&self.with_legs(&self.selection));
        let highlighted = self.with_copies(highlighted);
        self.layers
            .layers
            .iter()
            .filter(|layer| self.layer_shown(layer))
            .map(|layer| LayerDraw {
                id: layer.id,
                visible: self.visibility(layer),
                selected: indices(layer, &selected),
                highlighted: indices(layer, &highlighted),
                time: self.item_times(layer),
            })
            .collect()
    }

    /// The kinds of the shown items of stories, for the legend, and the phases other than
    /// operating that the shown items are in (plans, works, closed lines, ghosts).
    pub(super) fn legend(&self, draw: &[LayerDraw]) -> (Vec<Kind>, Vec<Phase>) {
        let mut kinds = BTreeSet::new();
        let mut phases = BTreeSet::new();
        for d in draw {
            let Some(layer) = self.layers.get(d.id).filter(|l| l.story.is_some()) else {
                continue;
            };
            for (index, item) in layer.overlay.items.iter().enumerate() {
                if !d.visible.get(index).copied().unwrap_or(true) {
                    continue;
                }
                kinds.insert(item.kind.clone());
                phases.insert(crate::map::overlay::phase_drawn(&d.time, index, item));
            }
        }
        phases.remove(&Phase::Operating);
        (kinds.into_iter().collect(), phases.into_iter().collect())
    }
}
