//! The graph the server answers from, and the watch that swaps in a new one
//! when the file is replaced.

use crate::export::html::data::{self, NameIndex, Stats, Subgraph};
use crate::graph::GraphStore;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, SystemTime};

/// One loaded graph and what is computed from it once.
#[derive(Debug)]
pub struct Loaded {
    /// The store.
    pub store: GraphStore,
    /// Names, aliases and tickers, for search.
    pub names: NameIndex,
    /// Totals.
    pub stats: Stats,
    /// How many graphs were loaded before this one.
    pub generation: u64,
    /// What the file was when it was read.
    identity: Option<Identity>,
    overview: OnceLock<Subgraph>,
}

/// Enough of a file's metadata to see that it was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn identity(path: &Path) -> Option<Identity> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Identity {
        len: m.len(),
        modified: m.modified().ok(),
        inode,
    })
}

/// The overview's size when the request names none.
pub(crate) const OVERVIEW: usize = 40;

impl Loaded {
    /// A loaded store of the file at `path`.
    pub fn new(store: GraphStore, path: &Path) -> Loaded {
        Loaded {
            names: NameIndex::new(&store),
            stats: data::stats(&store),
            store,
            generation: 0,
            identity: identity(path),
            overview: OnceLock::new(),
        }
    }

    /// The first screen (computed once for the usual size).
    pub fn overview(&self, limit: usize) -> Subgraph {
        if limit == OVERVIEW {
            return self
                .overview
                .get_or_init(|| data::overview(&self.store, OVERVIEW))
                .clone();
        }
        data::overview(&self.store, limit)
    }
}

/// The current graph; readers take it, the watch replaces it.
#[derive(Debug)]
pub struct Graphs {
    current: RwLock<Arc<Loaded>>,
}

impl Graphs {
    /// A slot holding `first`.
    pub fn new(first: Loaded) -> Graphs {
        Graphs {
            current: RwLock::new(Arc::new(first)),
        }
    }

    /// The graph current now (kept alive by the caller as long as it needs).
    pub fn current(&self) -> Arc<Loaded> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn replace(&self, mut next: Loaded) {
        let mut slot = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        next.generation = slot.generation + 1;
        *slot = Arc::new(next);
    }
}

/// Look at the file every `poll`; when it was replaced, load the new one
/// (on the blocking pool) and swap it in. A file that does not load is
/// reported and the old graph kept until the file changes again.
pub(crate) async fn watch(graphs: Arc<Graphs>, path: PathBuf, poll: Duration, load: super::Loader) {
    let mut seen = graphs.current().identity.clone();
    loop {
        tokio::time::sleep(poll).await;
        let now = identity(&path);
        if now.is_none() || now == seen {
            continue;
        }
        seen = now;
        let (p, l) = (path.clone(), load.clone());
        let loaded = tokio::task::spawn_blocking(move || {
            super::load_store(&p, &*l).map(|s| Loaded::new(s, &p))
        })
        .await;
        match loaded {
            Ok(Ok(next)) => {
                eprintln!(
                    "[reloaded {}: {} entities, {} relations]",
                    path.display(),
                    next.stats.entities,
                    next.stats.relations
                );
                graphs.replace(next);
            }
            Ok(Err(e)) => eprintln!(
                "[not reloaded, keeping the graph served: {}]",
                crate::error::with_causes(&e)
            ),
            Err(e) => eprintln!("[not reloaded: {e}]"),
        }
    }
}
