//! The user-editable schema: ontology, gazetteer and lexicon, read from RON.
//!
//! The files under `graph-schema/` are compiled into the binary as defaults, so
//! `finkg` works from any directory; `--schema DIR` reads another copy instead.

mod error;
mod gazetteer;
mod lexicon;
mod ontology;

pub use error::SchemaError;
pub use gazetteer::GazetteerEntry;
pub use lexicon::{CompiledLexicon, Lexicon, MetricKeyword, Suffixes};
pub use ontology::{EntityKindDef, Ontology, RelationKindDef, Style};

use std::path::{Path, PathBuf};

/// The whole schema: what kinds exist, which entities are known, which words trigger rules.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Entity and relation kinds with their DOT styles.
    pub ontology: Ontology,
    /// Known entities.
    pub gazetteer: Vec<GazetteerEntry>,
    /// Trigger words, metric keywords, boilerplate markers.
    pub lexicon: Lexicon,
}

/// The bundled schema files, as (file name, text).
const BUNDLED_GAZETTEER: &[(&str, &str)] =
    &include!(concat!(env!("OUT_DIR"), "/gazetteer_files.rs"));
const BUNDLED_ONTOLOGY: &str = include_str!("../../graph-schema/ontology.ron");
const BUNDLED_LEXICON: &str = include_str!("../../graph-schema/lexicon.ron");

impl Schema {
    /// The schema compiled into the binary (a copy of `graph-schema/`).
    pub fn bundled() -> Result<Schema, SchemaError> {
        let ontology = Ontology::parse(BUNDLED_ONTOLOGY, Path::new("graph-schema/ontology.ron"))?;
        let lexicon = Lexicon::parse(BUNDLED_LEXICON, Path::new("graph-schema/lexicon.ron"))?;
        let mut gazetteer = Vec::new();
        for (name, text) in BUNDLED_GAZETTEER {
            let path = PathBuf::from("graph-schema/gazetteer").join(name);
            gazetteer.extend(gazetteer::parse(text, &path)?);
        }
        Schema::assemble(ontology, gazetteer, lexicon)
    }

    /// Read a schema folder laid out like `graph-schema/`.
    pub fn load(dir: &Path) -> Result<Schema, SchemaError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| SchemaError::Io {
                path: p.to_path_buf(),
                message: e.to_string(),
            })
        };
        let opath = dir.join("ontology.ron");
        let ontology = Ontology::parse(&read(&opath)?, &opath)?;
        let lpath = dir.join("lexicon.ron");
        let lexicon = Lexicon::parse(&read(&lpath)?, &lpath)?;
        let gdir = dir.join("gazetteer");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&gdir)
            .map_err(|e| SchemaError::Io {
                path: gdir.clone(),
                message: e.to_string(),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        let mut gazetteer = Vec::new();
        for f in files {
            gazetteer.extend(gazetteer::parse(&read(&f)?, &f)?);
        }
        Schema::assemble(ontology, gazetteer, lexicon)
    }

    fn assemble(
        ontology: Ontology,
        gazetteer: Vec<GazetteerEntry>,
        lexicon: Lexicon,
    ) -> Result<Schema, SchemaError> {
        for entry in &gazetteer {
            if ontology.entity_kind(&entry.kind).is_none() {
                return Err(SchemaError::Invalid {
                    path: entry.source.clone(),
                    message: format!(
                        "entry `{}` has kind `{}`, which ontology.ron does not define",
                        entry.name, entry.kind
                    ),
                });
            }
        }
        for entry in &gazetteer {
            if let Some(d) = &entry.developer {
                if !gazetteer.iter().any(|e| &e.name == d) {
                    return Err(SchemaError::Invalid {
                        path: entry.source.clone(),
                        message: format!(
                            "model `{}` names developer `{d}`, which no gazetteer entry is called",
                            entry.name
                        ),
                    });
                }
            }
        }
        Ok(Schema {
            ontology,
            gazetteer,
            lexicon,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_schema_loads_and_is_large() {
        let s = Schema::bundled().unwrap();
        assert!(s.gazetteer.len() >= 400, "{} entries", s.gazetteer.len());
        for kind in [
            "company", "broker", "index", "model", "investor", "person", "sector",
        ] {
            assert!(s.ontology.entity_kind(kind).is_some(), "{kind}");
        }
        for rel in [
            "forecasts",
            "outperforms",
            "invests",
            "rates",
            "develops",
            "works_for",
        ] {
            assert!(s.ontology.relation_kind(rel).is_some(), "{rel}");
        }
    }

    #[test]
    fn folder_schema_matches_bundled() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-schema");
        let a = Schema::load(&dir).unwrap();
        let b = Schema::bundled().unwrap();
        assert_eq!(a.gazetteer.len(), b.gazetteer.len());
    }
}
