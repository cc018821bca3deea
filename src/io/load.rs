//! Loading a corridor file from disk: read, parse, validate. The same pipeline serves the
//! window (on a worker thread) and `--check`.

use std::path::{Path, PathBuf};

use crate::io::reader::{Problem, Progress, ReadError, ReadOutcome, Severity, read_corridors};

/// Why a file could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read from disk.
    #[error("{path}: cannot read the file: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The contents are wrong.
    #[error("{path}: {error}")]
    Read {
        /// The file.
        path: String,
        /// What is wrong, with line and column where there is one.
        error: ReadError,
    },
}

impl LoadError {
    /// The problems of single features behind the error (for a file none of whose features
    /// could be loaded), to be shown as [`problem_lines`] before the error itself.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Io { .. } => &[],
            Self::Read { error, .. } => error.problems(),
        }
    }
}

/// A file that loaded, perhaps with problems in some features.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Where it came from.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// What was read.
    pub outcome: ReadOutcome,
}

/// Reads and parses `path`.
pub fn load_file(path: &Path, progress: &Progress) -> Result<LoadedFile, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: shown.clone(),
        message: error.to_string(),
    })?;
    let outcome =
        read_corridors(&bytes, progress).map_err(|error| LoadError::Read { path: shown, error })?;
    Ok(LoadedFile {
        path: path.to_path_buf(),
        size_bytes: bytes.len() as u64,
        outcome,
    })
}

/// One line per problem, prefixed with the file, as `--check` prints them.
pub fn problem_lines(path: &Path, problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|problem| {
            let level = match problem.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            format!("{}: {level}: {}", path.display(), problem.message)
        })
        .collect()
}
