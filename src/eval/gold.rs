//! The gold JSON format of ANNOTATION.md, read as leniently as `score.py` reads it.
//!
//! Every field may be missing (it then reads as empty, like `dict.get(key, "")`);
//! the fields `score.py` never looks at (`doc`, `evidence`, `attrs`, `metric`,
//! `period`) may also be `null` or of another type without failing the load.

use super::EvalError;
use crate::export::GoldDocument;
use crate::model::{Confidence, Extraction};
use crate::position::FilePosition;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// One document in the gold format, as a gold file or a prediction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldDoc {
    /// File name of the article (`000_104b332c2add8b9f.txt`); not scored.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub doc: String,
    /// Entities, in file order (the order matters: the first match wins).
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
    /// Metrics, in file order (matched greedily in that order).
    #[serde(default)]
    pub metrics: Vec<GoldMetric>,
    /// Analyst actions, in file order (matched greedily in that order);
    /// scored only when asked (`score.py --actions`).
    #[serde(default, deserialize_with = "list_or_empty")]
    pub actions: Vec<GoldAction>,
}

/// An analyst action (ANNOTATION.md, "Analyst actions"). The compared fields
/// keep their JSON values, so that they compare as score.py compares them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldAction {
    /// Name of the firm (or person) acting; `None` when missing (score.py
    /// matches it as `""` and prints it as `None`).
    #[serde(default, deserialize_with = "lenient_text")]
    pub by: Option<String>,
    /// Name of the company or index; `None` when missing.
    #[serde(default, deserialize_with = "lenient_text")]
    pub on: Option<String>,
    /// The rating (`null` or missing: none).
    #[serde(default)]
    pub rating: Value,
    /// The rating it replaced.
    #[serde(default)]
    pub previous_rating: Value,
    /// The target.
    #[serde(default)]
    pub target: Value,
    /// The target it replaced.
    #[serde(default)]
    pub previous_target: Value,
    /// Unit of the targets.
    #[serde(default)]
    pub unit: Value,
}

impl GoldAction {
    /// A compared field by score.py's name (`rating`, `previous_rating`,
    /// `target`, `previous_target`, `unit`).
    pub fn field(&self, name: &str) -> &Value {
        match name {
            "rating" => &self.rating,
            "previous_rating" => &self.previous_rating,
            "target" => &self.target,
            "previous_target" => &self.previous_target,
            _ => &self.unit,
        }
    }
}

/// An entity: canonical name, kind and every other name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoldEntity {
    /// Canonical name.
    #[serde(default)]
    pub name: String,
    /// Kind (`company`, `broker`, `index`, `model`, `investor`, `person`, `sector`).
    #[serde(default)]
    pub kind: String,
    /// Other surface forms, tickers included.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// In a prediction, the rule that made it (not scored; `finkg eval --by-rule`).
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "text_or_empty"
    )]
    pub rule: String,
    /// In a prediction, its confidence (not scored; the calibration table).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_confidence"
    )]
    pub confidence: Option<Confidence>,
}

/// A relation `(subject, relation, object)` with its evidence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldRelation {
    /// Name of the subject entity.
    #[serde(default)]
    pub subject: String,
    /// Relation kind (`forecasts` …).
    #[serde(default)]
    pub relation: String,
    /// Name of the object entity.
    #[serde(default)]
    pub object: String,
    /// The supporting sentence; not scored.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub evidence: String,
    /// Attributes such as `rating`; not scored.
    #[serde(default, deserialize_with = "map_or_empty")]
    pub attrs: BTreeMap<String, Value>,
    /// In a prediction, the rule that made it (not scored; `finkg eval --by-rule`).
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "text_or_empty"
    )]
    pub rule: String,
    /// In a prediction, its confidence (not scored; the calibration table).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_confidence"
    )]
    pub confidence: Option<Confidence>,
}

/// A metric `(entity, metric, value, unit, period?)`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldMetric {
    /// Name of the entity.
    #[serde(default)]
    pub entity: String,
    /// Free label (`NTM PE`); not scored.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub metric: String,
    /// The value. `None` when missing or not a number: such a metric never
    /// matches (score.py's `float(v)` fails), but it still counts.
    #[serde(default, deserialize_with = "lenient_number")]
    pub value: Option<f64>,
    /// Unit as ANNOTATION.md spells it (`x`, `%`, `CNY` …); compared exactly.
    /// A `null` unit reads as empty.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub unit: String,
    /// Period, free text; not scored.
    #[serde(
        default,
        deserialize_with = "lenient_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub period: Option<String>,
    /// In a prediction, the rule that made it (not scored; `finkg eval --by-rule`).
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "text_or_empty"
    )]
    pub rule: String,
    /// In a prediction, its confidence (not scored; the calibration table).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_confidence"
    )]
    pub confidence: Option<Confidence>,
}

impl GoldDoc {
    /// The gold view of an extraction, exactly as `finkg export` writes it
    /// ([`GoldDocument::from_extraction`]): entities (name, kind, aliases with
    /// the tickers), relations (subject, relation, object, evidence sentence,
    /// attrs) and metrics (entity, metric, value, unit, period), in the
    /// exporter's order, so scoring an extraction in memory gives the same
    /// figures as `score.py` on the exported file.
    pub fn from_extraction(x: &Extraction) -> GoldDoc {
        let g = GoldDocument::from_extraction(x);
        GoldDoc {
            doc: g.doc,
            entities: g
                .entities
                .into_iter()
                .map(|e| GoldEntity {
                    name: e.name,
                    kind: e.kind,
                    aliases: e.aliases,
                    rule: e.rule,
                    confidence: e.confidence,
                })
                .collect(),
            relations: g
                .relations
                .into_iter()
                .map(|r| GoldRelation {
                    subject: r.subject,
                    relation: r.relation,
                    object: r.object,
                    evidence: r.evidence,
                    attrs: r
                        .attrs
                        .into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect(),
                    rule: r.rule,
                    confidence: r.confidence,
                })
                .collect(),
            metrics: g
                .metrics
                .into_iter()
                .map(|m| GoldMetric {
                    entity: m.entity,
                    metric: m.metric,
                    value: Some(m.value),
                    unit: m.unit,
                    period: m.period,
                    rule: m.rule,
                    confidence: m.confidence,
                })
                .collect(),
            actions: g
                .actions
                .into_iter()
                .map(|a| {
                    let text = |v: Option<String>| v.map_or(Value::Null, Value::String);
                    let number = |v: Option<f64>| {
                        v.and_then(serde_json::Number::from_f64)
                            .map_or(Value::Null, Value::Number)
                    };
                    GoldAction {
                        by: Some(a.by),
                        on: Some(a.on),
                        rating: text(a.rating),
                        previous_rating: text(a.previous_rating),
                        target: number(a.target),
                        previous_target: number(a.previous_target),
                        unit: text(a.unit),
                    }
                })
                .collect(),
        }
    }
}

/// Reads one gold-format JSON file.
pub fn load_file(path: &Path) -> Result<GoldDoc, EvalError> {
    let text = fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| EvalError::Json {
        at: FilePosition::new(path, source.line(), source.column()),
        source,
    })
}

/// Reads every `*.json` file of a folder (not recursively), keyed by file name
/// (`000_x.json`), in file-name order: the documents `score.py` would read.
pub fn load_dir(dir: &Path) -> Result<BTreeMap<String, GoldDoc>, EvalError> {
    let mut out = BTreeMap::new();
    for name in json_names(dir)? {
        let doc = load_file(&dir.join(&name))?;
        out.insert(name, doc);
    }
    Ok(out)
}

/// File names of the `*.json` files of a folder, sorted.
fn json_names(dir: &Path) -> Result<Vec<String>, EvalError> {
    let io_err = |source: io::Error| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err)? {
        let entry = entry.map_err(io_err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// A string, or `""` for `null`; other JSON values as their JSON text.
fn text_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient_text(d)?.unwrap_or_default())
}

/// A number from 0 to 1; `None` for anything else (never scored).
fn lenient_confidence<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Confidence>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_f64()
            .filter(|p| (0.0..=1.0).contains(p))
            .map(Confidence::new),
        _ => None,
    })
}

/// A string; `None` for `null`; other JSON values as their JSON text.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        v => Some(v.to_string()),
    })
}

/// A list of objects; anything else, or an item that is not an object, is
/// left out (score.py would fail on it; finkg scores what it can read).
fn list_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<GoldAction>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter(|v| v.is_object())
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// An object, or empty for anything else (`attrs` is never scored).
fn map_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Value>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Object(m) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    })
}

/// What Python's `float(v)` makes of a JSON value: numbers, booleans and
/// numeric strings give a number; anything else (`null`, lists …) `None`.
fn lenient_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_null_fields_read_as_empty() {
        let cases: &[(&str, GoldDoc)] = &[
            ("{}", GoldDoc::default()),
            (
                r#"{"doc": null, "entities": [{"name": "A"}]}"#,
                GoldDoc {
                    entities: vec![GoldEntity {
                        name: "A".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ),
            (
                r#"{"relations": [{"subject": "A", "relation": "r", "object": "B",
                     "evidence": null, "attrs": null}]}"#,
                GoldDoc {
                    relations: vec![GoldRelation {
                        subject: "A".into(),
                        relation: "r".into(),
                        object: "B".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ),
        ];
        for (json, want) in cases {
            let got: GoldDoc = serde_json::from_str(json).unwrap();
            assert_eq!(&got, want, "{json}");
        }
    }

    #[test]
    fn metric_values_read_like_python_float() {
        let cases: &[(&str, Option<f64>)] = &[
            ("19.3", Some(19.3)),
            ("126", Some(126.0)),
            ("-10", Some(-10.0)),
            ("130e9", Some(130e9)),
            ("\" 19.3 \"", Some(19.3)),
            ("\"abc\"", None),
            ("null", None),
            ("true", Some(1.0)),
            ("[1]", None),
        ];
        for (v, want) in cases {
            let json = format!(r#"{{"entity": "A", "value": {v}, "unit": "x", "period": 2025}}"#);
            let m: GoldMetric = serde_json::from_str(&json).unwrap();
            assert_eq!(m.value, *want, "{v}");
            assert_eq!(m.period.as_deref(), Some("2025"));
        }
        let m: GoldMetric = serde_json::from_str(r#"{"entity": "A"}"#).unwrap();
        assert_eq!((m.value, m.unit.as_str(), m.period), (None, "", None));
    }

    #[test]
    fn load_errors_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("b.json"), "{\n  \"entities\": [,]\n}").unwrap();
        std::fs::write(dir.path().join("c.txt"), "not json").unwrap();
        match load_dir(dir.path()).unwrap_err() {
            EvalError::Json { at, .. } => {
                assert!(at.path.ends_with("b.json"), "{}", at.path.display());
                assert_eq!((at.line, at.column), (2, 16));
            }
            e => panic!("unexpected {e}"),
        }
        let msg = load_dir(dir.path()).unwrap_err().to_string();
        assert!(msg.ends_with("b.json:2:16: invalid gold JSON"), "{msg}");

        std::fs::remove_file(dir.path().join("b.json")).unwrap();
        let docs = load_dir(dir.path()).unwrap();
        assert_eq!(docs.keys().collect::<Vec<_>>(), ["a.json"]);

        let missing = dir.path().join("nowhere");
        let msg = load_dir(&missing).unwrap_err().to_string();
        assert!(msg.contains("nowhere"), "{msg}");
    }
}
