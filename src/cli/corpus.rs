//! `finkg corpus`: synthetic articles or a synthetic graph for benchmarks.

use super::{demo, inputs, size, SchemaArg};
use anyhow::{bail, Context, Result};
use finkg::bench::corpus::{synthetic_graph, ArticleGenerator};
use finkg::text::DEFAULT_MAX_FILE_SIZE;
use finkg::Schema;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Articles per folder of the corpus.
const PER_FOLDER: u64 = 1_000;

/// Arguments of `finkg corpus`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Total size of the articles: bytes, or a number with a unit (10MB,
    /// 1GB; KB, MB, GB are powers of 1,000; K, M, G or KiB, MiB, GiB powers
    /// of 1,024).
    #[arg(long, value_name = "SIZE", default_value = "10MB", value_parser = size::parse_size)]
    pub size: u64,
    /// Seed of the pseudo-random choices.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// Folder for the articles (created if missing), or with --relations
    /// the graph file to write (.ron, or .bin for the binary snapshot).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Folder of sample articles to rewrite (default: seeds/ here, or the
    /// seeds/ finkg was built from).
    #[arg(long, value_name = "DIR")]
    pub samples: Option<PathBuf>,
    /// Write a graph of this many relations between numbered entities
    /// instead of articles.
    #[arg(long, value_name = "N")]
    pub relations: Option<usize>,
}

impl Args {
    /// Write the corpus or the graph.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        run(
            &schema.load()?,
            self.size,
            self.seed,
            &self.out,
            self.samples.as_deref(),
            self.relations,
            out,
        )
    }
}

/// Write articles of `size` bytes in all into `out` (folders `0000/`,
/// `0001/` … of 1,000 files), or with `relations` a synthetic graph file.
fn run(
    schema: &Schema,
    size: u64,
    seed: u64,
    out: &Path,
    samples: Option<&Path>,
    relations: Option<usize>,
    stdout: &mut dyn Write,
) -> Result<()> {
    if let Some(n) = relations {
        if n == 0 {
            bail!("--relations must be above zero");
        }
        let graph = synthetic_graph(n, seed);
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        }
        graph.save(out)?;
        let s = graph.summary();
        writeln!(
            stdout,
            "wrote {}: {} documents, {} entities, {} relations",
            out.display(),
            s.documents,
            s.entities,
            s.relations
        )?;
        return Ok(());
    }

    let dir: PathBuf = match samples {
        Some(d) => d.to_path_buf(),
        None => demo::locate_seeds()?,
    };
    let files = inputs::collect(std::slice::from_ref(&dir))?;
    // Samples are read like any document: a binary or empty one is skipped.
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        texts.extend(inputs::read_text(f, DEFAULT_MAX_FILE_SIZE)?);
    }
    let generator = ArticleGenerator::new(schema, &texts)
        .with_context(|| format!("{}: no sample articles", dir.display()))?;
    if out.is_file() {
        bail!(
            "{}: is a file; --out names a folder for the articles",
            out.display()
        );
    }
    let mut written = 0u64;
    let mut index = 0u64;
    while written < size {
        let sub = out.join(format!("{:04}", index / PER_FOLDER));
        if index % PER_FOLDER == 0 {
            std::fs::create_dir_all(&sub)
                .with_context(|| format!("{}: cannot create the folder", sub.display()))?;
            if index > 0 && index % (PER_FOLDER * 10) == 0 {
                let _ = writeln!(
                    std::io::stderr(),
                    "corpus: {index} articles, {} MB",
                    written / 1_000_000
                );
            }
        }
        let text = generator.article(seed, index);
        let path = sub.join(format!("{index:07}.txt"));
        std::fs::write(&path, &text)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        written += text.len() as u64;
        index += 1;
    }
    writeln!(
        stdout,
        "wrote {index} articles, {written} bytes, into {} (seed {seed}, from {} samples in {})",
        out.display(),
        files.len(),
        dir.display()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use clap::Parser;

    #[test]
    fn sizes_are_powers_of_1000_with_mb() {
        let parse = |argv: &[&str]| match Cli::try_parse_from(argv).map(|c| c.command) {
            Ok(Command::Corpus(a)) => Ok((a.size, a.seed, a.relations)),
            Ok(c) => panic!("{c:?}"),
            Err(e) => Err(e),
        };
        let argv = ["finkg", "corpus", "--size", "100MB", "--out", "c"];
        assert_eq!(parse(&argv).unwrap(), (100_000_000, 42, None));
        assert!(parse(&["finkg", "corpus", "--size", "10XB", "--out", "c"]).is_err());
    }
}
