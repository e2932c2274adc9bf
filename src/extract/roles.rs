//! Roles a mention plays that keep it out of a relation or a metric: a source cited
//! ("according to Wind", "(Reuters) -"), a data vendor ("Bloomberg consensus"), a
//! descriptor ("PDD Holdings, the parent of Temu"), the yardstick of a comparison
//! ("lower than Microsoft").

use super::Ment;
use crate::text::phrases::{contains, floor};

/// A mention that is only the yardstick of a comparison ("lower than Microsoft").
pub(crate) fn is_baseline(lower: &str, m: &Ment) -> bool {
    let before = &lower[..m.start];
    let window = &before[floor(before, before.len().saturating_sub(120))..];
    let clause = window.rsplit([';', '.']).next().unwrap_or(window);
    [
        "than",
        "compared with",
        "compared to",
        "versus",
        "relative to",
        "vs",
    ]
    .iter()
    .any(|w| contains(clause, w))
        && !contains(clause, "expected")
}

/// A mention used as a data source ("Bloomberg consensus", "according to Wind").
pub(crate) fn is_source(t: &str, m: &Ment) -> bool {
    // a dateline: "(Reuters) -"
    if t[..m.start].ends_with('(') && t[m.end..].starts_with(')') {
        return true;
    }
    // a dateline at the start: "Pinewire News -- Halden Securities expects …"
    if t[..m.start].trim().is_empty()
        && ["--", "-", "–", "—", "|"]
            .iter()
            .any(|d| t[m.end..].trim_start().starts_with(d) && t[m.end..].starts_with(' '))
    {
        return true;
    }
    let after = t[m.end..].trim_start().to_ascii_lowercase();
    // "…, Pinewire reported.", "Pinewire gathered from a Halden Securities report that
    // …": the outlet that tells the news (not "Lumora reported a loss")
    let reported = after.strip_prefix("reported").is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty() || rest.starts_with([',', '.', ';']) || rest.starts_with("citing")
    });
    if reported
        || ["gathered from", "learned from", "learnt from"]
            .iter()
            .any(|w| after.starts_with(w))
    {
        return true;
    }
    let before = t[..m.start].trim_end().to_ascii_lowercase();
    let before = before.strip_suffix(" the").unwrap_or(&before).to_string();
    after.starts_with("consensus")
        || after.starts_with("data")
        || after.starts_with("estimates")
        || [
            "according to",
            "told",
            "data from",
            "compiled by",
            "provided by",
            "reported by",
            "cited by",
            "citing",
            "per",
            "told by",
        ]
        .iter()
        .any(|w| before.ends_with(w) && before[..before.len() - w.len()].ends_with([' ', '(', ',']))
}

/// A mention used only as a data vendor ("Bloomberg consensus").
pub(crate) fn is_data_vendor(t: &str, m: &Ment) -> bool {
    let after = t[m.end..].trim_start().to_ascii_lowercase();
    ["consensus", "data", "estimates"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// An entity named only to describe another ("PDD Holdings, the parent of Temu").
pub(crate) fn is_descriptor(lower: &str, m: &Ment) -> bool {
    let before = lower[..m.start].trim_end();
    // "a unit of Saudi Arabia's Public Investment Fund": past a possessive place
    let before = match before.strip_suffix("'s").or(before.strip_suffix("’s")) {
        Some(b) => {
            let ws: Vec<&str> = b.split_whitespace().collect();
            let keep = ws.len().saturating_sub(2);
            let cut = ws[..keep].join(" ");
            if ["unit of", "arm of", "subsidiary of"]
                .iter()
                .any(|w| cut.ends_with(w))
            {
                return true;
            }
            before
        }
        None => before,
    };
    [
        "parent of",
        "owner of",
        "unit of",
        "arm of",
        "subsidiary of",
        "operator of",
        "maker of",
        "owns",
        "spun off from",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}
