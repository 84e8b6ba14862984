"""Storage: articles, incidents and user gazetteer entries in one SQLite file.

The embedded default needs no server: a file (``data/incidents.sqlite`` unless
``GEO_DB`` or the caller says otherwise) that the app builds from ``seeds/``
on first start. Articles are keyed by their content, so ingesting the same
article twice adds nothing. Each incident row is one article's report of an
event; reports of the same event from different articles share an
``event_id``, and :meth:`Store.events` returns one record per event with all
its sources.

>>> store = Store(":memory:")
>>> store.ingest(read_articles("seeds"))      # doctest: +SKIP
IngestReport(articles_added=7, articles_skipped=0, incidents_added=...)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.records import Article, Incident, Place

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "incidents.sqlite"
DEFAULT_SEEDS = REPO_ROOT / "seeds"

#: Bump when extraction changes: stored incidents are then re-extracted from stored articles.
PIPELINE_VERSION = "7"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, source TEXT, headline TEXT NOT NULL, body TEXT NOT NULL, outlet TEXT,
    published TEXT, date_precision TEXT, date_origin TEXT, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY, event_id TEXT NOT NULL, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL, actors TEXT NOT NULL, date TEXT, date_precision TEXT,
    place TEXT, lat REAL, lon REAL, geo_precision INTEGER, precision_km REAL, admin1 TEXT, country TEXT,
    quote TEXT NOT NULL, quotes TEXT NOT NULL, killed INTEGER, injured INTEGER, confidence REAL, note TEXT
);
CREATE INDEX IF NOT EXISTS incidents_event ON incidents(event_id);
CREATE TABLE IF NOT EXISTS unresolved (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, name TEXT NOT NULL, sentence TEXT,
    PRIMARY KEY (article_id, name)
);
CREATE TABLE IF NOT EXISTS user_places (
    name TEXT NOT NULL, aliases TEXT, kind TEXT, lat REAL NOT NULL, lon REAL NOT NULL, precision_km REAL,
    admin1 TEXT, country TEXT, operator TEXT, status TEXT, period TEXT, source TEXT, population INTEGER,
    PRIMARY KEY (name, lat, lon)
);
CREATE TABLE IF NOT EXISTS geocode_cache (query TEXT PRIMARY KEY, result TEXT, fetched_at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class IngestReport:
    articles_added: int
    articles_skipped: int
    incidents_added: int


def default_db_path() -> Path:
    """``GEO_DB`` if set, else ``data/incidents.sqlite`` in the repository."""
    return Path(os.environ["GEO_DB"]) if os.environ.get("GEO_DB") else DEFAULT_DB


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class Store:
    """An SQLite file of articles and incidents (see the module docstring)."""

    def __init__(self, path: str | Path | None = None):
        self.path = str(path) if path is not None else str(default_db_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ---------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def is_current(self) -> bool:
        """Whether stored incidents come from this version of the pipeline."""
        return self.get_meta("pipeline_version") == PIPELINE_VERSION

    # -- articles -----------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def articles(self) -> list[Article]:
        rows = self.conn.execute("SELECT * FROM articles ORDER BY published, source, id").fetchall()
        return [Article(r["source"], r["headline"], r["body"], r["outlet"], _date(r["published"]),
                        r["date_precision"], r["date_origin"]) for r in rows]

    def article(self, article_id: str) -> Article | None:
        r = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article(r["source"], r["headline"], r["body"], r["outlet"], _date(r["published"]),
                       r["date_precision"], r["date_origin"]) if r else None

    def ingest(self, articles: Iterable[Article], extractor=None) -> IngestReport:
        """Store new articles and their incidents; articles already stored are skipped.

        Parameters
        ----------
        articles
            Cleaned articles (:func:`geo.corpus.read_articles`).
        extractor
            A :class:`geo.extract.Extractor`; built with the user's gazetteer entries if omitted.
        """
        if extractor is None:
            extractor = self.extractor()
        added = skipped = incidents = 0
        for article in articles:
            if self.has_article(article.id):
                skipped += 1
                continue
            found = extractor.extract(article)
            unresolved = extractor.unresolved(article)
            with self.conn:
                self.conn.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article.id, article.source, article.headline, article.body, article.outlet,
                     _iso(article.published), article.date_precision, article.date_origin,
                     dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
                )
                for incident in found:
                    incident.event_id = self._matching_event(incident)
                    self._insert_incident(incident)
                self.conn.executemany("INSERT OR IGNORE INTO unresolved VALUES (?, ?, ?)",
                                      [(article.id, name, sentence) for name, sentence in unresolved])
            added += 1
            incidents += len(found)
        self.set_meta("pipeline_version", PIPELINE_VERSION)
        return IngestReport(added, skipped, incidents)

    def reextract(self, extractor=None) -> IngestReport:
        """Extract every stored article again (after the pipeline or the gazetteer changed)."""
        articles = self.articles()
        with self.conn:
            self.conn.execute("DELETE FROM incidents")
            self.conn.execute("DELETE FROM unresolved")
            self.conn.execute("DELETE FROM articles")
        return self.ingest(articles, extractor)

    def extractor(self):
        """An extractor whose gazetteer includes the user's entries."""
        from geo.extract import Extractor
        from geo.gazetteer import Gazetteer

        user = self.user_places()
        gazetteer = Gazetteer.from_sources(user=user) if user else Gazetteer.default()
        return Extractor(gazetteer)

    # -- incidents ----------------------------------------------------------------------
    def _insert_incident(self, i: Incident) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (i.id, i.event_id or i.id, i.article_id, i.event_type, json.dumps(i.actors), _iso(i.date),
             i.date_precision, i.place, i.lat, i.lon, i.geo_precision, i.precision_km, i.admin1, i.country,
             i.quote, json.dumps(i.quotes or [i.quote]), i.killed, i.injured, i.confidence, i.note),
        )

    def _matching_event(self, incident: Incident) -> str:
        """The event id of a report of the same event from another article, else a new one."""
        from geo.extract import dates_compatible, places_compatible

        rows = self.conn.execute(
            "SELECT * FROM incidents WHERE event_type = ? AND article_id != ?",
            (incident.event_type, incident.article_id),
        ).fetchall()
        for other in map(self._incident, rows):
            shared = set(other.actors) & set(incident.actors)
            enough = len(shared) >= min(2, len(other.actors), len(incident.actors))
            if shared and enough and dates_compatible(other, incident) and places_compatible(other, incident):
                return other.event_id or other.id
        return incident.id

    def _incident(self, r: sqlite3.Row) -> Incident:
        return Incident(
            article_id=r["article_id"], source="", headline="", event_type=r["event_type"], quote=r["quote"],
            actors=json.loads(r["actors"]), date=_date(r["date"]), date_precision=r["date_precision"],
            place=r["place"], lat=r["lat"], lon=r["lon"], geo_precision=r["geo_precision"],
            precision_km=r["precision_km"], admin1=r["admin1"] or "", country=r["country"] or "",
            killed=r["killed"], injured=r["injured"], confidence=r["confidence"], event_id=r["event_id"],
            quotes=json.loads(r["quotes"]), note=r["note"] or "",
        )

    def incidents(self) -> list[Incident]:
        """Every stored report, with its article's headline, outlet and publication date."""
        rows = self.conn.execute(
            "SELECT i.*, a.source AS a_source, a.headline AS a_headline, a.outlet AS a_outlet, "
            "a.published AS a_published FROM incidents i JOIN articles a ON a.id = i.article_id "
            "ORDER BY i.date, i.id"
        ).fetchall()
        out = []
        for r in rows:
            inc = self._incident(r)
            inc.source, inc.headline, inc.outlet = r["a_source"], r["a_headline"], r["a_outlet"]
            inc.published = _date(r["a_published"])
            out.append(inc)
        return out

    def events(self) -> list[dict]:
        """One record per event: the best-placed report's fields plus every source.

        Each record is :meth:`Incident.as_dict` of the representative report
        (finest place, then finest date, then highest confidence), with
        ``sources``: a list of ``{article_id, headline, outlet, published, source, quote}``.
        """
        groups: dict[str, list[Incident]] = {}
        for inc in self.incidents():
            groups.setdefault(inc.event_id or inc.id, []).append(inc)
        order = ("day", "week", "month", "year")
        out = []
        for event_id, reports in groups.items():
            best = min(reports, key=lambda i: (i.geo_precision or 9, order.index(i.date_precision or "year"),
                                               -(i.confidence or 0)))
            record = best.as_dict()
            record["event_id"] = event_id
            record["actors"] = list(dict.fromkeys(a for r in reports for a in r.actors))
            record["sources"] = [
                {"article_id": r.article_id, "headline": r.headline, "outlet": r.outlet,
                 "published": r.published.isoformat() if r.published else None, "source": r.source,
                 "quote": r.quote}
                for r in reports
            ]
            record["confidence"] = round(min(0.95, max(r.confidence or 0 for r in reports) + 0.05 * (len(reports) - 1)), 2)
            out.append(record)
        return sorted(out, key=lambda e: (e["date"] or "", e["event_id"]))

    def unresolved(self) -> list[dict]:
        """Place names no gazetteer layer knows, with the sentence and article they came from."""
        rows = self.conn.execute(
            "SELECT u.name, u.sentence, a.headline, a.source FROM unresolved u JOIN articles a ON a.id = u.article_id "
            "ORDER BY u.name"
        ).fetchall()
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "articles": q("SELECT COUNT(*) FROM articles").fetchone()[0],
            "reports": q("SELECT COUNT(*) FROM incidents").fetchone()[0],
            "events": q("SELECT COUNT(DISTINCT event_id) FROM incidents").fetchone()[0],
            "unresolved": q("SELECT COUNT(DISTINCT name) FROM unresolved").fetchone()[0],
        }

    # -- user gazetteer -----------------------------------------------------------------
    def add_places(self, entries: Sequence[tuple[Place, Sequence[str]]]) -> int:
        """Add entries to the user's gazetteer layer; returns how many were new."""
        before = self.conn.execute("SELECT COUNT(*) FROM user_places").fetchone()[0]
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO user_places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(p.name, "|".join(n for n in names if n != p.name), p.kind, p.lat, p.lon, p.precision_km,
                  p.admin1, p.country, p.operator, p.status, p.period, p.source, p.population)
                 for p, names in entries],
            )
        return self.conn.execute("SELECT COUNT(*) FROM user_places").fetchone()[0] - before

    def user_places(self) -> list[tuple[Place, list[str]]]:
        rows = self.conn.execute("SELECT * FROM user_places").fetchall()
        return [
            (Place(r["name"], r["lat"], r["lon"], r["kind"] or "village", r["admin1"] or "", r["country"] or "",
                   r["precision_km"] or 5.0, "user", r["operator"] or "", r["status"] or "", r["period"] or "",
                   r["source"] or "", r["population"] or 0),
             [r["name"], *[a for a in (r["aliases"] or "").split("|") if a]])
            for r in rows
        ]

    # -- online geocoder cache ------------------------------------------------------------
    def cached_geocode(self, query: str) -> tuple[bool, dict | None]:
        row = self.conn.execute("SELECT result FROM geocode_cache WHERE query = ?", (query,)).fetchone()
        return (True, json.loads(row["result"])) if row else (False, None)

    def cache_geocode(self, query: str, result: dict | None) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?)",
                              (query, json.dumps(result), dt.datetime.now(dt.timezone.utc).isoformat()))


def open_store(path: str | Path | None = None, *, seeds: str | Path | None = DEFAULT_SEEDS) -> Store:
    """Open the store, building it from ``seeds`` when it is empty and re-extracting when stale."""
    from geo.corpus import read_articles

    store = Store(path)
    if store.counts()["articles"] == 0 and seeds is not None and Path(seeds).exists():
        store.ingest(read_articles(seeds))
    elif not store.is_current():
        store.reextract()
    return store
