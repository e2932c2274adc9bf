//! The plain configuration the commands run on, built once from the arguments.

use super::args::{Args, AskQuestion, CommandArgs, FilterArgs, SchemaAction};
use super::export::View;
use super::output::OutputFormat;
use super::render::{Engine, RenderFormat};
use finkg::export::{CypherDialect, ExportFormat};
use finkg::query::{Params, Question};
use finkg::{GraphFilter, RelationFilter};
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
        /// Extraction threads (`None`: one per core).
        jobs: Option<usize>,
        /// Largest document file read, in bytes.
        max_file_size: u64,
        /// Fail instead of waiting for another writer.
        no_wait: bool,
    },
    /// Remove documents from a graph file.
    Remove {
        /// Documents (names, paths, ids or id prefixes).
        docs: Vec<String>,
        /// Graph file.
        graph: PathBuf,
        /// Fail instead of waiting for another writer.
        no_wait: bool,
    },
    /// Write a synthetic corpus or graph.
    Corpus {
        /// Total bytes of articles.
        size: u64,
        /// Seed.
        seed: u64,
        /// Output folder (articles) or file (graph).
        out: PathBuf,
        /// Sample articles (`None`: the seeds).
        samples: Option<PathBuf>,
        /// Relations of a synthetic graph, instead of articles.
        relations: Option<usize>,
    },
    /// Print the gazetteer's names.
    SchemaNames,
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
    /// Answer a Cypher query.
    Query {
        /// Graph file.
        graph: PathBuf,
        /// The query.
        cypher: String,
        /// Values of `$name` parameters.
        params: Params,
        /// Output format.
        format: OutputFormat,
    },
    /// Ask a ready-made question.
    Ask {
        /// Graph file.
        graph: PathBuf,
        /// The question.
        question: Question,
        /// Print its Cypher instead of running it.
        show_cypher: bool,
        /// Output format.
        format: OutputFormat,
    },
    /// Export the graph.
    Export {
        /// Graph file.
        graph: PathBuf,
        /// Format.
        format: ExportFormat,
        /// Database a Cypher export is for.
        dialect: CypherDialect,
        /// Output file, or standard output.
        out: Option<PathBuf>,
        /// What to keep and how to group it.
        view: View,
    },
    /// Draw the graph with Graphviz.
    Render {
        /// Graph file.
        graph: PathBuf,
        /// Picture format.
        format: RenderFormat,
        /// Output file.
        out: PathBuf,
        /// Layout engine.
        engine: Engine,
        /// What to keep and how to group it.
        view: View,
    },
    /// Write the interactive HTML page.
    View {
        /// Graph file.
        graph: PathBuf,
        /// Output file.
        out: PathBuf,
        /// Layout engine.
        engine: Engine,
        /// What to keep and how to group it (metrics listed unless left out).
        view: View,
        /// Draw metric nodes too.
        draw_metrics: bool,
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
            CommandArgs::Ingest {
                paths,
                graph,
                jobs,
                max_file_size,
                no_wait,
            } => Command::Ingest {
                paths,
                graph: graph.graph,
                jobs: jobs.map(usize::from),
                max_file_size,
                no_wait,
            },
            CommandArgs::Remove {
                docs,
                graph,
                no_wait,
            } => Command::Remove {
                docs,
                graph: graph.graph,
                no_wait,
            },
            CommandArgs::Corpus {
                size,
                seed,
                out,
                samples,
                relations,
            } => Command::Corpus {
                size,
                seed,
                out,
                samples,
                relations,
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
            CommandArgs::Query {
                cypher,
                params,
                graph,
                format,
            } => Command::Query {
                graph: graph.graph,
                cypher,
                params: params.into_iter().collect(),
                format,
            },
            CommandArgs::Ask { question } => {
                let (question, options) = match question {
                    AskQuestion::Forecasts { options } => (Question::Forecasts, options),
                    AskQuestion::WhoForecasts { entity, options } => {
                        (Question::WhoForecasts(entity), options)
                    }
                    AskQuestion::Outperforms { entity, options } => {
                        (Question::Outperforms(entity), options)
                    }
                    AskQuestion::Invests { options } => (Question::Invests, options),
                    AskQuestion::Ratings { entity, options } => {
                        (Question::Ratings(entity), options)
                    }
                    AskQuestion::Metrics { entity, options } => {
                        (Question::Metrics(entity), options)
                    }
                };
                Command::Ask {
                    graph: options.graph.graph,
                    question,
                    show_cypher: options.cypher,
                    format: options.format,
                }
            }
            CommandArgs::Export {
                format,
                dialect,
                out,
                filter,
                clusters,
                graph,
            } => Command::Export {
                graph: graph.graph,
                format,
                dialect,
                out,
                view: View {
                    // Data formats carry metrics unless told not to; DOT draws them on request.
                    filter: graph_filter(filter, format != ExportFormat::Dot),
                    clusters,
                },
            },
            CommandArgs::Render {
                format,
                out,
                engine,
                filter,
                clusters,
                graph,
            } => Command::Render {
                graph: graph.graph,
                format: format
                    .or_else(|| RenderFormat::from_path(&out))
                    .unwrap_or(RenderFormat::Svg),
                out,
                engine,
                view: View {
                    filter: graph_filter(filter, false),
                    clusters,
                },
            },
            CommandArgs::View {
                out,
                engine,
                filter,
                clusters,
                graph,
            } => Command::View {
                graph: graph.graph,
                out,
                engine,
                draw_metrics: filter.with_metrics,
                // The page lists metrics with their entity unless told not to;
                // it draws them on request.
                view: View {
                    filter: graph_filter(filter, true),
                    clusters,
                },
            },
            CommandArgs::Schema {
                action: SchemaAction::Check,
            } => Command::SchemaCheck,
            CommandArgs::Schema {
                action: SchemaAction::Names,
            } => Command::SchemaNames,
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

/// The filter flags as a library filter; `metrics` is the format's default.
fn graph_filter(f: FilterArgs, metrics: bool) -> GraphFilter {
    GraphFilter {
        kinds: f.kinds,
        relations: f.relations,
        around: f.around,
        depth: f.depth,
        min_support: f.min_support.unwrap_or(0),
        documents: f.documents,
        metrics: f.with_metrics || (metrics && !f.without_metrics),
        connected: f.connected,
        max_nodes: f.max_nodes,
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
                    jobs: None,
                    max_file_size: finkg::input::DEFAULT_MAX_FILE_SIZE,
                    no_wait: false,
                },
            }
        );
        assert_eq!(
            config(&["finkg", "corpus", "--size", "100MB", "--out", "c"]).command,
            Command::Corpus {
                size: 100_000_000,
                seed: 42,
                out: "c".into(),
                samples: None,
                relations: None,
            }
        );
        assert!(Args::try_parse_from(["finkg", "corpus", "--size", "10XB", "--out", "c"]).is_err());
        assert!(Args::try_parse_from(["finkg", "ingest", "a", "--jobs", "0"]).is_err());
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
                dialect: CypherDialect::Kuzu,
                out: None,
                view: View {
                    filter: GraphFilter::all().with_metrics(false),
                    clusters: false,
                },
            }
        );
    }

    #[test]
    fn export_and_render_flags_become_a_view() {
        let view = |argv: &[&str]| match config(argv).command {
            Command::Export { view, .. } | Command::Render { view, .. } => view,
            c => panic!("{c:?}"),
        };
        // Metrics: off for drawings, on for data, unless a flag says otherwise.
        assert!(!view(&["finkg", "export"]).filter.metrics);
        assert!(view(&["finkg", "export", "--with-metrics"]).filter.metrics);
        assert!(
            view(&["finkg", "export", "--format", "json"])
                .filter
                .metrics
        );
        assert!(
            !view(&[
                "finkg",
                "export",
                "--format",
                "graphml",
                "--without-metrics"
            ])
            .filter
            .metrics
        );
        assert!(!view(&["finkg", "render", "--out", "a.svg"]).filter.metrics);
        assert_eq!(
            view(&[
                "finkg",
                "render",
                "--out",
                "a.svg",
                "--around",
                "Alibaba",
                "--depth",
                "2",
                "--relation",
                "forecasts",
                "--min-support",
                "2",
                "--document",
                "x.txt",
                "--max-nodes",
                "30",
                "--connected",
                "--kind",
                "broker,company",
                "--clusters",
            ]),
            View {
                filter: GraphFilter {
                    kinds: vec!["broker".into(), "company".into()],
                    relations: vec!["forecasts".into()],
                    around: Some("Alibaba".into()),
                    depth: 2,
                    min_support: 2,
                    documents: vec!["x.txt".into()],
                    metrics: false,
                    connected: true,
                    max_nodes: Some(30),
                },
                clusters: true,
            }
        );
    }

    #[test]
    fn view_lists_metrics_and_draws_them_on_request() {
        let view = |argv: &[&str]| match config(argv).command {
            Command::View {
                view,
                draw_metrics,
                engine,
                ..
            } => (view.filter.metrics, draw_metrics, engine),
            c => panic!("{c:?}"),
        };
        let base = ["finkg", "view", "--out", "g.html"];
        assert_eq!(view(&base), (true, false, Engine::Dot));
        let with = [&base[..], &["--with-metrics", "--engine", "sfdp"]].concat();
        assert_eq!(view(&with), (true, true, Engine::Sfdp));
        let without = [&base[..], &["--without-metrics"]].concat();
        assert_eq!(view(&without), (false, false, Engine::Dot));
    }

    #[test]
    fn render_format_follows_the_file_name() {
        let format = |argv: &[&str]| match config(argv).command {
            Command::Render { format, engine, .. } => (format, engine),
            c => panic!("{c:?}"),
        };
        assert_eq!(
            format(&["finkg", "render", "--out", "a.png"]).0,
            RenderFormat::Png
        );
        assert_eq!(
            format(&["finkg", "render", "--out", "a"]).0,
            RenderFormat::Svg
        );
        assert_eq!(
            format(&["finkg", "render", "--out", "a.png", "--format", "pdf", "--engine", "sfdp"]),
            (RenderFormat::Pdf, Engine::Sfdp)
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
