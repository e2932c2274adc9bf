//! The rule engine: the rule files of the schema compiled once (classes to ids, kinds
//! to sets, relations to ids, rules indexed by their trigger), then run sentence by
//! sentence over the sentence view and the discourse state.
//!
//! For one family and one sentence the engine takes the rules whose trigger the
//! sentence holds (a hit of the trigger's class, a mention of its kinds), in file
//! order; for each anchor it checks the conditions, binds the arguments in order
//! (each by the first of its locators that finds anything), and emits. Rules of a
//! group compete for an anchor: once one has emitted there, the others skip it.

use super::cues::{ClassId, CueIndex};
use super::hooks;
use super::rule_cx::{Anchor, RuleCx};
use super::{evidence, Ment, Sent};
use crate::schema::rules::{
    self as file, Cond, Cue, Emit, Gap, Hook, Locate, Role, Scope, Take, Trigger,
};
use crate::schema::{KindSet, RelId, Schema};
use crate::text::phrases::{words_back, words_forward};

/// A rule of the schema, compiled.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// The rule's name (on the evidence of its facts).
    pub name: String,
    group: Option<String>,
    trigger: CTrigger,
    when: Vec<CCond>,
    unless: Vec<CCond>,
    args: Vec<CArg>,
    arg_names: Vec<String>,
    check: Vec<Hook>,
    emit: Vec<CEmit>,
    /// The rule's conditions and locators as written (for traces).
    source: RuleSource,
}

/// A rule's conditions and arguments as written in its file, for traces.
#[derive(Debug, Default)]
struct RuleSource {
    when: Vec<String>,
    unless: Vec<String>,
    args: Vec<String>,
}

/// A scope, compiled.
#[derive(Debug, Clone, Copy)]
enum CScope {
    Clause,
    Sentence,
    Bytes(usize),
    Words(usize),
    UpTo(ClassId),
}

#[derive(Debug, Clone, Copy)]
enum CTrigger {
    Cue(ClassId),
    Mention(KindSet),
    Sentence,
}

#[derive(Debug, Clone)]
enum CCond {
    InSentence(ClassId),
    InClause(ClassId),
    Before(ClassId, CScope),
    After(ClassId, CScope),
    TriggerIn(ClassId),
    RightBefore(ClassId),
    RightAfter(ClassId),
    InReport,
    OpensReport,
    InRisks,
    NameWords(u8),
    Opens(ClassId),
    MaxWords(usize),
    Any(Vec<CCond>),
    All(Vec<CCond>),
    Not(Box<CCond>),
    Hook(Hook),
}

#[derive(Debug, Clone)]
enum CGap {
    Is(Vec<String>),
    Has(ClassId),
    Lacks(ClassId),
    StartsWith(ClassId),
    EndsWith(ClassId),
    MaxBytes(usize),
    MaxWords(usize),
    Followed(ClassId),
    NotPreceded(ClassId),
}

#[derive(Debug, Clone)]
enum CLocate {
    Prev(Vec<CGap>),
    Next(Vec<CGap>),
    PrevOf(Vec<CGap>),
    NextOf(Vec<CGap>),
    Before(CScope, Take),
    After(CScope, Take),
    BeforeCue(ClassId, CScope, Take),
    Report,
    Publisher,
    Focus,
    LastOf(KindSet),
    PrevSentence(KindSet, Take),
    Anywhere(Take),
    EmployerOf(usize),
    When(Vec<CCond>, Box<CLocate>),
    Raiser,
    Hook(Hook),
}

#[derive(Debug, Clone)]
struct CArg {
    kinds: KindSet,
    at: Vec<CLocate>,
    not: Vec<Role>,
    optional: bool,
}

/// A slot of a rule: the trigger mention, or an argument by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Trigger,
    Arg(usize),
}

#[derive(Debug, Clone)]
enum CEmit {
    /// (subject, relation, object, attribute hooks, pair filter)
    Relate(Slot, RelId, Slot, Vec<(String, Hook)>, Option<Hook>),
    Hook(Hook),
}

/// A rule family (one rule file), in run order.
#[derive(Debug)]
pub(crate) struct Family {
    /// The rules of the family, as indexes into [`Engine::rules`], in file order.
    pub rules: Vec<usize>,
}

/// One firing of a rule: which rule made which relation, in which sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fired {
    pub rule: usize,
    pub sentence: usize,
    pub subject: usize,
    pub relation: RelId,
    pub object: usize,
}

/// What the rules did in a traced extraction: every rule at every anchor, and the
/// discourse state each sentence was read with.
#[derive(Debug, Clone, Default)]
pub(crate) struct TraceLog {
    pub tried: Vec<Tried>,
    pub discourse: Vec<String>,
}

/// What a rule did at one anchor, for `finkg explain --trace`.
#[derive(Debug, Clone)]
pub(crate) struct Tried {
    pub rule: usize,
    pub sentence: usize,
    pub anchor: (usize, usize),
    pub outcome: String,
}

/// Every rule of the schema, compiled.
#[derive(Debug)]
pub(crate) struct Engine {
    /// The rules, family after family, each family's in file order.
    pub rules: Vec<CompiledRule>,
    /// The families, in the order they run.
    pub families: Vec<Family>,
}

fn compile_cond(c: &Cond, cue: &mut dyn FnMut(&Cue) -> ClassId) -> CCond {
    match c {
        Cond::InSentence(q) => CCond::InSentence(cue(q)),
        Cond::InClause(q) => CCond::InClause(cue(q)),
        Cond::Before(q, s) => {
            let q = cue(q);
            CCond::Before(q, compile_scope(s, cue))
        }
        Cond::After(q, s) => {
            let q = cue(q);
            CCond::After(q, compile_scope(s, cue))
        }
        Cond::TriggerIn(q) => CCond::TriggerIn(cue(q)),
        Cond::RightBefore(q) => CCond::RightBefore(cue(q)),
        Cond::RightAfter(q) => CCond::RightAfter(cue(q)),
        Cond::InReport => CCond::InReport,
        Cond::OpensReport => CCond::OpensReport,
        Cond::InRisks => CCond::InRisks,
        Cond::NameWords(n) => CCond::NameWords(*n),
        Cond::Opens(q) => CCond::Opens(cue(q)),
        Cond::MaxWords(n) => CCond::MaxWords(*n as usize),
        Cond::Any(list) => CCond::Any(list.iter().map(|c| compile_cond(c, cue)).collect()),
        Cond::All(list) => CCond::All(list.iter().map(|c| compile_cond(c, cue)).collect()),
        Cond::Not(c) => CCond::Not(Box::new(compile_cond(c, cue))),
        Cond::Hook(h) => CCond::Hook(*h),
    }
}

fn compile_locate(
    l: &Locate,
    cue: &mut dyn FnMut(&Cue) -> ClassId,
    kinds_of: &dyn Fn(&[file::KindName]) -> KindSet,
    slot: &dyn Fn(&str) -> Slot,
) -> CLocate {
    match l {
        Locate::Prev(g) => CLocate::Prev(compile_gaps(g, cue)),
        Locate::Next(g) => CLocate::Next(compile_gaps(g, cue)),
        Locate::PrevOf(g) => CLocate::PrevOf(compile_gaps(g, cue)),
        Locate::NextOf(g) => CLocate::NextOf(compile_gaps(g, cue)),
        Locate::Before(sc, t) => CLocate::Before(compile_scope(sc, cue), *t),
        Locate::After(sc, t) => CLocate::After(compile_scope(sc, cue), *t),
        Locate::BeforeCue(q, sc, t) => {
            let q = cue(q);
            CLocate::BeforeCue(q, compile_scope(sc, cue), *t)
        }
        Locate::Report => CLocate::Report,
        Locate::Publisher => CLocate::Publisher,
        Locate::Focus => CLocate::Focus,
        Locate::Raiser => CLocate::Raiser,
        Locate::LastOf(k) => CLocate::LastOf(kinds_of(k)),
        Locate::PrevSentence(k, t) => CLocate::PrevSentence(kinds_of(k), *t),
        Locate::Anywhere(t) => CLocate::Anywhere(*t),
        Locate::EmployerOf(s) => match slot(s) {
            Slot::Arg(i) => CLocate::EmployerOf(i),
            Slot::Trigger => CLocate::EmployerOf(usize::MAX),
        },
        Locate::When(conds, inner) => CLocate::When(
            conds.iter().map(|c| compile_cond(c, cue)).collect(),
            Box::new(compile_locate(inner, cue, kinds_of, slot)),
        ),
        Locate::Hook(h) => CLocate::Hook(*h),
    }
}

fn compile_gaps(g: &[Gap], cue: &mut dyn FnMut(&Cue) -> ClassId) -> Vec<CGap> {
    g.iter()
        .map(|g| match g {
            Gap::Is(list) => CGap::Is(list.clone()),
            Gap::Has(q) => CGap::Has(cue(q)),
            Gap::Lacks(q) => CGap::Lacks(cue(q)),
            Gap::StartsWith(q) => CGap::StartsWith(cue(q)),
            Gap::EndsWith(q) => CGap::EndsWith(cue(q)),
            Gap::MaxBytes(n) => CGap::MaxBytes(*n as usize),
            Gap::MaxWords(n) => CGap::MaxWords(*n as usize),
            Gap::Followed(q) => CGap::Followed(cue(q)),
            Gap::NotPreceded(q) => CGap::NotPreceded(cue(q)),
        })
        .collect()
}

fn compile_scope(s: &Scope, cue: &mut dyn FnMut(&Cue) -> ClassId) -> CScope {
    match s {
        Scope::Clause => CScope::Clause,
        Scope::Sentence => CScope::Sentence,
        Scope::Bytes(n) => CScope::Bytes(*n as usize),
        Scope::Words(n) => CScope::Words(*n as usize),
        Scope::UpTo(q) => CScope::UpTo(cue(q)),
    }
}

/// The name a phrase list written in a rule gets as a class: its phrases, so the same
/// list written twice is one class.
fn inline_name(words: &[String]) -> String {
    format!("[{}]", words.join("|"))
}

/// The phrase lists rules write in place, named for the cue index.
pub(crate) fn inline_classes(schema: &Schema) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for f in &schema.rules {
        for r in &f.rules {
            for cue in file::rule_cues(r) {
                if let Cue::Words(words) = cue {
                    let name = inline_name(words);
                    if !out.iter().any(|(n, _)| *n == name) {
                        out.push((name, words.clone()));
                    }
                }
            }
        }
    }
    out
}

impl Engine {
    /// Compile the schema's rule files against the cue index built with
    /// [`inline_classes`].
    pub(crate) fn compile(schema: &Schema, cues: &CueIndex) -> Engine {
        let kinds_of = |names: &[file::KindName]| {
            names.iter().fold(KindSet::EMPTY, |acc, k| {
                acc | schema
                    .ontology
                    .kind_id(&k.0)
                    .expect("kinds are checked when rule files are read")
            })
        };
        let mut rules = Vec::new();
        let mut families = Vec::new();
        for f in &schema.rules {
            let mut ids = Vec::new();
            for r in &f.rules {
                let mut cue = |c: &Cue| -> ClassId {
                    let id = match c {
                        Cue::Class(name) => cues.class(name),
                        Cue::Words(words) => cues.class(&inline_name(words)),
                    };
                    id.expect(
                        "classes are checked when rule files are read, and inline lists compiled",
                    )
                };
                let trigger = match &r.trigger {
                    Trigger::Cue(c) => CTrigger::Cue(cue(c)),
                    Trigger::Mention(k) => CTrigger::Mention(kinds_of(k)),
                    Trigger::Sentence => CTrigger::Sentence,
                };
                let when: Vec<CCond> = r.when.iter().map(|c| compile_cond(c, &mut cue)).collect();
                let unless: Vec<CCond> =
                    r.unless.iter().map(|c| compile_cond(c, &mut cue)).collect();
                let names: Vec<&str> = r.args.iter().map(|a| a.name.as_str()).collect();
                let slot = |s: &str| -> Slot {
                    if s == "trigger" {
                        Slot::Trigger
                    } else {
                        Slot::Arg(
                            names
                                .iter()
                                .position(|n| *n == s)
                                .expect("slots are checked when rule files are read"),
                        )
                    }
                };
                let mut args = Vec::new();
                for a in &r.args {
                    let at =
                        a.at.iter()
                            .map(|l| compile_locate(l, &mut cue, &kinds_of, &slot))
                            .collect();
                    args.push(CArg {
                        kinds: kinds_of(&a.kinds),
                        at,
                        not: a.not.clone(),
                        optional: a.optional,
                    });
                }
                let emit = r
                    .emit
                    .iter()
                    .map(|e| match e {
                        Emit::Relate(s, rel, o) => CEmit::Relate(
                            slot(s),
                            schema.ontology.rel_id(&rel.0).expect("checked at load"),
                            slot(o),
                            Vec::new(),
                            None,
                        ),
                        Emit::RelateWith(s, rel, o, attrs) => CEmit::Relate(
                            slot(s),
                            schema.ontology.rel_id(&rel.0).expect("checked at load"),
                            slot(o),
                            attrs.clone(),
                            None,
                        ),
                        Emit::RelatePairs(s, rel, o, h) => CEmit::Relate(
                            slot(s),
                            schema.ontology.rel_id(&rel.0).expect("checked at load"),
                            slot(o),
                            Vec::new(),
                            Some(*h),
                        ),
                        Emit::Hook(h) => CEmit::Hook(*h),
                    })
                    .collect();
                ids.push(rules.len());
                rules.push(CompiledRule {
                    name: r.name.clone(),
                    group: r.group.clone(),
                    trigger,
                    when,
                    unless,
                    args,
                    arg_names: r.args.iter().map(|a| a.name.clone()).collect(),
                    check: r.check.clone(),
                    emit,
                    source: RuleSource {
                        when: r.when.iter().map(|c| format!("{c:?}")).collect(),
                        unless: r.unless.iter().map(|c| format!("{c:?}")).collect(),
                        args: r
                            .args
                            .iter()
                            .map(|a| {
                                let kinds: Vec<&str> =
                                    a.kinds.iter().map(|k| k.0.as_str()).collect();
                                format!("kinds [{}], at {:?}", kinds.join(", "), a.at)
                            })
                            .collect(),
                    },
                });
            }
            families.push(Family { rules: ids });
        }
        Engine { rules, families }
    }
}

impl Engine {
    /// Run one family over one sentence.
    pub(crate) fn run_family(&self, family: usize, cx: &mut RuleCx<'_, '_>) {
        let mut taken: Vec<(&str, usize, usize)> = Vec::new();
        // one buffer for the anchors of every rule of the family
        let mut anchors = Vec::new();
        for &r in &self.families[family].rules {
            self.run_rule(r, cx, &mut taken, &mut anchors);
        }
    }

    /// The anchors of a rule in the sentence, into `out` (cleared first).
    fn anchors(&self, rule: &CompiledRule, cx: &RuleCx<'_, '_>, out: &mut Vec<Anchor>) {
        out.clear();
        match rule.trigger {
            // a cue inside a name is no cue ("ARK Invest" invests nothing)
            CTrigger::Cue(c) => out.extend(
                cx.sent
                    .hits_of(c)
                    .filter(|h| {
                        !cx.sent
                            .ms
                            .iter()
                            .any(|m| m.start <= h.start() && h.end() <= m.end)
                    })
                    .map(|h| Anchor {
                        start: h.start(),
                        end: h.end(),
                        mention: None,
                    }),
            ),
            CTrigger::Mention(kinds) => out.extend(
                cx.sent
                    .ms
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| kinds.has(cx.reg.kind(m.eid)))
                    .map(|(i, m)| Anchor {
                        start: m.start,
                        end: m.end,
                        mention: Some(i),
                    }),
            ),
            CTrigger::Sentence => out.push(Anchor {
                start: 0,
                end: 0,
                mention: None,
            }),
        }
    }

    fn run_rule<'r>(
        &'r self,
        r: usize,
        cx: &mut RuleCx<'_, '_>,
        taken: &mut Vec<(&'r str, usize, usize)>,
        anchors: &mut Vec<Anchor>,
    ) {
        let rule = &self.rules[r];
        self.anchors(rule, cx, anchors);
        if anchors.is_empty() {
            note(cx, r, (0, 0), || {
                "its trigger is not in the sentence".into()
            });
        }
        for &anchor in anchors.iter() {
            let at = (anchor.start, anchor.end);
            if let Some(g) = &rule.group {
                if taken
                    .iter()
                    .any(|(tg, s, e)| *tg == g.as_str() && *s == anchor.start && *e == anchor.end)
                {
                    note(cx, r, at, || {
                        format!("another rule of the group `{g}` fired here first")
                    });
                    continue;
                }
            }
            if let Some(i) = rule.when.iter().position(|c| !cond(c, &anchor, cx)) {
                note(cx, r, at, || {
                    format!(
                        "condition `when` #{} does not hold: {}",
                        i + 1,
                        rule.source.when[i]
                    )
                });
                continue;
            }
            if let Some(i) = rule.unless.iter().position(|c| cond(c, &anchor, cx)) {
                note(cx, r, at, || {
                    format!(
                        "condition `unless` #{} holds: {}",
                        i + 1,
                        rule.source.unless[i]
                    )
                });
                continue;
            }
            let mut bound: Vec<Vec<usize>> = Vec::with_capacity(rule.args.len());
            let mut missing = None;
            for (i, arg) in rule.args.iter().enumerate() {
                let found = bind(arg, &anchor, &bound, cx);
                if found.is_empty() && !arg.optional {
                    missing = Some(i);
                    break;
                }
                bound.push(found);
            }
            if let Some(i) = missing {
                note(cx, r, at, || {
                    format!(
                        "argument `{}` finds nothing ({})",
                        rule.arg_names[i], rule.source.args[i]
                    )
                });
                continue;
            }
            if let Some(h) = rule
                .check
                .iter()
                .find(|h| !hooks::check(**h, &anchor, &bound, cx))
            {
                note(cx, r, at, || format!("check {} does not hold", h.name()));
                continue;
            }
            let trigger_entity: Vec<usize> = anchor
                .mention
                .map(|i| cx.sent.ms[i].eid)
                .into_iter()
                .collect();
            let slot = |s: Slot| -> &[usize] {
                match s {
                    Slot::Trigger => &trigger_entity,
                    Slot::Arg(i) => &bound[i],
                }
            };
            let mut emitted = Vec::new();
            for e in &rule.emit {
                match e {
                    CEmit::Relate(s, rel, o, attrs, pairs) => {
                        for &a in slot(*s) {
                            for &b in slot(*o) {
                                if let Some(h) = pairs {
                                    if !hooks::pair(*h, &anchor, a, b, &bound, cx) {
                                        continue;
                                    }
                                }
                                let mut values = std::collections::BTreeMap::new();
                                let mut complete = true;
                                for (key, hook) in attrs {
                                    match hooks::attr(*hook, &anchor, b, cx) {
                                        Some(v) => {
                                            values.insert(key.clone(), v);
                                        }
                                        None => complete = false,
                                    }
                                }
                                if !complete {
                                    continue;
                                }
                                let (doc, s) = (cx.doc, &cx.sent.s);
                                let ev = || evidence(doc, s, &rule.name);
                                let rel_name = cx.schema.ontology.rel_name(*rel).to_string();
                                if cx.facts.relate_in(
                                    cx.reg,
                                    cx.schema,
                                    (a, &rel_name, b),
                                    values,
                                    s.text,
                                    ev,
                                ) {
                                    cx.facts.fired.push(Fired {
                                        rule: r,
                                        sentence: cx.disc.index,
                                        subject: a,
                                        relation: *rel,
                                        object: b,
                                    });
                                    emitted.push((a, rel_name, b));
                                }
                            }
                        }
                    }
                    CEmit::Hook(h) => {
                        let all: Vec<usize> = bound
                            .iter()
                            .flatten()
                            .copied()
                            .chain(trigger_entity.iter().copied())
                            .collect();
                        hooks::action(*h, &anchor, &all, cx);
                        note(cx, r, at, || format!("ran {}", h.name()));
                    }
                }
            }
            if !emitted.is_empty() {
                if let Some(g) = &rule.group {
                    taken.push((g.as_str(), anchor.start, anchor.end));
                }
            }
            if !emitted.is_empty() {
                // what it made, written out only for a trace
                if cx.facts.trace.is_some() {
                    let reg = &*cx.reg;
                    let made: Vec<String> = emitted
                        .iter()
                        .map(|(a, r, b)| {
                            format!("{} -{r}-> {}", reg.entities[*a].name, reg.entities[*b].name)
                        })
                        .collect();
                    note(cx, r, at, || format!("fired: {}", made.join("; ")));
                }
            } else if rule.emit.iter().all(|e| matches!(e, CEmit::Relate(..))) {
                note(cx, r, at, || {
                    "bound its arguments, but the ontology allows none of the relations".into()
                });
            }
        }
    }
}

/// Record what a rule did at an anchor, when the extraction is traced.
fn note(
    cx: &mut RuleCx<'_, '_>,
    rule: usize,
    anchor: (usize, usize),
    outcome: impl FnOnce() -> String,
) {
    let sentence = cx.disc.index;
    if let Some(t) = cx.facts.trace.as_mut() {
        t.tried.push(Tried {
            rule,
            sentence,
            anchor,
            outcome: outcome(),
        });
    }
}

/// Where a scope ends before an anchor (the first byte it covers).
fn scope_before(scope: CScope, a: &Anchor, sent: &Sent<'_>) -> usize {
    match scope {
        CScope::Sentence => 0,
        CScope::Clause => sent.clause(a.start).0,
        CScope::Bytes(n) => a.start.saturating_sub(n),
        CScope::Words(n) => words_back(sent.s.text, a.start, n),
        CScope::UpTo(c) => sent
            .hits_of(c)
            .filter(|h| h.end() <= a.start)
            .map(|h| h.end())
            .max()
            .unwrap_or(0),
    }
}

/// Where a scope ends after an anchor (one past the last byte it covers).
fn scope_after(scope: CScope, a: &Anchor, sent: &Sent<'_>) -> usize {
    let len = sent.s.text.len();
    match scope {
        CScope::Sentence => len,
        CScope::Clause => sent.clause(a.end.max(a.start)).1,
        CScope::Bytes(n) => (a.end + n).min(len),
        CScope::Words(n) => words_forward(sent.s.text, a.end, n),
        CScope::UpTo(c) => sent
            .hits_of(c)
            .filter(|h| h.start() >= a.end)
            .map(|h| h.start())
            .min()
            .unwrap_or(len),
    }
}

fn cond(c: &CCond, a: &Anchor, cx: &RuleCx<'_, '_>) -> bool {
    let sent = cx.sent;
    match c {
        CCond::InSentence(q) => sent.has(*q),
        CCond::InClause(q) => {
            let (from, to) = sent.clause(a.start);
            sent.has_in(*q, from, to)
        }
        CCond::TriggerIn(q) => sent
            .hits_of(*q)
            .any(|h| h.start() == a.start && h.end() == a.end),
        CCond::Before(q, scope) => {
            let from = scope_before(*scope, a, sent);
            sent.hits_of(*q)
                .any(|h| h.end() <= a.start && h.start() >= from)
        }
        CCond::After(q, scope) => {
            let to = scope_after(*scope, a, sent);
            sent.hits_of(*q)
                .any(|h| h.start() >= a.end && h.end() <= to)
        }
        CCond::RightBefore(q) => sent.ends_at(*q, a.start),
        CCond::RightAfter(q) => sent.starts_at(*q, a.end),
        CCond::InReport => cx.disc.report.is_some(),
        CCond::OpensReport => cx.disc.opened.is_some(),
        CCond::InRisks => cx.disc.in_risks,
        CCond::NameWords(n) => {
            sent.s.text[a.start..a.end].split_whitespace().count() >= *n as usize
        }
        CCond::Opens(q) => sent.starts_at(*q, 0),
        CCond::MaxWords(n) => sent.s.text.split_whitespace().count() <= *n,
        CCond::Any(list) => list.iter().any(|c| cond(c, a, cx)),
        CCond::All(list) => list.iter().all(|c| cond(c, a, cx)),
        CCond::Not(c) => !cond(c, a, cx),
        CCond::Hook(h) => hooks::cond(*h, a, cx),
    }
}

/// Whether the text between two offsets satisfies every gap condition, `found` being
/// the mention located.
fn gap_ok(gaps: &[CGap], from: usize, to: usize, found: &Ment, sent: &Sent<'_>) -> bool {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let raw = &sent.lower[from..to];
    let trimmed = raw.trim();
    let lead = from + (raw.len() - raw.trim_start().len());
    let tail = from + raw.trim_end().len();
    gaps.iter().all(|g| match g {
        CGap::Is(list) => list.iter().any(|x| x == trimmed),
        CGap::Has(c) => sent.has_in(*c, from, to),
        CGap::Lacks(c) => !sent.has_in(*c, from, to),
        CGap::StartsWith(c) => sent.hits_of(*c).any(|h| h.start() == lead && h.end() <= to),
        CGap::EndsWith(c) => sent
            .hits_of(*c)
            .any(|h| h.end() == tail && h.start() >= from),
        CGap::MaxBytes(n) => raw.len() <= *n,
        CGap::MaxWords(n) => trimmed.split_whitespace().count() <= *n,
        CGap::Followed(c) => sent.starts_at(*c, found.end),
        CGap::NotPreceded(c) => !sent.ends_at(*c, found.start),
    })
}

/// Whether a mention plays a role that keeps it out of an argument.
fn excluded(not: &[Role], m: &Ment, cx: &RuleCx<'_, '_>) -> bool {
    not.iter().any(|role| hooks::plays(*role, m, cx))
}

fn bind(arg: &CArg, a: &Anchor, bound: &[Vec<usize>], cx: &mut RuleCx<'_, '_>) -> Vec<usize> {
    for l in &arg.at {
        let found = match l {
            // a hook may add the entity it finds ("spend on cloud infrastructure")
            CLocate::Hook(h) => hooks::locate(*h, a, arg.kinds, bound, cx),
            CLocate::When(conds, inner) => {
                if conds.iter().all(|c| cond(c, a, cx)) {
                    bind(
                        &CArg {
                            kinds: arg.kinds,
                            at: vec![(**inner).clone()],
                            not: arg.not.clone(),
                            optional: arg.optional,
                        },
                        a,
                        bound,
                        cx,
                    )
                } else {
                    Vec::new()
                }
            }
            _ => locate(l, arg, a, bound, cx),
        };
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn locate(
    l: &CLocate,
    arg: &CArg,
    a: &Anchor,
    bound: &[Vec<usize>],
    cx: &RuleCx<'_, '_>,
) -> Vec<usize> {
    let sent = cx.sent;
    let ms = &sent.ms;
    let fits = |m: &Ment| arg.kinds.has(cx.reg.kind(m.eid)) && !excluded(&arg.not, m, cx);
    // the mentions written before and after the anchor, nearest first
    let before_idx = || -> Vec<usize> {
        let end = match a.mention {
            Some(i) => i,
            None => ms.iter().take_while(|m| m.start < a.start).count(),
        };
        (0..end).rev().filter(|&i| ms[i].end <= a.start).collect()
    };
    let after_idx = || -> Vec<usize> {
        let from = match a.mention {
            Some(i) => i + 1,
            None => ms
                .iter()
                .take_while(|m| m.start < a.end.max(a.start))
                .count(),
        };
        (from..ms.len()).filter(|&i| ms[i].start >= a.end).collect()
    };
    match l {
        CLocate::Prev(gaps) => before_idx()
            .first()
            .map(|&i| &ms[i])
            .filter(|m| fits(m) && gap_ok(gaps, m.end, a.start, m, sent))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        CLocate::Next(gaps) => after_idx()
            .first()
            .map(|&i| &ms[i])
            .filter(|m| fits(m) && gap_ok(gaps, a.end, m.start, m, sent))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        CLocate::PrevOf(gaps) => before_idx()
            .into_iter()
            .map(|i| &ms[i])
            .find(|m| fits(m))
            .filter(|m| gap_ok(gaps, m.end, a.start, m, sent))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        CLocate::NextOf(gaps) => after_idx()
            .into_iter()
            .map(|i| &ms[i])
            .find(|m| fits(m))
            .filter(|m| gap_ok(gaps, a.end, m.start, m, sent))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        CLocate::Before(scope, take) => {
            let from = scope_before(*scope, a, sent);
            let idx: Vec<usize> = before_idx()
                .into_iter()
                .filter(|&i| ms[i].start >= from)
                .collect();
            take_from(&idx, *take, &fits, sent)
        }
        CLocate::BeforeCue(q, scope, take) => {
            let Some(h) = sent.hits_of(*q).next() else {
                return Vec::new();
            };
            let at = Anchor {
                start: h.start(),
                end: h.end(),
                mention: None,
            };
            let from = scope_before(*scope, &at, sent);
            let idx: Vec<usize> = (0..ms.len())
                .rev()
                .filter(|&i| ms[i].end <= at.start && ms[i].end >= from)
                .collect();
            take_from(&idx, *take, &fits, sent)
        }
        CLocate::After(scope, take) => {
            let to = scope_after(*scope, a, sent);
            let idx: Vec<usize> = after_idx()
                .into_iter()
                .filter(|&i| ms[i].end <= to)
                .collect();
            take_from(&idx, *take, &fits, sent)
        }
        CLocate::Report => kind_filter(cx.disc.report, arg, cx),
        CLocate::Raiser => kind_filter(cx.disc.raiser_now(), arg, cx),
        CLocate::Publisher => kind_filter(cx.disc.publisher, arg, cx),
        CLocate::Focus => kind_filter(cx.disc.focus, arg, cx),
        CLocate::LastOf(kinds) => kind_filter(cx.disc.last_of_kind(cx.reg, *kinds), arg, cx),
        CLocate::PrevSentence(kinds, take) => {
            let list: Vec<usize> = cx
                .disc
                .prev
                .iter()
                .copied()
                .filter(|&e| arg.kinds.has(cx.reg.kind(e)) && kinds.has(cx.reg.kind(e)))
                .collect();
            match take {
                Take::All | Take::List => list,
                Take::Nearest => list.last().copied().into_iter().collect(),
                Take::Farthest => list.first().copied().into_iter().collect(),
            }
        }
        CLocate::Anywhere(take) => {
            let idx: Vec<usize> = (0..ms.len()).collect();
            take_from(&idx, *take, &fits, sent)
        }
        CLocate::EmployerOf(i) => {
            let trigger: Vec<usize> = a.mention.map(|m| ms[m].eid).into_iter().collect();
            let people: &[usize] = if *i == usize::MAX {
                &trigger
            } else {
                &bound[*i]
            };
            let works_for = cx.schema.rels().works_for;
            let mut out = Vec::new();
            for &p in people {
                if let Some(o) = cx.facts.employer(p, works_for, cx.schema) {
                    if arg.kinds.has(cx.reg.kind(o)) && !out.contains(&o) {
                        out.push(o);
                    }
                }
            }
            out
        }
        CLocate::Hook(_) | CLocate::When(..) => Vec::new(),
    }
}

fn kind_filter(e: Option<usize>, arg: &CArg, cx: &RuleCx<'_, '_>) -> Vec<usize> {
    e.filter(|&e| arg.kinds.has(cx.reg.kind(e)))
        .into_iter()
        .collect()
}

/// Pick from mentions (nearest first) by `take`.
fn take_from(
    idx: &[usize],
    take: Take,
    fits: &dyn Fn(&Ment) -> bool,
    sent: &Sent<'_>,
) -> Vec<usize> {
    let ms = &sent.ms;
    match take {
        Take::Nearest => idx
            .iter()
            .map(|&i| &ms[i])
            .find(|m| fits(m))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        Take::Farthest => idx
            .iter()
            .rev()
            .map(|&i| &ms[i])
            .find(|m| fits(m))
            .map(|m| m.eid)
            .into_iter()
            .collect(),
        Take::All => {
            let mut out = Vec::new();
            for &i in idx {
                if fits(&ms[i]) && !out.contains(&ms[i].eid) {
                    out.push(ms[i].eid);
                }
            }
            out
        }
        Take::List => {
            // the nearest that fits, then every mention joined to it as a list
            let Some(pos) = idx.iter().position(|&i| fits(&ms[i])) else {
                return Vec::new();
            };
            let mut out = vec![ms[idx[pos]].eid];
            let mut prev = idx[pos];
            for &i in &idx[pos + 1..] {
                let (a, b) = if i < prev {
                    (&ms[i], &ms[prev])
                } else {
                    (&ms[prev], &ms[i])
                };
                if !list_joint(&sent.s.text[a.end.min(b.start)..b.start]) || !fits(&ms[i]) {
                    break;
                }
                if !out.contains(&ms[i].eid) {
                    out.push(ms[i].eid);
                }
                prev = i;
            }
            out
        }
    }
}

/// Whether the text between two names joins them as a list ("/", "and", ",", "&",
/// "as well as"), a ticker in parentheses between them aside.
pub(crate) fn list_joint(raw: &str) -> bool {
    let gap = match (raw.find('('), raw.rfind(')')) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &raw[..a], &raw[b + 1..]),
        _ => raw.to_string(),
    };
    let gap = gap.trim().trim_start_matches(',').trim();
    matches!(gap, "/" | "and" | "," | "&" | "as well as" | "")
}
