//! Hostile names (quotes, backslashes, line breaks, `<script>`, braces and
//! Cypher text) come back unchanged from every export, read by real clients:
//! Python's json, csv and html.parser, networkx for GraphML (here), Graphviz
//! for DOT, finkg's own JSON loader; Kùzu reads the Cypher and CSV exports
//! of these names in tests/cli/cypher_kuzu.rs.

use super::support::export::networkx_python;
use super::support::{dot_available, Sandbox};

/// Names that break writers that do not escape.
pub(super) const NAMES: [&str; 6] = [
    "Quote \"Capital\"",
    "Back\\slash Corp\\",
    "Line\nBreak Co",
    "<script>alert('x')</script> Inc",
    "Brace } { Holdings",
    "Evil'}) DETACH DELETE n // Ltd",
];

/// A graph file (finkg's JSON format) of those names, each related to the next.
fn hostile_json() -> String {
    let ev = serde_json::json!([{
        "doc": "d1", "start": 0, "end": 10, "sentence": "s \"q\" <b> '}) //", "rule": "test"
    }]);
    let entities: Vec<_> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({
                "id": format!("company:h{i}"), "name": n, "kind": "company",
                "aliases": [format!("{n} alias")], "tickers": [], "mentions": {"d1": 1}
            })
        })
        .collect();
    let relations: Vec<_> = (1..NAMES.len())
        .map(|i| {
            serde_json::json!({
                "subject": format!("company:h{}", i - 1), "relation": "outperforms",
                "object": format!("company:h{i}"), "attrs": {"rating": NAMES[i]}, "evidence": ev
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "format": "finkg-graph/1",
        "documents": [{"id": "d1", "name": "d1.txt", "path": "d1.txt", "title": "t",
                       "date": null, "publisher": null}],
        "entities": entities,
        "relations": relations,
        "metrics": [],
    }))
    .unwrap()
}

#[test]
fn hostile_names_come_back_unchanged_from_every_export() {
    let s = Sandbox::new();
    s.write("h.json", hostile_json());
    std::fs::create_dir_all(s.path("out")).unwrap();
    let g = ["--graph", "h.json"];
    for (format, out) in [
        ("json", "out/graph.json"),
        ("graphml", "out/graph.graphml"),
        ("csv", "out/csv"),
        ("cypher", "out/graph.cypher"),
        ("dot", "out/graph.dot"),
    ] {
        let mut args = vec!["export", "--format", format, "--out", out];
        args.extend(g);
        s.run(&args).ok();
    }
    // finkg's own loader: the JSON export is the graph, names and all.
    let back = finkg::export::load_json(&s.path("out/graph.json")).unwrap();
    for n in NAMES {
        assert_eq!(back.find_entity(n).map(|e| e.name.as_str()), Some(n));
    }
    // The Cypher script: every name is one string literal, escaped, so the
    // Cypher text in a name never stands as a statement of its own.
    let cypher = String::from_utf8(s.read("out/graph.cypher")).unwrap();
    assert!(
        cypher.contains("`name`: 'Evil\\'}) DETACH DELETE n // Ltd'"),
        "{cypher}"
    );
    assert!(!cypher.lines().any(|l| l.trim_start().starts_with("DETACH")));
    // DOT: Graphviz parses it and draws every name's text.
    if dot_available() {
        let out = std::process::Command::new("dot")
            .args(["-Tjson", "out/graph.dot"])
            .current_dir(s.root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let drawn: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let text = drawn.to_string();
        for n in NAMES {
            for line in n.lines() {
                let quoted = serde_json::to_string(line).unwrap();
                assert!(
                    text.contains(&quoted[1..quoted.len() - 1]),
                    "dot lost {line:?}"
                );
            }
        }
        let mut args = vec!["view", "--out", "out/graph.html"];
        args.extend(g);
        s.run(&args).ok();
        // Python's json, csv and html.parser, and networkx.
        let python = networkx_python().or_else(|| {
            let ok = std::process::Command::new("python3")
                .arg("-V")
                .output()
                .is_ok_and(|o| o.status.success());
            ok.then(|| "python3".into())
        });
        let Some(python) = python else {
            assert!(std::env::var_os("CI").is_none(), "no Python under CI");
            eprintln!("skipped the Python clients: no Python");
            return;
        };
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/check_hostile.py");
        let out = std::process::Command::new(python)
            .arg(script)
            .arg(s.path("out"))
            .args(NAMES)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("{}", String::from_utf8_lossy(&out.stdout).trim());
    } else {
        eprintln!("skipped DOT, HTML and the Python clients: no Graphviz `dot`");
    }
}
