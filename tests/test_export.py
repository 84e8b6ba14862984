"""geo.export: ACLED-style CSV, GeoJSON (RFC 7946) and GeoPackage that other tools open."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from geo.export import ACLED_COLUMNS, acled_row, geopackage_bytes, to_csv, to_geodataframe, to_geojson, to_geopackage
from geo.records import Incident
from geo.taxonomy import BY_NAME

TRICKY_QUOTE = 'He said, "We struck twice, at 2 am; then left."\nA second line, with a comma — and “curly” quotes.'


def incident(**kw) -> Incident:
    base = dict(article_id="a1", source="seeds/x.txt", headline="Headline, with comma", event_type="airstrike",
                quote="Israeli jets struck Mezzeh airbase on Monday.", actors=["Israel", "Syrian government"],
                date=dt.date(2022, 11, 21), date_precision="day", place="Mezzeh Air Base", lat=33.4775,
                lon=36.2233, geo_precision=1, precision_km=1.5, admin1="Damascus", country="Syria",
                killed=2, injured=None, confidence=0.8, outlet="Test Wire", published=dt.date(2022, 11, 22))
    base.update(kw)
    inc = Incident(**base)
    inc.quotes = kw.get("quotes", [inc.quote])
    return inc


def parse_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def seed_records(seed_articles, extractor) -> list[dict]:
    return [i.as_dict() for a in seed_articles for i in extractor.extract(a)]


# -- GeoJSON ----------------------------------------------------------------------------------

def test_geojson_point_is_lon_lat():
    collection = to_geojson([incident(lat=36.6556, lon=40.3708).as_dict()])
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.3708, 36.6556]}


def test_geojson_unplaced_record_has_null_geometry():
    collection = to_geojson([incident(place=None, lat=None, lon=None, geo_precision=None).as_dict()])
    assert collection["features"][0]["geometry"] is None


def test_geojson_is_plain_json_with_properties(seed_records):
    collection = to_geojson(seed_records)
    text = json.dumps(collection)  # no dates or other objects left
    again = json.loads(text)
    assert again["type"] == "FeatureCollection"
    assert len(again["features"]) == len(seed_records)
    for feature, record in zip(again["features"], seed_records):
        props = feature["properties"]
        assert "lat" not in props and "lon" not in props  # coordinates live in the geometry only
        assert props["quote"] == record["quote"]
        assert props["date"] == record["date"]
        if record["lat"] is not None:
            assert feature["geometry"]["coordinates"] == [pytest.approx(record["lon"]), pytest.approx(record["lat"])]


def test_geojson_feature_id_prefers_the_event_id():
    record = incident().as_dict()
    assert to_geojson([record])["features"][0]["id"] == record["id"]
    record["event_id"] = "event-1"
    assert to_geojson([record])["features"][0]["id"] == "event-1"


# -- CSV --------------------------------------------------------------------------------------

def test_csv_header_is_acled_columns():
    header = to_csv([]).splitlines()[0]
    assert header.split(",") == list(ACLED_COLUMNS)
    for column in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
                   "actor2", "admin1", "location", "latitude", "longitude", "geo_precision", "notes", "fatalities"):
        assert column in ACLED_COLUMNS


def test_csv_round_trips_quotes_with_commas_and_newlines():
    second = "Residents said, again, that\nthe jets came back."
    inc = incident(quote=TRICKY_QUOTE, quotes=[TRICKY_QUOTE, second])
    [row] = parse_csv(to_csv([inc.as_dict()]))
    assert row["notes"] == TRICKY_QUOTE
    assert row["quote"] == f"{TRICKY_QUOTE} | {second}"
    assert row["headline"] == "Headline, with comma"


def test_csv_row_in_acled_terms():
    [row] = parse_csv(to_csv([incident().as_dict()]))
    assert row["event_date"] == "2022-11-21"
    assert row["year"] == "2022"
    assert row["time_precision"] == "1"
    assert row["event_type"] == BY_NAME["airstrike"].acled_event_type == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Air/drone strike"
    assert (row["actor1"], row["actor2"]) == ("Israel", "Syrian government")
    assert row["inter1"] == "8"  # external/other forces
    assert row["inter2"] == "1"  # state forces
    assert (float(row["latitude"]), float(row["longitude"])) == (33.4775, 36.2233)
    assert row["location"] == "Mezzeh Air Base"
    assert row["fatalities"] == "2"
    assert row["injured"] == ""
    assert row["source"] == "Test Wire"
    assert row["geo_event_type"] == "airstrike"


@pytest.mark.parametrize("precision, code", [("day", "1"), ("week", "2"), ("month", "3"), ("year", "3")])
def test_csv_time_precision_codes(precision, code):
    [row] = parse_csv(to_csv([incident(date_precision=precision).as_dict()]))
    assert row["time_precision"] == code
    assert row["date_precision"] == precision


def test_csv_unplaced_and_undated_record_has_empty_cells():
    inc = incident(place=None, lat=None, lon=None, geo_precision=None, precision_km=None, date=None,
                   date_precision=None, killed=None, actors=[])
    [row] = parse_csv(to_csv([inc.as_dict()]))
    for column in ("event_date", "year", "latitude", "longitude", "location", "geo_precision", "fatalities",
                   "actor1", "actor2", "inter1"):
        assert row[column] == "", column


def test_csv_zero_fatalities_is_zero_not_empty():
    [row] = parse_csv(to_csv([incident(killed=0).as_dict()]))
    assert row["fatalities"] == "0"


def test_csv_of_store_events_names_every_outlet(seeded_store):
    events = seeded_store.events()
    rows = parse_csv(to_csv(events))
    assert len(rows) == len(events)
    shared = [r for r, e in zip(rows, events) if len(e["sources"]) > 1]
    assert shared, "expected at least one event reported by two outlets (the 2015 mechanism)"
    for row in shared:
        assert "Republic World" in row["source"] and "The Associated Press" in row["source"]
        assert row["event_id_cnty"]


def test_acled_row_has_every_column():
    assert list(acled_row(incident().as_dict())) == list(ACLED_COLUMNS)


# -- GeoPackage ---------------------------------------------------------------------------------

def test_geopackage_opens_with_geopandas(tmp_path, seed_records):
    import geopandas as gpd

    unplaced = incident(place=None, lat=None, lon=None, geo_precision=None).as_dict()
    records = seed_records + [unplaced]
    placed = [r for r in records if r["lat"] is not None]
    path = to_geopackage(records, tmp_path / "incidents.gpkg")
    assert path.exists()
    frame = gpd.read_file(path, layer="incidents")
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) == len(placed)
    for (_, row), record in zip(frame.iterrows(), placed):
        assert row.geometry.x == pytest.approx(record["lon"])
        assert row.geometry.y == pytest.approx(record["lat"])
        assert row["notes"] == record["quote"]
        assert row["geo_event_type"] == record["event_type"]


def test_geodataframe_columns_are_numbers_where_numbers():
    frame = to_geodataframe([incident().as_dict(), incident(lat=36.6556, lon=40.3708).as_dict()])
    assert str(frame.crs).upper().endswith("4326")
    assert frame["latitude"].dtype.kind == "f" and frame["longitude"].dtype.kind == "f"
    assert list(frame.geometry.x) == [pytest.approx(36.2233), pytest.approx(40.3708)]


def test_geopackage_bytes_is_an_sqlite_geopackage():
    data = geopackage_bytes([incident().as_dict()])
    assert data[:16] == b"SQLite format 3\x00"
    assert b"gpkg_contents" in data


def test_geopackage_counts_are_integer_columns(tmp_path):
    import sqlite3

    records = [incident(killed=3, injured=None).as_dict(), incident(killed=None, injured=2, lat=36.6556).as_dict()]
    path = to_geopackage(records, tmp_path / "counts.gpkg")
    with sqlite3.connect(path) as conn:
        types = {row[1]: row[2] for row in conn.execute("PRAGMA table_info(incidents)")}
        values = conn.execute("SELECT fatalities, injured FROM incidents").fetchall()
    assert types["fatalities"] == "INTEGER" and types["injured"] == "INTEGER"  # QGIS sums them, not text
    assert values == [(3, None), (None, 2)]


def test_sources_name_files_not_server_paths(seed_records):
    row = acled_row(seed_records[0])
    assert row["source_file"] and "/" not in row["source_file"] and "\\" not in row["source_file"]
    assert all("/" not in r["source"] for r in seed_records)
