//! The word lists of the schema compared with the words of names and with word
//! stems (`word_sets` and `classes` of graph-schema/rules/metrics.ron), compiled
//! once: the core names that make two sectors, or a group and an index, the same
//! thing, the currency a listing reports in, and the light stemmer they use.

use super::Sent;
use crate::model::Unit;
use crate::resolve::Registry;
use crate::schema::{Cls, Schema};
use crate::text::normalize_name;
// (looked up for every word of a sector's name and of a topic: a fast hash)
use foldhash::HashSet;

/// The word lists compared with the words of names and with word stems, compiled once.
#[derive(Debug, Default)]
pub(crate) struct NameWords {
    /// Stems of words that say nothing about which sector a name is.
    pub(crate) generic: HashSet<String>,
    /// Stems too common to tie a sentence to the one before it.
    common: HashSet<String>,
    /// Stems of the head nouns two sector names may differ by.
    sector_heads: HashSet<String>,
    /// Adjectives before a counted group ("leading", "major").
    group_adjectives: Vec<String>,
    /// Nouns ending a counted group's name ("companies", "index").
    group_heads: Vec<String>,
    /// Endings of an industry's name ("industry", "sector").
    pub(crate) industry_heads: Vec<String>,
    /// Ticker endings of Tokyo listings (`¥` is yen there).
    yen_listings: Vec<String>,
    /// Ticker endings of listings that report in yuan (mainland, Hong Kong).
    yuan_listings: Vec<String>,
    /// Ticker endings of Hong Kong listings (a bare `$` beside them is HK$).
    hkd_listings: Vec<String>,
}

impl NameWords {
    /// Read the lists from the schema.
    pub(crate) fn new(schema: &Schema) -> NameWords {
        let list = |name: &str| -> Vec<String> {
            schema
                .rules
                .iter()
                .find_map(|f| f.word_sets.get(name).or_else(|| f.classes.get(name)))
                .or_else(|| schema.lexicon.classes.get(name))
                .cloned()
                .unwrap_or_default()
        };
        let stems = |name: &str| list(name).iter().map(|w| stem(w)).collect();
        NameWords {
            generic: stems("topic_generic"),
            common: stems("topic_common"),
            sector_heads: stems("sector_heads_generic"),
            group_adjectives: list("group_adjectives"),
            group_heads: list("group_heads"),
            industry_heads: list("industry_heads"),
            yen_listings: list("yen_listings"),
            yuan_listings: list("yuan_listings"),
            hkd_listings: list("hkd_listings"),
        }
    }

    /// The core of a counted group's or an index's name: normalised, without leading
    /// adjectives and trailing group nouns ("leading domestic computing power chain
    /// companies" ~ "Domestic Computing Power Chain Index").
    pub(crate) fn group_core(&self, name: &str) -> String {
        let n = normalize_name(name);
        let mut words: Vec<&str> = n.split(' ').collect();
        while words.len() > 1 && self.group_adjectives.iter().any(|a| a == words[0]) {
            words.remove(0);
        }
        while words.len() > 1 && self.group_heads.iter().any(|h| h == words[words.len() - 1]) {
            words.pop();
        }
        words.join(" ")
    }

    /// Whether `¥` means yen here: a Tokyo listing or a Japanese context.
    pub(crate) fn yen(&self, reg: &Registry, owner: usize, sent: &Sent<'_>) -> bool {
        let listed = |t: &String| self.yen_listings.iter().any(|x| t.ends_with(x.as_str()));
        reg.entities[owner].tickers.iter().any(listed) || sent.has(Cls::JapanWords)
    }

    /// Whether a bare `$` means HK$ here: the sentence writes Hong Kong tickers ("target
    /// prices for Quenby (01234.HK)/ Orvane (05678.HK) to $5.7/ $8.1").
    pub(crate) fn hk_dollar(&self, sent: &Sent<'_>) -> bool {
        let t = sent.s.text;
        self.hkd_listings.iter().any(|x| {
            t.match_indices(x.as_str())
                .any(|(i, _)| !t[i + x.len()..].starts_with(|c: char| c.is_alphanumeric()))
        })
    }

    /// The currency of a company's filings when the article makes it plain: mainland
    /// and Hong Kong listings report in yuan.
    pub(crate) fn home_currency(
        &self,
        reg: &Registry,
        owner: usize,
        sent: &Sent<'_>,
    ) -> Option<Unit> {
        if sent.has(Cls::YuanWords) {
            return Some(Unit::Cny);
        }
        let listed = |t: &String| self.yuan_listings.iter().any(|x| t.ends_with(x.as_str()));
        reg.entities[owner]
            .tickers
            .iter()
            .any(listed)
            .then_some(Unit::Cny)
    }

    /// The first-named sector with the same core name ("passenger cars" → "passenger car
    /// industry"); any other entity is its own.
    pub(crate) fn canonical_sector(&self, reg: &Registry, eid: usize) -> usize {
        if reg.entities[eid].kind != reg.k.sector {
            return eid;
        }
        let core = |name: &str| -> Vec<String> {
            name.split_whitespace()
                .map(stem)
                .filter(|w| !self.sector_heads.contains(w))
                .collect()
        };
        let key = core(&reg.entities[eid].name);
        if key.is_empty() {
            return eid;
        }
        // `core(&e.name) == key`, word by word into one buffer, stopping at the first
        // word that differs
        let mut buf = String::new();
        let mut same_core = |name: &str| {
            let mut n = 0;
            for w in name.split_whitespace() {
                stem_into(w, &mut buf);
                if self.sector_heads.contains(&buf) {
                    continue;
                }
                if key.get(n) != Some(&buf) {
                    return false;
                }
                n += 1;
            }
            n == key.len()
        };
        reg.entities
            .iter()
            .position(|e| e.kind == reg.k.sector && same_core(&e.name))
            .unwrap_or(eid)
    }
}

/// A light stem: "vehicles" → "vehicl", "gaming" → "gam", "games" → "gam".
pub(crate) fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`] written into `w` (cleared first), so a loop can reuse one buffer.
fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word.trim_matches(|c: char| !c.is_ascii_alphanumeric()));
    w.make_ascii_lowercase();
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    // the suffixes are ASCII: every cut below is on a char boundary
    let n = w.len();
    if n >= 6 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if n >= 6 && w.ends_with("ing") {
        w.truncate(n - 3);
    } else if n >= 4 && w.ends_with('s') && !w[..n - 1].ends_with('s') {
        w.truncate(n - 1);
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
}

/// The former [`stem`], the reference its tests compare with.
#[cfg(test)]
fn stem_reference(word: &str) -> String {
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
pub(crate) fn content_stems(text: &str, words: &NameWords) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\''))
        .map(stem)
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        .filter(|w| !words.common.contains(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_is_the_former_stem() {
        for w in [
            "vehicles",
            "gaming",
            "games",
            "industries",
            "Lies",
            "ties",
            "thing",
            "sing",
            "class",
            "bus",
            "bss",
            "is",
            "Alibaba's",
            "ALIBABA's",
            "'quoted'",
            "",
            "-",
            "e",
            "the",
            "here",
            "there",
            "cafés",
            "naïve",
            "résumés",
            "s's",
            "ies",
            "ing",
            "kings",
            "boxes",
            "AI-driven",
            "stocks'",
        ] {
            assert_eq!(stem(w), stem_reference(w), "{w:?}");
        }
    }
}
