//! Graph edges: a relation kind, its attributes and the evidence for it.

use super::action_record::ActionRecord;
use crate::model::{Confidence, Evidence};
use foldhash::HashMap;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

/// The edge attribute holding the latest date of the documents stating the edge.
pub const DATE_ATTRIBUTE: &str = "date";

/// The relation kind of the edge from an entity to one of its metrics.
pub const HAS_METRIC: &str = "has_metric";

/// An edge: one fact, however many documents state it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Relation kind (`forecasts`, or [`HAS_METRIC`] for entity → metric).
    pub relation: String,
    /// Attributes (`rating`, `target price` …); the first value seen for a key is kept.
    pub attrs: BTreeMap<String, String>,
    /// The evidence, sorted and without duplicates.
    pub evidence: Vec<Evidence>,
    /// Analyst actions stated on a `rates` or `forecasts` edge, oldest first
    /// (see [`ActionRecord`]); empty on other edges.
    pub actions: Vec<ActionRecord>,
}

/// How far a fact stated by these sentences can be trusted: their
/// confidences combined (see [`Confidence::combine`]); a sentence counts
/// once, with its best rule, however many rules found the fact in it and
/// however many documents print it word for word (a syndicated story is one
/// source); `None` when no evidence has one.
pub fn evidence_confidence(evidence: &[Evidence]) -> Option<Confidence> {
    if evidence.len() <= FEW_PIECES {
        few_sentences_confidence(evidence)
    } else {
        many_sentences_confidence(evidence)
    }
}

/// Up to this many pieces of evidence, [`evidence_confidence`] finds a
/// sentence among the earlier ones by comparing it with each, in arrays on
/// the stack: most edges have one or two pieces, and a hash map for each
/// was a quarter of the instructions of building the store when saving the
/// 4 MB corpus's graph (18,813 edges, 32,609 pieces).
const FEW_PIECES: usize = 16;

/// [`evidence_confidence`] of at most [`FEW_PIECES`] pieces: the same
/// sentences in the same order as [`many_sentences_confidence`] finds.
fn few_sentences_confidence(evidence: &[Evidence]) -> Option<Confidence> {
    let mut sentences = [""; FEW_PIECES];
    let mut best = [Confidence::default(); FEW_PIECES];
    let mut distinct = 0;
    debug_assert!(evidence.len() <= FEW_PIECES);
    for e in evidence {
        let Some(c) = e.confidence else { continue };
        let sentence = e.sentence.trim();
        match sentences[..distinct].iter().position(|s| *s == sentence) {
            Some(at) => best[at] = best[at].max(c),
            None => {
                sentences[distinct] = sentence;
                best[distinct] = c;
                distinct += 1;
            }
        }
    }
    Confidence::combine(best[..distinct].iter().copied())
}

/// [`evidence_confidence`] of any number of pieces: each sentence's best,
/// in the order the sentences first come (the product is rounded: the same
/// order, the same figure); found by hash, as a fact thousands of documents
/// state has thousands of sentences.
fn many_sentences_confidence(evidence: &[Evidence]) -> Option<Confidence> {
    let mut best: Vec<Confidence> = Vec::new();
    let mut place: HashMap<&str, usize> = HashMap::default();
    for e in evidence {
        let Some(c) = e.confidence else { continue };
        match place.entry(e.sentence.trim()) {
            Entry::Occupied(at) => {
                let b = &mut best[*at.get()];
                *b = (*b).max(c);
            }
            Entry::Vacant(at) => {
                at.insert(best.len());
                best.push(c);
            }
        }
    }
    Confidence::combine(best)
}

impl Edge {
    /// A new edge with no evidence yet.
    pub(crate) fn new(relation: &str) -> Edge {
        Edge {
            relation: relation.to_string(),
            attrs: BTreeMap::new(),
            evidence: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// Add a piece of evidence; false when it was already there.
    pub(crate) fn add_evidence(&mut self, ev: Evidence) -> bool {
        match self.evidence.binary_search(&ev) {
            Ok(_) => false,
            Err(at) => {
                self.evidence.insert(at, ev);
                true
            }
        }
    }

    /// Add attributes the edge does not have yet.
    pub(crate) fn merge_attrs(&mut self, attrs: &BTreeMap<String, String>) {
        for (k, v) in attrs {
            self.attrs.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }

    /// Keep the later of the edge's `date` attribute and `date`.
    pub(crate) fn later_date(&mut self, date: Option<&str>) {
        let Some(d) = date else { return };
        match self.attrs.get_mut(DATE_ATTRIBUTE) {
            Some(old) if old.as_str() >= d => {}
            Some(old) => d.clone_into(old),
            None => {
                self.attrs.insert(DATE_ATTRIBUTE.to_string(), d.to_string());
            }
        }
    }

    /// Drop the evidence (and the actions) of one document; returns how
    /// many pieces of evidence went.
    pub(crate) fn forget(&mut self, doc: &str) -> usize {
        let before = self.evidence.len();
        self.evidence.retain(|e| e.doc != doc);
        let actions = self.actions.len();
        self.actions.retain(|a| a.evidence.doc != doc);
        if self.actions.len() != actions {
            self.refresh_action_attrs();
        }
        before - self.evidence.len()
    }

    /// How far the fact can be trusted (see [`evidence_confidence`]).
    pub fn confidence(&self) -> Option<Confidence> {
        evidence_confidence(&self.evidence)
    }

    /// Ids of the documents supporting the edge, without duplicates.
    pub fn documents(&self) -> Vec<&str> {
        self.document_runs()
            .map(|run| run[0].doc.as_str())
            .collect()
    }

    /// The evidence in runs from one document each (the evidence is sorted
    /// by document first): one run per document supporting the edge.
    pub(crate) fn document_runs(&self) -> impl Iterator<Item = &[Evidence]> {
        self.evidence.chunk_by(|a, b| a.doc == b.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(doc: &str, start: usize) -> Evidence {
        Evidence {
            doc: doc.into(),
            start,
            end: start + 10,
            sentence: format!("sentence at {start}"),
            rule: "test".into(),
            confidence: None,
        }
    }

    #[test]
    fn evidence_is_sorted_and_deduplicated() {
        let mut e = Edge::new("forecasts");
        assert!(e.add_evidence(ev("b", 5)));
        assert!(e.add_evidence(ev("a", 9)));
        assert!(!e.add_evidence(ev("b", 5)));
        assert!(e.add_evidence(ev("a", 1)));
        let keys: Vec<_> = e
            .evidence
            .iter()
            .map(|x| (x.doc.as_str(), x.start))
            .collect();
        assert_eq!(keys, [("a", 1), ("a", 9), ("b", 5)]);
        assert_eq!(e.documents(), ["a", "b"]);
        assert_eq!(e.forget("a"), 2);
        assert_eq!(e.documents(), ["b"]);
    }

    #[test]
    fn sentences_combine_and_a_sentence_counts_once() {
        let mut e = Edge::new("forecasts");
        assert_eq!(e.confidence(), None);
        let with = |doc, start, rule: &str, p| Evidence {
            rule: rule.into(),
            confidence: Some(Confidence::new(p)),
            ..ev(doc, start)
        };
        e.add_evidence(ev("a", 1));
        assert_eq!(e.confidence(), None);
        e.add_evidence(with("a", 5, "r1", 0.6));
        assert_eq!(e.confidence(), Some(Confidence::new(0.6)));
        // the same sentence by another rule: the better one, not both
        e.add_evidence(with("a", 5, "r2", 0.8));
        assert_eq!(e.confidence(), Some(Confidence::new(0.8)));
        // the same words in another document: still one sentence
        e.add_evidence(with("b", 5, "r1", 0.5));
        assert_eq!(e.confidence(), Some(Confidence::new(0.8)));
        // another sentence: 1 - 0.2 * 0.5
        e.add_evidence(Evidence {
            sentence: "another sentence".into(),
            ..with("b", 50, "r1", 0.5)
        });
        assert_eq!(e.confidence(), Some(Confidence::new(0.9)));
        e.forget("b");
        assert_eq!(e.confidence(), Some(Confidence::new(0.8)));
    }

    #[test]
    fn few_pieces_combine_as_many_do() {
        // sentences repeated (some with spaces around), some pieces without
        // a confidence, up to past the few the arrays hold
        let all: Vec<Evidence> = (0..40)
            .map(|i| Evidence {
                sentence: match i % 3 {
                    0 => format!("sentence {}", i % 7),
                    1 => format!("  sentence {} ", i % 5),
                    _ => format!("other {i}"),
                },
                confidence: (i % 4 != 0).then(|| Confidence::new(f64::from(i % 9) / 10.0)),
                ..ev("a", i as usize)
            })
            .collect();
        for n in 0..=all.len() {
            let some = &all[..n];
            let want = many_sentences_confidence(some);
            assert_eq!(evidence_confidence(some), want, "{n} pieces");
            if n <= FEW_PIECES {
                assert_eq!(few_sentences_confidence(some), want, "{n} pieces");
            }
        }
    }

    #[test]
    fn first_attribute_value_wins() {
        let mut e = Edge::new("rates");
        e.merge_attrs(&[("rating".to_string(), "buy".to_string())].into());
        e.merge_attrs(
            &[
                ("rating".to_string(), "hold".to_string()),
                ("target".to_string(), "250".to_string()),
            ]
            .into(),
        );
        assert_eq!(e.attrs["rating"], "buy");
        assert_eq!(e.attrs["target"], "250");
    }
}
