"""The records that flow through the pipeline, as plain dataclasses.

An :class:`Article` is one news story; a :class:`Place` is a gazetteer entry;
a :class:`Mention` is a place name found in a stretch of text; an
:class:`Incident` is one reported event with its provenance.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

#: How precise a date is, finest first.
DATE_PRECISIONS = ("day", "week", "month", "year")

#: ACLED's geo_precision: 1 the place itself, 2 near it or part of a region,
#: 3 only the province or a larger area is known.
GEO_EXACT, GEO_NEAR, GEO_REGION = 1, 2, 3


def coarser(a: str | None, b: str | None) -> str | None:
    """Return the coarser of two date precisions (``None`` if either is unknown)."""
    if a is None or b is None:
        return None
    return max(a, b, key=DATE_PRECISIONS.index)


def short_hash(*parts: object) -> str:
    """A stable 16-hex-digit id from the given parts."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]  # never raises


@dataclass(frozen=True)
class Article:
    """One news article, cleaned of captions and page leftovers."""

    source: str  #: name of the file it came from (no directories: exports must not show server paths)
    headline: str
    body: str  #: paragraphs separated by blank lines
    outlet: str | None = None
    published: dt.date | None = None
    date_precision: str | None = None  #: precision of ``published``
    date_origin: str = "unknown"  #: "metadata", "text" or "unknown"

    @property
    def id(self) -> str:
        """Content id: the same headline and body always give the same id."""
        return short_hash(" ".join(self.headline.split()), " ".join(self.body.split()))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    lat: float
    lon: float
    kind: str
    admin1: str = ""
    country: str = ""
    precision_km: float = 5.0
    layer: str = "curated"  #: curated, user, geonames or online
    operator: str = ""
    status: str = ""
    period: str = ""
    source: str = ""
    population: int = 0

    @property
    def is_installation(self) -> bool:
        return bool(self.operator)


class Mention(NamedTuple):
    """A place name found in text: ``text[start:end]`` resolves to ``place``.

    (A named tuple, not a frozen dataclass: ``Gazetteer.find`` makes one per place in every
    text, and a frozen dataclass costs three times as much to build.)
    """

    surface: str
    start: int
    end: int
    place: Place
    candidates: int = 1  #: how many gazetteer entries share the name


@dataclass
class Incident:
    """One reported event, traceable to the sentence that reports it."""

    article_id: str
    source: str
    headline: str
    event_type: str
    quote: str
    actors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    precision_km: float | None = None
    admin1: str = ""
    country: str = ""
    killed: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    outlet: str | None = None
    published: dt.date | None = None
    event_id: str | None = None  #: shared by reports of the same event across articles
    quotes: list[str] = field(default_factory=list)  #: every sentence of the article on this event
    note: str = ""  #: how place or date were inferred, where the text does not state them

    @property
    def id(self) -> str:
        return short_hash(self.article_id, self.event_type, self.quote)

    @property
    def actor1(self) -> str | None:
        return self.actors[0] if self.actors else None

    @property
    def actor2(self) -> str | None:
        return self.actors[1] if len(self.actors) > 1 else None

    def as_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO strings)."""
        out = asdict(self)
        out["id"] = self.id
        out["date"] = self.date.isoformat() if self.date else None
        out["published"] = self.published.isoformat() if self.published else None
        out["actor1"], out["actor2"] = self.actor1, self.actor2
        return out
