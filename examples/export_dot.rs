//! Export a graph as Graphviz DOT through the library, and render it as SVG
//! when Graphviz's `dot` program is installed.
//!
//! ```sh
//! cargo run --example export_dot                        # graph of the bundled seeds/
//! cargo run --example export_dot -- finkg-graph.ron     # a graph saved by `finkg ingest`
//! ```

use finkg::export::{DotExporter, Exporter};
use finkg::{text, Extractor, KnowledgeGraph, Schema};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let schema = Schema::bundled()?;
    let graph = match std::env::args_os().nth(1) {
        Some(file) => KnowledgeGraph::load(Path::new(&file))?,
        None => seeds_graph(&schema)?,
    };

    // Nodes take shape and colour from their kind in ontology.ron; every name
    // is escaped, so quotes and backslashes in names cannot break the file.
    let dot = DotExporter::new(&schema.ontology)
        .with_metrics(true)
        .with_isolated(false)
        .to_bytes(&graph)?;

    let out_dir = std::env::temp_dir().join("finkg-example");
    std::fs::create_dir_all(&out_dir)?;
    let dot_path = out_dir.join("graph.dot");
    finkg::graph::write_atomic(&dot_path, &dot)?;
    println!("wrote {} ({} bytes)", dot_path.display(), dot.len());

    match std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg("-o")
        .arg(out_dir.join("graph.svg"))
        .arg(&dot_path)
        .status()
    {
        Ok(s) if s.success() => println!("wrote {}", out_dir.join("graph.svg").display()),
        Ok(s) => return Err(format!("dot failed: {s}").into()),
        Err(_) => println!("install Graphviz (apt-get install graphviz) to render it as SVG"),
    }
    Ok(())
}

fn seeds_graph(schema: &Schema) -> Result<KnowledgeGraph, Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let extractor = Extractor::new(schema.clone());
    let mut graph = KnowledgeGraph::new();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        let text = text::read_document(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        graph.ingest(extractor.extract(&name, &path.display().to_string(), &text));
    }
    Ok(graph)
}
