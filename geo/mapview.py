"""The Folium map: one small layer class per job.

:class:`IncidentLayer`
    a marker per event, clustered until you zoom in, styled by event type
    (symbol) and coloured by its first actor.
:class:`UncertaintyLayer`
    a dashed ring around every coarse place (geo precision 2 or 3) whose
    radius is the place's precision: a province-level guess looks like one.
:class:`BaseLayer`
    military installations from the gazetteer, by operator; closed ones hollow.
:class:`HeatLayer`
    incident density.
:class:`Legend`
    what the symbols and colours mean.

Markers and popups are built in the browser from JSON data with DOM calls
(``textContent``), so article text is always shown as text: a quote holding
``<script>`` or ``<img onerror=...>`` shows those characters and runs nothing.
The data goes in as JSON with ``<``, ``>`` and ``&`` escaped (Jinja's
``tojson``), so it cannot close its script tag either, and with the ``{`` of
``{{``, ``{%`` and ``{#`` escaped too: folium parses every rendered script once
more as a Jinja template, where article text holding them would run as code
on the server (see :func:`script_json`).

>>> m = build_map([], [])
>>> type(m).__name__
'Map'
"""
from __future__ import annotations

import functools
import html
import math
import re
from collections import Counter
from collections.abc import Sequence

import folium
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from geo.actors import ActorTable
from geo.records import Place
from geo.taxonomy import BY_NAME, EVENT_TYPES

#: Where the map opens when there is nothing to fit: Syria and its neighbours.
SYRIA_BOUNDS = [[32.3, 35.6], [37.4, 42.4]]
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_ICON = re.compile(r"^[a-z0-9-]+$")
_UNKNOWN_COLOR = "#555555"

#: Where a map without a given view starts, before it fits its events: ((lat, lon), zoom).
START_VIEW = ((35.0, 38.5), 7)

_CSS = """
<style>
.geo-pin{width:24px;height:24px;border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px rgba(0,0,0,.6);
 display:flex;align-items:center;justify-content:center;color:#fff;font-size:12px}
.geo-pin.coarse{opacity:.75;border-style:dashed}
.geo-base{width:15px;height:15px;border-radius:3px;border:1px solid #222;display:flex;align-items:center;opacity:.7;
 justify-content:center;font-size:8px;color:#fff}
.geo-base.closed{background:#fff!important;color:#222}
.geo-popup{max-width:340px;font:12px/1.35 sans-serif}
.geo-popup blockquote{margin:6px 0;padding-left:6px;border-left:3px solid #999;white-space:pre-wrap}
.geo-legend{background:#fff;padding:6px 8px;border-radius:4px;box-shadow:0 0 4px rgba(0,0,0,.4);
 font:11px/1.4 sans-serif;max-height:320px;overflow:auto}
.geo-legend i{width:14px;text-align:center}
.geo-legend .geo-base{display:inline-flex;vertical-align:middle;margin-right:4px}
.geo-tip{white-space:normal;width:max-content;max-width:260px}
.geo-swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
</style>
"""


#: The "{" that opens a Jinja tag. JSON has "{{", "{%" and "{#" only inside strings (outside, "{" is
#: followed by '"' or "}"), so every match is string content, where "\\u007b" means the same "{".
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def script_json(value: object) -> str:
    """JSON to paste into a map's script: inert as HTML and as a Jinja template.

    Parameters
    ----------
    value
        Plain JSON data (the layers' rows).

    Returns
    -------
    str
        JSON text whose strings cannot close the ``<script>`` (``<`` ``>`` ``&`` ``'`` escaped, as
        Jinja's ``tojson`` does) nor open a Jinja tag: branca wraps each rendered script in a new
        ``Element``, which compiles it as a template, so ``{{ ... }}`` in an article would be
        evaluated on the server and ``{% if %}`` would stop the map from rendering.
    """
    return _JINJA_OPEN.sub(r"\\u007b", str(htmlsafe_json_dumps(value)))


def _safe_color(value: str | None) -> str:
    return value if value and _HEX.match(value) else _UNKNOWN_COLOR


def _safe_icon(value: str | None) -> str:
    return value if value and _ICON.match(value) else "circle"


def _placed(event: dict) -> bool:
    """Whether an event has a point to draw: Leaflet throws on a NaN coordinate, losing the whole layer."""
    lat, lon = event.get("lat"), event.get("lon")
    return lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon)


#: Events known only to within this radius (a country, a region the size of one) are listed in the
#: table but not drawn: a point would claim a place the report does not give.
MAX_DRAWN_PRECISION_KM = 150.0


def drawn(event: dict) -> bool:
    """Whether the map draws an event: it has a point, and the point means something."""
    return _placed(event) and (event.get("precision_km") or 0.0) <= MAX_DRAWN_PRECISION_KM


#: A point known to within this radius looks like a point; beyond it the map draws its ring.
RING_ABOVE_KM = 5.0


def coarse(event: dict) -> bool:
    """Whether an event's place is rough: near or inside a larger place (geo precision 2 or 3), or
    a point the gazetteer itself knows only to more than :data:`RING_ABOVE_KM` (an approximate village)."""
    return bool(event.get("precision_km")) and (
        (event.get("geo_precision") or 1) >= 2 or float(event["precision_km"]) > RING_ABOVE_KM)


def _fmt_actors(actors: Sequence[str]) -> str:
    return ", ".join(actors) if actors else "unknown"


class _RawScript(Element):
    """Script text that is inserted as it is, never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class _DataLayer(JSCSSMixin, Layer):
    """A layer whose features are built in the browser from a JSON array."""

    def __init__(self, data: list, name: str, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self.data = data
        self._placeholder = False

    @functools.cached_property
    def _json(self) -> str:
        return script_json(self.data)

    @property
    def data_json(self) -> str:
        """``data`` for the template (see :func:`script_json`)."""
        return "[]" if self._placeholder else self._json

    def render(self, **kwargs: object) -> None:
        """Render as folium does, but hand the figure the data-bearing script as raw text.

        branca wraps each rendered script in an ``Element``, which compiles it as a Jinja
        template: with 10,000 events that is megabytes of JSON parsed again, about a second
        per render. The layer renders with an empty placeholder, then its script is replaced
        (same name, same place) by the full text, which nothing parses.
        """
        self._placeholder = True
        try:
            super().render(**kwargs)
        finally:
            self._placeholder = False
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_RawScript(script), name=self.get_name())


def incident_tooltip(event: dict) -> str:
    """A marker's tooltip text: type, place and date. The app matches a click against it to tell
    apart events drawn at one point."""
    etype = BY_NAME.get(event["event_type"])
    date = f"{event.get('date') or 'unknown'} ({event.get('date_precision') or 'unknown'} precision)"
    return f"{etype.label if etype else event['event_type']}, {event.get('place') or ''} ({date})"


def incident_tooltips(events: Sequence[dict]) -> list[str]:
    """Each event's tooltip, in order: :func:`incident_tooltip`, numbered ("[1 of 2]", in list order)
    where several drawn events share one, so that a click on any marker names exactly one event."""
    texts = [incident_tooltip(e) for e in events]
    shared = Counter(t for e, t in zip(events, texts) if drawn(e))
    numbered: Counter[str] = Counter()
    out = []
    for e, text in zip(events, texts):
        if drawn(e) and shared[text] > 1:
            numbered[text] += 1
            text = f"{text} [{numbered[text]} of {shared[text]}]"
        out.append(text)
    return out


class IncidentLayer(_DataLayer):
    """Events as clustered markers; each row of ``data`` is one event (see :meth:`row`)."""

    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var data = {{ this.data_json }};
            // From zoom 11 only markers within a few pixels (one place) still cluster, so that events at
            // one point stay one cluster to the last zoom and spread out (spiderfy) when clicked.
            var layer = L.markerClusterGroup({maxClusterRadius: function (zoom) { return zoom >= 11 ? 6 : 40; }});
            function escapeHtml(text) {
                return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
                    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
            }
            function line(box, label, value) {
                if (value === null || value === undefined || value === "") { return; }
                var p = document.createElement("div");
                var b = document.createElement("b");
                b.textContent = label + ": ";
                p.appendChild(b);
                p.appendChild(document.createTextNode(String(value)));
                box.appendChild(p);
            }
            data.forEach(function (r) {
                var box = document.createElement("div");
                box.className = "geo-popup";
                var title = document.createElement("div");
                title.style.fontWeight = "bold";
                title.textContent = r.label + " \u2014 " + r.place;
                box.appendChild(title);
                line(box, "Date", r.date);
                line(box, "Actors", r.actors);
                line(box, "Place", r.where);
                line(box, "Casualties", r.casualties);
                line(box, "Confidence", r.confidence);
                var quote = document.createElement("blockquote");
                quote.textContent = r.quote;
                box.appendChild(quote);
                line(box, "Source", r.source);
                line(box, "Note", r.note);
                var pin = document.createElement("div");
                pin.className = "geo-pin" + (r.coarse ? " coarse" : "");
                pin.style.background = r.color;
                var glyph = document.createElement("i");
                glyph.className = "fa-solid fa-" + r.icon;
                pin.appendChild(glyph);
                var marker = L.marker([r.lat, r.lon], {
                    icon: L.divIcon({html: pin, className: "geo-icon", iconSize: [24, 24], iconAnchor: [12, 12]}),
                    incident: true, zIndexOffset: 1000, eventId: r.id, title: r.label + " \u2014 " + r.place
                });
                marker.bindPopup(box, {maxWidth: 360});
                // A string, entity-escaped here, so that the text reaches streamlit-folium's click
                // report (it reads tooltips through innerHTML) and shows literally in the tooltip.
                marker.bindTooltip(escapeHtml(r.tooltip), {className: "geo-tip"});
                layer.addLayer(marker);
            });
            return layer;
        })();
        {% endmacro %}
    """)

    def __init__(self, events: Sequence[dict], actors: ActorTable, name: str = "Incidents", show: bool = True):
        rows = [self.row(e, actors, tooltip) for e, tooltip in zip(events, incident_tooltips(events)) if drawn(e)]
        super().__init__(rows, name, show)

    @staticmethod
    def row(event: dict, actors: ActorTable, tooltip: str | None = None) -> dict:
        """The JSON a marker is drawn from: plain strings and numbers only (``tooltip`` defaults to
        :func:`incident_tooltip`)."""
        etype = BY_NAME.get(event["event_type"])
        first = (event.get("actors") or [None])[0]
        sources = event.get("sources") or []
        source = "; ".join(f"{s.get('outlet') or 'unknown outlet'}, {s.get('published') or 'undated'}: "
                           f"{s.get('headline') or ''}" for s in sources)
        casualties = ", ".join(p for p in (
            f"{event['killed']} killed" if event.get("killed") else "",
            f"{event['injured']} injured" if event.get("injured") else "") if p)
        precision = event.get("precision_km")
        where = event.get("place") or ""
        if precision:
            where += f" (\u00b1{precision:g} km, geo precision {event.get('geo_precision')})"
        return {
            "id": str(event.get("event_id") or event.get("id")),
            "lat": float(event["lat"]), "lon": float(event["lon"]),
            "label": etype.label if etype else event["event_type"],
            "icon": _safe_icon(etype.icon if etype else None),
            "color": _safe_color(actors.color(first) if first else None),
            "coarse": coarse(event),
            "place": event.get("place") or "",
            "where": where,
            "date": f"{event.get('date') or 'unknown'} ({event.get('date_precision') or 'unknown'} precision)",
            "actors": _fmt_actors(event.get("actors") or []),
            "casualties": casualties,
            "confidence": event.get("confidence"),
            "quote": event.get("quote") or "",
            "source": source or (event.get("headline") or ""),
            "note": event.get("note") or "",
            "tooltip": tooltip or incident_tooltip(event),
        }


class UncertaintyLayer(_DataLayer):
    """Dashed rings of radius ``precision_km`` around coarse places (geo precision 2 and 3)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var layer = L.featureGroup();
            {{ this.data_json }}.forEach(function (r) {
                L.circle([r[0], r[1]], {radius: r[2], color: r[3], weight: 1, dashArray: "4 4",
                                         fillOpacity: 0.06, interactive: false}).addTo(layer);
            });
            return layer;
        })();
        {% endmacro %}
    """)

    def __init__(self, events: Sequence[dict], actors: ActorTable, name: str = "Place uncertainty",
                 show: bool = True):
        rows = []
        for e in events:
            if not drawn(e) or not coarse(e):
                continue
            first = (e.get("actors") or [None])[0]
            rows.append([float(e["lat"]), float(e["lon"]), float(e["precision_km"]) * 1000.0,
                         _safe_color(actors.color(first) if first else None)])
        super().__init__(rows, name, show)


class BaseLayer(_DataLayer):
    """Military installations by operator; the tooltip says status and period."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var layer = L.featureGroup();
            {{ this.data_json }}.forEach(function (r) {
                var pin = document.createElement("div");
                pin.className = "geo-base" + (r.closed ? " closed" : "");
                pin.style.background = r.color;
                var glyph = document.createElement("i");
                glyph.className = "fa-solid fa-" + r.icon;
                pin.appendChild(glyph);
                // Bases are context: always under incidents and their cluster bubbles (Leaflet stacks
                // markers by latitude otherwise, so a base north of a bubble would hide it).
                var marker = L.marker([r.lat, r.lon], {
                    icon: L.divIcon({html: pin, className: "geo-icon", iconSize: [15, 15], iconAnchor: [8, 8]}),
                    base: true, zIndexOffset: -100000
                });
                var tip = document.createElement("span");
                tip.textContent = r.text;
                marker.bindTooltip(tip, {className: "geo-tip"});  // wraps: a base's line is long
                layer.addLayer(marker);
            });
            return layer;
        })();
        {% endmacro %}
    """)

    _ICONS = {"airbase": "plane", "naval_base": "anchor", "observation_post": "binoculars"}

    def __init__(self, bases: Sequence[Place], actors: ActorTable, name: str = "Military bases", show: bool = True):
        rows = []
        for b in bases:
            operators = [o for o in b.operator.split("|") if o]
            text = f"{b.name} ({b.kind.replace('_', ' ')}) \u2014 {', '.join(operators) or 'unknown operator'}; " \
                   f"status: {b.status or 'unknown'}" + (f"; {b.period}" if b.period else "")
            rows.append({"lat": b.lat, "lon": b.lon, "text": text, "closed": b.status in ("closed", "handed_over"),
                         "color": _safe_color(actors.color(operators[0]) if operators else None),
                         "icon": self._ICONS.get(b.kind, "shield-halved")})
        super().__init__(rows, name, show)


class HeatLayer(HeatMap):
    """Incident density (folium's HeatMap, off by default)."""

    def __init__(self, events: Sequence[dict], name: str = "Heat map", show: bool = False):
        points = [[float(e["lat"]), float(e["lon"])] for e in events if drawn(e)]
        super().__init__(points, name=name, show=show, radius=18, min_opacity=0.3)


class Legend(folium.MacroElement):
    """A Leaflet control explaining symbols (event types) and colours (actors)."""

    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-legend");
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, event_types: Sequence[str], actor_names: Sequence[str], actors: ActorTable,
                 bases: bool = False):
        super().__init__()
        self.css = _CSS
        lines = ["<details open><summary><b>Legend</b></summary>"]
        if event_types:
            lines.append("<div><b>Event type</b></div>")
        for t in EVENT_TYPES:
            if t.name in event_types:
                lines.append(f'<div><i class="fa-solid fa-{_safe_icon(t.icon)}"></i> {html.escape(t.label)}</div>')
        if actor_names:
            lines.append("<div><b>First actor</b></div>")
        for name in actor_names:
            lines.append(f'<div><span class="geo-swatch" style="background:{_safe_color(actors.color(name))}">'
                         f"</span>{html.escape(name)}</div>")
        if bases:
            lines.append('<div><b>Military bases</b></div><div><span class="geo-base" style="background:#777">'
                         '</span>in use, coloured by operator</div><div><span class="geo-base closed"></span>'
                         "closed or handed over</div>")
        lines.append('<div style="margin-top:4px">dashed ring: place known only to its radius</div></details>')
        self.html = "".join(lines)
        self.html_json = script_json(self.html)


def build_map(events: Sequence[dict], bases: Sequence[Place], *, layers: Sequence[str] = ("incidents", "uncertainty",
              "bases"), center: tuple[float, float] | None = None, zoom: int | None = None,
              actors: ActorTable | None = None, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """The whole map: the chosen layers and a legend; fits the events unless given a view.

    Only the chosen layers are drawn and the map has no layer control of its own: layers are
    chosen in the app's sidebar, which writes them into the link, so a pasted link shows the
    layers its sender saw.
    """
    actors = actors or ActorTable.default()
    m = folium.Map(location=center or list(START_VIEW[0]), zoom_start=zoom or START_VIEW[1], tiles=tiles,
                   control_scale=True,
                   prefer_canvas=True)
    # The marker cluster needs the map's own maxZoom: with tiles=None no tile layer provides one,
    # and Leaflet.markercluster then throws ("Map has no maxZoom specified") and draws no incident.
    m.options["max_zoom"] = 18
    if "incidents" in layers:
        IncidentLayer(events, actors).add_to(m)
    if "uncertainty" in layers:
        UncertaintyLayer(events, actors).add_to(m)
    if "bases" in layers:
        BaseLayer(bases, actors).add_to(m)
    if "heatmap" in layers and any(drawn(e) for e in events):
        HeatLayer(events, show=True).add_to(m)
    present_types = sorted({e["event_type"] for e in events})
    present_actors = list(dict.fromkeys(e["actors"][0] for e in events if e.get("actors")))[:14]
    Legend(present_types, present_actors, actors, bases="bases" in layers and bool(bases)).add_to(m)
    if center is None:
        m.fit_bounds(fit_bounds_for(events))
    return m


#: Syria and its neighbours: the view fits the events in here, so that one meeting in
#: Moscow or Astana does not shrink Syria to a dot. Events elsewhere are still drawn.
REGION_BOX = ((29.0, 32.0), (38.5, 48.5))


def fit_bounds_for(events: Sequence[dict]) -> list[list[float]]:
    """Bounds around the placed events in the region (all placed events if none is; Syria if none is placed)."""
    points = [(e["lat"], e["lon"]) for e in events if drawn(e)]
    (s, w), (n, e_) = REGION_BOX
    regional = [(lat, lon) for lat, lon in points if s <= lat <= n and w <= lon <= e_]
    points = regional or points
    if not points:
        return SYRIA_BOUNDS
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad = 0.3
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
