//! Synthetic corpora for benchmarks: articles and graphs of any size,
//! deterministic for a seed.
//!
//! [`ArticleGenerator`] rewrites sample articles (the `seeds/`): every
//! gazetteer name in them is swapped for another entity of the same kind
//! (consistently within one article, a ticker for the new entity's ticker),
//! and every free-standing number for another of the same shape (a year for
//! a year, a small number for a small number, a five-digit code for a
//! five-digit code). The sentences keep their grammar, so extraction finds
//! relations and metrics in them, and the graph merges many entities across
//! articles, as it would with years of real news.
//!
//! [`synthetic_graph`] builds a graph of any number of relations directly
//! (numbered brokers, companies, indices, models, investors and people),
//! for query and load benchmarks.
//!
//! Both use [`Rng`], a small seeded generator (SplitMix64), so the same seed
//! gives the same bytes on every machine.

use crate::model::{Document, Evidence, Extraction, FoundEntity, FoundRelation};
use crate::schema::Schema;
use crate::KnowledgeGraph;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A small, fast, seeded pseudo-random generator (SplitMix64). Not for
/// cryptography; the same seed gives the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + (self.next_u64() >> 11) % (hi - lo + 1)
    }
}

/// A piece of a sample article.
#[derive(Debug, Clone)]
enum Piece {
    /// Text kept as it is.
    Text(String),
    /// A name of gazetteer entry `entry`; `ticker` when the text wrote one of its tickers.
    Name { entry: usize, ticker: bool },
    /// A free-standing run of digits.
    Digits(String),
}

/// Rewrites sample articles into as many new ones as asked (see the module
/// documentation).
#[derive(Debug, Clone)]
pub struct ArticleGenerator {
    templates: Vec<Vec<Piece>>,
    /// Canonical name and tickers of each gazetteer entry.
    entries: Vec<(String, String, Vec<String>)>,
    /// Entry indexes by kind.
    by_kind: HashMap<String, Vec<usize>>,
}

impl ArticleGenerator {
    /// A generator swapping the names of `schema`'s gazetteer in `samples`
    /// (the texts of the sample articles). `None` when there are no samples.
    pub fn new(schema: &Schema, samples: &[String]) -> Option<ArticleGenerator> {
        if samples.is_empty() {
            return None;
        }
        let mut entries = Vec::new();
        let mut by_kind: HashMap<String, Vec<usize>> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<(usize, bool)> = Vec::new();
        for (i, e) in schema.gazetteer.iter().enumerate() {
            entries.push((e.name.clone(), e.kind.clone(), e.tickers.clone()));
            by_kind.entry(e.kind.clone()).or_default().push(i);
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                patterns.push(n.clone());
                targets.push((i, false));
            }
            for t in &e.tickers {
                patterns.push(t.clone());
                targets.push((i, true));
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("gazetteer names make a valid automaton");
        let templates = samples
            .iter()
            .map(|text| split_template(text, &matcher, &targets))
            .collect();
        Some(ArticleGenerator {
            templates,
            entries,
            by_kind,
        })
    }

    /// Article number `index` of the corpus of `seed`: the same text for the
    /// same pair, whatever was generated before.
    pub fn article(&self, seed: u64, index: u64) -> String {
        let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
        rng.next_u64();
        let template = &self.templates[rng.below(self.templates.len())];
        let mut swapped: HashMap<usize, usize> = HashMap::new();
        let mut out = String::with_capacity(template.iter().map(piece_len).sum::<usize>() + 64);
        for piece in template {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Name { entry, ticker } => {
                    let kind = &self.entries[*entry].1;
                    let new = *swapped.entry(*entry).or_insert_with(|| {
                        let same = &self.by_kind[kind];
                        same[rng.below(same.len())]
                    });
                    let (name, _, tickers) = &self.entries[new];
                    match (ticker, tickers.first()) {
                        (true, Some(t)) => out.push_str(t),
                        _ => out.push_str(name),
                    }
                }
                Piece::Digits(d) => push_number(&mut out, d, &mut rng),
            }
        }
        out
    }
}

fn piece_len(p: &Piece) -> usize {
    match p {
        Piece::Text(t) | Piece::Digits(t) => t.len(),
        Piece::Name { .. } => 12,
    }
}

/// A number of the same shape as `digits`: a year (1990–2039) becomes a
/// year, one or two digits stay one or two digits (at most 28, so a day of
/// the month stays one), longer runs keep their length and a leading zero.
fn push_number(out: &mut String, digits: &str, rng: &mut Rng) {
    let n = digits.len();
    let value: u64 = digits.parse().unwrap_or(0);
    if n == 4 && (1990..=2039).contains(&value) {
        out.push_str(&rng.between(2015, 2030).to_string());
    } else if n == 1 {
        out.push_str(&rng.between(1, 9).to_string());
    } else if n == 2 {
        out.push_str(&rng.between(10, 28).to_string());
    } else {
        let zero = digits.starts_with('0');
        for i in 0..n {
            let d = if i == 0 && !zero {
                rng.between(1, 9)
            } else if i == 0 {
                0
            } else {
                rng.between(0, 9)
            };
            out.push(char::from(b'0' + d as u8));
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Split a sample into text, gazetteer names (whole words, case as written)
/// and free-standing digit runs.
fn split_template(text: &str, matcher: &AhoCorasick, targets: &[(usize, bool)]) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut names: Vec<(usize, usize, usize, bool)> = Vec::new();
    for m in matcher.find_iter(text) {
        let before = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
        let after = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
        if before && after {
            let (entry, ticker) = targets[m.pattern().as_usize()];
            names.push((m.start(), m.end(), entry, ticker));
        }
    }
    let mut pieces = Vec::new();
    let mut text_run = String::new();
    let mut next_name = names.iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&&(start, end, entry, ticker)) = next_name.peek() {
            if start == i {
                if !text_run.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text_run)));
                }
                pieces.push(Piece::Name { entry, ticker });
                next_name.next();
                i = end;
                continue;
            }
        }
        let b = bytes[i];
        let free = i == 0 || !(bytes[i - 1].is_ascii_alphabetic() || bytes[i - 1] == b'_');
        if b.is_ascii_digit() && free {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let stops_clean =
                j == bytes.len() || !(bytes[j].is_ascii_alphabetic() || bytes[j] == b'_');
            let overlaps_name = next_name.peek().is_some_and(|&&(s, ..)| s < j);
            if stops_clean && !overlaps_name {
                if !text_run.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text_run)));
                }
                pieces.push(Piece::Digits(text[i..j].to_string()));
                i = j;
                continue;
            }
            text_run.push_str(&text[i..j]);
            i = j;
            continue;
        }
        // Copy one whole character.
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        text_run.push_str(&text[i..i + len]);
        i += len;
    }
    if !text_run.is_empty() {
        pieces.push(Piece::Text(text_run));
    }
    pieces
}

/// How many entities of each kind [`synthetic_graph`] creates per million
/// relations (at least a few of each).
const PER_MILLION: [(&str, usize); 6] = [
    ("broker", 2_000),
    ("company", 100_000),
    ("index", 500),
    ("model", 5_000),
    ("investor", 5_000),
    ("person", 20_000),
];

/// Relation kinds of [`synthetic_graph`]: kind, subject kind, object kind,
/// share in thousandths.
const SHAPES: [(&str, &str, &str, u64); 7] = [
    ("forecasts", "broker", "company", 400),
    ("outperforms", "company", "company", 250),
    ("outperforms", "company", "index", 50),
    ("invests", "investor", "company", 100),
    ("rates", "broker", "company", 100),
    ("develops", "company", "model", 50),
    ("works_for", "person", "broker", 50),
];

/// Relations per synthetic document.
const RELATIONS_PER_DOCUMENT: usize = 100;

/// A graph of exactly `relations` distinct relations between numbered
/// entities (`Broker 17`, `Company 4711` …), deterministic for `seed`: 40%
/// broker forecasts company, 30% outperforms, 10% each invests and rates,
/// 5% each develops and works_for. Each relation has one evidence sentence;
/// the documents hold 100 relations each.
pub fn synthetic_graph(relations: usize, seed: u64) -> KnowledgeGraph {
    let scale = relations as f64 / 1_000_000.0;
    let counts: HashMap<&str, usize> = PER_MILLION
        .iter()
        .map(|&(k, n)| (k, ((n as f64 * scale) as usize).max(5)))
        .collect();
    let name = |kind: &str, i: usize| {
        let mut title = kind.to_string();
        title[..1].make_ascii_uppercase();
        format!("{title} {i}")
    };
    let mut rng = Rng::new(seed);
    let mut seen: HashSet<(u8, u32, u32)> = HashSet::with_capacity(relations);
    let mut graph = KnowledgeGraph::new();
    let mut made = 0;
    let mut doc_no = 0;
    while made < relations {
        let batch = RELATIONS_PER_DOCUMENT.min(relations - made);
        let doc_name = format!("synthetic-{doc_no:07}.txt");
        let doc_id = Document::hash(&format!("{seed}/{doc_name}"));
        let mut entities: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut found = Vec::with_capacity(batch);
        let mut offset = 0;
        while found.len() < batch {
            let mut pick = rng.between(0, 999);
            let mut shape = 0;
            while pick >= SHAPES[shape].3 {
                pick -= SHAPES[shape].3;
                shape += 1;
            }
            let (rel, sk, ok, _) = SHAPES[shape];
            let s = rng.below(counts[sk]);
            let o = rng.below(counts[ok]);
            if sk == ok && s == o {
                continue;
            }
            if !seen.insert((shape as u8, s as u32, o as u32)) {
                continue;
            }
            let (sn, on) = (name(sk, s), name(ok, o));
            let sentence = format!("{sn} {} {on}.", rel.replace('_', " "));
            let end = offset + sentence.len();
            found.push(FoundRelation {
                subject: sn.clone(),
                relation: rel.to_string(),
                object: on.clone(),
                attrs: BTreeMap::new(),
                evidence: Evidence {
                    doc: doc_id.clone(),
                    start: offset,
                    end,
                    sentence,
                    rule: "synthetic".into(),
                    confidence: None,
                },
                support: Vec::new(),
            });
            offset = end + 1;
            *entities.entry((sn, sk.to_string())).or_default() += 1;
            *entities.entry((on, ok.to_string())).or_default() += 1;
        }
        let x = Extraction {
            doc: Document {
                id: doc_id,
                name: doc_name.clone(),
                path: doc_name,
                title: format!("Synthetic document {doc_no}"),
                date: None,
                publisher: None,
                url: None,
            },
            entities: entities
                .into_iter()
                .map(|((name, kind), mentions)| FoundEntity {
                    name,
                    kind,
                    aliases: Vec::new(),
                    tickers: Vec::new(),
                    mentions,
                    rule: String::new(),
                    confidence: None,
                })
                .collect(),
            relations: found,
            metrics: Vec::new(),
            actions: Vec::new(),
        };
        graph.ingest(x);
        made += batch;
        doc_no += 1;
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<String> {
        vec![
            "Goldman Sachs expects Alibaba (9988.HK) to grow 12% in 2026, and Alibaba's \
             cloud 150 billion.\nTencent traded at 19.3x on December 24, 2025 (00700); FY25Q3."
                .to_string(),
        ]
    }

    #[test]
    fn the_same_seed_gives_the_same_articles_and_others_differ() {
        let schema = Schema::bundled().unwrap();
        let g = ArticleGenerator::new(&schema, &samples()).unwrap();
        assert_eq!(g.article(42, 7), g.article(42, 7));
        assert_ne!(g.article(42, 7), g.article(42, 8));
        assert_ne!(g.article(42, 7), g.article(43, 7));
    }

    #[test]
    fn names_tickers_and_numbers_are_swapped_by_kind_and_shape() {
        let schema = Schema::bundled().unwrap();
        let g = ArticleGenerator::new(&schema, &samples()).unwrap();
        let brokers: HashSet<&str> = schema
            .gazetteer
            .iter()
            .filter(|e| e.kind == "broker")
            .map(|e| e.name.as_str())
            .collect();
        let mut changed = 0;
        for i in 0..50 {
            let a = g.article(1, i);
            // The broker is replaced by a broker, and the sentence shape stays.
            let (first, rest) = a.split_once(" expects ").expect(&a);
            assert!(brokers.contains(first), "{first} in {a}");
            // A company name appears twice consistently: "X (T) … X's cloud".
            let company = rest.split(" (").next().unwrap();
            assert!(rest.contains(&format!("{company}'s cloud")), "{a}");
            // FY25Q3 is not a free-standing number; the year stays a year.
            assert!(a.contains("FY25Q3"), "{a}");
            let year: u32 = a
                .split(" in ")
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!((2015..=2030).contains(&year), "{a}");
            // The HK code keeps its leading zero and length.
            let code = a.rsplit('(').next().unwrap();
            assert!(
                code.starts_with('0') && code.len() == "00700); FY25Q3.".len(),
                "{a}"
            );
            if !a.starts_with("Goldman Sachs") {
                changed += 1;
            }
        }
        assert!(changed > 40, "names were swapped in {changed} of 50");
    }

    #[test]
    fn a_synthetic_graph_has_exactly_the_relations_asked_for() {
        let g = synthetic_graph(1_000, 3);
        let s = g.summary();
        assert_eq!(s.relations, 1_000);
        assert_eq!(s.documents, 10);
        assert_eq!(
            synthetic_graph(1_000, 3).to_ron().unwrap(),
            g.to_ron().unwrap()
        );
        assert_ne!(
            synthetic_graph(1_000, 4).to_ron().unwrap(),
            g.to_ron().unwrap()
        );
    }
}
