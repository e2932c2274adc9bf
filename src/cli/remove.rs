//! `finkg remove`: take documents out of a graph file, atomically.

use super::lock::GraphLock;
use super::{GraphArg, NoWaitArg};
use anyhow::{bail, Result};
use finkg::KnowledgeGraph;
use std::io::Write;
use std::path::Path;

/// Arguments of `finkg remove`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A document: its file name, its name without .txt, its path, its id
    /// or the first 4+ characters of its id.
    #[arg(required = true, value_name = "DOC")]
    pub docs: Vec<String>,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub no_wait: NoWaitArg,
}

impl Args {
    /// Remove every document named (see [`KnowledgeGraph::find_document`]).
    pub fn run(&self, out: &mut dyn Write) -> Result<()> {
        run(&self.docs, &self.graph.graph, self.no_wait.wait(), out)
    }
}

/// Remove every document `docs` names; a name that matches no document is an
/// error and nothing is removed. The graph is saved once, atomically.
fn run(docs: &[String], graph_path: &Path, wait: bool, out: &mut dyn Write) -> Result<()> {
    if !graph_path.exists() {
        bail!(
            "{}: no graph file here; build one with `finkg ingest`",
            graph_path.display()
        );
    }
    let _lock = GraphLock::acquire(graph_path, wait, &mut std::io::stderr())?;
    let mut graph = KnowledgeGraph::load(graph_path)?;
    let mut ids = Vec::new();
    for name in docs {
        let Some(d) = graph.find_document(name) else {
            bail!(
                "{}: no document `{name}` in this graph (a file name, a name without .txt, a path, an id or its first 4+ characters)",
                graph_path.display()
            );
        };
        if !ids.iter().any(|(id, _)| id == &d.id) {
            ids.push((d.id.clone(), d.path.clone()));
        }
    }
    let mut lines = Vec::new();
    for (id, path) in &ids {
        let before = graph.summary();
        let s = graph
            .remove_document(id)
            .expect("a document found a moment ago");
        let after = graph.summary();
        lines.push(format!(
            "  {path} [{}]: {} entities, {} relations, {} metrics, -{} evidence sentences",
            &id[..id.len().min(16)],
            delta(before.entities, after.entities),
            delta(before.relations, after.relations),
            delta(before.metrics, after.metrics),
            s.evidence_removed,
        ));
    }
    graph.save(graph_path)?;
    writeln!(
        out,
        "{}: removed {} document{}",
        graph_path.display(),
        ids.len(),
        if ids.len() == 1 { "" } else { "s" }
    )?;
    for l in lines {
        writeln!(out, "{l}")?;
    }
    super::output::graph_summary(out, &graph)
}

/// A change of count, signed: `-3`, `+1` (a merge only the removed document
/// caused is undone, so an entity can split in two), `-0`.
fn delta(before: usize, after: usize) -> String {
    if after > before {
        format!("+{}", after - before)
    } else {
        format!("-{}", before - after)
    }
}
