//! Extraction: mentions, relations and metrics of one document.
//!
//! Order of trust (DESIGN.md): gazetteer mentions, then discovery of unknown
//! names, then relations from lexicon triggers checked against the ontology,
//! then metrics. Every fact carries the name of the rule that produced it.

mod actions;
mod back_refs;
mod check;
mod comparison;
mod cues;
mod discourse;
mod engine;
mod figure_cx;
mod figures;
mod hooks;
mod investment;
mod mentions;
mod metrics;
mod name_words;
mod number_scan;
mod numbers;
mod owner_hooks;
mod owners;
mod ratings;
mod recommend;
mod relations;
mod roles;
mod rounds;
mod rule_cx;
mod spans;
mod speakers;
mod tickers;
mod topics;
mod trace;
mod view;

use crate::text::normalize_name;
use crate::text::phrases as words;

use crate::model::{
    Action, Document, Evidence, Extraction, FoundEntity, FoundMetric, FoundRelation,
};
use crate::resolve::{NormalizedNames, Registry};
use crate::schema::{RelId, Schema};
use crate::text::{self, Sentence};
pub use check::{RuleFailure, RuleReport};
use cues::{ClassSet, CueIndex, Hit, Scan};
use mentions::{MentionFinder, Target};
use std::collections::BTreeMap;
pub use trace::{SentenceTrace, Trace};

/// A document part-way through extraction: its sentences with their resolved
/// mentions, and the facts found so far. Made by [`Extractor::mentions`],
/// completed by [`Extractor::relations`] and [`Extractor::metrics`], turned
/// into an [`Extraction`] by [`Extractor::finish`] (the stages
/// [`Extractor::extract`] runs, exposed for benchmarks and inspection).
#[derive(Debug)]
pub struct Draft<'a> {
    doc: Document,
    sents: Vec<Sent<'a>>,
    reg: Registry,
    facts: Facts,
}

impl Draft<'_> {
    /// Sentences kept (boilerplate lines dropped).
    pub fn sentences(&self) -> usize {
        self.sents.len()
    }

    /// Resolved mentions over all sentences.
    pub fn mentions(&self) -> usize {
        self.sents.iter().map(|s| s.ms.len()).sum()
    }

    /// Relations found so far.
    pub fn relations(&self) -> usize {
        self.facts.relations.len()
    }

    /// Metrics found so far.
    pub fn metrics(&self) -> usize {
        self.facts.metrics.len()
    }

    /// Analyst actions found so far.
    pub fn actions(&self) -> usize {
        self.facts.actions.len()
    }
}

/// Extracts facts from documents with one schema; build once, use for many documents.
#[derive(Debug)]
pub struct Extractor {
    schema: Schema,
    finder: MentionFinder,
    cues: CueIndex,
    engine: engine::Engine,
    metric_rules: metrics::MetricRules,
    /// The lexicon's boilerplate markers in one automaton (a line with one is dropped).
    boilerplate: words::AnyPhrase,
    /// The lexicon's news publishers, normalised.
    publishers: relations::Publishers,
    /// The normalised names of the gazetteer and the lexicon's sectors.
    names: SchemaNames,
}

/// What resolution asks of the schema's names at every mention, computed once.
#[derive(Debug)]
struct SchemaNames {
    /// By gazetteer index: the entry's name and aliases, normalised.
    gazetteer: Vec<NormalizedNames>,
    /// By gazetteer index: the entry its `developer` names, if any.
    developers: Vec<Option<usize>>,
    /// By lexicon sector index: the sector's name and aliases, normalised.
    sectors: Vec<NormalizedNames>,
}

impl SchemaNames {
    fn new(schema: &Schema, finder: &MentionFinder) -> SchemaNames {
        SchemaNames {
            gazetteer: schema
                .gazetteer
                .iter()
                .map(|e| NormalizedNames::of(&e.name, &e.aliases))
                .collect(),
            developers: schema
                .gazetteer
                .iter()
                .map(|e| {
                    e.developer
                        .as_ref()
                        .and_then(|d| finder.known_by_norm(&normalize_name(d)))
                })
                .collect(),
            sectors: schema
                .lexicon
                .sectors
                .iter()
                .map(|(name, aliases)| NormalizedNames::of(name, aliases))
                .collect(),
        }
    }

    /// The arguments of [`Registry::add_normalized`] for gazetteer entry `i`.
    fn known<'s>(&'s self, schema: &'s Schema, i: usize) -> NamesOf<'s> {
        let (e, n) = (&schema.gazetteer[i], &self.gazetteer[i]);
        ((&e.name, &n.name), (&e.aliases, &n.aliases))
    }

    /// The arguments of [`Registry::add_normalized`] for lexicon sector `i`, with its
    /// aliases or without.
    fn sector<'s>(&'s self, schema: &'s Schema, i: usize, aliases: bool) -> NamesOf<'s> {
        let ((name, known), n) = (&schema.lexicon.sectors[i], &self.sectors[i]);
        if aliases {
            ((name, &n.name), (known, &n.aliases))
        } else {
            ((name, &n.name), (&[], &[]))
        }
    }
}

/// A name and its normalised form, its known aliases and theirs.
type NamesOf<'s> = ((&'s str, &'s str), (&'s [String], &'s [String]));

/// A resolved mention in a sentence: entity index and byte span within the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ment {
    pub eid: usize,
    pub start: usize,
    pub end: usize,
}

/// A sentence with its resolved mentions.
#[derive(Debug)]
pub(crate) struct Sent<'a> {
    pub s: Sentence<'a>,
    pub ms: Vec<Ment>,
    /// The sentence closes a report (a section end line) before it starts.
    pub section_end: bool,
    /// (developer, model) pairs the sentence implies by naming a model after its
    /// maker ("OpenAI Operator").
    pub implied: Vec<(usize, usize)>,
    /// The sentence in ASCII lower case (same byte offsets), computed once for every rule.
    pub lower: String,
    /// Every phrase-class hit of the sentence, by position (one scan of the schema's automaton).
    pub hits: Vec<Hit>,
    /// The classes of `hits`.
    pub classes: ClassSet,
    /// Metric keywords of the sentence: (start, end, keyword index), by position.
    pub keywords: Vec<(usize, usize, usize)>,
}

/// A relation key (subject, relation, object) and its first attributes and evidence.
pub(crate) type RelationFacts =
    BTreeMap<(usize, String, usize), (BTreeMap<String, String>, Evidence)>;

/// Facts of a document as they accumulate.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub relations: RelationFacts,
    pub metrics: Vec<FoundMetric>,
    /// Which rule of the rule files made which relation (every firing, also of facts
    /// another rule had already made).
    pub fired: Vec<engine::Fired>,
    /// What every rule did at every anchor, when the extraction is traced.
    pub trace: Option<engine::TraceLog>,
    /// Which owner tier decided each figure, when the extraction is checked or traced.
    pub tiers: Option<Vec<metrics::TierDecision>>,
    /// Analyst actions (see `actions.rs`).
    pub actions: Vec<Action>,
    /// Other sentences stating a relation already made (its confidence
    /// combines theirs).
    /// By relation key, then by the sentence's text (a sentence repeated
    /// word for word is no new evidence).
    pub support: BTreeMap<(usize, String, usize), BTreeMap<String, Evidence>>,
}

impl Facts {
    /// Every employer of a person found so far (`works_for` objects, in id order).
    pub(crate) fn employers<'f>(
        &'f self,
        person: usize,
        works_for: RelId,
        schema: &Schema,
    ) -> impl Iterator<Item = usize> + 'f {
        let name = schema.ontology.rel_name(works_for).to_string();
        self.relations
            .range((person, name.clone(), 0)..=(person, name, usize::MAX))
            .map(|((_, _, o), _)| *o)
    }

    /// The employer of a person found so far (the first `works_for` object).
    pub(crate) fn employer(
        &self,
        person: usize,
        works_for: RelId,
        schema: &Schema,
    ) -> Option<usize> {
        let name = schema.ontology.rel_name(works_for);
        self.relations
            .range((person, name.to_string(), 0)..=(person, name.to_string(), usize::MAX))
            .next()
            .map(|((_, _, o), _)| *o)
    }

    pub(crate) fn relate(
        &mut self,
        reg: &mut Registry,
        schema: &Schema,
        (s, rel, o): (usize, &str, usize),
        attrs: BTreeMap<String, String>,
        evidence: Evidence,
    ) -> bool {
        let sentence = evidence.sentence.clone();
        self.relate_in(reg, schema, (s, rel, o), attrs, &sentence, || evidence)
    }

    /// [`Facts::relate`] with the evidence made only when it is kept: `sentence` is
    /// its sentence's text, `evidence` makes it (the rules try many relations they
    /// already made, or that the ontology does not allow).
    pub(crate) fn relate_in(
        &mut self,
        reg: &mut Registry,
        schema: &Schema,
        (s, rel, o): (usize, &str, usize),
        attrs: BTreeMap<String, String>,
        sentence: &str,
        evidence: impl FnOnce() -> Evidence,
    ) -> bool {
        let allowed = schema
            .ontology
            .rel_id(rel)
            .is_some_and(|r| schema.ontology.allows_ids(reg.kind(s), r, reg.kind(o)));
        if s == o || !allowed || reg.entities[s].source || reg.entities[o].source {
            return false;
        }
        reg.entities[s].named = true;
        reg.entities[o].named = true;
        let key = (s, rel.to_string(), o);
        match self.relations.get(&key) {
            // another sentence stating it (one sentence counts once)
            Some((_, first)) if first.sentence != sentence => {
                self.support
                    .entry(key)
                    .or_default()
                    .entry(sentence.to_string())
                    .or_insert_with(evidence);
            }
            Some(_) => {}
            None => {
                self.relations.insert(key, (attrs, evidence()));
            }
        }
        true
    }
}

pub(crate) fn evidence(doc: &str, s: &Sentence<'_>, rule: &str) -> Evidence {
    Evidence {
        doc: doc.to_string(),
        start: s.start,
        end: s.end,
        sentence: s.text.to_string(),
        rule: rule.to_string(),
        confidence: None,
    }
}

impl Extractor {
    /// Build the matchers of a schema.
    pub fn new(schema: Schema) -> Extractor {
        let cues = CueIndex::build(&schema, &engine::inline_classes(&schema));
        Extractor::with_cues(schema, cues)
    }

    /// An extractor for `schema`, a variant of this extractor's schema (one
    /// file changed, as [`Schema::with_file`] gives): it extracts exactly as
    /// `Extractor::new(schema)` would, but the phrases this extractor's
    /// automaton already holds are not compiled again; only the others are,
    /// into a second automaton (small when little changed). Compiling the
    /// automaton is most of the cost of [`Extractor::new`]: this is for
    /// checking many variants of one schema (an editor, a fuzzer).
    pub fn with_schema(&self, schema: Schema) -> Extractor {
        let inline = engine::inline_classes(&schema);
        let cues = CueIndex::build_over(&schema, &inline, &self.cues);
        Extractor::with_cues(schema, cues)
    }

    fn with_cues(schema: Schema, cues: CueIndex) -> Extractor {
        let finder = MentionFinder::new(&schema);
        let engine = engine::Engine::compile(&schema, &cues);
        let metric_rules = metrics::MetricRules::new(&schema, &cues);
        let boilerplate = words::AnyPhrase::new(&schema.lexicon.boilerplate);
        let publishers = relations::Publishers::new(&schema);
        let names = SchemaNames::new(&schema, &finder);
        Extractor {
            names,
            boilerplate,
            publishers,
            schema,
            finder,
            cues,
            engine,
            metric_rules,
        }
    }

    /// The schema this extractor uses.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Extract the facts of one document. `name` is its file name (`x.txt`),
    /// `path` where it was read from, `text` its decoded text.
    ///
    /// The composition of the stages below: [`Extractor::mentions`] (which
    /// segments the text), [`Extractor::relations`], [`Extractor::metrics`],
    /// [`Extractor::finish`].
    pub fn extract(&self, name: &str, path: &str, text: &str) -> Extraction {
        self.extract_with(name, path, text, &text::Metadata::default())
    }

    /// [`Extractor::extract`], with what the user says about the document (a
    /// manifest's or a feed's date, publisher, address and title): each
    /// field given wins over the document's front matter, which wins over
    /// what the text prints.
    pub fn extract_with(
        &self,
        name: &str,
        path: &str,
        text: &str,
        given: &text::Metadata,
    ) -> Extraction {
        let mut draft = self.mentions(name, path, text);
        self.facts(&mut draft);
        let mut x = self.finish(draft);
        let fm = text::front_matter(text).map(|f| f.meta).unwrap_or_default();
        let meta = given.clone().or(fm);
        x.doc.date = meta.date.or(x.doc.date);
        x.doc.publisher = meta.publisher.or(x.doc.publisher);
        x.doc.url = meta.url.or(x.doc.url);
        if let Some(t) = meta.title {
            x.doc.title = t;
        }
        x
    }

    /// Stage 0, segmentation alone: the sentences of a text (the split that
    /// [`Extractor::mentions`] starts with), before boilerplate lines are dropped.
    pub fn segment(text: &str) -> Vec<Sentence<'_>> {
        text::split(text)
    }

    /// Stage 1: segment a document and resolve the mentions of every sentence
    /// (gazetteer names, discovered names, tickers, sectors). The returned
    /// draft carries no relations or metrics yet.
    pub fn mentions<'a>(&self, name: &str, path: &str, text: &'a str) -> Draft<'a> {
        let lex = &self.schema.lexicon;
        // a front-matter block is metadata, not text of the article
        let fm = text::front_matter(text).unwrap_or_default();
        let body_lines = text.split('\n').skip(fm.lines);
        let doc = Document {
            id: Document::hash(text),
            name: name.to_string(),
            path: path.to_string(),
            title: fm.meta.title.clone().unwrap_or_else(|| {
                body_lines
                    .clone()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("")
                    .to_string()
            }),
            date: fm
                .meta
                .date
                .clone()
                .or_else(|| body_lines.clone().find_map(text::find_date)),
            publisher: None,
            url: fm.meta.url.clone(),
        };
        // the document in ASCII lower case, once (same byte offsets): each line's and
        // each sentence's lower case is a slice of it
        let lower_doc = text.to_ascii_lowercase();
        // (`part` is a slice of `text`: a trimmed line)
        let lower_of = |part: &str| {
            let at = part.as_ptr() as usize - text.as_ptr() as usize;
            &lower_doc[at..at + part.len()]
        };
        let lines: Vec<&str> = text.split('\n').collect();
        let dropped: Vec<bool> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let t = l.trim();
                i < fm.lines
                    || t.is_empty()
                    || self.boilerplate.in_text_lower(t, lower_of(t))
                    || t.chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c.is_whitespace())
            })
            .collect();
        let mut reg = Registry::new(*self.schema.kinds());
        let mut sents: Vec<Sent<'_>> = Vec::new();
        let mut last_line = usize::MAX;
        let mut scan = Scan::default();
        for s in text::split(text) {
            if dropped.get(s.line).copied().unwrap_or(false) {
                continue;
            }
            let section_end = s.line != last_line && {
                // (in ASCII text, `to_lowercase` is ASCII lower-casing: compared in place)
                if s.text.is_ascii() {
                    let t = s.text.as_bytes();
                    lex.section_ends.iter().any(|p| {
                        t.len() >= p.len()
                            && t.iter()
                                .zip(p.as_bytes())
                                .all(|(a, b)| a.to_ascii_lowercase() == *b)
                    })
                } else {
                    let lowered = s.text.to_lowercase();
                    lex.section_ends
                        .iter()
                        .any(|p| lowered.starts_with(p.as_str()))
                }
            };
            last_line = s.line;
            let mut implied = Vec::new();
            let lower = lower_doc[s.start..s.end].to_string();
            self.cues.scan(s.text, &lower, &mut scan);
            let ms = self.resolve_sentence(&mut reg, s.text, &lower, &scan, &mut implied);
            sents.push(Sent {
                lower,
                s,
                ms,
                section_end,
                implied,
                hits: scan.hits.clone(),
                classes: ClassSet::of(&scan.hits),
                keywords: scan.keywords.clone(),
            });
        }
        repeat_discovered(&mut reg, &mut sents);
        Draft {
            doc,
            sents,
            reg,
            facts: Facts::default(),
        }
    }

    /// Stage 2: the document's publisher and the relations between its mentions.
    pub fn relations(&self, draft: &mut Draft<'_>) {
        relations::mark_publishers(&self.publishers, &mut draft.reg);
        let publisher = relations::publisher_of(&self.publishers, &draft.sents, &draft.reg);
        draft.doc.publisher = publisher.map(|p| draft.reg.entities[p].name.clone());
        relations::extract(
            &self.schema,
            &self.engine,
            &draft.doc.id,
            &draft.sents,
            &mut draft.reg,
            &mut draft.facts,
            publisher,
        );
    }

    /// Stages 2 to 4 in their declared order: relations, then analyst actions (they
    /// read the `works_for` facts, and a firm they find rated as a stock becomes a
    /// company), then metrics (whose owners may be such a firm, and which keep every
    /// action's target as a metric of what it values).
    pub fn facts(&self, draft: &mut Draft<'_>) {
        self.relations(draft);
        self.actions(draft);
        self.metrics(draft);
    }

    /// Stage 4: the metrics (figures with their entity, period and unit), and the
    /// targets of the analyst actions found before.
    pub fn metrics(&self, draft: &mut Draft<'_>) {
        metrics::extract(
            &self.metric_rules,
            &self.schema,
            &draft.doc.id,
            &draft.sents,
            &mut draft.reg,
            &mut draft.facts,
        );
        metrics::action_targets(&mut draft.facts);
    }

    /// Stage 3: analyst actions (ratings and targets of brokers, analysts and
    /// investors on companies and indices), with the `rates` and `forecasts`
    /// relations they imply (see `extract/actions.rs`).
    pub fn actions(&self, draft: &mut Draft<'_>) {
        actions::run(
            &self.schema,
            &draft.doc.id,
            &draft.sents,
            &mut draft.reg,
            &mut draft.facts,
        );
    }

    /// Last stage: developers implied by proximity, and the extraction itself.
    pub fn finish(&self, draft: Draft<'_>) -> Extraction {
        let Draft {
            doc,
            sents,
            reg,
            facts,
        } = draft;
        self.finish_facts(doc, &sents, reg, facts)
    }

    fn resolve_sentence(
        &self,
        reg: &mut Registry,
        s: &str,
        lower: &str,
        scan: &Scan,
        implied: &mut Vec<(usize, usize)>,
    ) -> Vec<Ment> {
        let schema = &self.schema;
        let found = self.finder.find(schema, &self.cues, scan, s, lower);
        let mut out = Vec::new();
        for m in &found {
            // the rule an entity's confidence comes from (see `Registry::note_rule`)
            let mut rule = m.rule;
            let eid = match &m.target {
                Target::Known(i) => {
                    rule = crate::resolve::GAZETTEER;
                    let e = &schema.gazetteer[*i];
                    let (name, aliases) = self.names.known(schema, *i);
                    let eid = reg.add_normalized(name, aliases, e.kind_id, &m.surface);
                    if reg.entities[eid].developer.is_none() {
                        reg.entities[eid].developer = e.developer.clone();
                    }
                    // (a ticker the entity has already is not copied again)
                    for t in &e.tickers {
                        if !reg.entities[eid].tickers.contains(t) {
                            reg.entities[eid].tickers.insert(t.clone());
                        }
                    }
                    // "OpenAI Operator" names its maker too
                    if let Some(d) = self.names.developers[*i] {
                        let dev = &schema.gazetteer[d];
                        let prefix = std::iter::once(&dev.name).chain(&dev.aliases).find(|a| {
                            m.surface.len() > a.len() + 1
                                && m.surface.starts_with(a.as_str())
                                && m.surface[a.len()..].starts_with(' ')
                        });
                        if let Some(prefix) = prefix {
                            let (name, aliases) = self.names.known(schema, d);
                            let d_eid = reg.add_normalized(name, aliases, dev.kind_id, prefix);
                            implied.push((d_eid, eid));
                        }
                    }
                    eid
                }
                Target::Found { name, kind } => {
                    // (the name normalised once for every lookup)
                    let norm = normalize_name(name);
                    if let Some(i) = self.finder.known_by_norm(&norm) {
                        rule = crate::resolve::GAZETTEER;
                        let (canonical, aliases) = self.names.known(schema, i);
                        reg.add_normalized(
                            canonical,
                            aliases,
                            schema.gazetteer[i].kind_id,
                            &m.surface,
                        )
                    } else if let Some(i) = reg.corefer_normalized(&norm, *kind) {
                        let canonical = reg.entities[i].name.clone();
                        let k = reg.entities[i].kind;
                        reg.add(&canonical, k, &m.surface, &[])
                    } else {
                        let fresh = reg.lookup_normalized(&norm).is_none();
                        let eid = reg.add_normalized((name, &norm), (&[], &[]), *kind, &m.surface);
                        if fresh {
                            reg.entities[eid].discovered = true;
                        }
                        eid
                    }
                }
                Target::Version { name, developer } => {
                    let eid = reg.add(name, reg.k.model, &m.surface, &[]);
                    if reg.entities[eid].developer.is_none() {
                        reg.entities[eid].developer = developer.clone();
                    }
                    eid
                }
                Target::Sector(i) => {
                    let (name, aliases) = self.names.sector(schema, *i, false);
                    reg.add_normalized(name, aliases, reg.k.sector, &m.surface)
                }
            };
            reg.note_rule(eid, rule);
            if let Some((norm, surface)) = &m.ticker {
                reg.add_ticker(eid, norm, surface);
            }
            out.push(Ment {
                eid,
                start: m.start,
                end: m.end,
            });
        }
        // lone surnames of people named earlier ("Yao adds"; none without a person's
        // name of two words or more)
        if reg.has_surnames() {
            for (start, word) in capital_words(s) {
                if out.iter().any(|m| m.start <= start && start < m.end) {
                    continue;
                }
                if let Some(p) = reg.surname(word) {
                    reg.add(&reg.entities[p].name.clone(), reg.k.person, word, &[]);
                    out.push(Ment {
                        eid: p,
                        start,
                        end: start + word.len(),
                    });
                }
            }
        }
        let sector_ms = self.finder.sectors(schema, scan, s, lower, &found);
        for m in sector_ms {
            if out.iter().any(|o| o.start < m.end && m.start < o.end) {
                continue;
            }
            let eid = match &m.target {
                Target::Sector(i) => {
                    let (name, aliases) = self.names.sector(schema, *i, true);
                    reg.add_normalized(name, aliases, reg.k.sector, &m.surface)
                }
                Target::Found { name, kind } if *kind != reg.k.sector => {
                    // a described index ("an onshore Nasdaq-style tech index")
                    reg.add(name, *kind, &m.surface, &[])
                }
                Target::Found { name, .. } => {
                    let norm = normalize_name(name);
                    let known = reg
                        .lookup_normalized(&norm)
                        .filter(|&i| reg.entities[i].kind == reg.k.sector);
                    match known {
                        Some(i) => {
                            let canonical = reg.entities[i].name.clone();
                            reg.add(&canonical, reg.k.sector, &m.surface, &[])
                        }
                        None => match self.finder.sector_by_norm(&norm) {
                            Some(i) => {
                                let (canonical, aliases) = self.names.sector(schema, i, true);
                                reg.add_normalized(canonical, aliases, reg.k.sector, &m.surface)
                            }
                            None => reg.add_normalized(
                                (name, &norm),
                                (&[], &[]),
                                reg.k.sector,
                                &m.surface,
                            ),
                        },
                    }
                }
                _ => continue,
            };
            reg.note_rule(eid, m.rule);
            out.push(Ment {
                eid,
                start: m.start,
                end: m.end,
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    fn finish_facts(
        &self,
        doc: Document,
        sents: &[Sent<'_>],
        mut reg: Registry,
        facts: Facts,
    ) -> Extraction {
        // a model whose developer is named in the same document is developed by it
        let mut facts = facts;
        // a model named after its maker ("OpenAI Operator") is developed by it
        for i in 0..reg.entities.len() {
            if reg.entities[i].kind == reg.k.model && reg.entities[i].developer.is_none() {
                let name = reg.entities[i].name.clone();
                let maker = reg.entities.iter().position(|e| {
                    e.kind == reg.k.company
                        && e.mentions > 0
                        && name.len() > e.name.len()
                        && name.starts_with(&e.name)
                        && name[e.name.len()..].starts_with([' ', '-'])
                });
                if let Some(m) = maker {
                    reg.entities[i].developer = Some(reg.entities[m].name.clone());
                }
            }
        }
        // a model and its known developer named in the same or adjacent sentences
        let mut dev_pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (k, sent) in sents.iter().enumerate() {
            for &(d, m) in &sent.implied {
                if !dev_pairs.iter().any(|&(a, b, _)| a == d && b == m) {
                    dev_pairs.push((d, m, k));
                }
            }
            for m in &sent.ms {
                let e = &reg.entities[m.eid];
                let Some(d) = e.developer.as_ref().and_then(|d| reg.lookup(d)) else {
                    continue;
                };
                if e.kind != reg.k.model {
                    continue;
                }
                let near = sents[k.saturating_sub(1)..(k + 2).min(sents.len())]
                    .iter()
                    .any(|s| s.ms.iter().any(|x| x.eid == d));
                if near && !dev_pairs.iter().any(|&(a, b, _)| a == d && b == m.eid) {
                    dev_pairs.push((d, m.eid, k));
                }
            }
        }
        for (d, m, k) in dev_pairs {
            if !facts
                .relations
                .contains_key(&(d, "develops".to_string(), m))
            {
                let ev = evidence(&doc.id, &sents[k].s, "known-developer-nearby");
                facts.relate(
                    &mut reg,
                    &self.schema,
                    (d, "develops", m),
                    BTreeMap::new(),
                    ev,
                );
            }
        }
        let mut support = facts.support;
        let relations = facts
            .relations
            .into_iter()
            .map(|(key, (attrs, evidence))| FoundRelation {
                subject: reg.entities[key.0].name.clone(),
                object: reg.entities[key.2].name.clone(),
                support: support
                    .remove(&key)
                    .map(|m| m.into_values().collect())
                    .unwrap_or_default(),
                relation: key.1,
                attrs,
                evidence,
            })
            .collect();
        // (the registry is done with: its names and aliases move into the extraction)
        let entities: Vec<FoundEntity> = reg
            .entities
            .into_iter()
            .filter(|e| e.named && e.mentions > 0)
            .map(|e| FoundEntity {
                kind: self.schema.ontology.kind_name(e.kind).to_string(),
                aliases: e.aliases.into_iter().filter(|a| *a != e.name).collect(),
                name: e.name,
                tickers: e.tickers.into_iter().collect(),
                mentions: e.mentions,
                rule: if e.rule.is_empty() { "implied" } else { e.rule }.to_string(),
                confidence: None,
            })
            .collect();
        let mut x = Extraction {
            doc,
            entities,
            relations,
            metrics: facts.metrics,
            actions: facts.actions,
        };
        // every fact gets the measured precision of its rule
        self.schema.confidence.apply(&mut x);
        x
    }
}

/// One name, one entity per document: a firm's name that discovery found in one
/// sentence is that firm wherever else the document writes it, before or after, where
/// no cue stands beside it ("Revolut employees sold $1bn of shares" makes Revolut a
/// company; "a month after Revolut was granted its licence" then names it too).
/// Gazetteer names need no such help; persons have their lone surnames.
fn repeat_discovered(reg: &mut Registry, sents: &mut [Sent<'_>]) {
    let k = reg.k;
    let firm = |kind| kind == k.company || kind == k.investor || kind == k.broker;
    let names: Vec<(usize, String)> = reg
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.discovered && firm(e.kind))
        .flat_map(|(i, e)| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .filter(|a| a.len() >= 3 && a.starts_with(|c: char| c.is_uppercase()))
                .map(move |a| (i, a.clone()))
        })
        .collect();
    if names.is_empty() {
        return;
    }
    // one automaton over every name, one pass over each sentence: a sentence of 20,000
    // discovered names is read once, not once per name. A document has a few names and
    // sentences: an NFA, built for each document, costs a fraction of a DFA's build
    // and reads a few kilobytes about as fast.
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(names.iter().map(|(_, n)| n.as_str()))
    else {
        return;
    };
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut reach: Vec<usize> = Vec::new();
    for sent in sents.iter_mut() {
        let s = sent.s.text;
        found.clear();
        for m in ac.find_overlapping_iter(s) {
            let (at, end) = (m.start(), m.end());
            let bounded = !s[..at].ends_with(|c: char| c.is_alphanumeric() || c == '-')
                && !s[end..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            if bounded {
                found.push((at, end, m.pattern().as_usize()));
            }
        }
        if found.is_empty() {
            continue;
        }
        // the longest name first where two start together; none over a mention
        found.sort_by_key(|&(at, end, _)| (at, std::cmp::Reverse(end)));
        // reach[i]: the furthest end among the sentence's first i + 1 mentions (by start)
        if !sent.ms.is_sorted_by_key(|m| m.start) {
            sent.ms.sort_by_key(|m| m.start);
        }
        reach.clear();
        reach.extend(sent.ms.iter().scan(0, |r, m| {
            *r = (*r).max(m.end);
            Some(*r)
        }));
        let mentioned = |ms: &[Ment], reach: &[usize], at: usize, end: usize| {
            let p = ms.partition_point(|m| m.start < end);
            p > 0 && reach[p - 1] > at
        };
        let before = sent.ms.len();
        let mut taken_to = 0;
        for &(at, end, pid) in &found {
            if at < taken_to || mentioned(&sent.ms[..before], &reach, at, end) {
                continue;
            }
            taken_to = end;
            let (eid, name) = &names[pid];
            let canonical = reg.entities[*eid].name.clone();
            reg.add(&canonical, reg.entities[*eid].kind, name, &[]);
            sent.ms.push(Ment {
                eid: *eid,
                start: at,
                end,
            });
        }
        if sent.ms.len() > before {
            sent.ms.sort_by_key(|m| m.start);
        }
    }
}

/// The words of `s` (runs of letters) that start with a capital, with their offsets:
/// "Yao's view, said Zhang-Wei" gives "Yao", "Zhang" and "Wei". (ASCII characters
/// are told by their bytes, between the runs as within them, `spans::run_end`;
/// only the others are decoded: a search for the next letter decoded every char.)
fn capital_words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = spans::run_end(s, at, |c| !c.is_alphabetic());
        if start == s.len() {
            return None;
        }
        let end = spans::run_end(s, start, char::is_alphabetic);
        at = end;
        let capital = match bytes[start] {
            b if b.is_ascii() => b.is_ascii_uppercase(),
            _ => s[start..].starts_with(char::is_uppercase),
        };
        if capital {
            return Some((start, &s[start..end]));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> Extractor {
        Extractor::new(Schema::bundled().unwrap())
    }

    /// (entity, value, unit) of every metric, sorted.
    fn metrics_of(x: &Extraction) -> Vec<(String, f64, String)> {
        let mut v: Vec<_> = x
            .metrics
            .iter()
            .map(|m| (m.entity.clone(), m.value, m.unit.as_str().to_string()))
            .collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v
    }

    #[test]
    fn capital_words_are_runs_of_letters_opening_with_a_capital() {
        let words: Vec<(usize, &str)> =
            capital_words("Yao's view: ÉCLAT rose, said Zhang-Wei (Ölund) and mr Li").collect();
        assert_eq!(
            words,
            [
                (0, "Yao"),
                (12, "ÉCLAT"),
                (30, "Zhang"),
                (36, "Wei"),
                (41, "Ölund"),
                (56, "Li")
            ]
        );
        assert_eq!(capital_words("").count(), 0);
        assert_eq!(capital_words("lower case only, 42").count(), 0);
        // letters beyond ASCII between and inside the runs ("ß" is a letter without
        // a capital, "—" no letter)
        let words: Vec<(usize, &str)> = capital_words("ßAb—Éa x·Y 9Z").collect();
        assert_eq!(words, [(7, "Éa"), (14, "Y"), (17, "Z")]);
    }

    #[test]
    fn an_action_target_stays_a_metric_of_what_it_values() {
        let text = "Pellham Securities upgraded Quenby Holdings to Buy from Hold. \
            The analysts lifted their price target to $60 from $56.";
        let x = extractor().extract("t.txt", "t.txt", text);
        let m = metrics_of(&x);
        for value in [56.0, 60.0] {
            let want = ("Quenby Holdings".to_string(), value, "USD".to_string());
            assert_eq!(m.iter().filter(|x| **x == want).count(), 1, "{m:?}");
        }
    }

    #[test]
    fn an_action_takes_the_currency_its_metric_was_read_in() {
        // "¥" is yen for a Tokyo listing: the metric tiers read it so, and the action agrees
        let text = "Halden Securities lifted its target for Tokyo-listed Quenby Electronics \
            to ¥4,300 from ¥3,900.";
        let x = extractor().extract("t.txt", "t.txt", text);
        let m = metrics_of(&x);
        assert!(
            m.contains(&("Quenby Electronics".to_string(), 4300.0, "JPY".to_string())),
            "{m:?}"
        );
        let a = &x.actions;
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].on, "Quenby Electronics");
        assert_eq!(a[0].unit, Some(crate::model::Unit::Jpy), "{a:?}");
    }

    #[test]
    fn a_firm_rated_as_a_stock_owns_the_stock_figures() {
        // a bank the gazetteer knows as a broker is a company once another rates it,
        // and the figures of its stock are its own
        let schema = Schema::bundled()
            .unwrap()
            .with_file(
                "gazetteer/zz.ron",
                "[(name: \"Zeta Capital\", kind: \"broker\", aliases: [])]",
            )
            .unwrap();
        let text = "Pellham Securities upgraded Zeta Capital to Buy from Hold on Wednesday. \
            Zeta Capital stock finished Tuesday at $44.52 and has fallen 8 percent this month.";
        let x = Extractor::new(schema).extract("t.txt", "t.txt", text);
        let m = metrics_of(&x);
        for (value, unit) in [(44.52, "USD"), (8.0, "%")] {
            let want = ("Zeta Capital".to_string(), value, unit.to_string());
            assert!(m.contains(&want), "{want:?} in {m:?}");
        }
    }

    #[test]
    fn an_extractor_built_over_another_extracts_as_a_new_one() {
        let base = extractor();
        let ratings = include_str!("../../graph-schema/rules/ratings.ron")
            .replace("\"fair value\"", "\"fair value\", \"zeta objective\"");
        let variants = [
            ("rules/ratings.ron", ratings.as_str()),
            (
                "gazetteer/zz.ron",
                "[(name: \"Zeta Capital\", kind: \"broker\", aliases: [\"Zeta\"])]",
            ),
            (
                "rules/zz.ron",
                "(stage: 90, classes: {\"zz_words\": [\"said\", \"zeta\"]})",
            ),
        ];
        let text = "Pellham Securities set a zeta objective for Quenby Holdings. \
            Zeta Capital upgraded Orvane Foods to Buy from Hold, analyst Mara Lind said. \
            CITIC Securities expects Alibaba to grow revenue by 30% in 2026.";
        let zeta_objective = |x: &Extraction| {
            x.relations.iter().any(|r| {
                r.relation == "forecasts" && r.evidence.sentence.contains("zeta objective")
            })
        };
        let before = base.extract("t.txt", "t.txt", text);
        for (file, contents) in variants {
            let schema = base.schema().with_file(file, contents).unwrap();
            let over = base.with_schema(schema.clone());
            let new = Extractor::new(schema);
            let x = over.extract("t.txt", "t.txt", text);
            assert_eq!(x, new.extract("t.txt", "t.txt", text), "{file}");
            assert_eq!(over.check_rules().failures, new.check_rules().failures);
            if file == "rules/ratings.ron" {
                // the phrase only the variant has is found
                assert!(
                    zeta_objective(&x) && !zeta_objective(&before),
                    "{:?}",
                    x.relations
                );
            }
        }
    }

    #[test]
    fn hostile_text_never_panics() {
        let ex = extractor();
        let long = "x".repeat(10_000);
        let cases = [
            "İSTANBUL İş Bankası rose 5%. Goldman Sachs said İ will buy.",
            "👍 Alibaba (09988) 🚀 rose 12%/-3% respectively; the bank expects ÆØÅ.",
            "$$$ 1,2,3,4 --- /// ((( ))) \"\" '' 5.5.5.5 bn bn bn",
            "Morgan Stanley: \u{301}\u{301} upgraded to buy from sell.",
            "a\u{0}b",
            long.as_str(),
            "Tencent (00700) Tencent (00700) Tencent (00700) invested 1/2/3/4/5/6 billion yuan respectively.",
            "ＡＢＣ Ｓｅｃｕｒｉｔｉｅｓ said ＸＹＺ will rise ５０％.",
            "Risk factors:\nCITIC Securities released a research report. It may fall.\n:",
        ];
        for (i, c) in cases.iter().enumerate() {
            let x = ex.extract(&format!("case{i}.txt"), "", c);
            for r in &x.relations {
                assert!(
                    c.contains(&r.evidence.sentence),
                    "evidence must be a sentence of the text"
                );
            }
        }
    }

    /// Random text from a vocabulary of names, triggers, numbers and awkward characters
    /// (a small deterministic fuzz: every rule sees odd neighbours).
    #[test]
    fn random_text_never_panics() {
        let ex = extractor();
        let vocab = [
            "Alibaba",
            "(09988)",
            "Goldman Sachs",
            "upgraded",
            "to",
            "buy",
            "from",
            "sell",
            "$",
            "US$",
            "HK$",
            "¥",
            "€",
            "12",
            "3.5",
            "1,200",
            "%",
            "/",
            "-",
            "–",
            "billion",
            "bn",
            "x",
            "times",
            "respectively",
            "outperformed",
            "lagged",
            "the",
            "sector",
            "index",
            "Hang Seng Index",
            "İ",
            "ß",
            "é",
            "👍",
            "\u{301}",
            ".",
            ",",
            ";",
            ":",
            "\"",
            "“",
            "”",
            "'s",
            "’s",
            "invest",
            "in",
            "capex",
            "led by",
            "SoftBank",
            "its",
            "Qwen3",
            "-Max",
            "DeepSeek",
            "R2",
            "said",
            "analyst",
            "Alex Yao",
            "at",
            "JPMorgan",
            "\n",
            "Risk factors:",
            "Related Articles",
            "stocks",
            "Chinese",
            "internet",
            "will",
            "expects",
            "CITIC SEC",
            "'s main views are as follows:",
            "Q1",
            "2025Q1",
            "of",
            "Of",
            "Bank",
            "Zhang Wei",
            "Analyst",
            "Securities",
            "from",
            "Citi",
            "the company",
            "Hong",
            "Kong",
            "van",
            "der",
            "Linde",
            "against",
            "which",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..1500 {
            let mut text = String::new();
            let n = 5 + (round % 60);
            for _ in 0..n {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(vocab[(state % vocab.len() as u64) as usize]);
                if state & 3 != 0 {
                    text.push(' ');
                }
            }
            let x = ex.extract("fuzz.txt", "", &text);
            for r in &x.relations {
                assert!(text.contains(&r.evidence.sentence));
            }
        }
    }

    #[test]
    fn evidence_spans_point_at_their_sentence() {
        let ex = extractor();
        let text = "Intro line.\nJefferies upgraded Li Auto (NASDAQ: LI) to buy with a $30 price target. The firm expects deliveries to rise.";
        let x = ex.extract("a.txt", "", text);
        assert!(!x.relations.is_empty());
        for r in &x.relations {
            assert_eq!(&text[r.evidence.start..r.evidence.end], r.evidence.sentence);
        }
        for m in &x.metrics {
            assert_eq!(&text[m.evidence.start..m.evidence.end], m.evidence.sentence);
        }
    }

    #[test]
    fn the_named_wire_service_is_the_publisher() {
        let ex = extractor();
        let x = ex.extract(
            "a.txt",
            "",
            "By Anna Li\n(Reuters) - Tencent shares rose 2% on Monday.",
        );
        assert_eq!(x.doc.publisher.as_deref(), Some("Reuters"));
        let x = ex.extract("b.txt", "", "Tencent shares rose 2% on Monday.");
        assert_eq!(x.doc.publisher, None);
        let x = ex.extract(
            "c.txt",
            "",
            "Capex will rise, according to Bloomberg consensus.",
        );
        assert_eq!(x.doc.publisher, None, "a data vendor is not the publisher");
    }

    #[test]
    fn same_text_gives_same_extraction() {
        let ex = extractor();
        let text = "CITIC Securities released a research report saying Alibaba and Tencent will raise capex.";
        assert_eq!(ex.extract("a.txt", "", text), ex.extract("a.txt", "", text));
    }
}
