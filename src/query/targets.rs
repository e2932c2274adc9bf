//! What a research desk keeps on a company: each broker's latest rating and
//! target with its date, what it changed from, and the consensus
//! (`finkg ask targets`); and every rating or target change, newest first
//! (`finkg ask revisions`). Both read the dated action histories of the
//! `rates` / `forecasts` edges (see [`ActionRecord`]).

use crate::graph::{ActionHistory, ActionRecord, GraphError, KnowledgeGraph, MetricView};
use crate::model::{rating_bucket, Change, Unit};
use crate::query::{QueryResult, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// One broker's current view of a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerView {
    /// The firm (or person) acting.
    pub broker: String,
    /// The analyst of the latest action that names one.
    pub analyst: Option<String>,
    /// The latest rating.
    pub rating: Option<String>,
    /// The rating before it (as the note says, else the one before in the history).
    pub previous_rating: Option<String>,
    /// The latest target.
    pub target: Option<f64>,
    /// The target before it.
    pub previous_target: Option<f64>,
    /// Unit of the targets.
    pub unit: Option<String>,
    /// Date of the latest action.
    pub date: Option<String>,
    /// What the latest action changed: `downgrade`, `target cut 39.2%` …
    pub change: String,
    /// Every action, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// One action of a broker's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Date of its document.
    pub date: Option<String>,
    /// Rating.
    pub rating: Option<String>,
    /// Target.
    pub target: Option<f64>,
    /// Unit of the target.
    pub unit: Option<String>,
    /// What it changed.
    pub change: String,
    /// The sentence.
    pub sentence: String,
}

/// The consensus of the brokers' latest targets in one currency (or in
/// points, for an index).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetConsensus {
    /// Unit of the targets.
    pub unit: String,
    /// Number of targets.
    pub targets: usize,
    /// Mean target.
    pub mean: f64,
    /// Median target.
    pub median: f64,
    /// Highest target.
    pub high: f64,
    /// Lowest target.
    pub low: f64,
    /// The latest price in the same unit, when the graph has one.
    pub price: Option<f64>,
    /// Date of that price.
    pub price_date: Option<String>,
    /// Mean target over price, minus one, in percent.
    pub implied_upside_pct: Option<f64>,
}

/// The answer of `finkg ask targets`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsAnswer {
    /// The company or index.
    pub company: String,
    /// One view per broker, latest action first.
    pub brokers: Vec<BrokerView>,
    /// Number of brokers with a view.
    pub broker_count: usize,
    /// Latest ratings by bucket (`buy`, `hold`, `sell`) and as written.
    pub ratings: BTreeMap<String, usize>,
    /// Target consensus per unit.
    pub consensus: Vec<TargetConsensus>,
}

/// A rating or target change, for `finkg ask revisions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// Date of its document.
    pub date: Option<String>,
    /// The broker.
    pub broker: String,
    /// The company or index.
    pub company: String,
    /// `initiation`, `upgrade`, `downgrade`, `target raised`, `target cut`.
    pub kind: String,
    /// Rating after it.
    pub rating: Option<String>,
    /// Rating before it.
    pub previous_rating: Option<String>,
    /// Target after it.
    pub target: Option<f64>,
    /// Target before it.
    pub previous_target: Option<f64>,
    /// Unit of the targets.
    pub unit: Option<String>,
    /// Change of the target, in percent.
    pub target_change_pct: Option<f64>,
    /// The analyst.
    pub analyst: Option<String>,
    /// The sentence.
    pub sentence: String,
}

/// Which revisions to list; `None` matches anything. Dates are ISO
/// (`YYYY-MM-DD`), both ends included; an undated action is left out when
/// a date bound is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionFilter {
    /// From this date.
    pub since: Option<String>,
    /// Up to this date.
    pub until: Option<String>,
    /// Only this broker (name, alias, ticker or id).
    pub broker: Option<String>,
    /// Only this company or index.
    pub company: Option<String>,
}

/// One action on one line: `2026-01-23 hold (from buy), target 17.5 USD
/// (from 28.8), Johnson Wan`.
pub fn action_text(a: &ActionRecord) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &a.rating {
        let mut s = r.clone();
        if let Some(p) = &a.previous_rating {
            s.push_str(&format!(" (from {p})"));
        }
        if a.initiated {
            s.push_str(" (initiation)");
        }
        parts.push(s);
    }
    if let Some(t) = a.target {
        let mut s = format!("target {}", number(t));
        if let Some(u) = a.unit {
            s.push_str(&format!(" {}", u.as_str()));
        }
        if let Some(p) = a.previous_target {
            s.push_str(&format!(" (from {})", number(p)));
        }
        parts.push(s);
    }
    if let Some(an) = &a.analyst {
        parts.push(an.clone());
    }
    format!(
        "{} {}",
        a.date.as_deref().unwrap_or("(undated)"),
        parts.join(", ")
    )
}

/// A number without a needless `.0`, at most 2 decimals.
fn number(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The change of a target in percent.
fn pct(new: f64, old: f64) -> Option<f64> {
    (old != 0.0).then(|| ((new / old - 1.0) * 1000.0).round() / 10.0)
}

/// What the latest state of a history changed, in words.
fn change_words(rating_change: Change, target: Option<f64>, previous: Option<f64>) -> String {
    let mut words = Vec::new();
    match rating_change {
        Change::Initiation | Change::Upgrade | Change::Downgrade => {
            words.push(rating_change.as_str().to_string())
        }
        _ => {}
    }
    if let (Some(t), Some(p)) = (target, previous) {
        if let Some(c) = pct(t, p).filter(|c| *c != 0.0) {
            let dir = if c > 0.0 { "raised" } else { "cut" };
            words.push(format!("target {dir} {}%", number(c.abs())));
        }
    }
    if words.is_empty() {
        match rating_change {
            Change::Reiterated => "reiterated".into(),
            _ => "—".into(),
        }
    } else {
        words.join(", ")
    }
}

/// One broker's view from its history.
fn view(h: &ActionHistory<'_>) -> BrokerView {
    let acts = &h.actions;
    let last = acts.last().copied();
    // the latest rating and the latest target may come from different notes
    let rating_at = acts.iter().rposition(|a| a.rating.is_some());
    let target_at = acts.iter().rposition(|a| a.target.is_some());
    let rating = rating_at.and_then(|i| acts[i].rating.clone());
    // the rating before: as the note says, else the last different one
    let previous_rating = rating_at.and_then(|i| {
        acts[i].previous_rating.clone().or_else(|| {
            acts[..i]
                .iter()
                .rev()
                .filter_map(|a| a.rating.clone())
                .find(|r| Some(r) != rating.as_ref())
        })
    });
    let target = target_at.and_then(|i| acts[i].target);
    let unit = target_at.and_then(|i| acts[i].unit);
    let previous_target = target_at.and_then(|i| {
        acts[i].previous_target.or_else(|| {
            acts[..i]
                .iter()
                .rev()
                .find(|a| a.target.is_some() && a.unit == unit)
                .and_then(|a| a.target)
        })
    });
    // what the latest note changed: its rating's move against the note
    // before (an initiation, an upgrade, a downgrade); its target's in percent
    let n = acts.len();
    let rating_change = match last {
        Some(a) if a.rating.is_some() || a.initiated => a.change(n.checked_sub(2).map(|j| acts[j])),
        _ => Change::New,
    };
    let latest_target_change = if target_at.is_some_and(|i| i + 1 == n) {
        previous_target
    } else {
        None
    };
    let history = acts
        .iter()
        .enumerate()
        .map(|(i, a)| HistoryEntry {
            date: a.date.clone(),
            rating: a.rating.clone(),
            target: a.target,
            unit: a.unit.map(|u| u.as_str().to_string()),
            change: a
                .change(i.checked_sub(1).map(|j| acts[j]))
                .as_str()
                .to_string(),
            sentence: a.evidence.sentence.clone(),
        })
        .collect();
    BrokerView {
        broker: h.by.name.clone(),
        analyst: acts.iter().rev().find_map(|a| a.analyst.clone()),
        change: change_words(rating_change, target, latest_target_change),
        rating,
        previous_rating,
        target,
        previous_target,
        unit: unit.map(|u| u.as_str().to_string()),
        date: last.and_then(|a| a.date.clone()),
        history,
    }
}

/// Phrases of a sentence that gives a share price.
const PRICE_WORDS: &[&str] = &[
    "closed at",
    "closing price",
    "share price",
    "trades at",
    "traded at",
    "trading at",
    "changed hands at",
    "last traded",
    "finished at",
    "ended at",
    "shares at",
];

/// The latest price of an entity in a unit: a metric whose label names a
/// price (not a target), from the latest-dated document.
fn latest_price(g: &KnowledgeGraph, entity: &str, unit: Unit) -> Option<(f64, Option<String>)> {
    let metrics: Vec<MetricView<'_>> = g.metrics_of(entity).ok()?;
    metrics
        .iter()
        .filter(|m| m.metric.unit == unit)
        .filter(|m| {
            let l = m.metric.label.to_lowercase();
            let target = l.contains("target") || l.contains("objective") || l.contains("fair");
            // a price by its label, or by its sentence ("closed at HK$45.20")
            let priced = l.contains("price")
                || l.contains("close")
                || m.evidence.iter().any(|e| {
                    let s = e.sentence.to_lowercase();
                    PRICE_WORDS.iter().any(|w| s.contains(w))
                        && !s.contains("target")
                        && !s.contains("objective")
                });
            priced && !target
        })
        .map(|m| {
            let date = m
                .metric
                .documents
                .iter()
                .filter_map(|d| g.document(d).and_then(|d| d.date.clone()))
                .max();
            (date, m.metric.value)
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(d, v)| (v, d))
}

/// `finkg ask targets COMPANY`: every broker's latest view of the company
/// (name, alias, ticker or id), latest first, and the consensus.
pub fn targets(g: &KnowledgeGraph, company: &str) -> Result<TargetsAnswer, GraphError> {
    let e = g
        .find_entity(company)
        .ok_or_else(|| GraphError::UnknownEntity {
            name: company.to_string(),
        })?;
    let mut brokers: Vec<BrokerView> = g.action_histories(Some(&e.id)).iter().map(view).collect();
    brokers.sort_by(|a, b| b.date.cmp(&a.date).then(a.broker.cmp(&b.broker)));
    let mut ratings: BTreeMap<String, usize> = BTreeMap::new();
    for b in &brokers {
        if let Some(r) = &b.rating {
            if let Some(bucket) = rating_bucket(r) {
                *ratings.entry(bucket.to_string()).or_insert(0) += 1;
            }
        }
    }
    let mut by_unit: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for b in &brokers {
        if let (Some(t), Some(u)) = (b.target, &b.unit) {
            by_unit.entry(u.clone()).or_default().push(t);
        }
    }
    let consensus = by_unit
        .into_iter()
        .map(|(unit, mut ts)| {
            ts.sort_by(f64::total_cmp);
            let n = ts.len();
            let mean = ts.iter().sum::<f64>() / n as f64;
            let median = if n % 2 == 1 {
                ts[n / 2]
            } else {
                (ts[n / 2 - 1] + ts[n / 2]) / 2.0
            };
            let price = unit
                .parse::<Unit>()
                .ok()
                .and_then(|u| latest_price(g, &e.id, u));
            TargetConsensus {
                targets: n,
                mean: (mean * 100.0).round() / 100.0,
                median,
                high: ts[n - 1],
                low: ts[0],
                implied_upside_pct: price.as_ref().and_then(|(p, _)| pct(mean, *p)),
                price: price.as_ref().map(|(p, _)| *p),
                price_date: price.and_then(|(_, d)| d),
                unit,
            }
        })
        .collect();
    Ok(TargetsAnswer {
        company: e.name.clone(),
        broker_count: brokers.len(),
        brokers,
        ratings,
        consensus,
    })
}

impl TargetsAnswer {
    /// The brokers as a result table: broker, analyst, rating (with the one
    /// before), target (with the one before), unit, change, date.
    pub fn brokers_result(&self) -> QueryResult {
        let columns = [
            "broker",
            "rating",
            "previous_rating",
            "target",
            "previous_target",
            "unit",
            "change",
            "date",
            "analyst",
        ];
        let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        let num = |v: Option<f64>| v.map_or(Value::Null, Value::Float);
        QueryResult {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: self
                .brokers
                .iter()
                .map(|b| {
                    vec![
                        Value::String(b.broker.clone()),
                        opt(&b.rating),
                        opt(&b.previous_rating),
                        num(b.target),
                        num(b.previous_target),
                        opt(&b.unit),
                        Value::String(b.change.clone()),
                        opt(&b.date),
                        opt(&b.analyst),
                    ]
                })
                .collect(),
        }
    }

    /// The consensus in words, one line per unit, after a line with the
    /// number of brokers and the rating distribution.
    pub fn consensus_lines(&self) -> Vec<String> {
        let dist: Vec<String> = ["buy", "hold", "sell"]
            .iter()
            .map(|b| format!("{} {b}", self.ratings.get(*b).copied().unwrap_or(0)))
            .collect();
        let mut out = vec![format!(
            "consensus: {} broker{}; ratings {}",
            self.broker_count,
            if self.broker_count == 1 { "" } else { "s" },
            dist.join(", ")
        )];
        for c in &self.consensus {
            let mut line = format!(
                "targets in {}: {} — mean {}, median {}, high {}, low {}",
                c.unit,
                c.targets,
                number(c.mean),
                number(c.median),
                number(c.high),
                number(c.low)
            );
            if let (Some(p), Some(u)) = (c.price, c.implied_upside_pct) {
                line.push_str(&format!(
                    "; latest price {}{}: implied upside {}{}%",
                    number(p),
                    c.price_date
                        .as_ref()
                        .map_or(String::new(), |d| format!(" ({d})")),
                    if u >= 0.0 { "+" } else { "" },
                    number(u)
                ));
            }
            out.push(line);
        }
        out
    }
}

/// `finkg ask revisions`: every initiation, upgrade, downgrade and target
/// change the filter lets through, newest first.
pub fn revisions(g: &KnowledgeGraph, f: &RevisionFilter) -> Result<Vec<Revision>, GraphError> {
    let id_of = |name: &Option<String>| -> Result<Option<String>, GraphError> {
        name.as_ref()
            .map(|n| {
                g.find_entity(n)
                    .map(|e| e.id.clone())
                    .ok_or_else(|| GraphError::UnknownEntity { name: n.clone() })
            })
            .transpose()
    };
    let (broker, company) = (id_of(&f.broker)?, id_of(&f.company)?);
    let mut out = Vec::new();
    for h in g.action_histories(company.as_deref()) {
        if broker.as_ref().is_some_and(|b| *b != h.by.id) {
            continue;
        }
        for (i, a) in h.actions.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| h.actions[j]);
            let kind = a.change(before);
            if matches!(kind, Change::Reiterated | Change::New) {
                continue;
            }
            let dated_in = |bound: &Option<String>, inside: fn(&str, &str) -> bool| {
                bound
                    .as_deref()
                    .is_none_or(|b| a.date.as_deref().is_some_and(|d| inside(d, b)))
            };
            if !dated_in(&f.since, |d, b| d >= b) || !dated_in(&f.until, |d, b| d <= b) {
                continue;
            }
            let previous_rating = a
                .previous_rating
                .clone()
                .or_else(|| before.and_then(|b| b.rating.clone()));
            let previous_target = a
                .previous_target
                .or_else(|| before.filter(|b| b.unit == a.unit).and_then(|b| b.target));
            out.push(Revision {
                date: a.date.clone(),
                broker: h.by.name.clone(),
                company: h.on.name.clone(),
                kind: kind.as_str().to_string(),
                rating: a.rating.clone(),
                previous_rating: previous_rating.filter(|_| a.rating.is_some()),
                target: a.target,
                previous_target: previous_target.filter(|_| a.target.is_some()),
                unit: a.unit.map(|u| u.as_str().to_string()),
                target_change_pct: a.target.zip(previous_target).and_then(|(t, p)| pct(t, p)),
                analyst: a.analyst.clone(),
                sentence: a.evidence.sentence.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.broker.cmp(&b.broker))
            .then(a.company.cmp(&b.company))
    });
    Ok(out)
}

/// Revisions as a result table.
pub fn revisions_result(revs: &[Revision]) -> QueryResult {
    let columns = [
        "date",
        "broker",
        "company",
        "change",
        "rating",
        "previous_rating",
        "target",
        "previous_target",
        "unit",
        "target_change_pct",
        "analyst",
    ];
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    let num = |v: Option<f64>| v.map_or(Value::Null, Value::Float);
    QueryResult {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: revs
            .iter()
            .map(|r| {
                vec![
                    opt(&r.date),
                    Value::String(r.broker.clone()),
                    Value::String(r.company.clone()),
                    Value::String(r.kind.clone()),
                    opt(&r.rating),
                    opt(&r.previous_rating),
                    num(r.target),
                    num(r.previous_target),
                    opt(&r.unit),
                    num(r.target_change_pct),
                    opt(&r.analyst),
                ]
            })
            .collect(),
    }
}
