#!/usr/bin/env python3
"""Read a GraphML file written by `finkg export --format graphml` with
networkx and check it against `finkg export --format json` of the same graph:
the same nodes and edges, every attribute with the same value and type.

usage: check_graphml.py GRAPH.graphml GRAPH.json [--expect-name NAME]...

Prints one line when everything matches; otherwise lists the differences on
standard error and exits 1. Run by tests/cli/export_clients.rs with the
Python of the virtual environment .ci/run creates (FINKG_PYTHON).
"""
import json
import sys

import networkx as nx

LIST_KEYS = ("aliases", "tickers", "documents", "evidence")


def expected(data):
    """Nodes by id and edges by (source, target, relation), from the JSON."""
    nodes = {}
    for e in data["entities"]:
        nodes[e["id"]] = {
            "label": e["name"],
            "type": "entity",
            "kind": e["kind"],
            "name": e["name"],
            "aliases": e["aliases"],
            "tickers": e["tickers"],
            "mentions": sum(e["mentions"].values()),
            "documents": sorted(e["mentions"]),
        }
        if e.get("confidence") is not None:
            nodes[e["id"]]["confidence"] = e["confidence"]
    for m in data["metrics"]:
        node = {
            "type": "metric",
            "kind": "metric",
            "documents": m["documents"],
            "entity": m["entity"],
            "metric": m["label"],
            "value": m["value"],
            "unit": m["unit"],
        }
        if m["period"] is not None:
            node["period"] = m["period"]
        if m.get("confidence") is not None:
            node["confidence"] = m["confidence"]
        nodes[m["id"]] = node

    def edge(relation, evidence, attrs, confidence):
        out = {
            "relation": relation,
            "support": len({ev["doc"] for ev in evidence}),
            "evidence": evidence,
        }
        if confidence is not None:
            out["confidence"] = confidence
        if evidence:
            out["sentence"] = evidence[0]["sentence"]
        for k, v in attrs.items():
            out["attr:" + k] = v
        return out

    edges = {}
    for r in data["relations"]:
        key = (r["subject"], r["object"], r["relation"])
        edges[key] = edge(r["relation"], r["evidence"], r["attrs"], r.get("confidence"))
    for m in data["metrics"]:
        edges[(m["entity"], m["id"], "has_metric")] = edge("has_metric", m["evidence"], {}, m.get("confidence"))
    return nodes, edges


# Edge attributes finkg's GraphML types as double (query::FLOAT_ATTRIBUTES).
NUMBER_ATTRS = {"target", "previous_target"}


def compare(what, got, want, problems):
    """Every wanted attribute present with the same value and type."""
    got = dict(got)
    for k in LIST_KEYS:
        if k in got:
            got[k] = json.loads(got[k])
    for k, v in want.items():
        if k not in got:
            problems.append(f"{what}: no `{k}` (want {v!r})")
        elif k.startswith("attr:") and k[5:] in NUMBER_ATTRS and isinstance(got[k], float):
            # GraphML types a number attribute as double when every value is one;
            # the JSON keeps the text as written ("100")
            if got[k] != float(v):
                problems.append(f"{what}: `{k}` is {got[k]!r}, want {v!r}")
        elif got[k] != v or type(got[k]) is not type(v):
            problems.append(f"{what}: `{k}` is {got[k]!r}, want {v!r}")
    for k in got:
        if k not in want and not (k == "label" and want.get("type") == "metric"):
            problems.append(f"{what}: unexpected `{k}` = {got[k]!r}")


def main(argv):
    args = argv[1:]
    names = []
    while "--expect-name" in args:
        i = args.index("--expect-name")
        names.append(args[i + 1])
        del args[i : i + 2]
    graphml, json_path = args
    g = nx.read_graphml(graphml, force_multigraph=True)
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    want_nodes, want_edges = expected(data)
    problems = []
    if not g.is_directed():
        problems.append("the graph is not directed")
    if g.graph.get("format") != "finkg-graphml/1":
        problems.append(f"graph format is {g.graph.get('format')!r}")
    if g.number_of_nodes() != len(want_nodes):
        problems.append(f"{g.number_of_nodes()} nodes, want {len(want_nodes)}")
    if g.number_of_edges() != len(want_edges):
        problems.append(f"{g.number_of_edges()} edges, want {len(want_edges)}")
    for node_id, want in want_nodes.items():
        if node_id not in g:
            problems.append(f"node {node_id!r} missing")
        else:
            compare(f"node {node_id!r}", g.nodes[node_id], want, problems)
    seen = set()
    for u, v, d in g.edges(data=True):
        key = (u, v, d.get("relation"))
        if key in seen:
            problems.append(f"edge {key!r} twice")
        seen.add(key)
        if key not in want_edges:
            problems.append(f"unexpected edge {key!r}")
        else:
            compare(f"edge {key!r}", d, want_edges[key], problems)
    got_names = {d.get("name") for _, d in g.nodes(data=True)}
    for name in names:
        if name not in got_names:
            problems.append(f"no node named {name!r}")
    if problems:
        for p in problems[:40]:
            print(p, file=sys.stderr)
        if len(problems) > 40:
            print(f"... and {len(problems) - 40} more", file=sys.stderr)
        return 1
    print(
        f"networkx {nx.__version__}: {g.number_of_nodes()} nodes, "
        f"{g.number_of_edges()} edges, every attribute as in the JSON"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
