//! Metrics: numbers tied to the entity they describe. A figure's unit and label come
//! from how it is written and the metric keyword before it; its owner from the owner
//! tiers of `graph-schema/rules/metrics.ron`, read highest first (extract/owners.rs),
//! and the name of the tier that decided goes on the figure's evidence.

use super::discourse::Discourse;
use super::figure_cx::{Decision, FigureCx};
use super::figures::{self, skip_space};
use super::name_words::NameWords;
use super::numbers::{self, Quantity};
use super::owners::Tiers;
use super::topics::traded_goods;
use super::{evidence, roles, CueIndex, Facts, Ment, Sent};
use crate::model::{FoundMetric, Unit};
use crate::resolve::Registry;
use crate::schema::{Cls, Schema};
use regex::Regex;
use std::sync::LazyLock;

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?:19|20)\d{2}(?:Q[1-4]|H[12])?|[1-4]Q\d{2}|FY\d{2,4})\b").unwrap()
});

/// The metrics stage compiled once per schema: the owner tiers and the word lists.
#[derive(Debug)]
pub(crate) struct MetricRules {
    /// The owner tiers, highest precedence first.
    pub tiers: Tiers,
    words: NameWords,
}

impl MetricRules {
    /// Compile the metrics stage of a schema.
    pub(crate) fn new(schema: &Schema, cues: &CueIndex) -> MetricRules {
        MetricRules {
            tiers: Tiers::compile(schema, cues),
            words: NameWords::new(schema),
        }
    }
}

/// Which tier decided a figure, recorded when an extraction is checked or traced.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TierDecision {
    /// The sentence's index.
    pub sentence: usize,
    /// The figure's byte span in the sentence.
    pub figure: (usize, usize),
    /// The tier (an index into [`Tiers::tiers`]); None when no tier decided.
    pub tier: Option<usize>,
    /// The owner it found (None: the figure has none).
    pub owner: Option<usize>,
}

/// Find the metrics of a document's sentences.
pub(crate) fn extract(
    rules: &MetricRules,
    schema: &Schema,
    doc: &str,
    sents: &[Sent<'_>],
    reg: &mut Registry,
    facts: &mut Facts,
) {
    let mut seen: Vec<(usize, Unit, f64, &str)> = Vec::new();
    let mut disc = Discourse::new(None);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let (mut value_runs, mut owner_runs) = (Vec::new(), Vec::new());
    // (owner, what `canonical_sector` makes of it), looked up once a document: this
    // stage changes no entity's kind or name
    let mut canonical: Vec<(usize, usize)> = Vec::new();
    for (si, sent) in sents.iter().enumerate() {
        disc.begin(si, sent, reg);
        let t = sent.s.text;
        let qs = if t.bytes().any(|b| b.is_ascii_digit()) {
            numbers::find(t)
        } else {
            Vec::new()
        };
        if qs.is_empty() {
            disc.end(sent, reg);
            continue;
        }
        let owners = candidates(sent, &qs, reg);
        spans.clear();
        spans.extend(qs.iter().map(|q| (q.start, q.end)));
        sent.list_runs(&spans, &mut value_runs);
        spans.clear();
        spans.extend(owners.iter().map(|m| (m.start, m.end)));
        sent.list_runs(&spans, &mut owner_runs);
        let mut period: Option<Option<String>> = None;
        // the owner each value of the sentence went to, for lists that restate them
        let mut assigned: Vec<Option<usize>> = vec![None; qs.len()];
        // the unit each value of the sentence was read in, for comparisons that leave
        // the second one bare
        let mut units: Vec<Option<Unit>> = vec![None; qs.len()];
        for (qi, q) in qs.iter().enumerate() {
            // digits inside a name ("Nasdaq 100", "CSI 300") are not measurements
            if skip(sent, q) || sent.ms.iter().any(|m| m.start < q.end && q.start < m.end) {
                continue;
            }
            let group = group_after(sent, q, reg);
            let Some((unit, label)) = classify(
                schema,
                sent,
                (q, &qs[..qi], &units[..qi]),
                group.map(|m| m.end),
                &owners,
                reg,
            ) else {
                continue;
            };
            units[qi] = Some(unit);
            let cx = FigureCx::new(
                &rules.words,
                sents,
                si,
                reg,
                &disc,
                &owners,
                &qs,
                (&value_runs, &owner_runs),
                &assigned,
                (qi, unit, label, group),
            );
            let decided = rules.tiers.decide(&cx);
            drop(cx);
            if let Some(log) = facts.tiers.as_mut() {
                log.push(TierDecision {
                    sentence: si,
                    figure: (q.start, q.end),
                    tier: decided.map(|(i, _)| i),
                    owner: match decided {
                        Some((_, Decision::Owner(o))) => Some(o),
                        _ => None,
                    },
                });
            }
            let Some((tier, Decision::Owner(owner))) = decided else {
                continue;
            };
            let owner = match canonical.iter().find(|&&(o, _)| o == owner) {
                Some(&(_, sector)) => sector,
                None => {
                    let sector = rules.words.canonical_sector(reg, owner);
                    canonical.push((owner, sector));
                    sector
                }
            };
            // money is never a model's: it is its maker's when the sentence describes
            // the maker by the model ("the company behind the Kimi chatbot … $500
            // million in funding"), else no one's
            let owner = if reg.kind(owner) == reg.k.model && unit.is_money() {
                match model_maker(sent, reg) {
                    Some(maker) => maker,
                    None => continue,
                }
            } else {
                owner
            };
            assigned[qi] = Some(owner);
            let kind = reg.kind(owner);
            let unit = match unit {
                Unit::Cny if q.yen_sign && rules.words.yen(reg, owner, sent) => Unit::Jpy,
                Unit::Usd
                    if q.dollar_sign
                        && (rules.words.hk_dollar(sent)
                            || ranged_after(sent, &qs, &units, qi, Unit::Hkd)) =>
                {
                    Unit::Hkd
                }
                Unit::Points if kind != reg.k.index => continue,
                Unit::Money => rules
                    .words
                    .home_currency(reg, owner, sent)
                    .unwrap_or(Unit::Money),
                u => u,
            };
            let value = if q.signed { q.value } else { q.value.abs() };
            let same = |(e, u, v, l): &(usize, Unit, f64, &str), h: usize| {
                *e == h && *u == unit && *l == label && same_value(*v, value)
            };
            if seen.iter().any(|s| same(s, owner)) {
                continue;
            }
            // "Nvidia and AMD shares both fell 3%": the figure holds for the whole list
            let both = sent.hits_of(Cls::EachWords).any(|h| h.end() <= q.start);
            let joined = owners
                .iter()
                .position(|m| m.eid == owner)
                .filter(|_| both)
                .map(|i| figures::run_of(&owner_runs, i));
            let others = joined
                .into_iter()
                .flatten()
                .map(|i| owners[i].eid)
                .filter(|&e| e != owner);
            let holders: Vec<usize> = std::iter::once(owner).chain(others).collect();
            let rule = &rules.tiers.tiers[tier].name;
            for h in holders {
                if h != owner && seen.iter().any(|s| same(s, h)) {
                    continue;
                }
                seen.push((h, unit, value, label));
                reg.entities[h].named = true;
                let period = period
                    .get_or_insert_with(|| PERIOD.find(t).map(|m| m.as_str().to_string()))
                    .clone();
                facts.metrics.push(FoundMetric {
                    entity: reg.entities[h].name.clone(),
                    metric: label.to_string(),
                    value,
                    unit,
                    period,
                    evidence: evidence(doc, &sent.s, rule),
                });
            }
        }
        disc.end(sent, reg);
    }
}

/// Two values equal but for floating-point noise.
fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Every analyst action's target, and the target it replaced, stays a metric of what it
/// values (ANNOTATION: "The target also stays a metric of the company"): "Halden lifted
/// its target on Quenby to $60 from $56" gives Quenby 60 and 56 USD, unless a tier
/// already gave that entity that value in that unit.
pub(crate) fn action_targets(facts: &mut Facts) {
    // the currency a tier read for the same target wins over the action's: the tiers
    // read more of the text ("¥" is yen in a note on a Tokyo listing, yuan elsewhere)
    for a in &mut facts.actions {
        let (Some(unit), Some(target)) = (a.unit, a.target) else {
            continue;
        };
        let read = facts.metrics.iter().find(|m| {
            m.entity == a.on
                && m.unit != unit
                && m.unit.is_money()
                && unit.is_money()
                && same_value(m.value, target)
        });
        if let Some(m) = read {
            a.unit = Some(m.unit);
        }
    }
    let mut found = Vec::new();
    for a in &facts.actions {
        let Some(unit) = a.unit else { continue };
        let values = [(a.target, "target"), (a.previous_target, "previous target")];
        for (value, label) in values {
            let Some(value) = value else { continue };
            // (a tier that read the currency from more of the text wins: "¥" is yen in a
            // note on a Tokyo listing)
            let known = |m: &FoundMetric| {
                m.entity == a.on
                    && (m.unit == unit || m.unit.is_money() && unit.is_money())
                    && same_value(m.value, value)
            };
            if facts.metrics.iter().chain(&found).any(known) {
                continue;
            }
            let mut evidence = a.evidence.clone();
            evidence.rule = "action-target".to_string();
            found.push(FoundMetric {
                entity: a.on.clone(),
                metric: label.to_string(),
                value,
                unit,
                period: None,
                evidence,
            });
        }
    }
    facts.metrics.extend(found);
}

/// The entities of a sentence that may own its figures, in text order: not brokers,
/// people or investors, sources, traded goods or a dateline's publisher; an investor or
/// bank that buys, invests or holds a stake owns the amount; a bank or fund owns its
/// own results when nothing else is named; sectors only when nothing else is named.
fn candidates<'s>(sent: &'s Sent<'_>, qs: &[Quantity], reg: &Registry) -> Vec<&'s Ment> {
    let t = sent.s.text;
    let k = &reg.k;
    let people = k.broker | k.person | k.investor;
    // "buyout firm Kestrel Partners jumped 3.2%", "the Redwood Chip ETF slipped 2.3%": a
    // fund or bank whose own move the sentence gives (a move verb right after its name)
    // (a ticker in brackets may stand between; not a name after a preposition: "a basket
    // tracked by Halden Financial gained $73 billion")
    let moves_itself = |m: &Ment| {
        let rest = &t[m.end..];
        let mut after = rest.trim_start();
        if let Some(close) = after.strip_prefix('(').and_then(|r| r.find(')')) {
            if close <= 14 {
                after = after[close + 2..].trim_start();
            }
        }
        let at = t.len() - after.len();
        let before = t[..m.start].trim_end();
        let word_before = before.rsplit(' ').next().unwrap_or("");
        let after_preposition = [Cls::OwnerPrepositions, Cls::ForWords, Cls::MarginWords]
            .into_iter()
            .flat_map(|c| sent.hits_of(c))
            .any(|h| h.end() == before.len() && h.start() == before.len() - word_before.len());
        at > m.end
            && !after_preposition
            && (sent.starts_at(Cls::RiseVerbs, at) || sent.starts_at(Cls::FallOrFlat, at))
    };
    let mut all: Vec<&Ment> = sent
        .ms
        .iter()
        .filter(|m| {
            (!people.has(reg.kind(m.eid)) || reg.kind(m.eid) != k.person && moves_itself(m))
                && !reg.entities[m.eid].source
        })
        .filter(|m| !roles::is_source(t, m))
        .filter(|m| !traded_goods(sent, m))
        .filter(|m| !dateline(t, m))
        .collect();
    // an investor or bank that buys, invests or holds a stake owns the amount (a cue
    // inside a name, "ARK Invest", is no cue)
    let buyer = sent.hits_of(Cls::BuyerCues).any(|h| {
        !sent
            .ms
            .iter()
            .any(|m| m.start <= h.start() && h.start() < m.end)
    }) && !sent.has(Cls::RatingContext);
    if buyer {
        all = sent
            .ms
            .iter()
            .filter(|m| reg.kind(m.eid) != k.person && !reg.entities[m.eid].source)
            .filter(|m| !roles::is_source(t, m))
            .collect();
    }
    // a bank or fund owns its own figures when nothing else is named ("JPMorgan Chase
    // reported trading revenue of $9.7 billion")
    let own_results = sent.has(Cls::OwnResults) && !sent.has(Cls::OthersFigures);
    if all.is_empty() && own_results {
        let last_q = qs.last().map_or(0, |q| q.start);
        all = sent
            .ms
            .iter()
            .filter(|m| (k.broker | k.investor).has(reg.kind(m.eid)))
            .filter(|m| m.end <= last_q)
            .filter(|m| !roles::is_source(t, m))
            .collect();
    }
    // sectors are named loosely: a number goes to a sector only when no named entity
    // is written before the sentence's first figure ("Sales in the passenger car
    // industry rose 6.4%"; "Port operators slipped 1.6%, outpacing the CSI 300" keeps
    // its subject; "Orvane's cloud unit grew 6%" does not)
    // … or a move of its own ("spearheaded by a 1.9% advance in the luxury index")
    let first_q = qs.first().map_or(usize::MAX, |q| q.start);
    let named = |m: &&Ment| reg.kind(m.eid) != k.sector;
    if all.iter().any(named) {
        let named_first = all.iter().any(|m| named(m) && m.start < first_q);
        let moved = |m: &Ment| {
            sent.hits_of(Cls::MoveInWords)
                .any(|h| figures::moved_in(t, h.end(), m))
        };
        all.retain(|m| named(m) || (!named_first && m.end <= first_q) || moved(m));
    }
    all
}

/// A publisher opening the sentence as its dateline ("TradingKey - On Monday, …").
fn dateline(t: &str, m: &Ment) -> bool {
    t[..m.start].trim().is_empty()
        && [" - ", " – ", " — "]
            .iter()
            .any(|d| t[m.end..].starts_with(d))
}

/// "The company behind the Kimi chatbot", "the maker of ChatGPT": the developer of the
/// model the sentence names, when the article names the developer too.
fn model_maker(sent: &Sent<'_>, reg: &Registry) -> Option<usize> {
    if !sent.has(Cls::MakerDescriptions) {
        return None;
    }
    sent.ms
        .iter()
        .filter_map(|m| reg.entities[m.eid].developer.as_deref())
        .find_map(|d| reg.lookup(d))
}

/// Numbers that are not measurements: years, dates, list markers.
fn skip(sent: &Sent<'_>, q: &Quantity) -> bool {
    if q.unit.is_some() || q.scaled {
        return false;
    }
    let t = sent.s.text;
    let raw = &t[q.start..q.end];
    let year = (1900.0..=2100.0).contains(&q.value) && q.value.fract() == 0.0 && !raw.contains(',');
    let after = &t[q.end..];
    let marker = after.starts_with(')') || after.starts_with(". ") && q.value < 20.0;
    // "Jan. 5", "March 12"
    let lead = t[..q.start].trim_end();
    let lead = lead.strip_suffix('.').unwrap_or(lead);
    let date = sent.hit_ending(Cls::Months, lead.len()).is_some();
    year || marker || date
}

/// The sector or index named right after a number, one adjective allowed between
/// ("33 Chinese AI stocks", "47 leading North American computing power chain …").
fn group_after<'m>(sent: &'m Sent<'_>, q: &Quantity, reg: &Registry) -> Option<&'m Ment> {
    let t = sent.s.text;
    let at = skip_space(t, q.end);
    let past = sent
        .hit_starting(Cls::GroupAdjectives, at)
        .filter(|h| t[h.end()..].starts_with(' '))
        .map_or(at, |h| h.end() + 1);
    sent.ms
        .iter()
        .find(|m| m.start == at || m.start == past)
        .filter(|m| (reg.k.sector | reg.k.index).has(reg.kind(m.eid)))
}

/// Unit and label of a quantity, or None when it is no metric.
/// Whether figure `qi` closes a range or a list whose figure before it was read in
/// `unit`: "from HK$93 to $99", "HK$93 and $99" (a bare "$" there is the first's
/// dollar, not the US one).
fn ranged_after(
    sent: &Sent<'_>,
    qs: &[Quantity],
    units: &[Option<Unit>],
    qi: usize,
    unit: Unit,
) -> bool {
    let t = sent.s.text;
    qi > 0
        && units[qi - 1] == Some(unit)
        && sent
            .hit_starting(Cls::RangeJoints, skip_space(t, qs[qi - 1].end))
            .is_some_and(|h| skip_space(t, h.end()) == qs[qi].start)
}

fn classify<'l>(
    schema: &'l Schema,
    sent: &Sent<'_>,
    (q, before, before_units): (&Quantity, &[Quantity], &[Option<Unit>]),
    group_end: Option<usize>,
    owners: &[&Ment],
    reg: &Registry,
) -> Option<(Unit, &'l str)> {
    let t = sent.s.text;
    let label = label_for(schema, &sent.keywords, q.start);
    if let Some(u) = q.unit {
        return Some((u, label.unwrap_or_else(|| default_label(u))));
    }
    let after = skip_space(t, q.end);
    if q.scaled {
        // a money word in the sentence, unless a count noun stands nearer before the
        // number ("daily active users further increase to 30 million, topping the
        // revenue charts")
        let money_words = || {
            sent.keywords
                .iter()
                .filter(|&&(_, _, i)| schema.lexicon.metric_keywords[i].money)
                .map(|&(pos, _, _)| pos)
        };
        let money_at = money_words().filter(|&p| p < q.start).max();
        let clause_at = sent.figure_clause(q.start, false);
        let noun_at = sent
            .last_in(Cls::CountNouns, clause_at, q.start)
            .map(|h| h.start());
        let count_nearer = noun_at.is_some() && noun_at > money_at;
        let money = money_words().next().is_some() && !count_nearer;
        // "5.7 million passenger cars": a count noun among the next words
        let counted = sent.hit_starting(Cls::CountNouns, after).is_some()
            || sent.word_after_is(Cls::CountNouns, q.end, 3);
        if money && !counted {
            return Some((Unit::Money, label.unwrap_or("amount")));
        }
        return Some((Unit::Count, label.unwrap_or("count")));
    }
    // a plain number: a count before a count noun, an index level next to an index
    // … or after the group it counts ("47 leading North American computing power chain
    // companies")
    if sent.word_after_is(Cls::CountNouns, q.end, 6)
        || group_end.is_some_and(|e| sent.word_after_is(Cls::CountNouns, e, 2))
    {
        return Some((Unit::Count, label.unwrap_or("count")));
    }
    // "a price-to-earnings ratio of 26.51": a multiple
    if sent.ends_at(Cls::MultipleLeads, q.start) {
        return Some((Unit::Multiple, label.unwrap_or("multiple")));
    }
    // "a P/E of 18.02, cheap compared with the Corvex 500's 28.16": a plain number after
    // a comparison word is in the unit of the figure it is compared with, the last one
    // before that word, when no other figure stands between them
    let compared = sent
        .hits_of(Cls::CompareWords)
        .filter(|h| h.end() <= q.start)
        .last()
        .and_then(|h| {
            // the figures read before this one (numbers inside names are none)
            let read = || {
                before
                    .iter()
                    .zip(before_units)
                    .filter_map(|(b, u)| Some((b.end, (*u)?)))
            };
            if read().any(|(end, _)| end > h.start()) {
                return None;
            }
            read().next_back().map(|(_, u)| u)
        })
        .filter(|u| matches!(u, Unit::Multiple | Unit::Points | Unit::PctPoint));
    if let Some(u) = compared {
        return Some((u, label.unwrap_or_else(|| default_label(u))));
    }
    // "Losers outnumbered winners 440 to 429": counts of stocks
    if sent.hits_of(Cls::BreadthWords).any(|h| h.start() < q.start) {
        return Some((Unit::Count, label.unwrap_or("count")));
    }
    // an index level: a target at any size, else a level of a hundred points or more
    let near_index = nearest(owners, q).is_some_and(|e| reg.kind(e) == reg.k.index);
    let target = sent.has(Cls::IndexLevelCues);
    if near_index && (target || q.value >= 100.0 && sent.has(Cls::LevelWords)) {
        return Some((Unit::Points, label.unwrap_or("index level")));
    }
    None
}

fn default_label(u: Unit) -> &'static str {
    match u {
        Unit::Multiple => "multiple",
        Unit::Percent => "change",
        Unit::PctPoint => "change (pp)",
        Unit::Points => "index level",
        Unit::Count => "count",
        _ => "amount",
    }
}

/// The metric keyword written closest before the number.
fn label_for<'l>(
    schema: &'l Schema,
    keywords: &[(usize, usize, usize)],
    at: usize,
) -> Option<&'l str> {
    let mut best: Option<(usize, &str)> = None;
    for &(pos, _, idx) in keywords {
        if pos < at && best.is_none_or(|(b, _)| pos > b) {
            best = Some((pos, &schema.lexicon.metric_keywords[idx].label));
        }
    }
    best.map(|(_, l)| l)
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
