//! `finkg export`: the graph, or the part the filters keep, in another
//! format, to a file or standard output.

use anyhow::{bail, Context, Result};
use finkg::export::{
    CypherDialect, CypherExporter, DotExporter, ExportFormat, Exporter, GraphMlExporter,
    JsonExporter,
};
use finkg::{GraphFilter, KnowledgeGraph, Schema};
use std::io::Write;
use std::path::Path;

/// What part of the graph to show, and how to group it; shared by `export`
/// and `render`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// What to keep.
    pub filter: GraphFilter,
    /// One cluster per entity kind (DOT only).
    pub clusters: bool,
}

/// Export the graph file; `file` is written atomically.
pub fn run(
    schema: &Schema,
    graph: &Path,
    format: ExportFormat,
    dialect: CypherDialect,
    file: Option<&Path>,
    view: &View,
    out: &mut dyn Write,
) -> Result<()> {
    if view.clusters && format != ExportFormat::Dot {
        bail!("--clusters groups the nodes of a drawing; it applies to --format dot only");
    }
    let g = select(schema, graph, &view.filter)?;
    let bytes = match format {
        ExportFormat::Dot => dot_exporter(schema, view).to_bytes(&g)?,
        ExportFormat::Json => JsonExporter.to_bytes(&g)?,
        ExportFormat::GraphMl => GraphMlExporter.to_bytes(&g)?,
        ExportFormat::Cypher => CypherExporter::new()
            .with_ontology(&schema.ontology)
            .with_dialect(dialect)
            .to_bytes(&g)?,
        ExportFormat::Csv => return super::cypher::export_csv(schema, &g, file, out),
    };
    match file {
        Some(path) => {
            finkg::graph::write_atomic(path, &bytes)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            writeln!(out, "wrote {} ({format}, {})", path.display(), counts(&g))?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

/// Load the graph file and keep what the filter keeps, after checking the
/// kinds it names against the ontology.
pub fn select(schema: &Schema, graph: &Path, filter: &GraphFilter) -> Result<KnowledgeGraph> {
    for k in &filter.kinds {
        super::check_entity_kind(schema, Some(k))?;
    }
    for r in &filter.relations {
        super::check_relation_kind(schema, Some(r))?;
    }
    let g = super::load_existing_graph(graph)?;
    Ok(filter.apply(&g)?)
}

/// The DOT exporter for a view: metrics as the filter kept them, a subtitle
/// saying what it kept.
pub fn dot_exporter<'a>(schema: &'a Schema, view: &View) -> DotExporter<'a> {
    DotExporter::new(&schema.ontology)
        .with_metrics(view.filter.metrics)
        .with_clusters(view.clusters)
        .with_subtitle(view.filter.describe().join(" · "))
}

/// `12 entities, 15 relations, 3 metrics`.
pub fn counts(g: &KnowledgeGraph) -> String {
    let s = g.summary();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(s.entities, "entity", "entities"),
        plural(s.relations, "relation", "relations"),
        plural(s.metrics, "metric", "metrics")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(
            counts(&KnowledgeGraph::new()),
            "0 entities, 0 relations, 0 metrics"
        );
    }

    #[test]
    fn unknown_kinds_are_refused_before_loading() {
        let schema = Schema::bundled().unwrap();
        let f = GraphFilter::all().kind("planet");
        let err = select(&schema, Path::new("missing.ron"), &f)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("unknown entity kind `planet`"), "{err}");
        let f = GraphFilter::all().relation("likes");
        let err = select(&schema, Path::new("missing.ron"), &f)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("unknown relation kind `likes`"), "{err}");
    }
}
