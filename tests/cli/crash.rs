//! Crash safety: `finkg ingest` killed with SIGKILL at random moments, a
//! hundred times, always leaves a graph file that loads and is byte for byte
//! either the graph before the run or the graph after it.

use super::support::{seed_files, Sandbox};
use std::time::Instant;

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

/// `finkg ingest new --graph g.ron --jobs 1`, quiet, in the background.
fn spawn_ingest(s: &Sandbox) -> std::process::Child {
    s.command(&["ingest", "new", "--graph", "g.ron", "--jobs", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn sigkill_during_ingest_leaves_the_old_or_the_new_graph() {
    let s = Sandbox::new();
    // A big graph before (the save is big, so kills land in it), and a few
    // new documents to add.
    corpus(&s, "old", 12, "a");
    corpus(&s, "new", 1, "b");
    s.run(&["ingest", "old", "--graph", "base.ron"]).ok();
    let old = s.read("base.ron");
    // The graph an uninterrupted run gives, how long such a run takes, and
    // when its temporary file appears (the save is under way).
    std::fs::copy(s.path("base.ron"), s.path("g.ron")).unwrap();
    let started = Instant::now();
    let mut child = spawn_ingest(&s);
    let mut saving = None;
    loop {
        if saving.is_none() && s.list(".").iter().any(|n| n.ends_with(".tmp")) {
            saving = Some(started.elapsed());
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        std::thread::sleep(std::time::Duration::from_micros(500));
    }
    let full = started.elapsed();
    let saving = saving.unwrap_or(full.mul_f64(0.9));
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
        // Every other kill anywhere in the run's life (a little past its
        // usual end too), the others within 30 ms of the moment the save
        // starts writing.
        let delay = if round % 2 == 0 {
            full.mul_f64(1.1 * rng.unit())
        } else {
            let ms = saving.as_secs_f64() * 1000.0 + 60.0 * rng.unit() - 30.0;
            std::time::Duration::from_secs_f64(ms.max(0.0) / 1000.0)
        };
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let bytes = s.read("g.ron");
        if bytes == old {
            saw_old += 1;
        } else if bytes == new {
            saw_new += 1;
        } else {
            panic!(
                "round {round}, killed after {delay:?}: the graph file is neither the old nor the new graph ({} bytes)",
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
        "100 kills over a {full:?} run (saving from {saving:?}): {saw_old} left the old graph, {saw_new} the new one, {mid_save} were inside the save"
    );
    // The kills really spread over the run: some before the rename, some
    // after. (How many land while the temporary file is written is printed:
    // that window is a few milliseconds, too short to demand a hit.)
    assert!(saw_old > 0 && saw_new > 0, "old {saw_old}, new {saw_new}");
    // A killed run holds no lock: the next run goes straight through.
    std::fs::write(s.path("g.ron"), &old).unwrap();
    let run = s
        .run(&["ingest", "new", "--graph", "g.ron", "--no-wait"])
        .ok();
    assert!(!run.stderr.contains("waiting"), "{}", run.stderr);
    assert_eq!(s.read("g.ron"), new);
}
