//! The metric-owner tiers of the schema compiled once (classes to ids, kinds to sets,
//! `below` to a tier index) and walked for each figure, highest precedence first: the
//! first tier that applies and finds an owner (or decides that the figure has none)
//! decides, and its name goes on the figure's evidence.

use super::cues::{ClassId, CueIndex};
use super::discourse::Discourse;
use super::numbers::Quantity;
use super::owner_hooks;
use super::topics::{self, NameWords};
use super::{Ment, Sent};
use crate::model::Unit;
use crate::resolve::Registry;
use crate::schema::rules::KindName;
use crate::schema::tiers::{FigureCond, FigureUnit, OwnerAt, OwnerHook};
use crate::schema::{KindSet, Schema};
use std::cell::OnceCell;

/// What a tier decides for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The figure belongs to this entity.
    Owner(usize),
    /// The figure belongs to no entity of the sentence (it is dropped).
    Nobody,
}

/// A condition, compiled.
#[derive(Debug, Clone)]
enum CCond {
    InSentence(ClassId),
    InClauseBefore(ClassId),
    RightBefore(ClassId),
    WordsAfter(ClassId, usize),
    Opens(ClassId),
    Names(KindSet),
    Label(Vec<String>),
    Slashed,
    Unnamed,
    Any(Vec<CCond>),
    All(Vec<CCond>),
    Not(Box<CCond>),
}

/// A locator, compiled.
#[derive(Debug, Clone, Copy)]
enum COwner {
    FirstBefore(ClassId),
    NearestBefore(KindSet),
    FirstOf(KindSet),
    Focus,
    LastIndex,
    Hook(OwnerHook),
}

/// One owner tier, compiled.
#[derive(Debug)]
pub(crate) struct Tier {
    /// The tier's name (on the evidence of the figures it decides).
    pub name: String,
    units: Vec<FigureUnit>,
    when: Vec<CCond>,
    unless: Vec<CCond>,
    owner: Vec<COwner>,
    sector_subject: bool,
    below: Option<usize>,
}

/// The owner tiers, highest precedence first.
#[derive(Debug, Default)]
pub(crate) struct Tiers {
    /// The tiers, in order.
    pub tiers: Vec<Tier>,
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
    pub(crate) fn in_sentence(&self, kind: crate::schema::KindId) -> Option<usize> {
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
        self.in_sentence(self.reg.k.index).or(self.disc.last_index)
    }

    /// No owner named before the figure in its clause (a sector named earlier in the
    /// sentence aside), and nothing there pointing back at one.
    fn unnamed(&self) -> bool {
        *self.unnamed.get_or_init(|| {
            let q = self.q();
            let named_before = self.owners.iter().any(|m| {
                m.end <= q.start
                    && (m.start >= self.cs || self.reg.kind(m.eid) != self.reg.k.sector)
            });
            !named_before && owner_hooks::refers_back(self.sent, self.cs, q.start).is_none()
        })
    }

    /// The stems of the figure's clause and of the words it counts (computed once).
    pub(crate) fn stems(&self) -> &[String] {
        self.stems.get_or_init(|| {
            let t = self.sent.s.text;
            let q = self.q();
            let mut out = topics::content_stems(&t[self.cs..q.start], self.words);
            for (s, e) in super::figures::words(t, q.end).take(4) {
                out.extend(topics::content_stems(&t[s..e], self.words));
            }
            out
        })
    }

    fn written(&self, u: FigureUnit) -> bool {
        let q = self.q();
        match u {
            FigureUnit::Percent => self.unit == Unit::Percent,
            FigureUnit::Times => q.unit == Some(Unit::Multiple),
            FigureUnit::Currency => q.unit.is_some_and(Unit::is_money),
            FigureUnit::Count => self.unit == Unit::Count,
        }
    }

    fn holds(&self, c: &CCond) -> bool {
        let sent = self.sent;
        let q = self.q();
        match c {
            CCond::InSentence(k) => sent.has(*k),
            CCond::InClauseBefore(k) => sent.has_in(*k, self.cs, q.start),
            CCond::RightBefore(k) => sent.ends_at(*k, q.start),
            CCond::WordsAfter(k, n) => sent.in_words_after(*k, q.end, *n),
            CCond::Opens(k) => sent.starts_at(*k, 0),
            CCond::Names(kinds) => sent.ms.iter().any(|m| kinds.has(self.reg.kind(m.eid))),
            CCond::Label(labels) => labels.iter().any(|l| l == self.label),
            CCond::Slashed => {
                let t = sent.s.text;
                q.list.is_some() && (t[q.end..].starts_with('/') || t[..q.start].ends_with('/'))
            }
            CCond::Unnamed => self.unnamed(),
            CCond::Any(list) => list.iter().any(|c| self.holds(c)),
            CCond::All(list) => list.iter().all(|c| self.holds(c)),
            CCond::Not(c) => !self.holds(c),
        }
    }

    /// When the sentence names only sectors, whether `o` is one written before the
    /// figure in its clause.
    fn sector_subject(&self, o: usize) -> bool {
        let q = self.q();
        !self.sectors_only
            || self
                .owners
                .iter()
                .any(|m| m.eid == o && m.end <= q.start && m.start >= self.cs)
    }
}

impl Tiers {
    /// Compile the owner tiers of the schema's rule files against the cue index.
    pub(crate) fn compile(schema: &Schema, cues: &CueIndex) -> Tiers {
        let kinds = |names: &[KindName]| {
            names.iter().fold(KindSet::EMPTY, |acc, k| {
                acc | schema
                    .ontology
                    .kind_id(&k.0)
                    .expect("kinds are checked when rule files are read")
            })
        };
        let class = |name: &str| {
            cues.class(name)
                .expect("classes are checked when rule files are read")
        };
        fn cond(
            c: &FigureCond,
            class: &dyn Fn(&str) -> ClassId,
            kinds: &dyn Fn(&[KindName]) -> KindSet,
        ) -> CCond {
            match c {
                FigureCond::InSentence(n) => CCond::InSentence(class(n)),
                FigureCond::InClauseBefore(n) => CCond::InClauseBefore(class(n)),
                FigureCond::RightBefore(n) => CCond::RightBefore(class(n)),
                FigureCond::WordsAfter(n, w) => CCond::WordsAfter(class(n), *w as usize),
                FigureCond::Opens(n) => CCond::Opens(class(n)),
                FigureCond::Names(k) => CCond::Names(kinds(k)),
                FigureCond::Label(l) => CCond::Label(l.clone()),
                FigureCond::Slashed => CCond::Slashed,
                FigureCond::Unnamed => CCond::Unnamed,
                FigureCond::Any(l) => CCond::Any(l.iter().map(|c| cond(c, class, kinds)).collect()),
                FigureCond::All(l) => CCond::All(l.iter().map(|c| cond(c, class, kinds)).collect()),
                FigureCond::Not(c) => CCond::Not(Box::new(cond(c, class, kinds))),
            }
        }
        let Some(file) = schema.rules.iter().find(|f| !f.owner_tiers.is_empty()) else {
            return Tiers::default();
        };
        let list = &file.owner_tiers;
        let tiers = list
            .iter()
            .map(|t| Tier {
                name: t.name.clone(),
                units: t.units.clone(),
                when: t.when.iter().map(|c| cond(c, &class, &kinds)).collect(),
                unless: t.unless.iter().map(|c| cond(c, &class, &kinds)).collect(),
                owner: t
                    .owner
                    .iter()
                    .map(|o| match o {
                        OwnerAt::FirstBefore(n) => COwner::FirstBefore(class(n)),
                        OwnerAt::NearestBefore(k) => COwner::NearestBefore(kinds(k)),
                        OwnerAt::FirstOf(k) => COwner::FirstOf(kinds(k)),
                        OwnerAt::Focus => COwner::Focus,
                        OwnerAt::LastIndex => COwner::LastIndex,
                        OwnerAt::Hook(h) => COwner::Hook(*h),
                    })
                    .collect(),
                sector_subject: t.sector_subject,
                below: t
                    .below
                    .as_ref()
                    .and_then(|b| list.iter().position(|x| &x.name == b)),
            })
            .collect();
        Tiers { tiers }
    }

    /// The tier that decides the figure, and what it decides (None: no tier does).
    pub(crate) fn decide(&self, cx: &FigureCx<'_, '_>) -> Option<(usize, Decision)> {
        self.decide_in(0, self.tiers.len(), cx)
    }

    fn decide_in(
        &self,
        from: usize,
        to: usize,
        cx: &FigureCx<'_, '_>,
    ) -> Option<(usize, Decision)> {
        (from..to).find_map(|i| self.apply(i, cx).map(|d| (i, d)))
    }

    /// What tier `i` decides for the figure, if it applies and finds anything.
    pub(crate) fn apply(&self, i: usize, cx: &FigureCx<'_, '_>) -> Option<Decision> {
        let tier = &self.tiers[i];
        if !tier.units.is_empty() && !tier.units.iter().any(|&u| cx.written(u)) {
            return None;
        }
        if !tier.when.iter().all(|c| cx.holds(c)) || tier.unless.iter().any(|c| cx.holds(c)) {
            return None;
        }
        let below = || {
            let to = tier.below.map_or(i + 1, |b| b + 1);
            match self.decide_in(i + 1, to, cx) {
                Some((_, Decision::Owner(o))) => Some(o),
                _ => None,
            }
        };
        let found = tier.owner.iter().find_map(|o| locate(*o, cx, &below))?;
        match found {
            Decision::Owner(o) if tier.sector_subject && !cx.sector_subject(o) => None,
            d => Some(d),
        }
    }
}

fn locate(o: COwner, cx: &FigureCx<'_, '_>, below: &dyn Fn() -> Option<usize>) -> Option<Decision> {
    let q = cx.q();
    let reg = cx.reg;
    let owner = match o {
        COwner::FirstBefore(c) => {
            let cue = cx.sent.hits_of(c).next()?.start();
            cx.owners
                .iter()
                .filter(|m| m.end <= cue.min(q.start))
                .min_by_key(|m| m.start)
                .map(|m| m.eid)
        }
        COwner::NearestBefore(kinds) => cx
            .owners
            .iter()
            .filter(|m| m.end <= q.start && kinds.has(reg.kind(m.eid)))
            .max_by_key(|m| m.end)
            .map(|m| m.eid),
        COwner::FirstOf(kinds) => cx
            .owners
            .iter()
            .find(|m| kinds.has(reg.kind(m.eid)))
            .map(|m| m.eid),
        COwner::Focus => cx.focus(),
        COwner::LastIndex => cx.index(),
        COwner::Hook(h) => return owner_hooks::run(h, cx, below),
    };
    owner.map(Decision::Owner)
}
