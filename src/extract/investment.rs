//! The pieces of the investment rules that stay code: what money is spent on ("pour $2
//! billion into cloud infrastructure", a phrase that becomes a sector when it names no
//! entity), the objects of a stake or an acquisition ("a stake in A and B"), and the
//! AI infrastructure that capital spending builds.

use super::rule_cx::{Anchor, RuleCx};
use super::{roles, Sent};
use crate::schema::{Cls, KindSet};

/// Where the object of "spend … on X" starts: after the first preposition within 60
/// bytes of the verb, with no full stop or semicolon between (a decimal point aside).
fn spend_object_at(sent: &Sent<'_>, a: &Anchor) -> Option<usize> {
    let t = sent.s.text;
    let limit = a.end + 60;
    let prep = sent
        .hits_of(Cls::SpendPreps)
        .filter(|h| h.start() >= a.end && h.start() <= limit)
        .find(|_| true)?;
    let between = &t[a.end..prep.start()];
    let stops = between.char_indices().any(|(i, c)| {
        c == ';' || c == '.' && !between[i + 1..].starts_with(|d: char| d.is_ascii_digit())
    });
    if stops {
        return None;
    }
    let rest = &t[prep.end()..];
    let ws = rest.len() - rest.trim_start().len();
    (ws > 0).then_some(prep.end() + ws)
}

/// What "spend/invest/pour … in/on/into X" puts money into: the entity right after the
/// preposition (a company, a sector, a model).
pub(crate) fn spend_object(a: &Anchor, kinds: KindSet, cx: &RuleCx<'_, '_>) -> Vec<usize> {
    let sent = cx.sent;
    let Some(at) = spend_object_at(sent, a) else {
        return Vec::new();
    };
    let Some(m) = sent.ms.iter().find(|m| m.start >= at && m.start <= at + 4) else {
        return Vec::new();
    };
    // "going to AI processors": a sector word opening a longer phrase names only part
    // of the object (the phrase rule takes it)
    if cx.reg.kind(m.eid) == cx.reg.k.sector && longer_phrase(sent, m.start, m.end).is_some() {
        return Vec::new();
    }
    if kinds.has(cx.reg.kind(m.eid)) {
        vec![m.eid]
    } else {
        Vec::new()
    }
}

/// What money is put into when no entity is named there: the noun phrase after the
/// preposition, a sector ("cloud infrastructure"), or a company when every word is
/// capitalised ("Vantage Studios"); capital spending itself is no object.
pub(crate) fn spend_phrase(a: &Anchor, kinds: KindSet, cx: &mut RuleCx<'_, '_>) -> Vec<usize> {
    let sent = cx.sent;
    let Some(at) = spend_object_at(sent, a) else {
        return Vec::new();
    };
    let (phrase, kind) = match sent.ms.iter().find(|m| m.start >= at && m.start <= at + 4) {
        Some(m) => {
            if cx.reg.kind(m.eid) != cx.reg.k.sector {
                return Vec::new();
            }
            match longer_phrase(sent, m.start, m.end) {
                Some(p) => (p, cx.reg.k.sector),
                None => return Vec::new(),
            }
        }
        None => {
            let Some(p) = object_phrase(sent, at) else {
                return Vec::new();
            };
            // a time or a date, not an object: a phrase closed by a time noun ("bought …
            // on its first day of trading"), or opened by a month or a day ("another
            // 63,231 ADRs on September 24", "on Monday and another 40,000")
            let p_at = at + sent.s.text[at..].find(&p).unwrap_or(0);
            let last = p.rsplit(' ').next().unwrap_or("");
            let last_at = p_at + p.len() - last.len();
            let closed_by_time = sent
                .hits_of(Cls::TimeNouns)
                .any(|h| h.start() == last_at && h.end() == last_at + last.len());
            let opened_by_date = sent
                .hits_of(Cls::Months)
                .chain(sent.hits_of(Cls::TimeNouns))
                .any(|h| h.start() == p_at);
            let period = p.split_whitespace().any(super::numbers::is_period_code);
            if closed_by_time || opened_by_date || period {
                return Vec::new();
            }
            // "put money into the iPhone maker": "the" and a firm's noun point back at a
            // company; they name no sector
            let the_before = sent
                .hit_ending(Cls::DefiniteArticle, sent.s.text[..p_at].trim_end().len())
                .is_some();
            let firm_noun_last = sent
                .hits_of(Cls::CompanyNouns)
                .any(|h| h.start() == last_at && h.end() == last_at + last.len());
            if the_before && firm_noun_last {
                return Vec::new();
            }
            let lower_p = p.to_ascii_lowercase();
            if sent
                .hits_of(Cls::CapexWords)
                .any(|h| sent.lower[h.start()..h.end()] == *lower_p)
            {
                return Vec::new();
            }
            let proper = p
                .split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            (
                p,
                if proper {
                    cx.reg.k.company
                } else {
                    cx.reg.k.sector
                },
            )
        }
    };
    if !kinds.has(kind) {
        return Vec::new();
    }
    vec![cx.reg.add(&phrase, kind, &phrase, &[])]
}

/// A sector word that opens a longer noun phrase ("AI processors"): the phrase.
fn longer_phrase(sent: &Sent<'_>, start: usize, end: usize) -> Option<String> {
    let t = sent.s.text;
    object_phrase(sent, start).filter(|p| {
        p.len() > end - start
            && !sent.has_in(Cls::ListJoiners, start, start + p.len())
            && t[end..].starts_with(' ')
    })
}

/// The noun phrase an investment goes to: up to six words from `at`, ending before a
/// preposition of time or manner, a clause break or a number (`phrase_stops`);
/// leading articles and "its", "more", "new" (`phrase_leads`) are skipped.
pub(crate) fn object_phrase(sent: &Sent<'_>, at: usize) -> Option<String> {
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    let mut words: Vec<&str> = Vec::new();
    let mut pos = at;
    let tokens: Vec<(usize, &str)> = t[at..]
        .split_whitespace()
        .map(|w| {
            let start = t[pos..].find(w).map_or(pos, |p| pos + p);
            pos = start + w.len();
            (start, w)
        })
        .collect();
    for (i, &(start, w)) in tokens.iter().enumerate() {
        let clean = w.trim_end_matches([',', '.', ';', ':', ')']);
        let end = start + clean.len();
        let is = |c: Cls| {
            sent.hits_of(c)
                .any(|h| h.start() == start && h.end() == end)
        };
        if words.is_empty() && is(Cls::PhraseLeads) {
            continue;
        }
        // "and" joins two objects only between words ("electrification and software")
        if lower[start..end] == *"and"
            && !words.is_empty()
            && words.len() < 5
            && clean.len() == w.len()
        {
            let next = tokens.get(i + 1).map(|x| x.1).unwrap_or("");
            let then = tokens.get(i + 2);
            let closes = next.ends_with([',', '.', ';'])
                || then.is_none()
                || then.is_some_and(|&(s, w2)| {
                    let e = s + w2.trim_end_matches([',', '.', ';', ':', ')']).len();
                    sent.hits_of(Cls::PhraseStops)
                        .any(|h| h.start() == s && h.end() == e)
                });
            if words.len() < 3 || closes {
                words.push(clean);
                continue;
            }
        }
        if is(Cls::PhraseStops) || clean.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
            break;
        }
        words.push(clean);
        if clean.len() != w.len() || words.len() >= 6 {
            break;
        }
    }
    while words.last().is_some_and(|w| w.eq_ignore_ascii_case("and")) {
        words.pop();
    }
    (!words.is_empty() && words.len() <= 6).then(|| words.join(" "))
}

/// What a stake, an acquisition or an investment is in: the entities after the trigger
/// in its clause, as one list ("a stake in A and B"); a model named as its maker ("the
/// ChatGPT maker") stands for its developer. Capital spending (`capex`) goes to sectors
/// only, within 80 bytes and before ", which".
pub(crate) fn invest_objects(
    a: &Anchor,
    kinds: KindSet,
    capex: bool,
    cx: &mut RuleCx<'_, '_>,
) -> Vec<usize> {
    let sent = cx.sent;
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    let clause_end = sent
        .hits_of(Cls::ObjectClauseBreaks)
        .filter(|h| h.start() >= a.start)
        .map(|h| h.start())
        .min()
        .unwrap_or(t.len());
    let clause_end = if capex {
        let near = crate::text::phrases::floor(lower, a.start + 80).min(clause_end);
        sent.hits_of(Cls::WhichClauses)
            .filter(|h| h.start() >= a.start && h.start() < near)
            .map(|h| h.start())
            .min()
            .unwrap_or(near)
    } else {
        clause_end
    };
    let mut objects: Vec<usize> = Vec::new();
    let mut prev_end: Option<usize> = None;
    let candidates: Vec<super::Ment> = sent
        .ms
        .iter()
        .filter(|m| m.start >= a.start && m.end <= clause_end)
        .copied()
        .collect();
    for m in candidates {
        if !kinds.has(cx.reg.kind(m.eid)) || roles::is_baseline(lower, &m) {
            continue;
        }
        if let Some(pe) = prev_end {
            let gap = lower[pe..m.start].trim().trim_start_matches(',').trim();
            let rest = &t[m.end..];
            let ends_conjunct = rest.trim_start().is_empty()
                || rest.starts_with([',', ';', '.', ')'])
                || sent.starts_at(Cls::ConjunctEnds, m.end) && rest.starts_with(' ');
            if !(matches!(gap, "and" | "or" | "and the" | "") && ends_conjunct) {
                break;
            }
        }
        // "in the ChatGPT maker": the maker of the model
        let maker = (cx.reg.kind(m.eid) == cx.reg.k.model
            && sent.starts_at(Cls::MakerNouns, m.end))
        .then(|| cx.reg.entities[m.eid].developer.clone())
        .flatten()
        .map(|d| match cx.reg.lookup(&d) {
            Some(e) => e,
            None => cx.reg.add(&d, cx.reg.k.company, &d, &[]),
        });
        objects.push(maker.unwrap_or(m.eid));
        prev_end = Some(m.end);
    }
    objects
}

/// The lexicon's AI-infrastructure sector, added to the document: what the capital
/// spending of a sentence about AI builds when it names no object.
pub(crate) fn ai_infrastructure(cx: &mut RuleCx<'_, '_>) -> Vec<usize> {
    let (name, aliases) = cx
        .schema
        .lexicon
        .sectors
        .iter()
        .find(|(n, _)| n == "AI infrastructure")
        .cloned()
        .unwrap_or_else(|| ("AI infrastructure".to_string(), Vec::new()));
    vec![cx.reg.add(&name, cx.reg.k.sector, &name, &aliases)]
}
