"""Offline tests of geo.geocoder: the opt-in Nominatim fallback, with a fake geocoder injected.

Nothing here reaches the network: the fake records what it is asked and answers
like geopy's Nominatim (a ``Location`` with ``latitude``, ``longitude`` and ``raw``)
or fails like it does offline.
"""
from __future__ import annotations

import contextlib
import io
import json
from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

from geo._errors import OfflineError
from geo.cli import main
from geo.gazetteer import Gazetteer
from geo.geocoder import COUNTRY_CODES, ENV_ENABLE, MIN_DELAY_SECONDS, OnlineGeocoder, enabled, from_environment
from geo.records import Place
from geo.store import Store


class FakeNominatim:
    """Answers from a dict of query -> (lat, lon, addresstype), or raises ``error``."""

    def __init__(self, answers: dict | None = None, error: Exception | None = None):
        self.answers = answers or {}
        self.error = error
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        if self.error:
            raise self.error
        if query not in self.answers:
            return None
        lat, lon, kind = self.answers[query]
        raw = {"name": query, "addresstype": kind, "osm_type": "node", "osm_id": 42,
               "address": {"country": "Syria", "state": "Deir ez-Zor Governorate"}}
        return SimpleNamespace(latitude=lat, longitude=lon, raw=raw, address=f"{query}, Syria")


class Clock:
    """Stands in for the rate limiter's clock and sleep: time passes only when it sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "cache.sqlite")
    yield s
    s.close()


@pytest.fixture
def small() -> list[tuple[Place, list[str]]]:
    return [(Place("Hajin", 34.6951, 40.8314, "town", "Deir ez-Zor", "Syria"), ["Hajin", "Hajeen"])]


def online(store, fake, clock: Clock | None = None) -> OnlineGeocoder:
    geocoder = OnlineGeocoder(store, geocoder=fake)
    if clock:
        geocoder.rate_limited._clock = clock.clock
        geocoder.rate_limited._sleep = clock.sleep
    return geocoder


def test_off_unless_the_user_opts_in(monkeypatch):
    monkeypatch.delenv(ENV_ENABLE, raising=False)
    assert not enabled()
    assert from_environment() is None
    assert Gazetteer.from_sources(curated=None, geonames=False).online is None
    assert enabled({ENV_ENABLE: "1"}) and not enabled({ENV_ENABLE: "0"})


def test_an_explicit_argument_overrides_the_environment(monkeypatch):
    monkeypatch.setenv(ENV_ENABLE, "1")
    assert Gazetteer.from_sources(curated=None, geonames=False).online is not None
    assert Gazetteer.from_sources(curated=None, geonames=False, online=False).online is None
    monkeypatch.delenv(ENV_ENABLE)
    assert isinstance(Gazetteer.from_sources(curated=None, geonames=False, online=True).online, OnlineGeocoder)


def test_enabled_by_the_environment_builds_a_polite_nominatim(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_ENABLE, "1")
    geocoder = from_environment(tmp_path / "cache.sqlite")
    assert geocoder is not None
    nominatim = geocoder.geocoder
    assert type(nominatim).__name__ == "Nominatim"
    assert "geo-incidents" in nominatim.headers["User-Agent"]  # a descriptive agent, not geopy's default
    assert geocoder.rate_limited.min_delay_seconds == MIN_DELAY_SECONDS == 1.0


def test_asked_only_for_names_no_offline_layer_knows(store, small):
    fake = FakeNominatim({"Jdid Bakkara": (35.20, 40.35, "village")})
    gaz = Gazetteer(small, online=online(store, fake))
    assert gaz.resolve("Hajeen").name == "Hajin"
    assert fake.calls == []
    place = gaz.resolve("Jdid Bakkara")
    assert (place.lat, place.lon, place.layer, place.kind) == (35.20, 40.35, "online", "village")
    assert place.country == "Syria" and place.source.startswith("Nominatim")
    # ... and the text matcher and candidates() never go online.
    assert gaz.candidates("Jdid Bakkara") == [] and gaz.find("Shelling in Jdid Bakkara") == []
    assert len(fake.calls) == 1


def test_requests_are_biased_to_syria_with_a_timeout(store):
    fake = FakeNominatim({"Jdid Bakkara": (35.20, 40.35, "village")})
    online(store, fake).geocode("Jdid Bakkara")
    (query, kwargs), = fake.calls
    assert query == "Jdid Bakkara"
    assert kwargs["exactly_one"] is True
    assert set(kwargs["country_codes"]) == set(COUNTRY_CODES) and "sy" in kwargs["country_codes"]
    (south, west), (north, east) = kwargs["viewbox"]
    assert south < 32.3 < 37.4 < north and west < 35.7 < 42.4 < east  # Syria lies inside
    assert kwargs["timeout"] > 0


def test_answers_are_cached_in_the_store_across_instances(store):
    fake = FakeNominatim({"Jdid Bakkara": (35.20, 40.35, "village")})
    first = online(store, fake).geocode("Jdid Bakkara")
    again = online(store, fake).geocode("  jdid   BAKKARA ")  # same words, other case and spacing
    assert again == first
    assert len(fake.calls) == 1
    hit, cached = store.cached_geocode(OnlineGeocoder.cache_key("Jdid Bakkara"))
    assert hit and cached["lat"] == 35.20


def test_not_found_is_cached_too(store):
    fake = FakeNominatim({})
    geocoder = online(store, fake)
    assert geocoder.geocode("Nowhere at all") is None
    assert geocoder.geocode("Nowhere at all") is None
    assert len(fake.calls) == 1


def test_rate_limit_waits_a_second_between_requests(store):
    clock = Clock()
    fake = FakeNominatim({"A village": (35.0, 40.0, "village"), "B village": (35.1, 40.1, "village")})
    geocoder = online(store, fake, clock)
    geocoder.geocode("A village")
    geocoder.geocode("B village")
    geocoder.geocode("A village")  # cached: no request, no wait
    assert len(fake.calls) == 2
    assert sum(clock.slept) == pytest.approx(1.0)


@pytest.mark.parametrize("error", [GeocoderUnavailable("Name or service not known"),
                                   GeocoderTimedOut("timed out"), OSError("Network is unreachable")])
def test_offline_is_a_clear_error(store, error):
    geocoder = online(store, FakeNominatim(error=error), Clock())
    with pytest.raises(OfflineError) as raised:
        geocoder.geocode("Jdid Bakkara")
    message = str(raised.value)
    assert "Nominatim" in message and "could not be reached" in message and ENV_ENABLE in message
    hit, _ = store.cached_geocode(OnlineGeocoder.cache_key("Jdid Bakkara"))
    assert not hit  # a failure is not an answer: it is asked again next time


def test_cli_reports_offline_and_exits_2(monkeypatch, tmp_path, capsys):
    """End to end: the opt-in setting, the CLI, and a network that is down."""
    import geopy.extra.rate_limiter
    import geopy.geocoders

    monkeypatch.setenv(ENV_ENABLE, "1")
    clock = Clock()  # the retry's pause passes without taking a second
    monkeypatch.setattr(geopy.extra.rate_limiter, "sleep", clock.sleep)
    monkeypatch.setattr(geopy.extra.rate_limiter, "default_timer", clock.clock)
    monkeypatch.setattr(geopy.geocoders, "Nominatim",
                        lambda **kwargs: FakeNominatim(error=GeocoderUnavailable("no route to host")))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["resolve", "Hajin", "Qzxw Unknownville", "--db", str(tmp_path / "db.sqlite")])
    assert code == 2
    assert json.loads(out.getvalue().splitlines()[0])["name"] == "Hajin"  # offline layers answered first
    assert "could not be reached" in capsys.readouterr().err
    assert clock.slept and max(clock.slept) >= 1.0  # one polite retry after a pause, then the message
