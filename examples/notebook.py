# %% [markdown]
# # finkg in a notebook
#
# A notebook in the percent format (Jupyter with jupytext, VS Code and
# PyCharm run it cell by cell; `python examples/notebook.py` runs it whole).
# It builds a graph from the sample articles, asks it questions with pandas,
# looks at it with networkx, and merges in a second graph.
#
# Install the package from the checkout first: `pip install ./python pandas networkx`.

# %%
import os
import tempfile
from pathlib import Path

import finkg

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd() / "examples"
SEEDS = HERE.parent / "seeds"
OUT = Path(os.environ.get("FINKG_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="finkg-notebook-"))

# %% [markdown]
# ## One sentence
# `finkg.extract` returns what `finkg extract` writes for a document.

# %%
facts = finkg.extract("Morgan Stanley raised its target on Alibaba to $150.", doc_id="ms-note")
for r in facts["relations"]:
    print(r["subject"], r["relation"], r["object"], r["attrs"])

# %% [markdown]
# ## A graph of the sample articles
# One `Extractor` compiles the schema once; the graph uses it for every
# document. `ingest` takes folders, files, texts, or dicts with a `text`.

# %%
extractor = finkg.Extractor()
graph = finkg.Graph.open(OUT / "graph.ron", extractor=extractor)
stats = graph.ingest(SEEDS)
print(stats)
graph.ingest({"text": "Nomura rates Tencent buy with a target price of HK$720.", "doc_id": "nomura-tencent", "date": "2026-02-01"})
graph.save()
print(graph)

# %% [markdown]
# ## Cypher into pandas

# %%
forecasts = graph.query_df(
    "MATCH (b:broker)-[r:forecasts]->(c) RETURN b.name AS broker, c.name AS target, c.kind AS kind, r.evidence AS evidence"
)
print(forecasts.groupby("broker")["target"].count().sort_values(ascending=False))

metrics = graph.query_df(
    "MATCH (e)-[:has_metric]->(m:metric) WHERE m.unit = $unit RETURN e.name AS entity, m.label AS metric, m.value AS value, m.period AS period",
    {"unit": "x"},
)
print(metrics.sort_values("value", ascending=False).head(10).to_string(index=False))

# %% [markdown]
# ## The questions of `finkg ask`

# %%
for row in graph.ask("who-forecasts", "Alibaba"):
    print(row)
for row in graph.ask("metrics", "Tencent")[:5]:
    print(row["period"], row["metric"], row["value"], row["unit"])

# %% [markdown]
# ## The graph in networkx

# %%
import networkx as nx

g = graph.to_networkx()
entities = [n for n, a in g.nodes(data=True) if a["type"] == "entity"]
central = nx.degree_centrality(g.subgraph(entities))
for node, score in sorted(central.items(), key=lambda kv: -kv[1])[:5]:
    print(f"{g.nodes[node]['name']:30} {g.nodes[node]['kind']:10} {score:.3f}")

# %% [markdown]
# ## Merging graphs
# Graphs built apart (by two jobs, two days, two Spark partitions) merge into
# the graph of all their documents, whatever the order.

# %%
morning = finkg.Graph(extractor)
morning.ingest(sorted(SEEDS.glob("*.txt"))[:2])
evening = finkg.Graph(extractor)
evening.ingest(sorted(SEEDS.glob("*.txt"))[2:])
both = finkg.Graph(extractor)
print(both.merge([evening, morning]))
whole = finkg.Graph(extractor)
whole.ingest(SEEDS)
assert both.to_dict() == whole.to_dict()
print(both)

# %% [markdown]
# ## Errors are Python exceptions with finkg's message

# %%
try:
    graph.query("MATCH (c:company RETURN c")
except finkg.QueryError as e:
    print("QueryError:", e)
