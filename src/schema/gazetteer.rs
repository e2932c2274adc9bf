//! Gazetteer files: known entities with aliases and tickers.

use super::SchemaError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One known entity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    /// Canonical name.
    pub name: String,
    /// Entity kind, defined in the ontology.
    pub kind: String,
    /// Other names (matched like the canonical name).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Tickers: `0700.HK`, `NVDA`, `600519.SH`, `005930.KS` …
    #[serde(default)]
    pub tickers: Vec<String>,
    /// For a model: the canonical name of the company that develops it.
    #[serde(default)]
    pub developer: Option<String>,
    /// Match only with the exact case written (for names that are also common words).
    #[serde(default)]
    pub case_sensitive: bool,
    /// The file this entry came from.
    #[serde(skip)]
    pub source: PathBuf,
    /// `kind` as an id of the ontology (set when the schema is assembled).
    #[serde(skip)]
    pub kind_id: super::KindId,
}

pub(crate) fn parse(text: &str, path: &Path) -> Result<Vec<GazetteerEntry>, SchemaError> {
    let mut entries: Vec<GazetteerEntry> =
        ron::from_str(text).map_err(|e| SchemaError::from_ron(path, e))?;
    for e in &mut entries {
        if e.name.trim().is_empty() {
            return Err(SchemaError::Invalid {
                path: path.to_path_buf(),
                message: "an entry has an empty name".into(),
            });
        }
        e.source = path.to_path_buf();
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_entry_reports_line_and_column() {
        let text = "[\n  (name: \"A\", kind: \"company\"),\n  (name: \"B\" kind: \"company\"),\n]";
        let err = parse(text, Path::new("g.ron")).unwrap_err().to_string();
        assert!(err.starts_with("g.ron:3:"), "{err}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let err = parse(
            "[(name: \"A\", kind: \"company\", alias: [])]",
            Path::new("g.ron"),
        );
        assert!(err.is_err());
    }
}
