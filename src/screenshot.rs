//! Screenshots of the window: asked for from the menu (with a save dialog) or from the
//! command line (then the app closes), taken once the map has settled, saved as PNG.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use egui::ColorImage;

use crate::app::Outcome;
use crate::dialogs::{NO_DIALOG, PendingDialog, dialogs_available};

/// The longest a screenshot run waits for the map to settle before taking the picture anyway.
const SCREENSHOT_PATIENCE: Duration = Duration::from_secs(30);

/// A screenshot on its way: asked for, then taken, then saved.
enum Screenshot {
    None,
    /// Take it once the map has settled.
    Wanted {
        path: PathBuf,
        then_exit: bool,
        since: Instant,
    },
    /// Asked of the renderer; the image arrives on the channel.
    Taken {
        path: PathBuf,
        then_exit: bool,
        since: Instant,
    },
}

/// Where screenshots go: the pictures folder (or the home folder, or the working directory).
pub(crate) fn screenshot_folder() -> PathBuf {
    let dirs = directories::UserDirs::new();
    dirs.as_ref()
        .and_then(|d| d.picture_dir().map(PathBuf::from))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_default()
}

/// A screenshot's file name, by the local date and time: `Corridor Atlas 2026-11-30 10.15.02.png`.
pub fn screenshot_file_name() -> String {
    let now = jiff::ZonedDateTime::now();
    format!("Corridor Atlas {}.png", now.strftime("%Y-%m-%d %H.%M.%S"))
}

/// Writes `image` to `path` as a PNG; says what happened in words for the user.
fn save_png(image: &ColorImage, path: &std::path::Path) -> Result<String, String> {
    let [width, height] = image.size;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_srgba_unmultiplied)
        .collect();
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err("The screenshot is too large to save.".to_owned());
    };
    image::save_buffer(path, &bytes, width, height, image::ExtendedColorType::Rgba8)
        .map(|()| format!("Saved a screenshot to {}", path.display()))
        .map_err(|error| format!("Cannot save the screenshot to {}: {error}", path.display()))
}

/// The screenshots of a window: the one on its way, and the dialog that asks where to save.
pub struct Screenshots {
    state: Screenshot,
    images: (Sender<Arc<ColorImage>>, Receiver<Arc<ColorImage>>),
    /// The save dialog, while the user chooses.
    dialog: Option<PendingDialog<rfd::FileHandle>>,
    /// No save dialog could be shown: the picture went to the screenshot folder.
    no_dialog: bool,
    outcome: Outcome,
}

/// What the window tells a screenshot step.
pub struct Moment<'a> {
    /// The map is drawn whole: no tiles pending, no file loading.
    pub settled: bool,
    /// How long after launch the first complete map was on screen, and the map with every
    /// file named at launch drawn whole.
    pub first_map: Option<(Duration, Duration)>,
    /// What went wrong on the command line: a run that exits then fails, picture or not.
    pub start_error: &'a mut Option<String>,
}

impl Screenshots {
    /// No screenshot yet, or (with `exit_with`) one to save at that path once the map has
    /// settled, counted from the launch, after which the window closes.
    pub fn new(outcome: Outcome, exit_with: Option<(PathBuf, Instant)>) -> Self {
        let state = match exit_with {
            Some((path, since)) => Screenshot::Wanted {
                path,
                then_exit: true,
                since,
            },
            None => Screenshot::None,
        };
        Self {
            state,
            images: channel(),
            dialog: None,
            no_dialog: false,
            outcome,
        }
    }

    /// Asks where to save a screenshot, without stopping the window. Where no dialog can be
    /// shown, the screenshot goes to the screenshot folder, and the user is told where.
    pub fn ask_where_to_save(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        if !dialogs_available() {
            self.no_dialog = true;
            self.want(screenshot_folder().join(screenshot_file_name()));
            return;
        }
        let answer = rfd::AsyncFileDialog::new()
            .set_title("Save screenshot")
            .add_filter("PNG image", &["png"])
            .set_directory(screenshot_folder())
            .set_file_name(screenshot_file_name())
            .save_file();
        self.dialog = Some(PendingDialog::new(ctx, answer));
    }

    /// A screenshot of the window as it is, to be saved at `path`.
    fn want(&mut self, path: PathBuf) {
        self.state = Screenshot::Wanted {
            path,
            then_exit: false,
            since: Instant::now(),
        };
    }

    /// Moves a screenshot along: takes it once the map has settled, saves it when it arrives.
    /// Returns what to tell the user, when there is something.
    pub fn step(&mut self, ctx: &egui::Context, moment: Moment<'_>) -> Option<String> {
        let Moment {
            settled,
            first_map,
            start_error,
        } = moment;
        self.take_chosen_path();
        match std::mem::replace(&mut self.state, Screenshot::None) {
            Screenshot::None => None,
            Screenshot::Wanted {
                path,
                then_exit,
                since,
            } => {
                if settled || since.elapsed() > SCREENSHOT_PATIENCE {
                    self.request_picture(ctx);
                    self.state = Screenshot::Taken {
                        path,
                        then_exit,
                        since: Instant::now(),
                    };
                } else {
                    self.state = Screenshot::Wanted {
                        path,
                        then_exit,
                        since,
                    };
                    ctx.request_repaint_after(Duration::from_millis(50));
                }
                None
            }
            Screenshot::Taken {
                path,
                then_exit,
                since,
            } => match self.images.1.try_recv() {
                Ok(image) => {
                    let saved = self.save(&image, &path, first_map.filter(|_| then_exit));
                    let notice = match &saved {
                        Ok(message) | Err(message) => message.clone(),
                    };
                    if then_exit {
                        // The picture is saved, but a wrong command line still fails the run.
                        let result = match (saved, start_error.take()) {
                            (Ok(saved), Some(error)) => Err(format!("{error} ({saved})")),
                            (result, _) => result,
                        };
                        self.finish(ctx, result);
                    }
                    Some(notice)
                }
                // A window that never shows (minimised, say) never delivers the picture.
                Err(_) if since.elapsed() > SCREENSHOT_PATIENCE => {
                    let message = format!(
                        "The window never showed, so no screenshot was saved to {}.",
                        path.display()
                    );
                    if then_exit {
                        self.finish(ctx, Err(message.clone()));
                    }
                    Some(message)
                }
                Err(_) => {
                    self.state = Screenshot::Taken {
                        path,
                        then_exit,
                        since,
                    };
                    ctx.request_repaint_after(Duration::from_millis(100));
                    None
                }
            },
        }
    }

    /// A path chosen in the save dialog (or, with no dialog to be had, the usual folder and
    /// name) starts a screenshot.
    fn take_chosen_path(&mut self) {
        let Some(answer) = self.dialog.as_mut().and_then(PendingDialog::poll) else {
            return;
        };
        self.dialog = None;
        // A cancelled dialog takes no picture.
        if let Some(file) = answer {
            self.want(file.path().to_path_buf());
        }
    }

    /// Asks the renderer for a picture of the next frame; it arrives on `images` and wakes the
    /// window up.
    fn request_picture(&self, ctx: &egui::Context) {
        let sender = self.images.0.clone();
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let _ = sender.send(image);
            repaint.request_repaint();
        });
    }

    /// Saves the picture to `path`; says so in words for the user, with how long after launch
    /// the map was drawn (`first_map`, given for a command-line run) or why no dialog asked
    /// where.
    fn save(
        &mut self,
        image: &ColorImage,
        path: &std::path::Path,
        first_map: Option<(Duration, Duration)>,
    ) -> Result<String, String> {
        save_png(image, path).map(|saved| match first_map {
            Some((map, whole)) => {
                format!(
                    "{saved} (map drawn {:.2} s after start, whole with every file {:.2} s after start)",
                    map.as_secs_f64(),
                    whole.as_secs_f64()
                )
            }
            _ if std::mem::take(&mut self.no_dialog) => {
                format!("{NO_DIALOG} {saved}")
            }
            _ => saved,
        })
    }

    /// Reports how a screenshot run ended and closes the window.
    fn finish(&self, ctx: &egui::Context, result: Result<String, String>) {
        if let Ok(mut outcome) = self.outcome.lock() {
            *outcome = Some(result);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}
