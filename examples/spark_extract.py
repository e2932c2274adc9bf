#!/usr/bin/env python3
"""Extract a corpus on Spark: facts as Parquet, one finkg graph file.

    spark-submit examples/spark_extract.py INPUT --out DIR [options]
    python examples/spark_extract.py INPUT --out DIR --master 'local[2]'

INPUT is a folder of .txt/.md articles (searched recursively), a JSON Lines
feed, or Parquet, one article per record (`--text-column`, and optionally
`--id-column` and `--date-column`). Each partition is extracted by the
finkg `Extractor` of its Python worker (the schema is compiled once per
worker process and reused by every task it runs), which writes:

    DIR/documents/  id, name, path, title, date, publisher
    DIR/entities/   doc_id, name, kind, aliases, tickers, mentions
    DIR/relations/  doc_id, subject, relation, object, attrs, rule, evidence_id
    DIR/metrics/    doc_id, entity, metric, value, unit, period, rule, evidence_id
    DIR/evidence/   evidence_id, doc_id, start, end, sentence

(Parquet, one row per fact of each document; `evidence_id` is
`doc_id:start-end`, the sentence's byte span), and merges the partitions'
graphs into one finkg graph file (`--graph`, default DIR/graph.bin). Merging
is commutative and associative, so the partitions merge in groups on the
executors, then once on the driver, and the file is the same whatever the
partitioning: the graph `finkg ingest` builds from the same articles.

On a cluster, ship the wheel to the executors (see the README, section
*Extraction on Spark*): the job only needs `import finkg` to work there.
"""

import argparse
import math
import os
import sys
import time

import finkg

TABLES = ("documents", "entities", "relations", "metrics", "evidence")


def schemas():
    """The Parquet schemas, one per table."""
    from pyspark.sql.types import (
        ArrayType, DoubleType, LongType, MapType, StringType, StructField, StructType,
    )

    def s(*fields):
        return StructType([StructField(n, t, nullable) for n, t, nullable in fields])

    text = StringType()
    return {
        "documents": s(("id", text, False), ("name", text, False), ("path", text, False),
                       ("title", text, False), ("date", text, True), ("publisher", text, True)),
        "entities": s(("doc_id", text, False), ("name", text, False), ("kind", text, False),
                      ("aliases", ArrayType(text, False), False), ("tickers", ArrayType(text, False), False),
                      ("mentions", LongType(), False)),
        "relations": s(("doc_id", text, False), ("subject", text, False), ("relation", text, False),
                       ("object", text, False), ("attrs", MapType(text, text, False), False),
                       ("rule", text, False), ("evidence_id", text, False)),
        "metrics": s(("doc_id", text, False), ("entity", text, False), ("metric", text, False),
                     ("value", DoubleType(), False), ("unit", text, False), ("period", text, True),
                     ("rule", text, False), ("evidence_id", text, False)),
        "evidence": s(("evidence_id", text, False), ("doc_id", text, False), ("start", LongType(), False),
                      ("end", LongType(), False), ("sentence", text, False)),
    }


def fact_rows(facts):
    """The rows of one document's facts, as (table, tuple) pairs."""
    d = facts["doc"]
    doc = d["id"]
    yield "documents", (doc, d["name"], d["path"], d["title"], d["date"], d["publisher"])
    for e in facts["entities"]:
        yield "entities", (doc, e["name"], e["kind"], e["aliases"], e["tickers"], e["mentions"])
    seen = set()

    def evidence(ev):
        key = f"{doc}:{ev['start']}-{ev['end']}"
        if key not in seen:
            seen.add(key)
            yield "evidence", (key, doc, ev["start"], ev["end"], ev["sentence"])
        return key

    for r in facts["relations"]:
        key = yield from evidence(r["evidence"])
        yield "relations", (doc, r["subject"], r["relation"], r["object"], r["attrs"], r["evidence"]["rule"], key)
    for m in facts["metrics"]:
        key = yield from evidence(m["evidence"])
        yield "metrics", (doc, m["entity"], m["metric"], m["value"], m["unit"], m["period"], m["evidence"]["rule"], key)


def extract_partition(records, schema_dir):
    """Extract one partition: fact rows, then ("graph", bytes) of its graph."""
    extractor = finkg.shared_extractor(schema_dir)
    graph = finkg.Graph(extractor)
    for text, name, path, date in records:
        if text is None:
            continue
        x = extractor.extraction(text, doc_id=name, date=date, path=path)
        graph.add(x)
        yield from fact_rows(x.to_dict())
    yield "graph", graph.to_bytes()


def merge_graphs(snapshots, schema_dir=None):
    """One graph of many snapshots, in one merge."""
    graphs = [finkg.Graph.from_bytes(b) for b in snapshots]
    merged = finkg.Graph(finkg.shared_extractor(schema_dir))
    merged.merge(graphs)
    return merged


def decode_file(path, content):
    """A file's text as `finkg ingest` reads it (None when skipped)."""
    local = path[len("file:"):] if path.startswith("file:") else path
    text = finkg.decode(bytes(content), local)
    return text, os.path.basename(local), local


def records(spark, args):
    """An RDD of (text, name, path, date) from the input."""
    kind = args.format
    if kind == "auto":
        if os.path.isdir(args.input) and not any(
            f.endswith(".parquet") for f in os.listdir(args.input)
        ):
            kind = "text"
        elif args.input.endswith((".jsonl", ".json", ".ndjson")):
            kind = "jsonl"
        else:
            kind = "parquet"
    if kind == "text":
        df = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(args.input)
            .select("path", "content")
        )
        df = df.filter(df["path"].rlike(r"(?i)\.(txt|md)$"))

        def from_file(row):
            text, name, path = decode_file(row["path"], row["content"])
            return text, name, path, None

        return df.rdd.map(from_file)
    df = spark.read.json(args.input) if kind == "jsonl" else spark.read.parquet(args.input)
    if args.text_column not in df.columns:
        raise SystemExit(f"{args.input}: no column `{args.text_column}` (--text-column); it has {df.columns}")
    cols = [args.text_column]
    for c in (args.id_column, args.date_column):
        cols.append(c if c and c in df.columns else None)
    text_col, id_col, date_col = cols

    def from_row(row):
        name = str(row[id_col]) if id_col and row[id_col] is not None else None
        date = str(row[date_col]) if date_col and row[date_col] is not None else None
        return row[text_col], name, None, date

    return df.select(*[c for c in cols if c]).rdd.map(from_row)


def run(spark, args):
    """The job; returns (documents, facts rows, seconds)."""
    started = time.perf_counter()
    docs = records(spark, args)
    partitions = args.partitions or 4 * spark.sparkContext.defaultParallelism
    schema_dir = args.schema
    out = docs.repartition(partitions).mapPartitions(lambda rs: extract_partition(rs, schema_dir))
    from pyspark import StorageLevel

    out = out.persist(StorageLevel.MEMORY_AND_DISK)
    kinds = schemas()
    for table in TABLES:
        part = out.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1])
        df = spark.createDataFrame(part, kinds[table])
        df.write.mode("overwrite").parquet(os.path.join(args.out, table))
    counts = out.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
    rows = sum(n for t, n in counts.items() if t != "graph")
    # Merge the partitions' graphs: in about sqrt(P) groups on the executors,
    # then the groups on the driver (any grouping gives the same graph).
    snapshots = out.filter(lambda r: r[0] == "graph").map(lambda r: r[1])
    groups = max(1, int(math.sqrt(partitions)))
    partial = snapshots.coalesce(groups).mapPartitions(
        lambda bs: [merge_graphs(list(bs), schema_dir).to_bytes()]
    )
    graph = merge_graphs(partial.collect(), schema_dir)
    graph.save(args.graph or os.path.join(args.out, "graph.bin"))
    out.unpersist()
    return counts.get("documents", 0), rows, time.perf_counter() - started, graph


def parse_args(argv=None):
    """The job's options (see the module's help)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a folder of .txt/.md files, a JSON Lines file or folder, or Parquet")
    p.add_argument("--out", required=True, help="folder for the Parquet tables (and graph.bin)")
    p.add_argument("--graph", help="the merged graph file, written by the driver (default OUT/graph.bin; .ron for RON)")
    p.add_argument("--format", choices=["auto", "text", "jsonl", "parquet"], default="auto")
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="id", help="names the documents (default: their content hash)")
    p.add_argument("--date-column", default="date")
    p.add_argument("--schema", help="a schema folder like graph-schema/, readable on every executor")
    p.add_argument("--partitions", type=int, help="extraction tasks (default 4 per core)")
    p.add_argument("--master", help="Spark master when run with python, e.g. local[2] (spark-submit sets it)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if "://" in args.out and not args.graph:
        raise SystemExit("--out is not a local folder: say where the driver writes the graph with --graph FILE")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("finkg-extract")
    if args.master:
        builder = builder.master(args.master)
        # Local workers run this Python, where finkg is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        docs, rows, seconds, graph = run(spark, args)
    finally:
        spark.stop()
    print(f"{docs} documents, {rows} fact rows in {seconds:.1f} s ({docs / seconds:.1f} documents/s)")
    print(graph)


if __name__ == "__main__":
    main()
