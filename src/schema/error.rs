//! Errors of reading and checking schema files, with file, line and column.

use crate::position::FilePosition;
use std::path::PathBuf;

/// A schema file could not be read, parsed or validated.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The file (or the gazetteer folder) could not be read.
    #[error("{}: cannot read", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The RON is malformed or does not fit the expected shape.
    #[error("{at}: {message}")]
    Parse {
        /// Where.
        at: FilePosition,
        /// What the parser said.
        message: String,
    },
    /// The file parses but contradicts the rest of the schema.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl SchemaError {
    pub(crate) fn from_ron(path: &std::path::Path, e: ron::error::SpannedError) -> SchemaError {
        SchemaError::Parse {
            at: FilePosition::new(path, e.span.start.line, e.span.start.col),
            message: e.code.to_string(),
        }
    }
}
