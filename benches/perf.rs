//! Criterion benchmarks at corpus scale: extraction throughput (per stage:
//! segmentation, mentions, relations, metrics; and end to end, on one thread and on all cores), ingest with graph merge,
//! RON and binary save and load, query latency on a synthetic graph, and DOT
//! export of 10k and 100k nodes.
//!
//! `cargo bench --bench perf` runs the full sizes (a 4 MB corpus, graphs of
//! 100,000 relations, DOT of 10k and 100k nodes). `cargo test --all-targets`
//! runs each benchmark once on small inputs, so CI stays quick.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use finkg::bench::corpus::{synthetic_graph, ArticleGenerator};
use finkg::export::{DotExporter, Exporter};
use finkg::extract::Draft;
use finkg::{text, Extraction, Extractor, KnowledgeGraph, Schema};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// Whether criterion measures (`cargo bench`) rather than checks once.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| text::read_document(p).expect("a seed is a text document"))
        .collect()
}

/// Generated articles of about `bytes` in all.
fn corpus(schema: &Schema, bytes: usize) -> Vec<(String, String)> {
    let generator = ArticleGenerator::new(schema, &samples()).expect("seeds");
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < bytes {
        let t = generator.article(42, i);
        total += t.len();
        out.push((format!("{i:07}.txt"), t));
        i += 1;
    }
    out
}

fn extraction(c: &mut Criterion) {
    let schema = Schema::bundled().expect("bundled schema");
    let docs = corpus(&schema, if full() { 4_000_000 } else { 60_000 });
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let extractor = Extractor::new(schema);

    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    // The stages of `Extractor::extract`, each timed alone: every stage after
    // the first starts from drafts made (untimed) by the stages before it.
    group.bench_function("stage 0: segmentation", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(_, t)| Extractor::segment(black_box(t)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("stage 1: mentions (with segmentation)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(n, t)| extractor.mentions(n, n, black_box(t)).mentions())
                .sum::<usize>()
        })
    });
    let drafts = |relations: bool| {
        docs.iter()
            .map(|(n, t)| {
                let mut d = extractor.mentions(n, n, t);
                if relations {
                    extractor.relations(&mut d);
                }
                d
            })
            .collect::<Vec<Draft<'_>>>()
    };
    group.bench_function("stage 2: relations", |b| {
        b.iter_batched(
            || drafts(false),
            |mut ds| {
                for d in &mut ds {
                    extractor.relations(d);
                }
                ds
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("stage 3: metrics", |b| {
        b.iter_batched(
            || drafts(true),
            |mut ds| {
                for d in &mut ds {
                    extractor.metrics(d);
                }
                ds
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("end to end, 1 thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(n, t)| extractor.extract(n, n, black_box(t)))
                .collect::<Vec<Extraction>>()
        })
    });
    group.bench_function("end to end, all cores", |b| {
        b.iter(|| {
            docs.par_iter()
                .map(|(n, t)| extractor.extract(n, n, black_box(t)))
                .collect::<Vec<Extraction>>()
        })
    });
    group.bench_function("ingest: all cores + merge in order", |b| {
        b.iter(|| {
            let xs: Vec<Extraction> = docs
                .par_iter()
                .map(|(n, t)| extractor.extract(n, n, black_box(t)))
                .collect();
            let mut g = KnowledgeGraph::new();
            for x in xs {
                g.ingest(x);
            }
            g
        })
    });
    group.finish();

    let xs: Vec<Extraction> = docs
        .iter()
        .map(|(n, t)| extractor.extract(n, n, t))
        .collect();
    let mut group = c.benchmark_group("merge");
    group.throughput(Throughput::Elements(xs.len() as u64));
    group.sample_size(10);
    group.bench_function("graph merge of the extractions", |b| {
        b.iter(|| {
            let mut g = KnowledgeGraph::new();
            for x in &xs {
                g.ingest(black_box(x.clone()));
            }
            g
        })
    });
    group.finish();
}

fn persistence_and_queries(c: &mut Criterion) {
    let relations = if full() { 100_000 } else { 2_000 };
    let g = synthetic_graph(relations, 42);
    let mut group = c.benchmark_group(format!("graph of {relations} relations"));
    group.sample_size(10);
    group.bench_function("save RON", |b| b.iter(|| g.to_ron().unwrap()));
    group.bench_function("save binary", |b| b.iter(|| g.to_binary().unwrap()));
    let ron = g.to_ron().unwrap();
    let bin = g.to_binary().unwrap();
    group.bench_function("load RON", |b| {
        b.iter(|| KnowledgeGraph::from_ron(black_box(&ron), Path::new("g.ron")).unwrap())
    });
    group.bench_function("load binary", |b| {
        b.iter(|| KnowledgeGraph::from_binary(black_box(&bin), Path::new("g.bin")).unwrap())
    });
    for (name, q) in [
        (
            "query: brokers forecasting companies",
            "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name",
        ),
        (
            "query: 2-hop broker forecasts company outperforms company",
            "MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company) \
             RETURN b.name, count(*) AS n ORDER BY n DESC, b.name LIMIT 10",
        ),
    ] {
        group.bench_function(name, |b| b.iter(|| finkg::query::query(&g, q).unwrap()));
    }
    group.finish();
}

fn dot_export(c: &mut Criterion) {
    let schema = Schema::bundled().expect("bundled schema");
    let mut group = c.benchmark_group("DOT export");
    group.sample_size(10);
    let sizes: &[usize] = if full() { &[10_000, 100_000] } else { &[1_000] };
    for &nodes in sizes {
        // About 1.3 entities per relation in the synthetic graph's shape.
        let mut relations = nodes;
        let mut g = synthetic_graph(relations, 7);
        while g.summary().entities < nodes {
            relations = relations * nodes / g.summary().entities.max(1) + 1;
            g = synthetic_graph(relations, 7);
        }
        let n = g.summary().entities;
        let exporter = DotExporter::new(&schema.ontology);
        group.bench_with_input(BenchmarkId::new("nodes", n), &g, |b, g| {
            b.iter(|| exporter.to_bytes(black_box(g)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, extraction, persistence_and_queries, dot_export);
criterion_main!(benches);
