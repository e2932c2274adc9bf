//! One automaton over every phrase of the schema, built once and run once per sentence.
//!
//! The patterns are every phrase class (the lexicon's lists, its named `classes`, the
//! classes of the rule files and the phrases rules write inline), every gazetteer name
//! and alias, and every sector phrase. One overlapping scan of a sentence gives all
//! of them at once:
//!
//! - class hits: every whole-word, ASCII-case-insensitive occurrence of a class phrase
//!   ("said" is a hit of `speech_cues`, "price target" of `forward_cues` and of
//!   `target_words`), sorted by position;
//! - gazetteer and sector candidates: the leftmost-longest non-overlapping matches, as a
//!   separate leftmost-longest search per list would give them (boundaries and case are
//!   checked by the mention finder, which knows the entries).
//!
//! An index for a variant of a schema (one file changed) can be built over the
//! index of the schema it varies ([`CueIndex::build_over`]): the phrases the first
//! automaton holds are found by it, and only the others are compiled, into a second
//! automaton. A scan gives the same result either way.

use crate::schema::{Cls, Schema};
use crate::text::phrases::is_word_char;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use std::collections::HashMap;
use std::sync::Arc;

/// A phrase class, by its place in the index. The classes the code names come first,
/// in [`Cls`] order, so `ClassId::from(Cls::SpeechCues)` needs no lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ClassId(pub(crate) u16);

impl From<Cls> for ClassId {
    fn from(c: Cls) -> ClassId {
        ClassId(c as u16)
    }
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A phrase of a class.
    Class(ClassId),
    /// A gazetteer name or alias: index into [`CueIndex::gazetteer_patterns`].
    Gazetteer(u32),
    /// A sector phrase: index into [`CueIndex::sector_patterns`].
    Sector(u32),
    /// A metric keyword of the lexicon, by index.
    Keyword(u32),
    /// A sector head of the lexicon (matched anywhere, even inside a word).
    SectorHead,
}

/// The classes a sentence has hits of, as bits: asking whether a class is there costs
/// one test instead of a walk over the sentence's hits (a sentence has about fifty,
/// and the rules ask of classes it mostly lacks). A class past the first 256 ids is
/// always "maybe" there (its hits are walked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ClassSet([u64; 4]);

impl ClassSet {
    /// The classes of these hits.
    pub(crate) fn of(hits: &[Hit]) -> ClassSet {
        let mut set = ClassSet::default();
        for h in hits {
            let c = h.class.0 as usize;
            if c < 256 {
                set.0[c / 64] |= 1 << (c % 64);
            }
        }
        set
    }

    /// Whether the class may have hits: false only when it has none.
    #[inline]
    pub(crate) fn maybe(&self, c: ClassId) -> bool {
        let c = c.0 as usize;
        c >= 256 || self.0[c / 64] & (1 << (c % 64)) != 0
    }
}

/// Where a pattern's owners are (see [`CueIndex::pattern_owners`]).
#[derive(Debug, Clone, Copy, Default)]
struct PatternOwners {
    classes: (u32, u32),
    others: (u32, u32),
    /// Whether the phrase's first and last characters are word characters (a phrase
    /// starting or ending with punctuation, "'s main views", needs no word boundary on
    /// that side): here rather than in a list of its own, so a match reads one entry.
    edges: (bool, bool),
    /// Whether every owner takes the phrase only as whole words (classes and metric
    /// keywords, not names or sectors): a match glued to a letter is then dropped
    /// before the owners are read. Most matches are such: "a" inside "fiscal", "in"
    /// inside "rising", "ing" inside any gerund (in a corpus of news, two of three
    /// matches of the automaton are inside a word).
    whole_words_only: bool,
}

/// A class phrase found in a sentence (byte offsets within the sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub start: u32,
    pub end: u32,
    pub class: ClassId,
}

impl Hit {
    pub(crate) fn start(&self) -> usize {
        self.start as usize
    }

    pub(crate) fn end(&self) -> usize {
        self.end as usize
    }
}

/// A gazetteer entry's name as a pattern: (gazetteer index, exact case required, the
/// name as written).
#[derive(Debug, Clone)]
pub(crate) struct NamePattern {
    pub entry: usize,
    pub exact: bool,
    pub text: String,
}

/// The result of scanning one sentence; its buffers are reused from sentence to sentence.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Class hits, by (start, end, class).
    pub hits: Vec<Hit>,
    /// Gazetteer candidates, leftmost-longest: (start, end, name pattern index).
    pub names: Vec<(usize, usize, usize)>,
    /// Sector candidates, leftmost-longest: (start, end, sector index).
    pub sectors: Vec<(usize, usize, usize)>,
    /// Metric keywords, whole words, overlapping: (start, end, keyword index).
    pub keywords: Vec<(usize, usize, usize)>,
    /// Where a sector head of the lexicon is in the lower-case text, even inside a
    /// word: (start, end) of every occurrence (a sentence without one has no generic
    /// sector phrase, and a word is a head only where one is).
    pub sector_heads: Vec<(u32, u32)>,
    raw_names: Vec<(usize, usize, usize)>,
    raw_sectors: Vec<(usize, usize, usize)>,
}

/// Phrases compiled into an automaton: pattern id `p` of `ac` is the phrase whose
/// ASCII lower case `ids` maps to `p`.
#[derive(Debug)]
struct Compiled {
    ac: NFA,
    ids: HashMap<String, u32>,
}

/// The schema's phrases compiled into one automaton.
#[derive(Debug)]
pub(crate) struct CueIndex {
    /// The automaton; it may hold phrases this schema lacks (phrases with no owner).
    compiled: Arc<Compiled>,
    /// The phrases `compiled` lacks, when the index was built over another one's
    /// automaton: pattern `p` here has the id `compiled.ids.len() + p`.
    extra: Option<NFA>,
    /// Pattern id → the ranges of its owners: its classes in `class_owners`, the
    /// others (names, sectors, keywords, heads) in `owners`. Most patterns are class
    /// phrases alone: a scan pushes their hits without a branch on the owner's kind.
    pattern_owners: Vec<PatternOwners>,
    class_owners: Vec<ClassId>,
    owners: Vec<Owner>,
    class_names: Vec<String>,
    by_name: HashMap<String, ClassId>,
    /// The gazetteer's names and aliases.
    pub gazetteer_patterns: Vec<NamePattern>,
    /// Sector pattern → lexicon sector index.
    pub sector_patterns: Vec<usize>,
}

impl CueIndex {
    /// Compile every phrase of the schema. `inline` are the phrase lists rules write in
    /// place (each becomes a class of its own, named by the caller).
    pub(crate) fn build(schema: &Schema, inline: &[(String, Vec<String>)]) -> CueIndex {
        Self::build_with(schema, inline, None)
    }

    /// The index [`CueIndex::build`] gives, reusing the automaton of `base` (an index
    /// of a schema this one varies) for the phrases it holds: only the phrases it
    /// lacks are compiled. Scans give the same hits and candidates.
    pub(crate) fn build_over(
        schema: &Schema,
        inline: &[(String, Vec<String>)],
        base: &CueIndex,
    ) -> CueIndex {
        Self::build_with(schema, inline, Some(&base.compiled))
    }

    fn build_with(
        schema: &Schema,
        inline: &[(String, Vec<String>)],
        base: Option<&Arc<Compiled>>,
    ) -> CueIndex {
        let mut classes: Vec<(String, Vec<String>)> = schema.lexicon.class_lists();
        for file in &schema.rules {
            for (name, phrases) in &file.classes {
                classes.push((name.clone(), phrases.clone()));
            }
        }
        classes.extend(inline.iter().cloned());

        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_key: HashMap<String, usize> = HashMap::new();
        let mut owner_lists: Vec<Vec<Owner>> = Vec::new();
        let mut add = |phrase: &str, owner: Owner| {
            if phrase.is_empty() {
                return;
            }
            let key = phrase.to_ascii_lowercase();
            let id = *pattern_key.entry(key).or_insert_with(|| {
                patterns.push(phrase.to_string());
                owner_lists.push(Vec::new());
                patterns.len() - 1
            });
            if !owner_lists[id].contains(&owner) {
                owner_lists[id].push(owner);
            }
        };

        let mut class_names: Vec<String> = Cls::ALL.iter().map(|c| c.name().to_string()).collect();
        let mut by_name: HashMap<String, ClassId> = class_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), ClassId(i as u16)))
            .collect();
        for (name, phrases) in &classes {
            let id = *by_name.entry(name.clone()).or_insert_with(|| {
                class_names.push(name.clone());
                ClassId((class_names.len() - 1) as u16)
            });
            for p in phrases {
                add(p, Owner::Class(id));
            }
        }

        let mut gazetteer_patterns = Vec::new();
        for (i, e) in schema.gazetteer.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                add(name, Owner::Gazetteer(gazetteer_patterns.len() as u32));
                gazetteer_patterns.push(NamePattern {
                    entry: i,
                    exact: e.case_sensitive,
                    text: name.clone(),
                });
            }
        }
        // "Mistral AI" is also written "Mistral": the stem, when no other entry uses it
        let taken: std::collections::HashSet<String> = gazetteer_patterns
            .iter()
            .map(|p| p.text.to_ascii_lowercase())
            .collect();
        for (i, e) in schema.gazetteer.iter().enumerate() {
            if let Some(stem) = e.name.strip_suffix(" AI") {
                if stem.len() >= 4
                    && !taken.contains(&stem.to_ascii_lowercase())
                    && !e.case_sensitive
                {
                    add(stem, Owner::Gazetteer(gazetteer_patterns.len() as u32));
                    gazetteer_patterns.push(NamePattern {
                        entry: i,
                        exact: true,
                        text: stem.to_string(),
                    });
                }
            }
        }
        for (i, k) in schema.lexicon.metric_keywords.iter().enumerate() {
            add(&k.phrase, Owner::Keyword(i as u32));
        }
        // the heads as written, found in lower-case text: one with an ASCII capital
        // never is
        for h in &schema.lexicon.sector_heads {
            if !h.bytes().any(|b| b.is_ascii_uppercase()) {
                add(h, Owner::SectorHead);
            }
        }
        let mut sector_patterns = Vec::new();
        for (i, (name, aliases)) in schema.lexicon.sectors.iter().enumerate() {
            for p in std::iter::once(name).chain(aliases) {
                add(p, Owner::Sector(sector_patterns.len() as u32));
                sector_patterns.push(i);
            }
        }

        // Each phrase's id: its id in the base automaton, or the next id after them
        // (the phrases the base lacks, compiled here).
        let (compiled, extra, ids) = match base {
            None => {
                let ids = pattern_key
                    .into_iter()
                    .map(|(key, id)| (key, id as u32))
                    .collect();
                let ac = compile(patterns.iter().map(|p| p.to_ascii_lowercase()));
                let compiled = Arc::new(Compiled { ac, ids });
                (compiled, None, (0..patterns.len()).collect::<Vec<usize>>())
            }
            Some(base) => {
                let mut missing = Vec::new();
                let ids = patterns
                    .iter()
                    .map(|p| match base.ids.get(&p.to_ascii_lowercase()) {
                        Some(&id) => id as usize,
                        None => {
                            missing.push(p.to_ascii_lowercase());
                            base.ids.len() + missing.len() - 1
                        }
                    })
                    .collect();
                let extra = (!missing.is_empty()).then(|| compile(missing));
                (Arc::clone(base), extra, ids)
            }
        };
        let total = compiled.ids.len() + extra.as_ref().map_or(0, |ac| ac.patterns_len());
        let mut edges = vec![(false, false); total];
        let mut lists: Vec<Vec<Owner>> = vec![Vec::new(); total];
        for ((p, list), id) in patterns.iter().zip(owner_lists).zip(ids) {
            edges[id] = (
                p.chars().next().is_some_and(is_word_char),
                p.chars().next_back().is_some_and(is_word_char),
            );
            lists[id] = list;
        }
        let mut owners = Vec::new();
        let mut class_owners = Vec::new();
        let mut pattern_owners = Vec::with_capacity(total);
        for (list, edges) in lists.into_iter().zip(edges) {
            let (cf, of) = (class_owners.len() as u32, owners.len() as u32);
            let whole_words_only = list
                .iter()
                .all(|o| matches!(o, Owner::Class(_) | Owner::Keyword(_)));
            for o in list {
                match o {
                    Owner::Class(c) => class_owners.push(c),
                    other => owners.push(other),
                }
            }
            pattern_owners.push(PatternOwners {
                classes: (cf, class_owners.len() as u32),
                others: (of, owners.len() as u32),
                edges,
                whole_words_only,
            });
        }
        CueIndex {
            compiled,
            extra,
            pattern_owners,
            class_owners,
            owners,
            class_names,
            by_name,
            gazetteer_patterns,
            sector_patterns,
        }
    }

    /// The id of a class by name.
    pub(crate) fn class(&self, name: &str) -> Option<ClassId> {
        self.by_name.get(name).copied()
    }

    /// The name of a class.
    pub(crate) fn class_name(&self, c: ClassId) -> &str {
        &self.class_names[c.0 as usize]
    }

    /// Scan one sentence: every class hit, and the gazetteer and sector candidates.
    /// `lower` is the sentence in ASCII lower case (`text.to_ascii_lowercase()`, the
    /// same byte offsets): the automaton holds the phrases in lower case and runs on it,
    /// which matches as an ASCII-case-insensitive search of `text` would, with half the
    /// transitions per state.
    pub(crate) fn scan(&self, text: &str, lower: &str, out: &mut Scan) {
        debug_assert_eq!(text.len(), lower.len());
        out.hits.clear();
        out.raw_names.clear();
        out.raw_sectors.clear();
        out.keywords.clear();
        out.sector_heads.clear();
        let bytes = text.as_bytes();
        // (the test of whole words is here, inline: most matches fail it and are
        // dropped without a call)
        let mut on_match = |start: usize, end: usize, pid: usize| {
            let po = self.pattern_owners[pid];
            let whole = on_edges(text, bytes, start, end, po.edges);
            if whole || !po.whole_words_only {
                self.found((start, end), po, whole, out);
            }
        };
        each_match(&self.compiled.ac, lower.as_bytes(), &mut on_match);
        if let Some(extra) = &self.extra {
            let first = self.compiled.ids.len();
            each_match(extra, lower.as_bytes(), |start, end, pid| {
                on_match(start, end, first + pid)
            });
        }
        sort_nearly_sorted(&mut out.hits);
        sort_nearly_sorted(&mut out.keywords);
        leftmost_longest(&mut out.raw_names, &mut out.names);
        leftmost_longest(&mut out.raw_sectors, &mut out.sectors);
        for s in &mut out.sectors {
            s.2 = self.sector_patterns[s.2];
        }
    }

    /// Record what a phrase found at `start..end` stands for: `po` are its owners,
    /// `whole` whether it stands as whole words there.
    fn found(&self, (start, end): (usize, usize), po: PatternOwners, whole: bool, out: &mut Scan) {
        // (the order owners are recorded in does not matter: the scan sorts them)
        let classes = &self.class_owners[po.classes.0 as usize..po.classes.1 as usize];
        if whole {
            out.hits.extend(classes.iter().map(|&class| Hit {
                start: start as u32,
                end: end as u32,
                class,
            }));
        }
        for owner in &self.owners[po.others.0 as usize..po.others.1 as usize] {
            match *owner {
                Owner::Class(class) => {
                    unreachable!("class {class:?} is among the class owners")
                }
                Owner::Gazetteer(g) => out.raw_names.push((start, end, g as usize)),
                Owner::Sector(s) => out.raw_sectors.push((start, end, s as usize)),
                Owner::SectorHead => out.sector_heads.push((start as u32, end as u32)),
                Owner::Keyword(k) => {
                    if whole {
                        out.keywords.push((start, end, k as usize));
                    }
                }
            }
        }
    }
}

/// Phrases (in ASCII lower case) in one automaton: overlapping matches in a
/// lower-cased text. A contiguous NFA rather than a DFA: 0.7 MB instead of 13 MB for
/// the bundled schema, so more of it stays in the cache between sentences (the DFA's
/// table missed the cache on most bytes once the other stages had run), and it builds
/// faster.
fn compile<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> NFA {
    NFA::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(patterns)
        .expect("the schema's phrases compile into an automaton")
}

/// Every match of the automaton's phrases in `hay`, overlapping, as (start, end,
/// pattern): what `find_overlapping_iter` reports, in the same order, walked here in
/// one loop (the iterator resumes its search once per match, and a sentence has about
/// fifty: "," and "and" are phrases of many classes).
#[inline]
fn each_match(nfa: &NFA, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
    let mut sid = nfa
        .start_state(Anchored::No)
        .expect("an unanchored automaton");
    for (i, &b) in hay.iter().enumerate() {
        sid = nfa.next_state(Anchored::No, sid, b);
        // without a prefilter the special states are the dead state (never reached
        // by an unanchored search with standard semantics) and the match states
        if nfa.is_special(sid) && nfa.is_match(sid) {
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                f(i + 1 - nfa.pattern_len(pid), i + 1, pid.as_usize());
            }
        }
    }
}

/// Sort matches reported by their end into the order of their start: an insertion
/// sort, as only the matches of a longer phrase ending after a shorter one ("the
/// price target" after "price") are out of place. The keys are distinct (one phrase
/// per span, one class or keyword per phrase), so any sort gives this order.
fn sort_nearly_sorted<T: Ord + Copy>(v: &mut [T]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// Whether a match at `start..end` stands as whole words where its phrase needs it:
/// no word character glued to a side whose end of the phrase is one (`edges`, as in
/// [`PatternOwners::edges`]). A match is of a whole phrase (valid UTF-8) in text of
/// the same bytes, so it starts and ends on character boundaries.
#[inline]
fn on_edges(
    text: &str,
    bytes: &[u8],
    start: usize,
    end: usize,
    (first, last): (bool, bool),
) -> bool {
    debug_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    if first && start > 0 && word_before(text, bytes, start) {
        return false;
    }
    !(last && end < bytes.len() && word_after(text, bytes, end))
}

/// Whether the character before byte `at` is a word character.
#[inline]
fn word_before(text: &str, bytes: &[u8], at: usize) -> bool {
    let b = bytes[at - 1];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    char_before_is_word(text, at)
}

#[cold]
fn char_before_is_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether the character at byte `at` is a word character.
#[inline]
fn word_after(text: &str, bytes: &[u8], at: usize) -> bool {
    let b = bytes[at];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    char_after_is_word(text, at)
}

#[cold]
fn char_after_is_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// Keep the leftmost-longest non-overlapping matches, the pattern met first winning a
/// tie (what a leftmost-longest automaton over the same patterns reports).
fn leftmost_longest(raw: &mut [(usize, usize, usize)], out: &mut Vec<(usize, usize, usize)>) {
    out.clear();
    raw.sort_unstable_by_key(|&(s, e, p)| (s, std::cmp::Reverse(e), p));
    let mut next = 0;
    for &(s, e, p) in raw.iter() {
        if s >= next {
            out.push((s, e, p));
            next = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (Schema, CueIndex) {
        let schema = Schema::bundled().unwrap();
        let idx = CueIndex::build(&schema, &[]);
        (schema, idx)
    }

    fn scan(idx: &CueIndex, text: &str, out: &mut Scan) {
        idx.scan(text, &text.to_ascii_lowercase(), out);
    }

    #[test]
    fn an_index_built_over_another_scans_the_same() {
        let (schema, base) = index();
        let variant = schema
            .with_file(
                "rules/zz.ron",
                "(stage: 90, classes: {\"zz_words\": [\"said\", \"zeta rise\", \"Morgan\"]})",
            )
            .unwrap()
            .with_file(
                "gazetteer/zz.ron",
                "[(name: \"Zeta Rise\", kind: \"company\"), (name: \"Goldman Sachs\", kind: \"broker\")]",
            )
            .unwrap();
        let new = CueIndex::build(&variant, &[]);
        let over = CueIndex::build_over(&variant, &[], &base);
        assert!(over.extra.is_some(), "the new phrases are compiled");
        assert_eq!(over.class("zz_words"), new.class("zz_words"));
        let (mut a, mut b) = (Scan::default(), Scan::default());
        for text in [
            "Morgan Stanley said Zeta Rise and Goldman Sachs met; zeta rises.",
            "The analyst SAID margins will rise; ZETA RISE fell 3% in the tech sector.",
        ] {
            scan(&new, text, &mut a);
            scan(&over, text, &mut b);
            assert!(!a.hits.is_empty() && !a.names.is_empty(), "{text}");
            assert_eq!(a.hits, b.hits, "{text}");
            assert_eq!(a.names, b.names, "{text}");
            assert_eq!(a.sectors, b.sectors, "{text}");
            assert_eq!(a.keywords, b.keywords, "{text}");
        }
    }

    #[test]
    fn class_hits_are_whole_words_in_any_case() {
        let (_, idx) = index();
        let mut out = Scan::default();
        scan(
            &idx,
            "The analyst SAID margins will rise; unsaid things stay.",
            &mut out,
        );
        let speech = ClassId::from(Cls::SpeechCues);
        let said: Vec<_> = out.hits.iter().filter(|h| h.class == speech).collect();
        assert_eq!(said.len(), 1, "'unsaid' is no hit: {said:?}");
        assert_eq!(said[0].start(), 12);
    }

    #[test]
    fn one_phrase_can_belong_to_several_classes() {
        let (_, idx) = index();
        let mut out = Scan::default();
        scan(&idx, "It cut the price target.", &mut out);
        let classes: Vec<&str> = out.hits.iter().map(|h| idx.class_name(h.class)).collect();
        assert!(classes.contains(&"forward_cues"), "{classes:?}");
        assert!(classes.contains(&"rating_cues"), "{classes:?}");
    }

    #[test]
    fn gazetteer_candidates_are_leftmost_longest() {
        let (schema, idx) = index();
        let mut out = Scan::default();
        scan(&idx, "Morgan Stanley and Goldman Sachs met.", &mut out);
        let names: Vec<&str> = out
            .names
            .iter()
            .map(|&(_, _, p)| {
                schema.gazetteer[idx.gazetteer_patterns[p].entry]
                    .name
                    .as_str()
            })
            .collect();
        assert_eq!(names, ["Morgan Stanley", "Goldman Sachs"]);
    }

    #[test]
    fn a_phrase_inside_a_word_is_still_a_name_candidate_but_no_hit() {
        // "zeta" is a class phrase and a gazetteer name at once: inside "Zetaline" the
        // class has no hit, but the name is a candidate (the mention finder decides)
        let (schema, _) = index();
        let schema = schema
            .with_file(
                "rules/zz.ron",
                "(stage: 90, classes: {\"zz_words\": [\"zeta\", \"ing\"]})",
            )
            .unwrap()
            .with_file("gazetteer/zz.ron", "[(name: \"Zeta\", kind: \"company\")]")
            .unwrap();
        let idx = CueIndex::build(&schema, &[]);
        let zz = idx.class("zz_words").unwrap();
        let mut out = Scan::default();
        scan(&idx, "Zetaline is rising; zeta, ing.", &mut out);
        let hits: Vec<usize> = out
            .hits
            .iter()
            .filter(|h| h.class == zz)
            .map(|h| h.start())
            .collect();
        assert_eq!(hits, [20, 26], "only the whole words are hits");
        let zeta: Vec<usize> = out
            .names
            .iter()
            .filter(|n| idx.gazetteer_patterns[n.2].text == "Zeta")
            .map(|n| n.0)
            .collect();
        assert_eq!(zeta, [0, 20], "a name is a candidate even inside a word");
    }
}
