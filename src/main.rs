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
    if let Some(request) = args.export_request() {
        return export(request);
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

/// `--export`: writes the export and says what it wrote, or why it could not.
fn export(request: Result<corridor_atlas::figure::headless::ExportRequest, String>) -> ExitCode {
    match request.and_then(|request| corridor_atlas::figure::headless::export(&request)) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("corridor-atlas: {message}");
            ExitCode::FAILURE
        }
    }
}
