"""Type stubs of finkg's native module (written in Rust with PyO3)."""

import pathlib
from typing import Any, Dict, Iterable, List, Optional, Union

from typing_extensions import final

from .records import (
    DateLike,
    Document,
    DocumentInput,
    Facts,
    GoldDocument,
    Params,
    PathLike,
    Row,
)


__version__: str
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
]

class FinkgError(Exception):
    """Any error of finkg; the message is finkg's own."""

class SchemaError(FinkgError):
    """A schema folder is unreadable or invalid (file, line and column)."""

class InputError(FinkgError):
    """A document file or folder cannot be read (missing, unreadable, too large)."""

class GraphError(FinkgError):
    """A graph file cannot be read or written, a graph cannot be merged, or an entity is unknown."""

class QueryError(FinkgError):
    """A Cypher query is malformed or failed (line and column)."""

class InputWarning(UserWarning):
    """A document was decoded with repairs (invalid UTF-8) or skipped (binary, empty)."""

def extract(
    text: str, doc_id: Optional[str] = None, date: Optional[DateLike] = None
) -> GoldDocument:
    """The facts of one text as the JSON of `finkg extract`, with the bundled
    schema (compiled on the first call, then reused). `doc_id` names the
    document (default: its content hash); `date` is its date."""

def decode(data: bytes, path: PathLike) -> Optional[str]:
    """Decode a document file's bytes as finkg reads files: BOM dropped,
    invalid UTF-8 repaired with an InputWarning; None (with a warning) for
    binary or blank bytes."""

@final
class Extraction:
    """The facts finkg found in one document (made by `Extractor.extraction`)."""

    @property
    def doc(self) -> Document: ...
    @property
    def doc_id(self) -> str: ...
    def to_dict(self) -> Facts:
        """Every fact with its evidence; units as `finkg extract` spells them."""
    def gold(self) -> GoldDocument:
        """The JSON of `finkg extract` for this document."""
    def to_bytes(self) -> bytes:
        """The extraction as bytes, to ship between processes (pickle uses them)."""
    @staticmethod
    def from_bytes(data: bytes) -> "Extraction":
        """The extraction of bytes made by `to_bytes`."""
    def __len__(self) -> int: ...

@final
class Extractor:
    """Extracts entities, relations and metrics with one schema, compiled
    once: the bundled one, or a folder laid out like `graph-schema/`."""

    def __new__(cls, schema_dir: Optional[PathLike] = None) -> "Extractor": ...
    @property
    def schema_dir(self) -> Optional[pathlib.Path]: ...
    def extract(
        self, text: str, doc_id: Optional[str] = None, date: Optional[DateLike] = None
    ) -> GoldDocument:
        """The facts of one text as the JSON of `finkg extract`."""
    def extraction(
        self,
        text: str,
        doc_id: Optional[str] = None,
        date: Optional[DateLike] = None,
        path: Optional[str] = None,
    ) -> Extraction:
        """The facts of one text with their evidence, for `Graph.add`."""

@final
class Graph:
    """A knowledge graph: entities, relations and metrics merged from many
    documents, each fact with the sentences it came from."""

    def __new__(cls, extractor: Optional[Extractor] = None) -> "Graph":
        """An empty graph in memory."""
    @classmethod
    def open(cls, path: PathLike, extractor: Optional[Extractor] = None) -> "Graph":
        """Read a graph file (RON, or a binary snapshot named `*.bin`); an
        empty graph to be saved there when there is no file yet."""
    @classmethod
    def from_bytes(cls, data: bytes, extractor: Optional[Extractor] = None) -> "Graph":
        """A graph from the bytes of a binary snapshot (`to_bytes`)."""
    def to_bytes(self) -> bytes:
        """The graph as a binary snapshot."""
    @property
    def path(self) -> Optional[pathlib.Path]: ...
    @property
    def extractor(self) -> Extractor: ...
    def ingest(
        self, documents: Union[DocumentInput, Iterable[DocumentInput]]
    ) -> Dict[str, int]:
        """Extract and merge paths (files, folders), texts, or dicts with a
        `text` (and `doc_id`, `date`, `path`); returns counts."""
    def add(self, extractions: Union[Extraction, Iterable[Extraction]]) -> Dict[str, int]:
        """Merge extractions made by `Extractor.extraction`, in order."""
    def save(self, path: Optional[PathLike] = None) -> None:
        """Write the graph atomically to `path` or to the file it was opened from."""
    def query(self, cypher: str, params: Optional[Params] = None) -> List[Row]:
        """Run a Cypher query; a list of rows, each a dict by column."""
    def query_df(self, cypher: str, params: Optional[Params] = None) -> Any:
        """`query` as a pandas DataFrame (needs pandas; typed Any so that
        type checkers need no pandas stubs)."""
    def ask(self, question: str, entity: Optional[str] = None) -> List[Row]:
        """A question of `finkg ask`: forecasts, invests, who-forecasts,
        outperforms, ratings, metrics (the last four about an entity)."""
    @staticmethod
    def question_cypher(question: str, entity: Optional[str] = None) -> str:
        """The Cypher behind a question of `ask`."""
    def merge(self, other: Union["Graph", Iterable["Graph"]]) -> Dict[str, int]:
        """Merge other graphs in: the graph of every document of all of them,
        the same whatever the order or grouping."""
    def remove(self, doc: str) -> bool:
        """Remove a document by id or name; False when there is none."""
    def documents(self) -> List[Document]: ...
    def to_dict(self) -> Dict[str, Any]:
        """The JSON export (`"format": "finkg-graph/1"`)."""
    def export(
        self, format: str, out: Optional[PathLike] = None, dialect: Optional[str] = None
    ) -> Union[str, List[pathlib.Path]]:
        """Export as `finkg export` does (json, graphml, dot, cypher with
        dialect kuzu or neo4j, csv into a folder): the paths written to
        `out`, or the text without it."""
    def to_networkx(self) -> Any:
        """A networkx MultiDiGraph with the GraphML export's attributes (needs
        networkx; typed Any so that type checkers need no networkx stubs)."""
    def summary(self) -> Dict[str, Any]: ...
    def __len__(self) -> int: ...
