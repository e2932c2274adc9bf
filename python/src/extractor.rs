//! `finkg.Extractor` and `finkg.extract`: text in, facts out.
//!
//! An `Extractor` compiles its schema once (the gazetteer and cue
//! automaton); reuse it across calls. `finkg.extract` uses one built on first
//! use from the bundled schema and kept for the life of the process.

use crate::errors;
use crate::facts::{gold_dict, Extraction};
use crate::inputs::{date_text, Ready, Text};
use finkg::text::{Decoded, Decoder};
use finkg::Schema;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Extracts entities, relations and metrics from documents with one schema,
/// compiled once when the extractor is made.
///
/// `Extractor()` uses the schema built into finkg; `Extractor(schema_dir)`
/// reads a folder laid out like `graph-schema/` (ontology.ron, lexicon.ron,
/// gazetteer/) and raises `SchemaError` naming the file, line and column of
/// the first problem.
#[pyclass(module = "finkg", frozen)]
pub struct Extractor {
    pub(crate) inner: Arc<finkg::Extractor>,
    schema_dir: Option<PathBuf>,
}

/// The extractor of the bundled schema, built on first use.
pub(crate) fn bundled() -> PyResult<Arc<finkg::Extractor>> {
    static BUNDLED: OnceLock<Result<Arc<finkg::Extractor>, String>> = OnceLock::new();
    BUNDLED
        .get_or_init(|| {
            Schema::bundled()
                .map(|s| Arc::new(finkg::Extractor::new(s)))
                .map_err(|e| errors::message(&e))
        })
        .clone()
        .map_err(errors::SchemaError::new_err)
}

impl Extractor {
    /// One document's facts, the GIL released while extracting.
    pub(crate) fn run(&self, py: Python<'_>, doc: Ready) -> finkg::Extraction {
        let ex = &self.inner;
        py.detach(|| extract_ready(ex, doc))
    }

    /// The extractor of the bundled schema.
    pub(crate) fn default_one() -> PyResult<Extractor> {
        Ok(Extractor {
            inner: bundled()?,
            schema_dir: None,
        })
    }

    /// A new handle on the same compiled schema.
    pub(crate) fn share(&self) -> Extractor {
        Extractor {
            inner: Arc::clone(&self.inner),
            schema_dir: self.schema_dir.clone(),
        }
    }
}

/// Extract a document read or given, with its name, path and date.
pub(crate) fn extract_ready(ex: &finkg::Extractor, doc: Ready) -> finkg::Extraction {
    let mut x = ex.extract(&doc.name, &doc.path, &doc.text);
    if doc.date.is_some() {
        x.doc.date = doc.date;
    }
    x
}

/// A text with its optional name, date and path, as a document to extract.
fn ready(
    text: String,
    doc_id: Option<String>,
    date: Option<String>,
    path: Option<String>,
) -> Ready {
    Text {
        text,
        doc_id,
        date,
        path,
    }
    .ready()
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (schema_dir=None))]
    fn new(py: Python<'_>, schema_dir: Option<PathBuf>) -> PyResult<Extractor> {
        match schema_dir {
            None => Extractor::default_one(),
            Some(dir) => {
                let schema = py.detach(|| Schema::load(&dir)).map_err(errors::schema)?;
                Ok(Extractor {
                    inner: Arc::new(finkg::Extractor::new(schema)),
                    schema_dir: Some(dir),
                })
            }
        }
    }

    /// The facts of one text as the JSON of `finkg extract` (a dict with
    /// `doc`, `entities`, `relations`, `metrics`). `doc_id` names the
    /// document (default: its content hash); `date` (`YYYY-MM-DD` or a
    /// `datetime.date`) is the document's date when the text does not give
    /// one that finkg reads.
    #[pyo3(signature = (text, doc_id=None, date=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: String,
        doc_id: Option<String>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let x = self.run(py, ready(text, doc_id, date_text(date)?, None));
        gold_dict(py, &x)
    }

    /// The facts of one text with their evidence, as an `Extraction` that
    /// `Graph.add` takes and `Extraction.to_dict()` shows. `path` is where
    /// the text came from (default: its name).
    #[pyo3(signature = (text, doc_id=None, date=None, path=None))]
    fn extraction(
        &self,
        py: Python<'_>,
        text: String,
        doc_id: Option<String>,
        date: Option<&Bound<'_, PyAny>>,
        path: Option<String>,
    ) -> PyResult<Extraction> {
        let x = self.run(py, ready(text, doc_id, date_text(date)?, path));
        Ok(Extraction { inner: x })
    }

    /// The folder the schema was read from, or None for the bundled schema.
    #[getter]
    fn schema_dir(&self) -> Option<&Path> {
        self.schema_dir.as_deref()
    }

    fn __repr__(&self) -> String {
        match &self.schema_dir {
            Some(d) => format!("finkg.Extractor({:?})", d.display().to_string()),
            None => "finkg.Extractor()".to_string(),
        }
    }
}

/// The facts of one text as the JSON of `finkg extract`, with the bundled
/// schema (compiled on the first call, then reused).
#[pyfunction]
#[pyo3(signature = (text, doc_id=None, date=None))]
pub fn extract<'py>(
    py: Python<'py>,
    text: String,
    doc_id: Option<String>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Extractor::default_one()?.extract(py, text, doc_id, date)
}

/// Decode the bytes of a document file as finkg reads files: a byte-order
/// mark dropped, invalid UTF-8 repaired (with an `InputWarning`); None, with
/// a warning, when the bytes are binary or blank. `path` names the file in
/// the warnings.
#[pyfunction]
pub fn decode(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    path: PathBuf,
) -> PyResult<Option<String>> {
    let bytes = data.as_bytes();
    let decoded = Decoder::new()
        .decode(bytes, &path)
        .map_err(|e| errors::InputError::new_err(errors::message(&e)))?;
    match decoded {
        Decoded::Text { text, warnings } => {
            let lines: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
            errors::warn(py, &lines)?;
            Ok(Some(text))
        }
        Decoded::Skipped { warning } => {
            errors::warn(py, &[warning.to_string()])?;
            Ok(None)
        }
    }
}
