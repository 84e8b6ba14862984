"""The map's view as a URL: every filter, the layers, and the map's centre and zoom.

A :class:`ViewState` round-trips through a query string, so a link pasted to
a colleague opens exactly the same view:

>>> state = ViewState(actors=("Russia", "United States"), regions=("Hasakah",),
...                   start="2020-01-01", end="2020-12-31")
>>> query = state.to_query()
>>> query["actors"], query["regions"], query["from"]
('Russia,United States', 'Hasakah', '2020-01-01')
>>> ViewState.from_query(query, known=Vocabulary.open())[0] == state
True

Unknown parameters and values that no longer exist (an actor renamed, a
malformed date) are dropped with a notice, never an error. This module does
not import Streamlit: ``app.py`` passes ``st.query_params`` in and out.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

#: Layers the map can show, and which are on by default.
LAYERS = ("incidents", "uncertainty", "bases", "heatmap")
DEFAULT_LAYERS = ("incidents", "uncertainty", "bases")

#: The date range and proximity radius a link may ask for: the app's widgets refuse values outside
#: them (a date widget raises), so a link outside them is dropped here with a notice instead.
MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 1, 1)
MAX_NEAR_KM = 500.0

_LIST_PARAMS = {"actors": "actors", "types": "types", "regions": "regions", "layers": "layers",
                "near_actor": "near_actor"}


@dataclass(frozen=True)
class Vocabulary:
    """The values each list parameter may take (``None``: anything).

    ``operators`` are the actors that have bases (the values ``near_actor`` may take); when it is
    ``None`` the actors are used instead.
    """

    actors: frozenset[str] | None = None
    types: frozenset[str] | None = None
    regions: frozenset[str] | None = None
    operators: frozenset[str] | None = None

    @classmethod
    def open(cls) -> Vocabulary:
        return cls()


@dataclass(frozen=True)
class ViewState:
    """Filters, layers and map position; empty filters mean "everything"."""

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    start: str | None = None  #: ISO date, inclusive
    end: str | None = None
    q: str = ""  #: free text searched in quotes, places and headlines
    min_confidence: float = 0.0
    layers: tuple[str, ...] = DEFAULT_LAYERS
    near_km: float | None = None  #: with ``near_actor``: within this distance of a base of theirs
    near_actor: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    selected: str | None = None  #: event id shown in the detail panel

    def to_query(self) -> dict[str, str]:
        """Query parameters for this view; defaults are left out so links stay short."""
        out: dict[str, str] = {}
        for name, key in _LIST_PARAMS.items():
            value = getattr(self, name)
            if name == "layers":
                if tuple(value) != DEFAULT_LAYERS:
                    out[key] = ",".join(value) or "none"
            elif value:
                out[key] = ",".join(value)
        if self.start:
            out["from"] = self.start
        if self.end:
            out["to"] = self.end
        if self.q:
            out["q"] = self.q
        if self.min_confidence:
            out["conf"] = f"{self.min_confidence:g}"
        if self.near_km:
            out["near_km"] = f"{self.near_km:g}"
        if self.lat is not None and self.lon is not None:
            out["lat"], out["lon"] = f"{self.lat:.4f}", f"{self.lon:.4f}"
        if self.zoom is not None:
            out["zoom"] = str(self.zoom)
        if self.selected:
            out["sel"] = self.selected
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]], known: Vocabulary | None = None
                   ) -> tuple[ViewState, list[str]]:
        """Parse query parameters; returns the state and notices about what was ignored."""
        known = known or Vocabulary.open()
        notices: list[str] = []
        values: dict = {}

        def single(key: str) -> str | None:
            value = params.get(key)
            if isinstance(value, list):
                value = value[-1] if value else None
            return value.strip() if isinstance(value, str) else None

        for name, key in _LIST_PARAMS.items():
            raw = single(key)
            if raw is None:
                continue
            items = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
            if name == "layers":
                allowed = LAYERS
            elif name == "near_actor":
                allowed = known.operators if known.operators is not None else known.actors
            else:
                allowed = getattr(known, name)
            if name == "layers" and items == ("none",):
                values[name] = ()
                continue
            if allowed is not None:
                unknown = [v for v in items if v not in allowed]
                if unknown:
                    notices.append(f"ignored unknown {key}: {', '.join(unknown)}")
                items = tuple(v for v in items if v in allowed)
            values[name] = items
        for key, name in (("from", "start"), ("to", "end")):
            raw = single(key)
            if raw:
                try:
                    day = dt.date.fromisoformat(raw)
                except ValueError:
                    notices.append(f"ignored {key}={raw!r}: not a YYYY-MM-DD date")
                    continue
                if not MIN_DATE <= day <= MAX_DATE:
                    notices.append(f"ignored {key}={raw!r}: outside {MIN_DATE}..{MAX_DATE}")
                    continue
                values[name] = day.isoformat()
        for key, name, kind, low, high in (("conf", "min_confidence", float, 0.0, 1.0),
                                           ("near_km", "near_km", float, 0.0, MAX_NEAR_KM),
                                           ("lat", "lat", float, -90.0, 90.0), ("lon", "lon", float, -180.0, 180.0),
                                           ("zoom", "zoom", int, 0, 20)):
            raw = single(key)
            if raw is None:
                continue
            try:
                value = kind(raw)
            except ValueError:
                notices.append(f"ignored {key}={raw!r}: not a number")
                continue
            if not low <= value <= high:
                notices.append(f"ignored {key}={raw!r}: outside {low:g}..{high:g}")
                continue
            values[name] = value
        if single("q"):
            values["q"] = single("q")[:200]
        if single("sel"):
            values["selected"] = single("sel")
        known_keys = set(_LIST_PARAMS.values()) | {"from", "to", "conf", "near_km", "lat", "lon", "zoom", "q", "sel"}
        stale = sorted(k for k in params if k not in known_keys)
        if stale:
            notices.append(f"ignored unknown parameter(s): {', '.join(stale)}")
        if values.get("start") and values.get("end") and values["start"] > values["end"]:
            notices.append("ignored the date range: it ends before it starts")
            values.pop("start"), values.pop("end")
        if ("lat" in values) != ("lon" in values):
            notices.append("ignored the map centre: it needs both lat and lon")
            values.pop("lat", None), values.pop("lon", None)
        return cls(**values), notices

    def with_(self, **changes: object) -> ViewState:
        return replace(self, **changes)
