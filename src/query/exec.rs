//! The executor: runs a [`Plan`] over a [`GraphStore`](crate::graph::GraphStore).
//!
//! Pattern matching is a backtracking search that binds one node or
//! relationship at a time, walking the store's adjacency arrays of the
//! relation kinds a pattern names. Within one MATCH a relationship is used
//! at most once (Cypher's relationship uniqueness), which also makes
//! variable-length patterns walk trails.
//!
//! Stages hand rows on without always keeping them: a MATCH feeds the
//! aggregation or projection after it row by row; the last step of a
//! pattern whose relationship and end node are not named is counted, not
//! bound (one row with a multiplicity); a final plain RETURN streams its
//! rows to the caller as they are found and stops the search at its LIMIT.

use super::ast::Direction;
use super::catalog::attribute_property;
use super::error::{QueryError, QueryErrorKind, Span};
use super::eval::Evaluator;
use super::expr::{CExpr, PropName};
use super::plan::{
    AggCall, AggFunc, Anchor, CNode, CPath, CRel, MatchStage, Plan, ProjectBody, ProjectStage,
    Stage,
};
use super::value::{Key, NodeValue, RelationshipValue, Val, Value};
use crate::graph::StoreView;
use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// How many bindings and rows a query may produce before it is stopped,
/// unless the engine says otherwise.
pub(crate) const BUDGET: u64 = 20_000_000;

/// How often (in bindings) the clock is read when there is a deadline.
const CLOCK_EVERY: u32 = 4096;

type R<T> = Result<T, QueryError>;

/// What a query may spend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bindings and rows.
    pub budget: u64,
    /// When to give up, if ever.
    pub deadline: Option<Instant>,
}

/// Where the rows of a query go.
pub(crate) trait Sink {
    /// A row of the result; false to stop the query.
    fn row(&mut self, row: Vec<Val>) -> bool;

    /// The row a plain final `RETURN` makes of `input`: `items` evaluated
    /// by `ev` (a sink may write them without making the row); false to
    /// stop the query.
    fn project(&mut self, ev: &Evaluator<'_>, items: &[CExpr], input: &[Val]) -> R<bool> {
        let o = items
            .iter()
            .map(|e| ev.eval(e, input))
            .collect::<R<Vec<_>>>()?;
        Ok(self.row(o))
    }
}

/// Run a plan, handing each row of the result to `out`.
pub(crate) fn run(
    plan: &Plan,
    v: StoreView<'_>,
    text: &str,
    limits: Limits,
    out: &mut dyn Sink,
) -> R<()> {
    let ex = Exec {
        v,
        ev: Evaluator {
            view: Some(v),
            text,
        },
        text,
        budget: Cell::new(limits.budget),
        limit: limits.budget,
        deadline: limits.deadline,
        ticks: Cell::new(0),
    };
    let mut rows: Vec<Vec<Val>> = vec![Vec::new()];
    let mut i = 0;
    while i < plan.stages.len() {
        match &plan.stages[i] {
            Stage::Match(m) => {
                m.counted_from
                    .get_or_init(|| counted_from(m, plan.stages.get(i + 1)));
                if let Some(Stage::Project(p)) = plan.stages.get(i + 1) {
                    let mut proj = Projector::new(p);
                    if i + 2 == plan.stages.len() && proj.streams() {
                        // the last stage: rows go out as they are found
                        for input in &rows {
                            let mut push =
                                |row: &[Val], times: u64| proj.stream(&ex, row, times, out);
                            if !ex.match_rows(m, input, &mut push)? {
                                break;
                            }
                        }
                        return Ok(());
                    }
                    for input in &rows {
                        ex.match_rows(m, input, &mut |row: &[Val], times: u64| {
                            proj.push(&ex, row, times).map(|()| true)
                        })?;
                    }
                    rows = proj.finish(&ex)?;
                    i += 2;
                    continue;
                }
                let mut next = Vec::new();
                for input in &rows {
                    ex.match_rows(m, input, &mut |row: &[Val], times: u64| {
                        for _ in 0..times {
                            next.push(row.to_vec());
                        }
                        Ok(true)
                    })?;
                }
                rows = next;
            }
            Stage::Unwind(e) => rows = ex.unwind(e, rows)?,
            Stage::Project(p) => {
                let mut proj = Projector::new(p);
                for row in &rows {
                    proj.push(&ex, row, 1)?;
                }
                rows = proj.finish(&ex)?;
            }
        }
        i += 1;
    }
    for r in rows {
        if !out.row(r) {
            break;
        }
    }
    Ok(())
}

/// Receives the rows a MATCH finds, each with how many times it was found;
/// returns false to stop the search.
type Emit<'a> = dyn FnMut(&[Val], u64) -> R<bool> + 'a;

struct Exec<'g> {
    v: StoreView<'g>,
    ev: Evaluator<'g>,
    text: &'g str,
    budget: Cell<u64>,
    limit: u64,
    deadline: Option<Instant>,
    ticks: Cell<u32>,
}

/// The nodes a pattern node may start at.
enum Candidates<'g> {
    All(std::ops::Range<u32>),
    Listed(&'g [u32]),
    Owned(Vec<u32>),
}

impl Candidates<'_> {
    fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Candidates::All(r) => Box::new(r.clone()),
            Candidates::Listed(l) => Box::new(l.iter().copied()),
            Candidates::Owned(l) => Box::new(l.iter().copied()),
        }
    }
}

impl<'g> Exec<'g> {
    fn err(&self, span: &Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Runtime, self.text, span.clone(), msg)
    }

    fn eval(&self, e: &CExpr, row: &[Val]) -> R<Val> {
        self.ev.eval(e, row)
    }

    /// Spend `n` of the budget (and look at the clock now and then).
    fn charge(&self, span: &Span, n: u64) -> R<()> {
        let left = self.budget.get();
        if left < n {
            return Err(self.err(
                span,
                format!(
                    "the query is too large: it produced more than {} bindings; \
                     narrow the pattern or shorten the variable-length range",
                    self.limit
                ),
            ));
        }
        self.budget.set(left - n);
        if let Some(d) = self.deadline {
            let t = self.ticks.get().wrapping_add(1);
            self.ticks.set(t);
            if t % CLOCK_EVERY == 0 && Instant::now() >= d {
                return Err(self.err(
                    span,
                    "the query ran out of time; narrow the pattern or add a LIMIT",
                ));
            }
        }
        Ok(())
    }

    // MATCH

    /// Match one input row; false when the receiver stopped the search.
    fn match_rows(&self, st: &MatchStage, input: &[Val], emit: &mut Emit<'_>) -> R<bool> {
        let mut row = input.to_vec();
        row.resize(st.width, Val::Unbound);
        let mut found = false;
        let mut used = Vec::new();
        let mut inner = |r: &[Val], times: u64| {
            found = true;
            emit(r, times)
        };
        if !self.paths(st, 0, &mut row, &mut used, &mut inner)? {
            return Ok(false);
        }
        if st.optional && !found {
            let mut row = input.to_vec();
            row.resize(st.width, Val::Null);
            return emit(&row, 1);
        }
        Ok(true)
    }

    fn paths(
        &self,
        st: &MatchStage,
        p: usize,
        row: &mut Vec<Val>,
        used: &mut Vec<u32>,
        emit: &mut Emit<'_>,
    ) -> R<bool> {
        let Some(path) = st.paths.get(p) else {
            if let Some(f) = &st.filter {
                if self.eval(f, row)? != Val::Bool(true) {
                    return Ok(true);
                }
            }
            self.charge(&st.span, 1)?;
            return emit(row, 1);
        };
        let candidates = match &path.anchors {
            Some(anchors) => self.anchored(path, anchors, row)?,
            None => self.candidates(&path.start, row),
        };
        for n in candidates.iter() {
            if !self.node_ok(&path.start, n, row)? {
                continue;
            }
            let prev = bind(row, path.start.slot, Val::Node(n));
            let go = self.steps(st, p, path, 0, n, row, used, emit)?;
            unbind(row, path.start.slot, prev);
            if !go {
                return Ok(false);
            }
        }
        Ok(true)
    }

    #[allow(clippy::too_many_arguments)]
    fn steps(
        &self,
        st: &MatchStage,
        p: usize,
        path: &CPath,
        s: usize,
        cur: u32,
        row: &mut Vec<Val>,
        used: &mut Vec<u32>,
        emit: &mut Emit<'_>,
    ) -> R<bool> {
        let Some((rel, next)) = path.steps.get(s) else {
            return self.paths(st, p + 1, row, used, emit);
        };
        if rel.length.is_some() {
            let mut trail = Vec::new();
            return self.walk(st, p, path, s, cur, &mut trail, row, used, emit);
        }
        if p + 1 == st.paths.len()
            && st
                .counted_from
                .get()
                .is_some_and(|f| f.is_some_and(|f| s >= f))
        {
            // Nothing after the MATCH reads the rest of the path: count
            // the ways to finish it, and hand on one row that many times.
            let n = self.completions(st, path, s, cur, row, used)?;
            if n == 0 {
                return Ok(true);
            }
            self.charge(&st.span, 1)?;
            return emit(row, n);
        }
        let plain_rel = rel.slot.is_none() && rel.props.is_empty();
        for (e, other) in self.expand(cur, rel) {
            self.charge(&st.span, 1)?;
            if used.contains(&e)
                || !(plain_rel || self.rel_ok(rel, e, row)?)
                || !self.node_ok(next, other, row)?
            {
                continue;
            }
            let prev_rel = bind(row, rel.slot, Val::Rel(e));
            let prev_node = bind(row, next.slot, Val::Node(other));
            used.push(e);
            let go = self.steps(st, p, path, s + 1, other, row, used, emit)?;
            used.pop();
            unbind(row, next.slot, prev_node);
            unbind(row, rel.slot, prev_rel);
            if !go {
                return Ok(false);
            }
        }
        Ok(true)
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
        cur: u32,
        trail: &mut Vec<u32>,
        row: &mut Vec<Val>,
        used: &mut Vec<u32>,
        emit: &mut Emit<'_>,
    ) -> R<bool> {
        let (rel, next) = &path.steps[s];
        let (min, max) = rel.length.expect("a variable-length step");
        let depth = trail.len() as u32;
        if depth >= min && self.node_ok(next, cur, row)? {
            let mut edges = trail.clone();
            if rel.reversed {
                edges.reverse();
            }
            let prev_rel = bind(row, rel.slot, Val::Path(edges));
            let prev_node = bind(row, next.slot, Val::Node(cur));
            let go = self.steps(st, p, path, s + 1, cur, row, used, emit)?;
            unbind(row, next.slot, prev_node);
            unbind(row, rel.slot, prev_rel);
            if !go {
                return Ok(false);
            }
        }
        if depth < max {
            for (e, other) in self.expand(cur, rel) {
                self.charge(&st.span, 1)?;
                if used.contains(&e) || !self.rel_ok(rel, e, row)? {
                    continue;
                }
                used.push(e);
                trail.push(e);
                let go = self.walk(st, p, path, s, other, trail, row, used, emit)?;
                trail.pop();
                used.pop();
                if !go {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// The ways to finish `path` from step `s` at node `cur` (steps the
    /// executor counts, see [`counted_from`]): the last step's edges are
    /// counted without being bound, earlier steps are walked.
    fn completions(
        &self,
        st: &MatchStage,
        path: &CPath,
        s: usize,
        cur: u32,
        row: &mut Vec<Val>,
        used: &mut Vec<u32>,
    ) -> R<u64> {
        let (rel, next) = &path.steps[s];
        let last = s + 1 == path.steps.len();
        let free = |slot: Option<usize>| slot.is_none_or(|x| matches!(row[x], Val::Unbound));
        if last
            && rel.props.is_empty()
            && next.props.is_empty()
            && free(rel.slot)
            && free(next.slot)
        {
            // only the labels of the end nodes decide
            let mut n = self.count_edges(&st.span, cur, rel, next)?;
            for &u in used.iter() {
                n -= self.occurrences(u, cur, rel, next);
            }
            return Ok(n);
        }
        let mut total = 0u64;
        for (e, other) in self.expand(cur, rel) {
            self.charge(&st.span, 1)?;
            if used.contains(&e) || !self.rel_ok(rel, e, row)? || !self.node_ok(next, other, row)? {
                continue;
            }
            if last {
                total += 1;
                continue;
            }
            let bound_rel = bind(row, rel.slot, Val::Rel(e));
            let bound_node = bind(row, next.slot, Val::Node(other));
            used.push(e);
            let n = self.completions(st, path, s + 1, other, row, used);
            used.pop();
            unbind(row, next.slot, bound_node);
            unbind(row, rel.slot, bound_rel);
            total = total
                .checked_add(n?)
                .ok_or_else(|| self.err(&st.span, "the query is too large to count"))?;
        }
        Ok(total)
    }

    /// How many edges `rel` leads along from `cur` to a node `next` takes
    /// (only its labels are asked), remembered per node once a query has
    /// counted at many nodes: the answer does not change within a query.
    fn count_edges(&self, span: &Span, cur: u32, rel: &CRel, next: &CNode) -> R<u64> {
        let mut memo = rel.counts.borrow_mut();
        if let Some(c) = memo.get(cur) {
            self.charge(span, 1)?;
            return Ok(c);
        }
        let mut n = 0u64;
        match &next.labels {
            None => {
                for _ in self.expand(cur, rel) {
                    self.charge(span, 1)?;
                    n += 1;
                }
            }
            Some(_) => {
                for (_, other) in self.expand(cur, rel) {
                    self.charge(span, 1)?;
                    n += u64::from(self.label_ok(next, other));
                }
            }
        }
        memo.remember(cur, n, self.v.node_id.len());
        Ok(n)
    }

    /// How many times the count of [`Exec::count_edges`] at `cur` counted
    /// edge `e` (twice for a loop walked both ways).
    fn occurrences(&self, e: u32, cur: u32, rel: &CRel, next: &CNode) -> u64 {
        let v = &self.v;
        let e = e as usize;
        if !rel
            .kinds
            .get()
            .is_some_and(|ks| ks.contains(&v.edge_kind[e]))
        {
            return 0;
        }
        let (from, to) = (v.edge_src[e], v.edge_dst[e]);
        let out = rel.direction != Direction::In && from == cur && self.label_ok(next, to);
        let inc = rel.direction != Direction::Out && to == cur && self.label_ok(next, from);
        u64::from(out) + u64::from(inc)
    }

    /// The start nodes of a one-step path the WHERE anchors by id: the
    /// node of each id, or the nodes one step before it.
    fn anchored(&self, path: &CPath, anchors: &[Anchor], row: &[Val]) -> R<Candidates<'g>> {
        let mut out = Vec::new();
        for a in anchors {
            let (Anchor::Node(e) | Anchor::Before(e)) = a;
            let Val::Str(id) = self.eval(e, row)? else {
                continue;
            };
            let Some(n) = self.v.node_by_id(&id) else {
                continue;
            };
            match a {
                Anchor::Node(_) => out.push(n),
                Anchor::Before(_) => {
                    let rel = &path.steps[0].0;
                    out.extend(self.expand_toward(n, rel).map(|(_, other)| other));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(Candidates::Owned(out))
    }

    /// The nodes a pattern node may start at, in the order of their ids.
    fn candidates(&self, node: &CNode, row: &[Val]) -> Candidates<'g> {
        if let Some(slot) = node.slot {
            match &row[slot] {
                Val::Unbound => {}
                Val::Node(n) => return Candidates::Owned(vec![*n]),
                _ => return Candidates::Owned(Vec::new()),
            }
        }
        // `{id: …}`: one node, found by a binary search over the ids
        if let Some((_, want)) = node.props.iter().find(|(p, _)| p.name == "id") {
            return match self.eval(want, row) {
                Ok(Val::Str(id)) => Candidates::Owned(self.v.node_by_id(&id).into_iter().collect()),
                // not a string: no node has it (a null or an error, met again in node_ok)
                _ => Candidates::Owned(Vec::new()),
            };
        }
        let Some(labels) = &node.labels else {
            return Candidates::All(0..self.v.node_id.len() as u32);
        };
        let numbers: Vec<u32> = labels
            .iter()
            .filter_map(|l| self.v.label_number(l))
            .collect();
        match numbers.as_slice() {
            [] => Candidates::Owned(Vec::new()),
            [l] => Candidates::Listed(self.v.labelled(*l)),
            _ => {
                let mut all: Vec<u32> = numbers
                    .iter()
                    .flat_map(|l| self.v.labelled(*l).iter().copied())
                    .collect();
                all.sort_unstable();
                all.dedup();
                Candidates::Owned(all)
            }
        }
    }

    /// Whether node `n` has one of the pattern's labels (or it names none).
    fn label_ok(&self, node: &CNode, n: u32) -> bool {
        let Some(labels) = &node.labels else {
            return true;
        };
        let mask = node.label_mask.get_or_init(|| {
            self.v
                .kinds
                .iter()
                .map(|k| labels.iter().any(|l| l == k))
                .collect()
        });
        match self.v.node_label[n as usize] {
            u32::MAX => false,
            l => mask[l as usize],
        }
    }

    #[inline]
    fn node_ok(&self, node: &CNode, n: u32, row: &[Val]) -> R<bool> {
        if let Some(slot) = node.slot {
            match &row[slot] {
                Val::Unbound => {}
                Val::Node(m) if *m == n => {}
                _ => return Ok(false),
            }
        }
        if !self.label_ok(node, n) {
            return Ok(false);
        }
        if node.props.is_empty() {
            return Ok(true);
        }
        self.props_ok(&node.props, &Val::Node(n), row)
    }

    fn rel_ok(&self, rel: &CRel, e: u32, row: &[Val]) -> R<bool> {
        if let (Some(slot), None) = (rel.slot, rel.length) {
            match &row[slot] {
                Val::Unbound => {}
                Val::Rel(x) if *x == e => {}
                _ => return Ok(false),
            }
        }
        self.props_ok(&rel.props, &Val::Rel(e), row)
    }

    fn props_ok(&self, props: &[(PropName, CExpr)], owner: &Val, row: &[Val]) -> R<bool> {
        for (name, want) in props {
            let want = self.eval(want, row)?;
            if let (Some(have), Val::Str(w)) = (self.ev.borrowed_str(owner, name), &want) {
                // a string property compared where it lies (no copy)
                if have != Some(w.as_str()) {
                    return Ok(false);
                }
                continue;
            }
            let have = self.ev.property(owner, name);
            if have.cypher_eq(&want) != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Edges from `n` of the relationship's types, the way it points, with
    /// the node at their other end: ranges of the adjacency arrays.
    fn expand<'a>(&'a self, n: u32, rel: &'a CRel) -> Expand<'a> {
        self.expand_dir(n, rel, rel.direction)
    }

    /// Edges the other way: those that `rel` walks from a node to `n`.
    fn expand_toward<'a>(&'a self, n: u32, rel: &'a CRel) -> Expand<'a> {
        self.expand_dir(n, rel, rel.direction.reverse())
    }

    fn expand_dir<'a>(&'a self, n: u32, rel: &'a CRel, direction: Direction) -> Expand<'a> {
        let v = &self.v;
        let kinds: &'a [u32] = rel.kinds.get_or_init(|| {
            (0..v.rel_kinds.len() as u32)
                .filter(|&k| {
                    rel.types
                        .as_ref()
                        .is_none_or(|t| t.iter().any(|t| t == v.rel_kinds.get(k as usize)))
                })
                .collect()
        });
        Expand {
            adj: &v.adj,
            edge_dst: v.edge_dst,
            node_label: v.node_label,
            node: n,
            kinds,
            next: 0,
            outgoing: direction != Direction::In,
            incoming: direction != Direction::Out,
            out: 0..0,
            in_edges: &[],
            in_from: &[],
        }
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
}

/// The edges of some relation kinds at one node, with the node at their
/// other end: for each kind the range of the edges leaving it, then for
/// each kind the edges entering it (as the directions ask).
struct Expand<'a> {
    adj: &'a crate::graph::Adjacency<'a>,
    edge_dst: &'a [u32],
    node_label: &'a [u32],
    node: u32,
    kinds: &'a [u32],
    /// The next kind to open.
    next: usize,
    /// Still to walk: the outgoing edges (first), the incoming ones.
    outgoing: bool,
    incoming: bool,
    out: std::ops::Range<u32>,
    in_edges: &'a [u32],
    in_from: &'a [u32],
}

impl Iterator for Expand<'_> {
    type Item = (u32, u32);

    #[inline]
    fn next(&mut self) -> Option<(u32, u32)> {
        loop {
            if let Some(e) = self.out.next() {
                // the label of a node a few edges ahead, read by the next checks
                if let Some(&ahead) = self.edge_dst.get(e as usize + AHEAD) {
                    if let Some(l) = self.node_label.get(ahead as usize) {
                        crate::graph::prefetch(l);
                    }
                }
                return Some((e, self.edge_dst[e as usize]));
            }
            if let (Some((&e, es)), Some((&from, fs))) =
                (self.in_edges.split_first(), self.in_from.split_first())
            {
                self.in_edges = es;
                self.in_from = fs;
                return Some((e, from));
            }
            if self.next == self.kinds.len() {
                if !(self.outgoing && self.incoming) {
                    return None;
                }
                // the outgoing edges are done: the incoming ones
                self.outgoing = false;
                self.next = 0;
                continue;
            }
            let k = self.kinds[self.next];
            self.next += 1;
            if self.outgoing {
                self.out = self.adj.out(k, self.node);
            } else {
                (self.in_edges, self.in_from) = self.adj.inc_with_sources(k, self.node);
            }
        }
    }
}

/// How many edges ahead [`Expand`] asks for the label of the node at their end.
const AHEAD: usize = 8;

/// A WITH or RETURN taking its input rows one at a time.
struct Projector<'p> {
    st: &'p ProjectStage,
    /// (output row, sort keys)
    out: Vec<(Vec<Val>, Vec<Val>)>,
    groups: Vec<(Vec<Val>, Vec<AggState>)>,
    index: BTreeMap<Key, usize>,
    /// The slots the grouping keys read, and for the last row grouped, their
    /// values and its group: rows found one after another often share them.
    key_slots: Vec<usize>,
    last: Option<(Vec<Val>, usize)>,
    /// Rows streamed (for SKIP and LIMIT).
    seen: usize,
    sent: usize,
}

impl<'p> Projector<'p> {
    fn new(st: &'p ProjectStage) -> Projector<'p> {
        let mut p = Projector {
            st,
            out: Vec::new(),
            groups: Vec::new(),
            index: BTreeMap::new(),
            key_slots: Vec::new(),
            last: None,
            seen: 0,
            sent: 0,
        };
        if let ProjectBody::Aggregate { keys, aggs, .. } = &st.body {
            if keys.is_empty() {
                p.groups
                    .push((Vec::new(), aggs.iter().map(AggState::new).collect()));
                p.index.insert(Key(Vec::new()), 0);
            }
            for k in keys {
                slots_read(k, &mut p.key_slots);
            }
            p.key_slots.sort_unstable();
            p.key_slots.dedup();
        }
        p
    }

    /// Whether rows can go out as they come: a plain projection, not
    /// distinct, not sorted.
    fn streams(&self) -> bool {
        matches!(self.st.body, ProjectBody::Plain(_))
            && !self.st.distinct
            && self.st.order.is_empty()
    }

    /// Project a row and hand it on (with SKIP, LIMIT and WHERE); false
    /// once the limit is reached or `out` says stop.
    fn stream(&mut self, ex: &Exec<'_>, row: &[Val], times: u64, out: &mut dyn Sink) -> R<bool> {
        let ProjectBody::Plain(items) = &self.st.body else {
            unreachable!("only plain projections stream")
        };
        for _ in 0..times {
            if self.st.limit.is_some_and(|l| self.sent >= l) {
                return Ok(false);
            }
            self.seen += 1;
            if self.seen <= self.st.skip.unwrap_or(0) {
                continue;
            }
            self.sent += 1;
            let go = match &self.st.filter {
                None => out.project(&ex.ev, items, row)?,
                Some(f) => {
                    let o = items
                        .iter()
                        .map(|e| ex.eval(e, row))
                        .collect::<R<Vec<_>>>()?;
                    if ex.eval(f, &o)? != Val::Bool(true) {
                        continue;
                    }
                    out.row(o)
                }
            };
            if !go {
                return Ok(false);
            }
        }
        Ok(self.st.limit.is_none_or(|l| self.sent < l))
    }

    fn push(&mut self, ex: &Exec<'_>, row: &[Val], times: u64) -> R<()> {
        match &self.st.body {
            ProjectBody::Plain(items) => {
                let o = items
                    .iter()
                    .map(|e| ex.eval(e, row))
                    .collect::<R<Vec<_>>>()?;
                let keys = if self.st.order_extended {
                    let mut ext = row.to_vec();
                    ext.extend(o.iter().cloned());
                    self.st
                        .order
                        .iter()
                        .map(|(e, _)| ex.eval(e, &ext))
                        .collect::<R<Vec<_>>>()?
                } else {
                    Vec::new()
                };
                for _ in 1..times {
                    self.out.push((o.clone(), keys.clone()));
                }
                self.out.push((o, keys));
            }
            ProjectBody::Aggregate { keys, aggs, .. } => {
                let cached = self.last.as_ref().and_then(|(vals, g)| {
                    self.key_slots
                        .iter()
                        .zip(vals)
                        .all(|(&s, v)| row[s] == *v)
                        .then_some(*g)
                });
                let g = match cached {
                    Some(g) => g,
                    None => {
                        let kv = keys
                            .iter()
                            .map(|e| ex.eval(e, row))
                            .collect::<R<Vec<_>>>()?;
                        let key = Key(kv);
                        let g = match self.index.get(&key) {
                            Some(&g) => g,
                            None => {
                                let kv = key.0.clone();
                                self.index.insert(key, self.groups.len());
                                self.groups
                                    .push((kv, aggs.iter().map(AggState::new).collect()));
                                self.groups.len() - 1
                            }
                        };
                        self.last =
                            Some((self.key_slots.iter().map(|&s| row[s].clone()).collect(), g));
                        g
                    }
                };
                for (agg, state) in aggs.iter().zip(&mut self.groups[g].1) {
                    let v = match &agg.arg {
                        Some(a) => Some(ex.eval(a, row)?),
                        None => None,
                    };
                    state.add(v, times, agg, ex)?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self, ex: &Exec<'_>) -> R<Vec<Vec<Val>>> {
        let st = self.st;
        if let ProjectBody::Aggregate { aggs, outputs, .. } = &st.body {
            for (kv, states) in std::mem::take(&mut self.groups) {
                let mut ext = kv;
                for (s, agg) in states.into_iter().zip(aggs) {
                    ext.push(s.finish(agg));
                }
                let o = outputs
                    .iter()
                    .map(|e| ex.eval(e, &ext))
                    .collect::<R<Vec<_>>>()?;
                self.out.push((o, Vec::new()));
            }
        }
        let mut out = self.out;
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
                        .map(|(e, _)| ex.eval(e, o))
                        .collect::<R<Vec<_>>>()?;
                }
            }
            let cmp = |(_, a): &(Vec<Val>, Vec<Val>), (_, b): &(Vec<Val>, Vec<Val>)| {
                for ((x, y), (_, desc)) in a.iter().zip(b).zip(&st.order) {
                    let o = x.total_cmp(y);
                    let o = if *desc { o.reverse() } else { o };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            };
            // a LIMIT only needs the first rows in order
            let keep = st
                .limit
                .map(|l| l.saturating_add(st.skip.unwrap_or(0)))
                .filter(|&k| k < out.len());
            if let Some(k) = keep {
                if k > 0 {
                    out.select_nth_unstable_by(k - 1, cmp);
                }
                out.truncate(k);
            }
            out.sort_by(cmp);
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
                if ex.eval(f, &r)? == Val::Bool(true) {
                    kept.push(r);
                }
            }
            rows = kept;
        }
        Ok(rows)
    }
}

/// From which step of its last path a MATCH followed by `after` may count
/// the ways to finish a match instead of binding them: the steps from
/// there on are of fixed length and name no variable that `after` reads
/// (a following WITH or RETURN; anything else reads every variable), and
/// there is no WHERE. Each such match is handed on once, with how many
/// ways it has.
pub(crate) fn counted_from(m: &MatchStage, after: Option<&Stage>) -> Option<usize> {
    if m.filter.is_some() {
        return None;
    }
    let path = m.paths.last()?;
    let mut read = Vec::new();
    match after {
        Some(Stage::Project(p)) => project_reads(p, &mut read),
        _ => read.extend(0..m.width),
    }
    let unread = |slot: Option<usize>| slot.is_none_or(|s| !read.contains(&s));
    let mut from = None;
    for (i, (rel, next)) in path.steps.iter().enumerate().rev() {
        if rel.length.is_some() || !unread(rel.slot) || !unread(next.slot) {
            break;
        }
        from = Some(i);
    }
    from
}

/// The slots of its input row a WITH or RETURN reads.
fn project_reads(p: &ProjectStage, out: &mut Vec<usize>) {
    match &p.body {
        ProjectBody::Plain(items) => items.iter().for_each(|e| slots_read(e, out)),
        ProjectBody::Aggregate { keys, aggs, .. } => {
            keys.iter().for_each(|e| slots_read(e, out));
            aggs.iter()
                .filter_map(|a| a.arg.as_ref())
                .for_each(|e| slots_read(e, out));
        }
    }
    if p.order_extended {
        p.order.iter().for_each(|(e, _)| slots_read(e, out));
    }
}

/// The slots an expression reads.
fn slots_read(e: &CExpr, out: &mut Vec<usize>) {
    match e {
        CExpr::Lit(_) => {}
        CExpr::Slot(i) => out.push(*i),
        CExpr::Prop(b, _) | CExpr::Not(b) | CExpr::Neg(b, _) | CExpr::IsNull(b, _) => {
            slots_read(b, out)
        }
        CExpr::List(items) | CExpr::Func(_, items, _) => {
            for i in items {
                slots_read(i, out);
            }
        }
        CExpr::Bin(_, a, b, _) | CExpr::Regex(a, b, _, _) => {
            slots_read(a, out);
            slots_read(b, out);
        }
    }
}

/// Set a slot that is not bound yet; returns whether to unbind it after.
#[inline]
fn bind(row: &mut [Val], slot: Option<usize>, v: Val) -> bool {
    match slot {
        Some(slot) if matches!(row[slot], Val::Unbound) => {
            row[slot] = v;
            true
        }
        _ => false,
    }
}

#[inline]
fn unbind(row: &mut [Val], slot: Option<usize>, bound: bool) {
    if let (Some(slot), true) = (slot, bound) {
        row[slot] = Val::Unbound;
    }
}

/// One aggregate being folded.
struct AggState {
    seen: Option<BTreeSet<Key>>,
    count: i64,
    int_sum: i64,
    float_sum: f64,
    floats: bool,
    /// The smallest or largest value so far (`min`, `max`).
    best: Option<Val>,
    /// Every value (`collect`).
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
            best: None,
            items: Vec::new(),
        }
    }

    /// Fold in a value found `times` times (`None` for `count(*)`).
    fn add(&mut self, v: Option<Val>, times: u64, call: &AggCall, ex: &Exec<'_>) -> R<()> {
        let overflow = || ex.err(&call.span, "integer overflow in the sum");
        let times_i = i64::try_from(times).map_err(|_| overflow())?;
        let Some(v) = v else {
            // count(*)
            self.count = self.count.checked_add(times_i).ok_or_else(overflow)?;
            return Ok(());
        };
        if v.is_null() {
            return Ok(());
        }
        let times_i = if let Some(seen) = &mut self.seen {
            if !seen.insert(Key(vec![v.clone()])) {
                return Ok(());
            }
            1
        } else {
            times_i
        };
        self.count = self.count.checked_add(times_i).ok_or_else(overflow)?;
        match &v {
            Val::Int(i) => {
                match i
                    .checked_mul(times_i)
                    .and_then(|x| self.int_sum.checked_add(x))
                {
                    Some(s) if !self.floats => self.int_sum = s,
                    Some(_) => {}
                    None if self.floats => {}
                    None => return Err(overflow()),
                }
                self.float_sum += *i as f64 * times_i as f64;
            }
            Val::Float(f) => {
                self.floats = true;
                self.float_sum += f * times_i as f64;
            }
            _ => {}
        }
        match call.func {
            AggFunc::Min | AggFunc::Max => {
                let want = if call.func == AggFunc::Min {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                let better = match &self.best {
                    None => true,
                    Some(best) => v.cypher_cmp(best).unwrap_or_else(|| v.total_cmp(best)) == want,
                };
                if better {
                    self.best = Some(v);
                }
            }
            AggFunc::Collect => {
                for _ in 1..times_i {
                    self.items.push(v.clone());
                }
                self.items.push(v);
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self, call: &AggCall) -> Val {
        match call.func {
            AggFunc::Count => Val::Int(self.count),
            AggFunc::Sum if self.floats => Val::Float(self.float_sum),
            AggFunc::Sum => Val::Int(self.int_sum),
            AggFunc::Avg if self.count == 0 => Val::Null,
            AggFunc::Avg => Val::Float(self.float_sum / self.count as f64),
            AggFunc::Min | AggFunc::Max => self.best.unwrap_or(Val::Null),
            AggFunc::Collect => Val::List(self.items),
        }
    }
}

/// A runtime value as a result value, graph elements with their properties.
pub(crate) fn into_value(v: Val, g: &StoreView<'_>) -> Value {
    match v {
        Val::Unbound | Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(b),
        Val::Int(i) => Value::Int(i),
        Val::Float(f) => Value::Float(f),
        Val::Str(s) => Value::String(s),
        Val::List(items) => Value::List(items.into_iter().map(|i| into_value(i, g)).collect()),
        Val::Node(n) => Value::Node(node_value(g, n)),
        Val::Rel(e) => Value::Relationship(relationship_value(g, e)),
        Val::Path(edges) => Value::List(
            edges
                .into_iter()
                .map(|e| Value::Relationship(relationship_value(g, e)))
                .collect(),
        ),
    }
}

/// Node `n` with every property.
pub(crate) fn node_value(g: &StoreView<'_>, n: u32) -> NodeValue {
    let props: &[(&str, _)] = if g.is_metric(n) {
        super::catalog::METRIC_PROPERTIES
    } else {
        super::catalog::ENTITY_PROPERTIES
    };
    let properties = props
        .iter()
        .map(|(name, _)| {
            let p = PropName {
                name: name.to_string(),
                attr_keys: Vec::new(),
            };
            let v = super::eval::property(g, &Val::Node(n), &p);
            (name.to_string(), into_value(v, g))
        })
        .collect();
    NodeValue {
        id: g.node_id.get(n as usize).to_string(),
        label: g.label(n).unwrap_or("").to_string(),
        properties,
    }
}

/// Edge `e` with every property.
pub(crate) fn relationship_value(g: &StoreView<'_>, e: u32) -> RelationshipValue {
    let kind = g
        .rel_kinds
        .get(g.edge_kind[e as usize] as usize)
        .to_string();
    let mut properties: BTreeMap<String, Value> = g
        .attrs(e)
        .map(|(k, v)| {
            let p = attribute_property(k);
            let v = super::catalog::attribute_value(&p, v);
            (p, v)
        })
        .collect();
    properties.insert("kind".into(), Value::String(kind.clone()));
    properties.insert("evidence".into(), Value::Int(g.evidence_count(e) as i64));
    properties.insert(
        "documents".into(),
        Value::Int(g.edge_docs[e as usize] as i64),
    );
    properties.insert(
        "confidence".into(),
        g.edge_confidence(e).map_or(Value::Null, Value::Float),
    );
    RelationshipValue {
        kind,
        from: g.node_id.get(g.edge_src[e as usize] as usize).to_string(),
        to: g.node_id.get(g.edge_dst[e as usize] as usize).to_string(),
        properties,
    }
}
