//! The `finkg` command line. Each command is a module here that owns its
//! arguments (a `clap::Args` struct whose doc comments are the help) and runs
//! from them on the library; this file lists the commands and dispatches.

mod calibrate;
#[cfg(feature = "corpus")]
mod chart;
mod corpus;
mod cypher;
mod demo;
mod eval;
mod export;
mod extract;
mod graphviz;
mod ingest;
mod inputs;
mod lock;
mod output;
mod progress;
mod query;
mod remove;
mod render;
mod schema;
mod serve;
mod size;
mod view;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use finkg::model::Confidence;
use finkg::{GraphFilter, KnowledgeGraph, Schema};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Turn financial news into a knowledge graph: companies, brokers, indices,
/// AI models, investors, people and sectors, the relations between them and
/// the numbers the text ties to them, every fact with the sentence it came from.
#[derive(Debug, Parser)]
#[command(name = "finkg", version, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    schema: SchemaArg,

    #[command(subcommand)]
    command: Command,
}

/// The subcommands; each variant's doc comment is its help.
#[derive(Debug, Subcommand)]
enum Command {
    /// Build a graph from the bundled sample articles (seeds/), print what it
    /// holds and the broker → company forecasts, and write finkg-out/graph.ron,
    /// graph.dot and (with Graphviz installed) graph.svg.
    Demo(demo::Args),
    /// Add documents to a graph file, creating it if needed. Re-ingesting a
    /// document already in the graph changes nothing.
    Ingest(ingest::Args),
    /// Remove documents from a graph file: their evidence, then every
    /// relation and metric left with no evidence, then every entity left with
    /// no mention.
    Remove(remove::Args),
    /// Write a synthetic corpus for benchmarks: articles made from sample
    /// articles (seeds/) with names, tickers and numbers swapped for others of
    /// the same kind, in folders of 1,000 files; or, with --relations, a
    /// synthetic graph file. The same seed gives the same bytes.
    #[cfg(feature = "corpus")]
    Corpus(corpus::Args),
    /// Extract facts and write one JSON per document in the gold format of
    /// ANNOTATION.md (x.txt → DIR/x.json), without touching any graph.
    Extract(extract::Args),
    /// List the entities of the graph.
    Entities(query::EntitiesArgs),
    /// List the relations of the graph, e.g. `--kind forecasts --from broker
    /// --to company`: which brokers forecast which companies.
    Relations(query::RelationsArgs),
    /// Show why a relation is in the graph: every sentence supporting it, with
    /// its document and the rule that found it. Names may be aliases or tickers.
    /// With --trace TEXT (or --doc FILE [--sentence N]): how the extractor reads
    /// a text, rule by rule.
    Explain(query::ExplainArgs),
    /// Answer a Cypher query over the graph, e.g. `MATCH
    /// (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name`. Entities
    /// are nodes labelled by kind, metrics are `metric` nodes reached through
    /// `has_metric`; the README lists the Cypher finkg reads.
    Query(cypher::QueryArgs),
    /// Ask a ready-made question (each is a Cypher query; `--cypher` prints it).
    Ask(cypher::AskArgs),
    /// Export the graph, or the part the filters keep, for other tools: DOT
    /// for Graphviz, JSON (loadable again with --graph FILE.json), GraphML for
    /// Gephi, yEd and networkx; Cypher or CSV (with load scripts) for Kùzu
    /// and Neo4j.
    Export(export::Args),
    /// Draw the graph, or the part the filters keep, as SVG, PNG or PDF with
    /// Graphviz, e.g. `--around Alibaba --depth 1 --out alibaba.svg`.
    Render(render::Args),
    /// Write an interactive page of the graph, or the part the filters keep:
    /// one self-contained HTML file (no network needed) with Graphviz's
    /// drawing, pan and zoom, a search by name, alias or ticker, the
    /// relations, metrics and evidence of what you click, and filters by kind,
    /// e.g. `--out graph.html`. Needs Graphviz to lay the graph out.
    View(view::Args),
    /// Serve the graph in the browser and as a JSON API from one process:
    /// search, the entities with the most support, a Cypher box, the
    /// ready-made questions and every sentence behind a relation, e.g.
    /// `--graph graph.bin` then open http://127.0.0.1:7878/. Read-only;
    /// listens on this machine only unless --addr says otherwise.
    Serve(serve::Args),
    /// Score extraction against gold annotations, with the matching rules of
    /// ANNOTATION.md (the same as score.py): P/R/F1 of entities, relations and
    /// metrics. PATHs are the articles; DIR holds one gold JSON per article.
    Eval(eval::Args),
    /// Measure each rule's precision on gold annotations (as `eval` judges
    /// every fact), smoothed towards its family's, and write it into the
    /// schema as confidence.ron: the confidence every fact of that rule then
    /// carries, e.g. `--schema graph-schema --gold gold/ articles/`.
    Calibrate(calibrate::Args),
    /// Draw a chart, e.g. `targets "Li Auto" --out li-auto.svg`: each
    /// broker's target over time, with the price where known (SVG or PNG).
    Chart(chart::Args),
    /// Work with the schema files.
    Schema(schema::Args),
}

impl Cli {
    /// Run the command, writing its results to `out`.
    pub fn run(&self, out: &mut dyn Write) -> Result<()> {
        let schema = &self.schema;
        match &self.command {
            Command::Demo(a) => a.run(schema, out),
            Command::Ingest(a) => a.run(schema, out),
            Command::Remove(a) => a.run(out),
            #[cfg(feature = "corpus")]
            Command::Corpus(a) => a.run(schema, out),
            Command::Extract(a) => a.run(schema, out),
            Command::Entities(a) => a.run(schema, out),
            Command::Relations(a) => a.run(schema, out),
            Command::Explain(a) => a.run(schema, out),
            Command::Query(a) => a.run(schema, out),
            Command::Ask(a) => a.run(schema, out),
            Command::Export(a) => a.run(schema, out),
            Command::Render(a) => a.run(schema, out),
            Command::View(a) => a.run(schema, out),
            Command::Serve(a) => a.run(schema, out),
            Command::Eval(a) => a.run(schema, out),
            Command::Calibrate(a) => a.run(schema, out),
            Command::Chart(a) => a.run(out),
            Command::Schema(a) => a.run(schema, out),
        }
    }
}

/// `--schema DIR`, which every command takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SchemaArg {
    /// Read the schema (ontology.ron, lexicon.ron, gazetteer/*.ron) from this
    /// folder instead of the copy built into finkg.
    #[arg(long = "schema", global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl SchemaArg {
    /// The bundled schema, or the one in the folder given.
    pub fn load(&self) -> Result<Schema> {
        Ok(match &self.dir {
            Some(d) => Schema::load(d)?,
            None => Schema::bundled()?,
        })
    }
}

/// `--graph FILE`: the graph file a command reads (and, for `ingest` and
/// `remove`, updates).
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArg {
    /// The graph file (RON).
    #[arg(long, value_name = "FILE", default_value = "finkg-graph.ron")]
    pub graph: PathBuf,
}

/// `--min-confidence P`, for the commands that read facts from the graph.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct MinConfidenceArg {
    /// Only facts (entities, relations, metrics) whose confidence is at
    /// least P, from 0 to 1: the measured precision of the rule that found
    /// each (see `finkg calibrate`), combined over the sentences stating it.
    /// Facts from graph files written before confidences have none and go.
    #[arg(long, value_name = "P", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,
}

/// A confidence on the command line: a number from 0 to 1.
fn parse_confidence(s: &str) -> std::result::Result<Confidence, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(Confidence::new(p)),
        _ => Err(format!("`{s}` is not a confidence (a number from 0 to 1)")),
    }
}

impl MinConfidenceArg {
    /// The graph file, with the facts below the confidence left out.
    pub fn load(&self, path: &Path) -> Result<KnowledgeGraph> {
        let g = load_existing_graph(path)?;
        self.apply(g)
    }

    /// `g` with the facts below the confidence left out.
    pub fn apply(&self, g: KnowledgeGraph) -> Result<KnowledgeGraph> {
        Ok(match self.min_confidence {
            Some(c) => GraphFilter::all().min_confidence(c).apply(&g)?,
            None => g,
        })
    }
}

/// `--no-wait`, for the commands that write the graph file.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct NoWaitArg {
    /// When another finkg is writing the graph file, stop with an error
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

impl NoWaitArg {
    /// Whether to wait for another writer of the graph file.
    pub fn wait(self) -> bool {
        !self.no_wait
    }
}

/// A graph file that must exist (for the commands that only read it): RON,
/// or JSON written by `finkg export --format json` when it ends in `.json`.
fn load_existing_graph(path: &Path) -> Result<KnowledgeGraph> {
    if !path.exists() {
        bail!(
            "{}: no graph file here; build one with `finkg ingest PATH... --graph {}`",
            path.display(),
            path.display()
        );
    }
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        return Ok(finkg::export::load_json(path)?);
    }
    Ok(KnowledgeGraph::load(path)?)
}

/// Whether the error is a closed pipe on standard output (`finkg … | head`),
/// which ends the program quietly and successfully.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(|e| e.kind()) == pipe
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == pipe
    })
}

/// The error as one line: causes joined by `: `, line breaks folded. A query
/// error adds two lines: the query line and a caret under the place.
pub fn one_line_error(err: &anyhow::Error) -> String {
    let line = output::one_line(&format!("{err:#}"));
    // A query error also shows the query line with a caret under the place.
    match cypher::query_error(err) {
        Some(q) => format!("{line}\n{}", q.snippet()),
        None => line,
    }
}

/// Check a kind named on the command line against the ontology.
fn check_entity_kind(schema: &Schema, kind: Option<&str>) -> Result<()> {
    if let Some(k) = kind {
        if schema.ontology.entity_kind(k).is_none() {
            let known: Vec<&str> = schema
                .ontology
                .entity_kinds
                .iter()
                .map(|k| k.name.as_str())
                .collect();
            bail!(
                "unknown entity kind `{k}` (the ontology defines: {})",
                known.join(", ")
            );
        }
    }
    Ok(())
}

/// Check a relation kind named on the command line against the ontology.
fn check_relation_kind(schema: &Schema, kind: Option<&str>) -> Result<()> {
    if let Some(k) = kind {
        if schema.ontology.relation_kind(k).is_none() {
            let known: Vec<&str> = schema
                .ontology
                .relation_kinds
                .iter()
                .map(|k| k.name.as_str())
                .collect();
            bail!(
                "unknown relation kind `{k}` (the ontology defines: {})",
                known.join(", ")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_has_help() {
        Cli::command().debug_assert();
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
        walk(&Cli::command());
    }

    #[test]
    fn schema_flag_is_global() {
        let a = Cli::try_parse_from(["finkg", "schema", "check", "--schema", "dir"]).unwrap();
        assert_eq!(a.schema.dir, Some(PathBuf::from("dir")));
        let a = Cli::try_parse_from(["finkg", "--schema", "dir", "demo"]).unwrap();
        assert_eq!(a.schema.dir, Some(PathBuf::from("dir")));
        let a = Cli::try_parse_from(["finkg", "demo"]).unwrap();
        assert_eq!(a.schema.dir, None);
    }

    #[test]
    fn defaults_are_applied_once() {
        let Command::Ingest(a) = Cli::try_parse_from(["finkg", "ingest", "a.txt", "dir"])
            .unwrap()
            .command
        else {
            panic!("not ingest")
        };
        assert_eq!(a.paths, [PathBuf::from("a.txt"), PathBuf::from("dir")]);
        assert_eq!(a.graph.graph, PathBuf::from("finkg-graph.ron"));
        assert_eq!(a.jobs, None);
        assert_eq!(a.max_file_size, finkg::text::DEFAULT_MAX_FILE_SIZE);
        assert!(a.no_wait.wait());
        let Command::Demo(a) = Cli::try_parse_from(["finkg", "demo"]).unwrap().command else {
            panic!("not demo")
        };
        assert_eq!(a.out, PathBuf::from("finkg-out"));
        for bad in [
            &["finkg", "ingest", "a", "--jobs", "0"][..],
            &["finkg", "ingest", "a", "--max-file-size", "lots"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn output_formats_are_closed_sets() {
        assert!(Cli::try_parse_from(["finkg", "entities", "--format", "xml"]).is_err());
        let a = Cli::try_parse_from(["finkg", "entities", "--format", "csv"]).unwrap();
        let Command::Entities(a) = a.command else {
            panic!("not entities")
        };
        assert_eq!(a.format.format, output::OutputFormat::Csv);
    }

    #[test]
    fn broken_pipes_are_recognised_through_context() {
        let e = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing the table");
        assert!(is_broken_pipe(&e));
        let json = serde_json::Error::io(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&anyhow::Error::new(json)));
        let e = anyhow::anyhow!("something else");
        assert!(!is_broken_pipe(&e));
    }

    #[test]
    fn errors_print_on_one_line() {
        let e = anyhow::anyhow!("inner\nsecond line").context("outer");
        assert_eq!(one_line_error(&e), "outer: inner second line");
    }

    #[test]
    fn unknown_kinds_list_the_known_ones() {
        let s = Schema::bundled().unwrap();
        assert!(check_entity_kind(&s, Some("company")).is_ok());
        let err = check_entity_kind(&s, Some("planet"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("unknown entity kind `planet` (the ontology defines: company"));
        assert!(check_relation_kind(&s, Some("forecasts")).is_ok());
        assert!(check_relation_kind(&s, Some("likes")).is_err());
    }
}
