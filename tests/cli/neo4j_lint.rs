//! Every Neo4j script finkg writes passes Neo4j's own linter with no error
//! and no warning: `lintCypherQuery` of @neo4j-cypher/language-support (the
//! parser and semantic checks of Neo4j's editors), run by
//! `tests/neo4j/lint.cjs` on the Cypher export (`--dialect neo4j`) and on
//! the CSV export's `load_neo4j.cypher` and `constraints_neo4j.cypher`, for
//! the seed graph and a graph of hostile names. The CSV export's
//! `import_neo4j.sh` runs against a stand-in `neo4j-admin` that checks its
//! arguments name the files that are there.

use super::cypher_kuzu::hostile_graph;
use super::support::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The node_modules folder holding @neo4j-cypher/language-support:
/// `FINKG_NEO4J_LINT` (which `.ci/run` sets), else `target/neo4j-lint/node_modules`
/// when it is there. Missing: a skip on a developer machine, a failure under CI.
fn linter() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FINKG_NEO4J_LINT").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/neo4j-lint/node_modules");
    if local.join("@neo4j-cypher/language-support").is_dir() {
        return Some(local);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "FINKG_NEO4J_LINT is not set, and CI is: .ci/run must install @neo4j-cypher/language-support"
    );
    eprintln!(
        "skipping the Neo4j lint: npm install --prefix target/neo4j-lint @neo4j-cypher/language-support"
    );
    None
}

/// Lint `files` (relative to the sandbox); the linter's output and whether
/// every file was clean.
fn lint(modules: &Path, s: &Sandbox, files: &[&str]) -> (String, bool) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neo4j/lint.cjs");
    let out = Command::new("node")
        .arg(script)
        .args(files)
        .current_dir(s.root())
        .env("FINKG_NEO4J_LINT", modules)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.success())
}

/// Export `graph` (in the sandbox) as the Neo4j Cypher script and as CSV.
fn export(s: &Sandbox, graph: &str) {
    s.run(&[
        "export",
        "--graph",
        graph,
        "--format",
        "cypher",
        "--dialect",
        "neo4j",
        "--out",
        "neo4j.cypher",
    ])
    .ok();
    s.run(&[
        "export", "--graph", graph, "--format", "csv", "--out", "csv",
    ])
    .ok();
}

const SCRIPTS: [&str; 3] = [
    "neo4j.cypher",
    "csv/load_neo4j.cypher",
    "csv/constraints_neo4j.cypher",
];

#[test]
fn the_neo4j_scripts_of_the_seed_graph_lint_clean() {
    let Some(modules) = linter() else {
        return;
    };
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    export(&s, "finkg-graph.ron");
    let (out, clean) = lint(&modules, &s, &SCRIPTS);
    assert!(clean, "Neo4j's linter is not satisfied:\n{out}");
    for f in SCRIPTS {
        assert!(
            out.contains(&format!("{f}: ")) && out.contains(" 0 errors, 0 warnings, 0 other"),
            "{out}"
        );
    }
    // The scripts are not trivially clean: they hold every statement.
    let cypher = String::from_utf8(s.read("neo4j.cypher")).unwrap();
    assert!(cypher.matches(") MATCH (b:").count() > 100, "{cypher}");
    let load = String::from_utf8(s.read("csv/load_neo4j.cypher")).unwrap();
    assert!(load.matches("IN TRANSACTIONS OF 10000 ROWS;").count() > 10);
}

#[test]
fn the_neo4j_scripts_of_hostile_names_lint_clean() {
    let Some(modules) = linter() else {
        return;
    };
    let s = Sandbox::new();
    s.write(
        "hostile.json",
        serde_json::to_string_pretty(&hostile_graph()).unwrap(),
    );
    export(&s, "hostile.json");
    let (out, clean) = lint(&modules, &s, &SCRIPTS);
    assert!(clean, "Neo4j's linter is not satisfied:\n{out}");
}

#[test]
fn the_linter_finds_what_it_is_asked_to_find() {
    let Some(modules) = linter() else {
        return;
    };
    // The statement finkg wrote before: one MATCH of two disconnected
    // patterns, a cartesian product; and a syntax error.
    let s = Sandbox::new();
    s.write(
        "old.cypher",
        "MATCH (a:`company` {`id`: 'company:a'}), (b:`model` {`id`: 'model:b'}) CREATE (a)-[:`develops`]->(b);\n",
    );
    s.write("broken.cypher", "MATCH (a:`company` RETURN a;\n");
    let (out, clean) = lint(&modules, &s, &["old.cypher", "broken.cypher"]);
    assert!(!clean, "{out}");
    assert!(
        out.contains(
            "old.cypher:1:1: warning: If a part of a query contains multiple disconnected patterns"
        ),
        "{out}"
    );
    assert!(
        out.contains(" bytes, 0 errors, 1 warnings, 0 other"),
        "{out}"
    );
    assert!(out.contains("broken.cypher:1:"), "{out}");
    assert!(out.contains(": error: "), "{out}");
}

#[test]
fn import_neo4j_sh_names_every_file_it_imports() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    s.run(&["export", "--format", "csv", "--out", "csv"]).ok();
    // A stand-in neo4j-admin that writes its arguments, one a line.
    let bin = s.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("neo4j-admin");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$FINKG_ARGS\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |args: &[&str]| {
        let out = Command::new("sh")
            .arg("import_neo4j.sh")
            .args(args)
            .current_dir(s.path("csv"))
            .env("PATH", &path)
            .env("FINKG_ARGS", s.path("args.txt"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(s.read("args.txt")).unwrap()
    };
    let args = run(&[]);
    let lines: Vec<&str> = args.lines().collect();
    assert_eq!(
        &lines[..4],
        ["database", "import", "full", "--array-delimiter=|"]
    );
    assert_eq!(lines[4], "--multiline-fields=true");
    assert_eq!(*lines.last().unwrap(), "neo4j");
    let mut named = Vec::new();
    for l in &lines[5..lines.len() - 1] {
        let (flag, rest) = l.split_once('=').unwrap();
        assert!(flag == "--nodes" || flag == "--relationships", "{l}");
        let (_, file) = rest.split_once('=').unwrap();
        assert!(s.path("csv").join(file).is_file(), "{file} is not there");
        named.push(file.to_string());
    }
    // Every neo4j_ file is imported, once.
    let mut files: Vec<String> = s
        .list("csv")
        .into_iter()
        .filter(|f| f.starts_with("neo4j_"))
        .collect();
    files.sort();
    named.sort();
    assert_eq!(named, files);
    assert!(named.len() > 20);
    // A database name and more options go through.
    let args = run(&["finkg", "--overwrite-destination=true"]);
    assert_eq!(args.lines().nth(3), Some("--overwrite-destination=true"));
    assert_eq!(args.lines().last(), Some("finkg"));
}
