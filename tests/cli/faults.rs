//! Faults inside the save of a command that writes the graph, on purpose
//! (`FINKG_FAULT`, read by debug builds only): the writer stopping after N
//! bytes for N spread over the whole file (with an I/O error, or the process
//! aborting), `fsync` failing, the rename failing; for RON and binary
//! snapshots. Each time the graph file loads and is byte for byte the old
//! graph, and the lock is released: the next run goes straight through.
//!
//! The library's own test (`graph::persist`) sweeps every N; here the binary
//! runs (`finkg remove`, the quickest writer, and `finkg ingest`), so the
//! lock and the error message are checked too.

use super::support::Sandbox;

/// How many values of N each format gets (0 and the file's length included).
const POINTS: u64 = 24;

#[test]
fn faults_inside_the_save_leave_the_old_graph_and_release_the_lock() {
    let s = Sandbox::new();
    s.write(
        "docs/a.txt",
        "CITIC Securities expects Alibaba (9988.HK) to raise its cloud revenue by 30% in 2026. \
         Alibaba trades at 15.2x NTM PE.\n",
    );
    s.write(
        "docs/b.txt",
        "Morgan Stanley rates Tencent overweight with a target price of HK$700. \
         Tencent plans capex of RMB 100 billion in 2026.\n",
    );
    for graph in ["g.ron", "g.bin"] {
        let base = format!("base-{graph}");
        s.run(&["ingest", "docs", "--graph", &base]).ok();
        let old = s.read(&base);
        // The graph an uninterrupted run gives.
        let remove = ["remove", "docs/b.txt", "--graph", graph, "--no-wait"];
        std::fs::write(s.path(graph), &old).unwrap();
        s.run(&remove).ok();
        let new = s.read(graph);
        assert_ne!(old, new);
        let len = new.len() as u64;

        let mut faults: Vec<String> = (0..POINTS)
            .map(|i| (i * len / (POINTS - 1)).min(len - 1))
            .flat_map(|n| [format!("fail-after={n}"), format!("abort-after={n}")])
            .collect();
        faults.extend(["fail-fsync", "fail-rename", "fail-after=0,slow=1"].map(String::from));
        for fault in &faults {
            std::fs::write(s.path(graph), &old).unwrap();
            let run = s
                .command(&remove)
                .env("FINKG_FAULT", fault)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            let aborts = fault.starts_with("abort");
            if aborts {
                // Killed by SIGABRT inside the save: no message, no cleanup.
                assert_eq!(run.status.code(), None, "{graph}, {fault}: {stderr}");
            } else {
                assert_eq!(run.status.code(), Some(1), "{graph}, {fault}: {stderr}");
                assert!(
                    stderr.contains(&format!("{graph}: cannot write: injected fault")),
                    "{graph}, {fault}: {stderr}"
                );
            }
            // The file on disk loads and is the old graph (every fault comes
            // before the rename).
            assert!(
                s.read(graph) == old,
                "{graph}, {fault}: the graph file changed"
            );
            finkg::KnowledgeGraph::load(&s.path(graph))
                .unwrap_or_else(|e| panic!("{graph}, {fault}: {e}"));
            // An error cleans up its temporary file and lock file; an abort
            // leaves both, and the kernel has released the lock.
            let left: Vec<String> = s
                .list(".")
                .into_iter()
                .filter(|n| n.starts_with(&format!(".{graph}")) || n.starts_with(graph))
                .filter(|n| n != graph)
                .collect();
            if aborts {
                assert!(
                    left.iter().any(|n| n.ends_with(".tmp")),
                    "{fault}: {left:?}"
                );
                for name in left.iter().filter(|n| n.ends_with(".tmp")) {
                    std::fs::remove_file(s.path(name)).unwrap();
                }
            } else {
                assert!(left.is_empty(), "{graph}, {fault}: left behind {left:?}");
            }
            // The lock is free: a run that must not wait goes through and
            // writes the new graph.
            s.run(&remove).ok();
            assert_eq!(s.read(graph), new, "{graph}, {fault}: the run after");
        }
    }
    // The same through `finkg ingest`: the rename fails, the old graph stays.
    let old = s.read("base-g.ron");
    s.write("more/c.txt", "Nomura rates Baidu buy.\n");
    std::fs::write(s.path("g.ron"), &old).unwrap();
    let run = s
        .command(&["ingest", "more", "--graph", "g.ron"])
        .env("FINKG_FAULT", "fail-rename")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(s.read("g.ron") == old);
    s.run(&["ingest", "more", "--graph", "g.ron", "--no-wait"])
        .ok();
    assert!(s.read("g.ron") != old);
    // A bad fault list is an error that names the variable, before any harm.
    let run = s
        .command(&["ingest", "docs", "--graph", "fresh.ron"])
        .env("FINKG_FAULT", "boom")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("FINKG_FAULT: unknown fault `boom`"),
        "{stderr}"
    );
    assert!(!s.path("fresh.ron").exists());
}
