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
