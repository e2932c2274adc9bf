//! Command-line arguments (clap derive); the doc comments are the help text.

use super::output::OutputFormat;
use super::render::{Engine, RenderFormat};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args as ClapArgs, Parser, Subcommand};
use finkg::export::{CypherDialect, ExportFormat};
use std::path::PathBuf;

/// Turn financial news into a knowledge graph: companies, brokers, indices,
/// AI models, investors, people and sectors, the relations between them and
/// the numbers the text ties to them, every fact with the sentence it came from.
#[derive(Debug, Parser)]
#[command(name = "finkg", version, arg_required_else_help = true)]
pub struct Args {
    /// Read the schema (ontology.ron, lexicon.ron, gazetteer/*.ron) from this
    /// folder instead of the copy built into finkg.
    #[arg(long, global = true, value_name = "DIR")]
    pub schema: Option<PathBuf>,

    #[command(subcommand)]
    pub command: CommandArgs,
}

/// The graph file a command reads (and, for `ingest`, updates).
#[derive(Debug, ClapArgs)]
pub struct GraphArg {
    /// The graph file (RON).
    #[arg(long, value_name = "FILE", default_value = "finkg-graph.ron")]
    pub graph: PathBuf,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Build a graph from the bundled sample articles (seeds/), print what it
    /// holds and the broker → company forecasts, and write finkg-out/graph.ron,
    /// graph.dot and (with Graphviz installed) graph.svg.
    Demo {
        /// Folder to write graph.ron, graph.dot and graph.svg into.
        #[arg(long, value_name = "DIR", default_value = "finkg-out")]
        out: PathBuf,
    },

    /// Add documents to a graph file, creating it if needed. Re-ingesting a
    /// document already in the graph changes nothing.
    Ingest {
        /// Text files, or folders searched recursively for .txt and .md files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        graph: GraphArg,
        /// Extract with this many threads (default: one per core). The graph
        /// is the same, byte for byte, whatever the number.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Read no file larger than this (bytes, or with K, M, G): a bigger
        /// one is an error naming it and its size.
        #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = finkg::input::parse_size)]
        max_file_size: u64,
        /// When another finkg is writing the graph file, stop with an error
        /// instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },

    /// Remove documents from a graph file: their evidence, then every
    /// relation and metric left with no evidence, then every entity left with
    /// no mention.
    Remove {
        /// A document: its file name, its name without .txt, its path, its id
        /// or the first 4+ characters of its id.
        #[arg(required = true, value_name = "DOC")]
        docs: Vec<String>,
        #[command(flatten)]
        graph: GraphArg,
        /// When another finkg is writing the graph file, stop with an error
        /// instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },

    /// Write a synthetic corpus for benchmarks: articles made from sample
    /// articles (seeds/) with names, tickers and numbers swapped for others of
    /// the same kind, in folders of 1,000 files; or, with --relations, a
    /// synthetic graph file. The same seed gives the same bytes.
    Corpus {
        /// Total size of the articles: bytes, or a number with KB, MB or GB
        /// (10MB, 1GB; powers of 1,000).
        #[arg(long, value_name = "SIZE", default_value = "10MB", value_parser = parse_size)]
        size: u64,
        /// Seed of the pseudo-random choices.
        #[arg(long, value_name = "N", default_value_t = 42)]
        seed: u64,
        /// Folder for the articles (created if missing), or with --relations
        /// the graph file to write (.ron, or .bin for the binary snapshot).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Folder of sample articles to rewrite (default: seeds/ here, or the
        /// seeds/ finkg was built from).
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
        /// Write a graph of this many relations between numbered entities
        /// instead of articles.
        #[arg(long, value_name = "N")]
        relations: Option<usize>,
    },

    /// Extract facts and write one JSON per document in the gold format of
    /// ANNOTATION.md (x.txt → DIR/x.json), without touching any graph.
    Extract {
        /// Text files, or folders searched recursively for .txt and .md files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Folder to write the JSON files into (created if missing).
        #[arg(long, value_name = "DIR")]
        json_dir: PathBuf,
    },

    /// List the entities of the graph.
    Entities {
        /// Only entities of this kind (company, broker, index, model, investor, person, sector).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[command(flatten)]
        graph: GraphArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },

    /// List the relations of the graph, e.g. `--kind forecasts --from broker
    /// --to company`: which brokers forecast which companies.
    Relations {
        /// Only relations of this kind (forecasts, outperforms, invests, rates, develops, works_for).
        #[arg(long, value_name = "RELATION")]
        kind: Option<String>,
        /// Only relations whose subject is of this entity kind.
        #[arg(long, value_name = "KIND")]
        from: Option<String>,
        /// Only relations whose object is of this entity kind.
        #[arg(long, value_name = "KIND")]
        to: Option<String>,
        #[command(flatten)]
        graph: GraphArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },

    /// Show why a relation is in the graph: every sentence supporting it, with
    /// its document and the rule that found it. Names may be aliases or tickers.
    Explain {
        /// The subject entity (name, alias, ticker or id).
        subject: String,
        /// The relation kind (forecasts, outperforms …).
        relation: String,
        /// The object entity (name, alias, ticker or id).
        object: String,
        #[command(flatten)]
        graph: GraphArg,
    },

    /// Answer a Cypher query over the graph, e.g. `MATCH
    /// (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name`. Entities
    /// are nodes labelled by kind, metrics are `metric` nodes reached through
    /// `has_metric`; the README lists the Cypher finkg reads.
    Query {
        /// The query.
        #[arg(value_name = "CYPHER")]
        cypher: String,
        /// A value for `$NAME` in the query (repeatable); JSON values are read
        /// as JSON (`3`, `true`, `["a"]`), anything else as a string.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = super::cypher::parse_param)]
        params: Vec<(String, finkg::query::Value)>,
        #[command(flatten)]
        graph: GraphArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },

    /// Ask a ready-made question (each is a Cypher query; `--cypher` prints it).
    Ask {
        #[command(subcommand)]
        question: AskQuestion,
    },

    /// Export the graph, or the part the filters keep, for other tools: DOT
    /// for Graphviz, JSON (loadable again with --graph FILE.json), GraphML for
    /// Gephi, yEd and networkx; Cypher or CSV (with load scripts) for Kùzu
    /// and Neo4j.
    Export {
        /// Export format.
        #[arg(long, value_name = "FORMAT", default_value = "dot", value_parser = export_format())]
        format: ExportFormat,
        /// The database a Cypher export is for: kuzu (tables declared first)
        /// or neo4j (id constraints first).
        #[arg(long, value_name = "DB", default_value = "kuzu", value_parser = cypher_dialect())]
        dialect: CypherDialect,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Group entities in one box per kind (dot only).
        #[arg(long)]
        clusters: bool,
        #[command(flatten)]
        graph: GraphArg,
    },

    /// Draw the graph, or the part the filters keep, as SVG, PNG or PDF with
    /// Graphviz, e.g. `--around Alibaba --depth 1 --out alibaba.svg`.
    Render {
        /// Picture format [default: from the --out extension, else svg].
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<RenderFormat>,
        /// The file to write (atomically; missing folders are created).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Graphviz layout engine; neato, fdp or sfdp suit big graphs.
        #[arg(long, value_enum, default_value_t = Engine::Dot)]
        engine: Engine,
        #[command(flatten)]
        filter: FilterArgs,
        /// Group entities in one box per kind.
        #[arg(long)]
        clusters: bool,
        #[command(flatten)]
        graph: GraphArg,
    },

    /// Write an interactive page of the graph, or the part the filters keep:
    /// one self-contained HTML file (no network needed) with Graphviz's
    /// drawing, pan and zoom, a search by name, alias or ticker, the
    /// relations, metrics and evidence of what you click, and filters by kind,
    /// e.g. `--out graph.html`. Needs Graphviz to lay the graph out.
    View {
        /// The HTML file to write (atomically; missing folders are created).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Graphviz layout engine; sfdp lays out thousands of nodes fastest.
        #[arg(long, value_enum, default_value_t = Engine::Dot)]
        engine: Engine,
        #[command(flatten)]
        filter: FilterArgs,
        /// Group entities in one box per kind.
        #[arg(long)]
        clusters: bool,
        #[command(flatten)]
        graph: GraphArg,
    },

    /// Score extraction against gold annotations, with the matching rules of
    /// ANNOTATION.md (the same as score.py): P/R/F1 of entities, relations and
    /// metrics. PATHs are the articles; DIR holds one gold JSON per article.
    Eval {
        /// Folder of gold JSON files named after the articles (x.txt → x.json).
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Articles, or folders searched recursively for .txt and .md files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// List every missed and extra entity, relation and metric per document.
        #[arg(long)]
        verbose: bool,
        /// Output format: the score table, or JSON (the shape of score.py --json).
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
    },

    /// Work with the schema files.
    Schema {
        #[command(subcommand)]
        action: SchemaAction,
    },
}

/// Which part of the graph `export`, `render` and `view` show. Filters combine: each
/// keeps a part of what the others kept.
#[derive(Debug, Clone, ClapArgs)]
pub struct FilterArgs {
    /// Only entities of these kinds (repeat, or separate with commas).
    #[arg(long = "kind", value_name = "KIND", value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Only relations of these kinds, and the entities they link (repeat, or
    /// separate with commas).
    #[arg(long = "relation", value_name = "RELATION", value_delimiter = ',')]
    pub relations: Vec<String>,
    /// Only the neighbourhood of this entity (name, alias, ticker or id).
    #[arg(long, value_name = "NAME")]
    pub around: Option<String>,
    /// How many relations away from --around an entity may be.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Only facts (relations, metrics, entities) stated by at least N documents.
    #[arg(long, value_name = "N")]
    pub min_support: Option<usize>,
    /// Only what this document states: its id or id prefix, file name or path
    /// (repeat for several).
    #[arg(long = "document", value_name = "DOC")]
    pub documents: Vec<String>,
    /// Include metric nodes, drawn as notes (the default for json and graphml).
    #[arg(long, alias = "metrics", conflicts_with = "without_metrics")]
    pub with_metrics: bool,
    /// Leave metric nodes out (the default for dot and render).
    #[arg(long)]
    pub without_metrics: bool,
    /// Leave out entities that take part in no relation.
    #[arg(long)]
    pub connected: bool,
    /// Keep at most N entities: the most connected ones (and the --around one).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
}

/// The questions of `finkg ask`.
#[derive(Debug, Subcommand)]
pub enum AskQuestion {
    /// Which brokers forecast which companies.
    Forecasts {
        #[command(flatten)]
        options: AskOptions,
    },
    /// Who forecasts ENTITY (name, alias, ticker or id).
    WhoForecasts {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// What ENTITY outperforms, and what outperforms it.
    Outperforms {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// Who invests in what, with the money amounts tied to each investor.
    Invests {
        #[command(flatten)]
        options: AskOptions,
    },
    /// Ratings and targets given to ENTITY.
    Ratings {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// The metrics of ENTITY, by period.
    Metrics {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
}

/// Options every question takes.
#[derive(Debug, ClapArgs)]
pub struct AskOptions {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Print the Cypher query instead of running it.
    #[arg(long)]
    pub cypher: bool,
}

/// How `finkg eval` prints its scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// The table score.py prints.
    Table,
    /// One JSON object: row name → precision, recall, f1, pred, gold.
    Json,
}

/// What to do with the schema.
#[derive(Debug, Subcommand)]
pub enum SchemaAction {
    /// Validate the schema (the bundled one, or `--schema DIR`) and report what
    /// it defines; errors name the file, line and column.
    Check,
    /// Print every gazetteer name, alias and ticker with its kind, one per
    /// line as `KIND<TAB>NAME` (for other tools' matchers).
    Names,
}

/// A size in bytes: `123`, `10KB`, `100MB`, `1GB` (powers of 1,000).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let (digits, scale) = [
        ("GB", 1_000_000_000),
        ("MB", 1_000_000),
        ("KB", 1_000),
        ("B", 1),
    ]
    .iter()
    .find_map(|(suffix, scale)| upper.strip_suffix(suffix).map(|d| (d.trim(), *scale)))
    .unwrap_or((upper.as_str(), 1));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (write e.g. 100MB or 1GB)"))?;
    n.checked_mul(scale)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{s}` is not a size above zero"))
}

fn cypher_dialect() -> impl TypedValueParser<Value = CypherDialect> {
    PossibleValuesParser::new(CypherDialect::ALL.map(CypherDialect::as_str)).map(|s| {
        s.parse::<CypherDialect>()
            .expect("only listed names get here")
    })
}

fn export_format() -> impl TypedValueParser<Value = ExportFormat> {
    PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::as_str)).map(|s| {
        s.parse::<ExportFormat>()
            .expect("only listed names get here")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_has_help() {
        Args::command().debug_assert();
        fn walk(cmd: &clap::Command) {
            assert!(
                cmd.get_about().is_some(),
                "`{}` has no help",
                cmd.get_name()
            );
            for a in cmd.get_arguments() {
                if a.get_id() != "help" && a.get_id() != "version" {
                    assert!(
                        a.get_help().is_some(),
                        "`{}` of `{}` has no help",
                        a.get_id(),
                        cmd.get_name()
                    );
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() != "help" {
                    walk(sub);
                }
            }
        }
        walk(&Args::command());
    }

    #[test]
    fn schema_flag_is_global() {
        let a = Args::try_parse_from(["finkg", "schema", "check", "--schema", "dir"]).unwrap();
        assert_eq!(a.schema, Some(PathBuf::from("dir")));
        let a = Args::try_parse_from(["finkg", "--schema", "dir", "demo"]).unwrap();
        assert_eq!(a.schema, Some(PathBuf::from("dir")));
    }

    #[test]
    fn filter_flags_repeat_split_and_check_each_other() {
        let a = Args::try_parse_from([
            "finkg",
            "export",
            "--kind",
            "broker,company",
            "--kind",
            "index",
            "--metrics",
        ])
        .unwrap();
        let CommandArgs::Export { filter, .. } = a.command else {
            panic!("not export")
        };
        assert_eq!(filter.kinds, ["broker", "company", "index"]);
        assert!(filter.with_metrics);
        for bad in [
            vec!["finkg", "export", "--depth", "2"],
            vec!["finkg", "export", "--with-metrics", "--without-metrics"],
            vec!["finkg", "render"],
        ] {
            assert!(Args::try_parse_from(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn formats_are_closed_sets() {
        assert!(Args::try_parse_from(["finkg", "export", "--format", "png"]).is_err());
        assert!(
            Args::try_parse_from(["finkg", "render", "--format", "gif", "--out", "a"]).is_err()
        );
        assert!(
            Args::try_parse_from(["finkg", "render", "--engine", "circo", "--out", "a"]).is_err()
        );
        assert!(Args::try_parse_from(["finkg", "entities", "--format", "xml"]).is_err());
        let a = Args::try_parse_from(["finkg", "entities", "--format", "csv"]).unwrap();
        assert!(matches!(
            a.command,
            CommandArgs::Entities {
                format: OutputFormat::Csv,
                ..
            }
        ));
    }
}
