//! Building a graph from plain records, for loaders of other file formats
//! (finkg's JSON export reads back through [`KnowledgeGraph::from_parts`]).

use super::{Edge, EntityNode, GraphError, KnowledgeGraph, MetricNode, Node, HAS_METRIC};
use crate::model::{Document, Evidence};
use std::collections::HashSet;
use std::path::Path;

/// A whole graph as plain records: what a file format stores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphParts {
    /// The document registry.
    pub documents: Vec<Document>,
    /// Entities.
    pub entities: Vec<EntityNode>,
    /// Relations between entities, by entity id.
    pub relations: Vec<RelationPart>,
    /// Metrics, each linked from its entity (`MetricNode::entity`).
    pub metrics: Vec<MetricPart>,
}

/// A relation edge and the ids of its ends.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationPart {
    /// Id of the subject entity.
    pub subject: String,
    /// Id of the object entity.
    pub object: String,
    /// Relation kind, attributes and evidence.
    pub edge: Edge,
}

/// A metric node and the evidence of its `has_metric` edge.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricPart {
    /// The metric.
    pub metric: MetricNode,
    /// The sentences stating it.
    pub evidence: Vec<Evidence>,
}

impl KnowledgeGraph {
    /// Put a graph together from records, checking that ids are unique and
    /// that every relation and metric names entities that exist. `origin`
    /// names the file in errors. Evidence is sorted and deduplicated.
    pub fn from_parts(parts: GraphParts, origin: &Path) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        let mut g = KnowledgeGraph::new();
        for d in parts.documents {
            let id = d.id.clone();
            if g.documents.insert(id.clone(), d).is_some() {
                return Err(invalid(format!("document `{id}` is listed twice")));
            }
        }
        let mut ids = HashSet::new();
        for e in parts.entities {
            if !ids.insert(e.id.clone()) {
                return Err(invalid(format!("entity `{}` is listed twice", e.id)));
            }
            let id = e.id.clone();
            let idx = g.graph.add_node(Node::Entity(e));
            g.entity_ids.insert(id, idx);
        }
        for m in parts.metrics {
            let MetricPart { metric, evidence } = m;
            if !ids.insert(metric.id.clone()) {
                return Err(invalid(format!("metric `{}` is listed twice", metric.id)));
            }
            let ent = *g.entity_ids.get(&metric.entity).ok_or_else(|| {
                invalid(format!(
                    "metric `{}` names unknown entity `{}`",
                    metric.id, metric.entity
                ))
            })?;
            let mut edge = Edge::new(HAS_METRIC);
            for ev in evidence {
                edge.add_evidence(ev);
            }
            let idx = g.graph.add_node(Node::Metric(metric));
            g.graph.add_edge(ent, idx, edge);
        }
        let mut seen = HashSet::new();
        for r in parts.relations {
            let RelationPart {
                subject,
                object,
                edge: given,
            } = r;
            let end = |id: &str| {
                g.entity_ids.get(id).copied().ok_or_else(|| {
                    invalid(format!(
                        "relation `{}` names unknown entity `{id}`",
                        given.relation
                    ))
                })
            };
            let (s, o) = (end(&subject)?, end(&object)?);
            if given.relation == HAS_METRIC {
                return Err(invalid(format!(
                    "`{HAS_METRIC}` links entities to metrics; list it under `metrics`"
                )));
            }
            if !seen.insert((s, given.relation.clone(), o)) {
                return Err(invalid(format!(
                    "relation `{subject} {} {object}` is listed twice",
                    given.relation
                )));
            }
            let mut edge = Edge::new(&given.relation);
            edge.attrs = given.attrs;
            for ev in given.evidence {
                edge.add_evidence(ev);
            }
            edge.actions = given.actions;
            edge.actions.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            g.graph.add_edge(s, o, edge);
        }
        g.rebuild_indexes();
        Ok(g)
    }

    /// The graph as records, sorted by id (relations by subject, relation,
    /// object): the inverse of [`KnowledgeGraph::from_parts`].
    pub fn to_parts(&self) -> GraphParts {
        let mut metrics: Vec<MetricPart> = self
            .metrics()
            .into_iter()
            .map(|m| MetricPart {
                metric: m.metric.clone(),
                evidence: m.evidence.to_vec(),
            })
            .collect();
        metrics.sort_by(|a, b| a.metric.id.cmp(&b.metric.id));
        GraphParts {
            documents: self.documents().cloned().collect(),
            entities: self.entities(None).into_iter().cloned().collect(),
            relations: self
                .relations(&super::RelationFilter::any())
                .into_iter()
                .map(|r| RelationPart {
                    subject: r.subject.id.clone(),
                    object: r.object.id.clone(),
                    edge: r.edge.clone(),
                })
                .collect(),
            metrics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn parts_round_trip_to_the_same_graph() {
        let g = sample();
        let back = KnowledgeGraph::from_parts(g.to_parts(), Path::new("g")).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.facts_ron());
        // Indexes are rebuilt: tickers and aliases find their entity.
        assert_eq!(back.find_entity("BABA").unwrap().name, "Alibaba");
    }

    #[test]
    fn contradictions_are_errors_naming_the_file() {
        let twice = |f: fn(&mut GraphParts)| {
            let mut p = sample().to_parts();
            f(&mut p);
            KnowledgeGraph::from_parts(p, Path::new("g.json"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            twice(|p| p.entities.push(p.entities[0].clone())),
            "g.json: entity `broker:citic-securities` is listed twice"
        );
        assert_eq!(
            twice(|p| p.documents.push(p.documents[0].clone())),
            "g.json: document `aaaa` is listed twice"
        );
        assert_eq!(
            twice(|p| p.relations.push(p.relations[0].clone())),
            "g.json: relation `broker:citic-securities forecasts company:alibaba` is listed twice"
        );
        assert_eq!(
            twice(|p| p.relations[0].object = "company:nobody".into()),
            "g.json: relation `forecasts` names unknown entity `company:nobody`"
        );
        assert_eq!(
            twice(|p| p.metrics[0].metric.entity = "company:nobody".into()),
            format!(
                "g.json: metric `{}` names unknown entity `company:nobody`",
                sample().to_parts().metrics[0].metric.id
            )
        );
        assert_eq!(
            twice(|p| p.relations[0].edge.relation = HAS_METRIC.into()),
            "g.json: `has_metric` links entities to metrics; list it under `metrics`"
        );
    }
}
