"""The shapes of what finkg returns, for type checkers and readers.

Plain dicts at run time; these TypedDicts say which keys they have.
"""

import datetime
import os
from typing import Any, Dict, List, Optional, TypedDict, Union

__all__ = [
    "Action", "DateLike", "Document", "DocumentInput", "Entity", "Evidence", "Facts", "GoldAction",
    "GoldDocument", "GoldEntity", "GoldMetric", "GoldRelation", "Metric", "Params", "PathLike",
    "Relation", "Row",
]


class _GoldEntity(TypedDict):
    name: str
    kind: str
    aliases: List[str]


class GoldEntity(_GoldEntity, total=False):
    """An entity; `rule` found it, `confidence` is that rule's measured precision."""

    rule: str
    confidence: float


class _GoldRelation(TypedDict):
    subject: str
    relation: str
    object: str
    evidence: str
    attrs: Dict[str, str]


class GoldRelation(_GoldRelation, total=False):
    rule: str
    confidence: float


class _GoldMetric(TypedDict):
    entity: str
    metric: str
    value: float
    unit: str


class GoldMetric(_GoldMetric, total=False):
    period: str
    rule: str
    confidence: float


class _GoldAction(TypedDict):
    by: str
    on: str
    evidence: str


class GoldAction(_GoldAction, total=False):
    """An analyst action; the keys of absent fields are left out."""

    analyst: str
    rating: str
    previous_rating: str
    target: float
    previous_target: float
    unit: str


class GoldDocument(TypedDict):
    """The JSON of `finkg extract` for one document."""

    doc: str
    entities: List[GoldEntity]
    relations: List[GoldRelation]
    metrics: List[GoldMetric]
    actions: List[GoldAction]


class Document(TypedDict):
    id: str
    name: str
    path: str
    title: str
    date: Optional[str]
    publisher: Optional[str]
    url: Optional[str]


class Evidence(TypedDict):
    doc: str
    start: int
    end: int
    sentence: str
    rule: str
    confidence: Optional[float]


class Entity(TypedDict):
    name: str
    kind: str
    aliases: List[str]
    tickers: List[str]
    mentions: int
    rule: str
    confidence: Optional[float]


class Relation(TypedDict):
    subject: str
    relation: str
    object: str
    attrs: Dict[str, str]
    evidence: Evidence
    support: List[Evidence]


class Metric(TypedDict):
    entity: str
    metric: str
    value: float
    unit: str
    period: Optional[str]
    evidence: Evidence


class Action(TypedDict):
    """An analyst action: a rating or target set, changed or kept."""

    by: str
    on: str
    analyst: Optional[str]
    rating: Optional[str]
    previous_rating: Optional[str]
    target: Optional[float]
    previous_target: Optional[float]
    unit: Optional[str]
    initiated: bool
    evidence: Evidence


class Facts(TypedDict):
    """Every fact of one document with its evidence (`Extraction.to_dict`)."""

    doc: Document
    entities: List[Entity]
    relations: List[Relation]
    metrics: List[Metric]
    actions: List[Action]


DateLike = Union[str, datetime.date]
PathLike = Union[str, "os.PathLike[str]"]
DocumentInput = Union[str, "os.PathLike[str]", Dict[str, Any]]
Row = Dict[str, Any]
Params = Dict[str, Union[None, bool, int, float, str, List[Any]]]
