//! Which edge joins two nodes with a relation, without walking either node's
//! edge list.
//!
//! Ingesting a document links every fact it states: each link asks whether
//! `s -relation-> o` is already an edge. Walking `o`'s incoming edges for it
//! costs as many steps as `o` has facts pointing at it, so the 100 MB ingest
//! spent more time there than in any other part of the merge (a company
//! every broker forecasts has thousands). [`EdgeKeys`] answers with one hash
//! lookup.
//!
//! The index is built from the graph the first time an ingest needs it and
//! kept up to date by [`KnowledgeGraph::link`](super::KnowledgeGraph), the one
//! place edges are added; whatever removes edges or nodes (removing a
//! document, filtering, loading) ends in `rebuild_indexes`, which drops it,
//! so it is never stale.

use super::edge::Edge;
use super::node::Node;
use foldhash::{HashMap, HashMapExt};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

/// `(subject, object, relation)` → the edge, built on first use.
#[derive(Debug, Clone, Default)]
pub(super) struct EdgeKeys {
    index: Option<Index>,
}

#[derive(Debug, Clone)]
struct Index {
    /// The relation names seen, numbered in the order they came: a graph has
    /// a handful (`forecasts`, `rates`, `has_metric` …), so finding one is a
    /// short scan.
    relations: Vec<String>,
    edges: HashMap<(NodeIndex, NodeIndex, u32), EdgeIndex>,
}

impl Index {
    fn relation_number(&mut self, relation: &str) -> u32 {
        let found = self.relations.iter().position(|r| r == relation);
        let at = found.unwrap_or_else(|| {
            self.relations.push(relation.to_string());
            self.relations.len() - 1
        });
        u32::try_from(at).expect("fewer than 4 billion relation kinds")
    }
}

impl EdgeKeys {
    /// Forget the index: the next lookup builds it again from the graph.
    pub(super) fn clear(&mut self) {
        self.index = None;
    }

    /// The index, built from `graph` when there is none.
    fn index(&mut self, graph: &StableDiGraph<Node, Edge>) -> &mut Index {
        self.index.get_or_insert_with(|| {
            let mut index = Index {
                relations: Vec::new(),
                edges: HashMap::with_capacity(graph.edge_count()),
            };
            for e in graph.edge_references() {
                let r = index.relation_number(&e.weight().relation);
                index.edges.insert((e.source(), e.target(), r), e.id());
            }
            index
        })
    }

    /// The edge `s -relation-> o`, if there is one.
    pub(super) fn get(
        &mut self,
        graph: &StableDiGraph<Node, Edge>,
        s: NodeIndex,
        o: NodeIndex,
        relation: &str,
    ) -> Option<EdgeIndex> {
        let index = self.index(graph);
        let r = index.relations.iter().position(|x| x == relation)?;
        let r = u32::try_from(r).ok()?;
        index.edges.get(&(s, o, r)).copied()
    }

    /// Record a new edge `s -relation-> o` (after [`EdgeKeys::get`] found none).
    pub(super) fn insert(
        &mut self,
        graph: &StableDiGraph<Node, Edge>,
        s: NodeIndex,
        o: NodeIndex,
        relation: &str,
        edge: EdgeIndex,
    ) {
        let index = self.index(graph);
        let r = index.relation_number(relation);
        index.edges.insert((s, o, r), edge);
    }
}
