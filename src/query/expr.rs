//! Compiled expressions: what the planner makes of an expression (every
//! name resolved to a slot or a property, every function to a [`Func`]) and
//! the evaluator reads.

use super::ast::BinOp;
use super::error::Span;
use super::value::Val;

/// A compiled expression over a row of slots.
#[derive(Debug)]
pub(crate) enum CExpr {
    Lit(Val),
    Slot(usize),
    Prop(Box<CExpr>, PropName),
    List(Vec<CExpr>),
    Not(Box<CExpr>),
    Neg(Box<CExpr>, Span),
    Bin(BinOp, Box<CExpr>, Box<CExpr>, Span),
    IsNull(Box<CExpr>, bool),
    Func(Func, Vec<CExpr>, Span),
    /// `a =~ b`, the pattern compiled ahead when it is a literal.
    Regex(Box<CExpr>, Box<CExpr>, Option<Box<regex::Regex>>, Span),
}

/// A property to read: its name and, for relationships, the attribute keys behind it.
#[derive(Debug, Clone)]
pub(crate) struct PropName {
    pub name: String,
    pub attr_keys: Vec<String>,
}

/// A scalar function (the planner's `FUNCTIONS` table names them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Lower,
    Upper,
    Trim,
    LTrim,
    RTrim,
    Size,
    Length,
    Coalesce,
    Abs,
    Floor,
    Ceil,
    Sqrt,
    Round,
    Reverse,
    Left,
    Right,
}
