"""Checked with `mypy --strict` by .ci/run (not a test module): the stubs
type the API as the README shows it."""

from pathlib import Path
from typing import Any, Dict, List

import finkg
from finkg.records import GoldDocument, GoldRelation


def relations(text: str) -> List[GoldRelation]:
    facts: GoldDocument = finkg.extract(text, doc_id="note", date="2026-01-05")
    return facts["relations"]


def brokers(graph_file: Path) -> List[str]:
    graph = finkg.Graph.open(graph_file, extractor=finkg.shared_extractor())
    stats: Dict[str, int] = graph.ingest([Path("seeds"), {"text": "Nomura rates Alibaba buy.", "doc_id": "n1"}])
    assert stats["documents_added"] >= 0
    rows: List[Dict[str, Any]] = graph.query("MATCH (b:broker) RETURN b.name AS name", {"limit": 3})
    graph.merge([finkg.Graph(), finkg.Graph.from_bytes(graph.to_bytes())])
    graph.save()
    return [str(r["name"]) for r in rows]


def facts_of(extractor: finkg.Extractor, text: str) -> int:
    x: finkg.Extraction = extractor.extraction(text, path="feed.jsonl")
    return len(x.to_dict()["metrics"]) + len(x)
