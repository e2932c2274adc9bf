//! The graph as tables of a property-graph database: one node table per
//! label, one relationship table per type, columns as the query
//! [`Catalog`] declares them. The Cypher and CSV exports write these.

use crate::graph::KnowledgeGraph;
use crate::query::{Catalog, PropType, Value, ENTITY_PROPERTIES, METRIC_LABEL, METRIC_PROPERTIES};
use crate::schema::Ontology;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

/// A node row: label, id and the values of its table's columns, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodeRow {
    pub label: String,
    pub id: String,
    pub values: Vec<Value>,
}

/// A relationship row: type, both ends and the values of the columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelRow {
    pub kind: String,
    pub from_label: String,
    pub from: String,
    pub to_label: String,
    pub to: String,
    pub values: Vec<Value>,
}

/// Everything to write: the schema and the rows.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    pub catalog: Catalog,
    /// Sorted by label, then id.
    pub nodes: Vec<NodeRow>,
    /// Sorted by type, end labels, then end ids.
    pub rels: Vec<RelRow>,
}

impl Tables {
    pub(crate) fn new(g: &KnowledgeGraph, ontology: Option<&Ontology>) -> Tables {
        let mut catalog = Catalog::from_graph(g);
        if let Some(o) = ontology {
            catalog = catalog.with_ontology(o);
        }
        let pg = g.petgraph();
        let mut nodes: Vec<NodeRow> = pg
            .node_indices()
            .filter_map(|n| {
                let v = crate::query::node_value(g, n);
                if !catalog.has_node_label(&v.label) {
                    return None;
                }
                let values = node_columns(&v.label)
                    .iter()
                    .map(|(name, _)| v.properties.get(*name).cloned().unwrap_or(Value::Null))
                    .collect();
                Some(NodeRow {
                    label: v.label,
                    id: v.id,
                    values,
                })
            })
            .collect();
        nodes.sort_by(|a, b| (&a.label, &a.id).cmp(&(&b.label, &b.id)));
        let columns = catalog.relationship_properties();
        let mut rels: Vec<RelRow> = pg
            .edge_references()
            .filter_map(|e| {
                let w = e.weight();
                let (s, t) = (&pg[e.source()], &pg[e.target()]);
                let from_label = crate::query::node_value(g, e.source()).label;
                let to_label = crate::query::node_value(g, e.target()).label;
                if !catalog.has_node_label(&from_label) || !catalog.has_node_label(&to_label) {
                    return None;
                }
                let values = columns
                    .iter()
                    .map(|(name, _)| match *name {
                        "kind" => Value::String(w.relation.clone()),
                        "evidence" => Value::Int(w.evidence.len() as i64),
                        "documents" => Value::Int(w.documents().len() as i64),
                        "confidence" => w
                            .confidence()
                            .map_or(Value::Null, |c| Value::Float(c.get())),
                        attr => catalog
                            .attribute_keys(attr)
                            .unwrap_or_default()
                            .iter()
                            .find_map(|k| w.attrs.get(k))
                            .map_or(Value::Null, |v| crate::query::attribute_value(attr, v)),
                    })
                    .collect();
                Some(RelRow {
                    kind: w.relation.clone(),
                    from_label,
                    from: s.id().to_string(),
                    to_label,
                    to: t.id().to_string(),
                    values,
                })
            })
            .collect();
        rels.sort_by(|a, b| {
            (&a.kind, &a.from_label, &a.to_label, &a.from, &a.to).cmp(&(
                &b.kind,
                &b.from_label,
                &b.to_label,
                &b.from,
                &b.to,
            ))
        });
        Tables {
            catalog,
            nodes,
            rels,
        }
    }

    /// Relationship types with the (from, to) label pairs their table
    /// connects; types without any pair are left out (no table can hold them).
    pub(crate) fn rel_tables(&self) -> Vec<(&str, Vec<(&str, &str)>)> {
        self.catalog
            .relationship_types()
            .map(|t| (t, self.catalog.pairs(t)))
            .filter(|(_, pairs)| !pairs.is_empty())
            .collect()
    }
}

/// The columns of a node table.
pub(crate) fn node_columns(label: &str) -> &'static [(&'static str, PropType)] {
    if label == METRIC_LABEL {
        METRIC_PROPERTIES
    } else {
        ENTITY_PROPERTIES
    }
}

/// A name in backticks, for labels, types and properties.
pub(crate) fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A Cypher string literal in single quotes. Backslash and quote are
/// escaped; other characters go as they are (Kùzu reads no other escapes).
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A value as a Cypher literal; `None` for null.
pub(crate) fn literal(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::String(s) => string_literal(s),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| literal(i).unwrap_or_else(|| "null".into()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Node(n) => string_literal(&n.id),
        Value::Relationship(r) => string_literal(&r.kind),
    })
}

/// A label or type as part of a file name: letters, digits, `-` and `_`.
pub(crate) fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;
    use crate::graph::HAS_METRIC;

    #[test]
    fn tables_of_the_sample() {
        let t = Tables::new(&sample(), None);
        let labels: Vec<_> = t.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(
            labels,
            ["broker", "company", "company", "index", "metric", "metric"]
        );
        let alibaba = &t.nodes[1];
        assert_eq!(alibaba.id, "company:alibaba");
        assert_eq!(alibaba.values[1], Value::String("Alibaba".into()));
        assert_eq!(alibaba.values[5], Value::Int(4));
        let kinds: Vec<_> = t
            .rels
            .iter()
            .map(|r| (r.kind.as_str(), r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(
            kinds[0],
            ("forecasts", "broker:citic-securities", "company:alibaba")
        );
        assert_eq!(kinds.len(), 5);
        assert!(t.rels.iter().any(|r| r.kind == HAS_METRIC));
        let tables: Vec<_> = t.rel_tables().into_iter().map(|(k, _)| k).collect();
        assert_eq!(tables, ["forecasts", "outperforms", "has_metric"]);
    }

    #[test]
    fn literals_escape_what_cypher_needs() {
        assert_eq!(string_literal(r"it's a \ b"), r"'it\'s a \\ b'");
        assert_eq!(ident("we`ird"), "`we``ird`");
        assert_eq!(literal(&Value::Float(130e9)).unwrap(), "130000000000.0");
        assert_eq!(literal(&Value::Float(1e-7)).unwrap(), "1e-7");
        assert_eq!(
            literal(&Value::List(vec!["a".into(), "b'".into()])).unwrap(),
            r"['a', 'b\'']"
        );
        assert_eq!(literal(&Value::Null), None);
        assert_eq!(file_part("works_for/x y"), "works_for_x_y");
    }
}
