//! `finkg chart targets COMPANY --out x.svg|png`: each broker's target over time.

use super::GraphArg;
use anyhow::{bail, Context, Result};
use finkg::export::TargetChart;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `finkg chart`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub chart: ChartKind,
}

/// The charts finkg draws.
#[derive(Debug, clap::Subcommand)]
pub enum ChartKind {
    /// Each broker's target on COMPANY over time: a step at each action's
    /// date, a marker with the rating, the price where the graph has one.
    /// Needs dated documents (ingest --manifest, a feed, front matter).
    Targets {
        /// The company or index (name, alias, ticker or id).
        company: String,
        /// Where to write the chart: .svg or .png.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Width in pixels.
        #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u32).range(200..=8000))]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value_t = 520, value_parser = clap::value_parser!(u32).range(150..=8000))]
        height: u32,
        #[command(flatten)]
        graph: GraphArg,
    },
}

/// The image format an output file's name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImageFormat {
    Svg,
    Png,
}

fn format_of(out: &std::path::Path) -> Result<ImageFormat> {
    match out
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("svg") => Ok(ImageFormat::Svg),
        Some("png") => Ok(ImageFormat::Png),
        _ => bail!("{}: name the chart .svg or .png", out.display()),
    }
}

impl Args {
    /// Draw the chart and write it atomically.
    pub fn run(&self, out: &mut dyn Write) -> Result<()> {
        let ChartKind::Targets {
            company,
            out: path,
            width,
            height,
            graph,
        } = &self.chart;
        let format = format_of(path)?;
        let g = super::load_existing_graph(&graph.graph)?;
        let chart = TargetChart::of(&g, company)?;
        let bytes = match format {
            ImageFormat::Svg => chart.to_svg((*width, *height))?.into_bytes(),
            ImageFormat::Png => chart.to_png((*width, *height))?,
        };
        finkg::graph::write_atomic(path, &bytes)
            .with_context(|| format!("{}: cannot write the chart", path.display()))?;
        let steps: usize = chart.brokers.values().map(Vec::len).sum();
        writeln!(
            out,
            "wrote {} ({}, {} broker{}, {steps} target{}, {} price{})",
            path.display(),
            if format == ImageFormat::Svg {
                "svg"
            } else {
                "png"
            },
            chart.brokers.len(),
            if chart.brokers.len() == 1 { "" } else { "s" },
            if steps == 1 { "" } else { "s" },
            chart.prices.len(),
            if chart.prices.len() == 1 { "" } else { "s" },
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    #[test]
    fn the_format_comes_from_the_name() {
        let cli = Cli::try_parse_from(["finkg", "chart", "targets", "Li Auto", "--out", "x.PNG"])
            .unwrap();
        let Command::Chart(a) = cli.command else {
            panic!("not chart")
        };
        let ChartKind::Targets { out, width, .. } = &a.chart;
        assert_eq!(format_of(out).unwrap(), ImageFormat::Png);
        assert_eq!(*width, 900);
        assert!(format_of(std::path::Path::new("x.pdf"))
            .unwrap_err()
            .to_string()
            .contains("name the chart .svg or .png"));
        assert!(Cli::try_parse_from([
            "finkg", "chart", "targets", "X", "--out", "a.svg", "--width", "10"
        ])
        .is_err());
    }
}
