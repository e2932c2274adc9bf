//! Query values between Python and finkg: parameters in, rows out.
//!
//! Rows come out as `finkg query --format json` writes them: a dict per row
//! keyed by column; a node is a dict of its properties plus `_label`, a
//! relationship its properties plus `_type`, `_from` and `_to`.

use finkg::query::{QueryResult, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pythonize::pythonize;

/// A Python parameter value as a query value: None, bool, int, float, str,
/// or a list or tuple of them.
pub(crate) fn param(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if v.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = v.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if v.is_instance_of::<PyInt>() {
        Ok(Value::Int(v.extract::<i64>()?))
    } else if v.is_instance_of::<PyFloat>() {
        Ok(Value::Float(v.extract::<f64>()?))
    } else if let Ok(s) = v.cast::<PyString>() {
        Ok(Value::String(s.to_cow()?.into_owned()))
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let items: PyResult<Vec<Value>> = v.try_iter()?.map(|x| param(name, &x?)).collect();
        Ok(Value::List(items?))
    } else {
        Err(PyTypeError::new_err(format!(
            "parameter `{name}`: a {} is not a query value (None, bool, int, float, str or a list of them)",
            v.get_type().name()?
        )))
    }
}

/// Parameters from a dict (or None).
pub(crate) fn params(params: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Value)>> {
    let mut out = Vec::new();
    if let Some(d) = params {
        for (k, v) in d.iter() {
            let k: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("parameter names must be str"))?;
            let v = param(&k, &v)?;
            out.push((k, v));
        }
    }
    Ok(out)
}

/// The rows of a result: a list of dicts keyed by column.
pub(crate) fn rows<'py>(py: Python<'py>, r: &QueryResult) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for row in &r.rows {
        let d = PyDict::new(py);
        for (c, v) in r.columns.iter().zip(row) {
            d.set_item(c, value(py, v)?)?;
        }
        list.append(d)?;
    }
    Ok(list)
}

/// One value: scalars as Python scalars (a float that is not finite stays a
/// float), lists as lists, nodes and relationships as dicts.
pub(crate) fn value<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Float(f) => Ok(PyFloat::new(py, *f).into_any()),
        Value::List(items) => {
            let list = PyList::empty(py);
            for x in items {
                list.append(value(py, x)?)?;
            }
            Ok(list.into_any())
        }
        other => Ok(pythonize(py, other)?),
    }
}

/// The columns of a result, as a pandas DataFrame (pandas imported here).
pub(crate) fn data_frame<'py>(py: Python<'py>, r: &QueryResult) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py.import("pandas").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "query_df needs pandas (pip install pandas): {e}"
        ))
    })?;
    let data = PyList::empty(py);
    for row in &r.rows {
        let cells = PyList::empty(py);
        for v in row {
            cells.append(value(py, v)?)?;
        }
        data.append(cells)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, &r.columns)?)?;
    pandas.call_method("DataFrame", (data,), Some(&kwargs))
}
