//! Resolution: mentions of one document → canonical entities.
//!
//! Gazetteer mentions resolve to their entry; discovered names resolve to a known
//! entry when their normalised form is one of its names, to an earlier entity when
//! one name is a word-prefix of the other (`Mistral` → `Mistral AI`), and a lone
//! surname resolves to the person it belongs to.

use crate::schema::{CoreKinds, KindId};
use crate::text::normalize_name;
use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;
use std::collections::BTreeSet;

/// The rule of an entity found by its gazetteer entry.
pub const GAZETTEER: &str = "gazetteer";

/// One canonical entity of a document.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: KindId,
    /// Surface forms and known aliases.
    pub aliases: BTreeSet<String>,
    /// Normalised tickers.
    pub tickers: BTreeSet<String>,
    /// Mentions in the document.
    pub mentions: usize,
    /// For a model, its developer's canonical name.
    pub developer: Option<String>,
    /// Whether the entity was named as an entity (sectors are kept only when related).
    pub named: bool,
    /// Found by a discovery rule rather than the gazetteer (its kind is a guess that
    /// later context may correct).
    pub discovered: bool,
    /// A news publisher (the lexicon's `publishers`): cited as a source, it is never a
    /// relation end and owns no figure ("…, Reuters reported").
    pub source: bool,
    /// What found it (see [`Registry::note_rule`]): `gazetteer`, a discovery
    /// rule, or empty when no mention rule named it.
    pub rule: &'static str,
}

/// A name's normalised form and its known aliases' (in their order), computed once
/// for a schema: what [`Registry::add`] would compute again at every mention of a
/// gazetteer entry or a lexicon sector.
#[derive(Debug, Clone)]
pub(crate) struct NormalizedNames {
    pub name: String,
    pub aliases: Vec<String>,
}

impl NormalizedNames {
    pub(crate) fn of(name: &str, aliases: &[String]) -> NormalizedNames {
        NormalizedNames {
            name: normalize_name(name),
            aliases: aliases.iter().map(|a| normalize_name(a)).collect(),
        }
    }
}

/// The entities of one document, with lookup by normalised name.
#[derive(Debug)]
pub struct Registry {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// The ontology's kinds that resolution and the rules name.
    pub k: CoreKinds,
    /// Normalised name, alias or surface → the entity that claimed it first. An
    /// entity's own normalised name is always its own claim (an entity is made only
    /// for a name nothing claimed), so the claim also answers which entity has a
    /// name, without a map of the names of its own.
    by_norm: HashMap<String, Claim>,
    /// Every proper word-prefix of an entity's normalised name ("mistral" of
    /// "mistral ai") → the entities that have it, in index order.
    by_prefix: HashMap<String, Indices>,
    /// The last word of every person's name of two words or more → those people, in
    /// index order. Only the entities made as people are filed: a lone surname is
    /// resolved with the mentions, where no entity's kind changes, and the later
    /// passes retype people as firms, never a firm as a person (`surname` checks the
    /// kind again). Filing every name's last word made "Capital" the list of every "…
    /// Capital" of a document, scanned for a person at each lone "Capital".
    by_surname: HashMap<String, Indices>,
}

impl Registry {
    /// An empty registry for one document.
    pub fn new(k: CoreKinds) -> Registry {
        Registry {
            entities: Vec::new(),
            k,
            by_norm: HashMap::new(),
            by_prefix: HashMap::new(),
            by_surname: HashMap::new(),
        }
    }

    /// The kind of an entity.
    pub fn kind(&self, e: usize) -> KindId {
        self.entities[e].kind
    }

    /// Index of the entity with this normalised name, if any.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.lookup_normalized(&normalize_name(name))
    }

    /// [`Registry::lookup`] of a name whose normalised form `norm` is at hand.
    pub(crate) fn lookup_normalized(&self, norm: &str) -> Option<usize> {
        self.by_norm.get(norm).map(|c| c.entity)
    }

    /// Add (or find) an entity and count one mention of it under `surface`.
    pub fn add(
        &mut self,
        name: &str,
        kind: KindId,
        surface: &str,
        known_aliases: &[String],
    ) -> usize {
        let norm = normalize_name(name);
        self.add_with(name, &norm, kind, surface, known_aliases, |a| {
            normalize_name(&known_aliases[a])
        })
    }

    /// [`Registry::add`] for a name whose normalised forms were computed once for the
    /// schema (a gazetteer entry's, a lexicon sector's): `norm` is `name`'s and
    /// `alias_norms` those of `known_aliases`, in their order.
    pub(crate) fn add_normalized(
        &mut self,
        (name, norm): (&str, &str),
        (known_aliases, alias_norms): (&[String], &[String]),
        kind: KindId,
        surface: &str,
    ) -> usize {
        debug_assert_eq!(alias_norms.len(), known_aliases.len());
        self.add_with(name, norm, kind, surface, known_aliases, |a| {
            alias_norms[a].clone()
        })
    }

    /// [`Registry::add`], given `name`'s normalised form and a way to the normalised
    /// form of the known alias at an index (asked only when the entity is new).
    fn add_with(
        &mut self,
        name: &str,
        norm: &str,
        kind: KindId,
        surface: &str,
        known_aliases: &[String],
        alias_norm: impl Fn(usize) -> String,
    ) -> usize {
        let idx = match self.by_norm.get(norm) {
            Some(c) => c.entity,
            None => {
                self.entities.push(Entity {
                    name: name.to_string(),
                    kind,
                    aliases: BTreeSet::new(),
                    tickers: BTreeSet::new(),
                    mentions: 0,
                    developer: None,
                    named: kind != self.k.sector,
                    discovered: false,
                    source: false,
                    rule: "",
                });
                let i = self.entities.len() - 1;
                for (p, _) in norm.match_indices(' ') {
                    Indices::push(self.by_prefix.entry(norm[..p].to_string()), i);
                }
                // the last word of a person's name of two words or more (its first word
                // read from the front, its last from the back)
                if kind == self.k.person {
                    let mut words = name.split_whitespace();
                    if let (Some(_), Some(last)) = (words.next(), words.next_back()) {
                        Indices::push(self.by_surname.entry(last.to_string()), i);
                    }
                }
                self.by_norm.insert(norm.to_string(), Claim::own_name(i));
                for (a, alias) in known_aliases.iter().enumerate() {
                    self.by_norm
                        .entry(alias_norm(a))
                        .or_insert(Claim::other_name(i));
                    self.entities[i].aliases.insert(alias.clone());
                }
                i
            }
        };
        let e = &mut self.entities[idx];
        e.mentions += 1;
        // an alias met before has its normalised form looked up already
        if surface != e.name && !e.aliases.contains(surface) {
            e.aliases.insert(surface.to_string());
            self.by_norm
                .entry(normalize_name(surface))
                .or_insert(Claim::other_name(idx));
        }
        idx
    }

    /// Note the rule of a mention of entity `idx`: the gazetteer wins over any
    /// discovery rule, otherwise the first rule noted stays.
    pub fn note_rule(&mut self, idx: usize, rule: &'static str) {
        let e = &mut self.entities[idx];
        if e.rule.is_empty() || (rule == GAZETTEER && e.rule != GAZETTEER) {
            e.rule = rule;
        }
    }

    /// Find an earlier entity a discovered name refers to: same normalised name, a
    /// word-prefix relation between names of the same kind, or a person's surname.
    pub fn corefer(&self, name: &str, kind: KindId) -> Option<usize> {
        self.corefer_normalized(&normalize_name(name), kind)
    }

    /// [`Registry::corefer`] of a name whose normalised form `norm` is at hand.
    pub(crate) fn corefer_normalized(&self, norm: &str, kind: KindId) -> Option<usize> {
        if let Some(c) = self.by_norm.get(norm) {
            return Some(c.entity);
        }
        if norm.is_empty() {
            return None;
        }
        if !self.k.org().has(kind) {
            return None;
        }
        // an earlier name that starts with this one, word for word ("Mistral AI" for
        // "Mistral"), or that this one starts with: the first such entity of the kind
        let of_kind = |i: &usize| self.entities[*i].kind == kind;
        let longer = self
            .by_prefix
            .get(norm)
            .and_then(|l| l.iter().find(of_kind));
        // (the entity whose own name a prefix is: one at most)
        let shorter = norm
            .match_indices(' ')
            .filter_map(|(p, _)| {
                let claim = self.by_norm.get(&norm[..p])?;
                claim.own_name.then_some(claim.entity).filter(of_kind)
            })
            .min();
        match (longer, shorter) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether any person's name of two words or more is known (a lone surname can
    /// resolve).
    pub(crate) fn has_surnames(&self) -> bool {
        !self.by_surname.is_empty()
    }

    /// The person whose last name is `word`.
    pub fn surname(&self, word: &str) -> Option<usize> {
        self.by_surname
            .get(word)?
            .iter()
            .find(|&i| self.entities[i].kind == self.k.person)
    }

    /// Record a normalised ticker (and its printed form) on an entity.
    pub fn add_ticker(&mut self, idx: usize, normalized: &str, surface: &str) {
        let e = &mut self.entities[idx];
        e.tickers.insert(normalized.to_string());
        e.aliases.insert(surface.to_string());
        self.by_norm
            .entry(normalize_name(surface))
            .or_insert(Claim::other_name(idx));
    }
}

/// The entity a normalised name of [`Registry`]'s lookup belongs to.
#[derive(Debug, Clone, Copy)]
struct Claim {
    entity: usize,
    /// Whether the name is the entity's own normalised name (not an alias's, a
    /// surface's or a ticker's).
    own_name: bool,
}

impl Claim {
    fn own_name(entity: usize) -> Claim {
        Claim {
            entity,
            own_name: true,
        }
    }

    fn other_name(entity: usize) -> Claim {
        Claim {
            entity,
            own_name: false,
        }
    }
}

/// Entity indices in index order, most often one: a word-prefix or a surname of
/// one entity keeps it without a list of its own (the list is made for a second).
#[derive(Debug, Clone)]
enum Indices {
    One(usize),
    Many(Vec<usize>),
}

impl Indices {
    /// Add entity `i` (after every index already there) to the entry of a key.
    fn push(entry: Entry<'_, String, Indices>, i: usize) {
        match entry {
            Entry::Vacant(e) => {
                e.insert(Indices::One(i));
            }
            Entry::Occupied(mut e) => {
                let list = e.get_mut();
                match list {
                    Indices::One(first) => *list = Indices::Many(vec![*first, i]),
                    Indices::Many(v) => v.push(i),
                }
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        match self {
            Indices::One(i) => std::slice::from_ref(i),
            Indices::Many(v) => v.as_slice(),
        }
        .iter()
        .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::new(*crate::Schema::bundled().unwrap().kinds())
    }

    #[test]
    fn same_name_merges_and_counts_mentions() {
        let mut r = registry();
        let k = r.k;
        let a = r.add("Alibaba", k.company, "Alibaba Group Holding Ltd.", &[]);
        let b = r.add("Alibaba", k.company, "Alibaba", &[]);
        assert_eq!(a, b);
        assert_eq!(r.entities[a].mentions, 2);
        assert!(r.entities[a].aliases.contains("Alibaba Group Holding Ltd."));
    }

    #[test]
    fn prefix_names_and_surnames_corefer() {
        let mut r = registry();
        let k = r.k;
        let m = r.add("Mistral AI", k.company, "Mistral AI", &[]);
        assert_eq!(r.corefer("Mistral", k.company), Some(m));
        assert_eq!(r.corefer("Mistral", k.person), None);
        let p = r.add("Alex Yao", k.person, "Alex Yao", &[]);
        assert_eq!(r.surname("Yao"), Some(p));
        assert_eq!(r.surname("Alex"), None);
    }

    /// A discovered name goes to the first entity of its kind it opens or that opens
    /// it, word for word, whichever came first in the document.
    #[test]
    fn the_first_word_prefix_of_either_side_wins() {
        let mut r = registry();
        let k = r.k;
        let broker = r.add("Tarvo Bank Europe", k.broker, "Tarvo Bank Europe", &[]);
        let bank = r.add("Tarvo Bank", k.broker, "Tarvo Bank", &[]);
        let person = r.add("Tarvo Lind", k.person, "Tarvo Lind", &[]);
        // shorter names of the same kind: both open it, the earlier wins
        assert_eq!(r.corefer("Tarvo Bank Europe East", k.broker), Some(broker));
        // longer names: both start with "Tarvo", the earlier wins
        assert_eq!(r.corefer("Tarvo", k.broker), Some(broker));
        assert_eq!(r.corefer("Tarvo Bank Asia", k.broker), Some(bank));
        // a part of a word is no word prefix; another kind is not asked
        assert_eq!(r.corefer("Tarvo Ban", k.broker), None);
        assert_eq!(r.corefer("Tarvo Bank Europe East", k.company), None);
        assert_eq!(r.surname("Lind"), Some(person));
    }

    /// A shorter name corefers only as an entity's own name, not as an alias or a
    /// surface of one; a prefix of several entities keeps them all, in order, and a
    /// surname of several people too (a firm's last word is none).
    #[test]
    fn own_names_aliases_and_shared_keys() {
        let mut r = registry();
        let k = r.k;
        let motors = r.add(
            "Quenby Motors Europe",
            k.company,
            "Quenby",
            &["Quenby Motors".into()],
        );
        assert_eq!(r.lookup("Quenby"), Some(motors));
        assert_eq!(r.lookup("Quenby Motors"), Some(motors));
        // "quenby" and "quenby motors" are a surface's and an alias's, no entity's name
        assert_eq!(r.corefer("Quenby Motors Asia", k.company), None);
        assert_eq!(
            r.corefer("Quenby Motors Europe East", k.company),
            Some(motors)
        );
        let firm = r.add("Lena Voss", k.company, "Lena Voss", &[]);
        let person = r.add("Ada Voss", k.person, "Ada Voss", &[]);
        let other = r.add("Ida Voss", k.person, "Ida Voss", &[]);
        assert_eq!(r.surname("Voss"), Some(person));
        assert_ne!(r.surname("Voss"), Some(other));
        let tarvo_bank = r.add("Tarvo Bank", k.broker, "Tarvo Bank", &[]);
        let tarvo_lab = r.add("Tarvo Robotics", k.company, "Tarvo Robotics", &[]);
        assert_eq!(r.corefer("Tarvo", k.company), Some(tarvo_lab));
        assert_eq!(r.corefer("Tarvo", k.broker), Some(tarvo_bank));
        assert_eq!(r.corefer("Lena", k.company), Some(firm));
        assert_eq!(r.surname("Robotics"), None);
        let mut firms = registry();
        firms.add("Tarvo Capital", k.investor, "Tarvo Capital", &[]);
        assert!(
            !firms.has_surnames(),
            "no person's name, no lone surname to look up"
        );
    }
}
