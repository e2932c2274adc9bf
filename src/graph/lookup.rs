//! Read-only questions the CLI and the exporters ask the graph.

use super::node::eq_fold;
use super::{Edge, EntityNode, GraphError, KnowledgeGraph, MetricNode, Node, HAS_METRIC};
use crate::model::Evidence;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::BTreeMap;

/// A relation between two entities, borrowed from the graph.
#[derive(Debug, Clone, Copy)]
pub struct RelationView<'g> {
    /// The subject.
    pub subject: &'g EntityNode,
    /// The edge: relation kind, attributes, evidence.
    pub edge: &'g Edge,
    /// The object.
    pub object: &'g EntityNode,
}

impl<'g> RelationView<'g> {
    /// The relation kind.
    pub fn relation(&self) -> &'g str {
        &self.edge.relation
    }
}

/// A metric with its entity and evidence, borrowed from the graph.
#[derive(Debug, Clone, Copy)]
pub struct MetricView<'g> {
    /// The entity the metric belongs to.
    pub entity: &'g EntityNode,
    /// The metric.
    pub metric: &'g MetricNode,
    /// The evidence (from the `has_metric` edge).
    pub evidence: &'g [Evidence],
}

/// Which relations to list; `None` matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationFilter {
    /// Relation kind.
    pub relation: Option<String>,
    /// Kind of the subject entity.
    pub subject_kind: Option<String>,
    /// Kind of the object entity.
    pub object_kind: Option<String>,
}

impl RelationFilter {
    /// Every relation.
    pub fn any() -> RelationFilter {
        RelationFilter::default()
    }

    /// Only relations of this kind.
    pub fn relation(mut self, kind: impl Into<String>) -> RelationFilter {
        self.relation = Some(kind.into());
        self
    }

    /// Only relations whose subject is of this kind.
    pub fn from_kind(mut self, kind: impl Into<String>) -> RelationFilter {
        self.subject_kind = Some(kind.into());
        self
    }

    /// Only relations whose object is of this kind.
    pub fn to_kind(mut self, kind: impl Into<String>) -> RelationFilter {
        self.object_kind = Some(kind.into());
        self
    }

    fn matches(&self, r: &RelationView<'_>) -> bool {
        self.relation.as_deref().is_none_or(|k| k == r.relation())
            && self
                .subject_kind
                .as_deref()
                .is_none_or(|k| k == r.subject.kind)
            && self
                .object_kind
                .as_deref()
                .is_none_or(|k| k == r.object.kind)
    }
}

/// Counts of what the graph holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Registered documents.
    pub documents: usize,
    /// Entity nodes.
    pub entities: usize,
    /// Entity nodes per kind.
    pub entities_by_kind: BTreeMap<String, usize>,
    /// Relation edges between entities (not `has_metric`).
    pub relations: usize,
    /// Relation edges per kind.
    pub relations_by_kind: BTreeMap<String, usize>,
    /// Metric nodes.
    pub metrics: usize,
    /// Pieces of evidence on all edges, metrics included.
    pub evidence: usize,
}

impl KnowledgeGraph {
    /// Entities, sorted by id; only those of `kind` when given.
    pub fn entities(&self, kind: Option<&str>) -> Vec<&EntityNode> {
        let mut out: Vec<&EntityNode> = self
            .graph
            .node_weights()
            .filter_map(Node::as_entity)
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The node index of the entity `name` names (see [`KnowledgeGraph::find_entity`]).
    pub(crate) fn find_entity_index(&self, name: &str) -> Option<NodeIndex> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(&i) = self.entity_ids.get(name) {
            return Some(i);
        }
        let mut best: Option<(u8, &str, NodeIndex)> = None;
        for idx in self.graph.node_indices() {
            let Node::Entity(e) = &self.graph[idx] else {
                continue;
            };
            let rank = if e.id.eq_ignore_ascii_case(name) {
                0
            } else if eq_fold(&e.name, name) {
                1
            } else if e.is_named(name) {
                2
            } else {
                continue;
            };
            if best.is_none_or(|(r, id, _)| (rank, e.id.as_str()) < (r, id)) {
                best = Some((rank, &e.id, idx));
            }
        }
        best.map(|(_, _, i)| i)
    }

    /// The entity that `name` names: its id, canonical name, an alias or a
    /// ticker, case-insensitively. An id or canonical name wins over an alias;
    /// among equals the smallest id wins.
    pub fn find_entity(&self, name: &str) -> Option<&EntityNode> {
        self.find_entity_index(name)
            .and_then(|i| self.graph[i].as_entity())
    }

    fn entity_or_err(&self, name: &str) -> Result<NodeIndex, GraphError> {
        self.find_entity_index(name)
            .ok_or_else(|| GraphError::UnknownEntity {
                name: name.to_string(),
            })
    }

    fn view<'g>(
        &'g self,
        e: petgraph::stable_graph::EdgeReference<'g, Edge>,
    ) -> Option<RelationView<'g>> {
        if e.weight().relation == HAS_METRIC {
            return None;
        }
        Some(RelationView {
            subject: self.graph[e.source()].as_entity()?,
            edge: e.weight(),
            object: self.graph[e.target()].as_entity()?,
        })
    }

    /// Relations between entities that pass the filter, sorted by subject id,
    /// relation and object id.
    pub fn relations(&self, filter: &RelationFilter) -> Vec<RelationView<'_>> {
        let mut out: Vec<RelationView<'_>> = self
            .graph
            .edge_references()
            .filter_map(|e| self.view(e))
            .filter(|r| filter.matches(r))
            .collect();
        out.sort_by(|a, b| {
            (&a.subject.id, a.relation(), &a.object.id).cmp(&(
                &b.subject.id,
                b.relation(),
                &b.object.id,
            ))
        });
        out
    }

    /// The relation `subject -relation-> object`, ends named as
    /// [`KnowledgeGraph::find_entity`] accepts; its edge holds the evidence.
    pub fn explain(
        &self,
        subject: &str,
        relation: &str,
        object: &str,
    ) -> Result<RelationView<'_>, GraphError> {
        let s = self.entity_or_err(subject)?;
        let o = self.entity_or_err(object)?;
        let relation = relation.trim();
        if let Some(r) = self
            .graph
            .edges_connecting(s, o)
            .find(|e| e.weight().relation.eq_ignore_ascii_case(relation))
            .and_then(|e| self.view(e))
        {
            return Ok(r);
        }
        let mut existing: Vec<String> = self
            .graph
            .edges_connecting(s, o)
            .map(|e| e.weight().relation.clone())
            .chain(
                self.graph
                    .edges_connecting(o, s)
                    .map(|e| format!("{} in the other direction", e.weight().relation)),
            )
            .collect();
        existing.sort();
        Err(GraphError::NoRelation {
            subject: self.graph[s]
                .as_entity()
                .map_or("", |e| &e.name)
                .to_string(),
            relation: relation.to_string(),
            object: self.graph[o]
                .as_entity()
                .map_or("", |e| &e.name)
                .to_string(),
            existing,
        })
    }

    /// Every metric, sorted by entity id, then label, value and metric id.
    pub fn metrics(&self) -> Vec<MetricView<'_>> {
        let mut out: Vec<MetricView<'_>> = self
            .graph
            .edge_references()
            .filter(|e| e.weight().relation == HAS_METRIC)
            .filter_map(|e| {
                Some(MetricView {
                    entity: self.graph[e.source()].as_entity()?,
                    metric: self.graph[e.target()].as_metric()?,
                    evidence: &e.weight().evidence,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.entity.id, &a.metric.label, &a.metric.id).cmp(&(
                &b.entity.id,
                &b.metric.label,
                &b.metric.id,
            ))
        });
        out
    }

    /// The metrics of one entity, named as [`KnowledgeGraph::find_entity`] accepts.
    pub fn metrics_of(&self, entity: &str) -> Result<Vec<MetricView<'_>>, GraphError> {
        let idx = self.entity_or_err(entity)?;
        let id = self.graph[idx].id();
        Ok(self
            .metrics()
            .into_iter()
            .filter(|m| m.entity.id == id)
            .collect())
    }

    /// Counts of documents, entities and relations by kind, metrics, evidence.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            documents: self.documents.len(),
            ..Summary::default()
        };
        for n in self.graph.node_weights() {
            match n {
                Node::Entity(e) => {
                    s.entities += 1;
                    *s.entities_by_kind.entry(e.kind.clone()).or_default() += 1;
                }
                Node::Metric(_) => s.metrics += 1,
            }
        }
        for e in self.graph.edge_weights() {
            s.evidence += e.evidence.len();
            if e.relation != HAS_METRIC {
                s.relations += 1;
                *s.relations_by_kind.entry(e.relation.clone()).or_default() += 1;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn entities_filter_by_kind_and_sort_by_id() {
        let g = sample();
        let ids: Vec<_> = g.entities(None).iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "broker:citic-securities",
                "company:alibaba",
                "company:tencent",
                "index:hang-seng-tech-index"
            ]
        );
        let companies: Vec<_> = g
            .entities(Some("company"))
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(companies, ["Alibaba", "Tencent"]);
        assert!(g.entities(Some("planet")).is_empty());
    }

    #[test]
    fn relations_filter_by_kind_and_end_kinds() {
        let g = sample();
        let table: Vec<(&str, &str, &str)> = g
            .relations(&RelationFilter::any())
            .iter()
            .map(|r| {
                (
                    r.subject.name.as_str(),
                    r.relation(),
                    r.object.name.as_str(),
                )
            })
            .collect();
        assert_eq!(
            table,
            [
                ("CITIC Securities", "forecasts", "Alibaba"),
                ("CITIC Securities", "forecasts", "Tencent"),
                ("Alibaba", "outperforms", "Hang Seng Tech Index"),
            ]
        );
        for (filter, want) in [
            (RelationFilter::any().relation("forecasts"), 2),
            (RelationFilter::any().relation("invests"), 0),
            (
                RelationFilter::any().from_kind("broker").to_kind("company"),
                2,
            ),
            (RelationFilter::any().from_kind("company"), 1),
            (RelationFilter::any().to_kind("index"), 1),
            (RelationFilter::any().relation("has_metric"), 0),
        ] {
            assert_eq!(g.relations(&filter).len(), want, "{filter:?}");
        }
    }

    #[test]
    fn explain_names_what_is_missing() {
        let g = sample();
        let err = g.explain("Nobody", "forecasts", "Alibaba").unwrap_err();
        assert_eq!(err.to_string(), "no entity named `Nobody` in the graph");
        let err = g
            .explain("Hang Seng Tech Index", "outperforms", "alibaba")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no `outperforms` relation from `Hang Seng Tech Index` to `Alibaba` \
             (the graph has: outperforms in the other direction)"
        );
        let ok = g
            .explain("citic securities", "FORECASTS", "0700.hk")
            .unwrap();
        assert_eq!(ok.object.name, "Tencent");
        assert_eq!(ok.edge.evidence[0].sentence, "CITIC SEC forecasts Tencent.");
    }

    #[test]
    fn find_entity_prefers_canonical_names_over_aliases() {
        let mut g = sample();
        // A second entity whose alias is another entity's canonical name.
        g.ingest(crate::model::Extraction {
            doc: super::super::tests::doc("cccc"),
            entities: vec![super::super::tests::ent(
                "Ant Group",
                "company",
                &["Tencent"],
                &[],
            )],
            relations: vec![],
            metrics: vec![],
            actions: Vec::new(),
        });
        assert_eq!(g.find_entity("tencent").unwrap().name, "Tencent");
        assert_eq!(
            g.find_entity("company:ant-group").unwrap().name,
            "Ant Group"
        );
        assert!(g.find_entity("").is_none());
    }

    #[test]
    fn metrics_list_with_their_entity() {
        let g = sample();
        let m: Vec<_> = g
            .metrics()
            .iter()
            .map(|m| {
                (
                    m.entity.name.as_str(),
                    m.metric.label.as_str(),
                    m.metric.value,
                )
            })
            .collect();
        assert_eq!(
            m,
            [
                ("Alibaba", "capex", 130e9),
                ("Hang Seng Tech Index", "NTM PE", 19.3)
            ]
        );
        assert_eq!(g.metrics_of("HSTECH").unwrap().len(), 1);
        assert!(g.metrics_of("Nobody").is_err());
    }

    #[test]
    fn summary_counts_by_kind() {
        let s = sample().summary();
        assert_eq!(s.documents, 2);
        assert_eq!(s.entities, 4);
        assert_eq!(s.entities_by_kind["company"], 2);
        assert_eq!(s.relations_by_kind["forecasts"], 2);
        assert_eq!(s.relations_by_kind["outperforms"], 1);
        assert_eq!(s.metrics, 2);
        // 3 forecast evidences + 1 outperforms + 3 metric evidences.
        assert_eq!(s.evidence, 7);
    }
}
