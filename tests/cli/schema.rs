//! `finkg schema check`: the bundled schema, a copy, and broken copies.

use super::support::{copy_schema, Sandbox};

#[test]
fn the_bundled_schema_checks_out() {
    let s = Sandbox::new();
    let run = s.run(&["schema", "check"]).ok();
    assert!(run.stdout.starts_with("schema: bundled"), "{}", run.stdout);
    assert!(
        run.stdout.contains("ontology: 7 entity kinds"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("gazetteer: "), "{}", run.stdout);
    assert!(
        run.stdout.lines().last().unwrap().starts_with("ok"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_schema_folder_is_checked_and_used() {
    let s = Sandbox::new();
    copy_schema(&s, "schema");
    s.write(
        "schema/gazetteer/zz_local.ron",
        "[(name: \"Acme Robotics\", kind: \"company\", aliases: [\"Acme\"], tickers: [\"ACME\"])]\n",
    );
    let run = s.run(&["schema", "check", "--schema", "schema"]).ok();
    assert!(run.stdout.starts_with("schema: schema"), "{}", run.stdout);
    assert!(run.stdout.contains("zz_local.ron: 1"), "{}", run.stdout);

    // The local entry is found in text with the folder schema.
    s.write(
        "a.txt",
        "Goldman Sachs expects Acme Robotics to double its revenue in 2026.\n",
    );
    s.run(&[
        "--schema",
        "schema",
        "extract",
        "a.txt",
        "--json-dir",
        "pred",
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_slice(&s.read("pred/a.json")).unwrap();
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Acme Robotics"), "{names:?}");
}

#[test]
fn broken_schema_files_name_file_line_and_column() {
    let s = Sandbox::new();
    copy_schema(&s, "schema");
    let ontology = String::from_utf8(s.read("schema/ontology.ron")).unwrap();
    // Drop the first comma after a field inside the entity kinds.
    let broken = ontology.replacen("core: true,", "core: true", 1);
    assert_ne!(broken, ontology);
    s.write("schema/ontology.ron", &broken);
    let line = s
        .run(&["schema", "check", "--schema", "schema"])
        .fails_with(&["schema/ontology.ron:"]);
    // error: schema/ontology.ron:LINE:COLUMN: message
    let rest = line.trim_start_matches("error: schema/ontology.ron:");
    let mut parts = rest.splitn(3, ':');
    let l: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    let c: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    assert!(l > 1 && c > 1, "{line}");
}
