//! The syntax tree of a query, every part with its span in the text.

use super::error::Span;

/// A whole query: clauses in order, the last one `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub clauses: Vec<Clause>,
}

/// One clause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Clause {
    /// `[OPTIONAL] MATCH pattern, … [WHERE e]`
    Match {
        optional: bool,
        patterns: Vec<PathPattern>,
        filter: Option<Expr>,
    },
    /// `UNWIND e AS x`
    Unwind { expr: Expr, var: Name },
    /// `WITH … [WHERE e]`
    With {
        projection: Projection,
        filter: Option<Expr>,
    },
    /// `RETURN …`
    Return { projection: Projection },
}

/// A name (variable, label, property) and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    pub name: String,
    pub span: Span,
}

/// The body of `WITH` and `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Projection {
    pub distinct: bool,
    pub items: Vec<ProjectionItem>,
    pub order: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    /// Where the keyword (`WITH`, `RETURN`) is.
    pub span: Span,
}

/// `expr [AS alias]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<Name>,
    /// The expression as written: the column name when there is no alias.
    pub text: String,
}

/// `expr [ASC|DESC]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

/// `(a)-[r]->(b)<-[s]-(c)…`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathPattern {
    pub start: NodePattern,
    pub steps: Vec<(RelPattern, NodePattern)>,
}

/// `(v:label|label {prop: e, …})`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodePattern {
    pub var: Option<Name>,
    pub labels: Vec<Name>,
    pub props: Vec<(Name, Expr)>,
    pub span: Span,
}

/// Which way a relationship pattern points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// `-[]->`
    Out,
    /// `<-[]-`
    In,
    /// `-[]-`
    Both,
}

impl Direction {
    pub(crate) fn reverse(self) -> Direction {
        match self {
            Direction::Out => Direction::In,
            Direction::In => Direction::Out,
            Direction::Both => Direction::Both,
        }
    }
}

/// `-[v:type|type *min..max {prop: e}]->`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelPattern {
    pub var: Option<Name>,
    pub types: Vec<Name>,
    pub direction: Direction,
    /// `Some((min, max))` for a variable-length pattern; `max` `None` when open.
    pub length: Option<(u32, Option<u32>)>,
    pub props: Vec<(Name, Expr)>,
    pub span: Span,
}

/// An expression and its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Literal values of the language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    Xor,
    And,
    Eq,
    Neq,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    In,
    StartsWith,
    EndsWith,
    Contains,
    Regex,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "OR",
            BinOp::Xor => "XOR",
            BinOp::And => "AND",
            BinOp::Eq => "=",
            BinOp::Neq => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
            BinOp::In => "IN",
            BinOp::StartsWith => "STARTS WITH",
            BinOp::EndsWith => "ENDS WITH",
            BinOp::Contains => "CONTAINS",
            BinOp::Regex => "=~",
        }
    }
}

/// Expression forms.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    Literal(Literal),
    Param(String),
    Var(String),
    Prop(Box<Expr>, Name),
    List(Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `count(*)`
    CountStar,
    /// `f([DISTINCT] args…)`; the name as written.
    Call {
        name: Name,
        distinct: bool,
        args: Vec<Expr>,
    },
}

impl Expr {
    /// Whether two expressions are the same, whatever their spans.
    pub(crate) fn same(&self, other: &Expr) -> bool {
        use ExprKind::*;
        match (&self.kind, &other.kind) {
            (Literal(a), Literal(b)) => a == b,
            (Param(a), Param(b)) | (Var(a), Var(b)) => a == b,
            (Prop(a, p), Prop(b, q)) => p.name == q.name && a.same(b),
            (List(a), List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y)),
            (Not(a), Not(b)) | (Neg(a), Neg(b)) => a.same(b),
            (Binary(o, a, b), Binary(p, c, d)) => o == p && a.same(c) && b.same(d),
            (
                IsNull {
                    expr: a,
                    negated: n,
                },
                IsNull {
                    expr: b,
                    negated: m,
                },
            ) => n == m && a.same(b),
            (CountStar, CountStar) => true,
            (
                Call {
                    name: f,
                    distinct: d,
                    args: a,
                },
                Call {
                    name: g,
                    distinct: e,
                    args: b,
                },
            ) => {
                f.name.eq_ignore_ascii_case(&g.name)
                    && d == e
                    && a.len() == b.len()
                    && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            _ => false,
        }
    }

    /// Every sub-expression, this one first.
    pub(crate) fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Prop(e, _) | ExprKind::Not(e) | ExprKind::Neg(e) => e.walk(f),
            ExprKind::IsNull { expr, .. } => expr.walk(f),
            ExprKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::List(items) | ExprKind::Call { args: items, .. } => {
                for e in items {
                    e.walk(f);
                }
            }
            ExprKind::Literal(_) | ExprKind::Param(_) | ExprKind::Var(_) | ExprKind::CountStar => {}
        }
    }
}
