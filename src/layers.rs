//! Corridor files the user loaded: each is a layer over the story. Loading and indexing run on
//! a worker thread per file; the window only collects finished layers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Instant, SystemTime};

use egui::Color32;

use crate::io::basemap::Basemap;
use crate::io::load::{LoadError, LoadedFile, load_file, problem_lines};
use crate::io::reader::{Problem, Progress};
use crate::io::watch::FileWatch;
use crate::map::layer_raster::{LayerRaster, TILED_LAYER_MIN_ITEMS, TILED_LAYER_MIN_VERTICES};
use crate::map::overlay::Overlay;
use crate::map::view::BoundsDeg;
use crate::model::Corridor;
use crate::words::counted;

/// A loaded file.
pub struct Layer {
    /// Stable key while the app runs.
    pub key: u64,
    /// The file name, as shown.
    pub name: String,
    /// Where it came from.
    pub path: PathBuf,
    /// Its items.
    pub corridors: Vec<Corridor>,
    /// Its items prepared for the map.
    pub overlay: Arc<Overlay>,
    /// For a big layer: what draws it as tiles.
    pub raster: Option<Arc<LayerRaster>>,
    /// Shown on the map.
    pub visible: bool,
    /// Colour of its unstyled items.
    pub colour: Color32,
    /// What was wrong with some of its features.
    pub problems: Vec<Problem>,
    /// Per feature: its names as search compares them, one per line; made once per load, so
    /// that a search does not normalise thousands of names every frame.
    pub search_names: Vec<String>,
    /// Positions read.
    pub vertices: usize,
    /// Positions that had a third value.
    pub positions_with_z: usize,
    /// When the file was last changed, to notice edits.
    pub modified: Option<SystemTime>,
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
}

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
    pub reload_of: Option<u64>,
    /// The key the layer gets (its old key for a reload).
    key: u64,
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
    /// Its file changed: replace the layer with this key.
    Reload(u64),
}

/// A file read and made ready to draw by a worker.
type Prepared = (LoadedFile, Arc<Overlay>, Option<Arc<LayerRaster>>);

/// Everything the worker does for one file: read, parse, validate, index, and for a big file
/// the thinned copies its tiles are drawn from.
pub fn prepare(
    path: &Path,
    progress: &Progress,
    countries: &[crate::io::basemap::Country],
    colour: Color32,
) -> Result<Prepared, LoadError> {
    let file = load_file(path, progress)?;
    let tiled = file.outcome.vertices >= TILED_LAYER_MIN_VERTICES
        || file.outcome.corridors.len() >= TILED_LAYER_MIN_ITEMS;
    // Tiles fill areas themselves; only vector-drawn layers need triangles.
    let overlay = Arc::new(Overlay::new(
        &file.outcome.corridors,
        countries,
        colour,
        !tiled,
    ));
    let raster = tiled.then(|| Arc::new(LayerRaster::new(Arc::clone(&overlay))));
    Ok((file, overlay, raster))
}

/// What happened to loads since the last look.
pub enum LayerEvent {
    /// A new layer is there; `fit` when the view should move to it.
    Added {
        /// The layer.
        key: u64,
        /// Move the view to it.
        fit: bool,
    },
    /// A layer was read again from its changed file.
    Reloaded(u64),
    /// A file could not be loaded; nothing changed. One event per line to show: when none of
    /// its features could be loaded, first why each failed, then the error itself.
    Failed(String),
    /// The user stopped a load.
    Cancelled(PathBuf),
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

/// All loaded layers, and the loads in progress.
pub struct Layers {
    /// The layers, bottom first.
    pub layers: Vec<Layer>,
    /// Loads in progress.
    pub loading: Vec<Loading>,
    basemap: Arc<Basemap>,
    next_key: u64,
    /// Tells when a layer's file changes; made with the first load, which brings the window
    /// to wake.
    watch: Option<FileWatch>,
    /// Files that changed again while they were being read: read once more.
    stale: Vec<PathBuf>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Layers {
    /// No layers yet; `basemap` lends its countries to items that name them.
    pub fn new(basemap: Arc<Basemap>) -> Self {
        Self {
            layers: Vec::new(),
            loading: Vec::new(),
            basemap,
            next_key: 1,
            watch: None,
            stale: Vec::new(),
        }
    }

    /// Starts loading `path` on a worker thread; `ctx` is woken when it is done. Does
    /// nothing, and says why, when the file is already loaded or loading, or when no thread
    /// can be started.
    pub fn start(
        &mut self,
        path: PathBuf,
        ctx: &egui::Context,
        why: Start,
    ) -> Result<(), StartError> {
        // Absolute, so that the session finds it again from any working directory.
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        if self.watch.is_none() {
            let wake = ctx.clone();
            self.watch = Some(FileWatch::new(move || wake.request_repaint()));
        }
        let reload_of = match why {
            Start::Reload(key) => Some(key),
            Start::User | Start::Restore { .. } => None,
        };
        if reload_of.is_none()
            && (self.layers.iter().any(|l| l.path == path)
                || self
                    .loading
                    .iter()
                    .any(|l| l.path == path && l.reload_of.is_none()))
        {
            return Err(StartError::AlreadyLoaded(path));
        }
        let (key, colour, visible) = match reload_of.and_then(|key| self.get(key)) {
            Some(old) => (old.key, old.colour, old.visible),
            None => {
                let key = self.next_key;
                self.next_key += 1;
                // A file keeps the colour it had; a new one takes the first colour not in use.
                let in_use: Vec<Color32> = self
                    .layers
                    .iter()
                    .map(|l| l.colour)
                    .chain(self.loading.iter().map(|l| l.colour))
                    .collect();
                let fresh = crate::style::LAYER_COLOURS
                    .iter()
                    .find(|c| !in_use.contains(c))
                    .or_else(|| {
                        crate::style::LAYER_COLOURS.get(
                            usize::try_from(key).unwrap_or(0) % crate::style::LAYER_COLOURS.len(),
                        )
                    })
                    .copied()
                    .unwrap_or(Color32::GRAY);
                let (visible, colour) = match why {
                    Start::Restore { visible, colour } => (visible, colour.unwrap_or(fresh)),
                    Start::User | Start::Reload(_) => (true, fresh),
                };
                (key, colour, visible)
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
        let fallback = colour;
        let spawned = std::thread::Builder::new()
            .name("load-file".to_owned())
            .spawn(move || {
                let loaded = prepare(&worker_path, &worker_progress, &basemap.countries, fallback);
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
            key,
            colour,
            visible,
            fit: why == Start::User,
            file_time,
            result,
        });
        Ok(())
    }

    /// Takes in finished loads.
    pub fn poll(&mut self) -> Vec<LayerEvent> {
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
                .and_then(|key| self.get_mut(key))
            {
                layer.modified = loading.file_time;
            }
            // Written again while it was read: the watcher's word for that came while this
            // load ran, so look once more now.
            if !cancelled && modified(&loading.path) != loading.file_time {
                self.stale.push(loading.path.clone());
            }
            match result {
                Ok(Ok(_)) | Ok(Err(_)) if cancelled => {
                    events.push(LayerEvent::Cancelled(loading.path))
                }
                Ok(Ok(_)) if loading.reload_of.is_some_and(|key| self.get(key).is_none()) => {
                    // The layer was removed while its file was read again.
                }
                Ok(Ok((file, overlay, raster))) => {
                    events.push(self.add(file, overlay, raster, &loading))
                }
                Ok(Err(error)) => {
                    let lines = problem_lines(&loading.path, error.problems());
                    events.extend(lines.into_iter().map(LayerEvent::Failed));
                    events.push(LayerEvent::Failed(error.to_string()));
                }
                Err(_) => {
                    events.push(LayerEvent::Failed(format!(
                        "{}: loading stopped unexpectedly",
                        loading.path.display()
                    )));
                }
            }
        }
        self.loading = still_loading;
        events
    }

    fn add(
        &mut self,
        file: LoadedFile,
        overlay: Arc<Overlay>,
        raster: Option<Arc<LayerRaster>>,
        loading: &Loading,
    ) -> LayerEvent {
        let name = file.path.file_name().map_or_else(
            || file.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let existing = loading
            .reload_of
            .and_then(|key| self.layers.iter().position(|l| l.key == key));
        // A reload keeps what the user set since: the layer may have been hidden meanwhile.
        let visible = existing
            .and_then(|i| self.layers.get(i))
            .map_or(loading.visible, |old| old.visible);
        let (key, colour) = (loading.key, loading.colour);
        let search_names = file
            .outcome
            .corridors
            .iter()
            .map(|corridor| {
                corridor
                    .all_names()
                    .map(crate::model::search::normalise)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let layer = Layer {
            key,
            name,
            search_names,
            modified: loading.file_time,
            path: file.path,
            vertices: file.outcome.vertices,
            positions_with_z: file.outcome.positions_with_z,
            corridors: file.outcome.corridors,
            problems: file.outcome.problems,
            overlay,
            raster,
            visible,
            colour,
        };
        match existing.and_then(|i| self.layers.get_mut(i)) {
            Some(slot) => {
                *slot = layer;
                LayerEvent::Reloaded(key)
            }
            None => {
                if let Some(watch) = self.watch.as_mut() {
                    watch.watch(&layer.path);
                }
                self.layers.push(layer);
                LayerEvent::Added {
                    key,
                    fit: loading.fit,
                }
            }
        }
    }

    /// The layer with this key.
    pub fn get(&self, key: u64) -> Option<&Layer> {
        self.layers.iter().find(|l| l.key == key)
    }

    /// The layer with this key, to change.
    pub fn get_mut(&mut self, key: u64) -> Option<&mut Layer> {
        self.layers.iter_mut().find(|l| l.key == key)
    }

    /// Takes a layer off the map, and stops any reload of it.
    pub fn remove(&mut self, key: u64) {
        let path = self.get(key).map(|layer| layer.path.clone());
        if let (Some(watch), Some(path)) = (self.watch.as_mut(), path) {
            watch.unwatch(&path);
        }
        self.layers.retain(|l| l.key != key);
        for loading in self.loading.iter().filter(|l| l.reload_of == Some(key)) {
            loading.progress.cancel.store(true, Ordering::Relaxed);
        }
        self.loading.retain(|l| l.reload_of != Some(key));
    }

    /// Reloads layers whose file changed on disk, as the system tells (or, where it cannot
    /// watch, as polling finds).
    pub fn reload_changed(&mut self, ctx: &egui::Context) {
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
        let changed: Vec<(u64, PathBuf)> = self
            .layers
            .iter()
            .filter(|layer| touched.contains(&layer.path))
            .filter(|layer| {
                let now = modified(&layer.path);
                now.is_some() && now != layer.modified
            })
            .filter(|layer| !self.loading.iter().any(|l| l.reload_of == Some(layer.key)))
            .map(|layer| (layer.key, layer.path.clone()))
            .collect();
        for (key, path) in changed {
            // A reload cannot be "loaded already"; a thread that cannot start is tried again
            // at the next change.
            let _ = self.start(path, ctx, Start::Reload(key));
        }
    }
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
        match prepare(path, &Progress::default(), &[], Color32::GRAY) {
            Ok((file, _, _)) => {
                let outcome = &file.outcome;
                clean &= outcome.problems.is_empty();
                report.extend(problem_lines(path, &outcome.problems));
                report.push(format!(
                    "{}: {}, {}, {}",
                    path.display(),
                    counted(outcome.corridors.len(), "feature", "features"),
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
    }
    (report, clean)
}
