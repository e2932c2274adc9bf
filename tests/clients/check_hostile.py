#!/usr/bin/env python3
"""Read finkg's exports of one graph back with real parsers and check that
every expected name comes back unchanged.

usage: check_hostile.py DIR NAME...

DIR holds graph.json (read with json), graph.graphml (networkx when it is
importable, else xml.etree), csv/nodes_*.csv (read with csv) and
graph.html (html.parser: the names are in the page's JSON data, and the
page has no script or other element that the names would have added). Prints one
line when all is well; otherwise the problems on standard error, exit 1.
Run by tests/cli/hostile_exports.rs.
"""
import csv
import glob
import html.parser
import json
import os
import sys


def main():
    d, names = sys.argv[1], sys.argv[2:]
    problems = []

    with open(os.path.join(d, "graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    got = {e["name"] for e in data["entities"]}
    problems += [f"json: {n!r} missing" for n in names if n not in got]

    path = os.path.join(d, "graph.graphml")
    try:
        import networkx as nx

        g = nx.read_graphml(path)
        got = {a.get("name") for _, a in g.nodes(data=True)}
        client = "networkx " + nx.__version__
    except ImportError:
        import xml.etree.ElementTree as ET

        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        root = ET.parse(path).getroot()
        keys = {k.get("id") for k in root.findall("g:key", ns) if k.get("attr.name") == "name"}
        got = {x.text for x in root.iter("{http://graphml.graphdrawing.org/xmlns}data") if x.get("key") in keys}
        client = "xml.etree"
    problems += [f"graphml ({client}): {n!r} missing" for n in names if n not in got]

    got = set()
    for p in glob.glob(os.path.join(d, "csv", "nodes_*.csv")):
        with open(p, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                got.add(row.get("name"))
    problems += [f"csv: {n!r} missing" for n in names if n not in got]

    class Page(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []
            self.data = []
            self.in_data = False

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.in_data = tag == "script" and ("id", "finkg-data") in attrs

        def handle_endtag(self, tag):
            self.in_data = False

        def handle_data(self, data):
            if self.in_data:
                self.data.append(data)

    page = Page()
    with open(os.path.join(d, "graph.html"), encoding="utf-8") as f:
        page.feed(f.read())
    # The page's own two scripts (its data, its code) and no other element
    # a name could have opened.
    scripts = page.tags.count("script")
    if scripts != 2:
        problems.append(f"html: {scripts} <script> elements, not 2")
    for tag in ("iframe", "img", "object", "embed"):
        if tag in page.tags:
            problems.append(f"html: an <{tag}> element")
    found = set()
    stack = [json.loads("".join(page.data))]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, str):
            found.add(x)
    problems += [f"html: {n!r} not in the page's data" for n in names if n not in found]

    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"{len(names)} hostile names unchanged in JSON, GraphML ({client}), CSV and HTML")


main()
