//! `finkg schema check`: validate the schema and report what it defines.

use anyhow::Result;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

/// Load the schema (errors carry file, line and column) and print counts, and
/// warnings for entries that clash.
pub fn run(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let schema = super::load_schema(dir)?;
    match dir {
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
