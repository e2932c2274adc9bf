//! The `finkg` command line: arguments become a [`Config`] once, then one
//! command runs on the library and writes to the given output.

mod args;
mod config;
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
mod query;
mod remove;
mod render;
mod schema_check;
mod view;

pub use args::Args;
pub use config::{Command, Config};

use anyhow::{bail, Result};
use finkg::{KnowledgeGraph, Schema};
use std::io::Write;
use std::path::Path;

/// Run one configured command, writing its results to `out`.
pub fn run(config: &Config, out: &mut dyn Write) -> Result<()> {
    let schema = || load_schema(config.schema_dir.as_deref());
    match &config.command {
        Command::Demo { out_dir } => demo::run(&schema()?, out_dir, out),
        Command::Ingest {
            paths,
            graph,
            jobs,
            max_file_size,
            no_wait,
        } => ingest::run(
            &schema()?,
            paths,
            graph,
            &ingest::Options {
                jobs: *jobs,
                max_file_size: *max_file_size,
                wait: !*no_wait,
            },
            out,
        ),
        Command::Remove {
            docs,
            graph,
            no_wait,
        } => remove::run(docs, graph, !*no_wait, out),
        Command::Corpus {
            size,
            seed,
            out: dir,
            samples,
            relations,
        } => corpus::run(
            &schema()?,
            *size,
            *seed,
            dir,
            samples.as_deref(),
            *relations,
            out,
        ),
        Command::SchemaNames => corpus::names(&schema()?, out),
        Command::Extract { paths, json_dir } => extract::run(&schema()?, paths, json_dir, out),
        Command::Entities {
            graph,
            kind,
            format,
        } => query::entities(&schema()?, graph, kind.as_deref(), *format, out),
        Command::Relations {
            graph,
            filter,
            format,
        } => query::relations(&schema()?, graph, filter, *format, out),
        Command::Explain {
            graph,
            subject,
            relation,
            object,
        } => query::explain(graph, subject, relation, object, out),
        Command::Query {
            graph,
            cypher,
            params,
            format,
        } => cypher::query(&schema()?, graph, cypher, params, *format, out),
        Command::Ask {
            graph,
            question,
            show_cypher,
            format,
        } => cypher::ask(&schema()?, graph, question, *show_cypher, *format, out),
        Command::Export {
            graph,
            format,
            dialect,
            out: file,
            view,
        } => export::run(
            &schema()?,
            graph,
            *format,
            *dialect,
            file.as_deref(),
            view,
            out,
        ),
        Command::Render {
            graph,
            format,
            out: file,
            engine,
            view,
        } => render::run(&schema()?, graph, *format, *engine, file, view, out),
        Command::View {
            graph,
            out: file,
            engine,
            view,
            draw_metrics,
        } => view::run(&schema()?, graph, file, *engine, view, *draw_metrics, out),
        Command::SchemaCheck => schema_check::run(config.schema_dir.as_deref(), out),
        Command::Eval {
            gold,
            paths,
            verbose,
            format,
        } => eval::run(&schema()?, gold, paths, *verbose, *format, out),
    }
}

/// The bundled schema, or the one in `dir`.
pub fn load_schema(dir: Option<&Path>) -> Result<Schema> {
    Ok(match dir {
        Some(d) => Schema::load(d)?,
        None => Schema::bundled()?,
    })
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
