//! The graph seen as a property graph: node labels, relationship types and
//! the typed properties of each. Queries are checked against it, and the
//! Cypher and CSV exports declare it as tables, so both agree.
//!
//! - An entity is a node labelled with its kind (`broker`, `company` …) with
//!   [`ENTITY_PROPERTIES`]; a metric is a node labelled [`METRIC_LABEL`] with
//!   [`METRIC_PROPERTIES`].
//! - A relation is a relationship typed with its kind; an entity reaches its
//!   metrics through `has_metric`. Every relationship has `kind`, one string
//!   property per attribute ([`STANDARD_ATTRIBUTES`] and every attribute key
//!   in the graph, spelled by [`attribute_property`]), `evidence` and
//!   `documents`.

use crate::graph::{KnowledgeGraph, Node, StoreView, HAS_METRIC};
use crate::schema::Ontology;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::{BTreeMap, BTreeSet};

/// The label of metric nodes.
pub const METRIC_LABEL: &str = "metric";

/// The type of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    /// Text.
    String,
    /// A 64-bit integer.
    Int,
    /// A 64-bit float.
    Float,
    /// A list of strings.
    StringList,
}

impl PropType {
    /// The Kùzu column type (`STRING`, `INT64`, `DOUBLE`, `STRING[]`).
    pub fn kuzu(self) -> &'static str {
        match self {
            PropType::String => "STRING",
            PropType::Int => "INT64",
            PropType::Float => "DOUBLE",
            PropType::StringList => "STRING[]",
        }
    }
}

/// Entity properties: id, canonical name, kind, aliases, tickers, total
/// mentions, the number of documents mentioning it and its confidence (null
/// when the graph file has none).
pub const ENTITY_PROPERTIES: &[(&str, PropType)] = &[
    ("id", PropType::String),
    ("name", PropType::String),
    ("kind", PropType::String),
    ("aliases", PropType::StringList),
    ("tickers", PropType::StringList),
    ("mentions", PropType::Int),
    ("documents", PropType::Int),
    ("confidence", PropType::Float),
];

/// Metric properties: id, kind (always `metric`), label, value, unit,
/// period, the id of its entity, the number of documents stating it and its
/// confidence.
pub const METRIC_PROPERTIES: &[(&str, PropType)] = &[
    ("id", PropType::String),
    ("kind", PropType::String),
    ("label", PropType::String),
    ("value", PropType::Float),
    ("unit", PropType::String),
    ("period", PropType::String),
    ("entity", PropType::String),
    ("documents", PropType::Int),
    ("confidence", PropType::Float),
];

/// Relationship attributes that exist as properties whatever the graph holds.
/// On a `rates` or `forecasts` edge with analyst actions, `rating`,
/// `previous_rating`, `target`, `previous_target`, `unit` and `analyst` are
/// the latest action's and `history` is every action, oldest first, as a
/// JSON array; `date` is the latest date of the documents stating an edge
/// (see [`ActionRecord`](crate::graph::ActionRecord)).
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "rating",
    "target",
    "amount",
    "currency",
    "value",
    "unit",
    "period",
    "previous_rating",
    "previous_target",
    "analyst",
    "date",
    "history",
];

/// Relationship attributes whose values are numbers (`FLOAT`); every other
/// attribute is text.
pub const FLOAT_ATTRIBUTES: &[&str] = &["target", "previous_target"];

/// The type of a relationship attribute property.
pub fn attribute_type(property: &str) -> PropType {
    if FLOAT_ATTRIBUTES.contains(&property) {
        PropType::Float
    } else {
        PropType::String
    }
}

/// The value of an attribute property as queries and exports see it: a
/// number for [`FLOAT_ATTRIBUTES`] (null when the text is not one), else the
/// text.
pub fn attribute_value(property: &str, raw: &str) -> crate::query::Value {
    use crate::query::Value;
    match attribute_type(property) {
        PropType::Float => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map_or(Value::Null, Value::Float),
        _ => Value::String(raw.to_string()),
    }
}

/// Relationship properties that are not attributes.
const FIXED_REL_PROPERTIES: &[&str] = &["kind", "evidence", "documents", "confidence"];

/// A relationship property read from edge attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The property name (`target_price`).
    pub property: String,
    /// The attribute keys it reads, first present wins (`target price`).
    pub keys: Vec<String>,
}

/// The property name of an attribute key: lower case, anything but letters,
/// digits and `_` folded to `_` (`target price` → `target_price`); a name
/// that would clash with `kind`, `evidence` or `documents`, or does not start
/// with a letter, gets `attr_` in front.
pub fn attribute_property(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if FIXED_REL_PROPERTIES.contains(&out.as_str())
        || !out.chars().next().is_some_and(|c| c.is_alphabetic())
    {
        format!("attr_{out}")
    } else {
        out
    }
}

/// Labels, types and properties of a graph (and of an ontology, when given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    entity_labels: BTreeSet<String>,
    relation_types: BTreeSet<String>,
    attributes: Vec<Attribute>,
    pairs: BTreeMap<String, BTreeSet<(String, String)>>,
}

impl Catalog {
    /// What the graph holds.
    pub fn from_graph(g: &KnowledgeGraph) -> Catalog {
        let pg = g.petgraph();
        let mut c = Catalog::default();
        for n in pg.node_weights() {
            if let Node::Entity(e) = n {
                c.add_entity_label(&e.kind);
            }
        }
        let mut keys: BTreeSet<&str> = BTreeSet::new();
        for e in pg.edge_references() {
            let w = e.weight();
            let (Some(from), Some(to)) = (label_of(&pg[e.source()]), label_of(&pg[e.target()]))
            else {
                continue;
            };
            if w.relation != HAS_METRIC {
                c.relation_types.insert(w.relation.clone());
            }
            c.pairs
                .entry(w.relation.clone())
                .or_default()
                .insert((from.to_string(), to.to_string()));
            keys.extend(w.attrs.keys().map(String::as_str));
        }
        c.set_attributes(keys.into_iter());
        c.complete_metric_pairs();
        c
    }

    /// What a store holds (the same catalog as [`Catalog::from_graph`] of
    /// the graph it was built from).
    pub(crate) fn from_store(v: &StoreView<'_>) -> Catalog {
        let mut c = Catalog::default();
        for k in v.kinds.iter() {
            c.add_entity_label(k);
        }
        for t in v.pairs.chunks_exact(3) {
            let rel = v.rel_kinds.get(t[0] as usize);
            if rel != HAS_METRIC {
                c.relation_types.insert(rel.to_string());
            }
            c.pairs.entry(rel.to_string()).or_default().insert((
                v.kinds.get(t[1] as usize).to_string(),
                v.kinds.get(t[2] as usize).to_string(),
            ));
        }
        c.set_attributes(v.attr_keys.iter());
        c.complete_metric_pairs();
        c
    }

    /// The attribute properties: the standard ones, then one per property
    /// name the keys spell (keys of one spelling read together).
    fn set_attributes<'k>(&mut self, keys: impl Iterator<Item = &'k str>) {
        let keys: BTreeSet<&str> = keys.collect();
        let mut attrs: Vec<Attribute> = STANDARD_ATTRIBUTES
            .iter()
            .map(|a| Attribute {
                property: a.to_string(),
                keys: vec![a.to_string()],
            })
            .collect();
        let mut extra: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in keys {
            let prop = attribute_property(k);
            match attrs.iter_mut().find(|a| a.property == prop) {
                Some(a) => {
                    if !a.keys.iter().any(|x| x == k) {
                        a.keys.push(k.to_string());
                    }
                }
                None => extra.entry(prop).or_default().push(k.to_string()),
            }
        }
        attrs.extend(
            extra
                .into_iter()
                .map(|(property, keys)| Attribute { property, keys }),
        );
        self.attributes = attrs;
    }

    /// Add the kinds of an ontology and the subject/object kinds each
    /// relation allows, so that a label or type the ontology defines is known
    /// even when the graph has none of it yet.
    pub fn with_ontology(mut self, ontology: &Ontology) -> Catalog {
        for k in &ontology.entity_kinds {
            self.add_entity_label(&k.name);
        }
        for r in &ontology.relation_kinds {
            if r.name == HAS_METRIC {
                continue;
            }
            self.relation_types.insert(r.name.clone());
            let pairs = self.pairs.entry(r.name.clone()).or_default();
            for s in &r.subjects {
                for o in &r.objects {
                    if self.entity_labels.contains(s) && self.entity_labels.contains(o) {
                        pairs.insert((s.clone(), o.clone()));
                    }
                }
            }
        }
        self.complete_metric_pairs();
        self
    }

    fn add_entity_label(&mut self, kind: &str) {
        if kind != METRIC_LABEL && !kind.trim().is_empty() {
            self.entity_labels.insert(kind.to_string());
        }
    }

    /// Every entity label reaches metrics through `has_metric`.
    fn complete_metric_pairs(&mut self) {
        let pairs = self.pairs.entry(HAS_METRIC.to_string()).or_default();
        for l in &self.entity_labels {
            pairs.insert((l.clone(), METRIC_LABEL.to_string()));
        }
    }

    /// Entity labels, sorted.
    pub fn entity_labels(&self) -> impl Iterator<Item = &str> {
        self.entity_labels.iter().map(String::as_str)
    }

    /// Every node label: the entity labels, then `metric`.
    pub fn node_labels(&self) -> impl Iterator<Item = &str> {
        self.entity_labels().chain(std::iter::once(METRIC_LABEL))
    }

    /// Whether `label` is a node label.
    pub fn has_node_label(&self, label: &str) -> bool {
        label == METRIC_LABEL || self.entity_labels.contains(label)
    }

    /// Every relationship type: the relation kinds, sorted, then `has_metric`.
    pub fn relationship_types(&self) -> impl Iterator<Item = &str> {
        self.relation_types
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(HAS_METRIC))
    }

    /// Whether `kind` is a relationship type.
    pub fn has_relationship_type(&self, kind: &str) -> bool {
        kind == HAS_METRIC || self.relation_types.contains(kind)
    }

    /// The (start label, end label) pairs a relationship type connects, sorted.
    pub fn pairs(&self, kind: &str) -> Vec<(&str, &str)> {
        self.pairs
            .get(kind)
            .map(|s| s.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect())
            .unwrap_or_default()
    }

    /// The attribute properties of relationships, standard ones first.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The attribute keys behind a relationship property, if it is an attribute.
    pub fn attribute_keys(&self, property: &str) -> Option<&[String]> {
        self.attributes
            .iter()
            .find(|a| a.property == property)
            .map(|a| a.keys.as_slice())
    }

    /// Every relationship property with its type: `kind`, the attributes,
    /// `evidence`, `documents`.
    pub fn relationship_properties(&self) -> Vec<(&str, PropType)> {
        let mut out = vec![("kind", PropType::String)];
        out.extend(
            self.attributes
                .iter()
                .map(|a| (a.property.as_str(), attribute_type(&a.property))),
        );
        out.push(("evidence", PropType::Int));
        out.push(("documents", PropType::Int));
        out.push(("confidence", PropType::Float));
        out
    }

    /// The type of a relationship property, `None` when there is no such property.
    pub fn relationship_property(&self, name: &str) -> Option<PropType> {
        match name {
            "evidence" | "documents" => Some(PropType::Int),
            "confidence" => Some(PropType::Float),
            "kind" => Some(PropType::String),
            _ => self.attribute_keys(name).map(|_| attribute_type(name)),
        }
    }
}

/// The label of a node.
pub(crate) fn label_of(n: &Node) -> Option<&str> {
    match n {
        Node::Entity(e) if e.kind != METRIC_LABEL => Some(&e.kind),
        Node::Entity(_) => None,
        Node::Metric(_) => Some(METRIC_LABEL),
    }
}

/// The type of an entity property.
pub(crate) fn entity_property(name: &str) -> Option<PropType> {
    ENTITY_PROPERTIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// The type of a metric property.
pub(crate) fn metric_property(name: &str) -> Option<PropType> {
    METRIC_PROPERTIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;
    use crate::Schema;

    #[test]
    fn attribute_keys_become_property_names() {
        for (key, want) in [
            ("rating", "rating"),
            ("target price", "target_price"),
            ("Target-Price ", "target_price"),
            ("kind", "attr_kind"),
            ("2026 target", "attr_2026_target"),
            ("", "attr_"),
        ] {
            assert_eq!(attribute_property(key), want, "{key:?}");
        }
    }

    #[test]
    fn the_catalog_of_a_graph() {
        let c = Catalog::from_graph(&sample());
        assert_eq!(
            c.node_labels().collect::<Vec<_>>(),
            ["broker", "company", "index", "metric"]
        );
        assert_eq!(
            c.relationship_types().collect::<Vec<_>>(),
            ["forecasts", "outperforms", "has_metric"]
        );
        assert_eq!(c.pairs("forecasts"), [("broker", "company")]);
        assert_eq!(
            c.pairs("has_metric"),
            [
                ("broker", "metric"),
                ("company", "metric"),
                ("index", "metric")
            ]
        );
        assert_eq!(c.relationship_property("rating"), Some(PropType::String));
        assert_eq!(c.relationship_property("evidence"), Some(PropType::Int));
        assert_eq!(c.relationship_property("nope"), None);
        assert!(c.has_node_label("metric") && !c.has_node_label("person"));
    }

    #[test]
    fn a_store_gives_the_catalog_of_its_graph() {
        let mut g = sample();
        let mut x = crate::graph::tests::doc_a();
        x.doc.id = "other".into();
        x.relations[0]
            .attrs
            .insert("target price".into(), "120".into());
        g.ingest(x);
        let store = crate::graph::GraphStore::build(&g);
        assert_eq!(Catalog::from_store(&store.view()), Catalog::from_graph(&g));
    }

    #[test]
    fn an_ontology_adds_kinds_and_pairs() {
        let schema = Schema::bundled().unwrap();
        let c = Catalog::from_graph(&sample()).with_ontology(&schema.ontology);
        assert!(c.has_node_label("person") && c.has_node_label("sector"));
        assert!(c.has_relationship_type("works_for"));
        assert!(c.pairs("forecasts").contains(&("person", "model")));
        assert!(c.pairs("has_metric").contains(&("sector", "metric")));
    }

    #[test]
    fn attributes_of_the_graph_join_the_standard_ones() {
        let mut g = KnowledgeGraph::new();
        let mut x = crate::graph::tests::doc_a();
        x.relations[0]
            .attrs
            .insert("target price".into(), "120".into());
        x.relations[1].attrs.insert("Rating".into(), "buy".into());
        g.ingest(x);
        let c = Catalog::from_graph(&g);
        assert_eq!(
            c.attribute_keys("rating").unwrap(),
            ["rating".to_string(), "Rating".to_string()]
        );
        assert_eq!(
            c.attribute_keys("target_price").unwrap(),
            ["target price".to_string()]
        );
        let props: Vec<_> = c.relationship_properties().iter().map(|p| p.0).collect();
        assert_eq!(
            props,
            [
                "kind",
                "rating",
                "target",
                "amount",
                "currency",
                "value",
                "unit",
                "period",
                "previous_rating",
                "previous_target",
                "analyst",
                "date",
                "history",
                "target_price",
                "evidence",
                "documents",
                "confidence"
            ]
        );
    }
}
