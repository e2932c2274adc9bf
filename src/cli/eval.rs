//! `finkg eval`: extract the articles and score them against gold files.

use super::{inputs, SchemaArg};
use anyhow::{bail, Result};
use finkg::eval::{self, GoldDoc};
use finkg::export::json_file_name;
use finkg::{Extractor, Schema};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `finkg eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of gold JSON files named after the articles (x.txt → x.json).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Articles, or folders searched recursively for .txt and .md files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// List every missed and extra entity, relation and metric per document.
    #[arg(long)]
    pub verbose: bool,
    /// Also score analyst actions (ratings and targets), as `score.py --actions`
    /// does: the rows `actions` (who acts on what) and `actions_full` (every field right).
    #[arg(long)]
    pub actions: bool,
    /// Output format: the score table, or JSON (the shape of score.py --json).
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
}

/// How `finkg eval` prints its scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// The table score.py prints.
    Table,
    /// One JSON object: row name → precision, recall, f1, pred, gold.
    Json,
}

impl Args {
    /// Extract the articles and print their scores.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let options = eval::ScoreOptions {
            actions: self.actions,
        };
        run(
            &schema,
            &self.gold,
            &self.paths,
            (self.verbose, options),
            self.format,
            out,
        )
    }
}

/// Score the extraction of `paths` against the gold files in `gold_dir`.
fn run(
    schema: &Schema,
    gold_dir: &Path,
    paths: &[PathBuf],
    (verbose, options): (bool, eval::ScoreOptions),
    format: EvalFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let gold = eval::load_dir(gold_dir)?;
    let files = inputs::collect(paths)?;
    let extractor = Extractor::new(schema.clone());
    let mut pred: BTreeMap<String, GoldDoc> = BTreeMap::new();
    for (_, x) in inputs::extract_all(&extractor, &files)? {
        pred.insert(json_file_name(&x.doc.name), GoldDoc::from_extraction(&x));
    }
    if !gold.keys().any(|k| pred.contains_key(k)) {
        bail!(
            "{}: no gold file is named after any of the articles (x.txt needs x.json)",
            gold_dir.display()
        );
    }
    let report = eval::score_with(&gold, &pred, &options);
    match format {
        EvalFormat::Table => write!(out, "{}", report.to_table(verbose))?,
        EvalFormat::Json => writeln!(out, "{}", report.to_json())?,
    }
    Ok(())
}
