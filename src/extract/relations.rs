//! Relation rules: report attribution, forecasts, ratings, outperformance,
//! investment, development and employment.

use super::discourse::Discourse;
use super::engine::{Engine, RuleCx};
use super::roles::{is_baseline, is_data_vendor, is_descriptor, is_source};
use super::{evidence, Facts, Ment, Sent};
use crate::resolve::Registry;
use crate::schema::{KindId, Schema};
use crate::text::phrases::{contains, contains_any, find_all, first_of};
use crate::text::phrases::{floor, normalize_name};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// "invest … in X", "spend … on X", "pour … into X": the verb and the preposition before the object.
static SPEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:invest(?:s|ed|ing)?|spends?|spent|pour(?:s|ed|ing)?|puts?|pump(?:s|ed|ing)?|allocat(?:e|es|ed|ing)|earmark(?:s|ed|ing)?|going|channel(?:s|ed|led|ing)?|build out|to build|bought|buys|buying)\b(?:[^.;]|\.\d){0,60}?\b(?:in|on|into|for|to|toward|towards)\s+").unwrap()
});

/// What the rules remember from one sentence to the next.
#[derive(Debug, Default)]
struct Context {
    /// The broker whose research report is being summarised.
    report: Option<usize>,
    /// The broker named last.
    last_broker: Option<usize>,
    /// The person named last.
    last_person: Option<usize>,
    /// The company that last raised money.
    raiser: Option<usize>,
    /// Sentences since the raiser was named.
    raiser_age: usize,
    /// The company or index named last as a sentence subject.
    focus: Option<usize>,
    /// Entities of the previous sentence.
    prev: Vec<usize>,
    /// Every entity mentioned so far, in order.
    seen: Vec<usize>,
    /// Inside a "Risk factors" section of a report.
    in_risks: bool,
    /// Mentions of each company so far.
    company_mentions: std::collections::HashMap<usize, usize>,
}

/// The news publisher an article names: the first mention of a lexicon publisher.
pub(crate) fn publisher_of(schema: &Schema, sents: &[Sent<'_>], reg: &Registry) -> Option<usize> {
    let publishers: Vec<String> = schema
        .lexicon
        .publishers
        .iter()
        .map(|p| normalize_name(p))
        .collect();
    // "Bloomberg consensus" names a data vendor, not the article's publisher
    sents
        .iter()
        .flat_map(|s| s.ms.iter().filter(move |m| !is_data_vendor(s.s.text, m)))
        .map(|m| m.eid)
        .find(|&e| {
            let ent = &reg.entities[e];
            std::iter::once(&ent.name)
                .chain(&ent.aliases)
                .any(|n| publishers.contains(&normalize_name(n)))
        })
}

pub(crate) fn extract(
    schema: &Schema,
    engine: &Engine,
    doc: &str,
    sents: &[Sent<'_>],
    reg: &mut Registry,
    facts: &mut Facts,
    publisher: Option<usize>,
) {
    let mut cx = Context::default();
    let mut disc = Discourse::new(publisher);
    let employment_family = engine.family("employment");
    let ratings_family = engine.family("ratings");
    let outperformance_family = engine.family("outperformance");
    for (i, sent) in sents.iter().enumerate() {
        disc.begin(i, sent, reg);
        if let Some(t) = facts.trace.as_mut() {
            t.discourse.push(disc.describe(reg));
        }
        if sent.section_end {
            cx.report = None;
        }
        // a heading line ("Risk factors:", "Investment strategy:") opens a section; in a
        // list of risks the report states what could go wrong, not what it expects
        if let Some(h) = heading(sent.s.text) {
            cx.in_risks = h.contains("risk");
        }
        let text = sent.s.text;
        let opened = report_opener(schema, sent, reg, i == 0);
        if let Some(b) = opened {
            cx.report = Some(b);
        }
        let ev = |rule: &str| evidence(doc, &sent.s, rule);

        if let Some(f) = employment_family {
            engine.run_family(
                f,
                &mut RuleCx {
                    schema,
                    doc,
                    sent,
                    disc: &disc,
                    reg,
                    facts,
                },
            );
        }
        if let Some(f) = ratings_family {
            engine.run_family(
                f,
                &mut RuleCx {
                    schema,
                    doc,
                    sent,
                    disc: &disc,
                    reg,
                    facts,
                },
            );
        }
        forecasts(schema, sent, reg, facts, &cx, opened.is_some(), &ev);
        if let Some(f) = outperformance_family {
            engine.run_family(
                f,
                &mut RuleCx {
                    schema,
                    doc,
                    sent,
                    disc: &disc,
                    reg,
                    facts,
                },
            );
        }
        investment(schema, sent, reg, facts, &mut cx, &ev);
        development(schema, sent, reg, facts, &cx, &ev);

        for m in &sent.ms {
            let kind = kind_of(reg, m);
            if kind == reg.k.broker {
                cx.last_broker = Some(m.eid);
            } else if kind == reg.k.person {
                cx.last_person = Some(m.eid);
            }
        }
        // the company in focus: the most mentioned so far, the latest on a tie
        for m in &sent.ms {
            if kind_of(reg, m) == reg.k.company {
                *cx.company_mentions.entry(m.eid).or_insert(0) += 1;
                let n = cx.company_mentions[&m.eid];
                let best = cx
                    .focus
                    .map_or(0, |f| cx.company_mentions.get(&f).copied().unwrap_or(0));
                if n >= best {
                    cx.focus = Some(m.eid);
                }
            }
        }
        let _ = text;
        cx.prev = sent.ms.iter().map(|m| m.eid).collect();
        cx.raiser_age += 1;
        cx.seen.extend(sent.ms.iter().map(|m| m.eid));
        disc.end(sent, reg);
    }
    bank_as_company(sents, reg, facts);
}

/// A bank the gazetteer lists as a research house, named in a document only as a
/// business (its own margin or profit, taking a company private) and never for its
/// research (no forecast, rating or analyst of its), is a company there: "HSBC's net
/// interest margin narrowed", "HSBC offered to take the lender private".
fn bank_as_company(sents: &[Sent<'_>], reg: &mut Registry, facts: &Facts) {
    for e in 0..reg.entities.len() {
        if reg.entities[e].kind != reg.k.broker || reg.entities[e].discovered {
            continue;
        }
        let research = facts.relations.keys().any(|(s, r, o)| {
            (*s == e && matches!(r.as_str(), "forecasts" | "rates"))
                || (*o == e && r == "works_for")
        });
        if research {
            continue;
        }
        let buyer = facts
            .relations
            .iter()
            .any(|((s, r, _), (_, ev))| *s == e && r == "invests" && ev.rule == "take-private");
        let own_results = sents.iter().any(|sent| {
            sent.ms.iter().filter(|m| m.eid == e).any(|m| {
                let after = sent.lower[m.end..].trim_start();
                let after = after
                    .strip_prefix("'s ")
                    .or_else(|| after.strip_prefix("’s "));
                after.is_some_and(|a| {
                    [
                        "net interest margin",
                        "net interest income",
                        "net profit",
                        "net income",
                        "pre-tax profit",
                        "pretax profit",
                        "loan book",
                        "deposits",
                        "first-half profit",
                        "quarterly profit",
                        "annual profit",
                    ]
                    .iter()
                    .any(|w| a.starts_with(w))
                })
            })
        });
        if buyer || own_results {
            reg.entities[e].kind = reg.k.company;
        }
    }
}

/// The lower-cased title of a heading line: short, and ending with a colon.
fn heading(t: &str) -> Option<String> {
    let t = t.trim();
    let title = t.strip_suffix(':')?;
    (title.split_whitespace().count() <= 5).then(|| title.to_ascii_lowercase())
}

/// A broker that opens its research report in this sentence.
fn report_opener(schema: &Schema, sent: &Sent<'_>, reg: &Registry, first: bool) -> Option<usize> {
    let lex = &schema.lexicon;
    let t = sent.s.text;
    let brokers: Vec<&Ment> = sent
        .ms
        .iter()
        .filter(|m| reg.entities[m.eid].kind == reg.k.broker)
        .collect();
    for b in &brokers {
        let after = &t[b.end..];
        let window = &after[..floor(after, 60)];
        if lex.report_openers.iter().any(|p| {
            find_all(window, p)
                .first()
                .is_some_and(|&at| window[..at].split_whitespace().count() <= 4)
        }) {
            return Some(b.eid);
        }
        let before = t[..b.start].to_ascii_lowercase();
        if lex
            .report_intros
            .iter()
            .any(|p| before.trim_end().ends_with(p.as_str()))
        {
            return Some(b.eid);
        }
        // a headline "Broker: …" on the first line
        if first && b.start <= 2 && after.trim_start().starts_with(':') {
            return Some(b.eid);
        }
    }
    None
}

fn kind_of(reg: &Registry, m: &Ment) -> KindId {
    reg.entities[m.eid].kind
}

/// Speakers named in the sentence: brokers and people next to a speech cue.
fn speakers(
    schema: &Schema,
    sent: &Sent<'_>,
    reg: &Registry,
    cx: &Context,
    facts: &Facts,
) -> Vec<usize> {
    let lex = &schema.lexicon;
    let t = sent.s.text;
    let mut out = Vec::new();
    for (k, m) in sent.ms.iter().enumerate() {
        let kind = kind_of(reg, m);
        if !reg.k.forecaster().has(kind) {
            continue;
        }
        let _ = k;
        let after = &t[m.end..];
        let after = &after[..floor(after, 80)];
        let before = t[..m.start].to_ascii_lowercase();
        let before = before.trim_end();
        // a broker's "is bullish" speaks; a person must say, expect, believe …
        let within = |set: &crate::text::PhraseSet| {
            set.first(after)
                .is_some_and(|(at, _)| after[..at].split_whitespace().count() <= 9)
        };
        // a fund speaks when it predicts ("ARK Invest predicts"), not when it says what
        // it does ("SoftBank said it will invest")
        let predicts = {
            let a = after.trim_start().to_ascii_lowercase();
            [
                "predicts",
                "predicted",
                "forecasts",
                "forecast",
                "expects",
                "expected",
                "sees",
                "projects",
                "projected",
                "estimates",
                "estimated",
                "believes",
            ]
            .iter()
            .any(|w| a.starts_with(w) && !a[w.len()..].starts_with(char::is_alphanumeric))
        };
        let cue_after = (kind != reg.k.investor && within(&lex.compiled.speech_cues))
            || (kind == reg.k.broker && within(&lex.compiled.forward_cues))
            || (kind == reg.k.investor && predicts);
        let cue_before = [
            "according to",
            "said",
            "says",
            "analysts at",
            "strategists at",
            "analyst at",
            "strategist at",
            "economists at",
            "seen by",
            "by",
        ]
        .iter()
        .any(|c| before.ends_with(c));
        let title_before = lex
            .person_titles
            .iter()
            .any(|ti| before.ends_with(ti.as_str()));
        // "HSBC strategists A and B stated …": the broker speaks through its staff
        let staff_after = (reg.k.broker | reg.k.investor).has(kind)
            && !before.ends_with("former")
            && [
                "analyst",
                "analysts",
                "strategist",
                "strategists",
                "economist",
                "economists",
                "bank analysts",
                "bank strategists",
            ]
            .iter()
            .any(|w| after.trim_start().to_ascii_lowercase().starts_with(w))
            && lex.compiled.speech_cues.contains(t);
        let cue_before = cue_before && kind != reg.k.investor;
        if cue_after
            || cue_before
            || staff_after
            || (kind == reg.k.person && title_before && lex.compiled.speech_cues.contains(t))
        {
            out.push(m.eid);
        }
    }
    // "the bank believes", "the brokerage said"
    let lower = sent.lower.as_str();
    if lex.broker_anaphora.iter().any(|a| contains(lower, a)) {
        // "The strategists expect …" after a fund's strategists spoke: the fund
        let staff = contains_any(
            lower,
            &["the strategists", "the economists", "the analysts"],
        );
        let house = cx
            .seen
            .iter()
            .rev()
            .copied()
            .find(|&e| (reg.k.broker | reg.k.investor).has(reg.entities[e].kind))
            .filter(|&e| staff && reg.entities[e].kind == reg.k.investor && cx.report.is_none());
        if let Some(b) = house.or(cx.report).or(cx.last_broker) {
            out.push(b);
        }
    }
    let person_here = sent.ms.iter().any(|m| kind_of(reg, m) == reg.k.person);
    // "The strategist said …": one named person spoke last
    let singular = [
        "the strategist",
        "the analyst",
        "the economist",
        "the fund manager",
        "the portfolio manager",
    ]
    .iter()
    .any(|a| contains(lower, a));
    if !person_here
        && (contains(lower, "he") || contains(lower, "she") || singular)
        && lex.compiled.speech_cues.contains(lower)
    {
        if let Some(p) = cx.last_person {
            out.push(p);
        }
    }
    // a person speaks to markets as an analyst, strategist, investor or executive: someone
    // with an employer (a politician's remark about a company is no forecast)
    out.retain(|&e| {
        reg.entities[e].kind != reg.k.person
            || facts
                .relations
                .keys()
                .any(|(s, r, _)| *s == e && r == "works_for")
    });
    // an analyst speaks for the broker named with them ("said Kyna Wong from Citi"); a
    // fund's chief investment officer, economist or strategist speaks for the fund (a
    // portfolio manager or director speaks for themself)
    let house_view = contains_any(
        lower,
        &[
            "chief investment officer",
            "cio",
            "chief economist",
            "chief strategist",
            "strategist",
            "strategists",
            "economist",
            "economists",
        ],
    );
    let firms: Vec<usize> = out
        .iter()
        .flat_map(|&e| {
            facts
                .relations
                .keys()
                .filter(move |(s, r, o)| {
                    *s == e
                        && r == "works_for"
                        && (reg.entities[*o].kind == reg.k.broker
                            || reg.entities[*o].kind == reg.k.investor && house_view)
                })
                .map(|(_, _, o)| *o)
        })
        .collect();
    out.extend(firms);
    out.sort();
    out.dedup();
    out
}

fn forecasts(
    schema: &Schema,
    sent: &Sent<'_>,
    reg: &mut Registry,
    facts: &mut Facts,
    cx: &Context,
    opener: bool,
    ev: &dyn Fn(&str) -> crate::model::Evidence,
) {
    let lex = &schema.lexicon;
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    // "may" is a modal only in lower case ("May 27" is a date)
    // "would have amounted" looks back, not forward
    let looking = ["would have", "could have", "should have", "might have"]
        .iter()
        .fold(lower.to_string(), |acc, w| acc.replace(w, " "));
    let forward = lex.compiled.forward_cues.contains(&looking)
        || contains_case(t, "may")
        || contains_case(t, "might");
    let mut subjects = speakers(schema, sent, reg, cx, facts);
    let mut rule = "forecast-speaker".to_string();
    if subjects.is_empty() && !cx.in_risks {
        if let Some(r) = cx.report {
            if forward || opener || contains(lower, "we") {
                subjects.push(r);
                rule = "forecast-report".to_string();
            }
        }
    } else if !forward && !lex.compiled.speech_cues.contains(lower) {
        return;
    }
    if subjects.is_empty() || !(forward || opener) {
        return;
    }
    if let Some((at, len)) = lex.compiled.forward_cues.first(lower) {
        rule = format!("{rule}({})", &lower[at..at + len]);
    }
    // in an opener sentence only what follows the broker is the report's content
    let from = if opener {
        sent.ms
            .iter()
            .find(|m| Some(m.eid) == cx.report || subjects.contains(&m.eid))
            .map_or(0, |m| m.end)
    } else {
        0
    };
    let mut objects: Vec<&Ment> = sent
        .ms
        .iter()
        .filter(|m| m.start >= from)
        .filter(|m| !is_source(t, m) && !is_baseline(lower, m))
        .filter(|m| !subjects.contains(&m.eid))
        .collect();
    // "expectations for the stock": the company in focus
    let focus_ment;
    // an analyst quoted by name speaks of the company the story is about
    let quoted_analyst = rule.starts_with("forecast-speaker")
        && subjects.iter().any(|&e| {
            reg.entities[e].kind == reg.k.person
                && facts.relations.keys().any(|(s, r, o)| {
                    *s == e
                        && r == "works_for"
                        && (reg.k.broker | reg.k.investor).has(reg.entities[*o].kind)
                })
        });
    if objects.is_empty()
        && (quoted_analyst
            || contains_any(
                lower,
                &[
                    "the stock",
                    "the shares",
                    "its shares",
                    "the company's",
                    "the company",
                ],
            ))
    {
        if let Some(f) = cx.focus {
            focus_ment = Ment {
                eid: f,
                start: t.len(),
                end: t.len(),
            };
            objects.push(&focus_ment);
        }
    }
    // "Citi turned bullish on banks while Morgan Stanley stayed cautious on developers":
    // a speaker named in the sentence speaks for its own clause
    let clauses = clause_bounds(lower);
    let clause_of = |at: usize| clauses.iter().position(|&(a, b)| a <= at && at < b);
    let speaker_clauses: Vec<(usize, Option<usize>)> = subjects
        .iter()
        .map(|&s| {
            let at = sent.ms.iter().find(|m| m.eid == s).map(|m| m.start);
            (s, at.and_then(clause_of))
        })
        .collect();
    let spoken_clauses: Vec<usize> = speaker_clauses.iter().filter_map(|&(_, c)| c).collect();
    let several = {
        let mut c = spoken_clauses.clone();
        c.sort();
        c.dedup();
        c.len() > 1
    };
    for &(s, clause) in &speaker_clauses {
        for o in &objects {
            let same = !several || clause.is_none() || clause_of(o.start) == clause;
            // "said Wang He, Galbot's founder": the employer names the speaker, it is not
            // what they forecast
            let employer = facts
                .relations
                .contains_key(&(s, "works_for".to_string(), o.eid));
            if o.eid != s && same && !employer {
                facts.relate(
                    reg,
                    schema,
                    (s, "forecasts", o.eid),
                    BTreeMap::new(),
                    ev(&rule),
                );
            }
        }
    }
}

/// The clauses of a sentence as byte ranges, split at "; ", " while ", " whereas ", ", but ".
fn clause_bounds(lower: &str) -> Vec<(usize, usize)> {
    let mut cuts: Vec<usize> = ["; ", " while ", " whereas ", ", but ", ", while "]
        .iter()
        .flat_map(|w| lower.match_indices(w).map(|(i, _)| i))
        .collect();
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        if c > start {
            out.push((start, c));
            start = c;
        }
    }
    out.push((start, lower.len() + 1));
    out
}

/// Whether `t` has `word` as a whole word written exactly in this case.
fn contains_case(t: &str, word: &str) -> bool {
    find_all(t, word)
        .into_iter()
        .any(|at| &t[at..at + word.len()] == word)
}

fn investment(
    schema: &Schema,
    sent: &Sent<'_>,
    reg: &mut Registry,
    facts: &mut Facts,
    cx: &mut Context,
    ev: &dyn Fn(&str) -> crate::model::Evidence,
) {
    let lex = &schema.lexicon;
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    let investor_kind = |reg: &Registry, e: usize| {
        (reg.k.investor | reg.k.company | reg.k.broker).has(reg.entities[e].kind)
    };
    if lex.compiled.funding.contains(lower) {
        let cue = lex.compiled.funding_investors.first(lower);
        // the raiser is the company written before the verb of raising
        let raise_at = first_of(
            lower,
            &[
                "raised",
                "raises",
                "raising",
                "raise",
                "secures",
                "secured",
                "is targeting",
                "targets",
                "closed",
                "completed",
                "valued at",
                "valuation of",
                "'s series",
                "’s series",
                "funding round",
                "financing round",
                "fundraising",
                "fund-raising",
                "funding",
                "financing",
            ],
        )
        .map(|(at, _)| at);
        let raiser_here = raise_at.and_then(|at| {
            sent.ms
                .iter()
                .filter(|m| m.end <= at && cue.is_none_or(|(c, _)| m.end <= c))
                .find(|m| kind_of(reg, m) == reg.k.company)
                .map(|m| m.eid)
        });
        if let Some(r) = raiser_here {
            cx.raiser = Some(r);
            cx.raiser_age = 0;
        }
        // "HongShan and IDG Capital co-led a … round for Galbot": backers before the verb,
        // the raiser after "for"/"in"
        for verb in [" co-led ", " led ", " joined "] {
            let Some(v) = lower.find(verb) else { continue };
            if lower[v..].starts_with(" led by") || lower[..v].ends_with("round") {
                continue;
            }
            let after_verb = &lower[v + verb.len()..];
            if !contains_any(after_verb, &["round", "funding", "financing", "investment"]) {
                continue;
            }
            let target = sent
                .ms
                .iter()
                .filter(|m| m.start > v && kind_of(reg, m) == reg.k.company)
                .find(|m| {
                    let before = lower[..m.start].trim_end();
                    before.ends_with(" for")
                        || before.ends_with(" in")
                        || before.ends_with("maker")
                        || before.ends_with("startup")
                        || t[m.end..].starts_with("'")
                        || t[m.end..].starts_with("’")
                })
                .map(|m| m.eid);
            if let Some(r) = target {
                for b in subject_list(t, sent, reg, v, |e| investor_kind(reg, e)) {
                    if b != r {
                        facts.relate(
                            reg,
                            schema,
                            (b, "invests", r),
                            BTreeMap::new(),
                            ev("led-round"),
                        );
                    }
                }
                cx.raiser = Some(r);
                cx.raiser_age = 0;
            }
        }
        // a raiser named a few sentences back still owns the round ("Existing backers …")
        let raiser = raiser_here.or(cx.raiser.filter(|_| cx.raiser_age <= 3));
        if let Some(r) = raiser {
            // after the investor cue: any backer; anywhere: a fund, VC or asset manager
            // ("with SoftBank as lead investor, while Magnetar … in talks to join")
            let after = cue.map(|(at, _)| at);
            let investors: Vec<usize> = sent
                .ms
                .iter()
                .filter(|m| m.eid != r && !is_source(t, m))
                .filter(|m| {
                    let kind = kind_of(reg, m);
                    kind == reg.k.investor
                        || after.is_some_and(|at| m.start > at && investor_kind(reg, m.eid))
                })
                .map(|m| m.eid)
                .collect();
            {
                for i in investors {
                    facts.relate(
                        reg,
                        schema,
                        (i, "invests", r),
                        BTreeMap::new(),
                        ev("funding-round"),
                    );
                }
            }
        }
    }
    // "invest $X in <phrase>": the phrase is a sector when no entity is there
    for c in SPEND.find_iter(t) {
        let clause = &lower[lower[..c.start()].rfind([';', ',']).map_or(0, |p| p + 1)..c.start()];
        if contains_any(
            clause,
            &["not", "no plans", "denied", "won't", "isn't", "never"],
        ) {
            continue;
        }
        // "Alat, a unit of Saudi Arabia's Public Investment Fund, will invest": the unit
        let subject = sent
            .ms
            .iter()
            .rfind(|m| {
                m.end <= c.start()
                    && investor_kind(reg, m.eid)
                    && !is_source(t, m)
                    && !is_descriptor(lower, m)
            })
            .map(|m| m.eid)
            .or_else(|| {
                let near = &lower[floor(lower, c.start().saturating_sub(12))..c.start()];
                (contains(near, "it") || contains(near, "its"))
                    .then_some(cx.focus)
                    .flatten()
            });
        let Some(s) = subject else { continue };
        if let Some(m) = sent
            .ms
            .iter()
            .find(|m| m.start >= c.end() && m.start <= c.end() + 4)
        {
            // "going to AI processors": a sector word that opens a longer phrase names
            // only part of the object
            let longer = object_phrase(&t[m.start..]).filter(|p| {
                kind_of(reg, m) == reg.k.sector
                    && p.len() > m.end - m.start
                    && !p.contains(" and ")
                    && t[m.end..].starts_with(' ')
            });
            if let Some(phrase) = longer {
                let o = reg.add(&phrase, reg.k.sector, &phrase, &[]);
                facts.relate(
                    reg,
                    schema,
                    (s, "invests", o),
                    BTreeMap::new(),
                    ev("invest-object-phrase"),
                );
                continue;
            }
            if (reg.k.company | reg.k.sector | reg.k.model).has(kind_of(reg, m)) {
                facts.relate(
                    reg,
                    schema,
                    (s, "invests", m.eid),
                    BTreeMap::new(),
                    ev("invest-object"),
                );
            }
            continue;
        }
        if let Some(phrase) = object_phrase(&t[c.end()..]) {
            // "spend $400 billion on capital expenditure": capex, not an object
            if [
                "capital expenditure",
                "capital expenditures",
                "capex",
                "capital spending",
            ]
            .contains(&phrase.to_ascii_lowercase().as_str())
            {
                continue;
            }
            // a proper name ("Vantage Studios") is a company, a description a sector
            let proper = phrase
                .split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            let kind = if proper { reg.k.company } else { reg.k.sector };
            let o = reg.add(&phrase, kind, &phrase, &[]);
            facts.relate(
                reg,
                schema,
                (s, "invests", o),
                BTreeMap::new(),
                ev("invest-object-phrase"),
            );
        }
    }
    // "A, B and C agreed to take Electronic Arts private", "HSBC offered to take the lender
    // private": the buyers invest in the company taken private
    for at in find_all(lower, "take") {
        let window = &lower[at..floor(lower, at + 60)];
        let Some(pp) = window.find(" private") else {
            continue;
        };
        let end = at + pp;
        let buyers = subject_list(t, sent, reg, at, |e| investor_kind(reg, e));
        let named = sent
            .ms
            .iter()
            .find(|m| m.start > at && m.end <= end && kind_of(reg, m) == reg.k.company)
            .map(|m| m.eid);
        let anaphoric = contains_any(
            &lower[at..end],
            &[
                "the lender",
                "the company",
                "the bank",
                "the group",
                "the firm",
                "the insurer",
            ],
        );
        let target = named.or_else(|| {
            anaphoric
                .then(|| {
                    sent.ms
                        .iter()
                        .rfind(|m| {
                            m.end <= at
                                && kind_of(reg, m) == reg.k.company
                                && !buyers.contains(&m.eid)
                        })
                        .map(|m| m.eid)
                })
                .flatten()
        });
        if let Some(o) = target {
            for &b in buyers.iter().filter(|&&b| b != o) {
                facts.relate(
                    reg,
                    schema,
                    (b, "invests", o),
                    BTreeMap::new(),
                    ev("take-private"),
                );
            }
        }
    }
    // "to fund its OpenAI commitments": the holder of a stake or commitment in a company
    for m in &sent.ms {
        if kind_of(reg, m) != reg.k.company {
            continue;
        }
        let before = lower[..m.start].trim_end();
        let after = lower[m.end..].trim_start();
        let held = before.ends_with(" its")
            && [
                "stake",
                "stakes",
                "investment",
                "investments",
                "commitment",
                "commitments",
                "holding",
                "holdings",
            ]
            .iter()
            .any(|w| after.starts_with(w) && !after[w.len()..].starts_with(char::is_alphanumeric));
        if !held {
            continue;
        }
        let prior = before[..before.len() - 3].trim_end();
        // "sold its …", "sold part of its …"
        let near: Vec<&str> = prior.split_whitespace().rev().take(3).collect();
        let sold = [
            "sold", "sells", "selling", "exited", "cut", "trimmed", "reduced", "dumped",
        ]
        .iter()
        .any(|w| near.contains(w));
        if sold {
            continue;
        }
        // the holder is the sentence's subject, not an object named on the way
        let holder = sent
            .ms
            .iter()
            .find(|q| q.end <= m.start && q.eid != m.eid && investor_kind(reg, q.eid))
            .map(|q| q.eid);
        if let Some(h) = holder {
            facts.relate(
                reg,
                schema,
                (h, "invests", m.eid),
                BTreeMap::new(),
                ev("its-stake"),
            );
        }
    }
    // stakes, acquisitions and capital spending: subject before the trigger, object after
    let capex_words = [
        "capital expenditure",
        "capital expenditures",
        "capex",
        "capital spending",
    ];
    for trig in [
        "stake in",
        "acquire",
        "acquired",
        "acquires",
        "acquisition of",
        "agreed to buy",
        "to buy",
        "bought",
        "invest in",
        "invested in",
        "invests in",
        "investing in",
        "invest",
        "invested",
        "pour",
        "poured",
        "pours",
        "investment in",
        "investments in",
        "capital expenditure",
        "capital expenditures",
        "capex",
        "capital spending",
    ] {
        let capex = capex_words.contains(&trig);
        for at in find_all(lower, trig) {
            // "is not planning to invest", "sold its entire stake in": no investment
            let clause = &lower[lower[..at].rfind([';', ',']).map_or(0, |p| p + 1)..at];
            if contains_any(
                clause,
                &[
                    "not",
                    "no plans",
                    "denied",
                    "won't",
                    "isn't",
                    "sold",
                    "sells",
                    "exited",
                    "divested",
                    "dumped",
                    "cut its stake",
                    "trimmed its stake",
                ],
            ) {
                continue;
            }
            // companies spend capex; funds and banks buy stakes
            let subjects = if capex {
                subject_list(t, sent, reg, at, |e| reg.entities[e].kind == reg.k.company)
            } else {
                subject_list(t, sent, reg, at, |e| investor_kind(reg, e))
            };
            let subjects = if subjects.is_empty()
                && (contains(&lower[..at], "its") || contains(&lower[..at], "it"))
            {
                cx.focus.into_iter().collect()
            } else {
                subjects
            };
            if subjects.is_empty() {
                continue;
            }
            let clause_end = [";", ", while", " while ", ", but ", " whereas "]
                .iter()
                .filter_map(|b| lower[at..].find(b).map(|p| at + p))
                .min()
                .unwrap_or(t.len());
            // capital spending on what it is spent on: close after the trigger, not in a
            // following "which should support …"
            let clause_end = if capex {
                let near = floor(lower, at + 80).min(clause_end);
                lower[at..near].find(", which").map_or(near, |p| at + p)
            } else {
                clause_end
            };
            // capital spending goes to sectors, never to the companies it is compared with
            let kinds = reg.k;
            let wanted = |k: KindId| {
                if capex {
                    k == kinds.sector
                } else {
                    (kinds.company | kinds.sector | kinds.model).has(k)
                }
            };
            let mut objects: Vec<usize> = Vec::new();
            let mut prev_end: Option<usize> = None;
            for m in sent
                .ms
                .iter()
                .filter(|m| m.start >= at && m.end <= clause_end)
            {
                if !wanted(kind_of(reg, m)) || is_baseline(lower, m) {
                    continue;
                }
                if let Some(pe) = prev_end {
                    let gap = lower[pe..m.start].trim().trim_start_matches(',').trim();
                    let ends_conjunct = t[m.end..].trim_start().is_empty()
                        || t[m.end..].starts_with([',', ';', '.', ')'])
                        || [" and ", " or ", " in ", " over ", " by ", " as ", " from "]
                            .iter()
                            .any(|w| t[m.end..].starts_with(w));
                    if !(matches!(gap, "and" | "or" | "and the" | "") && ends_conjunct) {
                        break;
                    }
                }
                // "in the ChatGPT maker": the maker of the model
                let maker = (kind_of(reg, m) == reg.k.model)
                    .then(|| {
                        let after = t[m.end..].trim_start().to_ascii_lowercase();
                        (after.starts_with("maker")
                            || after.starts_with("developer")
                            || after.starts_with("creator"))
                        .then(|| reg.entities[m.eid].developer.clone())
                        .flatten()
                    })
                    .flatten()
                    .and_then(|d| {
                        reg.lookup(&d)
                            .or_else(|| Some(reg.add(&d, reg.k.company, &d, &[])))
                    });
                objects.push(maker.unwrap_or(m.eid));
                prev_end = Some(m.end);
            }
            // the capital spending of tech companies builds AI infrastructure unless the text says otherwise
            let mut rule = "invest-trigger";
            if objects.is_empty() && capex && mentions_ai(lower, sent, reg) {
                let (name, aliases) = ai_infrastructure(schema);
                objects.push(reg.add(&name, reg.k.sector, &name, &aliases));
                rule = "capex-builds-ai-infrastructure";
            }
            for &s in &subjects {
                for &o in &objects {
                    facts.relate(reg, schema, (s, "invests", o), BTreeMap::new(), ev(rule));
                }
            }
        }
    }
}

/// The entity written last before `at` that passes `keep`, with any entities joined to it
/// as a list ("Alibaba/Tencent", "Alibaba and Tencent").
fn subject_list(
    t: &str,
    sent: &Sent<'_>,
    reg: &Registry,
    at: usize,
    keep: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let before: Vec<&Ment> = sent.ms.iter().filter(|m| m.end <= at).collect();
    let Some(last) = before.iter().rposition(|m| keep(m.eid) && !is_source(t, m)) else {
        return Vec::new();
    };
    let mut out = vec![before[last].eid];
    let mut k = last;
    while k > 0 {
        let (p, m) = (before[k - 1], before[k]);
        let gap = t[p.end..m.start].trim();
        let gap = match (gap.find('('), gap.rfind(')')) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &gap[..a], &gap[b + 1..]),
            _ => gap.to_string(),
        };
        let gap = gap.trim().trim_start_matches(',').trim();
        if !matches!(gap, "/" | "and" | "," | "&" | "") || !keep(p.eid) {
            break;
        }
        out.push(p.eid);
        k -= 1;
    }
    let _ = reg;
    out
}

/// Whether a sentence is about AI (so capital spending means AI infrastructure).
fn mentions_ai(lower: &str, sent: &Sent<'_>, reg: &Registry) -> bool {
    contains_any(
        lower,
        &[
            "ai",
            "artificial intelligence",
            "computing power",
            "data center",
            "data centres",
            "data centers",
            "gpu",
            "gpus",
        ],
    ) || sent
        .ms
        .iter()
        .any(|m| reg.entities[m.eid].kind == reg.k.model)
}

/// The lexicon's AI-infrastructure sector (name and aliases), or a plain one.
fn ai_infrastructure(schema: &Schema) -> (String, Vec<String>) {
    schema
        .lexicon
        .sectors
        .iter()
        .find(|(n, _)| n == "AI infrastructure")
        .cloned()
        .unwrap_or_else(|| ("AI infrastructure".to_string(), Vec::new()))
}

fn development(
    schema: &Schema,
    sent: &Sent<'_>,
    reg: &mut Registry,
    facts: &mut Facts,
    cx: &Context,
    ev: &dyn Fn(&str) -> crate::model::Evidence,
) {
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    for (k, m) in sent.ms.iter().enumerate() {
        if kind_of(reg, m) != reg.k.model {
            continue;
        }
        // "Alibaba's Qwen", "OpenAI Operator"
        if k > 0 {
            let p = &sent.ms[k - 1];
            let gap = &t[p.end..m.start];
            if kind_of(reg, p) == reg.k.company
                && (gap == "'s " || gap == "’s " || gap == " " || gap == "-developed ")
            {
                facts.relate(
                    reg,
                    schema,
                    (p.eid, "develops", m.eid),
                    BTreeMap::new(),
                    ev("possessive-model"),
                );
                continue;
            }
        }
        let before = &lower[..m.start];
        // "its Qwen", "its in-house Gauss2": "its" and at most two modifiers
        let its = {
            let ws: Vec<&str> = before.split_whitespace().rev().take(3).collect();
            ws.iter().position(|w| *w == "its").is_some_and(|p| {
                ws[..p]
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            })
        };
        if its || before.contains("its new") {
            let subject = sent.ms[..k]
                .iter()
                .rev()
                .find(|p| kind_of(reg, p) == reg.k.company)
                .map(|p| p.eid)
                .or(cx.focus);
            if let Some(s) = subject {
                if schema.lexicon.compiled.develop.contains(lower) || its {
                    facts.relate(
                        reg,
                        schema,
                        (s, "develops", m.eid),
                        BTreeMap::new(),
                        ev("its-model"),
                    );
                }
            }
            continue;
        }
        // "the company behind the Kimi chatbot", "the maker of ChatGPT"
        if [
            "the company behind",
            "the startup behind",
            "the firm behind",
            "the maker of",
            "the developer of",
            "the creator of",
        ]
        .iter()
        .any(|p| {
            before
                .trim_end()
                .trim_end_matches("the")
                .trim_end()
                .ends_with(p)
        }) {
            // "Butterfly Effect, the startup behind the Manus AI agent": the company the
            // apposition describes, else the one in focus
            let described = sent.ms[..k]
                .iter()
                .rev()
                .find(|p| kind_of(reg, p) == reg.k.company)
                .filter(|p| t[p.end..m.start].trim_start().starts_with(','))
                .map(|p| p.eid);
            if let Some(s) = described.or(cx.focus) {
                facts.relate(
                    reg,
                    schema,
                    (s, "develops", m.eid),
                    BTreeMap::new(),
                    ev("maker-phrase"),
                );
            }
            continue;
        }
        // "<company> launched/released/unveiled … <model>"
        if let Some((at, _)) = schema.lexicon.compiled.develop.first(before) {
            // "open-sourced Kimi K2 Thinking, a model it says beats GPT-5": the model
            // launched is the first after the verb (and any listed with it), not one it
            // is compared with
            let compared = sent.ms[..k]
                .iter()
                .rfind(|q| q.start > at && kind_of(reg, q) == reg.k.model)
                .is_some_and(|q| {
                    !matches!(
                        t[q.end..m.start].trim(),
                        "and" | "," | ", and" | "or" | "as well as"
                    )
                });
            if compared {
                continue;
            }
            if let Some(s) = sent.ms[..k]
                .iter()
                .rev()
                .find(|p| p.end <= at && kind_of(reg, p) == reg.k.company)
            {
                facts.relate(
                    reg,
                    schema,
                    (s.eid, "develops", m.eid),
                    BTreeMap::new(),
                    ev("develop-trigger"),
                );
            }
        }
    }
}

/// The noun phrase an investment goes to: up to six words, ending before a
/// preposition of time or manner, a clause break or a number.
fn object_phrase(rest: &str) -> Option<String> {
    const STOP: &[&str] = &[
        "over",
        "by",
        "through",
        "as",
        "with",
        "while",
        "during",
        "this",
        "next",
        "in",
        "from",
        "and",
        "to",
        "until",
        "after",
        "before",
        "within",
        "via",
        "amid",
        "at",
        "for",
        "of",
        "that",
        "which",
        "including",
        "respectively",
    ];
    const LEAD: &[&str] = &["the", "its", "their", "a", "an", "more", "further", "new"];
    let mut words: Vec<&str> = Vec::new();
    let all: Vec<&str> = rest.split_whitespace().collect();
    for (i, &w) in all.iter().enumerate() {
        let clean = w.trim_end_matches([',', '.', ';', ':', ')']);
        let lower = clean.to_ascii_lowercase();
        if words.is_empty() && LEAD.contains(&lower.as_str()) {
            continue;
        }
        // "and" joins two objects only between words ("electrification and software",
        // "research and development over …")
        if lower == "and" && !words.is_empty() && words.len() < 5 && clean.len() == w.len() {
            let next = all.get(i + 1).copied().unwrap_or("");
            let then = all.get(i + 2).copied().unwrap_or("");
            let closes = next.ends_with([',', '.', ';'])
                || then.is_empty()
                || STOP.contains(&then.to_ascii_lowercase().as_str());
            if words.len() < 3 || closes {
                words.push(clean);
                continue;
            }
        }
        if STOP.contains(&lower.as_str())
            || clean
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '$')
        {
            break;
        }
        words.push(clean);
        if clean.len() != w.len() || words.len() >= 6 {
            break;
        }
    }
    while words.last().is_some_and(|w| w.eq_ignore_ascii_case("and")) {
        words.pop();
    }
    (!words.is_empty() && words.len() <= 6).then(|| words.join(" "))
}
