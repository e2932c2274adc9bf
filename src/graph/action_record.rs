//! One analyst action as the graph keeps it on a `rates` or `forecasts` edge:
//! the action's details, its document's date and its sentence (how a history
//! is kept and read is in `actions.rs`).

use crate::model::{Action, Change, Evidence, Unit};
use serde::{Deserialize, Serialize};

/// One action as the graph keeps it: the action's details, its document's
/// date and the sentence stating it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// The date of the document, ISO `YYYY-MM-DD`, when it has one.
    pub date: Option<String>,
    /// The analyst, when named.
    pub analyst: Option<String>,
    /// The rating, lower case.
    pub rating: Option<String>,
    /// The rating it replaced, as the text gives it.
    pub previous_rating: Option<String>,
    /// The target.
    pub target: Option<f64>,
    /// The target it replaced, as the text gives it.
    pub previous_target: Option<f64>,
    /// Unit of the targets.
    pub unit: Option<Unit>,
    /// Coverage started with this action.
    pub initiated: bool,
    /// The sentence (its document id, span and rule).
    pub evidence: Evidence,
}

impl ActionRecord {
    /// The record of an action stated in a document of that date.
    pub fn new(a: &Action, date: Option<String>, evidence: Evidence) -> ActionRecord {
        ActionRecord {
            date,
            analyst: a.analyst.clone(),
            rating: a.rating.clone(),
            previous_rating: a.previous_rating.clone(),
            target: a.target,
            previous_target: a.previous_target,
            unit: a.unit,
            initiated: a.initiated,
            evidence,
        }
    }

    /// The order of a history: date (undated first), document, place in it.
    pub fn sort_key(&self) -> (Option<&str>, &str, usize) {
        (
            self.date.as_deref(),
            self.evidence.doc.as_str(),
            self.evidence.start,
        )
    }

    /// The document stating it.
    pub fn doc(&self) -> &str {
        &self.evidence.doc
    }

    /// What it changed: against its own `previous_*` fields, else against
    /// `before` (the record before it in the same history).
    pub fn change(&self, before: Option<&ActionRecord>) -> Change {
        let prev_rating = self
            .previous_rating
            .as_deref()
            .or_else(|| before.and_then(|b| b.rating.as_deref()));
        let same_unit = |b: &&ActionRecord| b.unit == self.unit;
        let prev_target = self
            .previous_target
            .or_else(|| before.filter(same_unit).and_then(|b| b.target));
        Change::between(
            self.initiated,
            (prev_rating, self.rating.as_deref()),
            (prev_target, self.target),
        )
    }

    /// The record as one JSON object (the items of the `history` property):
    /// `date`, `rating`, `previous_rating`, `target`, `previous_target`,
    /// `unit`, `analyst`, `initiated`, `doc`; absent fields left out.
    pub fn to_json(&self) -> String {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            m.insert(k.to_string(), v);
        };
        if let Some(d) = &self.date {
            put("date", d.as_str().into());
        }
        if let Some(r) = &self.rating {
            put("rating", r.as_str().into());
        }
        if let Some(r) = &self.previous_rating {
            put("previous_rating", r.as_str().into());
        }
        if let Some(t) = self.target.filter(|t| t.is_finite()) {
            put("target", t.into());
        }
        if let Some(t) = self.previous_target.filter(|t| t.is_finite()) {
            put("previous_target", t.into());
        }
        if let Some(u) = self.unit {
            put("unit", u.as_str().into());
        }
        if let Some(a) = &self.analyst {
            put("analyst", a.as_str().into());
        }
        if self.initiated {
            put("initiated", true.into());
        }
        put("doc", self.evidence.doc.as_str().into());
        serde_json::Value::Object(m).to_string()
    }
}
