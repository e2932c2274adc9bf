//! Build a knowledge graph from the bundled seed articles through the library,
//! then ask it which brokers forecast which companies.
//!
//! ```sh
//! cargo run --example build_and_query            # the bundled seeds/
//! cargo run --example build_and_query -- DIR     # your own .txt/.md files
//! ```

use finkg::{text, Extractor, KnowledgeGraph, RelationFilter, Schema};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));

    // The schema (ontology, gazetteer, lexicon) is compiled in; build the
    // extractor's matchers once and use them for every document.
    let extractor = Extractor::new(Schema::bundled()?);
    let mut graph = KnowledgeGraph::new();

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"));
    files.sort();

    for path in &files {
        let text = text::read_document(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let extraction = extractor.extract(&name, &path.display().to_string(), &text);
        let stats = graph.ingest(extraction);
        println!("{name}: {stats}");
    }

    let summary = graph.summary();
    println!(
        "\n{} documents, {} entities, {} relations, {} metrics\n",
        summary.documents, summary.entities, summary.relations, summary.metrics
    );

    println!("Broker → company forecasts:");
    let filter = RelationFilter::any()
        .relation("forecasts")
        .from_kind("broker")
        .to_kind("company");
    for r in graph.relations(&filter) {
        println!(
            "  {:<24} → {:<20} ({} sentence{})",
            r.subject.name,
            r.object.name,
            r.edge.evidence.len(),
            if r.edge.evidence.len() == 1 { "" } else { "s" }
        );
    }

    // Every fact keeps the sentence and rule it came from.
    if let Ok(r) = graph.explain("CITIC Securities", "forecasts", "Alibaba") {
        let ev = &r.edge.evidence[0];
        println!(
            "\nWhy CITIC Securities → Alibaba? rule `{}`:\n  {}",
            ev.rule, ev.sentence
        );
    }
    Ok(())
}
