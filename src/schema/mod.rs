//! The user-editable schema: ontology, gazetteer, lexicon, rule files and the
//! calibration of the rules' confidences, read from RON.
//!
//! The files under `graph-schema/` are compiled into the binary as defaults, so
//! `finkg` works from any directory; `--schema DIR` reads another copy instead.

mod classes;
pub mod confidence;
mod error;
mod examples;
mod gazetteer;
mod lexicon;
mod names;
mod ontology;
pub mod rules;
pub mod tiers;

pub use classes::Cls;
pub use confidence::{Calibration, Family, RuleScore};
pub use error::SchemaError;
pub use gazetteer::GazetteerEntry;
pub use lexicon::{Lexicon, MetricKeyword, Suffixes};
pub use ontology::{
    CoreKinds, CoreRels, EntityKindDef, KindId, KindSet, Ontology, RelId, RelationKindDef, Style,
};
pub use rules::RuleFile;

use crate::position::FilePosition;
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
    /// Rule families, in the order they run (by stage, then by file name).
    pub rules: Vec<RuleFile>,
    /// Each rule's measured precision: the confidence of the facts it makes
    /// (`confidence.ron`; a folder without one gives every fact 0.5).
    pub confidence: Calibration,
    /// The rule files as read (path, text), to check a changed schema again.
    rule_texts: Vec<(PathBuf, String)>,
}

/// The bundled schema files, as (file name, text).
const BUNDLED_GAZETTEER: &[(&str, &str)] =
    &include!(concat!(env!("OUT_DIR"), "/gazetteer_files.rs"));
const BUNDLED_ONTOLOGY: &str = include_str!("../../graph-schema/ontology.ron");
const BUNDLED_LEXICON: &str = include_str!("../../graph-schema/lexicon.ron");
const BUNDLED_RULES: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));
const BUNDLED_CONFIDENCE: &str = include_str!("../../graph-schema/confidence.ron");

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
        let rules: Vec<(PathBuf, String)> = BUNDLED_RULES
            .iter()
            .map(|(name, text)| {
                (
                    PathBuf::from("graph-schema/rules").join(name),
                    text.to_string(),
                )
            })
            .collect();
        let parsed = parse_rules(&rules, &ontology)?;
        let mut schema = Schema::assemble(ontology, gazetteer, lexicon, &rules, parsed)?;
        schema.confidence =
            Calibration::parse(BUNDLED_CONFIDENCE, Path::new("graph-schema/confidence.ron"))?;
        Ok(schema)
    }

    /// Read a schema folder laid out like `graph-schema/`.
    pub fn load(dir: &Path) -> Result<Schema, SchemaError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| SchemaError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let opath = dir.join("ontology.ron");
        let ontology = Ontology::parse(&read(&opath)?, &opath)?;
        let lpath = dir.join("lexicon.ron");
        let lexicon = Lexicon::parse(&read(&lpath)?, &lpath)?;
        let gdir = dir.join("gazetteer");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&gdir)
            .map_err(|source| SchemaError::Io {
                path: gdir.clone(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        let mut gazetteer = Vec::new();
        for f in files {
            gazetteer.extend(gazetteer::parse(&read(&f)?, &f)?);
        }
        let rdir = dir.join("rules");
        if !rdir.is_dir() {
            return Err(SchemaError::Invalid {
                path: rdir,
                message: "no such folder (a schema folder holds its rule files in rules/)".into(),
            });
        }
        let mut rule_paths: Vec<PathBuf> = std::fs::read_dir(&rdir)
            .map_err(|source| SchemaError::Io {
                path: rdir.clone(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        rule_paths.sort();
        let mut rules = Vec::new();
        for p in rule_paths {
            let text = read(&p)?;
            rules.push((p, text));
        }
        let parsed = parse_rules(&rules, &ontology)?;
        let mut schema = Schema::assemble(ontology, gazetteer, lexicon, &rules, parsed)?;
        let cpath = dir.join("confidence.ron");
        if cpath.exists() {
            schema.confidence = Calibration::parse(&read(&cpath)?, &cpath)?;
        }
        Ok(schema)
    }

    /// This schema with one of its files replaced, or a gazetteer file
    /// added: `name` is the file's path inside the schema folder
    /// (`ontology.ron`, `lexicon.ron`, `gazetteer/NAME.ron`), `text` its new
    /// contents. Only that file is read, and the result is checked as
    /// [`Schema::load`] checks a folder (what a fuzzer or an editor needs
    /// without writing a folder and reading it all again). The rule files
    /// this schema holds are kept as they were read, unless the ontology
    /// they were checked against is the file replaced.
    pub fn with_file(&self, name: &str, text: &str) -> Result<Schema, SchemaError> {
        let path = Path::new(name);
        let in_folder = |folder: &str| {
            path.parent() == Some(Path::new(folder)) && path.extension().is_some_and(|x| x == "ron")
        };
        if name == "confidence.ron" {
            let mut schema = self.clone();
            schema.confidence = Calibration::parse(text, path)?;
            return Ok(schema);
        }
        // The file given is read first: most of the rest is copied only when
        // it reads.
        let (mut ontology, mut lexicon, mut entries, mut rule_file) = (None, None, None, None);
        match name {
            "ontology.ron" => ontology = Some(Ontology::parse(text, path)?),
            "lexicon.ron" => lexicon = Some(Lexicon::parse(text, path)?),
            _ if in_folder("gazetteer") => entries = Some(gazetteer::parse(text, path)?),
            _ if in_folder("rules") => rule_file = Some(rules::parse(text, path, &self.ontology)?),
            _ => {
                return Err(SchemaError::Invalid {
                    path: path.to_path_buf(),
                    message: "not a schema file (ontology.ron, lexicon.ron, confidence.ron, gazetteer/NAME.ron, rules/NAME.ron)"
                        .into(),
                })
            }
        }
        let gazetteer = match entries {
            Some(entries) => self
                .gazetteer
                .iter()
                .filter(|e| e.source.file_name() != path.file_name())
                .cloned()
                .chain(entries)
                .collect(),
            None => self.gazetteer.clone(),
        };
        let mut rules: Vec<(PathBuf, String)> = self
            .rule_texts
            .iter()
            .filter(|(p, _)| rule_file.is_none() || p.file_name() != path.file_name())
            .cloned()
            .collect();
        // The rule files kept were read against this schema's ontology: unless
        // a new ontology is given, they are taken as read.
        let mut parsed = Vec::with_capacity(rules.len() + 1);
        for (p, t) in &rules {
            match (&ontology, self.rules.iter().find(|f| &f.path == p)) {
                (None, Some(f)) => parsed.push(f.clone()),
                (new, _) => {
                    parsed.push(rules::parse(t, p, new.as_ref().unwrap_or(&self.ontology))?)
                }
            }
        }
        if let Some(file) = rule_file {
            parsed.push(file);
            rules.push((path.to_path_buf(), text.to_string()));
        }
        let mut schema = Schema::assemble(
            ontology.unwrap_or_else(|| self.ontology.clone()),
            gazetteer,
            lexicon.unwrap_or_else(|| self.lexicon.clone()),
            &rules,
            parsed,
        )?;
        schema.confidence = self.confidence.clone();
        Ok(schema)
    }

    /// Check the files read together and put them in order. `rules` are the
    /// rule files parsed from `rule_texts`, in the same order.
    fn assemble(
        ontology: Ontology,
        mut gazetteer: Vec<GazetteerEntry>,
        lexicon: Lexicon,
        rule_texts: &[(PathBuf, String)],
        rules: Vec<RuleFile>,
    ) -> Result<Schema, SchemaError> {
        debug_assert_eq!(rules.len(), rule_texts.len());
        // every class is defined once: the lexicon's lists, then each rule file's
        let mut class_names: Vec<String> =
            lexicon.class_lists().into_iter().map(|(n, _)| n).collect();
        for (file, (_, text)) in rules.iter().zip(rule_texts) {
            for name in file.classes.keys() {
                if class_names.contains(name) {
                    let at = text.find(&format!("\"{name}\"")).unwrap_or(0);
                    return Err(SchemaError::Parse {
                        at: FilePosition::of_offset(&file.path, text.as_bytes(), at),
                        message: format!("the class `{name}` is already defined (each class name is defined once, in lexicon.ron or one rule file)"),
                    });
                }
                class_names.push(name.clone());
            }
        }
        for c in Cls::ALL {
            if !class_names.iter().any(|n| n == c.name()) {
                return Err(SchemaError::Invalid {
                    path: PathBuf::from("lexicon.ron"),
                    message: format!(
                        "the class `{}` is missing: finkg's code uses it (define it in lexicon.ron's `classes` or in a rule file)",
                        c.name()
                    ),
                });
            }
        }
        let texts: Vec<&str> = rule_texts.iter().map(|(_, t)| t.as_str()).collect();
        rules::check(&rules, &texts, &class_names, &ontology)?;
        let tier_files: Vec<(&Path, &[tiers::OwnerTier])> = rules
            .iter()
            .map(|f| (f.path.as_path(), f.owner_tiers.as_slice()))
            .collect();
        let rule_names = rules
            .iter()
            .flat_map(|f| f.rules.iter().map(|r| r.name.as_str()))
            .collect();
        tiers::check(&tier_files, &texts, rule_names, &class_names)?;
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by(|&a, &b| {
            (rules[a].stage, &rules[a].family).cmp(&(rules[b].stage, &rules[b].family))
        });
        let mut slots: Vec<Option<RuleFile>> = rules.into_iter().map(Some).collect();
        let rules: Vec<RuleFile> = order.into_iter().filter_map(|i| slots[i].take()).collect();
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
            rules,
            confidence: Calibration::default(),
            rule_texts: rule_texts.to_vec(),
        })
    }
}

/// Parse rule files (path, text) against an ontology, in their order.
fn parse_rules(
    rule_texts: &[(PathBuf, String)],
    ontology: &Ontology,
) -> Result<Vec<RuleFile>, SchemaError> {
    rule_texts
        .iter()
        .map(|(path, text)| rules::parse(text, path, ontology))
        .collect()
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
    fn a_rule_file_given_is_parsed_and_the_others_are_kept_as_read() {
        let s = Schema::bundled().unwrap();
        let file =
            |class: &str| format!("(stage: 90, classes: {{\"{class}\": [\"zeta phrase\"]}})");
        let t = s.with_file("rules/zz.ron", &file("zz_words")).unwrap();
        assert_eq!(t.rules.len(), s.rules.len() + 1);
        for f in &s.rules {
            let kept = t.rules.iter().find(|g| g.path == f.path).unwrap();
            assert_eq!(format!("{kept:?}"), format!("{f:?}"));
        }
        // the same file given again: its new text is read, not the one before
        let u = t.with_file("rules/zz.ron", &file("zz_other")).unwrap();
        assert_eq!(u.rules.len(), t.rules.len());
        let zz = u.rules.iter().find(|f| f.family == "zz").unwrap();
        assert_eq!(zz.classes.keys().collect::<Vec<_>>(), ["zz_other"]);
        // the checks across files still run
        let err = u.with_file("rules/zz2.ron", &file("zz_other")).unwrap_err();
        assert!(err.to_string().contains("already defined"), "{err}");
        // a bundled file replaced by its own text reads as it did
        let (name, text) = BUNDLED_RULES[0];
        let v = s.with_file(&format!("rules/{name}"), text).unwrap();
        let family = |s: &Schema| {
            let f = s
                .rules
                .iter()
                .find(|f| f.path.file_name() == Some(name.as_ref()));
            format!("{:?}", f.map(|f| (&f.stage, &f.classes, &f.rules)))
        };
        assert_eq!(family(&v), family(&s));
        // a new ontology: every rule file is read again against it
        let w = s.with_file("ontology.ron", BUNDLED_ONTOLOGY).unwrap();
        assert_eq!(w.rules.len(), s.rules.len());
    }

    #[test]
    fn folder_schema_matches_bundled() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-schema");
        let a = Schema::load(&dir).unwrap();
        let b = Schema::bundled().unwrap();
        assert_eq!(a.gazetteer.len(), b.gazetteer.len());
    }
}
