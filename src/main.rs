//! The `corridor-atlas` binary: command line, logging, window options.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Parser;
use corridor_atlas::{App, AppOptions, Args};

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    // Tile servers that cannot be reached are expected offline, and a missing file dialog is
    // told to the user in the window: keep those crates quiet unless RUST_LOG asks for more.
    env_logger::Builder::from_env(
        env_logger::Env::default()
            .default_filter_or("warn,walkers=error,wgpu=error,naga=error,egui_wgpu=error,rfd=off"),
    )
    .init();
    let args = Args::parse();
    if let Some(error) = args.usage_error() {
        error.exit();
    }
    if args.check {
        let (report, clean) = corridor_atlas::layers::check_files(&args.files);
        for line in report {
            println!("{line}");
        }
        return if clean {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if let Some(path) = &args.export {
        return export(path, &args.files, args.as_of.map(|when| when.day));
    }
    if let (Some(article), Some(out)) = (&args.draft_story, &args.out) {
        return draft_story(article, out, &args);
    }
    let outcome = Arc::new(Mutex::new(None));
    let options = AppOptions {
        screenshot: args.screenshot.clone(),
        files: args.files.clone(),
        fresh: args.screenshot.is_some(),
        select: args.select.clone(),
        outcome: outcome.clone(),
        launched: Some(launched),
        network: true,
        as_of: args.as_of.map(|when| when.day),
    };
    let native_options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Corridor Atlas")
            .with_app_id(corridor_atlas::app::APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 420.0]),
        // A screenshot run starts from the defaults and leaves the saved window alone.
        persist_window: args.screenshot.is_none(),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Corridor Atlas",
        native_options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, options)))),
    );
    if let Err(error) = result {
        eprintln!("corridor-atlas: cannot open the window: {error}");
        return ExitCode::FAILURE;
    }
    let outcome = outcome
        .lock()
        .map(|mut guard| guard.take())
        .unwrap_or_default();
    match outcome {
        Some(Err(message)) => {
            eprintln!("corridor-atlas: {message}");
            ExitCode::FAILURE
        }
        Some(Ok(message)) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        None => ExitCode::SUCCESS,
    }
}

/// `--draft-story`: drafts a story folder from an article and says what it found.
fn draft_story(article: &std::path::Path, out: &std::path::Path, args: &Args) -> ExitCode {
    use corridor_atlas::io::draft::{
        NameIndex, draft, guess_language, known_from_files, read_article,
    };
    let text = match read_article(article) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("corridor-atlas: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (known, problems) = known_from_files(&args.files);
    for problem in &problems {
        eprintln!("corridor-atlas: {problem}");
    }
    let language = args
        .language
        .clone()
        .unwrap_or_else(|| guess_language(&text).to_owned());
    let drafted = draft(&text, &language, &NameIndex::new(known));
    if let Err(error) = drafted.write(out, args.overwrite) {
        eprintln!("corridor-atlas: {error}");
        return ExitCode::FAILURE;
    }
    let links: usize = drafted.links.values().map(Vec::len).sum();
    println!(
        "{}: a draft with {} passages and {} proposed links to {} items (language {language}); check it with corridor-atlas --check {}",
        out.display(),
        drafted.passages.len(),
        links,
        drafted.links.len(),
        out.display()
    );
    ExitCode::SUCCESS
}

/// `--export`: the bundled story's items and those of the files, written to `path`.
fn export(
    path: &std::path::Path,
    files: &[std::path::PathBuf],
    as_of: Option<jiff::civil::Date>,
) -> ExitCode {
    use corridor_atlas::io::export::{ExportLayer, geojson};
    use corridor_atlas::layers::intake::Read;
    let is_geojson = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
    if !is_geojson {
        eprintln!(
            "corridor-atlas: {}: only GeoJSON export is there yet; name a .geojson file",
            path.display()
        );
        return ExitCode::from(2);
    }
    let bundled = corridor_atlas::io::story::bundled();
    let mut read = Vec::new();
    for file in files {
        let progress = corridor_atlas::io::reader::Progress::default();
        match corridor_atlas::layers::prepare(file, &progress, &[], egui::Color32::GRAY) {
            Ok((found, _, _)) => read.push((file.display().to_string(), found)),
            Err(error) => {
                eprintln!("corridor-atlas: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut layers = vec![ExportLayer {
        name: "bundled story",
        story: Some(&bundled.story),
        items: bundled.corridors.iter().collect(),
    }];
    for (name, found) in &read {
        layers.push(match found {
            Read::File(file) => ExportLayer {
                name,
                story: None,
                items: file.outcome.corridors.iter().collect(),
            },
            Read::Story(story) => ExportLayer {
                name,
                story: Some(&story.story),
                items: story.corridors.iter().collect(),
            },
        });
    }
    let out = geojson(&layers, as_of);
    let count = out
        .get("features")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    let text = serde_json::to_string_pretty(&out).unwrap_or_default() + "\n";
    match corridor_atlas::io::draft::write_atomically(path, text.as_bytes()) {
        Ok(()) => {
            println!("{}: {count} items exported", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("corridor-atlas: {}: cannot write: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
