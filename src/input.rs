//! What finkg does with a document file before extraction: scraped web text
//! is often not clean, so only what cannot be read at all is an error.
//!
//! - A file larger than the size limit is refused (an error naming the file
//!   and its size), checked before anything is read.
//! - A file holding NUL bytes is binary: skipped with a warning.
//! - An empty or white-space file: skipped with a warning.
//! - Invalid UTF-8 is decoded lossily (U+FFFD for each bad sequence) with a
//!   warning naming the file and the byte offset of the first bad byte.

use std::fmt;
use std::path::{Path, PathBuf};

/// The default largest document read: 16 MiB. A news article is a few
/// hundred kilobytes at most; anything bigger is almost surely not one.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The outcome of reading one document file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Text to extract from, with warnings about how it was decoded.
    Text {
        /// The text (a leading byte-order mark removed).
        text: String,
        /// Warnings, each a line naming the file.
        warnings: Vec<String>,
    },
    /// Nothing to extract from: the warning says why.
    Skipped {
        /// A line naming the file and why it was skipped.
        warning: String,
    },
}

/// A document file that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        message: String,
    },
    /// The file is larger than the limit.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            InputError::TooLarge { path, size, limit } => write!(
                f,
                "{}: {} is larger than the limit of {}; not read (raise it with --max-file-size)",
                path.display(),
                human_size(*size),
                human_size(*limit)
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Read a document file under the size limit and decode it (see the module
/// docs). The file is opened, read and closed here: nothing stays open.
pub fn read(path: &Path, limit: u64) -> Result<Decoded, InputError> {
    use std::io::Read;
    let io = |e: std::io::Error| InputError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    // Read at most one byte past the limit, in case the file grows meanwhile.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(decode(&bytes, path))
}

/// Decode the bytes of a document (see the module docs); `path` names the
/// file in warnings.
pub fn decode(bytes: &[u8], path: &Path) -> Decoded {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Decoded::Skipped {
            warning: format!(
                "{}: binary file (a NUL byte at offset {at}), skipped",
                path.display()
            ),
        };
    }
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let first = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let bad = lossy.matches('\u{FFFD}').count()
                - String::from_utf8_lossy(&bytes[..first])
                    .matches('\u{FFFD}')
                    .count();
            warnings.push(format!(
                "{}: invalid UTF-8 at byte offset {first}; decoded with {bad} replacement character{} (U+FFFD)",
                path.display(),
                if bad == 1 { "" } else { "s" }
            ));
            lossy
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Decoded::Skipped {
            warning: format!("{}: empty document (no text), skipped", path.display()),
        };
    }
    Decoded::Text { text, warnings }
}

/// A size for people: bytes below 1 KiB, else KiB, MiB or GiB with one decimal.
pub fn human_size(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            return format!("{:.1} {unit} ({n} bytes)", n as f64 / size as f64);
        }
    }
    format!("{n} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> (String, Vec<String>) {
        match d {
            Decoded::Text { text, warnings } => (text, warnings),
            Decoded::Skipped { warning } => panic!("skipped: {warning}"),
        }
    }

    fn skipped(d: Decoded) -> String {
        match d {
            Decoded::Skipped { warning } => warning,
            Decoded::Text { text, .. } => panic!("read: {text:?}"),
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_the_byte_offset() {
        let p = Path::new("d/latin1.txt");
        let (t, w) = text(decode(b"fine line\ncaf\xe9 au lait \xff\n", p));
        assert_eq!(t, "fine line\ncaf\u{FFFD} au lait \u{FFFD}\n");
        assert_eq!(
            w,
            ["d/latin1.txt: invalid UTF-8 at byte offset 13; decoded with 2 replacement characters (U+FFFD)"]
        );
        // A replacement character in the valid prefix is not counted.
        let mut bytes = "\u{FFFD} ok \u{FFFD}".as_bytes().to_vec();
        bytes.push(0xff);
        let (_, w) = text(decode(&bytes, p));
        assert!(w[0].contains("with 1 replacement character "), "{w:?}");
    }

    #[test]
    fn valid_text_has_no_warning_and_loses_its_bom() {
        let (t, w) = text(decode(
            "\u{feff}Alibaba rose.\n".as_bytes(),
            Path::new("a.txt"),
        ));
        assert_eq!(t, "Alibaba rose.\n");
        assert!(w.is_empty());
    }

    #[test]
    fn binary_and_empty_files_are_skipped_with_a_reason() {
        let w = skipped(decode(b"\x89PNG\r\n\x1a\n\0\0", Path::new("logo.txt")));
        assert_eq!(w, "logo.txt: binary file (a NUL byte at offset 8), skipped");
        for empty in [&b""[..], b" \n\t\r\n", "\u{feff}".as_bytes()] {
            let w = skipped(decode(empty, Path::new("e.md")));
            assert_eq!(w, "e.md: empty document (no text), skipped");
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "x".repeat(2000)).unwrap();
        let err = read(&p, 1024).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: 2.0 KiB (2000 bytes) is larger than the limit of 1.0 KiB (1024 bytes); not read (raise it with --max-file-size)",
                p.display()
            )
        );
        assert!(matches!(read(&p, 2000).unwrap(), Decoded::Text { .. }));
        let err = read(&dir.path().join("none.txt"), 10).unwrap_err();
        assert!(matches!(err, InputError::Io { .. }), "{err}");
    }
}
