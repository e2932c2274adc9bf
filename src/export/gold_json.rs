//! One document's facts as the gold JSON of ANNOTATION.md, for scoring.

use super::{ExportError, Exporter};
use crate::model::{Confidence, Extraction};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// A document in the gold format: `doc` is the document's file name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDocument {
    /// File name of the document (`000_104b332c2add8b9f.txt`).
    pub doc: String,
    /// Entities, sorted by name.
    pub entities: Vec<GoldEntity>,
    /// Relations, sorted by subject, relation, object.
    pub relations: Vec<GoldRelation>,
    /// Metrics, sorted by entity, then in text order.
    pub metrics: Vec<GoldMetric>,
    /// Analyst actions, in text order.
    #[serde(default)]
    pub actions: Vec<GoldAction>,
}

/// An analyst action (ANNOTATION.md, "Analyst actions"); absent fields are
/// left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldAction {
    /// The firm (or person) acting.
    pub by: String,
    /// The company or index acted on.
    pub on: String,
    /// The analyst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyst: Option<String>,
    /// The rating, lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    /// The rating it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_rating: Option<String>,
    /// The target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The target it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_target: Option<f64>,
    /// Unit of the targets (`USD`, `points` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The sentence stating it.
    pub evidence: String,
}

/// An entity: canonical name, kind, every other name (tickers included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEntity {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Other names, sorted.
    pub aliases: Vec<String>,
    /// What found it: `gazetteer` or a discovery rule (not scored).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// The measured precision of that rule (not scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A relation with its evidence sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldRelation {
    /// Canonical name of the subject.
    pub subject: String,
    /// Relation kind.
    pub relation: String,
    /// Canonical name of the object.
    pub object: String,
    /// The sentence that supports it.
    pub evidence: String,
    /// Attributes (`rating` …).
    pub attrs: BTreeMap<String, String>,
    /// The rule that found it (not scored).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// The measured precision of that rule (not scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldMetric {
    /// Canonical name of the entity.
    pub entity: String,
    /// Free label.
    pub metric: String,
    /// Value, scale folded in.
    pub value: f64,
    /// Unit as ANNOTATION.md spells it (`x`, `%`, `CNY` …).
    pub unit: String,
    /// Period, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The rule that found it (not scored).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// The measured precision of that rule (not scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

impl GoldDocument {
    /// The gold view of an extraction, sorted so the same facts give the same bytes.
    pub fn from_extraction(x: &Extraction) -> GoldDocument {
        let mut entities: Vec<GoldEntity> = x
            .entities
            .iter()
            .map(|e| {
                let aliases: BTreeSet<&str> = e
                    .aliases
                    .iter()
                    .chain(&e.tickers)
                    .map(|a| a.trim())
                    .filter(|a| !a.is_empty() && *a != e.name)
                    .collect();
                GoldEntity {
                    name: e.name.clone(),
                    kind: e.kind.clone(),
                    aliases: aliases.into_iter().map(str::to_string).collect(),
                    rule: e.rule.clone(),
                    confidence: e.confidence,
                }
            })
            .collect();
        entities.sort_by(|a, b| (&a.name, &a.kind).cmp(&(&b.name, &b.kind)));

        let mut relations: Vec<(usize, GoldRelation)> = x
            .relations
            .iter()
            .map(|r| {
                (
                    r.evidence.start,
                    GoldRelation {
                        subject: r.subject.clone(),
                        relation: r.relation.clone(),
                        object: r.object.clone(),
                        evidence: r.evidence.sentence.clone(),
                        attrs: r.attrs.clone(),
                        rule: r.evidence.rule.clone(),
                        confidence: r.confidence(),
                    },
                )
            })
            .collect();
        relations.sort_by(|(sa, a), (sb, b)| {
            (&a.subject, &a.relation, &a.object, sa).cmp(&(&b.subject, &b.relation, &b.object, sb))
        });

        let mut metrics: Vec<(usize, GoldMetric)> = x
            .metrics
            .iter()
            .map(|m| {
                (
                    m.evidence.start,
                    GoldMetric {
                        entity: m.entity.clone(),
                        metric: m.metric.clone(),
                        value: m.value,
                        unit: m.unit.as_str().to_string(),
                        period: m.period.clone(),
                        rule: m.evidence.rule.clone(),
                        confidence: m.evidence.confidence,
                    },
                )
            })
            .collect();
        metrics.sort_by(|(sa, a), (sb, b)| {
            (&a.entity, sa, &a.metric)
                .cmp(&(&b.entity, sb, &b.metric))
                .then(a.value.total_cmp(&b.value))
        });
        // The contract lists an (entity, value, unit) once per document: a target in the
        // headline and again in the body, or "cut from HK$99" after "raised to $99", is
        // one metric. The first written stays (the sort keeps each entity's in order).
        let mut kept: Vec<(usize, GoldMetric)> = Vec::with_capacity(metrics.len());
        for (at, m) in metrics {
            let same =
                |k: &GoldMetric| k.entity == m.entity && k.unit == m.unit && k.value == m.value;
            if !kept
                .iter()
                .rev()
                .take_while(|(_, k)| k.entity == m.entity)
                .any(|(_, k)| same(k))
            {
                kept.push((at, m));
            }
        }
        let metrics = kept;

        let mut actions: Vec<(usize, GoldAction)> = x
            .actions
            .iter()
            .map(|a| {
                (
                    a.evidence.start,
                    GoldAction {
                        by: a.by.clone(),
                        on: a.on.clone(),
                        analyst: a.analyst.clone(),
                        rating: a.rating.clone(),
                        previous_rating: a.previous_rating.clone(),
                        target: a.target,
                        previous_target: a.previous_target,
                        unit: a.unit.map(|u| u.as_str().to_string()),
                        evidence: a.evidence.sentence.clone(),
                    },
                )
            })
            .collect();
        actions.sort_by(|(sa, a), (sb, b)| (sa, &a.by, &a.on).cmp(&(sb, &b.by, &b.on)));

        GoldDocument {
            doc: x.doc.name.clone(),
            entities,
            relations: relations.into_iter().map(|(_, r)| r).collect(),
            metrics: metrics.into_iter().map(|(_, m)| m).collect(),
            actions: actions.into_iter().map(|(_, a)| a).collect(),
        }
    }
}

/// Writes an [`Extraction`] as pretty-printed gold JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct GoldJsonExporter;

impl Exporter<Extraction> for GoldJsonExporter {
    fn write(&self, x: &Extraction, out: &mut dyn io::Write) -> Result<(), ExportError> {
        let doc = GoldDocument::from_extraction(x);
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// The JSON file named after a document: `x.txt` → `x.json`.
pub fn json_file_name(doc_name: &str) -> String {
    let stem = std::path::Path::new(doc_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string());
    format!("{stem}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc_a, doc_b};

    #[test]
    fn actions_leave_out_absent_fields() {
        let mut x = doc_a();
        x.actions.push(crate::model::Action {
            by: "CITIC Securities".into(),
            on: "Alibaba".into(),
            analyst: None,
            rating: Some("buy".into()),
            previous_rating: None,
            target: Some(195.0),
            previous_target: None,
            unit: Some(crate::Unit::Hkd),
            initiated: false,
            evidence: x.relations[0].evidence.clone(),
        });
        let v: serde_json::Value =
            serde_json::from_slice(&GoldJsonExporter.to_bytes(&x).unwrap()).unwrap();
        assert_eq!(
            v["actions"],
            serde_json::json!([{"by": "CITIC Securities", "on": "Alibaba", "rating": "buy",
                "target": 195.0, "unit": "HKD",
                "evidence": "CITIC Securities forecasts Alibaba."}])
        );
    }

    #[test]
    fn json_has_the_gold_shape() {
        let bytes = GoldJsonExporter.to_bytes(&doc_a()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["doc"], "aaaa.txt");
        assert_eq!(v["entities"][0]["name"], "Alibaba");
        assert_eq!(v["entities"][0]["kind"], "company");
        assert_eq!(
            v["entities"][0]["aliases"],
            serde_json::json!(["9988.HK", "Alibaba Group"])
        );
        let r = &v["relations"][0];
        assert_eq!(
            (&r["subject"], &r["relation"], &r["object"]),
            (
                &serde_json::json!("CITIC SEC"),
                &serde_json::json!("forecasts"),
                &serde_json::json!("Tencent")
            )
        );
        assert_eq!(r["evidence"], "CITIC SEC forecasts Tencent.");
        assert_eq!(r["attrs"], serde_json::json!({}));
        let m = &v["metrics"][0];
        assert_eq!(m["entity"], "Alibaba");
        assert_eq!(m["value"], 130e9);
        assert_eq!(m["unit"], "CNY");
        assert_eq!(m["period"], "2025");
        // And it reads back as a GoldDocument.
        let back: GoldDocument = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, GoldDocument::from_extraction(&doc_a()));
    }

    #[test]
    fn one_entity_value_and_unit_is_listed_once() {
        let mut x = doc_a();
        let first = x.metrics[0].clone();
        // the same figure again later, under another label: one metric
        let mut again = first.clone();
        again.metric = "previous target".into();
        again.evidence.start += 100;
        // the same value in another unit: a metric of its own
        let mut other_unit = first.clone();
        other_unit.unit = crate::Unit::Usd;
        x.metrics.push(again);
        x.metrics.push(other_unit);
        let doc = GoldDocument::from_extraction(&x);
        let of_first: Vec<_> = doc
            .metrics
            .iter()
            .filter(|m| m.entity == first.entity && m.value == first.value)
            .map(|m| (m.unit.as_str(), m.metric.as_str()))
            .collect();
        assert_eq!(
            of_first,
            [
                ("CNY", first.metric.as_str()),
                ("USD", first.metric.as_str())
            ]
        );
    }

    #[test]
    fn same_extraction_same_bytes_whatever_the_order() {
        let a = doc_b();
        let mut b = doc_b();
        b.entities.reverse();
        b.relations.reverse();
        b.metrics.reverse();
        assert_eq!(
            GoldJsonExporter.to_bytes(&a).unwrap(),
            GoldJsonExporter.to_bytes(&b).unwrap()
        );
    }

    #[test]
    fn hostile_strings_are_valid_json() {
        let mut x = doc_a();
        x.entities[0].name = "Foo \"Bar\" \\ Baz <script>\n".into();
        let bytes = GoldJsonExporter.to_bytes(&x).unwrap();
        let back: GoldDocument = serde_json::from_slice(&bytes).unwrap();
        assert!(back
            .entities
            .iter()
            .any(|e| e.name == "Foo \"Bar\" \\ Baz <script>\n"));
    }

    #[test]
    fn json_files_are_named_after_documents() {
        for (doc, want) in [
            ("x.txt", "x.json"),
            ("000_104b.txt", "000_104b.json"),
            ("notes.md", "notes.json"),
            ("a.b.txt", "a.b.json"),
            ("noext", "noext.json"),
        ] {
            assert_eq!(json_file_name(doc), want);
        }
    }
}
