"""The command line: ``python -m geo COMMAND``.

``resolve NAME [NAME ...]``
    one JSON object per name: ``{"query", "name", "lat", "lon", "kind",
    "admin1", "country"}``; an unknown name prints ``{"query": NAME, "lat":
    null, "lon": null}`` and the exit code is 1. Offline unless
    ``GEO_ONLINE_GEOCODER=1`` lets Nominatim answer for names no offline
    layer knows (see :mod:`geo.geocoder`).
``extract PATH [PATH ...] [--format jsonl|csv|geojson]``
    the incidents in .txt files or folders of them (``metadata.csv`` beside
    them is used), one report per article.
``build [--db FILE] [PATH ...]``
    ingest articles (default: ``seeds/``) into the SQLite store.
``unresolved [--db FILE]``
    place names in stored articles that no gazetteer knows.
``gazetteer import FILE [--db FILE]``
    add a GeoNames country dump (tab-separated, like ``SY.txt``) or a CSV in
    ``gazetteer.csv``'s columns to the user's layer of the store.
``assets``
    fetch Leaflet and the map's other scripts from the npm registry into
    ``static/vendor/`` so the map draws without internet.

Scripts outside the project rely on the exact output of ``resolve`` and
``extract``: change them only with a deprecation.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from geo._errors import GeoError


def _cmd_resolve(args: argparse.Namespace) -> int:
    gazetteer = _gazetteer(args.db)
    missing = 0
    for name in args.names:
        place = gazetteer.resolve(name)
        if place is None:
            missing += 1
            print(json.dumps({"query": name, "lat": None, "lon": None}, ensure_ascii=False))
        else:
            print(json.dumps({"query": name, "name": place.name, "lat": place.lat, "lon": place.lon,
                              "kind": place.kind, "admin1": place.admin1, "country": place.country},
                             ensure_ascii=False))
    return 1 if missing else 0


def _gazetteer(db: str | None):
    """The default gazetteer, plus the user's entries when a store is named.

    With ``GEO_ONLINE_GEOCODER=1`` the online fallback caches its answers in
    that store (else in the default one).
    """
    from geo.gazetteer import Gazetteer

    if db:
        from geo.geocoder import from_environment
        from geo.store import Store

        with Store(db) as store:
            user = store.user_places()
        online = from_environment(db)
        if user or online:
            return Gazetteer.from_sources(user=user, online=online)
    return Gazetteer.default()


def _cmd_extract(args: argparse.Namespace) -> int:
    from geo.corpus import read_articles
    from geo.export import to_csv, to_geojson
    from geo.extract import Extractor

    extractor = Extractor(_gazetteer(args.db))
    records = []
    for path in args.paths:
        for article in read_articles(path):
            for incident in extractor.extract(article):
                records.append(incident.as_dict())
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record, ensure_ascii=False, default=str))
    elif args.format == "csv":
        sys.stdout.write(to_csv(records))
    else:
        print(json.dumps(to_geojson(records), ensure_ascii=False, default=str))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from geo.corpus import read_articles
    from geo.store import DEFAULT_SEEDS, Store

    with Store(args.db) as store:
        extractor = store.extractor()
        for path in args.paths or [str(DEFAULT_SEEDS)]:
            report = store.ingest(read_articles(path), extractor)
            print(f"{path}: {report.articles_added} articles added, {report.articles_skipped} already stored, "
                  f"{report.incidents_added} incident reports", file=sys.stderr)
        counts = store.counts()
    print(json.dumps({"db": store.path, **counts}))
    return 0


def _cmd_unresolved(args: argparse.Namespace) -> int:
    from geo.store import Store

    with Store(args.db) as store:
        for row in store.unresolved():
            print(json.dumps(row, ensure_ascii=False))
    return 0


def _cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from geo.importers import read_places
    from geo.store import Store

    entries = read_places(args.file)
    with Store(args.db) as store:
        added = store.add_places(entries)
        stale = store.counts()["articles"] > 0
        if stale and not args.no_reextract:
            store.reextract()
    print(f"{args.file}: {len(entries)} entries read, {added} new in {store.path}", file=sys.stderr)
    return 0


def _cmd_assets(args: argparse.Namespace) -> int:
    from geo.assets import VENDOR_DIR, install_assets

    written = install_assets(VENDOR_DIR)
    print(f"{len(written)} files in {VENDOR_DIR}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("resolve", help="resolve place names to coordinates")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--db", help="also use the user gazetteer entries in this store")
    p.set_defaults(func=_cmd_resolve)

    p = sub.add_parser("extract", help="print the incidents in text files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("jsonl", "csv", "geojson"), default="jsonl")
    p.add_argument("--db", help="also use the user gazetteer entries in this store")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("build", help="ingest articles into the SQLite store")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--db", help="the SQLite file (default: $GEO_DB or data/incidents.sqlite)")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("unresolved", help="list place names no gazetteer knows")
    p.add_argument("--db")
    p.set_defaults(func=_cmd_unresolved)

    p = sub.add_parser("gazetteer", help="manage the user's gazetteer entries")
    gsub = p.add_subparsers(dest="gazetteer_command", required=True)
    g = gsub.add_parser("import", help="add a GeoNames dump (SY.txt) or a gazetteer CSV")
    g.add_argument("file")
    g.add_argument("--db")
    g.add_argument("--no-reextract", action="store_true", help="do not re-extract stored articles")
    g.set_defaults(func=_cmd_gazetteer_import)

    p = sub.add_parser("assets", help="fetch the map's scripts and styles from the npm registry")
    p.set_defaults(func=_cmd_assets)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `python -m geo extract ... | head`
        return 0
