//! Arbitrary text as a graph file, RON (the first byte even) or JSON (odd):
//! loading never panics, and a graph that loads saves and loads again to the
//! same bytes, and exports in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = Path::new("fuzz.graph");
    let loaded = if pick % 2 == 0 {
        finkg::KnowledgeGraph::from_ron(text, path)
    } else {
        finkg::export::read_json(text, path)
    };
    let Ok(g) = loaded else {
        return;
    };
    let ron = g.to_ron().expect("a loaded graph saves");
    let back = finkg::KnowledgeGraph::from_ron(&ron, path).expect("a saved graph loads");
    assert_eq!(back.to_ron().unwrap(), ron, "save/load is not stable");
    use finkg::export::Exporter;
    let json = finkg::export::JsonExporter::new().to_bytes(&g).expect("json export");
    let again = finkg::export::read_json(std::str::from_utf8(&json).unwrap(), path)
        .expect("the JSON export loads");
    assert_eq!(again.to_ron().unwrap(), ron, "the JSON export is not the graph");
    finkg::export::GraphMlExporter::new().to_bytes(&g).expect("graphml export");
    finkg::export::CypherExporter::new().to_bytes(&g).expect("cypher export");
    let _ = finkg::query::query(&g, "MATCH (a)-[r]->(b) RETURN a.name, r.kind, b.name LIMIT 50");
});
