//! An interactive page of the graph: one self-contained HTML file that works
//! offline, from `file://`, with no network request.
//!
//! The drawing is Graphviz's: [`HtmlExporter::to_dot_graph`] gives the DOT of
//! [`DotExporter`] (so the colours and shapes are the ontology's DOT
//! styles) with an `id` and `class` on every node and edge; the caller lays
//! it out with `dot -Tsvg` and hands the SVG back in a [`LaidOut`]. The page
//! holds that SVG, cleaned (the `svg` submodule keeps only what draws), the
//! graph as the JSON export in a `<script type="application/json">` block
//! (every `<`, `>` and `&` written as a `\u` escape, so no name can close
//! the block), and a script and style of finkg's own (`html/view.js`,
//! `html/view.css`), no third-party code. A Content-Security-Policy allows
//! exactly that script and that style, by hash, and nothing else: no
//! request, no other script.
//!
//! Element ids tie the drawing to the data: entity `i` of the JSON's
//! `entities` is `n{i}`, relation `j` is `e{j}`, metric `m` is `m{m}` and
//! its `has_metric` edge `h{m}`. Classes name kinds by their index in the
//! page's lists: `k{i}` on an entity of kind `i`; `q{r} s{i} t{j}` on a
//! relation of kind `r` from kind `i` to kind `j`, so the page hides a kind
//! with one class on the canvas.

pub mod data;
mod svg;
pub mod ui;

use super::dot::{dot_quote, format_value};
use super::json::JsonGraph;
use super::{DotExporter, ExportError, Exporter};
use crate::graph::KnowledgeGraph;
use crate::model::Unit;
use crate::schema::Ontology;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Stmt, Vertex,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io;

/// The value of the page data's `format` field.
pub const VIEW_FORMAT: &str = "finkg-view/1";

/// The page's script, finkg's own.
const SCRIPT: &str = include_str!("html/view.js");
/// The page's style, finkg's own.
const STYLE: &str = include_str!("html/view.css");

/// Writes the interactive page: the drawing Graphviz made of
/// [`HtmlExporter::to_dot_graph`], the graph's data, search, selection and
/// filters (see the module docs).
#[derive(Debug, Clone)]
pub struct HtmlExporter<'a> {
    ontology: &'a Ontology,
    draw_metrics: bool,
    clusters: bool,
    subtitle: Option<String>,
}

/// A graph and the SVG Graphviz drew of its [`HtmlExporter::to_dot_graph`].
#[derive(Debug, Clone, Copy)]
pub struct LaidOut<'a> {
    /// The graph the page shows (already filtered).
    pub graph: &'a KnowledgeGraph,
    /// `dot -Tsvg` of the exporter's DOT for that graph.
    pub svg: &'a str,
}

impl<'a> HtmlExporter<'a> {
    /// A page drawing kinds as `ontology` styles them; metrics are listed
    /// with their entity but not drawn.
    pub fn new(ontology: &'a Ontology) -> HtmlExporter<'a> {
        HtmlExporter {
            ontology,
            draw_metrics: false,
            clusters: false,
            subtitle: None,
        }
    }

    /// Draw metric nodes too (the details panel lists them either way).
    pub fn with_metrics(mut self, metrics: bool) -> HtmlExporter<'a> {
        self.draw_metrics = metrics;
        self
    }

    /// Group the entities in one box per kind.
    pub fn with_clusters(mut self, clusters: bool) -> HtmlExporter<'a> {
        self.clusters = clusters;
        self
    }

    /// A line under the title, such as what a filter kept.
    pub fn with_subtitle(mut self, subtitle: impl Into<String>) -> HtmlExporter<'a> {
        let s = subtitle.into();
        self.subtitle = (!s.trim().is_empty()).then_some(s);
        self
    }

    /// The DOT to lay out: [`DotExporter`]'s drawing without legend, title
    /// or tooltips (the page shows all of that itself), every node and edge
    /// with the `id` and `class` the page finds it by.
    pub fn to_dot_graph(&self, g: &KnowledgeGraph) -> Graph {
        let json = JsonGraph::from_graph(g);
        let palette = Palette::new(self.ontology, &json);
        let mut marks = Marks::new(&json, &palette);
        let mut dot = DotExporter::new(self.ontology)
            .with_metrics(self.draw_metrics)
            .with_clusters(self.clusters)
            .with_legend(false)
            .to_dot_graph(g);
        if let Graph::DiGraph { stmts, .. } = &mut dot {
            marks.apply(stmts);
        }
        dot
    }

    fn page_data(&self, g: &KnowledgeGraph) -> PageData {
        let graph = JsonGraph::from_graph(g);
        let palette = Palette::new(self.ontology, &graph);
        let metric_values = graph
            .metrics
            .iter()
            .map(|m| match m.unit.parse::<Unit>() {
                Ok(u) => format_value(m.value, u),
                Err(_) => format!("{} {}", m.value, m.unit),
            })
            .collect();
        PageData {
            format: VIEW_FORMAT,
            title: "finkg knowledge graph".into(),
            subtitle: self.subtitle.clone().unwrap_or_default(),
            kinds: palette.kinds,
            relations: palette.relations,
            drawn_metrics: self.draw_metrics,
            metric_values,
            graph,
            charts: target_charts(g),
        }
    }
}

impl Exporter<LaidOut<'_>> for HtmlExporter<'_> {
    fn write(&self, input: &LaidOut<'_>, out: &mut dyn io::Write) -> Result<(), ExportError> {
        let data = self.page_data(input.graph);
        let json = script_json(&data)?;
        let label = format!(
            "{}: {} entities, {} relations",
            data.title,
            data.graph.entities.len(),
            data.graph.relations.len()
        );
        let drawing = svg::clean_svg(
            input.svg,
            &[
                ("id", "graph"),
                ("role", "img"),
                ("aria-label", &svg::escape(&label, true)),
                ("preserveAspectRatio", "xMidYMid meet"),
            ],
        )
        .map_err(ExportError::Svg)?;
        let title = if data.subtitle.is_empty() {
            data.title.clone()
        } else {
            format!("{} · {}", data.title, data.subtitle)
        };
        let page = format!(
            "<!DOCTYPE html>\n\
<html lang=\"en\">\n\
<head>\n\
<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"generator\" content=\"finkg {version}\">\n\
<title>{title}</title>\n\
<style>{STYLE}</style>\n\
</head>\n\
<body>\n\
<header>\n\
<h1>{heading}</h1>\n\
<span class=\"sub\">{subtitle}</span>\n\
<div id=\"searchbox\" role=\"search\">\n\
<input id=\"search\" type=\"search\" placeholder=\"Search a name, alias or ticker  ( / )\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"Search entities by name, alias or ticker\" aria-controls=\"results\">\n\
<ul id=\"results\" role=\"listbox\" hidden></ul>\n\
</div>\n\
<span id=\"stats\"></span>\n\
</header>\n\
<div id=\"main\">\n\
<div id=\"canvas\" tabindex=\"0\">\n\
{drawing}\n\
<div class=\"zoom\"><button type=\"button\" id=\"zoom-in\" title=\"Zoom in (+)\">+</button><button type=\"button\" id=\"zoom-out\" title=\"Zoom out (-)\">&#8722;</button><button type=\"button\" id=\"zoom-fit\" title=\"Show everything (0)\">&#9633;</button></div>\n\
</div>\n\
<aside>\n\
<div id=\"details\" aria-live=\"polite\"><noscript>This page needs JavaScript for search and details; the drawing works without it.</noscript></div>\n\
<div id=\"filters\"></div>\n\
</aside>\n\
</div>\n\
<script type=\"application/json\" id=\"finkg-data\">{json}</script>\n\
<script>{SCRIPT}</script>\n\
</body>\n\
</html>\n",
            csp = content_security_policy(),
            version = env!("CARGO_PKG_VERSION"),
            title = svg::escape(&title, false),
            heading = svg::escape(&data.title, false),
            subtitle = svg::escape(&data.subtitle, false),
        );
        out.write_all(page.as_bytes())?;
        Ok(())
    }
}

/// Only the page's own script and style, by hash, and images of its own
/// data (the target charts); nothing loads.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; \
         connect-src 'none'; base-uri 'none'; form-action 'none'",
        sha256_source(SCRIPT),
        sha256_source(STYLE)
    )
}

/// A CSP hash source: `sha256-` and the base64 of the text's SHA-256.
fn sha256_source(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// JSON safe inside a `<script>` element: `<`, `>`, `&` and the two line
/// separators JavaScript once treated as line ends become `\u` escapes,
/// which only strings can hold, so `</script>` and `<!--` cannot appear.
fn script_json<T: Serialize>(value: &T) -> Result<String, ExportError> {
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// What the page's script reads (`"format": "finkg-view/1"`).
#[derive(Debug, Serialize)]
struct PageData {
    format: &'static str,
    title: String,
    subtitle: String,
    /// Entity kinds with their styles; index `i` is class `k{i}`.
    kinds: Vec<KindStyle>,
    /// Relation kinds with their styles; index `r` is class `q{r}`.
    relations: Vec<KindStyle>,
    /// Whether metric nodes are drawn.
    drawn_metrics: bool,
    /// Each metric's value as a reader writes it (`19.3x`), by index.
    metric_values: Vec<String>,
    /// The graph, as `finkg export --format json` writes it.
    graph: JsonGraph,
    /// Each company's (or index's) broker targets over time, as SVG, by
    /// entity id: the chart `finkg chart targets` draws, for every entity
    /// with dated targets (none without a font for its text).
    charts: std::collections::BTreeMap<String, String>,
}

/// The targets chart of every entity with dated analyst targets.
fn target_charts(g: &KnowledgeGraph) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    if !super::chart::font_available() {
        return out;
    }
    let on: BTreeSet<&str> = g
        .action_histories(None)
        .into_iter()
        .map(|h| h.on.id.as_str())
        .collect();
    for id in on {
        if let Ok(svg) = super::chart::TargetChart::of(g, id).and_then(|c| c.to_svg((560, 300))) {
            out.insert(id.to_string(), svg);
        }
    }
    out
}

/// A kind and its DOT style.
#[derive(Debug, Clone, Serialize)]
struct KindStyle {
    name: String,
    description: String,
    color: Option<String>,
    fill: Option<String>,
    style: Option<String>,
}

/// The kinds the page lists: the ontology's in its order, then any other
/// kind the graph holds, sorted.
struct Palette {
    kinds: Vec<KindStyle>,
    relations: Vec<KindStyle>,
}

impl Palette {
    fn new(ontology: &Ontology, g: &JsonGraph) -> Palette {
        let mut kinds: Vec<KindStyle> = ontology
            .entity_kinds
            .iter()
            .map(|k| KindStyle {
                name: k.name.clone(),
                description: k.description.clone(),
                color: k.style.color.clone(),
                fill: k.style.fillcolor.clone(),
                style: k.style.style.clone(),
            })
            .collect();
        let extra: BTreeSet<&str> = g
            .entities
            .iter()
            .map(|e| e.kind.as_str())
            .filter(|k| ontology.entity_kind(k).is_none())
            .collect();
        kinds.extend(extra.into_iter().map(|k| KindStyle {
            name: k.to_string(),
            description: String::new(),
            color: None,
            fill: None,
            style: None,
        }));
        let mut relations: Vec<KindStyle> = ontology
            .relation_kinds
            .iter()
            .map(|r| KindStyle {
                name: r.name.clone(),
                description: r.description.clone(),
                color: r.style.color.clone(),
                fill: None,
                style: r.style.style.clone(),
            })
            .collect();
        let extra: BTreeSet<&str> = g
            .relations
            .iter()
            .map(|r| r.relation.as_str())
            .filter(|r| ontology.relation_kind(r).is_none())
            .collect();
        relations.extend(extra.into_iter().map(|r| KindStyle {
            name: r.to_string(),
            description: String::new(),
            color: None,
            fill: None,
            style: None,
        }));
        Palette { kinds, relations }
    }

    fn kind(&self, name: &str) -> usize {
        self.kinds.iter().position(|k| k.name == name).unwrap_or(0)
    }

    fn relation(&self, name: &str) -> usize {
        self.relations
            .iter()
            .position(|r| r.name == name)
            .unwrap_or(0)
    }
}

/// The `id` and `class` of each drawn node and edge, by their DOT ids.
struct Marks {
    /// Quoted node id → (element id, class).
    nodes: HashMap<String, (String, String)>,
    /// Quoted (from, to) → the (element id, class) of each edge between
    /// them, in the order the DOT exporter writes them.
    edges: HashMap<(String, String), VecDeque<(String, String)>>,
}

impl Marks {
    fn new(g: &JsonGraph, palette: &Palette) -> Marks {
        let mut nodes = HashMap::new();
        let mut kind_of = HashMap::new();
        for (i, e) in g.entities.iter().enumerate() {
            let k = palette.kind(&e.kind);
            kind_of.insert(e.id.as_str(), k);
            nodes.insert(dot_quote(&e.id), (format!("n{i}"), format!("k{k}")));
        }
        let mut edges: HashMap<(String, String), VecDeque<(String, String)>> = HashMap::new();
        for (j, r) in g.relations.iter().enumerate() {
            let class = format!(
                "q{} s{} t{}",
                palette.relation(&r.relation),
                kind_of.get(r.subject.as_str()).copied().unwrap_or(0),
                kind_of.get(r.object.as_str()).copied().unwrap_or(0)
            );
            edges
                .entry((dot_quote(&r.subject), dot_quote(&r.object)))
                .or_default()
                .push_back((format!("e{j}"), class));
        }
        for (m, x) in g.metrics.iter().enumerate() {
            let class = format!(
                "metric s{}",
                kind_of.get(x.entity.as_str()).copied().unwrap_or(0)
            );
            nodes.insert(dot_quote(&x.id), (format!("m{m}"), class.clone()));
            edges
                .entry((dot_quote(&x.entity), dot_quote(&x.id)))
                .or_default()
                .push_back((format!("h{m}"), class));
        }
        Marks { nodes, edges }
    }

    fn apply(&mut self, stmts: &mut [Stmt]) {
        for s in stmts.iter_mut() {
            match s {
                Stmt::GAttribute(GraphAttributes::Graph(attrs)) => {
                    attrs.retain(|a| !is_key(a, "label") && !is_key(a, "labelloc"));
                }
                Stmt::Subgraph(sub) => self.apply(&mut sub.stmts),
                Stmt::Node(n) => {
                    if let Id::Escaped(id) = &n.id.0 {
                        if let Some((id, class)) = self.nodes.get(id) {
                            mark(&mut n.attributes, id, class);
                        }
                    }
                }
                Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)),
                    attributes,
                }) => {
                    if let (Id::Escaped(a), Id::Escaped(b)) = (&a.0, &b.0) {
                        if let Some((id, class)) = self
                            .edges
                            .get_mut(&(a.clone(), b.clone()))
                            .and_then(VecDeque::pop_front)
                        {
                            mark(attributes, &id, &class);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_key(a: &Attribute, key: &str) -> bool {
    matches!(&a.0, Id::Plain(k) if k == key)
}

/// Drop the tooltip (the page shows more), add the id and class.
fn mark(attrs: &mut Vec<Attribute>, id: &str, class: &str) {
    attrs.retain(|a| !is_key(a, "tooltip"));
    attrs.push(Attribute(
        Id::Plain("id".into()),
        Id::Escaped(dot_quote(id)),
    ));
    attrs.push(Attribute(
        Id::Plain("class".into()),
        Id::Escaped(dot_quote(class)),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc, ent, rel, sample};
    use crate::model::Extraction;
    use crate::schema::Schema;
    use graphviz_rust::printer::{DotPrinter, PrinterContext};

    /// A stand-in for Graphviz's SVG, enough for the page to be written.
    const SVG: &str = r#"<?xml version="1.0"?><svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph"><g id="n0" class="node k1"><title>x</title><text>Alibaba</text></g></g></svg>"#;

    fn page(g: &KnowledgeGraph) -> String {
        let schema = Schema::bundled().unwrap();
        let bytes = HtmlExporter::new(&schema.ontology)
            .with_subtitle("around Alibaba, depth 1")
            .to_bytes(&LaidOut { graph: g, svg: SVG })
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// A company with a broker's dated target is drawn in its panel (an SVG
    /// the page shows as an image of its own data); others have no chart.
    #[test]
    fn a_company_with_dated_targets_has_its_chart() {
        let schema = Schema::bundled().unwrap();
        let mut g = sample();
        let mut d = doc("tttt");
        d.date = Some("2026-01-23".into());
        g.ingest(Extraction {
            doc: d,
            entities: vec![
                ent("Jefferies", "broker", &[], &[]),
                ent("Tencent", "company", &[], &[]),
            ],
            relations: vec![],
            metrics: vec![],
            actions: vec![crate::model::Action {
                by: "Jefferies".into(),
                on: "Tencent".into(),
                analyst: None,
                rating: Some("buy".into()),
                previous_rating: None,
                target: Some(700.0),
                previous_target: Some(650.0),
                unit: Some(Unit::Hkd),
                initiated: false,
                evidence: crate::graph::tests::ev("tttt", 0, "Jefferies lifts Tencent."),
            }],
        });
        let data = HtmlExporter::new(&schema.ontology).page_data(&g);
        if !crate::export::font_available() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set and there is no font"
            );
            assert!(data.charts.is_empty());
            return;
        }
        assert_eq!(data.charts.keys().collect::<Vec<_>>(), ["company:tencent"]);
        assert!(data.charts["company:tencent"].contains("Tencent: broker targets (HKD)"));
        let text = page(&g);
        assert!(
            text.contains("img-src data:;"),
            "the page may show its own images"
        );
    }

    /// The text between `start` and the next `end` after it.
    fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
        let from = text.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
        let to = from + text[from..].find(end).unwrap_or_else(|| panic!("no {end}"));
        &text[from..to]
    }

    fn hostile() -> KnowledgeGraph {
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent(
                    "</script><script>window.pwned=1</script>",
                    "company",
                    &["<!--"],
                    &[],
                ),
                ent("JPMorgan", "broker", &[], &[]),
            ],
            relations: vec![rel(
                "JPMorgan",
                "forecasts",
                "</script><script>window.pwned=1</script>",
                "cccc",
                0,
            )],
            metrics: vec![],
            actions: Vec::new(),
        });
        g
    }

    #[test]
    fn the_data_block_cannot_be_closed_by_a_name() {
        let html = page(&hostile());
        let data = between(
            &html,
            "<script type=\"application/json\" id=\"finkg-data\">",
            "</script>",
        );
        assert!(!data.contains('<') && !data.contains('>'), "{data}");
        assert!(data.contains(r"\u003c/script\u003e\u003cscript\u003ewindow.pwned=1"));
        assert!(data.contains(r"\u003c!--"));
        // Still the JSON export, once the escapes are read back.
        let v: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(v["format"], VIEW_FORMAT);
        assert_eq!(v["graph"]["format"], "finkg-graph/1");
        let names: Vec<&str> = v["graph"]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"</script><script>window.pwned=1</script>"),
            "{names:?}"
        );
        // Exactly two scripts: the data and the page's own.
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert_eq!(html.matches("</script>").count(), 2);
    }

    #[test]
    fn script_json_escapes_markup_and_line_separators() {
        let s = script_json(&"a</script>&<!--\u{2028}\u{2029}").unwrap();
        assert_eq!(s, r#""a\u003c/script\u003e\u0026\u003c!--\u2028\u2029""#);
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "a</script>&<!--\u{2028}\u{2029}"
        );
    }

    #[test]
    fn the_page_loads_nothing_from_anywhere() {
        let html = page(&sample());
        for banned in [
            "http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img",
        ] {
            let outside_data = html.replace(between(&html, "id=\"finkg-data\">", "</script>"), "");
            let outside_script = outside_data.replace(SCRIPT, "").replace(STYLE, "");
            assert!(
                !outside_script.contains(banned),
                "`{banned}` in the page's markup"
            );
        }
        // The script and style themselves name no address (the SVG namespace aside).
        for text in [SCRIPT, STYLE] {
            let rest = text.replace("http://www.w3.org/2000/svg", "");
            for banned in [
                "http:",
                "https:",
                "fetch(",
                "XMLHttpRequest",
                "import(",
                "eval(",
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "url(",
            ] {
                assert!(!rest.contains(banned), "`{banned}` in the page's own code");
            }
        }
        assert!(!SCRIPT.contains("</script") && !SCRIPT.contains("<!--"));
        assert!(!STYLE.contains("</style"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let html = page(&sample());
        let csp = between(
            &html,
            "http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        );
        assert!(csp.starts_with("default-src 'none'; "), "{csp}");
        let script = between(&html, "<script>", "</script>");
        let style = between(&html, "<style>", "</style>");
        assert_eq!(script, SCRIPT);
        assert_eq!(style, STYLE);
        assert!(
            csp.contains(&format!("script-src '{}'", sha256_source(script))),
            "{csp}"
        );
        assert!(
            csp.contains(&format!("style-src '{}'", sha256_source(style))),
            "{csp}"
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        for (raw, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(raw.as_bytes()), want, "{raw}");
        }
        // The SHA-256 of "abc", as browsers compute CSP hashes.
        assert_eq!(
            sha256_source("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn every_node_and_edge_is_marked_for_the_page() {
        let schema = Schema::bundled().unwrap();
        let g = sample();
        let text = HtmlExporter::new(&schema.ontology)
            .with_metrics(true)
            .to_dot_graph(&g)
            .print(PrinterContext::default().with_semi());
        let json = JsonGraph::from_graph(&g);
        for (i, e) in json.entities.iter().enumerate() {
            let k = schema
                .ontology
                .entity_kinds
                .iter()
                .position(|k| k.name == e.kind)
                .unwrap();
            assert!(
                text.contains(&format!("id=\"n{i}\" class=\"k{k}\"")),
                "{} unmarked:\n{text}",
                e.id
            );
        }
        for (j, r) in json.relations.iter().enumerate() {
            assert!(
                text.contains(&format!("id=\"e{j}\" class=\"q")),
                "{} {} {} unmarked:\n{text}",
                r.subject,
                r.relation,
                r.object
            );
        }
        for m in 0..json.metrics.len() {
            assert!(
                text.contains(&format!("id=\"m{m}\" class=\"metric s")),
                "{text}"
            );
            assert!(
                text.contains(&format!("id=\"h{m}\" class=\"metric s")),
                "{text}"
            );
        }
        for gone in ["tooltip", "legend", "finkg knowledge graph"] {
            assert!(!text.contains(gone), "{gone} in\n{text}");
        }
        graphviz_rust::parse(&text).unwrap();
    }

    #[test]
    fn two_relations_between_the_same_entities_get_their_own_ids() {
        let schema = Schema::bundled().unwrap();
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent("CITIC Securities", "broker", &[], &[]),
                ent("Alibaba", "company", &[], &[]),
            ],
            relations: vec![rel("CITIC Securities", "rates", "Alibaba", "cccc", 0)],
            metrics: vec![],
            actions: Vec::new(),
        });
        let json = JsonGraph::from_graph(&g);
        let text = HtmlExporter::new(&schema.ontology)
            .to_dot_graph(&g)
            .print(PrinterContext::default().with_semi());
        let between_them: Vec<usize> = json
            .relations
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.subject == "broker:citic-securities" && r.object == "company:alibaba"
            })
            .map(|(j, _)| j)
            .collect();
        assert_eq!(between_them.len(), 2);
        for j in between_them {
            let rel = &json.relations[j].relation;
            let at = text
                .find(&format!("id=\"e{j}\""))
                .unwrap_or_else(|| panic!("e{j} missing:\n{text}"));
            let stmt_start = text[..at].rfind(';').unwrap_or(0);
            assert!(
                text[stmt_start..at].contains(&format!("label=\"{rel}")),
                "e{j} is not the {rel} edge:\n{}",
                &text[stmt_start..at]
            );
        }
    }

    #[test]
    fn the_page_names_kinds_with_their_dot_colours() {
        let html = page(&sample());
        let data = between(&html, "id=\"finkg-data\">", "</script>");
        let v: serde_json::Value = serde_json::from_str(data).unwrap();
        let schema = Schema::bundled().unwrap();
        let company = schema.ontology.entity_kind("company").unwrap();
        let k = &v["kinds"][0];
        assert_eq!(k["name"], "company");
        assert_eq!(k["color"].as_str(), company.style.color.as_deref());
        assert_eq!(k["fill"].as_str(), company.style.fillcolor.as_deref());
        let forecasts = schema.ontology.relation_kind("forecasts").unwrap();
        assert_eq!(v["relations"][0]["name"], "forecasts");
        assert_eq!(
            v["relations"][0]["color"].as_str(),
            forecasts.style.color.as_deref()
        );
        assert_eq!(v["subtitle"], "around Alibaba, depth 1");
        assert_eq!(
            v["metric_values"].as_array().unwrap().len(),
            v["graph"]["metrics"].as_array().unwrap().len()
        );
        assert!(html.contains("<title>finkg knowledge graph · around Alibaba, depth 1</title>"));
    }

    #[test]
    fn the_drawing_is_inlined_clean() {
        let html = page(&sample());
        assert!(
            html.contains(r#"<svg viewBox="0 0 10 10" id="graph" role="img""#),
            "{html}"
        );
        assert!(!html.contains("<?xml") && !html.contains("<title>x</title>"));
        let schema = Schema::bundled().unwrap();
        let err = HtmlExporter::new(&schema.ontology)
            .to_bytes(&LaidOut {
                graph: &sample(),
                svg: "not svg",
            })
            .unwrap_err();
        assert!(
            err.to_string().contains("no complete <svg> element"),
            "{err}"
        );
    }

    #[test]
    fn the_same_graph_is_the_same_page() {
        assert_eq!(page(&hostile()), page(&hostile()));
    }
}
