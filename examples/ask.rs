//! Ask the graph questions in Cypher through the library: the ready-made
//! questions of `finkg ask`, a query of your own with a parameter, and what
//! a mistake in a query looks like.
//!
//! ```sh
//! cargo run --example ask            # a graph of the bundled seeds/
//! cargo run --example ask -- DIR     # your own .txt/.md files
//! ```

use finkg::query::{Engine, QueryResult, Question};
use finkg::{text, Extractor, KnowledgeGraph, Schema};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    let schema = Schema::bundled()?;
    let graph = build(&dir, &schema)?;

    // The questions `finkg ask` knows; those about one entity take a name,
    // alias or ticker.
    let questions = [
        Question::Forecasts,
        Question::WhoForecasts("Tencent".into()),
        Question::Outperforms("Hang Seng Tech Index".into()),
        Question::Invests,
        Question::Ratings("Zijin Mining".into()),
        Question::Metrics("Alibaba".into()),
    ];
    for q in &questions {
        println!("── {q:?}\n{}\n", q.cypher());
        // The ontology makes every kind it defines a known label, even one
        // the graph has no node of yet.
        let engine = Engine::new(&graph).with_ontology(&schema.ontology);
        match q.ask(engine) {
            Ok(result) => print(&result),
            // An entity the graph does not hold is an error, not a panic.
            Err(e) => println!("  ({e})\n"),
        }
    }

    // A query of your own, with a parameter.
    println!("── Who forecasts the companies that outperform others, at least $min times?");
    let result = Engine::new(&graph).param("min", 1).run(
        "MATCH (f)-[r:forecasts]->(c:company)-[:outperforms]->(x)
         WITH f, count(DISTINCT c) AS companies, sum(r.evidence) AS sentences
         WHERE sentences >= $min
         RETURN f.name AS forecaster, companies, sentences
         ORDER BY sentences DESC, forecaster",
    )?;
    print(&result);

    // A mistake names the line and column, with a caret under the place.
    let err = Engine::new(&graph)
        .run("MATCH (b:broker)-[:forecasts]->(c)\nRETURN b.name, c.nmae")
        .unwrap_err();
    println!("── A typo:\n{err:#}");
    Ok(())
}

/// A graph of the .txt and .md files of `dir`.
fn build(dir: &Path, schema: &Schema) -> Result<KnowledgeGraph, Box<dyn std::error::Error>> {
    let extractor = Extractor::new(schema.clone());
    let mut graph = KnowledgeGraph::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"));
    files.sort();
    for path in &files {
        let text = text::read_document(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        graph.ingest(extractor.extract(&name, &path.display().to_string(), &text));
    }
    Ok(graph)
}

/// Rows under their column names, `|`-separated.
fn print(result: &QueryResult) {
    println!("  {}", result.columns.join(" | "));
    for row in &result.rows {
        let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
        println!("  {}", cells.join(" | "));
    }
    if result.rows.is_empty() {
        println!("  (no rows)");
    }
    println!();
}
