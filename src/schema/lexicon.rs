//! The lexicon: trigger words, metric keywords and boilerplate markers.

use super::SchemaError;
use serde::Deserialize;
use std::path::Path;

/// Words that drive the extraction rules.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Lexicon {}

impl Lexicon {
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Lexicon, SchemaError> {
        ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))
    }
}
