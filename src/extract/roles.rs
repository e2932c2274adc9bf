//! Roles a mention plays that keep it out of a relation or a metric: a source cited
//! ("according to Wind", "(Reuters) -"), a data vendor ("Bloomberg consensus"), a
//! descriptor ("PDD Holdings, the parent of Temu"), the yardstick of a comparison
//! ("lower than Microsoft").

use super::Ment;
use crate::text::phrases::{contains, floor, AnyPhrase};
use std::sync::LazyLock;

/// A mention that is only the yardstick of a comparison ("lower than Microsoft").
pub(crate) fn is_baseline(lower: &str, m: &Ment) -> bool {
    let before = &lower[..m.start];
    let window = &before[floor(before, before.len().saturating_sub(120))..];
    let clause = window.rsplit([';', '.']).next().unwrap_or(window);
    // (the comparison words in one automaton: one pass instead of a search for each)
    static COMPARISON: LazyLock<AnyPhrase> = LazyLock::new(|| {
        AnyPhrase::new(&[
            "than",
            "compared with",
            "compared to",
            "versus",
            "relative to",
            "vs",
        ])
    });
    COMPARISON.in_text(clause) && !contains(clause, "expected")
}

/// Whether `s` starts with the lower-case ASCII word `w`, in any ASCII case (what
/// `s.to_ascii_lowercase().starts_with(w)` answers, without the copy).
fn starts_ci(s: &str, w: &str) -> bool {
    s.len() >= w.len() && s.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
}

/// Whether `s` ends with the lower-case ASCII word `w`, in any ASCII case.
fn ends_ci(s: &str, w: &str) -> bool {
    s.len() >= w.len() && s.as_bytes()[s.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
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
    let after = t[m.end..].trim_start();
    // "…, Pinewire reported.", "Pinewire gathered from a Halden Securities report that
    // …": the outlet that tells the news (not "Lumora reported a loss")
    let reported = starts_ci(after, "reported") && {
        let rest = after["reported".len()..].trim_start();
        rest.is_empty() || rest.starts_with([',', '.', ';']) || starts_ci(rest, "citing")
    };
    if reported
        || ["gathered from", "learned from", "learnt from"]
            .iter()
            .any(|w| starts_ci(after, w))
    {
        return true;
    }
    let before = t[..m.start].trim_end();
    let before = if ends_ci(before, " the") {
        &before[..before.len() - 4]
    } else {
        before
    };
    starts_ci(after, "consensus")
        || starts_ci(after, "data")
        || starts_ci(after, "estimates")
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
        .any(|w| ends_ci(before, w) && before[..before.len() - w.len()].ends_with([' ', '(', ',']))
}

/// A mention used only as a data vendor ("Bloomberg consensus").
pub(crate) fn is_data_vendor(t: &str, m: &Ment) -> bool {
    let after = t[m.end..].trim_start();
    ["consensus", "data", "estimates"]
        .iter()
        .any(|w| starts_ci(after, w))
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
