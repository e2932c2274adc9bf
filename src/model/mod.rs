//! The data model shared by every stage: documents, evidence, extracted facts
//! and analyst actions.

mod action;
mod confidence;
mod document;
mod evidence;
mod fact;
mod unit;

pub use action::{rating_bucket, rating_rank, Action, Change};
pub use confidence::Confidence;
pub use document::{DocId, Document};
pub use evidence::Evidence;
pub use fact::{Extraction, FoundEntity, FoundMetric, FoundRelation};
pub use unit::Unit;
