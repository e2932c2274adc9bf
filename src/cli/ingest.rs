//! `finkg ingest`: merge documents into a graph file, atomically.

use super::lock::GraphLock;
use super::{inputs, size, GraphArg, NoWaitArg, SchemaArg};
use anyhow::{Context, Result};
use finkg::text::{is_feed, read_feed, Manifest};
use finkg::{Extractor, IngestStats, KnowledgeGraph};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `finkg ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files, folders searched recursively for .txt and .md files, or
    /// news feeds (.jsonl: one article per line, {"id", "title", "text",
    /// "published", "source", "url"}).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A manifest giving documents' publication date, publisher and address
    /// by path: CSV with a header row (path,date,publisher,url; other
    /// columns ignored) or JSON Lines. What it gives wins over a document's
    /// front matter, which wins over a date the text prints.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Extract with this many threads (default: one per core). The graph
    /// is the same, byte for byte, whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Read no file larger than this: a bigger one is an error naming it and
    /// its size. Bytes, or a number with a unit (KB, MB, GB are powers of
    /// 1,000; K, M, G or KiB, MiB, GiB powers of 1,024).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = size::parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub no_wait: NoWaitArg,
}

impl Args {
    /// Extract the documents on `--jobs` threads in bounded batches, merging
    /// each batch in input order (the same graph, byte for byte, for any
    /// thread count); save only once every document is read and merged, so a
    /// bad input leaves the graph file as it was.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let graph_path = self.graph.graph.as_path();
        let files = inputs::collect(&self.paths)?;
        let manifest = self.manifest.as_deref().map(Manifest::read).transpose()?;
        // feeds are read here, before the graph is locked: a bad line is an
        // error that leaves the graph as it was
        let (feeds, files): (Vec<PathBuf>, Vec<PathBuf>) =
            files.into_iter().partition(|p| is_feed(p));
        let mut items = Vec::new();
        for f in &feeds {
            items.extend(read_feed(f)?.into_iter().map(|i| (f.clone(), i)));
        }
        // One writer at a time, from loading the graph to saving it.
        let _lock = GraphLock::acquire(graph_path, self.no_wait.wait(), &mut std::io::stderr())?;
        let existed = graph_path.exists();
        let mut graph = if existed {
            KnowledgeGraph::load(graph_path)?
        } else {
            KnowledgeGraph::new()
        };
        let extractor = Extractor::new(schema);

        let mut total = IngestStats::default();
        let mut added = 0;
        let mut lines = Vec::new();
        let jobs = self.jobs.map(usize::from);
        let mut bulk = graph.bulk();
        let mut merge = |label: String, x: finkg::Extraction| {
            let stats = bulk.ingest(x);
            if stats.changed() {
                added += 1;
                total.add(&stats);
            }
            lines.push(format!("  {label}: {stats}"));
        };
        {
            use rayon::prelude::*;
            let extracted: Vec<finkg::Extraction> = items
                .par_iter()
                .map(|(_, item)| {
                    extractor.extract_with(&item.name, &item.id, &item.text, &item.meta)
                })
                .collect();
            for ((feed, item), x) in items.iter().zip(extracted) {
                merge(format!("{}:{} ({})", feed.display(), item.line, item.id), x);
            }
        }
        inputs::extract_parallel(
            &extractor,
            &files,
            jobs,
            self.max_file_size,
            manifest.as_ref(),
            |path, x| {
                merge(path.display().to_string(), x);
                Ok(())
            },
        )?;
        let unchanged = lines.len() - added;
        bulk.finish();

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
        let summary = super::output::graph_summary(out, &graph);
        // The process ends once this returns: freeing the graph node by node
        // (millions of strings after a 100 MB ingest, about a second) would
        // only hand back memory the exit hands back at once.
        std::mem::forget(graph);
        summary
    }
}
