//! The metric-owner tiers of the schema compiled once (classes to ids, kinds to sets,
//! `below` to a tier index) and walked for each figure, highest precedence first: the
//! first tier that applies and finds an owner (or decides that the figure has none)
//! decides, and its name goes on the figure's evidence.

use super::cues::{ClassId, CueIndex};
use super::figure_cx::{Decision, FigureCx};
use super::owner_hooks;
use crate::model::Unit;
use crate::schema::rules::KindName;
use crate::schema::tiers::{FigureCond, FigureUnit, OwnerAt, OwnerHook};
use crate::schema::{KindSet, Schema};

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
    FirstAfter(KindSet),
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

// What the compiled conditions of a tier ask about a figure.
impl FigureCx<'_, '_> {
    fn written(&self, u: FigureUnit) -> bool {
        let q = self.q();
        match u {
            FigureUnit::Percent => self.unit == Unit::Percent,
            FigureUnit::Times => q.unit == Some(Unit::Multiple),
            FigureUnit::Currency => q.unit.is_some_and(Unit::is_money),
            FigureUnit::Count => self.unit == Unit::Count,
            FigureUnit::Points => self.unit == Unit::Points,
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
                // "19%/23%", and "$5.73/ $8.7/ $26.39" (a list of values joined by slashes)
                let slash_next = t[q.end..].starts_with('/') || t[..q.start].ends_with('/');
                let slash_near = t[q.end..].trim_start().starts_with('/')
                    || t[..q.start].trim_end().ends_with('/');
                q.list.is_some() && slash_next
                    || slash_near && super::figures::run_of(self.value_runs, self.qi).len() > 1
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
                        OwnerAt::FirstAfter(k) => COwner::FirstAfter(kinds(k)),
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
        COwner::FirstAfter(kinds) => cx
            .owners
            .iter()
            .filter(|m| m.start >= q.end && kinds.has(reg.kind(m.eid)))
            .min_by_key(|m| m.start)
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
