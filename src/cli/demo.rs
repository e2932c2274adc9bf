//! `finkg demo`: the bundled sample articles, end to end.

use super::graphviz::{render_svg, INSTALL_HINT};
use super::inputs;
use super::output::Rows;
use super::SchemaArg;
use anyhow::{bail, Context, Result};
use finkg::export::{DotExporter, Exporter};
use finkg::graph::write_atomic;
use finkg::{Extractor, KnowledgeGraph, RelationFilter, Schema};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The sample corpus: `seeds/` in the current folder, else the one next to
/// the sources finkg was built from.
pub fn locate_seeds() -> Result<PathBuf> {
    let here = PathBuf::from("seeds");
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for dir in [here, built.clone()] {
        if dir.is_dir() {
            return Ok(dir);
        }
    }
    bail!(
        "no seeds/ folder here or at {}; run the demo from a finkg checkout",
        built.display()
    )
}

/// Arguments of `finkg demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write graph.ron, graph.dot and graph.svg into.
    #[arg(long, value_name = "DIR", default_value = "finkg-out")]
    pub out: PathBuf,
}

impl Args {
    /// Run the demo.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        run(&schema.load()?, &self.out, out)
    }
}

/// Ingest the seeds into a fresh graph, print it, write graph.ron/.dot/.svg.
fn run(schema: &Schema, out_dir: &Path, out: &mut dyn Write) -> Result<()> {
    let seeds = locate_seeds()?;
    let files = inputs::collect(std::slice::from_ref(&seeds))?;
    let extractor = Extractor::new(schema.clone());
    let mut graph = KnowledgeGraph::new();
    for (_, x) in inputs::extract_all(&extractor, &files)? {
        graph.ingest(x);
    }

    let s = graph.summary();
    writeln!(
        out,
        "Ingested {} document{} from {}: {} entities, {} relations, {} metrics.",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        seeds.display(),
        s.entities,
        s.relations,
        s.metrics
    )?;
    writeln!(out)?;
    writeln!(out, "Entities by kind:")?;
    for (k, n) in &s.entities_by_kind {
        writeln!(out, "  {k:<12} {n:>4}")?;
    }
    writeln!(out, "Relations by kind:")?;
    for (k, n) in &s.relations_by_kind {
        writeln!(out, "  {k:<12} {n:>4}")?;
    }
    writeln!(out, "Metrics: {}", s.metrics)?;
    writeln!(out)?;

    let forecasts = graph.relations(
        &RelationFilter::any()
            .relation("forecasts")
            .from_kind("broker")
            .to_kind("company"),
    );
    writeln!(out, "Broker → company forecasts ({}):", forecasts.len())?;
    let mut rows = Rows::new(&["BROKER", "COMPANY", "EVIDENCE", "FIRST SENTENCE"]);
    for r in &forecasts {
        rows.push(vec![
            r.subject.name.clone(),
            r.object.name.clone(),
            r.edge.evidence.len().to_string(),
            r.edge
                .evidence
                .first()
                .map(|e| e.sentence.clone())
                .unwrap_or_default(),
        ]);
    }
    if rows.is_empty() {
        writeln!(out, "  none found")?;
    } else {
        for line in rows.table(70).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;

    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("{}: cannot create the folder", out_dir.display()))?;
    let ron = out_dir.join("graph.ron");
    graph.save(&ron)?;
    writeln!(out, "wrote {}", ron.display())?;
    let dot = out_dir.join("graph.dot");
    let bytes = DotExporter::new(&schema.ontology)
        .with_isolated(false)
        .to_bytes(&graph)?;
    write_atomic(&dot, &bytes).with_context(|| format!("{}: cannot write", dot.display()))?;
    writeln!(out, "wrote {}", dot.display())?;
    let svg = out_dir.join("graph.svg");
    match render_svg(&dot)? {
        Some(bytes) => {
            write_atomic(&svg, &bytes)
                .with_context(|| format!("{}: cannot write", svg.display()))?;
            writeln!(out, "wrote {}", svg.display())?;
        }
        None => writeln!(out, "Graphviz `dot` not found: {INSTALL_HINT}")?,
    }
    writeln!(
        out,
        "Next: finkg relations --graph {} --kind forecasts --from broker --to company",
        ron.display()
    )?;
    Ok(())
}
