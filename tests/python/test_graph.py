"""finkg.Graph: the same graph, answers and exports as the command line."""

import json
import pathlib
import warnings

import pytest

import finkg
from conftest import ROOT, run_finkg

FORECASTS = "MATCH (b:broker)-[r:forecasts]->(c:company) RETURN b.name AS broker, c.name AS company, r.evidence AS evidence ORDER BY broker, company"


def test_ingest_and_save_give_the_graph_file_of_finkg_ingest(finkg_bin, work):
    run_finkg(finkg_bin, "ingest", "seeds", "--graph", "cli.ron")
    g = finkg.Graph.open("py.ron")
    assert g.path == pathlib.Path("py.ron")
    assert len(g) == 0 and not pathlib.Path("py.ron").exists()
    stats = g.ingest("seeds")
    assert stats["documents_added"] == 5 and stats["documents_already_present"] == 0
    assert stats["relations_added"] > 50 and stats["metrics_added"] > 20
    g.save()
    assert pathlib.Path("py.ron").read_bytes() == pathlib.Path("cli.ron").read_bytes()
    # Again: nothing changes.
    again = g.ingest(pathlib.Path("seeds"))
    assert again["documents_added"] == 0 and again["documents_already_present"] == 5
    g.save()
    assert pathlib.Path("py.ron").read_bytes() == pathlib.Path("cli.ron").read_bytes()
    # Opened again, and as a binary snapshot.
    h = finkg.Graph.open("cli.ron")
    assert h.summary() == g.summary()
    h.save("snap.bin")
    assert finkg.Graph.open("snap.bin").to_dict() == g.to_dict()
    assert finkg.Graph.from_bytes(g.to_bytes()).to_dict() == g.to_dict()


def test_texts_dicts_and_paths_mix(work):
    g = finkg.Graph()
    text = "Goldman Sachs expects Tencent to grow revenue by 12% in 2026."
    stats = g.ingest([
        pathlib.Path("seeds/000_citic-internet-2026-outlook.txt"),
        text,
        {"text": "Nomura rates Alibaba buy.", "doc_id": "nomura-1", "date": "2026-02-01", "path": "feed.jsonl"},
    ])
    assert stats["documents_added"] == 3
    docs = {d["name"]: d for d in g.documents()}
    assert set(docs) == {"000_citic-internet-2026-outlook.txt", finkg.Extractor().extraction(text).doc_id, "nomura-1"}
    assert docs["nomura-1"]["date"] == "2026-02-01" and docs["nomura-1"]["path"] == "feed.jsonl"
    assert docs["000_citic-internet-2026-outlook.txt"]["path"] == "seeds/000_citic-internet-2026-outlook.txt"
    with pytest.raises(finkg.GraphError, match="has no file"):
        g.save()
    with pytest.raises(TypeError, match="cannot ingest a int"):
        g.ingest([1])


def test_read_errors_leave_the_graph_unchanged_and_warnings_name_files(work):
    g = finkg.Graph()
    g.ingest("seeds/001_citic-tech-2025h2.txt")
    before = g.to_dict()
    with pytest.raises(finkg.InputError, match=r"^missing\.txt: No such file"):
        g.ingest([pathlib.Path("seeds/000_citic-internet-2026-outlook.txt"), pathlib.Path("missing.txt")])
    assert g.to_dict() == before
    pathlib.Path("empty").mkdir()
    with pytest.raises(finkg.InputError, match="no .txt or .md documents in this folder"):
        g.ingest(pathlib.Path("empty"))
    pathlib.Path("bad.txt").write_bytes(b"Alibaba \xff rose 3%.\n")
    pathlib.Path("blob.txt").write_bytes(b"\x00\x00")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        stats = g.ingest(["bad.txt", "blob.txt"])
    assert stats["documents_added"] == 1 and stats["documents_skipped"] == 1
    assert [str(x.message).split(":")[0] for x in w] == ["bad.txt", "blob.txt"]


def test_queries_answer_as_finkg_query(finkg_bin, work):
    run_finkg(finkg_bin, "ingest", "seeds")
    g = finkg.Graph.open("finkg-graph.ron")
    for cypher, params in [
        (FORECASTS, {}),
        ("MATCH (c {name: $name})<-[:forecasts]-(b:broker) RETURN b, c.name ORDER BY b.name", {"name": "Alibaba"}),
        ("MATCH (x)-[r:has_metric]->(m:metric) WHERE m.value > $v RETURN x.name, m.label, m.value, m.unit, r ORDER BY m.value DESC LIMIT 5", {"v": 10}),
        ("MATCH (c:company) WHERE c.name IN $names RETURN c.name, c.tickers ORDER BY c.name", {"names": ["Alibaba", "Tencent"]}),
        ("UNWIND [1, 2.5, null, true, 'x'] AS v RETURN v", {}),
    ]:
        args = ["query", cypher, "--format", "json"]
        for k, v in params.items():
            args += ["--param", f"{k}={json.dumps(v)}"]
        want = json.loads(run_finkg(finkg_bin, *args))
        got = g.query(cypher, params)
        assert got == want, cypher
    assert len(g.query(FORECASTS)) >= 5


def test_query_df_is_a_data_frame_with_the_columns():
    pandas = pytest.importorskip("pandas")
    g = finkg.Graph()
    g.ingest(ROOT / "seeds")
    df = g.query_df(FORECASTS)
    assert isinstance(df, pandas.DataFrame)
    assert list(df.columns) == ["broker", "company", "evidence"]
    assert df.to_dict("records") == g.query(FORECASTS)
    empty = g.query_df("MATCH (c:company {name: 'Nobody'}) RETURN c.name AS name, c.kind AS kind")
    assert list(empty.columns) == ["name", "kind"] and len(empty) == 0


def test_ask_answers_as_finkg_ask(finkg_bin, work):
    run_finkg(finkg_bin, "ingest", "seeds")
    g = finkg.Graph.open("finkg-graph.ron")
    for q, entity in [("forecasts", None), ("who-forecasts", "Alibaba"), ("metrics", "Alibaba"),
                      ("outperforms", "Hang Seng Tech Index"), ("invests", None), ("ratings", "Alibaba")]:
        args = ["ask", q] + ([entity] if entity else []) + ["--format", "json"]
        want = json.loads(run_finkg(finkg_bin, *args))
        assert g.ask(q, entity) == want, (q, entity)
    assert g.ask("who_forecasts", "BABA") == g.ask("who-forecasts", "Alibaba")
    assert "$id" in finkg.Graph.question_cypher("metrics", "Alibaba")


def test_errors_carry_finkg_messages(work):
    g = finkg.Graph()
    g.ingest("seeds")
    with pytest.raises(finkg.QueryError) as e:
        g.query("MATCH (n RETURN n")
    assert str(e.value) == "syntax error at line 1, column 10: expected `)` to end the node pattern, found `RETURN`"
    with pytest.raises(finkg.QueryError, match="x"):
        g.query("RETURN $x")
    with pytest.raises(TypeError, match="parameter `p`"):
        g.query("RETURN $p", {"p": object()})
    with pytest.raises(finkg.GraphError, match="no entity named `Nobody` in the graph"):
        g.ask("metrics", "Nobody")
    with pytest.raises(ValueError, match="unknown question `why`"):
        g.ask("why")
    with pytest.raises(ValueError, match="needs an entity"):
        g.ask("metrics")
    pathlib.Path("broken.ron").write_text("(format: 2, documents: [\n  (id: \"x\" name: \"y\")])\n")
    with pytest.raises(finkg.GraphError, match=r"^broken\.ron:2:12: "):
        finkg.Graph.open("broken.ron")


def test_merge_keeps_every_document_whatever_the_order(work):
    seeds = sorted(pathlib.Path("seeds").glob("*.txt"))
    whole = finkg.Graph()
    whole.ingest(seeds)
    parts = []
    for chunk in (seeds[:2], seeds[2:3], seeds[3:]):
        p = finkg.Graph()
        p.ingest(chunk)
        parts.append(p)
    a, b, c = parts

    def merged(*graphs):
        m = finkg.Graph()
        for x in graphs:
            m.merge(x)
        return m.to_dict()

    want = whole.to_dict()
    assert merged(a, b, c) == want
    assert merged(c, a, b) == want
    bc = finkg.Graph()
    bc.merge([b, c])
    assert merged(a, bc) == want
    stats = a.merge([b, c, a, b])
    assert stats == {"documents_added": 3, "documents_shared": 1}  # b twice
    assert a.to_dict() == want
    # A graph read from JSON cannot be replayed.
    with pytest.raises(TypeError):
        a.merge(3)


def test_remove_gives_the_graph_of_the_others(work):
    g = finkg.Graph()
    g.ingest("seeds")
    others = finkg.Graph()
    others.ingest(sorted(pathlib.Path("seeds").glob("*.txt"))[1:])
    assert g.remove("000_citic-internet-2026-outlook.txt")
    assert not g.remove("000_citic-internet-2026-outlook.txt")
    assert g.to_dict() == others.to_dict()


def test_to_networkx_matches_the_graphml_export(finkg_bin, work):
    nx = pytest.importorskip("networkx")
    run_finkg(finkg_bin, "ingest", "seeds")
    run_finkg(finkg_bin, "export", "--format", "graphml", "--out", "g.graphml")
    g = finkg.Graph.open("finkg-graph.ron").to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    read = nx.read_graphml("g.graphml", force_multigraph=True)
    assert set(g.nodes) == set(read.nodes)
    lists = ("aliases", "tickers", "documents", "evidence")
    for n, attrs in read.nodes(data=True):
        want = {k: json.loads(v) if k in lists else v for k, v in attrs.items()}
        assert g.nodes[n] == want, n
    def edges(graph, decode):
        out = {}
        for s, t, attrs in graph.edges(data=True):
            attrs = {k: json.loads(v) if decode and k in lists else v for k, v in attrs.items()}
            out.setdefault((s, t, attrs["relation"]), []).append(attrs)
        return out
    assert edges(g, False) == edges(read, True)
    assert g.number_of_edges() > 100


def test_exports_are_those_of_finkg_export(finkg_bin, work):
    run_finkg(finkg_bin, "ingest", "seeds")
    g = finkg.Graph.open("finkg-graph.ron")
    for fmt, dialect in [("json", None), ("graphml", None), ("dot", None), ("cypher", None), ("cypher", "neo4j")]:
        args = ["export", "--format", fmt, "--out", f"cli.{fmt}"] + (["--dialect", dialect] if dialect else [])
        run_finkg(finkg_bin, *args)
        want = pathlib.Path(f"cli.{fmt}").read_text(encoding="utf-8")
        assert g.export(fmt, dialect=dialect) == want, (fmt, dialect)
        assert g.export(fmt, f"py.{fmt}", dialect=dialect) == [pathlib.Path(f"py.{fmt}")]
        assert pathlib.Path(f"py.{fmt}").read_text(encoding="utf-8") == want
    run_finkg(finkg_bin, "export", "--format", "csv", "--out", "cli-csv")
    written = g.export("csv", "py-csv")
    assert sorted(p.name for p in written) == sorted(p.name for p in pathlib.Path("cli-csv").iterdir())
    for p in written:
        assert p.read_bytes() == (pathlib.Path("cli-csv") / p.name).read_bytes(), p.name
    assert "import_neo4j.sh" in {p.name for p in written}
    with pytest.raises(ValueError, match="give a folder"):
        g.export("csv")
    with pytest.raises(ValueError, match="dialect applies to the cypher format only"):
        g.export("json", dialect="neo4j")
    with pytest.raises(ValueError, match="unknown"):
        g.export("xml")
