//! What an owner tier reads about one figure of one sentence (the sentence view,
//! the discourse state, the candidates, the figures before it), and what a tier
//! decides for it.

use super::back_refs::refers_back;
use super::discourse::Discourse;
use super::name_words::{content_stems, NameWords};
use super::numbers::Quantity;
use super::{figures, Ment, Sent};
use crate::model::Unit;
use crate::resolve::Registry;
use crate::schema::KindId;
use std::cell::OnceCell;

/// What a tier decides for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The figure belongs to this entity.
    Owner(usize),
    /// The figure belongs to no entity of the sentence (it is dropped).
    Nobody,
}

/// Everything a tier reads about one figure of one sentence.
pub(crate) struct FigureCx<'a, 's> {
    pub words: &'a NameWords,
    pub sent: &'a Sent<'s>,
    pub sents: &'a [Sent<'s>],
    pub si: usize,
    pub reg: &'a Registry,
    pub disc: &'a Discourse,
    /// The sentence's candidate owners, in text order.
    pub owners: &'a [&'a Ment],
    /// The candidates are sectors only.
    pub sectors_only: bool,
    /// Every figure of the sentence.
    pub qs: &'a [Quantity],
    /// List runs of the figures and of the candidates ([`Sent::list_runs`]).
    pub value_runs: &'a [usize],
    pub owner_runs: &'a [usize],
    /// The owner each earlier figure of the sentence went to.
    pub assigned: &'a [Option<usize>],
    /// This figure: its index, unit as classified, label, the sector or index named
    /// right after it, where its clause starts.
    pub qi: usize,
    pub unit: Unit,
    pub label: &'a str,
    pub group: Option<&'a Ment>,
    pub cs: usize,
    unnamed: OnceCell<bool>,
    stems: OnceCell<Vec<String>>,
}

impl<'a, 's> FigureCx<'a, 's> {
    /// The context of figure `qi`; `cs` is where its clause starts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        words: &'a NameWords,
        sents: &'a [Sent<'s>],
        si: usize,
        reg: &'a Registry,
        disc: &'a Discourse,
        owners: &'a [&'a Ment],
        qs: &'a [Quantity],
        runs: (&'a [usize], &'a [usize]),
        assigned: &'a [Option<usize>],
        figure: (usize, Unit, &'a str, Option<&'a Ment>),
    ) -> FigureCx<'a, 's> {
        let sent = &sents[si];
        let (qi, unit, label, group) = figure;
        FigureCx {
            words,
            sent,
            sents,
            si,
            reg,
            disc,
            owners,
            sectors_only: owners.iter().all(|m| reg.kind(m.eid) == reg.k.sector),
            qs,
            value_runs: runs.0,
            owner_runs: runs.1,
            assigned,
            qi,
            unit,
            label,
            group,
            cs: sent.figure_clause(qs[qi].start, true),
            unnamed: OnceCell::new(),
            stems: OnceCell::new(),
        }
    }

    /// The figure.
    pub(crate) fn q(&self) -> &'a Quantity {
        &self.qs[self.qi]
    }

    /// The first candidate of a kind written before the figure.
    pub(crate) fn in_sentence(&self, kind: KindId) -> Option<usize> {
        let q = self.q();
        self.owners
            .iter()
            .find(|m| m.end <= q.start && self.reg.kind(m.eid) == kind)
            .map(|m| m.eid)
    }

    /// The company the passage is about, as seen from this figure.
    pub(crate) fn focus(&self) -> Option<usize> {
        let focus = self.disc.focus;
        focus
            .filter(|&f| self.sent.ms.iter().any(|m| m.eid == f))
            .or_else(|| self.in_sentence(self.reg.k.company))
            .or(focus)
    }

    /// The index the figure speaks of: named before it, else the index named last.
    pub(crate) fn index(&self) -> Option<usize> {
        self.in_sentence(self.reg.k.index)
            .or(self.disc.last_index)
            .or_else(|| {
                // "Stocks hit a fresh high, nearing the 5,200-point mark. The benchmark
                // Kospi gained 1.7%": the lead line of a wrap before it names its index
                self.sents[self.si + 1..]
                    .iter()
                    .take(2)
                    .flat_map(|s| &s.ms)
                    .map(|m| m.eid)
                    .find(|&e| self.reg.kind(e) == self.reg.k.index)
            })
    }

    /// The index "the index" points back at: named before the figure in the sentence,
    /// else the one the passage is most about, else the one named last.
    pub(crate) fn index_in_focus(&self) -> Option<usize> {
        self.in_sentence(self.reg.k.index)
            .or(self.disc.index_focus)
            .or(self.disc.last_index)
    }

    /// No owner named before the figure in its clause (a sector named earlier in the
    /// sentence aside), and nothing there pointing back at one.
    pub(crate) fn unnamed(&self) -> bool {
        *self.unnamed.get_or_init(|| {
            let q = self.q();
            let named_before = self.owners.iter().any(|m| {
                m.end <= q.start
                    && (m.start >= self.cs || self.reg.kind(m.eid) != self.reg.k.sector)
            });
            !named_before && refers_back(self.sent, self.cs, q.start).is_none()
        })
    }

    /// The stems of the figure's clause and of the words it counts (computed once).
    pub(crate) fn stems(&self) -> &[String] {
        self.stems.get_or_init(|| {
            let t = self.sent.s.text;
            let q = self.q();
            let mut out = content_stems(&t[self.cs..q.start], self.words);
            for (s, e) in figures::words(t, q.end).take(4) {
                out.extend(content_stems(&t[s..e], self.words));
            }
            out
        })
    }
}
