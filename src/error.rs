//! The top-level error joining each stage's error type.

/// Any error of the finkg library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A schema file is unreadable or invalid.
    #[error(transparent)]
    Schema(#[from] crate::schema::SchemaError),
    /// An input document is unreadable, too large, or (decoded strictly)
    /// not clean text.
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    /// The graph could not be loaded or saved.
    #[error(transparent)]
    Graph(#[from] crate::graph::GraphError),
    /// A query is malformed or failed.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// An export failed.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
}

impl From<crate::query::AskError> for Error {
    fn from(e: crate::query::AskError) -> Error {
        match e {
            crate::query::AskError::Graph(g) => Error::Graph(g),
            crate::query::AskError::Query(q) => Error::Query(q),
        }
    }
}

/// An error and its causes on one line, joined by `: `
/// (`g.ron: cannot read: No such file or directory (os error 2)`): the
/// stage errors keep the OS's words as their `source`, not in their own text.
pub fn with_causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_follow_on_one_line() {
        let e = Error::from(crate::graph::GraphError::Read {
            path: "g.ron".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
        assert_eq!(e.to_string(), "g.ron: cannot read");
        assert_eq!(with_causes(&e), "g.ron: cannot read: no such file");
        let kind = std::error::Error::source(&e)
            .and_then(|c| c.downcast_ref::<std::io::Error>())
            .map(|io| io.kind());
        assert_eq!(kind, Some(std::io::ErrorKind::NotFound));
    }
}
