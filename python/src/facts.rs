//! `finkg.Extraction`: the facts of one document, as Python reads them.
//!
//! `to_dict()` gives every fact with its evidence (units spelled as
//! `finkg extract` spells them: `x`, `%`, `CNY` …); `gold()` gives the JSON
//! of `finkg extract`. A `Graph` takes the object itself (`Graph.add`), so
//! the facts cross into Python only when asked for. `to_bytes()` and
//! `Extraction.from_bytes()` (and so pickle) carry it between processes.

use finkg::export::GoldDocument;
use finkg::model::{Document, Evidence};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use pythonize::pythonize;
use serde::Serialize;
use std::collections::BTreeMap;

/// The facts finkg found in one document: entities, relations and metrics,
/// each with the sentence it came from. Made by `Extractor.extraction`;
/// `Graph.add` merges it into a graph.
#[pyclass(module = "finkg", frozen)]
pub struct Extraction {
    pub(crate) inner: finkg::Extraction,
}

/// An extraction with units as text, for Python.
#[derive(Serialize)]
struct Out<'a> {
    doc: &'a Document,
    entities: &'a [finkg::FoundEntity],
    relations: &'a [finkg::FoundRelation],
    metrics: Vec<MetricOut<'a>>,
    actions: Vec<ActionOut<'a>>,
}

#[derive(Serialize)]
struct ActionOut<'a> {
    by: &'a str,
    on: &'a str,
    analyst: Option<&'a str>,
    rating: Option<&'a str>,
    previous_rating: Option<&'a str>,
    target: Option<f64>,
    previous_target: Option<f64>,
    unit: Option<&'static str>,
    initiated: bool,
    evidence: &'a Evidence,
}

#[derive(Serialize)]
struct MetricOut<'a> {
    entity: &'a str,
    metric: &'a str,
    value: f64,
    unit: &'static str,
    period: Option<&'a str>,
    evidence: &'a Evidence,
}

/// The extraction as a Python dict (see `Extraction.to_dict`).
pub(crate) fn full_dict<'py>(
    py: Python<'py>,
    x: &finkg::Extraction,
) -> PyResult<Bound<'py, PyAny>> {
    let out = Out {
        doc: &x.doc,
        entities: &x.entities,
        relations: &x.relations,
        metrics: x
            .metrics
            .iter()
            .map(|m| MetricOut {
                entity: &m.entity,
                metric: &m.metric,
                value: m.value,
                unit: m.unit.as_str(),
                period: m.period.as_deref(),
                evidence: &m.evidence,
            })
            .collect(),
        actions: x
            .actions
            .iter()
            .map(|a| ActionOut {
                by: &a.by,
                on: &a.on,
                analyst: a.analyst.as_deref(),
                rating: a.rating.as_deref(),
                previous_rating: a.previous_rating.as_deref(),
                target: a.target,
                previous_target: a.previous_target,
                unit: a.unit.map(|u| u.as_str()),
                initiated: a.initiated,
                evidence: &a.evidence,
            })
            .collect(),
    };
    Ok(pythonize(py, &out)?)
}

/// The JSON of `finkg extract` as a Python dict.
pub(crate) fn gold_dict<'py>(
    py: Python<'py>,
    x: &finkg::Extraction,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize(py, &GoldDocument::from_extraction(x))?)
}

#[pymethods]
impl Extraction {
    /// The document: `id` (content hash), `name`, `path`, `title`, `date`,
    /// `publisher`.
    #[getter]
    fn doc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &self.inner.doc)?)
    }

    /// The document's id: the first 16 hex digits of the SHA-256 of its text.
    #[getter]
    fn doc_id(&self) -> &str {
        &self.inner.doc.id
    }

    /// Every fact: `doc`, `entities` (name, kind, aliases, tickers,
    /// mentions), `relations` (subject, relation, object, attrs, evidence),
    /// `metrics` (entity, metric, value, unit, period, evidence) and
    /// `actions` (by, on, analyst, rating, previous_rating, target,
    /// previous_target, unit, initiated, evidence); an evidence is `doc`,
    /// `start` and `end` (byte offsets of the sentence), `sentence` and
    /// `rule`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        full_dict(py, &self.inner)
    }

    /// The JSON of `finkg extract` for this document (what `finkg.extract`
    /// returns): `doc`, `entities`, `relations`, `metrics`, `actions`.
    fn gold<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        gold_dict(py, &self.inner)
    }

    /// The extraction as bytes (postcard, the encoding a graph keeps its
    /// documents' extractions in), to ship between processes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py
            .detach(|| postcard::to_allocvec(&self.inner))
            .map_err(|e| crate::errors::FinkgError::new_err(format!("cannot encode: {e}")))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The extraction of bytes made by `to_bytes` (by the same version of
    /// finkg); `FinkgError` when they are not one.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Extraction> {
        let inner = py
            .detach(|| postcard::from_bytes::<finkg::Extraction>(data))
            .map_err(|e| {
                crate::errors::FinkgError::new_err(format!(
                    "not the bytes of a finkg extraction ({} bytes): {e}",
                    data.len()
                ))
            })?;
        Ok(Extraction { inner })
    }

    /// Pickled as its bytes.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from_bytes = py.get_type::<Extraction>().getattr("from_bytes")?;
        Ok((from_bytes, (self.to_bytes(py)?,)))
    }

    fn __len__(&self) -> usize {
        self.inner.entities.len() + self.inner.relations.len() + self.inner.metrics.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<finkg.Extraction {} ({}): {} entities, {} relations, {} metrics>",
            self.inner.doc.name,
            self.inner.doc.id,
            self.inner.entities.len(),
            self.inner.relations.len(),
            self.inner.metrics.len()
        )
    }
}

/// Counts of an ingest as a dict.
pub(crate) fn stats_dict<'py>(
    py: Python<'py>,
    counts: &BTreeMap<&'static str, usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in counts {
        d.set_item(*k, *v)?;
    }
    Ok(d)
}
