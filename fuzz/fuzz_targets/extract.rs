//! Arbitrary bytes as a document file: finkg's reading policy (binary,
//! empty, invalid UTF-8), then the whole extraction with the bundled schema
//! (built once): every fact's evidence is a sentence of the text, and the
//! facts merge into a graph.
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
        for ev in x
            .relations
            .iter()
            .map(|r| &r.evidence)
            .chain(x.metrics.iter().map(|m| &m.evidence))
        {
            assert!(ev.start <= ev.end && ev.end <= text.len(), "{ev:?}");
            assert_eq!(&text[ev.start..ev.end], ev.sentence, "{ev:?}");
        }
        let entities = x.entities.len();
        let mut g = finkg::KnowledgeGraph::new();
        let stats = g.ingest(x);
        assert!(g.summary().entities <= entities, "{stats:?}");
    }
    // The strict decoder must not panic either.
    let _ = lenient.strict().decode(bytes, path);
});
