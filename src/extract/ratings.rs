//! Rating words as ratings: which rating words of a sentence are used as ratings
//! ("upgraded to Buy", "a \"hold\" rating", "reiterated its overweight stance"; not
//! "agreed to buy"), which one is new in "to Hold from Buy", and which one a sentence
//! gives a particular company. The ratings rule family reads these through its hooks.

use super::Sent;
use crate::schema::Cls;

/// The rating words of a sentence used as ratings, with their positions: the new one
/// of "from X to Y" / "to Y from X" first, the rest in text order.
pub(crate) fn rating_words(sent: &Sent<'_>) -> Vec<(usize, String)> {
    let t = sent.s.text;
    let mut found: Vec<(usize, usize)> = Vec::new();
    for h in sent.hits_of(Cls::Ratings) {
        let (at, end) = (h.start(), h.end());
        let written = &t[at..end];
        // "buy" as a verb ("agreed to buy") is not a rating unless quoted, capitalised,
        // followed by "rating"/"on"/"stance", or led by "to", "at", "a", "its" …
        let quoted = t[..at].ends_with(['"', '“', '\'']);
        let capital = written.chars().next().is_some_and(char::is_uppercase);
        let followed = sent.starts_at(Cls::RatingFollowers, end);
        let led = sent.ends_at(Cls::RatingLeaders, unquoted(t, at));
        if quoted || capital || followed || led {
            found.push((at, end));
        }
    }
    found.sort();
    // drop ratings inside longer ones ("buy" inside "strong buy")
    let mut best: Vec<(usize, usize)> = Vec::new();
    for (at, end) in found {
        if let Some(&(last_at, last_end)) = best.last() {
            if at < last_end {
                if end - at > last_end - last_at {
                    best.pop();
                } else {
                    continue;
                }
            }
        }
        best.push((at, end));
    }
    // "from overweight to neutral" and "to neutral from overweight": the "to" one is new
    let is_new = |at: usize| sent.ends_at(Cls::NewRatingMarks, unquoted(t, at));
    let is_old = |at: usize| sent.ends_at(Cls::OldRatingMarks, unquoted(t, at));
    let mut out: Vec<(usize, String)> = best
        .iter()
        .filter(|(at, _)| !is_old(*at) || best.len() == 1)
        .map(|&(at, end)| (at, t[at..end].to_ascii_lowercase()))
        .collect();
    out.sort_by_key(|(at, _)| (!is_new(*at), *at));
    out
}

/// The offset before the single quotes written right before `at` (a rating in 'single
/// quotes').
fn unquoted(t: &str, at: usize) -> usize {
    t[..at].trim_end_matches('\'').len()
}

/// The rating a sentence gives an object written at `object_start`: the rating word
/// written closest before it in its clause, else the first after it in the clause,
/// else the sentence's main rating.
pub(crate) fn rating_for(
    sent: &Sent<'_>,
    words: &[(usize, String)],
    object_start: usize,
) -> Option<String> {
    let (from, _) = sent.clause(object_start);
    words
        .iter()
        .filter(|(at, _)| *at >= from && *at < object_start)
        .max_by_key(|(at, _)| *at)
        .or_else(|| {
            // a rating written after its object in the same clause ("… Nvidia at buy")
            words
                .iter()
                .filter(|(at, _)| *at >= from)
                .min_by_key(|(at, _)| *at)
        })
        .or(words.first())
        .map(|(_, r)| r.clone())
}
