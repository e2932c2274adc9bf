//! `finkg export`: the graph in another format, to a file or standard output.

use anyhow::{Context, Result};
use finkg::export::{DotExporter, ExportFormat, Exporter};
use finkg::Schema;
use std::io::Write;
use std::path::Path;

/// What to draw.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Metric nodes.
    pub metrics: bool,
    /// Only entities with relations.
    pub connected: bool,
}

/// Export the graph file; `file` is written atomically.
pub fn run(
    schema: &Schema,
    graph: &Path,
    format: ExportFormat,
    file: Option<&Path>,
    options: Options,
    out: &mut dyn Write,
) -> Result<()> {
    let g = super::load_existing_graph(graph)?;
    let bytes = match format {
        ExportFormat::Dot => DotExporter::new(&schema.ontology)
            .with_metrics(options.metrics)
            .with_isolated(!options.connected)
            .to_bytes(&g)?,
    };
    match file {
        Some(path) => {
            finkg::graph::write_atomic(path, &bytes)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            writeln!(out, "wrote {} ({format})", path.display())?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(())
}
