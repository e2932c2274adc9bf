//! Merging whole graphs: the graph of every document of each, whatever the order.
//!
//! A graph keeps what each of its documents brought (see `sources.rs`), so
//! the merge of several graphs is the graph of the union of their documents
//! ingested in the order of their ids, the order `remove_document` replays
//! in. That makes merging commutative and associative byte for byte: the
//! result depends only on the set of documents, never on which graph held
//! which, nor on the order the graphs are merged or their documents were
//! first ingested. A document two graphs both hold (the same text) is taken
//! once; if they extracted it differently (another schema), the merge keeps
//! one of the two extractions, the same one whichever order.

use super::sources::Source;
use super::{GraphError, KnowledgeGraph};
use crate::model::DocId;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

/// What [`KnowledgeGraph::merge`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    /// Documents the other graphs brought that this one did not hold.
    pub documents_added: usize,
    /// Documents already held (taken once).
    pub documents_shared: usize,
}

impl KnowledgeGraph {
    /// Whether the graph holds what each of its documents brought, as a
    /// graph built or loaded from RON or a binary snapshot does (a graph read
    /// from JSON does not).
    pub(crate) fn has_all_sources(&self) -> bool {
        self.sources.len() == self.documents.len()
            && self.sources.keys().all(|d| self.documents.contains_key(d))
    }

    /// Merge `other` into this graph: the result is the graph of both
    /// graphs' documents ingested in the order of their ids, so
    /// `a.merge(b)` and `b.merge(a)` give the same graph, and so does any
    /// grouping of several merges. An error, leaving the graph as it was,
    /// when either graph does not hold what each of its documents brought
    /// (a graph read from JSON) or holds a damaged record of it.
    pub fn merge(&mut self, other: &KnowledgeGraph) -> Result<MergeStats, GraphError> {
        let held = self.documents.len();
        let merged = KnowledgeGraph::merge_all([&*self, other])?;
        let stats = MergeStats {
            documents_added: merged.documents.len() - held,
            documents_shared: held + other.documents.len() - merged.documents.len(),
        };
        *self = merged;
        Ok(stats)
    }

    /// The merge of many graphs at once (one replay, however many graphs):
    /// the same graph as merging them one by one, in any order.
    pub fn merge_all<'a>(
        graphs: impl IntoIterator<Item = &'a KnowledgeGraph>,
    ) -> Result<KnowledgeGraph, GraphError> {
        let mut sources: BTreeMap<&DocId, &Source> = BTreeMap::new();
        for (i, g) in graphs.into_iter().enumerate() {
            if !g.has_all_sources() {
                return Err(GraphError::NoSources {
                    graph: i + 1,
                    documents: g.documents.len(),
                });
            }
            for (id, s) in &g.sources {
                match sources.entry(id) {
                    Entry::Vacant(v) => {
                        v.insert(s);
                    }
                    // The same text extracted twice: keep the lesser
                    // encoding, so the choice does not depend on the order.
                    Entry::Occupied(mut o) => {
                        if s < o.get() {
                            o.insert(s);
                        }
                    }
                }
            }
        }
        let mut merged = KnowledgeGraph::new();
        let mut bulk = merged.bulk();
        for (id, s) in sources {
            let x = s.decode().map_err(|e| GraphError::DamagedSource {
                doc: id.clone(),
                message: e.to_string(),
            })?;
            bulk.ingest(x);
        }
        bulk.finish();
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc_a, doc_b, ent, metric, rel};
    use super::*;
    use crate::graph::sources::Encoder;
    use crate::model::{Extraction, Unit};
    use proptest::prelude::*;

    fn graph(docs: impl IntoIterator<Item = Extraction>) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for x in docs {
            g.ingest(x);
        }
        g
    }

    fn ron(g: &KnowledgeGraph) -> String {
        g.to_ron().unwrap()
    }

    /// Names that collide on purpose: an alias of one is the name of
    /// another, two share a ticker, so the order of ingests matters to
    /// `ingest` and must not matter to `merge`.
    const NAMES: [(&str, &str, &[&str], &[&str]); 6] = [
        ("Alibaba", "company", &["Alibaba Group"], &["9988.HK"]),
        ("Alibaba Group", "company", &[], &["BABA"]),
        (
            "Alibaba Group Holding",
            "company",
            &["Alibaba"],
            &["9988.HK", "BABA"],
        ),
        ("CITIC Securities", "broker", &["CITIC"], &[]),
        ("CITIC", "company", &[], &["6030.HK"]),
        ("Hang Seng Index", "index", &["HSI"], &[]),
    ];
    const RELATIONS: [&str; 3] = ["forecasts", "rates", "outperforms"];

    /// One document from picks: which names it mentions, relations between
    /// them, metrics of them.
    fn document(
        id: u16,
        names: &[usize],
        rels: &[(usize, usize, usize)],
        metrics: &[(usize, u8)],
    ) -> Extraction {
        let doc = format!("{id:04x}");
        let mentioned: Vec<usize> = names.iter().map(|n| n % NAMES.len()).collect();
        let name = |i: usize| NAMES[mentioned[i % mentioned.len()]].0;
        Extraction {
            doc: super::super::tests::doc(&doc),
            entities: mentioned
                .iter()
                .map(|&n| {
                    let (name, kind, aliases, tickers) = NAMES[n];
                    ent(name, kind, aliases, tickers)
                })
                .collect(),
            relations: rels
                .iter()
                .enumerate()
                .map(|(k, &(s, r, o))| {
                    rel(
                        name(s),
                        RELATIONS[r % RELATIONS.len()],
                        name(o),
                        &doc,
                        k * 50,
                    )
                })
                .collect(),
            metrics: metrics
                .iter()
                .map(|&(e, v)| {
                    metric(
                        name(e),
                        "revenue growth",
                        f64::from(v % 4),
                        Unit::Percent,
                        &doc,
                    )
                })
                .collect(),
            actions: Vec::new(),
        }
    }

    fn doc_strategy() -> impl Strategy<Value = Extraction> {
        (
            any::<u16>(),
            prop::collection::vec(0usize..NAMES.len(), 1..4),
            prop::collection::vec((0usize..4, 0usize..3, 0usize..4), 0..4),
            prop::collection::vec((0usize..4, any::<u8>()), 0..3),
        )
            .prop_map(|(id, names, rels, metrics)| document(id, &names, &rels, &metrics))
    }

    /// Up to three graphs of up to four documents each, each graph built in
    /// the order given (not the order of ids).
    fn graphs_strategy() -> impl Strategy<Value = Vec<Vec<Extraction>>> {
        prop::collection::vec(prop::collection::vec(doc_strategy(), 0..4), 3)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// a ∪ b = b ∪ a and (a ∪ b) ∪ c = a ∪ (b ∪ c), byte for byte, and
        /// each is the graph of all the documents ingested in the order of
        /// their ids.
        #[test]
        fn merging_is_commutative_associative_and_keeps_every_document(docs in graphs_strategy()) {
            let [a, b, c] = [0, 1, 2].map(|i| graph(docs[i].clone()));
            let merge = |x: &KnowledgeGraph, y: &KnowledgeGraph| {
                let mut m = x.clone();
                m.merge(y).unwrap();
                m
            };
            let ab = merge(&a, &b);
            prop_assert_eq!(ron(&ab), ron(&merge(&b, &a)));
            let left = merge(&ab, &c);
            let right = merge(&a, &merge(&b, &c));
            prop_assert_eq!(ron(&left), ron(&right));
            prop_assert_eq!(ron(&left), ron(&merge(&merge(&c, &a), &b)));
            prop_assert_eq!(ron(&left), ron(&KnowledgeGraph::merge_all([&c, &b, &a]).unwrap()));

            // Every document once, in the order of ids: the same graph.
            let mut all: BTreeMap<String, Extraction> = BTreeMap::new();
            for x in docs.iter().flatten() {
                all.entry(x.doc.id.clone()).or_insert_with(|| x.clone());
            }
            // (a document id two graphs share with different facts keeps the
            // lesser encoding: build the expected graph the same way)
            for x in docs.iter().flatten() {
                let kept = all.get_mut(&x.doc.id).unwrap();
                if Encoder::default().encode(x) < Encoder::default().encode(kept) {
                    *kept = x.clone();
                }
            }
            prop_assert_eq!(ron(&left), ron(&graph(all.into_values())));

            // Merging a graph with itself, or an empty one, keeps its facts.
            let empty = KnowledgeGraph::new();
            prop_assert_eq!(ron(&merge(&left, &left)), ron(&left));
            prop_assert_eq!(ron(&merge(&empty, &left)), ron(&left));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// A bulk (`bulk.rs`) gives, byte for byte, the graph and the
        /// report of the same documents ingested one at a time, also into a
        /// graph that has documents already.
        #[test]
        fn a_bulk_is_one_ingest_after_another(
            before in prop::collection::vec(doc_strategy(), 0..3),
            docs in prop::collection::vec(doc_strategy(), 0..8),
        ) {
            let mut one_by_one = graph(before);
            let mut in_bulk = one_by_one.clone();
            let report_one: Vec<String> =
                docs.iter().map(|x| one_by_one.ingest(x.clone()).to_string()).collect();
            let mut bulk = in_bulk.bulk();
            let report_bulk: Vec<String> =
                docs.iter().map(|x| bulk.ingest(x.clone()).to_string()).collect();
            bulk.finish();
            prop_assert_eq!(report_bulk, report_one);
            prop_assert_eq!(ron(&in_bulk), ron(&one_by_one));
        }
    }

    #[test]
    fn the_order_of_ingests_matters_to_ingest_but_not_to_merge() {
        // Two documents name Alibaba differently under one ticker: the first
        // one ingested gives the node its name.
        let first = document(2, &[0], &[], &[]);
        let second = document(1, &[2], &[], &[]);
        let one_way = graph([first.clone(), second.clone()]);
        let other_way = graph([second.clone(), first.clone()]);
        assert_ne!(ron(&one_way), ron(&other_way));
        let (a, b) = (graph([first]), graph([second]));
        let mut ab = a.clone();
        let stats = ab.merge(&b).unwrap();
        assert_eq!(
            stats,
            MergeStats {
                documents_added: 1,
                documents_shared: 0
            }
        );
        let mut ba = b.clone();
        ba.merge(&a).unwrap();
        assert_eq!(ron(&ab), ron(&ba));
        // Ids 0001 then 0002: the order of ids.
        assert_eq!(ron(&ab), ron(&other_way));
    }

    #[test]
    fn shared_documents_are_taken_once() {
        let a = graph([doc_a(), doc_b()]);
        let b = graph([doc_b()]);
        let mut m = a.clone();
        let stats = m.merge(&b).unwrap();
        assert_eq!(
            stats,
            MergeStats {
                documents_added: 0,
                documents_shared: 1
            }
        );
        assert_eq!(ron(&m), ron(&a));
    }

    #[test]
    fn a_graph_without_its_sources_is_a_named_error_and_nothing_changes() {
        let a = graph([doc_a()]);
        let mut no_sources = graph([doc_b()]);
        no_sources.sources.clear();
        let mut m = a.clone();
        let err = m.merge(&no_sources).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot merge graph 2: it does not keep what each of its 1 documents brought (a graph read from JSON or GraphML); rebuild it with `finkg ingest`"
        );
        assert_eq!(ron(&m), ron(&a));
    }
}
