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
mod eval;
mod exec;
mod explain;
mod expr;
mod lexer;
mod memo;
mod parser;
mod plan;
mod questions;
mod targets;
mod value;

pub use catalog::{
    attribute_property, attribute_type, attribute_value, Attribute, Catalog, PropType,
    ENTITY_PROPERTIES, FLOAT_ATTRIBUTES, METRIC_LABEL, METRIC_PROPERTIES, STANDARD_ATTRIBUTES,
};
pub use error::{QueryError, QueryErrorKind};
pub use plan::Params;
pub use questions::{AskError, Question};
pub use targets::{
    action_text, revisions, revisions_result, targets, BrokerView, HistoryEntry, Revision,
    RevisionFilter, TargetConsensus, TargetsAnswer,
};
pub use value::{NodeValue, RelationshipValue, Value};

use crate::graph::{GraphStore, KnowledgeGraph, Node};
use crate::schema::Ontology;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// The store an engine reads: borrowed, or built for it from a graph.
#[derive(Debug, Clone)]
enum StoreRef<'g> {
    Borrowed(&'g GraphStore),
    Owned(Arc<GraphStore>),
}

/// Runs queries on one graph, with the labels of an ontology and parameters.
///
/// The engine reads a [`GraphStore`]: [`Engine::new`] builds one from a
/// [`KnowledgeGraph`] (so build the engine once and clone it to run many
/// queries), [`Engine::on_store`] borrows one, such as the store mapped
/// from a binary snapshot by [`GraphStore::open`].
#[derive(Debug, Clone)]
pub struct Engine<'g> {
    store: StoreRef<'g>,
    catalog: Catalog,
    params: Params,
    budget: u64,
    timeout: Option<Duration>,
    max_rows: Option<usize>,
}

impl<'g> Engine<'g> {
    /// An engine for `graph`; labels and types are those the graph holds.
    pub fn new(graph: &KnowledgeGraph) -> Engine<'g> {
        Engine::with_store(StoreRef::Owned(Arc::new(GraphStore::build(graph))))
    }

    /// An engine reading `store`; labels and types are those it holds.
    pub fn on_store(store: &'g GraphStore) -> Engine<'g> {
        Engine::with_store(StoreRef::Borrowed(store))
    }

    fn with_store(store: StoreRef<'g>) -> Engine<'g> {
        let catalog = Catalog::from_store(&match &store {
            StoreRef::Borrowed(s) => s.view(),
            StoreRef::Owned(s) => s.view(),
        });
        Engine {
            store,
            catalog,
            params: Params::new(),
            budget: exec::BUDGET,
            timeout: None,
            max_rows: None,
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

    /// Stop a query with an error once it has run this long.
    pub fn with_timeout(mut self, timeout: Duration) -> Engine<'g> {
        self.timeout = Some(timeout);
        self
    }

    /// Stop a query with an error when its result has more rows than this.
    pub fn with_row_limit(mut self, rows: usize) -> Engine<'g> {
        self.max_rows = Some(rows);
        self
    }

    /// The store queries run on.
    pub fn store(&self) -> &GraphStore {
        match &self.store {
            StoreRef::Borrowed(s) => s,
            StoreRef::Owned(s) => s,
        }
    }

    /// The id of the entity `name` names (see [`GraphStore::find_entity`]).
    pub fn find_entity(&self, name: &str) -> Option<String> {
        self.store().find_entity(name).map(str::to_string)
    }

    /// The labels, types and properties queries are checked against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn plan(&self, text: &str) -> Result<plan::Plan, QueryError> {
        let ast = parser::parse(text)?;
        plan::plan(text, &ast, &self.catalog, &self.params)
    }

    /// Parse and check a query without running it.
    pub fn check(&self, text: &str) -> Result<(), QueryError> {
        self.plan(text).map(|_| ())
    }

    /// How the engine would run a query, one line per step, with the
    /// sizes the store gives (the query is checked, not run).
    pub fn explain(&self, text: &str) -> Result<Vec<String>, QueryError> {
        let plan = self.plan(text)?;
        Ok(explain::explain(&plan, &self.store().view()))
    }

    /// Run a query.
    pub fn run(&self, text: &str) -> Result<QueryResult, QueryError> {
        let mut rows = Vec::new();
        let columns = self.run_each(text, &mut |_, r| {
            rows.push(r);
            true
        })?;
        Ok(QueryResult { columns, rows })
    }

    /// Run a query, handing each row (with the column names) to `row` as
    /// it is made: a plain `RETURN` keeps no list of rows, and `row`
    /// returning false stops the query (as a `LIMIT` would). Returns the
    /// column names.
    pub fn run_each(
        &self,
        text: &str,
        row: &mut dyn FnMut(&[String], Vec<Value>) -> bool,
    ) -> Result<Vec<String>, QueryError> {
        let plan = self.plan(text)?;
        let columns = &plan.columns;
        let view = self.store().view();
        let limits = exec::Limits {
            budget: self.budget,
            deadline: self.timeout.map(|t| Instant::now() + t),
        };
        let mut sink = ValueSink {
            view,
            ev: eval::Evaluator {
                view: Some(view),
                text,
            },
            columns,
            row,
            count: 0,
            max: self.max_rows,
            too_many: false,
            batch: NodeBatch::default(),
            stopped: false,
        };
        exec::run(&plan, view, text, limits, &mut sink)?;
        if sink.too_many {
            return Err(self.too_many(text));
        }
        sink.flush();
        Ok(plan.columns)
    }

    /// Run a query and write its rows into `out` as one JSON array of
    /// arrays, each row as it is found (strings straight from the store);
    /// returns the column names and how many rows.
    pub fn run_json(
        &self,
        text: &str,
        out: &mut Vec<u8>,
    ) -> Result<(Vec<String>, usize), QueryError> {
        let plan = self.plan(text)?;
        let view = self.store().view();
        let limits = exec::Limits {
            budget: self.budget,
            deadline: self.timeout.map(|t| Instant::now() + t),
        };
        out.push(b'[');
        let mut sink = JsonSink {
            view,
            ev: eval::Evaluator {
                view: Some(view),
                text,
            },
            out,
            count: 0,
            written: 0,
            max: self.max_rows,
            too_many: false,
            batch: NodeBatch::default(),
        };
        exec::run(&plan, view, text, limits, &mut sink)?;
        if sink.too_many {
            return Err(self.too_many(text));
        }
        sink.flush();
        let count = sink.count;
        out.push(b']');
        Ok((plan.columns, count))
    }

    fn too_many(&self, text: &str) -> QueryError {
        QueryError::new(
            QueryErrorKind::Runtime,
            text,
            0..text.len(),
            format!(
                "the result has more than {} rows; add a LIMIT or narrow the query",
                self.max_rows.unwrap_or(0)
            ),
        )
    }
}

/// Rows as [`Value`]s, to a callback (rows of node properties in
/// batches, see [`NodeBatch`]).
struct ValueSink<'a, 'v> {
    view: crate::graph::StoreView<'v>,
    ev: eval::Evaluator<'v>,
    columns: &'a [String],
    row: &'a mut dyn FnMut(&[String], Vec<Value>) -> bool,
    count: usize,
    max: Option<usize>,
    too_many: bool,
    batch: NodeBatch,
    /// The callback said stop.
    stopped: bool,
}

impl ValueSink<'_, '_> {
    /// Count a row; false when there are too many.
    fn next(&mut self) -> bool {
        self.count += 1;
        if self.max.is_some_and(|m| self.count > m) {
            self.too_many = true;
            return false;
        }
        true
    }

    /// Hand on the batched rows; false when the callback said stop.
    fn flush(&mut self) -> bool {
        if self.stopped {
            return false;
        }
        let Some((nodes, props)) = self.batch.take(&self.view) else {
            return true;
        };
        for row in nodes.chunks(props.len()) {
            let values = row
                .iter()
                .zip(&props)
                .map(|(&n, p)| {
                    exec::into_value(self.ev.property(&value::Val::Node(n), p), &self.view)
                })
                .collect();
            if !(self.row)(self.columns, values) {
                self.stopped = true;
                break;
            }
        }
        self.batch.give_back(nodes, props);
        !self.stopped
    }
}

impl exec::Sink for ValueSink<'_, '_> {
    fn row(&mut self, r: Vec<value::Val>) -> bool {
        if !self.next() || !self.flush() {
            return false;
        }
        let view = &self.view;
        let go = (self.row)(
            self.columns,
            r.into_iter().map(|v| exec::into_value(v, view)).collect(),
        );
        self.stopped = !go;
        go
    }

    fn project(
        &mut self,
        ev: &eval::Evaluator<'_>,
        items: &[expr::CExpr],
        input: &[value::Val],
    ) -> Result<bool, QueryError> {
        if !self.next() {
            return Ok(false);
        }
        match self.batch.add(items, input) {
            Added::Row => Ok(true),
            Added::Full => Ok(self.flush()),
            Added::Other => {
                if !self.flush() {
                    return Ok(false);
                }
                self.batch.start(items);
                self.batch.add(items, input);
                Ok(true)
            }
            Added::No => {
                if !self.flush() {
                    return Ok(false);
                }
                let o = items
                    .iter()
                    .map(|e| ev.eval(e, input))
                    .collect::<Result<Vec<_>, _>>()?;
                self.count -= 1;
                Ok(exec::Sink::row(self, o))
            }
        }
    }
}

/// Rows whose values are all properties of nodes (`b.name, c.name`), held
/// back by a sink in batches of [`BATCH`]: before the rows are read, the
/// places in the store of all their nodes are asked for (prefetched), so
/// the memory reads of many rows are under way at once instead of each
/// row waiting for its own (the rows of a long listing jump across the
/// arrays of names).
#[derive(Default)]
struct NodeBatch {
    /// The properties the rows read, one per column.
    props: Vec<expr::PropName>,
    /// The node of each value, row after row.
    nodes: Vec<u32>,
    /// The expressions the rows' values come from (their address and
    /// count: a batch holds the rows of one WITH or RETURN).
    from: (usize, usize),
}

/// What [`NodeBatch::add`] did with a row.
enum Added {
    /// Held back.
    Row,
    /// Held back, and the batch is full: flush it.
    Full,
    /// Not a row of node properties: flush the batch, then write it.
    No,
    /// A row of other node properties than the batch's: flush the batch,
    /// then [`NodeBatch::start`] a new one.
    Other,
}

impl NodeBatch {
    fn add(&mut self, items: &[expr::CExpr], input: &[value::Val]) -> Added {
        if items.is_empty() {
            return Added::No;
        }
        let held = self.nodes.len();
        for e in items {
            match node_prop(e, input) {
                Some((n, _)) => self.nodes.push(n),
                None => {
                    self.nodes.truncate(held);
                    return Added::No;
                }
            }
        }
        if self.from != (items.as_ptr() as usize, items.len()) {
            self.nodes.truncate(held);
            return Added::Other;
        }
        if self.nodes.len() >= BATCH * self.props.len() {
            Added::Full
        } else {
            Added::Row
        }
    }

    /// A new batch, for rows of the properties `items` read.
    fn start(&mut self, items: &[expr::CExpr]) {
        debug_assert!(self.nodes.is_empty());
        self.from = (items.as_ptr() as usize, items.len());
        self.props = items
            .iter()
            .filter_map(|e| match e {
                expr::CExpr::Prop(_, name) => Some(name.clone()),
                _ => None,
            })
            .collect();
    }

    /// The held rows (nodes, properties), their places asked for; `None`
    /// when there are none. Give the vectors back after.
    fn take(&mut self, v: &crate::graph::StoreView<'_>) -> Option<(Vec<u32>, Vec<expr::PropName>)> {
        if self.nodes.is_empty() {
            return None;
        }
        for &n in &self.nodes {
            v.prefetch_node(n);
        }
        for &n in &self.nodes {
            v.prefetch_name(n);
        }
        Some((
            std::mem::take(&mut self.nodes),
            std::mem::take(&mut self.props),
        ))
    }

    fn give_back(&mut self, mut nodes: Vec<u32>, props: Vec<expr::PropName>) {
        nodes.clear();
        self.nodes = nodes;
        self.props = props;
    }
}

/// Rows written as JSON arrays (rows of node properties in batches, see
/// [`NodeBatch`]).
struct JsonSink<'a, 'v> {
    view: crate::graph::StoreView<'v>,
    ev: eval::Evaluator<'v>,
    out: &'a mut Vec<u8>,
    count: usize,
    written: usize,
    max: Option<usize>,
    too_many: bool,
    batch: NodeBatch,
}

impl JsonSink<'_, '_> {
    /// Count a row; false when there are too many.
    fn next(&mut self) -> bool {
        self.count += 1;
        if self.max.is_some_and(|m| self.count > m) {
            self.too_many = true;
            return false;
        }
        true
    }

    /// Start a row (after the rows written before it).
    fn open_row(&mut self) {
        if self.written > 0 {
            self.out.push(b',');
        }
        self.written += 1;
        self.out.push(b'[');
    }

    fn value(&mut self, v: value::Val) {
        let v = exec::into_value(v, &self.view);
        // a Value always serialises (non-finite floats are written as strings)
        let _ = serde_json::to_writer(&mut *self.out, &v);
    }

    /// A property of a node, the string where it lies in the store.
    fn node_property(&mut self, n: u32, p: &expr::PropName) {
        match self.ev.borrowed_str(&value::Val::Node(n), p) {
            Some(Some(text)) => json_str(self.out, text),
            Some(None) => self.out.extend_from_slice(b"null"),
            None => {
                let v = self.ev.property(&value::Val::Node(n), p);
                self.value(v);
            }
        }
    }

    /// Write the batched rows.
    fn flush(&mut self) {
        let Some((nodes, props)) = self.batch.take(&self.view) else {
            return;
        };
        for row in nodes.chunks(props.len()) {
            self.open_row();
            for (i, (&n, p)) in row.iter().zip(&props).enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                self.node_property(n, p);
            }
            self.out.push(b']');
        }
        self.batch.give_back(nodes, props);
    }
}

impl exec::Sink for JsonSink<'_, '_> {
    fn row(&mut self, r: Vec<value::Val>) -> bool {
        if !self.next() {
            return false;
        }
        self.flush();
        self.open_row();
        for (i, v) in r.into_iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.value(v);
        }
        self.out.push(b']');
        true
    }

    fn project(
        &mut self,
        ev: &eval::Evaluator<'_>,
        items: &[expr::CExpr],
        input: &[value::Val],
    ) -> Result<bool, QueryError> {
        if !self.next() {
            return Ok(false);
        }
        match self.batch.add(items, input) {
            Added::Row => return Ok(true),
            Added::Full => {
                self.flush();
                return Ok(true);
            }
            Added::Other => {
                self.flush();
                self.batch.start(items);
                self.batch.add(items, input);
                return Ok(true);
            }
            Added::No => self.flush(),
        }
        self.open_row();
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            // `v.name` and the like: the string where it lies in the store
            if let expr::CExpr::Prop(owner, name) = e {
                if let expr::CExpr::Slot(s) = **owner {
                    if let Some(found) = input.get(s).and_then(|o| ev.borrowed_str(o, name)) {
                        match found {
                            Some(text) => json_str(self.out, text),
                            None => self.out.extend_from_slice(b"null"),
                        }
                        continue;
                    }
                }
            }
            let v = ev.eval(e, input)?;
            self.value(v);
        }
        self.out.push(b']');
        Ok(true)
    }
}

/// `v.key` where `v` is bound to a node: the node and the property.
fn node_prop<'e>(e: &'e expr::CExpr, input: &[value::Val]) -> Option<(u32, &'e expr::PropName)> {
    let expr::CExpr::Prop(owner, name) = e else {
        return None;
    };
    match **owner {
        expr::CExpr::Slot(s) => match input.get(s) {
            Some(value::Val::Node(n)) => Some((*n, name)),
            _ => None,
        },
        _ => None,
    }
}

/// How many rows a [`NodeBatch`] holds.
const BATCH: usize = 256;

/// `text` as a JSON string, as `serde_json` writes it: most names need no
/// escape and are copied as they are.
fn json_str(out: &mut Vec<u8>, text: &str) {
    if !needs_escape(text.as_bytes()) {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // writing into a Vec cannot fail
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

/// Whether a JSON string of these bytes needs an escape (a control
/// character, `"` or a backslash), eight bytes at a time.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // whether a byte of `x` is zero / below 0x20 (exact as a yes or no)
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let control = |x: u64| x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
    let (quote, backslash) = (ONES * u64::from(b'"'), ONES * u64::from(b'\\'));
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        if control(x) || zero(x ^ quote) || zero(x ^ backslash) {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A node of the graph as a query returns it.
pub(crate) fn node_value(
    graph: &KnowledgeGraph,
    n: petgraph::stable_graph::NodeIndex,
) -> NodeValue {
    let mut v = node_value_of(&graph.petgraph()[n]);
    // a metric's confidence is its `has_metric` edge's
    if let Node::Metric(_) = &graph.petgraph()[n] {
        let c = graph
            .petgraph()
            .edges_directed(n, petgraph::Direction::Incoming)
            .find_map(|e| e.weight().confidence());
        v.properties.insert(
            "confidence".into(),
            c.map_or(Value::Null, |c| Value::Float(c.get())),
        );
    }
    v
}

/// A confidence as a property value (null for none).
fn confidence(c: Option<crate::model::Confidence>) -> Value {
    c.map_or(Value::Null, |c| Value::Float(c.get()))
}

/// A node with every property, as a query returns it (a metric's
/// confidence, which is its edge's, is left null: see [`node_value`]).
pub(crate) fn node_value_of(node: &Node) -> NodeValue {
    let s = |x: &str| Value::String(x.to_string());
    let list =
        |xs: &std::collections::BTreeSet<String>| Value::List(xs.iter().map(|x| s(x)).collect());
    let (label, properties): (&str, Vec<(&str, Value)>) = match node {
        Node::Entity(e) => (
            catalog::label_of(node).unwrap_or(""),
            vec![
                ("id", s(&e.id)),
                ("name", s(&e.name)),
                ("kind", s(&e.kind)),
                ("aliases", list(&e.aliases)),
                ("tickers", list(&e.tickers)),
                ("mentions", Value::Int(e.mention_count() as i64)),
                ("documents", Value::Int(e.mentions.len() as i64)),
                ("confidence", confidence(e.confidence())),
            ],
        ),
        Node::Metric(m) => (
            METRIC_LABEL,
            vec![
                ("id", s(&m.id)),
                ("kind", s(METRIC_LABEL)),
                ("label", s(&m.label)),
                ("value", Value::Float(m.value)),
                ("unit", s(m.unit.as_str())),
                ("period", m.period.as_deref().map_or(Value::Null, s)),
                ("entity", s(&m.entity)),
                ("documents", Value::Int(m.documents.len() as i64)),
                ("confidence", Value::Null),
            ],
        ),
    };
    NodeValue {
        id: node.id().to_string(),
        label: label.to_string(),
        properties: properties
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
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
