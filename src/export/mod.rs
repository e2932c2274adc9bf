//! Exports (placeholder: being written).

/// Errors of exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {}
