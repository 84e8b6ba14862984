"""The command line, run as users run it: ``python -m geo ...`` in a subprocess.

``resolve`` and ``extract`` output is a contract scripts outside the project rely on.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import PLACES, REPO, km

RESOLVE_KEYS = ["query", "name", "lat", "lon", "kind", "admin1", "country"]
UNRESOLVED_KEYS = ["query", "lat", "lon"]
EXTRACT_KEYS = {"source", "headline", "date", "date_precision", "event_type", "actors", "place", "lat", "lon",
                "geo_precision", "quote"}
ACLED_CORE = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
              "inter1", "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude",
              "geo_precision", "source", "notes", "fatalities"]


def geo(*args: str, cwd=REPO, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GEO_DB"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def jsonl() -> list[dict]:
    run = geo("extract", "seeds", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


# -- resolve ---------------------------------------------------------------------------------

def test_resolve_found_and_unknown():
    run = geo("resolve", "Derik", "Nowhereville")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    found, missing = map(json.loads, lines)
    assert list(found) == RESOLVE_KEYS
    assert found["query"] == "Derik"
    assert found["name"] == "al-Malikiyah"  # Derik is the Kurdish name of al-Malikiyah
    assert km((found["lat"], found["lon"]), PLACES["al-Malikiyah"]) < 5
    assert (found["admin1"], found["country"]) == ("Hasakah", "Syria")
    assert list(missing) == UNRESOLVED_KEYS
    assert missing == {"query": "Nowhereville", "lat": None, "lon": None}


def test_resolve_all_found_exits_zero_in_order_and_utf8():
    run = geo("resolve", "Tell Tamer", "Derik", "القامشلي", "Damascus")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["Tell Tamer", "Derik", "القامشلي", "Damascus"]
    assert [list(r) for r in rows] == [RESOLVE_KEYS] * 4
    assert "القامشلي" in run.stdout  # UTF-8, not \u escapes
    assert km((rows[0]["lat"], rows[0]["lon"]), PLACES["Tel Tamr"]) < 5
    assert km((rows[2]["lat"], rows[2]["lon"]), PLACES["Qamishli"]) < 10
    assert km((rows[3]["lat"], rows[3]["lon"]), PLACES["Damascus"]) < 10


def test_resolve_needs_a_name():
    run = geo("resolve")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "usage" in run.stderr.lower()


# -- extract ---------------------------------------------------------------------------------

def test_extract_jsonl_lines_have_the_contract_fields(jsonl):
    assert jsonl
    for record in jsonl:
        assert EXTRACT_KEYS <= set(record), EXTRACT_KEYS - set(record)
        assert record["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["date_precision"] in (None, "day", "week", "month", "year")
        assert isinstance(record["actors"], list) and all(isinstance(a, str) for a in record["actors"])
        assert record["geo_precision"] in (None, 1, 2, 3)
        assert (record["lat"] is None) == (record["lon"] is None)
        assert isinstance(record["quote"], str) and record["quote"]
        assert record["source"].endswith(".txt") and os.path.basename(record["source"])[:3] in {
            "000", "001", "002", "003", "004"}


def test_extract_jsonl_covers_every_seed_file(jsonl):
    files = {os.path.basename(r["source"]) for r in jsonl}
    assert {f[:3] for f in files} == {"000", "001", "002", "003", "004"}
    headlines = {r["headline"] for r in jsonl}
    assert "Israel Presses Jenin Raid" in headlines


def test_extract_jsonl_finds_the_collision(jsonl):
    collisions = [r for r in jsonl if r["event_type"] == "collision"]
    assert len(collisions) == 1
    [c] = collisions
    assert set(c["actors"]) >= {"Russia", "United States"}
    assert c["date"].startswith("2020-08")
    assert km((c["lat"], c["lon"]), PLACES["al-Malikiyah"]) <= 25


def test_extract_csv_has_acled_columns(jsonl):
    run = geo("extract", "seeds", "--format", "csv")
    assert run.returncode == 0, run.stderr
    reader = csv.DictReader(io.StringIO(run.stdout, newline=""))
    assert reader.fieldnames[:len(ACLED_CORE)] == ACLED_CORE
    rows = list(reader)
    assert len(rows) == len(jsonl)
    acled = {"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots", "Protests",
             "Strategic developments"}
    for row, record in zip(rows, jsonl):
        assert row["event_type"] in acled
        assert row["geo_event_type"] == record["event_type"]
        assert row["event_date"] == (record["date"] or "")
        assert row["year"] == (record["date"] or "")[:4]
        assert row["actor1"] == (record["actors"][0] if record["actors"] else "")
        assert row["notes"] == record["quote"]
        if record["lat"] is not None:
            assert float(row["latitude"]) == pytest.approx(record["lat"])
            assert float(row["longitude"]) == pytest.approx(record["lon"])
        assert row["time_precision"] in ("1", "2", "3")


def test_extract_geojson_is_lon_lat(jsonl):
    run = geo("extract", "seeds", "--format", "geojson")
    assert run.returncode == 0, run.stderr
    collection = json.loads(run.stdout)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(jsonl)
    by_id = {r["id"]: r for r in jsonl}
    placed = 0
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        record = by_id[feature["id"]]
        if record["lat"] is None:
            assert feature["geometry"] is None
            continue
        placed += 1
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == (pytest.approx(record["lon"]), pytest.approx(record["lat"]))
        assert feature["properties"]["quote"] == record["quote"]
    assert placed
    # al-Malikiyah: lon ~42.1 comes first, lat ~37.2 second
    [collision] = [f for f in collection["features"] if f["properties"]["event_type"] == "collision"]
    lon, lat = collision["geometry"]["coordinates"]
    assert abs(lon - PLACES["al-Malikiyah"][1]) < 0.3 and abs(lat - PLACES["al-Malikiyah"][0]) < 0.3


def test_extract_a_single_file(tmp_path):
    f = tmp_path / "wire.txt"
    f.write_text("Published 09:00 GMT, November 22nd 2022\nDrone Strike Near Qamishli\n"
                 "Turkish drones struck a car near Qamishli on Sunday, killing two SDF fighters.\n", encoding="utf-8")
    run = geo("extract", str(f))
    assert run.returncode == 0, run.stderr
    [record] = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["event_type"] == "drone_strike"
    assert record["date"] == "2022-11-20"
    assert record["actors"][:2] == ["Turkey", "SDF"]
    assert record["killed"] == 2


def test_extract_missing_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-folder"
    run = geo("extract", str(missing))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert str(missing) in run.stderr
    assert "no such file" in run.stderr.lower()
    assert run.stdout == ""


def test_extract_binary_file_is_a_clear_error(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x00\x01\x02\x03" * 100)
    run = geo("extract", str(f))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "binary" in run.stderr


def test_extract_empty_file_is_a_clear_error(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    run = geo("extract", str(f))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "empty.txt" in run.stderr


def test_extract_rejects_an_unknown_format():
    run = geo("extract", "seeds", "--format", "xml")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "jsonl" in run.stderr  # argparse names the choices


# -- build and unresolved ------------------------------------------------------------------------

def test_build_then_unresolved(tmp_path):
    db = tmp_path / "incidents.sqlite"
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Clashes East of Deir ez-Zor\n\nClashes erupted on Friday in the village of Qaryat Zubaydiyya, east of "
        "Deir ez-Zor, between SDF fighters and tribal gunmen.\n", encoding="utf-8")
    run = geo("build", "--db", str(db), str(articles))
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["articles"] == 1 and summary["reports"] >= 1
    assert db.exists()

    again = geo("build", "--db", str(db), str(articles))
    assert json.loads(again.stdout)["articles"] == 1

    listed = geo("unresolved", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    names = [json.loads(line)["name"] for line in listed.stdout.splitlines()]
    assert "Qaryat Zubaydiyya" in names
