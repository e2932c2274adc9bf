//! Criterion benchmarks: extracting the seed articles, and merging their
//! extractions into a graph (plus saving it as RON).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use finkg::{text, Extraction, Extractor, KnowledgeGraph, Schema};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                text::read_document(p).expect("a seed is a text document"),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let schema = Schema::bundled().expect("bundled schema");

    c.bench_function("schema: build extractor", |b| {
        b.iter(|| Extractor::new(black_box(schema.clone())))
    });

    let extractor = Extractor::new(schema);
    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(name, t)| extractor.extract(name, name, black_box(t)))
                .collect::<Vec<Extraction>>()
        })
    });
    group.finish();

    let extractions: Vec<Extraction> = docs
        .iter()
        .map(|(name, t)| extractor.extract(name, name, t))
        .collect();
    c.bench_function("graph: ingest seeds", |b| {
        b.iter(|| {
            let mut g = KnowledgeGraph::new();
            for x in &extractions {
                g.ingest(black_box(x.clone()));
            }
            g
        })
    });

    let mut g = KnowledgeGraph::new();
    for x in &extractions {
        g.ingest(x.clone());
    }
    c.bench_function("graph: to RON", |b| b.iter(|| g.to_ron().unwrap()));
    let ron = g.to_ron().unwrap();
    c.bench_function("graph: from RON", |b| {
        b.iter(|| KnowledgeGraph::from_ron(black_box(&ron), Path::new("bench.ron")).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
