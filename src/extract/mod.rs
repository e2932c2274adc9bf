//! Extraction: mentions, relations and metrics of one document.

use crate::model::{Document, Extraction};
use crate::schema::Schema;

/// Extracts facts from documents with one schema; build once, use for many documents.
#[derive(Debug)]
pub struct Extractor {
    schema: Schema,
}

impl Extractor {
    /// Build the matchers of a schema.
    pub fn new(schema: Schema) -> Extractor {
        Extractor { schema }
    }

    /// The schema this extractor uses.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Extract the facts of one document. `name` is its file name (`x.txt`),
    /// `path` where it was read from, `text` its decoded text.
    pub fn extract(&self, name: &str, path: &str, text: &str) -> Extraction {
        let doc = Document {
            id: Document::hash(text),
            name: name.to_string(),
            path: path.to_string(),
            title: text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("")
                .to_string(),
            date: None,
            publisher: None,
        };
        Extraction {
            doc,
            entities: Vec::new(),
            relations: Vec::new(),
            metrics: Vec::new(),
        }
    }
}
