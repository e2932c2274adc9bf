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
pub use ontology::{
    CoreKinds, CoreRels, EntityKindDef, KindId, KindSet, Ontology, RelId, RelationKindDef, Style,
};

use std::path::{Path, PathBuf};

/// The whole schema: what kinds exist, which entities are known, which words trigger rules.
///
/// `schema.kinds()` and `schema.rels()` give the ids of the kinds and relations the
/// extractor's code names (interned from the ontology when it is read).
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
    /// The entity kinds the extractor's code names.
    pub fn kinds(&self) -> &CoreKinds {
        self.ontology.kinds()
    }

    /// The relations the extractor's code names.
    pub fn rels(&self) -> &CoreRels {
        self.ontology.rels()
    }

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

    /// This schema with one of its files replaced, or a gazetteer file
    /// added: `name` is the file's path inside the schema folder
    /// (`ontology.ron`, `lexicon.ron`, `gazetteer/NAME.ron`), `text` its new
    /// contents. Only that file is read, and the result is checked as
    /// [`Schema::load`] checks a folder (what a fuzzer or an editor needs
    /// without writing a folder and reading it all again).
    pub fn with_file(&self, name: &str, text: &str) -> Result<Schema, SchemaError> {
        let path = Path::new(name);
        let (mut ontology, mut gazetteer, mut lexicon) = (
            self.ontology.clone(),
            self.gazetteer.clone(),
            self.lexicon.clone(),
        );
        match name {
            "ontology.ron" => ontology = Ontology::parse(text, path)?,
            "lexicon.ron" => lexicon = Lexicon::parse(text, path)?,
            _ if path.parent() == Some(Path::new("gazetteer"))
                && path.extension().is_some_and(|x| x == "ron") =>
            {
                gazetteer.retain(|e| e.source.file_name() != path.file_name());
                gazetteer.extend(gazetteer::parse(text, path)?);
            }
            _ => {
                return Err(SchemaError::Invalid {
                    path: path.to_path_buf(),
                    message: "not a schema file (ontology.ron, lexicon.ron, gazetteer/NAME.ron)"
                        .into(),
                })
            }
        }
        Schema::assemble(ontology, gazetteer, lexicon)
    }

    fn assemble(
        ontology: Ontology,
        mut gazetteer: Vec<GazetteerEntry>,
        lexicon: Lexicon,
    ) -> Result<Schema, SchemaError> {
        for entry in &mut gazetteer {
            match ontology.kind_id(&entry.kind) {
                Some(k) => entry.kind_id = k,
                None => {
                    return Err(SchemaError::Invalid {
                        path: entry.source.clone(),
                        message: format!(
                            "entry `{}` has kind `{}`, which ontology.ron does not define",
                            entry.name, entry.kind
                        ),
                    })
                }
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
    fn one_file_replaced_is_read_and_checked_alone() {
        let s = Schema::bundled().unwrap();
        let brokers = s
            .gazetteer
            .iter()
            .filter(|e| e.source.ends_with("brokers.ron"))
            .count();
        assert!(brokers > 0);
        // a gazetteer file replaced: its entries go, the new ones come
        let one = "[(name: \"Zeta Securities\", kind: \"broker\")]";
        let t = s.with_file("gazetteer/brokers.ron", one).unwrap();
        assert_eq!(t.gazetteer.len(), s.gazetteer.len() - brokers + 1);
        // a file added
        let t = s.with_file("gazetteer/zz.ron", one).unwrap();
        assert_eq!(t.gazetteer.len(), s.gazetteer.len() + 1);
        // errors name the file; the cross-file checks run
        for (name, text, want) in [
            ("ontology.ron", "(", "ontology.ron:"),
            ("lexicon.ron", "[", "lexicon.ron:"),
            (
                "gazetteer/zz.ron",
                "[(name: \"A\", kind: \"planet\")]",
                "gazetteer/zz.ron: entry `A` has kind `planet`",
            ),
            ("rules.txt", "", "rules.txt: not a schema file"),
        ] {
            let err = s.with_file(name, text).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err}");
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
