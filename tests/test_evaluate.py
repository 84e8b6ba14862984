"""Tests of bench/evaluate.py's own logic (matching and metrics) on hand-made items.

Nothing here runs the extractor, so these tests pass or fail regardless of its quality.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.evaluate import (  # noqa: E402
    BENCH,
    Item,
    actor_key,
    admissible,
    capital_of,
    gold_item,
    load,
    match,
    pred_item,
    score,
)
from geo.records import Incident  # noqa: E402
from geo.taxonomy import BY_NAME  # noqa: E402

DAY = dt.date(2022, 11, 20)
KOBANI = (36.891, 38.3536)
DERIK = (37.1773, 42.1389)  # about 340 km from Kobani


def it(event_type="airstrike", actors=("Turkey", "SDF"), date=DAY, precision="day", at=KOBANI, **kw) -> Item:
    lat, lon = at if at else (None, None)
    return Item(event_type=event_type, actors=tuple(actors), date=date, date_precision=precision,
                lat=lat, lon=lon, **kw)


def north(point, km):
    """A point ``km`` due north (1 degree of latitude is about 111.2 km)."""
    return point[0] + km / 111.2, point[1]


def acc(scores, name):
    return scores.attributes[name].value


# -- precision and recall --------------------------------------------------------------

def test_perfect_prediction_scores_one_everywhere():
    gold = [it(killed=2), it("shelling", at=DERIK, actors=("SDF", "Turkey"))]
    s = score([(list(gold), gold)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.strict == (1.0, 1.0, 1.0)
    for name, ratio in s.attributes.items():
        if name.startswith("injured"):
            assert ratio.total == 0  # no gold states it
        else:
            assert ratio.value == 1.0, name


def test_missing_incident_lowers_recall_only():
    gold = [it(), it("shelling", at=DERIK)]
    s = score([([it()], gold)])
    assert s.precision == 1.0
    assert s.recall == 0.5
    assert s.f1 == pytest.approx(2 / 3)


def test_spurious_incident_lowers_precision_only():
    s = score([([it(), it("patrol", at=DERIK)], [it()])])
    assert (s.precision, s.recall) == (0.5, 1.0)


def test_reports_add_up():
    s = score([([it()], [it()]), ([], [it()]), ([it()], [])])
    assert (s.predicted, s.gold, s.matched) == (2, 2, 1)
    assert (s.empty_reports, s.empty_with_predictions) == (1, 1)


def test_no_incidents_anywhere_gives_no_figures_not_an_error():
    s = score([([], [])])
    assert (s.precision, s.recall, s.f1) == (None, None, None)
    assert all(r.value is None for r in s.attributes.values())


def test_nothing_matched_gives_zero_f1():
    s = score([([it("patrol", at=DERIK)], [it()])])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


# -- the matching rule -----------------------------------------------------------------

def test_same_family_matches_however_far_but_is_not_near():
    far = it("drone_strike", at=DERIK)  # strike family, 340 km off
    s = score([([far], [it()])])
    assert s.matched == 1
    assert acc(s, "event type exact") == 0.0 and acc(s, "event family") == 1.0
    for km in (10, 25, 50):
        assert acc(s, f"place within {km} km") == 0.0
    assert s.strict == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("km, ten, twentyfive, fifty", [(5, 1.0, 1.0, 1.0), (20, 0.0, 1.0, 1.0),
                                                       (40, 0.0, 0.0, 1.0), (60, 0.0, 0.0, 0.0)])
def test_place_thresholds(km, ten, twentyfive, fifty):
    s = score([([it(at=north(KOBANI, km))], [it()])])
    assert s.matched == 1
    assert (acc(s, "place within 10 km"), acc(s, "place within 25 km"), acc(s, "place within 50 km")) == \
        (ten, twentyfive, fifty)


def test_unplaced_prediction_matches_by_family_but_is_never_within():
    s = score([([it(at=None)], [it()])])
    assert s.matched == 1 and acc(s, "place within 50 km") == 0.0


def test_other_family_matches_when_near_and_dates_compatible():
    assert admissible(it("patrol", at=north(KOBANI, 30)), it())
    assert admissible(it("patrol", date=DAY + dt.timedelta(days=1)), it())  # a day each side


def test_other_family_does_not_match_when_far_or_dates_apart_or_unplaced():
    assert not admissible(it("patrol", at=north(KOBANI, 60)), it())
    assert not admissible(it("patrol", date=DAY + dt.timedelta(days=5)), it())
    assert not admissible(it("patrol", at=None), it())


def test_coarse_predicted_date_is_compatible_with_a_day_inside_it():
    month = it("patrol", date=DAY.replace(day=1), precision="month")
    assert admissible(month, it())
    assert not admissible(it("patrol", date=dt.date(2022, 10, 1), precision="month"), it())


def test_same_type_is_preferred_to_same_family():
    gold = [it("drone_strike"), it("airstrike")]
    pred = [it("airstrike")]
    assert match(pred, gold) == [(0, 1)]


def test_nearest_place_decides_between_gold_incidents_of_one_type():
    gold = [it(at=KOBANI), it(at=DERIK)]
    assert match([it(at=north(DERIK, 3))], gold) == [(0, 1)]
    assert match([it(at=DERIK), it(at=KOBANI)], gold) == [(0, 1), (1, 0)]


def test_matching_is_one_to_one():
    s = score([([it(), it()], [it()])])
    assert (s.matched, s.predicted, s.gold) == (1, 2, 1)


def test_most_pairs_win_over_a_greedy_best_pair():
    # p0 fits g0 best (same type) but also g1 (near, same day); p1 fits only g0.
    gold = [it("airstrike"), it("patrol", at=north(KOBANI, 10))]
    pred = [it("airstrike"), it("drone_strike", at=DERIK)]
    assert match(pred, gold) == [(0, 1), (1, 0)]


def test_actors_dates_and_counts_do_not_decide_the_match():
    gold = [it(actors=("Turkey",), killed=3)]
    pred = [it(actors=("Russia",), date=DAY - dt.timedelta(days=30), killed=9)]
    assert match(pred, gold) == [(0, 0)]


# -- attribute accuracies --------------------------------------------------------------

def test_actor_metrics():
    gold = [it(actors=("Turkey", "SDF"))]
    superset = score([([it(actors=("Turkey", "SDF", "PKK"))], gold)])
    assert acc(superset, "actors: gold within predicted") == 1.0
    assert acc(superset, "actors: exact set") == 0.0
    assert acc(superset, "actor1") == 1.0
    swapped = score([([it(actors=("SDF", "Turkey"))], gold)])
    assert acc(swapped, "actors: exact set") == 1.0 and acc(swapped, "actor1") == 0.0
    missing = score([([it(actors=("Turkey",))], gold)])
    assert acc(missing, "actors: gold within predicted") == 0.0 and acc(missing, "actor1") == 1.0
    none = score([([it(actors=())], gold)])
    assert acc(none, "actor1") == 0.0


def test_actor_names_compare_without_their_parenthesis():
    assert actor_key("SNA (Turkish-backed factions)") == "SNA"
    assert actor_key("Kurdish forces (YPG)") == "Kurdish forces"
    assert actor_key("Russia") == "Russia"
    s = score([([it(actors=("SNA (Turkish-backed factions)", "Kurdish forces (YPG)"))],
                [it(actors=("SNA", "Kurdish forces"))])])
    assert acc(s, "actors: exact set") == 1.0 and acc(s, "actor1") == 1.0


def test_date_exact_and_within_precision():
    gold = [it()]
    next_day = score([([it(date=DAY + dt.timedelta(days=1))], gold)])
    assert acc(next_day, "date exact (same day)") == 0.0
    assert acc(next_day, "date within predicted precision") == 1.0  # a day-precision date spans a day each side
    two_days = score([([it(date=DAY + dt.timedelta(days=2))], gold)])
    assert acc(two_days, "date within predicted precision") == 0.0
    month = score([([it(date=DAY.replace(day=1), precision="month")], gold)])
    assert acc(month, "date exact (same day)") == 0.0
    assert acc(month, "date within predicted precision") == 1.0
    undated = score([([it(date=None)], gold)])
    assert acc(undated, "date exact (same day)") == 0.0
    assert acc(undated, "date within predicted precision") == 0.0


def test_killed_counts_only_where_gold_states_it():
    s = score([
        ([it(killed=2)], [it(killed=2)]),
        ([it(killed=None)], [it(killed=4)]),  # no figure is wrong
        ([it(killed=7)], [it(killed=None)]),  # gold silent: not counted
    ])
    ratio = s.attributes["killed (where gold states it)"]
    assert (ratio.hits, ratio.total) == (1, 2)


def test_per_type_recall_and_precision_counters():
    s = score([
        ([it("airstrike")], [it("airstrike")]),
        ([it("drone_strike")], [it("airstrike")]),  # matched, wrong type
        ([], [it("shelling")]),
        ([it("patrol", at=DERIK)], []),
    ])
    assert s.gold_by_type == {"airstrike": 2, "shelling": 1}
    assert s.matched_by_type["airstrike"] == 2 and s.typed_by_type["airstrike"] == 1
    assert s.matched_by_type["shelling"] == 0
    assert s.pred_by_type["patrol"] == 1 and s.pred_matched_by_type["patrol"] == 0


# -- capitals, parsing -----------------------------------------------------------------

def test_capital_check():
    assert capital_of(it(at=(55.752, 37.6178), place="Russia")) == "Moscow"  # the country point
    assert capital_of(it(at=None, place="Ankara")) == "Ankara"
    assert capital_of(it(at=(33.5102, 36.2913), place="Damascus")) is None  # Syria's own capital
    assert capital_of(it()) is None


def test_gold_item_reads_a_bench_entry():
    row = json.loads('{"event_type": "shelling", "actors": ["Turkey"], "date": "2022-06-15", '
                     '"date_precision": "day", "place": "Tal Rifaat", "lat": 36.47, "lon": 37.1, '
                     '"place_precision": "near", "killed": 1}')
    g = gold_item(row)
    assert (g.event_type, g.actors, g.date, g.killed, g.injured, g.note) == \
        ("shelling", ("Turkey",), dt.date(2022, 6, 15), 1, None, "near")
    assert g.family == "strike"


def test_pred_item_reads_an_incident():
    inc = Incident(article_id="a", source="bench:x", headline="", event_type="patrol", quote="q",
                   actors=["Russia"], date=DAY, date_precision="week", place="Manbij", lat=36.5, lon=37.9,
                   killed=None)
    p = pred_item(inc)
    assert (p.event_type, p.actors, p.date_precision, p.point, p.quote) == \
        ("patrol", ("Russia",), "week", (36.5, 37.9), "q")


def test_bench_labels_are_well_formed():
    reports = load(BENCH)
    assert reports and len({r.id for r in reports}) == len(reports)
    for r in reports:
        for g in r.gold:
            assert g.event_type in BY_NAME, (r.id, g.event_type)
            assert g.date is not None and g.point is not None, r.id
