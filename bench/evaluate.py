"""Score :mod:`geo.extract` against the labelled reports in ``bench/incidents.jsonl``.

Run ``.venv/bin/python bench/evaluate.py`` for the table, ``--misses`` to list
every missed and every spurious incident with its text, ``--errors`` to list
matched incidents whose attributes are wrong. The script prints figures
only: no thresholds, no assertions.

Each report becomes ``Article(source=f"bench:{id}", headline="", body=text,
published=<published>, date_precision="day")`` and goes through one shared
``Extractor().extract``.

Matching (per report)
---------------------
A prediction *may* match a gold incident when

(a) their event families agree (``geo.taxonomy.BY_NAME[type].family``), or
(b) both are placed, their points are at most 50 km apart, and their dates
    are compatible: the spans :func:`geo.extract.date_interval` gives each
    (date, precision) overlap (a missing date is compatible with anything).

Among the admissible pairs, a one-to-one assignment is chosen that first
maximises the number of matched pairs and then the sum of the pair scores

    4 x same event type + 2 x same family + closeness,
    closeness = 1 - min(distance, 1000 km) / 1000  (0 if either is unplaced),

that is: same type first, then same family, then the nearest place. The search
is exhaustive (a report holds a handful of incidents); ties go to the earlier
prediction. Nothing else (actors, dates, counts) influences who matches whom,
so attribute errors show up in the attribute accuracies, not as misses.

Metrics
-------
Precision = matched / predicted, recall = matched / gold, F1 their harmonic
mean. The attribute accuracies are over matched pairs:

* event type: exact name; family: same family.
* actors: compared as sets of canonical names with a trailing parenthesis
  dropped on both sides, because the labels use the short form
  ("SNA (Turkish-backed factions)" == "SNA", "Kurdish forces (YPG)" ==
  "Kurdish forces"). "gold within predicted": every gold actor is predicted;
  "exact set": the sets are equal; "actor1": the first actors are equal.
* date exact: the same day. Date within predicted precision: the gold day lies
  in ``date_interval(pred.date, pred.date_precision)`` (which gives a
  day-precision date a day either side).
* place within 10/25/50 km: great-circle distance
  (:func:`geo.gazetteer.distance_km`) between the predicted and gold points;
  an unplaced prediction is never within.
* killed / injured: over matched pairs whose gold states the figure; the
  prediction must equal it (no figure counts as wrong).

A "strict" line also gives precision, recall and F1 counting only the matched
pairs whose points are within 50 km, since rule (a) lets a same-family
prediction match however far off it is placed.

Per event type: recall of each gold type (matched at all, and matched with
the exact type), and precision of each predicted type.

Capital check: predicted incidents placed at a national capital outside Syria
(name, or a point within 25 km of one; the country points of Russia and the
United States sit on Moscow and Washington), listed with their quotes for
review. Talks in Astana are legitimately there; a strike "placed" at Ankara
because "the defence ministry in Ankara said" is not.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.extract import date_interval
from geo.gazetteer import distance_km
from geo.taxonomy import BY_NAME

BENCH = Path(__file__).resolve().parent / "incidents.jsonl"

#: Places within this distance (and with compatible dates) match whatever their types.
MATCH_KM = 50.0
PLACE_KMS = (10.0, 25.0, 50.0)
CAPITAL_KM = 25.0

#: National capitals outside Syria that reporting names as speakers or venues.
CAPITALS: dict[str, tuple[float, float]] = {
    "Washington": (38.8951, -77.0364),
    "Moscow": (55.7520, 37.6178),
    "Ankara": (39.9199, 32.8543),
    "Tehran": (35.6944, 51.4215),
    "Baghdad": (33.3406, 44.4009),
    "Beirut": (33.8933, 35.5016),
    "Amman": (31.9552, 35.9450),
    "Jerusalem": (31.7690, 35.2163),
    "Riyadh": (24.6877, 46.7219),
    "Doha": (25.2854, 51.5310),
    "Abu Dhabi": (24.4539, 54.3773),
    "Cairo": (30.0444, 31.2357),
    "Nicosia": (35.1856, 33.3823),
    "Astana": (51.1801, 71.4460),
    "Bratislava": (48.1482, 17.1067),
    "Paris": (48.8566, 2.3522),
    "London": (51.5074, -0.1278),
    "Berlin": (52.5200, 13.4050),
}


# -- the items compared ----------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One incident, gold or predicted, reduced to what the evaluation compares."""

    event_type: str
    actors: tuple[str, ...] = ()
    date: dt.date | None = None
    date_precision: str | None = "day"
    lat: float | None = None
    lon: float | None = None
    place: str | None = None
    killed: int | None = None
    injured: int | None = None
    quote: str = ""
    note: str = ""  #: a prediction's note, or "near" for a gold place_precision "near"

    @property
    def family(self) -> str:
        etype = BY_NAME.get(self.event_type)
        return etype.family if etype else self.event_type

    @property
    def point(self) -> tuple[float, float] | None:
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)

    @property
    def actor_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(actor_key(a) for a in self.actors))


def actor_key(name: str) -> str:
    """A canonical actor name without its trailing parenthesis: "SNA (Turkish-backed factions)" -> "SNA"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()


def gold_item(row: dict) -> Item:
    """An :class:`Item` from one entry of a report's ``incidents`` list."""
    return Item(
        event_type=row["event_type"], actors=tuple(row.get("actors") or ()),
        date=dt.date.fromisoformat(row["date"]) if row.get("date") else None,
        date_precision=row.get("date_precision") or "day",
        lat=row.get("lat"), lon=row.get("lon"), place=row.get("place"),
        killed=row.get("killed"), injured=row.get("injured"),
        note="near" if row.get("place_precision") == "near" else "",
    )


def pred_item(incident) -> Item:
    """An :class:`Item` from a :class:`geo.records.Incident`."""
    return Item(
        event_type=incident.event_type, actors=tuple(incident.actors), date=incident.date,
        date_precision=incident.date_precision, lat=incident.lat, lon=incident.lon, place=incident.place,
        killed=incident.killed, injured=incident.injured, quote=incident.quote, note=incident.note,
    )


# -- matching --------------------------------------------------------------------------

def distance(a: Item, b: Item) -> float | None:
    """Kilometres between two items' points, ``None`` if either is unplaced."""
    if a.point is None or b.point is None:
        return None
    return distance_km(a.point, b.point)


def dates_compatible(a: Item, b: Item) -> bool:
    """Whether the day spans of the two (date, precision) pairs overlap; a missing date fits anything."""
    ia, ib = date_interval(a.date, a.date_precision), date_interval(b.date, b.date_precision)
    return ia is None or ib is None or (ia[0] <= ib[1] and ib[0] <= ia[1])


def admissible(pred: Item, gold: Item) -> bool:
    """Rule (a) or (b) of the module docstring."""
    if pred.family == gold.family:
        return True
    d = distance(pred, gold)
    return d is not None and d <= MATCH_KM and dates_compatible(pred, gold)


def pair_score(pred: Item, gold: Item) -> float:
    """Same type, then same family, then nearest place (see the module docstring)."""
    d = distance(pred, gold)
    closeness = 0.0 if d is None else 1.0 - min(d, 1000.0) / 1000.0
    return 4.0 * (pred.event_type == gold.event_type) + 2.0 * (pred.family == gold.family) + closeness


def match(pred: Sequence[Item], gold: Sequence[Item]) -> list[tuple[int, int]]:
    """The one-to-one (pred index, gold index) pairs: most pairs first, then the highest total score."""
    allowed = {(i, j): pair_score(p, g) for i, p in enumerate(pred) for j, g in enumerate(gold) if admissible(p, g)}
    if (len(pred) + 1) ** len(gold) > 200_000:
        return _greedy(allowed)
    best_key, best_pairs = (0, 0.0), []
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []

    def walk(j: int, total: float) -> None:
        nonlocal best_key, best_pairs
        if j == len(gold):
            key = (len(pairs), round(total, 9))
            if key > best_key:
                best_key, best_pairs = key, list(pairs)
            return
        for i in range(len(pred)):
            if i not in used and (i, j) in allowed:
                used.add(i)
                pairs.append((i, j))
                walk(j + 1, total + allowed[i, j])
                pairs.pop()
                used.discard(i)
        walk(j + 1, total)

    walk(0, 0.0)
    return sorted(best_pairs)


def _greedy(allowed: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    used_p, used_g, out = set(), set(), []
    for (i, j), _ in sorted(allowed.items(), key=lambda kv: (-kv[1], kv[0])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return sorted(out)


# -- metrics ---------------------------------------------------------------------------

@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += bool(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        return f"{_fmt(self.value)}  ({self.hits}/{self.total})"


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _checks(p: Item, g: Item) -> dict[str, bool | None]:
    """The attribute checks of a matched pair, in table order: name -> correct (``None``: does not apply)."""
    d = distance(p, g)
    gold_actors, pred_actors = set(g.actor_keys), set(p.actor_keys)
    span = date_interval(p.date, p.date_precision)
    out: dict[str, bool | None] = {
        "event type exact": p.event_type == g.event_type,
        "event family": p.family == g.family,
        "actors: gold within predicted": gold_actors <= pred_actors,
        "actors: exact set": gold_actors == pred_actors,
        "actor1": bool(p.actor_keys) and bool(g.actor_keys) and p.actor_keys[0] == g.actor_keys[0],
        "date exact (same day)": g.date is not None and p.date == g.date,
        "date within predicted precision": g.date is not None and span is not None and span[0] <= g.date <= span[1],
    }
    for km in PLACE_KMS:
        out[f"place within {km:g} km"] = d is not None and d <= km
    out["killed (where gold states it)"] = None if g.killed is None else p.killed == g.killed
    out["injured (where gold states it)"] = None if g.injured is None else p.injured == g.injured
    return out


ATTRIBUTES = tuple(_checks(Item("x"), Item("x")))


@dataclass
class Scores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    reports: int = 0
    attributes: dict[str, Ratio] = field(default_factory=lambda: {a: Ratio() for a in ATTRIBUTES})
    gold_by_type: Counter = field(default_factory=Counter)
    matched_by_type: Counter = field(default_factory=Counter)  #: gold type -> matched at all
    typed_by_type: Counter = field(default_factory=Counter)  #: gold type -> matched with the exact type
    pred_by_type: Counter = field(default_factory=Counter)
    pred_matched_by_type: Counter = field(default_factory=Counter)
    matched_near: int = 0  #: matched pairs whose points are also within MATCH_KM
    empty_reports: int = 0  #: reports with no gold incident
    empty_with_predictions: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def strict(self) -> tuple[float | None, float | None, float | None]:
        """Precision, recall and F1 counting only matched pairs placed within MATCH_KM of each other."""
        p = self.matched_near / self.predicted if self.predicted else None
        r = self.matched_near / self.gold if self.gold else None
        return p, r, _f1(p, r)


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(reports: Iterable[tuple[Sequence[Item], Sequence[Item]]]) -> Scores:
    """Counts and accuracies over (predicted items, gold items) per report."""
    s = Scores()
    for pred, gold in reports:
        pairs = match(pred, gold)
        s.reports += 1
        s.predicted += len(pred)
        s.gold += len(gold)
        s.matched += len(pairs)
        if not gold:
            s.empty_reports += 1
            s.empty_with_predictions += bool(pred)
        s.gold_by_type.update(g.event_type for g in gold)
        s.pred_by_type.update(p.event_type for p in pred)
        for i, j in pairs:
            p, g = pred[i], gold[j]
            s.matched_by_type[g.event_type] += 1
            s.typed_by_type[g.event_type] += p.event_type == g.event_type
            s.pred_matched_by_type[p.event_type] += 1
            d = distance(p, g)
            s.matched_near += d is not None and d <= MATCH_KM
            for name, ok in _checks(p, g).items():
                if ok is not None:
                    s.attributes[name].add(ok)
    return s


def capital_of(item: Item) -> str | None:
    """The non-Syrian national capital a predicted incident is placed at, if any."""
    if item.place:
        for name in CAPITALS:
            if item.place.strip().lower() == name.lower():
                return name
    if item.point is not None:
        for name, point in CAPITALS.items():
            if distance_km(item.point, point) <= CAPITAL_KM:
                return name
    return None


# -- the bench -------------------------------------------------------------------------

@dataclass
class Report:
    id: str
    published: dt.date
    text: str
    gold: list[Item]
    pred: list[Item] = field(default_factory=list)


def load(path: Path = BENCH) -> list[Report]:
    reports = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                reports.append(Report(row["id"], dt.date.fromisoformat(row["published"]), row["text"],
                                      [gold_item(g) for g in row.get("incidents") or ()]))
    return reports


def run(reports: list[Report]) -> list[Report]:
    """Fill each report's predictions with one shared extractor."""
    from geo.extract import Extractor
    from geo.records import Article

    extractor = Extractor()
    for r in reports:
        article = Article(source=f"bench:{r.id}", headline="", body=r.text, published=r.published,
                          date_precision="day")
        r.pred = [pred_item(i) for i in extractor.extract(article)]
    return reports


# -- printing --------------------------------------------------------------------------

def describe(item: Item) -> str:
    where = "unplaced" if item.point is None else f"{item.place} ({item.lat:.3f}, {item.lon:.3f})"
    date = f"{item.date.isoformat()}/{item.date_precision}" if item.date else "no date"
    counts = "".join(f" {k}={v}" for k, v in (("killed", item.killed), ("injured", item.injured)) if v is not None)
    return f"{item.event_type:<14} [{', '.join(item.actors)}]  {date}  {where}{' near' if item.note == 'near' else ''}{counts}"


def print_table(s: Scores, reports: list[Report]) -> None:
    out = print
    out(f"bench: {len(reports)} reports, {s.gold} gold incidents, {s.predicted} predicted, {s.matched} matched")
    out("")
    out(f"{'incidents':<36} {'value':>6}")
    out(f"{'  precision':<36} {_fmt(s.precision):>6}  ({s.matched}/{s.predicted})")
    out(f"{'  recall':<36} {_fmt(s.recall):>6}  ({s.matched}/{s.gold})")
    out(f"{'  F1':<36} {_fmt(s.f1):>6}")
    sp, sr, sf = s.strict
    out(f"{'  strict (pairs also within %g km)' % MATCH_KM:<36} {'':>6}  P {_fmt(sp)}  R {_fmt(sr)}  F1 {_fmt(sf)}"
        f"  ({s.matched_near} pairs)")
    out(f"{'  reports with no gold incident':<36} {s.empty_reports:>6}  ({s.empty_with_predictions} with predictions)")
    out("")
    out(f"{'matched pairs: accuracy of':<36} {'value':>6}")
    for name, ratio in s.attributes.items():
        out(f"  {name:<34} {_fmt(ratio.value):>6}  ({ratio.hits}/{ratio.total})")
    out("")
    out(f"{'gold event type':<18} {'gold':>4} {'matched':>8} {'recall':>7} {'type ok':>8} {'recall':>7}"
        f"   | {'predicted':>9} {'matched':>8} {'precision':>9}")
    for t in sorted(set(s.gold_by_type) | set(s.pred_by_type), key=lambda t: (-s.gold_by_type[t], t)):
        n, m, k = s.gold_by_type[t], s.matched_by_type[t], s.typed_by_type[t]
        pn, pm = s.pred_by_type[t], s.pred_matched_by_type[t]
        out(f"{t:<18} {n:>4} {m:>8} {_fmt(m / n if n else None):>7} {k:>8} {_fmt(k / n if n else None):>7}"
            f"   | {pn:>9} {pm:>8} {_fmt(pm / pn if pn else None):>9}")
    out("")
    flagged = [(r, p, c) for r in reports for p in r.pred if (c := capital_of(p))]
    out(f"capital check: {len(flagged)} predicted incident(s) placed at a national capital outside Syria")
    for r, p, capital in flagged:
        out(f"  {r.id}  {capital}: {describe(p)}")
        out(textwrap.indent(textwrap.fill(f"quote: {p.quote}", 100), "      "))


def print_misses(reports: list[Report]) -> None:
    print("\nmisses: each report with a missed (FN) or spurious (FP) incident")
    for r in reports:
        pairs = match(r.pred, r.gold)
        by_gold, by_pred = {j: i for i, j in pairs}, {i: j for i, j in pairs}
        if len(pairs) == len(r.gold) == len(r.pred):
            continue
        _report_header(r)
        for j, g in enumerate(r.gold):
            tag = f"ok -> P{by_gold[j]}" if j in by_gold else "FN (missed)"
            print(f"    G{j} {tag:<12} {describe(g)}")
        if not r.gold:
            print("    (no gold incident)")
        for i, p in enumerate(r.pred):
            tag = f"ok -> G{by_pred[i]}" if i in by_pred else "FP (spurious)"
            print(f"    P{i} {tag:<12} {describe(p)}")
            _print_quote(p)
        if not r.pred:
            print("    (nothing predicted)")


def print_errors(reports: list[Report]) -> None:
    print("\nerrors: matched pairs with a wrong attribute")
    keys = ("event type exact", "actors: gold within predicted", "actor1", "date within predicted precision",
            "place within 25 km", "killed (where gold states it)", "injured (where gold states it)")
    for r in reports:
        wrong = []
        for i, j in match(r.pred, r.gold):
            checks = _checks(r.pred[i], r.gold[j])
            bad = [k for k in keys if checks[k] is False]
            if bad:
                wrong.append((i, j, bad))
        if not wrong:
            continue
        _report_header(r)
        for i, j, bad in wrong:
            d = distance(r.pred[i], r.gold[j])
            print(f"    wrong: {', '.join(bad)}" + ("" if d is None else f"   (place off by {d:.0f} km)"))
            print(f"      gold G{j} {describe(r.gold[j])}")
            print(f"      pred P{i} {describe(r.pred[i])}")
            _print_quote(r.pred[i])


def _report_header(r: Report) -> None:
    print(f"\n== {r.id}  published {r.published.isoformat()} ({r.published.strftime('%A')})")
    print(textwrap.indent(textwrap.fill(r.text, 100), "   | "))


def _print_quote(p: Item) -> None:
    print(textwrap.indent(textwrap.fill(f"quote: {p.quote}", 100), "          "))
    if p.note:
        print(textwrap.indent(textwrap.fill(f"note: {p.note}", 100), "          "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=BENCH, help="labelled reports (JSON lines)")
    parser.add_argument("--misses", action="store_true", help="print every false negative and false positive")
    parser.add_argument("--errors", action="store_true", help="print matched pairs with a wrong attribute")
    args = parser.parse_args(argv)
    reports = run(load(args.bench))
    print_table(score((r.pred, r.gold) for r in reports), reports)
    if args.misses:
        print_misses(reports)
    if args.errors:
        print_errors(reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
