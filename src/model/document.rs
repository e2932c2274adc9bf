//! Documents and their content-hash identifiers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A document identifier: the first 16 hex digits of the SHA-256 of its text.
pub type DocId = String;

/// One ingested article, as the document registry keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Content hash of the text (see [`Document::hash`]).
    pub id: DocId,
    /// File name the document was read from (`x.txt`), used to name outputs.
    pub name: String,
    /// Path as given by the user.
    pub path: String,
    /// First non-empty line of the text.
    pub title: String,
    /// Publication date, ISO `YYYY-MM-DD`: as the user gave it (a manifest,
    /// a feed, a front-matter block), else the first date the text prints.
    pub date: Option<String>,
    /// Publisher: as the user gave it, else the news service the text names.
    pub publisher: Option<String>,
    /// Original address of the article, when the user gave one.
    #[serde(default)]
    pub url: Option<String>,
}

impl Document {
    /// The content hash used as a document id.
    pub fn hash(text: &str) -> DocId {
        let digest = Sha256::digest(text.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_content_based() {
        assert_eq!(Document::hash("abc"), "ba7816bf8f01cfea");
        assert_ne!(Document::hash("abc"), Document::hash("abd"));
    }
}
