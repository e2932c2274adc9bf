//! The knowledge graph: entities and metrics merged from many documents.
//!
//! [`KnowledgeGraph`] keeps a petgraph [`StableDiGraph`] so that merges and
//! deletions never renumber other nodes, a registry of the ingested
//! [`Document`]s, and indexes from ids and tickers to nodes. Facts arrive as
//! one [`Extraction`] per document through [`KnowledgeGraph::ingest`]:
//!
//! - an entity with the same id (kind + normalised name) as a node already
//!   there, a shared ticker, or a name that is an alias of a node of the same
//!   kind merges into that node, aliases and tickers unioned;
//! - the same `(subject, relation, object)` from two documents is one edge with
//!   two pieces of evidence;
//! - a metric is a node linked from its entity by a [`HAS_METRIC`] edge that
//!   carries the metric's evidence;
//! - an analyst action is a dated record in the history of the firm's
//!   `rates` / `forecasts` edge to the company (see [`ActionRecord`]); every
//!   edge's `date` attribute is the latest date of the documents stating it;
//! - a document already registered changes nothing.
//!
//! [`KnowledgeGraph::merge`] merges whole graphs (the graph of all their
//! documents, whatever the order), [`KnowledgeGraph::remove_document`]
//! undoes one document, and the graph is
//! saved as human-readable RON ([`KnowledgeGraph::save`], atomic).

mod action_record;
mod actions;
mod bulk;
mod columns;
mod csr;
mod edge;
mod edge_keys;
mod error;
pub mod fault;
mod filter;
mod lookup;
mod merge;
mod node;
mod parts;
mod persist;
mod snapshot;
mod sources;
mod stats;
mod store;

pub use action_record::ActionRecord;
pub use actions::{ActionHistory, ACTION_ATTRIBUTES};
pub use bulk::BulkIngest;
pub(crate) use columns::prefetch;
pub(crate) use columns::Strings as StoreStrings;
pub(crate) use csr::Adjacency;
pub use edge::{evidence_confidence, Edge, DATE_ATTRIBUTE, HAS_METRIC};
pub use error::GraphError;
pub use filter::{FilterError, GraphFilter};
pub use lookup::{MetricView, RelationFilter, RelationView, Summary};
pub use merge::MergeStats;
pub use node::{entity_id, metric_id, slug, EntityNode, MetricNode, Node};
pub use parts::{GraphParts, MetricPart, RelationPart};
pub use persist::write_atomic;
pub use snapshot::{is_binary, BINARY_MAGIC};
pub use stats::{IngestStats, RemoveStats};
pub(crate) use store::View as StoreView;
pub use store::{GraphStore, StoredEvidence};

use crate::model::{DocId, Document, Evidence, Extraction, FoundEntity};
use bulk::Pending;
use foldhash::{HashMap, HashMapExt};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet};

/// Entities, metrics and relations merged from many documents.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    documents: BTreeMap<DocId, Document>,
    entity_ids: HashMap<String, NodeIndex>,
    metric_ids: HashMap<String, NodeIndex>,
    tickers: HashMap<String, NodeIndex>,
    /// `kind:slug(alias)` → the entity with that alias.
    alias_ids: HashMap<String, NodeIndex>,
    /// What each document brought: removing a document replays the others
    /// (in the order of their ids, so the file does not depend on the order
    /// of ingests), so the graph is the one they alone give (aliases,
    /// tickers, attributes and merges included).
    /// Kept encoded (see `sources.rs`), by document id.
    sources: sources::Sources,
    /// `(subject, object, relation)` → edge, for the links of an ingest.
    edge_keys: edge_keys::EdgeKeys,
}

/// What linking two nodes did.
#[derive(Debug, PartialEq, Eq)]
enum Linked {
    /// A new edge.
    Added,
    /// New evidence on an existing edge.
    Merged,
    /// The evidence was already there.
    Unchanged,
}

/// `name.to_lowercase()`, written into `buffer` for a lookup: an ASCII
/// name (nearly every one) is lowered in place without allocating (each
/// relation, metric and action looks up two names or one).
fn lower_case_into<'b>(name: &str, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    if name.is_ascii() {
        buffer.push_str(name);
        buffer.make_ascii_lowercase();
    } else {
        // (the Unicode rules: a final sigma, letters that lower to two)
        *buffer = name.to_lowercase();
    }
    buffer
}

fn ticker_key(t: &str) -> String {
    t.trim().to_uppercase()
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> KnowledgeGraph {
        KnowledgeGraph::default()
    }

    /// The underlying petgraph store, for algorithms this type does not offer.
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// The registered documents, by id.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.values()
    }

    /// One registered document.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.get(id)
    }

    /// Whether a document is registered.
    pub fn contains_document(&self, id: &str) -> bool {
        self.documents.contains_key(id)
    }

    /// Merge the facts of one document into the graph. A document whose id is
    /// already registered changes nothing (`already_present` in the stats).
    pub fn ingest(&mut self, extraction: Extraction) -> IngestStats {
        self.bulk().ingest(extraction)
    }

    /// [`KnowledgeGraph::ingest`], with the sorted inserts left in `pending`
    /// (see `bulk.rs`).
    fn ingest_pending(&mut self, extraction: Extraction, pending: &mut Pending) -> IngestStats {
        if !self.documents.contains_key(&extraction.doc.id) {
            let source = pending.encoder.encode(&extraction);
            self.sources.insert(extraction.doc.id.clone(), source);
        }
        let Extraction {
            doc,
            entities,
            relations,
            metrics,
            actions,
        } = extraction;
        let doc_id = doc.id.clone();
        let mut stats = IngestStats {
            doc: doc_id.clone(),
            ..IngestStats::default()
        };
        if self.documents.contains_key(&doc_id) {
            stats.already_present = true;
            return stats;
        }
        pending.begin(&doc_id, doc.date.as_deref());
        self.documents.insert(doc_id.clone(), doc);

        // Names of this document → nodes: canonical names first, then aliases.
        let names = entities.iter().map(|e| 1 + e.aliases.len()).sum();
        let mut local: HashMap<String, NodeIndex> = HashMap::with_capacity(names);
        let mut placed = Vec::with_capacity(entities.len());
        for e in &entities {
            if e.name.trim().is_empty() || e.kind.trim().is_empty() {
                stats.dropped += 1;
                continue;
            }
            let (idx, merged) = self.upsert_entity(e, pending);
            if merged {
                stats.entities_merged += 1;
            } else {
                stats.entities_added += 1;
            }
            local.insert(e.name.trim().to_lowercase(), idx);
            placed.push((e, idx));
        }
        for (e, idx) in placed {
            for a in &e.aliases {
                local.entry(a.trim().to_lowercase()).or_insert(idx);
            }
        }
        let mut lowered = String::new();
        let mut resolve = |g: &KnowledgeGraph, name: &str| {
            local
                .get(lower_case_into(name.trim(), &mut lowered))
                .copied()
                .or_else(|| g.find_entity_index(name))
        };

        for r in relations {
            let (Some(s), Some(o)) = (resolve(self, &r.subject), resolve(self, &r.object)) else {
                stats.dropped += 1;
                continue;
            };
            if s == o || r.relation == HAS_METRIC || r.relation.trim().is_empty() {
                stats.dropped += 1;
                continue;
            }
            let ev = Evidence {
                doc: doc_id.clone(),
                ..r.evidence
            };
            match self.link(s, o, &r.relation, &r.attrs, ev, pending) {
                Linked::Added => stats.relations_added += 1,
                Linked::Merged => stats.relations_merged += 1,
                Linked::Unchanged => {}
            }
            // the document's other sentences stating it: more evidence
            for more in r.support {
                let ev = Evidence {
                    doc: doc_id.clone(),
                    ..more
                };
                self.link(s, o, &r.relation, &BTreeMap::new(), ev, pending);
            }
        }

        for m in metrics {
            let Some(ent) = resolve(self, &m.entity) else {
                stats.dropped += 1;
                continue;
            };
            if !m.value.is_finite() {
                stats.dropped += 1;
                continue;
            }
            let ent_id = self.graph[ent].id().to_string();
            let period = m.period.filter(|p| !p.trim().is_empty());
            let mid = metric_id(&ent_id, &m.metric, m.value, m.unit, period.as_deref());
            let (midx, new) = match self.metric_ids.get(&mid) {
                Some(&i) => (i, false),
                None => {
                    let i = self.graph.add_node(Node::Metric(MetricNode {
                        id: mid.clone(),
                        entity: ent_id,
                        label: m.metric.clone(),
                        value: m.value,
                        unit: m.unit,
                        period,
                        documents: BTreeSet::new(),
                    }));
                    self.metric_ids.insert(mid, i);
                    (i, true)
                }
            };
            let ev = Evidence {
                doc: doc_id.clone(),
                ..m.evidence
            };
            let linked = self.link(ent, midx, HAS_METRIC, &BTreeMap::new(), ev, pending);
            if new {
                stats.metrics_added += 1;
            } else if linked != Linked::Unchanged {
                stats.metrics_merged += 1;
            }
        }

        for a in actions {
            let (Some(s), Some(o)) = (resolve(self, &a.by), resolve(self, &a.on)) else {
                stats.dropped += 1;
                continue;
            };
            if s == o || (a.rating.is_none() && a.target.is_none()) {
                stats.dropped += 1;
                continue;
            }
            let ev = Evidence {
                doc: doc_id.clone(),
                ..a.evidence.clone()
            };
            let rec = ActionRecord::new(&a, pending.date().map(str::to_string), ev.clone());
            let kinds = [
                (a.rating.is_some(), actions::RATES),
                (a.target.is_some(), actions::FORECASTS),
            ];
            for (_, kind) in kinds.iter().filter(|(has, _)| *has) {
                let linked = self.link(s, o, kind, &BTreeMap::new(), ev.clone(), pending);
                match linked {
                    Linked::Added => stats.relations_added += 1,
                    Linked::Merged => stats.relations_merged += 1,
                    Linked::Unchanged => {}
                }
                if let Some(e) = self.edge_between(s, o, kind) {
                    if self.graph[e].add_action(rec.clone()) {
                        stats.actions_added += 1;
                    }
                }
            }
        }
        stats
    }

    /// The edge `s -kind-> o`, if there is one.
    fn edge_between(
        &mut self,
        s: NodeIndex,
        o: NodeIndex,
        kind: &str,
    ) -> Option<petgraph::stable_graph::EdgeIndex> {
        self.edge_keys.get(&self.graph, s, o, kind)
    }

    /// Find or create the node of an entity; true when it merged into an existing node.
    fn upsert_entity(&mut self, e: &FoundEntity, pending: &mut Pending) -> (NodeIndex, bool) {
        let name = e.name.trim();
        let id = entity_id(&e.kind, name);
        let by_id = self.entity_ids.get(&id).copied();
        let existing = by_id
            .or_else(|| {
                e.tickers
                    .iter()
                    .find_map(|t| self.tickers.get(&ticker_key(t)).copied())
            })
            .or_else(|| self.alias_ids.get(&id).copied());
        // aliases the node did not have (all of a new node's): only these need
        // indexing (the others were indexed when they came, and the first claim wins)
        let mut new_aliases: Vec<&str> = Vec::new();
        // likewise the tickers
        let mut new_tickers: Vec<&str> = Vec::new();
        let idx = match existing {
            Some(idx) => {
                if let Node::Entity(n) = &mut self.graph[idx] {
                    for a in std::iter::once(name).chain(e.aliases.iter().map(|a| a.trim())) {
                        if a != n.name && !a.is_empty() && !n.aliases.contains(a) {
                            n.aliases.insert(a.to_string());
                            new_aliases.push(a);
                        }
                    }
                    for t in e.tickers.iter().map(|t| t.trim()) {
                        if !n.tickers.contains(t) {
                            n.tickers.insert(t.to_string());
                            new_tickers.push(t);
                        }
                    }
                }
                idx
            }
            None => {
                new_aliases.extend(
                    e.aliases
                        .iter()
                        .map(|a| a.trim())
                        .filter(|a| *a != name && !a.is_empty()),
                );
                new_tickers.extend(e.tickers.iter().map(|t| t.trim()));
                let node = EntityNode {
                    id: id.clone(),
                    name: name.to_string(),
                    kind: e.kind.trim().to_string(),
                    aliases: e
                        .aliases
                        .iter()
                        .map(|a| a.trim())
                        .filter(|a| *a != name && !a.is_empty())
                        .map(str::to_string)
                        .collect(),
                    tickers: e.tickers.iter().map(|t| t.trim().to_string()).collect(),
                    // the document and its mentions come with the others
                    // when the merge settles (`bulk.rs`)
                    mentions: BTreeMap::new(),
                    confidence: BTreeMap::new(),
                };
                let idx = self.graph.add_node(Node::Entity(node));
                self.entity_ids.insert(id.clone(), idx);
                idx
            }
        };
        pending.touch(idx, e.mentions, e.confidence);
        for t in new_tickers {
            self.tickers.entry(ticker_key(t)).or_insert(idx);
        }
        if existing.is_some() && by_id.is_none() {
            // The name it came under finds the node too (a node found by
            // this id is found by it before any alias is asked).
            self.alias_ids.entry(id).or_insert(idx);
        }
        if let Node::Entity(n) = &self.graph[idx] {
            for a in new_aliases {
                self.alias_ids.entry(entity_id(&n.kind, a)).or_insert(idx);
            }
        }
        (idx, existing.is_some())
    }

    /// Let the aliases of an entity find it (first claim wins).
    fn index_aliases(&mut self, idx: NodeIndex) {
        if let Node::Entity(e) = &self.graph[idx] {
            for a in &e.aliases {
                self.alias_ids.entry(entity_id(&e.kind, a)).or_insert(idx);
            }
        }
    }

    /// Add evidence for `s -relation-> o`, creating the edge if needed.
    fn link(
        &mut self,
        s: NodeIndex,
        o: NodeIndex,
        relation: &str,
        attrs: &BTreeMap<String, String>,
        ev: Evidence,
        pending: &mut Pending,
    ) -> Linked {
        pending.touch(s, 0, None);
        pending.touch(o, 0, None);
        match self.edge_between(s, o, relation) {
            Some(eidx) => {
                let edge = &mut self.graph[eidx];
                edge.merge_attrs(attrs);
                if pending.add_evidence(eidx, edge, ev) {
                    Linked::Merged
                } else {
                    Linked::Unchanged
                }
            }
            None => {
                let mut edge = Edge::new(relation);
                edge.merge_attrs(attrs);
                let e = self.graph.add_edge(s, o, edge);
                pending.add_evidence(e, &mut self.graph[e], ev);
                self.edge_keys.insert(&self.graph, s, o, relation, e);
                Linked::Added
            }
        }
    }

    /// Remove a document: its evidence, then every edge left with none, then
    /// every node left with no document. `None` when the document is unknown.
    ///
    /// When the graph holds what every document brought (a graph built and
    /// saved by this version), the other documents are replayed in the order
    /// of their ids, so the result is, byte for byte, the graph they alone
    /// give when ingested in that order (in any order, where the order of
    /// ingests does not change the graph); otherwise (a graph read from
    /// JSON) the document's evidence and what is left without any is
    /// removed, and aliases, tickers and attributes it brought to entities
    /// and relations that stay, stay.
    pub fn remove_document(&mut self, id: &str) -> Option<RemoveStats> {
        if !self.documents.contains_key(id) {
            return None;
        }
        let complete = self.has_all_sources();
        // every other document's extraction, in the order of their ids
        // (none when a stored one does not decode: a damaged snapshot)
        let replay: Option<Vec<Extraction>> = complete
            .then(|| {
                self.sources
                    .iter()
                    .filter(|(d, _)| d.as_str() != id)
                    .map(|(_, s)| s.decode().ok())
                    .collect()
            })
            .flatten();
        if let Some(replay) = replay {
            let evidence = |g: &KnowledgeGraph| -> usize {
                g.graph.edge_weights().map(|e| e.evidence.len()).sum()
            };
            let mut g = KnowledgeGraph::new();
            self.sources.clear();
            let mut bulk = g.bulk();
            for s in replay {
                bulk.ingest(s);
            }
            bulk.finish();
            let stats = RemoveStats {
                evidence_removed: evidence(self) - evidence(&g),
                edges_removed: self.graph.edge_count() - g.graph.edge_count(),
                nodes_removed: self.graph.node_count() - g.graph.node_count(),
            };
            *self = g;
            return Some(stats);
        }
        self.forget_document(id)
    }

    /// Remove a document without replaying the others: its evidence, then
    /// every edge left with none, then every node left with no document.
    /// Quick, but what the document brought to what stays (aliases, tickers,
    /// attributes) stays. `None` when the document is unknown.
    pub(crate) fn forget_document(&mut self, id: &str) -> Option<RemoveStats> {
        self.documents.remove(id)?;
        self.sources.remove(id);
        let mut stats = RemoveStats::default();
        let edges: Vec<_> = self.graph.edge_indices().collect();
        for e in edges {
            stats.evidence_removed += self.graph[e].forget(id);
            if self.graph[e].evidence.is_empty() {
                self.graph.remove_edge(e);
                stats.edges_removed += 1;
            } else {
                self.graph[e].redate(&self.documents);
            }
        }
        let nodes: Vec<_> = self.graph.node_indices().collect();
        for n in nodes {
            self.graph[n].forget(id);
            if !self.graph[n].has_documents() {
                stats.edges_removed += self.graph.edges_directed(n, petgraph::Incoming).count()
                    + self.graph.edges_directed(n, petgraph::Outgoing).count();
                self.graph.remove_node(n);
                stats.nodes_removed += 1;
            }
        }
        self.rebuild_indexes();
        Some(stats)
    }

    /// Recompute the id and ticker indexes from the nodes (sorted by id, so the
    /// first node claiming a ticker keeps it), and the dates of the metric
    /// links (files keep a metric's evidence, not its link's attributes).
    fn rebuild_indexes(&mut self) {
        let links: Vec<_> = self
            .graph
            .edge_indices()
            .filter(|&e| self.graph[e].relation == HAS_METRIC)
            .collect();
        for e in links {
            self.graph[e].redate(&self.documents);
        }
        self.entity_ids.clear();
        self.metric_ids.clear();
        self.tickers.clear();
        self.alias_ids.clear();
        self.edge_keys.clear();
        let mut nodes: Vec<_> = self.graph.node_indices().collect();
        nodes.sort_by(|a, b| self.graph[*a].id().cmp(self.graph[*b].id()));
        for idx in nodes {
            match &self.graph[idx] {
                Node::Entity(e) => {
                    self.entity_ids.insert(e.id.clone(), idx);
                    for t in &e.tickers {
                        self.tickers.entry(ticker_key(t)).or_insert(idx);
                    }
                    self.index_aliases(idx);
                }
                Node::Metric(m) => {
                    self.metric_ids.insert(m.id.clone(), idx);
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{FoundMetric, FoundRelation, Unit};
    use petgraph::visit::{EdgeRef, IntoEdgeReferences};
    use std::path::Path;

    pub(crate) fn doc(id: &str) -> Document {
        Document {
            id: id.into(),
            name: format!("{id}.txt"),
            path: format!("news/{id}.txt"),
            title: format!("Title of {id}"),
            date: Some("2025-12-24".into()),
            publisher: None,
            url: None,
        }
    }

    pub(crate) fn ent(name: &str, kind: &str, aliases: &[&str], tickers: &[&str]) -> FoundEntity {
        FoundEntity {
            name: name.into(),
            kind: kind.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            tickers: tickers.iter().map(|s| s.to_string()).collect(),
            mentions: 2,
            rule: String::new(),
            confidence: None,
        }
    }

    pub(crate) fn ev(doc: &str, start: usize, sentence: &str) -> Evidence {
        Evidence {
            doc: doc.into(),
            start,
            end: start + sentence.len(),
            sentence: sentence.into(),
            rule: "test_rule".into(),
            confidence: None,
        }
    }

    pub(crate) fn rel(s: &str, r: &str, o: &str, doc: &str, start: usize) -> FoundRelation {
        FoundRelation {
            subject: s.into(),
            relation: r.into(),
            object: o.into(),
            attrs: BTreeMap::new(),
            evidence: ev(doc, start, &format!("{s} {r} {o}.")),
            support: Vec::new(),
        }
    }

    pub(crate) fn metric(
        entity: &str,
        label: &str,
        value: f64,
        unit: Unit,
        doc: &str,
    ) -> FoundMetric {
        FoundMetric {
            entity: entity.into(),
            metric: label.into(),
            value,
            unit,
            period: Some("2025".into()),
            evidence: ev(doc, 100, &format!("{entity} {label} {value}.")),
        }
    }

    /// A CITIC report on Alibaba and Tencent.
    pub(crate) fn doc_a() -> Extraction {
        Extraction {
            doc: doc("aaaa"),
            entities: vec![
                ent("CITIC Securities", "broker", &["CITIC SEC"], &["6030.HK"]),
                ent("Alibaba", "company", &["Alibaba Group"], &["9988.HK"]),
                ent("Tencent", "company", &[], &["0700.HK"]),
            ],
            relations: vec![
                rel("CITIC Securities", "forecasts", "Alibaba", "aaaa", 0),
                rel("CITIC SEC", "forecasts", "Tencent", "aaaa", 40),
            ],
            metrics: vec![metric("Alibaba", "capex", 130e9, Unit::Cny, "aaaa")],
            actions: Vec::new(),
        }
    }

    /// Another article: the same forecast, Alibaba under another name with its ticker.
    pub(crate) fn doc_b() -> Extraction {
        Extraction {
            doc: doc("bbbb"),
            entities: vec![
                ent("CITIC Securities", "broker", &[], &[]),
                ent(
                    "Alibaba Group Holding",
                    "company",
                    &["BABA"],
                    &["9988.HK", "BABA"],
                ),
                ent("Hang Seng Tech Index", "index", &["HSTECH"], &[]),
            ],
            relations: vec![
                rel(
                    "CITIC Securities",
                    "forecasts",
                    "Alibaba Group Holding",
                    "bbbb",
                    0,
                ),
                rel(
                    "Alibaba Group Holding",
                    "outperforms",
                    "Hang Seng Tech Index",
                    "bbbb",
                    50,
                ),
            ],
            metrics: vec![
                metric("Alibaba Group Holding", "capex", 130e9, Unit::Cny, "bbbb"),
                metric("HSTECH", "NTM PE", 19.3, Unit::Multiple, "bbbb"),
            ],
            actions: Vec::new(),
        }
    }

    pub(crate) fn sample() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.ingest(doc_a());
        g.ingest(doc_b());
        g
    }

    #[test]
    fn names_are_lowered_as_to_lowercase_does() {
        let mut buffer = String::from("left over");
        for name in [
            "Alibaba Group",
            "CITIC SEC",
            "",
            "ÄPFEL AG",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
        ] {
            assert_eq!(lower_case_into(name, &mut buffer), name.to_lowercase());
        }
    }

    #[test]
    fn same_entity_by_id_or_ticker_is_one_node() {
        let g = sample();
        let s = g.summary();
        assert_eq!(s.entities, 4, "{:?}", g.entities(None));
        let ali = g.find_entity("alibaba group holding").unwrap();
        assert_eq!(ali.id, "company:alibaba");
        assert_eq!(ali.name, "Alibaba");
        let aliases: Vec<_> = ali.aliases.iter().map(String::as_str).collect();
        assert_eq!(aliases, ["Alibaba Group", "Alibaba Group Holding", "BABA"]);
        let tickers: Vec<_> = ali.tickers.iter().map(String::as_str).collect();
        assert_eq!(tickers, ["9988.HK", "BABA"]);
        assert_eq!(ali.mention_count(), 4);
        assert_eq!(ali.documents().count(), 2);
        let citic = g.find_entity("CITIC Securities").unwrap();
        assert_eq!(citic.aliases.len(), 1);
    }

    #[test]
    fn a_name_known_as_an_alias_merges_into_its_entity() {
        let mut g = sample();
        // No ticker this time: "Alibaba Group Holding" is an alias by now.
        let x = Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent("alibaba group holding", "company", &[], &[]),
                ent("HSTECH", "index", &[], &[]),
                // Same alias, another kind: a different entity.
                ent("BABA", "model", &[], &[]),
            ],
            relations: vec![],
            metrics: vec![],
            actions: Vec::new(),
        };
        let s = g.ingest(x);
        assert_eq!((s.entities_merged, s.entities_added), (2, 1));
        assert_eq!(g.summary().entities, 5);
        // The alias index survives a save and load.
        let mut g = KnowledgeGraph::from_ron(&sample().to_ron().unwrap(), "g".as_ref()).unwrap();
        let s = g.ingest(Extraction {
            doc: doc("dddd"),
            entities: vec![ent("Alibaba Group", "company", &[], &[])],
            relations: vec![],
            metrics: vec![],
            actions: Vec::new(),
        });
        assert_eq!(s.entities_merged, 1);
    }

    #[test]
    fn the_same_fact_from_two_documents_is_one_edge_with_two_evidences() {
        let g = sample();
        let r = g.explain("CITIC SEC", "forecasts", "BABA").unwrap();
        assert_eq!(r.subject.name, "CITIC Securities");
        assert_eq!(r.object.name, "Alibaba");
        assert_eq!(r.edge.documents(), ["aaaa", "bbbb"]);
        assert_eq!(g.summary().relations, 3);
        let capex: Vec<_> = g.metrics_of("Alibaba").unwrap();
        assert_eq!(capex.len(), 1);
        assert_eq!(capex[0].evidence.len(), 2);
        assert_eq!(g.summary().metrics, 2);
    }

    #[test]
    fn stats_count_what_was_added_and_merged() {
        let mut g = KnowledgeGraph::new();
        let a = g.ingest(doc_a());
        assert_eq!(
            (
                a.entities_added,
                a.relations_added,
                a.metrics_added,
                a.dropped
            ),
            (3, 2, 1, 0)
        );
        let b = g.ingest(doc_b());
        assert_eq!((b.entities_added, b.entities_merged), (1, 2));
        assert_eq!((b.relations_added, b.relations_merged), (1, 1));
        assert_eq!((b.metrics_added, b.metrics_merged), (1, 1));
    }

    #[test]
    fn ingesting_a_registered_document_changes_nothing() {
        let mut g = sample();
        let before = g.to_ron().unwrap();
        let again = g.ingest(doc_a());
        assert!(again.already_present);
        assert!(!again.changed());
        assert_eq!(g.to_ron().unwrap(), before);
    }

    #[test]
    fn relations_to_unknown_names_and_self_loops_are_dropped() {
        let mut g = KnowledgeGraph::new();
        let mut x = doc_a();
        x.relations
            .push(rel("Nobody", "forecasts", "Alibaba", "aaaa", 90));
        x.relations
            .push(rel("Alibaba", "outperforms", "Alibaba Group", "aaaa", 95));
        x.metrics
            .push(metric("Nobody", "capex", 1.0, Unit::Usd, "aaaa"));
        x.metrics
            .push(metric("Alibaba", "bad", f64::NAN, Unit::Usd, "aaaa"));
        let s = g.ingest(x);
        assert_eq!(s.dropped, 4);
        assert_eq!(g.summary().relations, 2);
    }

    #[test]
    fn relations_may_name_entities_of_earlier_documents() {
        let mut g = KnowledgeGraph::new();
        g.ingest(doc_a());
        let x = Extraction {
            doc: doc("cccc"),
            entities: vec![ent("JPMorgan", "broker", &[], &[])],
            relations: vec![rel("JPMorgan", "forecasts", "tencent", "cccc", 0)],
            metrics: vec![],
            actions: Vec::new(),
        };
        let s = g.ingest(x);
        assert_eq!(s.relations_added, 1);
        // Tencent is now supported by the new document too.
        let t = g.find_entity("Tencent").unwrap();
        assert!(t.mentions.contains_key("cccc"));
    }

    #[test]
    fn evidence_doc_is_the_ingested_document() {
        let mut g = KnowledgeGraph::new();
        let mut x = doc_a();
        x.relations[0].evidence.doc = "wrong".into();
        g.ingest(x);
        let r = g
            .explain("CITIC Securities", "forecasts", "Alibaba")
            .unwrap();
        assert_eq!(r.edge.evidence[0].doc, "aaaa");
    }

    #[test]
    fn removing_a_document_removes_its_evidence_edges_and_nodes() {
        let mut g = sample();
        let s = g.remove_document("bbbb").unwrap();
        // Evidence: forecast, outperforms, two metrics.
        assert_eq!(s.evidence_removed, 4);
        // Hang Seng Tech Index and its metric go; Alibaba stays (doc a).
        assert_eq!(s.nodes_removed, 2);
        let ali = g.find_entity("Alibaba").unwrap();
        assert_eq!(ali.documents().collect::<Vec<_>>(), ["aaaa"]);
        assert!(g.find_entity("HSTECH").is_none());
        let r = g
            .explain("CITIC Securities", "forecasts", "Alibaba")
            .unwrap();
        assert_eq!(r.edge.documents(), ["aaaa"]);
        assert_eq!(g.summary().relations, 2);
        assert_eq!(g.summary().metrics, 1);
        assert!(g.remove_document("bbbb").is_none());

        // Removing the other leaves nothing at all.
        g.remove_document("aaaa").unwrap();
        assert_eq!(g.petgraph().node_count(), 0);
        assert_eq!(g.petgraph().edge_count(), 0);
        assert_eq!(g.documents().count(), 0);
    }

    #[test]
    fn remove_then_ingest_again_gives_the_same_graph() {
        let mut g = sample();
        let before = g.to_ron().unwrap();
        g.remove_document("bbbb").unwrap();
        g.ingest(doc_b());
        assert_eq!(g.to_ron().unwrap(), before);
    }

    #[test]
    fn ingest_order_does_not_change_the_saved_graph_when_ids_agree() {
        // Entities that merge by id (not by ticker) give the same graph in any order.
        let mut x = doc_b();
        x.entities[1].name = "Alibaba".into();
        for r in &mut x.relations {
            if r.subject == "Alibaba Group Holding" {
                r.subject = "Alibaba".into();
            }
            if r.object == "Alibaba Group Holding" {
                r.object = "Alibaba".into();
            }
        }
        for m in &mut x.metrics {
            if m.entity == "Alibaba Group Holding" {
                m.entity = "Alibaba".into();
            }
        }
        let mut g1 = KnowledgeGraph::new();
        g1.ingest(doc_a());
        g1.ingest(x.clone());
        let mut g2 = KnowledgeGraph::new();
        g2.ingest(x);
        g2.ingest(doc_a());
        assert_eq!(g1.facts_ron(), g2.facts_ron());
    }

    /// Edges that repeat another's `(subject, relation, object)`.
    fn repeated_edges(g: &KnowledgeGraph) -> usize {
        let mut seen = BTreeSet::new();
        g.graph
            .edge_references()
            .filter(|e| !seen.insert((e.source(), e.target(), e.weight().relation.clone())))
            .count()
    }

    /// A third article: CITIC's forecast on Alibaba again, and on Tencent.
    fn doc_c() -> Extraction {
        Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent("CITIC Securities", "broker", &[], &[]),
                ent("Alibaba", "company", &[], &[]),
                ent("Tencent", "company", &[], &[]),
            ],
            relations: vec![
                rel("CITIC Securities", "forecasts", "Alibaba", "cccc", 0),
                rel("CITIC Securities", "forecasts", "Tencent", "cccc", 30),
            ],
            metrics: Vec::new(),
            actions: Vec::new(),
        }
    }

    #[test]
    fn links_find_their_edge_after_removals_and_loads() {
        let forecast_docs = |g: &KnowledgeGraph, o: &str| {
            let r = g.explain("CITIC Securities", "forecasts", o).unwrap();
            r.edge.documents().len()
        };
        // removed without a replay: edges and nodes go, indexes are rebuilt
        let mut g = sample();
        g.forget_document("aaaa").unwrap();
        g.ingest(doc_c());
        assert_eq!(repeated_edges(&g), 0);
        assert_eq!(forecast_docs(&g, "Alibaba"), 2);
        assert_eq!(forecast_docs(&g, "Tencent"), 1);
        // a loaded graph: its edges are found, not added again
        let bytes = sample().to_binary().unwrap();
        let mut g = KnowledgeGraph::from_binary(&bytes, Path::new("g.bin")).unwrap();
        g.ingest(doc_c());
        assert_eq!(repeated_edges(&g), 0);
        assert_eq!(forecast_docs(&g, "Alibaba"), 3);
        assert_eq!(forecast_docs(&g, "Tencent"), 2);
    }
}
