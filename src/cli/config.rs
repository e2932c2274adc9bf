//! The plain configuration the commands run on, built once from the arguments.

use super::args::{Args, CommandArgs, SchemaAction};
use super::output::OutputFormat;
use finkg::export::ExportFormat;
use finkg::RelationFilter;
use std::path::PathBuf;

/// Everything a run needs; nothing below this knows about clap.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// A schema folder, or `None` for the bundled schema.
    pub schema_dir: Option<PathBuf>,
    /// What to do.
    pub command: Command,
}

/// One command with its settings, defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Build the sample graph.
    Demo {
        /// Output folder.
        out_dir: PathBuf,
    },
    /// Merge documents into a graph file.
    Ingest {
        /// Files and folders.
        paths: Vec<PathBuf>,
        /// Graph file.
        graph: PathBuf,
    },
    /// Write one gold JSON per document.
    Extract {
        /// Files and folders.
        paths: Vec<PathBuf>,
        /// Output folder.
        json_dir: PathBuf,
    },
    /// List entities.
    Entities {
        /// Graph file.
        graph: PathBuf,
        /// Kind filter.
        kind: Option<String>,
        /// Output format.
        format: OutputFormat,
    },
    /// List relations.
    Relations {
        /// Graph file.
        graph: PathBuf,
        /// Relation and end-kind filter.
        filter: RelationFilter,
        /// Output format.
        format: OutputFormat,
    },
    /// Show the evidence of one relation.
    Explain {
        /// Graph file.
        graph: PathBuf,
        /// Subject name.
        subject: String,
        /// Relation kind.
        relation: String,
        /// Object name.
        object: String,
    },
    /// Export the graph.
    Export {
        /// Graph file.
        graph: PathBuf,
        /// Format.
        format: ExportFormat,
        /// Output file, or standard output.
        out: Option<PathBuf>,
        /// Draw metric nodes.
        metrics: bool,
        /// Leave out entities without relations.
        connected: bool,
    },
    /// Validate the schema.
    SchemaCheck,
    /// Score extraction against gold files.
    Eval {
        /// Gold folder.
        gold: PathBuf,
        /// Articles.
        paths: Vec<PathBuf>,
        /// List misses and extras.
        verbose: bool,
        /// Table or JSON.
        format: super::args::EvalFormat,
    },
}

impl From<Args> for Config {
    fn from(args: Args) -> Config {
        let command = match args.command {
            CommandArgs::Demo { out } => Command::Demo { out_dir: out },
            CommandArgs::Ingest { paths, graph } => Command::Ingest {
                paths,
                graph: graph.graph,
            },
            CommandArgs::Extract { paths, json_dir } => Command::Extract { paths, json_dir },
            CommandArgs::Entities {
                kind,
                graph,
                format,
            } => Command::Entities {
                graph: graph.graph,
                kind,
                format,
            },
            CommandArgs::Relations {
                kind,
                from,
                to,
                graph,
                format,
            } => Command::Relations {
                graph: graph.graph,
                filter: RelationFilter {
                    relation: kind,
                    subject_kind: from,
                    object_kind: to,
                },
                format,
            },
            CommandArgs::Explain {
                subject,
                relation,
                object,
                graph,
            } => Command::Explain {
                graph: graph.graph,
                subject,
                relation,
                object,
            },
            CommandArgs::Export {
                format,
                out,
                metrics,
                connected,
                graph,
            } => Command::Export {
                graph: graph.graph,
                format,
                out,
                metrics,
                connected,
            },
            CommandArgs::Schema {
                action: SchemaAction::Check,
            } => Command::SchemaCheck,
            CommandArgs::Eval {
                gold,
                paths,
                verbose,
                format,
            } => Command::Eval {
                gold,
                paths,
                verbose,
                format,
            },
        };
        Config {
            schema_dir: args.schema,
            command,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(argv: &[&str]) -> Config {
        Config::from(Args::try_parse_from(argv).unwrap())
    }

    #[test]
    fn defaults_are_applied_once() {
        assert_eq!(
            config(&["finkg", "ingest", "a.txt", "dir"]),
            Config {
                schema_dir: None,
                command: Command::Ingest {
                    paths: vec!["a.txt".into(), "dir".into()],
                    graph: "finkg-graph.ron".into(),
                },
            }
        );
        assert_eq!(
            config(&["finkg", "demo"]).command,
            Command::Demo {
                out_dir: "finkg-out".into()
            }
        );
        assert_eq!(
            config(&["finkg", "export"]).command,
            Command::Export {
                graph: "finkg-graph.ron".into(),
                format: ExportFormat::Dot,
                out: None,
                metrics: false,
                connected: false,
            }
        );
    }

    #[test]
    fn relation_flags_become_a_filter() {
        let c = config(&[
            "finkg",
            "relations",
            "--kind",
            "forecasts",
            "--from",
            "broker",
            "--to",
            "company",
            "--graph",
            "g.ron",
            "--format",
            "json",
        ]);
        assert_eq!(
            c.command,
            Command::Relations {
                graph: "g.ron".into(),
                filter: RelationFilter::any()
                    .relation("forecasts")
                    .from_kind("broker")
                    .to_kind("company"),
                format: OutputFormat::Json,
            }
        );
    }
}
