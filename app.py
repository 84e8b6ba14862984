"""Syria incident map: the Streamlit front. Layout and widgets only; the work is in ``geo``.

Run with ``streamlit run app.py``. On first start the SQLite store
(``data/incidents.sqlite``, or ``$GEO_DB``) is built from ``seeds/``.
Every filter, the layers and (on request) the map position live in the URL,
so the address bar is always a link to the current view.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import assets, export
from geo.actors import ActorTable
from geo.corpus import parse_file
from geo.filters import apply_filters, events_frame, nearest_bases, records_of
from geo.gazetteer import Gazetteer
from geo.mapview import MAX_DRAWN_PRECISION_KM, START_VIEW, build_map, drawn, incident_tooltips
from geo.store import PIPELINE_VERSION, default_db_path, open_store
from geo.taxonomy import BY_NAME, EVENT_TYPES
from geo.viewstate import LAYERS, MAX_DATE, MAX_NEAR_KM, MIN_DATE, ViewState, Vocabulary

st.set_page_config(page_title="Syria incident map", page_icon=":world_map:", layout="wide")

LAYER_LABELS = {"incidents": "Incidents", "uncertainty": "Uncertainty rings", "bases": "Military bases",
                "heatmap": "Heat map"}
TYPE_LABELS = {t.name: t.label for t in EVENT_TYPES}


# -- data (cached) ----------------------------------------------------------------------------
@st.cache_resource(show_spinner="Building the incident store from the seed articles…")
def get_store():
    return open_store(default_db_path())


@st.cache_data(show_spinner=False)
def load_events(db_path: str, version: str, counts: tuple) -> pd.DataFrame:
    """All events as a DataFrame; the arguments are the cache key (new articles invalidate it)."""
    return events_frame(get_store().events())


@st.cache_data(show_spinner=False, max_entries=16)
def export_files(event_ids: tuple[str, ...], db_path: str, counts: tuple) -> tuple[str, str, bytes | None]:
    """CSV, GeoJSON and GeoPackage of these events, made once per selection rather than on every rerun
    (a marker click or a table row reruns the page; writing a GeoPackage each time would be slow)."""
    frame = load_events(db_path, PIPELINE_VERSION, counts)
    records = records_of(frame[frame["event_id"].isin(set(event_ids))])
    geojson = json.dumps(export.to_geojson(records), ensure_ascii=False, default=str)
    placed = any(r.get("lat") is not None for r in records)
    return export.to_csv(records), geojson, export.geopackage_bytes(records) if placed else None


@st.cache_resource
def load_bases() -> list:
    return [p for p in Gazetteer.default().places if p.operator]


def count(value: object) -> str:
    """A casualty count for display: "not stated" rather than NaN or None."""
    return "not stated" if value is None or pd.isna(value) else f"{int(value)}"


def plain(text: str) -> str:
    """Article text for st.markdown: every markdown character escaped, so it shows as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])", r"\\\1", text or "")


store = get_store()
counts = store.counts()
frame = load_events(store.path, PIPELINE_VERSION, tuple(sorted(counts.items())))
bases = load_bases()
operators = sorted({o for b in bases for o in b.operator.split("|") if o})
# The URL may only ask for values the widgets offer: a multiselect drops any other silently.
vocabulary = Vocabulary(
    actors=frozenset(a for actors in frame["actors"] for a in actors) | frozenset(ActorTable.default().actors),
    types=frozenset(BY_NAME),
    regions=frozenset(frame["region"].dropna()) | frozenset(frame["country"].dropna()),
    operators=frozenset(operators),
)

# -- the view from the URL, once per session ---------------------------------------------------
if "view_loaded" not in st.session_state:
    state, notices = ViewState.from_query(st.query_params.to_dict(), vocabulary)
    st.session_state.update({
        "view_loaded": True, "notices": notices,
        "f_actors": list(state.actors), "f_types": list(state.types), "f_regions": list(state.regions),
        "f_q": state.q, "f_conf": state.min_confidence, "f_layers": list(state.layers),
        "f_near_actor": list(state.near_actor), "f_near_km": state.near_km or 0.0,
        "f_start": pd.Timestamp(state.start).date() if state.start else None,
        "f_end": pd.Timestamp(state.end).date() if state.end else None,
        "keep_view": state.lat is not None, "map_center": (state.lat, state.lon) if state.lat is not None else None,
        "map_zoom": state.zoom, "selected": state.selected,
    })


def apply_timeline_selection() -> None:
    """A span brushed on the timeline becomes the date filter, in whole weeks (bars stand for weeks)."""
    selection = st.session_state.get("timeline", {}).get("selection", {}).get("span", {})
    span = selection.get("week") if isinstance(selection, dict) else None
    if span and len(span) == 2:
        # Each bar stands at its week's Monday: the brush takes the weeks whose Monday it covers.
        first, last = (pd.to_datetime(v, unit="ms", utc=True).date() for v in span)
        start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        end = last - dt.timedelta(days=last.weekday())
        if start > end:  # inside one bar: that bar's week
            start = end = first - dt.timedelta(days=first.weekday())
        st.session_state["f_start"] = start
        st.session_state["f_end"] = end + dt.timedelta(days=6)


def map_changed(key: str = "map") -> None:
    """A marker click selects its event (callbacks run before the script, so the link is current);
    the click's tooltip tells apart two events at one place."""
    value = st.session_state.get(key) or {}
    if st.session_state.get("keep_view") and value.get("center"):
        centre, zoom = (value["center"]["lat"], value["center"]["lng"]), value.get("zoom")
        (lat, lon), start_zoom = START_VIEW
        # A map just mounted reports where it started, not the fitted view on screen: only a
        # position the user moved to goes into the link.
        at_start = zoom == start_zoom and abs(centre[0] - lat) + abs(centre[1] - lon) <= 0.05
        if st.session_state.get("map_center") or not at_start:
            st.session_state["map_center"], st.session_state["map_zoom"] = centre, zoom
    clicked, tooltip = value.get("last_object_clicked"), value.get("last_object_clicked_tooltip") or ""
    if not clicked:
        return
    points = st.session_state.get("drawn_points", [])
    # A marker spread out of a cluster (spiderfied) reports where it is drawn, not its event's point:
    # its tooltip names it, and the nearest event of that name is the one.
    named = [(abs(lat - clicked["lat"]) + abs(lon - clicked["lng"]), event_id)
             for event_id, lat, lon, text in points if tooltip and html.unescape(tooltip).strip() == text]
    here = [event_id for event_id, lat, lon, _ in points
            if abs(lat - clicked["lat"]) < 1e-5 and abs(lon - clicked["lng"]) < 1e-5]
    if named:
        st.session_state["selected"] = min(named)[1]
    elif len(here) == 1:  # a click without a tooltip (a cluster) selects only what cannot be another event
        st.session_state["selected"] = here[0]


def table_selected() -> None:
    """A ticked table row selects its event (by id: row numbers change with the filters)."""
    rows = st.session_state.get("table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["selected"] = ids[rows[0]]


# -- sidebar: filters --------------------------------------------------------------------------
with st.sidebar:
    st.header("Filters")
    for notice in st.session_state.get("notices", []):
        st.warning(f"Link: {notice}")
    actor_options = sorted(vocabulary.actors)
    st.multiselect("Actors", actor_options, key="f_actors", help="Events involving any of these actors")
    st.multiselect("Event types", [t.name for t in EVENT_TYPES], key="f_types", format_func=TYPE_LABELS.get)
    st.multiselect("Regions (governorate or country)", sorted(vocabulary.regions), key="f_regions")
    col1, col2 = st.columns(2)
    col1.date_input("From", key="f_start", format="YYYY-MM-DD", min_value=MIN_DATE, max_value=MAX_DATE)
    col2.date_input("To", key="f_end", format="YYYY-MM-DD", min_value=MIN_DATE, max_value=MAX_DATE)
    st.text_input("Search quotes, places, headlines", key="f_q")
    st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_conf")
    with st.expander("Near a base of…"):
        st.multiselect("Operator", operators, key="f_near_actor")
        st.number_input("Within km (0 = off)", min_value=0.0, max_value=MAX_NEAR_KM, step=5.0, key="f_near_km")
    st.multiselect("Layers", list(LAYERS), key="f_layers", format_func=LAYER_LABELS.get,
                   help="What the map draws. The link keeps this choice, so a colleague sees the same layers.")
    st.checkbox("Keep map position in the link", key="keep_view",
                help="Off: the link's map fits the filtered events. On: it keeps your pan and zoom "
                     "(every pan then refreshes the page).")

state = ViewState(
    actors=tuple(st.session_state["f_actors"]), types=tuple(st.session_state["f_types"]),
    regions=tuple(st.session_state["f_regions"]),
    start=st.session_state["f_start"].isoformat() if st.session_state.get("f_start") else None,
    end=st.session_state["f_end"].isoformat() if st.session_state.get("f_end") else None,
    q=st.session_state["f_q"].strip(), min_confidence=float(st.session_state["f_conf"]),
    layers=tuple(layer for layer in LAYERS if layer in st.session_state["f_layers"]),
    near_actor=tuple(st.session_state["f_near_actor"]), near_km=st.session_state["f_near_km"] or None,
    lat=st.session_state["map_center"][0] if st.session_state["keep_view"] and st.session_state["map_center"] else None,
    lon=st.session_state["map_center"][1] if st.session_state["keep_view"] and st.session_state["map_center"] else None,
    zoom=st.session_state["map_zoom"] if st.session_state["keep_view"] else None,
    selected=st.session_state.get("selected"),
)
filtered = apply_filters(frame, state, bases)

# -- header and link -----------------------------------------------------------------------------
st.title("Syria incident map")
if st.session_state.get("flash"):
    st.success(st.session_state.pop("flash"))
st.caption(f"{len(filtered)} of {len(frame)} events from {counts['articles']} articles. Every point links to the "
           "sentence that reports it; dashed markers and rings are places known only roughly.")
query = state.to_query()
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)
base_url = (st.context.url or "").split("?")[0]
link = base_url + ("?" + urlencode(query) if query else "")
# Through session state, not value=: a keyed text_input keeps its first value and ignores a new
# value= on reruns, so the box kept showing the link the session was opened with.
st.session_state["share_link"] = link
st.text_input("Link to this view (copy and share)", key="share_link")
missing = assets.missing_assets()
if missing:
    st.info(f"{len(missing)} map scripts are not installed locally and load from public CDNs. "
            "Run `python -m geo assets` to serve them from this app.")

# -- map -------------------------------------------------------------------------------------------
# None, not NaN, for missing values: NaN showed as "nan killed" in popups and made the GeoJSON invalid.
records = records_of(filtered)
undrawn = sum(1 for r in records if not drawn(r))
if undrawn:
    st.caption(f"{undrawn} of these events are known only to a country or a wider region (more than "
               f"{MAX_DRAWN_PRECISION_KM:g} km): they are in the table below, not on the map.")
if not state.layers:
    st.info("No layer is chosen: pick what the map draws under Layers in the sidebar.")
elif not records:
    st.info(f"No event matches these filters (of {len(frame)}): the map shows only the layers without events.")
elif "incidents" not in state.layers:
    st.caption("Incident markers are off (Layers, in the sidebar).")
center = (state.lat, state.lon) if state.lat is not None else None
fmap = build_map(records, bases, layers=state.layers, center=center, zoom=state.zoom)
assets.localize(fmap)
# Where each drawn event is, for the click callback of the next run (clicks arrive before the script).
st.session_state["drawn_points"] = [
    (r["event_id"], r["lat"], r["lon"], tooltip) for r, tooltip in zip(records, incident_tooltips(records)) if drawn(r)
]
returned = ["last_object_clicked", "last_object_clicked_tooltip"] + (
    ["center", "zoom"] if st.session_state["keep_view"] else [])
# The component reads which values to return when it mounts: ticking "Keep map position" mounts
# another one (another key), or pans would never reach the link.
map_key = "map_kept" if st.session_state["keep_view"] else "map"
st_folium(fmap, key=map_key, height=560, use_container_width=True, returned_objects=returned,
          on_change=functools.partial(map_changed, map_key))

# -- timeline ----------------------------------------------------------------------------------------
st.subheader("Timeline")
dated = filtered.dropna(subset=["date"])
if len(dated):
    by = st.radio("Colour by", ["event type", "first actor"], horizontal=True, key="timeline_by")
    chart_data = pd.DataFrame({
        "week": dated["date"].dt.to_period("W").dt.start_time,
        "group": dated["event_type"].map(TYPE_LABELS) if by == "event type"
        else dated["actors"].apply(lambda a: a[0] if a else "unknown"),
    })
    span = alt.selection_interval(encodings=["x"], name="span")
    chart = alt.Chart(chart_data).mark_bar().encode(
        x=alt.X("week:T", title="Week", scale=alt.Scale(type="utc")), y=alt.Y("count():Q", title="Events"),
        color=alt.Color("group:N", title=by.capitalize()), tooltip=["week:T", "group:N", "count():Q"],
    ).add_params(span).properties(height=180)
    st.altair_chart(chart, key="timeline", on_select=apply_timeline_selection, width="stretch")
    st.caption("Drag across the timeline to set the date filter.")
else:
    st.caption("No dated events match the filters.")

# -- table and detail ------------------------------------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    st.subheader("Events")
    table = filtered[["event_id", "date", "date_precision", "event_type", "actors", "place", "admin1", "country",
                      "geo_precision", "precision_km", "killed", "confidence", "quote"]].assign(
        actors=filtered["actors"].apply(", ".join), date=filtered["date"].dt.date,
        event_type=filtered["event_type"].map(lambda t: TYPE_LABELS.get(t, t)))
    st.session_state["table_ids"] = list(table["event_id"])
    st.dataframe(table, hide_index=True, key="table", on_select=table_selected, selection_mode="single-row",
                 column_config={"event_id": None, "quote": st.column_config.TextColumn("quote", width="large")})

with right:
    st.subheader("Details")
    chosen = filtered[filtered["event_id"] == st.session_state.get("selected")]
    if chosen.empty and (frame["event_id"] == st.session_state.get("selected")).any():
        st.caption("The selected event is outside the current filters: widen them to see it again, "
                   "or click a marker or a table row.")
    elif chosen.empty:
        st.caption("Click a marker or a table row to see the whole record and its sources.")
    else:
        event = chosen.iloc[0]
        etype = BY_NAME.get(event["event_type"])
        st.markdown(f"**{plain(etype.label if etype else event['event_type'])}** — {plain(event['place'] or 'unplaced')}")
        st.dataframe(pd.DataFrame({"field": ["date", "actors", "place", "admin1 / country", "geo precision",
                                             "killed / injured", "confidence", "note"],
                                   "value": [f"{event['date']:%Y-%m-%d} ({event['date_precision']})"
                                             if pd.notna(event["date"]) else "unknown",
                                             ", ".join(event["actors"]) or "unknown",
                                             f"{event['place']} ({event['lat']}, {event['lon']}) ±{event['precision_km']} km",
                                             f"{event['admin1']} / {event['country']}", str(event["geo_precision"]),
                                             f"{count(event['killed'])} / {count(event['injured'])}", str(event["confidence"]),
                                             event["note"] or ""]}),
                     hide_index=True)
        for source in event["sources"] or []:
            st.markdown(f"**{plain(source.get('headline') or '')}** — {plain(source.get('outlet') or 'unknown outlet')}, "
                        f"{plain(source.get('published') or 'undated')}")
            st.markdown("> " + plain(source.get("quote") or ""))
            article = store.article(source["article_id"])
            if article:
                with st.expander("Read the article"):
                    st.code(article.body, language=None, wrap_lines=True)
        if pd.notna(event["lat"]):
            year = event["date"].year if pd.notna(event["date"]) else None
            st.markdown("**Nearest base of each other actor** (geodesic distance"
                        + (f"; bases in use in {year})" if year else ")"))
            st.dataframe(pd.DataFrame(nearest_bases(event["lat"], event["lon"], bases, exclude=event["actors"],
                                                    year=year),
                                      columns=["operator", "km", "base", "status"]),
                         hide_index=True)

# -- exports and housekeeping ---------------------------------------------------------------------------------
st.subheader("Export the filtered events")
c1, c2, c3 = st.columns(3)
csv_text, geojson_text, gpkg = export_files(tuple(filtered["event_id"]), store.path, tuple(sorted(counts.items())))
c1.download_button("CSV (ACLED columns)", csv_text, "incidents.csv", "text/csv")
c2.download_button("GeoJSON", geojson_text, "incidents.geojson", "application/geo+json")
if gpkg is not None:
    c3.download_button("GeoPackage", gpkg, "incidents.gpkg", "application/geopackage+sqlite3")
else:
    c3.caption("GeoPackage: none of these events has a place to write.")

with st.expander(f"Place names no gazetteer knows ({counts['unresolved']})"):
    unresolved = store.unresolved()
    if unresolved:
        st.dataframe(pd.DataFrame(unresolved), hide_index=True)
        st.caption("Add them with `python -m geo gazetteer import FILE` (a CSV in gazetteer.csv's columns).")
    else:
        st.caption("None: every place named in the stored articles was resolved.")

with st.expander("Add articles"):
    uploads = st.file_uploader("Plain-text articles (.txt)", type=["txt"], accept_multiple_files=True)
    if uploads and st.button("Extract and add"):
        added = 0
        for upload in uploads:
            try:
                articles = parse_file(Path(upload.name), text=upload.getvalue().decode("utf-8", errors="replace"))
            except Exception as exc:  # noqa: BLE001 - the message is for the user
                st.error(f"{upload.name}: {exc}")
                continue
            if not articles:
                st.warning(f"{upload.name}: no article text found")
            added += store.ingest(articles).articles_added
        st.session_state["flash"] = f"{added} new articles added."
        load_events.clear()
        st.rerun()
