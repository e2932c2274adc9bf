//! Text preparation: decoding files, stripping boilerplate, splitting sentences.

mod error;
pub use error::TextError;

use std::path::Path;

/// Read a document file: it must exist, be UTF-8 text, and not be empty.
pub fn read_document(path: &Path) -> Result<String, TextError> {
    let bytes = std::fs::read(path).map_err(|e| TextError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    decode(&bytes, path)
}

/// Check that bytes are a non-empty UTF-8 text document and return the text.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, TextError> {
    if bytes.contains(&0) {
        return Err(TextError::Binary {
            path: path.to_path_buf(),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let upto = &bytes[..e.valid_up_to()];
            let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            return Err(TextError::Utf8 {
                path: path.to_path_buf(),
                line,
                column,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(TextError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text.to_string())
}

mod sentences;
pub use sentences::{split, Sentence};

mod date;
pub use date::find_date;

pub mod phrases;
pub use phrases::{normalize_name, PhraseSet};
