//! Evaluation: predictions scored against gold annotations with exactly the
//! rules of `../shared/score.py` (ANNOTATION.md, "Scoring").
//!
//! [`load_dir`] reads a folder of gold-format JSON files, [`GoldDoc::from_extraction`]
//! turns an extraction into the same format, and [`score`] compares the two:
//!
//! - names are compared after [`norm`] (lower-case, punctuation to spaces, the
//!   [`SUFFIXES`] dropped); a predicted entity matches the first gold entity
//!   sharing any name with it;
//! - a gold entity matched by two predicted entities counts once, the second
//!   predicted entity is a false positive;
//! - a predicted relation end that matches no gold entity keeps its own name,
//!   so the relation never matches; `relations_named` leaves out relations
//!   with a sector at either end;
//! - a metric matches when its entity resolves to the gold metric's entity, the
//!   unit is the same and the value is within 0.5% (+1e-9) of the gold value,
//!   greedily in prediction order;
//! - with [`ScoreOptions::actions`], analyst actions: a predicted action
//!   matches the first unused gold action whose `by` and `on` resolve to the
//!   same gold entities (`actions`); `actions_full` also needs the rating,
//!   previous rating, target, previous target and unit to agree (absent
//!   equals absent, ratings as lower-case letters, targets within 0.5%);
//! - every figure is micro-averaged over the documents.
//!
//! The [`Report`] prints as score.py's table ([`Report::to_table`]) and
//! serialises as its `--json` output.

mod by_rule;
mod gold;
mod norm;
mod score;

pub use by_rule::{
    buckets, calibration_table, judge, rules_table, Bucket, Judged, Judgement, RuleRow, BUCKETS,
};
pub use gold::{load_dir, load_file, GoldAction, GoldDoc, GoldEntity, GoldMetric, GoldRelation};
pub use norm::{norm, SUFFIXES};
pub use score::{
    score, score_with, DocDetails, Report, Row, ScoreOptions, CORE_KINDS, CORE_RELATIONS, ROW_ORDER,
};

use crate::position::FilePosition;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why gold or prediction files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or folder could not be read.
    #[error("{}: cannot read", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid gold-format JSON.
    #[error("{at}: invalid gold JSON")]
    Json {
        /// Where the parser stopped.
        at: FilePosition,
        /// What the parser said.
        #[source]
        source: serde_json::Error,
    },
    /// The gold folder holds no `*.json` file.
    #[error("no gold files (*.json) in {}", path.display())]
    NoGold {
        /// The folder.
        path: PathBuf,
    },
}

/// What `score.py GOLD_DIR PRED_DIR` computes: every `*.json` of `gold_dir`
/// scored against the file of the same name in `pred_dir` (a missing file, or
/// a missing `pred_dir`, predicts nothing; other prediction files are not
/// read). Fails when `gold_dir` has no gold file.
pub fn score_dirs(gold_dir: &Path, pred_dir: &Path) -> Result<Report, EvalError> {
    score_dirs_with(gold_dir, pred_dir, &ScoreOptions::default())
}

/// [`score_dirs`] with options (`score.py GOLD_DIR PRED_DIR --actions`).
pub fn score_dirs_with(
    gold_dir: &Path,
    pred_dir: &Path,
    options: &ScoreOptions,
) -> Result<Report, EvalError> {
    let gold = load_dir(gold_dir)?;
    if gold.is_empty() {
        return Err(EvalError::NoGold {
            path: gold_dir.to_path_buf(),
        });
    }
    let mut pred = BTreeMap::new();
    for name in gold.keys() {
        let path = pred_dir.join(name);
        if path.is_file() {
            pred.insert(name.clone(), load_file(&path)?);
        }
    }
    Ok(score_with(&gold, &pred, options))
}
