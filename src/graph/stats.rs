//! What an ingest or a removal changed, for the CLI to report.

use crate::model::DocId;
use std::fmt;

/// What [`KnowledgeGraph::ingest`](super::KnowledgeGraph::ingest) changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Id of the document.
    pub doc: DocId,
    /// The document was already registered: nothing changed.
    pub already_present: bool,
    /// New entity nodes.
    pub entities_added: usize,
    /// Entities merged into a node that was already there.
    pub entities_merged: usize,
    /// New relation edges.
    pub relations_added: usize,
    /// Relations that gave an existing edge new evidence.
    pub relations_merged: usize,
    /// New metric nodes.
    pub metrics_added: usize,
    /// Metrics that gave an existing metric new evidence.
    pub metrics_merged: usize,
    /// Relations and metrics naming an entity the extraction did not list (dropped).
    pub dropped: usize,
    /// Analyst actions added to the history of an edge (an action with a
    /// rating and a target counts on both its edges).
    pub actions_added: usize,
}

impl IngestStats {
    /// Whether the ingest changed the graph.
    pub fn changed(&self) -> bool {
        !self.already_present
    }

    /// Add another document's numbers to these (the `doc` field is kept).
    pub fn add(&mut self, other: &IngestStats) {
        self.entities_added += other.entities_added;
        self.entities_merged += other.entities_merged;
        self.relations_added += other.relations_added;
        self.relations_merged += other.relations_merged;
        self.metrics_added += other.metrics_added;
        self.metrics_merged += other.metrics_merged;
        self.dropped += other.dropped;
        self.actions_added += other.actions_added;
    }
}

impl fmt::Display for IngestStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.already_present {
            return write!(f, "already in the graph, unchanged");
        }
        write!(
            f,
            "+{} entities ({} merged), +{} relations ({} merged), +{} metrics ({} merged)",
            self.entities_added,
            self.entities_merged,
            self.relations_added,
            self.relations_merged,
            self.metrics_added,
            self.metrics_merged
        )?;
        if self.actions_added > 0 {
            write!(f, ", +{} actions", self.actions_added)?;
        }
        if self.dropped > 0 {
            write!(f, ", {} dropped", self.dropped)?;
        }
        Ok(())
    }
}

/// What [`KnowledgeGraph::remove_document`](super::KnowledgeGraph::remove_document) removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoveStats {
    /// Pieces of evidence removed.
    pub evidence_removed: usize,
    /// Edges removed (left without evidence, or attached to a removed node).
    pub edges_removed: usize,
    /// Nodes removed (left with no document).
    pub nodes_removed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_says_what_changed() {
        let s = IngestStats {
            entities_added: 2,
            relations_added: 1,
            dropped: 1,
            ..Default::default()
        };
        assert_eq!(
            s.to_string(),
            "+2 entities (0 merged), +1 relations (0 merged), +0 metrics (0 merged), 1 dropped"
        );
        let s = IngestStats {
            already_present: true,
            ..Default::default()
        };
        assert!(!s.changed());
        assert_eq!(s.to_string(), "already in the graph, unchanged");
    }
}
