//! Watching files for changes without looking at them again and again: the system tells
//! (inotify, FSEvents, ReadDirectoryChanges), a burst of writes comes as one change, and only
//! where the system cannot watch (some network file systems) are files looked at every few
//! seconds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// Writes closer together than this count as one change.
pub const QUIET_TIME: Duration = Duration::from_millis(300);

/// How often files that cannot be watched are looked at.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// The files to watch and what has changed.
pub struct FileWatch {
    debouncer: Option<Debouncer<RecommendedWatcher>>,
    changes: Receiver<PathBuf>,
    /// The files watched: other files of their folders may change without waking anyone.
    files: Arc<Mutex<BTreeSet<PathBuf>>>,
    /// Watched folders (a file is watched through its folder, so that an editor that saves
    /// by writing a new file and renaming it is seen) and how many files need each.
    folders: BTreeMap<PathBuf, usize>,
    /// Files that could not be watched, with their last modification time.
    polled: BTreeMap<PathBuf, Option<SystemTime>>,
    last_poll: std::time::Instant,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl FileWatch {
    /// Starts watching nothing yet; `wake` is called (on another thread) when a change
    /// arrives, so that the window can look.
    pub fn new(wake: impl Fn() + Send + 'static) -> Self {
        let (sender, changes) = channel();
        let files: Arc<Mutex<BTreeSet<PathBuf>>> = Arc::default();
        let watched = Arc::clone(&files);
        let debouncer = new_debouncer(QUIET_TIME, move |result: DebounceEventResult| {
            let Ok(events) = result else {
                return;
            };
            let Ok(watched) = watched.lock() else {
                return;
            };
            let mut ours = false;
            for event in events.into_iter().filter(|e| watched.contains(&e.path)) {
                ours = true;
                if sender.send(event.path).is_err() {
                    return;
                }
            }
            if ours {
                wake();
            }
        })
        .ok();
        Self {
            debouncer,
            changes,
            files,
            folders: BTreeMap::new(),
            polled: BTreeMap::new(),
            last_poll: std::time::Instant::now(),
        }
    }

    /// Watches `file` (an absolute path); where the system cannot, it is polled instead.
    pub fn watch(&mut self, file: &Path) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(file.to_path_buf());
        }
        let Some(folder) = file.parent().map(Path::to_path_buf) else {
            self.polled.insert(file.to_path_buf(), modified(file));
            return;
        };
        if let Some(count) = self.folders.get_mut(&folder) {
            *count += 1;
            return;
        }
        let watched = self.debouncer.as_mut().is_some_and(|debouncer| {
            debouncer
                .watcher()
                .watch(&folder, RecursiveMode::NonRecursive)
                .is_ok()
        });
        if watched {
            self.folders.insert(folder, 1);
        } else {
            self.polled.insert(file.to_path_buf(), modified(file));
        }
    }

    /// Stops watching `file`.
    pub fn unwatch(&mut self, file: &Path) {
        if let Ok(mut files) = self.files.lock() {
            files.remove(file);
        }
        if self.polled.remove(file).is_some() {
            return;
        }
        let Some(folder) = file.parent() else {
            return;
        };
        let last = match self.folders.get_mut(folder) {
            Some(count) if *count > 1 => {
                *count -= 1;
                false
            }
            Some(_) => true,
            None => false,
        };
        if last {
            self.folders.remove(folder);
            if let Some(debouncer) = self.debouncer.as_mut() {
                let _ = debouncer.watcher().unwatch(folder);
            }
        }
    }

    /// Whether some files can only be polled: the window must then look again every
    /// [`POLL_EVERY`].
    pub fn needs_polling(&self) -> bool {
        !self.polled.is_empty()
    }

    /// The paths that changed since the last call: from the system's events, and from
    /// polling where it is due.
    pub fn changed(&mut self) -> BTreeSet<PathBuf> {
        let mut changed: BTreeSet<PathBuf> = self.changes.try_iter().collect();
        if !self.polled.is_empty() && self.last_poll.elapsed() >= POLL_EVERY {
            self.last_poll = std::time::Instant::now();
            for (path, seen) in &mut self.polled {
                let now = modified(path);
                if now.is_some() && now != *seen {
                    *seen = now;
                    changed.insert(path.clone());
                }
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_writes_to_a_watched_file_comes_as_one_change() {
        let dir = std::env::temp_dir().join(format!("corridor-atlas-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let file = dir.join("layer.geojson");
        std::fs::write(&file, "{}").expect("written");
        let (woken, wakes) = channel();
        let mut watch = FileWatch::new(move || {
            let _ = woken.send(());
        });
        watch.watch(&file);
        assert!(
            !watch.needs_polling(),
            "this system can watch a temporary folder"
        );
        for i in 0..5 {
            std::fs::write(&file, format!("{{\"n\": {i}}}")).expect("written");
            std::thread::sleep(Duration::from_millis(20));
        }
        wakes
            .recv_timeout(Duration::from_secs(5))
            .expect("the change is told");
        std::thread::sleep(QUIET_TIME * 2);
        let changed = watch.changed();
        assert!(changed.contains(&file), "{changed:?}");
        assert!(watch.changed().is_empty(), "one burst, one change");
        // Another file of the same folder changes: nobody is woken.
        std::thread::sleep(QUIET_TIME * 2);
        while wakes.try_recv().is_ok() {}
        std::fs::write(dir.join("other.txt"), "log line").expect("written");
        assert!(
            wakes.recv_timeout(QUIET_TIME * 4).is_err(),
            "a file that is not watched woke the window"
        );
        watch.unwatch(&file);
        let _ = std::fs::remove_dir_all(dir);
    }
}
