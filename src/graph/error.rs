//! Errors of loading, saving and looking up the knowledge graph.

use crate::position::FilePosition;
use std::path::PathBuf;

/// The graph could not be loaded, saved or asked about something it lacks.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// The graph file could not be read.
    #[error("{}: cannot read", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The graph file could not be written (the old file, if any, is intact).
    #[error("{}: cannot write", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The graph file is not valid RON (or JSON) or does not have the graph's shape.
    #[error("{at}: {message}")]
    Parse {
        /// Where.
        at: FilePosition,
        /// What the parser said.
        message: String,
    },
    /// The graph file parses but contradicts itself (dangling ids, duplicates,
    /// a format version this build does not know).
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No entity has this id, name, alias or ticker.
    #[error("no entity named `{name}` in the graph")]
    UnknownEntity {
        /// The name asked for.
        name: String,
    },
    /// Both entities exist but the relation between them does not.
    #[error("no `{relation}` relation from `{subject}` to `{object}`{}", hint(.existing))]
    NoRelation {
        /// Canonical name of the subject.
        subject: String,
        /// The relation asked for.
        relation: String,
        /// Canonical name of the object.
        object: String,
        /// Relations that do link the two, either way (`invests`, `<- outperforms`).
        existing: Vec<String>,
    },
    /// A graph to merge does not keep what each of its documents brought
    /// (it was read from JSON or GraphML), so it cannot be replayed.
    #[error("cannot merge graph {graph}: it does not keep what each of its {documents} documents brought (a graph read from JSON or GraphML); rebuild it with `finkg ingest`")]
    NoSources {
        /// Which graph of the merge (1 is the first).
        graph: usize,
        /// How many documents it registers.
        documents: usize,
    },
    /// A document's stored extraction does not decode (a damaged snapshot).
    #[error("the stored extraction of document `{doc}` is damaged: {message}")]
    DamagedSource {
        /// The document.
        doc: String,
        /// What the decoder said.
        message: String,
    },
}

fn hint(existing: &[String]) -> String {
    if existing.is_empty() {
        String::new()
    } else {
        format!(" (the graph has: {})", existing.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_name_the_file() {
        let e = GraphError::Parse {
            at: FilePosition::new("g.ron", 3, 7),
            message: "Expected comma".into(),
        };
        assert_eq!(e.to_string(), "g.ron:3:7: Expected comma");
        let e = GraphError::NoRelation {
            subject: "A".into(),
            relation: "forecasts".into(),
            object: "B".into(),
            existing: vec!["rates".into()],
        };
        assert_eq!(
            e.to_string(),
            "no `forecasts` relation from `A` to `B` (the graph has: rates)"
        );
    }
}
