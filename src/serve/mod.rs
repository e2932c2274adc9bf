//! `finkg serve`: one process that loads the graph once and answers the web
//! page and a JSON API over it, read-only.
//!
//! The graph is held as a [`GraphStore`] (mapped from a binary snapshot, or
//! built from any other graph file) in a [`Graphs`] slot; each request
//! takes the store current when it arrives, so [`Options::watch`] can swap
//! in a new one when the file is replaced (by `finkg ingest`) while the
//! requests in flight finish on the old one. Queries run on the blocking
//! pool with the engine's limits ([`Limits`]); every error is a JSON
//! object with an HTTP status of 4xx (see [`ApiError`]).
//!
//! Routes: `/` (the page), `/assets/*` (its script and style, built in),
//! `GET /api/stats`, `GET /api/overview?limit=N`, `GET
//! /api/entities?search=TEXT`, `GET /api/entity/ID`, `GET
//! /api/neighbours/ID`, `GET /api/edge/N`, `POST /api/subgraph`, `POST
//! /api/query`, `POST /api/explain`, `GET /api/ask/QUESTION?entity=NAME`,
//! `GET /api/questions`.

mod api;
mod error;
mod state;

pub use error::{ApiError, ServeError};
pub use state::{Graphs, Loaded};

use crate::graph::GraphStore;
use crate::schema::Ontology;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What a query may spend in the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest a query runs before it is stopped.
    pub timeout: Duration,
    /// Most rows a query returns before it is stopped.
    pub max_rows: usize,
    /// Most bindings a query makes before it is stopped.
    pub budget: u64,
    /// Largest request body, in bytes.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(5),
            max_rows: 100_000,
            budget: 20_000_000,
            max_body: 1 << 20,
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The graph file.
    pub graph: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Reload the graph when its file is replaced.
    pub watch: bool,
    /// How often to look at the file when watching.
    pub poll: Duration,
    /// Query limits.
    pub limits: Limits,
}

/// Reads a graph file the server cannot map (RON, JSON, an older snapshot).
pub type Loader =
    Arc<dyn Fn(&std::path::Path) -> Result<crate::KnowledgeGraph, crate::Error> + Send + Sync>;

/// Load a graph file as a store: mapped from a binary snapshot, or built
/// from a graph `load` reads (RON, JSON, an older snapshot).
pub fn load_store(
    path: &std::path::Path,
    load: &(dyn Fn(&std::path::Path) -> Result<crate::KnowledgeGraph, crate::Error> + Sync),
) -> Result<GraphStore, crate::Error> {
    if let Some(s) = GraphStore::open(path)? {
        return Ok(s);
    }
    let g = load(path)?;
    Ok(GraphStore::build(&g))
}

/// Serve until the process is stopped (Ctrl-C). `ready` is called with
/// the address bound (port 0 picks a free one) before the first request.
pub fn serve(
    options: Options,
    ontology: Ontology,
    load: Loader,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let first = load_store(&options.graph, &*load).map_err(ServeError::Load)?;
    let graphs = Arc::new(Graphs::new(Loaded::new(first, &options.graph)));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| ServeError::Io(format!("cannot listen on {}: {e}", options.addr)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| ServeError::Io(e.to_string()))?;
        if options.watch {
            tokio::spawn(state::watch(
                graphs.clone(),
                options.graph.clone(),
                options.poll,
                load.clone(),
            ));
        }
        let app = api::router(api::AppState {
            graphs,
            ontology: Arc::new(ontology),
            limits: options.limits,
        });
        ready(addr);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| ServeError::Io(e.to_string()))
    })
}
