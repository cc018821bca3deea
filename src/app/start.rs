//! How the app starts: its options, the saved settings (and what to do when they are
//! damaged), the bundled story, the files of the last session and of the command line.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::io::basemap::Basemap;
use crate::io::settings::{SETTINGS_KEY, Settings};
use crate::layers::Layers;
use crate::map::MapState;
use crate::map::view::{BoundsDeg, HOME_BOUNDS};
use crate::model::{FeatureId, Kind, LayerId};
use crate::panels::help::HelpWindows;
use crate::screenshot::Screenshots;

use super::App;

/// How a run that was asked for a screenshot ended: `Ok` with a message, or `Err` with what
/// went wrong. Read by `main` after the window closes.
pub type Outcome = Arc<Mutex<Option<Result<String, String>>>>;

/// The id under which eframe keeps this app's settings file.
pub const APP_ID: &str = "corridor-atlas";

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
    /// Show the map as of this day instead of the story's date.
    pub as_of: Option<jiff::civil::Date>,
}

/// The box around every item of a layer that is not a whole country or region, nor context:
/// the places, ports, routes and lines a story speaks of.
fn story_bounds(layers: &Layers, id: LayerId) -> Option<BoundsDeg> {
    let layer = layers.get(id)?;
    layer
        .overlay
        .items
        .iter()
        .zip(layer.corridors.iter())
        .filter(|(item, corridor)| item.kind != Kind::Region && !corridor.info.context)
        .filter_map(|(item, _)| item.bounds)
        .reduce(BoundsDeg::union)
}

/// The saved settings, or the defaults with a message when they cannot be read; and whether
/// this run may save over them.
fn saved_settings(
    fresh: bool,
    storage: Option<&dyn eframe::Storage>,
    startup: &mut Vec<String>,
) -> (Settings, bool) {
    let Some(storage) = storage.filter(|_| !fresh) else {
        return (Settings::default(), !fresh);
    };
    if let Some(settings) = eframe::get_value::<Settings>(storage, SETTINGS_KEY) {
        return (settings, true);
    }
    if storage.get_string(SETTINGS_KEY).is_some() {
        // Keep the damaged file for the user to look at: this run saves nothing.
        let file = eframe::storage_dir(APP_ID).map_or_else(
            || "the settings file".to_owned(),
            |dir| dir.join("app.ron").display().to_string(),
        );
        startup.push(format!(
            "The saved settings in {file} could not be read, so the defaults are used. The file is left untouched: this run saves nothing over it. Delete it to start afresh."
        ));
        return (Settings::default(), false);
    }
    startup.extend(back_up_damaged_settings_file());
    (Settings::default(), true)
}

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

impl App {
    /// Creates the app: fonts, saved settings (unless `options.fresh`), the bundled story,
    /// the files of the last session and of the command line, the map.
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
        // Every start-up message is kept, for the problems area: none hides another.
        let mut startup: Vec<String> = Vec::new();
        let (settings, persist) = saved_settings(options.fresh, cc.storage, &mut startup);
        let basemap = Arc::new(Basemap::bundled().unwrap_or_else(|error| {
            startup.push(format!("The offline basemap is damaged: {error}"));
            Basemap::default()
        }));
        let mut layers = Layers::new(basemap.clone());
        let story = layers.add_story(LayerId::BUNDLED_STORY, crate::io::story::bundled());
        let remembered = if options.fresh {
            &[][..]
        } else {
            &settings.layers[..]
        };
        layers.open_at_start(remembered, options.files, &cc.egui_ctx);
        let home = story_bounds(&layers, story).unwrap_or(HOME_BOUNDS);
        let mut map = MapState::new(&cc.egui_ctx, basemap.clone(), settings.view, home);
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
            startup_problems: startup,
            current_story: story,
            basemap,
            help: HelpWindows::default(),
            selection: Vec::new(),
            hidden_kinds: BTreeSet::new(),
            hidden_items: HashSet::new(),
            search: String::new(),
            hovered: None,
            scroll_to: None,
            article_focus: None,
            notice: None,
            screenshots,
            started: options.launched.unwrap_or_else(Instant::now),
            frames: 0,
            first_map: None,
            first_full: None,
            start_error: None,
            details_shown_for: None,
            online_trouble_told: false,
            words: None,
            quitting: super::Quitting::No,
            context_hidden: false,
            export_dialog: None,
            figure_export: None,
            time: super::time::TimeState {
                chosen: options.as_of,
                ..Default::default()
            },
        };
        if let Some(id) = options.select {
            app.select_at_start(&FeatureId(id));
        }
        app
    }

    /// `--select`: the story's item of this id selected and fitted into view, as a click in
    /// the list would; an unknown id is told and ends a screenshot run with an error.
    fn select_at_start(&mut self, id: &FeatureId) {
        let item = self
            .layers
            .get(self.current_story)
            .filter(|layer| layer.corridor(id).is_some())
            .map(|layer| layer.item(id));
        match item {
            Some(item) => {
                if let Some(bounds) = self.layers.bounds_of(&item) {
                    self.map.fit_bounds(bounds);
                }
                self.select(vec![item]);
            }
            None => {
                let message = format!(
                    "There is no item with the id “{id}”; the ids are listed in data/caspian-2023-04-10/corridors.geojson."
                );
                self.notice = Some(message.clone());
                self.start_error = Some(message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{SETTINGS_KEY, saved_settings};

    /// Settings kept in memory, as eframe keeps them in its file.
    #[derive(Default)]
    struct Kept(HashMap<String, String>);

    impl eframe::Storage for Kept {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn damaged_settings_give_the_defaults_a_message_and_no_saving_over_them() {
        let mut kept = Kept::default();
        eframe::Storage::set_string(&mut kept, SETTINGS_KEY, "(basemap: Nowhere, view: [".into());
        let mut startup = Vec::new();
        let (settings, persist) = saved_settings(false, Some(&kept), &mut startup);
        assert!(!persist, "a damaged file must not be written over");
        assert_eq!(settings.layers.len(), 0);
        assert_eq!(startup.len(), 1, "{startup:?}");
        assert!(startup[0].contains("could not be read"), "{}", startup[0]);
    }

    #[test]
    fn good_settings_come_back_and_a_fresh_start_ignores_them() {
        let mut kept = Kept::default();
        let mut settings = crate::io::settings::Settings::default();
        settings.show_gloss = !settings.show_gloss;
        eframe::set_value(&mut kept, SETTINGS_KEY, &settings);
        let mut startup = Vec::new();
        let (read, persist) = saved_settings(false, Some(&kept), &mut startup);
        assert!(persist && startup.is_empty());
        assert_eq!(read.show_gloss, settings.show_gloss);
        let (fresh, persist) = saved_settings(true, Some(&kept), &mut startup);
        assert!(!persist && startup.is_empty());
        assert_eq!(fresh.show_gloss, !settings.show_gloss);
    }
}
