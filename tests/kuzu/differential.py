#!/usr/bin/env python3
"""Differential test: finkg's Cypher against Kùzu's or Ladybug's, on the same graph.

Ladybug (`ladybug` on PyPI) is the maintained continuation of Kùzu, which
its makers archived in 2025; both read the same Cypher dialect and the same
load script, and `--engine` picks one. The graph is exported by finkg itself
twice, as CSV files (loaded with the export's load_kuzu.cypher) and as a
Cypher script (run statement by statement), into two databases. Every query of the query file then runs
on finkg (`finkg query … --format json`) and on both databases, and the
three answers must be the same multiset of rows. Any difference, or an error
on either side, fails the test (exit status 1).

Values compare by type and value: floats to 12 significant digits, Kùzu's
128-bit sums as integers, nodes by their id, lists as multisets (collect()
follows row order, which neither engine fixes). Kùzu runs each query as
written, except that variable-length patterns get TRAIL: finkg, like Neo4j,
uses a relationship at most once per pattern, while Kùzu walks by default.

    python differential.py --finkg target/debug/finkg --graph finkg-graph.ron \
        --queries tests/kuzu/queries.cypher --work /tmp/kuzu-diff [--engine ladybug]

Needs the `kuzu` package (pip install kuzu), or `ladybug` for --engine ladybug.
"""

import argparse
import collections
import decimal
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import time


def read_queries(path):
    """(name, query, known) triples: blocks separated by blank lines, `//`
    lines name them; a `// known ENGINE: why` line marks a query on which
    that engine is known to answer wrongly (`known` maps engine to why)."""
    queries = []
    name, lines, known = None, [], {}

    def flush():
        nonlocal name, lines, known
        if lines:
            queries.append((name or lines[0][:60], "\n".join(lines), known))
        name, lines, known = None, [], {}

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip():
                flush()
            elif line.lstrip().startswith("//"):
                if lines:
                    flush()
                text = line.lstrip()[2:].strip()
                m = re.match(r"known (\w+): (.+)", text)
                if m:
                    known[m.group(1)] = m.group(2)
                else:
                    name = text
            else:
                lines.append(line)
    flush()
    return queries


def split_statements(script):
    """Statements of a Cypher script: split at `;` outside quotes and comments."""
    out, cur = [], []
    i, n = 0, len(script)
    quote = None
    while i < n:
        c = script[i]
        if quote:
            cur.append(c)
            if c == "\\" and quote != "`" and i + 1 < n:
                cur.append(script[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
            cur.append(c)
        elif script.startswith("//", i):
            j = script.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c == ";":
            stmt = "".join(cur).strip()
            if stmt:
                out.append(stmt)
            cur = []
        else:
            cur.append(c)
        i += 1
    stmt = "".join(cur).strip()
    if stmt:
        out.append(stmt)
    return out


def engine_text(query, engine):
    """The query for the database: variable-length patterns walk trails, and
    for Ladybug the label `index`, a reserved word there, is quoted."""
    query = re.sub(r"(-\[[^\]]*?)\*", r"\1* TRAIL ", query)
    if engine == "ladybug":
        query = re.sub(r"(\(\w*):index\b", r"\1:`index`", query)
    return query


def norm(v):
    if v is None:
        return ("null",)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, decimal.Decimal):
        if v == v.to_integral_value():
            return ("int", int(v))
        v = float(v)
    if isinstance(v, float):
        return ("float", float("%.12g" % v))
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, (list, tuple)):
        return ("list", tuple(sorted(norm(x) for x in v)))
    if isinstance(v, dict) and "_label" in v and "id" in v:
        return ("node", v["id"])
    raise TypeError(f"cannot compare a value of type {type(v).__name__}: {v!r}")


def run_finkg(finkg, graph, query):
    p = subprocess.run(
        [finkg, "query", query, "--graph", graph, "--format", "json"],
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    rows = json.loads(p.stdout)
    return [tuple(norm(v) for v in row.values()) for row in rows]


def run_db(conn, query, engine):
    result = conn.execute(engine_text(query, engine))
    rows = []
    while result.has_next():
        rows.append(tuple(norm(v) for v in result.get_next()))
    return rows


def load(engine, name, path, script, cwd):
    db = engine.Database(path)
    conn = engine.Connection(db)
    here = os.getcwd()
    os.chdir(cwd)
    try:
        for stmt in split_statements(script):
            try:
                conn.execute(stmt)
            except Exception as e:  # noqa: BLE001 - report which statement
                raise RuntimeError(f"{name} refused `{stmt[:200]}`: {e}") from e
    finally:
        os.chdir(here)
    return db, conn


def show(v):
    return repr(v[1]) if len(v) > 1 else "null"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--finkg", required=True, help="the finkg binary")
    ap.add_argument("--graph", required=True, help="the graph file")
    ap.add_argument("--queries", required=True, help="the query file")
    ap.add_argument("--work", required=True, help="a folder for the exports and databases")
    ap.add_argument("--min-queries", type=int, default=40)
    ap.add_argument("--engine", choices=["kuzu", "ladybug"], default="kuzu",
                    help="the database: Kùzu or its continuation Ladybug (same API)")
    args = ap.parse_args()

    engine = importlib.import_module(args.engine)
    db_name = {"kuzu": "Kùzu", "ladybug": "Ladybug"}[args.engine]

    start = time.time()
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    csv_dir = os.path.join(work, "csv")
    cypher_file = os.path.join(work, "graph.cypher")
    for extra in (["--format", "csv", "--out", csv_dir], ["--format", "cypher", "--out", cypher_file]):
        p = subprocess.run([args.finkg, "export", "--graph", args.graph, *extra], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"finkg export {' '.join(extra)} failed: {p.stderr.strip()}")
    with open(os.path.join(csv_dir, "load_kuzu.cypher"), encoding="utf-8") as f:
        csv_db = load(engine, db_name, os.path.join(work, "from-csv.db"), f.read(), csv_dir)
    with open(cypher_file, encoding="utf-8") as f:
        cypher_db = load(engine, db_name, os.path.join(work, "from-cypher.db"), f.read(), work)
    loaded = time.time()

    queries = read_queries(args.queries)
    failures, nonempty, rows_total, known_count = 0, 0, 0, 0
    for i, (name, q, known) in enumerate(queries, 1):
        why = known.get(args.engine)
        try:
            mine = run_finkg(args.finkg, args.graph, q)
            theirs = run_db(csv_db[1], q, args.engine)
            script = run_db(cypher_db[1], q, args.engine)
        except Exception as e:  # noqa: BLE001 - any error is a failure
            failures += 1
            print(f"FAIL {i:2} {name}\n     {q}\n     error: {e}")
            continue
        a, b, c = (collections.Counter(x) for x in (mine, theirs, script))
        rows_total += len(mine)
        nonempty += bool(mine)
        if why:
            # A known wrong answer stays a check: the day the database
            # answers right, the mark must go.
            if a == b == c:
                failures += 1
                print(f"FAIL {i:2} {name}\n     {db_name} now agrees: remove `// known {args.engine}:`")
            else:
                known_count += 1
                print(f"known {i:2} {name}: {db_name} {why}")
            continue
        if a == b == c:
            print(f"ok   {i:2} {len(mine):4} rows  {name}")
            continue
        failures += 1
        print(f"FAIL {i:2} {name}\n     {q}")
        for label, other in ((f"{db_name} (CSV)", b), (f"{db_name} (Cypher script)", c)):
            if other == a:
                continue
            for row, k in sorted((a - other).items()):
                print(f"     only finkg ×{k}: {', '.join(show(v) for v in row)}")
            for row, k in sorted((other - a).items()):
                print(f"     only {label} ×{k}: {', '.join(show(v) for v in row)}")

    done = time.time()
    print(
        f"{len(queries)} queries, {rows_total} rows from finkg, {nonempty} queries with rows; "
        f"{failures} differ, {known_count} known to differ. {db_name} {engine.__version__}: loaded in {loaded - start:.1f}s, "
        f"queries in {done - loaded:.1f}s"
    )
    if len(queries) < args.min_queries:
        sys.exit(f"only {len(queries)} queries, fewer than {args.min_queries}")
    if nonempty * 4 < len(queries) * 3:
        sys.exit(f"only {nonempty} of {len(queries)} queries return rows: the graph is too thin to compare")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
