//! Arbitrary bytes as a binary snapshot mapped for queries (`finkg query`
//! on a `.bin` file maps its store, format 3, instead of loading the graph):
//! opening never panics, and a store that opens answers queries (with a
//! binding budget) without panicking.
#![no_main]

use finkg::graph::GraphStore;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The file each input is written to (the store is read by mapping a
/// file): in memory (`/dev/shm`) where there is one. On ext4, rewriting a
/// file in place flushes it to the disk when it is closed, and the target
/// spent four fifths of its time waiting for that.
fn file() -> &'static PathBuf {
    static F: OnceLock<PathBuf> = OnceLock::new();
    F.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        dir.join(format!("finkg-fuzz-store-{}.bin", std::process::id()))
    })
}

const QUERIES: [&str; 4] = [
    "MATCH (a)-[r]->(b) RETURN a.name, a.kind, r.kind, r.rating, b.name LIMIT 50",
    "MATCH (c)-[:has_metric]->(m:metric) RETURN c.name, m.label, m.value, m.unit, m.period",
    "MATCH (a)-[*1..2]->(b) RETURN count(*)",
    "MATCH (n) WHERE n.name CONTAINS 'a' RETURN n.id, n.aliases, n.tickers ORDER BY n.id LIMIT 20",
];

fuzz_target!(|bytes: &[u8]| {
    std::fs::write(file(), bytes).expect("a temporary file");
    let Ok(Some(store)) = GraphStore::open(file()) else {
        return;
    };
    let engine = finkg::query::Engine::on_store(&store).with_budget(2_000);
    for q in QUERIES {
        let _ = engine.run(q);
    }
    let _ = store.find_entity("Alibaba");
});
