//! Graphviz DOT export, built with graphviz-rust and styled by the ontology.
//!
//! Entities are shaped and coloured by kind, relations labelled and styled by
//! kind, metrics drawn as notes; every edge carries its evidence sentences as
//! a tooltip (shown on hover in SVG), a legend shows the kinds and relations
//! drawn, and entities may be grouped in one cluster per kind. The same graph
//! gives the same bytes.
//!
//! graphviz-rust prints quoted ids exactly as given, so every id and label
//! goes through [`dot_quote`], which escapes quotes, backslashes and line
//! breaks itself.

use super::{ExportError, Exporter};
use crate::graph::{EntityNode, KnowledgeGraph, MetricNode, RelationFilter};
use crate::model::{Evidence, Unit};
use crate::schema::{Ontology, Style};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// How many evidence sentences a tooltip lists before `… and N more`.
const TOOLTIP_SENTENCES: usize = 5;
/// How many characters of a sentence a tooltip shows.
const TOOLTIP_CHARS: usize = 300;

/// Writes the graph as DOT: one node per entity styled by its kind, one edge
/// per relation labelled by its kind, metric nodes on request, and a legend.
#[derive(Debug, Clone)]
pub struct DotExporter<'a> {
    ontology: &'a Ontology,
    metrics: bool,
    legend: bool,
    isolated: bool,
    clusters: bool,
    subtitle: Option<String>,
}

impl<'a> DotExporter<'a> {
    /// An exporter drawing kinds as `ontology` styles them (no metric nodes, with a legend).
    pub fn new(ontology: &'a Ontology) -> DotExporter<'a> {
        DotExporter {
            ontology,
            metrics: false,
            legend: true,
            isolated: true,
            clusters: false,
            subtitle: None,
        }
    }

    /// Draw entities that take part in no relation (and, with metrics on,
    /// have no metric). Leaving them out makes a large graph readable.
    pub fn with_isolated(mut self, isolated: bool) -> DotExporter<'a> {
        self.isolated = isolated;
        self
    }

    /// Draw metric nodes, linked from their entity.
    pub fn with_metrics(mut self, metrics: bool) -> DotExporter<'a> {
        self.metrics = metrics;
        self
    }

    /// Draw a legend of the entity kinds and relations drawn.
    pub fn with_legend(mut self, legend: bool) -> DotExporter<'a> {
        self.legend = legend;
        self
    }

    /// Group the entities in one box (a Graphviz cluster) per kind.
    pub fn with_clusters(mut self, clusters: bool) -> DotExporter<'a> {
        self.clusters = clusters;
        self
    }

    /// A second title line, such as what a filter kept (`around Alibaba, depth 1`).
    pub fn with_subtitle(mut self, subtitle: impl Into<String>) -> DotExporter<'a> {
        let s = subtitle.into();
        self.subtitle = (!s.trim().is_empty()).then_some(s);
        self
    }

    /// The graph as a graphviz-rust structure.
    pub fn to_dot_graph(&self, g: &KnowledgeGraph) -> Graph {
        let mut title = "finkg knowledge graph".to_string();
        if let Some(sub) = &self.subtitle {
            title.push('\n');
            title.push_str(sub);
        }
        let mut stmts: Vec<Stmt> = vec![
            GraphAttributes::Graph(vec![
                attr("rankdir", "LR"),
                attr("fontname", "Helvetica"),
                attr("nodesep", "0.3"),
                attr("ranksep", "0.9"),
                attr("labelloc", "t"),
                attr("label", &title),
            ])
            .into(),
            GraphAttributes::Node(vec![attr("fontname", "Helvetica"), attr("fontsize", "11")])
                .into(),
            GraphAttributes::Edge(vec![attr("fontname", "Helvetica"), attr("fontsize", "9")])
                .into(),
        ];

        let relations = g.relations(&RelationFilter::any());
        let metrics = if self.metrics {
            g.metrics()
        } else {
            Vec::new()
        };
        let linked: BTreeSet<&str> = relations
            .iter()
            .flat_map(|r| [r.subject.id.as_str(), r.object.id.as_str()])
            .chain(metrics.iter().map(|m| m.entity.id.as_str()))
            .collect();
        let mut by_kind: BTreeMap<&str, Vec<Stmt>> = BTreeMap::new();
        for e in g.entities(None) {
            if !self.isolated && !linked.contains(e.id.as_str()) {
                continue;
            }
            let mut attrs = vec![attr("label", &e.name)];
            attrs.extend(self.node_style(&e.kind));
            attrs.push(attr("tooltip", &entity_tooltip(e)));
            by_kind
                .entry(e.kind.as_str())
                .or_default()
                .push(Node::new(node_id(&e.id), attrs).into());
        }
        let kinds: Vec<&str> = by_kind.keys().copied().collect();
        for (kind, nodes) in by_kind {
            if self.clusters {
                let mut inner = vec![attr_stmt("label", kind)];
                inner.push(attr_stmt("style", "rounded,dashed"));
                let color = self
                    .ontology
                    .entity_kind(kind)
                    .and_then(|k| k.style.color.clone())
                    .unwrap_or_else(|| "#888888".into());
                inner.push(attr_stmt("color", &color));
                inner.push(attr_stmt("fontcolor", &color));
                inner.extend(nodes);
                stmts.push(
                    Subgraph {
                        id: Id::Escaped(dot_quote(&format!("cluster_kind_{kind}"))),
                        stmts: inner,
                    }
                    .into(),
                );
            } else {
                stmts.extend(nodes);
            }
        }

        let mut drawn_relations = BTreeSet::new();
        for r in relations {
            drawn_relations.insert(r.relation());
            let mut label = r.relation().to_string();
            if let Some(rating) = r.edge.attrs.get("rating") {
                label.push_str(&format!(" ({rating})"));
            }
            if r.edge.evidence.len() > 1 {
                label.push_str(&format!(" ×{}", r.edge.evidence.len()));
            }
            let mut attrs = vec![attr("label", &label)];
            attrs.extend(self.edge_style(r.relation()));
            let support = r.edge.documents().len();
            if support > 1 {
                attrs.push(attr("penwidth", &support.min(4).to_string()));
            }
            let mut head = format!("{} {} {}", r.subject.name, r.relation(), r.object.name);
            if !r.edge.attrs.is_empty() {
                let attrs: Vec<String> = r
                    .edge
                    .attrs
                    .iter()
                    // the action history is a list, shown by `finkg ask targets`
                    .filter(|(k, _)| k.as_str() != "history")
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                head.push_str(&format!(" ({})", attrs.join("; ")));
            }
            attrs.push(attr(
                "tooltip",
                &evidence_tooltip(g, &head, &r.edge.evidence),
            ));
            stmts.push(edge(&r.subject.id, &r.object.id, attrs));
        }

        for m in &metrics {
            let mut attrs = vec![attr("label", &metric_label(m.metric))];
            attrs.extend(style_attrs(&self.ontology.metric_style, true));
            let head = format!(
                "{}: {}",
                m.entity.name,
                metric_label(m.metric).replace('\n', ", ")
            );
            attrs.push(attr("tooltip", &evidence_tooltip(g, &head, m.evidence)));
            stmts.push(Node::new(node_id(&m.metric.id), attrs).into());
            stmts.push(edge(&m.entity.id, &m.metric.id, metric_edge_style()));
        }

        if self.legend && !kinds.is_empty() {
            stmts.push(self.legend(&kinds, &drawn_relations, !metrics.is_empty()));
        }

        Graph::DiGraph {
            id: Id::Escaped(dot_quote("finkg")),
            strict: false,
            stmts,
        }
    }

    /// A cluster naming every kind and relation drawn, each in its style.
    fn legend(&self, kinds: &[&str], relations: &BTreeSet<&str>, metrics: bool) -> Stmt {
        let mut legend = vec![
            attr_stmt("label", "legend"),
            attr_stmt("fontsize", "10"),
            attr_stmt("color", "#bbbbbb"),
        ];
        for kind in kinds {
            let mut attrs = vec![attr("label", kind)];
            attrs.extend(self.node_style(kind));
            attrs.extend(legend_size());
            attrs.push(attr("tooltip", &format!("entity kind {kind}")));
            legend.push(Node::new(node_id(&format!("legend kind {kind}")), attrs).into());
        }
        if metrics {
            let mut attrs = vec![attr("label", "metric")];
            attrs.extend(style_attrs(&self.ontology.metric_style, true));
            attrs.extend(legend_size());
            legend.push(Node::new(node_id("legend metric"), attrs).into());
        }
        for rel in relations {
            let (a, b) = (
                format!("legend relation {rel} from"),
                format!("legend relation {rel} to"),
            );
            for end in [&a, &b] {
                legend.push(
                    Node::new(
                        node_id(end),
                        vec![
                            attr("shape", "point"),
                            attr("style", "invis"),
                            attr("label", ""),
                        ],
                    )
                    .into(),
                );
            }
            let mut attrs = vec![attr("label", rel)];
            attrs.extend(self.edge_style(rel));
            attrs.push(attr("tooltip", &format!("relation {rel}")));
            legend.push(edge(&a, &b, attrs));
        }
        Subgraph {
            id: Id::Escaped(dot_quote("cluster_legend")),
            stmts: legend,
        }
        .into()
    }

    fn node_style(&self, kind: &str) -> Vec<Attribute> {
        match self.ontology.entity_kind(kind) {
            Some(k) => style_attrs(&k.style, true),
            None => vec![attr("shape", "box")],
        }
    }

    fn edge_style(&self, relation: &str) -> Vec<Attribute> {
        let mut attrs = Vec::new();
        if let Some(k) = self.ontology.relation_kind(relation) {
            attrs.extend(style_attrs(&k.style, false));
            if let Some(c) = &k.style.color {
                attrs.push(attr("fontcolor", c));
            }
        }
        attrs
    }
}

/// Legend nodes are smaller than the graph's.
fn legend_size() -> Vec<Attribute> {
    vec![
        attr("fontsize", "9"),
        attr("height", "0.3"),
        attr("margin", "0.05,0.02"),
    ]
}

fn metric_edge_style() -> Vec<Attribute> {
    vec![
        attr("style", "dashed"),
        attr("color", "#999999"),
        attr("arrowhead", "none"),
    ]
}

/// `Alibaba (company)`, its other names, how often the documents name it.
fn entity_tooltip(e: &EntityNode) -> String {
    let mut tip = format!("{} ({})", e.name, e.kind);
    let others: BTreeSet<&str> = e
        .aliases
        .iter()
        .chain(&e.tickers)
        .map(String::as_str)
        .collect();
    if !others.is_empty() {
        tip.push_str("\nalso: ");
        tip.push_str(&others.into_iter().collect::<Vec<_>>().join(", "));
    }
    let docs = e.mentions.len();
    tip.push_str(&format!(
        "\n{} mention{} in {docs} document{}",
        e.mention_count(),
        if e.mention_count() == 1 { "" } else { "s" },
        if docs == 1 { "" } else { "s" }
    ));
    if let Some(c) = e.confidence() {
        tip.push_str(&format!("\nconfidence {c}"));
    }
    tip
}

/// A fact and the sentences stating it, each with its document's file name.
fn evidence_tooltip(g: &KnowledgeGraph, head: &str, evidence: &[Evidence]) -> String {
    let mut tip = head.to_string();
    for ev in evidence.iter().take(TOOLTIP_SENTENCES) {
        let doc = g.document(&ev.doc).map_or(ev.doc.as_str(), |d| &d.name);
        let sentence: String = ev.sentence.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut clipped: String = sentence.chars().take(TOOLTIP_CHARS).collect();
        if clipped.len() < sentence.len() {
            clipped.push('…');
        }
        tip.push_str(&format!("\n• {doc}: {clipped}"));
    }
    if evidence.len() > TOOLTIP_SENTENCES {
        tip.push_str(&format!(
            "\n… and {} more",
            evidence.len() - TOOLTIP_SENTENCES
        ));
    }
    if let Some(c) = crate::graph::evidence_confidence(evidence) {
        tip.push_str(&format!("\nconfidence {c}"));
    }
    tip
}

impl Exporter<KnowledgeGraph> for DotExporter<'_> {
    fn write(&self, g: &KnowledgeGraph, out: &mut dyn io::Write) -> Result<(), ExportError> {
        let text = self
            .to_dot_graph(g)
            .print(PrinterContext::default().with_semi());
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (a centred
/// line break in a label), other control characters as spaces. graphviz-rust
/// does none of this itself.
pub fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), Id::Escaped(dot_quote(value)))
}

fn attr_stmt(key: &str, value: &str) -> Stmt {
    Stmt::Attribute(attr(key, value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(Id::Escaped(dot_quote(id)), None)
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
        attributes,
    }
    .into()
}

fn style_attrs(style: &Style, node: bool) -> Vec<Attribute> {
    let mut out = Vec::new();
    if node {
        if let Some(v) = &style.shape {
            out.push(attr("shape", v));
        }
        if let Some(v) = &style.fillcolor {
            out.push(attr("fillcolor", v));
        }
    }
    if let Some(v) = &style.color {
        out.push(attr("color", v));
    }
    if let Some(v) = &style.style {
        out.push(attr("style", v));
    }
    out
}

/// A metric as a node label: label, value with unit, period.
fn metric_label(m: &MetricNode) -> String {
    let mut s = format!("{}\n{}", m.label, format_value(m.value, m.unit));
    if let Some(p) = &m.period {
        s.push('\n');
        s.push_str(p);
    }
    s
}

/// A value as a reader writes it: `19.3x`, `27%`, `CNY 130bn`.
pub fn format_value(v: f64, unit: Unit) -> String {
    let scaled = |v: f64| {
        let a = v.abs();
        if a >= 1e12 {
            format!("{}tn", trim(v / 1e12))
        } else if a >= 1e9 {
            format!("{}bn", trim(v / 1e9))
        } else if a >= 1e6 {
            format!("{}m", trim(v / 1e6))
        } else {
            trim(v)
        }
    };
    match unit {
        Unit::Multiple => format!("{}x", trim(v)),
        Unit::Percent => format!("{}%", trim(v)),
        Unit::PctPoint => format!("{} pp", trim(v)),
        Unit::Points => format!("{} points", trim(v)),
        Unit::Count => scaled(v),
        Unit::Money => format!("{} (money)", scaled(v)),
        u => format!("{} {}", u.as_str(), scaled(v)),
    }
}

fn trim(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc, ent, rel, sample};
    use crate::model::Extraction;
    use crate::schema::Schema;

    fn dot(g: &KnowledgeGraph, metrics: bool) -> String {
        let schema = Schema::bundled().unwrap();
        let bytes = DotExporter::new(&schema.ontology)
            .with_metrics(metrics)
            .to_bytes(g)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Undo [`dot_quote`] on a parsed id.
    fn unquote(id: &Id) -> String {
        let Id::Escaped(s) = id else {
            panic!("not quoted: {id:?}")
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

    #[test]
    fn quoting_escapes_what_dot_needs() {
        for (raw, want) in [
            ("plain", r#""plain""#),
            (r#"Foo "Bar""#, r#""Foo \"Bar\"""#),
            (r"a\b", r#""a\\b""#),
            (r"ends\", r#""ends\\""#),
            ("two\nlines", r#""two\nlines""#),
            ("crlf\r\nline", r#""crlf\nline""#),
            ("tab\there", r#""tab here""#),
            ("<script>", r#""<script>""#),
        ] {
            assert_eq!(dot_quote(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn nodes_and_edges_are_styled_by_kind() {
        let text = dot(&sample(), false);
        assert!(text.starts_with("digraph \"finkg\" {"), "{text}");
        assert!(
            text.contains(r#""company:alibaba"[label="Alibaba" shape="box""#),
            "{text}"
        );
        assert!(
            text.contains(
                r#""broker:citic-securities" -> "company:alibaba" [label="forecasts ×2""#
            ),
            "{text}"
        );
        assert!(text.contains(r#"shape="hexagon""#), "{text}");
        assert!(text.contains("cluster_legend"), "{text}");
        assert!(!text.contains("metric:"), "metrics are off by default");
        let with = dot(&sample(), true);
        assert!(with.contains(r#"label="capex\nCNY 130bn\n2025""#), "{with}");
    }

    #[test]
    fn isolated_entities_can_be_left_out() {
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![ent("Lonely Corp", "company", &[], &[])],
            relations: vec![],
            metrics: vec![],
            actions: Vec::new(),
        });
        let schema = Schema::bundled().unwrap();
        let all = DotExporter::new(&schema.ontology).to_bytes(&g).unwrap();
        let some = DotExporter::new(&schema.ontology)
            .with_isolated(false)
            .to_bytes(&g)
            .unwrap();
        let has = |b: &[u8]| String::from_utf8_lossy(b).contains("Lonely Corp");
        assert!(has(&all));
        assert!(!has(&some));
        assert!(String::from_utf8_lossy(&some).contains("Tencent"));
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(dot(&sample(), true), dot(&sample(), true));
    }

    #[test]
    fn hostile_names_round_trip_through_the_parser() {
        let hostile = "Foo \"Bar\" \\ Baz <script>\nalert(1)</script> \\";
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent(hostile, "company", &[], &[]),
                ent("JPMorgan", "broker", &[], &[]),
            ],
            relations: vec![rel("JPMorgan", "forecasts", hostile, "cccc", 0)],
            metrics: vec![],
            actions: Vec::new(),
        });
        let text = dot(&g, true);
        let parsed = graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let Graph::DiGraph { stmts, .. } = parsed else {
            panic!("not a digraph")
        };
        let labels: Vec<String> = stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::Node(n) => n
                    .attributes
                    .iter()
                    .find(|a| a.0 == Id::Plain("label".into()))
                    .map(|a| unquote(&a.1)),
                _ => None,
            })
            .collect();
        assert!(labels.iter().any(|l| l == hostile), "{labels:?}");
        // The edge reaches the hostile node by its id.
        let hostile_id = g.find_entity(hostile).unwrap().id.clone();
        let reaches = stmts.iter().any(|s| match s {
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(_, Vertex::N(NodeId(id, _))),
                ..
            }) => unquote(id) == hostile_id,
            _ => false,
        });
        assert!(reaches, "{text}");
    }

    #[test]
    fn clusters_group_entities_by_kind_and_the_legend_names_relations() {
        let schema = Schema::bundled().unwrap();
        let text = String::from_utf8(
            DotExporter::new(&schema.ontology)
                .with_clusters(true)
                .with_subtitle("around Alibaba, depth 1")
                .to_bytes(&sample())
                .unwrap(),
        )
        .unwrap();
        for want in [
            r#"subgraph "cluster_kind_broker" {"#,
            r#"subgraph "cluster_kind_company" {"#,
            r#"subgraph "cluster_kind_index" {"#,
            r#"label="finkg knowledge graph\naround Alibaba, depth 1""#,
            r#""legend relation forecasts from" -> "legend relation forecasts to" [label="forecasts""#,
            r#""legend relation outperforms from" -> "legend relation outperforms to" [label="outperforms""#,
        ] {
            assert!(text.contains(want), "{want} missing:\n{text}");
        }
        assert!(
            !text.contains("legend relation rates"),
            "only drawn relations"
        );
        graphviz_rust::parse(&text).unwrap();
        // Without a legend, no legend cluster.
        let bare = DotExporter::new(&schema.ontology)
            .with_legend(false)
            .to_bytes(&sample())
            .unwrap();
        assert!(!String::from_utf8(bare).unwrap().contains("legend"));
    }

    #[test]
    fn tooltips_carry_the_evidence_with_its_documents() {
        let text = dot(&sample(), true);
        assert!(
            text.contains(
                r#"tooltip="CITIC Securities forecasts Alibaba (date: 2025-12-24)\n• aaaa.txt: CITIC Securities forecasts Alibaba.\n• bbbb.txt: CITIC Securities forecasts Alibaba Group Holding.""#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"tooltip="Alibaba (company)\nalso: 9988.HK, Alibaba Group, Alibaba Group Holding, BABA\n4 mentions in 2 documents""#),
            "{text}"
        );
        assert!(
            text.contains(r#"penwidth="2""#),
            "two documents thicken the edge"
        );
        // Long evidence lists are cut.
        let mut g = sample();
        for i in 0..7 {
            g.ingest(Extraction {
                doc: doc(&format!("more{i}")),
                entities: vec![
                    ent("CITIC Securities", "broker", &[], &[]),
                    ent("Tencent", "company", &[], &[]),
                ],
                relations: vec![rel(
                    "CITIC Securities",
                    "forecasts",
                    "Tencent",
                    &format!("more{i}"),
                    i,
                )],
                metrics: vec![],
                actions: Vec::new(),
            });
        }
        let text = dot(&g, false);
        assert!(text.contains("\\n… and 3 more\""), "{text}");
    }

    #[test]
    fn values_read_like_a_reader_writes_them() {
        for (v, u, want) in [
            (19.3, Unit::Multiple, "19.3x"),
            (27.0, Unit::Percent, "27%"),
            (-10.0, Unit::Percent, "-10%"),
            (130e9, Unit::Cny, "CNY 130bn"),
            (250.0, Unit::Usd, "USD 250"),
            (4700.0, Unit::Points, "4700 points"),
            (1.5, Unit::PctPoint, "1.5 pp"),
            (3.2e12, Unit::Count, "3.2tn"),
            (5e6, Unit::Money, "5m (money)"),
        ] {
            assert_eq!(format_value(v, u), want);
        }
    }
}
