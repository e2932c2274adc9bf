//! Metric rules: numbers tied to the entity they describe.

use super::numbers::{self, Quantity};
use super::{evidence, Facts, Ment, Sent};
use crate::model::{FoundMetric, Unit};
use crate::resolve::Registry;
use crate::schema::{KindId, Schema};
use crate::text::phrases::{contains, contains_any};
use regex::Regex;
use std::sync::LazyLock;

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?:19|20)\d{2}(?:Q[1-4]|H[12])?|[1-4]Q\d{2}|FY\d{2,4})\b").unwrap()
});

static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$").unwrap()
});

pub(crate) fn extract(
    schema: &Schema,
    doc: &str,
    sents: &[Sent<'_>],
    reg: &mut Registry,
    facts: &mut Facts,
) {
    let mut seen: Vec<(usize, Unit, f64, String)> = Vec::new();
    // what "the company" and "the index" point back to: the most mentioned company so far,
    // and the index named last
    let mut company_mentions: std::collections::HashMap<usize, usize> = Default::default();
    let mut focus: Option<usize> = None;
    let mut last_index: Option<usize> = None;
    for (si, sent) in sents.iter().enumerate() {
        let previous = si.checked_sub(1).map(|i| &sents[i]);
        let here_focus = focus;
        let here_index = last_index;
        for m in &sent.ms {
            let kind = reg.entities[m.eid].kind;
            if kind == reg.k.company {
                let n = company_mentions.entry(m.eid).or_insert(0);
                *n += 1;
                let n = *n;
                if focus.is_none_or(|f| n >= company_mentions.get(&f).copied().unwrap_or(0)) {
                    focus = Some(m.eid);
                }
            } else if kind == reg.k.index {
                last_index = Some(m.eid);
            }
        }
        let t = sent.s.text;
        let lower = sent.lower.as_str();
        let qs = numbers::find(t);
        if qs.is_empty() {
            continue;
        }
        let all_owners: Vec<&Ment> = sent
            .ms
            .iter()
            .filter(|m| {
                !(reg.k.broker | reg.k.person | reg.k.investor).has(reg.entities[m.eid].kind)
            })
            .filter(|m| !super::roles::is_source(t, m))
            .filter(|m| !traded_goods(lower, m))
            .filter(|m| !dateline(t, m))
            .collect();
        // a bank or fund owns its own figures when nothing else is named
        // ("JPMorgan Chase reported trading revenue of $9.7 billion")
        let own_results = contains_any(
            lower,
            &[
                "revenue",
                "profit",
                "net income",
                "earnings",
                "assets under management",
                "posted",
                "reported",
            ],
        ) && !contains_any(
            lower,
            &[
                "research report",
                "report stating",
                "target",
                "rating",
                "forecast",
                "expects",
                "estimate",
            ],
        );
        // an investor or bank that buys, invests or holds a stake owns the amount (a cue
        // inside a name, "ARK Invest", is no cue)
        let buyer = cue_outside_names(
            lower,
            &sent.ms,
            &[
                "invest",
                "invests",
                "invested",
                "to buy",
                "bought",
                "acquire",
                "acquired",
                "acquires",
                "stake in",
                "its stake",
                "to take",
                "paid",
                "committed",
            ],
        ) && !contains_any(
            lower,
            &[
                "rating",
                "target",
                "upgrade",
                "upgraded",
                "downgrade",
                "downgraded",
                "coverage",
                "research report",
            ],
        );
        let all_owners: Vec<&Ment> = if buyer {
            sent.ms
                .iter()
                .filter(|m| reg.entities[m.eid].kind != reg.k.person)
                .filter(|m| !super::roles::is_source(t, m))
                .collect()
        } else {
            all_owners
        };
        let last_q = qs.last().map_or(0, |q| q.start);
        let all_owners = if all_owners.is_empty() && own_results {
            sent.ms
                .iter()
                .filter(|m| (reg.k.broker | reg.k.investor).has(reg.entities[m.eid].kind))
                .filter(|m| m.end <= last_q)
                .filter(|m| !super::roles::is_source(t, m))
                .collect()
        } else {
            all_owners
        };
        // sectors are named loosely: a number goes to a sector only when no named
        // entity is in the sentence ("Sales in the passenger car industry rose 6.4%")
        let named: Vec<&Ment> = all_owners
            .iter()
            .copied()
            .filter(|m| reg.entities[m.eid].kind != reg.k.sector)
            .collect();
        let sectors_only = named.is_empty();
        let owners = if sectors_only { all_owners } else { named };
        let respectively = contains(lower, "respectively");
        let period = PERIOD.find(t).map(|m| m.as_str().to_string());
        // the owner each value of the sentence went to, for lists that restate them
        let mut assigned: Vec<Option<usize>> = vec![None; qs.len()];
        for (qi, q) in qs.iter().enumerate() {
            // digits inside a name ("Nasdaq 100", "CSI 300") are not measurements
            if skip(t, q) || sent.ms.iter().any(|m| m.start < q.end && q.start < m.end) {
                continue;
            }
            let group = group_after(t, q, sent, reg);
            let group_end = group.map(|m| m.end);
            let Some((unit, label)) = classify(schema, sent, q, group_end, &owners, reg) else {
                continue;
            };
            // a slash or comma list with "respectively" pairs values with entities in order
            // … as does a slash list of values after a slash list of names of the same length
            // ("Alibaba/Baidu/JD.com changed +220%/-15%/+35%")
            let slashed =
                q.list.is_some() && (t[q.end..].starts_with('/') || t[..q.start].ends_with('/'));
            // a multiple given `to` something non-entity ("to FY26 earnings", "to the
            // rest of Tech") belongs to nothing named here
            let given = multiple_given_to(t, q, &owners);
            if given == Some(None) {
                continue;
            }
            let owner = if respectively || slashed {
                paired_owner(t, &qs, qi, &owners).or_else(|| subject_owner(t, &owners, q, reg))
            } else {
                // "130 billion for Alibaba and 82.9 billion for Tencent, or 12.7% and 11.0%
                // of revenue": a second list of values restates the first, in order
                restated_owner(t, &qs, qi, &assigned).or_else(|| subject_owner(t, &owners, q, reg))
            };
            // "a basket of 33 Chinese AI stocks", "5.7 million passenger cars": a count
            // of a sector's or an index's members, written just before its name
            let counted = matches!(unit, Unit::Count)
                .then(|| group.and_then(|m| counted_group(m, reg, sectors_only)))
                .flatten();
            // a target price belongs to the rated company, the first company named
            let owner = if q.unit.is_some_and(Unit::is_money)
                && contains_any(lower, &["target", "price objective", "fair value"])
            {
                owners
                    .iter()
                    .find(|m| reg.entities[m.eid].kind == reg.k.company)
                    .map(|m| m.eid)
                    .or(owner)
            } else {
                owner
            };
            // what the figure is can name its owner: a valuation is the valued company's,
            // a stake the holder's, a parameter count or context window the model's
            let owner = valued_company(t, lower, q, &label, sent, reg)
                .or_else(|| stake_holder(lower, q, unit, &owners))
                .or_else(|| model_size(lower, q, unit, sent, reg))
                .or(owner);
            // "the stock had surged 209%", "the index has surged 20%": the entity in focus
            let before_q = &lower[..q.start];
            // a back-reference in the number's own clause ("while the index fell 1%")
            let cs = clause_start(t, q.start);
            // (a model owns no money: "the company behind the Kimi chatbot … $500 million")
            let money_q = q.unit.is_some_and(Unit::is_money) || q.scaled;
            let owner_in_clause = owners.iter().any(|m| {
                m.end <= q.start
                    && m.start >= cs
                    && !(money_q && reg.entities[m.eid].kind == reg.k.model)
            });
            // (the model a sentence names is pointed back at even after its maker:
            // "OpenAI, the maker of ChatGPT, said the chatbot's users reached …")
            // … and so is an index or company pointed back at after every name of the
            // clause ("sliding 3.2% as the index edged up 0.3%")
            let last_owner = owners
                .iter()
                .filter(|m| m.end <= q.start && m.start >= cs)
                .map(|m| m.end)
                .max();
            let back = refers_back(before_q)
                .filter(|(b, at)| {
                    !owner_in_clause
                        || matches!(b, Back::Model)
                        || last_owner.is_some_and(|e| *at > e)
                })
                .map(|(b, _)| b);
            // it points at an entity of this sentence when there is one, else at the focus
            let in_sentence = |kind: KindId| {
                owners
                    .iter()
                    .filter(|m| m.end <= q.start && reg.entities[m.eid].kind == kind)
                    .map(|m| m.eid)
                    .next()
            };
            // the company the article is about, when the sentence names it too ("values
            // the French startup at €11.7 billion", with Mistral and ASML both named)
            let focus_here = here_focus.filter(|&f| sent.ms.iter().any(|m| m.eid == f));
            let here_focus = focus_here.or(in_sentence(reg.k.company)).or(here_focus);
            let here_index = in_sentence(reg.k.index).or(here_index);
            // a sector owns a number only as the subject written before it
            let owner = owner.filter(|&o| {
                !sectors_only
                    || owners
                        .iter()
                        .any(|m| m.eid == o && m.end <= q.start && m.start >= cs)
            });
            let owner = counted.or(owner);
            let owner = given.flatten().or(owner);
            // "Energy was the best-performing sector in the S&P 500, gaining 4%": a sector
            // opening the sentence is the subject of its first clause, not an index or
            // company named after a preposition
            let owner = opening_sector(t, q, sent, reg)
                .filter(|_| {
                    owner.is_none_or(|o| {
                        sent.ms
                            .iter()
                            .filter(|m| m.eid == o && m.end <= q.start)
                            .all(|m| after_preposition(&lower[..m.start]))
                    })
                })
                .or(owner);
            let owner = match back {
                Some(Back::Company) => here_focus.or(owner),
                Some(Back::Index) => here_index.or(owner),
                Some(Back::Model) => in_sentence(reg.k.model).or(owner),
                None => owner,
            };
            // "The broker cut its price target to HK$72": the company in focus
            let owner = owner.or_else(|| {
                let target = contains_any(lower, &["target", "price objective", "fair value"]);
                (q.unit.is_some_and(Unit::is_money) && target)
                    .then_some(here_focus)
                    .flatten()
            });
            // a figure whose sentence names no owner continues the topic: a sector whose
            // distinctive word it repeats ("automobile sales in China" → the Chinese
            // automobile industry), else what the previous sentence said of the same thing
            let owner = owner.or_else(|| {
                let clause = &lower[cs..q.start];
                let named_before = owners.iter().any(|m| {
                    m.end <= q.start && (m.start >= cs || reg.entities[m.eid].kind != reg.k.sector)
                });
                if named_before || refers_back(clause).is_some() {
                    return None;
                }
                // the clause up to the number, and the noun the number counts
                let noun: Vec<&str> = lower[q.end..].split_whitespace().take(4).collect();
                let clause = format!("{clause} {}", noun.join(" "));
                let clause = clause.as_str();
                sector_by_word(reg, sents, (si, q.start), clause)
                    .filter(|&e| !sent.ms.iter().any(|m| m.eid == e && traded_goods(lower, m)))
                    .or_else(|| {
                        previous
                            .and_then(|p| topic_by_word(p, &sents[..si], sent.s.line, clause, reg))
                    })
                    // what the sentence's first figure belonged to
                    .or_else(|| assigned.iter().flatten().next().copied())
                    .or_else(|| paragraph_topic(&sents[..si], sent.s.line, reg))
                    // "The brokerage now sees deliveries of 420,000 vehicles": a broker's
                    // view of the company its note is about
                    .or_else(|| {
                        let broker_view = sent
                            .ms
                            .iter()
                            .any(|m| reg.entities[m.eid].kind == reg.k.broker)
                            || ["the brokerage ", "the broker ", "the bank ", "analysts "]
                                .iter()
                                .any(|w| lower.starts_with(w));
                        broker_view.then_some(here_focus).flatten()
                    })
                    // a market wrap's turnover and breadth are the market's, its index's
                    .or_else(|| market_stats(lower).then_some(here_index).flatten())
            });
            let Some(owner) = owner else { continue };
            let owner = canonical_sector(reg, owner);
            // money is never a model's: it is its maker's when the sentence describes
            // the maker by the model ("the company behind the Kimi chatbot … $500
            // million in funding"), else no one's
            let owner = if reg.entities[owner].kind == reg.k.model && unit.is_money() {
                match model_maker(lower, sent, reg) {
                    Some(maker) => maker,
                    None => continue,
                }
            } else {
                owner
            };
            assigned[qi] = Some(owner);
            let kind = reg.entities[owner].kind;
            let unit = match unit {
                Unit::Cny if q.yen_sign && japanese(reg, owner, lower) => Unit::Jpy,
                Unit::Points if kind != reg.k.index => continue,
                Unit::Money => home_currency(reg, owner, lower).unwrap_or(Unit::Money),
                u => u,
            };
            let value = if q.signed { q.value } else { q.value.abs() };
            if seen.iter().any(|(e, u, v, l)| {
                *e == owner
                    && *u == unit
                    && l == &label
                    && (v - value).abs() <= 1e-9 * value.abs().max(1.0)
            }) {
                continue;
            }
            // "Nvidia and AMD shares both fell 3%": the figure holds for the whole list
            let mut holders = vec![owner];
            if contains_any(&lower[..q.start], &["both", "each"]) {
                holders.extend(joined_with(t, &owners, owner));
            }
            for h in holders {
                if h != owner
                    && seen.iter().any(|(e, u, v, l)| {
                        *e == h
                            && *u == unit
                            && l == &label
                            && (v - value).abs() <= 1e-9 * value.abs().max(1.0)
                    })
                {
                    continue;
                }
                seen.push((h, unit, value, label.clone()));
                reg.entities[h].named = true;
                facts.metrics.push(FoundMetric {
                    entity: reg.entities[h].name.clone(),
                    metric: label.clone(),
                    value,
                    unit,
                    period: period.clone(),
                    evidence: evidence(doc, &sent.s, "metric"),
                });
            }
        }
    }
}

/// Words of a sector's name that say nothing about which sector it is.
const GENERIC: &[&str] = &[
    "industry",
    "industries",
    "sector",
    "segment",
    "market",
    "stocks",
    "shares",
    "companies",
    "firms",
    "names",
    "players",
    "makers",
    "chinese",
    "china",
    "domestic",
    "global",
    "overseas",
    "international",
    "local",
    "hong",
    "kong",
    "north",
    "american",
    "america",
    "asian",
    "european",
    "europe",
    "leading",
    "major",
    "listed",
    "large-cap",
    "small-cap",
    "mid-cap",
];

/// Words too common to tie a sentence to the one before it.
const COMMON: &[&str] = &[
    "expected",
    "years",
    "reach",
    "total",
    "growth",
    "increase",
    "rise",
    "will",
    "would",
    "this",
    "that",
    "with",
    "from",
    "have",
    "been",
    "about",
    "also",
    "more",
    "than",
    "million",
    "billion",
    "trillion",
    "percent",
    "units",
    "over",
    "same",
    "period",
    "last",
    "next",
    "which",
    "their",
    "they",
    "them",
    "into",
    "such",
    "were",
    "among",
    "including",
];

/// Whether a stem is one of `words`'.
fn among(words: &[&str], w: &str) -> bool {
    words.iter().any(|g| stem(g) == w)
}

/// A light stem: "vehicles" → "vehicl", "gaming" → "gam", "games" → "gam".
fn stem(word: &str) -> String {
    let w = word
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
    let mut w = if let Some(b) = w.strip_suffix("ies").filter(|b| b.len() >= 3) {
        format!("{b}y")
    } else if let Some(b) = w.strip_suffix("ing").filter(|b| b.len() >= 3) {
        b.to_string()
    } else if let Some(b) = w
        .strip_suffix('s')
        .filter(|b| b.len() >= 3 && !b.ends_with('s'))
    {
        b.to_string()
    } else {
        w
    };
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The stems of a text's words that can tell one topic from another.
fn content_stems(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\''))
        .map(stem)
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        .filter(|w| !among(COMMON, w))
        .collect()
}

/// A sector of the paragraph whose distinctive words the clause repeats; None when
/// none does or two do equally well. Of two, one named before the number (in an
/// earlier sentence, or earlier in this one) is the topic; one named only after it is
/// what the sentence says something about ("… 6% make the lenders attractive").
fn sector_by_word(
    reg: &Registry,
    sents: &[Sent<'_>],
    here: (usize, usize),
    clause: &str,
) -> Option<usize> {
    let (si, at) = here;
    let line = sents[si].s.line;
    let words = content_stems(clause);
    let mut scored: Vec<(usize, usize, bool)> = Vec::new();
    for (i, e) in reg.entities.iter().enumerate() {
        if e.kind != reg.k.sector {
            continue;
        }
        // a sector named in the same paragraph
        let mut named = false;
        let mut before = false;
        for (j, s) in sents.iter().enumerate().filter(|(_, s)| s.s.line == line) {
            for m in s.ms.iter().filter(|m| m.eid == i) {
                named = true;
                before |= j < si || j == si && m.end <= at;
            }
        }
        if !named {
            continue;
        }
        let hits = content_stems(&e.name)
            .iter()
            .filter(|w| !among(GENERIC, w) && words.contains(w))
            .count();
        if hits > 0 {
            scored.push((canonical_sector(reg, i), hits, before));
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
    (best.len() == 1).then(|| best[0].0)
}

/// What the previous sentence of the same paragraph said of the thing the clause
/// speaks of: the entity named beside a word the clause repeats ("the automobile
/// industry's overseas opportunities. Overseas sales are expected to reach …").
fn topic_by_word(
    prev: &Sent<'_>,
    earlier: &[Sent<'_>],
    line: usize,
    clause: &str,
    reg: &Registry,
) -> Option<usize> {
    if prev.s.line != line {
        return None;
    }
    let words = content_stems(clause);
    let lower = prev.lower.as_str();
    // "… upbeat on the industry's overseas prospects. Overseas sales …": the industry
    // the paragraph is about
    let industry = ["the industry", "the sector"].iter().any(|w| {
        crate::text::phrases::find_all(lower, w)
            .into_iter()
            .any(|at| {
                lower[at + w.len()..]
                    .split_whitespace()
                    .take(3)
                    .flat_map(content_stems)
                    .any(|x| words.contains(&x))
            })
    });
    if industry {
        // the paragraph's first industry is its topic
        let named = earlier
            .iter()
            .rev()
            .take_while(|s| s.s.line == line)
            .flat_map(|s| s.ms.iter().rev())
            .filter(|m| {
                let e = &reg.entities[m.eid];
                e.kind == reg.k.sector
                    && (e.name.ends_with("industry") || e.name.ends_with("sector"))
            })
            .last();
        if let Some(m) = named {
            return Some(m.eid);
        }
    }
    prev.ms
        .iter()
        .filter(|m| !(reg.k.broker | reg.k.person | reg.k.investor).has(reg.entities[m.eid].kind))
        .find(|m| {
            let before: Vec<&str> = lower[..m.start].split_whitespace().rev().take(3).collect();
            let after: Vec<&str> = lower[m.end..].split_whitespace().take(3).collect();
            before
                .iter()
                .chain(after.iter())
                .flat_map(|w| content_stems(w))
                .any(|w| words.contains(&w))
        })
        .map(|m| m.eid)
}

/// Whether one of `cues` is written outside the sentence's entity names.
fn cue_outside_names(lower: &str, ms: &[Ment], cues: &[&str]) -> bool {
    cues.iter().any(|c| {
        crate::text::phrases::find_all(lower, c)
            .into_iter()
            .any(|at| !ms.iter().any(|m| m.start <= at && at < m.end))
    })
}

/// The company a valuation is of: "valuing it at" and "at a $12 billion valuation"
/// speak of the sentence's subject (the company raising or being bought), "valuing
/// the video-game maker" of the company named; investors and news sources are not it.
fn valued_company(
    t: &str,
    lower: &str,
    q: &Quantity,
    label: &str,
    sent: &Sent<'_>,
    reg: &Registry,
) -> Option<usize> {
    if !q.unit.is_some_and(Unit::is_money) {
        return None;
    }
    let before = &lower[clause_start(lower, q.start)..q.start];
    let after: String = lower[q.end..]
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let valuing = label == "valuation"
        || before.contains("valuing")
        || before.contains("valued")
        || after.starts_with("valuation");
    if !valuing {
        return None;
    }
    // "… 's valuation", "a valuation of X": the possessive or named owner stays
    if before.contains("'s valuation") || before.contains("’s valuation") {
        return None;
    }
    let lead = &lower[..q.start];
    let cues = [
        "led by",
        "joined by",
        "participation from",
        "backed by",
        "including",
    ];
    sent.ms
        .iter()
        .filter(|m| m.end <= q.start && reg.entities[m.eid].kind == reg.k.company)
        .filter(|m| {
            let next = t[m.end..].trim_start();
            !["reported", "said", "says", "reports", "according"]
                .iter()
                .any(|w| next.starts_with(w))
        })
        .filter(|m| !super::roles::is_source(t, m))
        .find(|m| {
            let head = &lead[..m.start];
            !cues.iter().any(|c| head.contains(c)) && !head.trim_end().ends_with(',')
                || head.trim().is_empty()
        })
        .map(|m| m.eid)
}

/// A stake's percentage belongs to its holder, the one named before "stake" ("Berkshire
/// raised its stake in Mitsubishi to 9.7%", "Tencent … for a 25% stake").
fn stake_holder(lower: &str, q: &Quantity, unit: Unit, owners: &[&Ment]) -> Option<usize> {
    if unit != Unit::Percent {
        return None;
    }
    let stake = crate::text::phrases::find_all(lower, "stake")
        .into_iter()
        .next()?;
    owners
        .iter()
        .filter(|m| m.end <= stake.min(q.start))
        .min_by_key(|m| m.start)
        .map(|m| m.eid)
}

/// A model's size: "more than 1 trillion parameters", "a context window of 1 million
/// tokens" belong to the model named in the sentence, not to its maker.
fn model_size(
    lower: &str,
    q: &Quantity,
    unit: Unit,
    sent: &Sent<'_>,
    reg: &Registry,
) -> Option<usize> {
    if unit != Unit::Count {
        return None;
    }
    let after: Vec<&str> = lower[q.end..].split_whitespace().take(2).collect();
    let before = lower[..q.start].trim_end();
    let size = after
        .iter()
        .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == "parameters")
        || before.ends_with("context window of")
        || before.ends_with("context length of");
    if !size {
        return None;
    }
    let models: Vec<&Ment> = sent
        .ms
        .iter()
        .filter(|m| reg.entities[m.eid].kind == reg.k.model)
        .collect();
    models
        .iter()
        .filter(|m| m.end <= q.start)
        .max_by_key(|m| m.end)
        .or_else(|| models.first())
        .map(|m| m.eid)
}

/// Whether a sentence reports a market's turnover or breadth ("Trade volume was heavy
/// at 578.1 million shares", "Losers outnumbered winners 440 to 429").
fn market_stats(lower: &str) -> bool {
    contains_any(
        lower,
        &[
            "trade volume",
            "trading volume",
            "trading value",
            "turnover",
            "outnumbered",
            "advancers",
            "decliners",
            "advancing issues",
            "declining issues",
        ],
    )
}

/// The sector a sentence opens with, when the number is in the sentence's first clause.
fn opening_sector(t: &str, q: &Quantity, sent: &Sent<'_>, reg: &Registry) -> Option<usize> {
    if clause_start(t, q.start) != 0 {
        return None;
    }
    let first = sent.ms.iter().min_by_key(|m| m.start)?;
    let opens = t[..first.start].trim().is_empty();
    // the subject is followed by its verb, not by "'s" or a list
    let rest = t[first.end..].trim_start();
    let verb = !rest.starts_with(['\'', '’', ',', '/']);
    (opens && verb && reg.entities[first.eid].kind == reg.k.sector).then_some(first.eid)
}

/// Whether the words before a mention end with a preposition ("… sector in the S&P 500").
fn after_preposition(before: &str) -> bool {
    let before = before.trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    ["in", "on", "of", "across", "within", "among", "than"]
        .iter()
        .any(|p| before.ends_with(&format!(" {p}")))
}

/// "The company behind the Kimi chatbot", "the maker of ChatGPT": the developer of the
/// model the sentence names, when the article names the developer too.
fn model_maker(lower: &str, sent: &Sent<'_>, reg: &Registry) -> Option<usize> {
    let described = [
        "behind the",
        "maker of",
        "developer of",
        "creator of",
        "owner of",
    ]
    .iter()
    .any(|w| contains(lower, w));
    if !described {
        return None;
    }
    sent.ms
        .iter()
        .filter_map(|m| reg.entities[m.eid].developer.as_deref())
        .find_map(|d| reg.lookup(d))
}

/// A publisher opening the sentence as its dateline ("TradingKey - On Monday, …").
fn dateline(t: &str, m: &Ment) -> bool {
    t[..m.start].trim().is_empty()
        && [" - ", " – ", " — "]
            .iter()
            .any(|d| t[m.end..].starts_with(d))
}

/// "assigning about 30x to Big Tech, 28.5x to the rest of Tech": a multiple given `to`
/// something is that thing's; when no entity is named there, it is no one's here.
fn multiple_given_to(t: &str, q: &Quantity, owners: &[&Ment]) -> Option<Option<usize>> {
    if q.unit != Some(Unit::Multiple) {
        return None;
    }
    let after = t[q.end..].trim_start();
    let after = after.strip_prefix("multiple ").unwrap_or(after);
    let rest = after.strip_prefix("to ")?;
    // "20x to 25x earnings" is a range
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let at = t.len() - rest.len();
    let the = rest.strip_prefix("the ").map_or(at, |r| t.len() - r.len());
    Some(
        owners
            .iter()
            .find(|m| m.start == at || m.start == the)
            .map(|m| m.eid),
    )
}

/// Goods a sentence counts as traded ("exports of new energy vehicles"): what is
/// shipped, not who ships it.
fn traded_goods(lower: &str, m: &Ment) -> bool {
    let before = lower[..m.start].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    ["exports of", "imports of", "shipments of"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// The entity a paragraph opens with as its subject ("3) Smart cars are expected to
/// become the next internet portal …"), for figures later in it that name no owner.
fn paragraph_topic(earlier: &[Sent<'_>], line: usize, reg: &Registry) -> Option<usize> {
    let first = earlier
        .iter()
        .rev()
        .take_while(|s| s.s.line == line)
        .last()?;
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
        .filter(|m| (reg.k.sector | reg.k.company | reg.k.index).has(reg.entities[m.eid].kind))
        .map(|m| m.eid)
}

/// The first-named sector with the same core name ("passenger cars" → "passenger car
/// industry"); any other entity is its own.
fn canonical_sector(reg: &Registry, eid: usize) -> usize {
    let core = |name: &str| -> Vec<String> {
        name.split_whitespace()
            .map(stem)
            .filter(|w| !matches!(w.as_str(), "industry" | "sector" | "segment" | "market"))
            .collect()
    };
    if reg.entities[eid].kind != reg.k.sector {
        return eid;
    }
    let key = core(&reg.entities[eid].name);
    if key.is_empty() {
        return eid;
    }
    reg.entities
        .iter()
        .position(|e| e.kind == reg.k.sector && core(&e.name) == key)
        .unwrap_or(eid)
}

/// Adjectives that may stand between a count and the group it counts ("47 leading …").
const GROUP_ADJECTIVES: &[&str] = &["leading", "major", "large", "listed", "top", "big", "key"];

/// The sector or index named right after a number, one adjective allowed between
/// ("33 Chinese AI stocks", "47 leading North American computing power chain …").
fn group_after<'m>(t: &str, q: &Quantity, sent: &'m Sent<'_>, reg: &Registry) -> Option<&'m Ment> {
    let rest = &t[q.end..];
    let at = q.end + (rest.len() - rest.trim_start().len());
    let past = GROUP_ADJECTIVES
        .iter()
        .find(|adj| t[at..].starts_with(*adj) && t[at + adj.len()..].starts_with(' '))
        .map_or(at, |adj| at + adj.len() + 1);
    sent.ms
        .iter()
        .find(|m| m.start == at || m.start == past)
        .filter(|m| (reg.k.sector | reg.k.index).has(reg.entities[m.eid].kind))
}

/// A count written right before the name of a sector or an index counts its members
/// ("a basket of 33 Chinese AI stocks"). A sector with an index of the same name in
/// the document gives the count to the index (the index is what was built from
/// them); a sector owns the count only when no named entity is in the sentence.
fn counted_group(m: &Ment, reg: &Registry, sectors_only: bool) -> Option<usize> {
    let e = &reg.entities[m.eid];
    if e.kind == reg.k.index {
        return Some(m.eid);
    }
    // "leading domestic computing power chain companies" ~ "Domestic Computing Power
    // Chain Index"
    let core = |name: &str| -> String {
        let n = crate::text::phrases::normalize_name(name);
        let mut words: Vec<&str> = n.split(' ').collect();
        while words.len() > 1 && GROUP_ADJECTIVES.contains(&words[0]) {
            words.remove(0);
        }
        while words.len() > 1
            && matches!(
                words[words.len() - 1],
                "companies" | "stocks" | "names" | "firms" | "shares" | "index" | "indices"
            )
        {
            words.pop();
        }
        words.join(" ")
    };
    let wanted = core(&e.name);
    let index = reg
        .entities
        .iter()
        .position(|x| x.kind == reg.k.index && core(&x.name) == wanted);
    index.or(sectors_only.then_some(m.eid))
}

/// A list of values restating the list just before it, in the same order: "130 billion
/// for Alibaba and 82.9 billion for Tencent, or 12.7% and 11.0% of revenue".
fn restated_owner(
    t: &str,
    qs: &[Quantity],
    qi: usize,
    assigned: &[Option<usize>],
) -> Option<usize> {
    let spans: Vec<(usize, usize)> = qs.iter().map(|q| (q.start, q.end)).collect();
    let vruns = runs(t, &spans);
    let run = vruns.iter().find(|r| r.contains(&qi))?;
    let k = run.len();
    if k < 2 || run[0] < k {
        return None;
    }
    let pos = run.iter().position(|&j| j == qi)?;
    let earlier: Vec<usize> = (run[0] - k..run[0])
        .map(|j| assigned[j])
        .collect::<Option<Vec<usize>>>()?;
    let distinct = earlier
        .iter()
        .enumerate()
        .all(|(i, e)| !earlier[..i].contains(e));
    let gap = t[qs[run[0] - 1].end..qs[run[0]].start].to_ascii_lowercase();
    let restates = [
        ", or ",
        " or ",
        " (",
        ", i.e. ",
        ", accounting for ",
        ", representing ",
        ", equal to ",
        ", equivalent to ",
    ]
    .iter()
    .any(|w| gap.ends_with(w));
    (distinct && restates).then(|| earlier[pos])
}

/// The entities written in one list with `owner` ("Nvidia and AMD").
fn joined_with(t: &str, owners: &[&Ment], owner: usize) -> Vec<usize> {
    let spans: Vec<(usize, usize)> = owners.iter().map(|m| (m.start, m.end)).collect();
    runs(t, &spans)
        .into_iter()
        .find(|r| r.iter().any(|&i| owners[i].eid == owner))
        .map(|r| {
            r.into_iter()
                .map(|i| owners[i].eid)
                .filter(|&e| e != owner)
                .collect()
        })
        .unwrap_or_default()
}

/// Numbers that are not measurements: years, dates, list markers.
fn skip(t: &str, q: &Quantity) -> bool {
    let raw = &t[q.start..q.end];
    if q.unit.is_none() && !q.scaled {
        let year =
            (1900.0..=2100.0).contains(&q.value) && q.value.fract() == 0.0 && !raw.contains(',');
        let after = &t[q.end..];
        let marker = after.starts_with(')') || after.starts_with(". ") && q.value < 20.0;
        let date = MONTH_BEFORE.is_match(&t[..q.start]);
        return year || marker || date;
    }
    false
}

/// Unit and label of a quantity, or None when it is no metric.
fn classify(
    schema: &Schema,
    sent: &Sent<'_>,
    q: &Quantity,
    group_end: Option<usize>,
    owners: &[&Ment],
    reg: &Registry,
) -> Option<(Unit, String)> {
    let t = sent.s.text;
    let lower = sent.lower.as_str();
    let label = label_for(schema, &sent.keywords, q.start);
    if let Some(u) = q.unit {
        return Some((u, label.unwrap_or_else(|| default_label(u))));
    }
    let after = lower[q.end..].trim_start();
    if q.scaled {
        // a money word in the sentence, unless a count noun stands nearer before the
        // number ("daily active users further increase to 30 million, topping the
        // revenue charts")
        let money_words: Vec<usize> = sent
            .keywords
            .iter()
            .filter(|&&(_, _, i)| schema.lexicon.metric_keywords[i].money)
            .map(|&(pos, _, _)| pos)
            .collect();
        let money_at = money_words.iter().copied().filter(|&p| p < q.start).max();
        let clause_at = clause_start(lower, q.start);
        let noun_at = schema
            .lexicon
            .count_nouns
            .iter()
            .filter_map(|n| {
                crate::text::phrases::find_all(&lower[clause_at..q.start], n)
                    .into_iter()
                    .last()
            })
            .map(|p| p + clause_at)
            .max();
        let count_nearer = noun_at.is_some() && noun_at > money_at;
        let money = !money_words.is_empty() && !count_nearer;
        // "5.7 million passenger cars": a count noun among the next words
        let next: Vec<&str> = after
            .split_whitespace()
            .take(3)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        if money
            && !schema
                .lexicon
                .count_nouns
                .iter()
                .any(|n| after.starts_with(n.as_str()) || next.contains(&n.as_str()))
        {
            return Some((Unit::Money, label.unwrap_or_else(|| "amount".into())));
        }
        return Some((Unit::Count, label.unwrap_or_else(|| "count".into())));
    }
    // a plain number: a count before a count noun, an index level next to an index
    // … or after the group it counts ("47 leading North American computing power chain
    // companies")
    let group_words = group_end.map(|e| lower[e..].split_whitespace().take(2));
    let words: Vec<&str> = after
        .split_whitespace()
        .take(6)
        .chain(group_words.into_iter().flatten())
        .collect();
    if words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        schema.lexicon.count_nouns.iter().any(|n| n == w)
    }) {
        return Some((Unit::Count, label.unwrap_or_else(|| "count".into())));
    }
    // "a price-to-earnings ratio of 26.51": a multiple
    let lead = lower[..q.start].trim_end();
    if [
        "ratio of",
        "p/e of",
        "pe of",
        "multiple of",
        "p/e ratio of",
        "pe ratio of",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
    {
        return Some((Unit::Multiple, label.unwrap_or_else(|| "multiple".into())));
    }
    // "Losers outnumbered winners 440 to 429": counts of stocks
    if crate::text::phrases::find_all(lower, "outnumbered")
        .first()
        .is_some_and(|&p| p < q.start)
    {
        return Some((Unit::Count, label.unwrap_or_else(|| "count".into())));
    }
    // an index level: a target at any size, else a level of a hundred points or more
    let near_index = nearest(owners, q).is_some_and(|e| reg.entities[e].kind == reg.k.index);
    let level_words = [
        "level",
        "points",
        "target",
        "closed at",
        "closed above",
        "closed below",
        "above",
        "below",
        "mark",
        "crossed",
        "hit",
        "range",
        "at",
        "to",
    ];
    let target = contains_any(lower, &["target", "level", "points"]);
    if near_index && (target || q.value >= 100.0 && contains_any(lower, &level_words)) {
        let _ = t;
        return Some((Unit::Points, label.unwrap_or_else(|| "index level".into())));
    }
    None
}

fn default_label(u: Unit) -> String {
    match u {
        Unit::Multiple => "multiple",
        Unit::Percent => "change",
        Unit::PctPoint => "change (pp)",
        Unit::Points => "index level",
        Unit::Count => "count",
        _ => "amount",
    }
    .to_string()
}

/// The metric keyword written closest before the number.
fn label_for(schema: &Schema, keywords: &[(usize, usize, usize)], at: usize) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for &(pos, _, idx) in keywords {
        if pos < at && best.is_none_or(|(b, _)| pos > b) {
            best = Some((pos, &schema.lexicon.metric_keywords[idx].label));
        }
    }
    best.map(|(_, l)| l.to_string())
}

/// What the words before a number point back at.
enum Back {
    /// "the stock", "the company", "the startup".
    Company,
    /// "the index", "the benchmark", "the gauge".
    Index,
    /// "the chatbot", "the model".
    Model,
}

/// Whether the clause before a number points back at the company, index or model in
/// focus.
fn refers_back(before: &str) -> Option<(Back, usize)> {
    let from = clause_start(before, before.len());
    let clause = &before[from..];
    let company = [
        "the stock",
        "the shares",
        "its shares",
        "its stock",
        "the company",
        "the firm",
        "the group",
        "the startup",
        "the start-up",
        "the maker",
        "the carmaker",
        "the automaker",
        "the chipmaker",
        "the lender",
        "the insurer",
        "the retailer",
        "the developer",
        "the platform",
    ];
    let index = [
        "the index",
        "the benchmark",
        "the gauge",
        "the broader market",
        "the barometer",
    ];
    let last = |list: &[&str]| list.iter().filter_map(|w| clause.rfind(w)).max();
    // "the chatbot's weekly active users": the model named before, written last
    let model = last(&["the chatbot", "the model", "the assistant"]);
    if let Some(m) = model.filter(|&m| Some(m) > last(&company) && Some(m) > last(&index)) {
        return Some((Back::Model, from + m));
    }
    match (last(&company), last(&index)) {
        (Some(c), Some(i)) if i > c => Some((Back::Index, from + i)),
        (Some(c), _) => Some((Back::Company, from + c)),
        (None, Some(i)) => Some((Back::Index, from + i)),
        _ => {
            // "values the French startup at …": an adjective between
            let words: Vec<&str> = clause.split_whitespace().collect();
            let noun = words.iter().rposition(|w| {
                [
                    "startup",
                    "company",
                    "firm",
                    "group",
                    "maker",
                    "carmaker",
                    "automaker",
                    "chipmaker",
                ]
                .contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
            })?;
            let at = clause.rfind(words[noun]).map_or(from, |p| from + p);
            (noun >= 2 && words[noun - 2] == "the").then_some((Back::Company, at))
        }
    }
}

/// Where the clause holding byte `at` starts.
fn clause_start(t: &str, at: usize) -> usize {
    // " and " opens a clause when a figure came before it and a name follows
    // ("… to 162,400 won and SK hynix vaulting 5.12%"), not in "rivals AMD and Nvidia"
    let and_name = t[..at]
        .match_indices(" and ")
        .filter(|(p, _)| t[p + 5..].starts_with(|c: char| c.is_uppercase()))
        .filter(|(p, _)| t[..*p].chars().any(|c| c.is_ascii_digit()))
        .map(|(p, _)| p + 5)
        .last();
    CLAUSE_BREAKS
        .iter()
        .filter_map(|b| t[..at].rfind(b).map(|p| p + b.len()))
        .chain(and_name)
        .max()
        .unwrap_or(0)
}

/// Words that open a new clause with its own subject.
const CLAUSE_BREAKS: &[&str] = &[
    "; ",
    " while ",
    " whereas ",
    " compared with ",
    " compared to ",
    " against ",
    " versus ",
    " vs ",
    " vs. ",
    " but ",
    " although ",
    ", and ",
    ", with ",
    " with ",
    " stating that ",
    " saying that ",
    " said that ",
    " learned that ",
    " believes that ",
    " expects that ",
];

/// The entity a number belongs to: a possessive right before it ("the Nasdaq 100's 24
/// times"), an entity right after "for" ("35x for Nvidia"), else the subject of its
/// clause, else the subject of the sentence.
fn subject_owner(t: &str, owners: &[&Ment], q: &Quantity, reg: &Registry) -> Option<usize> {
    let before = |m: &&&Ment| m.end <= q.start;
    // "130 billion for Alibaba", "39.2 times for the Nasdaq Composite"
    let after = t[q.end..].trim_start();
    if let Some(rest) = after.strip_prefix("for ") {
        let at = t.len() - rest.len();
        if let Some(m) = owners
            .iter()
            .find(|m| m.start == at || (m.start > at && t[at..m.start].trim() == "the"))
        {
            return Some(m.eid);
        }
    }

    // "gaining 18% against 4%": the number after "against" is the compared entity's
    let lead = t[..q.start].to_ascii_lowercase();
    let lead = lead.trim_end();
    let lead = lead
        .rsplit_once(" the ")
        .filter(|(_, tail)| tail.ends_with("'s") || tail.ends_with("’s"))
        .map_or(lead, |(head, _)| head);
    // "an index made up of 47 leading suppliers": the members of what was just named
    if ["made up of", "consisting of", "composed of", "comprising"]
        .iter()
        .any(|w| lead.ends_with(w))
    {
        if let Some(m) = owners.iter().filter(before).max_by_key(|m| m.end) {
            return Some(m.eid);
        }
    }
    if [
        "against",
        "versus",
        "vs",
        "vs.",
        "compared with",
        "compared to",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
    {
        let mut distinct: Vec<usize> = Vec::new();
        for m in owners.iter().filter(before) {
            if !distinct.contains(&m.eid) {
                distinct.push(m.eid);
            }
        }
        return distinct.get(1).copied();
    }
    // (a model owns no money: "its investment in the Claude maker to $8 billion")
    let money = q.unit.is_some_and(Unit::is_money) || q.scaled;
    let holds = |m: &&&Ment| !(money && reg.entities[m.eid].kind == reg.k.model);
    // "launched Mistral Medium 3, saying it performs at 90%", "Alibaba said it expects
    // …": the pronoun after a speech verb is the name written last before it (past an
    // apposition such as "the maker of ChatGPT")
    if let Some(it) = [
        " saying it ",
        " said it ",
        " says it ",
        " noting it ",
        " adding it ",
    ]
    .iter()
    .filter_map(|w| lead.rfind(w))
    .max()
    {
        let between = owners.iter().any(|m| m.start > it && m.end <= q.start);
        let apposed = |m: &&&Ment| {
            let head = lead[..m.start].trim_end();
            [
                "the maker of",
                "the developer of",
                "the owner of",
                "the parent of",
                "the creator of",
            ]
            .iter()
            .any(|w| head.ends_with(w))
        };
        let named = owners
            .iter()
            .filter(|m| m.end <= it)
            .filter(holds)
            .filter(|m| !apposed(m))
            .max_by_key(|m| m.end);
        if let (false, Some(m)) = (between, named) {
            return Some(m.eid);
        }
    }
    if let Some(m) = owners
        .iter()
        .filter(before)
        .filter(holds)
        .max_by_key(|m| m.end)
    {
        let gap = &t[m.end..q.start];
        if (gap.starts_with("'s ") || gap.starts_with("’s ")) && gap.split_whitespace().count() <= 3
        {
            return Some(m.eid);
        }
        // "Alibaba (09988) 81%", "CSI 1000 Index (15.3%)", "SK hynix vaulting 5.12 percent"
        let bare: String = {
            let mut depth = 0;
            gap.chars()
                .filter(|&c| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => return depth == 0,
                    }
                    false
                })
                .collect()
        };
        // "Nvidia has beaten the index by 40 points": a margin belongs to the subject
        let margin = bare.trim() == "by";
        // "the CSI 300 Index, which added 0.5%": a relative clause speaks of its antecedent
        let which =
            bare.trim_start().starts_with(", which") || bare.trim_start().starts_with(", whose");
        if which {
            return Some(m.eid);
        }
        // "buy Ampere Computing for $6.5 billion": the price is the buyer's
        let deal = bare.trim() == "for";
        let words = if margin || deal {
            usize::MAX
        } else {
            bare.split_whitespace()
                .filter(|w| *w != "," && *w != "(")
                .count()
        };
        if words <= 2 && !bare.contains([',', ';']) {
            return Some(m.eid);
        }
    }
    let clause_start = clause_start(t, q.start);
    // a model owns counts ("1 trillion parameters") but money belongs to its maker
    let rank = |m: &&&Ment| money && reg.entities[m.eid].kind == reg.k.model;
    let in_clause = owners
        .iter()
        .filter(|m| m.start >= clause_start && m.end <= q.start)
        .min_by_key(|m| (rank(m), m.start));
    // "…, while an index tracking Hong Kong-listed tech firms has risen 6%": a clause
    // whose subject is something unnamed says nothing of the sentence's subject
    let clause = t[clause_start..q.start].trim_start().to_ascii_lowercase();
    let opener = [" while ", " whereas ", " but ", "; ", " although "]
        .iter()
        .any(|w| t[..clause_start].ends_with(w));
    let unnamed = opener
        && ["a ", "an ", "another ", "one "]
            .iter()
            .any(|w| clause.starts_with(w));
    if in_clause.is_none() && unnamed {
        return None;
    }
    in_clause
        .or_else(|| {
            owners
                .iter()
                .filter(before)
                .min_by_key(|m| (rank(m), m.start))
        })
        .or_else(|| {
            owners
                .iter()
                .filter(|m| m.start >= q.end)
                .min_by_key(|m| m.start)
        })
        .map(|m| m.eid)
}

/// The entity nearest before the number (or after it when none is before).
fn nearest(owners: &[&Ment], q: &Quantity) -> Option<usize> {
    owners
        .iter()
        .filter(|m| m.end <= q.start)
        .max_by_key(|m| m.end)
        .or_else(|| {
            owners
                .iter()
                .filter(|m| m.start >= q.end)
                .min_by_key(|m| m.start)
        })
        .map(|m| m.eid)
}

/// Runs of items written next to each other as a list (`A, B and C`, `19%/23%`).
fn runs(t: &str, spans: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, &(start, _)) in spans.iter().enumerate() {
        let joined = i > 0 && {
            let raw = &t[spans[i - 1].1.min(start)..start];
            // a ticker in parentheses between two names does not break the list
            let gap = match (raw.find('('), raw.find(')')) {
                (Some(a), Some(b)) if a < b => format!("{}{}", &raw[..a], &raw[b + 1..]),
                _ => raw.to_string(),
            };
            let gap = gap.trim().trim_start_matches(',').trim();
            matches!(gap, "" | "/" | "and" | "&" | "、" | "or") || gap == ", and"
        };
        match out.last_mut() {
            Some(run) if joined => run.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// With "respectively": the k-th value of a list goes to the k-th entity of the
/// last list of entities of the same length written before it.
fn paired_owner(t: &str, qs: &[Quantity], qi: usize, owners: &[&Ment]) -> Option<usize> {
    let qspans: Vec<(usize, usize)> = qs.iter().map(|q| (q.start, q.end)).collect();
    let vruns = runs(t, &qspans);
    let run = vruns.iter().find(|r| r.contains(&qi))?;
    if run.len() < 2 {
        return None;
    }
    let pos = run.iter().position(|&j| j == qi)?;
    let first = qs[run[0]].start;
    let espans: Vec<(usize, usize)> = owners.iter().map(|m| (m.start, m.end)).collect();
    let eruns = runs(t, &espans);
    let group = eruns
        .iter()
        .rfind(|r| espans[*r.last().unwrap()].1 <= first && r.len() == run.len())?;
    Some(owners[group[pos]].eid)
}

/// Whether `¥` means yen here: a Tokyo listing or a Japanese context.
fn japanese(reg: &Registry, owner: usize, lower: &str) -> bool {
    reg.entities[owner]
        .tickers
        .iter()
        .any(|t| t.ends_with(".T"))
        || contains_any(
            lower,
            &["yen", "japan", "japanese", "tokyo", "nikkei", "topix"],
        )
}

/// The currency of a company's filings when the article makes it plain: mainland and
/// Hong Kong listings report in yuan.
fn home_currency(reg: &Registry, owner: usize, lower: &str) -> Option<Unit> {
    let e = &reg.entities[owner];
    if contains(lower, "yuan") || contains(lower, "rmb") {
        return Some(Unit::Cny);
    }
    let chinese = e
        .tickers
        .iter()
        .any(|t| t.ends_with(".HK") || t.ends_with(".SH") || t.ends_with(".SZ"));
    chinese.then_some(Unit::Cny)
}
