//! Saving and loading the graph as RON, and writing files atomically.
//!
//! The file holds a plain struct of sorted vectors (documents, entities,
//! relations, metrics), not petgraph internals, so it reads well, diffs well
//! and stays the same bytes for the same graph.

use super::fault::{Faults, FaultyWriter};
use super::snapshot::{is_binary, BINARY_MAGIC};
use super::sources::{Compact, Encoder, Readable, Source, Sources};
use super::store::NodeOrder;
use super::{
    ActionRecord, Edge, EntityNode, GraphError, KnowledgeGraph, MetricNode, Node, HAS_METRIC,
};
use crate::model::{Confidence, DocId, Document, Evidence, Extraction, Unit};
use crate::position::FilePosition;
use petgraph::stable_graph::{EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The version of the file format written by this build (RON and binary
/// snapshots share the numbering). Version 2 added the per-document
/// `sources`; version 3 (binary only) put the query store before the
/// records; version 4 added documents' `url`, relations' dated `actions` and
/// the extractions' actions; version 5 added the confidences (of entities
/// per document, and on every piece of evidence). A RON file of an older
/// version reads as one without them; a binary snapshot of an older version
/// is refused by name.
const FORMAT: u32 = 5;

/// The version before confidences: still read from RON.
const FORMAT_V4: u32 = 4;

/// The version before analyst actions: still read from RON.
const FORMAT_V2: u32 = 2;

/// The binary snapshot with a store, before analyst actions: refused by name.
const FORMAT_V3: u32 = 3;

/// The first version, still read from RON (its sources, when there are none,
/// mean that removing a document falls back to a cascade).
const FORMAT_V1: u32 = 1;

const HEADER: &str = "// finkg knowledge graph: documents, entities, relations and metrics.\n\
                      // Written by `finkg`; safe to read, diff and edit by hand.\n";

/// The file as read; `S` is how the sources are held (extractions in RON,
/// (document id, encoding) pairs in the binary snapshot).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphFile<S, E> {
    format: u32,
    documents: Vec<Document>,
    entities: Vec<EntityRecord>,
    relations: Vec<RelationRecord<E>>,
    metrics: Vec<MetricRecord>,
    /// What each document brought, by document id (see
    /// [`KnowledgeGraph::remove_document`]).
    #[serde(default = "Vec::new")]
    sources: Vec<S>,
}

/// The file as written: the same fields, borrowed from the graph (saving
/// copies no string).
#[derive(Serialize)]
struct GraphFileOut<'a, S, E> {
    format: u32,
    documents: Vec<&'a Document>,
    entities: Vec<EntityOut<'a>>,
    relations: Vec<RelationOut<'a, E>>,
    metrics: Vec<MetricOut<'a>>,
    sources: S,
}

#[derive(Debug, Deserialize)]
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
    /// Confidence per document id (none before format 5).
    #[serde(default)]
    confidence: BTreeMap<DocId, Confidence>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    aliases: &'a BTreeSet<String>,
    tickers: &'a BTreeSet<String>,
    mentions: &'a BTreeMap<DocId, usize>,
    confidence: &'a BTreeMap<DocId, Confidence>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationRecord<E> {
    subject: E,
    relation: String,
    object: E,
    #[serde(default)]
    attrs: BTreeMap<String, String>,
    evidence: Vec<Evidence>,
    #[serde(default)]
    actions: Vec<ActionRecord>,
}

#[derive(Serialize)]
struct RelationOut<'a, E> {
    subject: E,
    relation: &'a str,
    object: E,
    attrs: &'a BTreeMap<String, String>,
    evidence: &'a [Evidence],
    actions: &'a [ActionRecord],
}

#[derive(Debug, Deserialize)]
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

#[derive(Serialize)]
struct MetricOut<'a> {
    id: &'a str,
    entity: &'a str,
    label: &'a str,
    value: f64,
    unit: Unit,
    period: &'a Option<String>,
    documents: &'a BTreeSet<DocId>,
    evidence: &'a [Evidence],
}

/// How a relation names its ends: by entity id (`String`, in RON) or by
/// the entity's place in the file's list of entities (`u32`, in binary
/// snapshots, so loading looks nothing up by name).
trait EntityRef: std::fmt::Display {
    fn locate(&self, g: &KnowledgeGraph, listed: &[NodeIndex]) -> Option<NodeIndex>;
}

impl EntityRef for String {
    fn locate(&self, g: &KnowledgeGraph, _: &[NodeIndex]) -> Option<NodeIndex> {
        g.entity_ids.get(self.as_str()).copied()
    }
}

impl EntityRef for u32 {
    fn locate(&self, _: &KnowledgeGraph, listed: &[NodeIndex]) -> Option<NodeIndex> {
        listed.get(*self as usize).copied()
    }
}

impl KnowledgeGraph {
    /// The file's records with relation ends by id (RON).
    fn to_file<S>(&self, sources: S) -> GraphFileOut<'_, S, &str> {
        self.to_file_with(&NodeOrder::of(self), sources, |n| self.graph[n].id())
    }

    /// The file's records, borrowed, sorted by id (the nodes' order is
    /// `order`, [`NodeOrder::of`] the graph, so no sort compares ids);
    /// `sources` as given; `end` names a relation's end.
    fn to_file_with<'a, S, E>(
        &'a self,
        order: &NodeOrder,
        sources: S,
        end: impl Fn(NodeIndex) -> E,
    ) -> GraphFileOut<'a, S, E> {
        let number = |n: NodeIndex| order.number[n.index()];
        let entities = order
            .nodes
            .iter()
            .filter_map(|&n| self.graph[n].as_entity())
            .map(|e| EntityOut {
                id: &e.id,
                name: &e.name,
                kind: &e.kind,
                aliases: &e.aliases,
                tickers: &e.tickers,
                mentions: &e.mentions,
                confidence: &e.confidence,
            })
            .collect();
        // the relations between entities by subject, relation and object
        // (what `relations` lists), and the metrics (what `metrics` lists:
        // one per `has_metric` edge from an entity) by id, then by entity
        // (the order of that list sorted again by id): read node by node in
        // `order`, sorting only each node's edges (sorting all of them at
        // once by names was most of the 4 MB corpus's cost here). The edge
        // index comes last in each key: the order of `edge_references`,
        // which a stable sort of all edges by the rest of the key keeps.
        let mut relations = Vec::new();
        let mut metrics = Vec::new();
        let mut of_node: Vec<EdgeReference<'a, Edge>> = Vec::new();
        for &n in &order.nodes {
            of_node.clear();
            match &self.graph[n] {
                Node::Entity(_) => {
                    of_node.extend(
                        self.graph
                            .edges_directed(n, Direction::Outgoing)
                            .filter(|e| {
                                e.weight().relation != HAS_METRIC
                                    && self.graph[e.target()].as_entity().is_some()
                            }),
                    );
                    of_node.sort_unstable_by(|a, b| {
                        let key = |e: &EdgeReference<'a, Edge>| {
                            (&e.weight().relation, number(e.target()), e.id().index())
                        };
                        key(a).cmp(&key(b))
                    });
                    relations.extend(of_node.iter().map(|e| RelationOut {
                        subject: end(e.source()),
                        relation: &e.weight().relation,
                        object: end(e.target()),
                        attrs: &e.weight().attrs,
                        evidence: &e.weight().evidence,
                        actions: &e.weight().actions,
                    }));
                }
                Node::Metric(m) => {
                    of_node.extend(
                        self.graph
                            .edges_directed(n, Direction::Incoming)
                            .filter(|e| {
                                e.weight().relation == HAS_METRIC
                                    && self.graph[e.source()].as_entity().is_some()
                            }),
                    );
                    of_node.sort_unstable_by_key(|e| (number(e.source()), e.id().index()));
                    metrics.extend(of_node.iter().filter_map(|e| {
                        Some(MetricOut {
                            id: &m.id,
                            entity: &self.graph[e.source()].as_entity()?.id,
                            label: &m.label,
                            value: m.value,
                            unit: m.unit,
                            period: &m.period,
                            documents: &m.documents,
                            evidence: &e.weight().evidence,
                        })
                    }));
                }
            }
        }
        GraphFileOut {
            format: FORMAT,
            documents: self.documents.values().collect(),
            entities,
            relations,
            metrics,
            sources,
        }
    }

    fn ron_config() -> ron::ser::PrettyConfig {
        ron::ser::PrettyConfig::new()
            .struct_names(false)
            .indentor("  ")
            .compact_arrays(false)
    }

    /// The graph as RON text: sorted by id, the same bytes for the same graph.
    pub fn to_ron(&self) -> Result<String, GraphError> {
        let file = self.to_file(Readable(&self.sources));
        let body = ron::ser::to_string_pretty(&file, Self::ron_config()).map_err(|e| {
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
        let file: GraphFile<Extraction, String> =
            ron::from_str(text).map_err(|e| GraphError::Parse {
                at: FilePosition::new(origin, e.span.start.line, e.span.start.col),
                message: e.code.to_string(),
            })?;
        if !(FORMAT_V1..=FORMAT).contains(&file.format) {
            return Err(invalid(format!(
                "graph format {} is not supported (this finkg reads formats {FORMAT_V1} to {FORMAT})",
                file.format
            )));
        }
        let mut sources = Sources::new();
        let mut encoder = Encoder::default();
        for x in &file.sources {
            sources.insert(x.doc.id.clone(), encoder.encode(x));
        }
        KnowledgeGraph::from_file(file, sources, origin)
    }

    /// Build the graph from a parsed file, checking its references.
    fn from_file<S, E: EntityRef>(
        file: GraphFile<S, E>,
        sources: Sources,
        origin: &Path,
    ) -> Result<KnowledgeGraph, GraphError> {
        let invalid = |message: String| GraphError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        let mut g = KnowledgeGraph::new();
        let nodes = file.entities.len() + file.metrics.len();
        let edges = file.metrics.len() + file.relations.len();
        g.graph = petgraph::stable_graph::StableDiGraph::with_capacity(nodes, edges);
        g.entity_ids.reserve(file.entities.len());
        g.metric_ids.reserve(file.metrics.len());
        for d in file.documents {
            if g.documents.insert(d.id.clone(), d).is_some() {
                return Err(invalid("a document id is listed twice".into()));
            }
        }
        let mut ids = HashSet::new();
        let mut listed = Vec::with_capacity(file.entities.len());
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
                confidence: e.confidence,
            }));
            g.entity_ids.insert(e.id, idx);
            listed.push(idx);
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
        // (subject, relation kind, object) of each relation: one listed twice
        // is an error. The kinds are few, so they are numbered by a linear
        // search. A file finkg wrote lists them in increasing order (of the
        // ends' places in the list of entities and the kind), which proves
        // them distinct; otherwise they are sorted and compared at the end.
        let mut kinds: Vec<String> = Vec::new();
        let mut triples: Vec<(NodeIndex, usize, NodeIndex)> =
            Vec::with_capacity(file.relations.len());
        let mut increasing = true;
        for r in file.relations {
            let end = |id: &E| {
                id.locate(&g, &listed).ok_or_else(|| {
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
            let kind = match kinds.iter().position(|k| *k == r.relation) {
                Some(k) => k,
                None => {
                    kinds.push(r.relation.clone());
                    kinds.len() - 1
                }
            };
            if let (true, Some(&(ps, pk, po))) = (increasing, triples.last()) {
                increasing = (ps.index(), kinds[pk].as_str(), po.index())
                    < (s.index(), r.relation.as_str(), o.index());
            }
            triples.push((s, kind, o));
            let mut edge = Edge::new(&r.relation);
            edge.attrs = r.attrs;
            edge.evidence.reserve(r.evidence.len());
            for ev in r.evidence {
                // saved evidence is sorted: appending keeps it so
                if edge.evidence.last().is_some_and(|last| *last < ev) {
                    edge.evidence.push(ev);
                } else {
                    edge.add_evidence(ev);
                }
            }
            edge.actions = r.actions;
            edge.actions.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            g.graph.add_edge(s, o, edge);
        }
        if !increasing {
            triples.sort_unstable();
            if let Some(w) = triples.windows(2).find(|w| w[0] == w[1]) {
                let (s, kind, o) = w[0];
                return Err(invalid(format!(
                    "relation `{} {} {}` is listed twice",
                    g.graph[s].id(),
                    kinds[kind],
                    g.graph[o].id()
                )));
            }
        }
        g.sources = sources;
        g.rebuild_indexes();
        Ok(g)
    }

    /// The graph as a compact binary snapshot: [`BINARY_MAGIC`], the format
    /// version as four little-endian bytes, then the records of the RON file
    /// encoded with postcard, each document's source as (document id, its
    /// postcard encoding). The same bytes for the same graph.
    pub fn to_binary(&self) -> Result<Vec<u8>, GraphError> {
        let mut out = Vec::with_capacity(1 << 16);
        self.write_binary(&mut out)
            .map_err(|e| GraphError::Invalid {
                path: PathBuf::from("<graph>"),
                message: format!("cannot serialise the graph: {e}"),
            })?;
        Ok(out)
    }

    /// Write the binary snapshot to `w` as it is encoded: since format 3,
    /// the query store (`snapshot.rs`) before the records.
    fn write_binary(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(BINARY_MAGIC)?;
        w.write_all(&FORMAT.to_le_bytes())?;
        let order = NodeOrder::of(self);
        super::snapshot::write_store(self, &order, w)?;
        // a relation's ends by their place in the list of entities
        let mut place = vec![u32::MAX; order.number.len()];
        let entities = order
            .nodes
            .iter()
            .filter(|&&n| self.graph[n].as_entity().is_some());
        for (i, n) in entities.enumerate() {
            place[n.index()] = i as u32;
        }
        let file = self.to_file_with(&order, Compact(&self.sources), |n| place[n.index()]);
        let mut blocks = Blocks {
            out: w,
            buf: Vec::with_capacity(2 * BLOCK),
            error: None,
        };
        let written = postcard::serialize_with_flavor(&file, &mut blocks);
        // postcard reports any I/O error as "the serialize buffer is full"
        written.map_err(|e| blocks.error.unwrap_or_else(|| std::io::Error::other(e)))
    }

    /// Write the RON text to `w` as it is encoded (the bytes of [`KnowledgeGraph::to_ron`]).
    fn write_ron(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(HEADER.as_bytes())?;
        let file = self.to_file(Readable(&self.sources));
        let mut keep = KeepError::new(&mut *w);
        let written =
            ron::Options::default().to_io_writer_pretty(&mut keep, &file, Self::ron_config());
        if let Err(e) = written {
            return Err(keep.error.unwrap_or_else(|| std::io::Error::other(e)));
        }
        w.write_all(b"\n")
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
        if [FORMAT_V1, FORMAT_V2, FORMAT_V3, FORMAT_V4].contains(&version) {
            return Err(invalid(format!(
                "binary snapshot of graph format {version}, written by an older finkg; \
                 this finkg reads snapshots of format {FORMAT}: save the graph as RON \
                 with that finkg (or ingest its documents again) and load that"
            )));
        }
        if version != FORMAT {
            return Err(invalid(format!(
                "graph format {version} is not supported (this finkg reads snapshots of format {FORMAT})"
            )));
        }
        let body = super::snapshot::skip_store(body)
            .map_err(|m| invalid(format!("damaged binary snapshot: {m}")))?;
        let (file, rest): (GraphFile<(DocId, Source), u32>, &[u8]) =
            postcard::take_from_bytes(body)
                .map_err(|e| invalid(format!("damaged binary snapshot: {e}")))?;
        if !rest.is_empty() {
            return Err(invalid(format!(
                "damaged binary snapshot: {} bytes after the graph",
                rest.len()
            )));
        }
        let mut file = file;
        let listed = file.sources.len();
        let sources = std::mem::take(&mut file.sources)
            .into_iter()
            .collect::<Sources>();
        if sources.len() != listed {
            return Err(invalid(
                "damaged binary snapshot: a document's source is listed twice".into(),
            ));
        }
        KnowledgeGraph::from_file(file, sources, origin)
    }

    /// Save the graph atomically (see [`write_atomic`]): as a binary snapshot
    /// when the file name ends in `.bin`, else as RON.
    pub fn save(&self, path: &Path) -> Result<(), GraphError> {
        let written = if is_binary(path) {
            write_atomic_with(path, |w| self.write_binary(w))
        } else {
            write_atomic_with(path, |w| self.write_ron(w))
        };
        written.map_err(|source| GraphError::Write {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Load a graph saved by [`KnowledgeGraph::save`] (a binary snapshot when
    /// the name ends in `.bin`, else RON). Errors name the file, and the line
    /// and column for RON syntax.
    pub fn load(path: &Path) -> Result<KnowledgeGraph, GraphError> {
        let bytes = std::fs::read(path).map_err(|source| GraphError::Read {
            path: path.to_path_buf(),
            source,
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

/// A writer that keeps the first I/O error it meets, for serialisers that
/// report it as text of their own (RON),
/// so a save fails with what the OS said.
struct KeepError<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> KeepError<W> {
    fn new(inner: W) -> KeepError<W> {
        KeepError { inner, error: None }
    }

    fn keep(&mut self, e: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(e.kind(), e.to_string());
        self.error.get_or_insert(e);
        copy
    }
}

impl<W: Write> Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}

/// How many bytes of postcard output [`Blocks`] gathers before writing them:
/// the capacity of the save's buffered writer, so a block goes past that
/// buffer to the file without being copied into it.
const BLOCK: usize = 1 << 20;

/// Postcard output gathered into blocks of [`BLOCK`] bytes for the writer
/// (postcard's `to_io` hands the writer every byte and field on its own),
/// keeping the first I/O error, which postcard would only report as "the
/// serialize buffer is full".
struct Blocks<W> {
    out: W,
    buf: Vec<u8>,
    error: Option<std::io::Error>,
}

impl<W: Write> Blocks<W> {
    fn write_out(&mut self) -> postcard::Result<()> {
        let written = self.out.write_all(&self.buf);
        self.buf.clear();
        written.map_err(|e| {
            self.error.get_or_insert(e);
            postcard::Error::SerializeBufferFull
        })
    }
}

impl<W: Write> postcard::ser_flavors::Flavor for &mut Blocks<W> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.buf.push(byte);
        if self.buf.len() < BLOCK {
            return Ok(());
        }
        self.write_out()
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() < BLOCK {
            return Ok(());
        }
        self.write_out()
    }

    fn finalize(self) -> postcard::Result<()> {
        self.write_out()
    }
}

/// What a save writes into: the temporary file, buffered, with the faults of
/// [`super::fault`] applied.
pub(crate) type SaveWriter<'a> = std::io::BufWriter<FaultyWriter<&'a std::fs::File>>;

/// Write a file so that readers see either the old bytes or the new ones,
/// never a mix: write a temporary file in the same folder, flush it to disk,
/// rename it over `path`, then flush the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] with the bytes written by `fill` as they are produced
/// (buffered), so a large file is never held whole in memory; an error from
/// `fill` leaves `path` as it was.
///
/// Faults injected for tests (see [`super::fault`]) apply here: the writer
/// may stop after N bytes, `fsync` or the rename may fail; each leaves `path`
/// as it was.
pub(crate) fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut SaveWriter<'_>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let faults = Faults::current()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"))?;
    let mut n = 0u32;
    let (tmp, file) = loop {
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
        let mut w = std::io::BufWriter::with_capacity(1 << 20, FaultyWriter::new(&file, faults));
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        if faults.fail_fsync {
            return Err(Faults::error("fsync failed"));
        }
        file.sync_all()?;
        drop(file);
        if faults.fail_rename {
            return Err(Faults::error("the rename failed"));
        }
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
    fn records_list_relations_and_metrics_in_the_order_of_ids() {
        use super::super::tests::{doc, ent, metric, rel};
        use crate::graph::RelationFilter;
        // edges added out of the order of ids, several kinds from one subject
        let mut g = KnowledgeGraph::new();
        g.ingest(Extraction {
            doc: doc("aaaa"),
            entities: vec![
                ent("Zeta", "company", &[], &[]),
                ent("Alpha", "broker", &[], &[]),
                ent("Mid", "company", &[], &[]),
            ],
            relations: vec![
                rel("Alpha", "rates", "Zeta", "aaaa", 0),
                rel("Zeta", "outperforms", "Mid", "aaaa", 10),
                rel("Alpha", "forecasts", "Zeta", "aaaa", 20),
                rel("Alpha", "rates", "Mid", "aaaa", 30),
                rel("Mid", "outperforms", "Zeta", "aaaa", 40),
                rel("Alpha", "forecasts", "Mid", "aaaa", 50),
            ],
            metrics: vec![
                metric("Zeta", "capex", 2.0, Unit::Usd, "aaaa"),
                metric("Mid", "capex", 1.0, Unit::Usd, "aaaa"),
                metric("Zeta", "beta", 3.0, Unit::Usd, "aaaa"),
            ],
            actions: Vec::new(),
        });
        let file = g.to_file(());
        let listed: Vec<_> = file
            .relations
            .iter()
            .map(|r| (r.subject, r.relation, r.object))
            .collect();
        let by_id: Vec<_> = g
            .relations(&RelationFilter::any())
            .iter()
            .map(|r| (r.subject.id.as_str(), r.relation(), r.object.id.as_str()))
            .collect();
        assert_eq!(listed.len(), 6);
        assert_eq!(listed, by_id);
        let listed: Vec<_> = file.metrics.iter().map(|m| (m.id, m.entity)).collect();
        let mut by_id: Vec<_> = g
            .metrics()
            .iter()
            .map(|m| (m.metric.id.as_str(), m.entity.id.as_str()))
            .collect();
        by_id.sort();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed, by_id);
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
            ("(format: 6, documents: [], entities: [], relations: [], metrics: [])", "g.ron: graph format 6"),
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
        let future = text.replacen("format: 5,", "format: 6,", 1);
        let err = KnowledgeGraph::from_ron(&future, Path::new("g.ron"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "g.ron: graph format 6 is not supported (this finkg reads formats 1 to 5)"
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

    /// Format 1 had no version of its own for the sources: a RON file of
    /// format 1 still loads (with its sources, or without them, when removal
    /// falls back to the cascade) and is saved as format 5; a binary
    /// snapshot of format 1 is refused with a message naming the version.
    #[test]
    fn format_1_ron_loads_and_format_1_snapshots_are_named() {
        let g = sample();
        let v2 = g.to_ron().unwrap();
        assert!(v2.contains("format: 5,"), "{v2}");
        // a format 1 file written after the sources were added
        let v1 = v2.replacen("format: 5,", "format: 1,", 1);
        let back = KnowledgeGraph::from_ron(&v1, Path::new("old.ron")).unwrap();
        assert_eq!(back.to_ron().unwrap(), v2);
        // a format 1 file from before: no sources, so removal cascades
        let cut = v1.find("  sources: [").expect("the sample has sources");
        let old = format!("{})\n", v1[..cut].trim_end());
        let mut back = KnowledgeGraph::from_ron(&old, Path::new("old.ron")).unwrap();
        assert_eq!(back.facts_ron(), g.facts_ron());
        assert!(back.to_ron().unwrap().contains("sources: [],"));
        let doc = back.documents().next().unwrap().id.clone();
        let mut cascade = back.clone();
        let stats = back.remove_document(&doc).unwrap();
        assert_eq!(Some(stats), cascade.forget_document(&doc));
        assert_eq!(back.to_ron().unwrap(), cascade.to_ron().unwrap());
        // a format 1 binary snapshot: a version message, not "damaged"
        let mut bin = g.to_binary().unwrap();
        bin[8..12].copy_from_slice(&1u32.to_le_bytes());
        let err = KnowledgeGraph::from_binary(&bin, Path::new("old.bin"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("old.bin: binary snapshot of graph format 1, written by an older finkg; this finkg reads snapshots of format 5"),
            "{err}"
        );
        assert!(!err.contains("damaged") && !err.contains('\n'), "{err}");
    }

    /// Saving streams the same bytes as `to_ron` / `to_binary`, and the
    /// sources come back the same from either format.
    #[test]
    fn saves_stream_the_same_bytes_and_sources_survive_both_formats() {
        let g = sample();
        let dir = tempfile::tempdir().unwrap();
        let (ron_path, bin_path) = (dir.path().join("g.ron"), dir.path().join("g.bin"));
        g.save(&ron_path).unwrap();
        g.save(&bin_path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&ron_path).unwrap(),
            g.to_ron().unwrap()
        );
        assert_eq!(std::fs::read(&bin_path).unwrap(), g.to_binary().unwrap());
        let from_bin = KnowledgeGraph::load(&bin_path).unwrap();
        assert_eq!(from_bin.sources, g.sources);
        assert_eq!(from_bin.to_ron().unwrap(), g.to_ron().unwrap());
        let mut bin = g.to_binary().unwrap();
        // a damaged stored extraction: removal falls back to the cascade,
        // saving as RON is an error, never a panic
        let at = bin.len() - 3;
        bin[at] ^= 0xff;
        if let Ok(mut damaged) = KnowledgeGraph::from_binary(&bin, Path::new("g.bin")) {
            let doc = damaged.documents().next().unwrap().id.clone();
            assert!(damaged.remove_document(&doc).is_some());
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

    /// fuzz/ graph: a snapshot whose stored extraction is damaged loads
    /// (extractions are decoded only when needed); saving it as RON is an
    /// error naming the document, never a panic; as a snapshot it saves.
    #[test]
    fn a_snapshot_with_a_damaged_source_loads_and_its_ron_save_is_an_error() {
        let input = include_bytes!("../../tests/fixtures/fuzz/graph-snapshot-damaged-source.bin");
        let g = KnowledgeGraph::from_binary(&input[1..], Path::new("g.bin")).unwrap();
        let err = g.to_ron().unwrap_err().to_string();
        assert!(err.contains("the stored extraction of document"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = crate::error::with_causes(&g.save(&dir.path().join("g.ron")).unwrap_err());
        assert!(
            err.contains("g.ron: ") && err.contains("is damaged"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let bin = g.to_binary().unwrap();
        let back = KnowledgeGraph::from_binary(&bin, Path::new("g.bin")).unwrap();
        assert_eq!(back.to_binary().unwrap(), bin);
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

    /// Faults anywhere inside the save: the writer stopping after every
    /// possible number of bytes, `fsync` failing, the rename failing. Each
    /// time the file on disk loads and is the old graph (or the new one, when
    /// the fault came after the last byte), and no temporary file is left.
    #[test]
    fn a_fault_anywhere_in_the_save_leaves_the_old_or_the_new_graph() {
        use super::super::tests::{doc, ent, metric, rel};
        // a small graph, so that every byte of its file gets its fault
        let mut old = KnowledgeGraph::new();
        old.ingest(Extraction {
            doc: doc("aaaa"),
            entities: vec![ent("Acme", "company", &[], &["ACME"])],
            relations: vec![],
            metrics: vec![metric("Acme", "pe", 15.2, Unit::Multiple, "aaaa")],
            actions: Vec::new(),
        });
        let mut new = old.clone();
        new.ingest(Extraction {
            doc: doc("bbbb"),
            entities: vec![
                ent("Acme", "company", &[], &[]),
                ent("Beta Capital", "broker", &[], &[]),
            ],
            relations: vec![rel("Beta Capital", "forecasts", "Acme", "bbbb", 0)],
            metrics: vec![],
            actions: Vec::new(),
        });
        for name in ["g.ron", "g.bin"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            old.save(&path).unwrap();
            let (old_bytes, new_bytes) = (std::fs::read(&path).unwrap(), {
                let mut v = Vec::new();
                if is_binary(&path) {
                    new.write_binary(&mut v).unwrap();
                } else {
                    new.write_ron(&mut v).unwrap();
                }
                v
            });
            let len = new_bytes.len() as u64;
            let mut faults: Vec<Faults> = (0..=len + 1)
                .map(|n| Faults {
                    fail_after: Some(n),
                    ..Faults::none()
                })
                .collect();
            for (fsync, rename) in [(true, false), (false, true), (true, true)] {
                faults.push(Faults {
                    fail_fsync: fsync,
                    fail_rename: rename,
                    ..Faults::none()
                });
            }
            let new_ron = new.to_ron().unwrap();
            for f in faults {
                let saved = {
                    let _guard = f.inject();
                    new.save(&path)
                };
                let on_disk = std::fs::read(&path).unwrap();
                let back = KnowledgeGraph::load(&path)
                    .unwrap_or_else(|e| panic!("{name}, {f:?}: the file does not load: {e}"));
                let completes = f.fail_after.is_some_and(|n| n >= len);
                if completes {
                    saved.unwrap_or_else(|e| panic!("{name}, {f:?}: {e}"));
                    assert_eq!(on_disk, new_bytes, "{name}, {f:?}");
                    assert_eq!(back.to_ron().unwrap(), new_ron);
                    // back to the old graph for the next fault
                    old.save(&path).unwrap();
                } else {
                    let err = saved.expect_err("the fault did not fire");
                    let err = crate::error::with_causes(&err);
                    assert!(
                        err.starts_with(&path.display().to_string())
                            && err.contains("injected fault"),
                        "{err}"
                    );
                    assert_eq!(on_disk, old_bytes, "{name}, {f:?}");
                    assert_eq!(back.summary(), old.summary());
                }
                let names: Vec<_> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name().into_string().unwrap())
                    .collect();
                assert_eq!(names, [name], "{f:?}: a temporary file was left");
            }
        }
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
