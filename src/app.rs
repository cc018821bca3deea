//! The eframe application: owns the state, lays out the panels, applies actions in one place.

use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, Ui};

use std::collections::{BTreeSet, HashSet};

use crate::dialogs::{DialogAnswer, DialogChannel, dialog_on_thread};
use crate::io::basemap::Basemap;
use crate::io::load::problem_lines;
use crate::io::settings::LayerSetting;
use crate::io::settings::{PanelLayout, SETTINGS_KEY, Settings};
use crate::layers::{Layer, LayerEvent, Layers, Start, StartError};
use crate::map::OverlayInput;
use crate::map::overlay::Overlay;
use crate::map::view::{BoundsDeg, HOME_BOUNDS};
use crate::map::{ContextChoice, MapAction, MapInput, MapState, OnlineStatus, map_ui};
use crate::model::{Corridor, FeatureId, Kind, PassageId, Story};
use crate::panels::article::{ArticleView, article_ui};
use crate::panels::details::details_ui;
use crate::panels::details::file_item_ui;
use crate::panels::help::{HelpWindows, help_windows_ui};
use crate::panels::items::search_id;
use crate::panels::items::{ItemsView, items_ui};
use crate::panels::layers::{layers_ui, problems_ui};
use crate::panels::menu_bar::{MenuState, menu_bar_ui};
use crate::panels::status_bar::{Status, status_bar_ui};
use crate::panels::{Action, SidePanel};
pub use crate::screenshot::screenshot_file_name;
use crate::screenshot::{Moment, Screenshots};

/// How a run that was asked for a screenshot ended: `Ok` with a message, or `Err` with what
/// went wrong. Read by `main` after the window closes.
pub type Outcome = Arc<Mutex<Option<Result<String, String>>>>;

/// How the app is started.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Save a screenshot here once the map has settled, then close.
    pub screenshot: Option<PathBuf>,
    /// Corridor files named on the command line.
    pub files: Vec<PathBuf>,
    /// Ignore saved settings and do not save any: a reproducible start.
    pub fresh: bool,
    /// Open with the item of this id selected.
    pub select: Option<String>,
    /// Where a screenshot run reports how it ended.
    pub outcome: Outcome,
    /// When the process started, to report how long the first map took.
    pub launched: Option<Instant>,
    /// Fetch online basemap tiles (and keep them in the user's cache) when an online map is
    /// chosen. Off, as in tests, an online map is never asked for and counts as unreachable.
    pub network: bool,
}

/// The box around every item of a story that is not a whole country or region: the places,
/// ports, routes and lines it speaks of.
fn story_bounds(overlay: &Overlay) -> Option<BoundsDeg> {
    overlay
        .items
        .iter()
        .filter(|item| item.kind != Kind::Region)
        .filter_map(|item| item.bounds)
        .reduce(BoundsDeg::union)
}

/// The Corridor Atlas application.
pub struct App {
    settings: Settings,
    persist: bool,
    map: MapState,
    /// Loaded corridor files.
    layers: Layers,
    /// The selected item of a loaded file: (layer key, item id). By id, so that it survives a
    /// reload of the file.
    selected_file_item: Option<(u64, usize, FeatureId)>,
    /// Messages for the problems area, until dismissed.
    problems: Vec<String>,
    /// Files chosen in the open dialog, or `None` when no dialog could be shown.
    opened_files: DialogChannel<Vec<PathBuf>>,
    story: Story,
    overlay: Overlay,
    /// The offline basemap: its place names are searched too.
    basemap: Arc<Basemap>,
    /// The help windows that are open.
    help: HelpWindows,
    /// Selected items; the first is the one the details panel shows.
    selection: Vec<FeatureId>,
    hidden_kinds: BTreeSet<Kind>,
    hidden_items: HashSet<FeatureId>,
    search: String,
    /// The item under the pointer on the map in the last frame: (overlay, item).
    hovered_item: Option<(usize, usize)>,
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
    /// The item under the pointer on the map, when it is one of the story's.
    hovered_story_item: Option<FeatureId>,
    /// The selection the details panel showed last, to scroll it to the top for a new one.
    details_shown_for: Option<String>,
    /// The online basemap's trouble has been told.
    online_trouble_told: bool,
}

impl App {
    /// Creates the app: fonts, saved settings (unless `options.fresh`), the map.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        if options.fresh {
            // eframe restores panel sizes and folded sections before the app exists.
            cc.egui_ctx
                .memory_mut(|memory| *memory = egui::Memory::default());
        }
        cc.egui_ctx.set_fonts(crate::fonts::definitions());
        // A map reads best in light surroundings; the article's colour marks are made for it.
        cc.egui_ctx.set_theme(egui::Theme::Light);
        // Ctrl with + and - zooms the map, and Ctrl+0 resets the layout: not the interface.
        cc.egui_ctx
            .options_mut(|options| options.zoom_with_keyboard = false);
        let mut persist = !options.fresh;
        // Every start-up message is kept, for the problems area: none hides another.
        let mut startup: Vec<String> = Vec::new();
        let settings = match (options.fresh, cc.storage) {
            (false, Some(storage)) => match eframe::get_value::<Settings>(storage, SETTINGS_KEY) {
                Some(settings) => settings,
                None if storage.get_string(SETTINGS_KEY).is_some() => {
                    // Keep the damaged file for the user to look at: this run saves nothing.
                    persist = false;
                    let file = eframe::storage_dir(APP_ID).map_or_else(
                        || "the settings file".to_owned(),
                        |dir| dir.join("app.ron").display().to_string(),
                    );
                    startup.push(format!(
                        "The saved settings in {file} could not be read, so the defaults are used. The file is left untouched: this run saves nothing over it. Delete it to start afresh."
                    ));
                    Settings::default()
                }
                None => {
                    startup.extend(back_up_damaged_settings_file());
                    Settings::default()
                }
            },
            _ => Settings::default(),
        };
        let basemap = Arc::new(Basemap::bundled().unwrap_or_else(|error| {
            startup.push(format!("The offline basemap is damaged: {error}"));
            Basemap::default()
        }));
        let loaded = crate::io::story::bundled();
        startup.extend(
            loaded
                .warnings
                .iter()
                .map(|warning| format!("The bundled story has a problem: {warning}")),
        );
        let story = loaded.story;
        let overlay = Overlay::new(
            &story.corridors,
            &basemap.countries,
            egui::Color32::GRAY,
            true,
        );
        let mut layers = Layers::new(basemap.clone());
        let basemap_for_search = basemap.clone();
        // A damaged settings file is told where there is room to read it.
        let mut problems = startup;
        // Files of the last session come back, then those named on the command line.
        let remembered: Vec<(PathBuf, Start)> = if options.fresh {
            Vec::new()
        } else {
            settings
                .layers
                .iter()
                .map(|l| {
                    let colour = l.colour.map(|[r, g, b]| crate::style::rgb(r, g, b));
                    (
                        l.path.clone(),
                        Start::Restore {
                            visible: l.visible,
                            colour,
                        },
                    )
                })
                .collect()
        };
        let named = options.files.into_iter().map(|path| (path, Start::User));
        for (path, why) in remembered.into_iter().chain(named) {
            if path.exists() {
                // A file of the last session named again on the command line loads once.
                if let Err(error @ StartError::NoThread { .. }) =
                    layers.start(path, &cc.egui_ctx, why)
                {
                    problems.push(error.to_string());
                }
            } else {
                problems.push(format!(
                    "{}: the file is not there (any more); skipped",
                    path.display()
                ));
            }
        }
        let home = story_bounds(&overlay).unwrap_or(HOME_BOUNDS);
        let mut map = MapState::new(&cc.egui_ctx, basemap, settings.view, home);
        map.set_network(options.network);
        let screenshots = Screenshots::new(
            options.outcome,
            options
                .screenshot
                .map(|path| (path, options.launched.unwrap_or_else(Instant::now))),
        );
        let mut app = Self {
            settings,
            persist,
            map,
            layers,
            selected_file_item: None,
            problems,
            opened_files: channel(),
            story,
            overlay,
            basemap: basemap_for_search,
            help: HelpWindows::default(),
            selection: Vec::new(),
            hidden_kinds: BTreeSet::new(),
            hidden_items: HashSet::new(),
            search: String::new(),
            hovered_item: None,
            scroll_to: None,
            article_focus: None,
            notice: None,
            screenshots,
            started: options.launched.unwrap_or_else(Instant::now),
            frames: 0,
            first_map: None,
            start_error: None,
            hovered_story_item: None,
            details_shown_for: None,
            online_trouble_told: false,
        };
        if let Some(id) = options.select {
            let id = FeatureId(id);
            if app.story.corridor(&id).is_some() {
                // As a click in the list: selected and fitted into view.
                if let Some(bounds) = app.bounds_of(std::slice::from_ref(&id)) {
                    app.map.fit_bounds(bounds);
                }
                app.select(vec![id]);
            } else {
                let message = format!(
                    "There is no item with the id “{id}”; the ids are listed in data/caspian-2023-04-10/corridors.geojson."
                );
                app.notice = Some(message.clone());
                app.start_error = Some(message);
            }
        }
        app
    }

    /// Selected items, the one shown in the details panel first.
    pub fn selection(&self) -> &[FeatureId] {
        &self.selection
    }

    /// The bundled story.
    pub fn story(&self) -> &Story {
        &self.story
    }

    /// The passage the article was last asked to scroll to.
    pub fn scrolled_to(&self) -> Option<&PassageId> {
        self.article_focus.as_ref()
    }

    /// Whether an item is drawn on the map (its kind and itself are not hidden).
    pub fn is_visible(&self, id: &FeatureId) -> bool {
        self.story.corridor(id).is_some_and(|c| {
            !self.hidden_kinds.contains(&c.kind()) && !self.hidden_items.contains(id)
        })
    }

    /// Where an item is drawn, in screen points, if it is a point or a line (a vertex in
    /// the middle of it).
    pub fn screen_position_of(&self, id: &FeatureId) -> Option<egui::Pos2> {
        let item = self.overlay.items.get(self.overlay.index_of(id)?)?;
        self.map.screen_position_of(item.shapes.first()?)
    }

    /// Where a position is on the screen, as the map was last drawn.
    pub fn screen_position(&self, lon_deg: f64, lat_deg: f64) -> egui::Pos2 {
        self.map.screen_position(lon_deg, lat_deg)
    }

    /// The item a click at `pos` would select, as the map was last drawn.
    pub fn item_at(&self, pos: egui::Pos2) -> Option<&FeatureId> {
        let index = self.map.item_at(&self.overlay, pos, &self.visibility())?;
        self.overlay.items.get(index).map(|item| &item.id)
    }

    /// Per item of the overlay: whether it is drawn.
    fn visibility(&self) -> Vec<bool> {
        self.overlay
            .items
            .iter()
            .map(|item| {
                !self.hidden_kinds.contains(&item.kind) && !self.hidden_items.contains(&item.id)
            })
            .collect()
    }

    /// What is hidden cannot stay selected: the map would not show what the panels describe.
    fn drop_hidden_from_selection(&mut self) {
        let selection = std::mem::take(&mut self.selection);
        self.selection = selection
            .into_iter()
            .filter(|id| self.is_visible(id))
            .collect();
    }

    fn select(&mut self, selection: Vec<FeatureId>) {
        // The article follows: it scrolls to the first passage of the first item (the
        // dateline stands above the article, always in view).
        let dateline = crate::panels::article::dateline(&self.story).map(|p| p.id.clone());
        self.scroll_to = selection.first().and_then(|id| {
            self.story
                .passages_of(id)
                .into_iter()
                .find(|passage| Some(passage) != dateline.as_ref())
        });
        self.selection = selection;
    }

    fn bounds_of(&self, ids: &[FeatureId]) -> Option<BoundsDeg> {
        ids.iter()
            .filter_map(|id| self.overlay.items.get(self.overlay.index_of(id)?)?.bounds)
            .reduce(|a, b| BoundsDeg {
                west: a.west.min(b.west),
                south: a.south.min(b.south),
                east: a.east.max(b.east),
                north: a.north.max(b.north),
            })
    }

    /// The map's current view.
    pub fn view(&self) -> crate::io::settings::View {
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

    /// The loaded files.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }

    /// Messages in the problems area.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The selected item of a loaded file, if one is selected.
    pub fn selected_file_item(&self) -> Option<&Corridor> {
        let (key, index) = self.selected_file_item_index()?;
        self.layers.get(key)?.corridors.get(index)
    }

    fn selected_file_item_index(&self) -> Option<(u64, usize)> {
        let (key, index, id) = self.selected_file_item.as_ref()?;
        let corridors = &self.layers.get(*key)?.corridors;
        // The index is right unless the file was reloaded; then the id finds the item again.
        if corridors.get(*index).is_some_and(|c| &c.id == id) {
            return Some((*key, *index));
        }
        let index = corridors.iter().position(|c| &c.id == id)?;
        Some((*key, index))
    }

    /// Selects an item of a loaded layer, as a click on it would.
    pub fn select_file_item(&mut self, key: u64, index: usize) {
        self.selection.clear();
        self.selected_file_item = self
            .layers
            .get(key)
            .and_then(|layer| layer.corridors.get(index))
            .map(|corridor| (key, index, corridor.id.clone()));
    }

    /// Where an item of a loaded layer is on the screen (a point, or a middle vertex).
    pub fn screen_position_of_file_item(&self, key: u64, index: usize) -> Option<egui::Pos2> {
        let item = self.layers.get(key)?.overlay.items.get(index)?;
        self.map.screen_position_of(item.shapes.first()?)
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

    /// The story's item under the pointer on the map, if there is one.
    pub fn hovered_story_item(&self) -> Option<&FeatureId> {
        self.hovered_story_item.as_ref()
    }

    /// The message shown in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
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
            Action::Select(ids) => {
                self.selected_file_item = None;
                self.select(ids);
            }
            Action::SelectAndFly(id) => {
                self.selected_file_item = None;
                // Choosing a hidden item in the list means wanting to see it.
                self.hidden_items.remove(&id);
                if let Some(kind) = self.story.corridor(&id).map(Corridor::kind) {
                    self.hidden_kinds.remove(&kind);
                }
                if let Some(bounds) = self.bounds_of(std::slice::from_ref(&id)) {
                    self.map.fit_bounds(bounds);
                }
                self.select(vec![id]);
            }
            Action::SelectPassage(passage) => {
                self.selected_file_item = None;
                // Hidden items stay hidden, and out of the selection.
                let ids: Vec<FeatureId> = self
                    .story
                    .features_of(&passage)
                    .into_iter()
                    .filter(|id| self.is_visible(id))
                    .collect();
                if let Some(bounds) = self.bounds_of(&ids) {
                    self.map.fit_bounds(bounds);
                }
                self.selection = ids;
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
            Action::ToggleItem(id) => {
                if !self.hidden_items.remove(&id) {
                    self.hidden_items.insert(id);
                }
                self.drop_hidden_from_selection();
            }
            Action::ShowGloss(show) => self.settings.show_gloss = show,
            Action::OpenFiles => self.ask_which_files_to_open(ctx),
            Action::LoadFiles(paths) => {
                for path in paths {
                    self.start_user_load(path, ctx);
                }
            }
            Action::ToggleLayer(key) => {
                if let Some(layer) = self.layers.get_mut(key) {
                    layer.visible = !layer.visible;
                }
            }
            Action::ZoomToLayer(key) => {
                if let Some(layer) = self.layers.get_mut(key) {
                    layer.visible = true;
                }
                if let Some(bounds) = self.layers.get(key).and_then(Layer::bounds) {
                    self.map.fit_bounds(bounds);
                }
            }
            Action::RemoveLayer(key) => {
                self.layers.remove(key);
                if self
                    .selected_file_item
                    .as_ref()
                    .is_some_and(|(k, _, _)| *k == key)
                {
                    self.selected_file_item = None;
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
            Action::DismissProblems => self.problems.clear(),
            Action::SelectFileItem(key, index) => self.select_file_item(key, index),
            Action::ShowFileItem(key, index) => {
                // Choosing a feature of a hidden layer means wanting to see it.
                if let Some(layer) = self.layers.get_mut(key) {
                    layer.visible = true;
                }
                self.select_file_item(key, index);
                let bounds = self
                    .layers
                    .get(key)
                    .and_then(|layer| layer.overlay.items.get(index))
                    .and_then(|item| item.bounds);
                if let Some(bounds) = bounds {
                    self.map.fit_bounds(bounds);
                }
            }
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
        }
    }

    /// Asks which files to open, without stopping the window.
    fn ask_which_files_to_open(&mut self, ctx: &egui::Context) {
        let asked = dialog_on_thread(ctx, "open-dialog", self.opened_files.0.clone(), || {
            rfd::FileDialog::new()
                .set_title("Open corridor files")
                .add_filter("GeoJSON", &["geojson", "json"])
                .add_filter("All files", &["*"])
                .pick_files()
        });
        if !asked {
            self.notice = Some("Cannot open the file dialog.".to_owned());
        }
    }

    /// Takes in finished loads, dialog answers, dropped files and changed files.
    fn files_step(&mut self, ctx: &egui::Context) {
        if let Ok(answer) = self.opened_files.1.try_recv() {
            match answer {
                DialogAnswer::Chosen(paths) => {
                    for path in paths {
                        self.start_user_load(path, ctx);
                    }
                }
                DialogAnswer::NoDialog => {
                    self.problems.push(
                        "No file dialog is available here (no desktop portal). Drop files onto the window, or name them on the command line: corridor-atlas FILE..."
                            .to_owned(),
                    );
                }
            }
        }
        let dropped: Vec<egui::DroppedFileHandle> =
            ctx.input(|input| input.raw.dropped_files.clone());
        for file in dropped {
            let path = file.path().to_path_buf();
            if path.as_os_str().is_empty() {
                self.problems.push(
                    "A dropped file came without a path; save it as a file and drop that."
                        .to_owned(),
                );
            } else {
                self.start_user_load(path, ctx);
            }
        }
        for event in self.layers.poll() {
            match event {
                LayerEvent::Added { key, fit } => {
                    if let Some(layer) = self.layers.get(key) {
                        self.problems
                            .extend(problem_lines(&layer.path, &layer.problems));
                        self.notice = Some(format!(
                            "Loaded {} ({}).",
                            layer.name,
                            crate::words::counted(layer.corridors.len(), "feature", "features")
                        ));
                        if let Some(bounds) = layer.bounds().filter(|_| fit) {
                            self.map.fit_bounds(bounds);
                        }
                    }
                }
                LayerEvent::Reloaded(key) => {
                    if let Some(layer) = self.layers.get(key) {
                        self.notice =
                            Some(format!("{} changed on disk and was reloaded.", layer.name));
                        // The file's earlier problems make way for its current ones.
                        let prefix = format!("{}: ", layer.path.display());
                        self.problems.retain(|line| !line.starts_with(&prefix));
                        self.problems
                            .extend(problem_lines(&layer.path, &layer.problems));
                    }
                    self.keep_file_selection_after_reload(key);
                }
                LayerEvent::Failed(message) => self.problems.push(message),
                LayerEvent::Cancelled(path) => {
                    self.notice = Some(format!("Stopped loading {}.", path.display()));
                }
            }
        }
        // Woken by the file watcher: no frame is drawn while nothing changes.
        if !self.layers.layers.is_empty() {
            self.layers.reload_changed(ctx);
        }
        // Files still loading belong to the session too, should the app close meanwhile.
        let loaded = self
            .layers
            .layers
            .iter()
            .map(|layer| (&layer.path, layer.visible, layer.colour));
        let arriving = self
            .layers
            .loading
            .iter()
            .filter(|loading| loading.reload_of.is_none())
            .map(|loading| (&loading.path, loading.visible, loading.colour));
        self.settings.layers = loaded
            .chain(arriving)
            .map(|(path, visible, colour)| LayerSetting {
                path: path.clone(),
                visible,
                colour: Some([colour.r(), colour.g(), colour.b()]),
            })
            .collect();
    }

    /// Loads a file the user asked for, or says why it is not loaded.
    fn start_user_load(&mut self, path: PathBuf, ctx: &egui::Context) {
        match self.layers.start(path, ctx, Start::User) {
            Ok(()) => {}
            Err(error @ StartError::AlreadyLoaded(_)) => self.notice = Some(error.to_string()),
            Err(error @ StartError::NoThread { .. }) => self.problems.push(error.to_string()),
        }
    }

    /// After a reload the selection stays on the item with the same id, if it survived.
    fn keep_file_selection_after_reload(&mut self, key: u64) {
        if self
            .selected_file_item
            .as_ref()
            .is_some_and(|(k, _, _)| *k == key)
            && self.selected_file_item_index().is_none()
        {
            self.selected_file_item = None;
            self.notice = Some("The selected item is no longer in the reloaded file.".to_owned());
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
            hovered: self.hovered_story_item.as_ref(),
            layers: &self.layers,
            places: &self.basemap.places,
        };
        actions.extend(items_ui(ui, &self.story, view));
        actions
    }

    /// The right panel: the details of the selection over the article.
    fn story_panel_ui(&mut self, ui: &mut Ui, scroll_to: Option<&PassageId>) -> Vec<Action> {
        let mut actions = Vec::new();
        let file_item = self.selected_file_item_index();
        let shown_for = match (&file_item, self.selection.first()) {
            (Some((key, index)), _) => Some(format!("layer {key} item {index}")),
            (None, Some(id)) => Some(id.0.clone()),
            (None, None) => None,
        };
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
                let file_item = file_item.and_then(|(key, index)| {
                    let layer = self.layers.get(key)?;
                    Some((layer, layer.corridors.get(index)?))
                });
                match file_item {
                    Some((layer, corridor)) => file_item_ui(ui, &layer.name, corridor),
                    None => actions.extend(details_ui(ui, &self.story, &self.selection)),
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let view = ArticleView {
                selection: &self.selection,
                hovered: self.hovered_story_item.as_ref(),
                scroll_to,
                show_gloss: self.settings.show_gloss,
            };
            actions.extend(article_ui(ui, &self.story, &view));
        });
        actions
    }

    /// The map in the middle, with everything drawn over it.
    fn map_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let visible = self.visibility();
        let indices = |ids: &[FeatureId]| -> Vec<usize> {
            ids.iter()
                .filter_map(|id| self.overlay.index_of(id))
                .collect()
        };
        let selected = indices(&self.selection);
        // The article and the list are drawn before the map: their hover counts in this frame.
        let hovered_passage = actions.iter().rev().find_map(|action| match action {
            Action::HoverPassage(passage) => Some(passage.clone()),
            _ => None,
        });
        let mut highlighted = hovered_passage
            .as_ref()
            .map(|passage| indices(&self.story.features_of(passage)))
            .unwrap_or_default();
        highlighted.extend(
            self.hovered_item
                .filter(|(which, _)| *which == 0)
                .map(|(_, index)| index),
        );
        // The legend explains what is on the map: the kinds of the items shown.
        let legend_kinds: Vec<Kind> = self
            .overlay
            .items
            .iter()
            .zip(&visible)
            .filter(|(_, shown)| **shown)
            .map(|(item, _)| item.kind.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let legend_planned = self
            .overlay
            .items
            .iter()
            .zip(&visible)
            .any(|(item, shown)| *shown && item.planned);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                // The story at the bottom, then the visible layers in the order they came.
                let selected_file = self.selected_file_item_index();
                let file_selected: Vec<(u64, [usize; 1])> = selected_file
                    .map(|(key, index)| (key, [index]))
                    .into_iter()
                    .collect();
                let hovered_file: Vec<(usize, [usize; 1])> = self
                    .hovered_item
                    .filter(|(which, _)| *which > 0)
                    .map(|(which, index)| (which, [index]))
                    .into_iter()
                    .collect();
                let shown_layers: Vec<&Layer> =
                    self.layers.layers.iter().filter(|l| l.visible).collect();
                let mut overlays = vec![OverlayInput {
                    overlay: &self.overlay,
                    visible: &visible,
                    selected: &selected,
                    highlighted: &highlighted,
                    tiles: None,
                    layer_name: None,
                }];
                for (position, layer) in shown_layers.iter().enumerate() {
                    let selected = file_selected
                        .iter()
                        .find(|(key, _)| *key == layer.key)
                        .map_or(&[][..], |(_, index)| &index[..]);
                    let highlighted = hovered_file
                        .iter()
                        .find(|(which, _)| *which == position + 1)
                        .map_or(&[][..], |(_, index)| &index[..]);
                    overlays.push(OverlayInput {
                        overlay: &layer.overlay,
                        visible: &[],
                        selected,
                        highlighted,
                        tiles: layer.raster.as_ref().map(|raster| (layer.key, raster)),
                        layer_name: Some(&layer.name),
                    });
                }
                let layer_bounds = shown_layers
                    .iter()
                    .filter_map(|layer| layer.bounds())
                    .reduce(BoundsDeg::union);
                let input = MapInput {
                    basemap: self.settings.basemap,
                    overlays: &overlays,
                    legend_kinds: &legend_kinds,
                    legend_planned,
                    legend_open: self.settings.legend_open,
                    layer_bounds,
                };
                let output = map_ui(ui, &mut self.map, &input);
                self.hovered_item = output.hovered;
                self.hovered_story_item = output
                    .hovered
                    .filter(|(which, _)| *which == 0)
                    .and_then(|(_, index)| self.overlay.items.get(index))
                    .map(|item| item.id.clone());
                if let Some(open) = output.legend_open {
                    self.settings.legend_open = open;
                }
                actions.extend(output.action.map(Action::Map));
                let chosen = |which: usize, index: usize| -> Option<Action> {
                    if which == 0 {
                        let item = self.overlay.items.get(index)?;
                        Some(Action::Select(vec![item.id.clone()]))
                    } else {
                        let layer = shown_layers.get(which - 1)?;
                        Some(Action::SelectFileItem(layer.key, index))
                    }
                };
                match output.clicked {
                    Some(Some((which, index))) => actions.extend(chosen(which, index)),
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
                    Some(ContextChoice::Select(which, index)) => {
                        actions.extend(chosen(which, index));
                    }
                    None => {}
                }
            });
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
}

/// The id under which eframe keeps this app's settings file.
pub const APP_ID: &str = "corridor-atlas";

/// When eframe found no settings of ours although its file names them, the file could not be
/// read: keep a copy before it is written over at exit, and say so.
fn back_up_damaged_settings_file() -> Option<String> {
    let file = eframe::storage_dir(APP_ID)?.join("app.ron");
    let text = std::fs::read(&file).ok()?;
    let needle = SETTINGS_KEY.as_bytes();
    if !text.windows(needle.len()).any(|window| window == needle) {
        return None;
    }
    let backup = file.with_extension("ron.damaged");
    Some(match std::fs::copy(&file, &backup) {
        Ok(_) => format!(
            "The settings file {} could not be read; defaults are used. A copy of it is kept at {}.",
            file.display(),
            backup.display()
        ),
        Err(error) => format!(
            "The settings file {} could not be read; defaults are used. It could not be copied aside: {error}.",
            file.display()
        ),
    })
}

/// While files hover over the window, says what dropping them will do.
fn drop_preview_ui(ui: &Ui) {
    let names: Vec<String> = ui.ctx().input(|input| {
        input
            .raw
            .hovered_files
            .iter()
            .map(|file| {
                file.path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or_else(|| "a file".to_owned(), |n| n.to_string_lossy().into_owned())
            })
            .collect()
    });
    if names.is_empty() {
        return;
    }
    let screen = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-preview"),
    ));
    painter.rect_filled(screen, 0.0, crate::style::panels::DROP_SHADE);
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        format!("Drop to add {} as a layer", names.join(", ")),
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
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
        self.files_step(&ctx);
        self.online_step();

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
        if !self.problems.is_empty() {
            egui::Panel::bottom("problems-panel").show(ui, |ui| {
                actions.extend(problems_ui(ui, &self.problems));
            });
        }
        let window_width = ctx.content_rect().width();
        let generation = self.settings.panels.generation;
        if self.settings.panels.items {
            egui::Panel::left(egui::Id::unique(("items-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.2).clamp(170.0, 260.0))
                .min_size(150.0)
                // A narrower window narrows the panels too: the map keeps most of it.
                .max_size((window_width * 0.22).max(160.0))
                .show(ui, |ui| {
                    actions.extend(self.items_panel_ui(ui));
                });
        }
        if self.settings.panels.story {
            egui::Panel::right(egui::Id::unique(("story-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.3).clamp(220.0, 400.0))
                .min_size(200.0)
                .max_size((window_width * 0.32).max(220.0))
                .show(ui, |ui| {
                    actions.extend(self.story_panel_ui(ui, scroll_to.as_ref()));
                });
        }
        self.map_panel_ui(ui, &mut actions);
        actions.extend(help_windows_ui(&ctx, &mut self.help));
        drop_preview_ui(ui);

        // What an action changes is drawn in the next frame, and a scroll takes one more.
        if actions
            .iter()
            .any(|action| !matches!(action, Action::HoverPassage(_)))
        {
            ctx.request_repaint();
        }
        if scroll_to.is_some() {
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
