//! The lexer: query text → tokens with byte spans.

use super::error::{QueryError, QueryErrorKind, Span};

/// One token kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A name or keyword; keywords are recognised by the parser.
    Ident(String),
    /// A name in backticks: never a keyword.
    Quoted(String),
    /// An integer literal.
    Int(i64),
    /// A floating-point literal.
    Float(f64),
    /// A string literal, escapes resolved.
    Str(String),
    /// A parameter, `$name`.
    Param(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Pipe,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Caret,
    Eq,
    Neq,
    Lt,
    Le,
    Gt,
    Ge,
    RegexMatch,
    Semicolon,
    Eof,
}

impl Tok {
    /// How an error message names the token.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Quoted(s) => format!("`{s}`"),
            Tok::Int(i) => format!("the number {i}"),
            Tok::Float(f) => format!("the number {f}"),
            Tok::Str(s) => format!("the string '{s}'"),
            Tok::Param(p) => format!("the parameter `${p}`"),
            Tok::Eof => "the end of the query".to_string(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::DotDot => "..",
            Tok::Colon => ":",
            Tok::Pipe => "|",
            Tok::Star => "*",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Slash => "/",
            Tok::Percent => "%",
            Tok::Caret => "^",
            Tok::Eq => "=",
            Tok::Neq => "<>",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::RegexMatch => "=~",
            Tok::Semicolon => ";",
            _ => "?",
        }
    }
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Split `text` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut lx = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut out = Vec::new();
    loop {
        lx.skip_space_and_comments()?;
        let start = lx.pos;
        let Some(c) = lx.peek_char() else {
            out.push(Token {
                tok: Tok::Eof,
                span: start..start,
            });
            return Ok(out);
        };
        let tok = lx.token(c)?;
        out.push(Token {
            tok,
            span: start..lx.pos,
        });
    }
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn err(&self, span: Span, msg: impl Into<String>) -> QueryError {
        QueryError::new(QueryErrorKind::Syntax, self.text, span, msg)
    }

    fn skip_space_and_comments(&mut self) -> Result<(), QueryError> {
        loop {
            match self.peek_char() {
                Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                Some('/') if self.byte_at(self.pos + 1) == Some(b'/') => {
                    self.pos = self.text[self.pos..]
                        .find('\n')
                        .map_or(self.text.len(), |i| self.pos + i);
                }
                Some('/') if self.byte_at(self.pos + 1) == Some(b'*') => {
                    let start = self.pos;
                    match self.text[self.pos + 2..].find("*/") {
                        Some(i) => self.pos += 2 + i + 2,
                        None => return Err(self.err(start..start + 2, "unterminated comment")),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn token(&mut self, c: char) -> Result<Tok, QueryError> {
        let start = self.pos;
        let next = self.byte_at(self.pos + 1);
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '[' => (Tok::LBracket, 1),
            ']' => (Tok::RBracket, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            ',' => (Tok::Comma, 1),
            ':' => (Tok::Colon, 1),
            '|' => (Tok::Pipe, 1),
            '*' => (Tok::Star, 1),
            '+' => (Tok::Plus, 1),
            '-' => (Tok::Minus, 1),
            '/' => (Tok::Slash, 1),
            '%' => (Tok::Percent, 1),
            '^' => (Tok::Caret, 1),
            ';' => (Tok::Semicolon, 1),
            '.' if next == Some(b'.') => (Tok::DotDot, 2),
            '.' if next.is_some_and(|b| b.is_ascii_digit()) => return self.number(),
            '.' => (Tok::Dot, 1),
            '=' if next == Some(b'~') => (Tok::RegexMatch, 2),
            '=' => (Tok::Eq, 1),
            '<' if next == Some(b'>') => (Tok::Neq, 2),
            '<' if next == Some(b'=') => (Tok::Le, 2),
            '<' => (Tok::Lt, 1),
            '>' if next == Some(b'=') => (Tok::Ge, 2),
            '>' => (Tok::Gt, 1),
            '!' if next == Some(b'=') => {
                return Err(self.err(start..start + 2, "`!=` is not Cypher: write `<>`"))
            }
            '\'' | '"' => return self.string(c),
            '`' => return self.quoted_name(),
            '$' => {
                self.pos += 1;
                let name = self.word();
                if name.is_empty() {
                    return Err(self.err(start..start + 1, "expected a parameter name after `$`"));
                }
                return Ok(Tok::Param(name));
            }
            c if c.is_ascii_digit() => return self.number(),
            c if c.is_alphabetic() || c == '_' => return Ok(Tok::Ident(self.word())),
            c => {
                return Err(self.err(
                    start..start + c.len_utf8(),
                    format!("unexpected character `{c}`"),
                ))
            }
        };
        self.pos += len;
        Ok(tok)
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if c.is_alphanumeric() || c == '_' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        self.text[start..self.pos].to_string()
    }

    fn number(&mut self) -> Result<Tok, QueryError> {
        let start = self.pos;
        let digits = |lx: &mut Lexer<'_>| {
            while lx.byte_at(lx.pos).is_some_and(|b| b.is_ascii_digit()) {
                lx.pos += 1;
            }
        };
        digits(self);
        let mut float = false;
        // `1..3` is a range, not the float `1.`.
        if self.byte_at(self.pos) == Some(b'.')
            && self
                .byte_at(self.pos + 1)
                .is_some_and(|b| b.is_ascii_digit())
        {
            float = true;
            self.pos += 1;
            digits(self);
        }
        if matches!(self.byte_at(self.pos), Some(b'e' | b'E')) {
            let mut p = self.pos + 1;
            if matches!(self.byte_at(p), Some(b'+' | b'-')) {
                p += 1;
            }
            if self.byte_at(p).is_some_and(|b| b.is_ascii_digit()) {
                float = true;
                self.pos = p;
                digits(self);
            }
        }
        if self
            .peek_char()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            let end = self.pos + self.peek_char().map_or(1, char::len_utf8);
            return Err(self.err(start..end, "a number runs into a name"));
        }
        let s = &self.text[start..self.pos];
        if float {
            s.parse::<f64>()
                .map(Tok::Float)
                .map_err(|_| self.err(start..self.pos, "invalid number"))
        } else {
            s.parse::<i64>().map(Tok::Int).map_err(|_| {
                self.err(
                    start..self.pos,
                    "integer too large (the limit is 9223372036854775807)",
                )
            })
        }
    }

    fn string(&mut self, quote: char) -> Result<Tok, QueryError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek_char() else {
                return Err(self.err(start..start + 1, "unterminated string"));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(Tok::Str(out));
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.peek_char() else {
                return Err(self.err(start..start + 1, "unterminated string"));
            };
            self.pos += e.len_utf8();
            match e {
                '\\' | '\'' | '"' => out.push(e),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex = self.text.get(self.pos..self.pos + 4).unwrap_or("");
                    let ch = u32::from_str_radix(hex, 16)
                        .ok()
                        .filter(|_| hex.len() == 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                        .and_then(char::from_u32)
                        .ok_or_else(|| {
                            self.err(at..self.pos, "`\\u` needs four hex digits of a character")
                        })?;
                    self.pos += 4;
                    out.push(ch);
                }
                other => {
                    return Err(self.err(
                        at..self.pos,
                        format!("unknown escape `\\{other}` in a string"),
                    ))
                }
            }
        }
    }

    fn quoted_name(&mut self) -> Result<Tok, QueryError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek_char() else {
                return Err(self.err(start..start + 1, "unterminated `quoted name`"));
            };
            self.pos += c.len_utf8();
            if c == '`' {
                if self.byte_at(self.pos) == Some(b'`') {
                    self.pos += 1;
                    out.push('`');
                    continue;
                }
                if out.is_empty() {
                    return Err(self.err(start..self.pos, "empty `quoted name`"));
                }
                return Ok(Tok::Quoted(out));
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        lex(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn ident(s: &str) -> Tok {
        Tok::Ident(s.to_string())
    }

    #[test]
    fn tokens_of_a_query() {
        use Tok::*;
        let table: Vec<(&str, Vec<Tok>)> = vec![
            (
                "MATCH (b:broker)-[:forecasts*1..3]->(c)",
                vec![
                    ident("MATCH"),
                    LParen,
                    ident("b"),
                    Colon,
                    ident("broker"),
                    RParen,
                    Minus,
                    LBracket,
                    Colon,
                    ident("forecasts"),
                    Star,
                    Int(1),
                    DotDot,
                    Int(3),
                    RBracket,
                    Minus,
                    Gt,
                    LParen,
                    ident("c"),
                    RParen,
                    Eof,
                ],
            ),
            ("a<-b", vec![ident("a"), Lt, Minus, ident("b"), Eof]),
            (
                "<> <= >= =~ = < >",
                vec![Neq, Le, Ge, RegexMatch, Eq, Lt, Gt, Eof],
            ),
            (
                "1 1.5 .5 1e3 2.5E-2 1..2",
                vec![
                    Int(1),
                    Float(1.5),
                    Float(0.5),
                    Float(1000.0),
                    Float(0.025),
                    Int(1),
                    DotDot,
                    Int(2),
                    Eof,
                ],
            ),
            (
                r#"'it\'s' "a \"b\"" 'tab\there' '\u00e9'"#,
                vec![
                    Str("it's".into()),
                    Str("a \"b\"".into()),
                    Str("tab\there".into()),
                    Str("é".into()),
                    Eof,
                ],
            ),
            (
                "`weird name` `a``b` $id",
                vec![
                    Quoted("weird name".into()),
                    Quoted("a`b".into()),
                    Param("id".into()),
                    Eof,
                ],
            ),
            (
                "x // comment\n/* block\ncomment */ y;",
                vec![ident("x"), ident("y"), Semicolon, Eof],
            ),
            ("société_1", vec![ident("société_1"), Eof]),
        ];
        for (text, want) in table {
            assert_eq!(toks(text), want, "{text}");
        }
    }

    #[test]
    fn spans_are_byte_ranges() {
        let t = lex("RETURN  'é' ").unwrap();
        assert_eq!(t[0].span, 0..6);
        assert_eq!(t[1].span, 8..12);
        assert_eq!(t[2].span, 13..13);
    }

    #[test]
    fn bad_tokens_are_located() {
        let table = [
            ("RETURN 'abc", 1, 8, "unterminated string"),
            ("RETURN 1 /* x", 1, 10, "unterminated comment"),
            ("RETURN\n  a != b", 2, 5, "`!=` is not Cypher"),
            ("RETURN 99999999999999999999", 1, 8, "integer too large"),
            ("RETURN 12abc", 1, 8, "runs into a name"),
            ("RETURN '\\q'", 1, 9, "unknown escape"),
            ("RETURN '\\u12'", 1, 9, "four hex digits"),
            ("RETURN #", 1, 8, "unexpected character `#`"),
            ("RETURN $", 1, 8, "parameter name"),
            ("RETURN ``", 1, 8, "empty"),
        ];
        for (text, line, col, msg) in table {
            let e = lex(text).unwrap_err();
            assert_eq!((e.line(), e.column()), (line, col), "{text}: {e}");
            assert!(e.message().contains(msg), "{text}: {e}");
            assert_eq!(e.kind(), QueryErrorKind::Syntax);
        }
    }
}
