//! Arbitrary bytes as a document file: finkg's reading policy (binary,
//! empty, invalid UTF-8), then the whole extraction with the bundled schema.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn extractor() -> &'static finkg::Extractor {
    static X: OnceLock<finkg::Extractor> = OnceLock::new();
    X.get_or_init(|| finkg::Extractor::new(finkg::Schema::bundled().expect("bundled schema")))
}

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.txt");
    let lenient = finkg::text::Decoder::new();
    if let Ok(finkg::text::Decoded::Text { text, .. }) = lenient.decode(bytes, path) {
        let x = extractor().extract("fuzz.txt", "fuzz.txt", &text);
        // Every fact's evidence is a span of the text.
        for ev in x
            .relations
            .iter()
            .map(|r| &r.evidence)
            .chain(x.metrics.iter().map(|m| &m.evidence))
        {
            assert!(ev.start <= ev.end && ev.end <= text.len(), "{ev:?}");
        }
        // And the facts merge into a graph that saves and loads again.
        let mut g = finkg::KnowledgeGraph::new();
        g.ingest(x);
        let ron = g.to_ron().expect("save");
        let back = finkg::KnowledgeGraph::from_ron(&ron, path).expect("load what was saved");
        assert_eq!(back.to_ron().unwrap(), ron);
    }
    // The strict decoder must not panic either.
    let _ = lenient.strict().decode(bytes, path);
});
