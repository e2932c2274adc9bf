//! `finkg ingest`: create, merge, stay idempotent.

use super::support::{seed_files, Sandbox};

const A: &str = "CITIC Securities expects Alibaba to raise its cloud revenue by 30% in 2026.\n";
const B: &str = "Morgan Stanley expects Tencent to grow earnings by 12% in 2026. \
                 CITIC Securities expects Alibaba to keep investing in AI.\n";

#[test]
fn ingest_creates_the_graph_file_from_seeds() {
    let s = Sandbox::new();
    s.copy_seeds();
    let run = s.run(&["ingest", "seeds"]).ok();
    let n = seed_files().len();
    assert!(
        run.stdout.starts_with(&format!(
            "finkg-graph.ron: added {n} documents (0 already present)"
        )),
        "{}",
        run.stdout
    );
    // One progress line per file on standard error.
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with('[')).count(), n);
    let text = String::from_utf8(s.read("finkg-graph.ron")).unwrap();
    assert!(text.contains("name: \"CITIC Securities\""), "{text}");
    assert_eq!(s.list("."), ["finkg-graph.ron", "seeds"], "no stray files");
}

#[test]
fn ingesting_the_same_files_twice_leaves_identical_bytes() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    let first = s.read("finkg-graph.ron");
    let again = s.run(&["ingest", "seeds"]).ok();
    let n = seed_files().len();
    assert!(
        again
            .stdout
            .contains(&format!("added 0 documents ({n} already present)")),
        "{}",
        again.stdout
    );
    assert!(again.stdout.contains("already in the graph, unchanged"));
    assert_eq!(s.read("finkg-graph.ron"), first);
}

#[test]
fn the_same_fact_from_two_documents_merges_into_one_edge() {
    let s = Sandbox::new();
    s.write("news/a.txt", A);
    s.write("news/b.txt", B);
    s.run(&["ingest", "news/a.txt"]).ok();
    let run = s.run(&["ingest", "news"]).ok();
    assert!(
        run.stdout.contains("added 1 document (1 already present)"),
        "{}",
        run.stdout
    );
    let explain = s
        .run(&["explain", "CITIC Securities", "forecasts", "Alibaba"])
        .ok();
    assert!(
        explain.stdout.contains("evidence (2), confidence "),
        "{}",
        explain.stdout
    );
    assert!(explain.stdout.contains("a.txt"), "{}", explain.stdout);
    assert!(explain.stdout.contains("b.txt"), "{}", explain.stdout);
    // Alibaba is one entity mentioned in two documents.
    let csv = s
        .run(&["entities", "--kind", "company", "--format", "csv"])
        .ok();
    let alibaba: Vec<&str> = csv
        .stdout
        .lines()
        .filter(|l| l.starts_with("Alibaba,"))
        .collect();
    assert_eq!(alibaba.len(), 1, "{}", csv.stdout);
    assert!(
        alibaba[0].starts_with("Alibaba,company,2,2,"),
        "{}",
        alibaba[0]
    );
}

#[test]
fn ingest_order_does_not_change_the_file() {
    let forward = Sandbox::new();
    forward.copy_seeds();
    forward.run(&["ingest", "seeds"]).ok();

    let backward = Sandbox::new();
    backward.copy_seeds();
    let mut files: Vec<String> = backward
        .list("seeds")
        .into_iter()
        .map(|f| format!("seeds/{f}"))
        .collect();
    files.reverse();
    for f in &files {
        backward.run(&["ingest", f]).ok();
    }
    assert_eq!(
        String::from_utf8(forward.read("finkg-graph.ron")).unwrap(),
        String::from_utf8(backward.read("finkg-graph.ron")).unwrap()
    );
}

#[test]
fn graph_flag_picks_the_file_and_creates_its_folder() {
    let s = Sandbox::new();
    s.write("a.txt", A);
    s.run(&["ingest", "a.txt", "--graph", "out/deep/g.ron"])
        .ok();
    assert!(s.path("out/deep/g.ron").is_file());
    assert!(!s.path("finkg-graph.ron").exists());
    let run = s
        .run(&["relations", "--graph", "out/deep/g.ron", "--format", "csv"])
        .ok();
    assert!(
        run.stdout.contains("CITIC Securities,forecasts,Alibaba"),
        "{}",
        run.stdout
    );
}

#[test]
fn markdown_files_are_documents_too() {
    let s = Sandbox::new();
    s.write("notes/a.md", format!("# Note\n\n{A}"));
    s.write("notes/skip.json", "{}");
    let run = s.run(&["ingest", "notes"]).ok();
    assert!(run.stdout.contains("added 1 document"), "{}", run.stdout);
    assert!(run.stdout.contains("notes/a.md"), "{}", run.stdout);
}
