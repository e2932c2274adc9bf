//! Arbitrary text as one RON file of the schema folder: the first byte picks
//! the ontology, the lexicon or a gazetteer file; the rest replaces it in a
//! copy of graph-schema/, and the whole folder is loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn schema_copy() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../graph-schema");
        let dir = std::env::temp_dir().join(format!("finkg-fuzz-schema-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("gazetteer")).unwrap();
        for f in ["ontology.ron", "lexicon.ron"] {
            std::fs::copy(src.join(f), dir.join(f)).unwrap();
        }
        std::fs::copy(
            src.join("gazetteer/brokers.ron"),
            dir.join("gazetteer/brokers.ron"),
        )
        .unwrap();
        dir
    })
}

const FILES: [&str; 3] = ["ontology.ron", "lexicon.ron", "gazetteer/zz_fuzz.ron"];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let dir = schema_copy();
    let file = FILES[pick as usize % FILES.len()];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../graph-schema");
    // Put back the other files, then write this one.
    for f in ["ontology.ron", "lexicon.ron"] {
        if f != file {
            std::fs::copy(src.join(f), dir.join(f)).unwrap();
        }
    }
    let _ = std::fs::remove_file(dir.join("gazetteer/zz_fuzz.ron"));
    std::fs::write(dir.join(file), rest).unwrap();
    if let Ok(schema) = finkg::Schema::load(dir) {
        // A schema that loads must build an extractor and extract.
        let x = finkg::Extractor::new(schema);
        let _ = x.extract(
            "f.txt",
            "f.txt",
            "CITIC Securities expects Alibaba to grow revenue by 30% in 2026.",
        );
    }
});
