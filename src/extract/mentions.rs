//! Mentions: where a sentence names an entity, from the gazetteer, tickers and discovery.

use super::cues::{CueIndex, NamePattern, Scan};
use super::spans;
use super::tickers::{self, TickerHit};
use crate::schema::{CoreKinds, KindId, Lexicon, Schema};
use crate::text::phrases::{contains, is_word_char, normalize_name, on_boundaries};
use regex::Regex;
// every name and word lookup of discovery: a fast hash (SipHash was a tenth of the
// sector phrases' time)
use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::LazyLock;

/// What a mention refers to, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// A gazetteer entry, by index.
    Known(usize),
    /// A name found by a discovery rule, with its kind.
    Found { name: String, kind: KindId },
    /// A sector phrase of the lexicon, by index.
    Sector(usize),
    /// A model found as a version of a known model or company (`DeepSeek R2`).
    Version {
        name: String,
        developer: Option<String>,
    },
}

/// One mention, with byte offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub target: Target,
    pub rule: &'static str,
    /// A ticker written right after the name, normalised, and as printed.
    pub ticker: Option<(String, String)>,
}

/// The matchers of a schema, built once.
#[derive(Debug)]
pub(crate) struct MentionFinder {
    by_ticker: HashMap<String, usize>,
    /// Normalised name or alias → gazetteer index.
    by_norm: HashMap<String, usize>,
    /// Normalised sector name or alias → lexicon sector index.
    sector_norm: HashMap<String, usize>,
    /// The lexicon's word lists that are looked up word by word, as sets.
    words: Words,
    /// The lexicon's sector words as sets (sector phrases look every word up).
    sector_words: SectorWords,
    /// An index provider's gauge described by what it holds ("MSCI's broadest index of
    /// Asia-Pacific shares"), from the lexicon's `index_providers`.
    provider_index: Option<Regex>,
}

/// The lexicon's sector heads, breaks and modifiers, as sets.
#[derive(Debug)]
struct SectorWords {
    heads: HashSet<String>,
    breaks: HashSet<String>,
    modifiers: HashSet<String>,
    /// Heads that name an industry on their own ("Miners fell 2%", "advances in
    /// insurers"), unlike "stocks" or "companies".
    alone: HashSet<String>,
    /// Heads that name one security, not a group ("the HK-listed stock" is the company
    /// the passage is about).
    single: HashSet<String>,
    /// Words before such a head that point back ("the", "this"), lower case.
    single_determiners: HashSet<String>,
}

/// Word lists of the lexicon that discovery looks every word up in, as sets.
#[derive(Debug)]
struct Words {
    /// The lower-case words of the person titles ("chief", "analyst").
    titles: HashSet<String>,
    /// Name stop words, as written in the lexicon (lower case).
    stop: HashSet<String>,
    /// The stop words and the title words in one set: a word that breaks a name (one
    /// lookup for both).
    stop_or_title: HashSet<String>,
    /// Place words in ASCII lower case (compared in any ASCII case).
    places: HashSet<String>,
    /// The broker, investor and company name endings, as written.
    org_suffixes: HashSet<String>,
    /// The lexicon's name endings of each kind of organisation, as sets.
    suffixes: SuffixSets,
    /// Legal forms that may close any firm's name ("sa", "plc"), lower case.
    legal_forms: PhraseIndex,
    /// Staff nouns ("analyst", "strategist"): an employer of these is a research house.
    staff_nouns: HashSet<String>,
    /// Single-word verbs of a stock's move ("sank", "jumped"; classes rise_verbs and
    /// fall_or_flat).
    move_verbs: HashSet<String>,
    /// Countries and market cities that open a market wrap's sentence, lower case.
    market_places: HashSet<String>,
    /// Nouns of a company's business line ("the cloud business", "the chip unit").
    segment_nouns: HashSet<String>,
    /// Nouns after a market's name that make it a modifier ("Wall Street brokerage",
    /// "Hong Kong analysts"): staff nouns and firm nouns.
    modified_nouns: HashSet<String>,
    /// A firm's own people right after its name ("Lumora employees", "Tarvo
    /// shareholders"): the name is a company even as a sentence's first word.
    workforce_nouns: HashSet<String>,
    /// The lower-case words a person's name may hold ("van", "der": "Herald van der
    /// Linde"); no other lower-case word ("Bank of England" is no person).
    name_particles: HashSet<String>,
    /// What joins two names of one list ("and", ",", "&", "as well as").
    name_joints: HashSet<String>,
    /// The last words of public bodies' names ("Administration", "Commission").
    public_body_words: HashSet<String>,
    /// Words before a versioned name that launch it or call it a maker's ("unveiled", "its").
    model_launch_leads: Vec<String>,
    /// Words before a name that make it its maker's own ("its", "in-house").
    model_owner_leads: Vec<String>,
    /// What kind of model a name is, before "model" ("language", "reasoning"), longest first.
    model_type_words: Vec<String>,
    /// Endings that make a place an adjective ("-listed": "Hong Kong-listed"), in ASCII
    /// lower case.
    place_adjective_endings: PhraseIndex,
    /// The lexicon's context cues of a name: before an investor's ("led by"), before a
    /// company's ("upgraded"), after a company's ("shares"), as written.
    investor_cues_before: PhraseIndex,
    company_cues_before: PhraseIndex,
    company_cues_after: PhraseIndex,
    /// Leads before a company's name that make it its maker's product ("behind the").
    product_maker_leads: Vec<String>,
    /// Product nouns after such a name ("chatbot", "ai agent"), lower case.
    product_nouns: Vec<String>,
}

impl Words {
    /// Whether `after` (lower case, the text right after a name) calls the name a model:
    /// "model", or up to two model types and "model" ("language model", "large language
    /// model", "AI reasoning model"); "sales model" does not.
    fn model_noun_after(&self, after: &str) -> bool {
        let mut rest = after.trim_start();
        for _ in 0..2 {
            match self
                .model_type_words
                .iter()
                .find(|w| spans::starts_with(rest, w) && rest[w.len()..].starts_with(' '))
            {
                Some(w) => rest = rest[w.len()..].trim_start(),
                None => break,
            }
        }
        rest.starts_with("model")
    }

    /// Whether `before` (lower case, the text right before a name) ends with one of
    /// `leads`, or with one of them and one lower-case word ("its advanced").
    fn led_by(leads: &[String], before: &str) -> bool {
        let before = before.trim_end();
        let ends = |b: &str| {
            leads.iter().any(|w| {
                b.strip_suffix(w.as_str())
                    .is_some_and(|r| r.is_empty() || r.ends_with(' '))
            })
        };
        ends(before)
            || before.rsplit_once(' ').is_some_and(|(b, last)| {
                !last.is_empty() && last.bytes().all(|c| c.is_ascii_lowercase()) && ends(b)
            })
    }
    fn place(&self, w: &str) -> bool {
        spans::contains_lower(&self.places, w)
    }

    /// The length of the legal form (with its space) closing a lower-case name
    /// ("pell asset management sa" → 3), if one does.
    fn legal_form_at_end(&self, lower: &str) -> Option<usize> {
        self.legal_forms
            .ending(lower)
            .iter()
            .find(|f| {
                lower
                    .strip_suffix(f.as_str())
                    .is_some_and(|b| b.ends_with(' '))
            })
            .map(|f| f.len() + 1)
    }
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ -]?((?:(?:[A-Z]{1,2}\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)*[a-z]?)|(?:Medium|Large|Small|Nano|Scout|Maverick|Behemoth|Opus|Sonnet|Haiku|Max|Pro|Ultra|Flash)(?: \d+(?:\.\d+)*)?)(?:[- ](?:Max|Pro|Plus|Turbo|Mini|Flash|Ultra|Lite|Air|Thinking|Instruct|Omni|Coder|Preview|VL|Vision|Reasoner|Chat|Scout|Maverick|Behemoth|Medium|Large|Small|Nano|\d+[A-Z]))*)\b")
        .unwrap()
});

/// Whether [`VERSION`] may match at the start of `rest`: a version opens with a
/// capital or a digit, after at most one space or hyphen ("Qwen3", " R2", "-V3",
/// " Medium 3"). A text going on with another ASCII byte ("'s shares", " said") is not
/// searched; a character beyond ASCII is (`\d` is any script's digit).
fn may_open_version(rest: &str) -> bool {
    let b = rest.as_bytes();
    let first = match b.first() {
        Some(b' ' | b'-') => b.get(1),
        first => first,
    };
    first.is_some_and(|&c| !c.is_ascii() || c.is_ascii_uppercase() || c.is_ascii_digit())
}

static QUOTED_INDEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["“][A-Z][^"“”]{2,60}["”](?:\s*(?:,|and|,\s*and)\s*["“][A-Z][^"“”]{2,60}["”])*\s+(?:indices|indexes|index)\b"#).unwrap()
});

/// Lower-case sector words and "index" after an index's name: " technology index".
static SUB_INDEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ((?:[a-z][a-z-]*\s){1,3})(?:index|gauge)\b").unwrap());

/// A bare version number right after a name: " 4.0", " 3".
static VERSION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (\d+(?:\.\d+)*)(?:[^%.\d]|\.(?:\s|$)|$)").unwrap());

static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"["“][^"“”]+["”]"#).unwrap());

static SLASH_INDEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:[A-Z][\w-]*\s+){1,3})([A-Z][\w-]*(?:/[A-Z][\w-]*)+)\s+(Index|Indices|Indexes)\b",
    )
    .unwrap()
});

impl MentionFinder {
    pub(crate) fn new(schema: &Schema) -> MentionFinder {
        let mut by_ticker = HashMap::new();
        let mut by_norm = HashMap::new();
        for (i, e) in schema.gazetteer.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                by_norm.entry(normalize_name(name)).or_insert(i);
            }
            for t in &e.tickers {
                let (code, ex) = match t.rsplit_once('.') {
                    Some((c, x)) => (c, Some(x)),
                    None => (t.as_str(), None),
                };
                by_ticker.entry(tickers::normalize(code, ex)).or_insert(i);
            }
        }
        let mut sector_norm = HashMap::new();
        for (i, (name, aliases)) in schema.lexicon.sectors.iter().enumerate() {
            for p in std::iter::once(name).chain(aliases) {
                sector_norm.entry(normalize_name(p)).or_insert(i);
            }
        }
        let lex = &schema.lexicon;
        let set = |l: &[String]| l.iter().cloned().collect::<HashSet<String>>();
        let class = |name: &str| lex.classes.get(name).into_iter().flatten();
        // a class in ASCII lower case, as a set or a list
        fn lowered<C: FromIterator<String>>(lex: &Lexicon, name: &str) -> C {
            let class = lex.classes.get(name).into_iter().flatten();
            class.map(|w| w.to_ascii_lowercase()).collect()
        }
        let titles: HashSet<String> = lex
            .person_titles
            .iter()
            .flat_map(|t| t.split_whitespace())
            .map(str::to_string)
            .collect();
        let stop = set(&lex.name_stopwords);
        let words = Words {
            stop_or_title: stop.union(&titles).cloned().collect(),
            titles,
            stop,
            places: lex
                .place_words
                .iter()
                .map(|p| p.to_ascii_lowercase())
                .collect(),
            org_suffixes: [
                &lex.suffixes.broker,
                &lex.suffixes.investor,
                &lex.suffixes.company,
            ]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
            suffixes: SuffixSets {
                broker: SuffixSet::new(&lex.suffixes.broker),
                investor: SuffixSet::new(&lex.suffixes.investor),
                company: SuffixSet::new(&lex.suffixes.company),
                index: SuffixSet::new(&lex.suffixes.index),
            },
            legal_forms: PhraseIndex::by_last_byte(lowered::<Vec<String>>(lex, "legal_forms")),
            staff_nouns: class("staff_nouns").cloned().collect(),
            move_verbs: class("rise_verbs")
                .chain(class("fall_or_flat"))
                .filter(|v| !v.contains(' '))
                .cloned()
                .collect(),
            market_places: lowered(lex, "market_places"),
            segment_nouns: lowered(lex, "segment_nouns"),
            modified_nouns: class("staff_nouns")
                .chain(class("modified_firm_nouns"))
                .map(|p| p.to_ascii_lowercase())
                .collect(),
            workforce_nouns: lowered(lex, "workforce_nouns"),
            name_particles: class("name_particles").cloned().collect(),
            name_joints: class("name_joints").cloned().collect(),
            public_body_words: class("public_body_words").cloned().collect(),
            model_launch_leads: class("model_launch_leads").cloned().collect(),
            model_owner_leads: class("model_owner_leads").cloned().collect(),
            model_type_words: {
                let mut v: Vec<String> = lowered(lex, "model_type_words");
                v.sort_by_key(|w| std::cmp::Reverse(w.len()));
                v
            },
            place_adjective_endings: PhraseIndex::by_last_byte(
                class("place_adjective_endings").map(|w| w.to_ascii_lowercase()),
            ),
            investor_cues_before: PhraseIndex::by_last_byte(lex.investor_cues_before.clone()),
            company_cues_before: PhraseIndex::by_last_byte(lex.company_cues_before.clone()),
            company_cues_after: PhraseIndex::by_first_byte(lex.company_cues_after.clone()),
            product_maker_leads: lowered(lex, "product_maker_leads"),
            product_nouns: lowered(lex, "product_nouns"),
        };
        let alternatives = |name: &str| {
            class(name)
                .map(|p| regex::escape(p))
                .collect::<Vec<String>>()
                .join("|")
        };
        let providers = alternatives("index_providers");
        let nouns = alternatives("index_gauge_nouns");
        let holdings = alternatives("index_gauge_holdings");
        let provider_index = [&providers, &nouns, &holdings]
            .iter()
            .all(|a| !a.is_empty())
            .then(|| {
            let adjectives = alternatives("index_gauge_adjectives");
            let adjective = if adjectives.is_empty() {
                String::new()
            } else {
                format!("(?:(?:{adjectives}) )?")
            };
            Regex::new(&format!(
                r"\b({providers})(?:'s|’s)? ({adjective}(?:{nouns}) of (?:[A-Za-z-]+ ){{0,5}}?(?:{holdings}))\b"
            ))
            .expect("index providers make a valid pattern")
        });
        MentionFinder {
            provider_index,
            by_ticker,
            by_norm,
            sector_norm,
            words,
            sector_words: SectorWords {
                heads: set(&lex.sector_heads),
                breaks: set(&lex.sector_breaks),
                modifiers: set(&lex.sector_modifiers),
                single: class("single_security_heads").cloned().collect(),
                single_determiners: lowered(lex, "single_security_determiners"),
                alone: class("sector_heads_alone")
                    .map(|w| w.to_lowercase())
                    .collect(),
            },
        }
    }

    /// The lexicon sector a normalised phrase names.
    pub(crate) fn sector_by_norm(&self, norm: &str) -> Option<usize> {
        self.sector_norm.get(norm).copied()
    }

    /// The gazetteer entry a normalised name belongs to.
    pub(crate) fn known_by_norm(&self, norm: &str) -> Option<usize> {
        self.by_norm.get(norm).copied()
    }

    /// Every entity mention of one sentence, left to right, without overlaps.
    /// `lower` is `s` in ASCII lower case (same byte offsets).
    pub(crate) fn find(
        &self,
        schema: &Schema,
        cues: &CueIndex,
        scan: &Scan,
        s: &str,
        lower: &str,
    ) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        self.gazetteer_mentions(schema, cues, scan, s, lower, &mut out);
        // "Herald van der Linde": a known name after a name particle is part of a person
        out.retain(|m| {
            let Some(before) = s[..m.start].strip_suffix(' ') else {
                return true;
            };
            let (rest, particle) = before.rsplit_once(' ').unwrap_or(("", before));
            !(self.words.name_particles.contains(particle)
                && rest.ends_with(|c: char| c.is_alphabetic()))
        });
        // "Shenzhen Capital Group": a known name that opens with an organisation word
        // ("Capital Group") is the tail of a longer name after a capitalised word
        out.retain(|m| {
            let first = m.surface.split_whitespace().next().unwrap_or("");
            let suffix_word = spans::contains_lower(&self.words.org_suffixes, first);
            let prev = s[..m.start].strip_suffix(' ').and_then(|b| {
                b.rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .next()
                    .filter(|w| !w.is_empty())
            });
            let named_before = prev.is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !spans::contains_lower(&self.words.stop, w)
                    && !self.words.place(w)
            });
            !(suffix_word && named_before && m.surface.contains(' '))
        });
        let ticks = tickers::find(s);
        // "(NYSE: BABA; HKEX: 9988)": names inside a ticker are exchanges, not mentions
        out.retain(|m| {
            !ticks
                .iter()
                .any(|t| t.parenthesized && t.start < m.start && m.end < t.end)
        });
        self.attach_tickers(s, &ticks, &mut out);
        sub_indices(schema, s, &mut out);
        slash_indices(schema.kinds(), s, &mut out);
        self.provider_indices(schema.kinds(), s, &mut out);
        quoted_indices(schema.kinds(), s, &mut out);
        discover(schema, &self.words, s, lower, &ticks, &mut out);
        // "giving Big Tech about 30x": a capitalised name the lexicon knows as a sector is
        // that sector (the sector pass finds it), not a discovered firm
        out.retain(|m| {
            !matches!(m.target, Target::Found { .. })
                || !self.sector_norm.contains_key(&normalize_name(&m.surface))
        });
        // a discovered name before a known ticker is that company's listing ("its ADR
        // (NYSE: TSM)"), not a company of its own
        for m in out.iter_mut() {
            let known = m.ticker.as_ref().and_then(|(n, _)| self.by_ticker.get(n));
            if let (Target::Found { .. }, Some(&idx)) = (&m.target, known) {
                m.target = Target::Known(idx);
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Sector phrases of one sentence: generic noun phrases ending in a sector head
    /// (`Chinese property developers`), then lexicon sectors they do not cover.
    pub(crate) fn sectors(
        &self,
        schema: &Schema,
        scan: &Scan,
        s: &str,
        lower: &str,
        taken: &[Mention],
    ) -> Vec<Mention> {
        let mut out = if !scan.sector_heads.is_empty() {
            sector_phrases(
                schema,
                &self.sector_words,
                &scan.sector_heads,
                s,
                lower,
                taken,
            )
        } else {
            Vec::new()
        };
        for &(start, end, sector) in &scan.sectors {
            if !on_boundaries(s, start, end) || overlaps(taken, start, end) {
                continue;
            }
            // "gen-AI" is a kind of AI, not the AI sector named alone
            if s[..start].ends_with('-') || owned_by_firm_word(schema, s, start) {
                continue;
            }
            // "the cloud business", "the chip unit": a company's business line is no sector
            // (its figures are the company's; "its" and "Quenby's" are read above)
            // (the words as written, looked up in ASCII lower case without a copy)
            fn last_word(span: &str) -> &str {
                span.rsplit(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
            }
            let next_word = s[end..]
                .strip_prefix(' ')
                .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
                .unwrap_or_default();
            let segments = &self.words.segment_nouns;
            let segment_end = spans::contains_lower(segments, last_word(&s[start..end]))
                || spans::contains_lower(segments, next_word);
            if segment_end && last_word(&s[..start]).eq_ignore_ascii_case("the") {
                continue;
            }
            // "the Wall Street brokerage's target": a market's name made a modifier of a
            // firm or its staff names no sector
            if s[start..].starts_with(char::is_uppercase)
                && spans::contains_lower(&self.words.modified_nouns, next_word)
            {
                continue;
            }
            if out.iter().any(|p| p.start <= start && end <= p.end) {
                continue;
            }
            out.push(Mention {
                start,
                end,
                surface: s[start..end].to_string(),
                target: Target::Sector(sector),
                rule: "sector-lexicon",
                ticker: None,
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    fn gazetteer_mentions(
        &self,
        schema: &Schema,
        cues: &CueIndex,
        scan: &Scan,
        s: &str,
        lower: &str,
        out: &mut Vec<Mention>,
    ) {
        let k = schema.kinds();
        for &(m_start, m_end, pid) in &scan.names {
            let NamePattern {
                entry: idx,
                exact,
                text: pattern,
            } = &cues.gazetteer_patterns[pid];
            let surface = &s[m_start..m_end];
            let entry = &schema.gazetteer[*idx];
            let before_ok = s[..m_start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after = s[m_end..].chars().next();
            // a model family glued to its version ("Qwen3") is still a mention
            let after_ok = after.is_none_or(|c| !is_word_char(c))
                || (entry.kind_id == k.model && after.is_some_and(|c| c.is_ascii_digit()));
            if !before_ok || !after_ok {
                continue;
            }
            if *exact && surface != pattern {
                continue;
            }
            // "a Nasdaq-listed drug developer", "a Nasdaq-style tech index": an index or an
            // exchange made an adjective by a lower-case word after a hyphen is no index
            if entry.kind_id == k.index
                && s[m_end..]
                    .strip_prefix('-')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()))
            {
                continue;
            }
            let first = surface.chars().next().unwrap_or(' ');
            let proper = first.is_uppercase() || first.is_ascii_digit() || surface == pattern;
            if !proper {
                continue;
            }
            // an all-lower-case pattern ("xAI" is fine) written in capitals is fine; a common word is not
            let mut mention = Mention {
                start: m_start,
                end: m_end,
                surface: surface.to_string(),
                target: Target::Known(*idx),
                rule: "gazetteer",
                ticker: None,
            };
            if (k.model | k.company).has(entry.kind_id) {
                let rest = &s[m_end..];
                if let Some(v) = may_open_version(rest)
                    .then(|| VERSION.captures(rest))
                    .flatten()
                {
                    let whole = v.get(0).unwrap();
                    let version = v.get(1).unwrap().as_str();
                    let is_year = version.len() == 4 && version.chars().all(|c| c.is_ascii_digit());
                    let glued = !whole.as_str().starts_with([' ', '-']);
                    // a bare number after a company is a figure ("Kuaishou 62%"), not a version;
                    // a company's models carry a letter ("DeepSeek R2", "Mistral Medium 3")
                    let numeric = version.chars().next().is_some_and(|c| c.is_ascii_digit());
                    let rest = &s[m_end + whole.end()..];
                    let digit_after = |c: char| {
                        rest.strip_prefix(c)
                            .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()))
                    };
                    let figure = rest.starts_with('%')
                        || digit_after('.')
                        || digit_after(',')
                        || rest.trim_start().starts_with('%')
                        || [
                            "percent", "per cent", "times", "x ", "bn", "billion", "million",
                        ]
                        .iter()
                        .any(|u| rest.trim_start().starts_with(u));
                    let company_ok = entry.kind_id == k.model || (!glued && !numeric);
                    if !is_year && !figure && company_ok && whole.end() > 0 {
                        let end = m_end + whole.end();
                        let name = s[m_start..end].to_string();
                        let developer = if entry.kind_id == k.company {
                            Some(entry.name.clone())
                        } else {
                            entry.developer.clone()
                        };
                        mention.end = end;
                        mention.surface = name.clone();
                        mention.target = Target::Version { name, developer };
                        mention.rule = "model-version";
                    }
                }
            }
            // "the startup behind the Manus AI agent": a company's name used for the
            // product a maker is behind is the product
            if entry.kind_id == k.company && matches!(mention.target, Target::Known(_)) {
                let before = lower[..m_start].trim_end();
                let rest = lower[m_end..].trim_start();
                let words = &self.words;
                let maker = words
                    .product_maker_leads
                    .iter()
                    .any(|w| before.ends_with(w.as_str()));
                let product = words.product_nouns.iter().any(|w| {
                    rest.starts_with(w) && !rest[w.len()..].starts_with(char::is_alphanumeric)
                });
                if maker && product {
                    mention.target = Target::Version {
                        name: entry.name.clone(),
                        developer: None,
                    };
                    mention.rule = "product-of-maker";
                }
            }
            if mention.end > m_end || after.is_none_or(|c| !is_word_char(c)) {
                out.push(mention);
            }
        }
    }

    fn attach_tickers(&self, s: &str, ticks: &[TickerHit], out: &mut Vec<Mention>) {
        for t in ticks {
            // a ticker right after a mention belongs to it
            let prev = out
                .iter_mut()
                .filter(|m| m.end <= t.start)
                .max_by_key(|m| m.end);
            if let Some(p) = prev {
                if s[p.end..t.start].trim().is_empty() && t.parenthesized {
                    p.ticker = Some((t.normalized.clone(), t.surface.clone()));
                    continue;
                }
            }
            if overlaps(out, t.start, t.end) {
                continue;
            }
            if let Some(&idx) = self.by_ticker.get(&t.normalized) {
                if t.explicit || t.parenthesized {
                    let (start, end) = if t.parenthesized {
                        (t.start + 1, t.end - 1)
                    } else {
                        (t.start, t.end)
                    };
                    out.push(Mention {
                        start,
                        end,
                        surface: t.surface.clone(),
                        target: Target::Known(idx),
                        rule: "ticker",
                        ticker: Some((t.normalized.clone(), t.surface.clone())),
                    });
                }
            }
        }
    }
}

impl MentionFinder {
    /// "The MSCI gauge of emerging Asian equities crept up 0.1%", "MSCI's broadest index
    /// of Asia-Pacific shares outside Japan": an index provider's name and a gauge of
    /// what it holds name one index (the provider alone, a company, is not meant).
    fn provider_indices(&self, k: &CoreKinds, s: &str, out: &mut Vec<Mention>) {
        let Some(re) = &self.provider_index else {
            return;
        };
        if !s.contains(" of ") {
            return;
        }
        for c in re.captures_iter(s) {
            let (whole, provider, gauge) = (c.get(0).unwrap(), &c[1], &c[2]);
            // the provider's own mention gives way; an index already named stays
            if out.iter().any(|m| {
                m.start < whole.end()
                    && whole.start() < m.end
                    && matches!(m.target, Target::Found { kind, .. } if kind == k.index)
            }) {
                continue;
            }
            out.retain(|m| !(m.start < whole.end() && whole.start() < m.end));
            let name = format!("{provider} {gauge}");
            out.push(Mention {
                start: whole.start(),
                end: whole.end(),
                surface: whole.as_str().to_string(),
                target: Target::Found {
                    name,
                    kind: k.index,
                },
                rule: "provider-gauge",
                ticker: None,
            });
        }
    }
}

fn overlaps(ms: &[Mention], start: usize, end: usize) -> bool {
    ms.iter().any(|m| m.start < end && start < m.end)
}

/// `constructed "North American Computing Power Chain" and "Domestic Computing Power
/// Chain" indices`: quoted names before "index"/"indices" are indices a broker built.
fn quoted_indices(k: &CoreKinds, s: &str, out: &mut Vec<Mention>) {
    // (a match holds an opening quote and "ind": most sentences lack one or the other,
    // and are not searched)
    let quote = memchr::memchr(b'"', s.as_bytes()).is_some() || s.contains('“');
    if !quote || memchr::memmem::find(s.as_bytes(), b"ind").is_none() {
        return;
    }
    let mut found = Vec::new();
    for c in QUOTED_INDEX.captures_iter(s) {
        let whole = c.get(0).unwrap();
        if overlaps(out, whole.start(), whole.end()) {
            continue;
        }
        for q in QUOTED.find_iter(whole.as_str()) {
            let inner = q.as_str().trim_matches(['"', '“', '”']);
            let name = if inner.to_ascii_lowercase().ends_with(" index") {
                inner.to_string()
            } else {
                format!("{inner} Index")
            };
            let start = whole.start() + q.start() + 1;
            found.push(Mention {
                start,
                end: start + inner.len(),
                surface: name.clone(),
                target: Target::Found {
                    name,
                    kind: k.index,
                },
                rule: "index-quoted",
                ticker: None,
            });
        }
    }
    out.extend(found);
}

/// "the STOXX 600 technology index": a known index with lower-case sector words and
/// "index" after it names its sub-index.
fn sub_indices(schema: &Schema, s: &str, out: &mut [Mention]) {
    let k = schema.kinds();
    let breaks = &schema.lexicon.sector_breaks;
    for m in out.iter_mut() {
        let Target::Known(i) = m.target else { continue };
        if schema.gazetteer[i].kind_id != k.index {
            continue;
        }
        let Some(c) = SUB_INDEX.captures(&s[m.end..]) else {
            continue;
        };
        let words = c.get(1).map_or("", |g| g.as_str());
        if words
            .split_whitespace()
            .any(|w| breaks.contains(&w.to_string()))
        {
            continue;
        }
        let end = m.end + c.get(0).map_or(0, |g| g.end());
        let name = s[m.start..end].to_string();
        m.end = end;
        m.surface = name.clone();
        m.target = Target::Found {
            name,
            kind: k.index,
        };
        m.rule = "index-sub";
    }
}

/// "CITIC Automobile/Media/Computer Index" names one index per slash item.
fn slash_indices(k: &CoreKinds, s: &str, out: &mut Vec<Mention>) {
    // (a match holds a slash and "Ind": most sentences lack one or the other, and are
    // not searched)
    let bytes = s.as_bytes();
    if memchr::memchr(b'/', bytes).is_none() || memchr::memmem::find(bytes, b"Ind").is_none() {
        return;
    }
    let mut found = Vec::new();
    for c in SLASH_INDEX.captures_iter(s) {
        let whole = c.get(0).unwrap();
        if overlaps(out, whole.start(), whole.end()) {
            continue;
        }
        let prefix = c[1].trim();
        let suffix = if c[3].starts_with("Ind") {
            "Index"
        } else {
            &c[3]
        };
        let items = c.get(2).unwrap();
        let mut at = items.start();
        for item in items.as_str().split('/') {
            let name = format!("{prefix} {item} {suffix}");
            let (start, end) = if at == items.start() {
                (whole.start(), at + item.len())
            } else {
                (at, at + item.len())
            };
            found.push(Mention {
                start,
                end,
                surface: name.clone(),
                target: Target::Found {
                    name,
                    kind: k.index,
                },
                rule: "index-slash-list",
                ticker: None,
            });
            at += item.len() + 1;
        }
    }
    out.extend(found);
}

/// A token of a sentence.
struct Tok<'s> {
    start: usize,
    end: usize,
    text: &'s str,
    /// `text` in ASCII lower case (the lower-case sentence's bytes): the lexicon's word
    /// sets are looked up with it, without a lower-case copy of each word.
    lower: &'s str,
    possessive: bool,
}

/// The tokens of `s`, whose ASCII lower case is `lower` (same byte offsets).
fn tokens<'s>(s: &'s str, lower: &'s str) -> Vec<Tok<'s>> {
    let mut out = Vec::with_capacity(spans::word_capacity(s));
    for (start, m_end) in spans::tokens(s) {
        let mut text = &s[start..m_end];
        let mut end = m_end;
        // a possessive ending "'s" or "’s" is cut, and so is a bare apostrophe ("the
        // Smiths'"), which makes no possessive (the endings told by their last bytes,
        // '’' being E2 80 99; the stem is never empty, as a token opens with a letter or
        // a digit)
        let (cut, possessive) = match text.as_bytes() {
            [.., b'\'', b's'] => (2, true),
            [.., 0xE2, 0x80, 0x99, b's'] => (4, true),
            [.., b'\''] => (1, false),
            [.., 0xE2, 0x80, 0x99] => (3, false),
            _ => (0, false),
        };
        if cut > 0 {
            text = &text[..text.len() - cut];
            end = start + text.len();
        }
        if let Some(stem) = text.strip_suffix('.') {
            if !["inc", "ltd", "co", "corp", "jr", "sr", "bhd", "n.v", "s.a"]
                .iter()
                .any(|a| stem.eq_ignore_ascii_case(a))
            {
                text = stem;
                end = start + stem.len();
            }
        }
        out.push(Tok {
            start,
            end,
            text,
            lower: &lower[start..end],
            possessive,
        });
    }
    out
}

/// Whether a token opens with a capital, or is a short code of digits and letters
/// ("3M", "5G").
#[inline]
fn is_cap(t: &str) -> bool {
    // (most words open with an ASCII letter, which decides here, where the token loop
    // asks: the rest is a call)
    match t.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => true,
        Some(b) if b.is_ascii_lowercase() => false,
        _ => is_cap_beyond_letters(t),
    }
}

/// [`is_cap`] of a token that does not open with an ASCII letter.
fn is_cap_beyond_letters(t: &str) -> bool {
    let mut cs = t.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_ascii_digit() => t.chars().any(|c| c.is_alphabetic()) && t.len() <= 6,
        _ => false,
    }
}

/// "TDK, the electronic components maker, …": the text after a name (lower case) opens
/// an apposition that calls it a kind of firm (not "Ada Lind, a senior analyst, said").
/// The head noun is the last word before a preposition or a relative clause: "Kamori,
/// a supplier of materials for data centres, …" is a supplier.
fn described_as_firm(after: &str) -> bool {
    [", the ", ", a ", ", an "]
        .iter()
        .find_map(|p| after.strip_prefix(p))
        .and_then(|rest| rest.split([',', ';', '.', '(']).next())
        .is_some_and(|seg| {
            let ws: Vec<&str> = seg
                .split_whitespace()
                .take_while(|w| {
                    !matches!(
                        *w,
                        "of" | "for" | "in" | "with" | "that" | "which" | "whose"
                    )
                })
                .collect();
            ws.len() <= 6
                && ws.last().is_some_and(|w| {
                    matches!(
                        *w,
                        "maker"
                            | "company"
                            | "firm"
                            | "producer"
                            | "manufacturer"
                            | "developer"
                            | "operator"
                            | "lender"
                            | "insurer"
                            | "retailer"
                            | "carmaker"
                            | "automaker"
                            | "chipmaker"
                            | "drugmaker"
                            | "conglomerate"
                            | "startup"
                            | "supplier"
                            | "provider"
                            | "miner"
                            | "platform"
                            | "giant"
                    )
                })
        })
}

fn is_name_word(t: &str) -> bool {
    let mut cs = t.chars();
    cs.next().is_some_and(|c| c.is_uppercase())
        && t.chars().skip(1).any(|c| c.is_lowercase())
        && t.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// Names the gazetteer lacks: runs of capitalised words typed by their ending, by a
/// ticker after them, or by a person context.
fn discover(
    schema: &Schema,
    lists: &Words,
    s: &str,
    lower_s: &str,
    ticks: &[TickerHit],
    out: &mut Vec<Mention>,
) {
    let k = schema.kinds();
    let lex = &schema.lexicon;
    let toks = tokens(s, lower_s);
    // A run is a stretch of consecutive tokens (a token joins the run before it or
    // closes it), so it is a slice of `toks`, without a list of its own; `cur` is the
    // open run's range, which ends at the token before `t` when it is not empty.
    let mut runs: Vec<&[Tok]> = Vec::new();
    let mut cur = 0..0;
    for (i, t) in toks.iter().enumerate() {
        // "KOSPI .KS11", "Nikkei .N225": a quote code after a dot names nothing new
        let quote_code = t.start >= 2 && &s.as_bytes()[t.start - 2..t.start] == b" .";
        let free = !overlaps(out, t.start, t.end) && !quote_code;
        let joins = toks[cur.clone()].last().is_some_and(|p| {
            let gap = &s[p.end..t.start];
            // "Hong Kong", "Coca-Cola", not "Pinewire News -- Halden Securities"
            (gap.chars().all(|c| c == ' ') || gap == "-") && !p.possessive
        });
        // "Herald van der Linde", "Bank of Tarvonia", "Quenby & Co": particles join when
        // a capitalised word follows them
        let particle = |w: &str| matches!(w, "&" | "of") || lists.name_particles.contains(w);
        // (asked only of a free word that is not capitalised itself: most words are
        // neither, and the particle is a set lookup)
        let connector = |open: bool| {
            open && particle(t.text)
                && toks[i + 1..]
                    .iter()
                    .find(|n| !particle(n.text))
                    .is_some_and(|n| is_cap(n.text))
        };
        let cap = is_cap(t.text);
        if free && (cap || connector(!cur.is_empty())) && (cur.is_empty() || joins) {
            cur = if cur.is_empty() {
                i..i + 1
            } else {
                cur.start..i + 1
            };
        } else {
            if !cur.is_empty() {
                runs.push(&toks[cur]);
            }
            cur = if free && cap { i..i + 1 } else { i..i };
        }
        if t.possessive && !cur.is_empty() {
            runs.push(&toks[cur]);
            cur = i..i;
        }
    }
    if !cur.is_empty() {
        runs.push(&toks[cur]);
    }
    let title_words = &lists.titles;
    let stop = |t: &Tok| lists.stop_or_title.contains(t.lower);
    // whether a run of words ends with an organisation's suffix ("Ridgeway Securities")
    let ends_org = |run: &[Tok]| {
        let Some((first, last)) = run.first().zip(run.last()) else {
            return false;
        };
        let lower = &lower_s[first.start..last.end];
        let sets = &lists.suffixes;
        [&sets.broker, &sets.investor, &sets.company]
            .iter()
            .any(|set| set.ends(lower, run.len()))
    };
    let suffix_word = |t: &Tok| lists.org_suffixes.contains(t.lower);
    // "Analyst Zhang Wei of Tianfeng Securities", "Wen Shao of Ridgeway Securities": a
    // person of a firm is two names (a person context, or a firm's suffix after "of")
    // (the parts are read as the loop below asks for them, without a list)
    let runs = runs
        .into_iter()
        .flat_map(|run| {
            let j = run.iter().position(|t| t.text == "of");
            let split = j.filter(|&j| {
                let Some(start) = run[..j].iter().position(|t| !stop(t)) else {
                    return false;
                };
                let name = &run[start..j];
                (2..=3).contains(&name.len())
                    && name.iter().all(|t| is_name_word(t.text) && !suffix_word(t))
                    && (person_context(schema, s, lower_s, name[0].start, name[name.len() - 1].end)
                        || ends_org(&run[j + 1..]))
            });
            // (no list of the parts: an array of two, the second part if any)
            match split {
                Some(j) => [Some(&run[..j]), Some(&run[j + 1..])],
                None => [Some(run), None],
            }
        })
        .flatten()
        // "Marlow Foods CEO Ada Voss": a title inside a run parts the firm from the person
        .flat_map(|run| {
            let j = (1..run.len().saturating_sub(2)).find(|&j| {
                title_words.contains(run[j].lower)
                    && !stop(&run[j - 1])
                    && (2..=3).contains(&(run.len() - j - 1))
                    && run[j + 1..].iter().all(|t| is_name_word(t.text))
            });
            match j {
                Some(j) => [Some(&run[..j]), Some(&run[j + 1..])],
                None => [Some(run), None],
            }
        })
        .flatten();
    // the known name a run is written right after ("UBS" before "Global Wealth Management")
    let glued_known = |out: &[Mention], start: usize| {
        out.iter()
            .position(|m| {
                matches!(m.target, Target::Known(_))
                    && m.end + 1 == start
                    && s[m.end..start] == *" "
            })
            .filter(|&p| {
                // a known name ending a sentence-initial ordinary word is no prefix
                out[p]
                    .surface
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            })
    };
    let org_suffix = |lower: &str, n_words: usize| {
        let sets = &lists.suffixes;
        [&sets.broker, &sets.investor, &sets.company, &sets.index]
            .iter()
            .any(|set| set.ends(lower, n_words))
    };
    // (the endings and the token in ASCII lower case: an ending in any ASCII case)
    let place_adjective = |t: &Tok| {
        let ends = &lists.place_adjective_endings;
        ends.ending(t.lower)
            .iter()
            .any(|x| t.lower.ends_with(x.as_str()))
    };
    for mut run in runs {
        // "its Hong Kong-listed stock", "US-traded shares", "Beijing-based": a place made
        // an adjective names no entity
        if run.last().is_some_and(place_adjective) {
            continue;
        }
        // "Tokyo-listed Quenby Electronics": nor does it open a name
        while run.len() > 1 && run.first().is_some_and(place_adjective) {
            run = &run[1..];
        }
        // "UBS Global Wealth Management", "BlackRock Investment Institute": after a known
        // name, a run ending with an organisation suffix keeps its first words
        let keeps_head = run.first().is_some_and(|t| {
            glued_known(out, t.start).is_some_and(|p| {
                let last = &run[run.len() - 1];
                let lower = &lower_s[out[p].start..last.end];
                org_suffix(lower, run.len() + out[p].surface.split_whitespace().count())
            })
        });
        while !keeps_head
            && run
                .first()
                .is_some_and(|t| stop(t) || matches!(t.text, "&" | "of" | "de"))
        {
            run = &run[1..];
        }
        // "Velmora Foods ADRs", "Velmora Foods Shares Jump": a word that is no name word
        // and says what follows a company (`company_cues_after`) ends the name before it
        let security_noun = |t: &Tok| {
            lists.stop.contains(t.lower)
                && lex
                    .company_cues_after
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(t.text))
        };
        while run.last().is_some_and(|t| {
            matches!(t.text, "&" | "of" | "de") || (run.len() > 1 && security_noun(t))
        }) {
            run = &run[..run.len() - 1];
        }
        if run.is_empty() {
            continue;
        }
        let place = |t: &Tok| lists.places.contains(t.lower);
        // "Hong Kong", "North America": "Hong" alone is also a surname ("Hao Hong")
        let all_place = run.iter().enumerate().all(|(k, t)| {
            place(t)
                || (t.text.eq_ignore_ascii_case("hong")
                    && run
                        .get(k + 1)
                        .is_some_and(|n| n.text.eq_ignore_ascii_case("kong")))
        });
        if all_place {
            continue;
        }
        // (asked only of a name that may be a person's: a set lookup of every word)
        let has_place = || run.iter().any(place);
        let start = run[0].start;
        let mut end = run[run.len() - 1].end;
        // "Exaone 4.0": a version number after a name may close a model's name
        // (the regex needs a space and a digit: an ASCII non-digit after the space is none)
        let number_after = match s.as_bytes().get(end..end + 2) {
            Some([b' ', d]) if d.is_ascii() && !d.is_ascii_digit() => None,
            Some([b' ', _]) => VERSION_NUMBER
                .captures(&s[end..])
                .map(|v| end + v.get(1).map_or(0, |g| g.end())),
            _ => None,
        };
        let mut name = &s[start..end];
        let mut lower = &lower_s[start..end];
        let mut words: Vec<&str> = run.iter().map(|t| t.text).collect();
        // a run written right after a known name may continue it ("Geely Capital")
        let glue = glued_known(out, start);
        let (full_lower, full_words) = match glue {
            Some(p) => (
                &lower_s[out[p].start..end],
                words.len() + out[p].surface.split_whitespace().count(),
            ),
            None => (lower, words.len()),
        };
        // "Pell Asset Management SA": a legal form after a fund's or broker's ending does
        // not make it a company (the kind is read from the words before it)
        let (full_lower, full_words) = match lists.legal_form_at_end(full_lower) {
            Some(n) if full_words > 2 => (&full_lower[..full_lower.len() - n], full_words - 1),
            _ => (full_lower, full_words),
        };
        let ticker_after = ticks.iter().find(|t| {
            t.parenthesized && t.explicit && t.start >= end && s[end..t.start].trim().is_empty()
        });
        // "unveiled Spark X1", "its in-house Gauss2 model", "Exaone 4.0, its … model":
        // a versioned name launched or called a model is a model
        let has_version = |words: &[&str]| {
            words.iter().any(|w| {
                w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic)
            }) || words.len() >= 2
                && words[words.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
        };
        let before = lower_s[..start].trim_end();
        let model_context = |end: usize| {
            let after = lower_s[end..].trim_start();
            Words::led_by(&lists.model_launch_leads, before)
                // "its new flagship reasoning model, Orin-3"
                || before.trim_end_matches(',').trim_end().ends_with("model")
                // "Orin-3 and Orin-3 Mini": listed with a model named before
                || out.iter().filter(|m| m.end <= start).max_by_key(|m| m.end).is_some_and(|m| {
                    let model = match &m.target {
                        Target::Known(i) => schema.gazetteer[*i].kind_id == k.model,
                        Target::Found { kind, .. } => *kind == k.model,
                        Target::Version { .. } => true,
                        Target::Sector(_) => false,
                    };
                    model && matches!(s[m.end..start].trim(), "and" | "," | ", and" | "or")
                })
                || lists.model_noun_after(after)
                || (after.starts_with(',') && {
                    let appos = after[1..].split([',', '.', ';']).next().unwrap_or("");
                    appos.contains("model")
                })
        };
        // "its HyperCLOVA X model": a name its owner calls a model needs no version
        // (asked only when the name is about to be typed and has no version, as the
        // model context only of a versioned or owned name: most names are neither, and
        // both read the text around them)
        let name_end = end;
        let owned_model = || {
            lists.model_noun_after(&lower_s[name_end..])
                && Words::led_by(&lists.model_owner_leads, before)
        };
        let mut versioned = has_version(&words);
        if let Some(e2) = number_after.filter(|&e2| model_context(e2)) {
            if !versioned && glue.is_none() {
                end = e2;
                name = &s[start..end];
                lower = &lower_s[start..end];
                words.push(s[..end].rsplit(' ').next().unwrap_or(""));
                versioned = true;
            }
        }
        // "its 3-week high": a duration is no name
        let digits_end = name
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(name.len());
        if digits_end > 0 && super::numbers::is_duration_after(&name[digits_end..]) {
            continue;
        }
        // "Q1", "FY26": a reporting period is no name; nor is a figure ("RMB 4.60"), nor a
        // regulator or a ministry ("the National Press and Publication Administration")
        if words.iter().any(|w| super::numbers::is_period_code(w))
            || words.first().is_some_and(|w| {
                // (a currency code is in capitals: "Tarvo" is not looked up)
                w.bytes().all(|b| b.is_ascii_uppercase()) && super::numbers::is_currency_code(w)
            })
            || words
                .last()
                .is_some_and(|w| spans::contains_lower(&lists.public_body_words, w))
        {
            continue;
        }
        // a known name with a company word after it is the same company or bank ("HSBC
        // Bank"); with a fund's, broker's or index's word it is a new one ("Geely Capital")
        let sets = &lists.suffixes;
        let ends_with = |set: &SuffixSet| {
            if std::ptr::eq(set, &sets.company) {
                set.ends(lower, words.len())
            } else {
                set.ends(full_lower, full_words)
            }
        };
        // the longest suffix decides: "LG AI Research" is an AI lab, "Huatai Research" a broker
        let broker_suffix = sets.broker.longest(full_lower, full_words);
        let lab = broker_suffix > 0 && sets.company.longest(full_lower, full_words) > broker_suffix;
        let before = lower_s[..start]
            .trim_end()
            .trim_end_matches(['"', '“', '\'', ','])
            .trim_end();
        // "chief investment officer of Netwealth", "head of research at Hillcrest": the
        // organisation after a person's title
        let employer_title = [" of", " at", " with"]
            .iter()
            .find_map(|p| {
                let b = before.strip_suffix(p)?;
                lex.person_titles.iter().find(|t| {
                    spans::ends_with(b, t)
                        && b[..b.len() - t.len()]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric())
                })
            })
            .filter(|_| words.iter().all(|w| is_name_word(w)));
        // "market analyst with Kestrel Intelligence Laboratory", "strategist at Tarvo
        // Brokers": a house whose analysts or strategists are quoted on markets is a
        // broker (research), whatever its name's ending says
        let research_house = employer_title.is_some_and(|t| {
            lists
                .staff_nouns
                .contains(t.rsplit(' ').next().unwrap_or(t))
        });
        let kind = if (versioned || owned_model()) && model_context(end) && !ends_with(&sets.index)
        {
            Some(k.model)
        } else if research_house && !ends_with(&sets.investor) {
            Some(k.broker)
        } else if ends_with(&sets.index) {
            Some(k.index)
        } else if broker_suffix > 0 && !lab {
            // (`ends_with(&sets.broker)`, as the longest ending is found: a name ends with
            // a word, so an ending it has is never empty)
            Some(k.broker)
        } else if lab {
            Some(k.company)
        } else if ends_with(&sets.investor) && ticker_after.is_none() {
            Some(k.investor)
        } else if ticker_after.is_some()
            || ends_with(&sets.company)
                && (glue.is_some() || run[..run.len() - 1].iter().any(|t| !place(t)))
        {
            Some(k.company)
        } else if words.len() >= 2
            && words.len() <= 4
            && is_name_word(words[0])
            && is_name_word(words[words.len() - 1])
            && words
                .iter()
                .all(|w| is_name_word(w) || lists.name_particles.contains(*w))
            && !has_place()
            && (person_context(schema, s, lower_s, start, end)
                || owned_by_firm(schema, s, start, out)
                || owns_firm(schema, s, end, out)
                || of_firm(schema, s, end, out)
                || joined_to_person(k, lists, s, start, out))
        {
            Some(k.person)
        } else {
            None
        };
        // context: "upgraded Rheinmetall", "a round led by Benchmark", "Snap shares fell"
        let kind = kind.or_else(|| {
            if words.len() > 4
                || words.iter().all(|w| w.chars().all(|c| c.is_uppercase()))
                    && words.len() == 1
                    && words[0].len() <= 2
            {
                return None;
            }
            let after = lower_s[end..].trim_start();
            let first_word_of_sentence = s[..start].trim().is_empty();
            let ends = |cues: &PhraseIndex| {
                cues.ending(before).iter().any(|c| {
                    spans::ends_with(before, c)
                        && (before.len() == c.len()
                            || before[..before.len() - c.len()]
                                .ends_with(|ch: char| ch.is_whitespace() || ch == '(' || ch == ','))
                })
            };
            let starts = |cues: &PhraseIndex| {
                cues.starting(after).iter().any(|c| {
                    spans::starts_with(after, c)
                        && !after[c.len()..].starts_with(|ch: char| ch.is_alphanumeric())
                })
            };
            // "Alat, a unit of Saudi Arabia's Public Investment Fund": an arm of an investor
            // is an investor, an arm of anything else a company
            let arm = [
                ", a unit of",
                ", an arm of",
                ", a subsidiary of",
                ", a division of",
                ", the investment arm of",
                ", the venture arm of",
                ", the venture capital arm of",
                ", an affiliate of",
            ]
            .iter()
            .find(|c| after.starts_with(**c));
            let arm_of_investor = arm.is_some_and(|c| {
                c.contains("investment") || c.contains("venture") || {
                    let at = end + s[end..].len() - s[end..].trim_start().len() + c.len();
                    out.iter().filter(|m| m.start >= at).min_by_key(|m| m.start).is_some_and(
                        |m| matches!(&m.target, Target::Known(i) if schema.gazetteer[*i].kind_id == k.investor),
                    )
                }
            });
            // "defence stocks such as Rheinmetall and Saab": examples of a group of companies
            let example = before
                .strip_suffix("such as")
                .or_else(|| before.strip_suffix("including"))
                .is_some_and(|b| {
                let noun = b.trim_end().rsplit(' ').next().unwrap_or("");
                [
                    "stocks", "shares", "companies", "firms", "names", "makers", "manufacturers",
                    "producers", "developers", "players", "peers", "rivals", "competitors",
                    "chipmakers", "automakers", "carmakers", "lenders", "banks", "insurers",
                    "startups", "giants", "suppliers", "contractors", "groups", "conglomerates",
                ]
                .contains(&noun)
            });
            // "Rheinmetall and Saab", "ASML, Zentrix and Morvo": the next name of a list of
            // companies, known or discovered; "Vellotica, LVMH and L'Oreal": the first name
            // of a list, joined by "and", of known companies
            let company = |m: &Mention| match &m.target {
                Target::Found { kind, .. } => *kind == k.company,
                Target::Known(i) => schema.gazetteer[*i].kind_id == k.company,
                _ => false,
            };
            let listed = is_name_word(words[0])
                && (joined_before(lists, s, start, out).is_some_and(company)
                    || heads_company_list(lists, s, end, out, &company));
            let employer = employer_title.is_some();
            // "Lumora shares rose", "Lumora's stock jumped": a lone first word is a company
            // when its shares or possessive follow and it is no common word ("Tech
            // shares", "Chinese stocks", "Its shares")
            // "Sumvia sank 20.16%", "Lumora jumped 8% to a record": a move verb with its
            // figure right after is as good ("Tech rose 2%", "Tokyo fell 1%" are not:
            // sector and place words)
            let moved_by_figure = {
                let mut ws = after.split_whitespace();
                let moves = ws.next().is_some_and(|v| lists.move_verbs.contains(v));
                let market_place = words.len() == 1
                    && lists.market_places.contains(&words[0].to_ascii_lowercase());
                moves
                    && !market_place
                    && ws
                        .take(3)
                        .any(|w| w.starts_with(|c: char| c.is_ascii_digit()) && w.contains('%'))
            };
            let workforce = after
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| lists.workforce_nouns.contains(w));
            let share_cue = (after.starts_with("shares ")
                || after.starts_with("stock ")
                || after.starts_with("'s ")
                || after.starts_with("’s ")
                || moved_by_figure
                || workforce)
                && {
                    let w = words[0].to_ascii_lowercase();
                    let w = w.as_str();
                    !lex.sector_modifiers.iter().any(|x| x == w)
                        && !lex.sector_heads.iter().any(|x| x == w)
                        && !lists.place(w)
                        && !lists.stop.contains(w)
                };
            // "TDK, the electronic components maker, soared": an apposition that calls the
            // name a kind of firm (not "Ada Lind, a senior analyst, said")
            let described_firm = described_as_firm(after);
            if ends(&lists.investor_cues_before) || arm_of_investor {
                Some(k.investor)
            } else if research_house {
                Some(k.broker)
            } else if arm.is_some()
                || described_firm
                || employer
                || example
                || listed
                || ends(&lists.company_cues_before)
                || ((starts(&lists.company_cues_after) || workforce)
                    && (words.len() > 1 || !first_word_of_sentence || share_cue))
            {
                Some(k.company)
            } else {
                None
            }
        });
        let kind = kind.or_else(|| {
            let before = s[..start].trim_end();
            let coordinated = before.ends_with(" and") || before.ends_with(',');
            let prev_person = out.last().is_some_and(|m| {
                matches!(&m.target, Target::Found { kind, .. } if *kind == k.person)
                    && s[m.end..start].trim().trim_matches(',').trim() == "and"
            });
            (coordinated
                && prev_person
                && words.len() >= 2
                && words.len() <= 4
                && words
                    .iter()
                    .all(|w| is_name_word(w) || lists.name_particles.contains(*w)))
            .then_some(k.person)
        });
        // a byline: "By Nikhil Sharma and Purvi Agarwal"
        let kind = kind.or_else(|| {
            let line_start = s[..start].trim_start();
            let byline = s.trim_start().starts_with("By ")
                && s.split_whitespace().count() <= 10
                && (line_start == "By"
                    || line_start.ends_with(" and")
                    || line_start.ends_with(" &")
                    || line_start.ends_with(','));
            (byline && (2..=3).contains(&words.len()) && words.iter().all(|w| is_name_word(w)))
                .then_some(k.person)
        });
        let Some(kind) = kind else { continue };
        // "UBS Global Wealth Management", "Geely Capital": a known name that opens an
        // unknown organisation's name is part of it
        let (start, name) = match out.iter().position(|m| {
            matches!(m.target, Target::Known(_)) && m.end + 1 == start && s[m.end..start] == *" "
        }) {
            Some(p) if (k.org() | k.index).has(kind) => {
                let merged_start = out[p].start;
                out.remove(p);
                (merged_start, s[merged_start..end].to_string())
            }
            _ => (start, name.to_string()),
        };
        // an acronym in the plural ("CSPs", "GPUs") names a group, not a company
        if kind != k.index && kind != k.model {
            let w = words[words.len() - 1];
            let plural = w.strip_suffix('s').filter(|stem| stem.len() >= 2);
            let acronym = plural.is_some_and(|stem| {
                stem.len() <= 5 && stem.chars().all(|c| c.is_ascii_uppercase())
            });
            let single_acronym =
                words.len() == 1 && w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase());
            // ("TDK, the electronic components maker," is one)
            if (acronym
                || single_acronym
                    && kind == k.company
                    && !has_suffix_evidence(&lex.suffixes.company, w)
                    && !described_as_firm(lower_s[end..].trim_start()))
                && ticker_after.is_none()
            {
                continue;
            }
        }
        out.push(Mention {
            start,
            end,
            surface: name.clone(),
            target: Target::Found { name, kind },
            rule: match kind {
                _ if kind == k.person => "person-context",
                _ if kind == k.index => "index-suffix",
                _ if ticker_after.is_some() => "name-before-ticker",
                _ => "name-suffix",
            },
            ticker: ticker_after.map(|t| (t.normalized.clone(), t.surface.clone())),
        });
    }
}

/// "Bernstein's Stacy Rasgon": a name right after a broker's or investor's possessive is
/// one of its people.
fn owned_by_firm(schema: &Schema, s: &str, start: usize, out: &[Mention]) -> bool {
    let k = schema.kinds();
    let before = s[..start].trim_end();
    let Some(stem) = before
        .strip_suffix("'s")
        .or_else(|| before.strip_suffix("’s"))
    else {
        return false;
    };
    out.iter().any(|m| {
        m.end == stem.len()
            && match &m.target {
                Target::Known(i) => (k.broker | k.investor).has(schema.gazetteer[*i].kind_id),
                Target::Found { kind, .. } => (k.broker | k.investor).has(*kind),
                _ => false,
            }
    })
}

/// "Elon Musk's xAI", "Cathie Wood's ARK Invest": a name whose possessive is a known
/// firm's is its owner's or leader's.
fn owns_firm(schema: &Schema, s: &str, end: usize, out: &[Mention]) -> bool {
    let k = schema.kinds();
    let rest = &s[end..];
    let Some(gap) = ["'s ", "’s "].iter().find(|p| rest.starts_with(**p)) else {
        return false;
    };
    let at = end + gap.len();
    let known = out.iter().any(|m| {
        m.start == at
            && matches!(&m.target, Target::Known(i)
                if k.org().has(schema.gazetteer[*i].kind_id))
    });
    // "Ruben Ostrow's Halcyon Robotics Inc.": a firm the gazetteer does not know
    known || org_run_at(schema, s, at)
}

/// "Wen Shao of Ridgeway Securities", "Ida Holm at Norvik Capital": a name followed by
/// "of" or "at" and a firm's name (one the gazetteer knows as a broker or investor, or
/// a run with a firm's ending). Not "Lumora at Ostrava" (no firm) nor a company's own
/// name ("Halden Motors at the Paris show": a company suffix is no person).
fn of_firm(schema: &Schema, s: &str, end: usize, out: &[Mention]) -> bool {
    let k = schema.kinds();
    let Some(gap) = [" of ", " at "].iter().find(|p| s[end..].starts_with(**p)) else {
        return false;
    };
    let at = end + gap.len();
    let known_firm = out.iter().any(|m| {
        m.start == at
            && matches!(&m.target, Target::Known(i)
                if (k.broker | k.investor).has(schema.gazetteer[*i].kind_id))
    });
    known_firm || org_run_at(schema, s, at)
}

/// Whether the capitalised words at `at` name an organisation by its suffix (two to
/// five words, the last a broker's, investor's or company's ending).
fn org_run_at(schema: &Schema, s: &str, at: usize) -> bool {
    let lex = &schema.lexicon;
    let words: Vec<&str> = s[at..]
        .split_whitespace()
        .take_while(|w| w.starts_with(char::is_uppercase))
        .take(5)
        .collect();
    (2..=words.len()).any(|n| {
        let last = words[n - 1]
            .trim_end_matches([',', ';', ':', '.'])
            .to_ascii_lowercase();
        lex.suffixes.company.contains(&last)
            || lex.suffixes.broker.contains(&last)
            || lex.suffixes.investor.contains(&last)
    })
}

/// Whether a single word is itself a company suffix (so it carries no name).
fn has_suffix_evidence(suffixes: &[String], w: &str) -> bool {
    suffixes.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Whether the words around `start..end` mark a person: a job title or a speech verb.
fn person_context(schema: &Schema, s: &str, lower: &str, start: usize, end: usize) -> bool {
    let lex = &schema.lexicon;
    let before = lower[..start].trim_end();
    // "senior Asia economist with Capital Economics, said": the name after a title and
    // its preposition is the employer, though a speech verb follows it
    let employer_slot = [" with", " at", " of", " for"].iter().any(|p| {
        before
            .strip_suffix(p)
            .is_some_and(|b| lex.person_titles.iter().any(|t| spans::ends_with(b, t)))
    });
    if employer_slot {
        return false;
    }
    let after = lower[end..].trim_start();
    let after = after.trim_start_matches([',', ' ']);
    let after = after
        .strip_prefix("a ")
        .or(after.strip_prefix("an "))
        .or(after.strip_prefix("the "))
        .unwrap_or(after);
    // "Nvidia CEO Jensen Huang", "a former Goldman Sachs analyst, Lin Yue"
    let before_title = before.trim_end_matches(',').trim_end();
    let title_before = lex
        .person_titles
        .iter()
        .any(|t| spans::ends_with(before_title, t));
    // "Arthur Chen, a former JPMorgan analyst, …": a title in the apposition
    let appositive = s[end..].trim_start().strip_prefix(',').is_some_and(|rest| {
        let raw = rest
            .split([',', ';', '.'])
            .next()
            .unwrap_or("")
            .trim_start();
        let seg = raw.to_ascii_lowercase();
        let article = seg.starts_with("a ") || seg.starts_with("an ") || seg.starts_with("the ");
        // "Tomas Brandt, senior economist with Kellmark Research, said": no article,
        // but the title names its organisation (not "Lumora, maker of chips for Ostrava")
        let employer_at = [" at ", " with ", " of ", " for "]
            .iter()
            .filter_map(|p| {
                raw.find(p)
                    .filter(|i| raw[i + p.len()..].starts_with(|c: char| c.is_ascii_uppercase()))
            })
            .min();
        // the title is counted up to its organisation, whose name may be long:
        // "Ida Holm, global and FX market strategist at Norvik Securities International"
        let title = &seg[..employer_at.unwrap_or(seg.len())];
        (article || employer_at.is_some())
            && title.split_whitespace().count() <= 6
            && lex.person_titles.iter().any(|t| contains(title, t))
    });
    let speech_before = [
        "said",
        "says",
        "according to",
        "by",
        "wrote",
        "noted",
        "added",
    ]
    .iter()
    .any(|w| before.ends_with(w));
    let title_after = lex
        .person_titles
        .iter()
        .any(|t| after.starts_with(t.as_str()));
    let speech_after = [
        "said",
        "says",
        "wrote",
        "noted",
        "added",
        "told",
        "expects",
        "believes",
        "highlighted",
        "estimated",
        "anticipated",
        "warned",
        "called",
    ]
    .iter()
    .any(|w| after.starts_with(w));
    // "Ada Voss, Marlow Foods' CEO" or "…, Marlow’s CEO": either apostrophe
    let org_after = s[end..].trim_start().starts_with(',')
        && ["'s ", "’s ", "s' ", "s’ "]
            .iter()
            .any(|p| after.contains(p))
        && lex.person_titles.iter().any(|t| after.contains(t.as_str()));
    // "Gil Amari, who manages portfolios at …", "Ines Calder now heads research at …":
    // a person leads, manages or joined an organisation
    let leads = |text: &str| {
        let ws: Vec<&str> = text.split_whitespace().take(3).collect();
        ws.iter().any(|w| {
            lex.classes
                .get("lead_verbs")
                .is_some_and(|l| l.iter().any(|v| v == w))
        }) && ws.first().is_some_and(|w| !w.ends_with(','))
    };
    let who = s[end..]
        .trim_start()
        .strip_prefix(", who ")
        .is_some_and(|rest| leads(&lower[lower.len() - rest.len()..]));
    let now = after.starts_with("now ") && leads(after);
    title_before
        || speech_before
        || title_after
        || speech_after
        || org_after
        || appositive
        || who
        || now
}

/// The mention written right before `start`, when only a list joint stands between
/// ("and", a comma, ", and"): the name before in "Rheinmetall and Saab".
fn joined_before<'m>(
    lists: &Words,
    s: &str,
    start: usize,
    out: &'m [Mention],
) -> Option<&'m Mention> {
    out.iter()
        .filter(|m| m.end <= start)
        .max_by_key(|m| m.end)
        .filter(|m| lists.name_joints.contains(s[m.end..start].trim()))
}

/// "analysts Marta Lind and Omar Haddad": a name joined by "and" (or a comma) to a person
/// found just before it is a person too.
fn joined_to_person(k: &CoreKinds, lists: &Words, s: &str, start: usize, out: &[Mention]) -> bool {
    joined_before(lists, s, start, out)
        .is_some_and(|m| matches!(&m.target, Target::Found { kind, .. } if *kind == k.person))
}

/// Whether the name ending at `end` opens a list of companies: the names after it are
/// joined by commas and end with "and" or "or", and each is a company ("Vellotica, LVMH
/// and L'Oreal"; not "Tarvo, Tencent rose": no "and" closes a list).
fn heads_company_list(
    lists: &Words,
    s: &str,
    end: usize,
    out: &[Mention],
    company: &dyn Fn(&Mention) -> bool,
) -> bool {
    let mut at = end;
    let mut closed = false;
    let mut after: Vec<&Mention> = out.iter().filter(|m| m.start >= end).collect();
    after.sort_by_key(|m| m.start);
    for m in after {
        let gap = s[at..m.start].trim();
        match gap {
            "," => {}
            _ if lists.name_joints.contains(gap) => closed = true,
            _ => break,
        }
        if !company(m) {
            return false;
        }
        at = m.end;
        if closed {
            return true;
        }
    }
    false
}

/// "its cloud business", "the company's Hong Kong-listed stock": a phrase after a
/// firm's possessive is the firm's own segment or share class, no sector ("China's
/// internet sector", "the world's chip sector" are sectors).
fn owned_by_firm_word(schema: &Schema, s: &str, start: usize) -> bool {
    let before = s[..start].trim_end();
    // (the last word compared in ASCII lower case without a lower-case copy: a place
    // word matches as the lexicon writes it, "china" only if it is written "china")
    fn last(b: &str) -> &str {
        b.rsplit(' ').next().unwrap_or(b)
    }
    let lower_is = |w: &str, p: &str| {
        w.len() == p.len()
            && w.bytes()
                .zip(p.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    };
    if last(before).eq_ignore_ascii_case("its") || last(before).eq_ignore_ascii_case("their") {
        return true;
    }
    before
        .strip_suffix("'s")
        .or_else(|| before.strip_suffix("’s"))
        .map(last)
        .is_some_and(|w| {
            !w.eq_ignore_ascii_case("world")
                && !schema.lexicon.place_words.iter().any(|p| lower_is(w, p))
        })
}

/// Generic sector phrases: one to four modifier words before a sector head noun.
fn sector_phrases(
    schema: &Schema,
    sw: &SectorWords,
    head_spans: &[(u32, u32)],
    s: &str,
    lower: &str,
    taken: &[Mention],
) -> Vec<Mention> {
    let k = schema.kinds();
    // (called only when a head is somewhere in the lower-case text: `Scan::sector_heads`)
    // The words up to the last place a head starts, and the word after it: a phrase
    // ends at a head and reads the word after it, no word further on ("Chinese
    // property developers rose as the yuan firmed" stops at "rose").
    let last_head = head_spans
        .iter()
        .map(|&(hs, _)| hs as usize)
        .max()
        .unwrap_or(0);
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(spans::word_capacity(s));
    let mut further = spans::words(s);
    for w in further.by_ref() {
        words.push(w);
        if w.0 > last_head {
            break;
        }
    }
    let mut out: Vec<Mention> = Vec::new();
    // a headline in Title Case capitalises ordinary words: trust only known modifiers
    // there (every word of the sentence counted, the further ones read only when a
    // capitalised word asks)
    let mut headline: Option<bool> = None;
    let mut is_headline = || {
        *headline.get_or_insert_with(|| {
            let capital =
                |&(a, _): &(usize, usize)| usize::from(s[a..].starts_with(char::is_uppercase));
            let (mut n, mut caps) = (words.len(), words.iter().map(capital).sum::<usize>());
            for w in further.by_ref() {
                n += 1;
                caps += capital(&w);
            }
            n >= 4 && caps * 10 >= n * 6
        })
    };
    // "Chinese property developers'": a word's end without its possessive endings
    // (what trim_end_matches("'s") then trim_end_matches("’s") give, without a
    // substring searcher built for each word)
    let head_end = |(hs, he): (usize, usize)| {
        let mut head = &lower[hs..he];
        while let Some(h) = head.strip_suffix("'s") {
            head = h;
        }
        while let Some(h) = head.strip_suffix("’s") {
            head = h;
        }
        hs + head.len()
    };
    // The words the scan found a head at, in order: a head in the set is a phrase of
    // the scan's automaton, found where it is written (the word's start and its end
    // without a possessive), so the other words are not looked at.
    let mut head_words: Vec<usize> = head_spans
        .iter()
        .filter_map(|&(hs, he)| {
            let i = words.binary_search_by_key(&(hs as usize), |w| w.0).ok()?;
            (head_end(words[i]) == he as usize).then_some(i)
        })
        .collect();
    head_words.sort_unstable();
    head_words.dedup();
    for i in head_words {
        let hs = words[i].0;
        let he = head_end(words[i]);
        let head = &lower[hs..he];
        if !sw.heads.contains(head) || overlaps(taken, hs, he) {
            continue;
        }
        // "Chief Market Analyst", "equities strategist": the head belongs to a job title
        if words.get(i + 1).is_some_and(|&(ns, ne)| {
            s[he..ns].trim().is_empty()
                && schema
                    .lexicon
                    .person_titles
                    .iter()
                    .any(|t| s[ns..ne].eq_ignore_ascii_case(t))
        }) {
            continue;
        }
        let mut first = i;
        while first > 0 && i - first < 5 {
            let (ps, pe) = words[first - 1];
            let gap = &s[pe..words[first].0];
            if !(gap == " " || gap == "-" || gap == "–") {
                break;
            }
            let written = &s[ps..pe];
            let w = &lower[ps..pe];
            if sw.breaks.contains(w) {
                break;
            }
            let capital = written.chars().next().is_some_and(char::is_uppercase);
            let known = sw.modifiers.contains(w)
                || sw.heads.contains(w)
                || adjective_like(w)
                || w.split('-').all(|part| sw.modifiers.contains(part));
            // a capitalised word opening the sentence is an ordinary word, not a name
            let sentence_start = s[..ps].trim().is_empty();
            let proper_name = capital && !sentence_start && !is_headline();
            if !known && !proper_name {
                break;
            }
            first -= 1;
        }
        // a mention inside the phrase must be whole ("Hong Kong internet stocks" keeps its place name)
        let start = words[first].0;
        // "Miners fell 2%", "gains in insurers": an industry's plural stands alone when no
        // other word is joined to it ("central banks" is no sector)
        let alone = first == i
            && sw.alone.contains(head)
            && (i == 0
                || s[words[i - 1].1..hs].trim() != ""
                || sw.breaks.contains(&lower[words[i - 1].0..words[i - 1].1]));
        if (first == i && !alone) || taken.iter().any(|m| m.start < start && start < m.end) {
            continue;
        }
        if owned_by_firm_word(schema, s, start) {
            continue;
        }
        // "the HK-listed stock", "this Shenzhen-listed stock": one security after a
        // determiner points back at the company, unlike "HK-listed stocks"
        if sw.single.contains(head)
            && first > 0
            && sw
                .single_determiners
                .contains(&lower[words[first - 1].0..words[first - 1].1])
        {
            continue;
        }
        let phrase = &s[start..he];
        // a phrase that is only a known entity plus a head ("Alibaba shares") is not a sector
        if taken
            .iter()
            .any(|m| m.start == start && s[m.end..he].split_whitespace().count() <= 1)
        {
            continue;
        }
        // "stock market" ends at "market", not at "stock": the longer phrase wins
        out.retain(|m: &Mention| !(m.start >= start && m.end <= he));
        // "the highway/port sectors", "aviation/airport stocks": words joined by slashes
        // share the head, each names its own sector ("highway sector", "port sector")
        if i - first == 1 && !matches!(head, "index" | "gauge") {
            let shared = match head {
                "sectors" => "sector",
                "industries" => "industry",
                other => other,
            };
            let mut parts = vec![(start, start)];
            let mut w = first;
            while w > 0 && parts.len() < 6 {
                let (ps, pe) = words[w - 1];
                let lw = &lower[ps..pe];
                if &s[pe..words[w].0] != "/"
                    || !(sw.modifiers.contains(lw) || adjective_like(lw))
                    || overlaps(taken, ps, pe)
                {
                    break;
                }
                parts.push((ps, pe));
                w -= 1;
            }
            if parts.len() > 1 {
                parts[0].1 = words[first].1;
                parts.reverse();
                out.retain(|m: &Mention| !(m.start >= parts[0].0 && m.end <= he));
                for (n, &(ps, pe)) in parts.iter().enumerate() {
                    let end = if n + 1 == parts.len() { he } else { pe };
                    let name = format!("{} {shared}", &s[ps..pe]);
                    out.push(Mention {
                        start: ps,
                        end,
                        surface: s[ps..end].to_string(),
                        target: Target::Found {
                            name,
                            kind: k.sector,
                        },
                        rule: "sector-phrase",
                        ticker: None,
                    });
                }
                continue;
            }
        }
        // "an onshore Nasdaq-style tech index": a described index is an index
        let index = matches!(head, "index" | "gauge") && i - first >= 2;
        out.push(Mention {
            start,
            end: he,
            surface: phrase.to_string(),
            target: Target::Found {
                name: phrase.to_string(),
                kind: if index { k.index } else { k.sector },
            },
            rule: if index {
                "index-phrase"
            } else {
                "sector-phrase"
            },
            ticker: None,
        });
    }
    out
}

/// The phrases of a list filed by the byte a text must end with (or start with) to hold
/// one: a text's end is compared only with the phrases ending with its last byte
/// ("upgraded" for "analysts upgraded"), not with the whole list (the company cues
/// before a name are ninety phrases, asked of most names discovery types by context).
/// A bucket keeps the list's order; an empty phrase is in every bucket.
#[derive(Debug)]
struct PhraseIndex {
    /// Whether the phrases are filed by their last byte (by their first otherwise).
    by_last: bool,
    /// A bucket for each byte, then one for the empty text.
    buckets: Vec<Vec<String>>,
}

impl PhraseIndex {
    fn new(phrases: impl IntoIterator<Item = String>, by_last: bool) -> PhraseIndex {
        let mut buckets = vec![Vec::new(); 257];
        for p in phrases {
            let key = if by_last {
                p.as_bytes().last()
            } else {
                p.as_bytes().first()
            };
            match key {
                Some(&b) => buckets[usize::from(b)].push(p),
                None => buckets.iter_mut().for_each(|b| b.push(p.clone())),
            }
        }
        PhraseIndex { by_last, buckets }
    }

    fn by_last_byte(phrases: impl IntoIterator<Item = String>) -> PhraseIndex {
        PhraseIndex::new(phrases, true)
    }

    fn by_first_byte(phrases: impl IntoIterator<Item = String>) -> PhraseIndex {
        PhraseIndex::new(phrases, false)
    }

    /// The phrases `text` may end with, in the list's order (an index by last byte).
    fn ending(&self, text: &str) -> &[String] {
        debug_assert!(self.by_last);
        self.bucket(text.as_bytes().last())
    }

    /// The phrases `text` may start with, in the list's order (an index by first byte).
    fn starting(&self, text: &str) -> &[String] {
        debug_assert!(!self.by_last);
        self.bucket(text.as_bytes().first())
    }

    fn bucket(&self, key: Option<&u8>) -> &[String] {
        &self.buckets[key.map_or(256, |&b| usize::from(b))]
    }
}

/// The name endings of each kind of organisation (the lexicon's `suffixes`).
#[derive(Debug)]
struct SuffixSets {
    broker: SuffixSet,
    investor: SuffixSet,
    company: SuffixSet,
    index: SuffixSet,
}

/// A list of organisation suffixes as a set: which of them a lower-case name ends with
/// is a lookup of each of the name's word endings ("kestrel capital management":
/// "capital management", then "management") instead of a test of every suffix.
#[derive(Debug)]
struct SuffixSet(HashSet<String>);

impl SuffixSet {
    fn new(list: &[String]) -> SuffixSet {
        SuffixSet(list.iter().cloned().collect())
    }

    /// The lengths of the suffixes `lower`, a name of `n_words` words, ends with as
    /// whole words, longest first, each with at least one word before it ("kestrel
    /// capital" ends with "capital"; "capital" alone does not).
    fn lengths<'l>(&'l self, lower: &'l str, n_words: usize) -> impl Iterator<Item = usize> + 'l {
        // (the text after each space: a suffix starts there)
        memchr::memchr_iter(b' ', lower.as_bytes()).filter_map(move |space| {
            let suffix = &lower[space + 1..];
            (self.0.contains(suffix) && n_words > suffix.split_whitespace().count())
                .then_some(suffix.len())
        })
    }

    /// Whether `lower`, a name of `n_words` words, ends with one of the suffixes.
    fn ends(&self, lower: &str, n_words: usize) -> bool {
        self.lengths(lower, n_words).next().is_some()
    }

    /// The length of the longest suffix `lower` ends with, 0 if none.
    fn longest(&self, lower: &str, n_words: usize) -> usize {
        self.lengths(lower, n_words).next().unwrap_or(0)
    }
}

/// A lower-case word shaped like an adjective ("vertical", "cyclical", "automotive",
/// "Hong Kong-listed"): it may modify a sector head.
fn adjective_like(w: &str) -> bool {
    let long = |n: usize| w.chars().count() >= n;
    (w.ends_with("al") && long(6))
        || (w.ends_with("ic") && long(5))
        || (w.ends_with("ive") && long(7))
        || (w.ends_with("ous") && long(6))
        || (w.ends_with("ese") && long(6))
        || (w.ends_with("ian") && long(6))
        || (w.ends_with("ern") && long(6))
        || [
            "-listed",
            "-based",
            "-related",
            "-driven",
            "-linked",
            "-focused",
            "-heavy",
            "-oriented",
        ]
        .iter()
        .any(|x| w.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test before the version regex passes every text the regex matches.
    #[test]
    fn a_version_is_only_skipped_where_none_can_open() {
        for rest in [
            "3",
            " R2",
            "-V3",
            " Medium 3",
            " ٣",
            "'s shares",
            " said",
            "",
            " -3",
        ] {
            if VERSION.is_match(rest) {
                assert!(may_open_version(rest), "{rest:?}");
            }
        }
        assert!(!may_open_version(" said"));
        assert!(may_open_version(" R2"));
        proptest::proptest!(|(rest in "[ -]{0,2}[A-Za-z0-9٣３ .'%-]{0,8}")| {
            proptest::prop_assert!(!VERSION.is_match(&rest) || may_open_version(&rest));
        });
    }

    /// The index names of slash lists and quoted lists are still found behind the
    /// quick tests for a slash, a quote and "ind"; sentences without them find none.
    #[test]
    fn slash_and_quoted_indices_pass_their_quick_tests() {
        let schema = Schema::bundled().unwrap();
        let k = schema.kinds();
        let names = |f: fn(&CoreKinds, &str, &mut Vec<Mention>), s: &str| {
            let mut out = Vec::new();
            f(k, s, &mut out);
            out.into_iter().map(|m| m.surface).collect::<Vec<_>>()
        };
        assert_eq!(
            names(
                slash_indices,
                "Shares in the Tarvo Mining/Energy Index rose."
            ),
            ["Tarvo Mining Index", "Tarvo Energy Index"]
        );
        assert!(names(slash_indices, "The Tarvo Mining/Energy index rose.").is_empty());
        assert!(names(slash_indices, "The Tarvo Mining Index rose.").is_empty());
        assert_eq!(
            names(
                quoted_indices,
                "Quenby built \"Tarvo Power Chain\" and “Ridge Grid” indices."
            ),
            ["Tarvo Power Chain Index", "Ridge Grid Index"]
        );
        assert!(names(quoted_indices, "Quenby built the Tarvo Power Chain index.").is_empty());
        assert!(names(quoted_indices, "Quenby called it \"Tarvo Power Chain\".").is_empty());
    }

    /// A token's possessive ending is cut ("'s", "’s", a bare apostrophe), a closing
    /// dot too unless it ends an abbreviation ("Inc."), and its lower-case text is the
    /// lower-case sentence's.
    #[test]
    fn tokens_cut_possessives_and_closing_dots() {
        let s = "Quenby’s Smiths' rock'' Tarvo Inc. went to the U.S. via AB's É’ unit.";
        let lower = s.to_ascii_lowercase();
        let toks = tokens(s, &lower);
        let got: Vec<(&str, &str, bool)> = toks
            .iter()
            .map(|t| (t.text, t.lower, t.possessive))
            .collect();
        assert_eq!(
            got,
            [
                ("Quenby", "quenby", true),
                ("Smiths", "smiths", false),
                ("rock'", "rock'", false),
                ("Tarvo", "tarvo", false),
                ("Inc.", "inc.", false),
                ("went", "went", false),
                ("to", "to", false),
                ("the", "the", false),
                ("U.S", "u.s", false),
                ("via", "via", false),
                ("AB", "ab", true),
                ("É", "É", false),
                ("unit", "unit", false),
            ]
        );
        assert!(toks.iter().all(|t| &s[t.start..t.end] == t.text));
        assert!(is_cap("Tarvo") && is_cap("Éclat") && is_cap("3M") && !is_cap("3.5"));
        assert!(!is_cap("tarvo") && !is_cap("éclat") && !is_cap(""));
    }

    /// Runs of capitalised words are parted at "of" after a person's name, at a title
    /// inside them, and closed by a possessive; each part is typed on its own.
    #[test]
    fn runs_are_parted_and_typed() {
        let schema = Schema::bundled().unwrap();
        let finder = MentionFinder::new(&schema);
        let k = schema.kinds();
        let found = |s: &str| {
            let mut out = Vec::new();
            discover(
                &schema,
                &finder.words,
                s,
                &s.to_ascii_lowercase(),
                &[],
                &mut out,
            );
            out.into_iter()
                .map(|m| match m.target {
                    Target::Found { name, kind } => (name, kind),
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("Analyst Ines Calder of Ridgeway Securities said the yuan fell."),
            [
                ("Ines Calder".to_string(), k.person),
                ("Ridgeway Securities".to_string(), k.broker)
            ]
        );
        assert_eq!(
            found("Marlow Foods CEO Ada Voss said sales rose."),
            [
                ("Marlow Foods".to_string(), k.company),
                ("Ada Voss".to_string(), k.person)
            ]
        );
        // a place adjective in any case opens no name; context cues type a lone name
        assert_eq!(
            found("They said Tokyo-Listed Quenby Electronics rose."),
            [("Quenby Electronics".to_string(), k.company)]
        );
        assert_eq!(
            found("The round was led by Ostrava, and analysts upgraded Lumora."),
            [
                ("Ostrava".to_string(), k.investor),
                ("Lumora".to_string(), k.company)
            ]
        );
        assert_eq!(
            found("Traders said Velmora shares rose."),
            [("Velmora".to_string(), k.company)]
        );
        assert_eq!(
            found("Herald van der Linde said Quenby’s Tarvo Capital grew."),
            [
                ("Herald van der Linde".to_string(), k.person),
                ("Tarvo Capital".to_string(), k.investor)
            ]
        );
    }

    /// A phrase index gives every phrase a text may end (or start) with, in the list's
    /// order, and an empty phrase with any text.
    #[test]
    fn phrase_index_files_phrases_by_their_end_or_start() {
        let list = ["led by", "sa", "", "backed by", "s.a."].map(String::from);
        let last = PhraseIndex::by_last_byte(list.clone());
        assert_eq!(last.ending("a round led by"), ["led by", "", "backed by"]);
        assert_eq!(last.ending("tarvo sa"), ["sa", ""]);
        assert_eq!(last.ending(""), [""]);
        let first = PhraseIndex::by_first_byte(list.clone());
        assert_eq!(first.starting("sa, the firm"), ["sa", "", "s.a."]);
        assert_eq!(first.starting("x"), [""]);
        for text in ["a round led by", "tarvo sa", "s.a.", "", "x", "backed by"] {
            let ends: Vec<&String> = list.iter().filter(|p| text.ends_with(p.as_str())).collect();
            let indexed: Vec<&String> = last
                .ending(text)
                .iter()
                .filter(|p| text.ends_with(p.as_str()))
                .collect();
            assert_eq!(ends, indexed, "{text}");
            let starts: Vec<&String> = list
                .iter()
                .filter(|p| text.starts_with(p.as_str()))
                .collect();
            let indexed: Vec<&String> = first
                .starting(text)
                .iter()
                .filter(|p| text.starts_with(p.as_str()))
                .collect();
            assert_eq!(starts, indexed, "{text}");
        }
        // the lexicon's legal forms and context cues, through it
        let finder = MentionFinder::new(&Schema::bundled().unwrap());
        let words = &finder.words;
        assert_eq!(words.legal_form_at_end("pell asset management sa"), Some(3));
        assert_eq!(words.legal_form_at_end("pell asset managementsa"), None);
        assert!(words
            .investor_cues_before
            .ending("a round led by")
            .contains(&"led by".into()));
        assert!(words
            .company_cues_after
            .starting("shares rose")
            .contains(&"shares".into()));
    }

    #[test]
    fn suffixes_end_a_name_as_whole_words_after_a_word() {
        let set = SuffixSet::new(&[
            "capital".to_string(),
            "capital management".to_string(),
            "management".to_string(),
        ]);
        assert!(set.ends("kestrel capital", 2));
        assert!(!set.ends("capital", 1), "no word before it");
        assert!(!set.ends("kestrelcapital", 1));
        assert!(!set.ends("kestrel capital ltd", 3));
        let longest = set.longest("kestrel capital management", 3);
        assert_eq!(longest, "capital management".len());
        assert_eq!(set.longest("capital management", 2), "management".len());
        assert_eq!(
            set.longest("kestrel capital management", 2),
            "management".len()
        );
    }
}
