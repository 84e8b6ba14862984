"""The gazetteer: place names in text, in every spelling, resolved to points.

Entries come in layers, highest precedence first:

``curated``
    ``gazetteer.csv``, written by this team: governorates, towns, bases,
    crossings, fields, with the spellings reporting uses, operator and status
    of installations, and how precise each point is.
``user``
    entries users add (``python -m geo gazetteer import``), kept in the store.
    They rank above GeoNames so that a user's correction wins.
``geonames``
    GeoNames populated places of the region (:mod:`geo.geonames`).

Lookups go through :func:`geo.normalize.name_key`, so case, diacritics, hyphens
and the Arabic article never matter; names no key finds are tried by their
phonetic :func:`~geo.normalize.skeleton` and confirmed by a fuzzy score.
Where several entries share a name, the one that fits the context wins (the
governorates and places the article names), then the higher layer, then the
more important place.

>>> gaz = Gazetteer.default()
>>> gaz.resolve("Tell Tamer").name
'Tel Tamr'
>>> [m.place.name for m in gaz.find("Clashes near Ras al-Ayn and in Serêkaniyê")]
['Ras al-Ain', 'Ras al-Ain']
"""
from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import ahocorasick
from rapidfuzz import fuzz, process

from geo._errors import InputError
from geo.normalize import name_key, normalize_text, skeleton
from geo.records import Mention, Place

#: The curated gazetteer at the repository root.
CURATED_CSV = Path(__file__).resolve().parent.parent / "gazetteer.csv"

COLUMNS = ("name", "aliases", "kind", "lat", "lon", "precision_km", "admin1", "country",
           "operator", "status", "period", "source")
KINDS = frozenset(
    "country governorate district city town village neighbourhood region base airbase naval_base "
    "observation_post border_crossing oil_field gas_field gas_plant dam road junction airport camp".split()
)
#: Kinds that stand for an area, not a point: an event placed there is province-level.
AREA_KINDS = frozenset({"country", "governorate", "region", "district", "road"})
LAYER_RANK = {"curated": 0, "user": 1, "geonames": 2, "online": 3}
_KIND_WEIGHT = {"country": 0.2, "governorate": 0.6, "city": 0.6, "region": 0.4, "town": 0.4}

_ARTICLE_BEFORE = re.compile(r"\b(?:(?:al|el|ar|ash|ad|az|ez|ul)[-‐ ]|(?:as|an|at|es|ed)[-‐])$", re.IGNORECASE)

#: GeoNames names that are common English words ("Hit", "Tire", "Van") are not
#: taken from running text: zipf frequency at or above this.
COMMON_WORD_ZIPF = 4.0


@lru_cache(maxsize=8192)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _float(row: dict, column: str, path: Path, line: int) -> float:
    try:
        return float(row[column])
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}:{line}: {column} {row.get(column)!r} is not a number") from exc


def read_gazetteer_csv(path: str | Path, layer: str = "curated") -> list[tuple[Place, list[str]]]:
    """Entries of a CSV in ``gazetteer.csv``'s columns, as ``(Place, names)`` pairs.

    Raises
    ------
    InputError
        naming the file, line and column of the first value that cannot be used.
    """
    path = Path(path)
    entries = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = {"name", "lat", "lon"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                                 f"expected {', '.join(COLUMNS)}")
            for line, row in enumerate(reader, start=2):
                name = (row.get("name") or "").strip()
                if not name:
                    raise InputError(f"{path}:{line}: empty name")
                lat, lon = _float(row, "lat", path, line), _float(row, "lon", path, line)
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise InputError(f"{path}:{line}: {lat}, {lon} is not a coordinate")
                kind = (row.get("kind") or "town").strip()
                if kind not in KINDS:
                    raise InputError(f"{path}:{line}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
                precision = _float(row, "precision_km", path, line) if row.get("precision_km") else 5.0
                place = Place(
                    name=name, lat=lat, lon=lon, kind=kind,
                    admin1=(row.get("admin1") or "").strip(), country=(row.get("country") or "").strip(),
                    precision_km=precision, layer=layer,
                    operator=(row.get("operator") or "").strip(), status=(row.get("status") or "").strip(),
                    period=(row.get("period") or "").strip(), source=(row.get("source") or "").strip(),
                )
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                entries.append((place, [name, *aliases]))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc})") from exc
    return entries


def distance_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """Great-circle distance (haversine, 6371 km sphere): fast enough for ranking candidates."""
    lat1, lon1 = (a.lat, a.lon) if isinstance(a, Place) else a
    lat2, lon2 = (b.lat, b.lon) if isinstance(b, Place) else b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True)
class Context:
    """What the surrounding text says about where we are."""

    anchors: tuple[Place, ...] = ()  #: places already resolved without doubt
    admin1: frozenset[str] = frozenset()  #: governorates the text names


class Gazetteer:
    """Layered place index with in-text matching (see the module docstring)."""

    def __init__(self, entries: Iterable[tuple[Place, Sequence[str]]]):
        self.places: list[Place] = []
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_skeleton: dict[str, list[int]] = defaultdict(list)
        self._keys_of: list[set[str]] = []
        for place, names in entries:
            self._add(place, names)
        self._automaton = self._build_automaton()
        self._key_list = list(self._by_key)

    # -- construction -------------------------------------------------------------
    def _add(self, place: Place, names: Sequence[str]) -> None:
        keys = {k for k in (name_key(n) for n in names) if k}
        if place.layer != "curated":
            # A lower-layer entry for a place a higher layer already has is a duplicate.
            for key in keys:
                for i in self._by_key.get(key, ()):
                    other = self.places[i]
                    if LAYER_RANK[other.layer] <= LAYER_RANK[place.layer] and distance_km(other, place) < 15:
                        if place.layer == "user" and other.layer == "geonames":
                            continue
                        return
        index = len(self.places)
        self.places.append(place)
        self._keys_of.append(keys)
        for key in keys:
            self._by_key[key].append(index)
            sk = skeleton(key)
            if len(sk.replace(" ", "")) >= 3:
                self._by_skeleton[sk].append(index)

    def _build_automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key in self._by_key:
            automaton.add_word(key, key)
        if len(automaton):
            automaton.make_automaton()
        return automaton

    @classmethod
    def from_sources(cls, curated: str | Path | None = CURATED_CSV, *, geonames: bool = True,
                     user: Iterable[tuple[Place, Sequence[str]]] = ()) -> Gazetteer:
        """Build the layers in precedence order (see the module docstring)."""
        from geo import geonames as gn

        entries: list[tuple[Place, Sequence[str]]] = []
        if curated:
            entries += read_gazetteer_csv(curated)
        entries += list(user)
        if geonames:
            entries += gn.places()
        return cls(entries)

    @classmethod
    def default(cls) -> Gazetteer:
        """The curated and GeoNames layers, built once per process."""
        return _default_gazetteer()

    def __len__(self) -> int:
        return len(self.places)

    # -- lookups --------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        """Entries whose names have the key of ``name``, else its skeleton (fuzzy-confirmed)."""
        key = name_key(name)
        if not key:
            return []
        if key in self._by_key:
            return [self.places[i] for i in self._by_key[key]]
        found = self._skeleton_ids(key)
        if found:
            return [self.places[i] for i in found]
        if len(key) >= 5:
            hit = process.extractOne(key, self._key_list, scorer=fuzz.ratio, score_cutoff=88)
            if hit:
                return [self.places[i] for i in self._by_key[hit[0]]]
        return []

    def _skeleton_ids(self, key: str, min_score: float = 75) -> list[int]:
        scored = []
        for i in self._by_skeleton.get(skeleton(key), ()):
            score = max(fuzz.ratio(key, k) for k in self._keys_of[i])
            if score >= min_score:
                scored.append((score, i))
        return [i for _, i in sorted(scored, reverse=True)]

    def resolve(self, name: str, context: Context | None = None) -> Place | None:
        """The best entry for ``name`` (``None`` if no source knows it)."""
        found = self.candidates(name)
        return self.best(found, context) if found else None

    def best(self, candidates: Sequence[Place], context: Context | None = None) -> Place:
        """The candidate that fits ``context`` best, then the higher layer, then the larger place."""
        context = context or Context()

        def score(p: Place) -> float:
            s = -0.6 * LAYER_RANK[p.layer] + _KIND_WEIGHT.get(p.kind, 0.0)
            s += math.log10(p.population + 1) / 8 + (0.3 if p.country == "Syria" else 0.0)
            if p.admin1 and p.admin1 in context.admin1:
                s += 2.0
            if context.anchors:
                nearest = min(distance_km(p, a) for a in context.anchors)
                s += 1.5 * math.exp(-nearest / 75.0)
            return s

        return max(candidates, key=score)

    def governorates(self) -> dict[str, Place]:
        """The curated governorate entries by name."""
        return {p.admin1 or p.name: p for p in self.places if p.kind == "governorate" and p.layer == "curated"}

    # -- text -----------------------------------------------------------------------
    def context_from(self, text: str) -> Context:
        """The places ``text`` names, as a :class:`Context` for resolving another name.

        Every place found in ``text`` becomes an anchor; the governorates among
        them (and those named as "X province") go into ``admin1``.
        """
        mentions = self.find(text)
        return Context(tuple(m.place for m in mentions),
                       frozenset(m.place.admin1 for m in mentions if m.place.kind == "governorate" and m.place.admin1))

    def find(self, text: str, context: Context | None = None) -> list[Mention]:
        """Every place name in ``text``, longest match first, never inside a longer word.

        Ambiguous names are resolved with the unambiguous ones around them
        (and ``context``) as anchors.
        """
        norm, offsets = normalize_text(text)
        raw: list[tuple[int, int, str]] = []  # (start, end) in norm, key
        if len(self._automaton):
            for end, key in self._automaton.iter(norm):
                start = end - len(key) + 1
                if (start == 0 or norm[start - 1] == " ") and (end + 1 == len(norm) or norm[end + 1] == " "):
                    raw.append((start, end + 1, key))
        raw.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        spans: list[tuple[int, int, list[int]]] = []
        for start, end, key in raw:
            if any(start < e and s < end for s, e in taken):
                continue
            a, b = offsets[start], offsets[end - 1] + 1
            ids = [i for i in self._by_key[key] if self._plausible(text[a:b], key, self.places[i])]
            if ids:
                taken.append((start, end))
                spans.append((a, b, ids))
        spans += self._fuzzy_spans(text, [(offsets[s], offsets[e - 1] + 1) for s, e in taken])
        spans.sort()

        context = context or Context()
        anchors = list(context.anchors) + [self.places[ids[0]] for _, _, ids in spans if len(ids) == 1]
        admin1 = set(context.admin1) | {
            self.places[ids[0]].admin1 for _, _, ids in spans
            if len(ids) == 1 and self.places[ids[0]].kind == "governorate"
        }
        mentions = []
        for a, b, ids in spans:
            article = _ARTICLE_BEFORE.search(text, max(0, a - 5), a)
            a = article.start() if article else a  # "al-Mansoura", not "Mansoura"
            places = [self.places[i] for i in ids]
            others = [p for p in anchors if p not in places]
            place = self.best(places, Context(tuple(others), frozenset(admin1)))
            mentions.append(Mention(text[a:b], a, b, place, len(ids)))
        return mentions

    @staticmethod
    def _plausible(surface: str, key: str, place: Place) -> bool:
        """Whether a match in running text is a name, not an English word that looks like one."""
        capitalised = surface[:1].isupper() or not surface[:1].isascii()
        if place.layer == "curated":
            return capitalised or _zipf(key) < 3.5
        if not capitalised:
            return False
        return _zipf(key) < COMMON_WORD_ZIPF

    _CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’ʿ-]+(?:[ -](?:al|el|ar|as|ash|ad|az|ez)?[ -]?[A-Z][\w'’ʿ-]+){0,2}")

    def _fuzzy_spans(self, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
        """Capitalised names no key matched, tried by their skeleton (variant spellings)."""
        out = []
        for m in self._CAPITALISED_RUN.finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            key = name_key(m.group())
            if len(key) < 5 or _zipf(key.split()[0]) >= 3.0:
                continue
            ids = self._skeleton_ids(key, min_score=80)
            if ids:
                out.append((a, b, ids))
        return out


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_sources()


def with_precision(place: Place, precision_km: float) -> Place:
    """A copy of ``place`` whose point is known only to ``precision_km``."""
    return replace(place, precision_km=max(place.precision_km, precision_km))
