//! `finkg ingest`: merge documents into a graph file, atomically.

use super::inputs;
use super::lock::GraphLock;
use anyhow::{Context, Result};
use finkg::{Extractor, IngestStats, KnowledgeGraph, Schema};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `finkg ingest` reads and waits.
#[derive(Debug, Clone)]
pub struct Options {
    /// Extraction threads (`None`: one per core).
    pub jobs: Option<usize>,
    /// Largest document file read, in bytes.
    pub max_file_size: u64,
    /// Wait for another writer of the graph file (else fail).
    pub wait: bool,
}

/// Extract the documents on `jobs` threads in bounded batches, merging each
/// batch in input order (the same graph, byte for byte, for any thread
/// count); save only once every document is read and merged, so a bad input
/// leaves the graph file as it was.
pub fn run(
    schema: &Schema,
    paths: &[PathBuf],
    graph_path: &Path,
    options: &Options,
    out: &mut dyn Write,
) -> Result<()> {
    let jobs = options.jobs;
    inputs::set_max_file_size(options.max_file_size);
    let files = inputs::collect(paths)?;
    // One writer at a time, from loading the graph to saving it.
    let _lock = GraphLock::acquire(graph_path, options.wait, &mut std::io::stderr())?;
    let existed = graph_path.exists();
    let mut graph = if existed {
        KnowledgeGraph::load(graph_path)?
    } else {
        KnowledgeGraph::new()
    };
    let extractor = Extractor::new(schema.clone());

    let mut total = IngestStats::default();
    let mut added = 0;
    let mut lines = Vec::new();
    inputs::extract_parallel(&extractor, &files, jobs, |path, x| {
        let stats = graph.ingest(x);
        if stats.changed() {
            added += 1;
            total.add(&stats);
        }
        lines.push(format!("  {}: {stats}", path.display()));
        Ok(())
    })?;
    let unchanged = lines.len() - added;

    if added > 0 || !existed {
        if let Some(dir) = graph_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        }
        graph.save(graph_path)?;
    }

    writeln!(
        out,
        "{}: added {added} document{} ({unchanged} already present)",
        graph_path.display(),
        if added == 1 { "" } else { "s" }
    )?;
    for l in lines {
        writeln!(out, "{l}")?;
    }
    if added > 1 {
        writeln!(out, "  total: {total}")?;
    }
    super::output::graph_summary(out, &graph)
}
