//! The offline basemap as a walkers tile source: tiles are rasterised by worker threads and
//! uploaded as textures from there, so the UI thread only ever looks up a cache.
//!
//! While a tile is being drawn, the nearest coarser tile already made stands in for it, so
//! zooming in never shows a hole; new ground shows the water colour for the moment it takes.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use crate::io::basemap::Basemap;
use crate::map::raster::{Rasteriser, TileKey};

/// Something that draws map tiles as premultiplied RGBA pixels: the basemap, or a big layer.
pub trait TileRenderer: Send + Sync {
    /// Draws `tile` at `size_px` × `size_px`; `None` when there is nothing to show.
    fn render(&self, tile: TileKey, size_px: u32) -> Option<Vec<u8>>;
}

impl TileRenderer for Rasteriser {
    fn render(&self, tile: TileKey, size_px: u32) -> Option<Vec<u8>> {
        Rasteriser::render(self, tile, size_px)
    }
}

/// Makes the renderer, once, on a worker thread.
type MakeRenderer = Box<dyn FnOnce() -> Box<dyn TileRenderer> + Send>;

/// How much memory the kept tile textures may take; a full-HD view needs about 40 tiles, which
/// is 10 MB at 256 pixels and 40 MB at 512.
const CACHE_BUDGET_BYTES: usize = 160 << 20;

/// How many zoom levels up a coarser tile may stand in for a missing one.
const MAX_STAND_IN_LEVELS: u8 = 8;

/// Requests waiting for a worker, and the workers' shutdown flag.
#[derive(Default)]
struct Queue {
    waiting: VecDeque<TileId>,
    queued: HashSet<TileId>,
    in_flight: HashSet<TileId>,
    /// Tiles whose drawing failed; never asked for again.
    failed: HashSet<TileId>,
    shutdown: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
    renderer: OnceLock<Box<dyn TileRenderer>>,
    make_renderer: Mutex<Option<MakeRenderer>>,
    /// Names the worker threads and textures.
    name: &'static str,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // Drawing runs outside the lock and panics are caught, so a poisoned lock still holds
        // a consistent queue; keep going.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Cached {
    texture: TextureHandle,
    last_used_frame: u64,
}

/// Tiles drawn on this machine: the bundled Natural Earth basemap, or a big loaded layer.
pub struct OfflineTiles {
    shared: Arc<Shared>,
    ready: Receiver<(TileId, TextureHandle)>,
    cache: HashMap<TileId, Cached>,
    frame: u64,
    /// How many textures fit in [`CACHE_BUDGET_BYTES`].
    capacity: usize,
    attribution: Attribution,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl OfflineTiles {
    /// The bundled basemap. Its data is prepared for drawing by the first worker, not this
    /// thread, so the window can open at once.
    pub fn basemap(ctx: &Context, basemap: Arc<Basemap>) -> Self {
        let attribution = Attribution {
            text: "Made with Natural Earth",
            url: "https://www.naturalearthdata.com/",
            logo_light: None,
            logo_dark: None,
        };
        Self::new(ctx, "basemap", attribution, move || {
            Box::new(Rasteriser::new(&basemap))
        })
    }

    /// Starts the worker threads; the first makes the renderer with `make`.
    pub fn new(
        ctx: &Context,
        name: &'static str,
        attribution: Attribution,
        make: impl FnOnce() -> Box<dyn TileRenderer> + Send + 'static,
    ) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            wake: Condvar::new(),
            renderer: OnceLock::new(),
            make_renderer: Mutex::new(Some(Box::new(make))),
            name,
        });
        let (sender, ready) = channel();
        // Sharper tiles on high-density screens: a 512-pixel texture per 256-point tile.
        let tile_px = 256 * ctx.pixels_per_point().ceil().clamp(1.0, 3.0) as u32;
        // Leave one core to the UI thread, but draw on two threads at least: a frame takes
        // the UI thread a few milliseconds, so on two cores one worker would leave one idle.
        let count = std::thread::available_parallelism()
            .map_or(1, |n| n.get().saturating_sub(1))
            .max(2);
        let workers = (0..count)
            .filter_map(|index| {
                let (shared, sender, ctx) = (shared.clone(), sender.clone(), ctx.clone());
                std::thread::Builder::new()
                    .name(format!("{name}-tiles-{index}"))
                    .spawn(move || work(&shared, &sender, &ctx, tile_px))
                    .map_err(|e| log::error!("Cannot start a {name} worker: {e}"))
                    .ok()
            })
            .collect();
        let bytes_per_tile = (tile_px as usize).pow(2) * 4;
        Self {
            shared,
            ready,
            cache: HashMap::new(),
            frame: 0,
            capacity: (CACHE_BUDGET_BYTES / bytes_per_tile).max(64),
            attribution,
            workers,
        }
    }

    /// Call once per frame before the map is drawn: takes in finished tiles and forgets
    /// requests for tiles the previous frame no longer showed.
    pub fn begin_frame(&mut self) {
        self.frame += 1;
        while let Ok((tile_id, texture)) = self.ready.try_recv() {
            self.cache.insert(
                tile_id,
                Cached {
                    texture,
                    last_used_frame: self.frame,
                },
            );
        }
        {
            let mut queue = self.shared.lock();
            queue.waiting.clear();
            queue.queued.clear();
        }
        if self.cache.len() > self.capacity {
            let mut ages: Vec<(u64, TileId)> = self
                .cache
                .iter()
                .map(|(id, cached)| (cached.last_used_frame, *id))
                .collect();
            ages.sort_unstable_by_key(|(frame, _)| *frame);
            for (_, id) in ages.iter().take(self.cache.len() - self.capacity * 3 / 4) {
                self.cache.remove(id);
            }
        }
    }

    /// How many tiles are drawn and kept as textures.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// How many tiles are waiting to be drawn or being drawn.
    pub fn pending(&self) -> usize {
        let queue = self.shared.lock();
        queue.queued.len() + queue.in_flight.len()
    }

    fn request(&self, tile_id: TileId) {
        let mut queue = self.shared.lock();
        if !queue.in_flight.contains(&tile_id)
            && !queue.failed.contains(&tile_id)
            && queue.queued.insert(tile_id)
        {
            queue.waiting.push_back(tile_id);
            self.shared.wake.notify_one();
        }
    }
}

impl Tiles for OfflineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        if let Some(cached) = self.cache.get_mut(&tile_id) {
            cached.last_used_frame = self.frame;
            let full = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            return Some(TilePiece::new(Tile::Raster(cached.texture.clone()), full));
        }
        self.request(tile_id);
        // Stand in with the part of the nearest coarser tile that covers the same ground.
        (1..=tile_id.zoom.min(MAX_STAND_IN_LEVELS)).find_map(|up| {
            let ancestor = TileId {
                x: tile_id.x >> up,
                y: tile_id.y >> up,
                zoom: tile_id.zoom - up,
            };
            let cached = self.cache.get_mut(&ancestor)?;
            cached.last_used_frame = self.frame;
            let part = 0.5f32.powi(i32::from(up));
            let (dx, dy) = (
                (tile_id.x - (ancestor.x << up)) as f32 * part,
                (tile_id.y - (ancestor.y << up)) as f32 * part,
            );
            let uv = Rect::from_min_max(pos2(dx, dy), pos2(dx + part, dy + part));
            Some(TilePiece::new(Tile::Raster(cached.texture.clone()), uv))
        })
    }

    fn attribution(&self) -> Attribution {
        self.attribution.clone()
    }

    fn tile_size(&self) -> u32 {
        256
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats {
            in_progress: self.pending(),
        }
    }
}

impl Drop for OfflineTiles {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_all();
        // A worker finishes the tile it is drawing, then sees the flag and ends. Not waited
        // for: a big layer's tile can take a while, and the window must not stop for it.
        self.workers.clear();
    }
}

fn work(shared: &Shared, sender: &Sender<(TileId, TextureHandle)>, ctx: &Context, tile_px: u32) {
    loop {
        let tile_id = {
            let mut queue = shared.lock();
            loop {
                if queue.shutdown {
                    return;
                }
                if let Some(tile_id) = queue.waiting.pop_front() {
                    queue.queued.remove(&tile_id);
                    queue.in_flight.insert(tile_id);
                    break tile_id;
                }
                queue = shared
                    .wake
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let renderer = shared.renderer.get_or_init(|| {
            let make = shared
                .make_renderer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            match make {
                Some(make) => make(),
                None => Box::new(Rasteriser::new(&Basemap::default())),
            }
        });
        let key = TileKey {
            x: tile_id.x,
            y: tile_id.y,
            zoom: tile_id.zoom,
        };
        // A tile that cannot be drawn must not stop the others: catch it, report it once, and
        // leave the tile to its stand-in.
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            renderer.render(key, tile_px)
        }));
        let pixels = drawn.unwrap_or_else(|_| {
            log::error!("the {} tile {tile_id:?} could not be drawn", shared.name);
            shared.lock().failed.insert(tile_id);
            None
        });
        if let Some(pixels) = pixels {
            let size = [tile_px as usize, tile_px as usize];
            let image = ColorImage::from_rgba_premultiplied(size, &pixels);
            let name = format!(
                "{}-{}-{}-{}",
                shared.name, tile_id.zoom, tile_id.x, tile_id.y
            );
            let texture = ctx.load_texture(name, image, TextureOptions::LINEAR);
            // The receiver is gone only when the app is closing.
            let _ = sender.send((tile_id, texture));
        }
        shared.lock().in_flight.remove(&tile_id);
        ctx.request_repaint();
    }
}
