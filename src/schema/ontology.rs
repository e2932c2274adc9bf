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
}

impl Ontology {
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Ontology, SchemaError> {
        let o: Ontology = ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))?;
        for r in &o.relation_kinds {
            for k in r.subjects.iter().chain(&r.objects) {
                if o.entity_kind(k).is_none() {
                    return Err(SchemaError::Invalid {
                        path: path.to_path_buf(),
                        message: format!("relation `{}` names unknown kind `{k}`", r.name),
                    });
                }
            }
        }
        Ok(o)
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
