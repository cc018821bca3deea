//! What the app shows and holds, asked from outside: by `main`, and by tests that check what
//! a user would see.

use crate::io::settings::{Settings, View};
use crate::layers::{Layer, Layers};
use crate::model::{Corridor, ItemRef, PassageId, Story};

use super::App;

impl App {
    /// Selected items, the one shown in the details panel first.
    pub fn selection(&self) -> &[ItemRef] {
        &self.selection
    }

    /// The first selected item, as its layer has it.
    pub fn selected_corridor(&self) -> Option<&Corridor> {
        self.layers
            .item(self.selection.first()?)
            .map(|(_, corridor)| corridor)
    }

    /// Selects an item, as a click on it would.
    pub fn select_item(&mut self, item: ItemRef) {
        self.select(vec![item]);
    }

    /// The layer whose article the story panel shows.
    pub fn story_layer(&self) -> Option<&Layer> {
        self.layers.get(self.current_story)
    }

    /// The article the story panel shows, with its links.
    pub fn story(&self) -> Option<&Story> {
        self.story_layer()?.story.as_ref()
    }

    /// The passage the article was last asked to scroll to.
    pub fn scrolled_to(&self) -> Option<&PassageId> {
        self.article_focus.as_ref()
    }

    /// Whether an item is drawn on the map (its layer is shown, and neither its kind nor
    /// itself is hidden), by its own layer or, for a story's item, by another story.
    pub fn is_visible(&self, item: &ItemRef) -> bool {
        // An item of several stories is drawn once, by one of them.
        self.layers.copies(item).iter().any(|copy| {
            self.layers.get(copy.layer).is_some_and(|layer| {
                layer
                    .overlay
                    .index_of(&copy.id)
                    .is_some_and(|index| self.shows(layer, index))
            })
        })
    }

    /// Where an item is drawn, in screen points, if it is a point or a line (a vertex in
    /// the middle of it).
    pub fn screen_position_of(&self, item: &ItemRef) -> Option<egui::Pos2> {
        let layer = self.layers.get(item.layer)?;
        // (Every story's copy of an item is where that story puts it.)
        let shapes = layer.overlay.shapes(layer.overlay.index_of(&item.id)?);
        self.map.screen_position_of(shapes.all().first()?)
    }

    /// Where a position is on the screen, as the map was last drawn.
    pub fn screen_position(&self, lon_deg: f64, lat_deg: f64) -> egui::Pos2 {
        self.map.screen_position(lon_deg, lat_deg)
    }

    /// The item a click at `pos` would select, as the map was last drawn.
    pub fn item_at(&self, pos: egui::Pos2) -> Option<ItemRef> {
        let draw = self.layer_drawing(&[]);
        self.map
            .item_at(&super::drawing::overlay_inputs(&self.layers, &draw), pos)
    }

    /// The map's current view.
    pub fn view(&self) -> View {
        self.map.view()
    }

    /// Whether a position is inside the map area shown in the last frame.
    pub fn is_on_screen(&self, lon_deg: f64, lat_deg: f64) -> bool {
        self.map.is_on_screen(lon_deg, lat_deg)
    }

    /// Offline basemap tiles still being drawn.
    pub fn tiles_pending(&self) -> usize {
        self.map.tiles_pending()
    }

    /// Tiles of big layers still being drawn.
    pub fn layer_tiles_pending(&self) -> usize {
        self.map.layer_tiles_pending()
    }

    /// Offline basemap tiles drawn and ready to show.
    pub fn basemap_tiles_cached(&self) -> usize {
        self.map.tiles_cached()
    }

    /// The current settings, as they would be saved.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The layers: the story's and the loaded files'.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }

    /// The lines of the problems area: what went wrong at start, then what the layers hold.
    pub fn problems(&self) -> Vec<String> {
        let mut lines = self.startup_problems.clone();
        lines.extend(self.layers.problem_lines());
        lines
    }

    /// Where the map was drawn in the last frame, in screen points.
    pub fn map_rect(&self) -> egui::Rect {
        self.map.last_rect()
    }

    /// The longitude and latitude under a screen position, as the map was last drawn.
    pub fn position_at(&self, pos: egui::Pos2) -> (f64, f64) {
        self.map.position_at(pos)
    }

    /// What the search box holds.
    pub fn search_text(&self) -> &str {
        &self.search
    }

    /// The item under the pointer on the map, if there is one.
    pub fn hovered_item(&self) -> Option<&ItemRef> {
        self.hovered.as_ref()
    }

    /// The items as shown (visible layers, hidden kinds and items left out) as GeoJSON, each
    /// with the sentences that mention it, as they were on the date shown.
    pub fn export_geojson(&self) -> serde_json::Value {
        let layers: Vec<crate::io::export::ExportLayer<'_>> = self
            .layers
            .layers
            .iter()
            .filter(|layer| self.layer_shown(layer))
            .map(|layer| crate::io::export::ExportLayer {
                name: &layer.name,
                story: layer.story.as_ref(),
                items: layer
                    .corridors
                    .iter()
                    .enumerate()
                    .filter(|(index, corridor)| {
                        // A corridor has nothing drawn, but it is shown when its layer is.
                        !corridor.info.legs.is_empty() || self.shows(layer, *index)
                    })
                    .map(|(_, corridor)| corridor)
                    .collect(),
            })
            .collect();
        crate::io::export::geojson(&layers, Some(self.as_of()))
    }

    /// The message shown in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }
}
