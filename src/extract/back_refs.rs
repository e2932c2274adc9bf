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
        _ => {
            // "values the French startup at …": an adjective between
            if !sent.has_in(Cls::CompanyNouns, from, to) {
                return None;
            }
            let t = sent.s.text;
            let mut back = figures::words_back(t, from, to);
            let noun = back.find(|&(s, e)| sent.trimmed_is(Cls::CompanyNouns, s, e))?;
            let _adjective = back.next()?;
            let (s, e) = back.next()?;
            sent.hit_exact(Cls::DefiniteArticle, s, e)
                .then_some((Back::Company, noun.0))
        }
    }
}
