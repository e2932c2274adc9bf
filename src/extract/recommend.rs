//! What a broker, strategist or fund recommends when it names no entity: the listed
//! noun phrases after a recommendation cue are sectors ("keeps recommending container
//! shipping and cross-border logistics", "bullish on regional banks").

use super::figures::words;
use super::rule_cx::{Anchor, RuleCx};
use super::Sent;
use crate::schema::{Cls, KindSet};

/// The sectors a recommendation names after its cue, one per listed noun phrase
/// ("recommends container shipping, port operators and regional banks"). A phrase
/// that starts at a named entity is that entity's; a vague one ("the stock",
/// "investors") names nothing; a cue followed closely by another cue leaves the
/// phrases to the later one ("recommended concentrating on …").
pub(crate) fn recommended_phrases(
    a: &Anchor,
    kinds: KindSet,
    cx: &mut RuleCx<'_, '_>,
) -> Vec<usize> {
    let sent = cx.sent;
    let t = sent.s.text;
    if !kinds.has(cx.reg.k.sector) {
        return Vec::new();
    }
    let next_cue = sent
        .hits_of(Cls::RecommendLeads)
        .any(|h| h.start() > a.start && h.start() <= a.end + 16);
    if next_cue {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = a.end + (t[a.end..].len() - t[a.end..].trim_start().len());
    // "endorsed four key sectors: consumer staples, …": a short lead-in that names
    // nothing, up to a colon, announces the list after it
    if let Some(colon) = t[at..].find(':') {
        let lead = &t[at..at + colon];
        let named = sent
            .ms
            .iter()
            .any(|m| m.start >= at && m.start < at + colon);
        if !named && lead.split_whitespace().count() <= 4 {
            at += colon + 1;
            at += t[at..].len() - t[at..].trim_start().len();
        }
    }
    for _ in 0..6 {
        if at >= t.len() {
            break;
        }
        // an entity named where the item starts is the item (a company is not a sector)
        if let Some(m) = sent.ms.iter().find(|m| m.start >= at && m.start <= at + 4) {
            if cx.reg.kind(m.eid) == cx.reg.k.sector {
                out.push(m.eid);
            }
            at = m.end;
        } else {
            let Some((start, end)) = item(sent, at) else {
                break;
            };
            let phrase = &t[start..end];
            let vague = sent
                .hits_of(Cls::VagueObjects)
                .any(|h| h.start() == start && h.end() <= end);
            let capitalised = phrase.starts_with(|c: char| c.is_uppercase());
            if vague || capitalised {
                break;
            }
            let phrase = phrase.to_string();
            out.push(cx.reg.add(&phrase, cx.reg.k.sector, &phrase, &[]));
            at = end;
        }
        // the next item of the list: after ", ", ", and " or " and "
        let rest = &t[at..];
        let skip = [", and ", ", or ", ", ", " and ", " or "]
            .iter()
            .find(|sep| rest.starts_with(**sep))
            .map(|sep| sep.len());
        match skip {
            Some(n) => at += n,
            None => break,
        }
    }
    out
}

/// One item of a list of noun phrases from `at`: leading articles (`phrase_leads`)
/// skipped, up to five words, ending before a preposition or conjunction
/// (`phrase_stops`), a number or a participle, or after a word with punctuation.
fn item(sent: &Sent<'_>, at: usize) -> Option<(usize, usize)> {
    let t = sent.s.text;
    let words: Vec<(usize, usize)> = words(t, at).collect();
    let mut span: Option<(usize, usize)> = None;
    let mut n = 0;
    for (i, &(w_start, w_stop)) in words.iter().enumerate() {
        let w = &t[w_start..w_stop];
        let clean = w.trim_end_matches([',', '.', ';', ':', ')', '"', '”']);
        let w_end = w_start + clean.len();
        if clean.is_empty() {
            break;
        }
        if span.is_none() && sent.hit_exact(Cls::PhraseLeads, w_start, w_end) {
            continue;
        }
        if sent.hit_exact(Cls::PhraseStops, w_start, w_end)
            || clean.starts_with(|c: char| c.is_ascii_digit() || c == '$')
        {
            break;
        }
        // "the industry's overseas prospects": a possessive names no sector here
        if clean.ends_with("'s") || clean.ends_with("’s") {
            return None;
        }
        // "cross-border logistics offering high yields": a participle after the head
        // ends the item, unless the item ends with it ("container shipping and …")
        if n > 0 && clean.len() > 5 && clean.ends_with("ing") && clean.len() == w.len() {
            if let Some(&(next, _)) = words.get(i + 1) {
                if !sent.starts_at(Cls::PhraseStops, next) {
                    break;
                }
            }
        }
        span = Some((span.map_or(w_start, |s| s.0), w_end));
        n += 1;
        if clean.len() != w.len() || n == 5 {
            break;
        }
    }
    span
}
