//! The map: basemaps and their tiles, labels, controls, and the view. The only module that
//! imports walkers.

pub mod labels;
pub mod layer_raster;
pub mod mercator;
pub mod offline_tiles;
pub mod overlay;
pub mod overlay_layer;
pub mod raster;
pub mod simplestyle;
pub mod view;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use egui::{Align2, RichText, Ui, vec2};
use walkers::sources::{Attribution, OpenStreetMap, OpenTopoMap, OpenTopoServer};
use walkers::{HttpOptions, HttpTiles, Map, MapMemory, Position, Tiles, lon_lat};

use crate::io::basemap::Basemap;
use crate::io::settings::{BasemapChoice, View};
use crate::map::layer_raster::LayerRaster;
use crate::map::mercator::Unit;
use crate::map::offline_tiles::OfflineTiles;
use crate::map::offline_tiles::TileRenderer;
use crate::map::overlay::Overlay;
use crate::map::overlay_layer::{OverlayLayer, ScreenTransform, legend_ui};
use crate::map::view::{BoundsDeg, ZOOM_RANGE, fit, round_length_m};
use crate::model::{ItemRef, Kind, LayerId};
use crate::style::map as colours;

/// What the user asked the map to do from its own controls or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq)]
#[must_use]
pub enum MapAction {
    /// Zoom in one level.
    ZoomIn,
    /// Zoom out one level.
    ZoomOut,
    /// Go back to the region the app opens on.
    Home,
    /// Move the view by this many points (positive x moves the view east).
    Pan(egui::Vec2),
    /// Centre on a position (longitude, latitude in degrees) and zoom in one level.
    ZoomTo(f64, f64),
}

/// Everything the map view keeps between frames.
pub struct MapState {
    memory: MapMemory,
    offline: OfflineTiles,
    openstreetmap: Option<HttpTiles>,
    opentopomap: Option<HttpTiles>,
    basemap: Arc<Basemap>,
    /// A box to fit into the map once its size is known (the first frame, or after Home).
    pending_fit: Option<BoundsDeg>,
    /// The size of the map area in the last frame, in points.
    last_size: egui::Vec2,
    /// Where the map area was in the last frame.
    last_rect: egui::Rect,
    /// Where the pointer is over the map, if it is.
    pub hover_position: Option<Position>,
    /// Tiles of big layers by layer key, with the address of the renderer they draw with.
    layer_tiles: BTreeMap<LayerId, (usize, OfflineTiles)>,
    /// What Home shows: every item of the current story.
    home: BoundsDeg,
    /// Fit `home` again whenever the map changes size: true until the user moves the map.
    follow_home: bool,
    /// A wheel or double-click zoom on its way, reached over a few frames.
    zoom_to: Option<ZoomTarget>,
    /// How the online basemap in use is doing.
    online_status: OnlineWatch,
    /// The lowest zoom at which the map still fills the view, as last worked out.
    min_zoom: f64,
    /// Whether online tile sources may be made (and reach the network and the disk cache).
    network: bool,
}

/// A zoom on its way: the level to reach, and the place that stays under the pointer.
#[derive(Debug, Clone, Copy)]
struct ZoomTarget {
    zoom: f64,
    anchor: Unit,
    /// Where the anchor is on the screen, from the map's centre, in points.
    offset: egui::Vec2,
}

/// How far one notch of a mouse wheel zooms, in zoom levels.
pub const WHEEL_NOTCH_LEVELS: f64 = 0.5;

/// The most a fit to an item zooms in: a view of a city with its surroundings.
pub const FIT_MAX_ZOOM: f64 = 8.0;

/// Room left around what a fit shows, in points (labels stick out of points on the right);
/// less in a small map.
const FIT_PADDING_POINTS: f32 = 40.0;

/// The room left around a fit in a map of `size`: [`FIT_PADDING_POINTS`], or a twentieth of
/// the map's smaller side when that is less.
fn fit_padding(size: egui::Vec2) -> f32 {
    FIT_PADDING_POINTS.min(size.x.min(size.y) / 20.0)
}

/// Whether the online basemap answers: it is taken as unreachable when no tile has come after
/// a while, and the offline map, which is shown underneath anyway, is what the user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnlineStatus {
    /// The offline basemap is in use.
    #[default]
    NotInUse,
    /// Tiles are asked for; none has come yet.
    Waiting,
    /// Tiles are coming.
    Reachable,
    /// None came: the server cannot be reached.
    Unreachable,
}

/// Watches the online basemap: when it was chosen, and whether any tile has been shown.
#[derive(Debug, Clone, Copy, Default)]
struct OnlineWatch {
    choice: BasemapChoice,
    since: Option<std::time::Instant>,
    status: OnlineStatus,
}

/// An online tile source that notes whether it has shown any tile.
struct WatchedTiles<'a> {
    tiles: &'a mut HttpTiles,
    shown: &'a mut bool,
}

impl Tiles for WatchedTiles<'_> {
    fn at(&mut self, tile_id: walkers::TileId) -> Option<walkers::TilePiece> {
        let piece = self.tiles.at(tile_id);
        *self.shown |= piece.is_some();
        piece
    }

    fn attribution(&self) -> Attribution {
        self.tiles.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.tiles.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.tiles.stats()
    }
}

impl MapState {
    /// A map showing `view`, or fitting `bounds` when there is no view to restore.
    pub fn new(
        ctx: &egui::Context,
        basemap: Arc<Basemap>,
        view: Option<View>,
        bounds: BoundsDeg,
    ) -> Self {
        let mut state = Self {
            memory: MapMemory::default(),
            offline: OfflineTiles::basemap(ctx, basemap.clone()),
            openstreetmap: None,
            opentopomap: None,
            basemap,
            pending_fit: Some(bounds),
            last_size: egui::Vec2::ZERO,
            last_rect: egui::Rect::NOTHING,
            hover_position: None,
            layer_tiles: BTreeMap::new(),
            home: bounds,
            follow_home: view.is_none(),
            zoom_to: None,
            online_status: OnlineWatch::default(),
            min_zoom: *ZOOM_RANGE.start(),
            network: true,
        };
        if let Some(view) = view {
            state.set_view(view);
            state.pending_fit = None;
        }
        state
    }

    /// Sets what Home shows; shows it now if the user has not moved the map yet.
    pub fn set_home(&mut self, bounds: BoundsDeg) {
        self.home = bounds;
        if self.follow_home {
            self.pending_fit = Some(bounds);
        }
    }

    /// Allows or forbids online tile sources; without them an online basemap is never asked
    /// for and counts as unreachable.
    pub fn set_network(&mut self, allowed: bool) {
        self.network = allowed;
    }

    /// How the online basemap in use is doing.
    pub fn online_status(&self) -> OnlineStatus {
        self.online_status.status
    }

    /// The current centre and zoom.
    pub fn view(&self) -> View {
        let centre = self.memory.detached().unwrap_or(lon_lat(0.0, 0.0));
        View {
            lon_deg: centre.x(),
            lat_deg: centre.y(),
            zoom: self.memory.zoom(),
        }
    }

    /// Shows `view`, clamping an out-of-range zoom or position.
    pub fn set_view(&mut self, view: View) {
        let lon = if view.lon_deg.is_finite() {
            view.lon_deg.clamp(-180.0, 180.0)
        } else {
            0.0
        };
        let lat = if view.lat_deg.is_finite() {
            view.lat_deg
                .clamp(-mercator::LAT_LIMIT_DEG, mercator::LAT_LIMIT_DEG)
        } else {
            0.0
        };
        let zoom = if view.zoom.is_finite() {
            view.zoom
        } else {
            6.0
        };
        self.memory.center_at(lon_lat(lon, lat));
        // Within ZOOM_RANGE, which walkers accepts.
        let _ = self
            .memory
            .set_zoom(zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end()));
    }

    /// Fits an item's `bounds` into the map, now if its size is known, else on the next frame;
    /// a point or a short line is shown with its surroundings, at most at [`FIT_MAX_ZOOM`].
    pub fn fit_bounds(&mut self, bounds: BoundsDeg) {
        self.follow_home = false;
        self.zoom_to = None;
        if self.last_size.x > 0.0 {
            self.show_fitted(bounds, FIT_MAX_ZOOM);
        } else {
            self.pending_fit = Some(bounds);
        }
    }

    fn show_fitted(&mut self, bounds: BoundsDeg, max_zoom: f64) {
        let view = fit(
            bounds,
            self.last_size.x,
            self.last_size.y,
            fit_padding(self.last_size),
        );
        self.set_view(View {
            zoom: view.zoom.min(max_zoom),
            ..view
        });
    }

    /// Shows the whole story, and keeps it whole when the window changes size until the
    /// user moves the map.
    fn go_home(&mut self) {
        self.follow_home = true;
        self.zoom_to = None;
        if self.last_size.x > 0.0 {
            self.show_fitted(self.home, *ZOOM_RANGE.end());
        } else {
            self.pending_fit = Some(self.home);
        }
    }

    /// Keeps the view where there is a map to see: never zoomed out beyond `allowed` filling
    /// the view (or beyond Home, where Home needs more), and never panned past its edges.
    /// Returns whether the view changed.
    fn constrain(&mut self, allowed: BoundsDeg) -> bool {
        let size = self.last_size;
        if size.x <= 0.0 || size.y <= 0.0 {
            return false;
        }
        let before = self.view();
        let [x0, y0] = mercator::unit(allowed.west, allowed.north);
        let [x1, y1] = mercator::unit(allowed.east, allowed.south);
        let (width, height) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
        let fill_zoom = (f64::from(size.x) / (mercator::TILE_POINTS * width))
            .log2()
            .max((f64::from(size.y) / (mercator::TILE_POINTS * height)).log2());
        // The whole story comes first: in a window of another shape than the basemap, Home
        // may show a strip beyond it, and the map may zoom out as far as Home does.
        // A little of Home's margin is given up rather than show a strip beyond the map.
        let home_zoom = fit(self.home, size.x, size.y, fit_padding(size)).zoom;
        let limit = if home_zoom < fill_zoom - 0.15 {
            home_zoom
        } else {
            fill_zoom
        };
        self.min_zoom = limit.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let zoom = before.zoom.max(self.min_zoom);
        let world = mercator::world_points(zoom);
        let half_w = f64::from(size.x) / 2.0 / world;
        let half_h = f64::from(size.y) / 2.0 / world;
        let [cx, cy] = mercator::unit(before.lon_deg, before.lat_deg);
        // Either the view lies inside the allowed area, or (wider than it) holds it whole.
        let keep = |c: f64, low: f64, high: f64, half: f64| {
            if high - low <= 2.0 * half {
                c.clamp(high - half, low + half)
            } else {
                c.clamp(low + half, high - half)
            }
        };
        let centre = [keep(cx, x0, x1, half_w), keep(cy, y0, y1, half_h)];
        let (lon_deg, lat_deg) = mercator::lon_lat(centre);
        let after = View {
            lon_deg,
            lat_deg,
            zoom,
        };
        let moved = (after.lon_deg - before.lon_deg).abs() > 1e-9
            || (after.lat_deg - before.lat_deg).abs() > 1e-9
            || (after.zoom - before.zoom).abs() > 1e-9;
        if moved {
            self.set_view(after);
        }
        moved
    }

    /// Starts a smooth zoom by `levels` that keeps the place at `offset` from the map's
    /// centre (in points) where it is.
    fn zoom_around(&mut self, levels: f64, offset: egui::Vec2) {
        let view = self.view();
        let world = mercator::world_points(view.zoom);
        let [cx, cy] = mercator::unit(view.lon_deg, view.lat_deg);
        let anchor = [
            cx + f64::from(offset.x) / world,
            cy + f64::from(offset.y) / world,
        ];
        let from = self.zoom_to.map_or(view.zoom, |target| target.zoom);
        self.follow_home = false;
        self.zoom_to = Some(ZoomTarget {
            zoom: (from + levels).clamp(self.min_zoom, *ZOOM_RANGE.end()),
            anchor,
            offset,
        });
    }

    /// Moves a smooth zoom one frame closer to its target; `true` while it goes on.
    fn zoom_step(&mut self, dt_s: f32) -> bool {
        let Some(target) = self.zoom_to else {
            return false;
        };
        let zoom = self.view().zoom;
        // The map may have grown since the zoom began: never aim below what fills it.
        let goal = target.zoom.max(self.min_zoom);
        // Most of the way within a tenth of a second, whatever the frame rate.
        let share = 1.0 - (-f64::from(dt_s.clamp(0.001, 0.1)) * 25.0).exp();
        let mut next = zoom + (goal - zoom) * share;
        let done = (goal - next).abs() < 0.005;
        if done {
            next = goal;
            self.zoom_to = None;
        }
        let world = mercator::world_points(next);
        let centre = [
            target.anchor[0] - f64::from(target.offset.x) / world,
            target.anchor[1] - f64::from(target.offset.y) / world,
        ];
        let (lon_deg, lat_deg) = mercator::lon_lat(centre);
        self.set_view(View {
            lon_deg,
            lat_deg,
            zoom: next,
        });
        !done
    }

    /// Carries out a map action.
    pub fn apply(&mut self, action: MapAction) {
        let view = self.view();
        if action != MapAction::Home {
            self.follow_home = false;
            self.zoom_to = None;
        }
        match action {
            // To the next whole level: the basemap tiles are sharpest there.
            MapAction::ZoomIn => self.set_view(View {
                zoom: view.zoom.floor() + 1.0,
                ..view
            }),
            MapAction::ZoomOut => self.set_view(View {
                zoom: view.zoom.ceil() - 1.0,
                ..view
            }),
            MapAction::Home => self.go_home(),
            MapAction::ZoomTo(lon_deg, lat_deg) => self.set_view(View {
                lon_deg,
                lat_deg,
                zoom: view.zoom.floor() + 1.0,
            }),
            MapAction::Pan(delta) => {
                // Pan in projected space so a step is the same number of points everywhere.
                let [x, y] = mercator::unit(view.lon_deg, view.lat_deg);
                let world_points = mercator::world_points(view.zoom);
                let x = x + f64::from(delta.x) / world_points;
                let y = (y + f64::from(delta.y) / world_points).clamp(0.0, 1.0);
                let (lon_deg, lat_deg) = mercator::lon_lat([x, y]);
                self.set_view(View {
                    lon_deg,
                    lat_deg,
                    ..view
                });
            }
        }
    }

    /// Whether a position is inside the map area as last drawn.
    pub fn is_on_screen(&self, lon_deg: f64, lat_deg: f64) -> bool {
        let view = self.view();
        let [cx, cy] = mercator::unit(view.lon_deg, view.lat_deg);
        let [x, y] = mercator::unit(lon_deg, lat_deg);
        let world_points = mercator::world_points(view.zoom);
        let dx = (x - cx) * world_points;
        let dy = (y - cy) * world_points;
        dx.abs() <= f64::from(self.last_size.x) / 2.0
            && dy.abs() <= f64::from(self.last_size.y) / 2.0
    }

    /// The screen transform of the map as last drawn.
    fn last_transform(&self) -> ScreenTransform {
        let view = self.view();
        let [x, y] = mercator::unit(view.lon_deg, view.lat_deg);
        ScreenTransform::from_parts([x, y], view.zoom, self.last_rect.center())
    }

    /// Where the map was drawn in the last frame.
    pub fn last_rect(&self) -> egui::Rect {
        self.last_rect
    }

    /// The longitude and latitude under a screen position, as last drawn.
    pub fn position_at(&self, pos: egui::Pos2) -> (f64, f64) {
        mercator::lon_lat(self.last_transform().to_unit(pos))
    }

    /// Where a position is on the screen as last drawn.
    pub fn screen_position(&self, lon_deg: f64, lat_deg: f64) -> egui::Pos2 {
        let [x, y] = mercator::unit(lon_deg, lat_deg);
        self.last_transform().to_screen([x, y])
    }

    /// Where a shape is on the screen as last drawn: a point, or the middle vertex of a line.
    pub fn screen_position_of(&self, shape: &overlay::ItemShape) -> Option<egui::Pos2> {
        let unit = match shape {
            overlay::ItemShape::Point(unit) => *unit,
            overlay::ItemShape::Lines(lines) => {
                let line = lines.first()?;
                *line.get(line.len() / 2)?
            }
            overlay::ItemShape::Area { .. } => return None,
        };
        Some(self.last_transform().to_screen(unit))
    }

    /// The item a click at `pos` would pick among `overlays`, as the map was last drawn.
    pub fn item_at(&self, overlays: &[OverlayInput<'_>], pos: egui::Pos2) -> Option<ItemRef> {
        pick_across(overlays, &self.last_transform(), pos)
    }

    /// How many offline tiles are drawn and kept as textures.
    pub fn tiles_cached(&self) -> usize {
        self.offline.cached()
    }

    /// How many offline tiles are still being drawn.
    pub fn tiles_pending(&self) -> usize {
        self.offline.pending()
    }

    /// Keeps one tile source per big layer shown: new layers get one, reloaded layers a new
    /// one, and layers no longer shown lose theirs.
    fn update_layer_tiles(&mut self, ctx: &egui::Context, overlays: &[OverlayInput<'_>]) {
        let wanted: Vec<(LayerId, &Arc<LayerRaster>)> = overlays
            .iter()
            .filter_map(|o| Some((o.layer, o.tiles?)))
            .collect();
        self.layer_tiles.retain(|key, (address, _)| {
            wanted
                .iter()
                .any(|(k, r)| k == key && Arc::as_ptr(r) as usize == *address)
        });
        for (key, raster) in wanted {
            self.layer_tiles.entry(key).or_insert_with(|| {
                let renderer = Arc::clone(raster);
                let attribution = Attribution {
                    text: "",
                    url: "",
                    logo_light: None,
                    logo_dark: None,
                };
                let tiles = OfflineTiles::new(ctx, "layer", attribution, move || {
                    Box::new(SharedRenderer(renderer))
                });
                (Arc::as_ptr(raster) as usize, tiles)
            });
        }
        for (_, tiles) in self.layer_tiles.values_mut() {
            tiles.begin_frame();
        }
    }

    /// Tiles of big layers still being drawn.
    pub fn layer_tiles_pending(&self) -> usize {
        self.layer_tiles
            .values()
            .map(|(_, tiles)| tiles.pending())
            .sum()
    }

    /// Notes whether the online basemap has shown a tile; after some seconds with none (or
    /// as soon as every request has failed) it counts as unreachable.
    fn watch_online(&mut self, choice: BasemapChoice, shown: bool, in_flight: usize) {
        let watch = &mut self.online_status;
        if choice != watch.choice || watch.since.is_none() {
            *watch = OnlineWatch {
                choice,
                since: Some(std::time::Instant::now()),
                status: match choice {
                    BasemapChoice::Offline => OnlineStatus::NotInUse,
                    _ => OnlineStatus::Waiting,
                },
            };
        }
        if choice == BasemapChoice::Offline {
            return;
        }
        if !self.network {
            watch.status = OnlineStatus::Unreachable;
            return;
        }
        let waited = watch.since.map_or(Duration::ZERO, |since| since.elapsed());
        if shown {
            watch.status = OnlineStatus::Reachable;
        } else if watch.status == OnlineStatus::Waiting
            && ((in_flight == 0 && waited > Duration::from_millis(1500))
                || waited > Duration::from_secs(10))
        {
            watch.status = OnlineStatus::Unreachable;
        }
    }

    /// Creates the online tile source for `choice` the first time it is wanted.
    fn ensure_online(&mut self, choice: BasemapChoice, ctx: &egui::Context) {
        if !self.network {
            return;
        }
        match choice {
            BasemapChoice::Offline => {}
            BasemapChoice::OpenStreetMap => {
                self.openstreetmap.get_or_insert_with(|| {
                    HttpTiles::with_options(OpenStreetMap, http_options(), ctx.clone())
                });
            }
            BasemapChoice::OpenTopoMap => {
                self.opentopomap.get_or_insert_with(|| {
                    HttpTiles::with_options(
                        OpenTopoMap(OpenTopoServer::A),
                        http_options(),
                        ctx.clone(),
                    )
                });
            }
        }
    }
}

/// A layer's renderer shared between the layer and its tile workers.
struct SharedRenderer(Arc<LayerRaster>);

impl TileRenderer for SharedRenderer {
    fn render(&self, tile: raster::TileKey, size_px: u32) -> Option<Vec<u8>> {
        self.0.render(tile, size_px)
    }
}

/// HTTP options for the tile servers: a disk cache in the platform's cache directory and a
/// User-Agent that names the app, as the OpenStreetMap tile usage policy asks.
fn http_options() -> HttpOptions {
    let cache = directories::ProjectDirs::from("", "", "corridor-atlas")
        .map(|dirs| dirs.cache_dir().join("tiles"));
    HttpOptions {
        cache,
        user_agent: Some(walkers::HeaderValue::from_static(concat!(
            "corridor-atlas/",
            env!("CARGO_PKG_VERSION"),
            " (desktop map of transport corridors)"
        ))),
        ..HttpOptions::default()
    }
}

/// One set of items drawn over the basemap: a layer, the story's or a file's.
#[derive(Clone, Copy)]
pub struct OverlayInput<'a> {
    /// The layer the items belong to: what a pick names with their id.
    pub layer: LayerId,
    /// The items.
    pub overlay: &'a Overlay,
    /// Per item: shown or hidden; an empty slice shows all.
    pub visible: &'a [bool],
    /// Selected items.
    pub selected: &'a [usize],
    /// Items to highlight (their passage is under the pointer, or the pointer is on them).
    pub highlighted: &'a [usize],
    /// The dated items on the date shown, sorted by index; empty when none is dated.
    pub time: &'a [overlay::ItemTime],
    /// For big layers: their tile renderer; the items are drawn as tiles.
    pub tiles: Option<&'a Arc<LayerRaster>>,
    /// The name of the loaded file the items come from; `None` for the story.
    pub layer_name: Option<&'a str>,
}

/// What the map draws over the basemap, and how.
pub struct MapInput<'a> {
    /// Which basemap.
    pub basemap: BasemapChoice,
    /// Sets of items, bottom first: the story, then loaded files in the order they came.
    pub overlays: &'a [OverlayInput<'a>],
    /// Kinds to list in the legend.
    pub legend_kinds: &'a [Kind],
    /// The phases other than operating of the items shown, so the legend explains how each
    /// is drawn.
    pub legend_phases: &'a [crate::model::history::Phase],
    /// Whether the legend is unfolded.
    pub legend_open: bool,
    /// The extent of the loaded layers shown, which the map may be moved to.
    pub layer_bounds: Option<BoundsDeg>,
    /// A story is being edited: the right-click menu offers a new place.
    pub editing: bool,
}

/// What the user did on the map in this frame.
#[derive(Debug, Default, Clone, PartialEq)]
#[must_use]
pub struct MapOutput {
    /// A map control or key was used.
    pub action: Option<MapAction>,
    /// The map was clicked: on this item, or (`Some(None)`) on empty map.
    pub clicked: Option<Option<ItemRef>>,
    /// The item under the pointer.
    pub hovered: Option<ItemRef>,
    /// The legend was folded (`false`) or unfolded (`true`).
    pub legend_open: Option<bool>,
    /// Zoom by this many levels around this offset from the map's centre (applied by the map).
    zoom: Option<(f64, egui::Vec2)>,
    /// A choice from the right-click menu.
    pub context: Option<ContextChoice>,
    /// The map was dragged.
    dragged: bool,
}

/// How close, in screen points, a click must be to a line or point to pick it.
pub const PICK_TOLERANCE_POINTS: f32 = 6.0;

/// Draws the map filling `ui`: the basemap (online over offline), the story's items, labels,
/// controls, legend, scale bar and attribution. Returns what the user did.
pub fn map_ui(ui: &mut Ui, state: &mut MapState, input: &MapInput<'_>) -> MapOutput {
    follow_size(ui, state);
    if state.zoom_step(ui.input(|i| i.stable_dt)) {
        ui.ctx().request_repaint();
    }
    let allowed = allowed_area(input);
    state.constrain(allowed);
    state.offline.begin_frame();
    state.ensure_online(input.basemap, ui.ctx());
    state.update_layer_tiles(ui.ctx(), input.overlays);
    ui.painter()
        .rect_filled(ui.max_rect(), 0.0, colours::BACKGROUND);

    let MapState {
        memory,
        offline,
        openstreetmap,
        opentopomap,
        basemap,
        hover_position,
        layer_tiles,
        online_status,
        ..
    } = state;
    // Online tiles go over the offline map: where one is missing, the offline map shows.
    let online = match input.basemap {
        BasemapChoice::Offline => None,
        BasemapChoice::OpenStreetMap => openstreetmap.as_mut(),
        BasemapChoice::OpenTopoMap => opentopomap.as_mut(),
    };
    let mut online_shown = false;
    let mut watched = online.map(|tiles| WatchedTiles {
        tiles,
        shown: &mut online_shown,
    });
    let in_flight = watched.as_ref().map_or(0, |w| w.stats().in_progress);
    // The attribution names what is drawn: the online map once its tiles show.
    let attribution = match &watched {
        Some(w) if online_status.status == OnlineStatus::Reachable => w.attribution(),
        _ => offline.attribution(),
    };
    let centre = memory.detached().unwrap_or(lon_lat(47.5, 41.7));
    let label_space = std::cell::RefCell::new(Vec::new());
    // Zooming by wheel and double-click is done here, in even steps (see `zoom_around`).
    let map = Map::new(Some(offline as &mut dyn Tiles), memory, centre)
        .zoom_gesture(false)
        .zoom_with_ctrl(false);
    let mut map = with_labelled_layers(map, input.overlays, &basemap.places, &label_space);
    if let Some(watched) = watched.as_mut() {
        map = map.with_layer(watched, 1.0);
    }
    for tiles in layer_tiles.values_mut() {
        map = map.with_layer(&mut tiles.1, 1.0);
    }
    let shown = map.show(ui, |ui, response, projector, _memory| {
        map_contents_ui(ui, response, projector, input, basemap, &attribution)
    });
    let (mut output, hover) = shown.inner;
    *hover_position = hover;
    state.watch_online(input.basemap, online_shown, in_flight);
    if state.online_status.status == OnlineStatus::Waiting {
        // Look again soon: no tile arriving is news too.
        ui.ctx().request_repaint_after(Duration::from_millis(500));
    }
    apply_movement(ui, state, &mut output, allowed);
    output
}

/// Fits the map to what it should show once it has a size: the first view, and Home until
/// the user moves the map, follow the window's size.
fn follow_size(ui: &Ui, state: &mut MapState) {
    let size = ui.available_size();
    let resized = (size - state.last_size).length() > 0.5;
    state.last_size = size;
    state.last_rect = ui.available_rect_before_wrap();
    if resized && state.follow_home && state.pending_fit.is_none() {
        state.pending_fit = Some(state.home);
    }
    // A map of no size yet (a minimised window) is fitted once it has one.
    let has_size = size.x > 0.0 && size.y > 0.0;
    if let Some(bounds) = state.pending_fit.take_if(|_| has_size) {
        let max_zoom = if state.follow_home {
            *ZOOM_RANGE.end()
        } else {
            FIT_MAX_ZOOM
        };
        state.show_fitted(bounds, max_zoom);
    }
}

/// `map` with a plugin per set of items, then the basemap's place labels. Item labels are
/// placed first and basemap labels take the room that is left in `label_space`, so a port's
/// name is not written over its town's.
fn with_labelled_layers<'a, 'b, 'c>(
    mut map: Map<'a, 'b, 'c>,
    overlays: &[OverlayInput<'c>],
    places: &'c [crate::io::basemap::Place],
    label_space: &'c std::cell::RefCell<Vec<egui::Rect>>,
) -> Map<'a, 'b, 'c> {
    for layer in overlays {
        map = map.with_plugin(OverlayLayer {
            overlay: layer.overlay,
            visible: layer.visible,
            selected: layer.selected,
            highlighted: layer.highlighted,
            time: layer.time,
            vectors: layer.tiles.is_none(),
            label_space,
        });
    }
    map.with_plugin(labels::Labels {
        places,
        label_space,
    })
}

/// What is drawn over the map once it is placed (controls, legend, scale bar, attribution),
/// and what the pointer did on it; with the position under the pointer.
fn map_contents_ui(
    ui: &mut Ui,
    response: &egui::Response,
    projector: &walkers::Projector<'_>,
    input: &MapInput<'_>,
    basemap: &Basemap,
    attribution: &Attribution,
) -> (MapOutput, Option<Position>) {
    let mut output = MapOutput {
        action: controls_ui(ui),
        ..MapOutput::default()
    };
    if let Some(open) = legend_area_ui(ui, input, input.legend_open) {
        output.legend_open = Some(open);
    }
    scale_bar_ui(ui, projector);
    attribution_ui(ui, attribution, input.basemap);

    let transform = ScreenTransform::new(projector);
    let pick = |pos: egui::Pos2| pick_across(input.overlays, &transform, pos);
    // Not through a window or menu over the map.
    let hover = response.hover_pos().filter(|_| response.hovered());
    output.hovered = hover.and_then(pick);
    if response.clicked() {
        output.clicked = Some(response.interact_pointer_pos().and_then(pick));
    }
    if let Some((item, layer, phase)) = output.hovered.as_ref().and_then(|hovered| {
        let (layer, item) = find_item(input.overlays, hovered)?;
        let phase = layer
            .overlay
            .index_of(&item.id)
            .and_then(|index| overlay::time_of(layer.time, index))
            .map(|time| time.phase);
        Some((item, layer.layer_name, phase))
    }) {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| item_tooltip_ui(ui, item, layer, phase));
    }
    output.zoom = response
        .hovered()
        .then(|| zoom_input(ui, response))
        .flatten()
        .map(|(levels, at)| (levels, at - response.rect.center()));
    output.context = context_menu_ui(response, &transform, input, basemap);
    output.dragged = response.dragged();
    (output, hover.map(|pos| projector.unproject(pos.to_vec2())))
}

/// Applies how the user moved the map in this frame (a drag, a zoom) and keeps the view
/// within `allowed`.
fn apply_movement(ui: &Ui, state: &mut MapState, output: &mut MapOutput, allowed: BoundsDeg) {
    if output.dragged {
        // The user moved the map: it stays where they put it.
        state.follow_home = false;
    }
    if let Some((levels, offset)) = output.zoom.take() {
        state.zoom_around(levels, offset);
        ui.ctx().request_repaint();
    }
    if state.constrain(allowed) {
        ui.ctx().request_repaint();
    }
}

/// The part of the world the map may show: the bundled basemap's box and every layer shown
/// (offline), or the whole world (online).
fn allowed_area(input: &MapInput<'_>) -> BoundsDeg {
    match input.basemap {
        BasemapChoice::Offline => {
            let (west, south, east, north) = crate::io::basemap::BASEMAP_BOUNDS_DEG;
            let basemap = BoundsDeg {
                west,
                south,
                east,
                north,
            };
            input
                .layer_bounds
                .map_or(basemap, |layers| basemap.union(layers))
        }
        BasemapChoice::OpenStreetMap | BasemapChoice::OpenTopoMap => BoundsDeg {
            west: -180.0,
            south: -mercator::LAT_LIMIT_DEG,
            east: 180.0,
            north: mercator::LAT_LIMIT_DEG,
        },
    }
}

/// The set an item is in, and the item as prepared for drawing.
fn find_item<'a>(
    overlays: &'a [OverlayInput<'a>],
    item: &ItemRef,
) -> Option<(&'a OverlayInput<'a>, &'a overlay::OverlayItem)> {
    let layer = overlays.iter().find(|o| o.layer == item.layer)?;
    let index = layer.overlay.index_of(&item.id)?;
    Some((layer, layer.overlay.items.get(index)?))
}

/// The item under `pos` across all sets: points before lines before areas, whichever set
/// they are in; among equals the nearest (or smallest area), and then the topmost set.
fn pick_across(
    overlays: &[OverlayInput<'_>],
    transform: &ScreenTransform,
    pos: egui::Pos2,
) -> Option<ItemRef> {
    let at = transform.to_unit(pos);
    let tolerance = transform.units(PICK_TOLERANCE_POINTS);
    overlays
        .iter()
        .enumerate()
        .filter_map(|(which, layer)| {
            let visible = |index: usize| layer.visible.get(index).copied().unwrap_or(true);
            let version = |index: usize| overlay::time_of(layer.time, index).map(|t| t.version);
            let hit =
                layer
                    .overlay
                    .pick_ranked(at, tolerance, transform.units(1.0), visible, version)?;
            Some((hit, which))
        })
        // Later sets are drawn on top: on a tie they win.
        .min_by(|(a, wa), (b, wb)| {
            (a.tier, a.score)
                .partial_cmp(&(b.tier, b.score))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(wb.cmp(wa))
        })
        .and_then(|(hit, which)| {
            let layer = overlays.get(which)?;
            Some(ItemRef {
                layer: layer.layer,
                id: layer.overlay.items.get(hit.index)?.id.clone(),
            })
        })
}

/// What the pointer is on: the item's name, kind, and the layer it comes from.
fn item_tooltip_ui(
    ui: &mut Ui,
    item: &overlay::OverlayItem,
    layer: Option<&str>,
    phase: Option<crate::model::history::Phase>,
) {
    ui.label(RichText::new(&item.name).strong());
    let phase = match phase {
        Some(crate::model::history::Phase::Operating) => String::new(),
        Some(phase) => format!(" ({} on the date shown)", phase.label()),
        None if item.planned => " (planned)".to_owned(),
        None => String::new(),
    };
    ui.label(format!("{}{phase}", item.kind.label()));
    if let Some(layer) = layer {
        ui.weak(format!("Layer: {layer}"));
    }
}

/// Zoom asked for with the wheel, a pinch or a double-click: levels, and where the pointer is.
fn zoom_input(ui: &Ui, response: &egui::Response) -> Option<(f64, egui::Pos2)> {
    let at = response.hover_pos()?;
    let mut levels: f64 = ui.input(|input| {
        input
            .events
            .iter()
            .map(|event| match event {
                egui::Event::MouseWheel { unit, delta, .. } => {
                    let notches = match unit {
                        egui::MouseWheelUnit::Line => delta.y,
                        // Touchpads scroll in points: about fifty make a notch.
                        egui::MouseWheelUnit::Point => delta.y / 50.0,
                        egui::MouseWheelUnit::Page => delta.y * 4.0,
                    };
                    f64::from(notches) * WHEEL_NOTCH_LEVELS
                }
                egui::Event::Zoom(factor) if *factor > 0.0 => f64::from(*factor).log2(),
                _ => 0.0,
            })
            .sum()
    });
    if response.double_clicked_by(egui::PointerButton::Primary) {
        levels += 1.0;
    }
    if response.double_clicked_by(egui::PointerButton::Secondary) {
        levels -= 1.0;
    }
    (levels.abs() > 1e-6).then_some((levels, at))
}

/// What the user chose in the map's right-click menu.
#[derive(Debug, Clone, PartialEq)]
pub enum ContextChoice {
    /// Put this text (a position) on the clipboard.
    Copy(String),
    /// Zoom in one level around this position (lon, lat in degrees).
    ZoomHere(f64, f64),
    /// Select this item.
    Select(ItemRef),
    /// Add a place here (lon, lat in degrees) to the story being edited.
    NewPlace(f64, f64),
}

/// The right-click menu: the position, copy it, zoom here, and what is here.
fn context_menu_ui(
    response: &egui::Response,
    transform: &ScreenTransform,
    input: &MapInput<'_>,
    basemap: &Basemap,
) -> Option<ContextChoice> {
    let id = response.id.with("context-position");
    if response.secondary_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let unit = transform.to_unit(pos);
        response.ctx.data_mut(|data| data.insert_temp(id, unit));
    }
    let mut choice = None;
    response.context_menu(|ui| {
        let Some(unit) = ui.ctx().data(|data| data.get_temp::<Unit>(id)) else {
            return;
        };
        let (lon, lat) = mercator::lon_lat(unit);
        let position = crate::panels::status_bar::format_position(lon, lat);
        ui.label(RichText::new(&position).monospace());
        if ui.button("Copy coordinates").clicked() {
            choice = Some(ContextChoice::Copy(format!("{lat:.5}, {lon:.5}")));
            ui.close();
        }
        if ui.button("Zoom here").clicked() {
            choice = Some(ContextChoice::ZoomHere(lon, lat));
            ui.close();
        }
        if input.editing && ui.button("New place here").clicked() {
            choice = Some(ContextChoice::NewPlace(lon, lat));
            ui.close();
        }
        ui.separator();
        ui.label(RichText::new("What is here").strong());
        let country = basemap.country_at(geo::Point::new(lon, lat));
        ui.label(country.map_or_else(
            || "At sea, or in no country".to_owned(),
            |name| format!("Country: {name}"),
        ));
        // Where the menu was opened, as the map is now (it may have moved since).
        match pick_across(input.overlays, transform, transform.to_screen(unit)) {
            Some(item) => {
                let name = find_item(input.overlays, &item)
                    .map_or("an item", |(_, shown)| shown.name.as_str());
                if ui.button(format!("Select {name}")).clicked() {
                    choice = Some(ContextChoice::Select(item));
                    ui.close();
                }
            }
            None => {
                ui.weak("No item of the map here.");
            }
        }
    });
    choice
}

/// The legend in the bottom-left corner above the scale bar; returns the new folded state
/// when the user toggles it.
fn legend_area_ui(ui: &mut Ui, input: &MapInput<'_>, open: bool) -> Option<bool> {
    let rect = ui.max_rect();
    let mut toggled = None;
    egui::Area::new(egui::Id::unique("map-legend"))
        .fixed_pos(rect.left_bottom() + vec2(8.0, -40.0))
        .pivot(Align2::LEFT_BOTTOM)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(6.0)
                .show(ui, |ui| {
                    let arrow = if open { "▼ Legend" } else { "▶ Legend" };
                    if ui.selectable_label(open, arrow).clicked() {
                        toggled = Some(!open);
                    }
                    if open {
                        legend_ui(ui, input.legend_kinds, input.legend_phases);
                    }
                });
        });
    toggled
}

/// Zoom in, zoom out and Home buttons in the top-right corner of the map.
fn controls_ui(ui: &mut Ui) -> Option<MapAction> {
    let rect = ui.max_rect();
    let mut action = None;
    egui::Area::new(egui::Id::unique("map-controls"))
        .fixed_pos(rect.right_top() + vec2(-44.0, 10.0))
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(4.0)
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing = vec2(0.0, 4.0);
                    for (icon, name, chosen) in [
                        ("+", "Zoom in", MapAction::ZoomIn),
                        ("−", "Zoom out", MapAction::ZoomOut),
                        ("⌂", "Home: show the whole story", MapAction::Home),
                    ] {
                        let button = egui::Button::new(RichText::new(icon).size(16.0))
                            .min_size(vec2(26.0, 26.0));
                        if crate::panels::named_button(ui, button, name, true).clicked() {
                            action = Some(chosen);
                        }
                    }
                });
        });
    action
}

/// A scale bar in the bottom-left corner, for the latitude of the map's centre.
fn scale_bar_ui(ui: &mut Ui, projector: &walkers::Projector<'_>) {
    let rect = projector.clip_rect();
    let centre = projector.unproject(rect.center().to_vec2());
    let points_per_m = f64::from(projector.scale_pixel_per_meter(centre));
    if points_per_m.is_nan() || points_per_m <= 0.0 {
        return;
    }
    let max_bar_points = 120.0;
    let length_m = round_length_m(max_bar_points / points_per_m);
    let bar_points = (length_m * points_per_m) as f32;
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    let painter = ui.painter();
    let left = rect.left_bottom() + vec2(12.0, -14.0);
    let right = left + vec2(bar_points, 0.0);
    let stroke = egui::Stroke::new(2.0, colours::SCALE_BAR);
    let halo = egui::Stroke::new(4.0, colours::LABEL_HALO);
    for stroke in [halo, stroke] {
        painter.line_segment([left, right], stroke);
        painter.line_segment([left, left + vec2(0.0, -6.0)], stroke);
        painter.line_segment([right, right + vec2(0.0, -6.0)], stroke);
    }
    painter.text(
        left + vec2(bar_points / 2.0, -4.0),
        Align2::CENTER_BOTTOM,
        label,
        egui::FontId::proportional(11.0),
        colours::SCALE_BAR,
    );
}

/// The basemap's attribution in the bottom-right corner, linking to its source.
fn attribution_ui(ui: &mut Ui, attribution: &Attribution, choice: BasemapChoice) {
    // OpenTopoMap's text carries its own copyright signs; Natural Earth is public domain.
    let text = match choice {
        BasemapChoice::OpenStreetMap => format!("© {}", attribution.text),
        BasemapChoice::Offline | BasemapChoice::OpenTopoMap => attribution.text.to_owned(),
    };
    let rect = ui.max_rect();
    egui::Area::new(egui::Id::unique("map-attribution"))
        .fixed_pos(rect.right_bottom())
        .pivot(Align2::RIGHT_BOTTOM)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::new()
                .fill(colours::ATTRIBUTION_BACKGROUND)
                .inner_margin(egui::Margin::symmetric(6, 2))
                .show(ui, |ui| {
                    ui.hyperlink_to(RichText::new(text).size(11.0), attribution.url);
                });
        });
}
