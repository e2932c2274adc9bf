"""finkg: financial news and broker notes in, a knowledge graph out.

The Python package of finkg, built from the same Rust crate with PyO3:

>>> import finkg
>>> facts = finkg.extract("Morgan Stanley raised its target on Alibaba to $150.")
>>> [(r["subject"], r["relation"], r["object"]) for r in facts["relations"]]
[('Morgan Stanley', 'forecasts', 'Alibaba')]

- ``finkg.extract(text, doc_id=None, date=None)``: the JSON of ``finkg extract``
  for one text, as a dict.
- ``finkg.Extractor(schema_dir=None)``: the schema compiled once; reuse it.
- ``finkg.Graph.open(path)``: a graph file; ``ingest``, ``add``, ``query``,
  ``query_df``, ``ask``, ``merge``, ``remove``, ``save``, ``to_networkx``.

``finkg.records`` names the shapes of the dicts returned (TypedDicts).
Errors are ``finkg.FinkgError`` (``SchemaError``, ``InputError``,
``GraphError``, ``QueryError``) with finkg's own message. Extraction, reading,
queries, merges and saves release the GIL.
"""

import os
from typing import Dict, Optional, Union

from . import records
from ._finkg import (
    Extraction,
    Extractor,
    FinkgError,
    Graph,
    GraphError,
    InputError,
    InputWarning,
    QueryError,
    SchemaError,
    __version__,
    decode,
    extract,
)

__all__ = [
    "Extraction",
    "Extractor",
    "FinkgError",
    "Graph",
    "GraphError",
    "InputError",
    "InputWarning",
    "QueryError",
    "SchemaError",
    "__version__",
    "decode",
    "extract",
    "records",
    "shared_extractor",
]


def shared_extractor(schema_dir: Optional[Union[str, "os.PathLike[str]"]] = None) -> Extractor:
    """The Extractor of `schema_dir` (None: the bundled schema), made on the
    first call in this process and returned again after: one compiled schema
    per process, however many tasks (a Spark worker runs many) ask for it."""
    key = None if schema_dir is None else os.fspath(schema_dir)
    extractor = _SHARED.get(key)
    if extractor is None:
        extractor = _SHARED[key] = Extractor(key)
    return extractor


_SHARED: Dict[Optional[str], Extractor] = {}
