//! `finkg export`: the graph, or the part the filters keep, in another
//! format, to a file or standard output.

use super::output::counts;
use super::{GraphArg, SchemaArg};
use anyhow::{bail, Context, Result};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use finkg::export::{
    CsvExporter, CypherDialect, CypherExporter, DotExporter, ExportFormat, Exporter,
    GraphMlExporter, JsonExporter,
};
use finkg::{GraphFilter, KnowledgeGraph, Schema};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `finkg export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Export format.
    #[arg(long, value_name = "FORMAT", default_value = "dot", value_parser = export_format())]
    pub format: ExportFormat,
    /// The database a Cypher export is for: kuzu (tables declared first)
    /// or neo4j (id constraints first).
    #[arg(long, value_name = "DB", default_value = "kuzu", value_parser = cypher_dialect())]
    pub dialect: CypherDialect,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Group entities in one box per kind (dot only).
    #[arg(long)]
    pub clusters: bool,
    #[command(flatten)]
    pub graph: GraphArg,
}

impl Args {
    /// What to keep: data formats carry metrics unless told not to; DOT
    /// draws them on request.
    pub fn view(&self) -> View {
        View {
            filter: self.filter.graph_filter(self.format != ExportFormat::Dot),
            clusters: self.clusters,
        }
    }

    /// Export the graph file.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        run(
            &schema.load()?,
            &self.graph.graph,
            self.format,
            self.dialect,
            self.out.as_deref(),
            &self.view(),
            out,
        )
    }
}

/// Which part of the graph `export`, `render` and `view` show. Filters
/// combine: each keeps a part of what the others kept.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only entities of these kinds (repeat, or separate with commas).
    #[arg(long = "kind", value_name = "KIND", value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Only relations of these kinds, and the entities they link (repeat, or
    /// separate with commas).
    #[arg(long = "relation", value_name = "RELATION", value_delimiter = ',')]
    pub relations: Vec<String>,
    /// Only the neighbourhood of this entity (name, alias, ticker or id).
    #[arg(long, value_name = "NAME")]
    pub around: Option<String>,
    /// How many relations away from --around an entity may be.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Only facts (relations, metrics, entities) stated by at least N documents.
    #[arg(long, value_name = "N")]
    pub min_support: Option<usize>,
    #[command(flatten)]
    pub confidence: super::MinConfidenceArg,
    /// Only what this document states: its id or id prefix, file name or path
    /// (repeat for several).
    #[arg(long = "document", value_name = "DOC")]
    pub documents: Vec<String>,
    /// Include metric nodes, drawn as notes (the default for json and graphml).
    #[arg(long, alias = "metrics", conflicts_with = "without_metrics")]
    pub with_metrics: bool,
    /// Leave metric nodes out (the default for dot and render).
    #[arg(long)]
    pub without_metrics: bool,
    /// Leave out entities that take part in no relation.
    #[arg(long)]
    pub connected: bool,
    /// Keep at most N entities: the most connected ones (and the --around one).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
}

impl FilterArgs {
    /// The filter flags as a library filter; `metrics` is the format's
    /// default, which --with-metrics and --without-metrics override.
    pub fn graph_filter(&self, metrics: bool) -> GraphFilter {
        GraphFilter {
            kinds: self.kinds.clone(),
            relations: self.relations.clone(),
            around: self.around.clone(),
            depth: self.depth,
            min_support: self.min_support.unwrap_or(0),
            min_confidence: self.confidence.min_confidence,
            documents: self.documents.clone(),
            metrics: self.with_metrics || (metrics && !self.without_metrics),
            connected: self.connected,
            max_nodes: self.max_nodes,
        }
    }
}

fn cypher_dialect() -> impl TypedValueParser<Value = CypherDialect> {
    PossibleValuesParser::new(CypherDialect::ALL.map(CypherDialect::as_str)).map(|s| {
        s.parse::<CypherDialect>()
            .expect("only listed names get here")
    })
}

fn export_format() -> impl TypedValueParser<Value = ExportFormat> {
    PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::as_str)).map(|s| {
        s.parse::<ExportFormat>()
            .expect("only listed names get here")
    })
}

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
fn run(
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
        ExportFormat::Csv => return export_csv(schema, &g, file, out),
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

/// Write the CSV export into a folder (created if needed).
fn export_csv(
    schema: &Schema,
    g: &KnowledgeGraph,
    dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(dir) = dir else {
        bail!("--format csv writes several files: give a folder with --out DIR");
    };
    let files = CsvExporter::new()
        .with_ontology(&schema.ontology)
        .files(g)?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for f in &files {
        let path = dir.join(&f.name);
        finkg::graph::write_atomic(&path, &f.contents)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    writeln!(
        out,
        "wrote {} files to {} (csv, {}); load them with {} or {}",
        files.len(),
        dir.display(),
        counts(g),
        dir.join("load_kuzu.cypher").display(),
        dir.join("load_neo4j.cypher").display(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    fn export(argv: &[&str]) -> Args {
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Export(a) => a,
            c => panic!("{c:?}"),
        }
    }

    #[test]
    fn defaults_are_applied() {
        let a = export(&["finkg", "export"]);
        assert_eq!(a.graph.graph, Path::new("finkg-graph.ron"));
        assert_eq!(
            (a.format, a.dialect, a.out.as_deref()),
            (ExportFormat::Dot, CypherDialect::Kuzu, None)
        );
        assert_eq!(
            a.view(),
            View {
                filter: GraphFilter::all().with_metrics(false),
                clusters: false,
            }
        );
    }

    #[test]
    fn metrics_are_off_for_drawings_and_on_for_data_unless_a_flag_says_otherwise() {
        let metrics = |argv: &[&str]| export(argv).view().filter.metrics;
        assert!(!metrics(&["finkg", "export"]));
        assert!(metrics(&["finkg", "export", "--with-metrics"]));
        assert!(metrics(&["finkg", "export", "--format", "json"]));
        assert!(!metrics(&[
            "finkg",
            "export",
            "--format",
            "graphml",
            "--without-metrics"
        ]));
    }

    #[test]
    fn filter_flags_repeat_split_and_check_each_other() {
        let a = export(&[
            "finkg",
            "export",
            "--kind",
            "broker,company",
            "--kind",
            "index",
            "--metrics",
        ]);
        assert_eq!(a.filter.kinds, ["broker", "company", "index"]);
        assert!(a.filter.with_metrics);
        for bad in [
            vec!["finkg", "export", "--depth", "2"],
            vec!["finkg", "export", "--with-metrics", "--without-metrics"],
            vec!["finkg", "export", "--format", "png"],
        ] {
            assert!(Cli::try_parse_from(&bad).is_err(), "{bad:?}");
        }
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
