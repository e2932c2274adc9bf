//! `finkg render`: draw the graph, or the part the filters keep, as SVG, PNG
//! or PDF with Graphviz (graphviz-rust runs the `dot` program).

use super::export::{dot_exporter, select, FilterArgs, View};
use super::graphviz::{render, INSTALL_HINT};
use super::output::counts;
use super::{GraphArg, SchemaArg};
use anyhow::{bail, Context, Result};
use finkg::Schema;
use graphviz_rust::cmd::{Format, Layout};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Arguments of `finkg render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Picture format [default: from the --out extension, else svg].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<RenderFormat>,
    /// The file to write (atomically; missing folders are created).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Graphviz layout engine; neato, fdp or sfdp suit big graphs.
    #[arg(long, value_enum, default_value_t = Engine::Dot)]
    pub engine: Engine,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Group entities in one box per kind.
    #[arg(long)]
    pub clusters: bool,
    #[command(flatten)]
    pub graph: GraphArg,
}

impl Args {
    /// The picture format: --format, else the --out extension's, else SVG.
    pub fn format(&self) -> RenderFormat {
        self.format
            .or_else(|| RenderFormat::from_path(&self.out))
            .unwrap_or(RenderFormat::Svg)
    }

    /// What to draw: metrics only on request.
    pub fn view(&self) -> View {
        View {
            filter: self.filter.graph_filter(false),
            clusters: self.clusters,
        }
    }

    /// Draw the graph file.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let (graph, file) = (&self.graph.graph, &self.out);
        run(
            &schema,
            graph,
            self.format(),
            self.engine,
            file,
            &self.view(),
            out,
        )
    }
}

/// The picture formats `finkg render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// Scalable vector graphics, with the evidence as tooltips.
    Svg,
    /// A bitmap.
    Png,
    /// A PDF page.
    Pdf,
}

impl RenderFormat {
    const ALL: [RenderFormat; 3] = [RenderFormat::Svg, RenderFormat::Png, RenderFormat::Pdf];

    fn as_str(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }

    fn graphviz(self) -> Format {
        match self {
            RenderFormat::Svg => Format::Svg,
            RenderFormat::Png => Format::Png,
            RenderFormat::Pdf => Format::Pdf,
        }
    }

    /// The format a file name's extension asks for, if it is one of ours.
    pub fn from_path(path: &Path) -> Option<RenderFormat> {
        path.extension()?.to_str()?.parse().ok()
    }
}

impl fmt::Display for RenderFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RenderFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RenderFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown picture format `{s}` (known: svg, png, pdf)"))
    }
}

/// Graphviz layout engines: `dot` draws layers, the others place nodes by
/// forces, which suits big graphs better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// Layered, left to right: best for a neighbourhood or one relation.
    Dot,
    /// Spring model, for up to a few hundred nodes.
    Neato,
    /// Force-directed placement.
    Fdp,
    /// Multiscale force-directed placement, for big graphs.
    Sfdp,
}

impl Engine {
    fn graphviz(self) -> Layout {
        match self {
            Engine::Dot => Layout::Dot,
            Engine::Neato => Layout::Neato,
            Engine::Fdp => Layout::Fdp,
            Engine::Sfdp => Layout::Sfdp,
        }
    }
}

/// Draw the graph file into `file` (written atomically, folders created).
fn run(
    schema: &Schema,
    graph: &Path,
    format: RenderFormat,
    engine: Engine,
    file: &Path,
    view: &View,
    out: &mut dyn Write,
) -> Result<()> {
    let g = select(schema, graph, &view.filter)?;
    let dot = dot_exporter(schema, view).to_dot_graph(&g);
    let Some(bytes) = render(dot, format.graphviz(), engine.graphviz())? else {
        bail!("Graphviz `dot` not found: {INSTALL_HINT}");
    };
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    finkg::graph::write_atomic(file, &bytes)
        .with_context(|| format!("{}: cannot write", file.display()))?;
    writeln!(
        out,
        "wrote {} ({format}, {} bytes: {})",
        file.display(),
        bytes.len(),
        counts(&g)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;
    use finkg::GraphFilter;

    fn render(argv: &[&str]) -> Args {
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Render(a) => a,
            c => panic!("{c:?}"),
        }
    }

    #[test]
    fn the_format_follows_the_file_name() {
        assert_eq!(
            render(&["finkg", "render", "--out", "a.png"]).format(),
            RenderFormat::Png
        );
        assert_eq!(
            render(&["finkg", "render", "--out", "a"]).format(),
            RenderFormat::Svg
        );
        let a = render(&[
            "finkg", "render", "--out", "a.png", "--format", "pdf", "--engine", "sfdp",
        ]);
        assert_eq!((a.format(), a.engine), (RenderFormat::Pdf, Engine::Sfdp));
        for bad in [
            vec!["finkg", "render"],
            vec!["finkg", "render", "--format", "gif", "--out", "a"],
            vec!["finkg", "render", "--engine", "circo", "--out", "a"],
        ] {
            assert!(Cli::try_parse_from(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn flags_become_a_view() {
        assert!(
            !render(&["finkg", "render", "--out", "a.svg"])
                .view()
                .filter
                .metrics
        );
        assert_eq!(
            render(&[
                "finkg",
                "render",
                "--out",
                "a.svg",
                "--around",
                "Alibaba",
                "--depth",
                "2",
                "--relation",
                "forecasts",
                "--min-support",
                "2",
                "--document",
                "x.txt",
                "--max-nodes",
                "30",
                "--connected",
                "--kind",
                "broker,company",
                "--clusters",
            ])
            .view(),
            View {
                filter: GraphFilter {
                    kinds: vec!["broker".into(), "company".into()],
                    relations: vec!["forecasts".into()],
                    around: Some("Alibaba".into()),
                    depth: 2,
                    min_support: 2,
                    min_confidence: None,
                    documents: vec!["x.txt".into()],
                    metrics: false,
                    connected: true,
                    max_nodes: Some(30),
                },
                clusters: true,
            }
        );
    }

    #[test]
    fn formats_parse_and_follow_extensions() {
        for f in RenderFormat::ALL {
            assert_eq!(f.to_string().parse::<RenderFormat>().unwrap(), f);
        }
        assert!("gif".parse::<RenderFormat>().is_err());
        assert_eq!(
            RenderFormat::from_path(Path::new("out/a.PNG")),
            Some(RenderFormat::Png)
        );
        assert_eq!(RenderFormat::from_path(Path::new("a.dot")), None);
        assert_eq!(RenderFormat::from_path(Path::new("a")), None);
    }

    #[test]
    fn engines_map_to_graphviz_layouts() {
        assert_eq!(Engine::Sfdp.graphviz(), Layout::Sfdp);
        assert_eq!(Engine::Dot.graphviz(), Layout::Dot);
    }
}
