//! `finkg demo`: the bundled seeds, end to end, with no arguments.

use super::support::{dot_available, seed_files, Sandbox};

#[test]
fn demo_runs_anywhere_and_writes_its_files() {
    // An empty folder: the demo falls back to the seeds it was built with.
    let s = Sandbox::new();
    let run = s.run(&["demo"]).ok();
    let out = &run.stdout;
    let n = seed_files().len();
    assert!(
        out.starts_with(&format!("Ingested {n} documents from ")),
        "{out}"
    );
    for section in [
        "Entities by kind:",
        "Relations by kind:",
        "Metrics: ",
        "Broker → company forecasts (",
    ] {
        assert!(out.contains(section), "`{section}` missing:\n{out}");
    }
    // The forecasts table holds the two headline facts.
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Broker → company forecasts"))
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    for company in ["Alibaba", "Tencent"] {
        assert!(
            table.iter().any(|l| {
                let cols: Vec<&str> = l
                    .split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                cols.first() == Some(&"CITIC Securities") && cols.get(1) == Some(&company)
            }),
            "CITIC Securities → {company} not in\n{}",
            table.join("\n")
        );
    }
    assert!(s.path("finkg-out/graph.ron").is_file());
    let dot = String::from_utf8(s.read("finkg-out/graph.dot")).unwrap();
    graphviz_rust::parse(&dot).unwrap();
    if dot_available() {
        let svg = String::from_utf8(s.read("finkg-out/graph.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("CITIC Securities"));
        assert!(out.contains("wrote finkg-out/graph.svg"), "{out}");
    } else {
        assert!(out.contains("apt-get install graphviz"), "{out}");
    }
    // The saved graph answers queries.
    let rel = s
        .run(&[
            "relations",
            "--graph",
            "finkg-out/graph.ron",
            "--kind",
            "forecasts",
            "--format",
            "csv",
        ])
        .ok();
    assert!(
        rel.stdout.contains("CITIC Securities,forecasts,Alibaba"),
        "{}",
        rel.stdout
    );
}

#[test]
fn demo_prefers_the_seeds_of_the_current_folder() {
    let s = Sandbox::new();
    let first = &seed_files()[0];
    s.write(
        &format!("seeds/{}", first.file_name().unwrap().to_string_lossy()),
        std::fs::read(first).unwrap(),
    );
    let run = s.run(&["demo", "--out", "elsewhere"]).ok();
    assert!(
        run.stdout.starts_with("Ingested 1 document from seeds"),
        "{}",
        run.stdout
    );
    assert!(s.path("elsewhere/graph.ron").is_file());
    assert!(!s.path("finkg-out").exists());
}

#[test]
fn demo_output_is_deterministic() {
    let a = Sandbox::new();
    let b = Sandbox::new();
    let ra = a.run(&["demo"]).ok();
    let rb = b.run(&["demo"]).ok();
    assert_eq!(ra.stdout, rb.stdout);
    assert_eq!(a.read("finkg-out/graph.ron"), b.read("finkg-out/graph.ron"));
    assert_eq!(a.read("finkg-out/graph.dot"), b.read("finkg-out/graph.dot"));
}
