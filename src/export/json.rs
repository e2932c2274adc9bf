//! The whole graph as JSON (`"format": "finkg-graph/1"`), and back.
//!
//! One object: the document registry, entities, relations with attributes and
//! evidence, metrics with theirs, each list sorted by id so the same graph is
//! the same bytes. [`read_json`] loads it back into a
//! [`KnowledgeGraph`]: `finkg --graph g.json` reads it like a RON graph file.

use super::{ExportError, Exporter};
use crate::graph::{
    ActionRecord, EntityNode, GraphError, GraphParts, KnowledgeGraph, MetricNode, MetricPart,
    RelationPart,
};
use crate::model::{Confidence, DocId, Document, Evidence, Unit};
use crate::position::FilePosition;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

/// The value of the `format` field this build writes and reads.
pub const JSON_FORMAT: &str = "finkg-graph/1";

/// Writes the graph as one pretty-printed JSON object (see [`JsonGraph`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExporter;

impl JsonExporter {
    /// A JSON exporter.
    pub fn new() -> JsonExporter {
        JsonExporter
    }
}

impl Exporter<KnowledgeGraph> for JsonExporter {
    fn write(&self, g: &KnowledgeGraph, out: &mut dyn io::Write) -> Result<(), ExportError> {
        serde_json::to_writer_pretty(&mut *out, &JsonGraph::from_graph(g))?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// The JSON document: a versioned `format` and four sorted lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonGraph {
    /// Always [`JSON_FORMAT`]; a reader refuses any other value.
    pub format: String,
    /// The documents the facts come from, by id.
    pub documents: Vec<JsonDocument>,
    /// Entities, by id.
    pub entities: Vec<JsonEntity>,
    /// Relations between entities, by subject, relation, object.
    pub relations: Vec<JsonRelation>,
    /// Metrics, by id.
    pub metrics: Vec<JsonMetric>,
}

/// A registered document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDocument {
    /// Content hash.
    pub id: DocId,
    /// File name.
    pub name: String,
    /// Path as given when ingested.
    pub path: String,
    /// First non-empty line.
    pub title: String,
    /// Date found in the text.
    pub date: Option<String>,
    /// Publisher found in the text.
    pub publisher: Option<String>,
    /// Original address, when the user gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonEntity {
    /// Stable id (`company:alibaba`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind (`company`, `broker` …).
    pub kind: String,
    /// Other names, sorted.
    pub aliases: Vec<String>,
    /// Tickers, sorted.
    pub tickers: Vec<String>,
    /// Mentions per document id.
    pub mentions: BTreeMap<DocId, usize>,
    /// How far the entity can be trusted: its documents' confidences
    /// combined (left out when none has one; not read back, it follows from
    /// `confidence_by_document`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// The confidence of the rule that found it, per document id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence_by_document: BTreeMap<DocId, Confidence>,
}

/// A relation between two entities, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonRelation {
    /// Id of the subject entity.
    pub subject: String,
    /// Relation kind.
    pub relation: String,
    /// Id of the object entity.
    pub object: String,
    /// Attributes (`rating` …).
    pub attrs: BTreeMap<String, String>,
    /// How far the relation can be trusted: its sentences' confidences
    /// combined (left out when none has one; not read back, it follows from
    /// the evidence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Supporting sentences.
    pub evidence: Vec<JsonEvidence>,
    /// The dated history of analyst actions (`rates` and `forecasts` edges),
    /// oldest first; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<JsonAction>,
}

/// One analyst action in the history of an edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonAction {
    /// Date of its document, ISO `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// The analyst.
    #[serde(default)]
    pub analyst: Option<String>,
    /// The rating, lower case.
    #[serde(default)]
    pub rating: Option<String>,
    /// The rating it replaced.
    #[serde(default)]
    pub previous_rating: Option<String>,
    /// The target.
    #[serde(default)]
    pub target: Option<f64>,
    /// The target it replaced.
    #[serde(default)]
    pub previous_target: Option<f64>,
    /// Unit of the targets (`USD`, `points` …).
    #[serde(default)]
    pub unit: Option<String>,
    /// Coverage started with it.
    #[serde(default)]
    pub initiated: bool,
    /// The sentence stating it.
    pub evidence: JsonEvidence,
}

impl From<&ActionRecord> for JsonAction {
    fn from(a: &ActionRecord) -> JsonAction {
        JsonAction {
            date: a.date.clone(),
            analyst: a.analyst.clone(),
            rating: a.rating.clone(),
            previous_rating: a.previous_rating.clone(),
            target: a.target,
            previous_target: a.previous_target,
            unit: a.unit.map(|u| u.as_str().to_string()),
            initiated: a.initiated,
            evidence: JsonEvidence::from(&a.evidence),
        }
    }
}

impl JsonAction {
    fn into_record(self, origin: &str) -> Result<ActionRecord, String> {
        let unit = match self.unit {
            Some(u) => Some(
                u.parse::<Unit>()
                    .map_err(|e| format!("action of {origin}: {e}"))?,
            ),
            None => None,
        };
        for t in [self.target, self.previous_target].into_iter().flatten() {
            if !t.is_finite() {
                return Err(format!("action of {origin} has no finite target"));
            }
        }
        Ok(ActionRecord {
            date: self.date,
            analyst: self.analyst,
            rating: self.rating,
            previous_rating: self.previous_rating,
            target: self.target,
            previous_target: self.previous_target,
            unit,
            initiated: self.initiated,
            evidence: self.evidence.into(),
        })
    }
}

/// A metric of an entity, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonMetric {
    /// Stable id.
    pub id: String,
    /// Id of the entity.
    pub entity: String,
    /// Label (`NTM PE`).
    pub label: String,
    /// Value, scale folded in.
    pub value: f64,
    /// Unit as the extraction contract spells it (`x`, `%`, `CNY` …).
    pub unit: String,
    /// Period, free text.
    pub period: Option<String>,
    /// Ids of the documents stating it.
    pub documents: Vec<DocId>,
    /// How far the metric can be trusted: its sentences' confidences
    /// combined (left out when none has one; not read back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Supporting sentences.
    pub evidence: Vec<JsonEvidence>,
}

/// One sentence supporting a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonEvidence {
    /// Document id.
    pub doc: DocId,
    /// Byte offset of the sentence in the document text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The sentence.
    pub sentence: String,
    /// The rule that found the fact.
    pub rule: String,
    /// The rule's measured precision (absent in files written before confidences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

impl From<&Evidence> for JsonEvidence {
    fn from(e: &Evidence) -> JsonEvidence {
        JsonEvidence {
            doc: e.doc.clone(),
            start: e.start,
            end: e.end,
            sentence: e.sentence.clone(),
            rule: e.rule.clone(),
            confidence: e.confidence,
        }
    }
}

impl From<JsonEvidence> for Evidence {
    fn from(e: JsonEvidence) -> Evidence {
        Evidence {
            doc: e.doc,
            start: e.start,
            end: e.end,
            sentence: e.sentence,
            rule: e.rule,
            confidence: e.confidence,
        }
    }
}

impl JsonGraph {
    /// The graph as JSON records.
    pub fn from_graph(g: &KnowledgeGraph) -> JsonGraph {
        let parts = g.to_parts();
        JsonGraph {
            format: JSON_FORMAT.to_string(),
            documents: parts
                .documents
                .into_iter()
                .map(|d| JsonDocument {
                    id: d.id,
                    name: d.name,
                    path: d.path,
                    title: d.title,
                    date: d.date,
                    publisher: d.publisher,
                    url: d.url,
                })
                .collect(),
            entities: parts
                .entities
                .into_iter()
                .map(|e| JsonEntity {
                    confidence: e.confidence(),
                    id: e.id,
                    name: e.name,
                    kind: e.kind,
                    aliases: e.aliases.into_iter().collect(),
                    tickers: e.tickers.into_iter().collect(),
                    mentions: e.mentions,
                    confidence_by_document: e.confidence,
                })
                .collect(),
            relations: parts
                .relations
                .into_iter()
                .map(|r| JsonRelation {
                    confidence: r.edge.confidence(),
                    subject: r.subject,
                    relation: r.edge.relation,
                    object: r.object,
                    attrs: r.edge.attrs,
                    evidence: r.edge.evidence.iter().map(JsonEvidence::from).collect(),
                    actions: r.edge.actions.iter().map(JsonAction::from).collect(),
                })
                .collect(),
            metrics: parts
                .metrics
                .into_iter()
                .map(|m| JsonMetric {
                    id: m.metric.id,
                    entity: m.metric.entity,
                    label: m.metric.label,
                    value: m.metric.value,
                    unit: m.metric.unit.as_str().to_string(),
                    period: m.metric.period,
                    documents: m.metric.documents.into_iter().collect(),
                    confidence: crate::graph::evidence_confidence(&m.evidence),
                    evidence: m.evidence.iter().map(JsonEvidence::from).collect(),
                })
                .collect(),
        }
    }

    /// The graph these records describe; `origin` names the file in errors.
    pub fn into_graph(self, origin: &Path) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        if self.format != JSON_FORMAT {
            return Err(invalid(format!(
                "format `{}` is not supported (this finkg reads `{JSON_FORMAT}`)",
                self.format
            )));
        }
        let mut metrics = Vec::with_capacity(self.metrics.len());
        for m in self.metrics {
            let unit: Unit = m
                .unit
                .parse()
                .map_err(|e: String| invalid(format!("metric `{}`: {e}", m.id)))?;
            if !m.value.is_finite() {
                return Err(invalid(format!("metric `{}` has no finite value", m.id)));
            }
            metrics.push(MetricPart {
                metric: MetricNode {
                    id: m.id,
                    entity: m.entity,
                    label: m.label,
                    value: m.value,
                    unit,
                    period: m.period,
                    documents: m.documents.into_iter().collect::<BTreeSet<_>>(),
                },
                evidence: m.evidence.into_iter().map(Evidence::from).collect(),
            });
        }
        let mut relations = Vec::with_capacity(self.relations.len());
        for r in self.relations {
            let origin = format!("relation `{} {} {}`", r.subject, r.relation, r.object);
            let actions = r
                .actions
                .into_iter()
                .map(|a| a.into_record(&origin))
                .collect::<Result<Vec<_>, String>>()
                .map_err(invalid)?;
            relations.push(RelationPart {
                subject: r.subject,
                object: r.object,
                edge: crate::graph::Edge {
                    relation: r.relation,
                    attrs: r.attrs,
                    evidence: r.evidence.into_iter().map(Evidence::from).collect(),
                    actions,
                },
            });
        }
        let parts = GraphParts {
            documents: self
                .documents
                .into_iter()
                .map(|d| Document {
                    id: d.id,
                    name: d.name,
                    path: d.path,
                    title: d.title,
                    date: d.date,
                    publisher: d.publisher,
                    url: d.url,
                })
                .collect(),
            entities: self
                .entities
                .into_iter()
                .map(|e| EntityNode {
                    id: e.id,
                    name: e.name,
                    kind: e.kind,
                    aliases: e.aliases.into_iter().collect(),
                    tickers: e.tickers.into_iter().collect(),
                    mentions: e.mentions,
                    confidence: e.confidence_by_document,
                })
                .collect(),
            relations,
            metrics,
        };
        KnowledgeGraph::from_parts(parts, origin)
    }
}

/// Read a graph written by [`JsonExporter`]; `origin` names the file in
/// errors, with line and column for JSON syntax.
pub fn read_json(text: &str, origin: &Path) -> Result<KnowledgeGraph, GraphError> {
    if text.trim().is_empty() {
        return Err(GraphError::Invalid {
            path: origin.to_path_buf(),
            message: "empty file, not a finkg graph".into(),
        });
    }
    let doc: JsonGraph = serde_json::from_str(text).map_err(|e| GraphError::Parse {
        at: FilePosition::new(origin, e.line(), e.column()),
        message: one_line(&e.to_string()),
    })?;
    doc.into_graph(origin)
}

/// Load a JSON graph file written by `finkg export --format json`.
pub fn load_json(path: &Path) -> Result<KnowledgeGraph, GraphError> {
    let bytes = std::fs::read(path).map_err(|source| GraphError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| GraphError::Invalid {
        path: path.to_path_buf(),
        message: "not UTF-8 text, not a finkg graph".into(),
    })?;
    read_json(&text, path)
}

/// serde_json's message without its trailing ` at line L column C`.
fn one_line(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc, ent, sample};
    use crate::model::Extraction;

    fn json(g: &KnowledgeGraph) -> String {
        String::from_utf8(JsonExporter.to_bytes(g).unwrap()).unwrap()
    }

    #[test]
    fn json_round_trips_through_the_loader() {
        let g = sample();
        let text = json(&g);
        let back = read_json(&text, Path::new("g.json")).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.facts_ron());
        assert_eq!(json(&back), text);
        assert!(
            text.starts_with("{\n  \"format\": \"finkg-graph/1\",\n"),
            "{text}"
        );
        assert!(text.contains("\"unit\": \"CNY\""), "{text}");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn hostile_names_and_floats_come_back_unchanged() {
        let hostile = "Foo \"Bar\" \\ Baz <script>\n\u{0}\u{7f}é";
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![ent(hostile, "company", &[hostile], &[])],
            relations: vec![],
            metrics: vec![],
            actions: Vec::new(),
        });
        let text = json(&g);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let names: Vec<&str> = value["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&hostile), "{names:?}");
        let back = read_json(&text, Path::new("g.json")).unwrap();
        assert_eq!(back.find_entity(hostile).unwrap().name, hostile);
        assert_eq!(back.to_ron().unwrap(), g.facts_ron());
    }

    #[test]
    fn bad_files_are_one_line_errors_naming_the_file() {
        let good = json(&sample());
        for (text, want) in [
            ("", "g.json: empty file"),
            ("[1, 2]", "g.json:1:2: invalid type"),
            ("{\"format\": \"finkg-graph/1\",\n \"documents\": [}", "g.json:2:16:"),
            (
                &good.replace("finkg-graph/1", "finkg-graph/9"),
                "g.json: format `finkg-graph/9` is not supported (this finkg reads `finkg-graph/1`)",
            ),
            (
                &good.replace("\"CNY\"", "\"furlongs\""),
                "g.json: metric `metric:company:alibaba/capex/130000000000CNY/2025`: unknown unit `furlongs`",
            ),
            (
                &good.replacen("\"format\"", "\"extra\": 1, \"format\"", 1),
                "g.json:2:9: unknown field `extra`",
            ),
        ] {
            let err = read_json(text, Path::new("g.json")).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }
}
