"""The Streamlit app, run headless with Streamlit's AppTest on its own SQLite file built from the seeds.

Expected counts are computed here from the same store with :mod:`geo.filters`, never copied
from the app's output: the app must show what the library says the filters select.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo.corpus import parse_file, read_articles
from geo.filters import apply_filters, events_frame
from geo.gazetteer import Gazetteer
from geo.store import Store
from geo.viewstate import ViewState

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
CAPTION = re.compile(r"^(\d+) of (\d+) events from (\d+) articles")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """``GEO_DB`` pointing at a file that does not exist yet: the app builds it from the seeds."""
    path = tmp_path_factory.mktemp("app") / "incidents.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEO_DB", str(path))
        mp.setenv("GEO_ONLINE_GEOCODER", "0")
        # Streamlit's caches live as long as the process: drop any store another test opened.
        st.cache_resource.clear()
        st.cache_data.clear()
        yield path
        st.cache_resource.clear()
        st.cache_data.clear()


def open_app(**query: str) -> AppTest:
    """A new browser session on the app, opened with ``query`` as its URL's query string."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def first_run(db) -> AppTest:
    return open_app()


@pytest.fixture(scope="module")
def stored(first_run, db) -> tuple[list[dict], dict]:
    """The events and counts in the file the app built, read back through a separate connection."""
    assert db.exists()
    with Store(db) as store:
        return store.events(), store.counts()


@pytest.fixture(scope="module")
def frame(stored) -> pd.DataFrame:
    return events_frame(stored[0])


@pytest.fixture(scope="module")
def bases() -> list:
    return [p for p in Gazetteer.default().places if p.operator]


def shown(at: AppTest) -> tuple[int, int, int]:
    """(shown, total, articles) from the caption under the title."""
    for caption in at.caption:
        match = CAPTION.match(caption.value)
        if match:
            return tuple(int(g) for g in match.groups())
    raise AssertionError(f"no count caption in {[c.value for c in at.caption]}")


def expected_ids(frame: pd.DataFrame, state: ViewState, bases: list) -> set[str]:
    return set(apply_filters(frame, state, bases)["event_id"])


def table_ids(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["event_id"])


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- the app and its store ---------------------------------------------------------------------------------

def test_app_runs_and_builds_its_store_from_the_seeds(first_run, stored):
    no_errors(first_run)
    assert first_run.title[0].value == "Syria incident map"
    events, counts = stored
    assert counts["articles"] == len(read_articles(REPO / "seeds"))
    assert events, "the seeds should give events"


def test_caption_counts_every_stored_event(first_run, stored):
    events, counts = stored
    assert shown(first_run) == (len(events), counts["events"], counts["articles"])
    assert len(events) == counts["events"]


def test_table_lists_every_event_without_filters(first_run, stored):
    assert table_ids(first_run) == {e["event_id"] for e in stored[0]}


# -- filters change the view and the link --------------------------------------------------------------------

def test_choosing_actors_puts_them_in_the_link_and_filters_the_events(frame, bases):
    at = open_app()
    at.multiselect(key="f_actors").set_value(["Russia", "United States"]).run()
    no_errors(at)
    assert at.query_params["actors"] == "Russia,United States"
    expected = expected_ids(frame, ViewState(actors=("Russia", "United States")), bases)
    assert 0 < len(expected) < len(frame), "the seeds should have events with and without these actors"
    assert shown(at)[0] == len(expected)
    assert table_ids(at) == expected
    assert "actors=Russia%2CUnited+States" in at.text_input(key="share_link").value


def test_date_range_filter(frame, bases):
    at = open_app()
    at.date_input(key="f_start").set_value(dt.date(2020, 1, 1))
    at.date_input(key="f_end").set_value(dt.date(2020, 12, 31)).run()
    no_errors(at)
    assert (at.query_params["from"], at.query_params["to"]) == ("2020-01-01", "2020-12-31")
    expected = expected_ids(frame, ViewState(start="2020-01-01", end="2020-12-31"), bases)
    assert 0 < len(expected) < len(frame)
    assert shown(at)[0] == len(expected)
    assert table_ids(at) == expected
    dates = pd.to_datetime(at.dataframe[0].value["date"])
    assert dates.min() >= pd.Timestamp("2020-01-01") and dates.max() <= pd.Timestamp("2020-12-31")


def test_text_search_and_confidence(frame, bases):
    at = open_app()
    at.text_input(key="f_q").set_value("Russian")
    at.slider(key="f_conf").set_value(0.7).run()
    no_errors(at)
    assert at.query_params["q"] == "Russian" and at.query_params["conf"] == "0.7"
    expected = expected_ids(frame, ViewState(q="Russian", min_confidence=0.7), bases)
    assert shown(at)[0] == len(expected)
    assert table_ids(at) == expected


def test_near_base_filter(frame, bases):
    at = open_app()
    at.multiselect(key="f_near_actor").set_value(["United States"])
    at.number_input(key="f_near_km").set_value(60.0).run()
    no_errors(at)
    assert at.query_params["near_actor"] == "United States" and at.query_params["near_km"] == "60"
    expected = expected_ids(frame, ViewState(near_actor=("United States",), near_km=60.0), bases)
    assert len(expected) < len(frame)
    assert table_ids(at) == expected


# -- links ----------------------------------------------------------------------------------------------------------

def test_a_link_restores_the_widgets_and_comes_back_unchanged(frame, bases):
    query = {"actors": "Russia", "types": "interception,collision", "from": "2020-01-01", "to": "2020-12-31",
             "layers": "incidents,heatmap", "conf": "0.5"}
    at = open_app(**query)
    no_errors(at)
    assert at.sidebar.warning.len == 0
    assert at.multiselect(key="f_actors").value == ["Russia"]
    assert at.multiselect(key="f_types").value == ["interception", "collision"]
    assert at.date_input(key="f_start").value == dt.date(2020, 1, 1)
    assert at.date_input(key="f_end").value == dt.date(2020, 12, 31)
    assert at.multiselect(key="f_layers").value == ["incidents", "heatmap"]
    assert at.slider(key="f_conf").value == 0.5
    assert dict(at.query_params) == query
    state, _ = ViewState.from_query(query)
    assert table_ids(at) == expected_ids(frame, state, bases)


def test_unknown_parameter_and_actor_give_a_sidebar_notice_not_an_error(frame, bases):
    at = open_app(actors="Russia,Narnia", colour="red")
    no_errors(at)
    notices = " ".join(w.value for w in at.sidebar.warning)
    assert "Narnia" in notices and "colour" in notices
    assert at.multiselect(key="f_actors").value == ["Russia"]
    assert dict(at.query_params) == {"actors": "Russia"}  # the link is cleaned up
    assert shown(at)[0] == len(expected_ids(frame, ViewState(actors=("Russia",)), bases))


@pytest.mark.parametrize("query", [
    {"from": "2020-13-45"},
    {"from": "1900-01-01"},                     # outside what the date widget accepts
    {"from": "2021-01-01", "to": "2020-01-01"},
    {"zoom": "99"},
    {"lat": "36.5"},
    {"near_km": "1000", "near_actor": "Russia"},  # more than the radius widget accepts
    {"near_actor": "Civilians"},                 # an actor, but with no bases to be near
    {"layers": "satellite"},
])
def test_stale_or_malformed_links_open_the_app_with_a_notice(query):
    at = open_app(**query)
    no_errors(at)
    assert at.sidebar.warning.len >= 1
    assert shown(at)[0] > 0 or "layers" in query


# -- exports -----------------------------------------------------------------------------------------------------------

@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What each download button would send, by file name (Streamlit's own media store, recorded)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files[filename] = path_or_data if isinstance(path_or_data, bytes) else path_or_data.encode()
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def test_download_buttons_export_the_filtered_events(frame, bases, downloads):
    at = open_app(actors="Israel")
    no_errors(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["CSV (ACLED columns)", "GeoJSON", "GeoPackage"]
    expected = expected_ids(frame, ViewState(actors=("Israel",)), bases)
    assert 0 < len(expected) < len(frame)

    rows = list(csv.DictReader(io.StringIO(downloads["incidents.csv"].decode("utf-8"), newline="")))
    assert {r["event_id_cnty"] for r in rows} == expected
    assert all(r["fatalities"] in ("",) or r["fatalities"].isdigit() for r in rows)  # counts, never "nan"

    geojson = json.loads(downloads["incidents.geojson"], parse_constant=lambda c: pytest.fail(f"{c} in GeoJSON"))
    assert {f["id"] for f in geojson["features"]} == expected

    assert downloads["incidents.gpkg"].startswith(b"SQLite format 3\x00")


# -- article text is never run -------------------------------------------------------------------------------------

#: If the map's script were evaluated as a Jinja template (folium does that to every rendered script),
#: this sentence would set GEO_SSTI in this very process.
PAYLOAD = "{{ cycler.__init__.__globals__.os.environ.setdefault(dict(GEO_SSTI=1)|first, dict(ran=1)|first) }}"
BRACES_ARTICLE = ("Jets strike Mezzeh\n\nIsraeli jets struck the Mezzeh airbase near Damascus on Monday, a war "
                  f"monitor said, quoting a post that read {PAYLOAD} before it was deleted.")


def test_template_code_in_an_article_is_not_run_by_the_map(tmp_path, monkeypatch):
    db = tmp_path / "braces.sqlite"
    with Store(db) as store:
        store.ingest(parse_file(Path("braces.txt"), text=BRACES_ARTICLE))
        quotes = [e["quote"] for e in store.events()]
    assert any(PAYLOAD in q for q in quotes), f"the pipeline should report the strike: {quotes}"
    monkeypatch.setenv("GEO_DB", str(db))
    monkeypatch.delenv("GEO_SSTI", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = open_app()
        no_errors(at)
        assert os.environ.get("GEO_SSTI") is None, "article text ran as template code in the app"
        assert shown(at)[0] == len(quotes)
    finally:
        # The next test gets the module's store back, not this one.
        st.cache_resource.clear()
        st.cache_data.clear()
