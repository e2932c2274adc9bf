//! Arbitrary text as one RON file of the schema folder: the first byte picks
//! the ontology, the lexicon, a gazetteer file replaced or one added. Only
//! that file is read (`Schema::with_file`, over the bundled schema parsed
//! once); one schema in four that loads builds an extractor that extracts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn bundled() -> &'static finkg::Schema {
    static S: OnceLock<finkg::Schema> = OnceLock::new();
    S.get_or_init(|| finkg::Schema::bundled().expect("bundled schema"))
}

const FILES: [&str; 4] = [
    "ontology.ron",
    "lexicon.ron",
    "gazetteer/brokers.ron",
    "gazetteer/zz_fuzz.ron",
];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let file = FILES[pick as usize % FILES.len()];
    let Ok(schema) = bundled().with_file(file, text) else {
        return;
    };
    // Building the extractor's automata is most of the cost of an input:
    // one schema in four (picked by the input's bytes, so a crash replays)
    // builds one and extracts with it.
    let sample = bytes.iter().fold(0u8, |h, b| h.rotate_left(3) ^ b);
    if sample % 4 == 0 {
        let x = finkg::Extractor::new(schema);
        let _ = x.extract(
            "f.txt",
            "f.txt",
            "CITIC Securities expects Alibaba to grow revenue by 30% in 2026.",
        );
    }
});
