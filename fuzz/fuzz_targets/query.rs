//! Arbitrary text as a Cypher query: the parser, the checker, and running it
//! (with a small binding budget) on the query store of a graph of two
//! documents, built once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const DOCS: [&str; 2] = [
    "CITIC Securities expects Alibaba (9988.HK) to raise its cloud revenue by 30% in 2026. \
     Tencent outperformed the Hang Seng Tech Index. Alibaba trades at 15.2x NTM PE.\n",
    "Morgan Stanley rates Tencent overweight with a target price of HK$700. \
     Alibaba develops Qwen. Tencent plans capex of RMB 100 billion in 2026.\n",
];

fn store() -> &'static finkg::graph::GraphStore {
    static S: OnceLock<finkg::graph::GraphStore> = OnceLock::new();
    S.get_or_init(|| {
        let x = finkg::Extractor::new(finkg::Schema::bundled().expect("bundled schema"));
        let mut g = finkg::KnowledgeGraph::new();
        for (i, d) in DOCS.iter().enumerate() {
            g.ingest(x.extract(&format!("{i}.txt"), &format!("{i}.txt"), d));
        }
        finkg::graph::GraphStore::build(&g)
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = finkg::query::check_syntax(text);
    let engine = finkg::query::Engine::on_store(store())
        .param("name", "Alibaba")
        .with_budget(2_000);
    if engine.check(text).is_ok() {
        let _ = engine.run(text);
    }
});
