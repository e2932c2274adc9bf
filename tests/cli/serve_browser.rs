//! The page of `finkg serve` in a real browser: headless Chromium driven by
//! Playwright runs `tests/browser/serve.cjs` against a server of the seed
//! graph (the first screen with readable labels, a screenshot kept in
//! `target/ci-artifacts/`, search, the entity and edge panels, a Cypher
//! query and its table, show in graph, explain, a question, hostile
//! requests beside the page). Under CI a missing browser is a failure.

use super::serve::Server;
use super::support::export::seed_sandbox;
use super::support::view::browser;
use std::path::Path;
use std::process::Command;

#[test]
fn the_served_page_reads_at_a_glance_and_answers_in_a_browser() {
    let Some(b) = browser() else { return };
    let s = seed_sandbox();
    let server = Server::start(&s, &["--timeout-ms", "2000"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let artifacts = root.join("target/ci-artifacts");
    let out = Command::new(&b.node)
        .arg(root.join("tests/browser/serve.cjs"))
        .arg("--url")
        .arg(format!("http://{}/", server.addr))
        .arg("--out")
        .arg(&artifacts)
        .args(["--min-labels", "25"])
        .env("FINKG_PLAYWRIGHT", &b.modules)
        .env("FINKG_CHROMIUM", &b.chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(artifacts.join("serve-first-screen.png").is_file());
}
