//! Saving and loading the graph as RON, and writing files atomically.
//!
//! The file holds a plain struct of sorted vectors (documents, entities,
//! relations, metrics), not petgraph internals, so it reads well, diffs well
//! and stays the same bytes for the same graph.

use super::{Edge, EntityNode, GraphError, KnowledgeGraph, MetricNode, Node, HAS_METRIC};
use crate::model::{DocId, Document, Evidence, Extraction, Unit};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The version of the file format written by this build.
const FORMAT: u32 = 1;

const HEADER: &str = "// finkg knowledge graph: documents, entities, relations and metrics.\n\
                      // Written by `finkg`; safe to read, diff and edit by hand.\n";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphFile {
    format: u32,
    documents: Vec<Document>,
    entities: Vec<EntityRecord>,
    relations: Vec<RelationRecord>,
    metrics: Vec<MetricRecord>,
    /// What each document brought, by document id (see
    /// [`KnowledgeGraph::remove_document`]).
    #[serde(default)]
    sources: Vec<Extraction>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityRecord {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tickers: Vec<String>,
    /// Mentions per document id.
    mentions: BTreeMap<DocId, usize>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationRecord {
    subject: String,
    relation: String,
    object: String,
    #[serde(default)]
    attrs: BTreeMap<String, String>,
    evidence: Vec<Evidence>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricRecord {
    id: String,
    entity: String,
    label: String,
    value: f64,
    unit: Unit,
    #[serde(default)]
    period: Option<String>,
    documents: Vec<DocId>,
    evidence: Vec<Evidence>,
}

impl KnowledgeGraph {
    fn to_file(&self) -> GraphFile {
        let entities = self
            .entities(None)
            .into_iter()
            .map(|e| EntityRecord {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                aliases: e.aliases.iter().cloned().collect(),
                tickers: e.tickers.iter().cloned().collect(),
                mentions: e.mentions.clone(),
            })
            .collect();
        let relations = self
            .relations(&super::RelationFilter::any())
            .into_iter()
            .map(|r| RelationRecord {
                subject: r.subject.id.clone(),
                relation: r.edge.relation.clone(),
                object: r.object.id.clone(),
                attrs: r.edge.attrs.clone(),
                evidence: r.edge.evidence.clone(),
            })
            .collect();
        let mut metrics: Vec<MetricRecord> = self
            .metrics()
            .into_iter()
            .map(|m| MetricRecord {
                id: m.metric.id.clone(),
                entity: m.entity.id.clone(),
                label: m.metric.label.clone(),
                value: m.metric.value,
                unit: m.metric.unit,
                period: m.metric.period.clone(),
                documents: m.metric.documents.iter().cloned().collect(),
                evidence: m.evidence.to_vec(),
            })
            .collect();
        metrics.sort_by(|a, b| a.id.cmp(&b.id));
        GraphFile {
            format: FORMAT,
            documents: self.documents.values().cloned().collect(),
            entities,
            relations,
            metrics,
            sources: {
                let mut s = self.sources.clone();
                s.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
                s
            },
        }
    }

    /// The graph as RON text: sorted by id, the same bytes for the same graph.
    pub fn to_ron(&self) -> Result<String, GraphError> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .indentor("  ")
            .compact_arrays(false);
        let body = ron::ser::to_string_pretty(&self.to_file(), config).map_err(|e| {
            GraphError::Invalid {
                path: PathBuf::from("<graph>"),
                message: format!("cannot serialise the graph: {e}"),
            }
        })?;
        Ok(format!("{HEADER}{body}\n"))
    }

    /// The RON text without what each document brought (`sources`): the
    /// facts alone, to compare graphs built in different orders or read back
    /// from a format that does not carry the sources (JSON, GraphML).
    pub fn facts_ron(&self) -> String {
        let mut g = self.clone();
        g.sources.clear();
        g.to_ron().unwrap_or_default()
    }

    /// Read a graph from RON text; `origin` names the file in errors.
    pub fn from_ron(text: &str, origin: &Path) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        if text.trim().is_empty() {
            return Err(invalid("empty file, not a finkg graph".into()));
        }
        let file: GraphFile = ron::from_str(text).map_err(|e| GraphError::Parse {
            path: origin.to_path_buf(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        KnowledgeGraph::from_file(file, origin)
    }

    /// Build the graph from a parsed file, checking its references.
    fn from_file(file: GraphFile, origin: &Path) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        if file.format != FORMAT {
            return Err(invalid(format!(
                "graph format {} is not supported (this finkg reads format {FORMAT})",
                file.format
            )));
        }
        let mut g = KnowledgeGraph::new();
        for d in file.documents {
            if g.documents.insert(d.id.clone(), d).is_some() {
                return Err(invalid("a document id is listed twice".into()));
            }
        }
        let mut ids = HashSet::new();
        for e in file.entities {
            if !ids.insert(e.id.clone()) {
                return Err(invalid(format!("entity `{}` is listed twice", e.id)));
            }
            let idx = g.graph.add_node(Node::Entity(EntityNode {
                id: e.id.clone(),
                name: e.name,
                kind: e.kind,
                aliases: e.aliases.into_iter().collect(),
                tickers: e.tickers.into_iter().collect(),
                mentions: e.mentions,
            }));
            g.entity_ids.insert(e.id, idx);
        }
        for m in file.metrics {
            if !ids.insert(m.id.clone()) {
                return Err(invalid(format!("metric `{}` is listed twice", m.id)));
            }
            // Ingest drops such values, and JSON cannot hold them (found by
            // fuzz/ graph).
            if !m.value.is_finite() {
                return Err(invalid(format!(
                    "metric `{}` has the value {}, not a finite number",
                    m.id, m.value
                )));
            }
            let ent = *g.entity_ids.get(&m.entity).ok_or_else(|| {
                invalid(format!(
                    "metric `{}` names unknown entity `{}`",
                    m.id, m.entity
                ))
            })?;
            let idx = g.graph.add_node(Node::Metric(MetricNode {
                id: m.id.clone(),
                entity: m.entity,
                label: m.label,
                value: m.value,
                unit: m.unit,
                period: m.period,
                documents: m.documents.into_iter().collect::<BTreeSet<_>>(),
            }));
            g.metric_ids.insert(m.id, idx);
            let mut edge = Edge::new(HAS_METRIC);
            for ev in m.evidence {
                edge.add_evidence(ev);
            }
            g.graph.add_edge(ent, idx, edge);
        }
        for r in file.relations {
            let end = |id: &str| {
                g.entity_ids.get(id).copied().ok_or_else(|| {
                    invalid(format!(
                        "relation `{}` names unknown entity `{id}`",
                        r.relation
                    ))
                })
            };
            let (s, o) = (end(&r.subject)?, end(&r.object)?);
            if r.relation == HAS_METRIC {
                return Err(invalid(format!(
                    "`{HAS_METRIC}` links entities to metrics; list it under `metrics`"
                )));
            }
            // One edge per (subject, relation, object), as ingest keeps it
            // and as the JSON loader demands (found by fuzz/ graph).
            if g.graph
                .edges_connecting(s, o)
                .any(|e| e.weight().relation == r.relation)
            {
                return Err(invalid(format!(
                    "relation `{} {} {}` is listed twice",
                    r.subject, r.relation, r.object
                )));
            }
            let mut edge = Edge::new(&r.relation);
            edge.attrs = r.attrs;
            for ev in r.evidence {
                edge.add_evidence(ev);
            }
            g.graph.add_edge(s, o, edge);
        }
        g.sources = file.sources;
        g.rebuild_indexes();
        Ok(g)
    }

    /// The graph as a compact binary snapshot: [`BINARY_MAGIC`], the format
    /// version as four little-endian bytes, then the records of the RON file
    /// encoded with postcard. The same bytes for the same graph.
    pub fn to_binary(&self) -> Result<Vec<u8>, GraphError> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(BINARY_MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        postcard::to_io(&self.to_file(), &mut out).map_err(|e| GraphError::Invalid {
            path: PathBuf::from("<graph>"),
            message: format!("cannot serialise the graph: {e}"),
        })?;
        Ok(out)
    }

    /// Read a binary snapshot written by [`KnowledgeGraph::to_binary`];
    /// `origin` names the file in errors.
    pub fn from_binary(bytes: &[u8], origin: &Path) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        let body = bytes
            .strip_prefix(BINARY_MAGIC.as_slice())
            .ok_or_else(|| invalid("not a finkg binary snapshot (no FINKGBIN header)".into()))?;
        let (version, body) = body
            .split_first_chunk::<4>()
            .ok_or_else(|| invalid("truncated binary snapshot".into()))?;
        let version = u32::from_le_bytes(*version);
        if version != FORMAT {
            return Err(invalid(format!(
                "graph format {version} is not supported (this finkg reads format {FORMAT})"
            )));
        }
        let (file, rest): (GraphFile, &[u8]) = postcard::take_from_bytes(body)
            .map_err(|e| invalid(format!("damaged binary snapshot: {e}")))?;
        if !rest.is_empty() {
            return Err(invalid(format!(
                "damaged binary snapshot: {} bytes after the graph",
                rest.len()
            )));
        }
        KnowledgeGraph::from_file(file, origin)
    }

    /// Save the graph atomically (see [`write_atomic`]): as a binary snapshot
    /// when the file name ends in `.bin`, else as RON.
    pub fn save(&self, path: &Path) -> Result<(), GraphError> {
        if is_binary(path) {
            let bytes = self.to_binary()?;
            return write_atomic(path, &bytes).map_err(|e| GraphError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
        let text = self.to_ron()?;
        write_atomic(path, text.as_bytes()).map_err(|e| GraphError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Load a graph saved by [`KnowledgeGraph::save`] (a binary snapshot when
    /// the name ends in `.bin`, else RON). Errors name the file, and the line
    /// and column for RON syntax.
    pub fn load(path: &Path) -> Result<KnowledgeGraph, GraphError> {
        let bytes = std::fs::read(path).map_err(|e| GraphError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if is_binary(path) {
            return KnowledgeGraph::from_binary(&bytes, path);
        }
        let text = String::from_utf8(bytes).map_err(|_| GraphError::Invalid {
            path: path.to_path_buf(),
            message: "not UTF-8 text, not a finkg graph".into(),
        })?;
        KnowledgeGraph::from_ron(&text, path)
    }
}

/// The first bytes of a binary snapshot.
pub const BINARY_MAGIC: &[u8; 8] = b"FINKGBIN";

/// Whether `path` names a binary snapshot (`.bin`) rather than RON.
pub fn is_binary(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("bin"))
}

/// Write a file so that readers see either the old bytes or the new ones,
/// never a mix: write a temporary file in the same folder, flush it to disk,
/// rename it over `path`, then flush the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"))?;
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.{n}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn ron_round_trips_to_the_same_bytes() {
        let g = sample();
        let text = g.to_ron().unwrap();
        let back = KnowledgeGraph::from_ron(&text, Path::new("g.ron")).unwrap();
        assert_eq!(back.to_ron().unwrap(), text);
        assert_eq!(back.summary(), g.summary());
        // Indexes are rebuilt: ticker lookups and merges work after a load.
        assert_eq!(back.find_entity("9988.hk").unwrap().name, "Alibaba");
    }

    #[test]
    fn the_file_is_readable_ron() {
        let text = sample().to_ron().unwrap();
        assert!(text.starts_with("// finkg knowledge graph"));
        assert!(text.contains("id: \"company:alibaba\""), "{text}");
        assert!(text.contains("unit: Cny"), "{text}");
        assert!(!text.contains("node_holes"), "petgraph internals leaked");
    }

    #[test]
    fn merges_continue_after_a_load() {
        let mut g = KnowledgeGraph::new();
        g.ingest(super::super::tests::doc_a());
        let mut g = KnowledgeGraph::from_ron(&g.to_ron().unwrap(), Path::new("g")).unwrap();
        g.ingest(super::super::tests::doc_b());
        assert_eq!(g.to_ron().unwrap(), sample().to_ron().unwrap());
    }

    #[test]
    fn hostile_strings_and_floats_survive() {
        let mut x = super::super::tests::doc_a();
        x.entities[1]
            .aliases
            .push("Foo \"Bar\" \\ Baz <script>\nnext line".into());
        x.metrics[0].value = 0.1 + 0.2;
        let mut g = KnowledgeGraph::new();
        g.ingest(x);
        let text = g.to_ron().unwrap();
        let back = KnowledgeGraph::from_ron(&text, Path::new("g")).unwrap();
        assert!(back
            .find_entity("Foo \"Bar\" \\ Baz <script>\nnext line")
            .is_some());
        assert_eq!(back.metrics()[0].metric.value, 0.1 + 0.2);
        assert_eq!(back.to_ron().unwrap(), text);
    }

    #[test]
    fn malformed_files_report_file_line_and_column() {
        let text = sample().to_ron().unwrap();
        // Break the fifth line.
        let broken: String = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 4 {
                    format!("{l} ]]\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let err = KnowledgeGraph::from_ron(&broken, Path::new("g.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("g.ron:5:"), "{err}");
        for (text, want) in [
            ("", "g.ron: empty file"),
            ("(format: 2, documents: [], entities: [], relations: [], metrics: [])", "g.ron: graph format 2"),
            ("(format: 1, documents: [], entities: [], relations: [(subject: \"a\", relation: \"r\", object: \"b\", evidence: [])], metrics: [])", "g.ron: relation `r` names unknown entity `a`"),
            ("(format: 1, documents: [], entities: [], relations: [], metrics: [], extra: 1)", "g.ron:1:"),
            ("[1, 2]", "g.ron:1:1:"),
        ] {
            let err = KnowledgeGraph::from_ron(text, Path::new("g.ron"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn binary_snapshots_round_trip_and_refuse_damage() {
        let g = sample();
        let bin = g.to_binary().unwrap();
        assert!(bin.starts_with(BINARY_MAGIC));
        let back = KnowledgeGraph::from_binary(&bin, Path::new("g.bin")).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.to_ron().unwrap());
        assert_eq!(back.to_binary().unwrap(), bin);
        assert_eq!(back.find_entity("9988.hk").unwrap().name, "Alibaba");
        let mut other = bin.clone();
        other[8] = 9;
        let mut longer = bin.clone();
        longer.push(0);
        for (bytes, want) in [
            (&b"(format: 1)"[..], "g.bin: not a finkg binary snapshot"),
            (&bin[..10], "g.bin: truncated"),
            (&other[..], "g.bin: graph format 9"),
            (&bin[..bin.len() / 2], "g.bin: damaged binary snapshot"),
            (&longer[..], "g.bin: damaged binary snapshot: 1 bytes after"),
        ] {
            let err = KnowledgeGraph::from_binary(bytes, Path::new("g.bin"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.BIN");
        g.save(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), bin);
        let back = KnowledgeGraph::load(&path).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.to_ron().unwrap());
    }

    #[test]
    fn removal_after_a_load_replays_the_others_exactly() {
        let mut only_a = KnowledgeGraph::new();
        only_a.ingest(super::super::tests::doc_a());
        let text = sample().to_ron().unwrap();
        let mut g = KnowledgeGraph::from_ron(&text, Path::new("g")).unwrap();
        g.remove_document("bbbb").unwrap();
        assert_eq!(g.to_ron().unwrap(), only_a.to_ron().unwrap());
        // Without the sources (a graph read from JSON) only the cascade is
        // possible: document b's alias of Alibaba stays.
        let mut cascade = KnowledgeGraph::from_ron(&text, Path::new("g")).unwrap();
        cascade.sources.clear();
        cascade.remove_document("bbbb").unwrap();
        assert_ne!(cascade.facts_ron(), only_a.facts_ron());
        assert_eq!(cascade.summary(), only_a.summary());
    }

    #[test]
    fn other_versions_missing_fields_and_truncated_files_are_named_errors() {
        let text = sample().to_ron().unwrap();
        // A file from a later finkg: its version is named, nothing is read.
        let future = text.replacen("format: 1,", "format: 2,", 1);
        let err = KnowledgeGraph::from_ron(&future, Path::new("g.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "g.ron: graph format 2 is not supported (this finkg reads format 1)"
        );
        // No version at all.
        let err = KnowledgeGraph::from_ron(
            "(documents: [], entities: [], relations: [], metrics: [])",
            Path::new("g.ron"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("g.ron:1:") && err.contains("format"),
            "{err}"
        );
        // A required field missing, or the file cut anywhere: an error that
        // names the file, never a panic or a smaller graph.
        let no_entities = text.replacen("entities:", "entitiez:", 1);
        assert!(KnowledgeGraph::from_ron(&no_entities, Path::new("g.ron")).is_err());
        for cut in (1..text.len() - 2).step_by(97) {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let err = KnowledgeGraph::from_ron(&text[..cut], Path::new("g.ron"))
                .expect_err("a truncated file loaded")
                .to_string();
            assert!(err.starts_with("g.ron"), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    /// fuzz/ graph found a RON file listing one relation twice: it loaded as
    /// two parallel edges, whose JSON export the JSON loader then refused.
    #[test]
    fn a_relation_listed_twice_is_an_error() {
        let e =
            |id: &str| format!("(id: \"{id}\", name: \"{id}\", kind: \"company\", mentions: {{}})");
        let r = "(subject: \"a\", relation: \"outperforms\", object: \"b\", evidence: [])";
        let text = format!(
            "(format: 1, documents: [], entities: [{}, {}], relations: [{r}, {r}], metrics: [])",
            e("a"),
            e("b")
        );
        let err = KnowledgeGraph::from_ron(&text, Path::new("g.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "g.ron: relation `a outperforms b` is listed twice");
        // The fuzzer's own input (its first byte picks RON).
        let input = include_bytes!("../../tests/fixtures/fuzz/graph-relation-listed-twice.bin");
        let text = std::str::from_utf8(&input[1..]).unwrap();
        let err = KnowledgeGraph::from_ron(text, Path::new("g.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("is listed twice"), "{err}");
    }

    /// fuzz/ graph found a metric valued `inf` in a RON file: it loaded, and
    /// its JSON export (null) did not.
    #[test]
    fn a_metric_that_is_not_a_finite_number_is_an_error() {
        for v in ["inf", "-inf", "NaN"] {
            let text = format!(
                "(format: 1, documents: [], entities: [(id: \"a\", name: \"a\", kind: \"company\", mentions: {{}})], relations: [], metrics: [(id: \"m\", entity: \"a\", label: \"pe\", value: {v}, unit: Multiple, documents: [], evidence: [])])"
            );
            let err = KnowledgeGraph::from_ron(&text, Path::new("g.ron"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("g.ron: metric `m` has the value"), "{err}");
        }
        let input = include_bytes!("../../tests/fixtures/fuzz/graph-metric-not-finite.bin");
        let text = String::from_utf8_lossy(&input[1..]);
        assert!(KnowledgeGraph::from_ron(&text, Path::new("g.ron")).is_err());
    }

    #[test]
    fn save_and_load_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ron");
        let g = sample();
        g.save(&path).unwrap();
        let back = KnowledgeGraph::load(&path).unwrap();
        assert_eq!(back.to_ron().unwrap(), g.to_ron().unwrap());
        // Only the graph file is left: no temporary files.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["g.ron"]);
    }

    #[test]
    fn load_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.ron");
        let err = KnowledgeGraph::load(&missing).unwrap_err().to_string();
        assert!(err.starts_with(&missing.display().to_string()), "{err}");
        let bin = dir.path().join("bin.ron");
        std::fs::write(&bin, [0xff, 0xfe, 0x00]).unwrap();
        let err = KnowledgeGraph::load(&bin).unwrap_err().to_string();
        assert!(err.contains("bin.ron: not UTF-8"), "{err}");
    }

    #[test]
    fn write_atomic_replaces_and_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        // A folder that does not exist: an error, nothing written.
        let bad = dir.path().join("no/such/dir/out.txt");
        assert!(write_atomic(&bad, b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
