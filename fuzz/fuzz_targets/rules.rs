//! Arbitrary text as a rule file of the schema (`graph-schema/rules/*.ron`):
//! the first byte picks a bundled file to replace or a new one to add. Only
//! that file is read (`Schema::with_file` over the bundled schema, parsed
//! once). A schema that loads compiles into an extractor that extracts a
//! text where every family has cues: built over the bundled schema's
//! extractor (`Extractor::with_schema`, which compiles only the phrases the
//! bundled automaton lacks). A rule file that reads as one already built (it
//! differs in comments or spacing) is not built again: it gives the same
//! extractor.
//!
//! Two checks cost far more than the rest of an input and run on a sample
//! of the new schemas, picked by a hash of the input (so a crash replays):
//! one in 128 also runs the examples and counter-examples of every rule
//! (`Extractor::check_rules`: some twenty times the rest of an input), and
//! one in 1024 is also built from scratch (`Extractor::new`, which compiles
//! the whole phrase automaton: about a hundred times the rest of an input)
//! and must extract the same and fail the same examples.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Mutex, OnceLock};

/// Whether the rule file `file` read as has not been built yet (a hash of
/// it as read; the rest of the schema is the bundled one).
fn first_time(file: &str, schema: &finkg::Schema) -> bool {
    static SEEN: OnceLock<Mutex<HashSet<u64>>> = OnceLock::new();
    let name = std::path::Path::new(file).file_name();
    let mut h = HashWriter(DefaultHasher::new());
    for r in schema.rules.iter().filter(|r| r.path.file_name() == name) {
        let _ = std::fmt::write(&mut h, format_args!("{r:?}"));
    }
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

fn bundled() -> &'static finkg::Schema {
    static S: OnceLock<finkg::Schema> = OnceLock::new();
    S.get_or_init(|| finkg::Schema::bundled().expect("bundled schema"))
}

/// The bundled schema's extractor, which the others are built over.
fn base() -> &'static finkg::Extractor {
    static X: OnceLock<finkg::Extractor> = OnceLock::new();
    X.get_or_init(|| finkg::Extractor::new(bundled().clone()))
}

/// The bundled rule files (to replace) and a new one (to add).
fn files() -> &'static [String] {
    static F: OnceLock<Vec<String>> = OnceLock::new();
    F.get_or_init(|| {
        let mut names: Vec<String> = bundled()
            .rules
            .iter()
            .filter_map(|r| r.path.file_name())
            .map(|n| format!("rules/{}", n.to_string_lossy()))
            .collect();
        names.sort();
        names.push("rules/zz_fuzz.ron".into());
        names
    })
}

const TEXT: &str = "Kestrel Securities upgraded Orvane Foods to Buy from Hold, \
    analyst Mara Lind said. Orvane Foods outperformed the Hang Seng Index. \
    Tencent rose 3% while Alibaba fell 2%.";

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let files = files();
    let file = &files[pick as usize % files.len()];
    let Ok(schema) = bundled().with_file(file, text) else {
        return;
    };
    if !first_time(file, &schema) {
        return;
    }
    // Which of the costly checks run is picked by a hash of the input, so a
    // crash replays.
    let mut h = DefaultHasher::new();
    h.write(bytes);
    let sample = h.finish();
    let fresh = (sample % 1024 == 0).then(|| finkg::Extractor::new(schema.clone()));
    let x = base().with_schema(schema);
    let got = x.extract("f.txt", "f.txt", TEXT);
    if let Some(fresh) = &fresh {
        assert!(
            got == fresh.extract("f.txt", "f.txt", TEXT),
            "an extractor built over the bundled one extracts differently"
        );
        assert!(
            x.check_rules().failures == fresh.check_rules().failures,
            "an extractor built over the bundled one fails other examples"
        );
    } else if sample / 1024 % 128 == 0 {
        x.check_rules();
    }
});
