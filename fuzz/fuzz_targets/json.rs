//! Arbitrary text as a JSON graph file (`finkg --graph g.json`): reading it
//! never panics, and a graph that loads exports to JSON that loads as the
//! same graph, and saves as RON that loads as the same graph.
#![no_main]

use finkg::export::{Exporter, JsonExporter};
use finkg::KnowledgeGraph;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = Path::new("fuzz.json");
    let Ok(g) = finkg::export::read_json(text, path) else {
        return;
    };
    let facts = g.facts_ron();
    let json = JsonExporter::new().to_bytes(&g).expect("json export");
    let again = finkg::export::read_json(std::str::from_utf8(&json).unwrap(), path)
        .expect("the JSON export loads");
    assert_eq!(again.facts_ron(), facts, "the JSON export is not the graph");
    let ron = g.to_ron().expect("a loaded graph saves");
    let back = KnowledgeGraph::from_ron(&ron, path).expect("a saved graph loads");
    assert_eq!(back.to_ron().unwrap(), ron, "save/load is not stable");
});
