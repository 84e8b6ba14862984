"""How fast a filter change turns into a new map, at N synthetic incidents, against naive baselines.

Run::

    .venv/bin/python bench/map_bench.py [--n 10000] [--repeat 5] [--seed 7] [--browser]

Everything is measured in this one run, on this machine, and printed; nothing is asserted.

(a) filter: :func:`geo.filters.apply_filters` on a realistic change (two actors and a year range)
    against a plain Python loop over the event dicts doing the same.
(b) map: :func:`geo.mapview.build_map` (events as one JSON array, markers made in the browser, in a
    cluster) against the map most tutorials build (one ``folium.Marker`` with a ``folium.Popup`` of
    HTML per incident on a ``folium.Map``): build time, render time, HTML size.
(c) end to end: filter change -> records -> map -> the HTML and leaflet script ``st_folium`` sends,
    which the issue wants under 1 s at 10,000 incidents.
(d) with ``--browser``: Debian's Chromium (Playwright) opens each map as a static file with the
    vendored scripts and no network; time until the first markers are drawn.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo import assets  # noqa: E402
from geo.actors import ActorTable  # noqa: E402
from geo.filters import apply_filters, events_frame, records_of  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.mapview import build_map  # noqa: E402
from geo.records import Place  # noqa: E402
from geo.taxonomy import EVENT_TYPES  # noqa: E402
from geo.viewstate import ViewState  # noqa: E402

#: Syria's bounding box (south, west, north, east).
SYRIA_BBOX = (32.3, 35.6, 37.4, 42.4)
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2025, 12, 31)
#: The filter change measured: what an analyst asks first.
CHANGE = ViewState(actors=("Russia", "United States"), start="2019-01-01", end="2021-12-31")
WORDS = ("patrol", "convoy", "near", "the", "village", "forces", "reported", "monitor", "said", "Russian",
         "American", "drone", "struck", "checkpoint", "road", "M4", "highway", "countryside", "outskirts",
         "military", "police", "vehicles", "clashed", "with", "according", "to", "local", "sources", "on",
         "Tuesday", "after", "talks", "in", "east", "of", "north", "base", "oil", "field", "crossing")


# -- synthetic data ------------------------------------------------------------------------------------

def synthetic_events(n: int, seed: int) -> list[dict]:
    """``n`` incidents shaped like :meth:`geo.store.Store.events` records, random but reproducible.

    Points fall in Syria's bounding box, types come from the taxonomy, one to three actors from the
    actor table, dates from 2015 to 2025, and each quote is about 200 characters.
    """
    rng = random.Random(seed)
    actors = sorted(ActorTable.default().actors)
    types = [t.name for t in EVENT_TYPES]
    span = (LAST_DAY - FIRST_DAY).days
    south, west, north, east = SYRIA_BBOX
    events = []
    for i in range(n):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        quote = _quote(rng)
        geo_precision = rng.choice((1, 1, 1, 2, 2, 3))
        place = f"Place {rng.randrange(2000)}"
        headline = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        events.append({
            "event_id": f"{i:016x}", "event_type": rng.choice(types), "actors": rng.sample(actors, rng.randint(1, 3)),
            "date": day.isoformat(), "date_precision": rng.choice(("day", "day", "week", "month")),
            "place": place, "lat": round(rng.uniform(south, north), 4), "lon": round(rng.uniform(west, east), 4),
            "geo_precision": geo_precision, "precision_km": (2.0, 10.0, 50.0)[geo_precision - 1],
            "admin1": rng.choice(("Hasakah", "Aleppo", "Idlib", "Raqqa", "Deir ez-Zor", "Damascus", "Daraa")),
            "country": "Syria", "quote": quote, "quotes": [quote],
            "killed": rng.choice((None, None, None, rng.randint(0, 20))),
            "injured": rng.choice((None, None, None, rng.randint(0, 30))),
            "confidence": round(rng.uniform(0.3, 0.95), 2), "headline": headline, "outlet": "Synthetic Wire",
            "published": day.isoformat(), "source": f"synthetic/{i}.txt",
            "sources": [{"article_id": f"a{i}", "headline": headline, "outlet": "Synthetic Wire",
                         "published": day.isoformat(), "source": f"synthetic/{i}.txt", "quote": quote}],
            "note": "",
        })
    return events


def _quote(rng: random.Random, length: int = 200) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


# -- the baselines -------------------------------------------------------------------------------------

def naive_filter(events: list[dict], state: ViewState) -> list[dict]:
    """The same filter as a plain loop over the dicts (what one writes without pandas)."""
    wanted = set(state.actors)
    out = []
    for e in events:
        if wanted and not wanted.intersection(e["actors"]):
            continue
        if state.start and (not e["date"] or e["date"] < state.start):
            continue
        if state.end and (not e["date"] or e["date"] > state.end):
            continue
        out.append(e)
    return out


def naive_map(events: list[dict]) -> folium.Map:
    """One ``folium.Marker`` with an HTML ``folium.Popup`` per incident, as tutorials do it."""
    m = folium.Map(location=[35.0, 38.5], zoom_start=7)
    for e in events:
        popup = (f"<b>{html.escape(e['event_type'])}</b> — {html.escape(e['place'] or '')}<br>"
                 f"{html.escape(e['date'] or '')} · {html.escape(', '.join(e['actors']))}<br>"
                 f"<blockquote>{html.escape(e['quote'])}</blockquote>")
        folium.Marker([e["lat"], e["lon"]], popup=folium.Popup(popup, max_width=360),
                      tooltip=e["event_type"]).add_to(m)
    return m


# -- measuring -------------------------------------------------------------------------------------------

def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over ``repeat`` calls (after one warm-up call), and the last result."""
    fn()
    times, value = [], None
    for _ in range(repeat):
        seconds, value = timed(fn)
        times.append(seconds)
    return statistics.median(times), value


def st_folium_payload(m: folium.Map) -> str:
    """What ``st_folium`` computes before sending a map to the browser, through its own functions.

    streamlit-folium renders the figure, the map, its HTML and header, then rebuilds the Leaflet
    script element by element and hashes it; those are private functions, so this follows
    ``streamlit_folium.st_folium`` of the installed version and falls back to a plain render.
    """
    try:
        import streamlit_folium as sf

        m.get_root().render()
        m.render()
        page = sf._get_html(m) + sf._get_header(m)
        leaflet = sf._get_map_string(m)
        sf.generate_js_hash(leaflet, "map", False)
        return page + leaflet
    except (ImportError, AttributeError):
        return m.get_root().render()


def app_map(records: list[dict], bases: list[Place]) -> folium.Map:
    """The map exactly as ``app.py`` builds it for ``st_folium``."""
    return assets.localize(build_map(records, bases))


# -- the browser ------------------------------------------------------------------------------------------

def browser_times(pages: dict[str, str], repeat: int = 3, timeout_s: float = 180) -> dict[str, float | str]:
    """Median seconds from navigation to the first drawn marker, per static HTML page, in Debian's Chromium."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    except ImportError as exc:
        return {name: f"skipped ({exc})" for name in pages}
    if not Path(CHROMIUM).exists():
        return {name: "skipped (no chromium)" for name in pages}
    out: dict[str, float | str] = {}
    drawn = "() => document.querySelectorAll('.leaflet-marker-icon, .marker-cluster').length > 0"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        paths = {}
        for name, page_html in pages.items():
            paths[name] = Path(tmp) / f"{name}.html"
            paths[name].write_text(page_html, encoding="utf-8")
        times: dict[str, list[float]] = {name: [] for name in pages}
        # One unmeasured load first (the browser's own start-up), then the pages in turn.
        for round_ in range(repeat + 1):
            for name, path in paths.items():
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                # Files only: the vendored scripts are file:// URLs, every network request is refused.
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="commit")
                page.wait_for_function(drawn, timeout=timeout_s * 1000, polling=50)
                if round_:
                    times[name].append(time.perf_counter() - start)
                page.close()
        browser.close()
        out.update({name: statistics.median(t) for name, t in times.items()})
    return out


# -- the report ----------------------------------------------------------------------------------------------

def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_row(header, widths), _row(["-" * w for w in widths], widths)]
    return "\n".join(lines + [_row(r, widths) for r in rows])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def mb(text: str) -> str:
    return f"{len(text.encode('utf-8')) / 1e6:,.2f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="synthetic incidents (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--browser", action="store_true", help="also time drawing in Debian's Chromium")
    args = parser.parse_args(argv)

    print(f"map_bench: {args.n:,} synthetic incidents in Syria's bounding box, seed {args.seed}, "
          f"median of {args.repeat} runs; {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}, "
          f"folium {folium.__version__}")
    bases = [p for p in Gazetteer.default().places if p.operator]
    events = synthetic_events(args.n, args.seed)
    load_s, frame = timed(lambda: events_frame(events))
    print(f"events_frame (once per new data, cached by the app): {ms(load_s)}\n")

    # (a) the filter
    pandas_s, filtered = median_time(lambda: apply_filters(frame, CHANGE, bases), args.repeat)
    loop_s, looped = median_time(lambda: naive_filter(events, CHANGE), args.repeat)
    # The baseline must do the same work to be a baseline: say so rather than compare unlike things.
    agree = set(filtered["event_id"]) == {e["event_id"] for e in looped}
    records_s, records = median_time(lambda: records_of(filtered), args.repeat)
    print(f"(a) filter: actors={','.join(CHANGE.actors)}, {CHANGE.start}..{CHANGE.end} "
          f"-> {len(filtered):,} of {len(frame):,} incidents (baseline selects the same: {'yes' if agree else 'NO'})")
    print(table(["", "median"], [
        ["apply_filters (pandas)", ms(pandas_s)],
        ["plain Python loop (baseline)", ms(loop_s)],
        ["records_of (frame -> dicts for the map)", ms(records_s)],
    ]))
    print()

    # (b) the map, at every incident and at the filtered set
    rows, pages = [], {}
    for label, subset in (("all", records_of(frame)), ("filtered", records)):
        build_s, ours = median_time(lambda: build_map(subset, bases), args.repeat)
        render_s, our_html = median_time(lambda: ours.get_root().render(), args.repeat)
        naive_build_s, naive = timed(lambda: naive_map(subset))
        naive_render_s, naive_html = timed(lambda: naive.get_root().render())
        rows += [
            [f"build_map, JSON + cluster ({label}: {len(subset):,})", ms(build_s), ms(render_s),
             ms(build_s + render_s), mb(our_html)],
            [f"folium.Marker + Popup each ({label}: {len(subset):,})", ms(naive_build_s), ms(naive_render_s),
             ms(naive_build_s + naive_render_s), mb(naive_html)],
            [f"  ratio naive / ours ({label})", f"{naive_build_s / build_s:,.1f}x",
             f"{naive_render_s / render_s:,.1f}x", f"{(naive_build_s + naive_render_s) / (build_s + render_s):,.1f}x",
             f"{len(naive_html) / len(our_html):,.1f}x"],
        ]
        if label == "all":
            prefix = (REPO / "static" / "vendor").as_uri()
            pages = {"ours": assets.localize(build_map(subset, bases), prefix=prefix).get_root().render(),
                     "naive": assets.localize(naive_map(subset), prefix=prefix).get_root().render()}
    print("(b) map build and render to HTML (build and render: median for ours, one run for the naive map)")
    print(table(["", "build", "render", "total", "HTML"], rows))
    print()

    # (c) end to end, as the app does it on every filter change
    def filter_to_map() -> str:
        chosen = apply_filters(frame, CHANGE, bases)
        return st_folium_payload(app_map(records_of(chosen), bases))

    def everything_to_map() -> str:
        return st_folium_payload(app_map(records_of(apply_filters(frame, ViewState(), bases)), bases))

    change_s, payload = median_time(filter_to_map, args.repeat)
    all_s, all_payload = median_time(everything_to_map, args.repeat)
    render_only_s, _ = median_time(lambda: app_map(records, bases).get_root().render(), args.repeat)
    print("(c) filter change -> records -> build_map -> localize -> what st_folium sends (target < 1 s)")
    print(table(["", "median", "payload"], [
        [f"filter change ({len(records):,} incidents drawn)", ms(change_s), mb(payload)],
        [f"no filter ({len(frame):,} incidents drawn)", ms(all_s), mb(all_payload)],
        ["  of which build + one render, filtered", ms(render_only_s), ""],
    ]))
    verdict = "under" if max(change_s, all_s) < 1 else "OVER"
    print(f"    slowest: {ms(max(change_s, all_s))}, {verdict} the 1 s target at {args.n:,} incidents")

    # (d) the browser
    if args.browser:
        print()
        print(f"(d) Chromium: static page of all {len(frame):,} incidents, vendored scripts, no network; "
              f"median of {min(args.repeat, 3)} loads until markers are drawn")
        times = browser_times(pages, repeat=min(args.repeat, 3))
        print(table(["", "to first markers", "HTML"], [
            [name, ms(t) if isinstance(t, float) else t, mb(pages[name])] for name, t in times.items()]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
