//! The data model shared by every stage: documents, evidence, extracted facts.

mod document;
mod fact;
mod unit;

pub use document::{DocId, Document};
pub use fact::{Evidence, Extraction, FoundEntity, FoundMetric, FoundRelation};
pub use unit::Unit;
