//! CPU seconds of each stage of `Extractor` over a folder of articles, on
//! one thread: the measurement behind "Extraction speed per core" in
//! bench/notes.md.
//!
//! ```text
//! finkg corpus --size 4MB --seed 42 --out /tmp/c4
//! cargo run --release --example stage_times -- /tmp/c4 [ROUNDS]
//! ```
//!
//! Every document goes through `mentions`, `relations`, `metrics`,
//! `actions` and `finish` in turn, and each stage is timed alone with the
//! thread CPU clock (so the load of a shared machine changes it less than
//! wall time). Each stage's total is the best of ROUNDS (default 3) passes
//! over the corpus.

use finkg::{text, Extractor, Schema};
use std::path::{Path, PathBuf};

/// The CPU time this thread has used, in seconds.
fn thread_cpu() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for clock_gettime to fill in.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// The `.txt` files under `dir`, in name order.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

const STAGES: [&str; 5] = ["mentions", "relations", "metrics", "actions", "finish"];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: stage_times DIR [ROUNDS]"));
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let docs: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, text::read_document(p).expect("a text document"))
        })
        .collect();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let extractor = Extractor::new(Schema::bundled().expect("bundled schema"));

    let mut best = [f64::INFINITY; 5];
    let mut best_total = f64::INFINITY;
    for _ in 0..rounds {
        let mut sum = [0.0; 5];
        let mut facts = 0;
        for (name, t) in &docs {
            let t0 = thread_cpu();
            let mut d = extractor.mentions(name, name, t);
            let t1 = thread_cpu();
            extractor.relations(&mut d);
            let t2 = thread_cpu();
            // actions run before metrics (Extractor::facts); the table keeps its order
            extractor.actions(&mut d);
            let t3 = thread_cpu();
            extractor.metrics(&mut d);
            let t4 = thread_cpu();
            let x = extractor.finish(d);
            let t5 = thread_cpu();
            facts += x.relations.len();
            for (i, dt) in [t1 - t0, t2 - t1, t4 - t3, t3 - t2, t5 - t4]
                .into_iter()
                .enumerate()
            {
                sum[i] += dt;
            }
        }
        let total: f64 = sum.iter().sum();
        eprintln!("round: {total:.3} s ({facts} relations)");
        for (b, s) in best.iter_mut().zip(sum) {
            *b = b.min(s);
        }
        best_total = best_total.min(total);
    }
    let mb = bytes as f64 / 1e6;
    println!("{} documents, {bytes} bytes, best of {rounds}", docs.len());
    for (stage, s) in STAGES.iter().zip(best) {
        println!("{stage:<10} {s:.3} s ({:.1} MB/s)", mb / s);
    }
    println!(
        "{:<10} {best_total:.3} s ({:.1} MB/s)",
        "total",
        mb / best_total
    );
}
