//! `finkg eval`: extract the articles and score them against gold files.

use super::args::EvalFormat;
use super::inputs;
use anyhow::{bail, Result};
use finkg::eval::{self, GoldDoc};
use finkg::export::json_file_name;
use finkg::{Extractor, Schema};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Score the extraction of `paths` against the gold files in `gold_dir`.
pub fn run(
    schema: &Schema,
    gold_dir: &Path,
    paths: &[PathBuf],
    verbose: bool,
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
    let report = eval::score(&gold, &pred);
    match format {
        EvalFormat::Table => write!(out, "{}", report.to_table(verbose))?,
        EvalFormat::Json => writeln!(out, "{}", report.to_json())?,
    }
    Ok(())
}
