//! Scraped text is dirty: invalid UTF-8 is read with a warning, binary and
//! empty files are skipped with one, huge files are refused before they are
//! read, and many files do not run out of file handles.

use super::support::Sandbox;

const GOOD: &str = "CITIC Securities expects Alibaba to raise its cloud revenue by 30% in 2026.\n";

#[test]
fn dirty_documents_are_read_or_skipped_with_a_warning() {
    let s = Sandbox::new();
    s.write("in/a_good.txt", GOOD);
    s.write(
        "in/b_latin1.txt",
        b"Tencent rose 3%.\nCaf\xe9 owner Morgan Stanley rates Tencent overweight.\n",
    );
    s.write("in/c_logo.txt", [0x89, b'P', b'N', b'G', 0, 0, 0, 13]);
    s.write("in/d_empty.txt", "");
    s.write("in/e_blank.md", " \n\t\n");
    let run = s.run(&["ingest", "in"]).ok();
    for needle in [
        "warning: in/b_latin1.txt: invalid UTF-8 at byte offset 20; decoded with 1 replacement character (U+FFFD)",
        "warning: in/c_logo.txt: binary file (a NUL byte at offset 4), skipped",
        "warning: in/d_empty.txt: empty document (no text), skipped",
        "warning: in/e_blank.md: empty document (no text), skipped",
    ] {
        assert!(run.stderr.contains(needle), "missing {needle:?} in\n{}", run.stderr);
    }
    // The two text files are in the graph, the Latin-1 one with U+FFFD.
    assert!(
        run.stdout.starts_with("finkg-graph.ron: added 2 documents"),
        "{}",
        run.stdout
    );
    let graph = String::from_utf8(s.read("finkg-graph.ron")).unwrap();
    assert!(graph.contains("Caf\u{FFFD} owner"), "{graph}");
    assert!(
        !graph.contains("c_logo") && !graph.contains("d_empty"),
        "{graph}"
    );
}

#[test]
fn a_1_gb_file_and_a_50_mb_line_are_refused_before_reading() {
    let s = Sandbox::new();
    s.write("good.txt", GOOD);
    // A sparse file: 1 GiB long, no disk used.
    let big = std::fs::File::create(s.path("big.txt")).unwrap();
    big.set_len(1 << 30).unwrap();
    drop(big);
    s.write(
        "line.txt",
        "Alibaba rose ".repeat(50 * 1024 * 1024 / 13 + 1),
    );
    s.run(&["ingest", "good.txt", "big.txt"])
        .fails_with(&["big.txt: 1.0 GiB (1073741824 bytes) is larger than the limit of 16.0 MiB (16777216 bytes); not read (raise it with --max-file-size)"]);
    s.run(&["ingest", "good.txt", "line.txt"])
        .fails_with(&["line.txt: 50.0 MiB", "larger than the limit of 16.0 MiB"]);
    assert_eq!(
        s.list("."),
        ["big.txt", "good.txt", "line.txt"],
        "a refused ingest wrote a file"
    );
    let run = s.run(&["ingest", "good.txt", "--max-file-size", "lots"]);
    assert!(
        !run.success && run.stderr.contains("`lots` is not a size"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hundred_thousand_small_files_need_few_file_handles() {
    if !std::path::Path::new("/bin/sh").exists() {
        assert!(std::env::var_os("CI").is_none(), "no /bin/sh under CI");
        eprintln!("skipped: no /bin/sh to lower the file-handle limit");
        return;
    }
    let s = Sandbox::new();
    let n = 100_000;
    for i in 0..n {
        let dir = format!("many/{:03}", i / 1000);
        if i % 1000 == 0 {
            std::fs::create_dir_all(s.path(&dir)).unwrap();
        }
        std::fs::write(s.path(&format!("{dir}/{i:06}.txt")), format!("Note {i}.\n")).unwrap();
    }
    // At most 64 open files for the whole run: a leak of one handle per file
    // would fail within the first hundred.
    let out = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$FINKG\" ingest many --jobs 2 --graph limited.ron")
        .current_dir(s.root())
        .env("FINKG", env!("CARGO_BIN_EXE_finkg"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with(&format!("limited.ron: added {n} documents")),
        "{}",
        stdout.lines().next().unwrap_or("")
    );
}
