"""geo.mapview: the Folium map's layers, rendered to the HTML the browser gets.

The events are written here, several of them with markup in their text: article text must reach
the page only as JSON data (``<`` ``>`` ``&`` escaped), never as markup.
"""
from __future__ import annotations

import json
import re

import folium
import pytest

from geo.actors import Actor, ActorTable
from geo.mapview import (
    REGION_BOX,
    SYRIA_BOUNDS,
    BaseLayer,
    HeatLayer,
    IncidentLayer,
    Legend,
    UncertaintyLayer,
    build_map,
    drawn,
    fit_bounds_for,
    incident_tooltip,
    incident_tooltips,
)
from geo.records import Place
from geo.taxonomy import BY_NAME

#: Where places are (lat, lon), from an analyst's notes rather than the gazetteer.
PLACES = {"Tel Tamr": (36.65, 40.37), "al-Malikiyah": (37.18, 42.14), "Moscow": (55.75, 37.62),
          "Damascus": (33.51, 36.29), "Qamishli": (37.05, 41.23), "Raqqa": (35.95, 39.01), "Jenin": (32.46, 35.30)}

HOSTILE_QUOTE = ('A monitor wrote </script><script>window.__xss=1</script> and <img src=x onerror="window.__xss=2"> '
                 "& then \u201cleft\u201d.")
HOSTILE_PLACE = '<img src=x onerror=alert(3)>'
HOSTILE_HEADLINE = "<script>alert(4)</script> Jets & drones"
#: What must never appear in the page, as it would if the data were pasted in as HTML.
RAW_MARKUP = ("<img src=x", "</script><script>", "<script>alert(4)", "onerror=alert(3)>")


def event(event_id: str, **kw) -> dict:
    base = {"event_id": event_id, "event_type": "interception", "actors": ["Russia", "United States"],
            "date": "2020-02-15", "date_precision": "day", "place": "Tel Tamr", "lat": PLACES["Tel Tamr"][0],
            "lon": PLACES["Tel Tamr"][1], "geo_precision": 1, "precision_km": 2.0, "admin1": "Hasakah",
            "country": "Syria", "quote": "A Russian patrol blocked a US convoy.", "killed": None, "injured": None,
            "confidence": 0.75, "headline": "Patrols meet", "note": "", "sources": []}
    base.update(kw)
    return base


HOSTILE = event("hostile", quote=HOSTILE_QUOTE, place=HOSTILE_PLACE, headline=HOSTILE_HEADLINE,
                note="<b>bold</b> note", sources=[{"outlet": "<i>Outlet</i>", "published": "2020-02-16",
                                                    "headline": HOSTILE_HEADLINE}])
EVENTS = [
    event("exact"),
    event("near", event_type="collision", place="al-Malikiyah", lat=PLACES["al-Malikiyah"][0],
          lon=PLACES["al-Malikiyah"][1], geo_precision=2, precision_km=10.0, killed=2, injured=4),
    event("region", event_type="deployment", actors=["Russia"], place="Hasakah Governorate", lat=36.6, lon=41.0,
          geo_precision=3, precision_km=100.0),
    event("unplaced", place=None, lat=None, lon=None, geo_precision=3, precision_km=250.0),
    HOSTILE,
]


def rendered(m: folium.Map) -> str:
    return m.get_root().render()


def incident_data(html: str) -> list[dict]:
    """The JSON array the incident layer draws its markers from, parsed back out of the page."""
    match = re.search(r"var data = (.*);\n", html)
    assert match, "no incident data in the page"
    return json.loads(match.group(1))


def base_data(html: str) -> list[dict]:
    """The rows the base layer draws its markers from (the one data array whose rows have a tooltip text)."""
    arrays = [json.loads(a) for a in re.findall(r"^\s*(\[.*\])\.forEach\(", html, flags=re.MULTILINE)]
    return next(a for a in arrays if a and isinstance(a[0], dict) and "text" in a[0])


@pytest.fixture(scope="module")
def page() -> str:
    bases = [Place("Base <img src=x onerror=alert(5)>", 36.5, 40.7, "airbase", operator="Russia", status="closed")]
    return rendered(build_map(EVENTS, bases, tiles=None))


# -- article text stays text -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", RAW_MARKUP)
def test_no_markup_from_the_data_reaches_the_page(page, raw):
    assert raw not in page


def test_the_page_has_exactly_folium_s_own_script_tags(page):
    # The same map with harmless text: every <script> is one folium wrote, none was opened by a quote.
    tame = [dict(e, quote="q", place="p", headline="h", note="", sources=[]) for e in EVENTS]
    bases = [Place("Base", 36.5, 40.7, "airbase", operator="Russia", status="closed")]
    reference = rendered(build_map(tame, bases, tiles=None))
    assert page.count("<script") == reference.count("<script")
    assert page.count("</script>") == reference.count("</script>")


def test_hostile_text_arrives_intact_as_data(page):
    rows = {r["id"]: r for r in incident_data(page)}
    assert rows["hostile"]["quote"] == HOSTILE_QUOTE
    assert rows["hostile"]["place"] == HOSTILE_PLACE
    assert HOSTILE_HEADLINE in rows["hostile"]["source"]
    assert "\\u003c/script\\u003e" in page  # how the quote's closing tag appears in the script


def test_base_names_are_data_too(page):
    assert "Base \\u003cimg" in page
    assert base_data(page)[0]["text"].startswith("Base <img src=x onerror=alert(5)> (airbase)")


def test_popups_are_built_with_text_nodes_not_html(page):
    script = page[page.index("var data = "):]
    assert "textContent" in script
    assert ".innerHTML" not in script.split("var legend")[0]


def test_marker_rows_hold_only_plain_values():
    for e in EVENTS:
        if e["lat"] is None:
            continue
        row = IncidentLayer.row(e, ActorTable.default())
        for key, value in row.items():
            assert value is None or type(value) in (str, int, float, bool), (key, value)
        assert json.loads(json.dumps(row)) == row


def test_marker_row_says_what_the_record_says():
    row = IncidentLayer.row(EVENTS[1], ActorTable.default())
    assert row["id"] == "near" and (row["lat"], row["lon"]) == PLACES["al-Malikiyah"]
    assert row["label"] == BY_NAME["collision"].label
    assert row["icon"] == BY_NAME["collision"].icon
    assert row["color"] == ActorTable.default().color("Russia")  # the first actor's colour
    assert row["coarse"] is True
    assert row["casualties"] == "2 killed, 4 injured"
    assert "\u00b110 km" in row["where"] and "geo precision 2" in row["where"]
    assert row["actors"] == "Russia, United States"


# -- styling falls back safely -----------------------------------------------------------------------

def test_unknown_actor_and_type_get_neutral_colour_and_icon():
    row = IncidentLayer.row(event("x", actors=["Narnia"], event_type="teleportation"), ActorTable.default())
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", row["color"])
    assert row["color"] not in {a.color for a in ActorTable.default().actors.values()}
    assert row["icon"] == "circle"
    assert row["label"] == "teleportation"


def test_no_actor_at_all_is_unknown():
    row = IncidentLayer.row(event("x", actors=[]), ActorTable.default())
    assert row["actors"] == "unknown"
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", row["color"])


def test_a_colour_that_is_not_a_hex_colour_is_replaced():
    evil = ActorTable([Actor("Evil", "militia", 3, "", 'red;background:url(x)" onmouseover="alert(1)')],
                      {"Evil": "Evil"})
    row = IncidentLayer.row(event("x", actors=["Evil"]), evil)
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", row["color"])
    [ring] = UncertaintyLayer([event("x", actors=["Evil"], geo_precision=2)], evil).data
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", ring[3])
    legend = Legend(["interception"], ["Evil"], evil).html
    assert "onmouseover" not in legend


def test_legend_escapes_actor_names_and_lists_only_present_types():
    table = ActorTable([Actor("<b>Crew</b>", "militia", 3, "", "#123456")], {"<b>Crew</b>": "<b>Crew</b>"})
    legend = Legend(["collision"], ["<b>Crew</b>"], table).html
    assert "&lt;b&gt;Crew&lt;/b&gt;" in legend and "<b>Crew</b>" not in legend
    assert BY_NAME["collision"].label in legend
    assert BY_NAME["airstrike"].label not in legend


def test_legend_explains_bases_when_they_are_drawn_and_keeps_its_headings_apart():
    base = Place("Hmeimim Air Base", 35.41, 35.95, "airbase", operator="Russia", status="active")
    with_bases = rendered(build_map(EVENTS, [base], tiles=None))
    assert "Military bases" in with_bases and "closed or handed over" in with_bases
    assert "closed or handed over" not in rendered(build_map(EVENTS, [base], layers=("incidents",), tiles=None))
    empty = Legend([], [], ActorTable.default(), bases=True).html
    assert "Event type" not in empty and "First actor" not in empty  # no heading over nothing
    assert "<div><b>Event type</b></div>" in Legend(["collision"], [], ActorTable.default()).html


# -- uncertainty rings ---------------------------------------------------------------------------------------

def test_rings_only_for_coarse_placed_events_with_their_radius_in_metres():
    rings = UncertaintyLayer(EVENTS, ActorTable.default()).data
    by_point = {(r[0], r[1]): r[2] for r in rings}
    assert by_point == {PLACES["al-Malikiyah"]: 10_000.0, (36.6, 41.0): 100_000.0}


def test_no_ring_without_a_radius():
    assert UncertaintyLayer([event("x", geo_precision=2, precision_km=None)], ActorTable.default()).data == []


def test_exact_places_are_solid_markers_and_coarse_ones_dashed():
    rows = {r["id"]: r for r in IncidentLayer(EVENTS, ActorTable.default()).data}
    assert rows["exact"]["coarse"] is False
    assert rows["near"]["coarse"] is True and rows["region"]["coarse"] is True


# -- which events are drawn --------------------------------------------------------------------------------

def test_every_placed_event_is_one_marker(page):
    assert sorted(r["id"] for r in incident_data(page)) == sorted(e["event_id"] for e in EVENTS if e["lat"] is not None)


def test_missing_coordinates_as_nan_are_not_drawn():
    # A record that went through a DataFrame has NaN, not None; Leaflet throws on it, losing every marker.
    nan_event = event("nan", lat=float("nan"), lon=float("nan"), geo_precision=2)
    m = build_map([event("ok"), nan_event], [], tiles=None)
    html = rendered(m)
    assert [r["id"] for r in incident_data(html)] == ["ok"]
    assert "NaN" not in html
    assert UncertaintyLayer([nan_event], ActorTable.default()).data == []
    assert HeatLayer([nan_event, event("ok")]).data == [[PLACES["Tel Tamr"][0], PLACES["Tel Tamr"][1]]]


def test_only_the_asked_layers_are_drawn_and_the_map_has_no_layer_control_of_its_own():
    # The sidebar chooses layers and writes them into the link; an in-map toggle would not be in it.
    m = build_map(EVENTS, [], layers=("incidents", "heatmap"), tiles=None)
    drawn_layers = {type(c).__name__ for c in m._children.values()} & {
        "IncidentLayer", "UncertaintyLayer", "BaseLayer", "HeatLayer"}
    assert drawn_layers == {"IncidentLayer", "HeatLayer"}
    assert all(c.show for c in m._children.values() if type(c).__name__ in drawn_layers)
    assert "control.layers" not in rendered(m)
    assert "control.layers" not in rendered(build_map(EVENTS, [], tiles=None))


def test_base_layer_marks_closed_bases_and_names_operators():
    bases = [Place("Hmeimim", 35.41, 35.95, "airbase", operator="Russia", status="active"),
             Place("Tanf", 33.5, 38.6, "base", operator="United States|US-led coalition", status="closed",
                   period="2016-2025")]
    rows = BaseLayer(bases, ActorTable.default()).data
    assert [r["closed"] for r in rows] == [False, True]
    assert rows[0]["icon"] == "plane"
    assert "United States, US-led coalition" in rows[1]["text"] and "2016-2025" in rows[1]["text"]
    assert rows[1]["color"] == ActorTable.default().color("United States")


def test_empty_map_renders():
    html = rendered(build_map([], [], tiles=None))
    assert "L.map" in html


# -- where the map opens ---------------------------------------------------------------------------------------

def test_bounds_ignore_a_far_away_meeting_when_regional_events_exist():
    moscow = event("moscow", event_type="talks", place="Moscow", lat=PLACES["Moscow"][0], lon=PLACES["Moscow"][1])
    (south, west), (north, east) = fit_bounds_for([moscow, *EVENTS])
    assert north < PLACES["Moscow"][0] - 10
    # ...and still hold every regional event.
    for e in EVENTS:
        if e["lat"] is not None:
            assert south < e["lat"] < north and west < e["lon"] < east


def test_bounds_fit_far_away_events_when_there_is_nothing_else():
    moscow = event("moscow", lat=PLACES["Moscow"][0], lon=PLACES["Moscow"][1])
    (south, west), (north, east) = fit_bounds_for([moscow])
    assert south < PLACES["Moscow"][0] < north and west < PLACES["Moscow"][1] < east


def test_bounds_default_to_syria_with_nothing_placed():
    assert fit_bounds_for([]) == SYRIA_BOUNDS
    assert fit_bounds_for([event("x", lat=None, lon=None)]) == SYRIA_BOUNDS


def test_region_box_holds_syria():
    (s, w), (n, e) = REGION_BOX
    for name in ("Damascus", "Qamishli", "Raqqa", "Jenin"):
        lat, lon = PLACES[name]
        assert s <= lat <= n and w <= lon <= e, name


def test_map_fits_the_events_unless_given_a_centre():
    fitted = rendered(build_map(EVENTS, [], tiles=None))
    centred = rendered(build_map(EVENTS, [], center=(35.0, 38.0), zoom=9, tiles=None))
    assert "fitBounds" in fitted
    assert "fitBounds" not in centred
    assert re.search(r"center:\s*\[35\.0,\s*38\.0\]", centred) and re.search(r"\"zoom\":\s*9\b", centred)


def test_map_has_a_max_zoom_even_without_tiles():
    # Leaflet.markercluster refuses a map without maxZoom, and only a tile layer would give one.
    html = rendered(build_map(EVENTS, [], tiles=None))
    map_options = re.search(r"L\.map\(\s*\"map_\w+\",(.*?)\);", html, flags=re.DOTALL).group(1)
    assert re.search(r"\"maxZoom\":\s*18\b", map_options)


# -- article text is not template code ----------------------------------------------------------------------------
# folium (through branca) parses every rendered script once more as a Jinja template, so "{{ ... }}" in a
# quote would run on the server and "{% if %}" would stop the page from rendering at all.

TEMPLATE_TEXT = [
    "Sources said {{ 7*7 }} fighters were killed.",
    "A pid: {{ cycler.__init__.__globals__.os.getpid() }}.",
    "Unbalanced {% if %} braces and a {# comment that never ends",
    "Set notation {x: {{y}}} and {%raw%} stay text.",
]


@pytest.mark.parametrize("text", TEMPLATE_TEXT)
def test_template_syntax_in_article_text_is_shown_as_written(text):
    hostile = event("t", quote=text, place=text, note=text, headline=text,
                    sources=[{"outlet": text, "published": "2020-02-16", "headline": text}])
    html = rendered(build_map([hostile], [Place(text, 36.5, 40.7, "airbase", operator="Russia")], tiles=None))
    [row] = incident_data(html)
    assert row["quote"] == text and row["place"] == text and row["note"] == text
    assert text in row["source"]
    [base] = base_data(html)
    assert base["text"].startswith(text + " (airbase)")
    # Nowhere in the page (incident data, base tooltips) is there a Jinja tag left to run.
    assert not re.search(r"\{[{%#]", html)
    assert "\\u007b" in html.split("var data = ", 1)[1].split("\n", 1)[0]


def test_template_syntax_in_an_actor_name_does_not_run():
    table = ActorTable([Actor("{{ 6*7 }}", "militia", 3, "", "#123456")], {"{{ 6*7 }}": "{{ 6*7 }}"})
    html = rendered(build_map([event("x", actors=["{{ 6*7 }}"])], [], actors=table, tiles=None))
    legend = json.loads(re.search(r"innerHTML = (\".*\");\n", html).group(1))
    assert "</span>{{ 6*7 }}</div>" in legend


def test_country_level_events_are_listed_not_drawn():
    # "a hotline in Syria": a point at Syria's centre would claim a place the report does not give.
    country = event("country", place="Syria", geo_precision=3, precision_km=400.0, lat=35.0, lon=38.5)
    province = event("province", place="Hasakah Governorate", geo_precision=3, precision_km=100.0)
    m = build_map([event("town"), country, province], [], tiles=None)
    assert sorted(r["id"] for r in incident_data(rendered(m))) == ["province", "town"]
    assert not drawn(country) and drawn(province)
    assert [round(r[2]) for r in UncertaintyLayer([country, province], ActorTable.default()).data] == [100000]


def test_an_approximate_point_gets_its_ring_even_at_geo_precision_1():
    # A village the gazetteer places only to +-12 km must not look like a street address.
    rough = event("rough", geo_precision=1, precision_km=12.0)
    exact = event("exact", geo_precision=1, precision_km=2.0)
    assert [r[2] for r in UncertaintyLayer([rough, exact], ActorTable.default()).data] == [12_000.0]
    rows = {r["id"]: r for r in IncidentLayer([rough, exact], ActorTable.default()).data}
    assert rows["rough"]["coarse"] is True and rows["exact"]["coarse"] is False


def test_events_sharing_a_tooltip_are_numbered_so_a_click_names_one():
    # Two reports of the same type at one place and day: the app matches a click by tooltip.
    twins = [event("b-first"), event("a-second"), event("other", place="Qamishli", lat=PLACES["Qamishli"][0],
                                                             lon=PLACES["Qamishli"][1]),
             event("unplaced", lat=None, lon=None, geo_precision=None)]
    base = incident_tooltip(twins[0])
    assert incident_tooltips(twins) == [f"{base} [1 of 2]", f"{base} [2 of 2]", incident_tooltip(twins[2]),
                                        incident_tooltip(twins[3])]
    drawn_tooltips = {r["id"]: r["tooltip"] for r in incident_data(rendered(build_map(twins, [], tiles=None)))}
    assert drawn_tooltips == {"b-first": f"{base} [1 of 2]", "a-second": f"{base} [2 of 2]",
                              "other": incident_tooltip(twins[2])}


def test_tooltips_follow_their_events_whatever_the_ids():
    # Ids missing, repeated or falsy must not hand one event's tooltip to another.
    events = [event(0, place="Qamishli"), event(0), event("kept", event_type="collision"), event("kept")]
    for e in events[2:]:
        del e["event_id"]
    tips = [r["tooltip"] for r in incident_data(rendered(build_map(events, [], tiles=None)))]
    assert sorted(tips) == sorted(incident_tooltips(events))
    assert "Qamishli" in incident_tooltips(events)[0] and incident_tooltips(events)[2].startswith("Vehicle collision")
