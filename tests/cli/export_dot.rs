//! `finkg export --format dot`: valid DOT, rendered by Graphviz, names escaped.

use super::support::{dot_available, render_svg, Sandbox};
use finkg::model::{Document, Evidence, Extraction, FoundEntity, FoundRelation};
use finkg::KnowledgeGraph;
use graphviz_rust::dot_structures::{Graph, Id, Stmt};

pub(super) const HOSTILE: &str = "Foo \"Bar\" \\ Baz <script>alert('x')</script>\nsecond line \\";

fn entity(name: &str, kind: &str) -> FoundEntity {
    FoundEntity {
        name: name.into(),
        kind: kind.into(),
        aliases: vec![format!("{name} \"alias\"")],
        tickers: vec![],
        mentions: 1,
        rule: String::new(),
        confidence: None,
    }
}

/// A graph file whose names would break naive DOT output.
pub(super) fn hostile_graph(s: &Sandbox) {
    let sentence = format!("JPMorgan \"expects\" {HOSTILE} to grow.");
    let x = Extraction {
        doc: Document {
            id: Document::hash(&sentence),
            name: "hostile.txt".into(),
            path: "hostile.txt".into(),
            title: sentence.clone(),
            date: None,
            publisher: None,
            url: None,
        },
        entities: vec![
            entity(HOSTILE, "company"),
            entity("JPMorgan\\", "broker"),
            entity("Weird } { ; -> kind", "no-such-kind"),
        ],
        relations: vec![
            FoundRelation {
                subject: "JPMorgan\\".into(),
                relation: "forecasts".into(),
                object: HOSTILE.into(),
                attrs: [("rating".to_string(), "\"buy\"\\".to_string())].into(),
                evidence: Evidence {
                    doc: Document::hash(&sentence),
                    start: 0,
                    end: sentence.len(),
                    sentence: sentence.clone(),
                    rule: "test".into(),
                    confidence: None,
                },
                support: Vec::new(),
            },
            FoundRelation {
                subject: HOSTILE.into(),
                relation: "rel\"ation\n".into(),
                object: "Weird } { ; -> kind".into(),
                attrs: Default::default(),
                evidence: Evidence {
                    doc: Document::hash(&sentence),
                    start: 0,
                    end: sentence.len(),
                    sentence,
                    rule: "test".into(),
                    confidence: None,
                },
                support: Vec::new(),
            },
        ],
        metrics: vec![],
        actions: Vec::new(),
    };
    let mut g = KnowledgeGraph::new();
    g.ingest(x);
    g.save(&s.path("finkg-graph.ron")).unwrap();
}

pub(super) fn labels(dot: &str) -> Vec<String> {
    let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
    let Graph::DiGraph { stmts, .. } = graph else {
        panic!("not a digraph")
    };
    let mut out = Vec::new();
    for st in &stmts {
        let attrs = match st {
            Stmt::Node(n) => &n.attributes,
            Stmt::Edge(e) => &e.attributes,
            _ => continue,
        };
        for a in attrs {
            if a.0 == Id::Plain("label".into()) {
                let Id::Escaped(q) = &a.1 else {
                    panic!("unquoted label {:?}", a.1)
                };
                out.push(unquote(q));
            }
        }
    }
    out
}

/// Undo the DOT escaping: `\"` → `"`, `\\` → `\`, `\n` → line break.
fn unquote(q: &str) -> String {
    let inner = &q[1..q.len() - 1];
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => panic!("dangling backslash in {q}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn seeds_export_parses_and_renders() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    let run = s.run(&["export", "--format", "dot"]).ok();
    let dot = run.stdout;
    let labels = labels(&dot);
    assert!(labels.iter().any(|l| l == "CITIC Securities"), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.starts_with("forecasts")),
        "{labels:?}"
    );
    assert!(
        dot.contains("shape=\"hexagon\""),
        "brokers are styled by the ontology"
    );

    // --out writes the same bytes atomically; the default format is dot.
    let wrote = s.run(&["export", "--out", "g.dot", "--metrics"]).ok();
    assert!(wrote.stdout.contains("wrote g.dot"), "{}", wrote.stdout);
    let with_metrics = String::from_utf8(s.read("g.dot")).unwrap();
    assert!(
        with_metrics.len() > dot.len(),
        "--metrics adds metric nodes"
    );
    labels_ok(&with_metrics);

    let connected = s.run(&["export", "--connected"]).ok().stdout;
    assert!(connected.len() <= dot.len());

    if dot_available() {
        let svg = render_svg(dot.as_bytes());
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("CITIC Securities"));
        render_svg(with_metrics.as_bytes());
    }
}

fn labels_ok(dot: &str) {
    assert!(!labels(dot).is_empty());
}

#[test]
fn export_is_deterministic() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    let one = s.run(&["export", "--metrics"]).ok().stdout;
    let two = s.run(&["export", "--metrics"]).ok().stdout;
    assert_eq!(one, two);
}

#[test]
fn hostile_names_round_trip_through_dot() {
    let s = Sandbox::new();
    hostile_graph(&s);
    let dot = s.run(&["export"]).ok().stdout;
    let labels = labels(&dot);
    assert!(labels.iter().any(|l| l == HOSTILE), "{labels:?}\n{dot}");
    assert!(labels.iter().any(|l| l == "JPMorgan\\"), "{labels:?}");
    assert!(
        labels.iter().any(|l| l == "Weird } { ; -> kind"),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l == "forecasts (\"buy\"\\)"),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l == "rel\"ation\n"), "{labels:?}");
    // Nothing hostile escapes a quoted string: every line is a statement.
    for line in dot.lines() {
        let t = line.trim();
        assert!(
            t.is_empty()
                || t.starts_with('"')
                || t.starts_with("digraph")
                || t.starts_with("graph[")
                || t.starts_with("node[")
                || t.starts_with("edge[")
                || t.starts_with("subgraph")
                || t.starts_with('}')
                || t.contains('='),
            "stray line {t:?} in\n{dot}"
        );
    }
    if dot_available() {
        let svg = render_svg(dot.as_bytes());
        assert!(
            svg.contains("Foo &quot;Bar&quot; \\ Baz &lt;script&gt;"),
            "{svg}"
        );
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
