//! Relation rules: report attribution, forecasts, ratings, outperformance,
//! investment, development and employment.

use super::discourse::Discourse;
use super::engine::Engine;
use super::roles::is_data_vendor;
use super::rule_cx::RuleCx;
use super::spans::contains_lower;
use super::{Facts, Sent};
use crate::resolve::Registry;
use crate::schema::Schema;
use crate::text::phrases::{is_name_suffix, normalize_name, normalize_name_into};
// (looked up for every entity and alias of a document: a fast hash)
use foldhash::HashSet;

/// The lexicon's news publishers, normalised once when the extractor is built, with
/// the first words of their normalised names. Every entity and alias of a document is
/// asked about; most names open with a word no publisher opens with ("Quenby
/// Electronics" with "quenby") and are answered without being normalised.
#[derive(Debug)]
pub(crate) struct Publishers {
    names: HashSet<String>,
    first_words: HashSet<String>,
}

impl Publishers {
    pub(crate) fn new(schema: &Schema) -> Publishers {
        let names: HashSet<String> = schema
            .lexicon
            .publishers
            .iter()
            .map(|p| normalize_name(p))
            .collect();
        let first_words = names
            .iter()
            .map(|n| n.split(' ').next().unwrap_or("").to_string())
            .collect();
        Publishers { names, first_words }
    }

    /// Whether `name` normalises to a publisher's name; `norm` is a buffer to
    /// normalise it in.
    fn is_publisher(&self, name: &str, norm: &mut String) -> bool {
        // an ASCII name's normalised form opens with its first run of word characters
        // that is no name suffix ("Group Xinhua" opens with "xinhua")
        if name.is_ascii() {
            let first = name
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .find(|w| !w.is_empty() && !is_name_suffix(w));
            if first.is_some_and(|w| !contains_lower(&self.first_words, w)) {
                return false;
            }
        }
        normalize_name_into(name, norm);
        self.names.contains(norm.as_str())
    }
}

/// Mark the news publishers among the document's entities ("Reuters", "Investing.com";
/// not an index that shares a word, such as "Dow Jones").
pub(crate) fn mark_publishers(publishers: &Publishers, reg: &mut Registry) {
    let k = reg.k;
    let mut norm = String::new();
    for e in &mut reg.entities {
        if e.kind == k.index || e.kind == k.person || e.kind == k.model {
            continue;
        }
        e.source = publishers.is_publisher(&e.name, &mut norm);
    }
}

/// The news publisher an article names: the first mention of a lexicon publisher.
pub(crate) fn publisher_of(
    publishers: &Publishers,
    sents: &[Sent<'_>],
    reg: &Registry,
) -> Option<usize> {
    // whether an entity is a publisher, decided once per entity
    let mut known: Vec<Option<bool>> = vec![None; reg.entities.len()];
    // (every name and alias normalised into one buffer)
    let mut norm = String::new();
    // "Bloomberg consensus" names a data vendor, not the article's publisher
    // (whether the entity is a publisher is asked first: it is remembered, and most
    // mentions are of no publisher)
    sents
        .iter()
        .flat_map(|s| s.ms.iter().map(move |m| (s.s.text, m)))
        .find(|&(t, m)| {
            let e = m.eid;
            *known[e].get_or_insert_with(|| {
                let ent = &reg.entities[e];
                // "the Dow" is the index, whatever Dow Jones publishes
                let k = reg.k;
                if ent.kind == k.index || ent.kind == k.person || ent.kind == k.model {
                    return false;
                }
                std::iter::once(&ent.name)
                    .chain(&ent.aliases)
                    .any(|n| publishers.is_publisher(n, &mut norm))
            }) && !is_data_vendor(t, m)
        })
        .map(|(_, m)| m.eid)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-word test answers as normalising every name would: names that open
    /// with a suffix ("The Edge"), differ in case or punctuation, are not ASCII, or
    /// have no word at all.
    #[test]
    fn a_publisher_is_found_as_by_its_normalised_name() {
        let schema = Schema::bundled().unwrap();
        let publishers = Publishers::new(&schema);
        let mut norm = String::new();
        for name in [
            "Reuters",
            "REUTERS Ltd",
            "The Edge",
            "Group The Edge Inc.",
            "Edge",
            "Investing.com",
            "investing com",
            "Barron's",
            "Barron’s",
            "Nikkei",
            "Nikkei Asia",
            "Dow Jones Newswires",
            "Quenby Electronics",
            "Zürich Tagblatt",
            "Xinhua 新华社",
            "",
            "...",
            "The",
        ] {
            let by_norm = publishers.names.contains(&normalize_name(name));
            assert_eq!(
                publishers.is_publisher(name, &mut norm),
                by_norm,
                "{name:?}"
            );
        }
        assert!(publishers.is_publisher("The Edge", &mut norm));
        assert!(publishers.is_publisher("REUTERS Ltd", &mut norm));
        assert!(!publishers.is_publisher("Quenby Electronics", &mut norm));
    }
}
