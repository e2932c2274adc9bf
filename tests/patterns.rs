//! The pattern table: hand-written sentences under `tests/patterns/*.ron`, each with
//! the entities, relations, ratings and metrics it must yield and the relations it
//! must not. Every case runs through the library's extractor.

use finkg::text::normalize_name;
use finkg::{Extraction, Extractor, Schema};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    entities: Vec<(String, String)>,
    relations: Vec<(String, String, String)>,
    ratings: Vec<(String, String, String)>,
    metrics: Vec<(String, f64, String)>,
    absent: Vec<(String, String, String)>,
    /// Names that must be no entity at all ("Bank of England" is no person, "Tech"
    /// in "Tech employees" no company).
    #[serde(default)]
    no_entities: Vec<String>,
}

/// Every name an extracted entity answers to, normalised.
fn names_of(x: &Extraction, name: &str) -> Vec<String> {
    let n = normalize_name(name);
    for e in &x.entities {
        let all: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|a| normalize_name(a))
            .collect();
        if all.contains(&n) {
            return all;
        }
    }
    vec![n]
}

fn same(x: &Extraction, a: &str, b: &str) -> bool {
    names_of(x, a).contains(&normalize_name(b))
}

fn rating_norm(r: &str) -> String {
    r.to_lowercase().replace([' ', '-'], "")
}

/// What a case misses, one line each (empty when it passes).
fn check(x: &Extraction, c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    for (name, kind) in &c.entities {
        if !x
            .entities
            .iter()
            .any(|e| &e.kind == kind && same(x, &e.name, name))
        {
            let found = x
                .entities
                .iter()
                .find(|e| same(x, &e.name, name))
                .map(|e| e.kind.clone());
            out.push(format!(
                "entity {name} ({kind}) {}",
                found.map_or("missing".into(), |k| format!("typed {k}"))
            ));
        }
    }
    for name in &c.no_entities {
        if let Some(e) = x.entities.iter().find(|e| same(x, &e.name, name)) {
            out.push(format!(
                "entity {name} must not be found (typed {})",
                e.kind
            ));
        }
    }
    let has = |s: &str, r: &str, o: &str| {
        x.relations
            .iter()
            .any(|rel| rel.relation == r && same(x, &rel.subject, s) && same(x, &rel.object, o))
    };
    for (s, r, o) in &c.relations {
        if !has(s, r, o) {
            out.push(format!("relation {s} -{r}-> {o} missing"));
        }
    }
    for (s, r, o) in &c.absent {
        if has(s, r, o) {
            out.push(format!("relation {s} -{r}-> {o} must not be found"));
        }
    }
    for (s, o, rating) in &c.ratings {
        let ok = x.relations.iter().any(|rel| {
            rel.relation == "rates"
                && same(x, &rel.subject, s)
                && same(x, &rel.object, o)
                && rel
                    .attrs
                    .get("rating")
                    .is_some_and(|r| rating_norm(r) == rating_norm(rating))
        });
        if !ok {
            out.push(format!("rating {s} -> {o} = {rating} missing"));
        }
    }
    for (e, v, u) in &c.metrics {
        let ok = x.metrics.iter().any(|m| {
            m.unit.as_str() == u
                && same(x, &m.entity, e)
                && (m.value - v).abs() <= 0.005 * v.abs() + 1e-9
        });
        if !ok {
            out.push(format!("metric {e} {v} {u} missing"));
        }
    }
    out
}

fn load_cases() -> Vec<(String, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patterns");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "ron"))
    {
        let text = std::fs::read_to_string(f).unwrap();
        let list: Vec<Case> =
            ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let group = f.file_stem().unwrap().to_string_lossy().to_string();
        cases.extend(list.into_iter().map(|c| (group.clone(), c)));
    }
    cases
}

#[test]
fn pattern_table() {
    let cases = load_cases();
    assert!(cases.len() >= 200, "the table holds {} cases", cases.len());
    let ex = Extractor::new(Schema::bundled().unwrap());
    let mut failed = 0;
    let mut report = String::new();
    let mut by_group: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (i, (group, c)) in cases.iter().enumerate() {
        let x = ex.extract(&format!("case{i}.txt"), "", &c.text);
        let misses = check(&x, c);
        let g = by_group.entry(group.clone()).or_default();
        g.1 += 1;
        if misses.is_empty() {
            g.0 += 1;
        } else {
            failed += 1;
            report.push_str(&format!(
                "[{group}] {}\n    {}\n",
                c.text,
                misses.join("\n    ")
            ));
        }
    }
    let passed = cases.len() - failed;
    let rate = passed as f64 / cases.len() as f64;
    if std::env::var_os("FINKG_PATTERNS_VERBOSE").is_some() {
        eprintln!("{report}");
    }
    for (g, (p, n)) in &by_group {
        eprintln!("{g:16} {p:4}/{n}");
    }
    eprintln!(
        "pattern table: {passed}/{} passed ({:.1}%)",
        cases.len(),
        rate * 100.0
    );
    // every sentence must pass: a failure is a rule that broke
    assert!(
        failed == 0,
        "{failed} of {} pattern sentences fail (pass rate {rate:.3}):\n{report}",
        cases.len()
    );
}
