//! `finkg schema check`: validate the schema and report what it defines;
//! `finkg schema names`: the gazetteer's names for other tools.

use super::SchemaArg;
use anyhow::Result;
use finkg::schema::Family;
use finkg::Schema;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

/// Arguments of `finkg schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

/// What to do with the schema.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Validate the schema (the bundled one, or `--schema DIR`) and report what
    /// it defines; errors name the file, line and column.
    Check,
    /// Print every gazetteer name, alias and ticker with its kind, one per
    /// line as `KIND<TAB>NAME` (for other tools' matchers).
    Names,
}

impl Args {
    /// Run the action on the bundled schema or the one `--schema` names.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        match self.action {
            Action::Check => check(schema, out),
            Action::Names => names(&schema.load()?, out),
        }
    }
}

/// Load the schema (errors carry file, line and column) and print counts, and
/// warnings for entries that clash.
fn check(arg: &SchemaArg, out: &mut dyn Write) -> Result<()> {
    let schema = arg.load()?;
    match arg.dir.as_deref() {
        Some(d) => writeln!(out, "schema: {}", d.display())?,
        None => writeln!(out, "schema: bundled (a copy of graph-schema/)")?,
    }
    let o = &schema.ontology;
    writeln!(
        out,
        "ontology: {} entity kinds ({}), {} relation kinds ({})",
        o.entity_kinds.len(),
        o.entity_kinds
            .iter()
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        o.relation_kinds.len(),
        o.relation_kinds
            .iter()
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )?;
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &schema.gazetteer {
        let file = e
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        *per_file.entry(file).or_default() += 1;
        *per_kind.entry(&e.kind).or_default() += 1;
    }
    writeln!(
        out,
        "gazetteer: {} entries in {} files",
        schema.gazetteer.len(),
        per_file.len()
    )?;
    for (f, n) in &per_file {
        writeln!(out, "  {f}: {n}")?;
    }
    writeln!(
        out,
        "  by kind: {}",
        per_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;

    let rules: usize = schema.rules.iter().map(|f| f.rules.len()).sum();
    writeln!(
        out,
        "rules: {rules} in {} families ({})",
        schema.rules.len(),
        schema
            .rules
            .iter()
            .map(|f| format!("{} {}", f.family, f.rules.len()))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    let tiers: Vec<&str> = schema
        .rules
        .iter()
        .flat_map(|f| f.owner_tiers.iter().map(|t| t.name.as_str()))
        .collect();
    writeln!(
        out,
        "metric owner tiers, highest first: {} ({})",
        tiers.len(),
        tiers.join(", ")
    )?;
    // every rule must fire on its examples and not on its counter-examples
    let report = finkg::Extractor::new(schema.clone()).check_rules();
    writeln!(
        out,
        "  examples: {} run, counter-examples: {} run, {} failing",
        report.examples,
        report.counters,
        report.failures.len()
    )?;
    // which rules confidence.ron measured (the others get their family's prior)
    let c = &schema.confidence;
    let priors: Vec<String> = c.priors.iter().map(|(f, p)| format!("{f} {p}")).collect();
    writeln!(
        out,
        "confidence: {} rules measured, priors {}",
        c.rules.len(),
        if priors.is_empty() {
            format!("none (every fact {})", c.default)
        } else {
            priors.join(", ")
        }
    )?;
    let unmeasured: Vec<&str> = schema
        .rules
        .iter()
        .flat_map(|f| {
            let rules = f.rules.iter().map(|r| (Family::Relation, r.name.as_str()));
            let tiers = f
                .owner_tiers
                .iter()
                .map(|t| (Family::Metric, t.name.as_str()));
            rules.chain(tiers)
        })
        .filter(|(family, name)| !c.rules.contains_key(&family.key(name)))
        .map(|(_, name)| name)
        .collect();
    if !unmeasured.is_empty() {
        writeln!(
            out,
            "  not measured (their family's prior until `finkg calibrate`): {}",
            unmeasured.join(", ")
        )?;
    }
    if !report.failures.is_empty() {
        for f in &report.failures {
            writeln!(out, "error: {f}")?;
        }
        anyhow::bail!(
            "{} rule example(s) fail (each names its rule and file above)",
            report.failures.len()
        );
    }

    let mut warnings = Vec::new();
    let mut names: HashMap<(String, &str), &Path> = HashMap::new();
    let mut tickers: HashMap<String, &str> = HashMap::new();
    for e in &schema.gazetteer {
        if let Some(first) = names.insert((e.name.to_lowercase(), &e.kind), &e.source) {
            warnings.push(format!(
                "{}: `{}` ({}) is also defined in {}",
                e.source.display(),
                e.name,
                e.kind,
                first.display()
            ));
        }
        for t in &e.tickers {
            if let Some(other) = tickers.insert(t.to_uppercase(), &e.name) {
                if other != e.name {
                    warnings.push(format!(
                        "{}: ticker {t} of `{}` is also a ticker of `{other}`",
                        e.source.display(),
                        e.name
                    ));
                }
            }
        }
    }
    for w in &warnings {
        writeln!(out, "warning: {w}")?;
    }
    writeln!(
        out,
        "ok{}",
        if warnings.is_empty() {
            String::new()
        } else {
            format!(" ({} warnings)", warnings.len())
        }
    )?;
    Ok(())
}

/// Every gazetteer name, alias and ticker as `KIND<TAB>NAME`, in schema order.
fn names(schema: &Schema, out: &mut dyn Write) -> Result<()> {
    for e in &schema.gazetteer {
        for n in std::iter::once(&e.name).chain(&e.aliases).chain(&e.tickers) {
            writeln!(out, "{}\t{}", e.kind, n)?;
        }
    }
    Ok(())
}
