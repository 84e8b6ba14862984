"""Filtering events and measuring their distance to military bases.

Events are handled as a pandas DataFrame (one row per event, the columns of
:meth:`geo.store.Store.events`), so a filter over 10,000 events is a handful
of vectorised comparisons. Nothing here imports Streamlit.

The proximity question is the one deconfliction is about: how close did an
incident come to another actor's base? :func:`nearest_bases` answers it for
one incident with geodesic distances (geopy); :func:`within_km_of_bases`
filters the whole table by a haversine distance computed with numpy.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from geopy.distance import geodesic

from geo.records import Place
from geo.viewstate import ViewState

EARTH_RADIUS_KM = 6371.0088
#: The shortest date window that may claim an event dated to this precision.
PRECISION_DAYS = {"day": 1, "week": 7, "month": 28, "year": 365}


def events_frame(events: list[dict]) -> pd.DataFrame:
    """A DataFrame of event records with parsed dates and a searchable text column."""
    columns = ["event_id", "event_type", "actors", "date", "date_precision", "place", "lat", "lon",
               "geo_precision", "precision_km", "admin1", "country", "quote", "quotes", "killed", "injured",
               "confidence", "headline", "outlet", "published", "source", "sources", "note"]
    frame = pd.DataFrame(events, columns=columns) if events else pd.DataFrame(columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    frame["actors"] = frame["actors"].apply(lambda a: list(a) if isinstance(a, (list, tuple)) else [])
    # Missing admin1 is None in some records and "" in others (and NaN once pandas has read it):
    # blank all three the same way, or a country-only event would get no region.
    admin1 = frame["admin1"].fillna("").astype(str)
    frame["region"] = admin1.where(admin1 != "", frame["country"]).fillna("")
    frame["search"] = (frame["quote"].fillna("") + " " + frame["place"].fillna("") + " "
                       + frame["headline"].fillna("")).str.lower()
    return frame


#: Columns that hold whole numbers; pandas stores them as floats once one value is missing.
_INT_COLUMNS = ("geo_precision", "killed", "injured")


def records_of(frame: pd.DataFrame) -> list[dict]:
    """Event records back from a (filtered) events frame, as :meth:`geo.store.Store.events` gives them.

    Missing values are ``None`` rather than NaN, counts and precisions are ints and dates ISO
    strings, so the map, the exports and JSON see what the store holds: no "nan killed" in a
    popup and no ``NaN`` (which is not JSON) in a GeoJSON download.

    Parameters
    ----------
    frame
        A frame from :func:`events_frame`, filtered or not.

    Returns
    -------
    list of dict
        One record per row, without the frame's own ``search`` and ``region`` columns.
    """
    data = frame.drop(columns=["search", "region"])
    data = data.assign(date=data["date"].dt.strftime("%Y-%m-%d"))
    # Column-wise, not per cell: this runs on every filter change, on up to 10,000 rows.
    plain = data.astype(object).where(data.notna(), None)
    for column in _INT_COLUMNS:
        # dtype=object, or pandas turns the ints back into floats (and None into NaN).
        plain[column] = pd.Series([None if v is None else int(v) for v in plain[column]], index=plain.index,
                                  dtype=object)
    return plain.to_dict("records")


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distances from one point to many (km)."""
    p, p0 = np.radians(lat), np.radians(lat0)
    h = np.sin((p - p0) / 2) ** 2 + np.cos(p) * np.cos(p0) * np.sin(np.radians(lon - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def active_years(base: Place) -> tuple[int, int]:
    """The years ``base.period`` ("2015-", "2018-2020", "-2019", or blank for unknown) says it was in use
    (:func:`geo.gazetteer.read_gazetteer_csv` accepts no other form).

    Unknown bounds are open: a base whose period nobody wrote down counts as always there.
    """
    start, _, end = (base.period or "").partition("-")
    return (int(start) if start.strip().isdigit() else -9999, int(end) if end.strip().isdigit() else 9999)


def within_km_of_bases(frame: pd.DataFrame, bases: list[Place], km: float) -> pd.Series:
    """Boolean mask: events within ``km`` of any of ``bases`` that was in use in the event's year
    (an undated event counts for every base)."""
    mask = pd.Series(False, index=frame.index)
    placed = frame["lat"].notna()
    if not bases or not placed.any():
        return mask
    lat, lon = frame.loc[placed, "lat"].to_numpy(float), frame.loc[placed, "lon"].to_numpy(float)
    year = frame.loc[placed, "date"].dt.year.to_numpy(float)
    undated = np.isnan(year)
    near = np.zeros(len(lat), dtype=bool)
    for base in bases:
        first, last = active_years(base)
        in_use = undated | ((year >= first) & (year <= last))
        near |= in_use & (haversine_km(lat, lon, base.lat, base.lon) <= km)
    mask.loc[placed] = near
    return mask


def apply_filters(frame: pd.DataFrame, state: ViewState, bases: list[Place] | None = None) -> pd.DataFrame:
    """The events matching every filter in ``state`` (empty filters match everything)."""
    mask = pd.Series(True, index=frame.index)
    if state.actors:
        wanted = set(state.actors)
        mask &= frame["actors"].apply(lambda actors: bool(wanted.intersection(actors)))
    if state.types:
        mask &= frame["event_type"].isin(state.types)
    if state.regions:
        mask &= frame["region"].isin(state.regions) | frame["country"].isin(state.regions)
    if state.start:
        mask &= frame["date"] >= pd.Timestamp(state.start)
    if state.end:
        mask &= frame["date"] <= pd.Timestamp(state.end)
    if state.start and state.end:
        # A date known only to the month or year does not belong to a narrower window: "some time in
        # 2020" is not an answer to "what happened in the first week of January?".
        window = (pd.Timestamp(state.end) - pd.Timestamp(state.start)).days + 1
        mask &= frame["date_precision"].map(PRECISION_DAYS).fillna(1) <= window
    if state.q:
        mask &= frame["search"].str.contains(state.q.lower(), regex=False)
    if state.min_confidence:
        mask &= frame["confidence"].fillna(0) >= state.min_confidence
    if state.near_km and state.near_actor and bases is not None:
        chosen = [b for b in bases if set(b.operator.split("|")) & set(state.near_actor)]
        mask &= within_km_of_bases(frame, chosen, state.near_km)
    return frame[mask]


def nearest_bases(lat: float, lon: float, bases: list[Place], exclude: list[str] = (),
                  year: int | None = None) -> list[dict]:
    """For each operator (other than ``exclude``), its nearest base and the geodesic distance;
    with ``year``, only among the bases in use that year (:func:`active_years`)."""
    best: dict[str, tuple[float, Place]] = {}
    for base in bases:
        first, last = active_years(base)
        if year is not None and not first <= year <= last:
            continue
        for operator in base.operator.split("|"):
            if not operator or operator in exclude:
                continue
            km = geodesic((lat, lon), (base.lat, base.lon)).km
            if operator not in best or km < best[operator][0]:
                best[operator] = (km, base)
    return [
        {"operator": op, "base": base.name, "status": base.status or "unknown", "km": round(km, 1)}
        for op, (km, base) in sorted(best.items(), key=lambda item: item[1][0])
    ]
