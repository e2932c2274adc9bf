//! `finkg render`: pictures through graphviz-rust's exec of `dot`, every
//! format and engine, the filters, and one clear line when `dot` is missing.

use super::support::export::{seed_sandbox, with_fixture};
use super::support::{dot_available, Sandbox};
use std::path::Path;

#[test]
fn the_neighbourhood_of_alibaba_is_a_small_legible_svg() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    let run = s
        .run(&[
            "render", "--format", "svg", "--around", "Alibaba", "--depth", "1", "--out", "a.svg",
        ])
        .ok();
    assert!(
        run.stdout.starts_with("wrote a.svg (svg, "),
        "{}",
        run.stdout
    );
    let svg = String::from_utf8(s.read("a.svg")).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.contains("around Alibaba, depth 1"));
    assert!(svg.contains(">Alibaba</text>"));
    assert!(svg.contains(">CITIC Securities</text>"));
    let nodes = svg.matches("class=\"node\"").count();
    assert!((3..40).contains(&nodes), "{nodes} nodes");
    // Hovering an edge shows the sentences behind it.
    assert!(
        svg.contains("xlink:title=\"CITIC Securities forecasts Alibaba (date: ")
            && svg.contains(")&#10;• "),
        "{svg}"
    );
}

#[test]
fn forecasts_show_brokers_and_what_they_forecast() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    s.run(&[
        "render",
        "--format",
        "svg",
        "--relation",
        "forecasts",
        "--out",
        "f.svg",
    ])
    .ok();
    let svg = String::from_utf8(s.read("f.svg")).unwrap();
    assert!(svg.contains(">CITIC Securities</text>"));
    assert!(svg.contains(">forecasts"));
    for other in ["outperforms", "invests", "develops", "works_for"] {
        assert!(!svg.contains(&format!(">{other}")), "{other} drawn");
    }
}

#[test]
fn every_format_and_engine_renders() {
    if !dot_available() {
        return;
    }
    let s = Sandbox::new();
    let fixture = with_fixture(&s);
    for (args, file, magic) in [
        (vec!["--format", "svg"], "out/g.svg", &b"<?xml"[..]),
        (vec!["--format", "png"], "out/g.png", b"\x89PNG"),
        (vec!["--format", "pdf"], "out/g.pdf", b"%PDF"),
        // The format follows the file name when not given.
        (vec![], "out/h.png", b"\x89PNG"),
        (
            vec!["--engine", "neato", "--with-metrics"],
            "n.svg",
            b"<?xml",
        ),
        (vec!["--engine", "fdp", "--clusters"], "f.svg", b"<?xml"),
        (vec!["--engine", "sfdp"], "s.svg", b"<?xml"),
    ] {
        let mut argv = vec!["render", "--graph", fixture, "--out", file];
        argv.extend(&args);
        let run = s.run(&argv).ok();
        assert!(
            run.stdout.contains(&format!("wrote {file}")),
            "{}",
            run.stdout
        );
        let bytes = s.read(file);
        assert!(
            bytes.starts_with(magic),
            "{argv:?}: {:?}",
            &bytes[..16.min(bytes.len())]
        );
    }
}

#[test]
fn a_missing_dot_is_one_line_saying_how_to_install_graphviz() {
    let s = Sandbox::new();
    let fixture = with_fixture(&s);
    let empty = s.path("no-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let out = s
        .command(&["render", "--graph", fixture, "--out", "g.svg"])
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
    assert!(!s.path("g.svg").exists());
}

#[test]
fn render_needs_a_graph_and_names_bad_input() {
    let s = Sandbox::new();
    s.run(&["render", "--out", "g.svg"])
        .fails_with(&["finkg-graph.ron: no graph file here"]);
    let fixture = with_fixture(&s);
    s.run(&[
        "render", "--graph", fixture, "--around", "Nobody", "--out", "g.svg",
    ])
    .fails_with(&["no entity named `Nobody`"]);
    assert!(!s.path("g.svg").exists());
}

#[test]
fn the_committed_seed_picture_is_an_svg_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for pic in ["docs/seed-graph.svg", "docs/alibaba.svg"] {
        let svg = std::fs::read_to_string(root.join(pic)).unwrap_or_else(|e| panic!("{pic}: {e}"));
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{pic}");
        assert!(svg.contains("finkg knowledge graph"), "{pic}");
        assert!(svg.len() < 400_000, "{pic} is {} bytes", svg.len());
        assert!(
            readme.contains(&format!("]({pic})")),
            "README does not show {pic}"
        );
        assert!(
            readme.contains(&format!("--out {pic}")),
            "README does not name the command that makes {pic}"
        );
    }
}
