//! Real clients read what finkg writes: Graphviz's `dot` renders every DOT
//! variant, networkx reads the GraphML back with the same nodes, edges and
//! attribute values, finkg's own loader reads the JSON back, and a hostile
//! name comes back unchanged from each.

use super::export_dot::{hostile_graph, HOSTILE};
use super::support::export::{
    check_graphml, dot_drawn_texts, networkx_python, seed_sandbox, with_fixture, DotFile,
};
use super::support::{dot_available, render_svg, Sandbox};
use finkg::KnowledgeGraph;

/// The fixture's hostile entity name.
const FIXTURE_HOSTILE: &str = "Foo \"Bar\" \\ Baz <script>";

/// Flag sets covering every DOT option and filter.
const DOT_VARIANTS: &[&[&str]] = &[
    &[],
    &["--with-metrics"],
    &["--clusters"],
    &["--clusters", "--with-metrics", "--connected"],
    &["--relation", "forecasts"],
    &[
        "--relation",
        "forecasts,outperforms",
        "--kind",
        "broker,company,index",
    ],
    &["--around", "Alibaba", "--depth", "2", "--with-metrics"],
    &["--min-support", "2", "--with-metrics"],
    &["--max-nodes", "12", "--clusters"],
];

#[test]
fn dot_renders_every_dot_finkg_writes() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    let fixture = with_fixture(&s);
    let doc = s.run(&["export", "--format", "json"]).ok().stdout;
    let first_doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let first_doc = first_doc["documents"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let mut rendered = 0;
    for flags in DOT_VARIANTS.iter().map(|f| f.to_vec()).chain([vec![
        "--document",
        first_doc.as_str(),
        "--clusters",
    ]]) {
        for graph in ["finkg-graph.ron", fixture] {
            if graph == fixture && (flags.contains(&"Alibaba") || flags.contains(&"--document")) {
                continue;
            }
            let mut argv = vec!["export", "--graph", graph];
            argv.extend(&flags);
            let dot = s.run(&argv).ok().stdout;
            let svg = render_svg(dot.as_bytes());
            assert!(svg.contains("<svg"), "{argv:?}");
            rendered += 1;
        }
    }
    // The hostile names of tests/cli/export_dot.rs too.
    let h = Sandbox::new();
    hostile_graph(&h);
    for flags in [&["--with-metrics"][..], &["--clusters"], &["--connected"]] {
        let mut argv = vec!["export"];
        argv.extend(flags);
        render_svg(h.run(&argv).ok().stdout.as_bytes());
        rendered += 1;
    }
    assert!(rendered >= 20);
}

#[test]
fn hostile_names_come_back_unchanged_from_dot() {
    let s = Sandbox::new();
    let fixture = with_fixture(&s);
    let dot = s
        .run(&["export", "--graph", fixture, "--clusters", "--with-metrics"])
        .ok()
        .stdout;
    // graphviz-rust's parser, clusters included.
    let parsed = DotFile::parse(&dot);
    assert!(
        parsed.node_labels().iter().any(|l| l == FIXTURE_HOSTILE),
        "{:?}",
        parsed.node_labels()
    );
    let tooltip = parsed
        .graph_edges()
        .iter()
        .map(|e| e.2.get("tooltip").to_string())
        .find(|t| t.starts_with("Alpha Securities forecasts Foo"))
        .unwrap();
    assert!(
        tooltip
            .contains("beta-wire.txt: Alpha Sec expects Foo \"Bar\" \\ Baz <script> to recover."),
        "{tooltip}"
    );
    // What Graphviz itself draws.
    if dot_available() {
        let texts = dot_drawn_texts(dot.as_bytes());
        assert!(texts.iter().any(|t| t == FIXTURE_HOSTILE), "{texts:?}");
        // The multi-line hostile name of export_dot.rs: one drawn line each.
        let h = Sandbox::new();
        hostile_graph(&h);
        let texts = dot_drawn_texts(h.run(&["export", "--clusters"]).ok().stdout.as_bytes());
        for line in HOSTILE.lines() {
            assert!(texts.iter().any(|t| t == line), "{line:?} not in {texts:?}");
        }
    }
}

#[test]
fn networkx_reads_the_graphml_back() {
    let Some(python) = networkx_python() else {
        return;
    };
    let s = seed_sandbox();
    let fixture = with_fixture(&s);
    for (graph, flags, names) in [
        (
            "finkg-graph.ron",
            vec![],
            vec!["Alibaba", "CITIC Securities"],
        ),
        (
            "finkg-graph.ron",
            vec!["--relation", "forecasts", "--without-metrics"],
            vec![],
        ),
        (
            "finkg-graph.ron",
            vec!["--around", "Tencent", "--depth", "2"],
            vec!["Tencent"],
        ),
        (fixture, vec![], vec![FIXTURE_HOSTILE, "Lonely Corp"]),
    ] {
        for (format, file) in [("graphml", "g.graphml"), ("json", "g.json")] {
            let mut argv = vec![
                "export", "--graph", graph, "--format", format, "--out", file,
            ];
            argv.extend(&flags);
            s.run(&argv).ok();
        }
        let line = check_graphml(&python, &s.path("g.graphml"), &s.path("g.json"), &names);
        assert!(line.starts_with("networkx "), "{line}");
    }
    // The names with quotes, backslashes, tags and line breaks of export_dot.rs.
    let h = Sandbox::new();
    hostile_graph(&h);
    h.run(&["export", "--format", "graphml", "--out", "h.graphml"])
        .ok();
    h.run(&["export", "--format", "json", "--out", "h.json"])
        .ok();
    check_graphml(
        &python,
        &h.path("h.graphml"),
        &h.path("h.json"),
        &[HOSTILE, "JPMorgan\\"],
    );
}

#[test]
fn json_round_trips_through_the_loader() {
    let s = seed_sandbox();
    let fixture = with_fixture(&s);
    for graph in ["finkg-graph.ron", fixture] {
        s.run(&[
            "export", "--graph", graph, "--format", "json", "--out", "g.json",
        ])
        .ok();
        // The library reads it back to the very graph the RON file holds.
        let back = finkg::export::load_json(&s.path("g.json")).unwrap();
        let ron = KnowledgeGraph::load(&s.path(graph)).unwrap();
        // (All of it but the per-document sources, which JSON does not carry.)
        assert_eq!(back.to_ron().unwrap(), ron.facts_ron(), "{graph}");
        // The CLI reads it like a graph file, and writes it again unchanged.
        let again = s
            .run(&["export", "--graph", "g.json", "--format", "json"])
            .ok();
        assert_eq!(again.stdout.as_bytes(), &s.read("g.json")[..]);
        for cmd in [
            vec!["entities", "--format", "json"],
            vec!["relations", "--format", "json"],
        ] {
            let mut a = cmd.clone();
            a.extend(["--graph", graph]);
            let mut b = cmd.clone();
            b.extend(["--graph", "g.json"]);
            assert_eq!(s.run(&a).ok().stdout, s.run(&b).ok().stdout, "{cmd:?}");
        }
    }
    // The fixture's hostile name, verbatim in the JSON text and after loading.
    s.run(&[
        "export", "--graph", fixture, "--format", "json", "--out", "f.json",
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_slice(&s.read("f.json")).unwrap();
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == FIXTURE_HOSTILE));
    let back = finkg::export::load_json(&s.path("f.json")).unwrap();
    assert_eq!(
        back.find_entity(FIXTURE_HOSTILE).unwrap().name,
        FIXTURE_HOSTILE
    );

    // A filtered export is a graph too.
    s.run(&[
        "export",
        "--format",
        "json",
        "--around",
        "Alibaba",
        "--out",
        "near.json",
    ])
    .ok();
    let near = s.run(&["entities", "--graph", "near.json"]).ok().stdout;
    assert!(near.contains("Alibaba"), "{near}");
}

#[test]
fn bad_json_graph_files_are_one_line_errors() {
    let s = Sandbox::new();
    s.write(
        "broken.json",
        "{\"format\": \"finkg-graph/1\",\n \"documents\": [}",
    );
    s.run(&["entities", "--graph", "broken.json"])
        .fails_with(&["broken.json:2:16:"]);
    s.write(
        "future.json",
        "{\"format\": \"finkg-graph/2\", \"documents\": [], \"entities\": [], \"relations\": [], \"metrics\": []}",
    );
    s.run(&["export", "--graph", "future.json"])
        .fails_with(&["future.json: format `finkg-graph/2` is not supported"]);
}
