//! Two `finkg ingest` runs on one graph file: the second waits for the
//! first (or, with `--no-wait`, stops with a clear error), and no update is
//! lost.

use super::support::Sandbox;

#[test]
fn concurrent_ingests_both_land() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.write(
        "one.txt",
        "Morgan Stanley expects Tencent to grow earnings by 12% in 2026.\n",
    );
    // Both start together many times over: each time, both documents must
    // be in the graph at the end.
    for round in 0..5 {
        let graph = format!("g{round}.ron");
        let a = s
            .command(&["ingest", "seeds", "--graph", &graph, "--jobs", "1"])
            .spawn()
            .unwrap();
        let b = s
            .command(&["ingest", "one.txt", "--graph", &graph])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success() && b.status.success(), "{b:?}");
        let text = String::from_utf8(s.read(&graph)).unwrap();
        assert!(
            text.contains("name: \"one.txt\""),
            "round {round}: one.txt lost"
        );
        for f in ["000_citic", "004_china-tech"] {
            assert!(
                text.contains(&format!("name: \"{f}")),
                "round {round}: {f} lost"
            );
        }
        assert!(
            !s.path(&format!("{graph}.lock")).exists(),
            "the lock file stayed"
        );
    }
}

#[test]
fn a_held_lock_makes_ingest_wait_or_fail_with_no_wait() {
    let s = Sandbox::new();
    s.write(
        "one.txt",
        "Morgan Stanley expects Tencent to grow earnings by 12% in 2026.\n",
    );
    // Hold the lock from a shell with flock(1) when it is there; else from a
    // slow finkg ingest of many files.
    let mut holder = std::process::Command::new("sh")
        .arg("-c")
        .arg("command -v flock >/dev/null || exit 3; exec flock g.ron.lock -c 'echo 4242 > g.ron.lock; sleep 3'")
        .current_dir(s.root())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    if !s.path("g.ron.lock").exists() {
        let _ = holder.wait();
        assert!(
            std::env::var_os("CI").is_none(),
            "flock(1) missing under CI"
        );
        eprintln!("skipped: no flock(1) here");
        return;
    }
    s.run(&["ingest", "one.txt", "--graph", "g.ron", "--no-wait"])
        .fails_with(&[
            "g.ron: another finkg pid 4242 is writing this graph",
            "--no-wait",
        ]);
    assert!(!s.path("g.ron").exists());
    let run = s.run(&["ingest", "one.txt", "--graph", "g.ron"]).ok();
    assert!(
        run.stderr
            .contains("waiting for the lock on g.ron held by pid 4242"),
        "{}",
        run.stderr
    );
    assert!(s.path("g.ron").exists());
    let _ = holder.wait();
}
