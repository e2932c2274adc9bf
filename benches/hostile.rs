//! Criterion benchmark of the worst hostile text of issue 18 (`finkg::bench::hostile`):
//! 100,000 numbers in one sentence after a company's name, the input whose
//! extraction takes longest per byte. Run at 1× and 2× its size so that a change
//! that makes it grow faster than linearly shows in the throughput.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use finkg::bench::hostile::TABLE;
use finkg::{Extractor, Schema};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let extractor = Extractor::new(Schema::bundled().expect("bundled schema"));
    let worst = TABLE
        .iter()
        .find(|h| h.name == "100,000 numbers")
        .expect("the numbers input is in the table");
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for k in [1, 2] {
        let text = (worst.build)(worst.items * k / 4);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{} x{k}/4", worst.name), |b| {
            b.iter(|| extractor.extract("hostile.txt", "", black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
