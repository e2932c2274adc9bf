"""Type stubs of finkg's native module (written in Rust with PyO3)."""

import datetime
import os
import pathlib
from typing import Any, Dict, Iterable, List, Optional, TypedDict, Union

import networkx
import pandas

__version__: str

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

class GoldEntity(TypedDict):
    name: str
    kind: str
    aliases: List[str]

class GoldRelation(TypedDict):
    subject: str
    relation: str
    object: str
    evidence: str
    attrs: Dict[str, str]

class _GoldMetric(TypedDict):
    entity: str
    metric: str
    value: float
    unit: str

class GoldMetric(_GoldMetric, total=False):
    period: str

class GoldDocument(TypedDict):
    """The JSON of `finkg extract` for one document."""

    doc: str
    entities: List[GoldEntity]
    relations: List[GoldRelation]
    metrics: List[GoldMetric]

class Document(TypedDict):
    id: str
    name: str
    path: str
    title: str
    date: Optional[str]
    publisher: Optional[str]

class Evidence(TypedDict):
    doc: str
    start: int
    end: int
    sentence: str
    rule: str

class Entity(TypedDict):
    name: str
    kind: str
    aliases: List[str]
    tickers: List[str]
    mentions: int

class Relation(TypedDict):
    subject: str
    relation: str
    object: str
    attrs: Dict[str, str]
    evidence: Evidence

class Metric(TypedDict):
    entity: str
    metric: str
    value: float
    unit: str
    period: Optional[str]
    evidence: Evidence

class Facts(TypedDict):
    """Every fact of one document with its evidence (`Extraction.to_dict`)."""

    doc: Document
    entities: List[Entity]
    relations: List[Relation]
    metrics: List[Metric]

DateLike = Union[str, datetime.date]
PathLike = Union[str, "os.PathLike[str]"]
DocumentInput = Union[str, "os.PathLike[str]", Dict[str, Any]]
Row = Dict[str, Any]
Params = Dict[str, Union[None, bool, int, float, str, List[Any]]]

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
    def __len__(self) -> int: ...

class Extractor:
    """Extracts entities, relations and metrics with one schema, compiled
    once: the bundled one, or a folder laid out like `graph-schema/`."""

    def __init__(self, schema_dir: Optional[PathLike] = None) -> None: ...
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

class Graph:
    """A knowledge graph: entities, relations and metrics merged from many
    documents, each fact with the sentences it came from."""

    def __init__(self, extractor: Optional[Extractor] = None) -> None:
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
    def query_df(self, cypher: str, params: Optional[Params] = None) -> "pandas.DataFrame":
        """`query` as a pandas DataFrame (needs pandas)."""
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
    def to_networkx(self) -> "networkx.MultiDiGraph":
        """A networkx MultiDiGraph with the GraphML export's attributes (needs networkx)."""
    def summary(self) -> Dict[str, Any]: ...
    def __len__(self) -> int: ...
