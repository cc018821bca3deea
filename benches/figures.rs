//! Exported figures: how long an A3 landscape PDF at 300 dpi and a 6000 × 4000 PNG of the
//! region view with the bundled story take, and the peak memory of each.
//!
//! `cargo bench --bench figures` runs each export three times, each in a process of its own
//! (so the peak memory is the export's, from the kernel's high-water mark), and prints the
//! median time and the highest peak.

// Benchmark code: a failed expectation is a failed run.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::peak_rss_bytes;
use std::path::PathBuf;
use std::time::Instant;

use corridor_atlas::figure::headless::{ExportRequest, export};
use corridor_atlas::figure::output::{Paper, Size};

fn request(kind: &str) -> ExportRequest {
    let dir = std::env::temp_dir();
    match kind {
        "pdf" => ExportRequest {
            path: dir.join("corridor-atlas-bench-a3.pdf"),
            size: Some(Size::Paper {
                paper: Paper::A3,
                landscape: true,
                dpi: 300,
            }),
            ..ExportRequest::default()
        },
        "png" => ExportRequest {
            path: dir.join("corridor-atlas-bench-6000.png"),
            size: Some(Size::Pixels(6000, 4000)),
            ..ExportRequest::default()
        },
        _ => panic!("unknown export {kind}"),
    }
}

/// One export in this process: prints `seconds peak_bytes file_bytes`.
fn child(kind: &str) {
    let request = request(kind);
    let start = Instant::now();
    export(&request).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&request.path).map_or(0, |m| m.len());
    let _ = std::fs::remove_file(&request.path);
    println!("{seconds} {} {bytes}", peak_rss_bytes());
}

fn run(kind: &str) -> (f64, u64, u64) {
    let exe: PathBuf = std::env::current_exe().unwrap();
    let output = std::process::Command::new(exe)
        .args(["--child", kind])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<f64> = text
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(
        numbers.len(),
        3,
        "{text} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (numbers[0], numbers[1] as u64, numbers[2] as u64)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(&args[at + 1]);
        return;
    }
    for (kind, what) in [
        ("pdf", "A3 landscape PDF (300 dpi)"),
        ("png", "6000 × 4000 PNG"),
    ] {
        let runs: Vec<(f64, u64, u64)> = (0..3).map(|_| run(kind)).collect();
        let mut seconds: Vec<f64> = runs.iter().map(|r| r.0).collect();
        seconds.sort_by(f64::total_cmp);
        let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
        println!(
            "{what} of the region view with the bundled story: median {:.2} s of 3 (each run includes reading the story and the basemap), peak memory {:.0} MB, file {:.1} MB",
            seconds[1],
            peak as f64 / 1e6,
            runs[0].2 as f64 / 1e6
        );
    }
}
