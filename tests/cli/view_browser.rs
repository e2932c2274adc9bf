//! The page of `finkg view` in a real browser: headless Chromium driven by
//! Playwright runs `tests/browser/view.cjs` on the seed graph's page (search
//! Alibaba, read the forecast by CITIC Securities and its sentence, click the
//! edge), a page of hostile names (nothing runs), and a generated graph of
//! 2,000 entities (timings, with generous bounds). Screenshots and timings go
//! to `target/ci-artifacts/`. Under CI a missing browser is a failure.

use super::support::dot_available;
use super::support::export::seed_sandbox;
use super::support::view::{big_json, browser, hostile_json};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[test]
fn the_page_answers_who_forecasts_alibaba_in_a_browser() {
    let Some(b) = browser() else { return };
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    s.run(&["view", "--out", "seed.html"]).ok();
    s.write("hostile.json", hostile_json());
    s.run(&[
        "view",
        "--graph",
        "hostile.json",
        "--with-metrics",
        "--out",
        "hostile.html",
    ])
    .ok();
    s.write("big.json", big_json(2000, 3000));
    let started = Instant::now();
    s.run(&["view", "--graph", "big.json", "--out", "big.html"])
        .ok();
    let layout = started.elapsed().as_secs_f64();

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let artifacts = root.join("target/ci-artifacts");
    let started = Instant::now();
    let out = Command::new(&b.node)
        .arg(root.join("tests/browser/view.cjs"))
        .args([
            "--seed",
            "seed.html",
            "--hostile",
            "hostile.html",
            "--big",
            "big.html",
        ])
        .arg("--out")
        .arg(&artifacts)
        .current_dir(s.root())
        .env("FINKG_PLAYWRIGHT", &b.modules)
        .env("FINKG_CHROMIUM", &b.chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "{stdout}{stderr}[finkg view of 2,000 entities: {layout:.1} s; browser checks: {:.1} s]",
        started.elapsed().as_secs_f64()
    );
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(artifacts.join("view.png").is_file());
}
