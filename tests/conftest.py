"""Shared fixtures for the pipeline's tests: the seed corpus, its extraction, a real SQLite store.

Everything here runs offline and reads real text through the real pipeline; nothing is mocked.
Reference coordinates used by the tests are an analyst's own (see ``PLACES``), not the
gazetteer's, and distances are computed here, independently of :mod:`geo.gazetteer`.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from geo.corpus import read_articles
from geo.extract import Extractor
from geo.records import Article, Incident
from geo.store import Store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

#: Headlines of the seed articles as metadata.csv gives them (short keys for the tests).
HEADLINES = {
    "coordination": "Efforts to Activate Russian-US Coordination in Syria",
    "jenin": "Israel Presses Jenin Raid",
    "ankara": "Russia, Turkey to Discuss ‘New Sochi’ Agreement in Ankara",
    "coalition": "Coalition Bases in Northeast Syria on High Alert Amid Fears of Militia Attacks",
    "sochi": "Israel-Russia agree to continue implementing deconfliction mechanism in Syria",
    "pentagon": "The Pentagon reported a clash with the Russians in Syria: “They know where we are.”",
    "ap2015": "Israel Military Says It Is Coordinating With Russia on Syria",
}

#: Where places are, from an analyst's own knowledge (lat, lon), not from gazetteer.csv.
PLACES = {
    "al-Malikiyah": (37.18, 42.14),
    "Tel Tamr": (36.65, 40.37),
    "Damascus": (33.51, 36.29),
    "Jenin": (32.46, 35.30),
    "Sochi": (43.60, 39.73),
    "Ankara": (39.93, 32.86),
    "Moscow": (55.75, 37.62),
    "Washington": (38.90, -77.04),
    "al-Mansoura": (35.84, 38.74),
    "Raqqa": (35.95, 39.01),
    "Qamishli": (37.05, 41.23),
    "Hasakah": (36.50, 40.75),
    "Mezzeh airbase": (33.48, 36.22),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine on a 6371 km sphere)."""
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def point(incident: Incident) -> tuple[float, float]:
    assert incident.lat is not None and incident.lon is not None, f"incident has no point: {describe(incident)}"
    return incident.lat, incident.lon


def describe(incident: Incident) -> str:
    """One line that says what was extracted, for assertion messages."""
    return (f"{incident.event_type} {incident.actors} {incident.date} ({incident.date_precision}) at "
            f"{incident.place} ({incident.lat}, {incident.lon}) g{incident.geo_precision} "
            f"±{incident.precision_km} km: {incident.quote[:90]!r}")


def describe_all(incidents: Iterable[Incident]) -> str:
    return "\n".join("  " + describe(i) for i in incidents) or "  (none)"


def pick(incidents: list[Incident], types: Iterable[str], where: Callable[[Incident], bool] = lambda i: True,
         what: str = "") -> Incident:
    """The one incident of ``types`` that satisfies ``where``; fails with everything that was extracted."""
    types = set(types)
    found = [i for i in incidents if i.event_type in types and where(i)]
    assert found, f"no {'/'.join(sorted(types))} incident {what}; extracted:\n{describe_all(incidents)}"
    return found[0]


def make_article(body: str, published: dt.date | None = dt.date(2022, 11, 22), *,
                 headline: str = "Wire report", source: str = "wire.txt", precision: str = "day") -> Article:
    """An article as the corpus reader would give it (metadata outlet and date)."""
    return Article(source, headline, body, "Test Wire", published, precision if published else None,
                   "metadata" if published else "unknown")


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return read_articles(SEEDS)


@pytest.fixture(scope="session")
def seed_by_key(seed_articles) -> dict[str, Article]:
    """Seed articles by the short keys of ``HEADLINES``."""
    by_headline = {a.headline: a for a in seed_articles}
    missing = [h for h in HEADLINES.values() if h not in by_headline]
    assert not missing, f"seed articles not found: {missing}; got {list(by_headline)}"
    return {key: by_headline[h] for key, h in HEADLINES.items()}


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_incidents(seed_by_key, extractor) -> dict[str, list[Incident]]:
    """What the pipeline extracts from each seed article, by article key."""
    return {key: extractor.extract(article) for key, article in seed_by_key.items()}


@pytest.fixture
def store(tmp_path) -> Store:
    """An empty store in a real SQLite file under tmp_path."""
    s = Store(tmp_path / "incidents.sqlite")
    yield s
    s.close()


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory, seed_articles) -> Store:
    """A store in a real SQLite file with the seed corpus ingested once (read-only use)."""
    s = Store(tmp_path_factory.mktemp("seeded") / "incidents.sqlite")
    s.ingest(seed_articles)
    yield s
    s.close()
