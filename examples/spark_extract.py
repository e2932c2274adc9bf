#!/usr/bin/env python3
"""Extract a corpus on Spark: facts as Parquet, one finkg graph file.

    spark-submit examples/spark_extract.py INPUT --out DIR [options]
    python examples/spark_extract.py INPUT --out DIR --master 'local[2]'

INPUT is a folder of .txt/.md articles (searched recursively, as `finkg
ingest` does), a JSON Lines feed, or Parquet, one article per record
(`--text-column`, and optionally `--id-column` and `--date-column`). Each
partition goes to a Python worker as Arrow batches (`mapInArrow`) and is
extracted by that worker's one finkg `Extractor` (the schema is compiled
once per worker process and reused by every task it runs); the job writes:

    DIR/documents/  id, name, path, title, date, publisher
    DIR/entities/   doc_id, name, kind, aliases, tickers, mentions
    DIR/relations/  doc_id, subject, relation, object, attrs, rule, evidence_id
    DIR/metrics/    doc_id, entity, metric, value, unit, period, rule, evidence_id
    DIR/actions/    doc_id, by, on, analyst, rating, previous_rating, target,
                    previous_target, unit, initiated, rule, evidence_id
    DIR/evidence/   evidence_id, doc_id, start, end, sentence

(Parquet, one row per fact of each document, and for a relation one row
per sentence of the document stating it, so a relation found in three
sentences has three rows with its three rules; `evidence_id` is
`doc_id:start-end`, the sentence's byte span). Each document's extraction
also goes back to the driver (as bytes, with the document's place in the
input), which adds them to one finkg graph file (`--graph`, default
DIR/graph.bin) in the order of the input, as `finkg ingest` adds the files
it lists: the file is the graph `finkg ingest` builds from the same
articles, whatever the partitioning. (Merging the partitions' graphs,
`Graph.merge`, would give the graph of the documents added in the order of
their ids instead: the same facts, but where two documents disagree, a name
both a company and a broker, the first one added decides.)

On a cluster, ship the wheel to the executors (see the README, section
*Extraction on Spark*): the job needs `import finkg` (and pyarrow, which
PySpark's Arrow support uses) to work there.
"""

import argparse
import os
import sys
import time

import finkg

TABLES = ("documents", "entities", "relations", "metrics", "actions", "evidence")


def schemas():
    """The Parquet schemas, one per table."""
    from pyspark.sql.types import (
        ArrayType, BooleanType, DoubleType, LongType, MapType, StringType, StructField, StructType,
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
        "actions": s(("doc_id", text, False), ("by", text, False), ("on", text, False),
                     ("analyst", text, True), ("rating", text, True), ("previous_rating", text, True),
                     ("target", DoubleType(), True), ("previous_target", DoubleType(), True),
                     ("unit", text, True), ("initiated", BooleanType(), False),
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
        attrs = sorted(r["attrs"].items())
        # the first sentence, then every other sentence stating it
        for ev in [r["evidence"], *r.get("support", [])]:
            key = yield from evidence(ev)
            yield "relations", (doc, r["subject"], r["relation"], r["object"], attrs, ev["rule"], key)
    for m in facts["metrics"]:
        key = yield from evidence(m["evidence"])
        yield "metrics", (doc, m["entity"], m["metric"], m["value"], m["unit"], m["period"], m["evidence"]["rule"], key)
    for a in facts["actions"]:
        key = yield from evidence(a["evidence"])
        yield "actions", (doc, a["by"], a["on"], a["analyst"], a["rating"], a["previous_rating"], a["target"],
                          a["previous_target"], a["unit"], a["initiated"], a["evidence"]["rule"], key)


def read_file(file, path):
    """The text of a local file (opened at its absolute path `file`) as
    `finkg ingest` reads it, named by `path` as given (None when skipped)."""
    with open(file, "rb") as f:
        return finkg.decode(f.read(), path)


def document(row):
    """(text, name, path, date) of an input row: a text given, the bytes of
    a file (Spark's binaryFile), or a local file to read."""
    path = row["path"]
    if row["text"] is not None:
        return row["text"], row["name"], path, row["date"]
    if row["data"] is not None:
        local = path[len("file:"):] if path.startswith("file:") else path
        return finkg.decode(bytes(row["data"]), local), os.path.basename(local), local, None
    return read_file(row["file"], path), os.path.basename(path), path, None


def wide_schema():
    """The one DataFrame the extraction writes: the table a row belongs to,
    then a column per table (a row fills one), then a document's place in
    the input and its extraction (the rows of table `extraction`)."""
    from pyspark.sql.types import BinaryType, LongType, StringType, StructField, StructType

    kinds = schemas()
    return StructType(
        [StructField("table", StringType(), False)]
        + [StructField(t, kinds[t], True) for t in TABLES]
        + [StructField("order", LongType(), True), StructField("extraction", BinaryType(), True)]
    )


def extractor_of(schema_dir):
    """mapInArrow's function: each partition's documents (Arrow batches)
    extracted by its worker's one Extractor, out as Arrow batches of the wide
    schema: each document's fact rows and its extraction."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema

    def extract(batches):
        schema = to_arrow_schema(wide_schema())
        names = {f.name: [c.name for c in f.type] for f in schema if f.name in TABLES}
        extractor = finkg.shared_extractor(schema_dir)
        for batch in batches:
            rows = []
            for row in batch.to_pylist():
                text, name, path, date = document(row)
                if text is None:
                    continue
                x = extractor.extraction(text, doc_id=name, date=date, path=path)
                rows.append({"table": "extraction", "order": row["order"], "extraction": x.to_bytes()})
                for table, values in fact_rows(x.to_dict()):
                    rows.append({"table": table, table: dict(zip(names[table], values))})
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    return extract


def local_documents(folder):
    """The .txt and .md files of a local folder as `finkg ingest` finds
    them: searched recursively, sorted, hidden entries skipped."""
    found = []
    for entry in sorted(os.listdir(folder)):
        if entry.startswith("."):
            continue
        path = os.path.join(folder, entry)
        if os.path.isdir(path):
            found.extend(local_documents(path))
        elif entry.lower().endswith((".txt", ".md")):
            found.append(path)
    return found


def in_order(df, partitions):
    """The documents in `partitions` ranges of the input's order, each
    sorted: a partition's extractions come back in order, and the
    partitions one after the other are the whole input in order."""
    return df.repartitionByRange(partitions, "order").sortWithinPartitions("order")


INPUT = "order long, text string, data binary, file string, name string, path string, date string"


def documents(spark, args, partitions):
    """The input as a DataFrame (order, text, data, file, name, path, date)
    in `partitions`: `order` is a document's place in the input.

    A local folder is listed on the driver (paths as given, as `finkg
    ingest` names them) and each worker opens its files at their absolute
    paths (a worker's working directory is not the driver's); a folder elsewhere
    (`hdfs://`, `s3a://`: `--format text`) is read by Spark's binaryFile
    source (slower for many small files); JSON Lines and Parquet give the
    text, and optionally an id and a date, per record."""
    from pyspark.sql import functions as F

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
    null = F.lit(None)
    if kind == "text" and os.path.isdir(args.input):
        paths = local_documents(args.input)
        if not paths:
            raise SystemExit(f"{args.input}: no .txt or .md documents in this folder")
        rows = [(i, None, None, os.path.abspath(p), None, p, None) for i, p in enumerate(paths)]
        return in_order(spark.createDataFrame(rows, INPUT), partitions)
    if kind == "text":
        df = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(args.input)
        )
        df = df.filter(df["path"].rlike(r"(?i)\.(txt|md)$"))
        # In the order of the paths, folder by folder, as finkg ingest lists them.
        df = df.orderBy(F.split("path", "/")).withColumn("order", F.monotonically_increasing_id())
        df = df.select("order", null.cast("string").alias("text"), F.col("content").alias("data"),
                       null.cast("string").alias("file"), null.cast("string").alias("name"), "path",
                       null.cast("string").alias("date"))
        return in_order(df, partitions)
    df = spark.read.json(args.input) if kind == "jsonl" else spark.read.parquet(args.input)
    if args.text_column not in df.columns:
        raise SystemExit(f"{args.input}: no column `{args.text_column}` (--text-column); it has {df.columns}")

    def column(name):
        if name and name in df.columns:
            return F.col(name).cast("string")
        return null.cast("string")

    # Records in the order Spark reads them (one file: its order).
    df = df.withColumn("_order", F.monotonically_increasing_id())
    df = df.select(F.col("_order").alias("order"), column(args.text_column).alias("text"),
                   null.cast("binary").alias("data"),
                   null.cast("string").alias("file"), column(args.id_column).alias("name"),
                   null.cast("string").alias("path"), column(args.date_column).alias("date"))
    return in_order(df, partitions)


def in_input_order(rows):
    """The extractions of (order, bytes) rows, checked to come in order."""
    last = -1
    for order, data in rows:
        if order <= last:
            raise RuntimeError(f"extractions out of the input's order ({order} after {last})")
        last = order
        yield finkg.Extraction.from_bytes(bytes(data))


def run(spark, args):
    """The job; returns (documents, fact rows, seconds, the graph).

    One pass through Python: `mapInArrow` hands each partition's documents
    to a worker as Arrow batches and takes its facts back the same way, as
    rows of one wide DataFrame cached by Spark; each table is then selected
    from the cache and written by the JVM alone.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.perf_counter()
    partitions = args.partitions or 4 * spark.sparkContext.defaultParallelism
    docs = documents(spark, args, partitions)
    out = docs.mapInArrow(extractor_of(args.schema), wide_schema())
    out = out.persist(StorageLevel.MEMORY_AND_DISK)
    for table in TABLES:
        (out.where(F.col("table") == table).select(f"{table}.*")
         .write.mode("overwrite").parquet(os.path.join(args.out, table)))
    counts = {r["table"]: r["count"] for r in out.groupBy("table").count().collect()}
    facts = sum(n for t, n in counts.items() if t != "extraction")
    # The extractions reach the driver a partition at a time, the
    # partitions in turn (ranges of the input's order), and are added in
    # that order.
    rows = out.where(F.col("table") == "extraction").select("order", "extraction")
    graph = finkg.Graph(finkg.shared_extractor(args.schema))
    graph.add(in_input_order(rows.toLocalIterator(prefetchPartitions=True)))
    path = args.graph or os.path.join(args.out, "graph.bin")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    graph.save(path)
    out.unpersist()
    return counts.get("documents", 0), facts, time.perf_counter() - started, graph


def parse_args(argv=None):
    """The job's options (see the module's help)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a folder of .txt/.md files, a JSON Lines file or folder, or Parquet")
    p.add_argument("--out", required=True, help="folder for the Parquet tables (and graph.bin)")
    p.add_argument("--graph", help="the graph file, written by the driver (default OUT/graph.bin; .ron for RON)")
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
