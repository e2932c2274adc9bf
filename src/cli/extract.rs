//! `finkg extract`: one gold-format JSON per document.

use super::{inputs, SchemaArg};
use anyhow::{bail, Context, Result};
use finkg::export::{json_file_name, Exporter, GoldJsonExporter};
use finkg::{Extractor, Schema};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `finkg extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files, or folders searched recursively for .txt and .md files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Folder to write the JSON files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub json_dir: PathBuf,
}

impl Args {
    /// Extract the documents and write their JSON files.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        run(&schema.load()?, &self.paths, &self.json_dir, out)
    }
}

/// Read and extract everything first, then write `DIR/x.json` for each `x.txt`.
fn run(schema: &Schema, paths: &[PathBuf], json_dir: &Path, out: &mut dyn Write) -> Result<()> {
    let files = inputs::collect(paths)?;
    let mut targets: BTreeMap<String, &Path> = BTreeMap::new();
    for f in &files {
        let name = json_file_name(&f.file_name().unwrap_or_default().to_string_lossy());
        if let Some(other) = targets.insert(name.clone(), f) {
            bail!(
                "{} and {} would both be written to {}",
                other.display(),
                f.display(),
                json_dir.join(&name).display()
            );
        }
    }
    let extractor = Extractor::new(schema.clone());
    let extractions = inputs::extract_all(&extractor, &files)?;
    std::fs::create_dir_all(json_dir)
        .with_context(|| format!("{}: cannot create the folder", json_dir.display()))?;
    for (_, x) in &extractions {
        let target = json_dir.join(json_file_name(&x.doc.name));
        let bytes = GoldJsonExporter.to_bytes(x)?;
        finkg::graph::write_atomic(&target, &bytes)
            .with_context(|| format!("{}: cannot write", target.display()))?;
        writeln!(
            out,
            "{}: {} entities, {} relations, {} metrics",
            target.display(),
            x.entities.len(),
            x.relations.len(),
            x.metrics.len()
        )?;
    }
    Ok(())
}
