//! finkg's errors as Python exceptions, each with the Rust message.
//!
//! `FinkgError` is the base of them all; `SchemaError`, `InputError`,
//! `GraphError` and `QueryError` say which stage failed. A missing file is an
//! `InputError` naming it, as the command line says it.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyUserWarning};
use pyo3::prelude::*;

create_exception!(
    finkg,
    FinkgError,
    PyException,
    "Any error of finkg; the message is finkg's own (file, line and column where there are some)."
);
create_exception!(
    finkg,
    SchemaError,
    FinkgError,
    "A schema folder is unreadable or invalid."
);
create_exception!(
    finkg,
    InputError,
    FinkgError,
    "A document file or folder cannot be read (missing, unreadable, too large)."
);
create_exception!(
    finkg,
    GraphError,
    FinkgError,
    "A graph file cannot be read or written, or a graph cannot be merged or asked about something it lacks."
);
create_exception!(
    finkg,
    QueryError,
    FinkgError,
    "A Cypher query is malformed or failed; the message points at the line and column."
);
create_exception!(
    finkg,
    InputWarning,
    PyUserWarning,
    "A document was decoded with repairs (invalid UTF-8) or skipped (binary, empty)."
);

/// An error's message as the command line prints it: the error and its
/// causes on one line (`g.ron: cannot read: No such file or directory (os
/// error 2)`).
pub(crate) fn message(e: &(dyn std::error::Error + 'static)) -> String {
    finkg::error::with_causes(e)
}

/// A graph error as `GraphError`.
pub(crate) fn graph(e: finkg::GraphError) -> PyErr {
    GraphError::new_err(message(&e))
}

/// A query error as `QueryError` (its message shows the line and column).
pub(crate) fn query(e: finkg::QueryError) -> PyErr {
    QueryError::new_err(message(&e))
}

/// A schema error as `SchemaError`.
pub(crate) fn schema(e: finkg::schema::SchemaError) -> PyErr {
    SchemaError::new_err(message(&e))
}

/// Issue each line as an `InputWarning`.
pub(crate) fn warn(py: Python<'_>, lines: &[String]) -> PyResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let category = py.get_type::<InputWarning>();
    for line in lines {
        let text = std::ffi::CString::new(line.replace('\0', "\u{FFFD}"))
            .expect("NUL bytes were replaced");
        PyErr::warn(py, &category, &text, 1)?;
    }
    Ok(())
}
