"""geo.viewstate: the view <-> URL query string, and links that no longer fit the data."""
from __future__ import annotations

import dataclasses
from urllib.parse import parse_qsl, urlencode

import pytest

from geo.viewstate import DEFAULT_LAYERS, LAYERS, MAX_DATE, MAX_NEAR_KM, MIN_DATE, ViewState, Vocabulary

#: A vocabulary as the app builds it: what the data and the widgets offer.
KNOWN = Vocabulary(
    actors=frozenset({"Russia", "United States", "Israel", "Turkey", "Civilians"}),
    types=frozenset({"interception", "collision", "airstrike", "talks"}),
    regions=frozenset({"Hasakah", "Aleppo", "Syria", "Russia"}),
    operators=frozenset({"Russia", "United States", "Turkey"}),
)

#: Every field set to something other than its default (coordinates at the 4 decimals a link keeps).
FULL = ViewState(
    actors=("Russia", "United States"), types=("interception", "collision"), regions=("Hasakah", "Aleppo"),
    start="2020-01-01", end="2020-12-31", q="Tel Tamr & patrol", min_confidence=0.65,
    layers=("incidents", "heatmap"), near_km=42.5, near_actor=("Turkey",),
    lat=36.6556, lon=40.3708, zoom=9, selected="e64451f69a204cf2",
)


def through_url(state: ViewState, known: Vocabulary = KNOWN) -> tuple[ViewState, list[str]]:
    """The state after a trip through a real query string (encoded, then parsed as a server would)."""
    query = dict(parse_qsl(urlencode(state.to_query()), keep_blank_values=True))
    return ViewState.from_query(query, known)


# -- round trip ----------------------------------------------------------------------------------------

def test_every_field_differs_from_its_default_in_the_full_state():
    # Guards the round-trip test below: a field left at its default would not be exercised.
    default = ViewState()
    same = [f.name for f in dataclasses.fields(ViewState) if getattr(FULL, f.name) == getattr(default, f.name)]
    assert same == []


def test_every_field_round_trips_through_the_url():
    again, notices = through_url(FULL)
    assert notices == []
    assert again == FULL


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(ViewState)])
def test_each_field_round_trips_alone(field):
    state = ViewState(**{field: getattr(FULL, field)})
    if field in ("lat", "lon"):  # a centre needs both
        state = ViewState(lat=FULL.lat, lon=FULL.lon)
    if field == "near_km":  # proximity needs an operator to mean anything, but the radius travels alone
        state = ViewState(near_km=FULL.near_km)
    again, notices = through_url(state)
    assert notices == []
    assert again == state


def test_defaults_are_left_out_of_the_query():
    assert ViewState().to_query() == {}
    assert ViewState(layers=DEFAULT_LAYERS, q="", min_confidence=0.0).to_query() == {}


def test_only_changed_fields_appear():
    query = ViewState(actors=("Russia",), zoom=6).to_query()
    assert set(query) == {"actors", "zoom"}


def test_query_uses_the_documented_names():
    assert set(FULL.to_query()) == {"actors", "types", "regions", "from", "to", "q", "conf", "layers", "near_km",
                                    "near_actor", "lat", "lon", "zoom", "sel"}


def test_no_layers_is_written_as_none_and_read_back_as_empty():
    state = ViewState(layers=())
    assert state.to_query() == {"layers": "none"}
    again, notices = ViewState.from_query({"layers": "none"}, KNOWN)
    assert again.layers == () and notices == []


def test_layers_other_than_the_default_are_kept_in_order():
    state, notices = ViewState.from_query({"layers": "heatmap,incidents,heatmap"}, KNOWN)
    assert state.layers == ("heatmap", "incidents")  # a repeated layer counts once
    assert notices == []


def test_absent_layers_param_means_the_default_layers():
    state, _ = ViewState.from_query({}, KNOWN)
    assert state.layers == DEFAULT_LAYERS


def test_repeated_param_takes_the_last_value():
    state, notices = ViewState.from_query({"actors": ["Israel", "Russia"]}, KNOWN)
    assert state.actors == ("Russia",) and notices == []


def test_open_vocabulary_accepts_any_name():
    state, notices = ViewState.from_query({"actors": "Somebody New", "regions": "Anywhere"})
    assert state.actors == ("Somebody New",) and state.regions == ("Anywhere",)
    assert notices == []


# -- stale and malformed links ------------------------------------------------------------------------

def notice_about(notices: list[str], *words: str) -> bool:
    return any(all(w in n for w in words) for n in notices)


def test_unknown_parameter_is_ignored_with_a_notice():
    state, notices = ViewState.from_query({"actors": "Russia", "utm_source": "mail", "colour": "red"}, KNOWN)
    assert state == ViewState(actors=("Russia",))
    assert notice_about(notices, "colour", "utm_source")


def test_actor_not_in_the_vocabulary_is_dropped_with_a_notice():
    state, notices = ViewState.from_query({"actors": "Russia,Narnia"}, KNOWN)
    assert state.actors == ("Russia",)
    assert notice_about(notices, "actors", "Narnia")


@pytest.mark.parametrize("key,value", [("types", "teleportation"), ("regions", "Atlantis"),
                                       ("layers", "satellite")])
def test_other_unknown_list_values_are_dropped_with_a_notice(key, value):
    state, notices = ViewState.from_query({key: value}, KNOWN)
    assert notice_about(notices, key, value)
    assert value not in getattr(state, key)


def test_near_actor_must_be_an_operator_of_bases():
    # Civilians are a known actor but have no bases: the operator widget could not show them.
    state, notices = ViewState.from_query({"near_actor": "Civilians,Turkey", "near_km": "20"}, KNOWN)
    assert state.near_actor == ("Turkey",)
    assert notice_about(notices, "near_actor", "Civilians")


def test_near_actor_falls_back_to_actors_without_an_operator_list():
    known = dataclasses.replace(KNOWN, operators=None)
    state, notices = ViewState.from_query({"near_actor": "Civilians"}, known)
    assert state.near_actor == ("Civilians",) and notices == []


@pytest.mark.parametrize("key,value", [
    ("from", "2020-13-45"), ("to", "yesterday"), ("from", "1900-01-01"), ("to", "2200-01-01"),
    ("zoom", "99"), ("zoom", "7.5"), ("zoom", "-1"), ("conf", "1.5"), ("conf", "nan"), ("conf", "high"),
    ("near_km", "-3"), ("near_km", "inf"), ("lat", "91"), ("lon", "-181"),
])
def test_bad_values_are_ignored_with_a_notice_and_never_raise(key, value):
    query = {key: value, "lat": "36.0", "lon": "40.0"} if key in ("lat", "lon") else {key: value}
    query[key] = value
    state, notices = ViewState.from_query(query, KNOWN)
    assert notice_about(notices, key, value)
    field = {"from": "start", "to": "end", "conf": "min_confidence"}.get(key, key)
    assert getattr(state, field) == getattr(ViewState(), field)


def test_dates_at_the_limits_are_accepted():
    state, notices = ViewState.from_query({"from": MIN_DATE.isoformat(), "to": MAX_DATE.isoformat()}, KNOWN)
    assert (state.start, state.end) == (MIN_DATE.isoformat(), MAX_DATE.isoformat()) and notices == []


def test_proximity_radius_is_bounded_by_what_the_app_offers():
    state, notices = ViewState.from_query({"near_km": f"{MAX_NEAR_KM:g}"}, KNOWN)
    assert state.near_km == MAX_NEAR_KM and notices == []
    state, notices = ViewState.from_query({"near_km": f"{MAX_NEAR_KM + 1:g}"}, KNOWN)
    assert state.near_km is None and notice_about(notices, "near_km")


def test_latitude_without_longitude_is_dropped_with_a_notice():
    state, notices = ViewState.from_query({"lat": "36.5", "zoom": "8"}, KNOWN)
    assert (state.lat, state.lon) == (None, None)
    assert state.zoom == 8  # the rest of the link still counts
    assert notice_about(notices, "lat", "lon")


def test_date_range_that_ends_before_it_starts_is_dropped_with_a_notice():
    state, notices = ViewState.from_query({"from": "2021-06-01", "to": "2020-06-01", "actors": "Israel"}, KNOWN)
    assert (state.start, state.end) == (None, None)
    assert state.actors == ("Israel",)
    assert notice_about(notices, "date range")


def test_a_single_day_range_is_valid():
    state, notices = ViewState.from_query({"from": "2020-02-15", "to": "2020-02-15"}, KNOWN)
    assert state.start == state.end == "2020-02-15" and notices == []


def test_everything_wrong_at_once_still_gives_a_state():
    query = {"actors": "Narnia", "types": "", "from": "2020-13-45", "to": "2019-01-01", "zoom": "99",
             "lat": "x", "conf": "", "q": "  ", "sel": "", "extra": "1", "layers": "none,bogus"}
    state, notices = ViewState.from_query(query, KNOWN)
    assert isinstance(state, ViewState)
    assert state.actors == () and state.zoom is None and state.q == ""
    assert len(notices) >= 4


def test_query_text_is_trimmed_and_capped():
    state, _ = ViewState.from_query({"q": "  " + "x" * 500 + "  "}, KNOWN)
    assert state.q == "x" * 200


def test_from_query_does_not_change_its_input():
    query = {"actors": "Russia,Narnia", "layers": "none"}
    ViewState.from_query(query, KNOWN)
    assert query == {"actors": "Russia,Narnia", "layers": "none"}


def test_with_returns_a_changed_copy():
    state = ViewState(actors=("Russia",))
    assert state.with_(zoom=5) == ViewState(actors=("Russia",), zoom=5)
    assert state.zoom is None


def test_all_layers_are_known():
    state, notices = ViewState.from_query({"layers": ",".join(LAYERS)}, KNOWN)
    assert state.layers == LAYERS and notices == []
