//! Values: what expressions evaluate to while a query runs ([`Val`], graph
//! elements by index) and what a result holds ([`Value`], owned).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// A value while the query runs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// A pattern variable not bound yet (only inside MATCH).
    Unbound,
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Val>),
    /// A node by its number in the store.
    Node(u32),
    /// A relationship by its number in the store.
    Rel(u32),
    /// The relationships a variable-length pattern walked, in order.
    Path(Vec<u32>),
}

impl Val {
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Val::Null | Val::Unbound)
    }

    /// Cypher equality: `None` (null) when either side is null.
    pub(crate) fn cypher_eq(&self, other: &Val) -> Option<bool> {
        use Val::*;
        match (self, other) {
            (a, b) if a.is_null() || b.is_null() => None,
            (Int(a), Int(b)) => Some(a == b),
            (Int(_) | Float(_), Int(_) | Float(_)) => Some(self.as_f64() == other.as_f64()),
            (List(a), List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.iter().zip(b) {
                    match x.cypher_eq(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(true)
                }
            }
            (a, b) => Some(a == b),
        }
    }

    /// Cypher ordering comparison (`<` …): `None` when either side is null
    /// or the two are not comparable.
    pub(crate) fn cypher_cmp(&self, other: &Val) -> Option<Ordering> {
        use Val::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Int(_) | Float(_), Int(_) | Float(_)) => self.as_f64().partial_cmp(&other.as_f64()),
            (Str(a), Str(b)) => Some(a.cmp(b)),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> f64 {
        match self {
            Val::Int(i) => *i as f64,
            Val::Float(f) => *f,
            _ => f64::NAN,
        }
    }

    /// A total order for sorting, grouping and DISTINCT: null after
    /// everything, numbers by value (1 and 1.0 together), then by type.
    pub(crate) fn total_cmp(&self, other: &Val) -> Ordering {
        use Val::*;
        let rank = |v: &Val| match v {
            Bool(_) => 0,
            Int(_) | Float(_) => 1,
            Str(_) => 2,
            List(_) => 3,
            Node(_) => 4,
            Rel(_) => 5,
            Path(_) => 6,
            Null | Unbound => 7,
        };
        match (self, other) {
            (Int(a), Int(b)) => a.cmp(b),
            (Int(_) | Float(_), Int(_) | Float(_)) => self.as_f64().total_cmp(&other.as_f64()),
            (Str(a), Str(b)) => a.cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.total_cmp(y) {
                        Ordering::Equal => {}
                        o => return o,
                    }
                }
                a.len().cmp(&b.len())
            }
            (Node(a), Node(b)) => a.cmp(b),
            (Rel(a), Rel(b)) => a.cmp(b),
            (Path(a), Path(b)) => a.cmp(b),
            (a, b) => rank(a).cmp(&rank(b)),
        }
    }
}

/// Rows compared and grouped by [`Val::total_cmp`].
#[derive(Debug, Clone)]
pub(crate) struct Key(pub Vec<Val>);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        for (a, b) in self.0.iter().zip(&other.0) {
            match a.total_cmp(b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        self.0.len().cmp(&other.0.len())
    }
}

/// A value in a query result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A node: an entity or a metric.
    Node(NodeValue),
    /// A relationship.
    Relationship(RelationshipValue),
}

/// A node of a result, with every property.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeValue {
    /// The node id (`company:alibaba`).
    pub id: String,
    /// The label: the entity kind, or `metric`.
    pub label: String,
    /// Every property by name (`id` included).
    pub properties: BTreeMap<String, Value>,
}

/// A relationship of a result, with every property.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipValue {
    /// The relationship type (`forecasts`, `has_metric` …).
    pub kind: String,
    /// Id of the start node.
    pub from: String,
    /// Id of the end node.
    pub to: String,
    /// Every property by name; attributes absent from the edge are left out.
    pub properties: BTreeMap<String, Value>,
}

impl Value {
    /// Whether this is `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The number as a float, if this is an integer or a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

/// Floats always show a decimal point or an exponent (`2.0`, `1e-7`), so
/// they never read as integers.
pub(crate) fn float_text(f: f64) -> String {
    format!("{f:?}")
}

/// Text for a table or CSV cell: strings as they are, `null` for no value,
/// lists and graph elements in Cypher-like notation.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&float_text(*x)),
            Value::String(s) => f.write_str(s),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match v {
                        Value::String(s) => write!(f, "{s:?}")?,
                        other => write!(f, "{other}")?,
                    }
                }
                f.write_str("]")
            }
            Value::Node(n) => write!(f, "({})", n.id),
            Value::Relationship(r) => write!(f, "({})-[:{}]->({})", r.from, r.kind, r.to),
        }
    }
}

/// JSON: scalars and lists as JSON, a node as an object of its properties
/// plus `_label`, a relationship as its properties plus `_type`, `_from`, `_to`.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(x) if x.is_finite() => s.serialize_f64(*x),
            Value::Float(x) => s.serialize_str(&float_text(*x)),
            Value::String(v) => s.serialize_str(v),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Node(n) => {
                let mut m = s.serialize_map(Some(n.properties.len() + 1))?;
                m.serialize_entry("_label", &n.label)?;
                for (k, v) in &n.properties {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Value::Relationship(r) => {
                let mut m = s.serialize_map(Some(r.properties.len() + 3))?;
                m.serialize_entry("_type", &r.kind)?;
                m.serialize_entry("_from", &r.from)?;
                m.serialize_entry("_to", &r.to)?;
                for (k, v) in &r.properties {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_follows_cypher() {
        use Val::*;
        let table = [
            (Int(1), Float(1.0), Some(true)),
            (Int(1), Int(2), Some(false)),
            (Str("a".into()), Str("a".into()), Some(true)),
            (Null, Int(1), None),
            (Null, Null, None),
            (List(vec![Int(1), Null]), List(vec![Int(1), Null]), None),
            (
                List(vec![Int(1), Null]),
                List(vec![Int(2), Null]),
                Some(false),
            ),
            (List(vec![Int(1)]), List(vec![Int(1), Int(2)]), Some(false)),
            (Bool(true), Bool(true), Some(true)),
        ];
        for (a, b, want) in table {
            assert_eq!(a.cypher_eq(&b), want, "{a:?} = {b:?}");
        }
    }

    #[test]
    fn ordering_sorts_nulls_last_and_numbers_by_value() {
        use Val::*;
        let mut v = vec![
            Null,
            Str("b".into()),
            Float(1.5),
            Int(2),
            Str("a".into()),
            Int(1),
            Bool(false),
        ];
        v.sort_by(|a, b| a.total_cmp(b));
        assert_eq!(
            v,
            [
                Bool(false),
                Int(1),
                Float(1.5),
                Int(2),
                Str("a".into()),
                Str("b".into()),
                Null
            ]
        );
        assert_eq!(Key(vec![Int(1)]), Key(vec![Float(1.0)]));
        assert_eq!(Int(1).cypher_cmp(&Str("a".into())), None);
        assert_eq!(
            Str("B".into()).cypher_cmp(&Str("a".into())),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn values_print_for_tables_and_json() {
        let list = Value::List(vec![
            Value::String("a \"b\"".into()),
            Value::Int(2),
            Value::Float(2.0),
            Value::Null,
        ]);
        assert_eq!(list.to_string(), r#"["a \"b\"", 2, 2.0, null]"#);
        assert_eq!(Value::Float(1e-7).to_string(), "1e-7");
        assert_eq!(Value::Float(130e9).to_string(), "130000000000.0");
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"["a \"b\"",2,2.0,null]"#
        );
        let node = Value::Node(NodeValue {
            id: "company:x".into(),
            label: "company".into(),
            properties: [("name".to_string(), Value::String("X".into()))].into(),
        });
        assert_eq!(node.to_string(), "(company:x)");
        assert_eq!(
            serde_json::to_string(&node).unwrap(),
            r#"{"_label":"company","name":"X"}"#
        );
    }
}
