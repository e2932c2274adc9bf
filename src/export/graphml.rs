//! GraphML with typed `<key>`s, for Gephi, yEd, networkx and other graph tools.
//!
//! Entities and metrics are nodes (id = finkg's stable id), relations and
//! `has_metric` links are edges. Every value is a `<data>` element of a
//! declared key with an `attr.type` (`string`, `int`, `double`). Lists
//! (aliases, tickers, documents, evidence) are JSON text in a string key.
//! The XML is written with quick-xml, which escapes `<`, `&` and quotes;
//! characters XML 1.0 cannot carry at all (control characters other than tab
//! and line breaks) become U+FFFD, and a carriage return is written `&#13;`
//! so that parsers keep it.

use super::{ExportError, Exporter};
use crate::graph::{KnowledgeGraph, RelationFilter, HAS_METRIC};
use crate::model::Evidence;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io;

/// The value of the graph's `format` data.
pub const GRAPHML_FORMAT: &str = "finkg-graphml/1";

/// Writes the graph as GraphML (see the module docs for the keys).
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphMlExporter;

impl GraphMlExporter {
    /// A GraphML exporter.
    pub fn new() -> GraphMlExporter {
        GraphMlExporter
    }
}

/// A declared `<key>`: id, what it is for, name and type.
struct Key {
    id: String,
    domain: &'static str,
    name: String,
    ty: &'static str,
}

fn key(id: &str, domain: &'static str, name: &str, ty: &'static str) -> Key {
    Key {
        id: id.to_string(),
        domain,
        name: name.to_string(),
        ty,
    }
}

/// The fixed keys; relation attributes add `e_attr0`, `e_attr1` … after them.
fn fixed_keys() -> Vec<Key> {
    vec![
        key("g_format", "graph", "format", "string"),
        key("n_label", "node", "label", "string"),
        key("n_type", "node", "type", "string"),
        key("n_kind", "node", "kind", "string"),
        key("n_name", "node", "name", "string"),
        key("n_aliases", "node", "aliases", "string"),
        key("n_tickers", "node", "tickers", "string"),
        key("n_mentions", "node", "mentions", "int"),
        key("n_documents", "node", "documents", "string"),
        key("n_entity", "node", "entity", "string"),
        key("n_metric", "node", "metric", "string"),
        key("n_value", "node", "value", "double"),
        key("n_unit", "node", "unit", "string"),
        key("n_period", "node", "period", "string"),
        key("e_relation", "edge", "relation", "string"),
        key("e_support", "edge", "support", "int"),
        key("e_sentence", "edge", "sentence", "string"),
        key("e_evidence", "edge", "evidence", "string"),
        key("n_confidence", "node", "confidence", "double"),
        key("e_confidence", "edge", "confidence", "double"),
    ]
}

/// Characters XML 1.0 cannot carry replaced by U+FFFD.
fn xml_clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Element text, escaped; a carriage return as a reference, which parsers keep.
fn xml_text(s: &str) -> String {
    quick_xml::escape::escape(xml_clean(s).as_str()).replace('\r', "&#13;")
}

/// An attribute whose value is escaped here, white space included (a parser
/// turns a raw tab or line break in an attribute into a space).
fn attr<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = xml_text(value).replace('\n', "&#10;").replace('\t', "&#9;");
    Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escaped.into_bytes()),
    }
}

/// A float with the fewest digits that read back as the same `f64`, in the
/// lexical space of XML Schema's `double`: `130000000000`, `15.2`, `1e308`,
/// `5e-324`, `-0` (`Display` would spell 1e308 with 309 digits).
fn shortest_number(v: f64) -> String {
    let text = format!("{v:?}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// A list as JSON text.
fn json_list<T: Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    sentence: &'a str,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<crate::model::Confidence>,
}

fn evidence_json(evidence: &[Evidence]) -> String {
    let list: Vec<EvidenceOut<'_>> = evidence
        .iter()
        .map(|e| EvidenceOut {
            doc: &e.doc,
            start: e.start,
            end: e.end,
            sentence: &e.sentence,
            rule: &e.rule,
            confidence: e.confidence,
        })
        .collect();
    json_list(&list)
}

type XmlWriter<'w> = Writer<&'w mut dyn io::Write>;

fn data(w: &mut XmlWriter<'_>, key: &str, value: &str) -> io::Result<()> {
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::from_escaped(xml_text(value)))?;
    Ok(())
}

impl Exporter<KnowledgeGraph> for GraphMlExporter {
    fn write(&self, g: &KnowledgeGraph, out: &mut dyn io::Write) -> Result<(), ExportError> {
        let relations = g.relations(&RelationFilter::any());
        let metrics = g.metrics();
        let attr_names: BTreeSet<&str> = relations
            .iter()
            .flat_map(|r| r.edge.attrs.keys().map(String::as_str))
            .collect();
        let attr_keys: Vec<(String, &str)> = attr_names
            .iter()
            .enumerate()
            .map(|(i, name)| (format!("e_attr{i}"), *name))
            .collect();
        let mut keys = fixed_keys();
        for (id, name) in &attr_keys {
            // a number attribute (`target`) is a double when every value is one
            let number = crate::query::FLOAT_ATTRIBUTES.contains(name)
                && relations.iter().all(|r| {
                    r.edge
                        .attrs
                        .get(*name)
                        .is_none_or(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
                });
            let ty = if number { "double" } else { "string" };
            keys.push(key(id, "edge", &format!("attr:{name}"), ty));
        }

        let mut w: XmlWriter<'_> = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("graphml")
            .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
            .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
            .with_attribute((
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns \
                 http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ))
            .write_inner_content(|w| {
                for k in &keys {
                    w.create_element("key")
                        .with_attribute(("id", k.id.as_str()))
                        .with_attribute(("for", k.domain))
                        .with_attribute(attr("attr.name", &k.name))
                        .with_attribute(("attr.type", k.ty))
                        .write_empty()?;
                }
                w.create_element("graph")
                    .with_attribute(("id", "finkg"))
                    .with_attribute(("edgedefault", "directed"))
                    .write_inner_content(|w| {
                        data(w, "g_format", GRAPHML_FORMAT)?;
                        for e in g.entities(None) {
                            let aliases: Vec<&String> = e.aliases.iter().collect();
                            let tickers: Vec<&String> = e.tickers.iter().collect();
                            let docs: Vec<&String> = e.mentions.keys().collect();
                            w.create_element("node")
                                .with_attribute(attr("id", &e.id))
                                .write_inner_content(|w| {
                                    data(w, "n_label", &e.name)?;
                                    data(w, "n_type", "entity")?;
                                    data(w, "n_kind", &e.kind)?;
                                    data(w, "n_name", &e.name)?;
                                    data(w, "n_aliases", &json_list(&aliases))?;
                                    data(w, "n_tickers", &json_list(&tickers))?;
                                    data(w, "n_mentions", &e.mention_count().to_string())?;
                                    data(w, "n_documents", &json_list(&docs))?;
                                    if let Some(c) = e.confidence() {
                                        data(w, "n_confidence", &c.to_string())?;
                                    }
                                    Ok(())
                                })?;
                        }
                        for m in &metrics {
                            let (m, evidence) = (m.metric, m.evidence);
                            let docs: Vec<&String> = m.documents.iter().collect();
                            w.create_element("node")
                                .with_attribute(attr("id", &m.id))
                                .write_inner_content(|w| {
                                    let label = format!(
                                        "{} {}",
                                        m.label,
                                        super::dot::format_value(m.value, m.unit)
                                    );
                                    data(w, "n_label", &label)?;
                                    data(w, "n_type", "metric")?;
                                    data(w, "n_kind", "metric")?;
                                    data(w, "n_documents", &json_list(&docs))?;
                                    data(w, "n_entity", &m.entity)?;
                                    data(w, "n_metric", &m.label)?;
                                    data(w, "n_value", &shortest_number(m.value))?;
                                    data(w, "n_unit", m.unit.as_str())?;
                                    if let Some(p) = &m.period {
                                        data(w, "n_period", p)?;
                                    }
                                    if let Some(c) = crate::graph::evidence_confidence(evidence) {
                                        data(w, "n_confidence", &c.to_string())?;
                                    }
                                    Ok(())
                                })?;
                        }
                        let mut n = 0usize;
                        let mut edge = |w: &mut XmlWriter<'_>,
                                        from: &str,
                                        to: &str,
                                        relation: &str,
                                        evidence: &[Evidence],
                                        attrs: &[(&str, &str)]|
                         -> io::Result<()> {
                            let id = format!("e{n}");
                            n += 1;
                            let mut docs: Vec<&str> =
                                evidence.iter().map(|e| e.doc.as_str()).collect();
                            docs.sort();
                            docs.dedup();
                            w.create_element("edge")
                                .with_attribute(("id", id.as_str()))
                                .with_attribute(attr("source", from))
                                .with_attribute(attr("target", to))
                                .write_inner_content(|w| {
                                    data(w, "e_relation", relation)?;
                                    data(w, "e_support", &docs.len().to_string())?;
                                    if let Some(first) = evidence.first() {
                                        data(w, "e_sentence", &first.sentence)?;
                                    }
                                    data(w, "e_evidence", &evidence_json(evidence))?;
                                    if let Some(c) = crate::graph::evidence_confidence(evidence) {
                                        data(w, "e_confidence", &c.to_string())?;
                                    }
                                    for (k, v) in attrs {
                                        data(w, k, v)?;
                                    }
                                    Ok(())
                                })?;
                            Ok(())
                        };
                        for r in &relations {
                            let attrs: Vec<(&str, &str)> = attr_keys
                                .iter()
                                .filter_map(|(id, name)| {
                                    r.edge.attrs.get(*name).map(|v| (id.as_str(), v.as_str()))
                                })
                                .collect();
                            edge(
                                w,
                                &r.subject.id,
                                &r.object.id,
                                r.relation(),
                                &r.edge.evidence,
                                &attrs,
                            )?;
                        }
                        for m in &metrics {
                            edge(w, &m.entity.id, &m.metric.id, HAS_METRIC, m.evidence, &[])?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        let out = w.into_inner();
        out.write_all(b"\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc, ent, rel, sample};
    use crate::model::Extraction;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    #[test]
    fn numbers_are_written_with_the_fewest_digits_that_read_back() {
        for (v, want) in [
            (130e9, "130000000000"),
            (15.2, "15.2"),
            (1e308, "1e308"),
            (5e-324, "5e-324"),
            (-0.0, "-0"),
            (1.250_022_222_222_222_3e79, "1.2500222222222223e79"),
        ] {
            let text = shortest_number(v);
            assert_eq!(text, want);
            assert_eq!(text.parse::<f64>().unwrap().to_bits(), v.to_bits());
        }
    }

    fn graphml(g: &KnowledgeGraph) -> String {
        String::from_utf8(GraphMlExporter.to_bytes(g).unwrap()).unwrap()
    }

    /// Every `<data>` text of the file, unescaped, in order.
    fn data_texts(xml: &str) -> Vec<String> {
        let mut r = Reader::from_str(xml);
        let mut out = Vec::new();
        let mut in_data = false;
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"data" => {
                    in_data = true;
                    out.push(String::new());
                }
                Event::End(e) if e.name().as_ref() == b"data" => in_data = false,
                Event::Text(t) if in_data => {
                    out.last_mut().unwrap().push_str(&t.decode().unwrap());
                }
                Event::GeneralRef(e) if in_data => {
                    let name = e.decode().unwrap();
                    let c = match name.as_ref() {
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "amp" => "&".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        "#13" => "\r".to_string(),
                        other => panic!("unexpected entity {other}"),
                    };
                    out.last_mut().unwrap().push_str(&c);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn keys_are_declared_and_typed() {
        let text = graphml(&sample());
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"));
        for k in [
            r#"<key id="n_mentions" for="node" attr.name="mentions" attr.type="int"/>"#,
            r#"<key id="n_value" for="node" attr.name="value" attr.type="double"/>"#,
            r#"<key id="e_relation" for="edge" attr.name="relation" attr.type="string"/>"#,
        ] {
            assert!(text.contains(k), "{k} missing:\n{text}");
        }
        assert!(text.contains(r#"<node id="company:alibaba">"#), "{text}");
        assert!(
            text.contains(
                r#"<edge id="e0" source="broker:citic-securities" target="company:alibaba">"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"<data key="n_value">130000000000</data>"#));
        // 4 entities + 2 metrics; 3 relations + 2 metric links.
        assert_eq!(text.matches("<node ").count(), 6);
        assert_eq!(text.matches("<edge ").count(), 5);
    }

    #[test]
    fn relation_attributes_get_a_key_each() {
        let mut x = crate::graph::tests::doc_a();
        x.relations[0]
            .attrs
            .insert("target price".into(), "HK$150 & up".into());
        let mut g = KnowledgeGraph::new();
        g.ingest(x);
        let text = graphml(&g);
        assert!(
            text.contains(
                r#"<key id="e_attr1" for="edge" attr.name="attr:target price" attr.type="string"/>"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"<data key="e_attr1">HK$150 &amp; up</data>"#));
        assert!(text.contains(r#"attr.name="attr:date" attr.type="string"/>"#));
    }

    #[test]
    fn hostile_names_come_back_unchanged() {
        let hostile = "Foo \"Bar\" \\ Baz <script>&amp;\r\n'x'";
        let mut g = sample();
        g.ingest(Extraction {
            doc: doc("cccc"),
            entities: vec![
                ent(hostile, "company", &[], &[]),
                ent("Ctrl\u{1}Corp", "company", &[], &[]),
            ],
            relations: vec![rel("Ctrl\u{1}Corp", "invests", hostile, "cccc", 0)],
            metrics: vec![],
            actions: Vec::new(),
        });
        let text = graphml(&g);
        let texts = data_texts(&text);
        assert!(texts.iter().any(|t| t == hostile), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Ctrl\u{FFFD}Corp"), "{texts:?}");
        assert!(!text.contains("<script>"));
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(graphml(&sample()), graphml(&sample()));
    }
}
