//! One writer per graph file: an advisory lock on `<graph>.lock`, held from
//! loading the graph to saving it, so two `finkg ingest` (or `remove`) runs
//! on one file never lose each other's updates.
//!
//! The lock is `flock(2)` (through the `fs4` crate) on a file beside the
//! graph; the kernel releases it
//! when the process ends, however it ends, so a killed run leaves no stale
//! lock. The holder writes its pid into the file for the waiting message, and
//! removes the file when it is done; a waiter that wakes up on a file that
//! was removed meanwhile starts again on the new one.

use anyhow::{bail, Context, Result};
use fs4::FileExt;
use fs4::TryLockError;
use std::fs::File;
use std::io::{ErrorKind, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// A held lock; dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct GraphLock {
    path: PathBuf,
    file: File,
}

/// The lock file of a graph file: `dir/name.lock`.
pub fn lock_path(graph: &Path) -> PathBuf {
    let mut name = graph.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    graph.with_file_name(name)
}

impl GraphLock {
    /// Take the lock of `graph`. When another process holds it: with `wait`,
    /// say so on `note` (once) and wait; without, an error naming the holder.
    pub fn acquire(graph: &Path, wait: bool, note: &mut dyn Write) -> Result<GraphLock> {
        let path = lock_path(graph);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        }
        let mut told = false;
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("{}: cannot open the lock file", path.display()))?;
            if !try_lock(&file)? {
                let holder = holder(&mut file);
                if !wait {
                    bail!(
                        "{}: another finkg{holder} is writing this graph (lock file {}); try again when it is done, or leave out --no-wait to wait for it",
                        graph.display(),
                        path.display()
                    );
                }
                if !told {
                    let _ = writeln!(
                        note,
                        "waiting for the lock on {} held by{}",
                        graph.display(),
                        if holder.is_empty() {
                            " another finkg".to_string()
                        } else {
                            holder
                        }
                    );
                    told = true;
                }
                lock(&file)?;
            }
            // The holder before us may have removed the file it locked: then
            // this lock guards nothing, and we start again on the new file.
            let same = match std::fs::metadata(&path) {
                Ok(m) => {
                    let ours = file.metadata()?;
                    m.ino() == ours.ino() && m.dev() == ours.dev()
                }
                Err(_) => false,
            };
            if !same {
                continue;
            }
            file.set_len(0)?;
            file.rewind()?;
            write!(file, "{}", std::process::id())?;
            return Ok(GraphLock { path, file });
        }
    }
}

impl Drop for GraphLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, so no one locks a file that is
        // about to disappear without noticing (see `acquire`).
        let _ = std::fs::remove_file(&self.path);
        let _ = FileExt::unlock(&self.file);
    }
}

// fs4's methods are called by their trait's name: since Rust 1.89 `File`
// has inherent methods of the same names, newer than this crate's MSRV.

/// Take the lock without waiting; false when it is held elsewhere.
fn try_lock(file: &File) -> Result<bool> {
    loop {
        match FileExt::try_lock(file) {
            Ok(()) => return Ok(true),
            Err(TryLockError::WouldBlock) => return Ok(false),
            Err(TryLockError::Error(e)) if e.kind() == ErrorKind::Interrupted => continue,
            Err(TryLockError::Error(e)) => return Err(e).context("cannot lock the graph file"),
        }
    }
}

/// Wait for the lock.
fn lock(file: &File) -> Result<()> {
    loop {
        match FileExt::lock(file) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("cannot lock the graph file"),
        }
    }
}

/// " (pid N)" from the lock file, or "" when it holds no pid yet.
fn holder(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file.read_to_string(&mut s);
    match s.trim().parse::<u32>() {
        Ok(pid) => format!(" pid {pid}"),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_fails_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        let held = GraphLock::acquire(&graph, true, &mut Vec::new()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("g.ron.lock")).unwrap(),
            std::process::id().to_string()
        );
        // flock locks belong to open files: a second open in this process
        // conflicts like another process would.
        let err = GraphLock::acquire(&graph, false, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "another finkg pid {} is writing",
                std::process::id()
            )),
            "{err}"
        );
        let g2 = graph.clone();
        let waiter = std::thread::spawn(move || {
            let mut note = Vec::new();
            let lock = GraphLock::acquire(&g2, true, &mut note).unwrap();
            drop(lock);
            String::from_utf8(note).unwrap()
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(held);
        let note = waiter.join().unwrap();
        assert!(
            note.starts_with(&format!(
                "waiting for the lock on {} held by pid ",
                graph.display()
            )),
            "{note}"
        );
        // Released and removed: nothing is left beside the graph.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
