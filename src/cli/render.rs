//! `finkg render`: draw the graph, or the part the filters keep, as SVG, PNG
//! or PDF with Graphviz (graphviz-rust runs the `dot` program).

use super::export::{counts, dot_exporter, select, View};
use super::graphviz::{render, INSTALL_HINT};
use anyhow::{bail, Context, Result};
use finkg::Schema;
use graphviz_rust::cmd::{Format, Layout};
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

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
pub fn run(
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
    use super::*;

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
