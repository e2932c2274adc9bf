//! Analyst actions in the graph: the dated history of a broker's view of a
//! company or index, kept on its `rates` and `forecasts` edges.
//!
//! How the history lives in the graph (the choice, documented in the README):
//!
//! - An [`Action`] of a document becomes an [`ActionRecord`] (the action,
//!   its document's date and its sentence) on the edge from the firm to the
//!   company or index: on the `rates` edge when it has a rating, on the
//!   `forecasts` edge when it has a target (on both when it has both), each
//!   created if needed. An edge's records are its history, oldest first
//!   (sorted by date, then document, then place in the text; an undated
//!   action sorts before every dated one); a later note adds a record and
//!   overwrites nothing.
//! - The latest record is also written into the edge's attributes
//!   ([`ACTION_ATTRIBUTES`]: `rating`, `previous_rating`, `target`,
//!   `previous_target`, `unit`, `analyst`), so every reader of attributes
//!   (queries, Cypher, CSV, GraphML, DOT) sees the current view as plain
//!   relationship properties; the whole history is the `history`
//!   attribute, a JSON array of one object per action, oldest first (text
//!   that every export carries as it is: Neo4j reads it with
//!   `apoc.convert.fromJsonList`, Kùzu with its JSON extension; the JSON
//!   export and the graph file carry the records themselves).
//! - Every edge also has a `date` attribute: the latest date of the
//!   documents stating it (for an edge with actions, its latest action's).
//!
//! A history is a list on the edge rather than a node per action so that a
//! broker's view of a company stays one edge (one row in every export, the
//! same edge `finkg explain` and the graph view show) and removing a
//! document removes its actions with its evidence.

use super::{ActionRecord, Edge, KnowledgeGraph, DATE_ATTRIBUTE};
use crate::model::{DocId, Document};
use std::collections::BTreeMap;

/// Edge attributes written from the latest action of an edge's history.
pub const ACTION_ATTRIBUTES: &[&str] = &[
    "rating",
    "previous_rating",
    "target",
    "previous_target",
    "unit",
    "analyst",
    "history",
];

/// The relation kind that carries actions with a rating.
pub const RATES: &str = "rates";

/// The relation kind that carries actions with a target.
pub const FORECASTS: &str = "forecasts";

/// A number as an attribute value: no trailing `.0` (`17.5`, `300`).
pub(crate) fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Edge {
    /// Add an action to the history; false when it was already there.
    pub(crate) fn add_action(&mut self, rec: ActionRecord) -> bool {
        let key = |r: &ActionRecord| {
            (
                r.date.clone(),
                r.evidence.doc.clone(),
                r.evidence.start,
                r.evidence.rule.clone(),
            )
        };
        let k = key(&rec);
        match self.actions.binary_search_by(|r| key(r).cmp(&k)) {
            Ok(_) => false,
            Err(at) => {
                self.actions.insert(at, rec);
                self.refresh_action_attrs();
                true
            }
        }
    }

    /// The latest action, when the edge has any.
    pub fn latest_action(&self) -> Option<&ActionRecord> {
        self.actions.last()
    }

    /// Write the latest action into the attributes (a field it lacks
    /// removes the attribute); nothing when there is no action.
    pub(crate) fn refresh_action_attrs(&mut self) {
        let Some(a) = self.actions.last() else {
            return;
        };
        let values: [Option<String>; 7] = [
            a.rating.clone(),
            a.previous_rating.clone(),
            a.target.map(number_text),
            a.previous_target.map(number_text),
            a.unit.map(|u| u.as_str().to_string()),
            a.analyst.clone(),
            Some(format!("[{}]", self.history().join(","))),
        ];
        for (k, v) in ACTION_ATTRIBUTES.iter().zip(values) {
            match v {
                Some(v) => {
                    self.attrs.insert(k.to_string(), v);
                }
                None => {
                    self.attrs.remove(*k);
                }
            }
        }
    }

    /// Set the `date` attribute to the latest date of the documents of the
    /// edge's evidence (removed when none has a date).
    pub(crate) fn redate(&mut self, documents: &BTreeMap<DocId, Document>) {
        let latest = self
            .evidence
            .iter()
            .filter_map(|e| documents.get(&e.doc).and_then(|d| d.date.as_deref()))
            .max();
        match latest {
            Some(d) => {
                self.attrs.insert(DATE_ATTRIBUTE.to_string(), d.to_string());
            }
            None => {
                self.attrs.remove(DATE_ATTRIBUTE);
            }
        }
    }

    /// The history: one JSON object per action, oldest first.
    pub fn history(&self) -> Vec<String> {
        self.actions.iter().map(ActionRecord::to_json).collect()
    }
}

/// A broker's view of one company or index: the union of the histories of
/// its `rates` and `forecasts` edges, oldest first.
#[derive(Debug, Clone)]
pub struct ActionHistory<'g> {
    /// The firm (or person) acting.
    pub by: &'g super::EntityNode,
    /// The company or index acted on.
    pub on: &'g super::EntityNode,
    /// Every action, oldest first, each once.
    pub actions: Vec<&'g ActionRecord>,
}

impl KnowledgeGraph {
    /// Every broker's action history on every entity (or on the entity
    /// `on` names, when given), by broker id then entity id.
    pub fn action_histories(&self, on: Option<&str>) -> Vec<ActionHistory<'_>> {
        let mut by_pair: BTreeMap<(&str, &str), ActionHistory<'_>> = BTreeMap::new();
        let target = on.and_then(|n| self.find_entity(n)).map(|e| e.id.as_str());
        if on.is_some() && target.is_none() {
            return Vec::new();
        }
        for r in self.relations(&super::RelationFilter::any()) {
            if r.edge.actions.is_empty() || target.is_some_and(|t| t != r.object.id) {
                continue;
            }
            let h = by_pair
                .entry((r.subject.id.as_str(), r.object.id.as_str()))
                .or_insert_with(|| ActionHistory {
                    by: r.subject,
                    on: r.object,
                    actions: Vec::new(),
                });
            h.actions.extend(r.edge.actions.iter());
        }
        let mut out: Vec<ActionHistory<'_>> = by_pair.into_values().collect();
        for h in &mut out {
            h.actions.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            h.actions
                .dedup_by(|a, b| a.doc() == b.doc() && a.evidence.start == b.evidence.start);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, ent, ev};
    use super::*;
    use crate::model::{Action, Change, Extraction, Unit};

    pub(crate) fn action(by: &str, on: &str, doc: &str, rating: Option<&str>) -> Action {
        Action {
            by: by.into(),
            on: on.into(),
            analyst: None,
            rating: rating.map(str::to_string),
            previous_rating: None,
            target: None,
            previous_target: None,
            unit: None,
            initiated: false,
            evidence: ev(doc, 10, &format!("{by} rates {on}.")),
        }
    }

    fn note(id: &str, date: &str, a: Action) -> Extraction {
        let mut d = doc(id);
        d.date = Some(date.into());
        Extraction {
            doc: d,
            entities: vec![
                ent(&a.by, "broker", &[], &[]),
                ent(&a.on, "company", &[], &["LI"]),
            ],
            relations: vec![],
            metrics: vec![],
            actions: vec![a],
        }
    }

    #[test]
    fn a_history_keeps_every_note_and_shows_the_latest() {
        let mut first = action("Jefferies", "Li Auto", "d2", Some("buy"));
        first.target = Some(28.8);
        first.unit = Some(Unit::Usd);
        let mut later = action("Jefferies", "Li Auto", "d1", Some("hold"));
        later.previous_rating = Some("buy".into());
        later.target = Some(17.5);
        later.unit = Some(Unit::Usd);
        later.analyst = Some("Johnson Wan".into());
        let mut g = KnowledgeGraph::new();
        // the later note first: the order of ingests does not matter
        g.ingest(note("d1", "2026-01-23", later));
        g.ingest(note("d2", "2025-10-02", first));
        let rates = g.explain("Jefferies", "rates", "Li Auto").unwrap().edge;
        assert_eq!(rates.actions.len(), 2);
        assert_eq!(rates.attrs["rating"], "hold");
        assert_eq!(rates.attrs["previous_rating"], "buy");
        assert_eq!(rates.attrs["target"], "17.5");
        assert_eq!(rates.attrs["unit"], "USD");
        assert_eq!(rates.attrs["date"], "2026-01-23");
        assert_eq!(rates.attrs["analyst"], "Johnson Wan");
        let forecasts = g.explain("Jefferies", "forecasts", "Li Auto").unwrap().edge;
        assert_eq!(forecasts.actions.len(), 2, "both set a target");
        assert_eq!(
            rates.history()[0],
            r#"{"date":"2025-10-02","doc":"d2","rating":"buy","target":28.8,"unit":"USD"}"#
        );
        let h = g.action_histories(Some("LI"));
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].actions.len(), 2, "one action per note, not per edge");
        assert_eq!(
            h[0].actions[1].change(Some(h[0].actions[0])),
            Change::Downgrade
        );

        // removing the later note brings the earlier view back
        g.remove_document("d1").unwrap();
        let rates = g.explain("Jefferies", "rates", "Li Auto").unwrap().edge;
        assert_eq!(rates.attrs["rating"], "buy");
        assert_eq!(rates.attrs["target"], "28.8");
        assert_eq!(rates.attrs["date"], "2025-10-02");
        assert!(!rates.attrs.contains_key("analyst"));
        // and the cascade (no stored sources) does the same
        let mut g2 = KnowledgeGraph::new();
        let mut l = action("Jefferies", "Li Auto", "d1", Some("hold"));
        l.analyst = Some("Johnson Wan".into());
        g2.ingest(note("d1", "2026-01-23", l));
        g2.ingest(note(
            "d2",
            "2025-10-02",
            action("Jefferies", "Li Auto", "d2", Some("buy")),
        ));
        g2.forget_document("d1").unwrap();
        let rates = g2.explain("Jefferies", "rates", "Li Auto").unwrap().edge;
        assert_eq!(rates.actions.len(), 1);
        assert_eq!(rates.attrs["rating"], "buy");
        assert_eq!(rates.attrs["date"], "2025-10-02");
    }

    #[test]
    fn a_bare_rating_is_no_forecast_and_a_bare_target_no_rating() {
        let mut g = KnowledgeGraph::new();
        g.ingest(note(
            "d1",
            "2026-01-02",
            action("UBS", "Nio", "d1", Some("sell")),
        ));
        let mut t = action("Nomura", "Nio", "d2", None);
        t.target = Some(40.0);
        t.unit = Some(Unit::Hkd);
        let mut x = note("d2", "2026-01-03", t);
        x.entities[0] = ent("Nomura", "broker", &[], &[]);
        g.ingest(x);
        assert!(g.explain("UBS", "rates", "Nio").is_ok());
        assert!(g.explain("UBS", "forecasts", "Nio").is_err());
        assert!(g.explain("Nomura", "forecasts", "Nio").is_ok());
        assert!(g.explain("Nomura", "rates", "Nio").is_err());
        assert_eq!(g.action_histories(None).len(), 2);
        assert!(g.action_histories(Some("Nobody")).is_empty());
    }
}
