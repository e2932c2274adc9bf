//! Analyst actions: the ratings and targets brokers, analysts and investors
//! state about companies and indices (ANNOTATION.md, "Analyst actions").
//!
//! A stage of its own, run after relations and before metrics. What it reads of the
//! draft is small, so it can move to rule files as it is:
//!
//! - per sentence: its text, its span in the document, and its mentions
//!   (entity index, byte span) — [`Input::sentences`];
//! - per entity: kind and tickers — [`Input::entities`];
//! - the `works_for` facts found so far (person → firm) — [`Input::employers`].
//!
//! [`extract`] returns one [`Found`] per (firm, company or index) of the
//! document; [`run`], the adapter to the draft, turns them into
//! [`Action`]s and the `rates` / `forecasts` relations they imply.
//!
//! The constructions, each with an invented example (the tests at the bottom
//! hold them):
//!
//! | construction | example |
//! |---|---|
//! | rating change, new after `to`, old after `from` | "Kestrel Securities cut Norland Foods to Hold from Buy" / "from Buy to Hold" |
//! | rating noun with a verb | "lowered its rating on Norland to neutral", "cutting the rating to Sell" |
//! | initiation | "initiated coverage of Vantor with an Overweight rating", "began coverage at outperform" |
//! | kept rating | "reiterated its Buy rating", "keeping a Buy rating", "still holds a Buy rating", "The 'hold' rating is maintained." |
//! | ratings for a list | "carries buy ratings for Arlo, Bexa and Cirrus", "gave Buy ratings to …" |
//! | several objects, several ratings | "cut Arlo and Bexa to Neutral, while lifting Cirrus to Buy" |
//! | price target with new and old values | "raised its price target on Arlo to $250 from $235", "from 880 yen to 810" |
//! | target named another way | "price objective", "fair value estimate", "target price of HK$32", "a $45 price target" |
//! | change by a percentage | "raised its target by 10% to HK$32" (the percentage is no target) |
//! | target lists | "targets for A/B/C to $5/$8/$26, up from $4/$7/$21" |
//! | index targets in points | "lifted its year-end target for the Nikkei to 52,000 from 49,000", "sees the DAX ending next year at 26,500", "puts the figure at 8,000", "the index could reach 7,700" |
//! | the actor by reference | "The brokerage downgraded …", "It lifted its projection …", an analyst for his firm |
//! | the object by reference | "the stock", "the company", "the index", "the restaurant operator" |
//!
//! One action per (firm, object) in a document: later statements win field
//! by field, earlier ones fill what they leave out.

use super::numbers::{self, Quantity};
use super::{evidence, Facts, Sent};
use crate::model::{rating_rank, Action, Unit};
use crate::resolve::Registry;
use crate::schema::Schema;
use crate::text::Sentence;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One sentence as this stage reads it.
#[derive(Debug, Clone)]
pub(crate) struct SentenceIn<'a> {
    /// The sentence and its span in the document.
    pub s: &'a Sentence<'a>,
    /// The sentence in ASCII lower case (the draft's, made once for every stage).
    pub lower: &'a str,
    /// Its mentions: entity index and byte span in the sentence, in order.
    pub mentions: Vec<(usize, usize, usize)>,
}

/// One entity as this stage reads it.
#[derive(Debug, Clone)]
pub(crate) struct EntityIn<'a> {
    /// Kind.
    pub kind: &'a str,
    /// Normalised tickers (`0700.HK`).
    pub tickers: Vec<&'a str>,
}

/// What the stage reads of a draft.
#[derive(Debug, Clone)]
pub(crate) struct Input<'a> {
    /// Sentences, in order.
    pub sentences: Vec<SentenceIn<'a>>,
    /// Entities by index.
    pub entities: Vec<EntityIn<'a>>,
    /// `works_for` facts: (person, firm).
    pub employers: Vec<(usize, usize)>,
}

/// An action found: entity indexes and the fields, with the index of the
/// sentence that states it last.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// The firm (or person) acting.
    pub by: usize,
    /// The company or index.
    pub on: usize,
    /// The analyst.
    pub analyst: Option<usize>,
    /// The rating, lower case.
    pub rating: Option<String>,
    /// The rating it replaced.
    pub previous_rating: Option<String>,
    /// The target.
    pub target: Option<f64>,
    /// The target it replaced.
    pub previous_target: Option<f64>,
    /// Unit of the targets.
    pub unit: Option<Unit>,
    /// Coverage started.
    pub initiated: bool,
    /// The sentence giving most of it (index into the input).
    pub sentence: usize,
    /// Name of the rule.
    pub rule: &'static str,
}

/// Rating words, most specific first; each maps to itself lower-cased
/// (`equal weight` and `equal-weight` both stay as written).
const RATINGS: &[&str] = &[
    "strong buy",
    "conviction buy",
    "moderate buy",
    "strong sell",
    "market outperform",
    "sector outperform",
    "market perform",
    "sector perform",
    "peer perform",
    "market underperform",
    "sector underperform",
    "equal-weight",
    "equal weight",
    "market weight",
    "market-weight",
    "sector weight",
    "in-line",
    "in line",
    "outperform",
    "underperform",
    "overweight",
    "underweight",
    "accumulate",
    "neutral",
    "buy",
    "hold",
    "sell",
    "add",
    "reduce",
];

/// Rating words that are also common verbs or adjectives: they count only
/// written as a rating (capitalised, quoted, or in a rating position).
const AMBIGUOUS: &[&str] = &[
    "buy",
    "hold",
    "sell",
    "add",
    "reduce",
    "accumulate",
    "neutral",
    "outperform",
    "underperform",
    "in line",
    "in-line",
];

/// Words that make a sentence about a rating.
static RATING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:ratings?|rated|rates|recommendations?|upgrad\w*|downgrad\w*|initiat\w*|coverage|reiterat\w*|maintain\w*|kept|keeps|keeping|retain\w*|affirm\w*|reaffirm\w*|assign\w*|gave|gives|giving|stance|call|view|carr(?:y|ies|ied)|holds?|cut|cuts|cutting|rais\w*|lift\w*|lower\w*|mov\w*|switch\w*|boost\w*|bump\w*|turn\w*|resum\w*|began|begins|start\w*|launch\w*|to\s+\W?[A-Z][a-z]+\W?\s+from)\b",
    )
    .unwrap()
});

/// Starting coverage.
static INITIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:initiat\w*|(?:began|begins|begin|start\w*|launch\w*|resum\w*|assum\w*|pick\w* up)\s+(?:its\s+|their\s+)?(?:coverage|research))\b").unwrap()
});

/// Target words for a price or an index level.
static TARGET_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:price\s+targets?|target\s+prices?|price\s+objectives?|fair\s+value(?:\s+estimates?)?|(?:(?:year|year-end|end-of-year|end-year|12-month|one-year|six-month|2\d{3}|mid-year|full-year)\s+)*targets?|PTs?|projections?|forecasts?\s+for|(?:year-end|end-of-year)\s+(?:forecast|estimate|call|level))\b",
    )
    .unwrap()
});

/// Whether a sentence (`lower`, in ASCII lower case) can hold a match of
/// [`TARGET_CUE`]: each of its forms holds one of these words, in any ASCII case
/// (none has an 's' or a 'k', the letters a case-insensitive regex also finds written
/// as 'ſ' or the Kelvin sign). Most sentences hold none, and a search for the words
/// tells it faster than the regex: the words as one alternation of literals, which the
/// regex crate looks for with a vectorised literal search (about a fifth of the
/// instructions of one pass of an Aho-Corasick automaton over the sentence).
fn may_hold_target_cue(lower: &str) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        let words = [
            "target",
            "objective",
            "fair",
            "pt",
            "projection",
            "foreca",
            "year-end",
            "end-of-year",
        ];
        Regex::new(&words.map(regex::escape).join("|")).expect("the target words compile")
    });
    WORDS.is_match(lower)
}

/// An index level written as a forecast: a verb of seeing the index at a level.
static INDEX_VIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:sees?|seeing|saw|expects?|expected|expecting|forecasts?|forecasting|forecast|predicts?|predicting|projects?|projected|projecting|estimates?|targets?|targeting|puts?|putting|calls?\s+for|could|would|will|may|might|should|to\s+(?:reach|hit|end|finish|close|climb|rise|rally|fall|drop)|is\s+headed|headed|heading|ending|end\s+(?:the\s+)?year)\b",
    )
    .unwrap()
});

/// Phrases that point back to the firm acting last.
const FIRM_ANAPHORA: &[&str] = &[
    "the brokerage",
    "the broker",
    "the bank",
    "the investment bank",
    "the firm",
    "the house",
    "the research house",
    "the lender",
    "the wall street firm",
    "the wall street bank",
    "the us bank",
    "the u.s. bank",
    "the swiss bank",
    "the japanese brokerage",
    "the japanese bank",
    "the australian investment bank",
    "the investment firm",
    "the financial firm",
    "the securities firm",
    "the strategists",
    "the analysts",
    "the analyst",
    "its analysts",
    "its strategists",
    "analysts",
    "strategists",
    "they",
    "it",
    "its",
    "their",
    "he",
    "she",
    "his",
    "her",
];

/// Phrases that point back to the company or index acted on last.
const OBJECT_ANAPHORA: &[&str] = &[
    "the stock",
    "the shares",
    "its shares",
    "the company",
    "the company's",
    "the name",
    "the group",
    "the index",
    "the benchmark",
    "the gauge",
    "the figure",
    "the market",
    "the counter",
    "the firm's shares",
    "the automaker",
    "the carmaker",
    "the chipmaker",
    "the retailer",
    "the lender",
    "the insurer",
    "the operator",
    "the developer",
    "the maker",
    "the producer",
];

fn is_firm(kind: &str) -> bool {
    matches!(kind, "broker" | "investor")
}

fn is_object(kind: &str) -> bool {
    matches!(kind, "company" | "index")
}

/// A word boundary check at byte offsets of `t`.
fn bounded(t: &str, start: usize, end: usize) -> bool {
    let before = t[..start].chars().next_back();
    let after = t[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// The word before `at` (lower case, without quotes or punctuation).
fn word_before(lower: &str, at: usize) -> &str {
    let head = lower[..at].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map_or(0, |p| {
            p + head[p..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The word after `at` (lower case, without opening quotes).
fn word_after(lower: &str, at: usize) -> &str {
    let tail = lower[at..].trim_start_matches(|c: char| c.is_whitespace() || "\"'“”‘’".contains(c));
    let end = tail
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(tail.len());
    &tail[..end]
}

/// A rating word used as a rating: position, length and the rating.
#[derive(Debug, Clone, PartialEq)]
struct RatingAt {
    start: usize,
    end: usize,
    rating: String,
    /// Written after `from` (the old rating).
    old: bool,
    /// Written after `to`/`at` or before `from` (a new rating).
    new: bool,
}

/// Rating words used as ratings in a sentence, in order.
fn ratings_in(t: &str, lower: &str) -> Vec<RatingAt> {
    // every rating word of RATINGS, so that one pass over the sentence tells which
    // of them it holds ("cut to neutral": only "neutral" is looked for below)
    static ANY_RATING: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(RATINGS).expect("the rating words compile"));
    let mut present = [false; RATINGS.len()];
    for m in ANY_RATING.find_overlapping_iter(lower) {
        present[m.pattern().as_usize()] = true;
    }
    let mut out: Vec<RatingAt> = Vec::new();
    for (r, _) in RATINGS.iter().zip(present).filter(|&(_, here)| here) {
        let mut from = 0;
        while let Some(p) = lower[from..].find(r) {
            let start = from + p;
            let end = start + r.len();
            from = end;
            if !bounded(lower, start, end) || out.iter().any(|o| o.start < end && start < o.end) {
                continue;
            }
            let written = &t[start..end];
            let quoted = t[..start].ends_with(['"', '“', '\'', '‘']);
            let capital = written.chars().next().is_some_and(char::is_uppercase)
                && !t[..start].trim_end().is_empty();
            let before = word_before(lower, start);
            let after = word_after(lower, end);
            let next_capital = t[end..]
                .trim_start_matches([' ', '"', '”', '\''])
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let rating_noun = [
                "rating",
                "ratings",
                "recommendation",
                "recommendations",
                "call",
                "stance",
                "view",
                "rated",
            ]
            .contains(&after);
            let led = [
                "to",
                "at",
                "a",
                "an",
                "from",
                "its",
                "their",
                "his",
                "her",
                "with",
                "as",
                "of",
                "the",
                "on",
                "and",
                "or",
                "is",
                "was",
                "remains",
                "kept",
                "keeps",
                "reiterated",
                "reiterates",
                "maintained",
                "maintains",
                "rated",
                "rates",
                "rate",
            ]
            .contains(&before);
            let closes = after.is_empty()
                || [
                    "from", "to", "rating", "ratings", "and", "on", "with", "while", "after", "in",
                    "for", "at", "by",
                ]
                .contains(&after)
                || rating_noun;
            // "expects Arlo to outperform the market", "agreed to buy Bexa": verbs
            let verb = !rating_noun
                && (next_capital
                    || [
                        "the", "a", "an", "its", "their", "shares", "stakes", "stake", "back",
                        "up", "out", "off", "over", "into", "onto", "peers", "rivals", "more",
                        "less", "further", "it", "them", "this", "that", "these", "those",
                    ]
                    .contains(&after));
            let ambiguous = AMBIGUOUS.contains(r);
            let ok = if ambiguous {
                (quoted || capital || led || rating_noun) && closes && !verb
                    || quoted && rating_noun
                    || (quoted || capital) && ["from", "to", "at"].contains(&before) && !verb
            } else {
                !verb || quoted
            };
            // "its Overweight call for the sector": no stock's rating
            let rest = lower[end..].trim_start_matches(|c: char| "\"'”’ ".contains(c));
            let rest = rest
                .strip_prefix(after)
                .filter(|_| rating_noun)
                .unwrap_or(rest)
                .trim_start();
            if ["for the ", "on the ", "of the "].iter().any(|p| {
                rest.strip_prefix(p).is_some_and(|r| {
                    [
                        "sector",
                        "industry",
                        "market",
                        "sub-sector",
                        "group",
                        "space",
                    ]
                    .iter()
                    .any(|w| r.starts_with(w))
                })
            }) {
                continue;
            }
            if !ok {
                continue;
            }
            out.push(RatingAt {
                start,
                end,
                rating: r.to_string(),
                old: before == "from",
                new: ["to", "at"].contains(&before) || after == "from",
            });
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// A money amount or index level that can be a target.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    start: usize,
    end: usize,
    value: f64,
    unit: Option<Unit>,
    /// Written with a plain `$`.
    dollar: bool,
}

/// Numbers of a sentence that can be targets: money or plain numbers, not
/// percentages, multiples, counts with a scale, years or ordinals.
fn levels_in(t: &str) -> Vec<Level> {
    // "$HK98" and "$US5" are written for HK$98 and US$5 (same length)
    let fixed = t.replace("$HK", "HK$").replace("$US", "US$");
    let t = fixed.as_str();
    let lower = t.to_ascii_lowercase();
    numbers::find(t)
        .into_iter()
        .filter(|q: &Quantity| {
            let ok_unit = match q.unit {
                None => !q.scaled,
                Some(u) => u.is_money() || u == Unit::Points,
            };
            let text = &t[q.start..q.end];
            let year = q.unit.is_none()
                && (1990.0..=2100.0).contains(&q.value)
                && q.value.fract() == 0.0
                && !text.contains(',');
            let after = word_after(&lower, q.end);
            // a day of a month ("On August 21"), or a price the stock traded at
            let day = MONTH_BEFORE.is_match(&lower[..q.start]);
            let price = PRICE_BEFORE.is_match(&lower[..q.start]);
            ok_unit
                && !year
                && !day
                && !price
                && !q.scaled
                && q.value > 0.0
                && !["percent", "times", "x", "bps", "basis"].contains(&after)
                && !lower[q.end..].trim_start().starts_with("per cent")
                && !text.trim_end().ends_with('%')
        })
        .map(|q| Level {
            start: q.start,
            end: q.end,
            value: q.value,
            unit: q.unit,
            dollar: t[q.start..].starts_with('$'),
        })
        .collect()
}

/// A month name right before a number: the number is a day.
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$").unwrap()
});

/// Words before a price the stock (or a level the index) was at: no target.
static PRICE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:trad(?:ed|ing|es)|chang(?:ed|ing)\s+hands|clos(?:ed|ing)|finished|ended(?:\s+[\w'’]+){0,2}|settl(?:ed|ing)|quoted)\s+at|(?:close|closing(?:\s+price)?|share\s+price|last\s+price|market\s+value)\s+of|(?:shares|stock)\s+(?:were\s+|was\s+)?at)\s+$").unwrap()
});

/// What one sentence says: statements (actor, object, fields).
#[derive(Debug, Clone, Default)]
struct Statement {
    rating: Option<String>,
    previous_rating: Option<String>,
    target: Option<f64>,
    previous_target: Option<f64>,
    unit: Option<Unit>,
    initiated: bool,
    rule: &'static str,
}

impl Statement {
    fn is_empty(&self) -> bool {
        self.rating.is_none() && self.target.is_none()
    }
}

/// The stage on a draft: reads the sentences, mentions, entities and
/// `works_for` facts, adds the actions and the `rates` / `forecasts`
/// relations they imply (for the firm, and for its analyst when named).
pub(crate) fn run(
    schema: &Schema,
    doc: &str,
    sents: &[Sent<'_>],
    reg: &mut Registry,
    facts: &mut Facts,
) {
    let input = Input {
        sentences: sents
            .iter()
            .map(|s| SentenceIn {
                s: &s.s,
                lower: &s.lower,
                mentions: s.ms.iter().map(|m| (m.eid, m.start, m.end)).collect(),
            })
            .collect(),
        entities: reg
            .entities
            .iter()
            .map(|e| EntityIn {
                kind: schema.ontology.kind_name(e.kind),
                tickers: e.tickers.iter().map(String::as_str).collect(),
            })
            .collect(),
        employers: facts
            .relations
            .keys()
            .filter(|(_, r, _)| r == "works_for")
            .map(|(p, _, f)| (*p, *f))
            .collect(),
    };
    let found = extract(&input);
    drop(input);
    for f in found {
        let ev = evidence(doc, &sents[f.sentence].s, f.rule);
        // a firm rated as a stock (or a name typed a person that moves like
        // one) is a company in this document
        let k = schema.kinds();
        if [k.broker, k.investor, k.person].contains(&reg.entities[f.on].kind) {
            reg.entities[f.on].kind = k.company;
        }
        let actors = std::iter::once(f.by).chain(f.analyst.filter(|a| *a != f.by));
        for by in actors {
            if let Some(r) = &f.rating {
                let attrs = [("rating".to_string(), r.clone())].into();
                facts.relate(reg, schema, (by, "rates", f.on), attrs, ev.clone());
            }
            if f.target.is_some() {
                facts.relate(
                    reg,
                    schema,
                    (by, "forecasts", f.on),
                    BTreeMap::new(),
                    ev.clone(),
                );
            }
        }
        for e in [f.by, f.on] {
            reg.entities[e].named = true;
        }
        facts.actions.push(Action {
            by: reg.entities[f.by].name.clone(),
            on: reg.entities[f.on].name.clone(),
            analyst: f.analyst.map(|a| reg.entities[a].name.clone()),
            rating: f.rating,
            previous_rating: f.previous_rating,
            target: f.target,
            previous_target: f.previous_target,
            unit: f.unit,
            initiated: f.initiated,
            evidence: ev,
        });
    }
}

/// Run the stage on what it reads.
pub(crate) fn extract(input: &Input<'_>) -> Vec<Found> {
    let mut st = State::default();
    let mut found: Vec<Found> = Vec::new();
    for (i, sent) in input.sentences.iter().enumerate() {
        st.sentence = i;
        let t = sent.s.text;
        let here = sentence_actions(input, &st, sent, sent.lower, i);
        let earlier = HISTORY.is_match(t);
        for (by, on, analyst, s) in here {
            merge(&mut found, (by, on, analyst), s, i, earlier);
            st.last_firm = Some(by);
            st.last_object = Some(on);
            st.last_action = Some(i);
        }
        // remember who was named, for the next sentences
        st.prev_object = sent
            .mentions
            .iter()
            .rev()
            .map(|m| m.0)
            .find(|&e| is_object(input.entities[e].kind));
        for &(e, _, _) in &sent.mentions {
            let k = input.entities[e].kind;
            if is_firm(k) {
                st.last_named_firm = Some(e);
            } else if k == "person" {
                if let Some(f) = employer(input, e) {
                    st.last_named_firm = Some(f);
                }
            } else if is_object(k) {
                *st.object_mentions.entry(e).or_insert(0) += 1;
            }
        }
    }
    // the analyst: a person working for the firm, named anywhere in the document
    for f in &mut found {
        if f.analyst.is_none() && input.entities[f.by].kind != "person" {
            f.analyst = input
                .employers
                .iter()
                .find(|(_, firm)| *firm == f.by)
                .map(|(p, _)| *p);
        }
    }
    found
}

/// A statement about an earlier action ("had earlier cut", "had been raised").
static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bhad\s+(?:\w+\s+)?(?:been\s+)?(?:raised|cut|lowered|lifted|set|made|trimmed|increased|reduced|upgraded|downgraded|moved|boosted)\b|\bpreviously\b").unwrap()
});

#[derive(Debug, Default)]
struct State {
    /// The firm of the last action.
    last_firm: Option<usize>,
    /// The object of the last action.
    last_object: Option<usize>,
    /// The sentence of the last action.
    last_action: Option<usize>,
    /// The firm named last (directly or through its analyst).
    last_named_firm: Option<usize>,
    /// Mentions of each company or index so far.
    object_mentions: std::collections::BTreeMap<usize, usize>,
    /// The company or index named last in the sentence before.
    prev_object: Option<usize>,
    /// The sentence being read.
    sentence: usize,
}

impl State {
    /// What "the stock", "the company" or a bare "rating" points at: the
    /// object of an action of the last two sentences, else the company or
    /// index named in the sentence before, else the last action's, else the
    /// document's focus.
    fn referent(&self) -> Option<usize> {
        let recent = self
            .last_action
            .is_some_and(|a| self.sentence.saturating_sub(a) <= 2);
        if recent {
            return self.last_object;
        }
        self.prev_object.or(self.last_object).or(self.focus())
    }

    /// The company or index the document is about so far: the most mentioned.
    fn focus(&self) -> Option<usize> {
        self.object_mentions
            .iter()
            .max_by_key(|(e, n)| (**n, std::cmp::Reverse(**e)))
            .map(|(e, _)| *e)
    }
}

fn employer(input: &Input<'_>, person: usize) -> Option<usize> {
    input
        .employers
        .iter()
        .find(|(p, f)| *p == person && is_firm(input.entities[*f].kind))
        .map(|(_, f)| *f)
}

/// Fold a statement into the document's actions: one per (by, on), later
/// statements win field by field; a statement about an earlier action
/// (`earlier`) only gives the old values the others leave out.
fn merge(
    found: &mut Vec<Found>,
    (by, on, analyst): (usize, usize, Option<usize>),
    s: Statement,
    sentence: usize,
    earlier: bool,
) {
    if let Some(f) = found.iter_mut().find(|f| f.by == by && f.on == on) {
        if earlier {
            if f.previous_target.is_none() && f.target.is_some() && s.target != f.target {
                f.previous_target = s.target;
            }
            if f.previous_rating.is_none() && f.rating.is_some() && s.rating != f.rating {
                f.previous_rating = s.rating;
            }
            return;
        }
        // the same view in other words ("buy ratings for" a stock just
        // upgraded to outperform) changes nothing
        let restated = s.previous_rating.is_none()
            && f.rating.as_deref().and_then(rating_rank).is_some()
            && f.rating.as_deref().and_then(rating_rank)
                == s.rating.as_deref().and_then(rating_rank);
        if s.rating.is_some() && !restated {
            if s.previous_rating.is_some() {
                f.previous_rating = s.previous_rating.clone();
            } else if f.rating.is_some() && f.rating != s.rating {
                f.previous_rating = f.rating.take();
            }
            f.rating = s.rating;
        }
        if s.target.is_some() {
            if s.previous_target.is_some() {
                f.previous_target = s.previous_target;
            }
            f.target = s.target;
            f.unit = s.unit.or(f.unit);
        }
        f.initiated |= s.initiated;
        f.analyst = f.analyst.or(analyst);
        f.sentence = sentence;
        return;
    }
    found.push(Found {
        by,
        on,
        analyst,
        rating: s.rating,
        previous_rating: s.previous_rating,
        target: s.target,
        previous_target: s.previous_target,
        unit: s.unit,
        initiated: s.initiated,
        sentence,
        rule: s.rule,
    });
}

/// The actions one sentence states: (by, on, analyst, statement).
fn sentence_actions(
    input: &Input<'_>,
    st: &State,
    sent: &SentenceIn<'_>,
    lower: &str,
    i: usize,
) -> Vec<(usize, usize, Option<usize>, Statement)> {
    let t = sent.s.text;
    let ratings = if RATING_CUE.is_match(t) {
        ratings_in(t, lower)
    } else {
        Vec::new()
    };
    let target_cues: Vec<(usize, usize)> = if may_hold_target_cue(lower) {
        TARGET_CUE
            .find_iter(t)
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| is_target_cue(t, lower, s, e))
            .collect()
    } else {
        Vec::new()
    };
    // (looked for only when it matters: an index here, or an index object below)
    let index_view = std::cell::OnceCell::new();
    let index_view = || *index_view.get_or_init(|| INDEX_VIEW.is_match(t));
    let index_here = sent
        .mentions
        .iter()
        .any(|&(e, _, _)| input.entities[e].kind == "index")
        || st
            .last_object
            .is_some_and(|o| input.entities[o].kind == "index")
            && refers_to_object(lower);
    if ratings.is_empty() && target_cues.is_empty() && !(index_here && index_view()) {
        return Vec::new();
    }
    let roles = roles(input, sent, lower);
    let (by, analyst, continued) = match actor(input, st, &roles, lower) {
        Some((by, analyst)) => (by, analyst, false),
        // no one named and no reference: a sentence right after an action
        // goes on about it ("The fresh $176 price target is a step up …")
        None => match (st.last_firm, st.last_action) {
            (Some(f), Some(a)) if i - a <= 2 && roles.iter().all(|r| r.role != Role::Actor) => {
                (f, None, true)
            }
            _ => return Vec::new(),
        },
    };
    let mut objects = objects(input, st, &roles, lower, by, analyst);
    if continued {
        // only about the object of the last action
        objects.retain(|(o, _)| Some(*o) == st.last_object);
        if objects.is_empty() {
            objects.extend(st.last_object.map(|o| (o, t.len())));
        }
    }
    if objects.is_empty() {
        return Vec::new();
    }
    let initiated = INITIATION.is_match(t);
    // a number inside a name is no level ("well below the Nasdaq 100 at 24 times")
    let mut levels = levels_in(t);
    levels.retain(|l| {
        !sent
            .mentions
            .iter()
            .any(|&(_, s, e)| s <= l.start && l.end <= e)
    });
    let mut out = Vec::new();
    let n_obj = objects.len();
    for (k, &(o, at)) in objects.iter().enumerate() {
        let mut s = Statement {
            initiated,
            rule: "action",
            ..Statement::default()
        };
        // the rating: the nearest rating written for this object's clause
        let (r, prev) = rating_for(&ratings, t, lower, at, &objects, k);
        s.rating = r;
        s.previous_rating = prev;
        let index = input.entities[o].kind == "index";
        let (target, previous, unit) = target_for(
            input,
            t,
            lower,
            &levels,
            &target_cues,
            (o, at),
            (k, n_obj),
            index,
            index && index_view(),
        );
        s.target = target;
        s.previous_target = previous;
        s.unit = unit;
        s.rule = match (s.rating.is_some(), s.target.is_some()) {
            (true, false) => "action-rating",
            (false, _) => "action-target",
            (true, true) => "action-rating-target",
        };
        if continued {
            s.rule = "action-continued";
        }
        if !s.is_empty() {
            out.push((by, o, analyst, s));
        }
    }
    out
}

/// Whether a sentence points back at a company or index ("the stock", "the index").
fn refers_to_object(lower: &str) -> bool {
    OBJECT_ANAPHORA
        .iter()
        .any(|a| find_bounded(lower, a).is_some())
}

/// The first place `phrase` is written as whole words.
fn find_bounded(lower: &str, phrase: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = lower[from..].find(phrase) {
        let s = from + p;
        if bounded(lower, s, s + phrase.len()) {
            return Some(s);
        }
        from = s + phrase.len();
    }
    None
}

/// Whether a target word found by [`TARGET_CUE`] names a price or index target.
fn is_target_cue(t: &str, lower: &str, start: usize, end: usize) -> bool {
    let cue = &lower[start..end];
    if cue == "pt" || cue == "pts" {
        // "PT" only in capitals
        return &t[start..end] == "PT" || &t[start..end] == "PTs";
    }
    if cue.starts_with("price") || cue.contains("target price") || cue.starts_with("fair value") {
        return true;
    }
    let before = word_before(lower, start);
    let after = word_after(lower, end);
    if cue.starts_with("projection") || cue.starts_with("forecast") {
        return [
            "its", "their", "his", "her", "the", "a", "year-end", "12-month",
        ]
        .contains(&before)
            && (after == "for" || after == "on" || cue.ends_with("for"));
    }
    if cue.ends_with("call") || cue.ends_with("level") || cue.ends_with("estimate") {
        return true;
    }
    // plain "target": a forecaster's ("its target", "the bank's target",
    // "a 12-month target", "HSI target") not a company's goal ("sales target")
    let goal = [
        "sales",
        "revenue",
        "profit",
        "earnings",
        "growth",
        "delivery",
        "deliveries",
        "margin",
        "inflation",
        "production",
        "output",
        "volume",
        "emissions",
        "capacity",
        "valuation",
        "return",
        "returns",
        "investment",
        "acquisition",
        "takeover",
        "funding",
        "cost",
        "costs",
        "spending",
        "hiring",
        "rate",
        "deficit",
        "debt",
        "budget",
    ];
    if goal.contains(&before)
        || ["date", "market", "company", "companies", "audience"].contains(&after)
    {
        return false;
    }
    // "target" as a verb ("targets revenue of …") is a goal too
    if ["to", "will", "which", "that", "it", "also", "now"].contains(&before) {
        return false;
    }
    true
}

/// A share-price move right after a name ("rose 4%", "added 5.6%").
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:shares\s+)?(?:rose|fell|added|gained|jumped|climbed|dropped|slid|surged|soared|slumped|tumbled|sank|advanced|declined|rallied|lost|was\s+up|was\s+down)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+)?[\d.]+\s*(?:%|percent|per cent)").unwrap()
});

/// What a mention is in a sentence about an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A firm or person that can act.
    Actor,
    /// A company, index, or firm written where a rated stock goes.
    Object,
    /// Neither (a source, a comparison, a junk name).
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    e: usize,
    start: usize,
    role: Role,
}

/// The role of every mention of a sentence.
fn roles(input: &Input<'_>, sent: &SentenceIn<'_>, lower: &str) -> Vec<Mention> {
    let ents = &input.entities;
    let t = sent.s.text;
    sent.mentions
        .iter()
        .map(|&(e, s, end)| {
            let k = ents[e].kind;
            let before = word_before(lower, s);
            let after = lower[end..].trim_start();
            let surface = &t[s..end];
            // a quoted rating taken for a name ("Buy") is no company
            let rating_word = RATINGS.iter().any(|r| surface.eq_ignore_ascii_case(r));
            let role = if is_source(lower, s, end) || surface.ends_with("-listed") || rating_word {
                Role::Other
            } else if is_firm(k) {
                // "upgraded Morgan Stanley", "buy ratings for Goldman Sachs, Citi …",
                // "with Morgan Stanley upgraded": a firm rated as a stock
                let acted_on = [
                    "upgraded",
                    "downgraded",
                    "upgrades",
                    "downgrades",
                    "upgrade",
                    "downgrade",
                    "for",
                    "on",
                    "rates",
                    "rated",
                    "covering",
                    "cut",
                    "lifted",
                    "raised",
                    "moved",
                    "lowered",
                    "reiterated",
                ]
                .contains(&before)
                    && !["at", "from", "by"].contains(&before)
                    || in_list_after_for(lower, s)
                    || passive_rated(after);
                if acted_on {
                    Role::Object
                } else {
                    Role::Actor
                }
            } else if k == "person" && MOVED.is_match(after) {
                // "Vantor Lind added 5.6% after …": a name that moves is a stock
                Role::Object
            } else if k == "person" {
                Role::Actor
            } else if is_object(k) && !is_comparison(lower, s) {
                Role::Object
            } else {
                Role::Other
            };
            Mention { e, start: s, role }
        })
        .collect()
}

/// "… upgraded to outperform", "… was downgraded by X": what follows a name
/// rated as a stock (not "X downgraded Y", where X acts).
fn passive_rated(after: &str) -> bool {
    let after = after
        .strip_prefix("was ")
        .or_else(|| after.strip_prefix("is "))
        .or_else(|| after.strip_prefix("has been "))
        .unwrap_or(after);
    [
        "upgraded",
        "downgraded",
        "rated",
        "cut",
        "raised",
        "lifted",
        "lowered",
    ]
    .iter()
    .any(|w| {
        after.strip_prefix(w).is_some_and(|rest| {
            let next = word_after(rest, 0);
            ["to", "from", "by", "at", "on", "as"].contains(&next)
        })
    })
}

/// The firm acting in a sentence and its analyst, when named: the first
/// firm or person written (a person acts for the firm they work for).
fn actor(
    input: &Input<'_>,
    st: &State,
    roles: &[Mention],
    lower: &str,
) -> Option<(usize, Option<usize>)> {
    let ents = &input.entities;
    let actors: Vec<&Mention> = roles.iter().filter(|m| m.role == Role::Actor).collect();
    let firms: Vec<usize> = actors
        .iter()
        .filter(|m| is_firm(ents[m.e].kind))
        .map(|m| m.e)
        .collect();
    let people: Vec<usize> = actors
        .iter()
        .filter(|m| ents[m.e].kind == "person")
        .map(|m| m.e)
        .collect();
    if let Some(first) = actors.first() {
        if is_firm(ents[first.e].kind) {
            let f = first.e;
            let analyst = people
                .iter()
                .copied()
                .find(|&p| employer(input, p).is_none_or(|x| x == f));
            return Some((f, analyst));
        }
        let p = first.e;
        // the person's firm: known, else a firm named beside them, else the
        // firm named just before
        let f = employer(input, p)
            .or_else(|| firms.first().copied())
            .or(st.last_named_firm)?;
        return Some((f, Some(p)));
    }
    // "The brokerage downgraded …", "It lifted its projection …"
    let refers = FIRM_ANAPHORA
        .iter()
        .any(|a| find_bounded(lower, a).is_some());
    if refers {
        return st.last_firm.or(st.last_named_firm).map(|f| (f, None));
    }
    // 'The "hold" rating is maintained.' after the firm's name
    st.last_named_firm
        .filter(|_| {
            lower.contains("rating") && (lower.contains("maintain") || lower.contains("reiterat"))
        })
        .map(|f| (f, None))
}

/// The companies and indices a sentence acts on, with the place each is
/// written at.
fn objects(
    input: &Input<'_>,
    st: &State,
    roles: &[Mention],
    lower: &str,
    by: usize,
    analyst: Option<usize>,
) -> Vec<(usize, usize)> {
    let _ = input;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in roles {
        if m.role != Role::Object
            || m.e == by
            || Some(m.e) == analyst
            || out.iter().any(|(o, _)| *o == m.e)
        {
            continue;
        }
        out.push((m.e, m.start));
    }
    if out.is_empty() {
        // "the stock", "the index", "the restaurant operator": the object of
        // the last action, else the document's focus
        let refers = refers_to_object(lower)
            || lower.contains("its target")
            || lower.contains("its price target")
            || lower.contains("rating")
            || lower.contains("target");
        if refers {
            if let Some(o) = st.referent() {
                out.push((o, lower.len()));
            }
        }
    }
    out
}

/// A name in a list opened by "for" ("buy ratings for A, B, C as well as D").
fn in_list_after_for(lower: &str, at: usize) -> bool {
    let head = &lower[..at];
    let Some(p) = head.rfind(" for ") else {
        return false;
    };
    let between = &head[p + 5..];
    // initials ("j.p. morgan") are no sentence end
    let initials = between
        .split(' ')
        .filter(|w| w.contains('.'))
        .all(|w| w.split('.').all(|part| part.len() <= 1));
    between.len() < 120
        && !between.contains(';')
        && (initials || !between.contains('.'))
        && between
            .split([','])
            .all(|part| part.split_whitespace().count() <= 7)
}

/// A name cited as a source ("according to X", "X data showed").
fn is_source(lower: &str, start: usize, end: usize) -> bool {
    let before = &lower[..start];
    let after = lower[end..].trim_start();
    before.trim_end().ends_with("according to")
        || after.starts_with("data")
        || after.starts_with("consensus")
        || after.starts_with("reported")
        || after.starts_with("said in a report")
}

/// A name written only to compare with ("compared with X", "than X") or to
/// describe another ("PDD Holdings, the parent of Temu").
fn is_comparison(lower: &str, start: usize) -> bool {
    let before = lower[..start].trim_end();
    [
        "than",
        "versus",
        "vs",
        "vs.",
        "compared with",
        "compared to",
        "like",
        "such as",
        "peers",
        "parent of",
        "owner of",
        "unit of",
        "arm of",
        "subsidiary of",
        "operator of",
        "maker of",
        "spun off from",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// The rating a sentence gives the object at `at` and the one it replaced.
fn rating_for(
    ratings: &[RatingAt],
    t: &str,
    lower: &str,
    at: usize,
    objects: &[(usize, usize)],
    k: usize,
) -> (Option<String>, Option<String>) {
    if ratings.is_empty() {
        return (None, None);
    }
    // the clause of this object: from the previous object's clause break to the next's
    let clause_start = clause_break_before(lower, at);
    let clause_end = clause_break_after(lower, at);
    let mut mine: Vec<&RatingAt> = ratings
        .iter()
        .filter(|r| r.start >= clause_start && r.start < clause_end)
        .collect();
    if mine.is_empty() {
        // the rating after a list of objects: "cut A as well as B to Market Perform"
        let next_obj = objects.get(k + 1).map_or(t.len(), |o| o.1);
        mine = ratings
            .iter()
            .filter(|r| r.start > at && (r.start < next_obj || k + 1 == objects.len()))
            .collect();
        if mine.is_empty() {
            mine = ratings.iter().collect();
        }
        // only the ratings of the first clause that has any
        if let Some(first) = mine.first().map(|r| clause_break_after(lower, r.start)) {
            mine.retain(|r| r.start < first);
        }
    }
    let new = mine
        .iter()
        .find(|r| r.new && !r.old)
        .or_else(|| mine.iter().rev().find(|r| !r.old))
        .map(|r| r.rating.clone());
    let old = mine
        .iter()
        .find(|r| r.old)
        .map(|r| r.rating.clone())
        .filter(|o| Some(o) != new.as_ref());
    match new {
        Some(n) => (Some(n), old),
        // "switching his rating from Sell right up to Neutral" has both
        None => (None, None),
    }
}

/// Where the clause holding `at` starts: after the last `;`, ", while", ", and
/// at the same time" … before it.
fn clause_break_before(lower: &str, at: usize) -> usize {
    let head = &lower[..at];
    [";", ", while", " while ", ", whereas", ". ", ", but"]
        .iter()
        .filter_map(|b| head.rfind(b).map(|p| p + b.len()))
        .max()
        .unwrap_or(0)
}

/// Where the clause holding `at` ends.
fn clause_break_after(lower: &str, at: usize) -> usize {
    let tail = &lower[at..];
    [";", ", while", " while ", ", whereas", ", but"]
        .iter()
        .filter_map(|b| tail.find(b).map(|p| at + p))
        .min()
        .unwrap_or(lower.len())
}

/// The target a sentence gives the object at `at`, the one it replaced, and
/// the unit.
#[allow(clippy::too_many_arguments)]
fn target_for(
    input: &Input<'_>,
    t: &str,
    lower: &str,
    levels: &[Level],
    cues: &[(usize, usize)],
    (o, at): (usize, usize),
    (k, n_obj): (usize, usize),
    index: bool,
    index_view: bool,
) -> (Option<f64>, Option<f64>, Option<Unit>) {
    // levels of the right kind: money for a company, plain numbers or points for an index
    let fits = |l: &&Level| {
        if index {
            l.unit.is_none() || l.unit == Some(Unit::Points)
        } else {
            l.unit.is_some_and(|u| u.is_money()) || l.unit.is_none()
        }
    };
    let mut cands: Vec<&Level> = levels.iter().filter(fits).collect();
    if cands.is_empty() {
        return (None, None, None);
    }
    // the window the target is written in: after a cue (or the object, for an
    // index seen at a level), within the clause
    // the target word nearest the object; for an object only referred to
    // (written nowhere in the sentence), the first
    let nearest = if at >= t.len() {
        cues.first()
    } else {
        cues.iter().min_by_key(|(cs, _)| cs.abs_diff(at))
    };
    let anchor = if let Some(&(cs, _)) = nearest {
        cs
    } else if index && index_view {
        at
    } else {
        return (None, None, None);
    };
    // the level comes after the target word (for an index, after its name:
    // "sees the DAX ending next year at 26,500, a target …")
    let start = if index {
        clause_break_before(lower, anchor).max(anchor.min(at))
    } else {
        anchor
    };
    // a "$45 price target": the number just before the cue counts
    let start = start.min(
        cands
            .iter()
            .filter(|l| l.end <= anchor && anchor - l.end <= 3)
            .map(|l| l.start)
            .min()
            .unwrap_or(start),
    );
    let end = clause_break_after(lower, anchor.max(at.min(lower.len())));
    cands.retain(|l| l.start >= start && l.end <= end.max(anchor));
    // a plain number for a company needs a unit given by its pair ("from 880 yen to 810")
    if !index {
        let unit = cands.iter().find_map(|l| l.unit);
        if unit.is_none() {
            return (None, None, None);
        }
        cands.retain(|l| {
            l.unit.is_some() || ["to", "from", "at"].contains(&word_before(lower, l.start))
        });
    }
    // an index level is at least a few hundred points, not a PE or a count
    if index {
        cands.retain(|l| l.value >= 100.0 && !followed_by_noun(lower, l.end));
    }
    if cands.is_empty() {
        return (None, None, None);
    }
    // slash lists: the k-th of n objects takes the k-th item of each list
    let lists = slash_lists(t, &cands);
    let (new, old): (Option<&Level>, Option<&Level>) =
        if n_obj > 1 && !lists.is_empty() && lists[0].len() == n_obj {
            let new_list = lists
                .iter()
                .find(|l| !is_previous(lower, l[0].start))
                .unwrap_or(&lists[0]);
            let old_list = lists.iter().find(|l| is_previous(lower, l[0].start));
            (Some(new_list[k]), old_list.map(|l| l[k]))
        } else if n_obj > 1 && lists.is_empty() {
            // several objects and one target: only the object next to it
            let near = cands
                .iter()
                .filter(|l| !is_previous(lower, l.start))
                .min_by_key(|l| l.start.abs_diff(at));
            let nearest_obj_is_me = near.is_some_and(|l| near_enough(l.start, at) || n_obj == 1);
            if !nearest_obj_is_me {
                return (None, None, None);
            }
            pick(lower, &cands)
        } else {
            pick(lower, &cands)
        };
    let Some(new) = new else {
        return (None, None, None);
    };
    let unit = if index {
        Some(Unit::Points)
    } else {
        let u = new.unit.or(old.and_then(|l| l.unit));
        u.map(|u| local_dollar(input, o, t, new, u))
    };
    let old_value = old.map(|l| l.value).filter(|v| *v != new.value);
    (Some(new.value), old_value, unit)
}

fn near_enough(level: usize, at: usize) -> bool {
    level.abs_diff(at) < 80
}

/// A number followed by a noun that makes it no index level ("7,000 jobs").
fn followed_by_noun(lower: &str, end: usize) -> bool {
    let w = word_after(lower, end);
    !w.is_empty()
        && ![
            "points", "point", "pts", "from", "to", "by", "in", "at", "and", "or", "up", "down",
            "on", "for", "next", "this", "the", "a", "level", "mark", "over", "within", "as",
            "with", "while", "implying", "which", "end", "points.", "year-end", "before",
        ]
        .contains(&w)
}

/// Whether a number is written as the old value ("from $M", "up from M").
fn is_previous(lower: &str, start: usize) -> bool {
    // "from $M", "up from the earlier $M target", "its previous $M"
    let head = &lower[floor(lower, start.saturating_sub(30))..start];
    let words: Vec<&str> = head
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let last3 = &words[words.len().saturating_sub(3)..];
    let last = words.last().copied().unwrap_or("");
    ["from", "previous", "prior", "earlier", "old"].contains(&last)
        || last3.contains(&"from") && !last3.contains(&"to")
}

/// The largest char boundary at or before `at`.
fn floor(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// New and old value among the candidate levels of one clause.
fn pick<'l>(lower: &str, cands: &[&'l Level]) -> (Option<&'l Level>, Option<&'l Level>) {
    // "from $M to $N": M old, N new; "to $N from $M" too; "by 10% to $N"
    let old = cands.iter().copied().find(|l| is_previous(lower, l.start));
    let new = cands
        .iter()
        .copied()
        .find(|l| {
            let w = word_before(lower, l.start);
            ["to", "at", "of", "is", "was", "sees", "see"].contains(&w)
                && Some(l.start) != old.map(|o| o.start)
        })
        .or_else(|| {
            cands
                .iter()
                .copied()
                .find(|l| Some(l.start) != old.map(|o| o.start))
        });
    (new, old)
}

/// Runs of levels separated by `/` ("$5.73/ $8.7/ $26.39").
fn slash_lists<'l>(t: &str, cands: &[&'l Level]) -> Vec<Vec<&'l Level>> {
    let mut out: Vec<Vec<&Level>> = Vec::new();
    let mut cur: Vec<&Level> = Vec::new();
    for l in cands {
        if let Some(last) = cur.last() {
            let between = t[last.end..l.start].trim();
            if between == "/" {
                cur.push(l);
                continue;
            }
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
        }
        cur.push(l);
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

/// A plain `$` for a Hong Kong listing is Hong Kong dollars ("H-share target
/// prices … $5.73"), for a Singapore or Taiwan one it is no US dollar either.
fn local_dollar(input: &Input<'_>, o: usize, t: &str, l: &Level, u: Unit) -> Unit {
    if u != Unit::Usd || !l.dollar {
        return u;
    }
    // listed in Hong Kong only (a dual listing prices "$" in US dollars)
    let tickers = &input.entities[o].tickers;
    let hk_only = !tickers.is_empty()
        && tickers
            .iter()
            .all(|tk| tk.ends_with(".HK") || tk.chars().all(|c| c.is_ascii_digit()));
    let lower = t.to_ascii_lowercase();
    if hk_only
        || [
            "h-share",
            "hong kong-listed",
            "hk-listed",
            "hong kong shares",
        ]
        .iter()
        .any(|w| lower.contains(w))
    {
        Unit::Hkd
    } else {
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_the_prefilter_rejects_has_no_target_cue() {
        for t in [
            "Jefferies raised its price target to $40.",
            "The TARGET PRICE was cut; PT lifted.",
            "It set a 2026 target of 5,000 and a year-end call of 4,800.",
            "Its fair value estimate is HK$120, with forecasts for growth.",
            "The brokerage's end-of-year level and its projections stand.",
            "Its price objective is unchanged.",
            "Nothing here: shares rose 3% after the results.",
        ] {
            let lower = t.to_ascii_lowercase();
            if TARGET_CUE.is_match(t) {
                assert!(may_hold_target_cue(&lower), "{t}");
            } else {
                assert!(t.starts_with("Nothing"), "{t}");
            }
        }
    }

    /// A tiny document: names with kinds, the sentences, employers by name.
    fn run(ents: &[(&str, &str)], text: &[&str], employers: &[(&str, &str)]) -> Vec<String> {
        let sentences: Vec<Sentence<'_>> = text
            .iter()
            .map(|s| Sentence {
                start: 0,
                end: s.len(),
                text: s,
                line: 0,
            })
            .collect();
        let entities: Vec<EntityIn<'_>> = ents
            .iter()
            .map(|(n, k)| EntityIn {
                kind: k,
                tickers: if n.ends_with("HK") {
                    vec!["0386.HK"]
                } else {
                    vec![]
                },
            })
            .collect();
        let idx = |n: &str| ents.iter().position(|(x, _)| *x == n).unwrap();
        let lowers: Vec<String> = text.iter().map(|t| t.to_ascii_lowercase()).collect();
        let ins: Vec<SentenceIn<'_>> = sentences
            .iter()
            .zip(&lowers)
            .map(|(s, lower)| {
                let mut mentions = Vec::new();
                for (i, (n, _)) in ents.iter().enumerate() {
                    let mut from = 0;
                    while let Some(p) = s.text[from..].find(n) {
                        let st = from + p;
                        mentions.push((i, st, st + n.len()));
                        from = st + n.len();
                    }
                }
                mentions.sort_by_key(|m| m.1);
                SentenceIn { s, lower, mentions }
            })
            .collect();
        let input = Input {
            sentences: ins,
            entities,
            employers: employers.iter().map(|(p, f)| (idx(p), idx(f))).collect(),
        };
        let mut out: Vec<String> = extract(&input)
            .into_iter()
            .map(|f| {
                let mut s = format!("{} -> {}:", ents[f.by].0, ents[f.on].0);
                if let Some(r) = &f.rating {
                    s.push_str(&format!(" {r}"));
                }
                if let Some(r) = &f.previous_rating {
                    s.push_str(&format!(" (from {r})"));
                }
                if let Some(v) = f.target {
                    s.push_str(&format!(" {v}"));
                }
                if let Some(v) = f.previous_target {
                    s.push_str(&format!(" (from {v})"));
                }
                if let Some(u) = f.unit {
                    s.push_str(&format!(" {u}"));
                }
                if f.initiated {
                    s.push_str(" initiated");
                }
                s
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn rating_changes_new_after_to_old_after_from() {
        let e = [
            ("Kestrel Securities", "broker"),
            ("Norland Foods", "company"),
        ];
        for s in [
            "Kestrel Securities cut Norland Foods to Hold from Buy.",
            "Kestrel Securities downgraded Norland Foods from buy to hold.",
            "Kestrel Securities lowered its rating on Norland Foods to \"Hold\" from \"Buy\".",
        ] {
            assert_eq!(
                run(&e, &[s], &[]),
                ["Kestrel Securities -> Norland Foods: hold (from buy)"],
                "{s}"
            );
        }
    }

    #[test]
    fn prices_targets_with_old_values_and_units() {
        let e = [("Pellham Bank", "broker"), ("Arlo Systems", "company")];
        for (s, want) in [
            (
                "Pellham Bank raised its price target on Arlo Systems to $250 from $235.",
                "250 (from 235) USD",
            ),
            (
                "Pellham Bank trimmed its target price for Arlo Systems from HK$41 to HK$38, keeping a Buy rating.",
                "buy 38 (from 41) HKD",
            ),
            (
                "Pellham Bank lifted Arlo Systems' price objective by 10% to €32.",
                "32 EUR",
            ),
            (
                "Pellham Bank downgraded Arlo Systems to neutral from buy and reduced its price target from 880 yen to 810.",
                "neutral (from buy) 810 (from 880) JPY",
            ),
            (
                "Pellham Bank has a $45 price target on Arlo Systems.",
                "45 USD",
            ),
        ] {
            assert_eq!(
                run(&e, &[s], &[]),
                [format!("Pellham Bank -> Arlo Systems: {want}")],
                "{s}"
            );
        }
    }

    #[test]
    fn initiations_and_kept_ratings() {
        let e = [("Dunmore Capital", "broker"), ("Vantor", "company")];
        assert_eq!(
            run(&e, &["Dunmore Capital initiated coverage of Vantor with an Overweight rating and a $30 price target."], &[]),
            ["Dunmore Capital -> Vantor: overweight 30 USD initiated"]
        );
        assert_eq!(
            run(&e, &["Vantor rose 4% after Dunmore Capital began coverage with an \"outperform\" recommendation."], &[]),
            ["Dunmore Capital -> Vantor: outperform initiated"]
        );
        assert_eq!(
            run(
                &e,
                &["Dunmore Capital reiterated its Buy rating on Vantor."],
                &[]
            ),
            ["Dunmore Capital -> Vantor: buy"]
        );
        // the company of the heading, not the document's most named one
        let e2 = [
            ("Dunmore Capital", "broker"),
            ("Vantor", "company"),
            ("Arlo", "company"),
        ];
        assert_eq!(
            run(
                &e2,
                &[
                    "Arlo rose. Arlo fell.",
                    "Dunmore Capital: Vantor's results were in line.",
                    "The \"hold\" rating is maintained."
                ],
                &[]
            ),
            ["Dunmore Capital -> Vantor: hold"]
        );
    }

    #[test]
    fn a_name_describing_another_is_not_rated() {
        let e = [
            ("Harlow & Co", "broker"),
            ("Pando Holdings", "company"),
            ("Tamu", "company"),
        ];
        assert_eq!(
            run(
                &e,
                &["Harlow & Co cut Pando Holdings, the parent of Tamu, to Hold from Buy."],
                &[]
            ),
            ["Harlow & Co -> Pando Holdings: hold (from buy)"]
        );
    }

    #[test]
    fn verbs_are_no_ratings() {
        let e = [
            ("Dunmore Capital", "broker"),
            ("Vantor", "company"),
            ("Bexa", "company"),
        ];
        assert!(run(
            &e,
            &["Dunmore Capital expects Vantor to outperform the market."],
            &[]
        )
        .is_empty());
        assert!(run(
            &e,
            &["Vantor agreed to buy Bexa, Dunmore Capital said."],
            &[]
        )
        .is_empty());
        assert!(run(
            &e,
            &["Vantor set a sales target of $5 billion, Dunmore Capital noted."],
            &[]
        )
        .is_empty());
    }

    #[test]
    fn several_objects_and_lists() {
        let e = [
            ("Harlow & Co", "broker"),
            ("Arlo", "company"),
            ("Bexa", "company"),
            ("Cirrus", "company"),
        ];
        assert_eq!(
            run(&e, &["Analysts at Harlow & Co cut Arlo as well as Bexa to Market Perform, while lifting Cirrus to Outperform."], &[]),
            [
                "Harlow & Co -> Arlo: market perform",
                "Harlow & Co -> Bexa: market perform",
                "Harlow & Co -> Cirrus: outperform"
            ]
        );
        assert_eq!(
            run(&e, &["Harlow & Co gave Buy ratings to the three, and raised its target prices for Arlo/ Bexa/ Cirrus to $5.5/ $8/ $26, up from $4.5/ $7/ $21."], &[]),
            [
                "Harlow & Co -> Arlo: buy 5.5 (from 4.5) USD",
                "Harlow & Co -> Bexa: buy 8 (from 7) USD",
                "Harlow & Co -> Cirrus: buy 26 (from 21) USD"
            ]
        );
    }

    #[test]
    fn analysts_act_for_their_firm_and_references_resolve() {
        let e = [
            ("Tolland Partners", "broker"),
            ("Mia Corvo", "person"),
            ("Quell Robotics", "company"),
        ];
        assert_eq!(
            run(
                &e,
                &[
                    "Tolland Partners analyst Mia Corvo upgraded Quell Robotics to Buy from Neutral.",
                    "The brokerage also raised its price target on the stock to $88 from $61.",
                ],
                &[("Mia Corvo", "Tolland Partners")]
            ),
            ["Tolland Partners -> Quell Robotics: buy (from neutral) 88 (from 61) USD"]
        );
        assert_eq!(
            run(
                &e,
                &[
                    "Corvo likes Quell Robotics.",
                    "Mia Corvo currently carries buy ratings for Quell Robotics.",
                ],
                &[("Mia Corvo", "Tolland Partners")]
            ),
            ["Tolland Partners -> Quell Robotics: buy"]
        );
    }

    #[test]
    fn index_targets_in_points() {
        let e = [
            ("Aldgate Bank", "broker"),
            ("Nikkei 225", "index"),
            ("Sam Reyes", "person"),
        ];
        for (s, want) in [
            ("Aldgate Bank lifted its year-end target for the Nikkei 225 to 52,000 from 49,000.", "52000 (from 49000) points"),
            ("Aldgate Bank sees the Nikkei 225 ending next year at 56,500, a gain of 8%.", "56500 points"),
            ("Aldgate Bank projected that the Nikkei 225 could hit 55,000 by the end of the year.", "55000 points"),
            ("Aldgate Bank kept its Nikkei 225 target at 50,000 points.", "50000 points"),
        ] {
            assert_eq!(run(&e, &[s], &[]), [format!("Aldgate Bank -> Nikkei 225: {want}")], "{s}");
        }
        // a level the index reached is no target
        assert!(run(
            &e,
            &["The Nikkei 225 closed at 50,120 on Monday, Aldgate Bank data showed."],
            &[]
        )
        .is_empty());
        assert_eq!(
            run(
                &e,
                &["Aldgate Bank's Sam Reyes sees the Nikkei 225 at 58,000.", "It lifted its 12-month projection on the index to 59,000 points, up from 58,000."],
                &[("Sam Reyes", "Aldgate Bank")]
            ),
            ["Aldgate Bank -> Nikkei 225: 59000 (from 58000) points"]
        );
        // the number of an index's name is no target of it
        let e = [("Aldgate Bank", "broker"), ("Corvex 300", "index")];
        let s = "Aldgate Bank sees the Corvex 300 trading well below its peers at 18 times.";
        assert!(run(&e, &[s], &[]).is_empty(), "{s}");
    }
}

#[cfg(test)]
mod pipeline_tests {
    use crate::model::Unit;
    use crate::{Extractor, Schema};

    #[test]
    fn the_extractor_lists_actions_and_their_relations() {
        let ex = Extractor::new(Schema::bundled().unwrap());
        let text = "Jefferies cuts Li Auto to Hold\n\
                    Jefferies has changed its view on Li Auto (NASDAQ: LI), cutting the rating to Hold \
                    from Buy and reducing the price target to $17.50 from $28.80.\n\
                    Goldman Sachs trimmed its price target to $27.00 from $30.90, keeping a Buy rating.";
        let x = ex.extract("a.txt", "", text);
        let got: Vec<_> = x
            .actions
            .iter()
            .map(|a| {
                (
                    a.by.as_str(),
                    a.on.as_str(),
                    a.rating.as_deref(),
                    a.previous_rating.as_deref(),
                    a.target,
                    a.previous_target,
                    a.unit,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Jefferies",
                    "Li Auto",
                    Some("hold"),
                    Some("buy"),
                    Some(17.5),
                    Some(28.8),
                    Some(Unit::Usd)
                ),
                (
                    "Goldman Sachs",
                    "Li Auto",
                    Some("buy"),
                    None,
                    Some(27.0),
                    Some(30.9),
                    Some(Unit::Usd)
                ),
            ]
        );
        for a in &x.actions {
            assert_eq!(&text[a.evidence.start..a.evidence.end], a.evidence.sentence);
        }
        let has = |s: &str, r: &str, o: &str| {
            x.relations
                .iter()
                .any(|x| x.subject == s && x.relation == r && x.object == o)
        };
        assert!(has("Jefferies", "rates", "Li Auto") && has("Jefferies", "forecasts", "Li Auto"));
        assert!(has("Goldman Sachs", "forecasts", "Li Auto"));
    }
}
