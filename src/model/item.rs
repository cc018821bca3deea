//! How an item on the map is named everywhere: the layer it belongs to and its id there.

use crate::model::corridor::FeatureId;

/// A layer of the map: the bundled story, a story or a file the user opened. Stable while the
/// app runs; a reloaded file keeps its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub u64);

impl LayerId {
    /// The story bundled with the app, which every window opens with.
    pub const BUNDLED_STORY: Self = Self(0);
}

impl std::fmt::Display for LayerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "layer {}", self.0)
    }
}

/// One item of one layer. Items with the same id in two layers are two items.
///
/// # Examples
/// ```
/// use corridor_atlas::model::{ItemRef, LayerId};
/// let railway = ItemRef::new(LayerId::BUNDLED_STORY, "baku-tbilisi-kars-railway");
/// assert_ne!(railway, ItemRef::new(LayerId(3), "baku-tbilisi-kars-railway"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemRef {
    /// The layer it belongs to.
    pub layer: LayerId,
    /// Its id within the layer.
    pub id: FeatureId,
}

impl ItemRef {
    /// The item `id` of `layer`.
    pub fn new(layer: LayerId, id: impl Into<String>) -> Self {
        Self {
            layer,
            id: FeatureId(id.into()),
        }
    }
}
