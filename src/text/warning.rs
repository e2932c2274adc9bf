//! What a lenient decoder puts up with (invalid UTF-8) or skips a file for (a
//! binary or an empty file): warnings whose text is one line naming the file.

use std::fmt;
use std::path::PathBuf;

/// Something a lenient decoder put up with; its text is one line naming the
/// file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Invalid UTF-8, decoded with U+FFFD in place of each bad sequence.
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first bad byte.
        offset: usize,
        /// How many replacement characters were put in.
        replaced: usize,
    },
    /// A NUL byte: a binary file, skipped.
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// No text, or only white space: skipped.
    Empty {
        /// The file.
        path: PathBuf,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::InvalidUtf8 {
                path,
                offset,
                replaced,
            } => write!(
                f,
                "{}: invalid UTF-8 at byte offset {offset}; decoded with {replaced} replacement character{} (U+FFFD)",
                path.display(),
                if *replaced == 1 { "" } else { "s" }
            ),
            Warning::Binary { path, offset } => write!(
                f,
                "{}: binary file (a NUL byte at offset {offset}), skipped",
                path.display()
            ),
            Warning::Empty { path } => {
                write!(f, "{}: empty document (no text), skipped", path.display())
            }
        }
    }
}
