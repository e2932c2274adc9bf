//! Choosing what part of the graph an export shows: kinds, relations, an ego
//! network, support, documents, metrics and a node budget.
//!
//! A [`GraphFilter`] turns a graph into a smaller [`KnowledgeGraph`], so every
//! exporter (DOT, JSON, GraphML …) filters the same way and a filtered JSON
//! export is still a graph finkg loads. The steps run in a fixed order:
//!
//! 1. `documents`: the graph as if only those documents had been ingested;
//! 2. `kinds`: entities of other kinds go, with their relations and metrics;
//! 3. `relations`: relations of other kinds go, then every entity left with
//!    no relation;
//! 4. `min_support`: relations, metrics and entities stated by fewer
//!    documents go; then `min_confidence`: relations, metrics and entities
//!    whose confidence (see [`Confidence`]) is lower go, and so do those
//!    with none (from graph files written before confidences);
//! 5. `metrics`: when off, metric nodes go;
//! 6. `around` + `depth`: only entities within `depth` relations of one
//!    entity, either direction;
//! 7. `connected`: entities with no relation (nor, when kept, metric) go;
//! 8. `max_nodes`: the most connected entities stay (most relations, then
//!    most mentions, then smallest id); the `around` entity always stays.
//!
//! Metrics whose entity went go too, and so do documents nothing mentions
//! any more.

use super::{KnowledgeGraph, Node, HAS_METRIC};
use crate::model::{Confidence, DocId, Document};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction::{Incoming, Outgoing};
use std::collections::{BTreeSet, HashSet, VecDeque};

/// What part of the graph to keep. The default keeps everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphFilter {
    /// Entity kinds to keep; empty keeps every kind.
    pub kinds: Vec<String>,
    /// Relation kinds to keep; empty keeps every kind. When set, entities
    /// left with none of these relations go.
    pub relations: Vec<String>,
    /// Keep only the neighbourhood of this entity (name, alias, ticker or id).
    pub around: Option<String>,
    /// How many relations away from `around` an entity may be.
    pub depth: usize,
    /// Keep only facts stated by at least this many documents (0 and 1 keep all).
    pub min_support: usize,
    /// Keep only facts whose confidence is at least this.
    pub min_confidence: Option<Confidence>,
    /// Keep only what these documents state (id, id prefix, file name, file
    /// stem or path); empty keeps every document.
    pub documents: Vec<String>,
    /// Keep metric nodes.
    pub metrics: bool,
    /// Drop entities that take part in no relation (and have no metric, when
    /// metrics are kept).
    pub connected: bool,
    /// Keep at most this many entities, the most connected ones.
    pub max_nodes: Option<usize>,
}

impl Default for GraphFilter {
    fn default() -> GraphFilter {
        GraphFilter {
            kinds: Vec::new(),
            relations: Vec::new(),
            around: None,
            depth: 1,
            min_support: 0,
            min_confidence: None,
            documents: Vec::new(),
            metrics: true,
            connected: false,
            max_nodes: None,
        }
    }
}

/// A filter named something the graph does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// No document has this id, id prefix, name or path.
    #[error("no document `{name}` in the graph (it has: {})", known.join(", "))]
    UnknownDocument {
        /// The name asked for.
        name: String,
        /// File names of (the first) documents the graph has.
        known: Vec<String>,
    },
    /// No entity has this name, alias, ticker or id.
    #[error("no entity named `{name}` in the graph")]
    UnknownEntity {
        /// The name asked for.
        name: String,
    },
    /// The `around` entity exists, but the other filters leave it out.
    #[error("`{name}` is in the graph, but the other filters leave it out")]
    LeftOut {
        /// The name asked for.
        name: String,
    },
}

impl GraphFilter {
    /// A filter that keeps everything.
    pub fn all() -> GraphFilter {
        GraphFilter::default()
    }

    /// Keep entities of this kind too (the first call drops every other kind).
    pub fn kind(mut self, kind: impl Into<String>) -> GraphFilter {
        self.kinds.push(kind.into());
        self
    }

    /// Keep relations of this kind too (the first call drops every other kind).
    pub fn relation(mut self, relation: impl Into<String>) -> GraphFilter {
        self.relations.push(relation.into());
        self
    }

    /// Keep only entities within `depth` relations of `name`.
    pub fn around(mut self, name: impl Into<String>, depth: usize) -> GraphFilter {
        self.around = Some(name.into());
        self.depth = depth;
        self
    }

    /// Keep only facts stated by at least `n` documents.
    pub fn min_support(mut self, n: usize) -> GraphFilter {
        self.min_support = n;
        self
    }

    /// Keep only facts whose confidence is at least `c`.
    pub fn min_confidence(mut self, c: Confidence) -> GraphFilter {
        self.min_confidence = Some(c);
        self
    }

    /// Keep what this document states too (the first call drops the others).
    pub fn document(mut self, doc: impl Into<String>) -> GraphFilter {
        self.documents.push(doc.into());
        self
    }

    /// Keep or drop metric nodes.
    pub fn with_metrics(mut self, metrics: bool) -> GraphFilter {
        self.metrics = metrics;
        self
    }

    /// Drop entities that take part in no relation.
    pub fn connected(mut self, connected: bool) -> GraphFilter {
        self.connected = connected;
        self
    }

    /// Keep at most `n` entities, the most connected.
    pub fn max_nodes(mut self, n: usize) -> GraphFilter {
        self.max_nodes = Some(n);
        self
    }

    /// Whether the filter keeps everything.
    pub fn keeps_all(&self) -> bool {
        self.kinds.is_empty()
            && self.relations.is_empty()
            && self.around.is_none()
            && self.min_support <= 1
            && self.min_confidence.is_none()
            && self.documents.is_empty()
            && self.metrics
            && !self.connected
            && self.max_nodes.is_none()
    }

    /// What the filter keeps, in words (`around Alibaba, depth 1`), one part
    /// per active step; empty when it keeps everything but metrics.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.documents.is_empty() {
            out.push(format!("documents: {}", self.documents.join(", ")));
        }
        if !self.kinds.is_empty() {
            out.push(format!("kinds: {}", self.kinds.join(", ")));
        }
        if !self.relations.is_empty() {
            out.push(format!("relations: {}", self.relations.join(", ")));
        }
        if self.min_support > 1 {
            out.push(format!("stated by {}+ documents", self.min_support));
        }
        if let Some(c) = self.min_confidence {
            out.push(format!("confidence {c}+"));
        }
        if let Some(c) = &self.around {
            out.push(format!("around {c}, depth {}", self.depth));
        }
        if let Some(n) = self.max_nodes {
            out.push(format!("{n} most connected"));
        }
        out
    }

    /// The part of `g` this filter keeps, as a graph of its own.
    pub fn apply(&self, g: &KnowledgeGraph) -> Result<KnowledgeGraph, FilterError> {
        let mut out = g.clone();
        if self.keeps_all() {
            return Ok(out);
        }

        if !self.documents.is_empty() {
            let mut keep = BTreeSet::new();
            for name in &self.documents {
                let doc = g
                    .find_document(name)
                    .ok_or_else(|| FilterError::UnknownDocument {
                        name: name.clone(),
                        known: known_documents(g),
                    })?;
                keep.insert(doc.id.clone());
            }
            let others: Vec<DocId> = g
                .documents()
                .map(|d| d.id.clone())
                .filter(|id| !keep.contains(id))
                .collect();
            for id in others {
                out.forget_document(&id);
            }
        }

        if !self.kinds.is_empty() {
            out.graph.retain_nodes(|gr, n| match &gr[n] {
                Node::Entity(e) => self.kinds.contains(&e.kind),
                Node::Metric(_) => true,
            });
        }

        if !self.relations.is_empty() {
            out.graph.retain_edges(|gr, e| {
                let r = &gr[e].relation;
                r == HAS_METRIC || self.relations.contains(r)
            });
            let with: HashSet<NodeIndex> = out.related_entities();
            out.graph
                .retain_nodes(|gr, n| gr[n].as_metric().is_some() || with.contains(&n));
        }

        if self.min_support > 1 {
            let n = self.min_support;
            out.graph
                .retain_edges(|gr, e| gr[e].document_runs().count() >= n);
            out.graph.retain_nodes(|gr, i| match &gr[i] {
                Node::Entity(e) => e.mentions.len() >= n,
                Node::Metric(m) => m.documents.len() >= n,
            });
        }

        if let Some(min) = self.min_confidence {
            let enough = |c: Option<Confidence>| c.is_some_and(|c| c >= min);
            out.graph.retain_edges(|gr, e| enough(gr[e].confidence()));
            // a metric's confidence is its `has_metric` edge's: gone with it
            out.graph.retain_nodes(|gr, i| match &gr[i] {
                Node::Entity(e) => enough(e.confidence()),
                Node::Metric(_) => gr.edges_directed(i, Incoming).next().is_some(),
            });
        }

        if !self.metrics {
            out.graph.retain_nodes(|gr, n| gr[n].as_entity().is_some());
        }
        out.drop_orphan_metrics();

        let mut centre = None;
        if let Some(name) = &self.around {
            let c = out.find_entity_index(name).ok_or_else(|| {
                if g.find_entity(name).is_some() {
                    FilterError::LeftOut { name: name.clone() }
                } else {
                    FilterError::UnknownEntity { name: name.clone() }
                }
            })?;
            let near = out.neighbourhood(c, self.depth);
            out.graph
                .retain_nodes(|gr, n| gr[n].as_metric().is_some() || near.contains(&n));
            out.drop_orphan_metrics();
            centre = Some(c);
        }

        if self.connected {
            out.drop_unconnected();
        }

        if let Some(max) = self.max_nodes {
            out.keep_most_connected(max, centre);
            out.drop_orphan_metrics();
            if self.connected {
                out.drop_unconnected();
            }
        }

        let used: HashSet<DocId> = out
            .graph
            .node_weights()
            .flat_map(|n| match n {
                Node::Entity(e) => e.mentions.keys().cloned().collect::<Vec<_>>(),
                Node::Metric(m) => m.documents.iter().cloned().collect(),
            })
            .collect();
        out.documents.retain(|id, _| used.contains(id));
        out.rebuild_indexes();
        Ok(out)
    }
}

/// File names of the first documents, for error messages.
fn known_documents(g: &KnowledgeGraph) -> Vec<String> {
    let mut names: Vec<String> = g.documents().map(|d| d.name.clone()).collect();
    names.sort();
    if names.len() > 8 {
        let more = names.len() - 8;
        names.truncate(8);
        names.push(format!("and {more} more"));
    }
    if names.is_empty() {
        names.push("no documents".into());
    }
    names
}

impl KnowledgeGraph {
    /// The document `name` names: its id, a prefix of its id (4 characters
    /// or more, naming one document), its file name, the file name without
    /// extension, or its path.
    pub fn find_document(&self, name: &str) -> Option<&Document> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(d) = self.documents.get(name) {
            return Some(d);
        }
        let stem = |d: &Document| {
            std::path::Path::new(&d.name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        };
        if let Some(d) = self
            .documents
            .values()
            .find(|d| d.name == name || d.path == name || stem(d).as_deref() == Some(name))
        {
            return Some(d);
        }
        if name.len() >= 4 {
            let mut prefixed = self.documents.values().filter(|d| d.id.starts_with(name));
            if let (Some(d), None) = (prefixed.next(), prefixed.next()) {
                return Some(d);
            }
        }
        None
    }

    /// Entities that take part in at least one relation (not `has_metric`).
    fn related_entities(&self) -> HashSet<NodeIndex> {
        self.graph
            .edge_references()
            .filter(|e| e.weight().relation != HAS_METRIC)
            .flat_map(|e| [e.source(), e.target()])
            .collect()
    }

    /// Metric nodes whose entity is gone.
    fn drop_orphan_metrics(&mut self) {
        self.graph.retain_nodes(|gr, n| {
            gr[n].as_entity().is_some() || gr.edges_directed(n, Incoming).next().is_some()
        });
    }

    /// Entities with no relation and no metric.
    fn drop_unconnected(&mut self) {
        let linked: HashSet<NodeIndex> = self
            .graph
            .edge_references()
            .flat_map(|e| [e.source(), e.target()])
            .collect();
        self.graph
            .retain_nodes(|gr, n| gr[n].as_metric().is_some() || linked.contains(&n));
        self.drop_orphan_metrics();
    }

    /// Entities at most `depth` relations from `centre`, either direction.
    fn neighbourhood(&self, centre: NodeIndex, depth: usize) -> HashSet<NodeIndex> {
        let mut seen = HashSet::from([centre]);
        let mut queue = VecDeque::from([(centre, 0usize)]);
        while let Some((n, d)) = queue.pop_front() {
            if d == depth {
                continue;
            }
            let edges = self
                .graph
                .edges_directed(n, Outgoing)
                .map(|e| e.target())
                .chain(self.graph.edges_directed(n, Incoming).map(|e| e.source()));
            for next in edges {
                if self.graph[next].as_entity().is_some() && seen.insert(next) {
                    queue.push_back((next, d + 1));
                }
            }
        }
        seen
    }

    /// Keep `max` entities: `centre` first, then most relations, most
    /// mentions, smallest id.
    fn keep_most_connected(&mut self, max: usize, centre: Option<NodeIndex>) {
        let degree = |n: NodeIndex| {
            self.graph
                .edges_directed(n, Outgoing)
                .chain(self.graph.edges_directed(n, Incoming))
                .filter(|e| e.weight().relation != HAS_METRIC)
                .count()
        };
        let mut ranked: Vec<(bool, usize, usize, &str, NodeIndex)> = self
            .graph
            .node_indices()
            .filter_map(|n| {
                let e = self.graph[n].as_entity()?;
                Some((
                    Some(n) != centre,
                    usize::MAX - degree(n),
                    usize::MAX - e.mention_count(),
                    e.id.as_str(),
                    n,
                ))
            })
            .collect();
        if ranked.len() <= max {
            return;
        }
        ranked.sort();
        let keep: HashSet<NodeIndex> = ranked.iter().take(max).map(|r| r.4).collect();
        self.graph
            .retain_nodes(|gr, n| gr[n].as_metric().is_some() || keep.contains(&n));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, ent, rel, sample};
    use super::*;
    use crate::model::Extraction;
    use crate::RelationFilter;

    fn names(g: &KnowledgeGraph) -> Vec<&str> {
        let mut v: Vec<&str> = g.entities(None).iter().map(|e| e.name.as_str()).collect();
        v.sort();
        v
    }

    fn rels(g: &KnowledgeGraph) -> Vec<String> {
        g.relations(&RelationFilter::any())
            .iter()
            .map(|r| format!("{} {} {}", r.subject.name, r.relation(), r.object.name))
            .collect()
    }

    /// The sample plus a third document: JPMorgan rates Tencent, Tencent
    /// invests in Moonshot, and a sector no relation names.
    fn bigger() -> KnowledgeGraph {
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent("JPMorgan", "broker", &[], &[]),
                ent("Tencent", "company", &[], &[]),
                ent("Moonshot", "company", &[], &[]),
                ent("Robotics", "sector", &[], &[]),
            ],
            relations: vec![
                rel("JPMorgan", "rates", "Tencent", "cccc", 0),
                rel("Tencent", "invests", "Moonshot", "cccc", 30),
            ],
            metrics: vec![],
            actions: Vec::new(),
        });
        g
    }

    #[test]
    fn the_default_filter_keeps_everything() {
        let g = bigger();
        let f = GraphFilter::all();
        assert!(f.keeps_all());
        assert!(f.describe().is_empty());
        assert_eq!(f.apply(&g).unwrap().to_ron().unwrap(), g.to_ron().unwrap());
    }

    #[test]
    fn steps_keep_what_they_say() {
        let g = bigger();
        let cases: Vec<(GraphFilter, Vec<&str>, usize, usize)> = vec![
            // filter, entities kept, relations, metrics
            (
                GraphFilter::all().kind("company"),
                vec!["Alibaba", "Moonshot", "Tencent"],
                1,
                1,
            ),
            (
                GraphFilter::all().relation("forecasts"),
                vec!["Alibaba", "CITIC Securities", "Tencent"],
                2,
                1,
            ),
            (
                GraphFilter::all().relation("forecasts").relation("rates"),
                vec!["Alibaba", "CITIC Securities", "JPMorgan", "Tencent"],
                3,
                1,
            ),
            (
                // Tencent is named by two documents, though no fact about it is.
                GraphFilter::all().min_support(2),
                vec!["Alibaba", "CITIC Securities", "Tencent"],
                1,
                1,
            ),
            (
                GraphFilter::all().around("Tencent", 1),
                vec!["CITIC Securities", "JPMorgan", "Moonshot", "Tencent"],
                3,
                0,
            ),
            (
                GraphFilter::all().around("Moonshot", 2),
                vec!["CITIC Securities", "JPMorgan", "Moonshot", "Tencent"],
                3,
                0,
            ),
            (
                GraphFilter::all().around("Moonshot", 0),
                vec!["Moonshot"],
                0,
                0,
            ),
            (
                GraphFilter::all().document("cccc"),
                vec!["JPMorgan", "Moonshot", "Robotics", "Tencent"],
                2,
                0,
            ),
            (
                GraphFilter::all().connected(true).with_metrics(false),
                vec![
                    "Alibaba",
                    "CITIC Securities",
                    "Hang Seng Tech Index",
                    "JPMorgan",
                    "Moonshot",
                    "Tencent",
                ],
                5,
                0,
            ),
            (
                // Tencent has three relations; CITIC and Alibaba two, the smaller id wins.
                GraphFilter::all().with_metrics(false).max_nodes(2),
                vec!["CITIC Securities", "Tencent"],
                1,
                0,
            ),
            (
                GraphFilter::all().max_nodes(1).around("Moonshot", 1),
                vec!["Moonshot"],
                0,
                0,
            ),
        ];
        for (f, want, nrel, nmetric) in cases {
            let out = f.apply(&g).unwrap();
            assert_eq!(names(&out), want, "{f:?}");
            assert_eq!(out.relations(&RelationFilter::any()).len(), nrel, "{f:?}");
            assert_eq!(out.metrics().len(), nmetric, "{f:?}: {:?}", rels(&out));
        }
    }

    #[test]
    fn a_document_filter_is_that_document_alone() {
        let g = bigger();
        let out = GraphFilter::all().document("bbbb").apply(&g).unwrap();
        let ids: Vec<&str> = out.documents().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["bbbb"]);
        let r = out
            .explain("CITIC Securities", "forecasts", "Alibaba")
            .unwrap();
        assert_eq!(r.edge.documents(), ["bbbb"]);
        // By file name, stem, path and id prefix too.
        for name in ["bbbb.txt", "bbbb", "news/bbbb.txt"] {
            assert_eq!(g.find_document(name).unwrap().id, "bbbb", "{name}");
        }
        let err = GraphFilter::all().document("zzzz").apply(&g).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no document `zzzz` in the graph (it has: aaaa.txt, bbbb.txt, cccc.txt)"
        );
    }

    #[test]
    fn documents_nothing_mentions_are_left_out() {
        let g = bigger();
        let out = GraphFilter::all().kind("sector").apply(&g).unwrap();
        assert_eq!(names(&out), ["Robotics"]);
        let ids: Vec<&str> = out.documents().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["cccc"]);
    }

    #[test]
    fn around_names_what_it_cannot_find() {
        let g = bigger();
        let err = GraphFilter::all()
            .around("Nobody", 1)
            .apply(&g)
            .unwrap_err();
        assert_eq!(err.to_string(), "no entity named `Nobody` in the graph");
        let err = GraphFilter::all()
            .kind("broker")
            .around("Tencent", 1)
            .apply(&g)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`Tencent` is in the graph, but the other filters leave it out"
        );
    }

    #[test]
    fn the_filtered_graph_still_answers_lookups() {
        let g = bigger();
        let out = GraphFilter::all().around("BABA", 1).apply(&g).unwrap();
        assert_eq!(out.find_entity("9988.HK").unwrap().name, "Alibaba");
        assert!(out.find_entity("Moonshot").is_none());
        let back = KnowledgeGraph::from_ron(&out.to_ron().unwrap(), "g".as_ref()).unwrap();
        assert_eq!(back.to_ron().unwrap(), out.to_ron().unwrap());
    }

    #[test]
    fn descriptions_name_every_active_step() {
        let f = GraphFilter::all()
            .relation("forecasts")
            .around("Alibaba", 2)
            .min_support(2)
            .max_nodes(30);
        assert_eq!(
            f.describe(),
            [
                "relations: forecasts",
                "stated by 2+ documents",
                "around Alibaba, depth 2",
                "30 most connected"
            ]
        );
    }
}
