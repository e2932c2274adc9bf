//! The planner: a syntax tree checked against the [`Catalog`] and turned
//! into stages over rows of slots. Every name is resolved and every
//! expression typed here, so type errors point at the query text before
//! anything runs.

use super::ast::{self, BinOp, Clause, Direction, Expr, ExprKind, Literal, Name};
use super::catalog::{entity_property, metric_property, Catalog, PropType, METRIC_LABEL};
use super::error::{QueryError, QueryErrorKind, Span};
use super::expr::{CExpr, Func, PropName};
use super::memo::CountMemo;
use super::value::{Val, Value};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::fmt;

/// Longest path a variable-length pattern without an upper bound walks.
pub(crate) const MAX_PATH: u32 = 30;

/// A query ready to run.
#[derive(Debug)]
pub(crate) struct Plan {
    pub stages: Vec<Stage>,
    pub columns: Vec<String>,
}

#[derive(Debug)]
pub(crate) enum Stage {
    Match(MatchStage),
    /// Append one slot per element of the list.
    Unwind(CExpr),
    Project(ProjectStage),
}

#[derive(Debug)]
pub(crate) struct MatchStage {
    pub optional: bool,
    pub paths: Vec<CPath>,
    pub filter: Option<CExpr>,
    pub width: usize,
    pub span: Span,
    /// From which step of the last path on the executor counts the ways to
    /// finish a match instead of binding them, because nothing after the
    /// MATCH reads those variables (filled by the executor, see
    /// `exec::counted_from`: it depends on the stage after the MATCH).
    pub counted_from: OnceCell<Option<usize>>,
}

#[derive(Debug)]
pub(crate) struct CPath {
    pub start: CNode,
    pub steps: Vec<(CRel, CNode)>,
    /// Where the path may start when the WHERE is an `OR` of id conditions
    /// on its ends (`a.id = $x OR b.id = $x`): every match has its start
    /// among these, so only they are tried (the WHERE still decides).
    pub anchors: Option<Vec<Anchor>>,
}

/// A node a path may start at, found by id.
#[derive(Debug)]
pub(crate) enum Anchor {
    /// The node with this id.
    Node(CExpr),
    /// The nodes one step before the node with this id.
    Before(CExpr),
}

#[derive(Debug)]
pub(crate) struct CNode {
    pub slot: Option<usize>,
    /// `None`: any label.
    pub labels: Option<Vec<String>>,
    pub props: Vec<(PropName, CExpr)>,
    /// `labels` against the graph's labels, by label number (filled by the
    /// executor on first use: a plan runs on one graph).
    pub label_mask: OnceCell<Vec<bool>>,
}

#[derive(Debug)]
pub(crate) struct CRel {
    pub slot: Option<usize>,
    /// `None`: any type.
    pub types: Option<Vec<String>>,
    pub direction: Direction,
    /// `(min, max)` for a variable-length pattern.
    pub length: Option<(u32, u32)>,
    pub props: Vec<(PropName, CExpr)>,
    /// The path was planned from its other end: a variable-length
    /// relationship list is reversed back to the written order.
    pub reversed: bool,
    /// The numbers of the store's relation kinds `types` names (every kind
    /// when `None`; filled by the executor on first use: a plan runs on one
    /// store).
    pub kinds: OnceCell<Vec<u32>>,
    /// When this is the last step of a pattern and only counted: the
    /// counts per start node found so far (filled by the executor).
    pub counts: RefCell<CountMemo>,
}

#[derive(Debug)]
pub(crate) struct ProjectStage {
    pub distinct: bool,
    pub body: ProjectBody,
    pub order: Vec<(CExpr, bool)>,
    /// Sort keys read the input row followed by the output row (a plain
    /// projection); otherwise only the output row.
    pub order_extended: bool,
    pub skip: Option<usize>,
    pub limit: Option<usize>,
    pub filter: Option<CExpr>,
}

#[derive(Debug)]
pub(crate) enum ProjectBody {
    Plain(Vec<CExpr>),
    /// Group by `keys`, fold `aggs`, then compute `outputs` over
    /// `[key values…, aggregate values…]`.
    Aggregate {
        keys: Vec<CExpr>,
        aggs: Vec<AggCall>,
        outputs: Vec<CExpr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AggFunc {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Collect,
}

#[derive(Debug)]
pub(crate) struct AggCall {
    pub func: AggFunc,
    pub distinct: bool,
    /// `None` for `count(*)`.
    pub arg: Option<CExpr>,
    pub span: Span,
}

/// Scalar functions by lower-case name, with their argument counts.
const FUNCTIONS: &[(&str, Func, usize, usize)] = &[
    ("tolower", Func::Lower, 1, 1),
    ("lower", Func::Lower, 1, 1),
    ("toupper", Func::Upper, 1, 1),
    ("upper", Func::Upper, 1, 1),
    ("trim", Func::Trim, 1, 1),
    ("ltrim", Func::LTrim, 1, 1),
    ("rtrim", Func::RTrim, 1, 1),
    ("size", Func::Size, 1, 1),
    ("length", Func::Length, 1, 1),
    ("coalesce", Func::Coalesce, 1, usize::MAX),
    ("abs", Func::Abs, 1, 1),
    ("floor", Func::Floor, 1, 1),
    ("ceil", Func::Ceil, 1, 1),
    ("sqrt", Func::Sqrt, 1, 1),
    ("round", Func::Round, 1, 2),
    ("reverse", Func::Reverse, 1, 1),
    ("left", Func::Left, 2, 2),
    ("right", Func::Right, 2, 2),
];

const AGGREGATES: &[(&str, AggFunc)] = &[
    ("count", AggFunc::Count),
    ("sum", AggFunc::Sum),
    ("avg", AggFunc::Avg),
    ("min", AggFunc::Min),
    ("max", AggFunc::Max),
    ("collect", AggFunc::Collect),
];

/// Static types.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Any,
    Null,
    Bool,
    Int,
    Float,
    Str,
    List(Box<Ty>),
    Node { entity: bool, metric: bool },
    Rel,
    Path,
}

impl Ty {
    fn numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }

    fn loose(&self) -> bool {
        matches!(self, Ty::Any | Ty::Null)
    }

    fn of(p: PropType) -> Ty {
        match p {
            PropType::String => Ty::Str,
            PropType::Int => Ty::Int,
            PropType::Float => Ty::Float,
            PropType::StringList => Ty::List(Box::new(Ty::Str)),
        }
    }

    /// The type of values that may be either.
    fn unify(a: &Ty, b: &Ty) -> Ty {
        match (a, b) {
            (Ty::Null, t) | (t, Ty::Null) => t.clone(),
            (x, y) if x == y => x.clone(),
            (x, y) if x.numeric() && y.numeric() => Ty::Float,
            (
                Ty::Node {
                    entity: a,
                    metric: b,
                },
                Ty::Node {
                    entity: c,
                    metric: d,
                },
            ) => Ty::Node {
                entity: *a || *c,
                metric: *b || *d,
            },
            (Ty::List(x), Ty::List(y)) => Ty::List(Box::new(Ty::unify(x, y))),
            _ => Ty::Any,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Any => f.write_str("a value"),
            Ty::Null => f.write_str("null"),
            Ty::Bool => f.write_str("a boolean"),
            Ty::Int => f.write_str("an integer"),
            Ty::Float => f.write_str("a float"),
            Ty::Str => f.write_str("a string"),
            Ty::List(_) => f.write_str("a list"),
            Ty::Node { .. } => f.write_str("a node"),
            Ty::Rel => f.write_str("a relationship"),
            Ty::Path => f.write_str("a variable-length relationship"),
        }
    }
}

fn comparable(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (x, y) if x.loose() || y.loose() => true,
        (x, y) if x.numeric() && y.numeric() => true,
        (Ty::List(x), Ty::List(y)) => comparable(x, y),
        (Ty::Node { .. }, Ty::Node { .. }) => true,
        (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y),
    }
}

fn orderable(a: &Ty, b: &Ty) -> bool {
    let ok = |t: &Ty| t.loose() || t.numeric() || matches!(t, Ty::Str | Ty::Bool);
    ok(a) && ok(b) && comparable(a, b)
}

#[derive(Debug, Clone)]
struct Var {
    name: String,
    slot: usize,
    ty: Ty,
}

/// The variables of the current row.
#[derive(Debug, Clone, Default)]
struct Scope {
    vars: Vec<Var>,
    width: usize,
}

impl Scope {
    fn get(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    fn add(&mut self, name: &str, ty: Ty) -> usize {
        let slot = self.width;
        self.width += 1;
        self.vars.push(Var {
            name: name.to_string(),
            slot,
            ty,
        });
        slot
    }
}

/// Parameters of a query (`$name`).
pub type Params = BTreeMap<String, Value>;

/// Check a parsed query and plan it.
pub(crate) fn plan(
    text: &str,
    query: &ast::Query,
    catalog: &Catalog,
    params: &Params,
) -> Result<Plan, QueryError> {
    let p = Planner {
        text,
        catalog,
        params,
    };
    p.query(query)
}

struct Planner<'a> {
    text: &'a str,
    catalog: &'a Catalog,
    params: &'a Params,
}

type R<T> = Result<T, QueryError>;

impl Planner<'_> {
    fn err(&self, span: Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Type, self.text, span, msg)
    }

    fn src(&self, span: &Span) -> &str {
        self.text[span.clone()].trim()
    }

    fn query(&self, q: &ast::Query) -> R<Plan> {
        let mut scope = Scope::default();
        let mut stages = Vec::new();
        let mut columns = Vec::new();
        for clause in &q.clauses {
            match clause {
                Clause::Match {
                    optional,
                    patterns,
                    filter,
                } => {
                    let before_clause = scope.clone();
                    let stage = match push_down(patterns, filter.as_ref(), &scope) {
                        Some((moved, rest)) => {
                            // checked as written first, so errors point at what was written
                            let mut probe = scope.clone();
                            self.match_clause(*optional, patterns, filter.as_ref(), &mut probe)?;
                            self.match_clause(*optional, &moved, rest.as_ref(), &mut scope)?
                        }
                        None => {
                            self.match_clause(*optional, patterns, filter.as_ref(), &mut scope)?
                        }
                    };
                    let mut stage = stage;
                    if let (Some(f), [p]) = (filter.as_ref(), patterns.as_slice()) {
                        if stage.paths.len() == 1 && stage.paths[0].anchors.is_none() {
                            let reversed =
                                stage.paths[0].steps.first().is_some_and(|s| s.0.reversed);
                            stage.paths[0].anchors =
                                self.or_anchors(p, f, &before_clause)?.map(|anchors| {
                                    // a path planned from its end starts at the other node
                                    anchors
                                        .into_iter()
                                        .map(|a| match (a, reversed) {
                                            (Anchor::Node(e), true) => Anchor::Before(e),
                                            (Anchor::Before(e), true) => Anchor::Node(e),
                                            (a, false) => a,
                                        })
                                        .collect()
                                });
                        }
                    }
                    stages.push(Stage::Match(stage));
                }
                Clause::Unwind { expr, var } => {
                    let (c, ty) = self.expr(expr, &scope)?;
                    let elem = match ty {
                        Ty::List(e) => *e,
                        Ty::Any | Ty::Null => Ty::Any,
                        other => other,
                    };
                    self.fresh(var, &scope)?;
                    scope.add(&var.name, elem);
                    stages.push(Stage::Unwind(c));
                }
                Clause::With { projection, filter } => {
                    let (mut stage, new_scope, _) = self.projection(projection, &scope, false)?;
                    if let Some(f) = filter {
                        stage.filter = Some(self.condition(f, &new_scope, "WHERE")?);
                    }
                    scope = new_scope;
                    stages.push(Stage::Project(stage));
                }
                Clause::Return { projection } => {
                    let (stage, _, cols) = self.projection(projection, &scope, true)?;
                    columns = cols;
                    stages.push(Stage::Project(stage));
                }
            }
        }
        Ok(Plan { stages, columns })
    }

    /// The anchors of a one-step path whose WHERE is an `OR` of terms that
    /// each hold `start.id = value` or `end.id = value` (as an `AND` term),
    /// the values reading only earlier variables; `None` otherwise.
    fn or_anchors(
        &self,
        p: &ast::PathPattern,
        filter: &Expr,
        before: &Scope,
    ) -> R<Option<Vec<Anchor>>> {
        let ExprKind::Binary(BinOp::Or, ..) = &filter.kind else {
            return Ok(None);
        };
        let [(rel, end)] = p.steps.as_slice() else {
            return Ok(None);
        };
        if rel.length.is_some() {
            return Ok(None);
        }
        let (Some(start_var), Some(end_var)) = (&p.start.var, &end.var) else {
            return Ok(None);
        };
        let mut disjuncts = Vec::new();
        disjunct_terms(filter, &mut disjuncts);
        let mut anchors = Vec::new();
        for d in disjuncts {
            let mut terms = Vec::new();
            conjuncts(d, &mut terms);
            let found = terms.iter().find_map(|t| {
                let ExprKind::Binary(BinOp::Eq, a, b) = &t.kind else {
                    return None;
                };
                [(a, b), (b, a)].into_iter().find_map(|(prop, value)| {
                    let ExprKind::Prop(owner, key) = &prop.kind else {
                        return None;
                    };
                    let ExprKind::Var(v) = &owner.kind else {
                        return None;
                    };
                    let mut own = false;
                    value.walk(&mut |x| {
                        if let ExprKind::Var(w) = &x.kind {
                            own |= before.get(w).is_none();
                        }
                        own |= matches!(x.kind, ExprKind::CountStar)
                            || matches!(&x.kind, ExprKind::Call { name, .. } if aggregate_func(&name.name).is_some());
                    });
                    (key.name == "id" && !own && (*v == start_var.name || *v == end_var.name))
                        .then(|| (*v == start_var.name, (**value).clone()))
                })
            });
            let Some((at_start, value)) = found else {
                return Ok(None);
            };
            let (c, _) = self.expr(&value, before)?;
            anchors.push(if at_start {
                Anchor::Node(c)
            } else {
                Anchor::Before(c)
            });
        }
        Ok(Some(anchors))
    }

    fn fresh(&self, var: &Name, scope: &Scope) -> R<()> {
        if scope.get(&var.name).is_some() {
            return Err(self.err(
                var.span.clone(),
                format!("variable `{}` is already defined", var.name),
            ));
        }
        Ok(())
    }

    /// A WHERE condition: a boolean without aggregates.
    fn condition(&self, e: &Expr, scope: &Scope, clause: &str) -> R<CExpr> {
        self.no_aggregate(e, clause)?;
        let (c, ty) = self.expr(e, scope)?;
        if !(ty == Ty::Bool || ty.loose()) {
            return Err(self.err(
                e.span.clone(),
                format!(
                    "{clause} needs a boolean, but `{}` is {ty}",
                    self.src(&e.span)
                ),
            ));
        }
        Ok(c)
    }

    fn no_aggregate(&self, e: &Expr, place: &str) -> R<()> {
        if let Some(a) = find_aggregate(e) {
            return Err(self.err(
                a.span.clone(),
                format!(
                    "aggregate `{}` is not allowed in {place}",
                    self.src(&a.span)
                ),
            ));
        }
        Ok(())
    }

    fn match_clause(
        &self,
        optional: bool,
        patterns: &[ast::PathPattern],
        filter: Option<&Expr>,
        scope: &mut Scope,
    ) -> R<MatchStage> {
        let before = scope.clone();
        let mut rel_vars: Vec<&Name> = Vec::new();
        let mut paths = Vec::new();
        for p in patterns {
            let anchored = |n: &ast::NodePattern, scope: &Scope| {
                !n.props.is_empty() || n.var.as_ref().is_some_and(|v| scope.get(&v.name).is_some())
            };
            let end = p.steps.last().map(|s| &s.1);
            let reverse = end.is_some_and(|end| {
                let (a, b) = (anchored(&p.start, scope), anchored(end, scope));
                !a && (b || (p.start.labels.is_empty() && !end.labels.is_empty()))
            });
            let start = self.node(&p.start, scope, &before)?;
            let mut steps = Vec::new();
            for (r, n) in &p.steps {
                if let Some(v) = &r.var {
                    if rel_vars.iter().any(|x| x.name == v.name) {
                        return Err(self.err(
                            v.span.clone(),
                            format!(
                                "relationship variable `{}` is used twice in one MATCH",
                                v.name
                            ),
                        ));
                    }
                    rel_vars.push(v);
                }
                let rel = self.rel(r, scope, &before)?;
                let node = self.node(n, scope, &before)?;
                steps.push((rel, node));
            }
            let mut path = CPath {
                start,
                steps,
                anchors: None,
            };
            if reverse {
                path = reverse_path(path);
            }
            paths.push(path);
        }
        let filter = filter
            .map(|f| self.condition(f, scope, "WHERE"))
            .transpose()?;
        let first = patterns[0].start.span.start;
        let last = patterns
            .last()
            .map(|p| p.steps.last().map_or(p.start.span.end, |s| s.1.span.end))
            .unwrap_or(first);
        Ok(MatchStage {
            optional,
            paths,
            filter,
            width: scope.width,
            span: first..last,
            counted_from: OnceCell::new(),
        })
    }

    fn node(&self, n: &ast::NodePattern, scope: &mut Scope, before: &Scope) -> R<CNode> {
        let mut entity = n.labels.is_empty();
        let mut metric = n.labels.is_empty();
        for l in &n.labels {
            if !self.catalog.has_node_label(&l.name) {
                let known: Vec<&str> = self.catalog.node_labels().collect();
                return Err(self.err(
                    l.span.clone(),
                    format!("unknown label `{}` (labels: {})", l.name, known.join(", ")),
                ));
            }
            if l.name == METRIC_LABEL {
                metric = true;
            } else {
                entity = true;
            }
        }
        let ty = Ty::Node { entity, metric };
        let slot = match &n.var {
            None => None,
            Some(v) => match scope.get(&v.name) {
                Some(var) => {
                    if !matches!(var.ty, Ty::Node { .. } | Ty::Any | Ty::Null) {
                        return Err(self.err(
                            v.span.clone(),
                            format!("`{}` is {}, not a node", v.name, var.ty),
                        ));
                    }
                    Some(var.slot)
                }
                None => Some(scope.add(&v.name, ty.clone())),
            },
        };
        let props = self.pattern_props(&n.props, &ty, before, scope)?;
        Ok(CNode {
            slot,
            labels: (!n.labels.is_empty())
                .then(|| n.labels.iter().map(|l| l.name.clone()).collect()),
            props,
            label_mask: OnceCell::new(),
        })
    }

    fn rel(&self, r: &ast::RelPattern, scope: &mut Scope, before: &Scope) -> R<CRel> {
        for t in &r.types {
            if !self.catalog.has_relationship_type(&t.name) {
                let known: Vec<&str> = self.catalog.relationship_types().collect();
                return Err(self.err(
                    t.span.clone(),
                    format!(
                        "unknown relationship type `{}` (types: {})",
                        t.name,
                        known.join(", ")
                    ),
                ));
            }
        }
        let ty = if r.length.is_some() {
            Ty::Path
        } else {
            Ty::Rel
        };
        let slot = match &r.var {
            None => None,
            Some(v) => match scope.get(&v.name) {
                Some(var) => {
                    if r.length.is_some() || !matches!(var.ty, Ty::Rel | Ty::Any | Ty::Null) {
                        return Err(self.err(
                            v.span.clone(),
                            format!(
                                "`{}` is {}; it cannot name {} here",
                                v.name,
                                var.ty,
                                if r.length.is_some() {
                                    "a variable-length relationship"
                                } else {
                                    "a relationship"
                                }
                            ),
                        ));
                    }
                    Some(var.slot)
                }
                None => Some(scope.add(&v.name, ty)),
            },
        };
        let props = self.pattern_props(&r.props, &Ty::Rel, before, scope)?;
        Ok(CRel {
            slot,
            types: (!r.types.is_empty()).then(|| r.types.iter().map(|t| t.name.clone()).collect()),
            direction: r.direction,
            length: r
                .length
                .map(|(min, max)| (min, max.unwrap_or(MAX_PATH.max(min)))),
            props,
            reversed: false,
            kinds: OnceCell::new(),
            counts: RefCell::default(),
        })
    }

    /// `{key: value}` in a pattern: values may use variables of earlier clauses.
    fn pattern_props(
        &self,
        props: &[(Name, Expr)],
        owner: &Ty,
        before: &Scope,
        now: &Scope,
    ) -> R<Vec<(PropName, CExpr)>> {
        let mut out = Vec::new();
        for (key, value) in props {
            let (name, pty) = self.property(owner, key)?;
            self.no_aggregate(value, "a pattern")?;
            let mut same_clause = None;
            value.walk(&mut |e| {
                if let ExprKind::Var(v) = &e.kind {
                    if same_clause.is_none() && before.get(v).is_none() && now.get(v).is_some() {
                        same_clause = Some((v.clone(), e.span.clone()));
                    }
                }
            });
            if let Some((v, span)) = same_clause {
                return Err(self.err(
                    span,
                    format!(
                        "`{v}` is bound by this MATCH: a property map can only use variables \
                         of earlier clauses; compare in WHERE instead"
                    ),
                ));
            }
            let (c, vty) = self.expr(value, before)?;
            if !comparable(&pty, &vty) {
                return Err(self.err(
                    value.span.clone(),
                    format!(
                        "`{}` is {pty}, but `{}` is {vty}",
                        key.name,
                        self.src(&value.span)
                    ),
                ));
            }
            out.push((name, c));
        }
        Ok(out)
    }

    /// Resolve `owner.key`: the property and its type.
    fn property(&self, owner: &Ty, key: &Name) -> R<(PropName, Ty)> {
        let attr_keys = || {
            self.catalog
                .attribute_keys(&key.name)
                .map(<[String]>::to_vec)
                .unwrap_or_default()
        };
        let name = |keys| PropName {
            name: key.name.clone(),
            attr_keys: keys,
        };
        match owner {
            Ty::Node { entity, metric } => {
                let e = entity.then(|| entity_property(&key.name)).flatten();
                let m = metric.then(|| metric_property(&key.name)).flatten();
                let ty = match (e, m) {
                    (Some(a), Some(b)) if a == b => Ty::of(a),
                    (Some(a), None) | (None, Some(a)) => Ty::of(a),
                    (Some(_), Some(_)) => Ty::Any,
                    (None, None) => {
                        let mut known: Vec<&str> = Vec::new();
                        if *entity {
                            known.extend(super::catalog::ENTITY_PROPERTIES.iter().map(|p| p.0));
                        }
                        if *metric {
                            for p in super::catalog::METRIC_PROPERTIES {
                                if !known.contains(&p.0) {
                                    known.push(p.0);
                                }
                            }
                        }
                        let what = match (entity, metric) {
                            (true, false) => "an entity",
                            (false, true) => "a metric",
                            _ => "a node",
                        };
                        return Err(self.err(
                            key.span.clone(),
                            format!(
                                "{what} has no property `{}` (properties: {})",
                                key.name,
                                known.join(", ")
                            ),
                        ));
                    }
                };
                Ok((name(Vec::new()), ty))
            }
            Ty::Rel => match self.catalog.relationship_property(&key.name) {
                Some(t) => Ok((name(attr_keys()), Ty::of(t))),
                None => {
                    let known: Vec<&str> = self
                        .catalog
                        .relationship_properties()
                        .iter()
                        .map(|p| p.0)
                        .collect();
                    Err(self.err(
                        key.span.clone(),
                        format!(
                            "a relationship has no property `{}` (properties: {})",
                            key.name,
                            known.join(", ")
                        ),
                    ))
                }
            },
            Ty::Any => Ok((name(attr_keys()), Ty::Any)),
            Ty::Null => Ok((name(Vec::new()), Ty::Null)),
            Ty::Path => Err(self.err(
                key.span.clone(),
                "a variable-length relationship has no properties (length(r) counts its steps)",
            )),
            other => Err(self.err(
                key.span.clone(),
                format!("{other} has no properties (looking up `{}`)", key.name),
            )),
        }
    }

    /// Compile `WITH`/`RETURN`: the stage, the scope after it, column names.
    fn projection(
        &self,
        p: &ast::Projection,
        scope: &Scope,
        is_return: bool,
    ) -> R<(ProjectStage, Scope, Vec<String>)> {
        let mut names: Vec<(String, Span)> = Vec::new();
        for item in &p.items {
            let (name, span) = match (&item.alias, &item.expr.kind) {
                (Some(a), _) => (a.name.clone(), a.span.clone()),
                (None, ExprKind::Var(v)) => (v.clone(), item.expr.span.clone()),
                (None, _) if is_return => (item.text.clone(), item.expr.span.clone()),
                (None, _) => {
                    return Err(self.err(
                        item.expr.span.clone(),
                        format!("`{}` in WITH needs a name: add `AS name`", item.text),
                    ))
                }
            };
            if names.iter().any(|(n, _)| *n == name) {
                return Err(self.err(
                    span,
                    format!("`{name}` is returned twice: name the columns apart with AS"),
                ));
            }
            names.push((name, span));
        }
        let aggregating = p.items.iter().any(|i| find_aggregate(&i.expr).is_some());
        let mut out_scope = Scope::default();
        let body;
        let mut order = Vec::new();
        let mut order_extended = false;
        if !aggregating {
            let mut items = Vec::new();
            for (item, (name, _)) in p.items.iter().zip(&names) {
                let (c, ty) = self.expr(&item.expr, scope)?;
                items.push(c);
                out_scope.add(name, ty);
            }
            body = ProjectBody::Plain(items);
            if !p.distinct {
                // ORDER BY sees the variables before the projection and its columns.
                order_extended = true;
                let mut ext = scope.clone();
                for v in &out_scope.vars {
                    ext.add(&v.name, v.ty.clone());
                }
                for s in &p.order {
                    self.no_aggregate(&s.expr, "ORDER BY here (nothing is aggregated)")?;
                    let c = match p.items.iter().position(|i| i.expr.same(&s.expr)) {
                        Some(i) => CExpr::Slot(scope.width + i),
                        None => self.orderable_expr(&s.expr, &ext)?,
                    };
                    order.push((c, s.descending));
                }
            }
        } else {
            let mut keys = Vec::new();
            let mut key_exprs: Vec<&Expr> = Vec::new();
            let mut key_types = Vec::new();
            for item in &p.items {
                if find_aggregate(&item.expr).is_none() {
                    let (c, ty) = self.expr(&item.expr, scope)?;
                    keys.push(c);
                    key_exprs.push(&item.expr);
                    key_types.push(ty);
                }
            }
            let mut aggs = Vec::new();
            let mut outputs = Vec::new();
            let mut k = 0;
            for (item, (name, _)) in p.items.iter().zip(&names) {
                if find_aggregate(&item.expr).is_none() {
                    outputs.push(CExpr::Slot(k));
                    out_scope.add(name, key_types[k].clone());
                    k += 1;
                } else {
                    let (c, ty) =
                        self.aggregate_item(&item.expr, scope, &key_exprs, &key_types, &mut aggs)?;
                    outputs.push(c);
                    out_scope.add(name, ty);
                }
            }
            body = ProjectBody::Aggregate {
                keys,
                aggs,
                outputs,
            };
        }
        if order.is_empty() && !p.order.is_empty() {
            // After DISTINCT or aggregation ORDER BY sees the columns only.
            for s in &p.order {
                let c = match p.items.iter().position(|i| i.expr.same(&s.expr)) {
                    Some(i) => CExpr::Slot(i),
                    None => {
                        self.no_aggregate(&s.expr, "ORDER BY unless it is also returned")?;
                        self.orderable_expr(&s.expr, &out_scope).map_err(|e| {
                            if e.message().contains("is not defined") {
                                self.err(
                                    e_span(&s.expr),
                                    format!(
                                        "after DISTINCT or an aggregate ORDER BY can only use the returned columns: {}",
                                        e.message()
                                    ),
                                )
                            } else {
                                e
                            }
                        })?
                    }
                };
                order.push((c, s.descending));
            }
            order_extended = false;
        }
        let skip = p.skip.as_ref().map(|e| self.count(e, "SKIP")).transpose()?;
        let limit = p
            .limit
            .as_ref()
            .map(|e| self.count(e, "LIMIT"))
            .transpose()?;
        let columns = names.into_iter().map(|(n, _)| n).collect();
        Ok((
            ProjectStage {
                distinct: p.distinct,
                body,
                order,
                order_extended,
                skip,
                limit,
                filter: None,
            },
            out_scope,
            columns,
        ))
    }

    fn orderable_expr(&self, e: &Expr, scope: &Scope) -> R<CExpr> {
        let (c, ty) = self.expr(e, scope)?;
        if matches!(ty, Ty::Node { .. } | Ty::Rel | Ty::Path) {
            return Err(self.err(
                e.span.clone(),
                format!("cannot sort by {ty}: sort by one of its properties"),
            ));
        }
        Ok(c)
    }

    /// A SKIP or LIMIT: a constant integer, zero or more.
    fn count(&self, e: &Expr, what: &str) -> R<usize> {
        let (c, _) = self
            .expr(e, &Scope::default())
            .map_err(|_| self.err(e.span.clone(), format!("{what} needs a constant number")))?;
        let v = super::eval::eval_constant(&c, self.text)?;
        match v {
            Val::Int(i) if i >= 0 => Ok(i as usize),
            _ => Err(self.err(
                e.span.clone(),
                format!("{what} needs an integer of zero or more"),
            )),
        }
    }

    /// An item with aggregates: aggregate calls become slots after the keys;
    /// what is around them may only use grouping keys.
    fn aggregate_item(
        &self,
        e: &Expr,
        scope: &Scope,
        keys: &[&Expr],
        key_types: &[Ty],
        aggs: &mut Vec<AggCall>,
    ) -> R<(CExpr, Ty)> {
        if let Some(i) = keys.iter().position(|k| k.same(e)) {
            return Ok((CExpr::Slot(i), key_types[i].clone()));
        }
        let slot = |aggs: &Vec<AggCall>| CExpr::Slot(keys.len() + aggs.len());
        match &e.kind {
            ExprKind::CountStar => {
                let c = slot(aggs);
                aggs.push(AggCall {
                    func: AggFunc::Count,
                    distinct: false,
                    arg: None,
                    span: e.span.clone(),
                });
                Ok((c, Ty::Int))
            }
            ExprKind::Call {
                name,
                distinct,
                args,
            } if aggregate_func(&name.name).is_some() => {
                let func = aggregate_func(&name.name).expect("checked");
                if args.len() != 1 {
                    return Err(self.err(
                        e.span.clone(),
                        format!("`{}` takes one argument, got {}", name.name, args.len()),
                    ));
                }
                self.no_aggregate(&args[0], "another aggregate")?;
                let (arg, ty) = self.expr(&args[0], scope)?;
                let out = match func {
                    AggFunc::Count => Ty::Int,
                    AggFunc::Sum | AggFunc::Avg => {
                        if !(ty.numeric() || ty.loose()) {
                            return Err(self.err(
                                args[0].span.clone(),
                                format!(
                                    "`{}` adds numbers, but `{}` is {ty}",
                                    name.name,
                                    self.src(&args[0].span)
                                ),
                            ));
                        }
                        if func == AggFunc::Avg || ty != Ty::Int {
                            if ty == Ty::Int || ty == Ty::Float {
                                Ty::Float
                            } else {
                                Ty::Any
                            }
                        } else {
                            Ty::Int
                        }
                    }
                    AggFunc::Min | AggFunc::Max => {
                        if !orderable(&ty, &ty) {
                            return Err(self.err(
                                args[0].span.clone(),
                                format!(
                                    "`{}` compares numbers or strings, but `{}` is {ty}",
                                    name.name,
                                    self.src(&args[0].span)
                                ),
                            ));
                        }
                        ty
                    }
                    AggFunc::Collect => Ty::List(Box::new(ty)),
                };
                let c = slot(aggs);
                aggs.push(AggCall {
                    func,
                    distinct: *distinct,
                    arg: Some(arg),
                    span: e.span.clone(),
                });
                Ok((c, out))
            }
            ExprKind::Var(_) | ExprKind::Prop(..) => Err(self.err(
                e.span.clone(),
                format!(
                    "`{}` sits next to an aggregate but is not a grouping key: return it as a column of its own, or aggregate it",
                    self.src(&e.span)
                ),
            )),
            _ => {
                // Rebuild the expression around its aggregates.
                let mut sub = Vec::new();
                let mut types = Vec::new();
                let children = children(e);
                for ch in &children {
                    let (c, t) = self.aggregate_item(ch, scope, keys, key_types, aggs)?;
                    sub.push(c);
                    types.push(t);
                }
                // Type the node itself over placeholder scope variables of the child types.
                let mut tmp = Scope::default();
                let mut vars = Vec::new();
                for (i, t) in types.iter().enumerate() {
                    let name = format!(" {i}");
                    tmp.add(&name, t.clone());
                    vars.push(name);
                }
                let shell = replace_children(e, &vars);
                let (c, ty) = self.expr(&shell, &tmp)?;
                Ok((substitute(c, &mut sub.into_iter().map(Some).collect()), ty))
            }
        }
    }

    /// Compile an expression outside aggregation.
    fn expr(&self, e: &Expr, scope: &Scope) -> R<(CExpr, Ty)> {
        let span = e.span.clone();
        Ok(match &e.kind {
            ExprKind::Literal(l) => match l {
                Literal::Null => (CExpr::Lit(Val::Null), Ty::Null),
                Literal::Bool(b) => (CExpr::Lit(Val::Bool(*b)), Ty::Bool),
                Literal::Int(i) => (CExpr::Lit(Val::Int(*i)), Ty::Int),
                Literal::Float(f) => (CExpr::Lit(Val::Float(*f)), Ty::Float),
                Literal::Str(s) => (CExpr::Lit(Val::Str(s.clone())), Ty::Str),
            },
            ExprKind::Param(p) => {
                let v = self.params.get(p).ok_or_else(|| {
                    self.err(
                        span.clone(),
                        format!("no value given for the parameter `${p}`"),
                    )
                })?;
                let (v, ty) = param_value(v).ok_or_else(|| {
                    self.err(
                        span.clone(),
                        format!("the parameter `${p}` cannot be a node or a relationship"),
                    )
                })?;
                (CExpr::Lit(v), ty)
            }
            ExprKind::Var(name) => match scope.get(name) {
                Some(v) => (CExpr::Slot(v.slot), v.ty.clone()),
                None => return Err(self.err(span, format!("variable `{name}` is not defined"))),
            },
            ExprKind::Prop(base, key) => {
                let (b, bty) = self.expr(base, scope)?;
                let (name, ty) = self.property(&bty, key)?;
                (CExpr::Prop(Box::new(b), name), ty)
            }
            ExprKind::List(items) => {
                let mut out = Vec::new();
                let mut ty = Ty::Null;
                for i in items {
                    let (c, t) = self.expr(i, scope)?;
                    ty = Ty::unify(&ty, &t);
                    out.push(c);
                }
                let elem = if ty == Ty::Null && !items.is_empty() {
                    Ty::Null
                } else if items.is_empty() {
                    Ty::Any
                } else {
                    ty
                };
                (CExpr::List(out), Ty::List(Box::new(elem)))
            }
            ExprKind::Not(inner) => {
                let (c, t) = self.expr(inner, scope)?;
                self.want_bool(inner, &t, "NOT")?;
                (CExpr::Not(Box::new(c)), Ty::Bool)
            }
            ExprKind::Neg(inner) => {
                let (c, t) = self.expr(inner, scope)?;
                if !(t.numeric() || t.loose()) {
                    return Err(self.err(
                        span,
                        format!("cannot negate `{}`: it is {t}", self.src(&inner.span)),
                    ));
                }
                (CExpr::Neg(Box::new(c), span), t)
            }
            ExprKind::IsNull { expr, negated } => {
                let (c, _) = self.expr(expr, scope)?;
                (CExpr::IsNull(Box::new(c), *negated), Ty::Bool)
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, span, scope)?,
            ExprKind::CountStar => {
                return Err(self.err(span, "aggregate `count(*)` is not allowed here"))
            }
            ExprKind::Call {
                name,
                distinct,
                args,
            } => {
                if aggregate_func(&name.name).is_some() {
                    return Err(self.err(
                        span,
                        format!("aggregate `{}` is not allowed here", self.src(&e.span)),
                    ));
                }
                let lower = name.name.to_lowercase();
                let Some(&(_, func, min, max)) = FUNCTIONS.iter().find(|f| f.0 == lower) else {
                    let mut known: Vec<&str> = vec![
                        "toLower", "toUpper", "lower", "upper", "trim", "ltrim", "rtrim", "size",
                        "length", "coalesce", "abs", "floor", "ceil", "sqrt", "round", "reverse",
                        "left", "right",
                    ];
                    known.extend(AGGREGATES.iter().map(|a| a.0));
                    return Err(self.err(
                        name.span.clone(),
                        format!(
                            "unknown function `{}` (functions: {})",
                            name.name,
                            known.join(", ")
                        ),
                    ));
                };
                if *distinct {
                    return Err(self.err(
                        span,
                        format!("DISTINCT only goes with aggregates, not `{}`", name.name),
                    ));
                }
                if args.len() < min || args.len() > max {
                    let want = if min == max {
                        format!("{min} argument{}", if min == 1 { "" } else { "s" })
                    } else if max == usize::MAX {
                        format!("at least {min} argument")
                    } else {
                        format!("{min} or {max} arguments")
                    };
                    return Err(self.err(
                        span,
                        format!("`{}` takes {want}, got {}", name.name, args.len()),
                    ));
                }
                let mut cs = Vec::new();
                let mut ts = Vec::new();
                for a in args {
                    let (c, t) = self.expr(a, scope)?;
                    cs.push(c);
                    ts.push(t);
                }
                let ty = self.function_type(func, &name.name, args, &ts)?;
                (CExpr::Func(func, cs, span), ty)
            }
        })
    }

    fn want_bool(&self, e: &Expr, t: &Ty, op: &str) -> R<()> {
        if *t == Ty::Bool || t.loose() {
            Ok(())
        } else {
            Err(self.err(
                e.span.clone(),
                format!("{op} needs a boolean, but `{}` is {t}", self.src(&e.span)),
            ))
        }
    }

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr, span: Span, scope: &Scope) -> R<(CExpr, Ty)> {
        let (ca, ta) = self.expr(a, scope)?;
        let (cb, tb) = self.expr(b, scope)?;
        let mismatch = |what: &str| {
            self.err(
                span.clone(),
                format!(
                    "cannot {what} `{}` ({ta}) and `{}` ({tb})",
                    self.src(&a.span),
                    self.src(&b.span)
                ),
            )
        };
        let ty = match op {
            BinOp::And | BinOp::Or | BinOp::Xor => {
                self.want_bool(a, &ta, op.symbol())?;
                self.want_bool(b, &tb, op.symbol())?;
                Ty::Bool
            }
            BinOp::Eq | BinOp::Neq => {
                if !comparable(&ta, &tb) {
                    return Err(mismatch("compare"));
                }
                Ty::Bool
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if !orderable(&ta, &tb) {
                    return Err(mismatch("order"));
                }
                Ty::Bool
            }
            BinOp::Add => match (&ta, &tb) {
                (Ty::Int, Ty::Int) => Ty::Int,
                (x, y) if x.numeric() && y.numeric() => Ty::Float,
                (Ty::Str, Ty::Str) => Ty::Str,
                (x, y)
                    if (x.loose() && (y.loose() || y.numeric() || *y == Ty::Str))
                        || (y.loose() && (x.numeric() || *x == Ty::Str)) =>
                {
                    if x.loose() {
                        y.clone()
                    } else {
                        x.clone()
                    }
                }
                _ => return Err(mismatch("add")),
            },
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Pow => {
                let ok = |t: &Ty| t.numeric() || t.loose();
                if !(ok(&ta) && ok(&tb)) {
                    return Err(mismatch(match op {
                        BinOp::Sub => "subtract",
                        BinOp::Mul => "multiply",
                        BinOp::Div => "divide",
                        BinOp::Mod => "take the remainder of",
                        _ => "raise",
                    }));
                }
                match (op, &ta, &tb) {
                    (BinOp::Pow, _, _) => Ty::Float,
                    (_, Ty::Int, Ty::Int) => Ty::Int,
                    (_, x, y) if x.numeric() && y.numeric() => Ty::Float,
                    _ => Ty::Any,
                }
            }
            BinOp::In => {
                let elem = match &tb {
                    Ty::List(e) => (**e).clone(),
                    t if t.loose() => Ty::Any,
                    t => {
                        return Err(self.err(
                            b.span.clone(),
                            format!("IN needs a list, but `{}` is {t}", self.src(&b.span)),
                        ))
                    }
                };
                if !comparable(&ta, &elem) {
                    return Err(self.err(
                        span,
                        format!(
                            "`{}` is {ta}, but the list holds {}",
                            self.src(&a.span),
                            match elem {
                                Ty::Int => "integers".to_string(),
                                Ty::Float => "floats".to_string(),
                                Ty::Str => "strings".to_string(),
                                Ty::Bool => "booleans".to_string(),
                                other => other.to_string(),
                            }
                        ),
                    ));
                }
                Ty::Bool
            }
            BinOp::StartsWith | BinOp::EndsWith | BinOp::Contains | BinOp::Regex => {
                for (e, t) in [(a, &ta), (b, &tb)] {
                    if !(*t == Ty::Str || t.loose()) {
                        return Err(self.err(
                            e.span.clone(),
                            format!(
                                "{} works on strings, but `{}` is {t}",
                                op.symbol(),
                                self.src(&e.span)
                            ),
                        ));
                    }
                }
                if op == BinOp::Regex {
                    let compiled = match &cb {
                        CExpr::Lit(Val::Str(p)) => Some(Box::new(
                            super::eval::full_match_regex(p)
                                .map_err(|m| self.err(b.span.clone(), m))?,
                        )),
                        _ => None,
                    };
                    return Ok((
                        CExpr::Regex(Box::new(ca), Box::new(cb), compiled, span),
                        Ty::Bool,
                    ));
                }
                Ty::Bool
            }
        };
        Ok((CExpr::Bin(op, Box::new(ca), Box::new(cb), span), ty))
    }

    fn function_type(&self, func: Func, name: &str, args: &[Expr], ts: &[Ty]) -> R<Ty> {
        let want = |i: usize, ok: &dyn Fn(&Ty) -> bool, what: &str| -> R<()> {
            if ok(&ts[i]) || ts[i].loose() {
                Ok(())
            } else {
                Err(self.err(
                    args[i].span.clone(),
                    format!(
                        "`{name}` needs {what}, but `{}` is {}",
                        self.src(&args[i].span),
                        ts[i]
                    ),
                ))
            }
        };
        let is_str = |t: &Ty| *t == Ty::Str;
        let is_num = |t: &Ty| t.numeric();
        Ok(match func {
            Func::Lower | Func::Upper | Func::Trim | Func::LTrim | Func::RTrim | Func::Reverse => {
                want(0, &is_str, "a string")?;
                Ty::Str
            }
            Func::Left | Func::Right => {
                want(0, &is_str, "a string")?;
                want(1, &|t| *t == Ty::Int, "an integer")?;
                Ty::Str
            }
            Func::Size => {
                want(
                    0,
                    &|t| matches!(t, Ty::Str | Ty::List(_)),
                    "a string or a list",
                )?;
                Ty::Int
            }
            Func::Length => {
                want(0, &|t| *t == Ty::Path, "a variable-length relationship")?;
                Ty::Int
            }
            Func::Coalesce => ts.iter().fold(Ty::Null, |acc, t| Ty::unify(&acc, t)),
            Func::Abs => {
                want(0, &is_num, "a number")?;
                ts[0].clone()
            }
            Func::Floor | Func::Ceil | Func::Sqrt => {
                want(0, &is_num, "a number")?;
                Ty::Float
            }
            Func::Round => {
                want(0, &is_num, "a number")?;
                if ts.len() == 2 {
                    want(1, &|t| *t == Ty::Int, "an integer of digits")?;
                }
                Ty::Float
            }
        })
    }
}

fn e_span(e: &Expr) -> Span {
    e.span.clone()
}

fn aggregate_func(name: &str) -> Option<AggFunc> {
    AGGREGATES
        .iter()
        .find(|a| a.0.eq_ignore_ascii_case(name))
        .map(|a| a.1)
}

/// The first aggregate call inside `e`.
fn find_aggregate(e: &Expr) -> Option<&Expr> {
    let mut found = None;
    e.walk(&mut |x| {
        if found.is_none() {
            match &x.kind {
                ExprKind::CountStar => found = Some(x),
                ExprKind::Call { name, .. } if aggregate_func(&name.name).is_some() => {
                    found = Some(x)
                }
                _ => {}
            }
        }
    });
    found
}

/// The direct sub-expressions of `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Prop(b, _) | ExprKind::Not(b) | ExprKind::Neg(b) => vec![b],
        ExprKind::IsNull { expr, .. } => vec![expr],
        ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::List(items) | ExprKind::Call { args: items, .. } => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// `e` with its direct sub-expressions replaced by the variables `vars`.
fn replace_children(e: &Expr, vars: &[String]) -> Expr {
    let v = |i: usize, of: &Expr| Expr {
        kind: ExprKind::Var(vars[i].clone()),
        span: of.span.clone(),
    };
    let kind = match &e.kind {
        ExprKind::Prop(b, n) => ExprKind::Prop(Box::new(v(0, b)), n.clone()),
        ExprKind::Not(b) => ExprKind::Not(Box::new(v(0, b))),
        ExprKind::Neg(b) => ExprKind::Neg(Box::new(v(0, b))),
        ExprKind::IsNull { expr, negated } => ExprKind::IsNull {
            expr: Box::new(v(0, expr)),
            negated: *negated,
        },
        ExprKind::Binary(op, a, b) => ExprKind::Binary(*op, Box::new(v(0, a)), Box::new(v(1, b))),
        ExprKind::List(items) => {
            ExprKind::List(items.iter().enumerate().map(|(i, x)| v(i, x)).collect())
        }
        ExprKind::Call {
            name,
            distinct,
            args,
        } => ExprKind::Call {
            name: name.clone(),
            distinct: *distinct,
            args: args.iter().enumerate().map(|(i, x)| v(i, x)).collect(),
        },
        other => other.clone(),
    };
    Expr {
        kind,
        span: e.span.clone(),
    }
}

/// Put the compiled children back where `replace_children` left slots
/// `0..n` of the placeholder scope.
fn substitute(c: CExpr, subs: &mut Vec<Option<CExpr>>) -> CExpr {
    let mut s = |x: CExpr| substitute(x, subs);
    match c {
        CExpr::Slot(i) => subs[i].take().expect("each placeholder is used once"),
        CExpr::Prop(b, n) => CExpr::Prop(Box::new(s(*b)), n),
        CExpr::List(items) => CExpr::List(items.into_iter().map(s).collect()),
        CExpr::Not(b) => CExpr::Not(Box::new(s(*b))),
        CExpr::Neg(b, sp) => CExpr::Neg(Box::new(s(*b)), sp),
        CExpr::Bin(op, a, b, sp) => {
            let a = s(*a);
            CExpr::Bin(op, Box::new(a), Box::new(s(*b)), sp)
        }
        CExpr::IsNull(b, n) => CExpr::IsNull(Box::new(s(*b)), n),
        CExpr::Func(f, args, sp) => CExpr::Func(f, args.into_iter().map(s).collect(), sp),
        CExpr::Regex(a, b, r, sp) => {
            let a = s(*a);
            CExpr::Regex(Box::new(a), Box::new(s(*b)), r, sp)
        }
        lit @ CExpr::Lit(_) => lit,
    }
}

/// A parameter as a runtime value, with its type.
fn param_value(v: &Value) -> Option<(Val, Ty)> {
    Some(match v {
        Value::Null => (Val::Null, Ty::Null),
        Value::Bool(b) => (Val::Bool(*b), Ty::Bool),
        Value::Int(i) => (Val::Int(*i), Ty::Int),
        Value::Float(f) => (Val::Float(*f), Ty::Float),
        Value::String(s) => (Val::Str(s.clone()), Ty::Str),
        Value::List(items) => {
            let mut vals = Vec::new();
            let mut ty = Ty::Null;
            for i in items {
                let (v, t) = param_value(i)?;
                ty = Ty::unify(&ty, &t);
                vals.push(v);
            }
            (Val::List(vals), Ty::List(Box::new(ty)))
        }
        Value::Node(_) | Value::Relationship(_) => return None,
    })
}

/// Move `v.key = value` conditions of a MATCH's WHERE (top-level `AND`
/// terms) into the pattern of node `v` as `{key: value}`, when the value
/// reads no variable of this MATCH: the executor then starts the pattern
/// there (an id is found by a binary search) instead of filtering every
/// match. `None` when nothing moves.
fn push_down(
    patterns: &[ast::PathPattern],
    filter: Option<&Expr>,
    before: &Scope,
) -> Option<(Vec<ast::PathPattern>, Option<Expr>)> {
    let filter = filter?;
    let mut terms = Vec::new();
    conjuncts(filter, &mut terms);
    let mut declared: Vec<&str> = Vec::new();
    for p in patterns {
        for n in std::iter::once(&p.start).chain(p.steps.iter().map(|s| &s.1)) {
            if let Some(v) = &n.var {
                declared.push(&v.name);
            }
        }
        for (r, _) in &p.steps {
            if let Some(v) = &r.var {
                declared.push(&v.name);
            }
        }
    }
    let is_node_var = |name: &str| {
        patterns.iter().any(|p| {
            std::iter::once(&p.start)
                .chain(p.steps.iter().map(|s| &s.1))
                .any(|n| n.var.as_ref().is_some_and(|v| v.name == name))
        })
    };
    let reads_this_clause = |e: &Expr| {
        let mut found = false;
        e.walk(&mut |x| match &x.kind {
            ExprKind::Var(v) if declared.contains(&v.as_str()) && before.get(v).is_none() => {
                found = true
            }
            ExprKind::CountStar => found = true,
            ExprKind::Call { name, .. } if aggregate_func(&name.name).is_some() => found = true,
            _ => {}
        });
        found
    };
    let mut out = patterns.to_vec();
    let mut kept: Vec<Expr> = Vec::new();
    let mut moved = false;
    for t in terms {
        let target = match &t.kind {
            ExprKind::Binary(BinOp::Eq, a, b) => {
                [(a, b), (b, a)]
                    .into_iter()
                    .find_map(|(p, v)| match &p.kind {
                        ExprKind::Prop(owner, key) => match &owner.kind {
                            ExprKind::Var(name) if is_node_var(name) && !reads_this_clause(v) => {
                                Some((name.clone(), key.clone(), (**v).clone()))
                            }
                            _ => None,
                        },
                        _ => None,
                    })
            }
            _ => None,
        };
        let Some((var, key, value)) = target else {
            kept.push(t.clone());
            continue;
        };
        let node = out
            .iter_mut()
            .flat_map(|p| std::iter::once(&mut p.start).chain(p.steps.iter_mut().map(|s| &mut s.1)))
            .find(|n| n.var.as_ref().is_some_and(|v| v.name == var))
            .expect("a node variable of the pattern");
        node.props.push((key, value));
        moved = true;
    }
    if !moved {
        return None;
    }
    let filter = kept.into_iter().reduce(|a, b| {
        let span = a.span.start.min(b.span.start)..a.span.end.max(b.span.end);
        Expr {
            kind: ExprKind::Binary(BinOp::And, Box::new(a), Box::new(b)),
            span,
        }
    });
    Some((out, filter))
}

/// The terms of a top-level `OR`.
fn disjunct_terms<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(BinOp::Or, a, b) => {
            disjunct_terms(a, out);
            disjunct_terms(b, out);
        }
        _ => out.push(e),
    }
}

/// The terms of a top-level `AND`.
fn conjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(BinOp::And, a, b) => {
            conjuncts(a, out);
            conjuncts(b, out);
        }
        _ => out.push(e),
    }
}

/// The same path planned from its last node.
fn reverse_path(p: CPath) -> CPath {
    let mut nodes = vec![p.start];
    let mut rels = Vec::new();
    for (r, n) in p.steps {
        rels.push(r);
        nodes.push(n);
    }
    let start = nodes.pop().expect("a path has a node");
    let mut steps = Vec::new();
    while let Some(mut r) = rels.pop() {
        r.direction = r.direction.reverse();
        r.reversed = !r.reversed;
        steps.push((r, nodes.pop().expect("one node per relationship")));
    }
    CPath {
        start,
        steps,
        anchors: None,
    }
}
