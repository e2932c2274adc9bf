//! Crash safety: `finkg ingest` killed with SIGKILL a hundred times, most of
//! them inside its save (slowed down by `FINKG_FAULT=slow=…` so that the
//! kills land there), always leaves a graph file that loads and is byte for
//! byte either the graph before the run or the graph after it.

use super::support::{seed_files, Sandbox};
use std::time::{Duration, Instant};

/// A small seeded generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `copies` variants of each seed article, each a distinct document (its own
/// first line), written under `dir/`.
fn corpus(s: &Sandbox, dir: &str, copies: usize, tag: &str) {
    for f in seed_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        for i in 0..copies {
            s.write(
                &format!("{dir}/{stem}-{tag}{i:03}.txt"),
                format!("Edition {tag}{i} of {stem}.\n\n{text}"),
            );
        }
    }
}

/// The pause of the slowed writer per 4 KiB block, in microseconds
/// (`FINKG_FAULT=slow=…`, debug builds): it stretches the save over a few
/// hundred milliseconds, so kills aimed at it land inside it.
const SLOW_US: &str = "1000";

/// `finkg ingest new --graph g.ron --jobs 1`, quiet, in the background, with
/// its writer slowed.
fn spawn_ingest(s: &Sandbox) -> std::process::Child {
    s.command(&["ingest", "new", "--graph", "g.ron", "--jobs", "1"])
        .env("FINKG_FAULT", format!("slow={SLOW_US}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Whether a save's temporary file is in the folder.
fn saving(s: &Sandbox) -> bool {
    s.list(".").iter().any(|n| n.ends_with(".tmp"))
}

#[test]
fn sigkill_during_ingest_leaves_the_old_or_the_new_graph() {
    let s = Sandbox::new();
    // A graph before, and a new document to add.
    corpus(&s, "old", 2, "a");
    corpus(&s, "new", 1, "b");
    for name in s.list("new").into_iter().skip(1) {
        std::fs::remove_file(s.path(&format!("new/{name}"))).unwrap();
    }
    s.run(&["ingest", "old", "--graph", "base.ron"]).ok();
    let old = s.read("base.ron");
    // The graph an uninterrupted run gives, how long such a run takes, and
    // how long its save takes (from its temporary file appearing).
    std::fs::copy(s.path("base.ron"), s.path("g.ron")).unwrap();
    let started = Instant::now();
    let mut child = spawn_ingest(&s);
    let mut save_start = None;
    loop {
        if save_start.is_none() && saving(&s) {
            save_start = Some(started.elapsed());
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let full = started.elapsed();
    let save_start = save_start.expect("the save was never seen");
    let window = full - save_start;
    let new = s.read("g.ron");
    assert_ne!(old, new);
    assert!(
        finkg::KnowledgeGraph::load(&s.path("g.ron")).is_ok(),
        "the new graph does not load"
    );

    let mut rng = Rng(0x5eed_f1e9_2026_0008);
    let (mut saw_old, mut saw_new, mut mid_save) = (0, 0, 0);
    for round in 0..100 {
        std::fs::write(s.path("g.ron"), &old).unwrap();
        let mut child = spawn_ingest(&s);
        // One kill in four anywhere in the run's life (and past its usual
        // end); the others at a random point of the save, timed from the
        // moment its temporary file appears.
        let when = if round % 4 == 3 {
            std::thread::sleep(full.mul_f64(1.5 * rng.unit()));
            "anywhere"
        } else {
            let waited = Instant::now();
            while !saving(&s) && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(200));
                assert!(waited.elapsed() < full * 20, "round {round}: no save");
            }
            std::thread::sleep(window.mul_f64(0.9 * rng.unit()));
            "in the save"
        };
        let _ = child.kill();
        let _ = child.wait();
        let bytes = s.read("g.ron");
        if bytes == old {
            saw_old += 1;
        } else if bytes == new {
            saw_new += 1;
        } else {
            panic!(
                "round {round}, killed {when}: the graph file is neither the old nor the new graph ({} bytes)",
                bytes.len()
            );
        }
        finkg::KnowledgeGraph::load(&s.path("g.ron"))
            .unwrap_or_else(|e| panic!("round {round}: the graph file does not load: {e}"));
        // A kill inside the save leaves its temporary file (never the graph's
        // name); count those and clear them. The lock file stays behind,
        // unlocked: the next run must not wait for it.
        for name in s.list(".") {
            if name.ends_with(".tmp") {
                mid_save += 1;
                std::fs::remove_file(s.path(&name)).unwrap();
            }
        }
    }
    eprintln!(
        "100 kills over a {full:?} run (saving for the last {window:?}): {saw_old} left the old graph, {saw_new} the new one, {mid_save} were inside the save"
    );
    // At least half of the kills land inside the save, where a crash could
    // damage the file if the save were not atomic.
    assert!(
        mid_save >= 50,
        "only {mid_save} of 100 kills inside the save"
    );
    assert!(saw_old > 0, "old {saw_old}, new {saw_new}");
    // A killed run holds no lock: the next run goes straight through.
    std::fs::write(s.path("g.ron"), &old).unwrap();
    let run = s
        .run(&["ingest", "new", "--graph", "g.ron", "--no-wait"])
        .ok();
    assert!(!run.stderr.contains("waiting"), "{}", run.stderr);
    assert_eq!(s.read("g.ron"), new);
}
