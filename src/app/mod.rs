//! The eframe application: owns the state, lays out the panels, applies actions in one place.
//!
//! [`start`] makes the app from its options and saved settings; [`query`] answers what it
//! shows. Files are taken in by [`crate::layers`], pictures by [`crate::screenshot`].

mod query;
mod start;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Key, Ui};

use crate::io::basemap::Basemap;
use crate::io::settings::{PanelLayout, SETTINGS_KEY, Settings};
use crate::layers::{Layer, LayerEvent, Layers};
use crate::map::view::BoundsDeg;
use crate::map::{
    ContextChoice, MapAction, MapInput, MapState, OnlineStatus, OverlayInput, map_ui,
};
use crate::model::{FeatureId, ItemRef, Kind, LayerId, PassageId};
use crate::panels::article::{ArticleView, article_ui};
use crate::panels::details::details_ui;
use crate::panels::help::{HelpWindows, help_windows_ui};
use crate::panels::items::{ItemsView, items_ui, search_id};
use crate::panels::layers::{drop_preview_ui, layers_ui, problems_ui};
use crate::panels::menu_bar::{MenuState, menu_bar_ui};
use crate::panels::status_bar::{Status, status_bar_ui};
use crate::panels::{Action, SidePanel};
pub use crate::screenshot::screenshot_file_name;
use crate::screenshot::{Moment, Screenshots};
pub use start::{APP_ID, AppOptions, Outcome};

/// The Corridor Atlas application.
pub struct App {
    settings: Settings,
    persist: bool,
    map: MapState,
    /// Every set of items on the map: the story's and the loaded files'.
    layers: Layers,
    /// What went wrong at start that belongs to no layer (settings, basemap), until dismissed.
    startup_problems: Vec<String>,
    /// The layer whose article the story panel shows and whose items the list shows.
    current_story: LayerId,
    /// The offline basemap: its place names are searched too.
    basemap: Arc<Basemap>,
    /// The help windows that are open.
    help: HelpWindows,
    /// Selected items; the first is the one the details panel shows.
    selection: Vec<ItemRef>,
    /// Kinds hidden in the item list (they apply to the items of stories).
    hidden_kinds: BTreeSet<Kind>,
    hidden_items: HashSet<ItemRef>,
    search: String,
    /// The item under the pointer on the map in the last frame.
    hovered: Option<ItemRef>,
    /// Scroll the article to this passage in the next frame.
    scroll_to: Option<PassageId>,
    /// The passage the article last scrolled to.
    article_focus: Option<PassageId>,
    notice: Option<String>,
    screenshots: Screenshots,
    started: Instant,
    frames: u64,
    /// How long after launch the first complete map was on screen.
    first_map: Option<Duration>,
    /// What went wrong with the command line (an unknown `--select` id): a screenshot run
    /// still saves its picture, then ends with this error.
    start_error: Option<String>,
    /// The item the details panel showed last, to scroll it to the top for a new one.
    details_shown_for: Option<ItemRef>,
    /// The online basemap's trouble has been told.
    online_trouble_told: bool,
}

/// The layers as the map takes them, borrowing what `draw` holds.
fn overlay_inputs<'a>(layers: &'a Layers, draw: &'a [LayerDraw]) -> Vec<OverlayInput<'a>> {
    draw.iter()
        .filter_map(|d| {
            let layer = layers.get(d.id)?;
            Some(OverlayInput {
                layer: layer.id,
                overlay: &layer.overlay,
                visible: &d.visible,
                selected: &d.selected,
                highlighted: &d.highlighted,
                tiles: layer.raster.as_ref(),
                // A file's items say which file they come from when hovered.
                layer_name: layer.path.as_ref().map(|_| layer.name.as_str()),
            })
        })
        .collect()
}

/// What one shown layer needs to be drawn in this frame, held while the map borrows it.
struct LayerDraw {
    id: LayerId,
    /// Per item: drawn or hidden; empty when all are drawn.
    visible: Vec<bool>,
    selected: Vec<usize>,
    highlighted: Vec<usize>,
}

impl App {
    /// The one visibility rule: an item is drawn when its layer is shown, its kind is not
    /// hidden (kinds are hidden in the list of a story's items), and it is not hidden itself.
    fn shows(&self, layer: &Layer, index: usize) -> bool {
        let Some(item) = layer.overlay.items.get(index) else {
            return false;
        };
        layer.visible
            && !(layer.story.is_some() && self.hidden_kinds.contains(&item.kind))
            && !self
                .hidden_items
                .iter()
                .any(|hidden| hidden.layer == layer.id && hidden.id == item.id)
    }

    /// Per item of a layer: whether it is drawn; empty when all are (the usual case for big
    /// files, which then need no list as long as the file).
    fn visibility(&self, layer: &Layer) -> Vec<bool> {
        let any_hidden = layer.story.is_some()
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

    /// What each shown layer draws, bottom first: `highlighted` items are marked.
    fn layer_drawing(&self, highlighted: &[ItemRef]) -> Vec<LayerDraw> {
        let indices = |layer: &Layer, items: &[ItemRef]| -> Vec<usize> {
            items
                .iter()
                .filter(|item| item.layer == layer.id)
                .filter_map(|item| layer.overlay.index_of(&item.id))
                .collect()
        };
        self.layers
            .layers
            .iter()
            .filter(|layer| layer.visible)
            .map(|layer| LayerDraw {
                id: layer.id,
                visible: self.visibility(layer),
                selected: indices(layer, &self.selection),
                highlighted: indices(layer, highlighted),
            })
            .collect()
    }

    /// What is hidden cannot stay selected: the map would not show what the panels describe.
    fn drop_hidden_from_selection(&mut self) {
        let selection = std::mem::take(&mut self.selection);
        self.selection = selection
            .into_iter()
            .filter(|item| self.is_visible(item))
            .collect();
    }

    fn select(&mut self, selection: Vec<ItemRef>) {
        // The article follows: it scrolls to the first passage of the first item that its
        // story mentions (the dateline stands above the article, always in view).
        self.scroll_to = selection
            .first()
            .filter(|item| item.layer == self.current_story)
            .and_then(|item| {
                let story = self.story()?;
                let dateline = crate::panels::article::dateline(story).map(|p| &p.id);
                story
                    .passages_of(&item.id)
                    .into_iter()
                    .find(|passage| Some(passage) != dateline)
            });
        self.selection = selection;
    }

    fn fit_items(&mut self, items: &[ItemRef]) {
        let bounds = items
            .iter()
            .filter_map(|item| self.layers.bounds_of(item))
            .reduce(BoundsDeg::union);
        if let Some(bounds) = bounds {
            self.map.fit_bounds(bounds);
        }
    }

    /// Shows an item that the user chose in a list: its layer, its kind and itself.
    fn unhide(&mut self, item: &ItemRef) {
        self.hidden_items.remove(item);
        let kind = self.layers.item(item).map(|(_, corridor)| corridor.kind());
        if let Some(layer) = self.layers.get_mut(item.layer) {
            layer.visible = true;
            if layer.story.is_some()
                && let Some(kind) = kind
            {
                self.hidden_kinds.remove(&kind);
            }
        }
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Map(map_action) => self.map.apply(map_action),
            Action::SetBasemap(choice) => self.settings.basemap = choice,
            Action::SaveScreenshot => {
                if let Err(message) = self.screenshots.ask_where_to_save(ctx) {
                    self.notice = Some(message);
                }
            }
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::DismissNotice => self.notice = None,
            Action::ShowGloss(show) => self.settings.show_gloss = show,
            Action::FlyTo(lon_deg, lat_deg) => self.map.fit_bounds(BoundsDeg {
                west: lon_deg,
                south: lat_deg,
                east: lon_deg,
                north: lat_deg,
            }),
            Action::FocusSearch => {
                self.settings.panels.items = true;
                ctx.memory_mut(|memory| memory.request_focus(search_id()));
            }
            Action::TogglePanel(SidePanel::Items) => {
                self.settings.panels.items = !self.settings.panels.items;
            }
            Action::TogglePanel(SidePanel::Story) => {
                self.settings.panels.story = !self.settings.panels.story;
            }
            Action::ResetLayout => {
                // New panel ids start at their default sizes.
                self.settings.panels = PanelLayout {
                    generation: self.settings.panels.generation.wrapping_add(1),
                    ..PanelLayout::default()
                };
            }
            Action::ShowHelp(topic) => self.help.open(topic),
            other => self.apply_to_items(ctx, other),
        }
    }

    /// Actions on items, passages and layers.
    fn apply_to_items(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Select(items) => self.select(items),
            Action::SelectAndFly(item) => {
                // Choosing a hidden item in a list means wanting to see it.
                self.unhide(&item);
                self.fit_items(std::slice::from_ref(&item));
                self.select(vec![item]);
            }
            Action::SelectPassage(passage) => {
                // Hidden items stay hidden, and out of the selection.
                let items: Vec<ItemRef> = self
                    .story()
                    .map(|story| story.features_of(&passage))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|id| ItemRef {
                        layer: self.current_story,
                        id,
                    })
                    .filter(|item| self.is_visible(item))
                    .collect();
                self.fit_items(&items);
                self.selection = items;
                self.scroll_to = Some(passage);
            }
            Action::ScrollToPassage(passage) => self.scroll_to = Some(passage),
            // Read from the frame's actions where the map is drawn.
            Action::HoverPassage(_) => {}
            Action::ToggleKind(kind) => {
                if !self.hidden_kinds.remove(&kind) {
                    self.hidden_kinds.insert(kind);
                }
                self.drop_hidden_from_selection();
            }
            Action::ToggleItem(item) => {
                if !self.hidden_items.remove(&item) {
                    self.hidden_items.insert(item);
                }
                self.drop_hidden_from_selection();
            }
            other => self.apply_to_layers(ctx, other),
        }
    }

    /// Actions on files and layers.
    fn apply_to_layers(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenFiles => self.ask_which_files_to_open(ctx),
            Action::LoadFiles(paths) => {
                let events = self.layers.open(paths, ctx);
                self.take_layer_events(events);
            }
            Action::ToggleLayer(id) => {
                if let Some(layer) = self.layers.get_mut(id) {
                    layer.visible = !layer.visible;
                }
                self.drop_hidden_from_selection();
            }
            Action::ZoomToLayer(id) => {
                if let Some(layer) = self.layers.get_mut(id) {
                    layer.visible = true;
                }
                if let Some(bounds) = self.layers.get(id).and_then(Layer::bounds) {
                    self.map.fit_bounds(bounds);
                }
            }
            Action::RemoveLayer(id) => {
                self.layers.remove(id);
                self.selection.retain(|item| item.layer != id);
                self.hidden_items.retain(|item| item.layer != id);
            }
            Action::CancelLoading(path) => {
                for loading in self.layers.loading.iter().filter(|l| l.path == path) {
                    loading
                        .progress
                        .cancel
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Action::DismissProblems => {
                self.startup_problems.clear();
                self.layers.dismiss_problems();
            }
            _ => {}
        }
    }

    /// Asks which files to open; the window goes on meanwhile.
    fn ask_which_files_to_open(&mut self, ctx: &egui::Context) {
        if !self.layers.ask_which_files_to_open(ctx) {
            self.notice = Some("Cannot open the file dialog.".to_owned());
        }
    }

    /// Tells what became of loads, and moves the view to a layer the user asked for.
    fn take_layer_events(&mut self, events: Vec<LayerEvent>) {
        for event in events {
            match event {
                LayerEvent::Added { id, fit } => {
                    let Some(layer) = self.layers.get(id) else {
                        continue;
                    };
                    self.notice = Some(format!(
                        "Loaded {} ({}).",
                        layer.name,
                        crate::words::counted(layer.corridors.len(), "feature", "features")
                    ));
                    if let Some(bounds) = layer.bounds().filter(|_| fit) {
                        self.map.fit_bounds(bounds);
                    }
                }
                LayerEvent::Reloaded(id) => {
                    if let Some(layer) = self.layers.get(id) {
                        self.notice =
                            Some(format!("{} changed on disk and was reloaded.", layer.name));
                    }
                    // The selection stays on the items with the same id, if they survived.
                    let before = self.selection.len();
                    let layers = &self.layers;
                    self.selection
                        .retain(|item| item.layer != id || layers.item(item).is_some());
                    if self.selection.len() < before {
                        self.notice =
                            Some("The selected item is no longer in the reloaded file.".to_owned());
                    }
                }
                LayerEvent::Cancelled(path) => {
                    self.notice = Some(format!("Stopped loading {}.", path.display()));
                }
                LayerEvent::AlreadyLoaded(path) => {
                    self.notice = Some(format!("{} is loaded already.", path.display()));
                }
            }
        }
    }

    /// The shortcuts that work even while a text field has the keyboard.
    fn shortcut_actions(ctx: &egui::Context) -> Vec<Action> {
        ctx.input_mut(|input| {
            crate::panels::shortcuts()
                .into_iter()
                .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
                .map(|(_, action)| action)
                .collect()
        })
    }

    /// Tells once, in the status bar, that the online basemap cannot be reached.
    fn online_step(&mut self) {
        match self.map.online_status() {
            OnlineStatus::Unreachable if !self.online_trouble_told => {
                self.online_trouble_told = true;
                self.notice = Some(format!(
                    "{} cannot be reached; the offline map is shown.",
                    self.settings.basemap.label()
                ));
            }
            OnlineStatus::NotInUse | OnlineStatus::Reachable => self.online_trouble_told = false,
            _ => {}
        }
    }

    /// The selected and hovered items of the story shown, by their id in it: what the list
    /// and the article mark.
    fn story_ids(&self, items: &[ItemRef]) -> Vec<FeatureId> {
        items
            .iter()
            .filter(|item| item.layer == self.current_story)
            .map(|item| item.id.clone())
            .collect()
    }

    /// The left panel: the loaded layers, then the story's items with the search.
    fn items_panel_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        actions.extend(layers_ui(ui, &self.layers));
        ui.separator();
        let view = ItemsView {
            search: &mut self.search,
            hidden_kinds: &self.hidden_kinds,
            hidden_items: &self.hidden_items,
            selection: &self.selection,
            hovered: self.hovered.as_ref(),
            layers: &self.layers,
            places: &self.basemap.places,
        };
        actions.extend(items_ui(ui, self.layers.get(self.current_story), view));
        actions
    }

    /// The right panel: the details of the selection over the article.
    fn story_panel_ui(&mut self, ui: &mut Ui, scroll_to: Option<&PassageId>) -> Vec<Action> {
        let mut actions = Vec::new();
        let shown_for = self
            .selection
            .first()
            .filter(|item| self.layers.item(item).is_some())
            .cloned();
        let new_selection = shown_for != self.details_shown_for;
        self.details_shown_for.clone_from(&shown_for);
        // Nothing selected: a line of help, not half the panel.
        let details = if shown_for.is_some() {
            egui::Panel::top(egui::Id::unique((
                "details-panel",
                self.settings.panels.generation,
            )))
            .resizable(true)
            .default_size((ui.available_height() * 0.45).clamp(120.0, 360.0))
        } else {
            egui::Panel::top("details-empty").resizable(false)
        };
        details.show(ui, |ui| {
            ui.heading("Details");
            let mut scroll = egui::ScrollArea::vertical()
                .id_salt("details-scroll")
                .auto_shrink([false, shown_for.is_none()]);
            if new_selection {
                // Each new item is read from its name down.
                scroll = scroll.vertical_scroll_offset(0.0);
            }
            scroll.show(ui, |ui| {
                actions.extend(details_ui(ui, &self.layers, &self.selection));
            });
        });
        let selection = self.story_ids(&self.selection);
        let hovered = self.story_ids(self.hovered.as_slice());
        egui::CentralPanel::default().show(ui, |ui| {
            let Some((layer, story)) = self
                .layers
                .get(self.current_story)
                .and_then(|layer| Some((layer, layer.story.as_ref()?)))
            else {
                ui.weak("No story is open.");
                return;
            };
            let view = ArticleView {
                selection: &selection,
                hovered: hovered.first(),
                scroll_to,
                show_gloss: self.settings.show_gloss,
            };
            actions.extend(article_ui(ui, layer, story, &view));
        });
        actions
    }

    /// The kinds of the shown items of stories, for the legend, and whether any is planned.
    fn legend(&self, draw: &[LayerDraw]) -> (Vec<Kind>, bool) {
        let mut kinds = BTreeSet::new();
        let mut planned = false;
        for d in draw {
            let Some(layer) = self.layers.get(d.id).filter(|l| l.story.is_some()) else {
                continue;
            };
            for (index, item) in layer.overlay.items.iter().enumerate() {
                if d.visible.get(index).copied().unwrap_or(true) {
                    kinds.insert(item.kind.clone());
                    planned |= item.planned;
                }
            }
        }
        (kinds.into_iter().collect(), planned)
    }

    /// The map in the middle, with everything drawn over it.
    fn map_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        // The article and the list are drawn before the map: their hover counts in this frame.
        let hovered_passage = actions.iter().rev().find_map(|action| match action {
            Action::HoverPassage(passage) => Some(passage.clone()),
            _ => None,
        });
        let mut highlighted: Vec<ItemRef> = hovered_passage
            .and_then(|passage| Some(self.story()?.features_of(&passage)))
            .unwrap_or_default()
            .into_iter()
            .map(|id| ItemRef {
                layer: self.current_story,
                id,
            })
            .collect();
        highlighted.extend(self.hovered.clone());
        let draw = self.layer_drawing(&highlighted);
        let (legend_kinds, legend_planned) = self.legend(&draw);
        let output = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let overlays = overlay_inputs(&self.layers, &draw);
                let layer_bounds = self
                    .layers
                    .files()
                    .filter(|layer| layer.visible)
                    .filter_map(Layer::bounds)
                    .reduce(BoundsDeg::union);
                let input = MapInput {
                    basemap: self.settings.basemap,
                    overlays: &overlays,
                    legend_kinds: &legend_kinds,
                    legend_planned,
                    legend_open: self.settings.legend_open,
                    layer_bounds,
                };
                map_ui(ui, &mut self.map, &input)
            })
            .inner;
        self.hovered = output.hovered;
        if let Some(open) = output.legend_open {
            self.settings.legend_open = open;
        }
        actions.extend(output.action.map(Action::Map));
        match output.clicked {
            Some(Some(item)) => actions.push(Action::Select(vec![item])),
            Some(None) => actions.push(Action::Select(Vec::new())),
            None => {}
        }
        match output.context {
            Some(ContextChoice::Copy(text)) => {
                ui.ctx().copy_text(text.clone());
                self.notice = Some(format!("Copied {text}"));
            }
            Some(ContextChoice::ZoomHere(lon_deg, lat_deg)) => {
                actions.push(Action::Map(MapAction::ZoomTo(lon_deg, lat_deg)));
            }
            Some(ContextChoice::Select(item)) => actions.push(Action::Select(vec![item])),
            None => {}
        }
    }

    fn keyboard_actions(ctx: &egui::Context) -> Vec<Action> {
        if ctx.egui_wants_keyboard_input() {
            return Vec::new();
        }
        let step = 100.0;
        ctx.input(|input| {
            // With Ctrl or Cmd held these keys belong to the menus' shortcuts.
            if input.modifiers.command {
                return Vec::new();
            }
            [
                (Key::Plus, MapAction::ZoomIn),
                (Key::Equals, MapAction::ZoomIn),
                (Key::Minus, MapAction::ZoomOut),
                (Key::Home, MapAction::Home),
                (Key::ArrowLeft, MapAction::Pan(egui::vec2(-step, 0.0))),
                (Key::ArrowRight, MapAction::Pan(egui::vec2(step, 0.0))),
                (Key::ArrowUp, MapAction::Pan(egui::vec2(0.0, -step))),
                (Key::ArrowDown, MapAction::Pan(egui::vec2(0.0, step))),
            ]
            .into_iter()
            .filter(|(key, _)| input.key_pressed(*key))
            .map(|(_, action)| Action::Map(action))
            .chain(
                input
                    .key_pressed(Key::Escape)
                    .then(|| Action::Select(Vec::new())),
            )
            .collect()
        })
    }

    /// The bars and side panels around the map.
    fn frame_panels_ui(&mut self, ui: &mut Ui, scroll_to: Option<&PassageId>) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::Panel::top("menu-bar").show(ui, |ui| {
            let menu = MenuState {
                basemap: self.settings.basemap,
                panels: self.settings.panels,
            };
            actions.extend(menu_bar_ui(ui, &menu));
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let status = Status {
                pointer: self.map.hover_position.map(|p| (p.x(), p.y())),
                zoom: self.map.view().zoom,
                tiles_pending: self.map.tiles_pending(),
                basemap: self.settings.basemap,
                online: self.map.online_status(),
                notice: self.notice.as_deref(),
            };
            actions.extend(status_bar_ui(ui, &status));
        });
        if !self.startup_problems.is_empty() || self.layers.has_problems() {
            let problems = self.problems();
            egui::Panel::bottom("problems-panel").show(ui, |ui| {
                actions.extend(problems_ui(ui, &problems));
            });
        }
        let window_width = ui.ctx().content_rect().width();
        let generation = self.settings.panels.generation;
        if self.settings.panels.items {
            egui::Panel::left(egui::Id::unique(("items-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.2).clamp(170.0, 260.0))
                .min_size(150.0)
                // A narrower window narrows the panels too: the map keeps most of it.
                .max_size((window_width * 0.22).max(160.0))
                .show(ui, |ui| actions.extend(self.items_panel_ui(ui)));
        }
        if self.settings.panels.story {
            egui::Panel::right(egui::Id::unique(("story-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.3).clamp(220.0, 400.0))
                .min_size(200.0)
                .max_size((window_width * 0.32).max(220.0))
                .show(ui, |ui| actions.extend(self.story_panel_ui(ui, scroll_to)));
        }
        actions
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frames += 1;
        let ctx = ui.ctx().clone();
        let mut actions = Self::shortcut_actions(&ctx);
        actions.extend(Self::keyboard_actions(&ctx));
        let scroll_to = self.scroll_to.take();
        if scroll_to.is_some() {
            self.article_focus.clone_from(&scroll_to);
        }
        let events = self.layers.take_in(&ctx);
        self.take_layer_events(events);
        self.settings.layers = self.layers.session();
        self.online_step();

        actions.extend(self.frame_panels_ui(ui, scroll_to.as_ref()));
        self.map_panel_ui(ui, &mut actions);
        actions.extend(help_windows_ui(&ctx, &mut self.help));
        drop_preview_ui(ui);

        // What an action changes is drawn in the next frame, and a scroll takes one more.
        if scroll_to.is_some()
            || actions
                .iter()
                .any(|action| !matches!(action, Action::HoverPassage(_)))
        {
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(&ctx, action);
        }
        self.settings.view = Some(self.map.view());
        if self.first_map.is_none() && self.map.tiles_pending() == 0 && self.map.tiles_cached() > 0
        {
            self.first_map = Some(self.started.elapsed());
        }
        let moment = Moment {
            settled: self.map.tiles_pending() == 0
                && self.map.layer_tiles_pending() == 0
                && self.layers.loading.is_empty()
                && self.frames >= 5
                && self.started.elapsed() > Duration::from_millis(300),
            first_map: self.first_map,
            start_error: &mut self.start_error,
        };
        if let Some(notice) = self.screenshots.step(&ctx, moment) {
            self.notice = Some(notice);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        // Panel sizes and folded sections come back next time, except after a fresh start.
        self.persist
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        }
    }
}
