//! What a rule and its hooks read and write at one sentence (the schema, the
//! sentence view, the discourse state, the registry, the facts so far), and the
//! span the rule is anchored at.

use super::discourse::Discourse;
use super::{Facts, Sent};
use crate::resolve::Registry;
use crate::schema::Schema;

/// Everything a rule reads and writes at one sentence.
pub(crate) struct RuleCx<'a, 's> {
    pub schema: &'a Schema,
    pub doc: &'a str,
    pub sent: &'a Sent<'s>,
    pub disc: &'a Discourse,
    pub reg: &'a mut Registry,
    pub facts: &'a mut Facts,
}

/// The span a rule is anchored at, and the mention there (for mention triggers).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Anchor {
    pub start: usize,
    pub end: usize,
    /// The trigger mention's index in the sentence's mentions.
    pub mention: Option<usize>,
}
