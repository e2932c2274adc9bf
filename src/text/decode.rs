//! Decoding a document file, with one policy for every caller: scraped web
//! text is often not clean, so only what cannot be read at all is an error.
//!
//! - A file larger than the size limit is refused (an error naming the file
//!   and its size), checked before anything is read.
//! - A file holding a NUL byte is binary: skipped with a warning.
//! - An empty or white-space file: skipped with a warning.
//! - Invalid UTF-8 is decoded lossily (U+FFFD for each bad sequence) with a
//!   warning naming the file and the byte offset of the first bad byte.
//! - A leading byte-order mark is dropped.
//!
//! A [strict](Decoder::strict) decoder turns each warning into an error
//! instead, for callers whose inputs must be clean (fixtures, examples).

use super::{TextError, Warning};
use crate::position::FilePosition;
use std::io::Read;
use std::path::Path;

/// The default largest document read: 16 MiB. A news article is a few
/// hundred kilobytes at most; anything bigger is almost surely not one.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Reads document files: a size limit, and lenient (the default) or strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoder {
    max_file_size: u64,
    strict: bool,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new()
    }
}

/// The outcome of decoding one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Text to extract from, with warnings about how it was decoded.
    Text {
        /// The text (a leading byte-order mark removed).
        text: String,
        /// Warnings, each naming the file.
        warnings: Vec<Warning>,
    },
    /// Nothing to extract from: the warning says why.
    Skipped {
        /// Why the file was skipped, naming it.
        warning: Warning,
    },
}

impl Decoder {
    /// A lenient decoder reading files of up to [`DEFAULT_MAX_FILE_SIZE`].
    pub const fn new() -> Decoder {
        Decoder {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            strict: false,
        }
    }

    /// Refuse files larger than `bytes`.
    pub const fn with_max_file_size(self, bytes: u64) -> Decoder {
        Decoder {
            max_file_size: bytes,
            ..self
        }
    }

    /// Make every warning an error: invalid UTF-8 (with its line and
    /// column), a binary file, an empty file.
    pub const fn strict(self) -> Decoder {
        Decoder {
            strict: true,
            ..self
        }
    }

    /// Read a document file under the size limit and decode it. The file is
    /// opened, read and closed here: nothing stays open.
    pub fn read(&self, path: &Path) -> Result<Decoded, TextError> {
        let io = |source| TextError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let limit = self.max_file_size;
        let too_large = |size| TextError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        };
        if size > limit {
            return Err(too_large(size));
        }
        // Read at most one byte past the limit, in case the file grows meanwhile.
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        self.decode(&bytes, path)
    }

    /// Read a document file and return its text; a strict decoder's errors,
    /// and a skipped file is an error too (the warning saying why).
    pub fn read_text(&self, path: &Path) -> Result<String, TextError> {
        match self.read(path)? {
            Decoded::Text { text, .. } => Ok(text),
            Decoded::Skipped { warning } => Err(TextError::Skipped(warning)),
        }
    }

    /// Decode the bytes of a document; `path` names the file in warnings and
    /// errors.
    pub fn decode(&self, bytes: &[u8], path: &Path) -> Result<Decoded, TextError> {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            if self.strict {
                return Err(TextError::Binary {
                    path: path.to_path_buf(),
                });
            }
            let path = path.to_path_buf();
            return Ok(Decoded::Skipped {
                warning: Warning::Binary { path, offset },
            });
        }
        let mut warnings = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let offset = e.valid_up_to();
                if self.strict {
                    return Err(TextError::Utf8 {
                        at: FilePosition::of_offset(path, bytes, offset),
                    });
                }
                let lossy = String::from_utf8_lossy(bytes).into_owned();
                let replaced = lossy.matches('\u{FFFD}').count()
                    - String::from_utf8_lossy(&bytes[..offset])
                        .matches('\u{FFFD}')
                        .count();
                warnings.push(Warning::InvalidUtf8 {
                    path: path.to_path_buf(),
                    offset,
                    replaced,
                });
                lossy
            }
        };
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        if text.trim().is_empty() {
            let path = path.to_path_buf();
            if self.strict {
                return Err(TextError::Empty { path });
            }
            return Ok(Decoded::Skipped {
                warning: Warning::Empty { path },
            });
        }
        Ok(Decoded::Text { text, warnings })
    }
}

/// Read a document file that must be clean: UTF-8, not binary, not empty,
/// at most [`DEFAULT_MAX_FILE_SIZE`] (a [strict](Decoder::strict) decoder).
pub fn read_document(path: &Path) -> Result<String, TextError> {
    Decoder::new().strict().read_text(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient(bytes: &[u8], path: &str) -> Decoded {
        Decoder::new().decode(bytes, Path::new(path)).unwrap()
    }

    fn text(d: Decoded) -> (String, Vec<String>) {
        match d {
            Decoded::Text { text, warnings } => {
                (text, warnings.iter().map(|w| w.to_string()).collect())
            }
            Decoded::Skipped { warning } => panic!("skipped: {warning}"),
        }
    }

    fn skipped(d: Decoded) -> String {
        match d {
            Decoded::Skipped { warning } => warning.to_string(),
            Decoded::Text { text, .. } => panic!("read: {text:?}"),
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_the_byte_offset() {
        let (t, w) = text(lenient(
            b"fine line\ncaf\xe9 au lait \xff\n",
            "d/latin1.txt",
        ));
        assert_eq!(t, "fine line\ncaf\u{FFFD} au lait \u{FFFD}\n");
        assert_eq!(
            w,
            ["d/latin1.txt: invalid UTF-8 at byte offset 13; decoded with 2 replacement characters (U+FFFD)"]
        );
        // A replacement character in the valid prefix is not counted.
        let mut bytes = "\u{FFFD} ok \u{FFFD}".as_bytes().to_vec();
        bytes.push(0xff);
        let (_, w) = text(lenient(&bytes, "d/latin1.txt"));
        assert!(w[0].contains("with 1 replacement character "), "{w:?}");
    }

    #[test]
    fn valid_text_has_no_warning_and_loses_its_bom() {
        let (t, w) = text(lenient("\u{feff}Alibaba rose.\n".as_bytes(), "a.txt"));
        assert_eq!(t, "Alibaba rose.\n");
        assert!(w.is_empty());
    }

    #[test]
    fn binary_and_empty_files_are_skipped_with_a_reason() {
        let w = skipped(lenient(b"\x89PNG\r\n\x1a\n\0\0", "logo.txt"));
        assert_eq!(w, "logo.txt: binary file (a NUL byte at offset 8), skipped");
        for empty in [&b""[..], b" \n\t\r\n", "\u{feff}".as_bytes()] {
            let w = skipped(lenient(empty, "e.md"));
            assert_eq!(w, "e.md: empty document (no text), skipped");
        }
    }

    #[test]
    fn a_strict_decoder_makes_each_warning_an_error() {
        let strict = Decoder::new().strict();
        let err = |bytes: &[u8]| {
            strict
                .decode(bytes, Path::new("x.txt"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(err(b"ok\nab\xffc"), "x.txt:2:3: invalid UTF-8");
        assert_eq!(err(b"a\0b"), "x.txt: binary file, not a text document");
        assert_eq!(err(b"  \n"), "x.txt: empty document");
        let d = strict.decode("\u{feff}fine".as_bytes(), Path::new("x.txt"));
        assert_eq!(
            d.unwrap(),
            Decoded::Text {
                text: "fine".into(),
                warnings: vec![]
            }
        );
    }

    #[test]
    fn files_over_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "x".repeat(2000)).unwrap();
        let small = Decoder::new().with_max_file_size(1024);
        let err = small.read(&p).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: 2.0 KiB (2000 bytes) is larger than the limit of 1.0 KiB (1024 bytes); not read (raise it with --max-file-size)",
                p.display()
            )
        );
        let fits = Decoder::new().with_max_file_size(2000);
        assert!(matches!(fits.read(&p).unwrap(), Decoded::Text { .. }));
        let err = small.read(&dir.path().join("none.txt")).unwrap_err();
        assert!(matches!(err, TextError::Io { .. }), "{err}");
    }

    #[test]
    fn read_document_wants_a_clean_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "Alibaba rose.\n").unwrap();
        assert_eq!(read_document(&p).unwrap(), "Alibaba rose.\n");
        std::fs::write(&p, "").unwrap();
        assert!(matches!(read_document(&p), Err(TextError::Empty { .. })));
    }
}
