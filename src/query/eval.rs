//! Evaluating expressions over a row of values: operators with Cypher's
//! null logic, functions, and the properties of nodes and relationships
//! read from the store. The planner folds constants with it and the
//! executor evaluates every expression with it, so neither imports the
//! other.

use super::ast::BinOp;
use super::catalog::METRIC_LABEL;
use super::error::{QueryError, QueryErrorKind, Span};
use super::expr::{CExpr, Func, PropName};
use super::value::Val;
use crate::graph::StoreView;
use std::cmp::Ordering;

type R<T> = Result<T, QueryError>;

/// Evaluate an expression that uses no variables (SKIP, LIMIT).
pub(crate) fn eval_constant(e: &CExpr, text: &str) -> R<Val> {
    Evaluator { view: None, text }.eval(e, &[])
}

/// A regular expression that must match the whole string, as `=~` does.
pub(crate) fn full_match_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
        let msg = e.to_string();
        let last = msg.lines().last().unwrap_or("").trim().to_string();
        format!("invalid regular expression: {last}")
    })
}

/// Evaluates expressions of one query over one store.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator<'g> {
    /// `None` for constants (no graph).
    pub view: Option<StoreView<'g>>,
    /// The query text, for errors.
    pub text: &'g str,
}

impl<'g> Evaluator<'g> {
    pub(crate) fn err(&self, span: &Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Runtime, self.text, span.clone(), msg)
    }

    /// A string property of a node or relationship as it lies in the store:
    /// `Some(Some(text))`, `Some(None)` when it is null, `None` when the
    /// property is not a string (or there is no store).
    pub(crate) fn borrowed_str(&self, owner: &Val, p: &PropName) -> Option<Option<&'g str>> {
        let v = self.view.as_ref()?;
        let some = |x: &'g str| Some(Some(x));
        match *owner {
            Val::Node(n) => {
                let i = n as usize;
                if v.is_metric(n) {
                    match p.name.as_str() {
                        "id" => some(v.node_id.get(i)),
                        "kind" => some(METRIC_LABEL),
                        "label" => some(v.node_name.get(i)),
                        "unit" => some(v.unit.get(i)),
                        "period" => Some(Some(v.period.get(i)).filter(|x| !x.is_empty())),
                        "entity" => some(v.entity.get(i)),
                        _ => None,
                    }
                } else {
                    match p.name.as_str() {
                        "id" => some(v.node_id.get(i)),
                        "name" => some(v.node_name.get(i)),
                        "kind" => some(v.kind(n)),
                        _ => None,
                    }
                }
            }
            Val::Rel(e) => match p.name.as_str() {
                "kind" => some(v.rel_kinds.get(v.edge_kind[e as usize] as usize)),
                "evidence" | "documents" | "confidence" => None,
                _ => Some(v.attr(e, &p.attr_keys)),
            },
            _ => None,
        }
    }

    /// `a = b` (or `<>`) where one side is a string property: compared in
    /// the store without copying the property; `None` to evaluate it the
    /// usual way.
    fn eq_borrowed(&self, a: &CExpr, b: &CExpr, row: &[Val]) -> R<Option<Val>> {
        for (p, other) in [(a, b), (b, a)] {
            let CExpr::Prop(owner, name) = p else {
                continue;
            };
            let CExpr::Slot(slot) = **owner else { continue };
            let Some(have) = row.get(slot).and_then(|o| self.borrowed_str(o, name)) else {
                continue;
            };
            if let (Some(h), CExpr::Lit(Val::Str(w))) = (have, other) {
                // a literal or parameter: compared as it is, not copied
                return Ok(Some(Val::Bool(h == w)));
            }
            return Ok(match (have, self.eval(other, row)?) {
                (Some(h), Val::Str(w)) => Some(Val::Bool(h == w)),
                (None, _) => Some(Val::Null),
                (_, w) if w.is_null() => Some(Val::Null),
                _ => None,
            });
        }
        Ok(None)
    }

    pub(crate) fn property(&self, owner: &Val, p: &PropName) -> Val {
        match &self.view {
            Some(v) => property(v, owner, p),
            None => Val::Null,
        }
    }

    pub(crate) fn eval(&self, e: &CExpr, row: &[Val]) -> R<Val> {
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
        if matches!(op, BinOp::Eq | BinOp::Neq) {
            if let Some(v) = self.eq_borrowed(a, b, row)? {
                return Ok(match (op, v) {
                    (BinOp::Neq, Val::Bool(x)) => Val::Bool(!x),
                    (_, v) => v,
                });
            }
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
pub(crate) fn property(v: &StoreView<'_>, owner: &Val, p: &PropName) -> Val {
    let s = |x: &str| Val::Str(x.to_string());
    match *owner {
        Val::Node(n) => {
            let i = n as usize;
            if v.is_metric(n) {
                match p.name.as_str() {
                    "id" => s(v.node_id.get(i)),
                    "kind" => s(METRIC_LABEL),
                    "label" => s(v.node_name.get(i)),
                    "value" => Val::Float(v.value[i]),
                    "unit" => s(v.unit.get(i)),
                    "period" => match v.period.get(i) {
                        "" => Val::Null,
                        x => s(x),
                    },
                    "entity" => s(v.entity.get(i)),
                    "documents" => Val::Int(v.node_docs[i] as i64),
                    "confidence" => v.node_confidence(n).map_or(Val::Null, Val::Float),
                    _ => Val::Null,
                }
            } else {
                match p.name.as_str() {
                    "id" => s(v.node_id.get(i)),
                    "name" => s(v.node_name.get(i)),
                    "kind" => s(v.kind(n)),
                    "aliases" => Val::List(v.aliases(n).map(s).collect()),
                    "tickers" => Val::List(v.tickers(n).map(s).collect()),
                    "mentions" => Val::Int(v.mentions[i] as i64),
                    "documents" => Val::Int(v.node_docs[i] as i64),
                    "confidence" => v.node_confidence(n).map_or(Val::Null, Val::Float),
                    _ => Val::Null,
                }
            }
        }
        Val::Rel(e) => match p.name.as_str() {
            "kind" => s(v.rel_kinds.get(v.edge_kind[e as usize] as usize)),
            "evidence" => Val::Int(v.evidence_count(e) as i64),
            "documents" => Val::Int(v.edge_docs[e as usize] as i64),
            "confidence" => v.edge_confidence(e).map_or(Val::Null, Val::Float),
            // numbers (targets) typed as the catalog declares them
            _ => v.attr(e, &p.attr_keys).map_or(
                Val::Null,
                |x| match super::catalog::attribute_value(&p.name, x) {
                    super::Value::Float(f) => Val::Float(f),
                    super::Value::String(t) => Val::Str(t),
                    _ => Val::Null,
                },
            ),
        },
        _ => Val::Null,
    }
}

pub(crate) fn is_num(v: &Val) -> bool {
    matches!(v, Val::Int(_) | Val::Float(_))
}

pub(crate) fn type_name(v: &Val) -> &'static str {
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
