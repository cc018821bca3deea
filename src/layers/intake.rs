//! Taking files in: the open dialog, dropped files, files named on the command line or kept
//! from the last session, and reloads of changed files. Reading and indexing run on a worker
//! thread per file; the window only collects finished layers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Instant, SystemTime};

use egui::Color32;

use crate::dialogs::{NO_DIALOG, PendingDialog, dialogs_available};
use crate::io::load::{LoadError, LoadedFile, load_file, problem_lines};
use crate::io::reader::Progress;
use crate::io::reader::{Problem, Severity};
use crate::io::settings::LayerSetting;
use crate::io::story::{LoadedStory, STORY_FILE, is_story, read_story};
use crate::io::watch::FileWatch;
use crate::layers::{Layer, Layers, search_names};
use crate::map::layer_raster::{LayerRaster, TILED_LAYER_MIN_ITEMS, TILED_LAYER_MIN_VERTICES};
use crate::map::overlay::Overlay;
use crate::model::StoryMeta;
use crate::model::{Corridor, LayerId};
use crate::words::counted;

/// A file being loaded.
pub struct Loading {
    /// The file.
    pub path: PathBuf,
    /// Shared with the worker: features read so far, and the cancel flag.
    pub progress: Arc<Progress>,
    /// When it started.
    pub started: Instant,
    /// The size of the file, if known.
    pub size_bytes: Option<u64>,
    /// The layer this replaces when it is a reload.
    pub reload_of: Option<LayerId>,
    /// The id the layer gets (its old id for a reload).
    id: LayerId,
    /// The colour of its unstyled items, given to the worker too.
    pub colour: Color32,
    /// Shown when it arrives.
    pub visible: bool,
    /// Move the view to it when it arrives (not for restored sessions or reloads).
    fit: bool,
    /// The file's time of change when loading started: what the layer will be up to date with.
    file_time: Option<SystemTime>,
    result: Receiver<Result<Prepared, LoadError>>,
}

/// Why a file is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The user opened, dropped or named it: show it and move the view to it.
    User,
    /// It comes back from the last session, shown or hidden as it was; the view stays.
    Restore {
        /// Whether it was shown.
        visible: bool,
        /// The colour it had, if one was remembered.
        colour: Option<Color32>,
    },
    /// Its file changed: replace the layer with this id.
    Reload(LayerId),
}

/// What a worker read: a corridor file, or a story folder.
pub enum Read {
    /// A corridor file.
    File(LoadedFile),
    /// A story: its article, links and items (boxed: it is the larger).
    Story(Box<LoadedStory>),
}

/// A file or story read and made ready to draw by a worker.
pub struct Prepared {
    /// What was read, less its items: those are in `corridors`.
    pub read: Read,
    /// The items read, shared with the overlay of a big layer, which projects their shapes
    /// from them when asked for.
    pub corridors: Arc<Vec<Corridor>>,
    /// The items made ready to draw.
    pub overlay: Arc<Overlay>,
    /// For a big layer: what draws it as tiles.
    pub raster: Option<Arc<LayerRaster>>,
}

/// Everything the worker does for one file or story folder: read, parse, validate, index,
/// and for a big file the thinned copies its tiles are drawn from.
///
/// # Errors
/// When the file or story cannot be read at all: the error says why, with file and
/// line:column where there is one.
pub fn prepare(
    path: &Path,
    progress: &Progress,
    countries: &[crate::io::basemap::Country],
    colour: Color32,
) -> Result<Prepared, LoadError> {
    let (read, corridors, vertices) = if is_story(path) {
        let mut story = read_story(path)?;
        let corridors = std::mem::take(&mut story.corridors);
        (Read::Story(Box::new(story)), corridors, 0)
    } else {
        let mut file = load_file(path, progress)?;
        let corridors = std::mem::take(&mut file.outcome.corridors);
        let vertices = file.outcome.vertices;
        (Read::File(file), corridors, vertices)
    };
    let corridors = Arc::new(corridors);
    let extents = match &read {
        Read::File(file) => file.outcome.extents.as_slice(),
        Read::Story(_) => &[],
    };
    let (overlay, raster) = prepare_overlay(&corridors, extents, countries, colour, vertices);
    Ok(Prepared {
        read,
        corridors,
        overlay,
        raster,
    })
}

/// The items of a layer made ready to draw, the same for a story and a file: indexed, and for
/// a big layer (by `vertices` or by count) drawn as tiles from thinned copies.
///
/// `extents` are those the reader found of each item's geometry, or empty.
pub fn prepare_overlay(
    corridors: &Arc<Vec<Corridor>>,
    extents: &[Option<geo::Rect<f64>>],
    countries: &[crate::io::basemap::Country],
    colour: Color32,
    vertices: usize,
) -> (Arc<Overlay>, Option<Arc<LayerRaster>>) {
    let tiled = vertices >= TILED_LAYER_MIN_VERTICES || corridors.len() >= TILED_LAYER_MIN_ITEMS;
    // Tiles fill areas themselves; only vector-drawn layers need triangles. A tiled layer's
    // shapes are projected from its items when a tile asks for them, not kept twice.
    let overlay = Arc::new(if tiled {
        Overlay::on_demand(Arc::clone(corridors), extents, countries, colour)
    } else {
        Overlay::new(corridors, countries, colour, true)
    });
    let raster = tiled.then(|| Arc::new(LayerRaster::new(Arc::clone(&overlay))));
    (overlay, raster)
}

/// What happened to loads since the last look, for the window to tell or act on. Files that
/// could not be loaded are told in the problems area by [`Layers`] itself.
pub enum LayerEvent {
    /// A new layer is there; `fit` when the view should move to it.
    Added {
        /// The layer.
        id: LayerId,
        /// Move the view to it.
        fit: bool,
    },
    /// A layer was read again from its changed file.
    Reloaded(LayerId),
    /// The user stopped a load.
    Cancelled(PathBuf),
    /// A file the user asked for is a layer already.
    AlreadyLoaded(PathBuf),
}

/// Why a file was not loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    /// It is a layer already, or on its way.
    #[error("{} is loaded already.", .0.display())]
    AlreadyLoaded(PathBuf),
    /// The system would not start a thread to read it.
    #[error("Cannot load {}: no thread could be started to read it ({message}).", path.display())]
    NoThread {
        /// The file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
}

/// When a file, or the newest file of a story folder, was last changed.
pub(super) fn modified(path: &Path) -> Option<SystemTime> {
    if path.is_dir() {
        return std::fs::read_dir(path)
            .ok()?
            .filter_map(|entry| entry.ok()?.metadata().ok()?.modified().ok())
            .max();
    }
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The files whose change means reading a layer again: a corridor file, or a story's
/// `story.json`, article and items.
fn watched_files(layer: &Layer) -> Vec<PathBuf> {
    match (&layer.path, &layer.story) {
        (Some(folder), Some(story)) => vec![
            folder.join(STORY_FILE),
            folder.join(&story.meta.article_file),
            folder.join("corridors.geojson"),
        ],
        (Some(file), None) => vec![file.clone()],
        (None, _) => Vec::new(),
    }
}

impl Layers {
    /// At start: the files of the last session (`remembered`, unless a fresh start), then
    /// those named on the command line. A file named twice loads once.
    pub fn open_at_start(
        &mut self,
        remembered: &[LayerSetting],
        named: Vec<PathBuf>,
        ctx: &egui::Context,
    ) {
        let remembered = remembered.iter().map(|l| {
            let colour = l.colour.map(|[r, g, b]| crate::style::rgb(r, g, b));
            let why = Start::Restore {
                visible: l.visible,
                colour,
            };
            (l.path.clone(), why)
        });
        let named = named.into_iter().map(|path| (path, Start::User));
        for (path, why) in remembered.chain(named) {
            if !path.exists() {
                self.tell(format!(
                    "{}: the file is not there (any more); skipped",
                    path.display()
                ));
                continue;
            }
            if let Err(error @ StartError::NoThread { .. }) = self.start(path, ctx, why) {
                self.tell(error.to_string());
            }
        }
    }

    /// Loads files the user asked for; those already loaded are reported as events.
    pub fn open(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) -> Vec<LayerEvent> {
        let mut events = Vec::new();
        for path in paths {
            match self.start(path, ctx, Start::User) {
                Ok(()) => {}
                Err(StartError::AlreadyLoaded(path)) => {
                    events.push(LayerEvent::AlreadyLoaded(path));
                }
                Err(error @ StartError::NoThread { .. }) => self.tell(error.to_string()),
            }
        }
        events
    }

    /// Asks which files to open, without stopping the window; the answer is taken in by
    /// [`Layers::take_in`]. Where no dialog can be shown, says so and how else to open files.
    pub fn ask_which_files_to_open(&mut self, ctx: &egui::Context) {
        if self.open_dialog.is_some() {
            return;
        }
        if !dialogs_available() {
            self.tell(format!(
                "{NO_DIALOG} Drop files onto the window, or name them on the command line: corridor-atlas FILE..."
            ));
            return;
        }
        let answer = rfd::AsyncFileDialog::new()
            .set_title("Open corridor files")
            .add_filter("GeoJSON", &["geojson", "json"])
            .add_filter("All files", &["*"])
            .pick_files();
        self.open_dialog = Some(PendingDialog::new(ctx, answer));
    }

    /// Once a frame: takes in the open dialog's answer, dropped files, finished loads and
    /// changed files.
    pub fn take_in(&mut self, ctx: &egui::Context) -> Vec<LayerEvent> {
        let mut events = Vec::new();
        if let Some(answer) = self.open_dialog.as_mut().and_then(PendingDialog::poll) {
            self.open_dialog = None;
            let paths = answer
                .unwrap_or_default()
                .iter()
                .map(|file| file.path().to_path_buf())
                .collect();
            events.extend(self.open(paths, ctx));
        }
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .collect()
        });
        for path in dropped {
            if path.as_os_str().is_empty() {
                self.tell(
                    "A dropped file came without a path; save it as a file and drop that."
                        .to_owned(),
                );
            } else {
                events.extend(self.open(vec![path], ctx));
            }
        }
        events.extend(self.take_in_draft(ctx));
        events.extend(self.poll());
        // Woken by the file watcher: no frame is drawn while nothing changes.
        self.reload_changed(ctx);
        events
    }

    /// The colour of a new layer: the first of the layer colours not in use.
    fn fresh_colour(&self, id: LayerId) -> Color32 {
        let in_use: Vec<Color32> = self
            .layers
            .iter()
            .filter(|l| l.path.is_some())
            .map(|l| l.colour)
            .chain(self.loading.iter().map(|l| l.colour))
            .collect();
        let colours = crate::style::LAYER_COLOURS;
        colours
            .iter()
            .find(|c| !in_use.contains(c))
            .or_else(|| colours.get(usize::try_from(id.0).unwrap_or(0) % colours.len()))
            .copied()
            .unwrap_or(Color32::GRAY)
    }

    /// Starts loading `path` on a worker thread; `ctx` is woken when it is done.
    ///
    /// # Errors
    /// Does nothing, and says why, when the file is already loaded or loading, or when no
    /// thread can be started.
    pub fn start(
        &mut self,
        path: PathBuf,
        ctx: &egui::Context,
        why: Start,
    ) -> Result<(), StartError> {
        // Absolute, so that the session finds it again from any working directory; a story
        // is its folder, whether the folder or its story.json was named.
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        let path = match path.parent() {
            Some(folder) if path.is_file() && is_story(&path) => folder.to_path_buf(),
            _ => path,
        };
        if self.watch.is_none() {
            let wake = ctx.clone();
            self.watch = Some(FileWatch::new(move || wake.request_repaint()));
        }
        let reload_of = match why {
            Start::Reload(id) => Some(id),
            Start::User | Start::Restore { .. } => None,
        };
        if reload_of.is_none()
            && (self.layers.iter().any(|l| l.path.as_ref() == Some(&path))
                || self
                    .loading
                    .iter()
                    .any(|l| l.path == path && l.reload_of.is_none()))
        {
            return Err(StartError::AlreadyLoaded(path));
        }
        let (id, colour, visible) = match reload_of.and_then(|id| self.get(id)) {
            Some(old) => (old.id, old.colour, old.visible),
            None => {
                let id = self.fresh_id();
                // A file keeps the colour it had; a new one takes the first colour not in use.
                let fresh = self.fresh_colour(id);
                let (visible, colour) = match why {
                    Start::Restore { visible, colour } => (visible, colour.unwrap_or(fresh)),
                    Start::User | Start::Reload(_) => (true, fresh),
                };
                (id, colour, visible)
            }
        };
        // Read before the worker reads the file: a change made while it loads is seen later.
        let file_time = modified(&path);
        let progress = Arc::new(Progress::default());
        let (sender, result) = channel();
        let (worker_path, worker_progress, basemap, ctx) = (
            path.clone(),
            progress.clone(),
            self.basemap.clone(),
            ctx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("load-file".to_owned())
            .spawn(move || {
                let loaded = prepare(&worker_path, &worker_progress, &basemap.countries, colour);
                let _ = sender.send(loaded);
                ctx.request_repaint();
            });
        if let Err(error) = spawned {
            return Err(StartError::NoThread {
                path,
                message: error.to_string(),
            });
        }
        self.loading.push(Loading {
            size_bytes: std::fs::metadata(&path).map(|m| m.len()).ok(),
            path,
            progress,
            started: Instant::now(),
            reload_of,
            id,
            colour,
            visible,
            fit: why == Start::User,
            file_time,
            result,
        });
        Ok(())
    }

    /// Takes in finished loads.
    fn poll(&mut self) -> Vec<LayerEvent> {
        let mut events = Vec::new();
        let mut still_loading = Vec::new();
        for loading in std::mem::take(&mut self.loading) {
            let cancelled = loading.progress.cancel.load(Ordering::Relaxed);
            let result = match loading.result.try_recv() {
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    still_loading.push(loading);
                    continue;
                }
                other => other,
            };
            // A reload that failed or was stopped leaves the layer as it was, up to date with
            // this version of the file, so that it is not tried again until the file changes.
            let settled_without_change = !matches!(result, Ok(Ok(_))) || cancelled;
            if let Some(layer) = loading
                .reload_of
                .filter(|_| settled_without_change)
                .and_then(|id| self.get_mut(id))
            {
                layer.modified = loading.file_time;
            }
            // Written again while it was read: the watcher's word for that came while this
            // load ran, so look once more now.
            if !cancelled && modified(&loading.path) != loading.file_time {
                self.stale.push(loading.path.clone());
            }
            match result {
                Ok(Ok(_) | Err(_)) if cancelled => {
                    events.push(LayerEvent::Cancelled(loading.path));
                }
                Ok(Ok(_)) if loading.reload_of.is_some_and(|id| self.get(id).is_none()) => {
                    // The layer was removed while its file was read again.
                }
                Ok(Ok(prepared)) => {
                    events.push(self.add(prepared, &loading));
                }
                Ok(Err(error)) => {
                    // Why each feature failed, when that is why the file failed, then why.
                    for line in problem_lines(&loading.path, error.problems()) {
                        self.tell(line);
                    }
                    self.tell(error.to_string());
                }
                Err(_) => self.tell(format!(
                    "{}: loading stopped unexpectedly",
                    loading.path.display()
                )),
            }
        }
        self.loading = still_loading;
        events
    }

    fn add(&mut self, prepared: Prepared, loading: &Loading) -> LayerEvent {
        let Prepared {
            read,
            corridors,
            overlay,
            raster,
        } = prepared;
        let path = &loading.path;
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let existing = loading
            .reload_of
            .and_then(|id| self.layers.iter().position(|l| l.id == id));
        // A reload keeps what the user set since: the layer may have been hidden meanwhile.
        let visible = existing
            .and_then(|i| self.layers.get(i))
            .map_or(loading.visible, |old| old.visible);
        let search_names = search_names(&corridors);
        let (name, story, problems, vertices, positions_with_z) = match read {
            Read::File(file) => (
                file_name,
                None,
                file.outcome.problems,
                file.outcome.vertices,
                file.outcome.positions_with_z,
            ),
            Read::Story(loaded) => (
                story_name(&loaded.story.meta),
                Some(loaded.story),
                warnings(loaded.warnings),
                0,
                0,
            ),
        };
        let layer = Layer {
            id: loading.id,
            name,
            search_names,
            modified: loading.file_time,
            path: Some(path.clone()),
            story,
            vertices,
            positions_with_z,
            corridors,
            problems,
            problems_dismissed: false,
            overlay,
            raster,
            visible,
            colour: loading.colour,
        };
        match existing.and_then(|i| self.layers.get_mut(i)) {
            Some(slot) => {
                crate::parallel::drop_aside(std::mem::replace(slot, layer));
                LayerEvent::Reloaded(loading.id)
            }
            None => {
                if let Some(watch) = self.watch.as_mut() {
                    for file in watched_files(&layer) {
                        watch.watch(&file);
                    }
                }
                // Files come in the order they were asked for (their ids), whichever
                // finished reading first: a restored session keeps the user's order.
                let at = self
                    .layers
                    .iter()
                    .position(|other| other.path.is_some() && other.id > layer.id)
                    .unwrap_or(self.layers.len());
                self.layers.insert(at, layer);
                LayerEvent::Added {
                    id: loading.id,
                    fit: loading.fit,
                }
            }
        }
    }

    /// Reloads layers whose file changed on disk, as the system tells (or, where it cannot
    /// watch, as polling finds).
    fn reload_changed(&mut self, ctx: &egui::Context) {
        let Some(watch) = self.watch.as_mut() else {
            return;
        };
        let mut touched = watch.changed();
        touched.extend(self.stale.drain(..));
        if watch.needs_polling() {
            ctx.request_repaint_after(crate::io::watch::POLL_EVERY);
        }
        if touched.is_empty() {
            return;
        }
        let changed: Vec<(LayerId, PathBuf)> = self
            .layers
            .iter()
            .filter_map(|layer| Some((layer, layer.path.as_ref()?)))
            .filter(|(layer, _)| watched_files(layer).iter().any(|f| touched.contains(f)))
            .filter(|(layer, path)| {
                let now = modified(path);
                now.is_some() && now != layer.modified
            })
            .filter(|(layer, _)| !self.loading.iter().any(|l| l.reload_of == Some(layer.id)))
            .map(|(layer, path)| (layer.id, path.clone()))
            .collect();
        for (id, path) in changed {
            // A reload cannot be "loaded already"; a thread that cannot start is tried again
            // at the next change.
            let _ = self.start(path, ctx, Start::Reload(id));
        }
    }
}

/// The warnings of a story as problems of its layer.
pub(crate) fn warnings(messages: Vec<String>) -> Vec<Problem> {
    messages
        .into_iter()
        .map(|message| Problem {
            severity: Severity::Warning,
            message,
        })
        .collect()
}

/// How a story's layer is named: its English title, else its own.
pub(crate) fn story_name(meta: &StoryMeta) -> String {
    meta.english_title().unwrap_or(meta.title()).to_owned()
}

/// Checks files without opening a window, through the whole loading pipeline of the window
/// (read, parse, validate, index): the report to print, and whether all were clean.
///
/// # Examples
/// ```
/// let (report, clean) = corridor_atlas::layers::check_files(&["no/such/file.geojson".into()]);
/// assert!(!clean);
/// assert!(report[0].contains("cannot read the file"));
/// ```
pub fn check_files(paths: &[PathBuf]) -> (Vec<String>, bool) {
    let mut report = Vec::new();
    let mut clean = true;
    for path in paths {
        let prepared = prepare(path, &Progress::default(), &[], Color32::GRAY);
        match &prepared {
            Ok(Prepared {
                read: Read::Story(loaded),
                corridors,
                ..
            }) => {
                clean &= loaded.warnings.is_empty();
                report.extend(problem_lines(path, &warnings(loaded.warnings.clone())));
                report.push(format!(
                    "{}: a story with {}, {}, {}",
                    path.display(),
                    counted(loaded.story.article.passages.len(), "passage", "passages"),
                    counted(corridors.len(), "item", "items"),
                    counted(loaded.story.links.len(), "link", "links"),
                ));
            }
            Ok(Prepared {
                read: Read::File(file),
                corridors,
                ..
            }) => {
                let outcome = &file.outcome;
                clean &= outcome.problems.is_empty();
                report.extend(problem_lines(path, &outcome.problems));
                report.push(format!(
                    "{}: {}, {}, {}",
                    path.display(),
                    counted(corridors.len(), "feature", "features"),
                    counted(outcome.vertices, "position", "positions"),
                    match outcome.problems.len() {
                        0 => "no problems".to_owned(),
                        n => counted(n, "problem", "problems"),
                    }
                ));
            }
            Err(error) => {
                clean = false;
                // Why each feature failed, when that is why the file failed, as for a file
                // that loaded in part.
                report.extend(problem_lines(path, error.problems()));
                report.push(format!("error: {error}"));
            }
        }
        // Read for its report only: freed while the next file is read, or the report told.
        crate::parallel::drop_aside(prepared);
    }
    (report, clean)
}
