//! How long the offline basemap takes to prepare and to draw one tile.
//!
//! `cargo bench --bench basemap_tiles` prints the figures. With `TILE_PNG_DIR=dir` set, it
//! also writes the tiles it drew there as PNGs, to look at.

// Test code: a failed expectation is a failed test.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use corridor_atlas::io::basemap::Basemap;
use corridor_atlas::map::raster::{Rasteriser, tile_at};

fn main() {
    let started = Instant::now();
    let Ok(basemap) = Basemap::bundled() else {
        eprintln!("the bundled basemap does not parse");
        std::process::exit(1);
    };
    let parsed = started.elapsed();
    let preparing = Instant::now();
    let rasteriser = Rasteriser::new(&basemap);
    let prepared = preparing.elapsed();
    println!(
        "parse bundled basemap: {:.1} ms; project and simplify: {:.1} ms",
        parsed.as_secs_f64() * 1e3,
        prepared.as_secs_f64() * 1e3
    );

    let out_dir = std::env::var_os("TILE_PNG_DIR").map(std::path::PathBuf::from);
    // Tiles of the home view and around, from the whole region down to the Absheron coast.
    let places = [
        (47.5, 41.5),
        (49.9, 40.4),
        (51.2, 43.6),
        (44.8, 41.7),
        (43.1, 40.6),
    ];
    for zoom in [3u8, 5, 7, 9, 10] {
        let mut times_ms = Vec::new();
        for &(lon, lat) in &places {
            let centre = tile_at(lon, lat, zoom);
            for dx in 0..3u32 {
                let tile = corridor_atlas::map::raster::TileKey {
                    x: (centre.x + dx).saturating_sub(1),
                    ..centre
                };
                let start = Instant::now();
                let Some(pixels) = rasteriser.render(tile, 256) else {
                    continue;
                };
                times_ms.push(start.elapsed().as_secs_f64() * 1e3);
                if let Some(dir) = &out_dir {
                    let path = dir.join(format!("{}-{}-{}.png", tile.zoom, tile.x, tile.y));
                    let _ = image::save_buffer(
                        path,
                        &pixels,
                        256,
                        256,
                        image::ExtendedColorType::Rgba8,
                    );
                }
            }
        }
        times_ms.sort_by(f64::total_cmp);
        let median = times_ms.get(times_ms.len() / 2).copied().unwrap_or(0.0);
        let max = times_ms.last().copied().unwrap_or(0.0);
        println!(
            "zoom {zoom:>2}: {} tiles of 256 px, median {median:.1} ms, slowest {max:.1} ms",
            times_ms.len()
        );
    }
}
