//! What `Graph.ingest` is given: paths (files and folders) or texts, read
//! with finkg's decoding policy.
//!
//! A `pathlib.Path` (any `os.PathLike`) is a path; a `str` is a path when it
//! names an existing file or folder, and a text otherwise; a dict with a
//! `text` (and optionally `doc_id`, `date`, `path`) is a text with its
//! metadata. A folder is searched recursively for `.txt` and `.md` files,
//! sorted, hidden entries skipped, as `finkg ingest` does.

use crate::errors::InputError;
use finkg::text::{Decoded, Decoder};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use std::path::{Path, PathBuf};

/// File extensions searched for inside folders (as `finkg ingest`).
const EXTENSIONS: [&str; 2] = ["txt", "md"];

/// One document to extract.
pub(crate) enum Item {
    /// A file to read.
    File(PathBuf),
    /// A text given as it is.
    Text(Text),
}

/// A text and what it is called.
pub(crate) struct Text {
    pub(crate) text: String,
    pub(crate) doc_id: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) path: Option<String>,
}

impl Text {
    /// The document to extract: named `doc_id` (default: the content hash),
    /// read from `path` (default: its name).
    pub(crate) fn ready(self) -> Ready {
        let name = self
            .doc_id
            .unwrap_or_else(|| finkg::Document::hash(&self.text));
        Ready {
            path: self.path.unwrap_or_else(|| name.clone()),
            name,
            text: self.text,
            date: self.date,
        }
    }
}

/// A document read and ready to extract.
pub(crate) struct Ready {
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) text: String,
    pub(crate) date: Option<String>,
}

/// A date given as `str` or as `datetime.date` (its ISO form).
pub(crate) fn date_text(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(d) = date else { return Ok(None) };
    if d.is_none() {
        return Ok(None);
    }
    if let Ok(s) = d.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    match d.call_method0("isoformat") {
        Ok(s) => Ok(Some(s.extract::<String>()?)),
        Err(_) => Err(pyo3::exceptions::PyTypeError::new_err(
            "date must be a str (YYYY-MM-DD) or a datetime.date",
        )),
    }
}

/// The items of `obj`: one path, text or dict, or an iterable of them.
pub(crate) fn items(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Item>> {
    let os = obj.py().import("os")?;
    let pathlike = os.getattr("PathLike")?;
    let single = obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyDict>()
        || obj.is_instance(&pathlike)?;
    let mut out = Vec::new();
    if single {
        out.push(item(obj, &pathlike)?);
    } else {
        for x in obj.try_iter()? {
            out.push(item(&x?, &pathlike)?);
        }
    }
    Ok(out)
}

fn item(x: &Bound<'_, PyAny>, pathlike: &Bound<'_, PyAny>) -> PyResult<Item> {
    if let Ok(s) = x.cast::<PyString>() {
        let s = s.to_cow()?;
        let s: &str = &s;
        let p = Path::new(s);
        if !s.contains('\n') && !s.is_empty() && p.exists() {
            return Ok(Item::File(p.to_path_buf()));
        }
        return Ok(Item::Text(Text {
            text: s.to_string(),
            doc_id: None,
            date: None,
            path: None,
        }));
    }
    if let Ok(d) = x.cast::<PyDict>() {
        let text: String = d
            .get_item("text")?
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err("a document dict needs a `text`"))?
            .extract()?;
        let opt = |k: &str| -> PyResult<Option<String>> {
            match d.get_item(k)? {
                Some(v) if !v.is_none() => Ok(Some(v.str()?.to_cow()?.into_owned())),
                _ => Ok(None),
            }
        };
        let date = date_text(d.get_item("date")?.as_ref())?;
        return Ok(Item::Text(Text {
            text,
            doc_id: opt("doc_id")?,
            date,
            path: opt("path")?,
        }));
    }
    if x.is_instance(pathlike)? {
        let p: PathBuf = x.extract()?;
        return Ok(Item::File(p));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "cannot ingest a {}: give paths (str or pathlib.Path), texts (str) or dicts with a `text`",
        x.get_type().name()?
    )))
}

/// The files of `items` expanded (folders searched), then every document
/// read; an error naming the first path that cannot be read, before
/// anything is extracted.
pub(crate) fn read_all(items: Vec<Item>) -> Result<Documents, String> {
    use rayon::prelude::*;
    let mut expanded = Vec::new();
    for it in items {
        match it {
            Item::File(p) => {
                let meta = std::fs::metadata(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                if meta.is_dir() {
                    let before = expanded.len();
                    walk(&p, &mut expanded)?;
                    if expanded.len() == before {
                        return Err(format!(
                            "{}: no .txt or .md documents in this folder",
                            p.display()
                        ));
                    }
                } else {
                    expanded.push(Item::File(p));
                }
            }
            t => expanded.push(t),
        }
    }
    let read: Vec<Read> = expanded.into_par_iter().map(read_one).collect();
    let mut out = Documents {
        ready: Vec::with_capacity(read.len()),
        warnings: Vec::new(),
        skipped: 0,
    };
    for r in read {
        let (doc, w) = r?;
        out.warnings.extend(w);
        match doc {
            Some(d) => out.ready.push(d),
            None => out.skipped += 1,
        }
    }
    Ok(out)
}

/// The documents of one ingest, read.
pub(crate) struct Documents {
    /// Ready to extract, in the order given.
    pub(crate) ready: Vec<Ready>,
    /// Warnings about decoding and skipped files, each naming its file.
    pub(crate) warnings: Vec<String>,
    /// Files skipped (binary or blank).
    pub(crate) skipped: usize,
}

/// One document read (`None` when skipped) and the warnings about it, or
/// the error naming it.
type Read = Result<(Option<Ready>, Vec<String>), String>;

fn read_one(item: Item) -> Read {
    match item {
        Item::File(p) => match Decoder::new()
            .read(&p)
            .map_err(|e| crate::errors::message(&e))?
        {
            Decoded::Text { text, warnings } => {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| format!("{}: not a file name", p.display()))?;
                let doc = Ready {
                    name,
                    path: p.display().to_string(),
                    text,
                    date: None,
                };
                Ok((Some(doc), warnings.iter().map(|w| w.to_string()).collect()))
            }
            Decoded::Skipped { warning } => Ok((None, vec![warning.to_string()])),
        },
        Item::Text(t) => Ok((Some(t.ready()), Vec::new())),
    }
}

fn walk(dir: &Path, out: &mut Vec<Item>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    entries.sort();
    for p in entries {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| {
            EXTENSIONS
                .iter()
                .any(|e| x.to_string_lossy().eq_ignore_ascii_case(e))
        }) {
            out.push(Item::File(p));
        }
    }
    Ok(())
}

/// A read error as `InputError`.
pub(crate) fn input_error(message: String) -> PyErr {
    InputError::new_err(message)
}
