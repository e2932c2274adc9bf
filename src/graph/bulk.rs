//! Many documents merged in one go, with the sorted inserts of each merge
//! put off to one sort at the end.
//!
//! An edge keeps its evidence sorted, and an entity its documents (a
//! B-tree by document id). Document ids are content hashes, so documents
//! arrive in no order of their ids: putting each new piece of evidence in
//! its place moves, on average, half of the edge's evidence, and each new
//! document of an entity is a search down a B-tree of thousands of ids.
//! In the 100 MB ingest a company that every broker forecasts has edges
//! with thousands of pieces of evidence, and these inserts were a tenth of
//! the run.
//!
//! [`Pending`] collects instead: evidence is appended to the edge (the
//! edge noted as unsorted), and what a document adds to a node is one
//! [`Touch`]. [`Pending::settle`] sorts each unsorted edge's evidence once
//! and builds each new node's maps from a sorted list. The graph is the
//! same, byte for byte, as merging the documents one by one, because
//! nothing reads the deferred parts before they are settled: a
//! [`BulkIngest`] holds the graph mutably borrowed until it is dropped, and
//! [`KnowledgeGraph::ingest`] is a bulk of one document.

use super::{Edge, KnowledgeGraph, Node};
use crate::model::{Confidence, DocId, Evidence, Extraction};
use foldhash::HashMap;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};

/// Merges many documents into a graph; what they add is sorted into place
/// when it is dropped (or [`BulkIngest::finish`]ed).
///
/// ```
/// # use finkg::{Extractor, KnowledgeGraph, Schema};
/// let extractor = Extractor::new(Schema::bundled()?);
/// let mut graph = KnowledgeGraph::new();
/// let mut bulk = graph.bulk();
/// for (name, text) in [("a.txt", "Morgan Stanley rates Alibaba overweight."),
///                      ("b.txt", "Citi rates Alibaba buy.")] {
///     bulk.ingest(extractor.extract(name, name, text));
/// }
/// bulk.finish();
/// assert_eq!(graph.summary().documents, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BulkIngest<'g> {
    graph: &'g mut KnowledgeGraph,
    pending: Pending,
}

impl KnowledgeGraph {
    /// Start merging many documents: the same graph as calling
    /// [`KnowledgeGraph::ingest`] for each, with the sorting of evidence and
    /// of each entity's documents done once at the end.
    pub fn bulk(&mut self) -> BulkIngest<'_> {
        BulkIngest {
            graph: self,
            pending: Pending::default(),
        }
    }
}

impl BulkIngest<'_> {
    /// Merge the facts of one document (see [`KnowledgeGraph::ingest`]).
    pub fn ingest(&mut self, extraction: Extraction) -> super::IngestStats {
        self.graph.ingest_pending(extraction, &mut self.pending)
    }

    /// Sort what the documents added into place (dropping the bulk does
    /// the same).
    pub fn finish(self) {}
}

impl Drop for BulkIngest<'_> {
    fn drop(&mut self) {
        std::mem::take(&mut self.pending).settle(self.graph);
    }
}

/// What one document adds to one node: to an entity, its mentions there
/// and the confidence of the rule that found it; to a metric, the document.
#[derive(Debug)]
struct Touch {
    node: NodeIndex,
    /// The document, by its place in [`Pending::docs`] (when settling, in
    /// those documents sorted by id).
    doc: u32,
    mentions: usize,
    confidence: Option<Confidence>,
}

/// The deferred part of a merge (see the module documentation).
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// The documents merged, in the order they came.
    docs: Vec<DocId>,
    /// The current document's date, for the `date` of the edges it states.
    date: Option<String>,
    /// One per node and document.
    touches: Vec<Touch>,
    /// The current document's touches, by node: their place in `touches`.
    this_doc: HashMap<NodeIndex, usize>,
    /// Edges given evidence, by edge.
    given: HashMap<EdgeIndex, Given>,
    /// Encodes each new document's extraction for the graph's sources.
    pub(super) encoder: super::sources::Encoder,
}

/// What the bulk did to an edge it gave evidence.
#[derive(Debug)]
struct Given {
    /// How much of the edge's evidence (at the front) was there, sorted,
    /// before: the rest is appended unsorted.
    sorted: usize,
    /// The last document to state the edge, by its place in
    /// [`Pending::docs`]: a document stating a fact in three sentences
    /// dates the edge once and looks for its own pieces of evidence among
    /// the appended ones only from the second on.
    last_doc: u32,
}

impl Pending {
    /// A new document's facts follow.
    pub(super) fn begin(&mut self, doc: &str, date: Option<&str>) {
        self.docs.push(doc.to_string());
        self.date = date.map(str::to_string);
        self.this_doc.clear();
    }

    /// The current document's date.
    pub(super) fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// The current document speaks of `node`: `mentions` more mentions
    /// (none for an end of a relation), found with `confidence`.
    pub(super) fn touch(
        &mut self,
        node: NodeIndex,
        mentions: usize,
        confidence: Option<Confidence>,
    ) {
        match self.this_doc.get(&node) {
            Some(&at) => {
                let t = &mut self.touches[at];
                t.mentions += mentions;
                t.confidence = t.confidence.max(confidence);
            }
            None => {
                self.this_doc.insert(node, self.touches.len());
                self.touches.push(Touch {
                    node,
                    doc: (self.docs.len() - 1) as u32,
                    mentions,
                    confidence,
                });
            }
        }
    }

    /// Add a piece of evidence of the current document to edge `e`, and
    /// keep the later of the edge's date and the document's; false when the
    /// edge already has the evidence.
    pub(super) fn add_evidence(&mut self, e: EdgeIndex, edge: &mut Edge, ev: Evidence) -> bool {
        let doc = (self.docs.len() - 1) as u32;
        let given = self.given.entry(e).or_insert(Given {
            sorted: edge.evidence.len(),
            last_doc: u32::MAX,
        });
        let stated_before = given.last_doc == doc;
        if !stated_before {
            // (once is enough: attributes merged since do not replace a date)
            edge.later_date(self.date.as_deref());
            given.last_doc = doc;
        }
        let (before, added) = edge.evidence.split_at(given.sorted);
        // the current document's pieces are the last ones appended
        let again = (stated_before
            && added
                .iter()
                .rev()
                .take_while(|x| x.doc == ev.doc)
                .any(|x| *x == ev))
            || (!before.is_empty() && before.binary_search(&ev).is_ok());
        if again {
            return false;
        }
        edge.evidence.push(ev);
        true
    }

    /// Sort everything deferred into place.
    pub(super) fn settle(self, g: &mut KnowledgeGraph) {
        for (e, given) in self.given {
            settle_evidence(&mut g.graph[e].evidence, given.sorted);
        }
        if self.touches.is_empty() {
            return;
        }
        // each node's touches in the order of their document ids: the
        // documents renumbered in that order first, so the sort compares
        // two numbers a touch holds (looking each one's rank up in the
        // comparisons was half of settling the 4 MB corpus's merge)
        let mut by_id: Vec<u32> = (0..self.docs.len() as u32).collect();
        by_id.sort_unstable_by(|a, b| self.docs[*a as usize].cmp(&self.docs[*b as usize]));
        let mut rank = vec![0u32; self.docs.len()];
        for (r, &d) in by_id.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        let ranked: Vec<&DocId> = by_id.iter().map(|&d| &self.docs[d as usize]).collect();
        let mut touches = self.touches;
        for t in &mut touches {
            t.doc = rank[t.doc as usize];
        }
        touches.sort_unstable_by_key(|t| (t.node.index(), t.doc));
        for of_node in touches.chunk_by(|a, b| a.node == b.node) {
            settle_node(&mut g.graph[of_node[0].node], of_node, &ranked);
        }
    }
}

/// Sort the evidence appended after the first `sorted` pieces into place.
fn settle_evidence(evidence: &mut Vec<Evidence>, sorted: usize) {
    /// Up to this many new pieces, each is put in place by a search (an
    /// edge merged one document at a time); more are sorted and merged.
    const INSERT_AT_MOST: usize = 4;
    if sorted == 0 {
        evidence.sort_unstable();
    } else if evidence.len() - sorted <= INSERT_AT_MOST {
        for ev in evidence.split_off(sorted) {
            let (Ok(at) | Err(at)) = evidence.binary_search(&ev);
            evidence.insert(at, ev);
        }
    } else {
        evidence[sorted..].sort_unstable();
        // two sorted runs: the stable sort merges them in one pass
        evidence.sort();
    }
}

/// Add a node's touches (sorted by document id) to its documents; a
/// touch's `doc` is its document's place in `docs`.
fn settle_node(node: &mut Node, touches: &[Touch], docs: &[&DocId]) {
    let doc = |t: &Touch| docs[t.doc as usize].clone();
    match node {
        Node::Entity(e) => {
            let mentions = touches.iter().map(|t| (doc(t), t.mentions));
            if e.mentions.is_empty() {
                // sorted and distinct: built in one pass
                e.mentions = mentions.collect::<BTreeMap<_, _>>();
            } else {
                for (d, n) in mentions {
                    *e.mentions.entry(d).or_insert(0) += n;
                }
            }
            let confident = touches.iter().filter_map(|t| Some((doc(t), t.confidence?)));
            if e.confidence.is_empty() {
                e.confidence = confident.collect();
            } else {
                for (d, c) in confident {
                    let slot = e.confidence.entry(d).or_insert(c);
                    *slot = (*slot).max(c);
                }
            }
        }
        Node::Metric(m) => {
            let new = touches.iter().map(doc);
            if m.documents.is_empty() {
                m.documents = new.collect::<BTreeSet<_>>();
            } else {
                m.documents.extend(new);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc_a, doc_b};
    use super::*;

    fn evidence(doc: &str, start: usize) -> Evidence {
        Evidence {
            doc: doc.into(),
            start,
            end: start + 5,
            sentence: format!("s{start}"),
            rule: "r".into(),
            confidence: None,
        }
    }

    #[test]
    fn a_bulk_gives_the_graph_of_one_ingest_after_another() {
        let mut one_by_one = KnowledgeGraph::new();
        one_by_one.ingest(doc_b());
        one_by_one.ingest(doc_a());
        let mut g = KnowledgeGraph::new();
        let mut bulk = g.bulk();
        bulk.ingest(doc_b());
        bulk.ingest(doc_a());
        bulk.finish();
        assert_eq!(g.to_ron().unwrap(), one_by_one.to_ron().unwrap());
        // and into a graph that has documents already
        let mut g = KnowledgeGraph::new();
        g.ingest(doc_b());
        g.bulk().ingest(doc_a());
        assert_eq!(g.to_ron().unwrap(), one_by_one.to_ron().unwrap());
    }

    #[test]
    fn evidence_appended_is_sorted_into_what_was_there() {
        for (before, added) in [(0, 9), (3, 2), (3, 7)] {
            let mut all: Vec<Evidence> = (0..before + added)
                .map(|i| evidence(&format!("d{}", (i * 7) % 10), i))
                .collect();
            let mut sorted = all[..before].to_vec();
            sorted.sort();
            let mut expect = all.clone();
            expect.sort();
            all.splice(..before, sorted);
            settle_evidence(&mut all, before);
            assert_eq!(all, expect, "{before} sorted, {added} added");
        }
    }

    #[test]
    fn evidence_a_document_gives_twice_is_kept_once() {
        let mut edge = Edge::new("forecasts");
        edge.evidence = vec![evidence("b", 1)];
        let mut p = Pending::default();
        let e = EdgeIndex::new(0);
        p.begin("c", None);
        assert!(p.add_evidence(e, &mut edge, evidence("c", 4)));
        assert!(p.add_evidence(e, &mut edge, evidence("c", 2)));
        assert!(!p.add_evidence(e, &mut edge, evidence("c", 4)));
        // evidence the edge had before the bulk counts too
        assert!(!p.add_evidence(e, &mut edge, evidence("b", 1)));
        p.begin("a", None);
        assert!(p.add_evidence(e, &mut edge, evidence("a", 4)));
        let keys: Vec<_> = edge.evidence.iter().map(|x| x.doc.as_str()).collect();
        assert_eq!(keys, ["b", "c", "c", "a"]);
        settle_evidence(&mut edge.evidence, 1);
        let keys: Vec<_> = edge
            .evidence
            .iter()
            .map(|x| (x.doc.as_str(), x.start))
            .collect();
        assert_eq!(keys, [("a", 4), ("b", 1), ("c", 2), ("c", 4)]);
    }
}
