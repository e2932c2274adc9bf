//! Funding rounds in a sentence: the company that raises money, and the company a
//! round is for ("co-led a $40 million round for Quillon"). The discourse state
//! reads who raises; the investment rules' `RoundTarget` hook whom a round is for.

use super::Sent;
use crate::resolve::Registry;
use crate::schema::Cls;

/// The company a round is raised by, named after "co-led"/"led"/"joined" … "round":
/// after "for" or "in", or as "the maker" / "the startup", or with a possessive
/// ("Quillon's Series B").
pub(crate) fn round_target(sent: &Sent<'_>, reg: &Registry, verb: usize) -> Option<usize> {
    let t = sent.s.text;
    sent.ms
        .iter()
        .filter(|m| m.start > verb && reg.kind(m.eid) == reg.k.company)
        .find(|m| {
            sent.ends_at(Cls::RoundTargetMarks, m.start)
                || t[m.end..].starts_with('\'')
                || t[m.end..].starts_with('’')
        })
        .map(|m| m.eid)
}

/// The company that raises money in a sentence of a round: the first company named
/// before the verb of raising (and before the investors' cue, "led by"); failing that,
/// the company a round led by named investors is for.
pub(crate) fn raiser_in(sent: &Sent<'_>, reg: &Registry) -> (Option<usize>, Option<usize>) {
    if !sent.has(Cls::Funding) {
        return (None, None);
    }
    let cue = sent
        .hits_of(Cls::FundingInvestors)
        .next()
        .map(|h| h.start());
    let raise_at = sent
        .hits_of(Cls::RaiseWords)
        .min_by_key(|h| (h.start, std::cmp::Reverse(h.end)))
        .map(|h| h.start());
    let here = raise_at.and_then(|at| {
        sent.ms
            .iter()
            .filter(|m| m.end <= at && cue.is_none_or(|c| m.end <= c))
            .find(|m| reg.kind(m.eid) == reg.k.company)
            .map(|m| m.eid)
    });
    let led = sent
        .hits_of(Cls::RoundLeadVerbs)
        .filter(|h| {
            !sent.starts_at(Cls::ByWords, h.end()) && !sent.ends_at(Cls::RoundWords, h.start())
        })
        .filter(|h| sent.hits_of(Cls::RoundWords).any(|r| r.start() >= h.end()))
        .find_map(|h| round_target(sent, reg, h.start()));
    (here, led)
}
