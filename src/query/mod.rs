//! Cypher queries over the graph: the subset users of Neo4j and Kùzu know.
//!
//! ```
//! use finkg::query::{Engine, Value};
//! # let graph = finkg::KnowledgeGraph::new();
//! let result = Engine::new(&graph)
//!     .param("min", 1)
//!     .run("MATCH (b:broker)-[r:forecasts]->(c:company)
//!           WHERE r.evidence >= $min
//!           RETURN b.name AS broker, count(c) AS companies
//!           ORDER BY companies DESC, broker")?;
//! assert_eq!(result.columns, ["broker", "companies"]);
//! for row in &result.rows {
//!     println!("{} forecasts {} companies", row[0], row[1]);
//! }
//! # Ok::<(), finkg::query::QueryError>(())
//! ```
//!
//! The graph is read as a property graph (see [`Catalog`]): entities are
//! nodes labelled by kind, metrics are `metric` nodes, relations are
//! relationships typed by kind, `has_metric` leads from an entity to its
//! metrics. The language:
//!
//! - `MATCH` and `OPTIONAL MATCH` with node patterns `(v:label|label {prop: value})`,
//!   relationship patterns `-[r:type|type {prop: value}]->`, `<-[r]-`, `-[r]-`,
//!   chains, comma-separated patterns and variable-length `*`, `*n`, `*n..m`;
//!   a relationship is used at most once per MATCH, so variable-length
//!   patterns walk trails (Neo4j's semantics);
//! - `WHERE` with `= <> < <= > >=`, `AND OR XOR NOT`, `CONTAINS`,
//!   `STARTS WITH`, `ENDS WITH`, `=~`, `IN [...]`, `IS [NOT] NULL`, arithmetic;
//! - `WITH` and `RETURN` with `AS`, `DISTINCT`, `count(*)`, `count([DISTINCT] x)`,
//!   `collect`, `sum`, `avg`, `min`, `max`, `ORDER BY … ASC|DESC`, `SKIP`, `LIMIT`;
//!   `UNWIND list AS x`; parameters `$name`;
//! - functions `toLower`/`lower`, `toUpper`/`upper`, `trim`, `ltrim`, `rtrim`,
//!   `size`, `length`, `coalesce`, `abs`, `floor`, `ceil`, `sqrt`, `round`,
//!   `reverse`, `left`, `right`.
//!
//! Errors ([`QueryError`]) carry the line and column, and a caret snippet.

mod ast;
mod catalog;
mod error;
mod exec;
mod lexer;
mod parser;
mod plan;
mod questions;
mod value;

pub use catalog::{
    attribute_property, Attribute, Catalog, PropType, ENTITY_PROPERTIES, METRIC_LABEL,
    METRIC_PROPERTIES, STANDARD_ATTRIBUTES,
};
pub use error::{QueryError, QueryErrorKind};
pub use plan::Params;
pub use questions::Question;
pub use value::{NodeValue, RelationshipValue, Value};

use crate::graph::KnowledgeGraph;
use crate::schema::Ontology;

/// The answer to a query: column names and rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    /// Column names: the alias, or the expression as written.
    pub columns: Vec<String>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl QueryResult {
    /// The values of one column, by name.
    pub fn column(&self, name: &str) -> Option<Vec<&Value>> {
        let i = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().map(|r| &r[i]).collect())
    }
}

/// Runs queries on one graph, with the labels of an ontology and parameters.
#[derive(Debug, Clone)]
pub struct Engine<'g> {
    graph: &'g KnowledgeGraph,
    catalog: Catalog,
    params: Params,
    budget: u64,
}

impl<'g> Engine<'g> {
    /// An engine for `graph`; labels and types are those the graph holds.
    pub fn new(graph: &'g KnowledgeGraph) -> Engine<'g> {
        Engine {
            graph,
            catalog: Catalog::from_graph(graph),
            params: Params::new(),
            budget: exec::BUDGET,
        }
    }

    /// Also accept the labels and types an ontology defines, present or not.
    pub fn with_ontology(mut self, ontology: &Ontology) -> Engine<'g> {
        self.catalog = self.catalog.with_ontology(ontology);
        self
    }

    /// Give a value to the parameter `$name`.
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Engine<'g> {
        self.params.insert(name.to_string(), value.into());
        self
    }

    /// Stop a query with an error once it has produced this many bindings
    /// and rows (twenty million unless set), so that a pattern too large for
    /// the graph ends instead of running for hours.
    pub fn with_budget(mut self, bindings: u64) -> Engine<'g> {
        self.budget = bindings;
        self
    }

    /// The graph queries run on.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The labels, types and properties queries are checked against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Parse and check a query without running it.
    pub fn check(&self, text: &str) -> Result<(), QueryError> {
        let ast = parser::parse(text)?;
        plan::plan(text, &ast, &self.catalog, &self.params)?;
        Ok(())
    }

    /// Run a query.
    pub fn run(&self, text: &str) -> Result<QueryResult, QueryError> {
        let ast = parser::parse(text)?;
        let plan = plan::plan(text, &ast, &self.catalog, &self.params)?;
        let rows = exec::run(&plan, self.graph, text, self.budget)?;
        Ok(QueryResult {
            columns: plan.columns,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|v| exec::to_value(v, self.graph)).collect())
                .collect(),
        })
    }
}

/// A node of the graph as a query returns it.
pub(crate) fn node_value(
    graph: &KnowledgeGraph,
    n: petgraph::stable_graph::NodeIndex,
) -> NodeValue {
    match exec::to_value(&value::Val::Node(n), graph) {
        Value::Node(v) => v,
        other => unreachable!("a node converts to a node, not {other:?}"),
    }
}

/// Check that a text is in the Cypher subset, without a graph (names,
/// labels and types are checked when it runs).
pub fn check_syntax(text: &str) -> Result<(), QueryError> {
    parser::parse(text).map(|_| ())
}

/// Run a query on a graph (no parameters, labels of the graph).
pub fn query(graph: &KnowledgeGraph, text: &str) -> Result<QueryResult, QueryError> {
    Engine::new(graph).run(text)
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Int(i.into())
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests;
