//! `finkg serve`: the graph in the browser and a JSON API, from one process
//! that loads the graph once (see [`finkg::serve`]).

use super::{GraphArg, SchemaArg};
use anyhow::{bail, Result};
use finkg::serve::{Limits, Options};
use finkg::KnowledgeGraph;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `finkg serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Address to listen on. The default is this machine only; another
    /// address opens the graph to whoever can reach it.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    pub addr: SocketAddr,
    /// Reload the graph when its file is replaced (after `finkg ingest`);
    /// requests in flight finish on the graph they started with.
    #[arg(long)]
    pub watch: bool,
    /// Longest a query may run, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    pub timeout_ms: u64,
    /// Most rows a query may return.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_rows: usize,
}

/// Read a graph file that `serve` cannot map: RON, JSON, an older snapshot.
fn load(path: &Path) -> Result<KnowledgeGraph, finkg::Error> {
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        return Ok(finkg::export::load_json(path)?);
    }
    Ok(KnowledgeGraph::load(path)?)
}

impl Args {
    /// Serve until stopped.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let graph = &self.graph.graph;
        if !graph.exists() {
            bail!(
                "{}: no graph file here; build one with `finkg ingest PATH... --graph {}`",
                graph.display(),
                graph.display()
            );
        }
        let options = Options {
            graph: graph.clone(),
            addr: self.addr,
            watch: self.watch,
            poll: Duration::from_millis(500),
            limits: Limits {
                timeout: Duration::from_millis(self.timeout_ms.max(1)),
                max_rows: self.max_rows,
                ..Limits::default()
            },
        };
        let mut said = Ok(());
        finkg::serve::serve(options, schema.ontology, Arc::new(load), |addr| {
            said = writeln!(
                out,
                "serving {} on http://{addr}/ (read-only{}); Ctrl-C stops",
                graph.display(),
                if self.watch {
                    ", reloaded when the file changes"
                } else {
                    ""
                }
            )
            .and_then(|()| out.flush());
        })?;
        Ok(said?)
    }
}
