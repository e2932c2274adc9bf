//! Queries on the sentence view: where the phrase classes of one scan are, and where
//! a clause starts and ends. Every rule reads the sentence through these; none lowers,
//! splits or searches the text again.

use super::cues::{ClassId, Hit};
use super::Sent;
use crate::schema::Cls;

impl Sent<'_> {
    /// The hits to walk for a class: none when the sentence has no hit of it.
    #[inline]
    pub(crate) fn class_hits(&self, c: ClassId) -> &[Hit] {
        if self.classes.maybe(c) {
            &self.hits
        } else {
            &[]
        }
    }

    /// Whether any phrase of the class is in the sentence.
    pub(crate) fn has(&self, c: impl Into<ClassId>) -> bool {
        let c = c.into();
        self.class_hits(c).iter().any(|h| h.class == c)
    }

    /// The hits of one class, by position.
    pub(crate) fn hits_of(&self, c: impl Into<ClassId>) -> impl Iterator<Item = &Hit> {
        let c = c.into();
        self.class_hits(c).iter().filter(move |h| h.class == c)
    }

    /// The leftmost hit of a class lying within `from..to` (the longest there).
    pub(crate) fn first_in(&self, c: impl Into<ClassId>, from: usize, to: usize) -> Option<&Hit> {
        let c = c.into();
        self.class_hits(c)
            .iter()
            .filter(|h| h.class == c && h.start() >= from && h.end() <= to)
            .min_by_key(|h| (h.start, std::cmp::Reverse(h.end)))
    }

    /// Whether a hit of the class lies within `from..to`.
    pub(crate) fn has_in(&self, c: impl Into<ClassId>, from: usize, to: usize) -> bool {
        self.first_in(c, from, to).is_some()
    }

    /// Whether a hit of the class ends at `at`, past white space and double quotes
    /// before it (a single quote may be an apostrophe, so it is never skipped).
    pub(crate) fn ends_at(&self, c: impl Into<ClassId>, at: usize) -> bool {
        let c = c.into();
        let end = self.s.text[..at.min(self.s.text.len())]
            .trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '“' | '”'))
            .len();
        self.class_hits(c)
            .iter()
            .any(|h| h.class == c && h.end() == end)
    }

    /// Whether a hit of the class starts at `at`, past white space and double quotes
    /// after it.
    pub(crate) fn starts_at(&self, c: impl Into<ClassId>, at: usize) -> bool {
        let c = c.into();
        let rest = &self.s.text[at.min(self.s.text.len())..];
        let start = at
            + (rest.len()
                - rest
                    .trim_start_matches(|ch: char| {
                        ch.is_whitespace() || matches!(ch, '"' | '“' | '”')
                    })
                    .len());
        self.class_hits(c)
            .iter()
            .any(|h| h.class == c && h.start() == start)
    }

    /// The clause holding byte `at`: from the end of the last clause break before it to
    /// the start of the first after it (the lexicon's `clause_breaks`).
    pub(crate) fn clause(&self, at: usize) -> (usize, usize) {
        let breaks = ClassId::from(Cls::ClauseBreaks);
        let mut start = 0;
        let mut end = self.s.text.len();
        for h in self.hits_of(breaks) {
            if h.end() <= at {
                start = start.max(h.end());
            } else if h.start() >= at {
                end = end.min(h.start());
            }
        }
        (start, end)
    }

    /// Number of words in `from..to`.
    pub(crate) fn words_between(&self, from: usize, to: usize) -> usize {
        if from >= to {
            return 0;
        }
        self.s.text[from..to.min(self.s.text.len())]
            .split_whitespace()
            .count()
    }
}
