//! Metric rules: numbers tied to the entity they describe.

use super::numbers::{self, Quantity};
use super::words::{contains, contains_any, find_all};
use super::{evidence, Facts, Ment, Sent};
use crate::model::{FoundMetric, Unit};
use crate::resolve::Registry;
use crate::schema::Schema;
use regex::Regex;
use std::sync::LazyLock;

static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:(?:19|20)\d{2}(?:Q[1-4]|H[12])?|[1-4]Q\d{2}|FY\d{2,4})\b").unwrap());

static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$").unwrap()
});

pub(crate) fn extract(schema: &Schema, doc: &str, sents: &[Sent<'_>], reg: &mut Registry, facts: &mut Facts) {
    let mut seen: Vec<(usize, Unit, f64)> = Vec::new();
    for sent in sents {
        let t = sent.s.text;
        let lower = t.to_lowercase();
        let qs = numbers::find(t);
        if qs.is_empty() {
            continue;
        }
        let owners: Vec<&Ment> = sent
            .ms
            .iter()
            .filter(|m| !matches!(reg.entities[m.eid].kind.as_str(), "broker" | "person" | "investor"))
            .filter(|m| !t[m.end..].trim_start().to_lowercase().starts_with("consensus"))
            .collect();
        if owners.is_empty() {
            continue;
        }
        let respectively = contains(&lower, "respectively");
        let period = PERIOD.find(t).map(|m| m.as_str().to_string());
        let mut used_lists: Vec<usize> = Vec::new();
        for (qi, q) in qs.iter().enumerate() {
            if skip(t, q) {
                continue;
            }
            let Some((unit, label)) = classify(schema, t, &lower, q, &owners, reg) else { continue };
            // a slash or comma list with "respectively" pairs values with entities in order
            let owner = if respectively {
                paired_owner(&qs, qi, q, &owners, &mut used_lists).or_else(|| nearest(&owners, q))
            } else {
                nearest(&owners, q)
            };
            let Some(owner) = owner else { continue };
            let kind = reg.entities[owner].kind.clone();
            let unit = match unit {
                Unit::Points if kind != "index" => continue,
                Unit::Money => home_currency(reg, owner, &lower).unwrap_or(Unit::Money),
                u => u,
            };
            let value = if q.signed { q.value } else { q.value.abs() };
            if seen.iter().any(|&(e, u, v)| e == owner && u == unit && (v - value).abs() <= 1e-9 * value.abs().max(1.0)) {
                continue;
            }
            seen.push((owner, unit, value));
            reg.entities[owner].named = true;
            facts.metrics.push(FoundMetric {
                entity: reg.entities[owner].name.clone(),
                metric: label,
                value,
                unit,
                period: period.clone(),
                evidence: evidence(doc, &sent.s, "metric"),
            });
        }
    }
}

/// Numbers that are not measurements: years, dates, list markers.
fn skip(t: &str, q: &Quantity) -> bool {
    let raw = &t[q.start..q.end];
    if q.unit.is_none() && !q.scaled {
        let year = (1900.0..=2100.0).contains(&q.value) && q.value.fract() == 0.0 && !raw.contains(',');
        let after = &t[q.end..];
        let marker = after.starts_with(')') || after.starts_with(". ") && q.value < 20.0;
        let date = MONTH_BEFORE.is_match(&t[..q.start]);
        return year || marker || date;
    }
    false
}

/// Unit and label of a quantity, or None when it is no metric.
fn classify(schema: &Schema, t: &str, lower: &str, q: &Quantity, owners: &[&Ment], reg: &Registry) -> Option<(Unit, String)> {
    let label = label_for(schema, lower, q.start);
    if let Some(u) = q.unit {
        return Some((u, label.unwrap_or_else(|| default_label(u))));
    }
    let after = lower[q.end..].trim_start();
    if q.scaled {
        let money = schema
            .lexicon
            .metric_keywords
            .iter()
            .any(|k| k.money && contains(lower, &k.phrase));
        if money && !schema.lexicon.count_nouns.iter().any(|n| after.starts_with(n.as_str())) {
            return Some((Unit::Money, label.unwrap_or_else(|| "amount".into())));
        }
        return Some((Unit::Count, label.unwrap_or_else(|| "count".into())));
    }
    // a plain number: a count before a count noun, an index level next to an index
    let words: Vec<&str> = after.split_whitespace().take(6).collect();
    if words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        schema.lexicon.count_nouns.iter().any(|n| n == w)
    }) {
        return Some((Unit::Count, label.unwrap_or_else(|| "count".into())));
    }
    let near_index = nearest(owners, q).is_some_and(|e| reg.entities[e].kind == "index");
    if near_index && q.value >= 100.0 && contains_any(lower, &["level", "points", "target", "closed at", "at", "to"]) {
        let _ = t;
        return Some((Unit::Points, label.unwrap_or_else(|| "index level".into())));
    }
    None
}

fn default_label(u: Unit) -> String {
    match u {
        Unit::Multiple => "multiple",
        Unit::Percent => "change",
        Unit::PctPoint => "change (pp)",
        Unit::Points => "index level",
        Unit::Count => "count",
        _ => "amount",
    }
    .to_string()
}

/// The metric keyword written closest before the number.
fn label_for(schema: &Schema, lower: &str, at: usize) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for k in &schema.lexicon.metric_keywords {
        for pos in find_all(lower, &k.phrase) {
            if pos < at && best.is_none_or(|(b, _)| pos > b) {
                best = Some((pos, &k.label));
            }
        }
    }
    best.map(|(_, l)| l.to_string())
}

/// The entity nearest before the number (or after it when none is before).
fn nearest(owners: &[&Ment], q: &Quantity) -> Option<usize> {
    owners
        .iter()
        .filter(|m| m.end <= q.start)
        .max_by_key(|m| m.end)
        .or_else(|| owners.iter().filter(|m| m.start >= q.end).min_by_key(|m| m.start))
        .map(|m| m.eid)
}

/// With "respectively": the k-th value of a list goes to the k-th entity of the list of
/// entities written before the values.
fn paired_owner(qs: &[Quantity], qi: usize, q: &Quantity, owners: &[&Ment], _used: &mut Vec<usize>) -> Option<usize> {
    let (pos, n) = match q.list {
        Some(l) => l,
        None => {
            // a comma list of values: count neighbours with the same unit
            let same: Vec<usize> = (0..qs.len()).filter(|&j| qs[j].unit == q.unit).collect();
            let k = same.iter().position(|&j| j == qi)?;
            (k, same.len())
        }
    };
    let before: Vec<usize> = owners.iter().filter(|m| m.end <= q.start).map(|m| m.eid).collect();
    let mut distinct: Vec<usize> = Vec::new();
    for e in before {
        if !distinct.contains(&e) {
            distinct.push(e);
        }
    }
    if distinct.len() < n {
        return None;
    }
    let tail = &distinct[distinct.len() - n..];
    tail.get(pos).copied()
}

/// The currency of a company's filings when the article makes it plain: mainland and
/// Hong Kong listings report in yuan.
fn home_currency(reg: &Registry, owner: usize, lower: &str) -> Option<Unit> {
    let e = &reg.entities[owner];
    if contains(lower, "yuan") || contains(lower, "rmb") {
        return Some(Unit::Cny);
    }
    let chinese = e.tickers.iter().any(|t| t.ends_with(".HK") || t.ends_with(".SH") || t.ends_with(".SZ"));
    chinese.then_some(Unit::Cny)
}
