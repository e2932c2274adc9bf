//! Query errors: what went wrong, where (line, column) and a caret under it.

use std::fmt;
use std::ops::Range;

/// A byte range of the query text.
pub type Span = Range<usize>;

/// The stage a query failed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryErrorKind {
    /// The text is not in the supported Cypher subset.
    Syntax,
    /// The query is well formed but means nothing: an unknown variable,
    /// label or property, values of types that do not go together.
    Type,
    /// Evaluating the query failed (division by zero, an integer overflow,
    /// an invalid regular expression, a result too large).
    Runtime,
}

impl QueryErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            QueryErrorKind::Syntax => "syntax error",
            QueryErrorKind::Type => "type error",
            QueryErrorKind::Runtime => "runtime error",
        }
    }
}

/// An error in a query, located in its text.
///
/// `Display` gives one line (`syntax error at line 1, column 17: …`);
/// [`QueryError::snippet`] gives the line of the query with a caret under the
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    kind: QueryErrorKind,
    message: String,
    line: usize,
    column: usize,
    source_line: String,
    width: usize,
}

impl QueryError {
    /// An error of `kind` at `span` of `text`.
    pub(crate) fn new(
        kind: QueryErrorKind,
        text: &str,
        span: Span,
        message: impl Into<String>,
    ) -> QueryError {
        let start = floor_char(text, span.start.min(text.len()));
        let end = floor_char(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        QueryError {
            kind,
            message: message.into(),
            line,
            column,
            source_line,
            width,
        }
    }

    /// What kind of error.
    pub fn kind(&self) -> QueryErrorKind {
        self.kind
    }

    /// The message, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of the place.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column (in characters) of the place.
    pub fn column(&self) -> usize {
        self.column
    }

    /// Two lines: the query line, and a caret (`^^^`) under the place.
    pub fn snippet(&self) -> String {
        format!(
            "  {}\n  {}{}",
            self.source_line.trim_end(),
            " ".repeat(self.column - 1),
            "^".repeat(self.width)
        )
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}: {}",
            self.kind.as_str(),
            self.line,
            self.column,
            self.message
        )?;
        if f.alternate() {
            write!(f, "\n{}", self.snippet())?;
        }
        Ok(())
    }
}

impl std::error::Error for QueryError {}

/// The largest char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "MATCH (b:broker)\nRETURN b.nmae";
        let e = QueryError::new(QueryErrorKind::Type, text, 26..30, "unknown property");
        assert_eq!((e.line(), e.column()), (2, 10));
        assert_eq!(
            e.to_string(),
            "type error at line 2, column 10: unknown property"
        );
        assert_eq!(e.snippet(), "  RETURN b.nmae\n           ^^^^");
        assert_eq!(
            format!("{e:#}"),
            "type error at line 2, column 10: unknown property\n  RETURN b.nmae\n           ^^^^"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "RETURN 'é' + ";
        let e = QueryError::new(QueryErrorKind::Syntax, text, 13..13, "x");
        assert_eq!(e.column(), 13);
        assert!(e.snippet().ends_with("            ^"), "{}", e.snippet());
    }

    #[test]
    fn the_end_of_the_text_is_a_place_too() {
        let e = QueryError::new(QueryErrorKind::Syntax, "MATCH (", 7..7, "x");
        assert_eq!((e.line(), e.column()), (1, 8));
        assert_eq!(e.snippet(), "  MATCH (\n         ^");
        // Spans past the end or inside a character are clamped.
        let e = QueryError::new(QueryErrorKind::Syntax, "é", 1..9, "x");
        assert_eq!(e.column(), 1);
    }

    #[test]
    fn tabs_keep_the_caret_aligned() {
        let e = QueryError::new(QueryErrorKind::Syntax, "\tRETURN x", 8..9, "x");
        assert_eq!(e.snippet(), "   RETURN x\n          ^");
    }
}
