//! The two sides of a comparison ("A outperformed B", "B lagged A", "A rose 5%, while
//! the index fell"): the hooks of the outperformance rules that stay code because they
//! resolve "the sector", "the benchmark", "both", "they" and lists after a colon.

use super::rule_cx::{Anchor, RuleCx};
use super::Ment;
use crate::schema::{Cls, KindSet};
use regex::Regex;
use std::sync::LazyLock;

/// A percentage: "26%", "4.5 percent".
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)").unwrap());

/// Where the comparison's clause starts: after the last `comparison_breaks` phrase
/// before the trigger.
fn clause_start(a: &Anchor, cx: &RuleCx<'_, '_>) -> usize {
    cx.sent
        .hits_of(Cls::ComparisonBreaks)
        .filter(|h| h.end() <= a.start)
        .map(|h| h.end())
        .max()
        .unwrap_or(0)
}

/// Where the compared-with side stops: a colon or the end of the clause.
fn object_end(a: &Anchor, cx: &RuleCx<'_, '_>) -> usize {
    let t = cx.sent.s.text;
    let clause_end = t[a.start..].find(';').map_or(t.len(), |p| a.start + p);
    t[a.start..]
        .find(':')
        .map_or(clause_end, |c| a.start + c)
        .min(clause_end)
}

/// What the trigger compares with ("outperformed the CAC 40 and the DAX", "lagged the
/// sector"): the entity named right after it and any joined to it as a list; "the
/// sector" / "the index" / "the benchmark" is the one of the same head noun named
/// before (in this sentence for "the benchmark", else in the document).
pub(crate) fn compared_with(a: &Anchor, kinds: KindSet, cx: &RuleCx<'_, '_>) -> Vec<usize> {
    let sent = cx.sent;
    let reg = &*cx.reg;
    let lower = sent.lower.as_str();
    let end = object_end(a, cx);
    let fits = |m: &&Ment| kinds.has(reg.kind(m.eid));
    let after_at = a.end;
    let named_next = sent
        .ms
        .iter()
        .filter(|m| m.start >= after_at && m.end <= end)
        .filter(fits)
        .find(|m| sent.words_between(after_at, m.start) <= 3);
    if named_next.is_none() {
        // "outperformed the sector": the sector or index named before with that head
        let head_at = {
            let rest = &lower[after_at..];
            let skip = rest.len() - rest.trim_start().len();
            let rest2 = &rest[skip..];
            after_at + skip + if rest2.starts_with("the ") { 4 } else { 0 }
        };
        let head_kind = if sent.starts_at(Cls::SectorBackRefs, head_at) {
            Some(reg.k.sector)
        } else if sent.starts_at(Cls::IndexBackRefs, head_at) {
            Some(reg.k.index)
        } else {
            None
        };
        if let Some(k) = head_kind {
            let head: &str = lower[head_at..]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let same_head = cx.disc.seen.iter().rev().copied().find(|&e| {
                reg.kind(e) == k && reg.entities[e].name.to_ascii_lowercase().ends_with(head)
            });
            // "…, outperforming the CSI 300 Index by 6 points, while the CSI Coal Index
            // underperformed the benchmark": the one this sentence named before
            let here = sent
                .starts_at(Cls::BenchmarkWords, head_at)
                .then(|| {
                    let left = compared(a, reg.k.market(), cx, &[]);
                    sent.ms
                        .iter()
                        .rfind(|m| {
                            m.end <= a.start && reg.kind(m.eid) == k && !left.contains(&m.eid)
                        })
                        .map(|m| m.eid)
                })
                .flatten();
            return here
                .or(same_head)
                .or_else(|| cx.disc.last_of_kind(reg, KindSet::from(k)))
                .into_iter()
                .collect();
        }
    }
    // the first object and any joined to it: "the CAC 40 and the DAX"
    let mut out = Vec::new();
    let mut prev_end: Option<usize> = None;
    for m in sent
        .ms
        .iter()
        .filter(|m| m.start >= after_at && m.end <= end)
        .filter(fits)
    {
        if let Some(pe) = prev_end {
            let gap = lower[pe..m.start].trim().trim_start_matches(',').trim();
            let joined = gap.is_empty()
                || sent.hits_of(Cls::ListJoiners).any(|h| {
                    h.start() >= pe && h.end() <= m.start && &lower[h.start()..h.end()] == gap
                });
            if !joined {
                break;
            }
        }
        out.push(m.eid);
        prev_end = Some(m.end);
    }
    out
}

/// Who does better or worse than what the trigger compares with: the market entities
/// of the trigger's clause before it; else a list after a colon ("beat the sector: A
/// returned 126%, B 81%"); else, for "both", "they", "which", the indices and
/// companies of the sentence before, and for "the stock", "its shares", "it" the company
/// in focus. "both" keeps the last two.
pub(crate) fn compared(
    a: &Anchor,
    kinds: KindSet,
    cx: &RuleCx<'_, '_>,
    exclude: &[usize],
) -> Vec<usize> {
    let sent = cx.sent;
    let reg = &*cx.reg;
    let from = clause_start(a, cx);
    let mut left: Vec<usize> = sent
        .ms
        .iter()
        .filter(|m| m.end <= a.start && m.start >= from && kinds.has(reg.kind(m.eid)))
        .map(|m| m.eid)
        .collect();
    if left.is_empty() {
        if let Some(colon) = sent.s.text[a.start..].find(':').map(|c| a.start + c) {
            left = sent
                .ms
                .iter()
                .filter(|m| m.start > colon && kinds.has(reg.kind(m.eid)))
                .map(|m| m.eid)
                .filter(|e| !exclude.contains(e))
                .collect();
        }
    }
    if left.is_empty() {
        if sent.has_in(Cls::PluralBackRefs, from, a.start) {
            left = cx
                .disc
                .prev
                .iter()
                .copied()
                .filter(|&e| (reg.k.index | reg.k.company).has(reg.kind(e)))
                .collect();
        } else if sent.has_in(Cls::CompanyBackRefs, from, a.start) {
            left.extend(cx.disc.focus);
        }
    }
    // "…, both ahead of the Nasdaq 100": the two named just before
    let last_end = sent
        .ms
        .iter()
        .filter(|m| m.end <= a.start)
        .map(|m| m.end)
        .max();
    if let Some(e) = last_end {
        if sent.has_in(Cls::Both, e, a.start) && left.len() > 2 {
            left = left.split_off(left.len() - 2);
        }
    }
    left
}

/// "Hang Seng Bank shares jumped 26% …, but the Hang Seng Index barely moved": the
/// riser (the subject before the turn) did better than the index after it when the
/// index fell, stood still or rose by less; a stock that led the gains did better than
/// an index that moved either way.
pub(crate) fn riser_beats_index(subject: usize, index: usize, cx: &RuleCx<'_, '_>) -> bool {
    let sent = cx.sent;
    let (Some(s), Some(i)) = (
        sent.ms.iter().find(|m| m.eid == subject),
        sent.ms.iter().rfind(|m| m.eid == index),
    ) else {
        return false;
    };
    let window = |from: usize| {
        let to = crate::text::phrases::floor(&sent.lower, from + 45);
        &sent.lower[from..to]
    };
    let percent = |text: &str| -> Option<f64> {
        PERCENT
            .captures(text)
            .and_then(|c| c.get(1))
            .and_then(|g| g.as_str().parse().ok())
    };
    let index_down = sent.starts_at(Cls::FallOrFlat, i.end);
    let index_up = sent.starts_at(Cls::RiseVerbs, i.end);
    if !index_down && !index_up {
        return false;
    }
    let led = sent.starts_at(Cls::LeadGains, s.end);
    let rose = sent.starts_at(Cls::RiseVerbs, s.end);
    led || rose
        && (index_down
            || matches!((percent(window(s.end)), percent(window(i.end))), (Some(a), Some(b)) if a > b))
}

/// A signed move of one entity: its figure after an up or down verb of its own clause
/// ("TDK, the components maker, soared 4.9%" → +4.9; "Sumco sank 20%" → −20). In a
/// list whose figures come "respectively", the k-th member takes the k-th figure.
/// `from..to` bounds the side of the comparison the mention is on.
fn signed_move(m: &Ment, from: usize, to: usize, cx: &RuleCx<'_, '_>) -> Option<f64> {
    let sent = cx.sent;
    let reg = &*cx.reg;
    let movers = reg.k.company | reg.k.index | reg.k.sector;
    let verb = sent
        .hits_of(Cls::UpMoves)
        .map(|h| (h, 1.0))
        .chain(sent.hits_of(Cls::DownMoves).map(|h| (h, -1.0)))
        .filter(|(h, _)| h.start() >= m.end && h.end() <= to)
        .min_by_key(|(h, _)| h.start())?;
    let (verb, sign) = verb;
    // the members of the list the verb is said of, in order
    let members: Vec<&Ment> = sent
        .ms
        .iter()
        .filter(|n| n.start >= from && n.end <= verb.start() && movers.has(reg.kind(n.eid)))
        .collect();
    // another mover between the mention and its verb is the verb's subject, unless
    // they are listed together ("LVMH, L'Oreal climbed 2.7% and 1.9% respectively")
    let k = members.iter().position(|n| n.start == m.start)?;
    let listed = |w: &[&Ment]| {
        let gap = sent.lower[w[0].end..w[1].start].trim();
        matches!(gap, "," | "and" | ", and" | "&")
    };
    if !members[k..].windows(2).all(listed) {
        return None;
    }
    // where the list the mention is in starts
    let first = (0..k)
        .rev()
        .take_while(|&j| listed(&members[j..j + 2]))
        .last()
        .unwrap_or(k);
    let window_end = crate::text::phrases::floor(&sent.lower, (verb.end() + 60).min(to));
    let text = &sent.lower[verb.end()..window_end];
    let respectively = sent.has_in(Cls::Respectively, verb.end(), to);
    let value: f64 = if respectively {
        PERCENT
            .captures_iter(text)
            .nth(k - first)
            .and_then(|c| c.get(1))
            .and_then(|g| g.as_str().parse().ok())
    } else {
        // the figure follows the verb closely ("soared 4.9%", "is up almost 30%")
        PERCENT
            .captures(text)
            .filter(|c| c.get(0).is_some_and(|g| g.start() <= 24))
            .and_then(|c| c.get(1))
            .and_then(|g| g.as_str().parse().ok())
    }?;
    Some(sign * value)
}

/// "A rose 5%, while B gained 2%", "LVMH, L'Oreal climbed 2.7% and 1.9% respectively,
/// whereas Kering advanced 5.8%": the entity before the turn moved more than the one
/// after it (for the reversed rule, the one after moved more than the one before).
pub(crate) fn moved_more(a: &Anchor, subject: usize, object: usize, cx: &RuleCx<'_, '_>) -> bool {
    let sent = cx.sent;
    let t_len = sent.s.text.len();
    let before = |e: usize| sent.ms.iter().rfind(|m| m.eid == e && m.end <= a.start);
    let after = |e: usize| sent.ms.iter().find(|m| m.eid == e && m.start >= a.end);
    let side = |e: usize| -> Option<f64> {
        if let Some(m) = before(e) {
            signed_move(m, clause_start(a, cx), a.start, cx)
        } else {
            after(e).and_then(|m| signed_move(m, a.end, t_len, cx))
        }
    };
    matches!((side(subject), side(object)), (Some(s), Some(o)) if s > o)
}
