//! The map: basemaps and their tiles, labels, controls, and the view. The only module that
//! imports walkers.

pub mod labels;
pub mod layer_raster;
pub mod offline_tiles;
pub mod overlay;
pub mod overlay_layer;
pub mod raster;
pub mod simplestyle;
pub mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{Align2, Color32, RichText, Ui, vec2};
use walkers::sources::{Attribution, OpenStreetMap, OpenTopoMap, OpenTopoServer};
use walkers::{HttpOptions, HttpTiles, Map, MapMemory, Position, Tiles, lon_lat};

use crate::io::basemap::Basemap;
use crate::io::settings::{BasemapChoice, View};
use crate::map::layer_raster::LayerRaster;
use crate::map::offline_tiles::OfflineTiles;
use crate::map::offline_tiles::TileRenderer;
use crate::map::overlay::Overlay;
use crate::map::overlay_layer::{OverlayLayer, ScreenTransform, legend_ui};
use crate::map::view::{BoundsDeg, ZOOM_RANGE, fit, round_length_m};
use crate::model::Kind;
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
    layer_tiles: BTreeMap<u64, (usize, OfflineTiles)>,
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
        };
        if let Some(view) = view {
            state.set_view(view);
            state.pending_fit = None;
        }
        state
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
            view.lat_deg.clamp(-85.0, 85.0)
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

    /// Fits `bounds` into the map, now if its size is known, else on the next frame.
    pub fn fit_bounds(&mut self, bounds: BoundsDeg) {
        // A point or a short line is shown with some country around it, not at street level.
        let min_span_deg = 0.6;
        let grow = |low: f64, high: f64| {
            let missing = (min_span_deg - (high - low)).max(0.0) / 2.0;
            (low - missing, high + missing)
        };
        let (west, east) = grow(bounds.west, bounds.east);
        let (south, north) = grow(bounds.south, bounds.north);
        let bounds = BoundsDeg {
            west,
            south,
            east,
            north,
        };
        if self.last_size.x > 0.0 {
            self.set_view(fit(bounds, self.last_size.x, self.last_size.y, 24.0));
        } else {
            self.pending_fit = Some(bounds);
        }
    }

    /// Carries out a map action.
    pub fn apply(&mut self, action: MapAction) {
        let view = self.view();
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
            MapAction::Home => self.fit_bounds(view::HOME_BOUNDS),
            MapAction::Pan(delta) => {
                // Pan in projected space so a step is the same number of points everywhere.
                let (x, y) = raster::mercator_unit(view.lon_deg, view.lat_deg);
                let world_points = 256.0 * 2f64.powf(view.zoom);
                let x = x + f64::from(delta.x) / world_points;
                let y = (y + f64::from(delta.y) / world_points).clamp(0.0, 1.0);
                let lat = (std::f64::consts::PI * (1.0 - 2.0 * y))
                    .sinh()
                    .atan()
                    .to_degrees();
                self.set_view(View {
                    lon_deg: x * 360.0 - 180.0,
                    lat_deg: lat,
                    ..view
                });
            }
        }
    }

    /// Whether a position is inside the map area as last drawn.
    pub fn is_on_screen(&self, lon_deg: f64, lat_deg: f64) -> bool {
        let view = self.view();
        let (cx, cy) = raster::mercator_unit(view.lon_deg, view.lat_deg);
        let (x, y) = raster::mercator_unit(lon_deg, lat_deg);
        let world_points = 256.0 * 2f64.powf(view.zoom);
        let dx = (x - cx) * world_points;
        let dy = (y - cy) * world_points;
        dx.abs() <= f64::from(self.last_size.x) / 2.0
            && dy.abs() <= f64::from(self.last_size.y) / 2.0
    }

    /// The screen transform of the map as last drawn.
    fn last_transform(&self) -> ScreenTransform {
        let view = self.view();
        let (x, y) = raster::mercator_unit(view.lon_deg, view.lat_deg);
        ScreenTransform::from_parts([x, y], view.zoom, self.last_rect.center())
    }

    /// Where a position is on the screen as last drawn.
    pub fn screen_position(&self, lon_deg: f64, lat_deg: f64) -> egui::Pos2 {
        let (x, y) = raster::mercator_unit(lon_deg, lat_deg);
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
            _ => return None,
        };
        Some(self.last_transform().to_screen(unit))
    }

    /// The item a click at `pos` would pick, as the map was last drawn.
    pub fn item_at(&self, overlay: &Overlay, pos: egui::Pos2, visible: &[bool]) -> Option<usize> {
        let transform = self.last_transform();
        overlay.pick(
            transform.to_unit(pos),
            transform.units(PICK_TOLERANCE_POINTS),
            |index| visible.get(index).copied().unwrap_or(true),
        )
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
        let wanted: Vec<(u64, &Arc<LayerRaster>)> =
            overlays.iter().filter_map(|o| o.tiles).collect();
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

    /// Creates the online tile source for `choice` the first time it is wanted.
    fn ensure_online(&mut self, choice: BasemapChoice, ctx: &egui::Context) {
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

/// One set of items drawn over the basemap: the story, or a loaded file.
#[derive(Clone, Copy)]
pub struct OverlayInput<'a> {
    /// The items.
    pub overlay: &'a Overlay,
    /// Per item: shown or hidden; an empty slice shows all.
    pub visible: &'a [bool],
    /// Selected items.
    pub selected: &'a [usize],
    /// Items to highlight (their passage is under the pointer, or the pointer is on them).
    pub highlighted: &'a [usize],
    /// For big layers: their key and tile renderer; the items are drawn as tiles.
    pub tiles: Option<(u64, &'a Arc<LayerRaster>)>,
}

/// What the map draws over the basemap, and how.
pub struct MapInput<'a> {
    /// Which basemap.
    pub basemap: BasemapChoice,
    /// Sets of items, bottom first: the story, then loaded files in the order they came.
    pub overlays: &'a [OverlayInput<'a>],
    /// Kinds to list in the legend.
    pub legend_kinds: &'a [Kind],
    /// Whether the legend is unfolded.
    pub legend_open: bool,
}

/// What the user did on the map in this frame.
#[derive(Debug, Default, Clone, PartialEq)]
#[must_use]
pub struct MapOutput {
    /// A map control or key was used.
    pub action: Option<MapAction>,
    /// The map was clicked: on this item (overlay, item), or (`Some(None)`) on empty map.
    pub clicked: Option<Option<(usize, usize)>>,
    /// The item under the pointer: (overlay, item).
    pub hovered: Option<(usize, usize)>,
    /// The legend was folded (`false`) or unfolded (`true`).
    pub legend_open: Option<bool>,
}

/// How close, in screen points, a click must be to a line or point to pick it.
pub const PICK_TOLERANCE_POINTS: f32 = 6.0;

/// Draws the map filling `ui`: the basemap (online over offline), the story's items, labels,
/// controls, legend, scale bar and attribution. Returns what the user did.
pub fn map_ui(ui: &mut Ui, state: &mut MapState, input: &MapInput<'_>) -> MapOutput {
    let size = ui.available_size();
    state.last_size = size;
    state.last_rect = ui.available_rect_before_wrap();
    if let Some(bounds) = state.pending_fit.take() {
        state.set_view(fit(bounds, size.x, size.y, 24.0));
    }
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
        ..
    } = state;
    // Online tiles go over the offline map: where one is missing, the offline map shows.
    let online = match input.basemap {
        BasemapChoice::Offline => None,
        BasemapChoice::OpenStreetMap => openstreetmap.as_mut(),
        BasemapChoice::OpenTopoMap => opentopomap.as_mut(),
    };
    let attribution = online
        .as_ref()
        .map_or_else(|| offline.attribution(), |tiles| tiles.attribution());
    let centre = memory.detached().unwrap_or(lon_lat(47.5, 41.7));
    // Item labels are placed first; basemap labels take the room that is left, so a port's
    // name is not written over its town's.
    let label_space = std::cell::RefCell::new(Vec::new());
    let mut map = Map::new(Some(offline as &mut dyn Tiles), memory, centre)
        .zoom_with_ctrl(false)
        .double_click_to_zoom(true)
        .double_click_to_zoom_out(true);
    for layer in input.overlays {
        map = map.with_plugin(OverlayLayer {
            overlay: layer.overlay,
            visible: layer.visible,
            selected: layer.selected,
            highlighted: layer.highlighted,
            vectors: layer.tiles.is_none(),
            label_space: &label_space,
        });
    }
    map = map.with_plugin(labels::Labels {
        places: &basemap.places,
        label_space: &label_space,
    });
    if let Some(online) = online {
        map = map.with_layer(online, 1.0);
    }
    for tiles in layer_tiles.values_mut() {
        map = map.with_layer(&mut tiles.1, 1.0);
    }
    let shown = map.show(ui, |ui, response, projector, _memory| {
        let mut output = MapOutput {
            action: controls_ui(ui),
            ..MapOutput::default()
        };
        if let Some(open) = legend_area_ui(ui, input.legend_kinds, input.legend_open) {
            output.legend_open = Some(open);
        }
        scale_bar_ui(ui, projector);
        attribution_ui(ui, &attribution, input.basemap);

        let transform = ScreenTransform::new(projector);
        let tolerance = transform.units(PICK_TOLERANCE_POINTS);
        // The topmost set first: what is drawn last is what the user sees and means.
        let pick = |pos: egui::Pos2| {
            input
                .overlays
                .iter()
                .enumerate()
                .rev()
                .find_map(|(which, layer)| {
                    let visible = |index: usize| layer.visible.get(index).copied().unwrap_or(true);
                    let index = layer
                        .overlay
                        .pick(transform.to_unit(pos), tolerance, visible)?;
                    Some((which, index))
                })
        };
        let hover = response.hover_pos();
        output.hovered = hover.and_then(pick);
        if response.clicked() {
            output.clicked = Some(response.interact_pointer_pos().and_then(pick));
        }
        if let Some(item) = output
            .hovered
            .and_then(|(which, index)| input.overlays.get(which)?.overlay.items.get(index))
        {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.label(RichText::new(&item.name).strong());
                let planned = if item.planned { " (planned)" } else { "" };
                ui.label(format!("{}{planned}", item.kind.label()));
            });
        }
        (output, hover.map(|pos| projector.unproject(pos.to_vec2())))
    });
    let (output, hover) = shown.inner;
    *hover_position = hover;
    // The wheel and double-clicks zoom inside walkers, which allows far more than the data has.
    let zoom = state.memory.zoom();
    if !ZOOM_RANGE.contains(&zoom) {
        let _ = state
            .memory
            .set_zoom(zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end()));
    }
    output
}

/// The legend in the bottom-left corner above the scale bar; returns the new folded state
/// when the user toggles it.
fn legend_area_ui(ui: &mut Ui, kinds: &[Kind], open: bool) -> Option<bool> {
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
                        legend_ui(ui, kinds);
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
                        ("⌂", "Home: show the whole region", MapAction::Home),
                    ] {
                        let button = egui::Button::new(RichText::new(icon).size(16.0))
                            .min_size(vec2(26.0, 26.0));
                        let response = ui.add(button).on_hover_text(name);
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, name)
                        });
                        if response.clicked() {
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
                .fill(Color32::from_white_alpha(200))
                .inner_margin(egui::Margin::symmetric(6, 2))
                .show(ui, |ui| {
                    ui.hyperlink_to(RichText::new(text).size(11.0), attribution.url);
                });
        });
}
