//! Relation rules: report attribution, forecasts, ratings, outperformance,
//! investment, development and employment.

use super::discourse::Discourse;
use super::engine::{Engine, RuleCx};
use super::roles::is_data_vendor;
use super::{evidence, Facts, Ment, Sent};
use crate::resolve::Registry;
use crate::schema::{KindId, Schema};
use crate::text::phrases::normalize_name;
use std::collections::BTreeMap;



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
    let mut disc = Discourse::new(publisher);
    for (i, sent) in sents.iter().enumerate() {
        disc.begin(i, sent, reg);
        if let Some(t) = facts.trace.as_mut() {
            t.discourse.push(disc.describe(reg));
        }
        let mut cx = RuleCx {
            schema,
            doc,
            sent,
            disc: &disc,
            reg,
            facts,
        };
        for family in 0..engine.families.len() {
            engine.run_family(family, &mut cx);
        }
        let ev = |rule: &str| evidence(doc, &sent.s, rule);
        development(schema, sent, reg, facts, &disc, &ev);
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



fn kind_of(reg: &Registry, m: &Ment) -> KindId {
    reg.entities[m.eid].kind
}









fn development(
    schema: &Schema,
    sent: &Sent<'_>,
    reg: &mut Registry,
    facts: &mut Facts,
    cx: &Discourse,
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

