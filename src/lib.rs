//! finkg turns financial news and broker research notes into a knowledge graph.
//!
//! The pipeline: [`text`] decodes a file and splits it into sentences;
//! [`extract`] finds entities, relations and metrics with the [`schema`];
//! [`graph`] merges the facts of many documents into one [`KnowledgeGraph`];
//! [`query`] answers Cypher over it; [`GraphFilter`] picks the part to show,
//! and [`export`] writes it as DOT, JSON, GraphML, or Cypher and CSV for
//! Kùzu and Neo4j (or one document's facts as gold JSON).
#![deny(missing_docs)]

mod alloc;
#[cfg(feature = "corpus")]
#[doc(hidden)]
pub mod bench;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod model;
pub mod position;
pub mod query;
pub mod resolve;
pub mod schema;
pub mod serve;
pub mod text;

pub use error::Error;
pub use extract::Extractor;
pub use graph::{
    BulkIngest, GraphError, GraphFilter, IngestStats, KnowledgeGraph, MergeStats, RelationFilter,
};
pub use model::{Document, Evidence, Extraction, FoundEntity, FoundMetric, FoundRelation, Unit};
pub use position::FilePosition;
pub use query::{QueryError, QueryResult};
pub use schema::Schema;

/// mimalloc, set up to hold no more memory than the system allocator (see `alloc.rs`).
#[global_allocator]
static GLOBAL: alloc::Alloc = alloc::Alloc;
