//! The ontology: entity kinds, relation kinds and their DOT styles.

use super::SchemaError;
use serde::Deserialize;
use std::path::Path;

/// How a kind is drawn in DOT.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Node shape (`box`, `ellipse` …); ignored for edges.
    #[serde(default)]
    pub shape: Option<String>,
    /// Line colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Fill colour for nodes.
    #[serde(default)]
    pub fillcolor: Option<String>,
    /// Line style (`solid`, `dashed`, `bold` …).
    #[serde(default)]
    pub style: Option<String>,
}

/// An entity kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityKindDef {
    /// Kind name (`company`).
    pub name: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// Whether the kind is a core kind of the extraction contract.
    #[serde(default)]
    pub core: bool,
    /// DOT style.
    #[serde(default)]
    pub style: Style,
}

/// A relation kind with the kinds allowed at each end.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationKindDef {
    /// Relation name (`forecasts`).
    pub name: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// Allowed subject kinds.
    pub subjects: Vec<String>,
    /// Allowed object kinds.
    pub objects: Vec<String>,
    /// Whether the relation is a core relation of the extraction contract.
    #[serde(default)]
    pub core: bool,
    /// DOT style.
    #[serde(default)]
    pub style: Style,
}

/// Entity and relation kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ontology {
    /// Entity kinds.
    pub entity_kinds: Vec<EntityKindDef>,
    /// Relation kinds.
    pub relation_kinds: Vec<RelationKindDef>,
    /// Style of metric nodes.
    #[serde(default)]
    pub metric_style: Style,
    /// Per relation (by [`RelId`]): the kinds allowed as subject and as object.
    #[serde(skip)]
    ends: Vec<(KindSet, KindSet)>,
    /// The kinds and relations the extractor's code names, resolved once.
    #[serde(skip)]
    core: Option<(CoreKinds, CoreRels)>,
}

/// An entity kind, by its place in `ontology.ron`'s list of kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KindId(u8);

impl KindId {
    /// The kind's place in the ontology's list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A set of entity kinds (an ontology holds at most 64 kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u64);

impl KindSet {
    /// The empty set.
    pub const EMPTY: KindSet = KindSet(0);

    /// Whether `k` is in the set.
    pub fn has(self, k: KindId) -> bool {
        self.0 & (1 << k.0) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds of the set, in ontology order.
    pub fn iter(self) -> impl Iterator<Item = KindId> {
        (0..64u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(KindId)
    }
}

impl From<KindId> for KindSet {
    fn from(k: KindId) -> KindSet {
        KindSet(1 << k.0)
    }
}

impl std::ops::BitOr for KindId {
    type Output = KindSet;
    fn bitor(self, other: KindId) -> KindSet {
        KindSet((1 << self.0) | (1 << other.0))
    }
}

impl std::ops::BitOr<KindId> for KindSet {
    type Output = KindSet;
    fn bitor(self, other: KindId) -> KindSet {
        KindSet(self.0 | (1 << other.0))
    }
}

impl std::ops::BitOr for KindSet {
    type Output = KindSet;
    fn bitor(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }
}

/// A relation kind, by its place in `ontology.ron`'s list of relations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelId(u8);

impl RelId {
    /// The relation's place in the ontology's list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The entity kinds the extraction code names; every ontology must define them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoreKinds {
    /// `company`.
    pub company: KindId,
    /// `broker`.
    pub broker: KindId,
    /// `index`.
    pub index: KindId,
    /// `model`.
    pub model: KindId,
    /// `investor`.
    pub investor: KindId,
    /// `person`.
    pub person: KindId,
    /// `sector`.
    pub sector: KindId,
}

impl CoreKinds {
    /// Organisations a person can work for: broker, investor, company.
    pub fn org(&self) -> KindSet {
        self.broker | self.investor | self.company
    }

    /// What can move in a market: company, index, sector.
    pub fn market(&self) -> KindSet {
        self.company | self.index | self.sector
    }

    /// Who forecasts: broker, person, investor.
    pub fn forecaster(&self) -> KindSet {
        self.broker | self.person | self.investor
    }
}

/// The relation kinds the extraction code names; every ontology must define them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoreRels {
    /// `forecasts`.
    pub forecasts: RelId,
    /// `outperforms`.
    pub outperforms: RelId,
    /// `invests`.
    pub invests: RelId,
    /// `rates`.
    pub rates: RelId,
    /// `develops`.
    pub develops: RelId,
    /// `works_for`.
    pub works_for: RelId,
}

impl Ontology {
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Ontology, SchemaError> {
        let mut o: Ontology = ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))?;
        let invalid = |message: String| SchemaError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        if o.entity_kinds.len() > 64 || o.relation_kinds.len() > 256 {
            return Err(invalid(format!(
                "{} entity kinds and {} relation kinds: at most 64 and 256 are supported",
                o.entity_kinds.len(),
                o.relation_kinds.len()
            )));
        }
        for r in &o.relation_kinds {
            let mut ends = (KindSet::EMPTY, KindSet::EMPTY);
            for (list, set) in [(&r.subjects, &mut ends.0), (&r.objects, &mut ends.1)] {
                for k in list {
                    let id = o.kind_id(k).ok_or_else(|| {
                        invalid(format!("relation `{}` names unknown kind `{k}`", r.name))
                    })?;
                    *set = *set | id;
                }
            }
            o.ends.push(ends);
        }
        let kind = |name: &str| {
            o.kind_id(name).ok_or_else(|| {
                invalid(format!(
                    "the ontology must define the entity kind `{name}` (the extractor's rules use it)"
                ))
            })
        };
        let kinds = CoreKinds {
            company: kind("company")?,
            broker: kind("broker")?,
            index: kind("index")?,
            model: kind("model")?,
            investor: kind("investor")?,
            person: kind("person")?,
            sector: kind("sector")?,
        };
        let rel = |name: &str| {
            o.rel_id(name).ok_or_else(|| {
                invalid(format!(
                    "the ontology must define the relation `{name}` (the extractor's rules use it)"
                ))
            })
        };
        let rels = CoreRels {
            forecasts: rel("forecasts")?,
            outperforms: rel("outperforms")?,
            invests: rel("invests")?,
            rates: rel("rates")?,
            develops: rel("develops")?,
            works_for: rel("works_for")?,
        };
        o.core = Some((kinds, rels));
        Ok(o)
    }

    /// The id of an entity kind.
    pub fn kind_id(&self, name: &str) -> Option<KindId> {
        self.entity_kinds
            .iter()
            .position(|k| k.name == name)
            .map(|i| KindId(i as u8))
    }

    /// The name of an entity kind.
    pub fn kind_name(&self, k: KindId) -> &str {
        &self.entity_kinds[k.index()].name
    }

    /// The id of a relation kind.
    pub fn rel_id(&self, name: &str) -> Option<RelId> {
        self.relation_kinds
            .iter()
            .position(|k| k.name == name)
            .map(|i| RelId(i as u8))
    }

    /// The name of a relation kind.
    pub fn rel_name(&self, r: RelId) -> &str {
        &self.relation_kinds[r.index()].name
    }

    /// The kinds allowed as subject and as object of a relation.
    pub fn ends(&self, r: RelId) -> (KindSet, KindSet) {
        self.ends[r.index()]
    }

    /// Whether `subject -r-> object` is allowed, by ids.
    pub fn allows_ids(&self, subject: KindId, r: RelId, object: KindId) -> bool {
        let (s, o) = self.ends[r.index()];
        s.has(subject) && o.has(object)
    }

    /// The kinds the extractor's code names.
    pub fn kinds(&self) -> &CoreKinds {
        &self
            .core
            .as_ref()
            .expect("ontology parsed by Ontology::parse")
            .0
    }

    /// The relations the extractor's code names.
    pub fn rels(&self) -> &CoreRels {
        &self
            .core
            .as_ref()
            .expect("ontology parsed by Ontology::parse")
            .1
    }

    /// The definition of an entity kind.
    pub fn entity_kind(&self, name: &str) -> Option<&EntityKindDef> {
        self.entity_kinds.iter().find(|k| k.name == name)
    }

    /// The definition of a relation kind.
    pub fn relation_kind(&self, name: &str) -> Option<&RelationKindDef> {
        self.relation_kinds.iter().find(|k| k.name == name)
    }

    /// Whether `subject -relation-> object` is allowed.
    pub fn allows(&self, subject: &str, relation: &str, object: &str) -> bool {
        self.relation_kind(relation).is_some_and(|r| {
            r.subjects.iter().any(|k| k == subject) && r.objects.iter().any(|k| k == object)
        })
    }
}
