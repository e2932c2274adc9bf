//! `finkg corpus`, parallel `finkg ingest --jobs N`, binary snapshots and
//! `finkg schema names`.

use super::support::Sandbox;

/// A corpus of more than 100 articles (so progress is periodic) in `c/`.
fn corpus(s: &Sandbox) -> String {
    s.copy_seeds();
    let run = s
        .run(&[
            "corpus",
            "--size",
            "700KB",
            "--seed",
            "7",
            "--out",
            "c",
            "--samples",
            "seeds",
        ])
        .ok();
    assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
    run.stdout
}

#[test]
fn the_corpus_is_the_same_for_a_seed_and_the_graph_the_same_for_any_thread_count() {
    let s = Sandbox::new();
    let said = corpus(&s);
    let files = s.list("c/0000");
    assert!(files.len() > 100, "{said}");
    assert_eq!(files[0], "0000000.txt");
    let first = s.read("c/0000/0000000.txt");
    // The same seed again gives the same bytes; another seed other bytes.
    s.run(&[
        "corpus",
        "--size",
        "5KB",
        "--seed",
        "7",
        "--out",
        "again",
        "--samples",
        "seeds",
    ])
    .ok();
    assert_eq!(s.read("again/0000/0000000.txt"), first);
    s.run(&[
        "corpus",
        "--size",
        "5KB",
        "--seed",
        "8",
        "--out",
        "other",
        "--samples",
        "seeds",
    ])
    .ok();
    assert_ne!(s.read("other/0000/0000000.txt"), first);

    let one = s
        .run(&["ingest", "c", "--graph", "one.ron", "--jobs", "1"])
        .ok();
    s.run(&["ingest", "c", "--graph", "three.ron", "--jobs", "3"])
        .ok();
    let mut cmd = s.command(&["ingest", "c", "--graph", "env.ron"]);
    let out = cmd.env("RAYON_NUM_THREADS", "2").output().unwrap();
    assert!(out.status.success());
    let bytes = s.read("one.ron");
    assert_eq!(s.read("three.ron"), bytes, "--jobs 3 differs from --jobs 1");
    assert_eq!(
        s.read("env.ron"),
        bytes,
        "RAYON_NUM_THREADS=2 differs from --jobs 1"
    );
    // Swapped names make a graph with real merging: many documents, relations.
    let summary = one.stdout.lines().last().unwrap().to_string();
    assert!(
        summary.starts_with(&format!("graph: {} documents", files.len())),
        "{summary}"
    );
    // Periodic progress, not a line per file.
    let progress: Vec<&str> = one.stderr.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(progress.len(), 1, "{}", one.stderr);
    assert!(progress[0].starts_with(&format!("[{0}/{0}] extracted", files.len())));

    // The binary snapshot holds the same graph; queries read either.
    s.run(&["ingest", "c", "--graph", "g.bin", "--jobs", "2"])
        .ok();
    assert_eq!(&s.read("g.bin")[..8], b"FINKGBIN");
    let q =
        "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name ORDER BY b.name, c.name";
    let from_ron = s
        .run(&["query", q, "--graph", "one.ron", "--format", "csv"])
        .ok();
    let from_bin = s
        .run(&["query", q, "--graph", "g.bin", "--format", "csv"])
        .ok();
    assert!(from_ron.stdout.lines().count() > 10, "{}", from_ron.stdout);
    assert_eq!(from_bin.stdout, from_ron.stdout);
}

#[test]
fn a_bad_file_among_many_leaves_the_graph_file_untouched() {
    let s = Sandbox::new();
    corpus(&s);
    s.run(&["ingest", "seeds", "--graph", "g.bin"]).ok();
    let before = s.read("g.bin");
    // A file over the size limit (16 MiB) is an error naming it.
    let bad = std::fs::File::create(s.path("c/0000/0000050.txt")).unwrap();
    bad.set_len(17 << 20).unwrap();
    drop(bad);
    s.run(&["ingest", "c", "--graph", "g.bin", "--jobs", "2"])
        .fails_with(&["0000050.txt: 17.0 MiB"]);
    assert_eq!(s.read("g.bin"), before);
    // A damaged snapshot is an error naming it, not a panic.
    s.write("bad.bin", b"FINKGBIN\x05\x00\x00\x00\xff\xff\xff");
    s.run(&["entities", "--graph", "bad.bin"])
        .fails_with(&["bad.bin", "damaged binary snapshot"]);
    // A snapshot of format 1 names its version and what to do.
    s.write("old.bin", b"FINKGBIN\x01\x00\x00\x00\xff\xff\xff");
    s.run(&["entities", "--graph", "old.bin"]).fails_with(&[
        "old.bin: binary snapshot of graph format 1",
        "this finkg reads snapshots of format 5",
    ]);
}

#[test]
fn synthetic_graphs_and_gazetteer_names() {
    let s = Sandbox::new();
    let run = s
        .run(&[
            "corpus",
            "--relations",
            "2000",
            "--seed",
            "1",
            "--out",
            "syn/g.bin",
        ])
        .ok();
    assert!(run.stdout.contains("2000 relations"), "{}", run.stdout);
    let q = s
        .run(&[
            "query",
            "MATCH ()-[r]->() RETURN count(r) AS n",
            "--graph",
            "syn/g.bin",
            "--format",
            "csv",
        ])
        .ok();
    assert_eq!(q.stdout, "n\r\n2000\r\n");
    let names = s.run(&["schema", "names"]).ok().stdout;
    assert!(
        names.lines().any(|l| l == "broker\tGoldman Sachs"),
        "{names}"
    );
    assert!(names.lines().any(|l| l == "company\t9988.HK"), "{names}");
    assert!(names.lines().all(|l| l.split('\t').count() == 2));
}
