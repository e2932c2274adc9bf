//! Errors of reading input documents.

use std::path::PathBuf;

/// An input document could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        message: String,
    },
    /// The file holds NUL bytes: not a text document.
    #[error("{}: binary file, not a text document", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is not valid UTF-8.
    #[error("{}:{line}:{column}: invalid UTF-8", path.display())]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in bytes) of the first bad byte.
        column: usize,
    },
    /// The file is empty or only white space.
    #[error("{}: empty document", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
}
