//! Entity kind and relation names written in rule files, checked against the
//! ontology while a file is read, so a misspelt name is an error at its line and
//! column.

use super::Ontology;
use serde::{de::Error as _, Deserialize, Deserializer};
use std::cell::RefCell;

/// An entity kind named in a rule file (checked against the ontology while reading).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KindName(pub String);

/// A relation named in a rule file (checked against the ontology while reading).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RelName(pub String);

thread_local! {
    /// The ontology's kind and relation names while a rule file is read.
    static NAMES: RefCell<(Vec<String>, Vec<String>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

impl<'de> Deserialize<'de> for KindName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NAMES.with(|n| {
            let kinds = &n.borrow().0;
            if kinds.is_empty() || kinds.contains(&s) {
                Ok(KindName(s))
            } else {
                Err(D::Error::custom(format!(
                    "unknown entity kind `{s}` (ontology.ron defines {})",
                    kinds.join(", ")
                )))
            }
        })
    }
}

impl<'de> Deserialize<'de> for RelName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NAMES.with(|n| {
            let rels = &n.borrow().1;
            if rels.is_empty() || rels.contains(&s) {
                Ok(RelName(s))
            } else {
                Err(D::Error::custom(format!(
                    "unknown relation `{s}` (ontology.ron defines {})",
                    rels.join(", ")
                )))
            }
        })
    }
}

/// Runs `read` (which deserializes a rule file) with the names of `ontology` as the
/// kinds and relations a [`KindName`] or a [`RelName`] may be.
pub(crate) fn checking<T>(ontology: &Ontology, read: impl FnOnce() -> T) -> T {
    NAMES.with(|n| {
        *n.borrow_mut() = (
            ontology
                .entity_kinds
                .iter()
                .map(|k| k.name.clone())
                .collect(),
            ontology
                .relation_kinds
                .iter()
                .map(|r| r.name.clone())
                .collect(),
        )
    });
    let out = read();
    NAMES.with(|n| *n.borrow_mut() = (Vec::new(), Vec::new()));
    out
}
