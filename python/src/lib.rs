//! The Python package `finkg`: PyO3 bindings of the finkg library.
//!
//! The module `finkg._finkg` holds what is written in Rust; `finkg/__init__.py`
//! re-exports it. Every call that extracts, reads, queries, merges or saves
//! releases the GIL; every error is a Python exception carrying the Rust
//! message (see `errors.rs`).
#![deny(missing_docs)]

mod errors;
mod extractor;
mod facts;
mod graph;
mod inputs;
mod values;

use pyo3::prelude::*;

/// finkg turns financial news and broker research notes into a knowledge graph.
#[pymodule]
mod _finkg {
    #[pymodule_export]
    use super::errors::{
        FinkgError, GraphError, InputError, InputWarning, QueryError, SchemaError,
    };
    #[pymodule_export]
    use super::extractor::{decode, extract, Extractor};
    #[pymodule_export]
    use super::facts::Extraction;
    #[pymodule_export]
    use super::graph::Graph;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
