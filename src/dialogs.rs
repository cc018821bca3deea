//! File dialogs that do not stop the window: rfd's asynchronous dialogs, polled once a frame,
//! with a waker that asks for a frame when the answer is there.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Wakes the window when a dialog has its answer, so that the next frame takes it in.
struct Wakes<F>(F);

impl<F: Fn() + Send + Sync + 'static> Wake for Wakes<F> {
    fn wake(self: Arc<Self>) {
        (self.0)();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        (self.0)();
    }
}

/// A dialog the user is answering.
pub struct PendingDialog<T> {
    answer: Pin<Box<dyn Future<Output = Option<T>> + Send>>,
    waker: Waker,
}

impl<T: Send + 'static> PendingDialog<T> {
    /// Shows the dialog that `answer` waits for; the window is woken when the user has
    /// answered.
    pub fn new(
        ctx: &egui::Context,
        answer: impl Future<Output = Option<T>> + Send + 'static,
    ) -> Self {
        let ctx = ctx.clone();
        Self::waking(move || ctx.request_repaint(), answer)
    }

    /// Shows the dialog that `answer` waits for, and calls `wake` when the user has answered.
    pub fn waking(
        wake: impl Fn() + Send + Sync + 'static,
        answer: impl Future<Output = Option<T>> + Send + 'static,
    ) -> Self {
        let mut dialog = Self {
            answer: Box::pin(answer),
            waker: Waker::from(Arc::new(Wakes(wake))),
        };
        // rfd shows the dialog when its future is first polled.
        if let Some(answered) = dialog.poll() {
            // Answered at once (no dialog could be shown): kept for the next look.
            dialog.answer = Box::pin(std::future::ready(answered));
        }
        dialog
    }

    /// `Some` once the user has answered: what they chose, or `None` when they cancelled.
    pub fn poll(&mut self) -> Option<Option<T>> {
        let mut context = Context::from_waker(&self.waker);
        match self.answer.as_mut().poll(&mut context) {
            Poll::Ready(answer) => Some(answer),
            Poll::Pending => None,
        }
    }
}

/// What the user is told where no file dialog can be shown; each use says what to do instead.
pub const NO_DIALOG: &str = "No file dialog is available here (no desktop portal, no zenity).";

/// Whether a file dialog can be shown here. On Linux and the BSDs rfd asks the desktop
/// portal over the session bus and falls back to `zenity`; with neither there is no dialog,
/// and the user must be told so rather than be shown nothing.
pub fn dialogs_available() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists());
    session_bus || on_path("zenity")
}

/// Whether a program of this name is in one of the `PATH` folders.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| folder.join(program).is_file())
    })
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};

    use super::PendingDialog;

    /// An answer that another thread gives later, as a dialog's does.
    #[derive(Clone, Default)]
    struct Later(Arc<Mutex<Slot>>);

    /// The answer once given, and who to wake then.
    type Slot = (Option<Option<u32>>, Option<Waker>);

    impl Future for Later {
        type Output = Option<u32>;
        fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<u32>> {
            let Ok(mut slot) = self.0.lock() else {
                return Poll::Ready(None);
            };
            match slot.0.take() {
                Some(answer) => Poll::Ready(answer),
                None => {
                    slot.1 = Some(context.waker().clone());
                    Poll::Pending
                }
            }
        }
    }

    #[test]
    fn an_answer_given_later_wakes_the_window_and_is_taken_in_once_there() {
        let woken = Arc::new(AtomicBool::new(false));
        let wake = {
            let woken = woken.clone();
            move || woken.store(true, Ordering::SeqCst)
        };
        let later = Later::default();
        let mut dialog = PendingDialog::waking(wake, later.clone());
        assert_eq!(dialog.poll(), None, "no answer yet");
        assert!(!woken.load(Ordering::SeqCst), "nothing to draw yet");
        let answering = later.clone();
        std::thread::spawn(move || {
            let waker = {
                let mut slot = answering.0.lock().expect("lock");
                slot.0 = Some(Some(7));
                slot.1.take()
            };
            waker.expect("the dialog was polled").wake();
        })
        .join()
        .expect("answered");
        assert!(woken.load(Ordering::SeqCst), "the window is woken");
        assert_eq!(dialog.poll(), Some(Some(7)));
    }
}
