//! Arbitrary text as one RON file of the schema folder: the first byte picks
//! the ontology, the lexicon, a gazetteer file replaced or one added. Only
//! that file is read (`Schema::with_file`, over the bundled schema parsed
//! once); a schema that loads builds an extractor that extracts, unless the
//! same schema was built before (a file that differs in its comments or
//! spacing reads as the same schema, which builds the same extractor). The
//! extractor is built over the bundled schema's (`Extractor::with_schema`,
//! which compiles only the phrases the bundled automaton lacks); one in
//! 1024, picked by a hash of the input (so a crash replays), is also built
//! from scratch (`Extractor::new`, which compiles every phrase of the
//! schema: about a hundred times the rest of an input) and must extract
//! the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Mutex, OnceLock};

fn bundled() -> &'static finkg::Schema {
    static S: OnceLock<finkg::Schema> = OnceLock::new();
    S.get_or_init(|| finkg::Schema::bundled().expect("bundled schema"))
}

/// The bundled schema's extractor, which the others are built over.
fn base() -> &'static finkg::Extractor {
    static X: OnceLock<finkg::Extractor> = OnceLock::new();
    X.get_or_init(|| finkg::Extractor::new(bundled().clone()))
}

/// Whether the schema that `file` gave has not been built yet: a hash of
/// the part of the schema read from `file` (the rest is the bundled schema).
fn first_time(file: &str, schema: &finkg::Schema) -> bool {
    static SEEN: OnceLock<Mutex<HashSet<u64>>> = OnceLock::new();
    let mut h = HashWriter(DefaultHasher::new());
    let _ = match file {
        "ontology.ron" => std::fmt::write(&mut h, format_args!("{:?}", schema.ontology)),
        "lexicon.ron" => std::fmt::write(&mut h, format_args!("{:?}", schema.lexicon)),
        _ => {
            let name = std::path::Path::new(file).file_name();
            let entries: Vec<_> = schema
                .gazetteer
                .iter()
                .filter(|e| e.source.file_name() == name)
                .collect();
            std::fmt::write(&mut h, format_args!("{entries:?}"))
        }
    };
    h.0.write(file.as_bytes());
    let key = h.0.finish();
    SEEN.get_or_init(Default::default)
        .lock()
        .expect("one thread")
        .insert(key)
}

/// Formats straight into a hasher.
struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

const TEXT: &str = "CITIC Securities expects Alibaba to grow revenue by 30% in 2026.";

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
    if !first_time(file, &schema) {
        return;
    }
    // Building an extractor from scratch compiles every phrase of the schema
    // (far more than the rest of an input): one in 1024, picked by a hash of
    // the input so a crash replays, is.
    let mut h = DefaultHasher::new();
    h.write(bytes);
    let fresh = (h.finish() % 1024 == 0).then(|| finkg::Extractor::new(schema.clone()));
    let x = base().with_schema(schema);
    let got = x.extract("f.txt", "f.txt", TEXT);
    if let Some(fresh) = fresh {
        assert!(
            got == fresh.extract("f.txt", "f.txt", TEXT),
            "an extractor built over the bundled one extracts differently"
        );
    }
});
