"""Offline tests of ``python -m geo gazetteer import``: GeoNames dumps and gazetteer CSVs.

The files are written here, with made-up villages that no shipped source knows
(checked first), so a successful ``resolve`` can only come from the import.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.cli import main
from geo.gazetteer import Gazetteer
from geo.importers import read_places

from .conftest import REPO

#: A made-up village in Hasakah and a made-up airstrip, as GeoNames dump lines (19 tab-separated fields).
DUMP = [
    ["9990001", "Khirbat Zuwaytinat", "Khirbat Zuwaytinat", "Kherbet Zouweitinat,Khirbet Zweitinat,خربة الزويتينات",
     "36.7001", "40.9002", "P", "PPL", "SY", "", "01", "", "", "", "0", "", "400", "Asia/Damascus", "2024-01-01"],
    ["9990002", "Tall Qasimiyat Airstrip", "Tall Qasimiyat Airstrip", "Qasimiyat airfield",
     "36.9003", "41.1004", "S", "AIRF", "SY", "", "01", "", "", "", "0", "", "380", "Asia/Damascus", "2024-01-01"],
]
CSV = (
    "name,aliases,kind,lat,lon,precision_km,admin1,country,operator,status,period,source\n"
    "Mazraat Qurnaytil,Mazraat Qurnaitil|مزرعة قرنيطيل,village,35.1005,40.4006,2,Deir ez-Zor,Syria,,,,test\n"
    "Qurnaytil Outpost,,base,35.1105,40.4106,3,Deir ez-Zor,Syria,Test Force,active,2024-,test\n"
)


def resolve(db, *names) -> tuple[int, list[dict]]:
    """``python -m geo resolve NAMES --db DB`` in this process: exit code and the JSON lines."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["resolve", *names, "--db", str(db)])
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "SY.txt"
    path.write_text("\n".join("\t".join(row) for row in DUMP) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def gazetteer_csv(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_made_up_places_are_unknown_before_import():
    gaz = Gazetteer.default()
    for name in ("Khirbat Zuwaytinat", "Tall Qasimiyat Airstrip", "Mazraat Qurnaytil"):
        assert gaz.resolve(name) is None, name


def test_geonames_dump_is_recognised_by_its_shape(dump):
    entries = read_places(dump)
    assert [p.name for p, _ in entries] == ["Khirbat Zuwaytinat", "Tall Qasimiyat Airstrip"]
    village, airstrip = (p for p, _ in entries)
    assert (village.kind, village.admin1, village.country, village.layer) == ("village", "Hasakah", "Syria", "user")
    assert airstrip.kind == "airbase"  # AIRF
    assert "Khirbet Zweitinat" in entries[0][1]


def test_import_geonames_dump_then_resolve(tmp_path, dump, capsys):
    db = tmp_path / "user.sqlite"
    assert main(["gazetteer", "import", str(dump), "--db", str(db)]) == 0
    assert "2 entries read, 2 new" in capsys.readouterr().err

    code, rows = resolve(db, "Khirbat Zuwaytinat", "Kherbet Zouweitinat", "خربة الزويتينات", "Khirbet Zuwaitinat")
    assert code == 0
    for row in rows:
        assert (row["lat"], row["lon"]) == (36.7001, 40.9002), row
        assert row["admin1"] == "Hasakah"

    # Importing the same file again adds nothing.
    assert main(["gazetteer", "import", str(dump), "--db", str(db)]) == 0
    assert "0 new" in capsys.readouterr().err


def test_import_csv_then_resolve_through_the_real_command(tmp_path, gazetteer_csv):
    db = tmp_path / "user.sqlite"
    assert main(["gazetteer", "import", str(gazetteer_csv), "--db", str(db)]) == 0
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "resolve", "Mazraat Qurnaitil", "Qurnaytil Outpost", "--db", str(db)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    village, outpost = (json.loads(line) for line in proc.stdout.splitlines())
    assert (village["name"], village["lat"], village["lon"]) == ("Mazraat Qurnaytil", 35.1005, 40.4006)
    assert (outpost["kind"], outpost["lat"]) == ("base", 35.1105)


def test_unknown_name_exits_1_without_a_store_entry(tmp_path):
    code, rows = resolve(tmp_path / "empty.sqlite", "Mazraat Qurnaytil")
    assert code == 1
    assert rows == [{"query": "Mazraat Qurnaytil", "lat": None, "lon": None}]


def test_a_users_entry_corrects_geonames(tmp_path):
    # GeoNames puts Kafr Lāhā at about (34.895, 36.496); a user moves it 3 km.
    path = tmp_path / "fix.csv"
    path.write_text("name,kind,lat,lon,admin1,country\nKafr Laha,town,34.9200,36.5000,Homs,Syria\n", encoding="utf-8")
    db = tmp_path / "user.sqlite"
    assert main(["gazetteer", "import", str(path), "--db", str(db)]) == 0
    code, [row] = resolve(db, "Kafr Lāhā")
    assert code == 0
    assert (row["lat"], row["lon"]) == (34.92, 36.5)


def test_malformed_dump_line_is_reported_with_its_number(tmp_path, capsys):
    path = tmp_path / "broken.txt"
    good = "\t".join(DUMP[0])
    bad = "\t".join(DUMP[1][:18])  # a field short
    path.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    assert main(["gazetteer", "import", str(path), "--db", str(tmp_path / "x.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "broken.txt:2:" in err and "18 tab-separated fields" in err


def test_malformed_csv_is_reported_with_its_line(tmp_path, capsys):
    path = tmp_path / "broken.csv"
    path.write_text("name,kind,lat,lon\nA,town,35,38\nB,town,35,east\n", encoding="utf-8")
    assert main(["gazetteer", "import", str(path), "--db", str(tmp_path / "x.sqlite")]) == 2
    assert "broken.csv:3: lon 'east' is not a number" in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    assert main(["gazetteer", "import", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.sqlite")]) == 2
    assert "no such file" in capsys.readouterr().err
