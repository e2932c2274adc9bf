//! The named hooks of the rule files: the pieces of rules that stay code (a role a
//! mention plays, a locator with a loop in it, an attribute computed from the
//! sentence, an action on the registry). Each is a small function of the sentence
//! view, the discourse state and the facts so far; the rule files say where they
//! are used.

use super::rule_cx::{Anchor, RuleCx};
use super::{comparison, investment, ratings, recommend, roles, rounds, speakers, Ment};
use crate::schema::rules::{Hook, Role};
use crate::schema::{Cls, KindSet};
use crate::text::phrases::words_back;

/// Whether a mention plays a role.
pub(crate) fn plays(role: Role, m: &Ment, cx: &RuleCx<'_, '_>) -> bool {
    match role {
        Role::Source => roles::is_source(cx.sent.s.text, m),
        Role::DataVendor => roles::is_data_vendor(cx.sent.s.text, m),
        Role::Descriptor => roles::is_descriptor(&cx.sent.lower, m),
        Role::Baseline => roles::is_baseline(&cx.sent.lower, m),
    }
}

/// A condition hook at an anchor (a hook of another kind never holds).
pub(crate) fn cond(h: Hook, a: &Anchor, cx: &RuleCx<'_, '_>) -> bool {
    match h {
        Hook::HasRating => !ratings::rating_words(cx.sent).is_empty(),
        Hook::Forward => speakers::forward(cx.sent),
        Hook::HasSpeakers => !speakers::speakers(cx).is_empty(),
        Hook::ItsModel => its_model(a, cx),
        Hook::ModelInSentence => cx
            .sent
            .ms
            .iter()
            .any(|m| cx.reg.kind(m.eid) == cx.reg.k.model),
        _ => false,
    }
}

/// A locator hook: the entities of `kinds` it finds for the anchor.
pub(crate) fn locate(
    h: Hook,
    a: &Anchor,
    kinds: KindSet,
    bound: &[Vec<usize>],
    cx: &mut RuleCx<'_, '_>,
) -> Vec<usize> {
    match h {
        Hook::RoundTarget => rounds::round_target(cx.sent, cx.reg, a.start)
            .filter(|&e| kinds.has(cx.reg.kind(e)))
            .into_iter()
            .collect(),
        Hook::SpendObject => investment::spend_object(a, kinds, cx),
        Hook::SpendPhrase => investment::spend_phrase(a, kinds, cx),
        Hook::RecommendedPhrases => recommend::recommended_phrases(a, kinds, cx),
        Hook::InvestObjects => investment::invest_objects(a, kinds, false, cx),
        Hook::CapexObjects => investment::invest_objects(a, kinds, true, cx),
        Hook::AiInfrastructure => investment::ai_infrastructure(cx),
        Hook::Launcher => launcher(a, kinds, cx).into_iter().collect(),
        Hook::Speakers => speakers::speakers(cx)
            .into_iter()
            .filter(|&e| kinds.has(cx.reg.kind(e)))
            .collect(),
        Hook::ForecastObjects | Hook::ReportObjects => {
            let who: Vec<usize> = bound.first().cloned().unwrap_or_default();
            speakers::objects(&who, h == Hook::ReportObjects, cx)
                .into_iter()
                .filter(|&e| kinds.has(cx.reg.kind(e)))
                .collect()
        }
        Hook::HeadsAt => heads_at(a, kinds, cx).into_iter().collect(),
        Hook::ColleagueEmployer => colleague_employer(a, kinds, cx).into_iter().collect(),
        Hook::Raters => raters(kinds, cx),
        Hook::ComparedWith => comparison::compared_with(a, kinds, cx),
        Hook::Compared => {
            let exclude: Vec<usize> = bound.iter().flatten().copied().collect();
            comparison::compared(a, kinds, cx, &exclude)
        }
        _ => Vec::new(),
    }
}

/// A check hook on a rule's bound arguments (a hook of another kind never holds).
pub(crate) fn check(h: Hook, _a: &Anchor, bound: &[Vec<usize>], cx: &RuleCx<'_, '_>) -> bool {
    match h {
        // bound: the index after the turn, then the subject before it
        Hook::RiserBeatsIndex => match (bound.first(), bound.get(1)) {
            (Some(index), Some(subject)) => index.iter().any(|&i| {
                subject
                    .iter()
                    .any(|&s| comparison::riser_beats_index(s, i, cx))
            }),
            _ => false,
        },
        _ => false,
    }
}

/// A pair hook: whether the rule relates `subject` to `object` (the first argument's
/// entities are the speakers).
pub(crate) fn pair(
    h: Hook,
    a: &Anchor,
    subject: usize,
    object: usize,
    bound: &[Vec<usize>],
    cx: &RuleCx<'_, '_>,
) -> bool {
    match h {
        Hook::SameClause => {
            let who: &[usize] = bound.first().map_or(&[], |v| v.as_slice());
            speakers::same_clause(a, subject, object, who, cx)
        }
        Hook::MovedMore => comparison::moved_more(a, subject, object, cx),
        _ => false,
    }
}

/// An attribute hook: the value it gives the relation to `object` (none from a hook of
/// another kind).
pub(crate) fn attr(h: Hook, _a: &Anchor, object: usize, cx: &RuleCx<'_, '_>) -> Option<String> {
    match h {
        Hook::RatingFor => {
            let sent = cx.sent;
            let at = sent
                .ms
                .iter()
                .find(|m| m.eid == object)
                .map_or(sent.s.text.len(), |m| m.start);
            ratings::rating_for(sent, &ratings::rating_words(sent), at)
        }
        _ => None,
    }
}

/// An action hook on the entities a rule bound.
pub(crate) fn action(h: Hook, _a: &Anchor, bound: &[usize], cx: &mut RuleCx<'_, '_>) {
    if h == Hook::MakeInvestor {
        // "a portfolio manager at Allspring": a discovered company whose people manage
        // money is an investor
        for &e in bound {
            let ent = &cx.reg.entities[e];
            if ent.discovered && ent.kind == cx.reg.k.company {
                cx.reg.entities[e].kind = cx.reg.k.investor;
            }
        }
    }
}

/// "Lin Yue now heads technology research at Haitong International", "Arthur Chen, a
/// former JPMorgan analyst, now runs research at Guolian Securities": the organisation
/// after a verb of leading, in the last comma-separated part of what follows the
/// person (so the former employer of an apposition is passed over).
fn heads_at(a: &Anchor, kinds: KindSet, cx: &RuleCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let k = a.mention?;
    let person = cx.reg.k.person;
    for o in sent.ms[k + 1..]
        .iter()
        .filter(|o| kinds.has(cx.reg.kind(o.eid)))
    {
        let gap_start = sent.ms[k].end;
        if o.start - gap_start > 120
            || sent.ms[k + 1..]
                .iter()
                .any(|q| q.start < o.start && cx.reg.kind(q.eid) == person)
        {
            return None;
        }
        let last = sent.lower[gap_start..o.start]
            .rfind(',')
            .map_or(gap_start, |c| gap_start + c + 1);
        let verb = sent.has_in(Cls::LeadVerbs, last, o.start);
        let ends = sent.ends_at(Cls::LeadEnds, o.start);
        let former = sent.has_in(Cls::Former, last, o.start);
        if verb && ends && !former {
            return Some(o.eid);
        }
    }
    None
}

/// "Nvidia CEO Jensen Huang said …, and Chief Financial Officer Colette Kress said": a
/// titled person with no firm of their own before the title works where the person
/// named before them does.
fn colleague_employer(a: &Anchor, kinds: KindSet, cx: &RuleCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let k = a.mention?;
    if !sent.ends_at(Cls::PersonTitles, a.start) {
        return None;
    }
    let org = cx.reg.k.org();
    let firm_before = k > 0 && org.has(cx.reg.kind(sent.ms[k - 1].eid)) && {
        let from = sent.ms[k - 1].end;
        a.start - from <= 60 && sent.has_in(Cls::PersonTitles, from, a.start)
    };
    if firm_before {
        return None;
    }
    let works_for = cx.schema.rels().works_for;
    sent.ms[..k]
        .iter()
        .rev()
        .filter(|q| cx.reg.kind(q.eid) == cx.reg.k.person)
        .find_map(|q| cx.facts.employer(q.eid, works_for, cx.schema))
        .filter(|&o| kinds.has(cx.reg.kind(o)))
}

/// Who rates in a sentence: its brokers, and people who work for a broker (or with a
/// broker named beside them), data vendors aside; else the broker of the sentence
/// before ('The "hold" rating is maintained.'); else, when the sentence points back
/// ("the bank", "it"), the broker named last or the one whose report this is.
fn raters(kinds: KindSet, cx: &RuleCx<'_, '_>) -> Vec<usize> {
    let k = &cx.reg.k;
    let sent = cx.sent;
    let works_for = cx.schema.rels().works_for;
    let mut v: Vec<usize> = sent
        .ms
        .iter()
        .filter(|m| kinds.has(cx.reg.kind(m.eid)))
        .filter(|m| !roles::is_data_vendor(sent.s.text, m))
        .map(|m| m.eid)
        .collect();
    let broker_here = v.iter().any(|&e| cx.reg.kind(e) == k.broker);
    v.retain(|&e| {
        cx.reg.kind(e) == k.broker
            || broker_here
            || cx
                .facts
                .employer(e, works_for, cx.schema)
                .is_some_and(|o| cx.reg.kind(o) == k.broker)
    });
    if v.is_empty() {
        v.extend(
            cx.disc
                .prev
                .iter()
                .copied()
                .find(|&e| cx.reg.kind(e) == k.broker),
        );
    }
    if v.is_empty() && (sent.has(Cls::BrokerAnaphora) || sent.has(Cls::ItPronouns)) {
        v.extend(cx.disc.last_broker.or(cx.disc.report));
    }
    v
}

/// "its Qwen", "its in-house Gauss2": "its" within three words before the model, with
/// only lower-case modifiers between.
fn its_model(a: &Anchor, cx: &RuleCx<'_, '_>) -> bool {
    let sent = cx.sent;
    let from = words_back(sent.s.text, a.start, 3);
    sent.hits_of(Cls::Its)
        .filter(|h| h.start() >= from && h.end() <= a.start)
        .last()
        .is_some_and(|h| {
            sent.lower[h.end()..a.start]
                .split_whitespace()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        })
}

/// Whether the text between two mentions is exactly one phrase of a class.
fn gap_is(sent: &super::Sent<'_>, c: Cls, from: usize, to: usize) -> bool {
    let gap = sent.lower[from..to].trim();
    gap.is_empty()
        || sent
            .hits_of(c)
            .any(|h| h.start() >= from && h.end() <= to && sent.lower[h.start()..h.end()] == *gap)
}

/// "<company> launched/released/unveiled … <model>": the company named before the
/// sentence's first verb of releasing. "open-sourced Kimi K2 Thinking, a model it says
/// beats GPT-5": a model after the one launched (not listed with it) is only compared.
fn launcher(a: &Anchor, kinds: KindSet, cx: &RuleCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let k = a.mention?;
    let verb = sent.first_in(Cls::Develop, 0, a.start)?.start();
    let model = cx.reg.k.model;
    // "… a chatbot it says beats GPT-5": a model after a comparison is only compared
    let compared = sent.has_in(Cls::CompareWords, verb, a.start)
        || sent.has_in(Cls::Outperform, verb, a.start)
        || sent.ms[..k]
            .iter()
            .rfind(|q| q.start > verb && cx.reg.kind(q.eid) == model)
            .is_some_and(|q| !gap_is(sent, Cls::ModelListJoints, q.end, a.start));
    if compared {
        return None;
    }
    sent.ms[..k]
        .iter()
        .rev()
        .find(|p| p.end <= verb && kinds.has(cx.reg.kind(p.eid)))
        .map(|p| p.eid)
}
