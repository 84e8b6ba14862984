"""geo.store: articles and incidents in a real SQLite file."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

from tests.conftest import SEEDS, make_article
from geo.corpus import read_articles
from geo.records import Place
from geo.store import PIPELINE_VERSION, Store, open_store

ZUBAYDIYYA = ("Clashes erupted on Friday in the village of Qaryat Zubaydiyya, east of Deir ez-Zor, "
              "between SDF fighters and tribal gunmen.")


def test_ingest_seeds_then_again_adds_nothing(store, seed_articles):
    first = store.ingest(seed_articles)
    assert (first.articles_added, first.articles_skipped) == (7, 0)
    assert first.incidents_added > 0
    counts = store.counts()
    assert counts["articles"] == 7
    assert counts["reports"] == first.incidents_added

    second = store.ingest(read_articles(SEEDS))
    assert (second.articles_added, second.articles_skipped, second.incidents_added) == (0, 7, 0)
    assert store.counts() == counts


def test_store_is_a_real_sqlite_file(tmp_path, seed_articles):
    path = tmp_path / "incidents.sqlite"
    with Store(path) as s:
        report = s.ingest(seed_articles)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 7
        assert con.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == report.incidents_added
        headlines = {r[0] for r in con.execute("SELECT headline FROM articles")}
        assert "Israel Presses Jenin Raid" in headlines
        # every incident row points at a stored article and keeps its quote as JSON-listed sentences
        for article_id, quote, quotes in con.execute("SELECT article_id, quote, quotes FROM incidents"):
            body = con.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
            assert quote in body
            assert quote in json.loads(quotes)
    finally:
        con.close()


def test_store_round_trips_articles(store, seed_articles):
    store.ingest(seed_articles)
    stored = {a.id: a for a in store.articles()}
    assert set(stored) == {a.id for a in seed_articles}
    for a in seed_articles:
        b = stored[a.id]
        assert (b.headline, b.body, b.outlet, b.published, b.date_precision, b.date_origin) == (
            a.headline, a.body, a.outlet, a.published, a.date_precision, a.date_origin)
    jenin = next(a for a in seed_articles if a.headline == "Israel Presses Jenin Raid")
    assert store.article(jenin.id) == stored[jenin.id]
    assert store.article("0" * 16) is None


def test_stored_incidents_keep_what_was_extracted(seeded_store, seed_articles, extractor):
    stored = {i.id: i for i in seeded_store.incidents()}
    for article in seed_articles:
        for inc in extractor.extract(article):
            s = stored[inc.id]
            assert (s.event_type, s.actors, s.date, s.date_precision, s.place, s.lat, s.lon, s.geo_precision,
                    s.killed, s.injured, s.quote, s.quotes) == (
                inc.event_type, inc.actors, inc.date, inc.date_precision, inc.place, inc.lat, inc.lon,
                inc.geo_precision, inc.killed, inc.injured, inc.quote, inc.quotes)
            assert (s.headline, s.outlet, s.published) == (article.headline, article.outlet, article.published)


def test_mechanism_reports_in_two_articles_share_one_event(seeded_store):
    hotline = [i for i in seeded_store.incidents()
               if i.event_type == "hotline" and i.date and i.date.year == 2015]
    sources = {i.source.rsplit("/", 1)[-1][:3] for i in hotline}
    assert sources == {"002", "004"}, [(i.source, i.event_id) for i in hotline]
    assert len({i.event_id for i in hotline}) == 1

    [event] = [e for e in seeded_store.events() if e["event_id"] == hotline[0].event_id]
    assert len(event["sources"]) == 2
    assert {s["outlet"] for s in event["sources"]} == {"Republic World", "The Associated Press"}
    assert {"Israel", "Russia"} <= set(event["actors"])
    assert event["date"].startswith("2015")
    for s in event["sources"]:
        assert s["quote"] and s["headline"] and s["published"]


def test_unrelated_events_are_not_grouped(seeded_store):
    events = seeded_store.events()
    assert len(events) == seeded_store.counts()["events"]
    for e in events:
        if len(e["sources"]) > 1:
            assert len({s["article_id"] for s in e["sources"]}) == len(e["sources"])  # one report per article
    by_type = {}
    for e in events:
        by_type.setdefault(e["event_type"], []).append(e)
    # the collision (2020) and the Jenin raid (2025) are different events from the same file
    assert "collision" in by_type and "raid" in by_type
    assert all(len(e["sources"]) == 1 for e in by_type["collision"])


def test_events_are_sorted_by_date(seeded_store):
    dates = [e["date"] or "" for e in seeded_store.events()]
    assert dates == sorted(dates)


def test_unresolved_lists_an_unknown_village(store):
    article = make_article(ZUBAYDIYYA, dt.date(2023, 8, 30), headline="Clashes East of Deir ez-Zor")
    store.ingest([article])
    rows = store.unresolved()
    names = [r["name"] for r in rows]
    assert "Qaryat Zubaydiyya" in names
    row = rows[names.index("Qaryat Zubaydiyya")]
    assert row["sentence"] == ZUBAYDIYYA
    assert row["headline"] == "Clashes East of Deir ez-Zor"
    assert store.counts()["unresolved"] >= 1
    assert "Deir ez-Zor" not in names  # a known place is not unresolved


def test_a_user_place_resolves_the_village_after_reextract(store):
    store.ingest([make_article(ZUBAYDIYYA, dt.date(2023, 8, 30), headline="Clashes East of Deir ez-Zor")])
    village = Place("Qaryat Zubaydiyya", 35.36, 40.25, "village", "Deir ez-Zor", "Syria", 2.0, "user")
    assert store.add_places([(village, ["Qaryat Zubaydiyya", "Zubaydiyya"])]) == 1
    store.reextract()
    assert "Qaryat Zubaydiyya" not in [r["name"] for r in store.unresolved()]
    [inc] = [i for i in store.incidents() if i.event_type == "clashes"]
    assert inc.place == "Qaryat Zubaydiyya"
    assert (round(inc.lat, 2), round(inc.lon, 2)) == (35.36, 40.25)
    assert inc.geo_precision == 1


def test_reextract_keeps_counts(tmp_path, seed_articles):
    with Store(tmp_path / "incidents.sqlite") as s:
        s.ingest(seed_articles)
        before = s.counts()
        ids_before = sorted(i.id for i in s.incidents())
        report = s.reextract()
        assert report.articles_added == before["articles"]
        assert s.counts() == before
        assert sorted(i.id for i in s.incidents()) == ids_before
        assert s.is_current()


def test_open_store_builds_from_seeds_when_missing(tmp_path):
    path = tmp_path / "data" / "incidents.sqlite"
    assert not path.exists()
    s = open_store(path, seeds=SEEDS)
    try:
        assert path.exists()
        assert s.counts()["articles"] == 7
        assert s.counts()["reports"] > 0
        assert s.get_meta("pipeline_version") == PIPELINE_VERSION
    finally:
        s.close()
    again = open_store(path, seeds=SEEDS)  # existing and current: nothing added
    try:
        assert again.counts()["articles"] == 7
    finally:
        again.close()


def test_open_store_without_seeds_is_empty(tmp_path):
    s = open_store(tmp_path / "incidents.sqlite", seeds=None)
    try:
        assert s.counts() == {"articles": 0, "reports": 0, "events": 0, "unresolved": 0}
    finally:
        s.close()


def test_open_store_reextracts_a_stale_store(tmp_path, seed_articles):
    path = tmp_path / "incidents.sqlite"
    with Store(path) as s:
        s.ingest(seed_articles)
        expected = s.counts()
        s.conn.execute("DELETE FROM incidents")
        s.conn.commit()
        s.set_meta("pipeline_version", "0")
    reopened = open_store(path, seeds=SEEDS)
    try:
        assert reopened.is_current()
        assert reopened.counts() == expected
    finally:
        reopened.close()


def test_geocode_cache_round_trip(store):
    assert store.cached_geocode("Derik") == (False, None)
    store.cache_geocode("Derik", {"lat": 37.18, "lon": 42.14})
    store.cache_geocode("Nowhereville", None)
    assert store.cached_geocode("Derik") == (True, {"lat": 37.18, "lon": 42.14})
    assert store.cached_geocode("Nowhereville") == (True, None)
