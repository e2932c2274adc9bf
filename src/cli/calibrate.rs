//! `finkg calibrate`: measure each rule's precision on gold annotations and
//! write it into the schema (`confidence.ron`).

use super::eval::{buckets_json, gold_and_predictions};
use super::SchemaArg;
use anyhow::{bail, Context, Result};
use finkg::eval::{self, Judgement};
use finkg::schema::Calibration;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `finkg calibrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of gold JSON files named after the articles (x.txt → x.json);
    /// repeat it for several gold sets. Only the articles given are measured.
    #[arg(long, value_name = "DIR", required = true)]
    pub gold: Vec<PathBuf>,
    /// Articles, or folders searched recursively for .txt and .md files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where to write the calibration; by default `confidence.ron` in the
    /// folder `--schema` names (without --schema, --out is needed: the
    /// bundled schema is built into finkg).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How many observations each rule's prior (the mean precision of its
    /// family's rules) is worth: a rule seen fewer times than this stays
    /// near the prior.
    #[arg(long, value_name = "N", default_value_t = 10.0, value_parser = parse_strength)]
    pub strength: f64,
    /// Print the tables as JSON (`rules`, `calibration`, `held_out`) instead.
    #[arg(long)]
    pub json: bool,
}

fn parse_strength(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number of observations (0 or more)")),
    }
}

impl Args {
    /// Extract the articles, judge every fact, fit and write the calibration.
    pub fn run(&self, schema_arg: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let target = match (&self.out, &schema_arg.dir) {
            (Some(f), _) => f.clone(),
            (None, Some(d)) => d.join("confidence.ron"),
            (None, None) => bail!(
                "say where to write the calibration: --out FILE, or --schema DIR \
                 (its confidence.ron)"
            ),
        };
        if target.is_dir() {
            bail!(
                "{}: is a folder; --out names the file to write",
                target.display()
            );
        }
        let schema = schema_arg.load()?;
        let (mut gold, pred) = gold_and_predictions(&schema, &self.gold, &self.paths)?;
        // only the articles given are measured (a gold folder may hold more)
        gold.retain(|k, _| pred.contains_key(k));
        let judged = eval::judge(&gold, &pred);
        let calibration = Calibration::fit(&judged.outcomes(), self.strength);
        write(&target, &calibration, &self.header(&gold.len()))?;
        report(
            &judged,
            &calibration,
            self.strength,
            &target,
            self.json,
            out,
        )
    }

    /// The comment at the top of the file: how it was made.
    fn header(&self, docs: &usize) -> String {
        let gold: Vec<String> = self.gold.iter().map(|d| d.display().to_string()).collect();
        let paths: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        format!(
            "Each rule's measured precision: the confidence of the facts it makes.\n\
             Written by `finkg calibrate --gold {} {} --strength {}` ({docs} documents).\n\
             precision = (correct + strength * prior) / (count + strength), prior = the\n\
             mean precision of the family's rules; a rule not listed gets its family's prior.",
            gold.join(" --gold "),
            paths.join(" "),
            self.strength
        )
    }
}

/// Write the calibration atomically, then check it reads back.
fn write(target: &Path, c: &Calibration, header: &str) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            bail!("{}: no such folder", dir.display());
        }
    }
    let text = c.to_ron(header);
    Calibration::parse(&text, target).context("the calibration written does not read back")?;
    finkg::graph::write_atomic(target, text.as_bytes())
        .with_context(|| format!("{}: cannot write", target.display()))?;
    Ok(())
}

/// Print what was measured: the rules, and the calibration table in sample
/// and with each document left out of the fit.
fn report(
    judged: &Judgement,
    c: &Calibration,
    strength: f64,
    target: &Path,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let in_sample = eval::buckets(judged.judged.iter().map(|j| {
        let conf = c.confidence(j.family, &j.rule).get();
        (conf, j.correct)
    }));
    let held_out = judged.held_out_calibration(strength);
    if json {
        let rules: Vec<serde_json::Value> = c
            .rules
            .iter()
            .map(|(k, s)| {
                serde_json::json!({"rule": k, "precision": s.precision,
                    "correct": s.correct, "count": s.count})
            })
            .collect();
        let doc = serde_json::json!({
            "file": target.display().to_string(),
            "priors": c.priors,
            "rules": rules,
            "calibration": buckets_json(&in_sample),
            "held_out": buckets_json(&held_out),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: {} rules from {} facts",
        target.display(),
        c.rules.len(),
        judged.judged.len()
    )?;
    let priors: Vec<String> = c.priors.iter().map(|(f, p)| format!("{f} {p}")).collect();
    writeln!(out, "priors: {}", priors.join(", "))?;
    writeln!(out, "\nBy rule (measured precision, before smoothing)")?;
    write!(out, "{}", eval::rules_table(&judged.rules()))?;
    writeln!(
        out,
        "\nCalibration on these documents (optimistic: fitted on them; each fact at its \
         first sentence's rule, before other sentences combine)"
    )?;
    write!(out, "{}", eval::calibration_table(&in_sample))?;
    writeln!(
        out,
        "\nCalibration with each document left out of the fit (what unseen text can expect)"
    )?;
    write!(out, "{}", eval::calibration_table(&held_out))?;
    Ok(())
}
