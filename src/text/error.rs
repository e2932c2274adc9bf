//! Errors of reading input documents.

use super::Warning;
use crate::position::FilePosition;
use std::path::PathBuf;

/// An input document could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("{}: cannot read", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than the size limit; it was not read.
    #[error(
        "{}: {} is larger than the limit of {}; not read (raise it with --max-file-size)",
        path.display(),
        human_size(*size),
        human_size(*limit)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file holds NUL bytes: not a text document (strict decoding).
    #[error("{}: binary file, not a text document", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is not valid UTF-8 (strict decoding).
    #[error("{at}: invalid UTF-8")]
    Utf8 {
        /// The first bad byte (its column counted in bytes).
        at: FilePosition,
    },
    /// The file is empty or only white space (strict decoding).
    #[error("{}: empty document", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A manifest, feed or other metadata file holds something that cannot be read.
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file was skipped, and the caller needed its text.
    #[error("{0}")]
    Skipped(Warning),
}

/// A size for people: bytes below 1 KiB, else KiB, MiB or GiB with one decimal.
fn human_size(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            return format!("{:.1} {unit} ({n} bytes)", n as f64 / size as f64);
        }
    }
    format!("{n} bytes")
}
