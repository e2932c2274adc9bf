//! The parser: tokens → syntax tree, by recursive descent over the Cypher
//! subset finkg reads. Keywords are case-insensitive.

use super::ast::*;
use super::error::{QueryError, QueryErrorKind, Span};
use super::lexer::{lex, Tok, Token};

/// Words that cannot name a variable.
const RESERVED: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "AS",
    "DISTINCT",
    "ORDER",
    "BY",
    "SKIP",
    "LIMIT",
    "ASC",
    "DESC",
    "ASCENDING",
    "DESCENDING",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "CREATE",
    "DELETE",
    "DETACH",
    "SET",
    "REMOVE",
    "MERGE",
    "CALL",
    "UNION",
    "LOAD",
    "FOREACH",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "EXISTS",
];

/// Clauses that change a graph: finkg only reads.
const WRITING: &[&str] = &["CREATE", "DELETE", "DETACH", "SET", "REMOVE", "MERGE"];

/// Parse a query.
pub(crate) fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = lex(text)?;
    let mut p = Parser {
        text,
        tokens,
        pos: 0,
        depth: 0,
    };
    p.query()
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// How deeply expressions nest here.
    depth: usize,
}

/// Deepest nesting of expressions (parentheses, lists, NOT, signs): deeper
/// is an error, not a stack overflow.
const MAX_DEPTH: usize = 64;

type R<T> = Result<T, QueryError>;

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span.clone()
    }

    /// Where the previous token ended.
    fn last_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn err(&self, span: Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Syntax, self.text, span, msg)
    }

    fn expected(&self, what: &str) -> QueryError {
        self.err(
            self.span(),
            format!("expected {what}, found {}", self.peek().describe()),
        )
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == tok {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: Tok, what: &str) -> R<Span> {
        if self.peek() == &tok {
            Ok(self.bump().span)
        } else {
            Err(self.expected(what))
        }
    }

    /// Whether the next token is the keyword `kw` (upper case).
    fn at_kw(&self, kw: &str) -> bool {
        self.kw_at(0, kw)
    }

    fn kw_at(&self, n: usize, kw: &str) -> bool {
        matches!(self.peek_at(n), Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_kw(&mut self, kw: &str) -> R<Span> {
        if self.at_kw(kw) {
            Ok(self.bump().span)
        } else {
            Err(self.expected(&format!("`{kw}`")))
        }
    }

    fn query(&mut self) -> R<Query> {
        let mut clauses = Vec::new();
        let mut return_at: Option<Span> = None;
        while !matches!(self.peek(), Tok::Eof | Tok::Semicolon) {
            if return_at.is_some() {
                return Err(self.err(
                    self.span(),
                    format!(
                        "expected `,` or the end of the query, found {} (nothing can follow RETURN)",
                        self.peek().describe()
                    ),
                ));
            }
            let clause = self.clause()?;
            if let Clause::Return { projection } = &clause {
                return_at = Some(projection.span.clone());
            }
            clauses.push(clause);
        }
        if clauses.is_empty() {
            return Err(self.expected("a query (MATCH … RETURN …)"));
        }
        if return_at.is_none() {
            return Err(self.expected("RETURN (a query ends with RETURN)"));
        }
        self.eat(&Tok::Semicolon);
        if self.peek() != &Tok::Eof {
            return Err(self.err(self.span(), "one query at a time: nothing can follow `;`"));
        }
        Ok(Query { clauses })
    }

    fn clause(&mut self) -> R<Clause> {
        if self.eat_kw("OPTIONAL") {
            self.expect_kw("MATCH")?;
            return self.match_clause(true);
        }
        if self.eat_kw("MATCH") {
            return self.match_clause(false);
        }
        if self.eat_kw("UNWIND") {
            let expr = self.expr()?;
            self.expect_kw("AS")?;
            let var = self.variable()?;
            return Ok(Clause::Unwind { expr, var });
        }
        if self.at_kw("WITH") {
            let span = self.bump().span;
            let projection = self.projection(span)?;
            let filter = self.where_clause()?;
            return Ok(Clause::With { projection, filter });
        }
        if self.at_kw("RETURN") {
            let span = self.bump().span;
            let projection = self.projection(span)?;
            return Ok(Clause::Return { projection });
        }
        if let Tok::Ident(w) = self.peek() {
            let upper = w.to_ascii_uppercase();
            if WRITING.contains(&upper.as_str()) {
                return Err(self.err(
                    self.span(),
                    format!("finkg queries only read the graph: `{upper}` is not supported"),
                ));
            }
            if ["CALL", "UNION", "LOAD", "FOREACH"].contains(&upper.as_str()) {
                return Err(self.err(self.span(), format!("`{upper}` is not supported")));
            }
        }
        Err(self.expected("MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN"))
    }

    fn where_clause(&mut self) -> R<Option<Expr>> {
        if self.eat_kw("WHERE") {
            Ok(Some(self.expr()?))
        } else {
            Ok(None)
        }
    }

    fn match_clause(&mut self, optional: bool) -> R<Clause> {
        let mut patterns = vec![self.path()?];
        while self.eat(&Tok::Comma) {
            patterns.push(self.path()?);
        }
        let filter = self.where_clause()?;
        Ok(Clause::Match {
            optional,
            patterns,
            filter,
        })
    }

    fn path(&mut self) -> R<PathPattern> {
        if matches!(self.peek(), Tok::Ident(_) | Tok::Quoted(_)) && self.peek_at(1) == &Tok::Eq {
            return Err(self.err(
                self.span(),
                "path variables (`p = (a)-->(b)`) are not supported",
            ));
        }
        let start = self.node()?;
        let mut steps = Vec::new();
        while matches!(self.peek(), Tok::Minus | Tok::Lt) {
            let rel = self.rel()?;
            let node = self.node()?;
            steps.push((rel, node));
        }
        Ok(PathPattern { start, steps })
    }

    fn node(&mut self) -> R<NodePattern> {
        let open = self.expect(Tok::LParen, "`(` to start a node pattern")?;
        let var = match self.peek() {
            Tok::Ident(_) | Tok::Quoted(_) => Some(self.variable()?),
            _ => None,
        };
        let mut labels = Vec::new();
        if self.eat(&Tok::Colon) {
            labels.push(self.name("a label")?);
            while self.eat(&Tok::Pipe) {
                self.eat(&Tok::Colon);
                labels.push(self.name("a label")?);
            }
            if self.peek() == &Tok::Colon {
                return Err(self.err(
                    self.span(),
                    "a node has one kind: write `:a|b` to match either",
                ));
            }
        }
        let props = self.props()?;
        let close = self.expect(Tok::RParen, "`)` to end the node pattern")?;
        Ok(NodePattern {
            var,
            labels,
            props,
            span: open.start..close.end,
        })
    }

    fn rel(&mut self) -> R<RelPattern> {
        let start = self.span().start;
        let left = self.eat(&Tok::Lt);
        self.expect(Tok::Minus, "`-` in a relationship pattern")?;
        let mut var = None;
        let mut types = Vec::new();
        let mut length = None;
        let mut props = Vec::new();
        if self.eat(&Tok::LBracket) {
            if matches!(self.peek(), Tok::Ident(_) | Tok::Quoted(_)) {
                var = Some(self.variable()?);
            }
            if self.eat(&Tok::Colon) {
                types.push(self.name("a relationship type")?);
                while self.eat(&Tok::Pipe) {
                    self.eat(&Tok::Colon);
                    types.push(self.name("a relationship type")?);
                }
            }
            if self.peek() == &Tok::Star {
                length = Some(self.range()?);
            }
            props = self.props()?;
            self.expect(Tok::RBracket, "`]` to end the relationship pattern")?;
        }
        self.expect(Tok::Minus, "`-` to end the relationship pattern")?;
        let right = self.eat(&Tok::Gt);
        let span = start..self.last_end();
        let direction = match (left, right) {
            (false, true) => Direction::Out,
            (true, false) => Direction::In,
            (false, false) => Direction::Both,
            (true, true) => {
                return Err(self.err(
                    span,
                    "a relationship points one way: leave both arrows off to match either",
                ))
            }
        };
        Ok(RelPattern {
            var,
            types,
            direction,
            length,
            props,
            span,
        })
    }

    /// `*`, `*n`, `*n..m`, `*..m`, `*n..`
    fn range(&mut self) -> R<(u32, Option<u32>)> {
        let star = self.bump().span;
        let bound = |p: &mut Parser<'_>| -> R<Option<u32>> {
            match p.peek().clone() {
                Tok::Int(i) => {
                    let sp = p.bump().span;
                    u32::try_from(i)
                        .map(Some)
                        .map_err(|_| p.err(sp, "path length too large"))
                }
                _ => Ok(None),
            }
        };
        let min = bound(self)?;
        let (min, max) = if self.eat(&Tok::DotDot) {
            (min.unwrap_or(1), bound(self)?)
        } else if let Some(n) = min {
            (n, Some(n))
        } else {
            (1, None)
        };
        if let Some(max) = max {
            if max < min {
                return Err(self.err(
                    star.start..self.last_end(),
                    format!("the path length range {min}..{max} is empty"),
                ));
            }
        }
        Ok((min, max))
    }

    fn props(&mut self) -> R<Vec<(Name, Expr)>> {
        let mut props = Vec::new();
        if self.eat(&Tok::LBrace) {
            if self.eat(&Tok::RBrace) {
                return Ok(props);
            }
            loop {
                let key = self.name("a property name")?;
                self.expect(Tok::Colon, "`:` after the property name")?;
                let value = self.expr()?;
                props.push((key, value));
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
            self.expect(Tok::RBrace, "`,` or `}` in the property map")?;
        }
        Ok(props)
    }

    /// A variable: a name that is not a reserved word, or a quoted name.
    fn variable(&mut self) -> R<Name> {
        match self.peek().clone() {
            Tok::Quoted(s) => Ok(Name {
                name: s,
                span: self.bump().span,
            }),
            Tok::Ident(s) if !is_reserved(&s) => Ok(Name {
                name: s,
                span: self.bump().span,
            }),
            _ => Err(self.expected("a variable name")),
        }
    }

    /// A label, type or property name: any name.
    fn name(&mut self, what: &str) -> R<Name> {
        match self.peek().clone() {
            Tok::Quoted(s) | Tok::Ident(s) => Ok(Name {
                name: s,
                span: self.bump().span,
            }),
            _ => Err(self.expected(what)),
        }
    }

    fn projection(&mut self, span: Span) -> R<Projection> {
        let distinct = self.eat_kw("DISTINCT");
        if self.peek() == &Tok::Star {
            return Err(self.err(self.span(), "`*` is not supported here: name the columns"));
        }
        let mut items = Vec::new();
        loop {
            let expr = self.expr()?;
            let text = self.text[expr.span.clone()].trim().to_string();
            let alias = if self.eat_kw("AS") {
                Some(self.variable()?)
            } else {
                None
            };
            items.push(ProjectionItem { expr, alias, text });
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        let mut order = Vec::new();
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            loop {
                let expr = self.expr()?;
                let descending = if self.eat_kw("DESC") || self.eat_kw("DESCENDING") {
                    true
                } else {
                    if !self.eat_kw("ASC") {
                        self.eat_kw("ASCENDING");
                    }
                    false
                };
                order.push(SortItem { expr, descending });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let skip = if self.eat_kw("SKIP") {
            Some(self.expr()?)
        } else {
            None
        };
        let limit = if self.eat_kw("LIMIT") {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(Projection {
            distinct,
            items,
            order,
            skip,
            limit,
            span,
        })
    }

    // Expressions, loosest binding first.

    pub(crate) fn expr(&mut self) -> R<Expr> {
        self.nested(Self::or_expr)
    }

    /// Parse one level deeper.
    fn nested(&mut self, f: fn(&mut Self) -> R<Expr>) -> R<Expr> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(
                self.span(),
                format!("expressions nest too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn binary_level(&mut self, ops: &[(&str, BinOp)], next: fn(&mut Self) -> R<Expr>) -> R<Expr> {
        let mut left = next(self)?;
        'outer: loop {
            for (kw, op) in ops {
                if self.eat_kw(kw) {
                    let right = next(self)?;
                    left = binary(*op, left, right);
                    continue 'outer;
                }
            }
            return Ok(left);
        }
    }

    fn or_expr(&mut self) -> R<Expr> {
        self.binary_level(&[("OR", BinOp::Or)], Self::xor_expr)
    }

    fn xor_expr(&mut self) -> R<Expr> {
        self.binary_level(&[("XOR", BinOp::Xor)], Self::and_expr)
    }

    fn and_expr(&mut self) -> R<Expr> {
        self.binary_level(&[("AND", BinOp::And)], Self::not_expr)
    }

    fn not_expr(&mut self) -> R<Expr> {
        if self.at_kw("NOT") {
            let start = self.bump().span.start;
            let inner = self.nested(Self::not_expr)?;
            let span = start..inner.span.end;
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> R<Expr> {
        let first = self.predicate()?;
        let mut result: Option<Expr> = None;
        let mut left = first.clone();
        loop {
            let op = match self.peek() {
                Tok::Eq => BinOp::Eq,
                Tok::Neq => BinOp::Neq,
                Tok::Lt => BinOp::Lt,
                Tok::Le => BinOp::Le,
                Tok::Gt => BinOp::Gt,
                Tok::Ge => BinOp::Ge,
                Tok::RegexMatch => BinOp::Regex,
                _ => break,
            };
            self.bump();
            let right = self.predicate()?;
            let cmp = binary(op, left, right.clone());
            // `a < b < c` is `a < b AND b < c`.
            result = Some(match result {
                None => cmp,
                Some(prev) => binary(BinOp::And, prev, cmp),
            });
            left = right;
        }
        Ok(result.unwrap_or(first))
    }

    /// `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `IN`, `IS [NOT] NULL`.
    fn predicate(&mut self) -> R<Expr> {
        let mut left = self.additive()?;
        loop {
            let op = if self.at_kw("STARTS") {
                self.bump();
                self.expect_kw("WITH")?;
                BinOp::StartsWith
            } else if self.at_kw("ENDS") {
                self.bump();
                self.expect_kw("WITH")?;
                BinOp::EndsWith
            } else if self.eat_kw("CONTAINS") {
                BinOp::Contains
            } else if self.eat_kw("IN") {
                BinOp::In
            } else if self.at_kw("IS") {
                self.bump();
                let negated = self.eat_kw("NOT");
                let end = self.expect_kw("NULL")?.end;
                let span = left.span.start..end;
                left = Expr {
                    kind: ExprKind::IsNull {
                        expr: Box::new(left),
                        negated,
                    },
                    span,
                };
                continue;
            } else {
                return Ok(left);
            };
            let right = self.additive()?;
            left = binary(op, left, right);
        }
    }

    fn additive(&mut self) -> R<Expr> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.multiplicative()?;
            left = binary(op, left, right);
        }
    }

    fn multiplicative(&mut self) -> R<Expr> {
        let mut left = self.power()?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                Tok::Percent => BinOp::Mod,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.power()?;
            left = binary(op, left, right);
        }
    }

    fn power(&mut self) -> R<Expr> {
        let mut left = self.unary()?;
        while self.eat(&Tok::Caret) {
            let right = self.unary()?;
            left = binary(BinOp::Pow, left, right);
        }
        Ok(left)
    }

    fn unary(&mut self) -> R<Expr> {
        match self.peek() {
            Tok::Minus => {
                let start = self.bump().span.start;
                let inner = self.nested(Self::unary)?;
                let span = start..inner.span.end;
                Ok(Expr {
                    kind: ExprKind::Neg(Box::new(inner)),
                    span,
                })
            }
            Tok::Plus => {
                self.bump();
                self.nested(Self::unary)
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> R<Expr> {
        let mut e = self.atom()?;
        loop {
            match self.peek() {
                Tok::Dot => {
                    self.bump();
                    let name = self.name("a property name after `.`")?;
                    let span = e.span.start..name.span.end;
                    e = Expr {
                        kind: ExprKind::Prop(Box::new(e), name),
                        span,
                    };
                }
                Tok::LBracket => {
                    return Err(self.err(self.span(), "list indexing is not supported"))
                }
                Tok::Colon => return Err(self.err(
                    self.span(),
                    "label tests (`n:label`) are not supported in expressions: compare `n.kind`",
                )),
                _ => return Ok(e),
            }
        }
    }

    fn atom(&mut self) -> R<Expr> {
        let span = self.span();
        let lit = |kind: Literal, span: Span| Expr {
            kind: ExprKind::Literal(kind),
            span,
        };
        match self.peek().clone() {
            Tok::Int(i) => {
                self.bump();
                Ok(lit(Literal::Int(i), span))
            }
            Tok::Float(f) => {
                self.bump();
                Ok(lit(Literal::Float(f), span))
            }
            Tok::Str(s) => {
                self.bump();
                Ok(lit(Literal::Str(s), span))
            }
            Tok::Param(p) => {
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Param(p),
                    span,
                })
            }
            Tok::LParen => {
                self.bump();
                let mut inner = self.expr()?;
                let close = self.expect(Tok::RParen, "`)`")?;
                inner.span = span.start..close.end;
                Ok(inner)
            }
            Tok::LBracket => {
                self.bump();
                let mut items = Vec::new();
                if self.peek() != &Tok::RBracket {
                    loop {
                        items.push(self.expr()?);
                        if !self.eat(&Tok::Comma) {
                            break;
                        }
                    }
                }
                let close = self.expect(Tok::RBracket, "`,` or `]` in the list")?;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    span: span.start..close.end,
                })
            }
            Tok::LBrace => Err(self.err(span, "map literals are not supported")),
            Tok::Quoted(name) => {
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Var(name),
                    span,
                })
            }
            Tok::Ident(word) => {
                let upper = word.to_ascii_uppercase();
                match upper.as_str() {
                    "TRUE" | "FALSE" => {
                        self.bump();
                        return Ok(lit(Literal::Bool(upper == "TRUE"), span));
                    }
                    "NULL" => {
                        self.bump();
                        return Ok(lit(Literal::Null, span));
                    }
                    "CASE" | "EXISTS" => {
                        return Err(self.err(span, format!("`{upper}` is not supported")))
                    }
                    _ => {}
                }
                if self.peek_at(1) == &Tok::LParen {
                    return self.call();
                }
                if is_reserved(&word) {
                    return Err(self.expected("an expression"));
                }
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Var(word),
                    span,
                })
            }
            _ => Err(self.expected("an expression")),
        }
    }

    fn call(&mut self) -> R<Expr> {
        let name = self.name("a function name")?;
        self.bump(); // `(`
        if name.name.eq_ignore_ascii_case("count") && self.peek() == &Tok::Star {
            self.bump();
            let close = self.expect(Tok::RParen, "`)` after `count(*`")?;
            return Ok(Expr {
                kind: ExprKind::CountStar,
                span: name.span.start..close.end,
            });
        }
        let distinct = self.eat_kw("DISTINCT");
        let mut args = Vec::new();
        if self.peek() != &Tok::RParen {
            loop {
                args.push(self.expr()?);
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let close = self.expect(Tok::RParen, "`,` or `)` after the arguments")?;
        Ok(Expr {
            span: name.span.start..close.end,
            kind: ExprKind::Call {
                name,
                distinct,
                args,
            },
        })
    }
}

fn binary(op: BinOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.start..right.span.end;
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        span,
    }
}

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact rendering of the tree, to compare against.
    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Literal(Literal::Null) => "null".into(),
            ExprKind::Literal(Literal::Bool(b)) => b.to_string(),
            ExprKind::Literal(Literal::Int(i)) => i.to_string(),
            ExprKind::Literal(Literal::Float(f)) => format!("{f:?}"),
            ExprKind::Literal(Literal::Str(s)) => format!("'{s}'"),
            ExprKind::Param(p) => format!("${p}"),
            ExprKind::Var(v) => v.clone(),
            ExprKind::Prop(e, p) => format!("{}.{}", show(e), p.name),
            ExprKind::List(items) => format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::Not(e) => format!("(NOT {})", show(e)),
            ExprKind::Neg(e) => format!("(-{})", show(e)),
            ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
            ExprKind::IsNull { expr, negated } => format!(
                "({} IS {}NULL)",
                show(expr),
                if *negated { "NOT " } else { "" }
            ),
            ExprKind::CountStar => "count(*)".into(),
            ExprKind::Call {
                name,
                distinct,
                args,
            } => format!(
                "{}({}{})",
                name.name,
                if *distinct { "DISTINCT " } else { "" },
                args.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    fn where_of(q: &str) -> String {
        let query = parse(q).unwrap_or_else(|e| panic!("{q}: {e:#}"));
        match &query.clauses[0] {
            Clause::Match {
                filter: Some(f), ..
            } => show(f),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn expressions_bind_as_cypher_says() {
        let table = [
            ("a OR b AND c", "(a OR (b AND c))"),
            ("a XOR b OR c", "((a XOR b) OR c)"),
            ("NOT a = b AND c", "((NOT (a = b)) AND c)"),
            ("1 + 2 * 3 - 4", "((1 + (2 * 3)) - 4)"),
            ("-2 ^ 2", "((-2) ^ 2)"),
            ("a.b.c = 'x'", "(a.b.c = 'x')"),
            (
                "x.name STARTS WITH 'A' OR x.name ENDS WITH 'z'",
                "((x.name STARTS WITH 'A') OR (x.name ENDS WITH 'z'))",
            ),
            (
                "x.name CONTAINS 'a' = true",
                "((x.name CONTAINS 'a') = true)",
            ),
            ("x.k IN ['a', 'b']", "(x.k IN ['a', 'b'])"),
            ("x.k IS NULL", "(x.k IS NULL)"),
            ("NOT x.k IS NOT NULL", "(NOT (x.k IS NOT NULL))"),
            ("1 < x < 3", "((1 < x) AND (x < 3))"),
            ("x =~ 'A.*'", "(x =~ 'A.*')"),
            ("x <> 1.5", "(x <> 1.5)"),
            ("(a OR b) AND c", "((a OR b) AND c)"),
            ("x = $p AND y = null", "((x = $p) AND (y = null))"),
            ("toLower(x.name) = 'a'", "(toLower(x.name) = 'a')"),
            ("`odd var`.name = TRUE", "(odd var.name = true)"),
            (
                "a % 2 = 0 AND a / 2 >= 1 AND a <= 9",
                "((((a % 2) = 0) AND ((a / 2) >= 1)) AND (a <= 9))",
            ),
        ];
        for (text, want) in table {
            assert_eq!(
                where_of(&format!("MATCH (x) WHERE {text} RETURN x")),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn patterns_parse() {
        let q = parse(
            "match (b:broker {name: 'CITIC'})-[r:forecasts|:rates]->(c:company|index)<-[*1..3]-(d), (e)--(f), (g)<-[:x*]-(h)-[*2]-(i)-[*..4]->(j)-[*0..]->(k) return b",
        )
        .unwrap();
        let Clause::Match {
            patterns, optional, ..
        } = &q.clauses[0]
        else {
            panic!()
        };
        assert!(!optional);
        assert_eq!(patterns.len(), 3);
        let p = &patterns[0];
        assert_eq!(p.start.var.as_ref().unwrap().name, "b");
        assert_eq!(p.start.labels[0].name, "broker");
        assert_eq!(p.start.props[0].0.name, "name");
        let (r, c) = &p.steps[0];
        assert_eq!(r.var.as_ref().unwrap().name, "r");
        let types: Vec<_> = r.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["forecasts", "rates"]);
        assert_eq!(r.direction, Direction::Out);
        assert_eq!(r.length, None);
        let labels: Vec<_> = c.labels.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(labels, ["company", "index"]);
        assert_eq!(p.steps[1].0.direction, Direction::In);
        assert_eq!(p.steps[1].0.length, Some((1, Some(3))));
        assert_eq!(patterns[1].steps[0].0.direction, Direction::Both);
        let lengths: Vec<_> = patterns[2].steps.iter().map(|s| s.0.length).collect();
        assert_eq!(
            lengths,
            [
                Some((1, None)),
                Some((2, Some(2))),
                Some((1, Some(4))),
                Some((0, None))
            ]
        );
    }

    #[test]
    fn clauses_and_projections_parse() {
        let q = parse(
            "MATCH (a) OPTIONAL MATCH (a)-->(b) WHERE b.x > 1 \
             WITH a, count(DISTINCT b) AS n ORDER BY n DESC SKIP 1 LIMIT 2 WHERE n > 0 \
             UNWIND [1, 2] AS k \
             RETURN DISTINCT a.name AS name, n, k ORDER BY name ASC, n;",
        )
        .unwrap();
        assert_eq!(q.clauses.len(), 5);
        assert!(matches!(q.clauses[1], Clause::Match { optional: true, .. }));
        let Clause::With { projection, filter } = &q.clauses[2] else {
            panic!()
        };
        assert!(filter.is_some());
        assert_eq!(projection.items[1].text, "count(DISTINCT b)");
        assert_eq!(projection.items[1].alias.as_ref().unwrap().name, "n");
        assert!(projection.order[0].descending);
        assert!(projection.skip.is_some() && projection.limit.is_some());
        let Clause::Return { projection } = &q.clauses[4] else {
            panic!()
        };
        assert!(projection.distinct);
        assert_eq!(projection.items[0].text, "a.name");
        assert!(!projection.order[1].descending);
    }

    #[test]
    fn syntax_errors_point_at_the_place() {
        // (query, line, column, message part)
        let table = [
            ("", 1, 1, "expected a query"),
            (
                "MATCH (b:broker RETURN b",
                1,
                17,
                "expected `)` to end the node pattern, found `RETURN`",
            ),
            (
                "MATCH (b)\nRETURN b.",
                2,
                10,
                "expected a property name after `.`, found the end of the query",
            ),
            (
                "MATCH (b)-[r:forecasts->(c) RETURN b",
                1,
                23,
                "expected `]`",
            ),
            ("MATCH (b)<-[r]->(c) RETURN b", 1, 10, "points one way"),
            (
                "MATCH (b) WHERE b.x = RETURN b",
                1,
                23,
                "expected an expression, found `RETURN`",
            ),
            ("MATCH (b)", 1, 10, "expected RETURN"),
            (
                "MATCH (b) RETURN b MATCH (c)",
                1,
                20,
                "nothing can follow RETURN",
            ),
            ("MATCH (b) RETURN b; RETURN 1", 1, 21, "one query at a time"),
            (
                "CREATE (b:broker) RETURN b",
                1,
                1,
                "only read the graph: `CREATE`",
            ),
            (
                "MATCH (b) DETACH DELETE b",
                1,
                11,
                "`DETACH` is not supported",
            ),
            (
                "MATCH (b) RETURN b UNION RETURN 1",
                1,
                20,
                "nothing can follow RETURN",
            ),
            ("MATCH p = (a)-->(b) RETURN a", 1, 7, "path variables"),
            ("MATCH (a:broker:company) RETURN a", 1, 16, "one kind"),
            (
                "MATCH (a)-[*3..1]->(b) RETURN a",
                1,
                12,
                "range 3..1 is empty",
            ),
            ("MATCH (a) RETURN *", 1, 18, "`*` is not supported"),
            ("MATCH (a) RETURN a.x[0]", 1, 21, "list indexing"),
            (
                "MATCH (a) RETURN CASE WHEN 1 THEN 2 END",
                1,
                18,
                "`CASE` is not supported",
            ),
            ("MATCH (a) RETURN {a: 1}", 1, 18, "map literals"),
            ("MATCH (a) RETURN count(* ", 1, 26, "expected `)`"),
            ("MATCH (a) RETURN a ORDER a", 1, 26, "expected `BY`"),
            (
                "MATCH (match) RETURN 1",
                1,
                8,
                "expected a variable name, found `match`",
            ),
            (
                "MATCH (a {name 'x'}) RETURN a",
                1,
                16,
                "expected `:` after the property name",
            ),
            (
                "MATCH (a) WHERE a IS NOT 1 RETURN a",
                1,
                26,
                "expected `NULL`",
            ),
            ("MATCH (a) WHERE a:broker RETURN a", 1, 18, "label tests"),
            ("OPTIONAL (a) RETURN a", 1, 10, "expected `MATCH`"),
            ("MATCH (a) RETURN a AS", 1, 22, "expected a variable name"),
            (
                "FOO",
                1,
                1,
                "expected MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN, found `FOO`",
            ),
        ];
        for (text, line, col, msg) in table {
            let e = parse(text).expect_err(text);
            assert_eq!(e.kind(), QueryErrorKind::Syntax, "{text}");
            assert!(e.message().contains(msg), "{text}: {e}");
            assert_eq!((e.line(), e.column()), (line, col), "{text}: {e:#}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for (open, close) in [
            ("(", ")"),
            ("[", "]"),
            ("NOT ", ""),
            ("-", ""),
            ("toLower(", ")"),
        ] {
            let ok = format!("RETURN {}1{}", open.repeat(40), close.repeat(40));
            parse(&ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            let deep = format!("RETURN {}1{}", open.repeat(5000), close.repeat(5000));
            let e = parse(&deep).unwrap_err();
            assert!(e.message().contains("nest too deeply"), "{e}");
        }
    }

    #[test]
    fn carets_sit_under_the_offending_token() {
        let e =
            parse("MATCH (b:broker)-[:forecasts]->(c:company)\nRETURN b.name c.name").unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            format!(
                "syntax error at line 2, column 15: expected `,` or the end of the query, \
                 found `c` (nothing can follow RETURN)\n  RETURN b.name c.name\n  {}^",
                " ".repeat(14)
            )
        );
    }
}
