//! Running Graphviz's `dot` program, when it is installed.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// How to get `dot`, said when it is missing.
pub const INSTALL_HINT: &str =
    "install Graphviz for the SVG (apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/)";

/// Render a DOT file as SVG with `dot -Tsvg`; `None` when `dot` is not installed.
pub fn render_svg(dot_file: &Path) -> Result<Option<Vec<u8>>> {
    let output = match Command::new("dot").arg("-Tsvg").arg(dot_file).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).context("cannot run Graphviz `dot`"),
    };
    if !output.status.success() {
        bail!(
            "{}: Graphviz `dot` failed: {}",
            dot_file.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(Some(output.stdout))
}
