//! File dialogs shown off the UI thread: the window keeps drawing while the user chooses.

use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// Where a dialog thread sends its answer, and where the window picks it up.
pub type DialogChannel<T> = (Sender<DialogAnswer<T>>, Receiver<DialogAnswer<T>>);

/// What a file dialog shown on its own thread answered.
pub enum DialogAnswer<T> {
    /// The user chose this.
    Chosen(T),
    /// No dialog could be shown (no desktop portal).
    NoDialog,
}

/// Shows a file dialog on its own thread, so the window keeps drawing meanwhile, and sends
/// the answer to `sender`; a cancelled dialog sends nothing. `false` if no thread could start.
pub fn dialog_on_thread<T: Send + 'static>(
    ctx: &egui::Context,
    name: &str,
    sender: Sender<DialogAnswer<T>>,
    ask: impl FnOnce() -> Option<T> + Send + 'static,
) -> bool {
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let asked = Instant::now();
            let answer = match ask() {
                Some(chosen) => DialogAnswer::Chosen(chosen),
                // No one cancels a dialog within a quarter second: it never opened, which is
                // what happens without a desktop portal.
                None if asked.elapsed() < Duration::from_millis(250) => DialogAnswer::NoDialog,
                None => return,
            };
            let _ = sender.send(answer);
            ctx.request_repaint();
        })
        .is_ok()
}
