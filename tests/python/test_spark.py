"""examples/spark_extract.py on a local Spark (local[2]): the merged graph is
the graph of `finkg ingest` on the same files (entities, relations, metrics,
evidence and documents), and the Parquet tables hold every fact.

Needs pyspark (and Java 17) and ../shared/dev/docs; under CI both are
required, elsewhere the test is skipped without them. The throughput of the
run and of `finkg ingest` on the same files goes to
target/ci-artifacts/spark-throughput.txt.
"""

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import finkg
from conftest import ROOT, run_finkg

DEV = ROOT.parent / "shared" / "dev" / "docs"
COPIES = 84  # 36 dev articles x 84 = 3,024 documents


def need(ok, what):
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing: .ci/run installs it")
        pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def spark_ready():
    need(importlib.util.find_spec("pyspark") is not None, "pyspark")
    need(DEV.is_dir(), f"{DEV}")


def corpus(folder, copies):
    """The dev articles, `copies` times: each copy ends in a different run of
    spaces, so each is its own document (content hash) with the same facts."""
    sources = sorted(DEV.glob("*.txt"))
    assert len(sources) >= 30
    for k in range(copies):
        d = folder / f"copy{k:03d}"
        d.mkdir(parents=True)
        for p in sources:
            (d / p.name).write_bytes(p.read_bytes() + b"\n" + b" " * k)
    return len(sources) * copies


def facts(graph):
    """Entities, relations and metrics of a graph, with all they carry."""
    d = graph.to_dict()
    return {k: d[k] for k in ("entities", "relations", "metrics")}


def read_table(out, name):
    import pyarrow.parquet as pq

    return pq.read_table(out / name).to_pylist()


def check_tables(out, graph):
    """The Parquet tables against the merged graph."""
    docs = read_table(out, "documents")
    assert sorted(d["id"] for d in docs) == sorted(d["id"] for d in graph.documents())
    rels = read_table(out, "relations")
    evidence = {e["evidence_id"]: e for e in read_table(out, "evidence")}
    names = {e["id"]: e["name"] for e in graph.to_dict()["entities"]}
    want = {}
    for r in graph.to_dict()["relations"]:
        for ev in r["evidence"]:
            want.setdefault((names[r["subject"]], r["relation"], names[r["object"]]), set()).add((ev["doc"], ev["start"], ev["sentence"]))
    got = {}
    for r in rels:
        ev = evidence[r["evidence_id"]]
        assert ev["doc_id"] == r["doc_id"]
        got.setdefault((r["subject"], r["relation"], r["object"]), set()).add((r["doc_id"], ev["start"], ev["sentence"]))
    # An action is evidence of the rates edge (a rating) or the forecasts
    # edge (a target) of its broker and company.
    actions = read_table(out, "actions")
    for a in actions:
        ev = evidence[a["evidence_id"]]
        assert ev["doc_id"] == a["doc_id"]
        for relation, given in (("rates", a["rating"]), ("forecasts", a["target"])):
            if given is not None:
                got.setdefault((a["by"], relation, a["on"]), set()).add((a["doc_id"], ev["start"], ev["sentence"]))
    assert got == want
    metrics = read_table(out, "metrics")
    assert len(metrics) == sum(len(m["evidence"]) for m in graph.to_dict()["metrics"])
    assert all(m["evidence_id"] in evidence for m in metrics)
    entities = read_table(out, "entities")
    assert {(e["doc_id"], e["kind"]) for e in entities} <= {(d["id"], k) for d in docs for k in graph.summary()["entities_by_kind"]}
    return len(docs) + len(rels) + len(metrics) + len(actions) + len(entities) + len(evidence)


def test_a_folder_on_local_spark_gives_the_graph_of_finkg_ingest(spark_ready, finkg_bin, tmp_path):
    n = corpus(tmp_path / "corpus", COPIES)
    started = time.perf_counter()
    run_finkg(finkg_bin, "ingest", "corpus", "--graph", "cli.ron", cwd=tmp_path)
    ingest_seconds = time.perf_counter() - started
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples/spark_extract.py"), "corpus", "--out", "out", "--master", "local[2]"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    line = out.stdout.splitlines()[0]
    assert line.startswith(f"{n} documents, "), out.stdout
    spark_rate = float(line.split("(")[1].split()[0])

    cli = finkg.Graph.open(tmp_path / "cli.ron")
    merged = finkg.Graph.open(tmp_path / "out/graph.bin")
    assert len(merged) == len(cli) == n
    assert facts(merged) == facts(cli)
    summary = merged.summary()
    assert summary["relations"] > 100 and summary["metrics"] > 100
    # The documents too: the folder is listed as finkg ingest lists it, the
    # paths as given; so the whole graph is the same.
    assert merged.to_dict() == cli.to_dict()
    rows = check_tables(tmp_path / "out", merged)
    assert rows > n * 10

    artifacts = ROOT / "target/ci-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "spark-throughput.txt").write_text(
        f"{n} documents ({COPIES} copies of {DEV.name}), {os.cpu_count()} cores\n"
        f"spark local[2] (examples/spark_extract.py, job without session start-up): {spark_rate:.1f} documents/s\n"
        f"finkg ingest (one process, {os.cpu_count()} threads): {n / ingest_seconds:.1f} documents/s ({ingest_seconds:.1f} s)\n"
    )


@pytest.fixture(scope="module")
def spark(spark_ready):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    s = (SparkSession.builder.master("local[2]").appName("finkg-test")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def job():
    spec = importlib.util.spec_from_file_location("spark_extract", ROOT / "examples/spark_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_a_feed_or_parquet_gives_the_graph_of_its_texts(spark, tmp_path, kind):
    articles = [
        {"id": p.stem, "date": f"2026-01-{i % 28 + 1:02d}", "text": p.read_text(encoding="utf-8"), "source": "dev"}
        for i, p in enumerate(sorted(DEV.glob("*.txt")))
    ]
    if kind == "jsonl":
        path = tmp_path / "feed.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = tmp_path / "articles.parquet"
        pq.write_table(pa.Table.from_pylist(articles), path)
    m = job()
    args = m.parse_args([str(path), "--out", str(tmp_path / "out"), "--partitions", "3"])
    docs, rows, seconds, merged = m.run(spark, args)
    assert docs == len(articles)
    want = finkg.Graph()
    want.ingest([{"text": a["text"], "doc_id": a["id"], "date": a["date"]} for a in articles])
    got = finkg.Graph.open(tmp_path / "out/graph.bin")
    assert got.to_dict() == want.to_dict()
    assert merged.to_dict() == want.to_dict()
    check_tables(tmp_path / "out", got)
    dated = {d["name"]: d["date"] for d in got.documents()}
    assert dated[articles[3]["id"]] == articles[3]["date"]


def test_a_missing_text_column_is_named(spark, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"body": "Nomura rates Alibaba buy."}\n', encoding="utf-8")
    m = job()
    args = m.parse_args([str(path), "--out", str(tmp_path / "out"), "--format", "jsonl"])
    with pytest.raises(SystemExit, match="no column `text`"):
        m.run(spark, args)


def test_a_relative_folder_is_read_whatever_the_workers_directory(spark, finkg_bin, tmp_path, monkeypatch):
    # The session (and its Python workers) started in another directory: the
    # driver lists `docs/` relative to its own, the workers open the files at
    # their absolute paths, and the documents keep the paths as given.
    corpus(tmp_path / "docs", 1)
    monkeypatch.chdir(tmp_path)
    assert Path(os.getcwd()) != Path(spark.sparkContext._jvm.java.lang.System.getProperty("user.dir"))
    m = job()
    docs, rows, seconds, merged = m.run(spark, m.parse_args(["docs", "--out", str(tmp_path / "out"), "--partitions", "3"]))
    run_finkg(finkg_bin, "ingest", "docs", "--graph", "cli.ron", cwd=tmp_path)
    cli = finkg.Graph.open(tmp_path / "cli.ron")
    assert docs == len(cli) > 30
    assert merged.to_dict() == cli.to_dict()
    assert all(d["path"].startswith("docs/") for d in merged.documents())


def test_a_folder_by_url_is_read_by_binaryfile_in_the_order_of_its_paths(spark, finkg_bin, tmp_path):
    # A folder given as a URL (as on HDFS or S3) goes through Spark's
    # binaryFile source; its documents are added in the order finkg ingest
    # lists them, so the graph is finkg ingest's of the same (absolute) folder.
    corpus(tmp_path / "docs", 2)
    m = job()
    args = m.parse_args([f"file://{tmp_path}/docs", "--format", "text", "--out", str(tmp_path / "out"),
                         "--partitions", "3"])
    docs, rows, seconds, merged = m.run(spark, args)
    run_finkg(finkg_bin, "ingest", str(tmp_path / "docs"), "--graph", "cli.ron", cwd=tmp_path)
    cli = finkg.Graph.open(tmp_path / "cli.ron")
    assert docs == len(cli) > 60
    assert merged.to_dict() == cli.to_dict()
    check_tables(tmp_path / "out", merged)
