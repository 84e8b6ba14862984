"""Exports an analyst opens elsewhere: ACLED-style CSV, GeoJSON (RFC 7946), GeoPackage.

Every function takes incident records as dicts (``Incident.as_dict()`` or
:meth:`geo.store.Store.events`) so that the CLI, the app and scripts share them.

The CSV uses ACLED's column names where they mean the same thing
(``event_date``, ``time_precision``, ``event_type``, ``sub_event_type``,
``actor1``, ``inter1``, ``admin1``, ``location``, ``latitude``,
``geo_precision``, ``fatalities``, ``notes``), and adds this project's own
(``geo_event_type``, ``precision_km``, ``date_precision``, ``confidence``,
``quote``) so nothing is lost.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from geo.taxonomy import BY_NAME

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "inter1", "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    "geo_event_type", "injured", "precision_km", "date_precision", "confidence", "headline", "quote", "source_file",
)


def _inter(actor: str | None) -> int | str:
    if not actor:
        return ""
    from geo.actors import ActorTable

    known = ActorTable.default().actors.get(actor)
    return known.inter if known else ""


def acled_row(record: dict) -> dict:
    """One record in ACLED's columns (plus this project's)."""
    etype = BY_NAME.get(record["event_type"])
    actors = record.get("actors") or []
    sources = record.get("sources") or [{"outlet": record.get("outlet"), "headline": record.get("headline")}]
    date = record.get("date")
    return {
        "event_id_cnty": record.get("event_id") or record.get("id"),
        "event_date": date or "",
        "year": date[:4] if date else "",
        "time_precision": _TIME_PRECISION.get(record.get("date_precision") or "", ""),
        "event_type": etype.acled_event_type if etype else "",
        "sub_event_type": etype.acled_sub_event_type if etype else "",
        "actor1": actors[0] if actors else "",
        "inter1": _inter(actors[0] if actors else None),
        "actor2": actors[1] if len(actors) > 1 else "",
        "inter2": _inter(actors[1] if len(actors) > 1 else None),
        "country": record.get("country") or "",
        "admin1": record.get("admin1") or "",
        "location": record.get("place") or "",
        "latitude": record.get("lat") if record.get("lat") is not None else "",
        "longitude": record.get("lon") if record.get("lon") is not None else "",
        "geo_precision": record.get("geo_precision") or "",
        "source": "; ".join(dict.fromkeys(s.get("outlet") or "unknown outlet" for s in sources)),
        "notes": record.get("quote") or "",
        "fatalities": record.get("killed") if record.get("killed") is not None else "",
        "geo_event_type": record["event_type"],
        "injured": record.get("injured") if record.get("injured") is not None else "",
        "precision_km": record.get("precision_km") or "",
        "date_precision": record.get("date_precision") or "",
        "confidence": record.get("confidence") if record.get("confidence") is not None else "",
        "headline": "; ".join(dict.fromkeys(s.get("headline") or "" for s in sources)),
        "quote": " | ".join(record.get("quotes") or [record.get("quote") or ""]),
        "source_file": record.get("source") or "",
    }


def to_csv(records: Iterable[dict]) -> str:
    """ACLED-style CSV text (UTF-8; open it in a spreadsheet or QGIS as delimited text)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(acled_row(record))
    return buffer.getvalue()


def _properties(record: dict) -> dict:
    props = {k: v for k, v in record.items() if k not in ("lat", "lon")}
    return json.loads(json.dumps(props, default=str))


def to_geojson(records: Iterable[dict]) -> dict:
    """An RFC 7946 FeatureCollection (WGS84, [lon, lat]); unplaced records get a null geometry."""
    features = []
    for record in records:
        geometry = None
        if record.get("lat") is not None and record.get("lon") is not None:
            geometry = {"type": "Point", "coordinates": [round(record["lon"], 6), round(record["lat"], 6)]}
        features.append({"type": "Feature", "id": record.get("event_id") or record.get("id"),
                         "geometry": geometry, "properties": _properties(record)})
    return {"type": "FeatureCollection", "features": features}


def to_geodataframe(records: Iterable[dict]):
    """A GeoDataFrame (EPSG:4326) of the placed records, in the CSV's columns."""
    import geopandas as gpd
    import pandas as pd

    rows = [acled_row(r) for r in records if r.get("lat") is not None]
    frame = gpd.GeoDataFrame(
        rows, columns=list(ACLED_COLUMNS),
        geometry=gpd.points_from_xy([r["longitude"] for r in rows], [r["latitude"] for r in rows]),
        crs="EPSG:4326",
    )
    for column in ("latitude", "longitude", "precision_km", "confidence"):
        frame[column] = frame[column].astype(float)
    for column in ("fatalities", "injured"):  # whole numbers, empty where the report states none
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Int64")
    return frame


def to_geopackage(records: Iterable[dict], path: str | Path, layer: str = "incidents") -> Path:
    """Write a GeoPackage (QGIS opens it directly); returns its path."""
    path = Path(path)
    to_geodataframe(records).to_file(path, layer=layer, driver="GPKG")
    return path


def geopackage_bytes(records: Iterable[dict]) -> bytes:
    """A GeoPackage as bytes (for a download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = to_geopackage(list(records), Path(tmp) / "incidents.gpkg")
        return path.read_bytes()
