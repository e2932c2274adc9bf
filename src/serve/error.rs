//! Errors of the server: [`ServeError`] stops it (the graph does not load,
//! the address is taken); [`ApiError`] answers one request, as JSON with a
//! 4xx status, and the server goes on.

use crate::query::{QueryError, QueryErrorKind};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The graph file does not load.
    #[error(transparent)]
    Load(crate::Error),
    /// Listening or the runtime failed.
    #[error("{0}")]
    Io(String),
}

/// The JSON of an error: `{"error": {...}}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    #[serde(skip)]
    pub status: u16,
    /// What kind: `syntax`, `type`, `runtime`, `json`, `not_found`,
    /// `too_large`, `bad_request`, `method`.
    pub kind: &'static str,
    /// The message.
    pub message: String,
    /// 1-based line of the place in the query (or JSON body), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The line of the query with a caret under the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl ApiError {
    /// An error of `status` and `kind`.
    pub fn new(status: u16, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            line: None,
            column: None,
            snippet: None,
        }
    }

    /// 404 for something that is not there.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(404, "not_found", message)
    }

    /// 400 for a request that makes no sense.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "bad_request", message)
    }

    /// A body that is not the JSON expected: 400 with its line and column.
    pub fn json(e: &serde_json::Error) -> ApiError {
        ApiError {
            line: Some(e.line()),
            column: Some(e.column()),
            ..ApiError::new(
                400,
                "json",
                format!("the body is not the JSON expected: {e}"),
            )
        }
    }
}

impl From<QueryError> for ApiError {
    /// Syntax and type errors are the client's query (400); a runtime
    /// error, a query out of time or rows among them, cannot be processed
    /// (422).
    fn from(e: QueryError) -> ApiError {
        let (status, kind) = match e.kind() {
            QueryErrorKind::Syntax => (400, "syntax"),
            QueryErrorKind::Type => (400, "type"),
            QueryErrorKind::Runtime => (422, "runtime"),
        };
        ApiError {
            status,
            kind,
            message: e.message().to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
            snippet: Some(e.snippet()),
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a ApiError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(Body { error: &self })).into_response()
    }
}
