#!/usr/bin/env python3
"""Spark local[2] next to `finkg ingest` on the same files, into BENCHMARKS.md.

    nice -n 19 target/python-venv/bin/python bench/spark_bench.py [--copies 84] [--scale 4] [--runs 3]

Needs the Python package (`pip install ./python pyspark`), Java 17 and a
release build of finkg (`cargo build --release`), and ../shared/dev/docs.
The corpus is the dev articles, each copied `--copies` times with a
different run of trailing spaces (each copy its own document, the same
facts), as tests/python/test_spark.py builds it, and a second one
`--scale` times larger: the difference gives each side's rate per added
document with its fixed costs (start-up, warm-up) left out. Each side runs
`--runs` times; the medians go to bench/spark.md, which this script also puts into
BENCHMARKS.md (between its markers) and bench/report.py carries over when
bench/compare.sh rewrites the file.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- spark: begin (bench/spark_bench.py) -->"
END = "<!-- spark: end -->"


def corpus(folder, copies):
    sources = sorted((ROOT.parent / "shared/dev/docs").glob("*.txt"))
    if not sources:
        sys.exit("no ../shared/dev/docs/*.txt")
    shutil.rmtree(folder, ignore_errors=True)
    for k in range(copies):
        d = folder / f"copy{k:03d}"
        d.mkdir(parents=True)
        for p in sources:
            (d / p.name).write_bytes(p.read_bytes() + b"\n" + b" " * k)
    return len(sources), len(sources) * copies, sum(f.stat().st_size for f in folder.rglob("*.txt"))


def wall(cmd, cwd):
    started = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{out.stderr[-3000:]}")
    return time.perf_counter() - started, out.stdout


def ingest_seconds(finkg, work, folder, jobs, runs):
    """Median wall time of `finkg ingest FOLDER` into a fresh graph file."""
    times = []
    for _ in range(runs):
        graph = work / "ingest.bin"
        graph.unlink(missing_ok=True)
        cmd = [finkg, "ingest", folder, "--graph", graph] + (["--jobs", str(jobs)] if jobs else [])
        times.append(wall(cmd, work)[0])
    return statistics.median(times)


def spark_seconds(work, folder, docs, runs):
    """Medians of the Spark job's own time (its first line) and of the
    whole process's wall time."""
    job, process = [], []
    for _ in range(runs):
        shutil.rmtree(work / "out", ignore_errors=True)
        seconds, stdout = wall(
            [sys.executable, ROOT / "examples/spark_extract.py", folder, "--out", "out", "--master", "local[2]"],
            work,
        )
        m = re.match(r"(\d+) documents, \d+ fact rows in ([\d.]+) s", stdout)
        if not m or int(m.group(1)) != docs:
            sys.exit(f"unexpected output of the Spark job: {stdout}")
        job.append(float(m.group(2)))
        process.append(seconds)
    return statistics.median(job), statistics.median(process)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=84, help="copies of the dev articles (the CI test's 84)")
    ap.add_argument("--scale", type=int, default=4, help="the second, larger corpus: this many times --copies")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    finkg = ROOT / "target/release/finkg"
    if not finkg.is_file():
        sys.exit("build finkg first: cargo build --release")
    work = ROOT / "target/spark-bench"
    articles, docs, size = corpus(work / "corpus", args.copies)
    _, big_docs, big_size = corpus(work / "big", args.copies * args.scale)
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])

    ingest2 = ingest_seconds(finkg, work, "corpus", None, args.runs)
    ingest1 = ingest_seconds(finkg, work, "corpus", 1, args.runs)
    spark_job, spark_wall = spark_seconds(work, "corpus", docs, args.runs)
    big_ingest = ingest_seconds(finkg, work, "big", None, args.runs)
    big_job, big_wall = spark_seconds(work, "big", big_docs, args.runs)
    load_after = " ".join(open("/proc/loadavg").read().split()[:3])
    import pyspark

    # The rate of each added document, fixed costs (start-up, the first
    # job's warm-up, a task's set-up) excluded, and those fixed costs.
    added = big_docs - docs
    spark_marginal = added / (big_job - spark_job)
    ingest_marginal = added / (big_ingest - ingest2)
    spark_fixed = spark_job - docs / spark_marginal
    ingest_fixed = ingest2 - docs / ingest_marginal
    cores = os.cpu_count()
    lines = [
        BEGIN,
        "## Extraction on Spark next to `finkg ingest`",
        "",
        f"Written by `bench/spark_bench.py` ({time.strftime('%Y-%m-%d', time.gmtime())}; {cores} cores; "
        f"pyspark {pyspark.__version__}, Java 17; load average before {load_before}, after {load_after}; "
        f"both sides at niceness {os.nice(0)}). "
        f"The same {docs:,} documents ({args.copies} copies of the {articles} dev articles, "
        f"{size / 1e6:.1f} MB; what the CI test extracts) and then {big_docs:,} "
        f"({args.copies * args.scale} copies, {big_size / 1e6:.1f} MB): `examples/spark_extract.py` on "
        "`local[2]` (extraction in Python workers through the `finkg` package, the facts written as "
        "six Parquet tables, each document's extraction sent to the driver and added to one graph "
        "file in the input's order) and `finkg ingest` into one graph file (the same graph). "
        f"Medians of {args.runs} runs.",
        "",
        "| measure | Spark `local[2]` | `finkg ingest`, one process | `finkg ingest` faster by |",
        "| --- | --- | --- | --- |",
        f"| documents/s on {docs:,} documents, the job (Spark: from reading to the graph file, session "
        f"start-up excluded) | {docs / spark_job:.1f} | {docs / ingest2:.1f} ({cores} threads), "
        f"{docs / ingest1:.1f} (1 thread) | {spark_job / ingest2:.1f}× |",
        f"| documents/s on {docs:,} documents, the whole process (Spark: JVM and session start-up "
        f"included) | {docs / spark_wall:.1f} | {docs / ingest2:.1f} | {spark_wall / ingest2:.1f}× |",
        f"| seconds for {docs:,} documents | {spark_job:.1f} (job), {spark_wall:.1f} (process) "
        f"| {ingest2:.1f} | |",
        f"| seconds for {big_docs:,} documents | {big_job:.1f} (job), {big_wall:.1f} (process) "
        f"| {big_ingest:.1f} | {big_job / big_ingest:.1f}× (job) |",
        f"| documents/s of each added document ({docs:,} → {big_docs:,}: fixed costs excluded) "
        f"| {spark_marginal:.1f} | {ingest_marginal:.1f} | {ingest_marginal / spark_marginal:.1f}× |",
        f"| fixed cost of a run, s (its time less the added documents' rate times its documents) "
        f"| {spark_fixed:.1f} (job), {spark_fixed + spark_wall - spark_job:.1f} (process) "
        f"| {ingest_fixed:.1f} | |",
        "",
        "On one machine Spark only adds work: the JVM and the first job's warm-up, rows crossing from "
        "the JVM to Python workers and back as Arrow batches, every fact made a row of a Parquet "
        "table, and the extractions carried to the driver, which builds the graph alone. The "
        "extraction in the workers is "
        "the same code as `finkg ingest`'s. What Spark buys is the cluster: the job runs unchanged "
        "on as many executors as there are.",
        END,
    ]
    section = "\n".join(lines) + "\n"
    (ROOT / "bench/spark.md").write_text(section, encoding="utf-8")
    bench = ROOT / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8")
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        marker = "\n## Where the targets are missed"
        i = text.index(marker) if marker in text else len(text)
        text = text[:i].rstrip("\n") + "\n\n" + section + text[i:]
    bench.write_text(text, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
