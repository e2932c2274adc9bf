//! `finkg view`: the graph, or the part the filters keep, as one
//! self-contained interactive HTML page, laid out by Graphviz.

use super::export::{select, FilterArgs, View};
use super::graphviz::INSTALL_HINT;
use super::output::counts;
use super::render::Engine;
use super::{GraphArg, SchemaArg};
use anyhow::{bail, Context, Result};
use finkg::export::{Exporter, HtmlExporter, LaidOut};
use finkg::Schema;
use graphviz_rust::cmd::{CommandArg, Format, Layout};
use graphviz_rust::dot_structures::Graph;
use graphviz_rust::printer::PrinterContext;
use std::io::ErrorKind;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `finkg view`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HTML file to write (atomically; missing folders are created).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Graphviz layout engine; sfdp lays out thousands of nodes fastest.
    #[arg(long, value_enum, default_value_t = Engine::Dot)]
    pub engine: Engine,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Group entities in one box per kind.
    #[arg(long)]
    pub clusters: bool,
    #[command(flatten)]
    pub graph: GraphArg,
}

impl Args {
    /// What the page holds: it lists metrics with their entity unless told
    /// not to.
    pub fn view(&self) -> View {
        View {
            filter: self.filter.graph_filter(true),
            clusters: self.clusters,
        }
    }

    /// Whether the page draws metric nodes too (only on request).
    pub fn draw_metrics(&self) -> bool {
        self.filter.with_metrics
    }

    /// Write the page.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let (graph, file, engine) = (&self.graph.graph, &self.out, self.engine);
        run(
            &schema,
            graph,
            file,
            engine,
            &self.view(),
            self.draw_metrics(),
            out,
        )
    }
}

/// Above this many drawn nodes, `dot` takes a while: say so, and name a faster engine.
const SLOW_LAYOUT: usize = 800;

/// The Graphviz layout of an engine named on the command line.
fn layout(engine: Engine) -> Layout {
    match engine {
        Engine::Dot => Layout::Dot,
        Engine::Neato => Layout::Neato,
        Engine::Fdp => Layout::Fdp,
        Engine::Sfdp => Layout::Sfdp,
    }
}

/// Lay out and draw a graph as SVG; `None` when `dot` is not installed.
/// Unlike `render`, the force-directed engines draw straight edges: routing
/// splines around thousands of nodes takes Graphviz minutes, not seconds.
fn layout_svg(graph: Graph, engine: Engine) -> Result<Option<Vec<u8>>> {
    let mut args = vec![
        CommandArg::Format(Format::Svg),
        CommandArg::Layout(layout(engine)),
    ];
    if engine != Engine::Dot {
        args.push(CommandArg::Custom("-Goverlap=false".into()));
    }
    let mut ctx = PrinterContext::default();
    ctx.with_semi();
    match graphviz_rust::exec(graph, &mut ctx, args) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => bail!("Graphviz `dot` failed: {}", e.to_string().trim()),
    }
}

/// Write the page of the graph file into `file` (atomically, folders created).
fn run(
    schema: &Schema,
    graph: &Path,
    file: &Path,
    engine: Engine,
    view: &View,
    draw_metrics: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let g = select(schema, graph, &view.filter)?;
    let page = HtmlExporter::new(&schema.ontology)
        .with_metrics(draw_metrics && view.filter.metrics)
        .with_clusters(view.clusters)
        .with_subtitle(view.filter.describe().join(" · "));
    let summary = g.summary();
    let drawn = summary.entities + if draw_metrics { summary.metrics } else { 0 };
    if drawn > SLOW_LAYOUT && engine == Engine::Dot {
        eprintln!(
            "[laying out {drawn} nodes with dot; this can take a minute (--engine sfdp is faster)]"
        );
    }
    let started = Instant::now();
    let Some(svg) = layout_svg(page.to_dot_graph(&g), engine)? else {
        bail!("Graphviz `dot` not found: {INSTALL_HINT}");
    };
    let svg = String::from_utf8(svg).context("Graphviz wrote SVG that is not UTF-8")?;
    let bytes = page.to_bytes(&LaidOut {
        graph: &g,
        svg: &svg,
    })?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    finkg::graph::write_atomic(file, &bytes)
        .with_context(|| format!("{}: cannot write", file.display()))?;
    if drawn > SLOW_LAYOUT {
        eprintln!("[layout took {:.1} s]", started.elapsed().as_secs_f64());
    }
    writeln!(
        out,
        "wrote {} (html, {} bytes: {}); open it in a browser, it needs no network",
        file.display(),
        bytes.len(),
        counts(&g)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    #[test]
    fn the_page_lists_metrics_and_draws_them_on_request() {
        let view = |argv: &[&str]| match Cli::try_parse_from(argv).unwrap().command {
            Command::View(a) => (a.view().filter.metrics, a.draw_metrics(), a.engine),
            c => panic!("{c:?}"),
        };
        let base = ["finkg", "view", "--out", "g.html"];
        assert_eq!(view(&base), (true, false, Engine::Dot));
        let with = [&base[..], &["--with-metrics", "--engine", "sfdp"]].concat();
        assert_eq!(view(&with), (true, true, Engine::Sfdp));
        let without = [&base[..], &["--without-metrics"]].concat();
        assert_eq!(view(&without), (false, false, Engine::Dot));
    }
}
