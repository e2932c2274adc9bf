//! `finkg entities`, `finkg relations`, `finkg explain`: reading the graph.

use super::output::{clip, one_line, FormatArg, OutputFormat, Rows};
use super::{GraphArg, SchemaArg};
use anyhow::Result;
use finkg::graph::{EntityNode, RelationView};
use finkg::model::Confidence;
use finkg::{RelationFilter, Schema};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Arguments of `finkg entities`.
#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    /// Only entities of this kind (company, broker, index, model, investor, person, sector).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub format: FormatArg,
}

impl EntitiesArgs {
    /// List the entities.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let (graph, format) = (&self.graph.graph, self.format.format);
        entities(&schema, graph, self.kind.as_deref(), format, out)
    }
}

/// Arguments of `finkg relations`.
#[derive(Debug, clap::Args)]
pub struct RelationsArgs {
    /// Only relations of this kind (forecasts, outperforms, invests, rates, develops, works_for).
    #[arg(long, value_name = "RELATION")]
    pub kind: Option<String>,
    /// Only relations whose subject is of this entity kind.
    #[arg(long, value_name = "KIND")]
    pub from: Option<String>,
    /// Only relations whose object is of this entity kind.
    #[arg(long, value_name = "KIND")]
    pub to: Option<String>,
    #[command(flatten)]
    pub confidence: super::MinConfidenceArg,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub format: FormatArg,
}

impl RelationsArgs {
    /// The relation and end-kind flags as a library filter.
    pub fn filter(&self) -> RelationFilter {
        RelationFilter {
            relation: self.kind.clone(),
            subject_kind: self.from.clone(),
            object_kind: self.to.clone(),
        }
    }

    /// List the relations.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let (graph, format) = (&self.graph.graph, self.format.format);
        relations(
            &schema,
            graph,
            (&self.filter(), self.confidence),
            format,
            out,
        )
    }
}

/// Arguments of `finkg explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The subject entity (name, alias, ticker or id).
    #[arg(required_unless_present_any = ["trace", "doc"])]
    pub subject: Option<String>,
    /// The relation kind (forecasts, outperforms …).
    #[arg(required_unless_present_any = ["trace", "doc"])]
    pub relation: Option<String>,
    /// The object entity (name, alias, ticker or id).
    #[arg(required_unless_present_any = ["trace", "doc"])]
    pub object: Option<String>,
    /// Instead of a relation of the graph, trace the extraction of TEXT (a
    /// sentence or more): its sentence view (mentions, phrase-class hits,
    /// clauses), the discourse state, every rule that fired and every rule
    /// tried and why it did not match, and the metrics found.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["subject", "doc"])]
    pub trace: Option<String>,
    /// Trace the extraction of a document instead (with --sentence N, only
    /// its N-th sentence, read with the discourse of the whole document).
    #[arg(long, value_name = "FILE", conflicts_with = "subject")]
    pub doc: Option<std::path::PathBuf>,
    /// The sentence of --doc to show (1-based, as the trace numbers them).
    #[arg(long, value_name = "N", requires = "doc")]
    pub sentence: Option<usize>,
    #[command(flatten)]
    pub graph: GraphArg,
}

impl ExplainArgs {
    /// Print the evidence of the relation, or the trace of a text.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        if let Some(text) = &self.trace {
            let ex = finkg::Extractor::new(schema.load()?);
            write!(out, "{}", ex.trace(text))?;
            return Ok(());
        }
        if let Some(path) = &self.doc {
            let text = finkg::text::Decoder::default()
                .read_text(path)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let ex = finkg::Extractor::new(schema.load()?);
            let trace = ex.trace(&text);
            match self.sentence {
                None => write!(out, "{trace}")?,
                Some(n) => {
                    let total = trace.sentences.len();
                    let Some(s) = n.checked_sub(1).and_then(|i| trace.sentences.get(i)) else {
                        anyhow::bail!(
                            "{}: no sentence {n} (the document has {total} sentences, numbered from 1)",
                            path.display()
                        );
                    };
                    let one = finkg::extract::Trace {
                        sentences: vec![s.clone()],
                    };
                    write!(
                        out,
                        "{}",
                        one.to_string()
                            .replacen("sentence 1:", &format!("sentence {n}:"), 1)
                    )?;
                }
            }
            return Ok(());
        }
        let g = &self.graph.graph;
        let (Some(s), Some(r), Some(o)) = (&self.subject, &self.relation, &self.object) else {
            anyhow::bail!(
                "finkg explain needs SUBJECT RELATION OBJECT, or --trace TEXT, or --doc FILE"
            );
        };
        explain(g, s, r, o, out)
    }
}

/// Widest table cell before it is cut.
const CELL: usize = 60;

#[derive(Serialize)]
struct EntityRow<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    aliases: Vec<&'a str>,
    tickers: Vec<&'a str>,
    mentions: usize,
    documents: Vec<&'a str>,
}

impl<'a> From<&'a EntityNode> for EntityRow<'a> {
    fn from(e: &'a EntityNode) -> EntityRow<'a> {
        EntityRow {
            id: &e.id,
            name: &e.name,
            kind: &e.kind,
            aliases: e.aliases.iter().map(String::as_str).collect(),
            tickers: e.tickers.iter().map(String::as_str).collect(),
            mentions: e.mention_count(),
            documents: e.documents().map(String::as_str).collect(),
        }
    }
}

#[derive(Serialize)]
struct EvidenceRow<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    sentence: &'a str,
}

#[derive(Serialize)]
struct RelationRow<'a> {
    subject: &'a str,
    relation: &'a str,
    object: &'a str,
    subject_kind: &'a str,
    object_kind: &'a str,
    attrs: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    evidence: Vec<EvidenceRow<'a>>,
}

impl<'a> From<RelationView<'a>> for RelationRow<'a> {
    fn from(r: RelationView<'a>) -> RelationRow<'a> {
        RelationRow {
            subject: &r.subject.name,
            relation: r.relation(),
            object: &r.object.name,
            subject_kind: &r.subject.kind,
            object_kind: &r.object.kind,
            attrs: &r.edge.attrs,
            confidence: r.edge.confidence(),
            evidence: r
                .edge
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    doc: &e.doc,
                    start: e.start,
                    end: e.end,
                    rule: &e.rule,
                    confidence: e.confidence,
                    sentence: &e.sentence,
                })
                .collect(),
        }
    }
}

fn attrs_text(attrs: &BTreeMap<String, String>) -> String {
    attrs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// List entities.
fn entities(
    schema: &Schema,
    graph: &Path,
    kind: Option<&str>,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    super::check_entity_kind(schema, kind)?;
    let g = super::load_existing_graph(graph)?;
    let list = g.entities(kind);
    match format {
        OutputFormat::Json => {
            let rows: Vec<EntityRow<'_>> = list.into_iter().map(EntityRow::from).collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let mut rows = Rows::new(&["NAME", "KIND", "MENTIONS", "DOCS", "ALIASES", "TICKERS"]);
            for e in list {
                rows.push(vec![
                    e.name.clone(),
                    e.kind.clone(),
                    e.mention_count().to_string(),
                    e.mentions.len().to_string(),
                    e.aliases.iter().cloned().collect::<Vec<_>>().join("; "),
                    e.tickers.iter().cloned().collect::<Vec<_>>().join("; "),
                ]);
            }
            if format == OutputFormat::Csv {
                out.write_all(rows.csv().as_bytes())?;
            } else if rows.is_empty() {
                writeln!(out, "no entities")?;
            } else {
                out.write_all(rows.table(CELL).as_bytes())?;
            }
        }
    }
    Ok(())
}

/// List relations.
fn relations(
    schema: &Schema,
    graph: &Path,
    (filter, confidence): (&RelationFilter, super::MinConfidenceArg),
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    super::check_relation_kind(schema, filter.relation.as_deref())?;
    super::check_entity_kind(schema, filter.subject_kind.as_deref())?;
    super::check_entity_kind(schema, filter.object_kind.as_deref())?;
    let g = confidence.load(graph)?;
    let list = g.relations(filter);
    match format {
        OutputFormat::Json => {
            let rows: Vec<RelationRow<'_>> = list.into_iter().map(RelationRow::from).collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let mut rows = Rows::new(&[
                "SUBJECT",
                "RELATION",
                "OBJECT",
                "ATTRS",
                "EVIDENCE",
                "CONFIDENCE",
                "FIRST SENTENCE",
            ]);
            for r in list {
                rows.push(vec![
                    r.subject.name.clone(),
                    r.relation().to_string(),
                    r.object.name.clone(),
                    attrs_text(&r.edge.attrs),
                    r.edge.evidence.len().to_string(),
                    r.edge
                        .confidence()
                        .map_or_else(|| "-".to_string(), |c| c.to_string()),
                    r.edge
                        .evidence
                        .first()
                        .map(|e| e.sentence.clone())
                        .unwrap_or_default(),
                ]);
            }
            if format == OutputFormat::Csv {
                out.write_all(rows.csv().as_bytes())?;
            } else if rows.is_empty() {
                writeln!(out, "no relations")?;
            } else {
                out.write_all(rows.table(CELL).as_bytes())?;
            }
        }
    }
    Ok(())
}

/// Print the evidence of one relation.
fn explain(
    graph: &Path,
    subject: &str,
    relation: &str,
    object: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let g = super::load_existing_graph(graph)?;
    let r = g.explain(subject, relation, object)?;
    writeln!(
        out,
        "{} ({}) -{}-> {} ({})",
        r.subject.name,
        r.subject.kind,
        r.relation(),
        r.object.name,
        r.object.kind
    )?;
    // the action history is listed below, not as one attribute
    let attrs: std::collections::BTreeMap<String, String> = r
        .edge
        .attrs
        .iter()
        .filter(|(k, _)| k.as_str() != "history")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !attrs.is_empty() {
        writeln!(out, "attributes: {}", attrs_text(&attrs))?;
    }
    if !r.edge.actions.is_empty() {
        writeln!(out, "actions ({}), oldest first:", r.edge.actions.len())?;
        for a in &r.edge.actions {
            writeln!(out, "  {}", finkg::query::action_text(a))?;
        }
    }
    match r.edge.confidence() {
        Some(c) => writeln!(out, "evidence ({}), confidence {c}:", r.edge.evidence.len())?,
        None => writeln!(out, "evidence ({}):", r.edge.evidence.len())?,
    }
    for (i, e) in r.edge.evidence.iter().enumerate() {
        // the document, with its date and publisher when known
        let doc = g
            .document(&e.doc)
            .map(|d| {
                let mut s = format!("{} [{}]", d.name, e.doc);
                for x in [&d.date, &d.publisher].into_iter().flatten() {
                    s.push_str(&format!(", {x}"));
                }
                s
            })
            .unwrap_or_else(|| e.doc.clone());
        let confidence = e.confidence.map_or_else(String::new, |c| format!(" ({c})"));
        writeln!(
            out,
            "  {}. {doc}, bytes {}..{}, rule {}{confidence}",
            i + 1,
            e.start,
            e.end,
            e.rule
        )?;
        writeln!(out, "     \"{}\"", clip(&one_line(&e.sentence), 400))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Cli;
    use super::*;
    use clap::Parser;

    #[test]
    fn relation_flags_become_a_filter() {
        let cli = Cli::try_parse_from([
            "finkg",
            "relations",
            "--kind",
            "forecasts",
            "--from",
            "broker",
            "--to",
            "company",
            "--graph",
            "g.ron",
            "--format",
            "json",
        ])
        .unwrap();
        let super::super::Command::Relations(a) = cli.command else {
            panic!("not relations")
        };
        assert_eq!(
            a.filter(),
            RelationFilter::any()
                .relation("forecasts")
                .from_kind("broker")
                .to_kind("company")
        );
        assert_eq!(a.graph.graph, Path::new("g.ron"));
        assert_eq!(a.format.format, OutputFormat::Json);
    }
}
