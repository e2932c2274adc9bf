//! The knowledge graph (placeholder: being written).

/// Errors of loading and saving the graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {}

/// The knowledge graph.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {}
