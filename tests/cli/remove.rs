//! `finkg remove`: taking documents out gives the graph of the others, byte
//! for byte.

use super::support::{seed_files, Sandbox};
use proptest::prelude::*;

/// The seed articles and two short documents that share entities with them.
fn documents() -> Vec<(String, Vec<u8>)> {
    let mut docs: Vec<(String, Vec<u8>)> = seed_files()
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&f).unwrap())
        })
        .collect();
    docs.push((
        "010_short-alibaba.txt".into(),
        b"CITIC Securities expects Alibaba Group (9988.HK) to raise its cloud revenue by 30% in 2026.\n".to_vec(),
    ));
    docs.push((
        "011_short-tencent.txt".into(),
        b"Morgan Stanley rates Tencent Holdings overweight. Tencent outperformed the Hang Seng Tech Index in 2025.\n".to_vec(),
    ));
    docs
}

/// Ingest `names` (from `docs/`) into `graph` in one run.
fn ingest(s: &Sandbox, graph: &str, names: &[&str]) {
    let mut args = vec!["ingest", "--graph", graph];
    let paths: Vec<String> = names.iter().map(|n| format!("docs/{n}")).collect();
    args.extend(paths.iter().map(String::as_str));
    s.run(&args).ok();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// For random disjoint sets A and B (A not empty): ingest A+B, remove B
    /// equals ingest A, compared on the saved graph file.
    #[test]
    fn ingest_a_and_b_then_remove_b_equals_ingest_a(
        picks in proptest::collection::vec(0u8..3, 7),
    ) {
        let docs = documents();
        prop_assume!(picks.contains(&0));
        let s = Sandbox::new();
        for (name, bytes) in &docs {
            s.write(&format!("docs/{name}"), bytes);
        }
        let a: Vec<&str> = docs.iter().zip(&picks).filter(|(_, p)| **p == 0).map(|(d, _)| d.0.as_str()).collect();
        let b: Vec<&str> = docs.iter().zip(&picks).filter(|(_, p)| **p == 1).map(|(d, _)| d.0.as_str()).collect();
        let mut ab: Vec<&str> = a.iter().chain(&b).copied().collect();
        ab.sort();
        ingest(&s, "a.ron", &a);
        ingest(&s, "ab.ron", &ab);
        if !b.is_empty() {
            let mut args = vec!["remove", "--graph", "ab.ron"];
            args.extend(b.iter().copied());
            let run = s.run(&args).ok();
            prop_assert!(run.stdout.starts_with(&format!("ab.ron: removed {} document", b.len())), "{}", run.stdout);
        }
        let (want, got) = (s.read("a.ron"), s.read("ab.ron"));
        prop_assert!(want == got, "A = {a:?}, B = {b:?}\n{}", first_difference(&want, &got));
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: ingest A has\n  {x}\nremove B has\n  {y}", i + 1);
        }
    }
    format!(
        "lengths {} and {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

#[test]
fn remove_reports_and_refuses_unknown_documents() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    let before = s.read("finkg-graph.ron");
    s.run(&["remove", "no-such-doc"])
        .fails_with(&["finkg-graph.ron: no document `no-such-doc` in this graph"]);
    assert_eq!(
        s.read("finkg-graph.ron"),
        before,
        "a failed remove changed the graph"
    );
    let run = s
        .run(&[
            "remove",
            "001_citic-tech-2025h2",
            "seeds/004_china-tech-rally-2026.txt",
        ])
        .ok();
    assert!(
        run.stdout
            .starts_with("finkg-graph.ron: removed 2 documents\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("graph: 3 documents, "),
        "{}",
        run.stdout
    );
    s.run(&["remove", "--graph", "none.ron", "x"])
        .fails_with(&["none.ron: no graph file here"]);
    // Everything removed: an empty graph, no lock file left.
    for d in ["000", "002", "003"] {
        let name = seed_files()
            .into_iter()
            .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(d))
            .unwrap();
        s.run(&["remove", &name.file_name().unwrap().to_string_lossy()])
            .ok();
    }
    let text = String::from_utf8(s.read("finkg-graph.ron")).unwrap();
    assert!(
        text.contains("documents: [],") && text.contains("entities: [],"),
        "{text}"
    );
    assert_eq!(s.list("."), ["finkg-graph.ron", "seeds"]);
}
