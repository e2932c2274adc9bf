//! The executor: runs a [`Plan`] over the graph, stage by stage, each stage
//! turning a list of rows into the next.
//!
//! Pattern matching is a backtracking search that binds one node or
//! relationship at a time. Within one MATCH a relationship is used at most
//! once (Cypher's relationship uniqueness), which also makes
//! variable-length patterns walk trails.

use super::ast::{BinOp, Direction};
use super::catalog::{attribute_property, label_of, METRIC_LABEL};
use super::error::{QueryError, QueryErrorKind, Span};
use super::plan::{
    AggCall, AggFunc, CExpr, CNode, CPath, CRel, Func, MatchStage, Plan, ProjectBody, ProjectStage,
    PropName, Stage,
};
use super::value::{Key, NodeValue, RelationshipValue, Val, Value};
use crate::graph::{Edge, KnowledgeGraph, Node};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, NodeIndexable};
use petgraph::Direction as PgDir;
use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many bindings and rows a query may produce before it is stopped,
/// unless the engine says otherwise.
pub(crate) const BUDGET: u64 = 20_000_000;

type R<T> = Result<T, QueryError>;

/// Run a plan; the rows of the last stage.
pub(crate) fn run(plan: &Plan, g: &KnowledgeGraph, text: &str, budget: u64) -> R<Vec<Vec<Val>>> {
    let mut ex = Exec::new(Some(g), text);
    ex.budget = Cell::new(budget);
    ex.limit = budget;
    let mut rows: Vec<Vec<Val>> = vec![Vec::new()];
    for stage in &plan.stages {
        rows = match stage {
            Stage::Match(m) => ex.match_stage(m, rows)?,
            Stage::Unwind(e) => ex.unwind(e, rows)?,
            Stage::Project(p) => ex.project(p, rows)?,
        };
    }
    Ok(rows)
}

/// Evaluate an expression that uses no variables (SKIP, LIMIT).
pub(crate) fn eval_constant(e: &CExpr, text: &str) -> R<Val> {
    Exec::new(None, text).eval(e, &[])
}

/// A regular expression that must match the whole string, as `=~` does.
pub(crate) fn full_match_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
        let msg = e.to_string();
        let last = msg.lines().last().unwrap_or("").trim().to_string();
        format!("invalid regular expression: {last}")
    })
}

/// Names numbered in order of appearance, and the number of each item
/// (`u32::MAX` for a hole in petgraph's indexes or an item without a name).
struct Numbered<'g> {
    ids: Vec<u32>,
    names: Vec<&'g str>,
}

impl<'g> Numbered<'g> {
    fn new(bound: usize, items: impl Iterator<Item = (usize, Option<&'g str>)>) -> Numbered<'g> {
        let mut ids = vec![u32::MAX; bound];
        let mut names: Vec<&'g str> = Vec::new();
        let mut last: Option<(&'g str, u32)> = None;
        for (i, name) in items {
            let Some(name) = name else { continue };
            let id = match last {
                Some((l, id)) if l == name => id,
                _ => {
                    let id = match names.iter().position(|n| *n == name) {
                        Some(k) => k as u32,
                        None => {
                            names.push(name);
                            (names.len() - 1) as u32
                        }
                    };
                    last = Some((name, id));
                    id
                }
            };
            ids[i] = id;
        }
        Numbered { ids, names }
    }

    /// Whether item `i` has one of `wanted`, through a mask of the names
    /// kept in `cache`.
    fn has(&self, i: usize, wanted: &[String], cache: &OnceCell<Vec<bool>>) -> bool {
        let mask = cache.get_or_init(|| {
            self.names
                .iter()
                .map(|n| wanted.iter().any(|w| w == n))
                .collect()
        });
        match self.ids.get(i) {
            Some(&id) if id != u32::MAX => mask[id as usize],
            _ => false,
        }
    }
}

struct Exec<'g> {
    pg: Option<&'g StableDiGraph<Node, Edge>>,
    text: &'g str,
    all: Vec<NodeIndex>,
    by_label: HashMap<&'g str, Vec<NodeIndex>>,
    /// Relation kind of each edge, numbered (by edge index), and the kinds:
    /// a typed pattern checks a number, not a string (built on first use).
    edge_kinds: OnceCell<Numbered<'g>>,
    /// Label of each node, numbered (by node index), and the labels.
    node_labels: OnceCell<Numbered<'g>>,
    budget: Cell<u64>,
    limit: u64,
}

impl<'g> Exec<'g> {
    fn new(g: Option<&'g KnowledgeGraph>, text: &'g str) -> Exec<'g> {
        let pg = g.map(KnowledgeGraph::petgraph);
        let mut all: Vec<NodeIndex> = pg.map(|p| p.node_indices().collect()).unwrap_or_default();
        if let Some(p) = pg {
            all.sort_by(|a, b| p[*a].id().cmp(p[*b].id()));
        }
        let mut by_label: HashMap<&str, Vec<NodeIndex>> = HashMap::new();
        if let Some(p) = pg {
            for &n in &all {
                if let Some(l) = label_of(&p[n]) {
                    by_label.entry(l).or_default().push(n);
                }
            }
        }
        Exec {
            pg,
            text,
            all,
            by_label,
            edge_kinds: OnceCell::new(),
            node_labels: OnceCell::new(),
            budget: Cell::new(BUDGET),
            limit: BUDGET,
        }
    }

    fn err(&self, span: &Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Runtime, self.text, span.clone(), msg)
    }

    fn charge(&self, span: &Span) -> R<()> {
        let left = self.budget.get();
        if left == 0 {
            return Err(self.err(
                span,
                format!(
                    "the query is too large: it produced more than {} bindings; \
                     narrow the pattern or shorten the variable-length range",
                    self.limit
                ),
            ));
        }
        self.budget.set(left - 1);
        Ok(())
    }

    fn graph(&self) -> &'g StableDiGraph<Node, Edge> {
        self.pg.expect("patterns run on a graph")
    }

    // MATCH

    fn match_stage(&self, st: &MatchStage, rows: Vec<Vec<Val>>) -> R<Vec<Vec<Val>>> {
        let mut out = Vec::new();
        for input in rows {
            let mut row = input.clone();
            row.resize(st.width, Val::Unbound);
            let before = out.len();
            let mut used = Vec::new();
            self.paths(st, 0, &mut row, &mut used, &mut out)?;
            if st.optional && out.len() == before {
                let mut row = input;
                row.resize(st.width, Val::Null);
                out.push(row);
            }
        }
        Ok(out)
    }

    fn paths(
        &self,
        st: &MatchStage,
        p: usize,
        row: &mut Vec<Val>,
        used: &mut Vec<EdgeIndex>,
        out: &mut Vec<Vec<Val>>,
    ) -> R<()> {
        let Some(path) = st.paths.get(p) else {
            if let Some(f) = &st.filter {
                if self.eval(f, row)? != Val::Bool(true) {
                    return Ok(());
                }
            }
            self.charge(&st.span)?;
            out.push(row.clone());
            return Ok(());
        };
        for n in self.candidates(&path.start, row) {
            if !self.node_ok(&path.start, n, row)? {
                continue;
            }
            let prev = bind(row, path.start.slot, Val::Node(n));
            self.steps(st, p, path, 0, n, row, used, out)?;
            unbind(row, path.start.slot, prev);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn steps(
        &self,
        st: &MatchStage,
        p: usize,
        path: &CPath,
        s: usize,
        cur: NodeIndex,
        row: &mut Vec<Val>,
        used: &mut Vec<EdgeIndex>,
        out: &mut Vec<Vec<Val>>,
    ) -> R<()> {
        let Some((rel, next)) = path.steps.get(s) else {
            return self.paths(st, p + 1, row, used, out);
        };
        match rel.length {
            None => {
                for (e, other) in self.expand(cur, rel.direction) {
                    self.charge(&st.span)?;
                    if used.contains(&e)
                        || !self.rel_ok(rel, e, row)?
                        || !self.node_ok(next, other, row)?
                    {
                        continue;
                    }
                    let prev_rel = bind(row, rel.slot, Val::Rel(e));
                    let prev_node = bind(row, next.slot, Val::Node(other));
                    used.push(e);
                    self.steps(st, p, path, s + 1, other, row, used, out)?;
                    used.pop();
                    unbind(row, next.slot, prev_node);
                    unbind(row, rel.slot, prev_rel);
                }
                Ok(())
            }
            Some((min, max)) => {
                let mut trail = Vec::new();
                self.walk(st, p, path, s, (min, max), cur, &mut trail, row, used, out)
            }
        }
    }

    /// Extend a variable-length trail from `cur`; every length in range that
    /// ends on a matching node continues the path.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        st: &MatchStage,
        p: usize,
        path: &CPath,
        s: usize,
        (min, max): (u32, u32),
        cur: NodeIndex,
        trail: &mut Vec<EdgeIndex>,
        row: &mut Vec<Val>,
        used: &mut Vec<EdgeIndex>,
        out: &mut Vec<Vec<Val>>,
    ) -> R<()> {
        let (rel, next) = &path.steps[s];
        let depth = trail.len() as u32;
        if depth >= min && self.node_ok(next, cur, row)? {
            let mut edges = trail.clone();
            if rel.reversed {
                edges.reverse();
            }
            let prev_rel = bind(row, rel.slot, Val::Path(edges));
            let prev_node = bind(row, next.slot, Val::Node(cur));
            self.steps(st, p, path, s + 1, cur, row, used, out)?;
            unbind(row, next.slot, prev_node);
            unbind(row, rel.slot, prev_rel);
        }
        if depth < max {
            for (e, other) in self.expand(cur, rel.direction) {
                self.charge(&st.span)?;
                if used.contains(&e) || !self.rel_ok(rel, e, row)? {
                    continue;
                }
                used.push(e);
                trail.push(e);
                self.walk(st, p, path, s, (min, max), other, trail, row, used, out)?;
                trail.pop();
                used.pop();
            }
        }
        Ok(())
    }

    /// The nodes a pattern node may start at.
    fn candidates(&self, node: &CNode, row: &[Val]) -> Vec<NodeIndex> {
        if let Some(slot) = node.slot {
            match &row[slot] {
                Val::Unbound => {}
                Val::Node(n) => return vec![*n],
                _ => return Vec::new(),
            }
        }
        match &node.labels {
            None => self.all.clone(),
            Some(labels) => {
                let mut out: Vec<NodeIndex> = labels
                    .iter()
                    .filter_map(|l| self.by_label.get(l.as_str()))
                    .flatten()
                    .copied()
                    .collect();
                if labels.len() > 1 {
                    out.sort();
                    out.dedup();
                }
                out
            }
        }
    }

    fn node_ok(&self, node: &CNode, n: NodeIndex, row: &[Val]) -> R<bool> {
        if let Some(slot) = node.slot {
            match &row[slot] {
                Val::Unbound => {}
                Val::Node(m) if *m == n => {}
                _ => return Ok(false),
            }
        }
        if let Some(labels) = &node.labels {
            let numbered = self.node_labels.get_or_init(|| {
                let g = self.graph();
                Numbered::new(
                    g.node_bound(),
                    g.node_indices().map(|i| (i.index(), label_of(&g[i]))),
                )
            });
            if !numbered.has(n.index(), labels, &node.label_mask) {
                return Ok(false);
            }
        }
        self.props_ok(&node.props, &Val::Node(n), row)
    }

    fn rel_ok(&self, rel: &CRel, e: EdgeIndex, row: &[Val]) -> R<bool> {
        if let (Some(slot), None) = (rel.slot, rel.length) {
            match &row[slot] {
                Val::Unbound => {}
                Val::Rel(x) if *x == e => {}
                _ => return Ok(false),
            }
        }
        if let Some(types) = &rel.types {
            let numbered = self.edge_kinds.get_or_init(|| {
                let g = self.graph();
                Numbered::new(
                    g.edge_bound(),
                    g.edge_indices()
                        .map(|i| (i.index(), Some(g[i].relation.as_str()))),
                )
            });
            if !numbered.has(e.index(), types, &rel.type_mask) {
                return Ok(false);
            }
        }
        self.props_ok(&rel.props, &Val::Rel(e), row)
    }

    fn props_ok(&self, props: &[(PropName, CExpr)], owner: &Val, row: &[Val]) -> R<bool> {
        for (name, want) in props {
            let have = self.property(owner, name);
            if have.cypher_eq(&self.eval(want, row)?) != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Edges from `n` the way `dir` points, with the node at their other end.
    /// (An iterator over the graph: no list is made per step.)
    fn expand(
        &self,
        n: NodeIndex,
        dir: Direction,
    ) -> impl Iterator<Item = (EdgeIndex, NodeIndex)> + 'g {
        let g = self.graph();
        let (out, inc) = match dir {
            Direction::Out => (true, false),
            Direction::In => (false, true),
            Direction::Both => (true, true),
        };
        let out = out
            .then(|| {
                g.edges_directed(n, PgDir::Outgoing)
                    .map(|e| (e.id(), e.target()))
            })
            .into_iter()
            .flatten();
        let inc = inc
            .then(|| {
                g.edges_directed(n, PgDir::Incoming)
                    .map(|e| (e.id(), e.source()))
            })
            .into_iter()
            .flatten();
        out.chain(inc)
    }

    // UNWIND

    fn unwind(&self, e: &CExpr, rows: Vec<Vec<Val>>) -> R<Vec<Vec<Val>>> {
        let mut out = Vec::new();
        for row in rows {
            let items = match self.eval(e, &row)? {
                Val::List(items) => items,
                v if v.is_null() => Vec::new(),
                v => vec![v],
            };
            for v in items {
                let mut r = row.clone();
                r.push(v);
                out.push(r);
            }
        }
        Ok(out)
    }

    // WITH and RETURN

    fn project(&self, st: &ProjectStage, rows: Vec<Vec<Val>>) -> R<Vec<Vec<Val>>> {
        // (output row, sort keys)
        let mut out: Vec<(Vec<Val>, Vec<Val>)> = Vec::new();
        match &st.body {
            ProjectBody::Plain(items) => {
                for row in &rows {
                    let o = items
                        .iter()
                        .map(|e| self.eval(e, row))
                        .collect::<R<Vec<_>>>()?;
                    let keys = if st.order_extended {
                        let mut ext = row.clone();
                        ext.extend(o.iter().cloned());
                        st.order
                            .iter()
                            .map(|(e, _)| self.eval(e, &ext))
                            .collect::<R<Vec<_>>>()?
                    } else {
                        Vec::new()
                    };
                    out.push((o, keys));
                }
            }
            ProjectBody::Aggregate {
                keys,
                aggs,
                outputs,
            } => {
                let mut index: BTreeMap<Key, usize> = BTreeMap::new();
                let mut groups: Vec<(Vec<Val>, Vec<AggState>)> = Vec::new();
                if keys.is_empty() {
                    groups.push((Vec::new(), aggs.iter().map(AggState::new).collect()));
                    index.insert(Key(Vec::new()), 0);
                }
                for row in &rows {
                    let kv = keys
                        .iter()
                        .map(|e| self.eval(e, row))
                        .collect::<R<Vec<_>>>()?;
                    let key = Key(kv);
                    let g = match index.get(&key) {
                        Some(&g) => g,
                        None => {
                            let kv = key.0.clone();
                            index.insert(key, groups.len());
                            groups.push((kv, aggs.iter().map(AggState::new).collect()));
                            groups.len() - 1
                        }
                    };
                    for (agg, state) in aggs.iter().zip(&mut groups[g].1) {
                        let v = match &agg.arg {
                            Some(a) => Some(self.eval(a, row)?),
                            None => None,
                        };
                        state.add(v, &agg.span, self)?;
                    }
                }
                for (kv, states) in groups {
                    let mut ext = kv;
                    for (s, agg) in states.into_iter().zip(aggs) {
                        ext.push(s.finish(agg));
                    }
                    let o = outputs
                        .iter()
                        .map(|e| self.eval(e, &ext))
                        .collect::<R<Vec<_>>>()?;
                    out.push((o, Vec::new()));
                }
            }
        }
        if st.distinct {
            let mut seen = BTreeSet::new();
            out.retain(|(o, _)| seen.insert(Key(o.clone())));
        }
        if !st.order.is_empty() {
            if !st.order_extended {
                for (o, keys) in &mut out {
                    *keys = st
                        .order
                        .iter()
                        .map(|(e, _)| self.eval(e, o))
                        .collect::<R<Vec<_>>>()?;
                }
            }
            out.sort_by(|(_, a), (_, b)| {
                for ((x, y), (_, desc)) in a.iter().zip(b).zip(&st.order) {
                    let o = x.total_cmp(y);
                    let o = if *desc { o.reverse() } else { o };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            });
        }
        let mut rows: Vec<Vec<Val>> = out
            .into_iter()
            .skip(st.skip.unwrap_or(0))
            .take(st.limit.unwrap_or(usize::MAX))
            .map(|(o, _)| o)
            .collect();
        if let Some(f) = &st.filter {
            let mut kept = Vec::new();
            for r in rows {
                if self.eval(f, &r)? == Val::Bool(true) {
                    kept.push(r);
                }
            }
            rows = kept;
        }
        Ok(rows)
    }

    // Expressions

    fn property(&self, owner: &Val, p: &PropName) -> Val {
        match self.pg {
            Some(g) => property(g, owner, p),
            None => Val::Null,
        }
    }

    fn eval(&self, e: &CExpr, row: &[Val]) -> R<Val> {
        Ok(match e {
            CExpr::Lit(v) => v.clone(),
            CExpr::Slot(i) => match &row[*i] {
                Val::Unbound => Val::Null,
                v => v.clone(),
            },
            CExpr::Prop(b, name) => self.property(&self.eval(b, row)?, name),
            CExpr::List(items) => Val::List(
                items
                    .iter()
                    .map(|i| self.eval(i, row))
                    .collect::<R<Vec<_>>>()?,
            ),
            CExpr::Not(b) => match self.eval(b, row)? {
                Val::Bool(x) => Val::Bool(!x),
                _ => Val::Null,
            },
            CExpr::Neg(b, span) => match self.eval(b, row)? {
                Val::Int(i) => Val::Int(
                    i.checked_neg()
                        .ok_or_else(|| self.err(span, "integer overflow"))?,
                ),
                Val::Float(f) => Val::Float(-f),
                _ => Val::Null,
            },
            CExpr::IsNull(b, negated) => Val::Bool(self.eval(b, row)?.is_null() != *negated),
            CExpr::Bin(op, a, b, span) => self.binary(*op, a, b, span, row)?,
            CExpr::Regex(a, b, compiled, span) => {
                let (a, b) = (self.eval(a, row)?, self.eval(b, row)?);
                match (a, b) {
                    (Val::Str(s), Val::Str(p)) => match compiled {
                        Some(re) => Val::Bool(re.is_match(&s)),
                        None => {
                            let re = full_match_regex(&p).map_err(|m| self.err(span, m))?;
                            Val::Bool(re.is_match(&s))
                        }
                    },
                    _ => Val::Null,
                }
            }
            CExpr::Func(f, args, span) => {
                let vals = args
                    .iter()
                    .map(|a| self.eval(a, row))
                    .collect::<R<Vec<_>>>()?;
                self.function(*f, vals, span)?
            }
        })
    }

    fn binary(&self, op: BinOp, a: &CExpr, b: &CExpr, span: &Span, row: &[Val]) -> R<Val> {
        let truth = |v: &Val| match v {
            Val::Bool(b) => Some(*b),
            _ => None,
        };
        // Three-valued logic, the right side only when it matters.
        match op {
            BinOp::And => {
                let x = truth(&self.eval(a, row)?);
                if x == Some(false) {
                    return Ok(Val::Bool(false));
                }
                let y = truth(&self.eval(b, row)?);
                return Ok(match (x, y) {
                    (_, Some(false)) => Val::Bool(false),
                    (Some(true), Some(true)) => Val::Bool(true),
                    _ => Val::Null,
                });
            }
            BinOp::Or => {
                let x = truth(&self.eval(a, row)?);
                if x == Some(true) {
                    return Ok(Val::Bool(true));
                }
                let y = truth(&self.eval(b, row)?);
                return Ok(match (x, y) {
                    (_, Some(true)) => Val::Bool(true),
                    (Some(false), Some(false)) => Val::Bool(false),
                    _ => Val::Null,
                });
            }
            BinOp::Xor => {
                let (x, y) = (truth(&self.eval(a, row)?), truth(&self.eval(b, row)?));
                return Ok(match (x, y) {
                    (Some(x), Some(y)) => Val::Bool(x != y),
                    _ => Val::Null,
                });
            }
            _ => {}
        }
        let (x, y) = (self.eval(a, row)?, self.eval(b, row)?);
        let opt_bool = |b: Option<bool>| b.map_or(Val::Null, Val::Bool);
        Ok(match op {
            BinOp::Eq => opt_bool(x.cypher_eq(&y)),
            BinOp::Neq => opt_bool(x.cypher_eq(&y).map(|b| !b)),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                opt_bool(x.cypher_cmp(&y).map(|o| match op {
                    BinOp::Lt => o == Ordering::Less,
                    BinOp::Le => o != Ordering::Greater,
                    BinOp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                }))
            }
            BinOp::In => match y {
                Val::List(items) => {
                    if x.is_null() {
                        if items.is_empty() {
                            Val::Bool(false)
                        } else {
                            Val::Null
                        }
                    } else {
                        let mut unknown = false;
                        let mut found = false;
                        for i in &items {
                            match x.cypher_eq(i) {
                                Some(true) => {
                                    found = true;
                                    break;
                                }
                                None => unknown = true,
                                Some(false) => {}
                            }
                        }
                        if found {
                            Val::Bool(true)
                        } else if unknown {
                            Val::Null
                        } else {
                            Val::Bool(false)
                        }
                    }
                }
                _ => Val::Null,
            },
            BinOp::StartsWith | BinOp::EndsWith | BinOp::Contains => match (x, y) {
                (Val::Str(s), Val::Str(t)) => Val::Bool(match op {
                    BinOp::StartsWith => s.starts_with(&t),
                    BinOp::EndsWith => s.ends_with(&t),
                    _ => s.contains(&t),
                }),
                _ => Val::Null,
            },
            _ => self.arithmetic(op, x, y, span)?,
        })
    }

    fn arithmetic(&self, op: BinOp, x: Val, y: Val, span: &Span) -> R<Val> {
        if x.is_null() || y.is_null() {
            return Ok(Val::Null);
        }
        let overflow = || self.err(span, "integer overflow");
        Ok(match (op, x, y) {
            (BinOp::Add, Val::Str(a), Val::Str(b)) => Val::Str(a + &b),
            (BinOp::Pow, a, b) if is_num(&a) && is_num(&b) => {
                Val::Float(a.as_f64().powf(b.as_f64()))
            }
            (op, Val::Int(a), Val::Int(b)) => Val::Int(match op {
                BinOp::Add => a.checked_add(b).ok_or_else(overflow)?,
                BinOp::Sub => a.checked_sub(b).ok_or_else(overflow)?,
                BinOp::Mul => a.checked_mul(b).ok_or_else(overflow)?,
                BinOp::Div | BinOp::Mod if b == 0 => return Err(self.err(span, "division by zero")),
                BinOp::Div => a.checked_div(b).ok_or_else(overflow)?,
                _ => a.checked_rem(b).ok_or_else(overflow)?,
            }),
            (op, a, b) if is_num(&a) && is_num(&b) => {
                let (a, b) = (a.as_f64(), b.as_f64());
                Val::Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    _ => a % b,
                })
            }
            (op, a, b) => {
                return Err(self.err(
                    span,
                    format!(
                        "cannot apply `{}` to {} and {}",
                        op.symbol(),
                        type_name(&a),
                        type_name(&b)
                    ),
                ))
            }
        })
    }

    fn function(&self, f: Func, mut args: Vec<Val>, span: &Span) -> R<Val> {
        if f == Func::Coalesce {
            return Ok(args.into_iter().find(|v| !v.is_null()).unwrap_or(Val::Null));
        }
        if args.iter().any(Val::is_null) {
            return Ok(Val::Null);
        }
        let first = args.remove(0);
        let text = |f: fn(&str) -> String| match &first {
            Val::Str(s) => Ok(Val::Str(f(s))),
            v => Err(self.err(span, format!("expected a string, got {}", type_name(v)))),
        };
        let n = || -> R<i64> {
            match args.first() {
                Some(Val::Int(n)) if *n >= 0 => Ok(*n),
                Some(Val::Int(_)) => Err(self.err(span, "the length cannot be negative")),
                _ => Err(self.err(span, "expected an integer")),
            }
        };
        let num = |f: fn(f64) -> f64| match &first {
            Val::Int(_) | Val::Float(_) => Ok(Val::Float(f(first.as_f64()))),
            v => Err(self.err(span, format!("expected a number, got {}", type_name(v)))),
        };
        match f {
            Func::Lower => text(|s| s.to_lowercase()),
            Func::Upper => text(|s| s.to_uppercase()),
            Func::Trim => text(|s| s.trim().to_string()),
            Func::LTrim => text(|s| s.trim_start().to_string()),
            Func::RTrim => text(|s| s.trim_end().to_string()),
            Func::Reverse => text(|s| s.chars().rev().collect()),
            Func::Left | Func::Right => {
                let k = n()? as usize;
                match &first {
                    Val::Str(s) => {
                        let chars: Vec<char> = s.chars().collect();
                        let k = k.min(chars.len());
                        Ok(Val::Str(if f == Func::Left {
                            chars[..k].iter().collect()
                        } else {
                            chars[chars.len() - k..].iter().collect()
                        }))
                    }
                    v => Err(self.err(span, format!("expected a string, got {}", type_name(v)))),
                }
            }
            Func::Size => match &first {
                Val::Str(s) => Ok(Val::Int(s.chars().count() as i64)),
                Val::List(l) => Ok(Val::Int(l.len() as i64)),
                v => Err(self.err(
                    span,
                    format!("size() needs a string or a list, got {}", type_name(v)),
                )),
            },
            Func::Length => match &first {
                Val::Path(p) => Ok(Val::Int(p.len() as i64)),
                v => Err(self.err(
                    span,
                    format!(
                        "length() needs a variable-length relationship, got {}",
                        type_name(v)
                    ),
                )),
            },
            Func::Abs => match first {
                Val::Int(i) => Ok(Val::Int(
                    i.checked_abs()
                        .ok_or_else(|| self.err(span, "integer overflow"))?,
                )),
                Val::Float(x) => Ok(Val::Float(x.abs())),
                v => Err(self.err(span, format!("expected a number, got {}", type_name(&v)))),
            },
            Func::Floor => num(f64::floor),
            Func::Ceil => num(f64::ceil),
            Func::Sqrt => num(f64::sqrt),
            Func::Round => {
                let digits = match args.first() {
                    Some(Val::Int(d)) => (*d).clamp(-300, 300) as i32,
                    _ => 0,
                };
                match &first {
                    Val::Int(_) | Val::Float(_) => {
                        let scale = 10f64.powi(digits);
                        Ok(Val::Float((first.as_f64() * scale).round() / scale))
                    }
                    v => Err(self.err(span, format!("expected a number, got {}", type_name(v)))),
                }
            }
            Func::Coalesce => unreachable!("handled above"),
        }
    }
}

/// A property of a node or relationship; null for anything else.
fn property(g: &StableDiGraph<Node, Edge>, owner: &Val, p: &PropName) -> Val {
    let s = |x: &str| Val::Str(x.to_string());
    let list = |xs: &std::collections::BTreeSet<String>| {
        Val::List(xs.iter().map(|x| Val::Str(x.clone())).collect())
    };
    match owner {
        Val::Node(n) => match &g[*n] {
            Node::Entity(e) => match p.name.as_str() {
                "id" => s(&e.id),
                "name" => s(&e.name),
                "kind" => s(&e.kind),
                "aliases" => list(&e.aliases),
                "tickers" => list(&e.tickers),
                "mentions" => Val::Int(e.mention_count() as i64),
                "documents" => Val::Int(e.mentions.len() as i64),
                _ => Val::Null,
            },
            Node::Metric(m) => match p.name.as_str() {
                "id" => s(&m.id),
                "kind" => s(METRIC_LABEL),
                "label" => s(&m.label),
                "value" => Val::Float(m.value),
                "unit" => s(m.unit.as_str()),
                "period" => m.period.as_deref().map_or(Val::Null, s),
                "entity" => s(&m.entity),
                "documents" => Val::Int(m.documents.len() as i64),
                _ => Val::Null,
            },
        },
        Val::Rel(e) => {
            let w = &g[*e];
            match p.name.as_str() {
                "kind" => s(&w.relation),
                "evidence" => Val::Int(w.evidence.len() as i64),
                "documents" => Val::Int(w.documents().len() as i64),
                _ => p
                    .attr_keys
                    .iter()
                    .find_map(|k| w.attrs.get(k))
                    .map_or(Val::Null, |v| s(v)),
            }
        }
        _ => Val::Null,
    }
}

fn is_num(v: &Val) -> bool {
    matches!(v, Val::Int(_) | Val::Float(_))
}

fn type_name(v: &Val) -> &'static str {
    match v {
        Val::Unbound | Val::Null => "null",
        Val::Bool(_) => "a boolean",
        Val::Int(_) => "an integer",
        Val::Float(_) => "a float",
        Val::Str(_) => "a string",
        Val::List(_) => "a list",
        Val::Node(_) => "a node",
        Val::Rel(_) => "a relationship",
        Val::Path(_) => "a variable-length relationship",
    }
}

/// Set a slot that is not bound yet; returns what to restore.
fn bind(row: &mut [Val], slot: Option<usize>, v: Val) -> Option<Val> {
    let slot = slot?;
    if row[slot] == Val::Unbound {
        row[slot] = v;
        Some(Val::Unbound)
    } else {
        None
    }
}

fn unbind(row: &mut [Val], slot: Option<usize>, prev: Option<Val>) {
    if let (Some(slot), Some(prev)) = (slot, prev) {
        row[slot] = prev;
    }
}

/// One aggregate being folded.
struct AggState {
    seen: Option<BTreeSet<Key>>,
    count: i64,
    int_sum: i64,
    float_sum: f64,
    floats: bool,
    items: Vec<Val>,
}

impl AggState {
    fn new(call: &AggCall) -> AggState {
        AggState {
            seen: call.distinct.then(BTreeSet::new),
            count: 0,
            int_sum: 0,
            float_sum: 0.0,
            floats: false,
            items: Vec::new(),
        }
    }

    fn add(&mut self, v: Option<Val>, span: &Span, ex: &Exec<'_>) -> R<()> {
        let Some(v) = v else {
            // count(*)
            self.count += 1;
            return Ok(());
        };
        if v.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen {
            if !seen.insert(Key(vec![v.clone()])) {
                return Ok(());
            }
        }
        self.count += 1;
        match &v {
            Val::Int(i) => {
                match self.int_sum.checked_add(*i) {
                    Some(s) if !self.floats => self.int_sum = s,
                    Some(_) => {}
                    None if self.floats => {}
                    None => return Err(ex.err(span, "integer overflow in the sum")),
                }
                self.float_sum += *i as f64;
            }
            Val::Float(f) => {
                self.floats = true;
                self.float_sum += f;
            }
            _ => {}
        }
        self.items.push(v);
        Ok(())
    }

    fn finish(self, call: &AggCall) -> Val {
        let extreme = |want: Ordering, items: Vec<Val>| {
            items.into_iter().reduce(|best, v| {
                let o = v.cypher_cmp(&best).unwrap_or_else(|| v.total_cmp(&best));
                if o == want {
                    v
                } else {
                    best
                }
            })
        };
        match call.func {
            AggFunc::Count => Val::Int(self.count),
            AggFunc::Sum if self.floats => Val::Float(self.float_sum),
            AggFunc::Sum => Val::Int(self.int_sum),
            AggFunc::Avg if self.count == 0 => Val::Null,
            AggFunc::Avg => Val::Float(self.float_sum / self.count as f64),
            AggFunc::Min => extreme(Ordering::Less, self.items).unwrap_or(Val::Null),
            AggFunc::Max => extreme(Ordering::Greater, self.items).unwrap_or(Val::Null),
            AggFunc::Collect => Val::List(self.items),
        }
    }
}

/// A runtime value as a result value, graph elements with their properties.
pub(crate) fn to_value(v: &Val, g: &KnowledgeGraph) -> Value {
    let pg = g.petgraph();
    match v {
        Val::Unbound | Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Int(i) => Value::Int(*i),
        Val::Float(f) => Value::Float(*f),
        Val::Str(s) => Value::String(s.clone()),
        Val::List(items) => Value::List(items.iter().map(|i| to_value(i, g)).collect()),
        Val::Node(n) => {
            let node = &pg[*n];
            let props: &[(&str, _)] = match node {
                Node::Entity(_) => super::catalog::ENTITY_PROPERTIES,
                Node::Metric(_) => super::catalog::METRIC_PROPERTIES,
            };
            let properties = props
                .iter()
                .map(|(name, _)| {
                    let p = PropName {
                        name: name.to_string(),
                        attr_keys: Vec::new(),
                    };
                    (name.to_string(), to_value(&property(pg, v, &p), g))
                })
                .collect();
            Value::Node(NodeValue {
                id: node.id().to_string(),
                label: label_of(node).unwrap_or("").to_string(),
                properties,
            })
        }
        Val::Rel(e) => {
            let w = &pg[*e];
            let (s, t) = pg.edge_endpoints(*e).expect("a bound edge exists");
            let mut properties: BTreeMap<String, Value> = w
                .attrs
                .iter()
                .map(|(k, v)| (attribute_property(k), Value::String(v.clone())))
                .collect();
            properties.insert("kind".into(), Value::String(w.relation.clone()));
            properties.insert("evidence".into(), Value::Int(w.evidence.len() as i64));
            properties.insert("documents".into(), Value::Int(w.documents().len() as i64));
            Value::Relationship(RelationshipValue {
                kind: w.relation.clone(),
                from: pg[s].id().to_string(),
                to: pg[t].id().to_string(),
                properties,
            })
        }
        Val::Path(edges) => Value::List(edges.iter().map(|e| to_value(&Val::Rel(*e), g)).collect()),
    }
}
