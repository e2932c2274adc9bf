//! Running Graphviz's `dot` program through graphviz-rust, when it is installed.

use anyhow::{bail, Result};
use graphviz_rust::cmd::{CommandArg, Format, Layout};
use graphviz_rust::dot_structures::Graph;
use graphviz_rust::printer::PrinterContext;
use std::io::ErrorKind;
use std::path::Path;

/// How to get `dot`, said when it is missing.
pub const INSTALL_HINT: &str =
    "install Graphviz (apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/)";

/// Lay out and draw a graph with `dot -K<layout> -T<format>`; `None` when
/// `dot` is not installed.
pub fn render(graph: Graph, format: Format, layout: Layout) -> Result<Option<Vec<u8>>> {
    let mut args = vec![CommandArg::Format(format), CommandArg::Layout(layout)];
    if layout != Layout::Dot {
        // Force-directed layouts overlap nodes unless told not to.
        args.push(CommandArg::Custom("-Goverlap=false".into()));
        args.push(CommandArg::Custom("-Gsplines=true".into()));
    }
    let mut ctx = PrinterContext::default();
    ctx.with_semi();
    match graphviz_rust::exec(graph, &mut ctx, args) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => bail!("Graphviz `dot` failed: {}", e.to_string().trim()),
    }
}

/// Render a DOT file as SVG with `dot -Tsvg`; `None` when `dot` is not installed.
pub fn render_svg(dot_file: &Path) -> Result<Option<Vec<u8>>> {
    let text = std::fs::read_to_string(dot_file)?;
    match graphviz_rust::exec_dot(text, vec![CommandArg::Format(Format::Svg)]) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => bail!(
            "{}: Graphviz `dot` failed: {}",
            dot_file.display(),
            e.to_string().trim()
        ),
    }
}
