//! Arbitrary text as a CSV manifest (`finkg ingest --manifest FILE.csv`):
//! reading it never panics, and an error names the file and a line (1-based).
//! A manifest that reads is written back as CSV and as JSON Lines, and both
//! read as the same manifest (so the two readers agree, and every date
//! read is one the reader gives back unchanged); every listed path finds
//! its own entry.
#![no_main]

use finkg::text::{Manifest, TextError};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let origin = Path::new("fuzz.csv");
    let m = match Manifest::from_csv(text, origin) {
        Ok(m) => m,
        Err(TextError::Invalid { path, line, .. }) => {
            assert_eq!(path, origin);
            assert!(line >= 1, "an error at line {line}");
            return;
        }
        Err(e) => panic!("not a named error: {e}"),
    };
    // Every listed path finds an entry (its own, or a longer one that ends
    // with it).
    for (p, _) in m.entries() {
        assert!(m.lookup(p).is_some(), "{p:?} does not find itself");
    }
    if m.is_empty() {
        return;
    }
    // Written back as CSV: the same manifest.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["path", "date", "publisher", "url", "title"])
        .unwrap();
    let field = |v: &Option<String>| v.clone().unwrap_or_default();
    for (p, meta) in m.entries() {
        w.write_record([
            p.to_str().expect("a path read from text").to_string(),
            field(&meta.date),
            field(&meta.publisher),
            field(&meta.url),
            field(&meta.title),
        ])
        .unwrap();
    }
    let csv = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let again = Manifest::from_csv(&csv, origin)
        .unwrap_or_else(|e| panic!("the manifest written back does not read: {e}\n{csv}"));
    assert!(again == m, "CSV written back reads differently:\n{csv}");
    // Written as JSON Lines: the same manifest.
    let mut jsonl = String::new();
    for (p, meta) in m.entries() {
        let mut o = serde_json::Map::new();
        o.insert("path".into(), p.to_str().unwrap().into());
        for (k, v) in [
            ("date", &meta.date),
            ("publisher", &meta.publisher),
            ("url", &meta.url),
            ("title", &meta.title),
        ] {
            if let Some(v) = v {
                o.insert(k.into(), v.as_str().into());
            }
        }
        jsonl.push_str(&serde_json::Value::Object(o).to_string());
        jsonl.push('\n');
    }
    let again = Manifest::from_jsonl(&jsonl, Path::new("fuzz.jsonl"))
        .unwrap_or_else(|e| panic!("the manifest as JSON Lines does not read: {e}\n{jsonl}"));
    assert!(again == m, "JSON Lines read differently:\n{jsonl}");
});
