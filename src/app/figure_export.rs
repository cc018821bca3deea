//! *File → Export map…*: the figure's settings with a preview, the dialog that asks where,
//! and the export on a worker thread with progress and a way to stop it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::dialogs::{PendingDialog, dialogs_available};
use crate::figure::FigureOptions;
use crate::figure::compose::{Framing, SourceLayer, figure};
use crate::figure::output::{Format, Paper, Size, render, write};
use crate::map::view::BoundsDeg;
use crate::panels::figure_export::{FigureSettings, FigureView, figure_export_ui};

use super::App;

/// The preview's width in pixels.
const PREVIEW_WIDTH_PX: u32 = 520;

/// The export window's state while it is open.
pub(super) struct FigureExport {
    settings: FigureSettings,
    /// The preview shown, and the settings it was made with.
    preview: Option<(egui::TextureHandle, FigureSettings)>,
    /// A preview being made, and the settings it is for.
    preview_job: Option<(Receiver<Option<egui::ColorImage>>, FigureSettings)>,
    /// The dialog asking where to save.
    dialog: Option<PendingDialog<rfd::FileHandle>>,
    /// An export under way.
    job: Option<Job>,
}

/// An export under way: where to, its stop flag, and its outcome when done.
type Job = (PathBuf, Arc<AtomicBool>, Receiver<Result<String, String>>);

impl App {
    /// Opens the export window with the settings a user would start from.
    pub(super) fn open_figure_export(&mut self) {
        if self.figure_export.is_some() {
            return;
        }
        let rect = self.map.last_rect();
        let title = self.story().map_or_else(
            || "Corridor Atlas".to_owned(),
            |story| story.meta.title().to_owned(),
        );
        self.figure_export = Some(FigureExport {
            settings: FigureSettings {
                format: Format::Pdf,
                paper: Paper::A4,
                landscape: true,
                dpi: 150,
                // The map's size at twice its points, as a sharp picture of what is seen.
                pixels: (
                    (rect.width() * 2.0).round().max(200.0) as u32,
                    (rect.height() * 2.0).round().max(200.0) as u32,
                ),
                png_on_paper: false,
                title,
                view: if self.selection.is_empty() {
                    FigureView::Screen
                } else {
                    FigureView::Selection
                },
                options: FigureOptions::default(),
            },
            preview: None,
            preview_job: None,
            dialog: None,
            job: None,
        });
    }

    /// The size the settings ask for.
    fn figure_size(settings: &FigureSettings) -> Size {
        if settings.format == Format::Png && !settings.png_on_paper {
            let (w, h) = settings.pixels;
            Size::Pixels(w, h)
        } else {
            Size::Paper {
                paper: settings.paper,
                landscape: settings.landscape,
                dpi: settings.dpi,
            }
        }
    }

    /// The figure of what the map shows now, as an SVG document for `settings`.
    fn figure_svg(&self, settings: &FigureSettings) -> String {
        let draw = self.layer_drawing(&[]);
        let sources: Vec<SourceLayer<'_>> = draw
            .iter()
            .filter_map(|d| {
                let layer = self.layers.get(d.id)?;
                Some(SourceLayer {
                    story: layer.story.as_ref(),
                    corridors: &layer.corridors,
                    overlay: &layer.overlay,
                    colour: layer.colour,
                    visible: d.visible.clone(),
                    time: d.time.clone(),
                    selected: d.selected.clone(),
                })
            })
            .collect();
        let rect = self.map.last_rect();
        let screen = {
            let (west, north) = self.map.position_at(rect.left_top());
            let (east, south) = self.map.position_at(rect.right_bottom());
            BoundsDeg {
                west,
                south,
                east,
                north,
            }
        };
        let selected = self
            .with_legs(&self.selection)
            .iter()
            .filter_map(|item| self.layers.bounds_of(item))
            .reduce(BoundsDeg::union);
        let (bounds, margin) = match (settings.view, selected) {
            (FigureView::Selection, Some(bounds)) => (bounds, 0.1),
            _ => (screen, 0.0),
        };
        let figure = figure(
            &sources,
            &self.basemap,
            Framing {
                title: settings.title.clone(),
                as_of: self.as_of(),
                bounds,
                margin,
                options: settings.options,
            },
        );
        crate::figure::svg(&figure, Self::figure_size(settings).page())
    }

    /// The export window, its preview, its dialog and its export, once a frame.
    pub(super) fn figure_export_step(&mut self, ctx: &egui::Context) {
        let Some(mut export) = self.figure_export.take() else {
            return;
        };
        self.figure_preview_step(ctx, &mut export);
        let busy = export.job.as_ref().map(|(path, _, _)| path.clone());
        let outcome = figure_export_ui(
            ctx,
            &mut export.settings,
            export.preview.as_ref().map(|(texture, _)| texture),
            busy.as_deref(),
            !self.selection.is_empty(),
        );
        let keep = self.figure_export_answer(ctx, &mut export, outcome);
        if keep {
            self.figure_export = Some(export);
        }
    }

    /// Starts a new preview when the settings changed, and takes in a finished one.
    fn figure_preview_step(&self, ctx: &egui::Context, export: &mut FigureExport) {
        if let Some((receiver, settings)) = &export.preview_job
            && let Ok(image) = receiver.try_recv()
        {
            if let Some(image) = image {
                let texture =
                    ctx.load_texture("figure-preview", image, egui::TextureOptions::LINEAR);
                export.preview = Some((texture, settings.clone()));
            }
            export.preview_job = None;
        }
        let current = export.preview.as_ref().map(|(_, s)| s);
        let pending = export.preview_job.as_ref().map(|(_, s)| s);
        if current == Some(&export.settings)
            || pending == Some(&export.settings)
            || pending.is_some()
        {
            return;
        }
        let svg = self.figure_svg(&export.settings);
        let page = Self::figure_size(&export.settings).page();
        let height = (f64::from(PREVIEW_WIDTH_PX) * page.height / page.width).round() as u32;
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let size = Size::Pixels(PREVIEW_WIDTH_PX, height.max(1));
            let image = render(&svg, Format::Png, size, &AtomicBool::new(false))
                .ok()
                .and_then(|png| image::load_from_memory(&png).ok())
                .map(|picture| {
                    let rgba = picture.to_rgba8();
                    egui::ColorImage::from_rgba_unmultiplied(
                        [rgba.width() as usize, rgba.height() as usize],
                        rgba.as_raw(),
                    )
                });
            let _ = sender.send(image);
            ctx.request_repaint();
        });
        export.preview_job = Some((receiver, export.settings.clone()));
    }

    /// Acts on the window's answer, the save dialog and a finished export; whether the window
    /// stays open.
    fn figure_export_answer(
        &mut self,
        ctx: &egui::Context,
        export: &mut FigureExport,
        outcome: crate::panels::figure_export::Outcome,
    ) -> bool {
        use crate::panels::figure_export::Outcome;
        if let Some((path, _, receiver)) = &export.job
            && let Ok(result) = receiver.try_recv()
        {
            self.notice = Some(match result {
                Ok(message) => format!("Exported {message}"),
                Err(message) => format!("Cannot export to {}: {message}", path.display()),
            });
            export.job = None;
            return false;
        }
        if let Some(answer) = export.dialog.as_mut().and_then(PendingDialog::poll) {
            export.dialog = None;
            if let Some(file) = answer {
                self.start_figure_export(ctx, export, file.path().to_path_buf());
            }
        }
        match outcome {
            Outcome::Close => {
                if let Some((_, stop, _)) = &export.job {
                    stop.store(true, Ordering::Relaxed);
                }
                false
            }
            Outcome::Stop => {
                if let Some((_, stop, _)) = &export.job {
                    stop.store(true, Ordering::Relaxed);
                }
                true
            }
            Outcome::Export => {
                self.ask_where_to_export_figure(ctx, export);
                true
            }
            Outcome::Open => true,
        }
    }

    /// Asks where to save the figure; without a dialog, it goes to the pictures folder.
    fn ask_where_to_export_figure(&mut self, ctx: &egui::Context, export: &mut FigureExport) {
        if export.dialog.is_some() || export.job.is_some() {
            return;
        }
        let extension = match export.settings.format {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf | Format::GeoJson => "pdf",
        };
        let name = format!(
            "{}.{extension}",
            crate::screenshot::screenshot_file_name().trim_end_matches(".png")
        );
        if !dialogs_available() {
            let path = crate::screenshot::screenshot_folder().join(name);
            self.start_figure_export(ctx, export, path);
            return;
        }
        let answer = rfd::AsyncFileDialog::new()
            .set_title("Export map")
            .add_filter(extension.to_uppercase(), &[extension])
            .set_file_name(name)
            .save_file();
        export.dialog = Some(PendingDialog::new(ctx, answer));
    }

    /// Draws the figure and writes it to `path` on a worker thread.
    fn start_figure_export(&self, ctx: &egui::Context, export: &mut FigureExport, path: PathBuf) {
        let format = match Format::of_path(&path) {
            Ok(Format::GeoJson) | Err(_) => export.settings.format,
            Ok(format) => format,
        };
        let size = Self::figure_size(&export.settings);
        let svg = self.figure_svg(&export.settings);
        let stop = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let (target, flag) = (path.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let result = render(&svg, format, size, &flag)
                .and_then(|bytes| {
                    if flag.load(Ordering::Relaxed) {
                        return Err(crate::figure::output::ExportError::Cancelled);
                    }
                    write(&target, &bytes)
                })
                .map(|()| target.display().to_string())
                .map_err(|error| error.to_string());
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        export.job = Some((path, stop, receiver));
    }
}
