//! The README's examples run: every `sh` block (its `cargo` lines aside) as a
//! bash script, in order, in one folder holding `seeds/` and `graph-schema/`;
//! every `console` block's commands print exactly the lines shown.

use super::support::{copy_schema, dot_available, Sandbox};
use std::path::Path;
use std::process::{Command, Output};

/// A fenced block: its info string and its lines.
fn blocks(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in readme.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), Vec::new())),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, lines)), None) => lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "README.md has an unclosed code block");
    out
}

fn bash(s: &Sandbox, script: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_finkg")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(s.root())
        .env("PATH", path)
        .output()
        .unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn readme_starts_with_the_two_commands() {
    let blocks = blocks(&readme());
    let (info, first) = &blocks[0];
    assert_eq!(info, "sh");
    assert_eq!(
        first,
        &["cargo run --release -- demo", "cargo test --all-targets"]
    );
}

#[test]
fn every_readme_example_runs() {
    let s = Sandbox::new();
    s.copy_seeds();
    copy_schema(&s, "graph-schema");
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    for e in std::fs::read_dir(gold).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        s.write(&format!("tests/gold/{name}"), std::fs::read(&p).unwrap());
    }
    // the dated notes of the analyst-actions examples
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    for e in std::fs::read_dir(notes).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        s.write(
            &format!("tests/fixtures/notes/{name}"),
            std::fs::read(&p).unwrap(),
        );
    }
    let dot = dot_available();
    let font = finkg::export::font_available();
    let mut ran = 0;
    for (info, lines) in blocks(&readme()) {
        match info.as_str() {
            "sh" => {
                let script: Vec<&str> = lines
                    .iter()
                    .map(String::as_str)
                    .filter(|l| !l.starts_with("cargo "))
                    .filter(|l| {
                        dot || !(l.contains("dot -T")
                            || l.contains("finkg render")
                            || l.contains("finkg view"))
                    })
                    .filter(|l| font || !l.contains("finkg chart"))
                    .collect();
                if script.is_empty() {
                    continue;
                }
                let script = format!("set -euo pipefail\n{}\n", script.join("\n"));
                let out = bash(&s, &script);
                assert!(
                    out.status.success(),
                    "README example failed:\n{script}\nstdout:\n{}\nstderr:\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                ran += script.lines().count() - 1;
            }
            "console" => {
                let mut i = 0;
                while i < lines.len() {
                    let cmd = lines[i]
                        .strip_prefix("$ ")
                        .unwrap_or_else(|| panic!("console line without `$ `: {}", lines[i]));
                    let mut want = Vec::new();
                    i += 1;
                    while i < lines.len() && !lines[i].starts_with("$ ") {
                        want.push(lines[i].as_str());
                        i += 1;
                    }
                    let out = bash(&s, cmd);
                    let text = format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let got: Vec<&str> = text.lines().collect();
                    assert_eq!(got, want, "README console example `{cmd}`");
                    if want.first().is_some_and(|l| l.starts_with("error: ")) {
                        assert_eq!(out.status.code(), Some(1), "`{cmd}` should fail");
                    } else {
                        assert!(out.status.success(), "`{cmd}` failed: {text}");
                    }
                    ran += 1;
                }
            }
            _ => {}
        }
    }
    assert!(ran >= 20, "only {ran} README commands ran");
    // The examples did what they say.
    assert!(s.path("finkg-out/graph.ron").is_file());
    assert!(s.path("citic.ron").is_file());
    assert!(s.path("pred").is_dir());
    assert!(s.path("graph.dot").is_file());
    assert!(s.path("custom.ron").is_file());
}
