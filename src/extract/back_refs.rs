//! Phrases that point back at the company, index or model in focus ("the stock",
//! "the index", "the chatbot's"), written in a clause before a figure.

use super::{figures, Sent};
use crate::schema::Cls;

/// What the words before a figure point back at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Back {
    /// "the stock", "the company", "the startup".
    Company,
    /// "the index", "the benchmark", "the gauge".
    Index,
    /// "the chatbot", "the model".
    Model,
}

/// Whether the clause `from..to` points back at the company, index or model in focus,
/// and where the last such phrase starts.
pub(crate) fn refers_back(sent: &Sent<'_>, from: usize, to: usize) -> Option<(Back, usize)> {
    let last = |c: Cls| sent.last_in(c, from, to).map(|h| h.start());
    let company = last(Cls::FigureCompanyRefs);
    let index = last(Cls::FigureIndexRefs);
    // "the chatbot's weekly active users": the model named before, written last
    if let Some(m) = last(Cls::FigureModelRefs).filter(|&m| Some(m) > company && Some(m) > index) {
        return Some((Back::Model, m));
    }
    match (company, index) {
        (Some(c), Some(i)) if i > c => Some((Back::Index, i)),
        (Some(c), _) => Some((Back::Company, c)),
        (None, Some(i)) => Some((Back::Index, i)),
        // "values the French startup at …", "from the pan-European index's close": an
        // adjective between
        _ => with_adjective(sent, Cls::CompanyNouns, from, to)
            .map(|(at, _)| (Back::Company, at))
            .or_else(|| {
                // (not "the broader gauge": another index)
                with_adjective(sent, Cls::IndexNouns, from, to)
                    .filter(|&(_, (s, e))| !sent.trimmed_is(Cls::OtherIndexAdjectives, s, e))
                    .map(|(at, _)| (Back::Index, at))
            }),
    }
}

/// Where "the <adjective> <noun>" starts its noun, and the adjective's span, for the last
/// noun of the class in the clause `from..to` ("the French startup", "the pan-European
/// index's").
fn with_adjective(
    sent: &Sent<'_>,
    nouns: Cls,
    from: usize,
    to: usize,
) -> Option<(usize, (usize, usize))> {
    if !sent.has_in(nouns, from, to) {
        return None;
    }
    let t = sent.s.text;
    let mut back = figures::words_back(t, from, to);
    let noun = back.find(|&(s, e)| {
        sent.trimmed_is(nouns, s, e)
            || ["'s", "’s"]
                .iter()
                .any(|p| t[s..e].ends_with(p) && sent.trimmed_is(nouns, s, e - p.len()))
    })?;
    let adjective = back.next()?;
    let (s, e) = back.next()?;
    sent.hit_exact(Cls::DefiniteArticle, s, e)
        .then_some((noun.0, adjective))
}
