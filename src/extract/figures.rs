//! Queries of the metrics stage on the sentence view: exact hits, the clause of a
//! figure, words around it, list runs of figures or names. Like `view.rs`, they read
//! the one scan's hits (sorted by position) and the text; none lowers, splits into a
//! new buffer or searches the text for a phrase again.

use super::cues::{ClassId, Hit};
use super::Sent;
use crate::schema::Cls;

impl Sent<'_> {
    /// The hits starting at byte `start` (binary search over the sorted hits).
    fn hits_starting(&self, start: usize) -> impl Iterator<Item = &Hit> {
        let from = self.hits.partition_point(|h| (h.start as usize) < start);
        self.hits[from..]
            .iter()
            .take_while(move |h| h.start as usize == start)
    }

    /// A hit of the class covering exactly `start..end`.
    pub(crate) fn hit_exact(&self, c: impl Into<ClassId>, start: usize, end: usize) -> bool {
        let c = c.into();
        self.classes.maybe(c)
            && self
                .hits_starting(start)
                .any(|h| h.class == c && h.end as usize == end)
    }

    /// A hit of the class starting at byte `start` (no space skipped).
    pub(crate) fn hit_starting(&self, c: impl Into<ClassId>, start: usize) -> Option<Hit> {
        let c = c.into();
        if !self.classes.maybe(c) {
            return None;
        }
        self.hits_starting(start)
            .filter(|h| h.class == c)
            .max_by_key(|h| h.end)
            .copied()
    }

    /// A hit of the class ending at byte `end` (no space skipped).
    pub(crate) fn hit_ending(&self, c: impl Into<ClassId>, end: usize) -> Option<Hit> {
        let c = c.into();
        self.class_hits(c)
            .iter()
            .filter(|h| h.class == c && h.end() == end)
            .min_by_key(|h| h.start)
            .copied()
    }

    /// The hit of the class starting last within `from..to`.
    pub(crate) fn last_in(&self, c: impl Into<ClassId>, from: usize, to: usize) -> Option<Hit> {
        let c = c.into();
        self.class_hits(c)
            .iter()
            .filter(|h| h.class == c && h.start() >= from && h.end() <= to)
            .max_by_key(|h| h.start)
            .copied()
    }

    /// Whether a hit of the class lies within the first `n` words after byte `at`.
    pub(crate) fn in_words_after(&self, c: impl Into<ClassId>, at: usize, n: usize) -> bool {
        let end = words_end(self.s.text, at, n);
        self.has_in(c, at, end)
    }

    /// Whether one of the first `n` words after byte `at`, its punctuation trimmed, is a
    /// phrase of the class.
    pub(crate) fn word_after_is(&self, c: impl Into<ClassId> + Copy, at: usize, n: usize) -> bool {
        words(self.s.text, at)
            .take(n)
            .any(|(s, e)| self.trimmed_is(c, s, e))
    }

    /// Whether the word at `start..end`, punctuation trimmed from both ends, is a phrase
    /// of the class.
    pub(crate) fn trimmed_is(&self, c: impl Into<ClassId>, start: usize, end: usize) -> bool {
        let (s, e) = trim_punct(self.s.text, start, end);
        s < e && self.hit_exact(c, s, e)
    }

    /// Where "the" ends the words before `at` (white space skipped), the start of the
    /// space before it; else the end of those words ("exports of the", "sector in the").
    pub(crate) fn past_the(&self, at: usize) -> usize {
        let t = self.s.text;
        let end = t[..at].trim_end().len();
        match self.hit_ending(Cls::DefiniteArticle, end) {
            Some(h) if h.start() >= 1 && t.as_bytes()[h.start() - 1] == b' ' => h.start() - 1,
            _ => end,
        }
    }

    /// Where the clause of the figure at byte `at` starts: after the last of the clause
    /// breaks of figures before it ("; ", " while ", " compared with " …) and, with
    /// `and_name`, after " and " when a figure came before it and a name follows ("… to
    /// 162,400 won and SK hynix vaulting 5.12%").
    pub(crate) fn figure_clause(&self, at: usize, and_name: bool) -> usize {
        let t = self.s.text;
        let mut start = 0;
        for h in self.hits_of(Cls::FigureClauseBreaks) {
            if h.end() <= at {
                start = start.max(h.end());
            }
        }
        if and_name {
            let digit = t.bytes().position(|b| b.is_ascii_digit());
            for h in self.hits_of(Cls::ClauseAnd) {
                // "… gained 14% and Tarvo Foods added about 9%", "… and the Taiex added
                // about 9%": a name, or "the" and a name, opens the next clause
                let next = &t[h.end()..];
                let next = next.strip_prefix("the ").unwrap_or(next);
                if h.end() <= at
                    && digit.is_some_and(|d| d < h.start())
                    && next.starts_with(|c: char| c.is_uppercase())
                {
                    start = start.max(h.end());
                }
            }
        }
        start
    }

    /// Whether the text between two items joins them as a list ("A, B and C",
    /// "19%/23%", a ticker in parentheses between two names aside).
    pub(crate) fn joins_list(&self, from: usize, to: usize) -> bool {
        let t = self.s.text;
        let raw = &t[from..to];
        let core = |a: usize, b: usize| -> (usize, usize) {
            let s = &t[a..b];
            let s2 = s.trim().trim_start_matches(',').trim();
            let start = a + (s2.as_ptr() as usize - s.as_ptr() as usize);
            (start, start + s2.len())
        };
        let (a, b) = match (raw.find('('), raw.find(')')) {
            (Some(open), Some(close)) if open < close => {
                let (open, close) = (from + open, from + close + 1);
                let left_blank = t[from..open].chars().all(|c| c == ',' || c.is_whitespace());
                if left_blank {
                    core(close, to)
                } else if t[close..to].trim().is_empty() {
                    core(from, open)
                } else {
                    return false;
                }
            }
            _ => core(from, to),
        };
        a == b || self.hit_exact(Cls::FigureListJoiners, a, b)
    }

    /// Runs of items written next to each other as a list: for each item, the index of
    /// the first item of its run (`spans` in text order).
    pub(crate) fn list_runs(&self, spans: &[(usize, usize)], out: &mut Vec<usize>) {
        out.clear();
        for (i, &(start, _)) in spans.iter().enumerate() {
            let joined = i > 0 && self.joins_list(spans[i - 1].1.min(start), start);
            let first = if joined { out[i - 1] } else { i };
            out.push(first);
        }
    }
}

/// The items of the run holding item `i` (`runs` as [`Sent::list_runs`] makes them).
pub(crate) fn run_of(runs: &[usize], i: usize) -> std::ops::Range<usize> {
    let first = runs[i];
    let end = (i..runs.len())
        .find(|&j| runs[j] != first)
        .unwrap_or(runs.len());
    first..end
}

/// The whitespace-separated words of `text` from byte `at`, as byte spans.
pub(crate) fn words(text: &str, at: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let base = text.as_ptr() as usize;
    text[at..].split_whitespace().map(move |w| {
        let s = w.as_ptr() as usize - base;
        (s, s + w.len())
    })
}

/// The whitespace-separated words of `text[from..to]`, last first, as byte spans.
pub(crate) fn words_back(
    text: &str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let base = text.as_ptr() as usize;
    text[from..to].split_whitespace().rev().map(move |w| {
        let s = w.as_ptr() as usize - base;
        (s, s + w.len())
    })
}

/// The end of the `n`-th word after byte `at` (or of the text).
fn words_end(text: &str, at: usize, n: usize) -> usize {
    words(text, at)
        .take(n)
        .last()
        .map_or(at, |(_, e)| e)
        .max(at)
}

/// A span with non-alphanumeric characters trimmed from both ends.
pub(crate) fn trim_punct(text: &str, start: usize, end: usize) -> (usize, usize) {
    let w = &text[start..end];
    let t = w.trim_matches(|c: char| !c.is_alphanumeric());
    let s = start + (t.as_ptr() as usize - w.as_ptr() as usize);
    (s, s + t.len())
}

/// Byte `at` moved past white space.
pub(crate) fn skip_space(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

/// The text between a name and a figure with what is in parentheses left out ("
/// (09988) ", ", which added"), read without copying it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bare {
    /// First and last kept non-space bytes (start, end), when any.
    pub span: Option<(usize, usize)>,
    /// No left-out text lies inside `span`.
    pub contiguous: bool,
    /// A comma or semicolon is kept.
    pub punct: bool,
    /// Words kept, lone commas aside.
    pub words: usize,
}

impl Bare {
    /// Read `text[from..to]`.
    pub(crate) fn of(text: &str, from: usize, to: usize) -> Bare {
        let mut out = Bare {
            contiguous: true,
            ..Bare::default()
        };
        let mut depth = 0i32;
        let mut dropped = false;
        let (mut tok_len, mut tok_comma) = (0usize, false);
        let end_token = |len: &mut usize, comma: bool, words: &mut usize| {
            if *len > 0 && !(*len == 1 && comma) {
                *words += 1;
            }
            *len = 0;
        };
        for (i, c) in text[from..to].char_indices() {
            let keep = match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' => {
                    depth -= 1;
                    false
                }
                _ => depth == 0,
            };
            if !keep {
                dropped |= out.span.is_some();
                continue;
            }
            if c == ',' || c == ';' {
                out.punct = true;
            }
            if c.is_whitespace() {
                end_token(&mut tok_len, tok_comma, &mut out.words);
                continue;
            }
            let at = from + i;
            out.span = Some(match out.span {
                None => (at, at + c.len_utf8()),
                Some((s, _)) => {
                    if dropped {
                        out.contiguous = false;
                    }
                    (s, at + c.len_utf8())
                }
            });
            tok_comma = tok_len == 0 && c == ',';
            tok_len += 1;
        }
        end_token(&mut tok_len, tok_comma, &mut out.words);
        out
    }
}

/// Whether `m` is what moved after a move noun and "in" ending at `at`: right after it,
/// past "the" and up to two more words, nothing else between ("a 1.9% advance in the
/// region-wide luxury index").
pub(crate) fn moved_in(t: &str, at: usize, m: &super::Ment) -> bool {
    let Some(gap) = t.get(at..m.start) else {
        return false;
    };
    gap.len() <= 30 && !gap.contains([',', ';', '.']) && gap.split_whitespace().count() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_leaves_out_parentheses() {
        let t = "Alibaba (09988) 81%";
        let b = Bare::of(t, 7, 16);
        assert_eq!(b.span, None);
        assert_eq!(b.words, 0);
        let t = "X, which added 5%";
        let b = Bare::of(t, 1, 15);
        assert_eq!(b.span, Some((1, 14)));
        assert!(b.punct && b.contiguous);
        assert_eq!(b.words, 2, "a lone comma is no word");
    }

    #[test]
    fn words_come_with_their_spans() {
        let t = "up 5% to  new highs";
        let w: Vec<_> = words(t, 5).collect();
        assert_eq!(w, [(6, 8), (10, 13), (14, 19)]);
        let w: Vec<_> = words_back(t, 0, 8).collect();
        assert_eq!(w, [(6, 8), (3, 5), (0, 2)]);
        assert_eq!(trim_punct("(users),", 0, 8), (1, 6));
    }
}
