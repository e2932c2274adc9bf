//! Evidence: where a fact was read (document, sentence, rule).

use super::Confidence;
use serde::{Deserialize, Serialize};

/// Where a fact came from: document, sentence byte span, sentence text, rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// Id of the document.
    pub doc: String,
    /// Byte offset of the sentence start in the document text.
    pub start: usize,
    /// Byte offset one past the sentence end.
    pub end: usize,
    /// The sentence, as written.
    pub sentence: String,
    /// Name of the rule that produced the fact.
    pub rule: String,
    /// How far the rule can be trusted (its measured precision, see
    /// `finkg calibrate`); `None` in files written before confidences.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}
