"""geo.filters: the filters behind the map, proximity to bases, and records back out of the frame.

The events are written here, so every expected answer is read off the list below; distances
come from points placed a known distance away along a geodesic, not from the code under test.
"""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from geopy.distance import geodesic

from geo.export import to_geojson
from geo.filters import (
    active_years,
    apply_filters,
    events_frame,
    haversine_km,
    nearest_bases,
    records_of,
    within_km_of_bases,
)
from geo.records import Place
from geo.viewstate import ViewState

#: A Russian base at 36.0N 40.0E and a US one a degree north-east of it.
RUSSIAN_BASE = Place("Base R", 36.0, 40.0, "airbase", "Hasakah", "Syria", 1.0, operator="Russia", status="active")
US_BASE = Place("Base U", 37.0, 41.0, "base", "Hasakah", "Syria", 1.0, operator="United States")
JOINT_BASE = Place("Base J", 35.5, 38.0, "base", "Raqqa", "Syria", 1.0, operator="Russia|Syrian government",
                   status="closed")
BASES = [RUSSIAN_BASE, US_BASE, JOINT_BASE]


def sphere_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on a 6371 km sphere, written out here as a check independent of the code."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def away(origin: Place, kilometres: float, bearing: float) -> tuple[float, float]:
    """A point ``kilometres`` from ``origin`` along a geodesic (bearing in degrees from north)."""
    p = geodesic(kilometers=kilometres).destination((origin.lat, origin.lon), bearing)
    return p.latitude, p.longitude


NEAR_10 = away(RUSSIAN_BASE, 10, 0)   # 10 km north of the Russian base
FAR_80 = away(RUSSIAN_BASE, 80, 90)   # 80 km east of it


def event(event_id: str, **kw) -> dict:
    base = {"event_id": event_id, "event_type": "interception", "actors": ["Russia", "United States"],
            "date": "2020-02-15", "date_precision": "day", "place": "Manbij", "lat": 36.5281, "lon": 37.9549,
            "geo_precision": 1, "precision_km": 2.0, "admin1": "Aleppo", "country": "Syria",
            "quote": "A Russian patrol blocked a US convoy near Manbij.", "quotes": None, "killed": None,
            "injured": None, "confidence": 0.75, "headline": "Patrols meet on the M4", "outlet": "Wire",
            "published": "2020-02-16", "source": "wire.txt", "sources": [], "note": ""}
    base.update(kw)
    return base


EVENTS = [
    event("a"),
    event("b", event_type="collision", actors=["United States", "Russia"], date="2020-08-25", place="al-Malikiyah",
          lat=37.177, lon=42.14, geo_precision=2, precision_km=10.0, injured=4, confidence=0.9,
          quote="Russian vehicles collided with a US MRAP near Derik."),
    event("c", event_type="airstrike", actors=["Israel"], date="2020-01-01", place="Damascus", lat=33.51,
          lon=36.29, admin1="Damascus", confidence=0.5, headline="JETS STRIKE near the capital", killed=3,
          quote="Israeli jets struck targets south of the capital."),
    event("d", event_type="talks", actors=["Russia", "Turkey"], date="2020-12-31", place="Ankara", lat=39.92,
          lon=32.85, admin1="", country="Turkey", confidence=None, quote="Officials met in Ankara."),
    event("e", event_type="patrol", actors=["US-led coalition"], date="2021-01-01", place="Syria-Iraq border",
          lat=None, lon=None, geo_precision=3, precision_km=250.0, admin1=None, country="Iraq", confidence=0.55,
          quote="Coalition patrols moved along the border."),
    event("f", event_type="shelling", actors=["Turkey"], date=None, date_precision=None, place="Near base",
          lat=NEAR_10[0], lon=NEAR_10[1], confidence=0.6, quote="Shells landed north of the base."),
    event("g", event_type="shelling", actors=["Turkey"], date="2019-06-30", place="East of base",
          lat=FAR_80[0], lon=FAR_80[1], confidence=0.6, quote="Shells landed east of the base."),
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return events_frame(EVENTS)


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


# -- events_frame -------------------------------------------------------------------------------------------

def test_frame_has_one_row_per_event_with_parsed_dates(frame):
    assert list(frame["event_id"]) == [e["event_id"] for e in EVENTS]
    assert frame.loc[frame["event_id"] == "b", "date"].item() == pd.Timestamp("2020-08-25")
    assert frame.loc[frame["event_id"] == "f", "date"].isna().item()


def test_region_is_the_governorate_else_the_country(frame):
    regions = dict(zip(frame["event_id"], frame["region"]))
    assert regions["a"] == "Aleppo"
    assert regions["d"] == "Turkey"  # admin1 ""
    assert regions["e"] == "Iraq"    # admin1 None


def test_actors_are_always_lists():
    frame = events_frame([event("x", actors=None), event("y", actors=("Israel",))])
    assert frame["actors"].tolist() == [[], ["Israel"]]


def test_empty_event_list_gives_an_empty_frame_every_filter_accepts():
    empty = events_frame([])
    state = ViewState(actors=("Russia",), types=("talks",), regions=("Syria",), start="2020-01-01",
                      end="2020-12-31", q="x", min_confidence=0.5, near_actor=("Russia",), near_km=10)
    assert apply_filters(empty, state, BASES).empty


# -- apply_filters ------------------------------------------------------------------------------------------

def test_no_filter_keeps_everything(frame):
    assert ids(apply_filters(frame, ViewState(), BASES)) == ids(frame)


def test_actors_match_any_of_the_chosen(frame):
    assert ids(apply_filters(frame, ViewState(actors=("Israel",)))) == {"c"}
    assert ids(apply_filters(frame, ViewState(actors=("Israel", "Turkey")))) == {"c", "d", "f", "g"}
    assert ids(apply_filters(frame, ViewState(actors=("Russia", "United States")))) == {"a", "b", "d"}


def test_actor_anywhere_in_the_list_counts(frame):
    # Russia is the second actor of "b" and "d": still a match.
    assert {"b", "d"} <= ids(apply_filters(frame, ViewState(actors=("Russia",))))


def test_types(frame):
    assert ids(apply_filters(frame, ViewState(types=("shelling", "talks")))) == {"d", "f", "g"}


def test_region_matches_governorate_or_country(frame):
    assert ids(apply_filters(frame, ViewState(regions=("Damascus",)))) == {"c"}
    assert ids(apply_filters(frame, ViewState(regions=("Turkey", "Iraq")))) == {"d", "e"}
    # A country also selects the events that have a governorate in it.
    assert ids(apply_filters(frame, ViewState(regions=("Syria",)))) == {"a", "b", "c", "f", "g"}


def test_date_range_is_inclusive_at_both_ends(frame):
    state = ViewState(start="2020-01-01", end="2020-12-31")
    assert ids(apply_filters(frame, state)) == {"a", "b", "c", "d"}


def test_open_ended_date_ranges(frame):
    assert ids(apply_filters(frame, ViewState(start="2020-12-31"))) == {"d", "e"}
    assert ids(apply_filters(frame, ViewState(end="2019-06-30"))) == {"g"}


@pytest.mark.parametrize("precision, start, end, shown", [
    ("year", "2020-01-01", "2020-01-07", False),   # "in 2020" is no answer for the first week of January
    ("year", "2020-01-01", "2020-12-31", True),
    ("month", "2020-01-01", "2020-01-14", False),
    ("month", "2020-01-01", "2020-01-31", True),
    ("week", "2020-01-01", "2020-01-03", False),
    ("week", "2020-01-01", "2020-01-07", True),
    ("day", "2020-01-01", "2020-01-01", True),
])
def test_a_window_narrower_than_the_dates_precision_does_not_claim_it(precision, start, end, shown):
    frame = events_frame([event("x", date="2020-01-01", date_precision=precision)])
    assert ids(apply_filters(frame, ViewState(start=start, end=end))) == ({"x"} if shown else set())


def test_undated_events_drop_out_once_a_date_is_chosen(frame):
    assert "f" in ids(apply_filters(frame, ViewState()))
    assert "f" not in ids(apply_filters(frame, ViewState(start="1990-01-01")))


@pytest.mark.parametrize("q,expected", [
    ("derik", {"b"}),              # quote, lower case against "Derik"
    ("DAMASCUS", {"c"}),           # place, upper case
    ("jets strike near", {"c"}),   # headline written in capitals
    ("manbij", {"a"}),
    ("u.s. (convoy", set()),       # regex characters are literal text, not a pattern
])
def test_text_search_is_case_insensitive_over_quote_place_and_headline(frame, q, expected):
    assert ids(apply_filters(frame, ViewState(q=q))) == expected


def test_minimum_confidence_is_inclusive_and_unknown_counts_as_zero(frame):
    assert ids(apply_filters(frame, ViewState(min_confidence=0.75))) == {"a", "b"}
    assert "d" not in ids(apply_filters(frame, ViewState(min_confidence=0.05)))


def test_filters_combine_with_and(frame):
    state = ViewState(actors=("Russia",), types=("interception", "collision"), start="2020-06-01")
    assert ids(apply_filters(frame, state)) == {"b"}


# -- proximity to bases ----------------------------------------------------------------------------------

def test_test_points_are_where_they_should_be():
    # The fixture's own check, with an independent spherical formula: 10 km and 80 km from the base.
    base = (RUSSIAN_BASE.lat, RUSSIAN_BASE.lon)
    assert sphere_km(base, NEAR_10) == pytest.approx(10, rel=0.01)
    assert sphere_km(base, FAR_80) == pytest.approx(80, rel=0.01)


def test_near_filter_keeps_events_within_the_radius_of_the_chosen_operators_bases(frame):
    state = ViewState(near_actor=("Russia",), near_km=50)
    assert ids(apply_filters(frame, state, BASES)) == {"f"}
    assert ids(apply_filters(frame, state.with_(near_km=100), BASES)) == {"f", "g"}
    assert ids(apply_filters(frame, state.with_(near_km=9), BASES)) == set()


def test_near_filter_only_uses_the_chosen_operators_bases(frame):
    # The US base is 1 degree from the Russian one, well over 50 km from both test points.
    assert ids(apply_filters(frame, ViewState(near_actor=("United States",), near_km=50), BASES)) == set()


def test_operator_of_a_shared_base_counts(frame):
    # Base J is run by "Russia|Syrian government": choosing the second operator selects it.
    j_event = event("j", lat=JOINT_BASE.lat + 0.05, lon=JOINT_BASE.lon)
    both = events_frame([*EVENTS, j_event])
    state = ViewState(near_actor=("Syrian government",), near_km=20)
    assert ids(apply_filters(both, state, BASES)) == {"j"}


def test_near_filter_needs_both_radius_and_operator(frame):
    assert ids(apply_filters(frame, ViewState(near_km=50), BASES)) == ids(frame)
    assert ids(apply_filters(frame, ViewState(near_actor=("Russia",)), BASES)) == ids(frame)


def test_unplaced_events_are_never_near_a_base(frame):
    mask = within_km_of_bases(frame, BASES, 20000)
    assert not mask[frame["event_id"] == "e"].any()
    assert mask[frame["event_id"] != "e"].all()


def test_haversine_agrees_with_geodesic_within_half_a_percent():
    lats = [NEAR_10[0], FAR_80[0], 33.51]
    lons = [NEAR_10[1], FAR_80[1], 36.29]
    got = haversine_km(pd.Series(lats).to_numpy(), pd.Series(lons).to_numpy(), RUSSIAN_BASE.lat, RUSSIAN_BASE.lon)
    for value, lat, lon in zip(got, lats, lons):
        assert value == pytest.approx(geodesic((RUSSIAN_BASE.lat, RUSSIAN_BASE.lon), (lat, lon)).km, rel=0.005)


def test_nearest_bases_gives_the_geodesic_distance_to_each_other_operator():
    rows = nearest_bases(NEAR_10[0], NEAR_10[1], BASES, exclude=["Turkey"])
    by_operator = {r["operator"]: r for r in rows}
    assert set(by_operator) == {"Russia", "United States", "Syrian government"}
    assert by_operator["Russia"]["base"] == "Base R"
    assert by_operator["Russia"]["km"] == pytest.approx(10.0, abs=0.05)  # placed 10 km away by construction
    us_km = geodesic(NEAR_10, (US_BASE.lat, US_BASE.lon)).km
    assert by_operator["United States"]["km"] == pytest.approx(us_km, abs=0.05)
    assert by_operator["Syrian government"]["base"] == "Base J"
    assert by_operator["Syrian government"]["status"] == "closed"
    assert by_operator["United States"]["status"] == "unknown"


def test_nearest_bases_are_sorted_nearest_first():
    rows = nearest_bases(NEAR_10[0], NEAR_10[1], BASES)
    distances = [r["km"] for r in rows]
    assert distances == sorted(distances)
    assert rows[0]["operator"] == "Russia"


def test_nearest_bases_leave_out_the_incidents_own_actors():
    rows = nearest_bases(NEAR_10[0], NEAR_10[1], BASES, exclude=["Russia", "Israel"])
    operators = [r["operator"] for r in rows]
    assert "Russia" not in operators
    # The shared base still counts for its other operator.
    assert "Syrian government" in operators and "United States" in operators


def test_nearest_base_picks_the_closer_of_two_bases_of_one_operator():
    second = Place("Base R2", *away(RUSSIAN_BASE, 30, 180), "base", operator="Russia")
    point = away(RUSSIAN_BASE, 25, 180)  # 5 km from R2, 25 km from R
    [row] = [r for r in nearest_bases(*point, [RUSSIAN_BASE, second]) if r["operator"] == "Russia"]
    assert row["base"] == "Base R2" and row["km"] == pytest.approx(5.0, abs=0.05)


# -- records_of -----------------------------------------------------------------------------------------------

def test_records_come_back_as_the_events_went_in(frame):
    records = records_of(frame)
    assert len(records) == len(EVENTS)
    for record, original in zip(records, EVENTS):
        for key, value in original.items():
            if value is None or value == "" and key == "admin1":
                assert record[key] in (None, ""), key
            elif isinstance(value, float):
                assert record[key] == pytest.approx(value), key
            else:
                assert record[key] == value, key


def test_records_use_none_for_missing_values_and_ints_for_counts(frame):
    by_id = {r["event_id"]: r for r in records_of(frame)}
    assert by_id["a"]["killed"] is None and by_id["a"]["injured"] is None
    assert by_id["b"]["injured"] == 4 and type(by_id["b"]["injured"]) is int
    assert by_id["c"]["killed"] == 3 and type(by_id["c"]["killed"]) is int
    assert by_id["e"]["lat"] is None and by_id["f"]["date"] is None
    assert type(by_id["a"]["geo_precision"]) is int


def test_records_of_a_filtered_frame_make_strict_json(frame):
    records = records_of(apply_filters(frame, ViewState(q="shells")))
    assert {r["event_id"] for r in records} == {"f", "g"}
    text = json.dumps(to_geojson(records + records_of(frame)), allow_nan=False)  # NaN would raise here
    assert "NaN" not in text


def test_records_carry_no_nan_anywhere(frame):
    for record in records_of(frame):
        for key, value in record.items():
            assert not (isinstance(value, float) and math.isnan(value)), key


CLOSED_POST = Place("Post T", 36.0, 40.05, "observation_post", "Hasakah", "Syria", 1.0, operator="Turkey",
                    status="closed", period="2018-2020")


@pytest.mark.parametrize("period, years", [("2015-", (2015, 9999)), ("2018-2020", (2018, 2020)), ("", (-9999, 9999))])
def test_active_years_read_the_period_column(period, years):
    assert active_years(Place("B", 0, 0, "base", period=period)) == years


def test_nearest_bases_in_a_year_leave_out_bases_not_in_use():
    assert "Turkey" in {r["operator"] for r in nearest_bases(36.0, 40.0, [CLOSED_POST], year=2019)}
    assert nearest_bases(36.0, 40.0, [CLOSED_POST], year=2023) == []
    assert nearest_bases(36.0, 40.0, [CLOSED_POST], year=2012) == []
    assert len(nearest_bases(36.0, 40.0, [CLOSED_POST])) == 1  # no year: every base


def test_near_filter_counts_a_base_only_in_its_years():
    frame = events_frame([event("in", date="2019-05-01", lat=36.0, lon=40.0),
                          event("after", date="2023-05-01", lat=36.0, lon=40.0),
                          event("undated", date=None, date_precision=None, lat=36.0, lon=40.0)])
    assert ids(frame[within_km_of_bases(frame, [CLOSED_POST], 10)]) == {"in", "undated"}
