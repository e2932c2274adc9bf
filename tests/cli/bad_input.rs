//! Bad input: a one-line error naming the file (line:column for RON), a
//! non-zero exit, and the graph file left byte-for-byte as it was.

use super::support::{copy_schema, Sandbox};

const GOOD: &str = "CITIC Securities expects Alibaba to raise its cloud revenue by 30% in 2026.\n";
const NEW: &str = "Morgan Stanley expects Tencent to grow earnings by 12% in 2026.\n";

/// A sandbox with a graph built from one good document, and a second good
/// document that would change the graph if it were ingested.
fn with_graph() -> (Sandbox, Vec<u8>) {
    let s = Sandbox::new();
    s.write("good.txt", GOOD);
    s.write("new.txt", NEW);
    s.run(&["ingest", "good.txt"]).ok();
    let bytes = s.read("finkg-graph.ron");
    (s, bytes)
}

#[test]
fn bad_documents_leave_the_graph_unchanged() {
    // (what is written, the ingest arguments, what the error must say)
    type Setup = fn(&Sandbox);
    let cases: &[(&str, Setup, &[&str], &[&str])] = &[
        (
            "missing path",
            |_| {},
            &["ingest", "new.txt", "missing.txt"],
            &["missing.txt: ", "No such file"],
        ),
        (
            "folder without documents",
            |s| {
                s.write("pdfs/report.pdf", "%PDF");
            },
            &["ingest", "new.txt", "pdfs"],
            &["pdfs: no .txt or .md documents"],
        ),
        (
            "file over the size limit inside a folder",
            |s| {
                s.write("batch/a.txt", NEW);
                s.write("batch/b.txt", "Alibaba rose. ".repeat(100));
            },
            &["ingest", "batch", "--max-file-size", "1K"],
            &["b.txt: 1.4 KiB (1400 bytes) is larger than the limit of 1.0 KiB"],
        ),
        (
            "malformed ontology",
            |s| {
                copy_schema(s, "schema");
                s.write(
                    "schema/ontology.ron",
                    "(\n  entity_kinds: [\n    (name: \"company\" core: true),\n  ],\n  relation_kinds: [],\n)\n",
                );
            },
            &["--schema", "schema", "ingest", "new.txt"],
            &["ontology.ron:3:"],
        ),
        (
            "malformed gazetteer",
            |s| {
                copy_schema(s, "schema");
                s.write(
                    "schema/gazetteer/zz_mine.ron",
                    "[\n  (name: \"Acme\", kind: \"company\"),\n  (name: \"Beta\" kind: \"company\"),\n]\n",
                );
            },
            &["--schema", "schema", "ingest", "new.txt"],
            &["zz_mine.ron:3:"],
        ),
        (
            "gazetteer kind the ontology lacks",
            |s| {
                copy_schema(s, "schema");
                s.write(
                    "schema/gazetteer/zz_mine.ron",
                    "[(name: \"Acme\", kind: \"planet\")]\n",
                );
            },
            &["--schema", "schema", "ingest", "new.txt"],
            &["zz_mine.ron: ", "planet"],
        ),
        (
            "schema folder missing",
            |_| {},
            &["--schema", "no-schema", "ingest", "new.txt"],
            &["no-schema/ontology.ron: "],
        ),
    ];
    for (what, setup, args, needles) in cases {
        let (s, before) = with_graph();
        setup(&s);
        let before_files = s.list(".");
        let line = s.run(args).fails_with(needles);
        assert_eq!(
            s.read("finkg-graph.ron"),
            before,
            "{what}: the graph changed ({line})"
        );
        assert_eq!(s.list("."), before_files, "{what}: files appeared");
    }
}

#[test]
fn malformed_graph_files_are_reported_and_kept() {
    type Case<'a> = (&'a str, &'a [u8], &'a [&'a str]);
    let cases: &[Case<'_>] = &[
        (
            "syntax error",
            b"(\n  format: 1,\n  documents: [\n    (id: \"x\" name: \"x.txt\"),\n  ],\n)\n",
            &["g.ron:4:"],
        ),
        ("not UTF-8", b"(format: \xff\xfe", &["g.ron: not UTF-8"]),
        ("binary", b"\x00\x01\x02RON", &["g.ron:1:1: "]),
        ("empty", b"", &["g.ron: empty file"]),
        (
            "unknown format",
            b"(format: 99, documents: [], entities: [], relations: [], metrics: [])",
            &["g.ron: graph format 99"],
        ),
        (
            "dangling relation",
            b"(format: 1, documents: [], entities: [], relations: [(subject: \"company:a\", relation: \"invests\", object: \"company:b\", evidence: [])], metrics: [])",
            &["g.ron: relation `invests` names unknown entity `company:a`"],
        ),
    ];
    for (what, bytes, needles) in cases {
        let s = Sandbox::new();
        s.write("new.txt", NEW);
        s.write("g.ron", bytes);
        for args in [
            &["ingest", "new.txt", "--graph", "g.ron"][..],
            &["entities", "--graph", "g.ron"][..],
            &["relations", "--graph", "g.ron"][..],
            &["export", "--graph", "g.ron"][..],
            &["explain", "A", "forecasts", "B", "--graph", "g.ron"][..],
        ] {
            s.run(args).fails_with(needles);
            assert_eq!(
                &s.read("g.ron")[..],
                *bytes,
                "{what}: {args:?} changed the file"
            );
        }
        assert_eq!(s.list("."), ["g.ron", "new.txt"], "{what}: files appeared");
    }
}

#[test]
fn reading_commands_need_an_existing_graph() {
    let s = Sandbox::new();
    for args in [
        &["entities"][..],
        &["relations", "--graph", "none.ron"][..],
        &["export"][..],
        &["explain", "A", "forecasts", "B"][..],
    ] {
        s.run(args)
            .fails_with(&["no graph file here", "finkg ingest"]);
    }
    assert!(s.list(".").is_empty(), "a reading command wrote a file");
}

#[test]
fn unknown_kinds_and_names_are_explained() {
    let (s, _) = with_graph();
    s.run(&["entities", "--kind", "planet"])
        .fails_with(&["unknown entity kind `planet`", "company"]);
    s.run(&["relations", "--kind", "likes"])
        .fails_with(&["unknown relation kind `likes`", "forecasts"]);
    s.run(&["relations", "--to", "planet"])
        .fails_with(&["unknown entity kind `planet`"]);
    s.run(&["explain", "Nobody", "forecasts", "Alibaba"])
        .fails_with(&["no entity named `Nobody`"]);
    s.run(&["explain", "Alibaba", "forecasts", "CITIC Securities"])
        .fails_with(&[
            "no `forecasts` relation from `Alibaba` to `CITIC Securities`",
            "forecasts in the other direction",
        ]);
}

#[test]
fn usage_errors_exit_non_zero() {
    let s = Sandbox::new();
    let run = s.run(&["ingest"]);
    assert!(!run.success);
    let run = s.run(&["export", "--format", "png"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("possible values: dot"),
        "{}",
        run.stderr
    );
    let run = s.run(&["extract", "x.txt"]);
    assert!(!run.success);
    assert!(run.stderr.contains("--json-dir"), "{}", run.stderr);
}
