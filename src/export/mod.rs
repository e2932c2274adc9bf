//! Exports: the graph as DOT for Graphviz, JSON, GraphML, Cypher or CSV
//! for Kùzu and Neo4j, and an interactive HTML page; a document's facts as
//! gold JSON.
//!
//! Every format implements [`Exporter`] for what it exports (the whole
//! [`KnowledgeGraph`](crate::KnowledgeGraph), or one document's
//! [`Extraction`](crate::Extraction)), writes to any [`std::io::Write`] and
//! gives the same bytes for the same input.

mod chart;
mod csv;
mod cypher;
mod dot;
mod gold_json;
mod graphml;
pub mod html;
mod json;
mod tables;

pub use chart::{font_available, ChartError, TargetChart, TargetStep};
pub use csv::{CsvExporter, CsvFile, CSV_LIST_SEPARATOR, CSV_NULL};
pub use cypher::{CypherDialect, CypherExporter};
pub use dot::{dot_quote, format_value, DotExporter};
pub use gold_json::{
    json_file_name, GoldAction, GoldDocument, GoldEntity, GoldJsonExporter, GoldMetric,
    GoldRelation,
};
pub use graphml::{GraphMlExporter, GRAPHML_FORMAT};
pub use html::{HtmlExporter, LaidOut, VIEW_FORMAT};
pub use json::{
    load_json, read_json, JsonAction, JsonDocument, JsonEntity, JsonEvidence, JsonExporter,
    JsonGraph, JsonMetric, JsonRelation, JSON_FORMAT,
};

use std::fmt;
use std::io;
use std::str::FromStr;

/// Errors of exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    /// JSON serialisation failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The drawing handed to the HTML page is not SVG it can read.
    #[error("the drawing is not SVG finkg can read: {0}")]
    Svg(String),
}

/// One output format for one kind of input (`T`).
pub trait Exporter<T: ?Sized> {
    /// Write `input` in this format to `out`.
    fn write(&self, input: &T, out: &mut dyn io::Write) -> Result<(), ExportError>;

    /// The export as bytes.
    fn to_bytes(&self, input: &T) -> Result<Vec<u8>, ExportError> {
        let mut buf = Vec::new();
        self.write(input, &mut buf)?;
        Ok(buf)
    }
}

/// The formats the whole graph can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Graphviz DOT; `dot -Tsvg` turns it into a picture.
    Dot,
    /// The whole graph as JSON (`"format": "finkg-graph/1"`), loadable again.
    Json,
    /// GraphML with typed keys, for Gephi, yEd and networkx.
    GraphMl,
    /// A Cypher script that rebuilds the graph in Kùzu or Neo4j.
    Cypher,
    /// CSV files of nodes and relationships, with Kùzu and Neo4j load scripts.
    Csv,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Dot,
        ExportFormat::Json,
        ExportFormat::GraphMl,
        ExportFormat::Cypher,
        ExportFormat::Csv,
    ];

    /// The name used on the command line (`dot`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Json => "json",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Cypher => "cypher",
            ExportFormat::Csv => "csv",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Json => "json",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Cypher => "cypher",
            ExportFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown export format `{s}` (known: {})", names.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>().unwrap(), f);
            assert_eq!(
                f.to_string()
                    .to_uppercase()
                    .parse::<ExportFormat>()
                    .unwrap(),
                f
            );
        }
        let err = "png".parse::<ExportFormat>().unwrap_err();
        assert!(
            err.starts_with("unknown export format `png` (known: dot, json, graphml"),
            "{err}"
        );
    }
}
