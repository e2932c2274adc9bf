//! `finkg.Graph`: a knowledge graph file opened from Python.
//!
//! Open (or start) a graph file, ingest paths or texts, query it with
//! Cypher, ask the questions of `finkg ask`, merge other graphs in, save it
//! atomically, and hand it to pandas or networkx.

use crate::errors;
use crate::extractor::{extract_ready, Extractor};
use crate::facts::{stats_dict, Extraction};
use crate::inputs::{self, Ready};
use crate::values;
use finkg::export::{
    format_value, CsvExporter, CypherDialect, CypherExporter, DotExporter, ExportFormat, Exporter,
    GraphMlExporter, JsonExporter, JsonGraph,
};
use finkg::query::{Engine, QueryResult, Question, Value};
use finkg::{IngestStats, KnowledgeGraph};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyType};
use pythonize::pythonize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Documents extracted in parallel before they are merged, per batch: a
/// bound on the extractions held in memory at once.
const BATCH: usize = 256;

/// A knowledge graph: entities, relations and metrics merged from many
/// documents, each fact with the sentences it came from.
///
/// `Graph()` is an empty graph in memory; `Graph.open(path)` reads a graph
/// file (RON, or a binary snapshot when the name ends in `.bin`), or starts
/// an empty one there if there is no file yet. Queries read the graph with
/// the GIL released; a write (ingest, add, merge, remove) while a query runs
/// in another thread raises RuntimeError.
#[pyclass(module = "finkg")]
pub struct Graph {
    graph: KnowledgeGraph,
    path: Option<PathBuf>,
    extractor: Extractor,
}

impl Graph {
    /// The engine over this graph with the extractor's ontology.
    fn run(
        &self,
        py: Python<'_>,
        cypher: &str,
        params: Vec<(String, Value)>,
    ) -> PyResult<QueryResult> {
        let ontology = &self.extractor.inner.schema().ontology;
        let graph = &self.graph;
        py.detach(|| {
            let mut engine = Engine::new(graph).with_ontology(ontology);
            for (k, v) in params {
                engine = engine.param(&k, v);
            }
            engine.run(cypher)
        })
        .map_err(errors::query)
    }

    /// Merge extractions in order, adding up what they did (one bulk: the
    /// evidence is sorted into place once, see `KnowledgeGraph::bulk`).
    fn ingest_all(&mut self, xs: Vec<finkg::Extraction>, counts: &mut Counts) {
        let mut bulk = self.graph.bulk();
        for x in xs {
            let s = bulk.ingest(x);
            counts.add(&s);
        }
    }
}

/// What an ingest did, as the dict it returns.
#[derive(Default)]
struct Counts {
    documents: usize,
    already_present: usize,
    total: IngestStats,
}

impl Counts {
    fn add(&mut self, s: &IngestStats) {
        if s.already_present {
            self.already_present += 1;
        } else {
            self.documents += 1;
        }
        self.total.add(s);
    }

    fn to_dict<'py>(&self, py: Python<'py>, skipped: usize) -> PyResult<Bound<'py, PyDict>> {
        let t = &self.total;
        let counts: BTreeMap<&'static str, usize> = [
            ("documents_added", self.documents),
            ("documents_already_present", self.already_present),
            ("documents_skipped", skipped),
            ("entities_added", t.entities_added),
            ("entities_merged", t.entities_merged),
            ("relations_added", t.relations_added),
            ("relations_merged", t.relations_merged),
            ("metrics_added", t.metrics_added),
            ("metrics_merged", t.metrics_merged),
            ("dropped", t.dropped),
        ]
        .into();
        stats_dict(py, &counts)
    }
}

/// A question of `finkg ask` by its name there.
fn question(name: &str, entity: Option<String>) -> PyResult<Question> {
    let need = |e: Option<String>| {
        e.ok_or_else(|| PyValueError::new_err(format!("the question `{name}` needs an entity")))
    };
    let q = match name.replace('_', "-").as_str() {
        "forecasts" => Question::Forecasts,
        "invests" => Question::Invests,
        "who-forecasts" => Question::WhoForecasts(need(entity.clone())?),
        "outperforms" => Question::Outperforms(need(entity.clone())?),
        "ratings" => Question::Ratings(need(entity.clone())?),
        "metrics" => Question::Metrics(need(entity.clone())?),
        _ => {
            return Err(PyValueError::new_err(format!(
                "unknown question `{name}`: forecasts, who-forecasts, outperforms, invests, ratings or metrics"
            )))
        }
    };
    if q.subject().is_none() && entity.is_some() {
        return Err(PyValueError::new_err(format!(
            "the question `{name}` takes no entity"
        )));
    }
    Ok(q)
}

#[pymethods]
impl Graph {
    /// An empty graph in memory, extracting with `extractor` (default: the
    /// bundled schema).
    #[new]
    #[pyo3(signature = (extractor=None))]
    fn new(extractor: Option<&Extractor>) -> PyResult<Graph> {
        Ok(Graph {
            graph: KnowledgeGraph::new(),
            path: None,
            extractor: match extractor {
                Some(e) => e.share(),
                None => Extractor::default_one()?,
            },
        })
    }

    /// Read the graph file at `path` (RON, or a binary snapshot when the
    /// name ends in `.bin`); an empty graph to be saved there when there is
    /// no file yet. `save()` writes it back to `path`.
    #[classmethod]
    #[pyo3(signature = (path, extractor=None))]
    fn open(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        path: PathBuf,
        extractor: Option<&Extractor>,
    ) -> PyResult<Graph> {
        let mut g = Graph::new(extractor)?;
        if path.exists() {
            g.graph = py
                .detach(|| KnowledgeGraph::load(&path))
                .map_err(errors::graph)?;
        }
        g.path = Some(path);
        Ok(g)
    }

    /// A graph from the bytes of a binary snapshot (`to_bytes`).
    #[classmethod]
    #[pyo3(signature = (data, extractor=None))]
    fn from_bytes(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyBytes>,
        extractor: Option<&Extractor>,
    ) -> PyResult<Graph> {
        let mut g = Graph::new(extractor)?;
        let bytes = data.as_bytes();
        g.graph = py
            .detach(|| KnowledgeGraph::from_binary(bytes, std::path::Path::new("<bytes>")))
            .map_err(errors::graph)?;
        Ok(g)
    }

    /// The graph as the bytes of a binary snapshot (what a `.bin` graph
    /// file holds): the way to ship a graph between processes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let graph = &self.graph;
        let bytes = py.detach(|| graph.to_binary()).map_err(errors::graph)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The file `open` read and `save` writes, if any.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.path.clone()
    }

    /// The extractor `ingest` uses.
    #[getter]
    fn extractor(&self) -> Extractor {
        self.extractor.share()
    }

    /// Extract and merge documents: a path (file, or folder searched for
    /// .txt and .md files), a text, a dict with a `text` and optionally
    /// `doc_id`, `date` and `path`, or an iterable of them. A `pathlib.Path`
    /// is always a path; a `str` is a path when such a file or folder
    /// exists, otherwise a text. Documents are read first (an `InputError`
    /// naming the first that cannot be read leaves the graph unchanged),
    /// then extracted in parallel with the GIL released and merged in the
    /// order given. A document already in the graph (same text) changes
    /// nothing. Returns counts of what was added and merged.
    fn ingest<'py>(
        &mut self,
        py: Python<'py>,
        documents: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let items = inputs::items(documents)?;
        let docs = py
            .detach(|| inputs::read_all(items))
            .map_err(inputs::input_error)?;
        errors::warn(py, &docs.warnings)?;
        let mut counts = Counts::default();
        let ex = std::sync::Arc::clone(&self.extractor.inner);
        let mut batches = docs.ready.into_iter().peekable();
        while batches.peek().is_some() {
            let batch: Vec<Ready> = batches.by_ref().take(BATCH).collect();
            let xs: Vec<finkg::Extraction> = py.detach(|| {
                use rayon::prelude::*;
                batch
                    .into_par_iter()
                    .map(|d| extract_ready(&ex, d))
                    .collect()
            });
            self.ingest_all(xs, &mut counts);
        }
        counts.to_dict(py, docs.skipped)
    }

    /// Merge extractions made by `Extractor.extraction` (one, or an
    /// iterable of them), in order. Returns counts as `ingest` does.
    fn add<'py>(
        &mut self,
        py: Python<'py>,
        extractions: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let mut xs = Vec::new();
        if let Ok(x) = extractions.cast::<Extraction>() {
            xs.push(x.get().inner.clone());
        } else {
            for x in extractions.try_iter()? {
                let x = x?;
                let x = x.cast::<Extraction>().map_err(|_| {
                    PyTypeError::new_err(
                        "Graph.add takes finkg.Extraction objects (Extractor.extraction)",
                    )
                })?;
                xs.push(x.get().inner.clone());
            }
        }
        let mut counts = Counts::default();
        self.ingest_all(xs, &mut counts);
        counts.to_dict(py, 0)
    }

    /// Write the graph to `path`, or to the file it was opened from, whole
    /// and atomically (RON, or a binary snapshot when the name ends in
    /// `.bin`). Later saves without a path go to the same file.
    #[pyo3(signature = (path=None))]
    fn save(&mut self, py: Python<'_>, path: Option<PathBuf>) -> PyResult<()> {
        let path = match path.or_else(|| self.path.clone()) {
            Some(p) => p,
            None => {
                return Err(errors::GraphError::new_err(
                    "this graph has no file: save(path), or open it with Graph.open(path)",
                ))
            }
        };
        let graph = &self.graph;
        py.detach(|| graph.save(&path)).map_err(errors::graph)?;
        self.path = Some(path);
        Ok(())
    }

    /// Run a Cypher query (the dialect of `finkg query`); `params` fill
    /// `$name` placeholders. Returns a list of rows, each a dict by column,
    /// as `finkg query --format json` prints them. A malformed query raises
    /// `QueryError` with the line and column.
    #[pyo3(signature = (cypher, params=None))]
    fn query<'py>(
        &self,
        py: Python<'py>,
        cypher: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let r = self.run(py, cypher, values::params(params)?)?;
        values::rows(py, &r)
    }

    /// `query` as a pandas DataFrame, one column per returned column (in
    /// order, even when there are no rows). Needs pandas.
    #[pyo3(signature = (cypher, params=None))]
    fn query_df<'py>(
        &self,
        py: Python<'py>,
        cypher: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self.run(py, cypher, values::params(params)?)?;
        values::data_frame(py, &r)
    }

    /// Ask one of the questions of `finkg ask`: `forecasts`, `invests`, or,
    /// about one entity (name, alias, ticker or id), `who-forecasts`,
    /// `outperforms`, `ratings`, `metrics`. Returns rows as `query` does.
    #[pyo3(signature = (question, entity=None))]
    fn ask<'py>(
        &self,
        py: Python<'py>,
        question: &str,
        entity: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let q = self::question(question, entity)?;
        let params = match q.subject() {
            Some(name) => {
                let e = self.graph.find_entity(name).ok_or_else(|| {
                    errors::graph(finkg::GraphError::UnknownEntity {
                        name: name.to_string(),
                    })
                })?;
                vec![("id".to_string(), Value::from(e.id.as_str()))]
            }
            None => Vec::new(),
        };
        let r = self.run(py, &q.cypher(), params)?;
        values::rows(py, &r)
    }

    /// The Cypher behind a question of `ask`.
    #[staticmethod]
    #[pyo3(signature = (question, entity=None))]
    fn question_cypher(question: &str, entity: Option<String>) -> PyResult<String> {
        Ok(self::question(question, entity)?.cypher())
    }

    /// Merge other graphs into this one: `other` is a Graph or an iterable
    /// of them. The result is the graph of every document of all of them
    /// ingested in the order of their ids, so merging is commutative and
    /// associative: the same graph whatever the order or grouping. A
    /// document several graphs hold is taken once. Returns
    /// `documents_added` and `documents_shared`.
    fn merge<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = slf.py();
        let mut others: Vec<Bound<'py, Graph>> = Vec::new();
        if let Ok(g) = other.cast::<Graph>() {
            others.push(g.clone());
        } else {
            for g in other.try_iter()? {
                let g = g?;
                let g = g.cast::<Graph>().map_err(|_| {
                    PyTypeError::new_err("Graph.merge takes a finkg.Graph or an iterable of them")
                })?;
                others.push(g.clone());
            }
        }
        others.retain(|g| !g.is(slf));
        let merged = {
            let me = slf.borrow();
            let refs: Vec<PyRef<'py, Graph>> = others.iter().map(|g| g.borrow()).collect();
            let graphs: Vec<&KnowledgeGraph> = std::iter::once(&me.graph)
                .chain(refs.iter().map(|g| &g.graph))
                .collect();
            py.detach(|| KnowledgeGraph::merge_all(graphs.iter().copied()))
                .map_err(errors::graph)?
        };
        let mut me = slf.borrow_mut();
        let held = me.graph.documents().count();
        let offered: usize = {
            let refs: Vec<PyRef<'py, Graph>> = others.iter().map(|g| g.borrow()).collect();
            refs.iter().map(|g| g.graph.documents().count()).sum()
        };
        let added = merged.documents().count() - held;
        me.graph = merged;
        let counts: BTreeMap<&'static str, usize> = [
            ("documents_added", added),
            ("documents_shared", offered - added),
        ]
        .into();
        stats_dict(py, &counts)
    }

    /// Remove a document (by id or name): its evidence, then every fact left
    /// without any; the graph is then the one the other documents alone
    /// give. Returns False when no document has that id or name.
    fn remove(&mut self, py: Python<'_>, doc: &str) -> bool {
        let id = match self.graph.document(doc) {
            Some(d) => d.id.clone(),
            None => match self.graph.documents().find(|d| d.name == doc) {
                Some(d) => d.id.clone(),
                None => return false,
            },
        };
        let graph = &mut self.graph;
        py.detach(|| graph.remove_document(&id)).is_some()
    }

    /// The registered documents: id, name, path, title, date, publisher.
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let docs: Vec<&finkg::Document> = self.graph.documents().collect();
        Ok(pythonize(py, &docs)?)
    }

    /// The whole graph as the JSON export (`"format": "finkg-graph/1"`):
    /// `documents`, `entities`, `relations` and `metrics`, each relation and
    /// metric with its evidence.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let graph = &self.graph;
        let json = py.detach(|| JsonGraph::from_graph(graph));
        Ok(pythonize(py, &json)?)
    }

    /// The graph as a networkx MultiDiGraph with finkg's ids as nodes and
    /// the attributes of the GraphML export (lists as Python lists): an
    /// entity has `type` "entity", `kind`, `label`, `name`, `aliases`,
    /// `tickers`, `mentions`, `documents`; a metric has `type` "metric",
    /// `kind` "metric", `label` (label and value), `entity`, `metric`, `value`, `unit`, `period`,
    /// `documents`, and both a `confidence` when the graph has one. Each edge is
    /// keyed by its relation and has `relation`, `confidence`,
    /// `support` (documents), `sentence` (the first), `evidence` and
    /// `attr:NAME` per attribute (a float for `target` and
    /// `previous_target` when every edge's value is a number, as GraphML
    /// types them; text otherwise). Needs networkx.
    fn to_networkx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let nx = py.import("networkx").map_err(|e| {
            pyo3::exceptions::PyImportError::new_err(format!(
                "to_networkx needs networkx (pip install networkx): {e}"
            ))
        })?;
        let graph = &self.graph;
        let json = py.detach(|| JsonGraph::from_graph(graph));
        // The number attributes whose every value is a number, as the
        // GraphML export decides their type.
        let numbers: std::collections::BTreeSet<&str> = finkg::query::FLOAT_ATTRIBUTES
            .iter()
            .copied()
            .filter(|name| {
                json.relations.iter().all(|r| {
                    r.attrs
                        .get(*name)
                        .is_none_or(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
                })
            })
            .collect();
        let g = nx.call_method0("MultiDiGraph")?;
        for e in &json.entities {
            let a = PyDict::new(py);
            a.set_item("type", "entity")?;
            a.set_item("kind", &e.kind)?;
            a.set_item("label", &e.name)?;
            a.set_item("name", &e.name)?;
            a.set_item("aliases", &e.aliases)?;
            a.set_item("tickers", &e.tickers)?;
            a.set_item("mentions", e.mentions.values().sum::<usize>())?;
            a.set_item("documents", e.mentions.keys().collect::<Vec<_>>())?;
            if let Some(c) = e.confidence {
                a.set_item("confidence", c.get())?;
            }
            g.call_method("add_node", (&e.id,), Some(&a))?;
        }
        for m in &json.metrics {
            let a = PyDict::new(py);
            a.set_item("type", "metric")?;
            a.set_item("kind", "metric")?;
            if let Ok(unit) = m.unit.parse::<finkg::Unit>() {
                a.set_item(
                    "label",
                    format!("{} {}", m.label, format_value(m.value, unit)),
                )?;
            }
            a.set_item("entity", &m.entity)?;
            a.set_item("metric", &m.label)?;
            a.set_item("value", m.value)?;
            a.set_item("unit", &m.unit)?;
            if let Some(p) = &m.period {
                a.set_item("period", p)?;
            }
            a.set_item("documents", &m.documents)?;
            if let Some(c) = m.confidence {
                a.set_item("confidence", c.get())?;
            }
            g.call_method("add_node", (&m.id,), Some(&a))?;
        }
        let add_edge = |from: &str,
                        to: &str,
                        relation: &str,
                        attrs: &BTreeMap<String, String>,
                        evidence: &[finkg::export::JsonEvidence],
                        confidence: Option<finkg::model::Confidence>|
         -> PyResult<()> {
            let a = PyDict::new(py);
            a.set_item("relation", relation)?;
            if let Some(c) = confidence {
                a.set_item("confidence", c.get())?;
            }
            let docs: std::collections::BTreeSet<&str> =
                evidence.iter().map(|e| e.doc.as_str()).collect();
            a.set_item("support", docs.len())?;
            if let Some(first) = evidence.first() {
                a.set_item("sentence", &first.sentence)?;
            }
            a.set_item("evidence", pythonize(py, evidence)?)?;
            for (k, v) in attrs {
                match v.trim().parse::<f64>() {
                    Ok(x) if numbers.contains(k.as_str()) => a.set_item(format!("attr:{k}"), x)?,
                    _ => a.set_item(format!("attr:{k}"), v)?,
                }
            }
            g.call_method("add_edge", (from, to, relation), Some(&a))?;
            Ok(())
        };
        for r in &json.relations {
            add_edge(
                &r.subject,
                &r.object,
                &r.relation,
                &r.attrs,
                &r.evidence,
                r.confidence,
            )?;
        }
        for m in &json.metrics {
            add_edge(
                &m.entity,
                &m.id,
                finkg::graph::HAS_METRIC,
                &BTreeMap::new(),
                &m.evidence,
                m.confidence,
            )?;
        }
        Ok(g)
    }

    /// Export the graph as `finkg export` does: `format` is `json`,
    /// `graphml`, `dot`, `cypher` (with `dialect` `kuzu`, also Ladybug's,
    /// or `neo4j`) or `csv` (nodes, relationships and the Kùzu and Neo4j
    /// load scripts, `neo4j-admin` files and command). With `out`, written
    /// there (a file, or a folder for `csv`) and the paths written are
    /// returned; without it, the text (not for `csv`).
    #[pyo3(signature = (format, out=None, dialect=None))]
    fn export<'py>(
        &self,
        py: Python<'py>,
        format: &str,
        out: Option<PathBuf>,
        dialect: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let format: ExportFormat = format.parse().map_err(PyValueError::new_err)?;
        let dialect: CypherDialect = match dialect {
            Some(d) if format == ExportFormat::Cypher => {
                d.parse().map_err(PyValueError::new_err)?
            }
            Some(_) => {
                return Err(PyValueError::new_err(
                    "dialect applies to the cypher format only",
                ))
            }
            None => CypherDialect::default(),
        };
        let ontology = &self.extractor.inner.schema().ontology;
        let graph = &self.graph;
        let export_error =
            |e: finkg::export::ExportError| errors::FinkgError::new_err(errors::message(&e));
        if format == ExportFormat::Csv {
            let Some(dir) = out else {
                return Err(PyValueError::new_err(
                    "the csv format writes several files: give a folder as out",
                ));
            };
            let written = py.detach(|| -> Result<Vec<PathBuf>, String> {
                let files = CsvExporter::new()
                    .with_ontology(ontology)
                    .files(graph)
                    .map_err(|e| errors::message(&e))?;
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                let mut paths = Vec::with_capacity(files.len());
                for f in files {
                    let path = dir.join(&f.name);
                    finkg::graph::write_atomic(&path, &f.contents)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    paths.push(path);
                }
                Ok(paths)
            });
            let written = written.map_err(errors::FinkgError::new_err)?;
            return Ok(PyList::new(py, written)?.into_any());
        }
        let bytes = py
            .detach(|| match format {
                ExportFormat::Json => JsonExporter.to_bytes(graph),
                ExportFormat::GraphMl => GraphMlExporter.to_bytes(graph),
                ExportFormat::Dot => DotExporter::new(ontology).to_bytes(graph),
                _ => CypherExporter::new()
                    .with_ontology(ontology)
                    .with_dialect(dialect)
                    .to_bytes(graph),
            })
            .map_err(export_error)?;
        match out {
            Some(path) => {
                py.detach(|| finkg::graph::write_atomic(&path, &bytes))
                    .map_err(|e| errors::FinkgError::new_err(format!("{}: {e}", path.display())))?;
                Ok(PyList::new(py, [path])?.into_any())
            }
            None => Ok(pyo3::types::PyString::new(py, &String::from_utf8_lossy(&bytes)).into_any()),
        }
    }

    /// Counts: `documents`, `entities`, `relations`, `metrics`,
    /// `evidence`, and `entities_by_kind`, `relations_by_kind`.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.graph.summary();
        let d = PyDict::new(py);
        d.set_item("documents", s.documents)?;
        d.set_item("entities", s.entities)?;
        d.set_item("relations", s.relations)?;
        d.set_item("metrics", s.metrics)?;
        d.set_item("evidence", s.evidence)?;
        d.set_item("entities_by_kind", s.entities_by_kind)?;
        d.set_item("relations_by_kind", s.relations_by_kind)?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.graph.documents().count()
    }

    fn __repr__(&self) -> String {
        let s = self.graph.summary();
        let at = match &self.path {
            Some(p) => format!(" at {}", p.display()),
            None => String::new(),
        };
        format!(
            "<finkg.Graph{at}: {} documents, {} entities, {} relations, {} metrics>",
            s.documents, s.entities, s.relations, s.metrics
        )
    }
}
