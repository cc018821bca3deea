//! The eframe application: owns the state, lays out the panels, applies actions in one place.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{ColorImage, Key, Ui};

use crate::io::basemap::{Basemap, Place};
use crate::io::settings::{SETTINGS_KEY, Settings};
use crate::map::view::HOME_BOUNDS;
use crate::map::{MapAction, MapState, map_ui};
use crate::panels::Action;
use crate::panels::menu_bar::menu_bar_ui;
use crate::panels::status_bar::{Status, status_bar_ui};

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
    /// Where a screenshot run reports how it ended.
    pub outcome: Outcome,
}

/// The longest a screenshot run waits for the map to settle before taking the picture anyway.
const SCREENSHOT_PATIENCE: Duration = Duration::from_secs(30);

/// A screenshot on its way: asked for, then taken, then saved.
enum Screenshot {
    None,
    /// Take it once the map has settled.
    Wanted {
        path: PathBuf,
        then_exit: bool,
    },
    /// Asked of the renderer; the image arrives on the channel.
    Taken {
        path: PathBuf,
        then_exit: bool,
    },
}

/// The Corridor Atlas application.
pub struct App {
    settings: Settings,
    persist: bool,
    map: MapState,
    /// Corridor files named on the command line, loaded by the file-loading feature.
    files: Vec<PathBuf>,
    notice: Option<String>,
    screenshot: Screenshot,
    screenshot_images: (Sender<Arc<ColorImage>>, Receiver<Arc<ColorImage>>),
    screenshot_paths: (Sender<PathBuf>, Receiver<PathBuf>),
    outcome: Outcome,
    started: Instant,
    frames: u64,
}

impl App {
    /// Creates the app: fonts, saved settings (unless `options.fresh`), the map.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        cc.egui_ctx.set_fonts(crate::fonts::definitions());
        let settings = match (options.fresh, cc.storage) {
            (false, Some(storage)) => {
                eframe::get_value::<Settings>(storage, SETTINGS_KEY).unwrap_or_default()
            }
            _ => Settings::default(),
        };
        let places: Arc<[Place]> = match Basemap::bundled() {
            Ok(basemap) => basemap.places.into(),
            Err(error) => {
                log::error!("{error}");
                Arc::new([])
            }
        };
        let map = MapState::new(&cc.egui_ctx, places, settings.view, HOME_BOUNDS);
        let screenshot = match options.screenshot {
            Some(path) => Screenshot::Wanted {
                path,
                then_exit: true,
            },
            None => Screenshot::None,
        };
        Self {
            settings,
            persist: !options.fresh,
            map,
            files: options.files,
            notice: None,
            screenshot,
            screenshot_images: channel(),
            screenshot_paths: channel(),
            outcome: options.outcome,
            started: Instant::now(),
            frames: 0,
        }
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

    /// Offline basemap tiles drawn and ready to show.
    pub fn basemap_tiles_cached(&self) -> usize {
        self.map.tiles_cached()
    }

    /// The current settings, as they would be saved.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Corridor files given on the command line.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The message shown in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Map(map_action) => self.map.apply(map_action),
            Action::SetBasemap(choice) => self.settings.basemap = choice,
            Action::SaveScreenshot => self.ask_where_to_save_screenshot(ctx),
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::DismissNotice => self.notice = None,
        }
    }

    /// Opens the save dialog on its own thread, so the window keeps drawing meanwhile.
    fn ask_where_to_save_screenshot(&mut self, ctx: &egui::Context) {
        let sender = self.screenshot_paths.0.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("save-dialog".to_owned())
            .spawn(move || {
                let path = rfd::FileDialog::new()
                    .set_title("Save screenshot")
                    .add_filter("PNG image", &["png"])
                    .set_file_name("corridor-atlas.png")
                    .save_file();
                if let Some(path) = path {
                    let _ = sender.send(path);
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            self.notice = Some("Cannot open the save dialog.".to_owned());
        }
    }

    fn keyboard_actions(ctx: &egui::Context) -> Vec<Action> {
        if ctx.egui_wants_keyboard_input() {
            return Vec::new();
        }
        let step = 100.0;
        ctx.input(|input| {
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
            .collect()
        })
    }

    /// Moves a screenshot along: takes it once the map has settled, saves it when it arrives.
    fn screenshot_step(&mut self, ctx: &egui::Context) {
        if let Ok(path) = self.screenshot_paths.1.try_recv() {
            self.screenshot = Screenshot::Wanted {
                path,
                then_exit: false,
            };
        }
        match std::mem::replace(&mut self.screenshot, Screenshot::None) {
            Screenshot::None => {}
            Screenshot::Wanted { path, then_exit } => {
                let settled = self.map.tiles_pending() == 0
                    && self.frames >= 5
                    && self.started.elapsed() > Duration::from_millis(300);
                if settled || self.started.elapsed() > SCREENSHOT_PATIENCE {
                    let sender = self.screenshot_images.0.clone();
                    let repaint = ctx.clone();
                    ctx.request_screenshot(move |image| {
                        let _ = sender.send(image);
                        repaint.request_repaint();
                    });
                    self.screenshot = Screenshot::Taken { path, then_exit };
                } else {
                    self.screenshot = Screenshot::Wanted { path, then_exit };
                    ctx.request_repaint_after(Duration::from_millis(50));
                }
            }
            Screenshot::Taken { path, then_exit } => match self.screenshot_images.1.try_recv() {
                Ok(image) => {
                    let result = save_png(&image, &path);
                    self.notice = Some(match &result {
                        Ok(message) | Err(message) => message.clone(),
                    });
                    if then_exit {
                        if let Ok(mut outcome) = self.outcome.lock() {
                            *outcome = Some(result);
                        }
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                }
                Err(_) => self.screenshot = Screenshot::Taken { path, then_exit },
            },
        }
    }
}

/// Writes `image` to `path` as a PNG; says what happened in words for the user.
fn save_png(image: &ColorImage, path: &std::path::Path) -> Result<String, String> {
    let [width, height] = image.size;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|colour| colour.to_srgba_unmultiplied())
        .collect();
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err("The screenshot is too large to save.".to_owned());
    };
    image::save_buffer(path, &bytes, width, height, image::ExtendedColorType::Rgba8)
        .map(|()| format!("Saved a screenshot to {}", path.display()))
        .map_err(|error| format!("Cannot save the screenshot to {}: {error}", path.display()))
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frames += 1;
        let ctx = ui.ctx().clone();
        let mut actions = Self::keyboard_actions(&ctx);

        egui::Panel::top("menu-bar").show(ui, |ui| {
            actions.extend(menu_bar_ui(ui, self.settings.basemap));
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let status = Status {
                pointer: self.map.hover_position,
                zoom: self.map.view().zoom,
                tiles_pending: self.map.tiles_pending(),
                basemap: self.settings.basemap,
                notice: self.notice.as_deref(),
            };
            actions.extend(status_bar_ui(ui, &status));
        });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                actions.extend(map_ui(ui, &mut self.map, self.settings.basemap).map(Action::Map));
            });

        for action in actions {
            self.apply(&ctx, action);
        }
        self.settings.view = Some(self.map.view());
        self.screenshot_step(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        }
    }
}
