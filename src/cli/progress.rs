//! Progress of reading and extracting documents, on standard error: a line
//! per file (up to 100 files), else a line every 1,000 files; on a terminal,
//! a long run shows an `indicatif` progress bar instead of the periodic lines.

use finkg::text::Warning;
use finkg::Extraction;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// With more files than this, progress is a bar (on a terminal) or a line
/// every [`EVERY`] files, instead of a line per file.
const QUIET_ABOVE: usize = 100;

/// Files between two progress lines of a long run off a terminal.
const EVERY: usize = 1_000;

/// Reports the files of one run as they are merged.
pub struct Progress {
    total: usize,
    /// Up to this many files, a line per file.
    per_file_up_to: usize,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress over `total` files: a bar when the run is long and standard
    /// error is a terminal, else lines.
    pub fn new(total: usize) -> Progress {
        let bar = (total > QUIET_ABOVE && std::io::stderr().is_terminal()).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:40}] {pos}/{len} files, about {eta} left",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar
        });
        Progress {
            total,
            per_file_up_to: QUIET_ABOVE,
            started: Instant::now(),
            bar,
        }
    }

    /// A line per file, however many (`demo`, `extract`, `eval`).
    pub fn per_file(total: usize) -> Progress {
        Progress {
            total,
            per_file_up_to: usize::MAX,
            started: Instant::now(),
            bar: None,
        }
    }

    /// File number `done` (from 1) is read: its warnings, then its line
    /// (`[3/8] a.txt: 5 entities, 2 relations, 1 metrics`) or the bar's step.
    /// A skipped file (`extraction` is `None`) gets its warning only.
    pub fn file(
        &self,
        done: usize,
        path: &Path,
        extraction: Option<&Extraction>,
        warnings: &[Warning],
    ) {
        for w in warnings {
            self.say(&format!("warning: {w}"));
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            return;
        }
        if self.total <= self.per_file_up_to {
            if let Some(x) = extraction {
                self.say(&format!(
                    "[{done}/{}] {}: {} entities, {} relations, {} metrics",
                    self.total,
                    path.display(),
                    x.entities.len(),
                    x.relations.len(),
                    x.metrics.len()
                ));
            }
        } else if done % EVERY == 0 || done == self.total {
            self.say(&self.summary(done));
        }
    }

    /// The run is over: the bar gives way to its last line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            self.say(&self.summary(self.total));
        }
    }

    /// `[1000/5000] extracted, 2.5 s`.
    fn summary(&self, done: usize) -> String {
        format!(
            "[{done}/{}] extracted, {:.1} s",
            self.total,
            self.started.elapsed().as_secs_f64()
        )
    }

    /// A line on standard error, above the bar if there is one.
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) if !bar.is_finished() => bar.suspend(|| {
                let _ = writeln!(std::io::stderr(), "{line}");
            }),
            _ => {
                let _ = writeln!(std::io::stderr(), "{line}");
            }
        }
    }
}
