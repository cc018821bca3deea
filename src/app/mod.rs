//! The eframe application: owns the state, lays out the panels, applies actions in one place.
//!
//! This file holds the state, applies actions and runs a frame. Beside it: `start` makes the
//! app from its options and saved settings, `layout` draws the bars, panels and map,
//! `drawing` says what each layer draws (the one visibility rule), `input` reads keys, and
//! `query` answers what the app shows. Files are taken in by [`crate::layers`], pictures by
//! [`crate::screenshot`].

mod drawing;
mod edits;
mod export;
mod figure_export;
mod input;
mod layout;
mod query;
mod start;
mod time;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::Ui;

use crate::io::basemap::Basemap;
use crate::io::settings::{PanelLayout, SETTINGS_KEY, Settings};
use crate::layers::{Layer, LayerEvent, Layers};
use crate::map::view::BoundsDeg;
use crate::map::{MapState, OnlineStatus};
use crate::model::{ItemRef, Kind, LayerId, PassageId};
use crate::panels::help::{HelpWindows, help_windows_ui};
use crate::panels::items::search_id;
use crate::panels::layers::drop_preview_ui;
use crate::panels::{Action, SidePanel};
pub use crate::screenshot::screenshot_file_name;
use crate::screenshot::{Moment, Screenshots};
use edits::Quitting;
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
    /// How long after launch the map was first drawn whole: the basemap, and every file
    /// named at launch loaded and drawn.
    first_full: Option<Duration>,
    /// What went wrong with the command line (an unknown `--select` id): a screenshot run
    /// still saves its picture, then ends with this error.
    start_error: Option<String>,
    /// The item the details panel showed last, to scroll it to the top for a new one.
    details_shown_for: Option<ItemRef>,
    /// The online basemap's trouble has been told.
    online_trouble_told: bool,
    /// Words selected in the article of the story being edited (a byte range).
    words: Option<std::ops::Range<usize>>,
    /// Where closing the window stands when a story has unsaved changes.
    quitting: Quitting,
    /// The context items (not named by any article) are hidden.
    context_hidden: bool,
    /// The dialog that asks where to export, while the user chooses.
    export_dialog: Option<crate::dialogs::PendingDialog<rfd::FileHandle>>,
    /// The date the map shows, and the status filter.
    time: time::TimeState,
    /// The *Export map* window, while it is open.
    figure_export: Option<figure_export::FigureExport>,
}

impl App {
    /// What is hidden cannot stay selected: the map would not show what the panels describe.
    fn drop_hidden_from_selection(&mut self) {
        let selection = std::mem::take(&mut self.selection);
        self.selection = selection
            .into_iter()
            .filter(|item| self.is_visible(item))
            .collect();
    }

    fn select(&mut self, selection: Vec<ItemRef>) {
        // The story being edited stays in view: an item is selected there to link words to.
        let editing = self.layers.editing(self.current_story).is_some();
        if let Some(story) = selection
            .first()
            .filter(|_| !editing)
            .and_then(|item| self.story_mentioning(item))
        {
            self.current_story = story;
        }
        // The article follows: it scrolls to the first passage of the first item that its
        // story mentions (the dateline stands above the article, always in view).
        self.scroll_to = selection.first().and_then(|item| {
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
        // A corridor has no line of its own: its chain is fitted.
        let bounds = self
            .with_legs(items)
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
            Action::Time(time_action) => self.apply_time(time_action),
            Action::SetBasemap(choice) => self.settings.basemap = choice,
            Action::SaveScreenshot => self.screenshots.ask_where_to_save(ctx),
            Action::ExportGeoJson => self.ask_where_to_export(ctx),
            Action::ExportFigure => self.open_figure_export(),
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
            Action::CopyText { text, what } => {
                ctx.copy_text(text);
                self.notice = Some(format!("Copied {what}."));
            }
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
            Action::ShowPassage(story, passage) => {
                if self.layers.is_story(story) {
                    self.current_story = story;
                    self.scroll_to = Some(passage);
                }
            }
            Action::ShowStory(story) => {
                if self.layers.is_story(story) {
                    self.current_story = story;
                }
            }
            Action::OnlyCurrentStory(only) => {
                self.settings.only_current_story = only;
                self.drop_hidden_from_selection();
            }
            // Read from the frame's actions where the map is drawn.
            Action::HoverPassage(_) => {}
            Action::ToggleKind(kind) => {
                if !self.hidden_kinds.remove(&kind) {
                    self.hidden_kinds.insert(kind);
                }
                self.drop_hidden_from_selection();
            }
            Action::ToggleContext => {
                self.context_hidden = !self.context_hidden;
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
            Action::OpenFiles => self.layers.ask_which_files_to_open(ctx),
            Action::DraftStory => self.layers.ask_which_article_to_draft(ctx),
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
                if self.current_story == id {
                    // Back to the story below: the bundled one, or another still open.
                    self.current_story = self
                        .layers
                        .layers
                        .iter()
                        .find(|layer| layer.story.is_some())
                        .map_or(LayerId::BUNDLED_STORY, |layer| layer.id);
                }
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
            other => self.apply_to_edits(ctx, other),
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
                    // A story the user opened is the one they want to read.
                    if fit && layer.story.is_some() {
                        self.current_story = id;
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
        self.quit_guard(&ctx);
        self.export_step();
        let events = self.layers.take_in(&ctx);
        self.take_layer_events(events);
        self.settings.layers = self.layers.session();
        self.online_step();
        self.play_step(&ctx);

        actions.extend(self.frame_panels_ui(ui, scroll_to.as_ref()));
        self.map_panel_ui(ui, &mut actions);
        actions.extend(help_windows_ui(&ctx, &mut self.help));
        self.figure_export_step(&ctx);
        actions.extend(self.quit_question_ui(&ctx));
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
        if self.first_full.is_none()
            && self.first_map.is_some()
            && self.map.layer_tiles_pending() == 0
            && self.layers.loading.is_empty()
        {
            self.first_full = Some(self.started.elapsed());
        }
        let moment = Moment {
            settled: self.map.tiles_pending() == 0
                && self.map.layer_tiles_pending() == 0
                && self.layers.loading.is_empty()
                && self.frames >= 5
                && self.started.elapsed() > Duration::from_millis(300),
            first_map: self.first_map.zip(self.first_full),
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
