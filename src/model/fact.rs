//! Facts found in one document, before they enter the graph.

use super::{Action, Confidence, Document, Evidence, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An entity found in a document, already resolved to its canonical name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundEntity {
    /// Canonical name.
    pub name: String,
    /// Entity kind (`company`, `broker` …).
    pub kind: String,
    /// Other surface forms seen in the text (and known aliases from the gazetteer).
    pub aliases: Vec<String>,
    /// Tickers, normalised (`0700.HK`, `NVDA`).
    pub tickers: Vec<String>,
    /// Number of mentions in the document.
    pub mentions: usize,
    /// What found it: `gazetteer`, or the discovery rule (`name-suffix` …).
    #[serde(default)]
    pub rule: String,
    /// How far that can be trusted (see [`Evidence::confidence`]).
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// A relation between two entities of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundRelation {
    /// Canonical name of the subject.
    pub subject: String,
    /// Relation kind (`forecasts` …).
    pub relation: String,
    /// Canonical name of the object.
    pub object: String,
    /// Attributes such as `rating`.
    pub attrs: BTreeMap<String, String>,
    /// The supporting sentence.
    pub evidence: Evidence,
    /// Other sentences of the document stating it (its confidence combines
    /// theirs with the first's).
    #[serde(default)]
    pub support: Vec<Evidence>,
}

impl FoundRelation {
    /// How far the relation can be trusted: the confidences of its
    /// sentences combined (see [`Confidence::combine`]).
    pub fn confidence(&self) -> Option<Confidence> {
        let all = std::iter::once(&self.evidence).chain(&self.support);
        Confidence::combine(all.filter_map(|e| e.confidence))
    }
}

/// A number the text ties to an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundMetric {
    /// Canonical name of the entity.
    pub entity: String,
    /// Short free label (`NTM PE`, `capex`).
    pub metric: String,
    /// Value with scale folded in.
    pub value: f64,
    /// Unit.
    pub unit: Unit,
    /// Period, free text.
    pub period: Option<String>,
    /// The supporting sentence.
    pub evidence: Evidence,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The document registry entry.
    pub doc: Document,
    /// Entities, one per canonical entity.
    pub entities: Vec<FoundEntity>,
    /// Relations, deduplicated by (subject, relation, object).
    pub relations: Vec<FoundRelation>,
    /// Metrics.
    pub metrics: Vec<FoundMetric>,
    /// Analyst actions: ratings and targets, one per (by, on).
    #[serde(default)]
    pub actions: Vec<Action>,
}
