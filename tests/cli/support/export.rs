//! Helpers shared by the export and render tests: reading DOT back with
//! graphviz-rust, the seed graph in a sandbox, and the real clients (`dot`,
//! Python with networkx).

use super::Sandbox;
use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Stmt, Vertex};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A node or edge of a DOT file read back: its attributes, unquoted.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Node id, or `from -> to` for an edge.
    pub id: String,
    /// Attribute values, unescaped.
    pub attrs: BTreeMap<String, String>,
    /// Whether it is inside the legend.
    pub legend: bool,
}

impl Item {
    /// An attribute, or "".
    pub fn get(&self, key: &str) -> &str {
        self.attrs.get(key).map_or("", String::as_str)
    }
}

/// DOT read back by graphviz-rust's parser: nodes and edges, clusters included.
#[derive(Debug, Default)]
pub struct DotFile {
    /// Graph-level attributes.
    pub graph: BTreeMap<String, String>,
    /// Nodes (the legend's too, marked).
    pub nodes: Vec<Item>,
    /// Edges as (from, to, item).
    pub edges: Vec<(String, String, Item)>,
    /// Names of the subgraphs.
    pub subgraphs: Vec<String>,
}

impl DotFile {
    /// Parse DOT text, panicking with the text when it does not parse.
    pub fn parse(text: &str) -> DotFile {
        let g = graphviz_rust::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let Graph::DiGraph { stmts, .. } = g else {
            panic!("not a digraph")
        };
        let mut out = DotFile::default();
        out.walk(&stmts, false);
        out
    }

    fn walk(&mut self, stmts: &[Stmt], legend: bool) {
        for st in stmts {
            match st {
                Stmt::Node(n) => self.nodes.push(Item {
                    id: unquote(&n.id.0),
                    attrs: attrs(&n.attributes),
                    legend,
                }),
                Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)),
                    attributes,
                }) => {
                    let (a, b) = (unquote(&a.0), unquote(&b.0));
                    self.edges.push((
                        a.clone(),
                        b.clone(),
                        Item {
                            id: format!("{a} -> {b}"),
                            attrs: attrs(attributes),
                            legend,
                        },
                    ));
                }
                Stmt::Subgraph(s) => {
                    let name = unquote(&s.id);
                    let inner = legend || name == "cluster_legend";
                    self.subgraphs.push(name);
                    self.walk(&s.stmts, inner);
                }
                Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Graph(a))
                    if !legend =>
                {
                    self.graph.extend(attrs(a));
                }
                _ => {}
            }
        }
    }

    /// The drawn entity and metric nodes (not the legend's).
    pub fn graph_nodes(&self) -> Vec<&Item> {
        self.nodes.iter().filter(|n| !n.legend).collect()
    }

    /// The drawn edges (not the legend's).
    pub fn graph_edges(&self) -> Vec<&(String, String, Item)> {
        self.edges.iter().filter(|e| !e.2.legend).collect()
    }

    /// Labels of the drawn nodes.
    pub fn node_labels(&self) -> Vec<String> {
        self.graph_nodes()
            .iter()
            .map(|n| n.get("label").to_string())
            .collect()
    }
}

fn attrs(list: &[Attribute]) -> BTreeMap<String, String> {
    list.iter()
        .map(|a| (unquote(&a.0), unquote(&a.1)))
        .collect()
}

/// An id as written, DOT escaping undone (`\"` → `"`, `\\` → `\`, `\n` → line break).
pub fn unquote(id: &Id) -> String {
    let s = match id {
        Id::Escaped(s) => s.as_str(),
        Id::Plain(s) | Id::Html(s) => return s.clone(),
        Id::Anonymous(s) => return s.clone(),
    };
    let inner = &s[1..s.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => panic!("dangling backslash in {s}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A sandbox holding the seed articles ingested into `finkg-graph.ron`.
pub fn seed_sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    s
}

/// The fixture graph of the snapshot tests.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-graph.ron")
}

/// The fixture graph of the snapshot tests, copied into the sandbox as
/// `fixture.ron`.
pub fn with_fixture(s: &Sandbox) -> &'static str {
    s.write("fixture.ron", std::fs::read(fixture()).unwrap());
    "fixture.ron"
}

/// Texts Graphviz draws (`dot -Tjson`, the `T` operations of `_ldraw_` and
/// `_tldraw_`-like keys), one per line of every label.
pub fn dot_drawn_texts(dot: &[u8]) -> Vec<String> {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tjson")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot -Tjson failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut texts = Vec::new();
    fn collect(v: &serde_json::Value, texts: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("op").and_then(|o| o.as_str()) == Some("T") {
                    if let Some(t) = m.get("text").and_then(|t| t.as_str()) {
                        texts.push(t.to_string());
                    }
                }
                for x in m.values() {
                    collect(x, texts);
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    collect(x, texts);
                }
            }
            _ => {}
        }
    }
    collect(&v, &mut texts);
    texts
}

/// The Python that reads GraphML with networkx: `FINKG_PYTHON` (which
/// `.ci/run` sets to the virtual environment it creates), else that
/// environment's Python when it is there. Missing: fine on a developer
/// machine (the caller skips), a failure under CI.
pub fn networkx_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FINKG_PYTHON").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python");
    if venv.is_file() {
        return Some(venv);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "FINKG_PYTHON is not set, and CI is: .ci/run must create the networkx virtual environment"
    );
    eprintln!(
        "skipping the networkx part: set FINKG_PYTHON to a Python with networkx \
         (.ci/run creates one in target/ci-venv)"
    );
    None
}

/// Run `tests/clients/check_graphml.py GRAPHML JSON [--expect-name N]…`,
/// asserting it passes; returns its summary line.
pub fn check_graphml(python: &Path, graphml: &Path, json: &Path, names: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/check_graphml.py");
    let mut cmd = Command::new(python);
    cmd.arg(&script).arg(graphml).arg(json);
    for n in names {
        cmd.arg("--expect-name").arg(n);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "networkx disagrees with the JSON about {}:\n{}{}",
        graphml.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
