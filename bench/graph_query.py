"""networkx and Kùzu baselines for bench/compare.sh, on finkg's CSV export
(`finkg export --format csv`) of the same synthetic graph.

The two queries are the ones finkg answers:
  forecasts: MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name
  two-hop:   MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company)
             RETURN b.name, count(*) AS n ORDER BY n DESC, b.name LIMIT 10
networkx: a MultiDiGraph with kind and name on nodes and kind on edges,
answered by walking it. Kùzu: the export's load_kuzu.cypher into an on-disk
database, then the same Cypher text.

Prints one JSON line: tool, load seconds, seconds and row count per query,
the two-hop answer.
"""
import csv
import glob
import json
import os
import shutil
import sys
import time

Q1 = "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name"
Q2 = ("MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company) "
      "RETURN b.name, count(*) AS n ORDER BY n DESC, b.name LIMIT 10")


def run_networkx(csv_dir):
    import networkx as nx

    start = time.perf_counter()
    g = nx.MultiDiGraph()
    for path in sorted(glob.glob(os.path.join(csv_dir, "nodes_*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                g.add_node(row["id"], kind=row["kind"], name=row.get("name") or row.get("label"))
    for path in sorted(glob.glob(os.path.join(csv_dir, "rels_*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                g.add_edge(row["from"], row["to"], kind=row["kind"])
    load = time.perf_counter() - start
    nodes = g.nodes

    start = time.perf_counter()
    rows = [
        (nodes[b]["name"], nodes[c]["name"])
        for b, c, k in g.edges(data="kind")
        if k == "forecasts" and nodes[b]["kind"] == "broker" and nodes[c]["kind"] == "company"
    ]
    q1 = time.perf_counter() - start

    start = time.perf_counter()
    counts = {}
    for b, kind in g.nodes(data="kind"):
        if kind != "broker":
            continue
        n = 0
        for _, c, k in g.out_edges(b, data="kind"):
            if k != "forecasts" or nodes[c]["kind"] != "company":
                continue
            for _, d, k2 in g.out_edges(c, data="kind"):
                if k2 == "outperforms" and nodes[d]["kind"] == "company":
                    n += 1
        if n:
            counts[nodes[b]["name"]] = n
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    q2 = time.perf_counter() - start
    return load, (q1, len(rows)), (q2, top)


def run_kuzu(csv_dir, db_dir):
    import kuzu

    shutil.rmtree(db_dir, ignore_errors=True)
    start = time.perf_counter()
    conn = kuzu.Connection(kuzu.Database(db_dir))
    here = os.getcwd()
    os.chdir(csv_dir)
    try:
        script = open("load_kuzu.cypher", encoding="utf-8").read()
        for stmt in script.split(";\n"):
            body = "\n".join(l for l in stmt.splitlines() if not l.startswith("//")).strip()
            if body:
                conn.execute(body)
    finally:
        os.chdir(here)
    load = time.perf_counter() - start

    def fetch(q):
        r = conn.execute(q)
        out = []
        while r.has_next():
            out.append(r.get_next())
        return out

    start = time.perf_counter()
    rows = fetch(Q1)
    q1 = time.perf_counter() - start
    start = time.perf_counter()
    top = [tuple(r) for r in fetch(Q2)]
    q2 = time.perf_counter() - start
    return load, (q1, len(rows)), (q2, top)


def main():
    tool, csv_dir = sys.argv[1], sys.argv[2]
    if tool == "networkx":
        load, (q1, n1), (q2, top) = run_networkx(csv_dir)
    else:
        load, (q1, n1), (q2, top) = run_kuzu(csv_dir, sys.argv[3])
    print(json.dumps({"tool": tool, "load": load, "q1": q1, "q1_rows": n1, "q2": q2,
                      "q2_top": [[a, int(b)] for a, b in top]}))


if __name__ == "__main__":
    main()
