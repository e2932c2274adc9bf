//! Faults injected into the atomic save on purpose, so tests can prove that a
//! save that fails anywhere leaves the old file: the writer stops after N
//! bytes (an I/O error, or the process aborting as a kill would), `fsync`
//! fails, the rename fails, or the writer is slowed down so a kill lands
//! inside the save.
//!
//! Tests of the library set faults for the current thread with
//! [`Faults::inject`]. Tests of the binary set the environment variable
//! `FINKG_FAULT` (see [`Faults::parse`]), which only debug builds (the
//! builds `cargo test` makes) read; a release build never looks at it.

use std::cell::Cell;
use std::io::{self, Write};
use std::time::Duration;

/// The environment variable debug builds read their faults from.
pub const FAULT_VAR: &str = "FINKG_FAULT";

/// What goes wrong during the next saves (nothing by default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Writing fails with an I/O error once this many bytes have reached
    /// the temporary file (as a full disk does).
    pub fail_after: Option<u64>,
    /// The process aborts once this many bytes have reached the temporary
    /// file (as a kill or a power cut does, leaving a partial file).
    pub abort_after: Option<u64>,
    /// Flushing the temporary file to disk (`fsync`) fails.
    pub fail_fsync: bool,
    /// Renaming the temporary file over the graph file fails.
    pub fail_rename: bool,
    /// Bytes reach the temporary file in blocks of [`SLOW_BLOCK`] with this
    /// pause after each, so the save takes long enough to be killed inside.
    pub slow: Option<Duration>,
}

/// The block size of a slowed writer.
pub const SLOW_BLOCK: usize = 4096;

thread_local! {
    static INJECTED: Cell<Option<Faults>> = const { Cell::new(None) };
}

/// While alive, the faults set by [`Faults::inject`] apply to this thread.
#[derive(Debug)]
pub struct FaultGuard {
    before: Option<Faults>,
}

impl Drop for FaultGuard {
    fn drop(&mut self) {
        INJECTED.with(|f| f.set(self.before));
    }
}

impl Faults {
    /// No fault.
    pub fn none() -> Faults {
        Faults::default()
    }

    /// Apply these faults to the saves of the current thread until the
    /// guard is dropped (they take precedence over `FINKG_FAULT`).
    pub fn inject(self) -> FaultGuard {
        let before = INJECTED.with(|f| f.replace(Some(self)));
        FaultGuard { before }
    }

    /// Read a fault list: items separated by commas, each one of
    /// `fail-after=N`, `abort-after=N` (N bytes), `fail-fsync`,
    /// `fail-rename`, `slow=MICROSECONDS` (the pause per 4 KiB block).
    pub fn parse(spec: &str) -> Result<Faults, String> {
        let mut f = Faults::none();
        for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (item, None),
            };
            let number = || -> Result<u64, String> {
                value
                    .ok_or_else(|| format!("`{key}` needs a number (`{key}=N`)"))?
                    .parse::<u64>()
                    .map_err(|e| format!("`{item}`: {e}"))
            };
            match key {
                "fail-after" => f.fail_after = Some(number()?),
                "abort-after" => f.abort_after = Some(number()?),
                "slow" => f.slow = Some(Duration::from_micros(number()?)),
                "fail-fsync" if value.is_none() => f.fail_fsync = true,
                "fail-rename" if value.is_none() => f.fail_rename = true,
                _ => {
                    return Err(format!(
                        "unknown fault `{item}` (known: fail-after=N, abort-after=N, \
                         fail-fsync, fail-rename, slow=MICROSECONDS)"
                    ))
                }
            }
        }
        Ok(f)
    }

    /// The faults of this thread: those injected, else (debug builds only)
    /// those of `FINKG_FAULT`, else none.
    pub(crate) fn current() -> io::Result<Faults> {
        if let Some(f) = INJECTED.with(Cell::get) {
            return Ok(f);
        }
        if cfg!(debug_assertions) {
            if let Some(spec) = std::env::var_os(FAULT_VAR) {
                return Faults::parse(&spec.to_string_lossy()).map_err(|e| {
                    io::Error::new(io::ErrorKind::InvalidInput, format!("{FAULT_VAR}: {e}"))
                });
            }
        }
        Ok(Faults::none())
    }

    /// Whether any fault is set.
    pub(crate) fn any(&self) -> bool {
        *self != Faults::none()
    }

    /// The error of a fault that fires (`what` says which).
    pub(crate) fn error(what: &str) -> io::Error {
        io::Error::other(format!("injected fault: {what}"))
    }
}

/// The temporary file as the save writes it, with the faults applied.
pub(crate) struct FaultyWriter<W> {
    inner: W,
    faults: Faults,
    written: u64,
}

impl<W: Write> FaultyWriter<W> {
    pub(crate) fn new(inner: W, faults: Faults) -> FaultyWriter<W> {
        FaultyWriter {
            inner,
            faults,
            written: 0,
        }
    }
}

impl<W: Write> Write for FaultyWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.faults.any() {
            return self.inner.write(buf);
        }
        let mut len = buf.len();
        if self.faults.slow.is_some() {
            len = len.min(SLOW_BLOCK);
        }
        // Stop at the first limit: write up to it, then fire.
        let limit = match (self.faults.fail_after, self.faults.abort_after) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(limit) = limit {
            let left = limit.saturating_sub(self.written);
            if left == 0 && !buf.is_empty() {
                if self.faults.abort_after == Some(limit) {
                    self.inner.flush()?;
                    std::process::abort();
                }
                return Err(Faults::error(&format!(
                    "the writer stopped after {limit} bytes"
                )));
            }
            len = len.min(usize::try_from(left).unwrap_or(usize::MAX));
        }
        let n = self.inner.write(&buf[..len])?;
        self.written += n as u64;
        if let Some(pause) = self.faults.slow {
            std::thread::sleep(pause);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_lists_parse_and_bad_ones_are_named() {
        assert_eq!(Faults::parse("").unwrap(), Faults::none());
        let f = Faults::parse("fail-after=10, fail-fsync,fail-rename,slow=250").unwrap();
        assert_eq!(f.fail_after, Some(10));
        assert!(f.fail_fsync && f.fail_rename);
        assert_eq!(f.slow, Some(Duration::from_micros(250)));
        assert_eq!(Faults::parse("abort-after=0").unwrap().abort_after, Some(0));
        for (bad, want) in [
            ("fail-after", "`fail-after` needs a number"),
            ("fail-after=x", "`fail-after=x`: invalid digit"),
            ("fail-fsync=1", "unknown fault `fail-fsync=1`"),
            ("boom", "unknown fault `boom`"),
        ] {
            let err = Faults::parse(bad).unwrap_err();
            assert!(err.starts_with(want), "{bad}: {err}");
        }
    }

    #[test]
    fn the_writer_stops_after_n_bytes_and_slows_down_in_blocks() {
        for n in [0u64, 1, 5, 9] {
            let faults = Faults {
                fail_after: Some(n),
                ..Faults::none()
            };
            let mut w = FaultyWriter::new(Vec::new(), faults);
            let err = w.write_all(b"0123456789").unwrap_err();
            assert!(
                err.to_string().contains(&format!("after {n} bytes")),
                "{err}"
            );
            assert_eq!(w.inner, &b"0123456789"[..n as usize]);
        }
        let slow = Faults {
            slow: Some(Duration::from_micros(1)),
            ..Faults::none()
        };
        let mut w = FaultyWriter::new(Vec::new(), slow);
        assert_eq!(w.write(&[7; 3 * SLOW_BLOCK]).unwrap(), SLOW_BLOCK);
        w.write_all(&[7; 3 * SLOW_BLOCK]).unwrap();
        assert_eq!(w.inner.len(), 4 * SLOW_BLOCK);
    }

    #[test]
    fn injected_faults_hold_for_this_thread_until_dropped() {
        let f = Faults {
            fail_rename: true,
            ..Faults::none()
        };
        {
            let _guard = f.inject();
            assert_eq!(Faults::current().unwrap(), f);
            std::thread::spawn(|| assert!(!Faults::current().unwrap().fail_rename))
                .join()
                .unwrap();
        }
        assert!(!Faults::current().unwrap().fail_rename);
    }
}
