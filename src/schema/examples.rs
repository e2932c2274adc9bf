//! The examples and counter-examples a rule or an owner tier carries: sentences
//! with the facts they must yield, run as tests (`finkg schema check`).

use serde::Deserialize;

/// A sentence a rule must fire on, and facts it must yield there.
#[derive(Debug, Clone, Deserialize)]
pub struct Example(pub String, pub Vec<Fact>);

/// A fact an example expects.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Fact {
    /// A relation (subject, relation, object), by entity names.
    Rel(String, String, String),
    /// A metric (entity, value, unit).
    Metric(String, f64, String),
}
