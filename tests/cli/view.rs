//! `finkg view`: one self-contained HTML page per run, the filters of
//! `export` and `render`, metrics listed or drawn, hostile names kept inert,
//! and one clear line when `dot` is missing. (The page in a browser:
//! `view_browser.rs`.)

use super::support::export::{seed_sandbox, with_fixture};
use super::support::view::{hostile_json, HOSTILE};
use super::support::{dot_available, Sandbox};
use serde_json::Value;

/// The page's data block, read back.
fn data(html: &str) -> Value {
    let start = "<script type=\"application/json\" id=\"finkg-data\">";
    let from = html.find(start).expect("no data block") + start.len();
    let to = from + html[from..].find("</script>").unwrap();
    serde_json::from_str(&html[from..to]).unwrap()
}

fn page(s: &Sandbox, file: &str) -> String {
    String::from_utf8(s.read(file)).unwrap()
}

fn len(v: &Value, key: &str) -> usize {
    v["graph"][key].as_array().unwrap().len()
}

#[test]
fn the_seed_graph_is_one_page_with_every_entity_drawn() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    let run = s.run(&["view", "--out", "out/seed.html"]).ok();
    assert!(
        run.stdout.starts_with("wrote out/seed.html (html, "),
        "{}",
        run.stdout
    );
    let html = page(&s, "out/seed.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let v = data(&html);
    assert_eq!(v["format"], "finkg-view/1");
    assert_eq!(v["graph"]["format"], "finkg-graph/1");
    // The same graph as the JSON export, metrics included.
    let export: Value =
        serde_json::from_str(&s.run(&["export", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(v["graph"], export);
    assert!(len(&v, "metrics") > 0);
    // Every entity and relation is drawn, found by its id; metrics are not drawn.
    for i in 0..len(&v, "entities") {
        assert!(
            html.contains(&format!("<g id=\"n{i}\" class=\"node k")),
            "n{i}"
        );
    }
    for j in 0..len(&v, "relations") {
        assert!(
            html.contains(&format!("<g id=\"e{j}\" class=\"edge q")),
            "e{j}"
        );
    }
    assert!(!html.contains("id=\"m0\""));
    assert!(html.contains(">CITIC Securities</text>"));
    // Self-contained: nothing to fetch.
    let markup = html.replace(&html[html.find("id=\"finkg-data\"").unwrap()..], "");
    for banned in ["src=", "href=", "http:", "https:", "<link", "@import"] {
        assert!(!markup.contains(banned), "{banned}");
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
}

#[test]
fn filters_choose_what_the_page_shows() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    s.run(&[
        "view",
        "--around",
        "Alibaba",
        "--relation",
        "forecasts",
        "--out",
        "f.html",
    ])
    .ok();
    let html = page(&s, "f.html");
    let v = data(&html);
    assert_eq!(
        v["subtitle"],
        "relations: forecasts · around Alibaba, depth 1"
    );
    assert!(html.contains(
        "<title>finkg knowledge graph · relations: forecasts · around Alibaba, depth 1</title>"
    ));
    let rels = v["graph"]["relations"].as_array().unwrap();
    assert!(!rels.is_empty());
    assert!(
        rels.iter().all(|r| r["relation"] == "forecasts"),
        "{rels:?}"
    );
    let names: Vec<&str> = v["graph"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Alibaba") && names.contains(&"CITIC Securities"),
        "{names:?}"
    );

    // Metrics: listed by default, drawn with --with-metrics, gone with --without-metrics.
    s.run(&[
        "view",
        "--around",
        "Alibaba",
        "--with-metrics",
        "--out",
        "m.html",
    ])
    .ok();
    let html = page(&s, "m.html");
    assert!(len(&data(&html), "metrics") > 0);
    assert!(
        html.contains("<g id=\"m0\" class=\"node metric s"),
        "metric nodes drawn"
    );
    assert!(html.contains("<g id=\"h0\" class=\"edge metric s"));
    s.run(&[
        "view",
        "--around",
        "Alibaba",
        "--without-metrics",
        "--out",
        "n.html",
    ])
    .ok();
    assert_eq!(len(&data(&page(&s, "n.html")), "metrics"), 0);
    s.run(&["view", "--around", "Alibaba", "--out", "d.html"])
        .ok();
    let html = page(&s, "d.html");
    assert!(len(&data(&html), "metrics") > 0 && !html.contains("id=\"m0\""));
}

#[test]
fn every_engine_and_clusters_make_a_page() {
    if !dot_available() {
        return;
    }
    let s = Sandbox::new();
    let fixture = with_fixture(&s);
    for args in [
        vec!["--engine", "sfdp"],
        vec!["--engine", "neato", "--with-metrics"],
        vec!["--clusters"],
    ] {
        let mut argv = vec!["view", "--graph", fixture, "--out", "p.html"];
        argv.extend(&args);
        s.run(&argv).ok();
        let html = page(&s, "p.html");
        assert!(html.contains("<svg viewBox="), "{args:?}");
        assert!(html.contains("<g id=\"n0\" class=\"node k"), "{args:?}");
    }
}

#[test]
fn hostile_names_stay_text() {
    if !dot_available() {
        return;
    }
    let s = Sandbox::new();
    s.write("hostile.json", hostile_json());
    s.run(&[
        "view",
        "--graph",
        "hostile.json",
        "--with-metrics",
        "--out",
        "h.html",
    ])
    .ok();
    let html = page(&s, "h.html");
    // Exactly the page's two script elements, and nothing the names carried.
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.matches("</script>").count(), 2);
    for banned in ["<img", "<style>body", "<svg onload", "<b>", "<i>"] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    // No tag carries a handler: `onerror=` is only ever text.
    let markup = &html[..html.find("<script>").unwrap()];
    for tag in markup.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap();
        assert!(
            !tag.contains("onerror") && !tag.contains("onload"),
            "<{tag}>"
        );
    }
    // The names are all there, as data and as drawn text.
    let v = data(&html);
    let names: Vec<&str> = v["graph"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&HOSTILE), "{names:?}");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;window.__finkgPwned=1&lt;/script&gt;"));
    // A kind and a relation the ontology does not know get a place of their own.
    let kinds: Vec<&str> = v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"<weird> kind"));
    let rels: Vec<&str> = v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(rels.last(), Some(&"rel\"ation <x>"));
}

#[test]
fn a_missing_dot_is_one_line_and_no_file() {
    let s = Sandbox::new();
    let fixture = with_fixture(&s);
    let empty = s.path("no-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let out = s
        .command(&["view", "--graph", fixture, "--out", "g.html"])
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "error: Graphviz `dot` not found: install Graphviz (apt-get install graphviz"
        ),
        "{err}"
    );
    assert!(!s.path("g.html").exists());
}

#[test]
fn view_needs_a_graph_an_out_file_and_known_names() {
    let s = Sandbox::new();
    s.run(&["view", "--out", "g.html"])
        .fails_with(&["finkg-graph.ron: no graph file here"]);
    let fixture = with_fixture(&s);
    s.run(&[
        "view", "--graph", fixture, "--around", "Nobody", "--out", "g.html",
    ])
    .fails_with(&["no entity named `Nobody`"]);
    s.run(&[
        "view", "--graph", fixture, "--kind", "planet", "--out", "g.html",
    ])
    .fails_with(&["unknown entity kind `planet`"]);
    assert!(!s.path("g.html").exists());
    let run = s.run(&["view", "--graph", fixture]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--out <FILE>"), "{}", run.stderr);
}

#[test]
fn the_seed_page_is_deterministic() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    s.run(&["view", "--out", "a.html"]).ok();
    s.run(&["view", "--out", "b.html"]).ok();
    assert_eq!(s.read("a.html"), s.read("b.html"));
}

#[test]
fn the_readme_shows_the_page_and_how_it_was_taken() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("](docs/view.png)"),
        "README shows no docs/view.png"
    );
    assert!(readme.contains("finkg view --out graph.html"));
    assert!(readme.contains("cp target/ci-artifacts/view.png docs/view.png"));
    let png = std::fs::read(root.join("docs/view.png")).unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "docs/view.png is no PNG"
    );
    assert!(png.len() < 600_000, "docs/view.png is {} bytes", png.len());
}
