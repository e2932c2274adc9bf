"""The two queries of bench/graph_query.py asked of a running `finkg serve`
(bench/compare.sh starts it on the same graph), and the paths of the
ready-made questions the load test asks.

  serve_query.py queries URL   -> one JSON line: per query the median of 5
      runs of the server's own time (the engine finding the rows and writing
      them as JSON, `elapsed_ms` of the answer) and of the wall time seen
      here (request, transfer and parsing included), rows, the 2-hop answer.
  serve_query.py paths URL N   -> N paths of /api/ask/... for entities of
      the graph (companies and brokers of the synthetic graph), one a line.
"""
import json
import random
import statistics
import sys
import time
import urllib.request

Q1 = "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name"
Q2 = ("MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company) "
      "RETURN b.name, count(*) AS n ORDER BY n DESC, b.name LIMIT 10")


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def get(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return json.loads(r.read())


def queries(base):
    out = {}
    for name, q in (("q1", Q1), ("q2", Q2)):
        server, wall, rows = [], [], None
        for _ in range(5):
            start = time.perf_counter()
            r = post(base + "/api/query", {"query": q})
            wall.append(time.perf_counter() - start)
            server.append(r["elapsed_ms"] / 1000.0)
            rows = r["row_count"]
            top = r["rows"]
        out[name] = {"server": statistics.median(server), "wall": statistics.median(wall), "rows": rows}
        if name == "q2":
            out["q2_top"] = [[a, int(b)] for a, b in top]
    stats = get(base + "/api/stats")
    out["entities"] = stats["entities"]
    print(json.dumps(out))


def paths(base, n):
    ids = lambda q: [r[0] for r in post(base + "/api/query", {"query": q})["rows"]]
    companies = ids("MATCH (c:company) RETURN c.id")
    brokers = ids("MATCH (b:broker) RETURN b.id")
    rng = random.Random(42)
    asks = []
    for i in range(n):
        q = ("who-forecasts", "outperforms", "ratings", "metrics")[i % 4]
        entity = rng.choice(brokers if q == "ratings" and i % 8 == 2 else companies)
        asks.append("/api/ask/%s?entity=%s" % (q, entity))
    print("\n".join(asks))


def main():
    if sys.argv[1] == "queries":
        queries(sys.argv[2])
    else:
        paths(sys.argv[2], int(sys.argv[3]))


if __name__ == "__main__":
    main()
