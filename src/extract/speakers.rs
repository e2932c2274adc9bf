//! Who speaks in a sentence and what they speak of: the hooks of the forecasts rules.
//!
//! A speaker is a broker, person or fund next to a speech cue ("said", "expects",
//! "according to"), a broker's staff ("HSBC strategists … stated"), the broker "the
//! bank" points back to, or the person "he"/"the analyst" points back to; a person
//! speaks to markets only with an employer, and an analyst's or a fund strategist's
//! view is also their firm's. What they forecast is every entity of the sentence that
//! is not a source, a yardstick or a speaker (in an opening sentence, only what follows
//! the broker), else the company in focus when the sentence points at it ("the stock").

use super::rule_cx::{Anchor, RuleCx};
use super::{roles, Sent};
use crate::schema::Cls;

/// Whether a sentence looks forward: a forward cue that is not part of a look back
/// ("would have amounted"), or a lower-case "may"/"might" ("May 27" is a date).
pub(crate) fn forward(sent: &Sent<'_>) -> bool {
    let t = sent.s.text;
    let hindsight: Vec<(usize, usize)> = sent
        .hits_of(Cls::Hindsight)
        .map(|h| (h.start(), h.end()))
        .collect();
    let cue = sent.hits_of(Cls::ForwardCues).any(|h| {
        !hindsight
            .iter()
            .any(|&(a, b)| a <= h.start() && h.end() <= b)
    });
    cue || sent
        .hits_of(Cls::Modals)
        .any(|h| t[h.start()..h.end()].starts_with(|c: char| c.is_lowercase()))
}

/// The speakers of a sentence (and the firms of analysts and fund strategists among them).
pub(crate) fn speakers(cx: &RuleCx<'_, '_>) -> Vec<usize> {
    let sent = cx.sent;
    let reg = &*cx.reg;
    let k = &reg.k;
    let t = sent.s.text;
    let works_for = cx.schema.rels().works_for;
    let mut out = Vec::new();
    for m in &sent.ms {
        let kind = reg.kind(m.eid);
        if !k.forecaster().has(kind) {
            continue;
        }
        let window_end = crate::text::phrases::floor(t, m.end + 80);
        // a cue within nine words after the name
        let within = |c: Cls| {
            sent.first_in(c, m.end, window_end)
                .is_some_and(|h| sent.words_between(m.end, h.start()) <= 9)
        };
        // a fund speaks when it predicts ("ARK Invest predicts"), not when it says what it
        // does ("SoftBank said it will invest")
        // ("Ardent Funds all expect"): a quantifier may stand between
        let quantifier_end = sent
            .hits_of(Cls::SubjectQuantifiers)
            .find(|h| h.start() >= m.end && sent.words_between(m.end, h.start()) == 0)
            .map(|h| h.end());
        let predicts = sent.starts_at(Cls::PredictVerbs, m.end)
            || quantifier_end.is_some_and(|e| sent.starts_at(Cls::PredictVerbs, e));
        // ("Ng projected Hong Kong stocks to move higher": an analyst predicts too; a
        // person without an employer is dropped below)
        let cue_after = (kind != k.investor && within(Cls::SpeechCues))
            || (kind == k.broker && within(Cls::ForwardCues))
            || ((kind == k.investor || kind == k.person) && predicts);
        let cue_before = kind != k.investor && sent.ends_at(Cls::SpeakerLeads, m.start);
        let title_before = sent.ends_at(Cls::PersonTitles, m.start);
        // "HSBC strategists A and B stated …": the broker speaks through its staff
        let staff_after = (k.broker | k.investor).has(kind)
            && !sent.ends_at(Cls::Former, m.start)
            && sent.starts_at(Cls::StaffNouns, m.end)
            && sent.has(Cls::SpeechCues);
        if cue_after
            || cue_before
            || staff_after
            || (kind == k.person && title_before && sent.has(Cls::SpeechCues))
        {
            out.push(m.eid);
        }
    }
    // "Kestrel Capital, Ardent Funds and Pell Securities all expect …": the members of a
    // list of forecasters whose last member speaks speak with it
    for i in (1..sent.ms.len()).rev() {
        let (prev, next) = (&sent.ms[i - 1], &sent.ms[i]);
        // (the gap, read word by word, is asked last: most names do not speak)
        if out.contains(&next.eid)
            && k.forecaster().has(reg.kind(prev.eid))
            && list_gap(
                &t[prev.end..next.start],
                &cx.schema.lexicon.suffixes.company,
            )
        {
            out.push(prev.eid);
        }
    }
    // "the bank believes", "the brokerage said"
    if sent.has(Cls::BrokerAnaphora) {
        // "The strategists expect …" after a fund's strategists spoke: the fund
        let staff = sent.has(Cls::StaffAnaphora);
        let house = cx
            .disc
            .seen
            .iter()
            .rev()
            .copied()
            .find(|&e| (k.broker | k.investor).has(reg.kind(e)))
            .filter(|&e| staff && reg.kind(e) == k.investor && cx.disc.report.is_none());
        if let Some(b) = house.or(cx.disc.report).or(cx.disc.last_broker) {
            out.push(b);
        }
    }
    // "…, it added.", "It also said 2026 should prove a strong year for …": "it" speaking
    // is the broker when a broker, not a company, was the firm named last
    let it_speaks = sent.hits_of(Cls::ItPronouns).any(|h| {
        t[h.start()..h.end()].eq_ignore_ascii_case("it")
            && [Cls::SpeechCues, Cls::PredictVerbs].into_iter().any(|c| {
                sent.first_in(c, h.end(), t.len())
                    .is_some_and(|c| sent.words_between(h.end(), c.start()) <= 1)
            })
    });
    let firms = k.broker | k.company | k.investor;
    let firm_here = sent.ms.iter().any(|m| firms.has(reg.kind(m.eid)));
    if it_speaks && !firm_here {
        let last_firm = cx.disc.last_of_kind(reg, firms);
        out.extend(last_firm.filter(|&e| reg.kind(e) == k.broker));
    }
    // "The strategist said …", "he said": the person named last spoke
    let person_here = sent.ms.iter().any(|m| reg.kind(m.eid) == k.person);
    if !person_here
        && (sent.has(Cls::PersonPronouns) || sent.has(Cls::PersonBackRefs))
        && sent.has(Cls::SpeechCues)
    {
        out.extend(cx.disc.last_person);
    }
    // a person speaks to markets as an analyst, strategist, investor or executive:
    // someone with an employer (a politician's remark about a company is no forecast)
    out.retain(|&e| {
        reg.kind(e) != k.person || cx.facts.employer(e, works_for, cx.schema).is_some()
    });
    // an analyst speaks for the broker named with them ("said Kyna Wong from Citi"); a
    // fund's chief investment officer, economist or strategist speaks for the fund (a
    // portfolio manager or director speaks for themself)
    let house_view = sent.has(Cls::HouseViewTitles);
    let firms: Vec<usize> = out
        .iter()
        .flat_map(|&e| cx.facts.employers(e, works_for, cx.schema))
        .filter(|&o| reg.kind(o) == k.broker || reg.kind(o) == k.investor && house_view)
        .collect();
    out.extend(firms);
    out.sort();
    out.dedup();
    out
}

/// What the speakers forecast: the entities of the sentence (after the opening broker
/// in a report's opening sentence) that are no source, yardstick or speaker; else, when
/// an analyst is quoted or the sentence points at "the stock", the company in focus.
pub(crate) fn objects(speakers: &[usize], by_report: bool, cx: &RuleCx<'_, '_>) -> Vec<usize> {
    let sent = cx.sent;
    let reg = &*cx.reg;
    let t = sent.s.text;
    let from = if cx.disc.opened.is_some() {
        sent.ms
            .iter()
            .find(|m| Some(m.eid) == cx.disc.report || speakers.contains(&m.eid))
            .map_or(0, |m| m.end)
    } else {
        0
    };
    let mut out: Vec<usize> = Vec::new();
    for m in sent.ms.iter().filter(|m| m.start >= from) {
        // (a speaker, or an entity already taken, is passed over before the roles of its
        // mention are read: a yardstick is looked for in the words before it)
        if speakers.contains(&m.eid) || out.contains(&m.eid) {
            continue;
        }
        if roles::is_source(t, m) || roles::is_baseline(&sent.lower, m) {
            continue;
        }
        out.push(m.eid);
    }
    if out.is_empty() {
        let works_for = cx.schema.rels().works_for;
        let k = &reg.k;
        // an analyst quoted by name speaks of the company the story is about
        let quoted_analyst = !by_report
            && speakers.iter().any(|&e| {
                reg.kind(e) == k.person
                    && cx
                        .facts
                        .employers(e, works_for, cx.schema)
                        .any(|o| (k.broker | k.investor).has(reg.kind(o)))
            });
        if quoted_analyst || sent.has(Cls::CompanyRefs) {
            out.extend(cx.disc.focus);
        }
    }
    out
}

/// "Citi turned bullish on banks while Morgan Stanley stayed cautious on developers": a
/// speaker named in the sentence speaks for its own clause when speakers stand in
/// several; a speaker's employer is no object of their forecast ("said Wang He, Galbot's
/// founder").
pub(crate) fn same_clause(
    _a: &Anchor,
    speaker: usize,
    object: usize,
    speakers: &[usize],
    cx: &RuleCx<'_, '_>,
) -> bool {
    let sent = cx.sent;
    let works_for = cx.schema.rels().works_for;
    if cx
        .facts
        .employers(speaker, works_for, cx.schema)
        .any(|o| o == object)
    {
        return false;
    }
    let clause_of = |e: usize| {
        sent.ms
            .iter()
            .find(|m| m.eid == e)
            .map(|m| sent.clause(m.start).0)
    };
    let mut clauses: Vec<usize> = speakers.iter().filter_map(|&s| clause_of(s)).collect();
    clauses.sort();
    clauses.dedup();
    if clauses.len() <= 1 {
        return true;
    }
    // an object the sentence does not name (the company in focus) stands at its end
    let object_clause = clause_of(object).unwrap_or(sent.clause(sent.s.text.len()).0);
    clause_of(speaker).is_none_or(|c| c == object_clause)
}

/// Whether the text between two names joins them in a list ("," "and" ", and" "&"),
/// past a legal suffix left outside the first name ("Amundi SA, Pell Securities").
fn list_gap(gap: &str, suffixes: &[String]) -> bool {
    let mut joint = String::new();
    for w in gap.split_whitespace() {
        let bare = w.trim_end_matches(',');
        if suffixes.iter().any(|x| x.eq_ignore_ascii_case(bare)) {
            joint.push_str(&w[bare.len()..]);
        } else {
            if !joint.is_empty() && !w.starts_with(',') {
                joint.push(' ');
            }
            joint.push_str(w);
        }
    }
    matches!(joint.as_str(), "," | "and" | ", and" | "&")
}

#[cfg(test)]
mod tests {
    use super::list_gap;

    #[test]
    fn a_list_gap_joins_names_past_a_legal_suffix() {
        let suffixes = vec!["sa".to_string(), "inc.".to_string()];
        for joint in [
            ",",
            " and ",
            ", and ",
            " & ",
            " SA, ",
            " SA and ",
            " Inc., and ",
        ] {
            assert!(list_gap(joint, &suffixes), "{joint:?}");
        }
        for gap in [" said ", ", while ", " of ", " SA said ", ""] {
            assert!(!list_gap(gap, &suffixes), "{gap:?}");
        }
    }
}
