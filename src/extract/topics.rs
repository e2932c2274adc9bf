//! Topics by word stem: a figure whose sentence names no owner continues the topic (a
//! sector of the paragraph whose distinctive word it repeats, what the sentence before
//! said of the same thing, the paragraph's subject). The word lists and the stemmer
//! are in `name_words`.

use super::figure_cx::FigureCx;
use super::name_words::content_stems;
use super::{Ment, Sent};
use crate::schema::Cls;

/// The sentences of the paragraph holding sentence `si` (one line of the text).
fn paragraph(cx: &FigureCx<'_, '_>) -> std::ops::Range<usize> {
    let line = cx.sents[cx.si].s.line;
    let end = (cx.si..cx.sents.len())
        .find(|&j| cx.sents[j].s.line != line)
        .unwrap_or(cx.sents.len());
    cx.disc.paragraph.min(cx.si)..end
}

/// Goods a sentence counts as traded ("exports of new energy vehicles"): what is
/// shipped, not who ships it.
pub(crate) fn traded_goods(sent: &Sent<'_>, m: &Ment) -> bool {
    let end = sent.past_the(m.start);
    sent.hit_ending(Cls::TradedGoodsCues, end).is_some()
}

/// A sector of the paragraph whose distinctive words the clause repeats; None when none
/// does or two do equally well. Of two, one named before the figure (in an earlier
/// sentence, or earlier in this one) is the topic; one named only after it is what the
/// sentence says something about ("… 6% make the lenders attractive"). Goods the
/// sentence counts as traded are no topic.
pub(crate) fn sector_by_word(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let reg = cx.reg;
    let (si, at) = (cx.si, cx.q().start);
    let words = cx.stems();
    let para = paragraph(cx);
    let mut scored: Vec<(usize, usize, bool)> = Vec::new();
    for (i, e) in reg.entities.iter().enumerate() {
        if e.kind != reg.k.sector {
            continue;
        }
        // a sector named in the same paragraph
        let mut named = false;
        let mut before = false;
        for j in para.clone() {
            for m in cx.sents[j].ms.iter().filter(|m| m.eid == i) {
                named = true;
                before |= j < si || j == si && m.end <= at;
            }
        }
        if !named {
            continue;
        }
        let hits = content_stems(&e.name, cx.words)
            .iter()
            .filter(|w| !cx.words.generic.contains(*w) && words.contains(w))
            .count();
        if hits > 0 {
            scored.push((cx.words.canonical_sector(reg, i), hits, before));
        }
    }
    let top = scored.iter().map(|&(_, h, _)| h).max()?;
    let mut best: Vec<(usize, bool)> = Vec::new();
    for &(e, h, before) in &scored {
        if h == top {
            match best.iter_mut().find(|(b, _)| *b == e) {
                Some(b) => b.1 |= before,
                None => best.push((e, before)),
            }
        }
    }
    if best.len() > 1 {
        best.retain(|&(_, before)| before);
    }
    let found = (best.len() == 1).then(|| best[0].0)?;
    let sent = cx.sent;
    (!sent
        .ms
        .iter()
        .any(|m| m.eid == found && traded_goods(sent, m)))
    .then_some(found)
}

/// What the previous sentence of the same paragraph said of the thing the clause speaks
/// of: the entity named beside a word the clause repeats ("the automobile industry's
/// overseas opportunities. Overseas sales are expected to reach …").
pub(crate) fn previous_sentence(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let si = cx.si;
    let prev = &cx.sents[si.checked_sub(1)?];
    let line = cx.sent.s.line;
    if prev.s.line != line {
        return None;
    }
    let reg = cx.reg;
    let words = cx.stems();
    let pt = prev.s.text;
    let repeats = |s: usize, e: usize| {
        content_stems(&pt[s..e], cx.words)
            .iter()
            .any(|x| words.contains(x))
    };
    // "… upbeat on the industry's overseas prospects. Overseas sales …": the industry
    // the paragraph is about
    let industry = prev.hits_of(Cls::IndustryRefs).any(|h| {
        super::figures::words(pt, h.end())
            .take(3)
            .any(|(s, e)| repeats(s, e))
    });
    if industry {
        // the paragraph's first industry is its topic
        let named = cx.sents[..si]
            .iter()
            .rev()
            .take_while(|s| s.s.line == line)
            .flat_map(|s| s.ms.iter().rev())
            .filter(|m| {
                let e = &reg.entities[m.eid];
                e.kind == reg.k.sector
                    && cx
                        .words
                        .industry_heads
                        .iter()
                        .any(|h| e.name.ends_with(h.as_str()))
            })
            .last();
        if let Some(m) = named {
            return Some(m.eid);
        }
    }
    let people = reg.k.broker | reg.k.person | reg.k.investor;
    prev.ms
        .iter()
        .filter(|m| !people.has(reg.kind(m.eid)))
        .find(|m| {
            super::figures::words_back(pt, 0, m.start)
                .take(3)
                .chain(super::figures::words(pt, m.end).take(3))
                .any(|(s, e)| repeats(s, e))
        })
        .map(|m| m.eid)
}

/// The entity a paragraph opens with as its subject ("3) Smart cars are expected to
/// become the next internet portal …"), for figures later in it that name no owner.
/// How many sentences back the company in focus may have been named last for a
/// figure that names no owner to be its.
const FOCUS_REACH: usize = 3;

/// The company a passage is still about, for a figure its sentence names no owner for
/// (ANNOTATION: "Net profit is expected to grow 12%" in a note on a company is that
/// company's): the discourse's focus, when one of the last [`FOCUS_REACH`] sentences
/// names it and no index is named after it. "Quenby Holdings posted results on
/// Tuesday. Operating margin widened to 14.3%." gives the margin to Quenby; in a
/// market wrap ("… Orvane Group rose 2%. The Tarrow Index fell 1%. Taiwan equities
/// climbed 0.8%.") a market finkg does not know is no company's.
pub(crate) fn passage_focus(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let focus = cx.disc.focus?;
    if unknown_possessive_before(cx) {
        return None;
    }
    let index = cx.reg.k.index;
    let from = cx.si.saturating_sub(FOCUS_REACH);
    for sent in cx.sents[from..cx.si].iter().rev() {
        for m in sent.ms.iter().rev() {
            if m.eid == focus {
                return Some(focus);
            }
            if cx.reg.kind(m.eid) == index {
                return None;
            }
        }
    }
    None
}

/// The figure's clause names an owner finkg does not know, as a possessive before the
/// figure: "Byte's daily token use rose to 50 trillion" is Byte's, not the focus's.
fn unknown_possessive_before(cx: &FigureCx<'_, '_>) -> bool {
    let t = cx.sent.s.text;
    let end = cx.q().start;
    let from = cx.cs.min(end);
    let known = |at: usize| cx.sent.ms.iter().any(|m| m.start <= at && at < m.end);
    ["'s ", "’s "].iter().any(|mark| {
        t[from..end].match_indices(mark).any(|(i, _)| {
            let at = from + i;
            let word_start = t[..at]
                .rfind(|c: char| !c.is_alphanumeric())
                .map_or(0, |p| p + t[p..].chars().next().map_or(1, char::len_utf8));
            t[word_start..at].starts_with(char::is_uppercase) && !known(word_start)
        })
    })
}

pub(crate) fn paragraph_topic(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let start = paragraph(cx).start;
    if start >= cx.si {
        return None;
    }
    let first = &cx.sents[start];
    let reg = cx.reg;
    let t = first.s.text;
    // past a list marker ("3) ", "(2) ", "1. ")
    let body = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || "().".contains(c) || c.is_whitespace());
    let at = t.len() - body.len();
    first
        .ms
        .iter()
        .find(|m| m.start == at)
        // the subject of a sentence, not a heading ("Computing power infrastructure: …")
        .filter(|m| !t[m.end..].trim_start().starts_with([':', '：']))
        .filter(|m| (reg.k.sector | reg.k.company | reg.k.index).has(reg.kind(m.eid)))
        .map(|m| m.eid)
}
