//! Every prediction judged right or wrong, with the rule that made it: the
//! precision and recall of each rule (`finkg eval --by-rule`), the
//! calibration table (confidence bucket → measured precision) and what
//! `finkg calibrate` measures.
//!
//! A prediction is judged as [`score`](super::score) counts it:
//!
//! - an entity is right when it matches a gold entity of the same kind that
//!   no earlier predicted entity matched (a duplicate is an extra);
//! - a relation is right when both ends resolve to gold entities and the
//!   gold has the triple; a second prediction of a triple already judged is
//!   left out (score.py counts predicted triples as a set);
//! - a metric is right when it takes a gold metric in score.py's greedy
//!   matching.
//!
//! A rule's recall is the share of its family's gold facts (entities,
//! relations or metrics) it found, so the recalls of a family's rules add up
//! to the family's recall.

use super::gold::GoldDoc;
use super::score::{first_sharing, resolve, within, Doc};
use crate::model::Confidence;
use crate::schema::confidence::{Calibration, Family, Outcome};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One judged prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The gold file (`x.json`) of its document.
    pub doc: String,
    /// Entity, relation or metric.
    pub family: Family,
    /// The rule that made it (empty when the prediction names none).
    pub rule: String,
    /// Its confidence, when the prediction has one.
    pub confidence: Option<Confidence>,
    /// Whether the gold has it.
    pub correct: bool,
}

impl Judged {
    /// The outcome `finkg calibrate` measures rules with.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            family: self.family,
            rule: self.rule.clone(),
            correct: self.correct,
        }
    }
}

/// Every prediction of a set of documents judged, and the gold facts of
/// each family.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgement {
    /// The predictions, document by document, in file order.
    pub judged: Vec<Judged>,
    /// Gold entities, relations and metrics, by family.
    pub gold: BTreeMap<Family, usize>,
}

/// One rule's row of `finkg eval --by-rule`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    /// Its family.
    pub family: Family,
    /// The rule.
    pub rule: String,
    /// Facts it made.
    pub pred: usize,
    /// Of those, right.
    pub correct: usize,
    /// `correct / pred`.
    pub precision: f64,
    /// `correct /` the family's gold facts.
    pub recall: f64,
}

/// One row of the calibration table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Lowest confidence in the bucket (included).
    pub low: f64,
    /// Highest (excluded, except for 1.0).
    pub high: f64,
    /// Facts whose confidence falls in it.
    pub count: usize,
    /// Of those, right.
    pub correct: usize,
    /// Their mean confidence (0 when empty).
    pub mean_confidence: f64,
}

impl Bucket {
    /// The measured precision of the bucket (`None` when empty).
    pub fn precision(&self) -> Option<f64> {
        (self.count > 0).then(|| self.correct as f64 / self.count as f64)
    }
}

/// The bucket edges of the calibration table.
pub const BUCKETS: [f64; 8] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0];

/// Judge every prediction of every gold document (a gold document without a
/// prediction predicts nothing; predictions without gold are ignored).
pub fn judge(gold: &BTreeMap<String, GoldDoc>, pred: &BTreeMap<String, GoldDoc>) -> Judgement {
    let empty = GoldDoc::default();
    let mut all = Judgement::default();
    for (name, g) in gold {
        let p = pred.get(name).unwrap_or(&empty);
        judge_doc(name, &Doc::new(g), &Doc::new(p), &mut all);
    }
    all
}

fn judge_doc(name: &str, gold: &Doc, pred: &Doc, all: &mut Judgement) {
    let mut push = |family, rule: &str, confidence, correct| {
        all.judged.push(Judged {
            doc: name.to_string(),
            family,
            rule: rule.to_string(),
            confidence,
            correct,
        })
    };
    // entities: the first predicted entity matching a gold one of its kind
    let mut taken = BTreeSet::new();
    for ((kind, names), e) in pred.entities.iter().zip(&pred.src.entities) {
        let right =
            first_sharing(gold, names).is_some_and(|g| gold.kind(g) == *kind && taken.insert(g));
        push(Family::Entity, &e.rule, e.confidence, right);
    }
    // relations: both ends gold entities and the gold triple there
    let gold_rel: BTreeSet<(Option<usize>, &str, Option<usize>)> = gold
        .src
        .relations
        .iter()
        .map(|r| {
            (
                gold.entity_of(&r.subject),
                r.relation.as_str(),
                gold.entity_of(&r.object),
            )
        })
        .collect();
    let mut seen = BTreeSet::new();
    for r in &pred.src.relations {
        let (s, o) = (
            resolve(gold, pred, &r.subject),
            resolve(gold, pred, &r.object),
        );
        if s.is_some() && o.is_some() && !seen.insert((s, r.relation.as_str(), o)) {
            continue;
        }
        let right = s.is_some() && o.is_some() && gold_rel.contains(&(s, &r.relation, o));
        push(Family::Relation, &r.rule, r.confidence, right);
    }
    // metrics: score.py's greedy matching
    let gold_m: Vec<Option<usize>> = gold
        .src
        .metrics
        .iter()
        .map(|m| gold.entity_of(&m.entity))
        .collect();
    let mut used = vec![false; gold_m.len()];
    for pm in &pred.src.metrics {
        let ge = resolve(gold, pred, &pm.entity);
        let hit = ge.and_then(|ge| {
            gold.src.metrics.iter().enumerate().position(|(i, gm)| {
                !used[i]
                    && gold_m[i] == Some(ge)
                    && pm.unit == gm.unit
                    && matches!((pm.value, gm.value), (Some(v), Some(g)) if within(v, g))
            })
        });
        if let Some(i) = hit {
            used[i] = true;
        }
        push(Family::Metric, &pm.rule, pm.confidence, hit.is_some());
    }
    *all.gold.entry(Family::Entity).or_default() += gold.entities.len();
    *all.gold.entry(Family::Relation).or_default() += gold_rel.len();
    *all.gold.entry(Family::Metric).or_default() += gold_m.len();
}

impl Judgement {
    /// Precision and recall of each rule, by family then rule name.
    pub fn rules(&self) -> Vec<RuleRow> {
        let mut tally: BTreeMap<(Family, &str), (usize, usize)> = BTreeMap::new();
        for j in &self.judged {
            let t = tally.entry((j.family, j.rule.as_str())).or_default();
            t.0 += 1;
            t.1 += usize::from(j.correct);
        }
        tally
            .into_iter()
            .map(|((family, rule), (pred, correct))| {
                let gold = self.gold.get(&family).copied().unwrap_or(0);
                RuleRow {
                    family,
                    rule: rule.to_string(),
                    pred,
                    correct,
                    precision: correct as f64 / pred as f64,
                    recall: if gold > 0 {
                        correct as f64 / gold as f64
                    } else {
                        0.0
                    },
                }
            })
            .collect()
    }

    /// The calibration table of the predictions' own confidences
    /// (predictions without one are left out).
    pub fn calibration(&self) -> Vec<Bucket> {
        buckets(
            self.judged
                .iter()
                .filter_map(|j| j.confidence.map(|c| (c.get(), j.correct))),
        )
    }

    /// The calibration table of a calibration fitted on every document but
    /// the one each prediction comes from (leave one document out): what
    /// the confidences are worth on documents the calibration never saw.
    pub fn held_out_calibration(&self, strength: f64) -> Vec<Bucket> {
        let docs: BTreeSet<&str> = self.judged.iter().map(|j| j.doc.as_str()).collect();
        let mut pairs = Vec::with_capacity(self.judged.len());
        for d in docs {
            let others: Vec<Outcome> = self
                .judged
                .iter()
                .filter(|j| j.doc != d)
                .map(Judged::outcome)
                .collect();
            let c = Calibration::fit(&others, strength);
            for j in self.judged.iter().filter(|j| j.doc == d) {
                pairs.push((c.confidence(j.family, &j.rule).get(), j.correct));
            }
        }
        buckets(pairs)
    }

    /// Every judged prediction as an outcome for [`Calibration::fit`].
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.judged.iter().map(Judged::outcome).collect()
    }
}

/// (confidence, right) pairs into the buckets of [`BUCKETS`].
pub fn buckets(pairs: impl IntoIterator<Item = (f64, bool)>) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = BUCKETS
        .windows(2)
        .map(|w| Bucket {
            low: w[0],
            high: w[1],
            count: 0,
            correct: 0,
            mean_confidence: 0.0,
        })
        .collect();
    let last = out.len() - 1;
    for (c, right) in pairs {
        let i = out.iter().position(|b| c < b.high).unwrap_or(last);
        let b = &mut out[i];
        b.count += 1;
        b.correct += usize::from(right);
        b.mean_confidence += c;
    }
    for b in &mut out {
        if b.count > 0 {
            b.mean_confidence /= b.count as f64;
        }
    }
    out
}

/// The rules as a table: family, rule, predictions, right, precision,
/// recall; worst precision first within each family.
pub fn rules_table(rows: &[RuleRow]) -> String {
    let mut rows: Vec<&RuleRow> = rows.iter().collect();
    rows.sort_by(|a, b| {
        (a.family, a.precision, &a.rule)
            .partial_cmp(&(b.family, b.precision, &b.rule))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<8}  {:<width$}  {:>5}  {:>5}  {:>9}  {:>6}\n",
        "FAMILY", "RULE", "PRED", "RIGHT", "PRECISION", "RECALL"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<8}  {:<width$}  {:>5}  {:>5}  {:>9.3}  {:>6.3}",
            r.family.as_str(),
            r.rule,
            r.pred,
            r.correct,
            r.precision,
            r.recall
        );
    }
    out
}

/// The calibration table: confidence bucket, facts in it, their mean
/// confidence and the measured precision.
pub fn calibration_table(buckets: &[Bucket]) -> String {
    let mut out = format!(
        "{:<11}  {:>5}  {:>9}  {:>9}\n",
        "CONFIDENCE", "COUNT", "MEAN CONF", "PRECISION"
    );
    for b in buckets {
        let close = if b.high >= 1.0 { ']' } else { ')' };
        let range = format!("[{:.2}, {:.2}{close}", b.low, b.high);
        let (mean, precision) = match b.precision() {
            Some(p) => (format!("{:.3}", b.mean_confidence), format!("{p:.3}")),
            None => ("-".to_string(), "-".to_string()),
        };
        let _ = writeln!(
            out,
            "{range:<11}  {:>5}  {mean:>9}  {precision:>9}",
            b.count
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::gold::{GoldEntity, GoldMetric, GoldRelation};
    use super::*;

    fn entity(name: &str, kind: &str, rule: &str, c: f64) -> GoldEntity {
        GoldEntity {
            name: name.into(),
            kind: kind.into(),
            rule: rule.into(),
            confidence: Some(Confidence::new(c)),
            ..GoldEntity::default()
        }
    }

    fn relation(s: &str, r: &str, o: &str, rule: &str, c: f64) -> GoldRelation {
        GoldRelation {
            subject: s.into(),
            relation: r.into(),
            object: o.into(),
            rule: rule.into(),
            confidence: Some(Confidence::new(c)),
            ..GoldRelation::default()
        }
    }

    fn metric(e: &str, v: f64, rule: &str) -> GoldMetric {
        GoldMetric {
            entity: e.into(),
            value: Some(v),
            unit: "%".into(),
            rule: rule.into(),
            confidence: Some(Confidence::new(0.75)),
            ..GoldMetric::default()
        }
    }

    fn docs() -> (BTreeMap<String, GoldDoc>, BTreeMap<String, GoldDoc>) {
        let gold = GoldDoc {
            entities: vec![
                entity("Alibaba", "company", "", 0.0),
                entity("CITIC Securities", "broker", "", 0.0),
                entity("Tencent", "company", "", 0.0),
            ],
            relations: vec![
                relation("CITIC Securities", "forecasts", "Alibaba", "", 0.0),
                relation("CITIC Securities", "forecasts", "Tencent", "", 0.0),
            ],
            metrics: vec![metric("Alibaba", 12.0, "")],
            ..GoldDoc::default()
        };
        let pred = GoldDoc {
            entities: vec![
                entity("Alibaba Group", "company", "gazetteer", 0.95),
                entity("CITIC Securities", "company", "name-suffix", 0.6),
                entity("Alibaba", "company", "gazetteer", 0.95),
                entity("Reuters", "company", "name-suffix", 0.6),
            ],
            relations: vec![
                relation(
                    "CITIC Securities",
                    "forecasts",
                    "Alibaba",
                    "broker-view",
                    0.9,
                ),
                // the same triple under another name of its end: left out
                relation(
                    "CITIC Securities",
                    "forecasts",
                    "Alibaba Group",
                    "broker-view",
                    0.9,
                ),
                relation("Reuters", "invests", "Alibaba", "funding", 0.55),
            ],
            metrics: vec![
                metric("Alibaba", 12.04, "topic"),
                metric("Alibaba", 12.0, "topic"),
            ],
            ..GoldDoc::default()
        };
        (
            [("a.json".to_string(), gold)].into(),
            [("a.json".to_string(), pred)].into(),
        )
    }

    #[test]
    fn predictions_are_judged_as_score_py_counts_them() {
        let (gold, pred) = docs();
        let j = judge(&gold, &pred);
        let right: Vec<(Family, &str, bool)> = j
            .judged
            .iter()
            .map(|j| (j.family, j.rule.as_str(), j.correct))
            .collect();
        assert_eq!(
            right,
            [
                (Family::Entity, "gazetteer", true),
                // wrong kind
                (Family::Entity, "name-suffix", false),
                // the same gold entity again: a duplicate
                (Family::Entity, "gazetteer", false),
                (Family::Entity, "name-suffix", false),
                (Family::Relation, "broker-view", true),
                (Family::Relation, "funding", false),
                (Family::Metric, "topic", true),
                (Family::Metric, "topic", false),
            ]
        );
        assert_eq!(j.gold[&Family::Relation], 2);
        let rows = j.rules();
        let view = rows.iter().find(|r| r.rule == "broker-view").unwrap();
        assert_eq!((view.pred, view.correct), (1, 1));
        assert_eq!(view.recall, 0.5);
        let gaz = rows.iter().find(|r| r.rule == "gazetteer").unwrap();
        assert_eq!(gaz.precision, 0.5);
        let table = rules_table(&rows);
        assert!(table.starts_with("FAMILY"), "{table}");
        assert!(table.contains("relation  funding"), "{table}");
    }

    #[test]
    fn confidences_fall_into_buckets() {
        let (gold, pred) = docs();
        let b = judge(&gold, &pred).calibration();
        let at = |low: f64| b.iter().find(|b| b.low == low).unwrap();
        // 0.55 (wrong), 0.6 twice (wrong)
        assert_eq!((at(0.5).count, at(0.5).correct), (1, 0));
        assert_eq!((at(0.6).count, at(0.6).correct), (2, 0));
        assert_eq!((at(0.7).count, at(0.7).correct), (2, 1));
        assert_eq!((at(0.9).count, at(0.9).correct), (1, 1));
        assert_eq!((at(0.95).count, at(0.95).correct), (2, 1));
        assert_eq!(at(0.95).precision(), Some(0.5));
        assert_eq!(at(0.0).precision(), None);
        assert_eq!(buckets([(1.0, true)])[6].count, 1);
        let t = calibration_table(&b);
        assert!(
            t.contains("[0.95, 1.00]      2      0.950      0.500"),
            "{t}"
        );
    }

    #[test]
    fn held_out_calibration_never_uses_the_document_itself() {
        let (gold, pred) = docs();
        let j = judge(&gold, &pred);
        // one document: every rule is measured on nothing, so every fact
        // gets the default
        let b = j.held_out_calibration(10.0);
        let at_default = b.iter().find(|b| b.low == 0.5).unwrap();
        assert_eq!(at_default.count, j.judged.len());
    }
}
