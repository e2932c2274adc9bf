//! Finding the documents named on the command line, reading and extracting them.

use super::progress::Progress;
use anyhow::{bail, Context, Result};
use finkg::text::{Decoded, Decoder, Manifest, Warning, DEFAULT_MAX_FILE_SIZE};
use finkg::{Extraction, Extractor};
use std::io::Write;
use std::path::{Path, PathBuf};

/// File extensions searched for inside folders.
const EXTENSIONS: [&str; 2] = ["txt", "md"];

/// The document files named by `paths`: a file as given, a folder searched
/// recursively for .txt and .md files (sorted, hidden entries skipped).
/// A missing path, or a folder without documents, is an error naming it.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        if meta.is_dir() {
            let before = files.len();
            walk(p, &mut files)?;
            if files.len() == before {
                bail!("{}: no .txt or .md documents in this folder", p.display());
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| {
            EXTENSIONS
                .iter()
                .any(|e| x.to_string_lossy().eq_ignore_ascii_case(e))
        }) {
            out.push(p);
        }
    }
    Ok(())
}

/// Read (up to the default size limit) and extract every file, with its
/// warnings and a progress line per file on standard error. Stops at the
/// first unreadable file, before anything is written.
pub fn extract_all(extractor: &Extractor, files: &[PathBuf]) -> Result<Vec<(PathBuf, Extraction)>> {
    let progress = Progress::per_file(files.len());
    let mut out = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        let read = extract_one(extractor, path, DEFAULT_MAX_FILE_SIZE, None)?;
        progress.file(i + 1, path, read.extraction.as_ref(), &read.warnings);
        if let Some(x) = read.extraction {
            out.push((path.clone(), x));
        }
    }
    Ok(out)
}

/// Files extracted in parallel per batch, per thread: a bound on the
/// extractions held in memory before they are merged.
const BATCH_PER_THREAD: usize = 32;

/// Read and extract `files` on `jobs` threads (`None`: rayon's default, one
/// per core or `RAYON_NUM_THREADS`), in bounded batches, handing each
/// extraction to `sink` in the order of `files`, whatever the thread count;
/// a file larger than `max_file_size` bytes is an error. Warnings and
/// progress go to standard error (see [`Progress`]). Stops at the first file
/// (in input order) that cannot be read, before `sink` sees it. A file the
/// `manifest` lists gets its date, publisher and address.
pub fn extract_parallel(
    extractor: &Extractor,
    files: &[PathBuf],
    jobs: Option<usize>,
    max_file_size: u64,
    manifest: Option<&Manifest>,
    mut sink: impl FnMut(&Path, Extraction) -> Result<()> + Send,
) -> Result<()> {
    use rayon::prelude::*;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .context("cannot start the extraction threads")?;
    let batch = BATCH_PER_THREAD * pool.current_num_threads();
    let progress = Progress::new(files.len());
    let mut done = 0;
    // Merge one batch (in input order) while the next is extracted.
    let mut merge = |chunk: &[PathBuf], results: Vec<Result<Read>>| -> Result<()> {
        for (path, result) in chunk.iter().zip(results) {
            let read = result?;
            done += 1;
            progress.file(done, path, read.extraction.as_ref(), &read.warnings);
            if let Some(x) = read.extraction {
                sink(path, x)?;
            }
        }
        Ok(())
    };
    let extract = |chunk: &[PathBuf]| -> Vec<Result<Read>> {
        chunk
            .par_iter()
            .map(|path| extract_one(extractor, path, max_file_size, manifest))
            .collect()
    };
    let mut pending: Option<(&[PathBuf], Vec<Result<Read>>)> = None;
    for chunk in files.chunks(batch) {
        let (merged, results) = pool.install(|| {
            rayon::join(
                || match pending.take() {
                    Some((c, r)) => merge(c, r),
                    None => Ok(()),
                },
                || extract(chunk),
            )
        });
        merged?;
        pending = Some((chunk, results));
    }
    if let Some((c, r)) = pending {
        merge(c, r)?;
    }
    progress.finish();
    Ok(())
}

/// What reading and extracting one file gave.
struct Read {
    /// The facts; `None` when the file was skipped (binary or empty).
    extraction: Option<Extraction>,
    /// How the file was decoded, or why it was skipped.
    warnings: Vec<Warning>,
}

/// Read a document file of at most `limit` bytes (see [`Decoder`]): its
/// text, `None` when it is skipped, and the warnings saying how it was
/// decoded or why it was skipped.
fn decode(path: &Path, limit: u64) -> Result<(Option<String>, Vec<Warning>)> {
    Ok(match Decoder::new().with_max_file_size(limit).read(path)? {
        Decoded::Text { text, warnings } => (Some(text), warnings),
        Decoded::Skipped { warning } => (None, vec![warning]),
    })
}

/// Read a document file of at most `limit` bytes: warnings about its
/// decoding go to standard error; `None` when it is skipped (binary or
/// empty), with a warning saying so.
#[cfg_attr(not(feature = "corpus"), allow(dead_code))]
pub fn read_text(path: &Path, limit: u64) -> Result<Option<String>> {
    let (text, warnings) = decode(path, limit)?;
    for w in warnings {
        let _ = writeln!(std::io::stderr(), "warning: {w}");
    }
    Ok(text)
}

/// Read and extract one file of at most `limit` bytes, with the date,
/// publisher and address the manifest gives it (when it lists it).
fn extract_one(
    extractor: &Extractor,
    path: &Path,
    limit: u64,
    manifest: Option<&Manifest>,
) -> Result<Read> {
    let (text, warnings) = decode(path, limit)?;
    let Some(text) = text else {
        return Ok(Read {
            extraction: None,
            warnings,
        });
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let given = manifest
        .and_then(|m| m.lookup(path))
        .cloned()
        .unwrap_or_default();
    let x = extractor.extract_with(&name, &path.display().to_string(), &text, &given);
    Ok(Read {
        extraction: Some(x),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_recursively_sorted_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(d.join(".hidden")).unwrap();
        for f in [
            "b.txt",
            "a.md",
            "c.TXT",
            "notes.pdf",
            "sub/z.txt",
            "sub/deeper/y.md",
            ".hidden/x.txt",
            ".dot.txt",
        ] {
            std::fs::write(d.join(f), "text").unwrap();
        }
        let files = collect(&[d.to_path_buf(), d.join("notes.pdf"), d.join("b.txt")]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "a.md",
                "b.txt",
                "c.TXT",
                "sub/deeper/y.md",
                "sub/z.txt",
                "notes.pdf"
            ]
        );
    }

    #[test]
    fn missing_paths_and_empty_folders_are_errors_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.txt");
        let err = collect(std::slice::from_ref(&missing))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("{}: ", missing.display())),
            "{err}"
        );
        let err = collect(&[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no .txt or .md documents"), "{err}");
    }
}
