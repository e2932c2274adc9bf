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
    /// Also print each rule's precision and recall (worst first), from
    /// `gazetteer` and the discovery rules (entities) to the relation and
    /// metric rules. With --format json, the output is one object:
    /// `scores` (score.py's), `rules` and `calibration`.
    #[arg(long)]
    pub by_rule: bool,
    /// Output format: the score table (then the calibration table: each
    /// confidence bucket with its measured precision and count), or JSON
    /// (the shape of score.py --json).
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
            (self.verbose, options, self.by_rule),
            self.format,
            out,
        )
    }
}

/// Extract `paths` and pair them with the gold files of `gold_dirs` (x.txt
/// with x.json): the gold and the predictions, by gold file name. An error
/// when two gold folders hold a file of the same name, or when no article
/// has a gold file.
pub fn gold_and_predictions(
    schema: &Schema,
    gold_dirs: &[PathBuf],
    paths: &[PathBuf],
) -> Result<(BTreeMap<String, GoldDoc>, BTreeMap<String, GoldDoc>)> {
    let mut gold: BTreeMap<String, GoldDoc> = BTreeMap::new();
    for dir in gold_dirs {
        for (name, doc) in eval::load_dir(dir)? {
            if gold.contains_key(&name) {
                bail!(
                    "{}: a gold file named {name} was already read from another --gold folder",
                    dir.join(&name).display()
                );
            }
            gold.insert(name, doc);
        }
    }
    let files = inputs::collect(paths)?;
    let extractor = Extractor::new(schema.clone());
    let mut pred: BTreeMap<String, GoldDoc> = BTreeMap::new();
    for (_, x) in inputs::extract_all(&extractor, &files)? {
        pred.insert(json_file_name(&x.doc.name), GoldDoc::from_extraction(&x));
    }
    if !gold.keys().any(|k| pred.contains_key(k)) {
        let dirs: Vec<String> = gold_dirs.iter().map(|d| d.display().to_string()).collect();
        bail!(
            "{}: no gold file is named after any of the articles (x.txt needs x.json)",
            dirs.join(", ")
        );
    }
    Ok((gold, pred))
}

/// Score the extraction of `paths` against the gold files in `gold_dir`.
fn run(
    schema: &Schema,
    gold_dir: &Path,
    paths: &[PathBuf],
    (verbose, options, by_rule): (bool, eval::ScoreOptions, bool),
    format: EvalFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let (gold, pred) = gold_and_predictions(schema, &[gold_dir.to_path_buf()], paths)?;
    let report = eval::score_with(&gold, &pred, &options);
    let judged = eval::judge(&gold, &pred);
    match format {
        EvalFormat::Table => {
            write!(out, "{}", report.to_table(verbose))?;
            if by_rule {
                writeln!(
                    out,
                    "\nBy rule (precision worst first; recall: share of the family's gold facts)"
                )?;
                write!(out, "{}", eval::rules_table(&judged.rules()))?;
            }
            writeln!(
                out,
                "\nCalibration (confidence of each prediction -> measured precision)"
            )?;
            write!(out, "{}", eval::calibration_table(&judged.calibration()))?;
        }
        EvalFormat::Json if by_rule => {
            let rules: Vec<serde_json::Value> = judged
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "family": r.family.as_str(), "rule": r.rule, "pred": r.pred,
                        "correct": r.correct, "precision": r.precision, "recall": r.recall,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "scores": serde_json::from_str::<serde_json::Value>(&report.to_json())?,
                "rules": rules,
                "calibration": buckets_json(&judged.calibration()),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        EvalFormat::Json => writeln!(out, "{}", report.to_json())?,
    }
    Ok(())
}

/// The calibration table as JSON: one object per bucket.
pub fn buckets_json(buckets: &[eval::Bucket]) -> serde_json::Value {
    buckets
        .iter()
        .map(|b| {
            serde_json::json!({
                "low": b.low, "high": b.high, "count": b.count, "correct": b.correct,
                "mean_confidence": b.mean_confidence, "precision": b.precision(),
            })
        })
        .collect()
}
