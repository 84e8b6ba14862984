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
``online``
    a last resort, off by default: Nominatim through :mod:`geo.geocoder`, only
    for :meth:`Gazetteer.resolve` and only when the user opts in.

A lower layer's entry for a place a higher layer already has (the same name
within 15 km) is not a second place: its other names join the higher entry,
so that the curated *Latakia* also answers to GeoNames' *Lattaquié*. Names a
higher entry nearby owns are taken off the lower entry, so that an area name
(*Houla*) shared by two towns does not hide either of them.

Lookups go through :func:`geo.normalize.name_key`, so case, diacritics, hyphens
and the Arabic article never matter. A name no key finds is tried, in turn,

1. by its phonetic :func:`~geo.normalize.skeleton` (Arabic-script names are
   romanised, so *Tayfur* finds ``التيفور``), confirmed by
   :func:`~geo.normalize.similarity`;
2. as a phrase: a feature word ("Tiyas military airport", "Quneitra crossing
   point", "al-Dumayr town", "Raqqah governorate") picks the entry of that
   kind at or next to the named place; "the naval facility in Tartous" looks
   next to Tartous; a parenthesis ("Tell Mardikh (Ebla)") and qualifiers
   ("Maadan Atiq", "northern X") are set aside;
3. by a fuzzy ratio over every key.

Where several entries share a name, the one that fits the context wins (the
governorates and places the article names), then the closer spelling, then
the higher layer, then the more important place. With places in the context,
a loose match far from all of them is dropped: a wrong point is worse than
an unresolved name, which the pipeline keeps and shows.

In running text (:meth:`Gazetteer.find`) every key is found in one compiled
Aho-Corasick pass over the folded text (:func:`geo.normalize.match_text`).
Capitalised runs of words that no key holds are then tried phonetically. That
pass is most of the cost of a new article: its people and organisations are
new runs. So the gazetteer remembers, per spelling, what each key and run
turned out to be: runs known to sound like no place are passed over with one
set test. A match that is only part of a longer name the index lacks (the head word of *Tal
Jihan*, the end of *Bab Tadmur* or *Abu Omar*, a nisba like *al-Homsi*) is not taken for a
place, nor is a name the text ties to a place in another governorate far from it ("al-Zahraa
in Homs", when the index holds only Aleppo's): an unresolved name is better than a wrong point.

>>> gaz = Gazetteer.default()
>>> gaz.resolve("Tell Tamer").name
'Tel Tamr'
>>> [m.place.name for m in gaz.find("Clashes near Ras al-Ayn and in Serêkaniyê")]
['Ras al-Ain', 'Ras al-Ain']
>>> gaz.resolve("Rabiaa", gaz.context_from("in the Jabal al-Turkman")).admin1
'Latakia'
"""
from __future__ import annotations

import csv
import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick_rs
from rapidfuzz import fuzz, process

from geo._errors import InputError
from geo.normalize import (
    ARTICLES,
    TEXT_ARTICLES,
    Folded,
    match_text,
    name_key,
    readings,
    shape,
    similarity,
    skeleton,
    skeleton_variants,
    turkish_spelled,
)
from geo.records import Mention, Place

if TYPE_CHECKING:
    from geo.geocoder import OnlineGeocoder

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

_ARTICLE_BEFORE = re.compile(r"\b(?:(?:al|el|ar|ash|ech|ad|az|ez|ul)[-‐ ]|(?:as|an|at|es|ed)[-‐])$", re.IGNORECASE)

#: GeoNames names that are common English words ("Hit", "Tire", "Van") are not
#: taken from running text: zipf frequency at or above this.
COMMON_WORD_ZIPF = 4.0

# -- phrases: feature words, connectors, qualifiers ------------------------------------------
_AIR = frozenset({"airbase", "airport"})
_CROSSING = frozenset({"border_crossing"})
_CAMP = frozenset({"camp"})
_FIELD = frozenset({"oil_field", "gas_field", "gas_plant"})
_BASE = frozenset({"base", "naval_base", "airbase", "observation_post"})
_NAVAL = frozenset({"naval_base", "base"})
_POPULATED = frozenset({"city", "town", "village", "neighbourhood"})
_AREA = frozenset({"region", "district"})
_GOVERNORATE = frozenset({"governorate"})
_ROAD = frozenset({"road"})
_JUNCTION = frozenset({"junction"})

#: Words that name what kind of place the rest of a phrase is ("Tiyas *military
#: airport*", "Quneitra *crossing point*"), with the kinds they stand for.
FEATURE_TERMS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("airbase", "air base", "airbases", "airfield", "air field", "airport", "airstrip",
                     "military airport", "military airbase", "military air base", "air force base",
                     "military airfield", "helicopter base"), _AIR),
    **dict.fromkeys(("crossing", "border crossing", "crossing point", "border crossing point",
                     "border gate", "border post", "checkpoint"), _CROSSING),
    **dict.fromkeys(("camp", "camps", "refugee camp", "idp camp", "displacement camp",
                     "displaced persons camp"), _CAMP),
    **dict.fromkeys(("oil field", "oilfield", "oil fields", "oilfields", "gas field", "gasfield",
                     "gas plant", "gas facility", "field", "fields"), _FIELD),
    **dict.fromkeys(("base", "military base", "garrison", "outpost", "bases"), _BASE),
    **dict.fromkeys(("naval base", "naval facility", "naval station", "naval port", "port"), _NAVAL),
    "observation post": frozenset({"observation_post"}), "military post": frozenset({"observation_post"}),
    "dam": frozenset({"dam"}),
    **dict.fromkeys(("junction", "roundabout", "interchange", "crossroads", "intersection"), _JUNCTION),
    **dict.fromkeys(("highway", "road", "motorway"), _ROAD),
    **dict.fromkeys(("province", "governorate", "countryside", "rural area"), _GOVERNORATE | _AREA),
    **dict.fromkeys(("town", "city", "village", "suburb", "island", "neighbourhood", "neighborhood",
                     "quarter", "township"), _POPULATED),
    **dict.fromkeys(("region", "area", "district", "plain", "valley", "mountains", "mountain", "hills",
                     "desert", "pocket", "enclave", "basin"), _AREA),
}
#: Arabic puts the feature word first ("مطار حميميم", Hmeimim airport), as :func:`name_key` folds it.
ARABIC_FEATURE_TERMS: dict[str, frozenset[str]] = {
    "مطار": _AIR, "قاعده": _BASE, "معبر": _CROSSING, "سد": frozenset({"dam"}), "حقل": _FIELD,
    "مخيم": _CAMP, "ريف": _GOVERNORATE | _AREA, "محافظه": _GOVERNORATE | _AREA, "منطقه": _AREA,
    "ناحيه": _AREA, "مدينه": _POPULATED, "بلده": _POPULATED, "قريه": _POPULATED,
}
#: Adjectives that end such a phrase: air, military, border, naval.
_ARABIC_FEATURE_ADJECTIVES = frozenset({"جويه", "عسكري", "عسكريه", "حدودي", "حدوديه", "بحريه"})
#: Words that tie a description to a place it lies at ("the naval facility *in* Tartous");
#: the last one in a phrase counts. (Read from the name itself: keys drop "at" as an article.)
_CONNECTOR = re.compile(r"^(.+)\s(?:in|at|near|outside|by|next to)\s(.+)$", re.IGNORECASE | re.DOTALL)
#: Qualifiers that narrow a place without renaming it: Arabic and French after the name
#: ("Maadan *Atiq*", old Maadan; "Ghouta *orientale*"), English before it ("*northern* Hama").
_QUALIFIERS_AFTER = frozenset(
    "atiq qadim jadid jdid jadida fawqani tahtani kabir kbir kabira saghir sghir saghira sharqi sharqiya "
    "gharbi gharbiya shamali shamaliya janubi janubiya balad mahatta "
    # French, after the name too ("Ghouta orientale")
    "oriental orientale occidental occidentale septentrional septentrionale meridional meridionale".split()
)
_QUALIFIERS_BEFORE = frozenset(
    "old new upper lower greater central north south east west northern southern eastern western "
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern "
    "rural outer inner".split()
)
_PARENTHESIS = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*")

#: Suffixes that make an adjective or a people of a place name ("Idlibi", "Iraqis",
#: "Syrian"): a capitalised word that is a known name plus one of these is not that place.
_DEMONYM_SUFFIXES = ("i", "is", "ian", "ians", "n", "ns", "ite", "ites", "ese", "es")
#: Endings of a place name that a nisba's -i replaces (Qahtaniyah, al-Qahtani).
_NISBA_OF = ("iyah", "iyeh", "iya", "iye", "iyya", "iyyah")

#: Similarity (0-100) a phonetic match must reach: for explicit lookups, and in
#: running text, where every capitalised word is tried and a false place is costly.
#: Names of four sounds or fewer need five points more: one letter is a lot of them.
MIN_SIMILARITY = 80.0
MIN_SIMILARITY_TEXT = 88.0
#: The corpus is about Syria: a loose match outside it must be spelled all but the same.
MIN_SIMILARITY_ABROAD = 95.0
#: A loose match farther than this (km, beyond the anchor's own precision) from every
#: place in the context is not the place the text means.
CONTEXT_REACH_KM = 60.0
#: Weight of how well a name fits an entry (0-1) against the entry's importance: one point
#: of similarity (0.009) outweighs a tenth of a layer; a clearly closer spelling ("Kabbani" is
#: *Kabani*) beats a more important lookalike (*Kobani*).
SPELLING_WEIGHT = 8.0
#: A capitalised run is tried phonetically only when one of its words is rarer than this in
#: English (Zipf scale): "The Pentagon" and "Monday" are no place, "Tell Tamir" may be.
RARE_WORD_ZIPF = 3.0
#: The population a place of unknown size counts with (GeoNames and curated rows often have none):
#: the order of the smallest places GeoNames lists, so that a Syrian village of unknown size is not
#: ranked below a foreign one of a few thousand (the corpus is about Syria).
UNKNOWN_POPULATION = 1_000
#: How far (km) an installation may lie from the place its phrase names ("Taftanaz airbase").
FEATURE_REACH_KM = 20.0

_CAPITALISED_RUN = re.compile(
    r"[A-Z\u00c0-\u00de\u0100-\u017f\u1e00-\u1eff][\w'’ʿ-]+"
    r"(?:[ -](?:al|el|ar|as|ash|ech|ad|az|ez)?[ -]?[A-Z\u00c0-\u00de\u0100-\u017f\u1e00-\u1eff][\w'’ʿ-]+){0,2}"
)


#: What ties a name to the place after it: "X in Y", "X near Y", "X, a suburb of Y", "X, 20 km
#: north-west of Y", "the X district of Y" (the direction and distance, when given, are kept).
_TIED_TO_NEXT = re.compile(
    r"^(?:['’]s)?\s*,?\s*(?:in|near|outside|(?:just\s+)?(?:(?P<km>\d+)\s*(?:km|kilometres|kilometers)\s+)?"
    r"(?:(?P<bearing>(?:north|south|east|west)(?:-?(?:east|west))?)(?:ern)?|(?:a\s+)?(?:suburb|district|"
    r"neighbou?rhood|quarter|village|town|area|countryside)s?)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BEARING_DEGREES = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
                    "west": 270, "northwest": 315}
#: Words before a name that make it an origin or a topic, not a place tied to the next one:
#: "fighters from Douma in Idlib", "agreed on Idlib in Sochi".
_NOT_THERE_BEFORE = re.compile(r"\b(?:from|on|over|about|for)\s+(?:the\s+)?(?:al-|el-)?$", re.IGNORECASE)
_POSSESSIVE_BETWEEN = re.compile(r"^['’]s?\s+(?:the\s+)?$")
_COUNTRYSIDE_AFTER = re.compile(r"[’']?s?\s+(?:countryside|province|governorate|rif)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[ -]+(?:(?:al|el|ar|as|ash|ech|ad|az|ez)[ -]+)?")


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    # The small list holds every English word of zipf 3.0 or more, all the thresholds here need;
    # a dict look-up is 30 times faster than wordfreq's per-call tokenising.
    return get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word or phrase, exact from 3.0 up (rarer: 0).

    A phrase combines its words as wordfreq does (1/f = sum of 1/f_i), so that
    "west bank" is as common as its rarer word.
    """
    frequencies = _english_frequencies()
    if word.isalpha() and word.isascii():  # one plain word, as most are: no tokenising
        frequency = frequencies.get(word.lower())
        # The same arithmetic as below, so that the value is the same to the last bit.
        return round(math.log10(1.0 / (1.0 / frequency)) + 9, 2) if frequency else 0.0
    inverse = 0.0
    for token in _WORD.findall(word.lower().replace("’", "'")):
        # A token with digits ("T4", "M5") counts as rare: names here are never plain numbers.
        frequency = frequencies.get(token)
        if not frequency:
            return 0.0
        inverse += 1.0 / frequency
    return round(math.log10(1.0 / inverse) + 9, 2) if inverse else 0.0


def _float(row: dict, column: str, path: Path, line: int) -> float:
    try:
        return float(row[column])
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}:{line}: {column} {row.get(column)!r} is not a number") from exc


#: The forms of ``period`` :func:`geo.filters.active_years` reads: "2015-", "2018-2020", "-2019", blank.
_PERIOD = re.compile(r"^(?:(?P<start>\d{4})?-(?P<end>\d{4})?)?$")


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
                period = (row.get("period") or "").strip()
                years = _PERIOD.match(period)
                if not years or (years["start"] and years["end"] and years["start"] > years["end"]):
                    # A base's period decides which events count as near it; a form no one reads would
                    # silently count as "always".
                    raise InputError(f"{path}:{line}: period {period!r} is not a span of years like "
                                     f"'2015-', '2018-2020' or '-2019' (blank: unknown)")
                place = Place(
                    name=name, lat=lat, lon=lon, kind=kind,
                    admin1=(row.get("admin1") or "").strip(), country=(row.get("country") or "").strip(),
                    precision_km=precision, layer=layer,
                    operator=(row.get("operator") or "").strip(), status=(row.get("status") or "").strip(),
                    period=period, source=(row.get("source") or "").strip(),
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


def _nearest_km(place: Place, anchors: Sequence[Place]) -> float:
    """``min(distance_km(place, a) for a in anchors)``, the same float, in one loop.

    The haversine's last steps are monotonic, so they are taken once, for the least ``h``.
    """
    sin, cos, radians = math.sin, math.cos, math.radians
    p1 = radians(place.lat)
    cos1, lon1 = cos(p1), place.lon
    least = math.inf
    for a in anchors:
        p2 = radians(a.lat)
        h = sin((p2 - p1) / 2) ** 2 + cos1 * cos(p2) * sin(radians(a.lon - lon1) / 2) ** 2
        if h < least:
            least = h
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, least)))


_TEXT_KEPT_ARTICLES = ARTICLES - TEXT_ARTICLES  # "as", "an", "at": articles only when hyphenated in text


def _folds_differently(name: str) -> bool:
    """Whether running text folds ``name`` otherwise than :func:`name_key` does."""
    return "'s" in name or "’s" in name or any(w in _TEXT_KEPT_ARTICLES for w in name.lower().split())


def _adjectives(keys: set[str]) -> set[str]:
    """Keys that are another of ``keys`` plus an adjective ending: GeoNames lists *Homsi* and
    *Manbiji* among the names of Homs and Manbij, but in running text they are a person's nisba
    ("Ammar al-Homsi")."""
    return {k for k in keys if k.endswith("i") and k[:-1] in keys or k.endswith("is") and k[:-2] in keys}


def _names_of(name: str) -> list[str]:
    """A name, and without its parenthetical qualifier: "Rabia (Latakia)" is also "Rabia"."""
    bare = _PARENTHESIS.sub(" ", name).strip()
    return [name, bare] if bare and bare != name else [name]


@dataclass(frozen=True)
class Context:
    """What the surrounding text says about where we are."""

    anchors: tuple[Place, ...] = ()  #: places already resolved without doubt
    admin1: frozenset[str] = frozenset()  #: governorates the text names

    def regional(self) -> tuple[Place, ...]:
        """Anchors that say where in the region we are (not countries, not vast areas)."""
        return tuple(a for a in self.anchors if a.kind != "country" and a.precision_km <= 150)


@dataclass(frozen=True)
class _Hit:
    """One candidate entry for a name: its index and how well the name fits it (0-1)."""

    index: int
    quality: float
    exact: bool


class Gazetteer:
    """Layered place index with in-text matching (see the module docstring)."""

    def __init__(self, entries: Iterable[tuple[Place, Sequence[str]]], online: OnlineGeocoder | None = None):
        self.places: list[Place] = []
        self._by_key: dict[str, list[int]] = defaultdict(list)
        # skeleton -> {entry: its keys of that skeleton}, which the phonetic pass compares.
        self._by_skeleton: dict[str, dict[int, list[str]]] = defaultdict(dict)
        self._keys_of: list[set[str]] = []
        self._primary: list[str] = []
        self._weak: set[tuple[int, str]] = set()  # names taken from a lower layer
        # Per-spelling memory of the in-text matcher (names repeat from article to article).
        self._text_cache: dict[str, tuple[_Hit, ...]] = {}
        # What each matcher pattern may be when its first letter is a capital, or lower case.
        self._capitalised: dict[int, tuple[tuple[_Hit, ...], bool, int]] = {}
        self._lower_case: dict[int, tuple[tuple[_Hit, ...], bool, int]] = {}
        self._run_cache: dict[str, tuple[int, tuple[_Hit, ...]]] = {}
        self._quiet_runs: set[str] = set()  # capitalised runs known to sound like no place
        #: Online geocoder: the last layer of :meth:`resolve`, ``None`` (off) by default.
        self.online = online
        for place, names in entries:
            self._add(place, names)
        self._matcher, self._matcher_keys = self._build_matcher()
        self._key_list = list(self._by_key)

    # -- construction -------------------------------------------------------------
    def _add(self, place: Place, names: Sequence[str]) -> None:
        spelled = [n for name in names for n in _names_of(name)]
        keys = {name_key(n) for n in spelled}
        # Also as running text folds it, where that differs: "Iraq's Kurdistan Region" loses its
        # possessive, "Ras an Naqoura" keeps an article that no hyphen ties.
        keys.update(" ".join(match_text(n).text.split()) for n in spelled if _folds_differently(n))
        keys.discard("")
        if not keys:
            return
        primary = name_key(_names_of(place.name)[-1]) or next(iter(keys))
        if place.layer != "curated":
            keys -= _adjectives(keys)
            owner = self._owners(place, keys, primary)
            if primary in owner:
                self._merge(owner[primary], keys - set(owner))
                return
            keys -= set(owner)
            if not keys:
                return
        index = len(self.places)
        self.places.append(place)
        self._keys_of.append(set())
        self._primary.append(primary if primary in keys else min(keys))
        self._index(index, keys)

    def _owners(self, place: Place, keys: set[str], primary: str) -> dict[str, int]:
        """Keys of ``place`` that an entry of a layer at least as high holds within 15 km.

        The primary name counts as held, too, by an entry within 10 km whose names
        sound the same (GeoNames' *Dar‘ā* is the curated *Daraa*).
        """
        owner = {}
        for key in keys:
            for i in self._by_key.get(key, ()):
                if self._outranks(i, place, 15.0):
                    owner[key] = i
                    break
        if primary not in owner:
            for i in self._by_skeleton.get(skeleton(primary), ()):
                if self._outranks(i, place, 10.0) and max(similarity(primary, k) for k in self._keys_of[i]) >= 90:
                    owner[primary] = i
                    break
        return owner

    def _outranks(self, i: int, place: Place, km: float) -> bool:
        other = self.places[i]
        if place.layer == "user" and other.layer == "geonames":
            return False  # a user's entry corrects GeoNames, it never yields to it
        return LAYER_RANK[other.layer] <= LAYER_RANK[place.layer] and distance_km(other, place) < km

    def _merge(self, index: int, keys: set[str]) -> None:
        """Add a duplicate's other spellings to the entry it duplicates, as weak (capitalised-only) names.

        Only spellings of a name the entry has join it: GeoNames also lists other
        names (Damascus is *Sham*, Aleppo *Beroea*) that mean something else in
        running text.
        """
        own = self._keys_of[index]
        new = {k for k in keys if k not in own and max(similarity(k, o) for o in own) >= MIN_SIMILARITY}
        new -= _adjectives(new | own)
        self._weak.update((index, k) for k in new)
        self._index(index, new)

    def _index(self, index: int, keys: set[str]) -> None:
        self._keys_of[index].update(keys)
        for key in keys:
            self._by_key[key].append(index)
            sk = skeleton(key)
            if sk:
                self._by_skeleton[sk].setdefault(index, []).append(key)

    def _build_matcher(self) -> tuple[ahocorasick_rs.AhoCorasick | None, list[str]]:
        """A compiled matcher for every key, and the key of each of its patterns.

        Keys are padded with spaces and so is the text: only whole words match, with no check per
        hit. A key no case makes plausible in running text (GeoNames' Turkish town "Of") is left
        out: it could only cost time.
        """
        keys = [key for key, indices in self._by_key.items()
                if any(self._plausible(True, key, i) for i in indices)]  # capitalised is the laxer case
        if not keys:
            return None, []
        return ahocorasick_rs.AhoCorasick([f" {key} " for key in keys],
                                          implementation=ahocorasick_rs.Implementation.DFA), keys

    @classmethod
    def from_sources(cls, curated: str | Path | None = CURATED_CSV, *, geonames: bool = True,
                     user: Iterable[tuple[Place, Sequence[str]]] = (),
                     online: OnlineGeocoder | bool | None = None) -> Gazetteer:
        """Build the layers in precedence order (see the module docstring).

        ``online`` is the opt-in online fallback: an :class:`~geo.geocoder.OnlineGeocoder`,
        ``True`` for one with the defaults, ``False`` for none whatever the environment;
        when omitted it is taken from the environment (``GEO_ONLINE_GEOCODER=1``), so by
        default there is none.
        """
        from geo import geonames as gn
        from geo.geocoder import OnlineGeocoder, from_environment

        entries: list[tuple[Place, Sequence[str]]] = []
        if curated:
            entries += read_gazetteer_csv(curated)
        entries += list(user)
        if geonames:
            entries += gn.places()
        if online is None:
            online = from_environment()
        elif online is True:
            online = OnlineGeocoder()
        return cls(entries, online=online or None)

    @classmethod
    def default(cls) -> Gazetteer:
        """The curated and GeoNames layers, built once per process."""
        return _default_gazetteer()

    def __len__(self) -> int:
        return len(self.places)

    # -- lookups --------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        """Entries ``name`` may mean, best-fitting spelling first (offline layers only)."""
        return [self.places[h.index] for h in self._lookup(name)]

    def _lookup(self, name: str, *, phrases: bool = True) -> list[_Hit]:
        """Candidates by exact key, else phonetically, else as a phrase, else by fuzzy ratio."""
        key = name_key(name)
        if not key:
            return []
        if key in self._by_key:
            return self._exact(key)
        hits = self._phonetic(name, MIN_SIMILARITY)
        if hits:
            return hits
        if phrases:
            hits = self._phrase(name, key)
            if hits:
                return hits
        if len(key) >= 5:
            found = process.extractOne(key, self._key_list, scorer=fuzz.ratio, score_cutoff=88)
            if found:
                return [_Hit(i, 0.8 * found[1] / 100, False) for i in self._by_key[found[0]]]
        return []

    def _exact(self, key: str) -> list[_Hit]:
        def quality(i: int) -> float:
            if key == self._primary[i]:
                return 1.0
            return 0.96 if (i, key) in self._weak else 0.98

        return sorted((_Hit(i, quality(i), True) for i in self._by_key[key]), key=lambda h: -h.quality)

    def _phonetic(self, name: str, min_score: float) -> list[_Hit]:
        """Entries whose names share a skeleton with ``name`` and sound alike (see :func:`similarity`).

        Each reading of the name (English, Turkish, Kurdish: :func:`~geo.normalize.readings`) is
        compared as English spells it; an entry takes its best.
        """
        if len(shape(name)) <= 4:
            min_score += 5.0
        best: dict[int, float] = {}
        for sk, spelled in readings(name):
            for i, keys in self._by_skeleton.get(sk, {}).items():
                score, k = max((similarity(spelled, k), k) for k in keys)
                floor = min_score if self.places[i].country == "Syria" else max(min_score, MIN_SIMILARITY_ABROAD)
                if score >= floor:
                    # An entry's own name is a better sign than one of its aliases, at equal sound.
                    quality = 0.9 * score / 100 - (0.0 if k == self._primary[i] else 0.02)
                    if quality > best.get(i, 0.0):
                        best[i] = quality
        return sorted((_Hit(i, q, False) for i, q in best.items()), key=lambda h: -h.quality)

    # -- phrases ----------------------------------------------------------------------
    def _phrase(self, name: str, key: str) -> list[_Hit]:
        """A name inside a phrase: parenthesis, feature word, "X in Y", qualifiers (module docstring).

        The phrase's words are looked up as keys, which spell *ş* and *ç* as English reporting
        does (*s*, *c*); for a Kurdish name ("Şeddadê town") the phrase is also read with them as
        *sh* and *ch*, and the better fit wins.
        """
        hits = self._phrase_of(name, key)
        spelled = turkish_spelled(name)
        if spelled is not None:
            other = self._phrase_of(spelled, name_key(spelled))
            if other and (not hits or max(h.quality for h in other) > max(h.quality for h in hits)):
                return other
        return hits

    def _phrase_of(self, name: str, key: str) -> list[_Hit]:
        bare = _PARENTHESIS.sub(" ", name).strip()
        if bare != name and bare:
            hits = self._lookup(bare)
            if hits:
                return hits
            for inner in _PARENTHESIS.findall(name):
                hits = self._lookup(inner, phrases=False)
                if hits:
                    return [replace(h, quality=h.quality * 0.9) for h in hits]
        described = _CONNECTOR.match(name.strip())
        if described:
            hits = self._described_at(described.group(1), described.group(2))
            if hits:
                return hits
        hits = self._feature(key)
        if hits:
            return hits
        words = key.split()
        if len(words) > 1 and words[-1] in _QUALIFIERS_AFTER:
            hits = self._lookup(" ".join(words[:-1]), phrases=False)
        elif len(words) > 1 and words[0] in _QUALIFIERS_BEFORE:
            hits = self._lookup(" ".join(words[1:]), phrases=False)
        return [replace(h, quality=h.quality * 0.9) for h in hits]

    def _split_feature(self, key: str) -> tuple[str, frozenset[str]] | None:
        """``(stem, kinds)`` when ``key`` ends with a feature word ("tiyas military airport"), or
        begins with an Arabic one ("مطار حميميم")."""
        words = key.split()
        if len(words) > 1 and words[0] in ARABIC_FEATURE_TERMS:
            stem = words[1:]
            while len(stem) > 1 and stem[-1] in _ARABIC_FEATURE_ADJECTIVES:
                stem.pop()  # "قاعدة حميميم الجوية": the air base of Hmeimim
            return " ".join(stem), ARABIC_FEATURE_TERMS[words[0]]
        for n in range(min(4, len(words) - 1), 0, -1):
            term = " ".join(words[-n:])
            if term in FEATURE_TERMS:
                return " ".join(words[:-n]), FEATURE_TERMS[term]
        return None

    def _feature(self, key: str) -> list[_Hit]:
        """"Stem FEATURE": the entry of that kind named by, or next to, the stem's place."""
        split = self._split_feature(key)
        if not split:
            return []
        stem, kinds = split
        stem_hits = self._lookup(stem, phrases=False)
        of_kind = [h for h in stem_hits if self.places[h.index].kind in kinds]
        if of_kind:
            return of_kind
        nearby = self._near(kinds, [self.places[h.index] for h in stem_hits])
        if nearby:
            quality = max(h.quality for h in stem_hits) * 0.95
            return [_Hit(i, quality, False) for i in nearby]
        # No entry of that kind: the named place stands in for its airport, camp or quarter.
        return [replace(h, quality=h.quality * 0.9) for h in stem_hits]

    def _described_at(self, head: str, tail: str) -> list[_Hit]:
        """"HEAD in TAIL": HEAD resolved next to TAIL ("naval facility in Tartous")."""
        anchors = [self.places[h.index] for h in self._lookup(tail, phrases=False)]
        if not anchors:
            return []
        hits = [h for h in self._lookup(head) if self._within(self.places[h.index], anchors, 50.0)]
        if hits:
            return hits
        head_key = name_key(head)
        split = self._split_feature(head_key) or (("", FEATURE_TERMS[head_key]) if head_key in FEATURE_TERMS else None)
        if split:
            return [_Hit(i, 0.8, False) for i in self._near(split[1], anchors)]
        return []

    def _near(self, kinds: frozenset[str], anchors: Sequence[Place]) -> list[int]:
        """Entries of ``kinds`` next to any anchor, nearest first (an area contains its anchor)."""
        found = []
        for i, p in enumerate(self.places):
            if p.kind not in kinds:
                continue
            reach = p.precision_km if p.kind in AREA_KINDS else FEATURE_REACH_KM
            d = min((distance_km(p, a) for a in anchors), default=math.inf)
            if d <= reach:
                found.append((d, i))
        return [i for _, i in sorted(found)]

    @staticmethod
    def _within(place: Place, anchors: Sequence[Place], km: float) -> bool:
        return any(distance_km(place, a) - a.precision_km <= km for a in anchors)

    # -- choosing -----------------------------------------------------------------------
    def resolve(self, name: str, context: Context | None = None) -> Place | None:
        """The best entry for ``name`` (``None`` if no source knows it).

        Offline layers first; the online geocoder, when the user enabled it, is
        asked only for a name no offline layer knows.
        """
        context = context or Context()
        hits = self._in_context(name, self._lookup(name), context)
        if hits:
            return self._best_hit(hits, context)
        if self.online is not None:
            return self.online.geocode(name)
        return None

    def _in_context(self, name: str, hits: list[_Hit], context: Context) -> list[_Hit]:
        """Hits that fit the places around: loose matches far from all of them are dropped, and
        a name whose exact matches all lie far away is also tried phonetically near them."""
        regional = context.regional()
        if not regional:
            return hits

        def near(h: _Hit) -> bool:
            place = self.places[h.index]
            return place.admin1 in context.admin1 or self._within(place, regional, CONTEXT_REACH_KM)

        if hits and all(h.exact for h in hits) and not any(near(h) for h in hits):
            hits = hits + [h for h in self._phonetic(name, MIN_SIMILARITY) if near(h)]
        return [h for h in hits if h.exact or near(h)]

    def best(self, candidates: Sequence[Place], context: Context | None = None) -> Place:
        """The candidate that fits ``context`` best, then the higher layer, then the larger place."""
        context = context or Context()
        return max(candidates, key=lambda p: self._score(p, context))

    def _best_hit(self, hits: Sequence[_Hit], context: Context) -> Place:
        if len(hits) == 1:
            return self.places[hits[0].index]
        best = max(hits, key=lambda h: self._score(self.places[h.index], context) + SPELLING_WEIGHT * h.quality)
        return self.places[best.index]

    @staticmethod
    def _score(p: Place, context: Context) -> float:
        s = -0.6 * LAYER_RANK[p.layer] + _KIND_WEIGHT.get(p.kind, 0.0)
        s += math.log10((p.population or UNKNOWN_POPULATION) + 1) / 8 + (0.3 if p.country == "Syria" else 0.0)
        if p.admin1 and p.admin1 in context.admin1:
            s += 2.0
        if context.anchors:
            nearest = _nearest_km(p, context.anchors)
            s += 1.5 * math.exp(-nearest / 75.0)
        return s

    def governorates(self) -> dict[str, Place]:
        """The curated governorate entries by name."""
        return {p.admin1 or p.name: p for p in self.places if p.kind == "governorate" and p.layer == "curated"}

    # -- text -----------------------------------------------------------------------
    def context_from(self, text: str) -> Context:
        """The places ``text`` names, as a :class:`Context` for resolving another name.

        Every place found in ``text`` becomes an anchor; the governorates among
        them (and those named as "X province") go into ``admin1``.

        >>> gaz = Gazetteer.default()
        >>> gaz.resolve("Salamieh", gaz.context_from("east of Hama")).name
        'Salamiyah'
        """
        mentions = self.find(text)
        # "the eastern Deir ez-Zor countryside" (its rif) is in that governorate, like "Raqqa province".
        return Context(tuple(m.place for m in mentions),
                       frozenset(m.place.admin1 for m in mentions if m.place.admin1 and (
                           m.place.kind == "governorate" or _COUNTRYSIDE_AFTER.match(text, m.end))))

    def find(self, text: str, context: Context | None = None) -> list[Mention]:
        """Every place name in ``text``, longest match first, never inside a longer word.

        Nor inside a longer name no key holds: a head word alone ("Tal" of *Tal Jihan*, "Bab" of
        *Bab Sharqi*) or the end of such a name ("Tadmur" of *Bab Tadmur*, "Omar" of *Abu Omar*)
        is not taken for another place; the whole run is tried phonetically instead.

        Ambiguous names are resolved with the unambiguous ones around them
        (and ``context``) as anchors. Capitalised names no key knows are tried
        phonetically, with a stricter threshold than :meth:`resolve` uses.
        """
        folded = match_text(text)
        taken = bytearray(len(text) + 1)  # matched characters of the original text
        spans = self._exact_spans(text, folded, taken) if self._matcher else []
        spans += self._fuzzy_spans(text, taken)
        if not spans:
            return []
        spans.sort(key=_first)

        places = self.places
        anchors = list(context.anchors) if context else []
        admin1 = set(context.admin1) if context else set()
        sure = list(anchors)  # places named exactly and unambiguously, and the caller's
        for _, _, hits in spans:
            if len(hits) == 1:
                place = places[hits[0].index]
                anchors.append(place)
                if hits[0].exact and place.layer == "curated":
                    sure.append(place)
                if place.kind == "governorate":
                    admin1.add(place.admin1)
        mentions = []
        governorates = set()  # of the mentions: names in one governorate are never far namesakes
        for a, b, hits in spans:
            if a > 2 and text[a - 1] in "-‐ " and text[a - 2] in "lrhdznstLRHDZNST":  # an article ends so
                article = _ARTICLE_BEFORE.search(text, max(0, a - 5), a)
                a = article.start() if article else a  # "al-Mansoura", not "Mansoura"
            if len(hits) == 1:
                place = places[hits[0].index]
                loose = not hits[0].exact or place.layer != "curated"
            else:
                own = {places[h.index] for h in hits}
                others = tuple(p for p in anchors if p not in own)
                place = self._best_hit(hits, Context(others, frozenset(admin1)))
                loose = place.layer != "curated" and not any(places[h.index].layer == "curated" for h in hits) \
                    or not any(h.exact for h in hits)
            if loose and self._far_from(place, sure):
                continue  # a loose match, or a GeoNames word ("Jisr"), in another country than the text
            mentions.append(Mention(text[a:b], a, b, place, len(hits)))
            governorates.add(place.admin1)
        if len(governorates) > 1 or "" in governorates and len(mentions) > 1:
            return self._without_far_namesakes(text, mentions)
        return mentions

    def _without_far_namesakes(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """``mentions`` without a name the text ties to another place ("al-Zahraa in Homs", "Sweida's
        al-Karama") when the only entry it found lies in another governorate, far from that place:
        a namesake the gazetteer does not hold, better unresolved than 200 km off.

        Cities are left alone (they have no namesakes the index lacks, and "talks on Daraa in
        Damascus" is no tie), and so are places abroad ("Idlib in Sochi"), origins ("fighters from
        Douma in Idlib") and a place the text puts where it is ("Palmyra, 215 km north-east of
        Damascus": in that direction, at about that distance)."""
        far = set()
        for first, second in zip(mentions, mentions[1:]):
            if first.place.admin1 == second.place.admin1 and first.place.admin1 or second.start - first.end > 48:
                continue  # the same governorate ("Tal Abyad in Raqqa": the province), or nothing ties them
            between = text[first.end : second.start]
            tie = _TIED_TO_NEXT.match(between)
            if tie:
                named, anchor = first, second  # "X in Y", "X, north-west of Y", "X district of Y"
            elif _POSSESSIVE_BETWEEN.match(between):
                named, anchor = second, first  # "Y's X"
            else:
                continue
            place, where = named.place, anchor.place
            if place.kind in AREA_KINDS or place.kind == "city" or where.kind == "country" \
                    or where.precision_km > 150 or place.country != where.country \
                    or _NOT_THERE_BEFORE.search(text, max(0, named.start - 12), named.start):
                continue
            km = distance_km(place, where)
            if km <= CONTEXT_REACH_KM + where.precision_km + place.precision_km:
                continue
            if tie and tie["bearing"] and _agrees(where, place, km, tie["bearing"], tie["km"]):
                continue
            far.add(id(named))
        return [m for m in mentions if id(m) not in far] if far else mentions

    def _exact_spans(self, text: str, folded: Folded, taken: bytearray) -> list[tuple[int, int, tuple[_Hit, ...]]]:
        """Names the index holds as spelled, longest first, never inside a longer word or name.

        Marks the characters it takes in ``taken``.
        """
        # Padded keys: a match (pattern, s, e) covers the key at s + 1 .. e - 1.
        raw = self._matcher.find_matches_as_indexes(folded.text, overlapping=True)
        if not raw:
            return []
        if len(raw) > 1:
            raw.sort(key=_longest_first)
        # Without deletions the folded text is the original shifted by its padding; with them,
        # Folded.origin inlined (this loop runs for every match).
        starts, origins = folded.starts, folded.origins
        shifted = len(starts) == 1
        spans = []
        for pattern, start, end in raw:
            if shifted:
                a, b = start, end - 2
            else:
                k = bisect_right(starts, start + 1) - 1
                a = origins[k] + start + 1 - starts[k]
                k = bisect_right(starts, end - 2, lo=k) - 1
                b = origins[k] + end - 1 - starts[k]
            first = text[a]
            found = (self._capitalised if first.isupper() or not first.isascii() else self._lower_case).get(pattern)
            if found is None:
                found = self._plausible_hits(pattern, first.isupper() or not first.isascii())
            if not found[0]:
                continue
            if found[1] and _inside_longer_name(text, a, b):
                continue  # "Shin Bet", "Kata'ib Sayyid al-Shuhada", "Hina Rabbani": a word of another name
            if taken.find(1, a, b) == -1:
                if a > 2 and text[a - 1] in " -" and text[a - 2] in _HEAD_ENDINGS and _after_head(text, a):
                    continue  # "Bab Tadmur", "Ras Baalbek", "Abu Omar": the end of a name no key holds
                if text.startswith(" ", b) and _OUTLET_AFTER.match(text, b):
                    continue  # "Halab Today TV", "Tishreen newspaper", "Deir ez-Zor 24": an outlet, not a place
                if found[2] and (found[2] == 2 and not _ARTICLE_BEFORE.search(text, max(0, a - 5), a)
                                 or text.startswith(_ARTICLE_STARTS, b + 1) and _ARTICLE_NAME_AFTER.match(text, b)) \
                        and _head_of_longer_name(text, b):
                    # "Tal Jihan", "Bab Sharqi", "Walid al-Muallem": the first word of a longer name (but
                    # "the al-Bab Military Council" is al-Bab's, and "Aleppo al-Jadida" is in Aleppo)
                    continue
                taken[a:b] = b"\x01" * (b - a)
                spans.append((a, b, found[0]))
        return spans

    @staticmethod
    def _far_from(place: Place, anchors: Sequence[Place], km: float = 100.0) -> bool:
        """Whether ``place`` lies in another country than every regional anchor but itself, and more
        than ``km`` from each (False without any)."""
        regional = [a for a in anchors if a is not place and a.kind != "country" and a.precision_km <= 150]
        return bool(regional) and all(a.country != place.country and distance_km(place, a) > km for a in regional)

    def _minor(self, index: int) -> bool:
        """A GeoNames entry or a village: one word of its name may well be a word of a person's."""
        place = self.places[index]
        return place.layer == "geonames" or place.kind in ("village", "neighbourhood")

    def _plausible_hits(self, pattern: int, capitalised: bool) -> tuple[tuple[_Hit, ...], bool, int]:
        """Entries a matcher pattern found in running text may be, given the case of its first
        letter; whether the match must be checked for being one word of a longer name (a single
        word whose entries are all minor, see :meth:`_minor`); and whether the key is a head word
        (2, :data:`_GENERIC_HEADS`) or one word naming no city or area (1), else 0. Remembered per
        pattern."""
        key = self._matcher_keys[pattern]
        hits = tuple(h for h in self._exact(key) if self._plausible(capitalised, key, h.index))
        one_word = " " not in key
        guard = bool(hits) and one_word and all(self._minor(h.index) for h in hits)
        # A city or an area followed by "al-X" is still itself ("Aleppo al-Jadida", "Raqqa al-Sharqiya").
        single = one_word and not any(self.places[h.index].kind in AREA_KINDS or self.places[h.index].kind == "city"
                                      for h in hits)
        found = hits, guard, 2 if one_word and key in _GENERIC_HEADS else 1 if single else 0
        (self._capitalised if capitalised else self._lower_case)[pattern] = found
        return found

    def _plausible(self, capitalised: bool, key: str, index: int) -> bool:
        """Whether a match in running text is a name, not an English word that looks like one."""
        if self.places[index].layer == "curated" and (index, key) not in self._weak:
            return capitalised or _zipf(key) < 3.5
        if not capitalised:
            return False
        return _zipf(key) < COMMON_WORD_ZIPF

    def _fuzzy_spans(self, text: str, taken: bytearray) -> list[tuple[int, int, tuple[_Hit, ...]]]:
        """Capitalised names no key matched, tried by their skeleton (variant spellings).

        A run of capitalised words is tried whole, then without its first word
        ("In Tell Tamir", "Monday Semalkah"), then without its first two.
        """
        # Most runs are known to sound like no place (remembered per run): find them in one sweep and
        # walk the text only for the others.
        runs = _CAPITALISED_RUN.findall(text)
        quiet = self._quiet_runs
        if quiet.issuperset(runs):  # one C-level test for most texts
            return []
        lookup = self._run_lookup
        if not any([lookup(run) for run in runs if run not in quiet]):
            return []
        out = []
        for m in _CAPITALISED_RUN.finditer(text):
            a, b = m.span()
            if taken.find(1, a, b) != -1:
                continue
            if a and (text[a - 1].isalnum() or text[a - 1] in "'’ʿ"):
                continue  # a capital inside a word ("McDonald")
            found = self._run_lookup(m.group())
            if found and not _names_before(m.group()[: len(m.group()) - found[0]]):
                out.append((b - found[0], b, found[1]))
        return out

    def _run_lookup(self, run: str) -> tuple[int, tuple[_Hit, ...]] | None:
        """``(length, hits)`` of the longest tail of a capitalised run that sounds like a place.

        The run is tried whole, then without its first word ("In Tell Tamir"),
        and so on; the answer is remembered per run.
        """
        if run in self._quiet_runs:
            return None
        cached = self._run_cache.get(run)
        if cached is not None:
            return cached
        found = None
        # A tail's words are words of the run: when all are common, no tail can sound like a place.
        tail = run if any(_zipf(w) < RARE_WORD_ZIPF for w in name_key(run).split()) else ""
        while tail:
            hits = self._text_lookup(tail)
            if hits:
                found = (len(tail), hits)
                break
            cut = _NEXT_WORD.search(tail)
            tail = tail[cut.end():] if cut else ""
        if len(self._quiet_runs) > 50_000 or len(self._run_cache) > 50_000:
            self._quiet_runs.clear()
            self._run_cache.clear()
        if found is None:
            self._quiet_runs.add(run)
        else:
            self._run_cache[run] = found
        return found

    def _text_lookup(self, surface: str) -> tuple[_Hit, ...]:
        """Phonetic hits for a capitalised run of words, remembered per spelling."""
        cached = self._text_cache.get(surface)
        if cached is not None:
            return cached
        hits: tuple[_Hit, ...] = ()
        key = name_key(surface)
        # Common words ("The Pentagon", "Monday") are no place; one rare word may be ("Tell Tamir").
        # A key the index holds is the matcher's to find, as it is spelled, not this pass's.
        if len(key) >= 5 and key not in self._by_key and any(_zipf(w) < RARE_WORD_ZIPF for w in key.split()):
            if self._may_sound_indexed(surface, key) and len(skeleton(key).replace(" ", "")) >= 3 \
                    and not self._is_demonym(key):
                hits = tuple(self._phonetic(surface, MIN_SIMILARITY_TEXT))
        if len(self._text_cache) > 50_000:
            self._text_cache.clear()
        self._text_cache[surface] = hits
        return hits

    def _may_sound_indexed(self, surface: str, key: str) -> bool:
        """Whether some reading of ``surface`` (keyed ``key``) has an indexed skeleton (else
        :meth:`_phonetic` finds nothing).

        A skeleton is its words' skeletons joined, and every reading of the key (Turkish or Kurdish
        letters, see :func:`~geo.normalize.readings`) is one reading per word, so this is decided
        from each word's readings, which are remembered: words recur far more than new runs of
        them ("President Vladimir Putin"), and most runs sound like no place. A name with *ş* or *ç*
        has readings its key's words do not (ç is ch, never j), so it is tested whole.
        """
        if turkish_spelled(surface) is not None:
            return any(sk in self._by_skeleton for sk, _ in readings(surface))
        per_word = [skeleton_variants(word) for word in key.split()]
        if math.prod(len(r) for r in per_word) > 64:
            return True  # not worth enumerating; the full test decides
        return any(self._by_skeleton.get(" ".join(filter(None, combo))) for combo in product(*per_word))

    def _is_demonym(self, key: str) -> bool:
        """"Idlibi", "Manbijis", "Syrians": a known name plus an adjective or plural ending; or a
        nisba, whose -i stands for the name's -iyah ("al-Qahtani" of *Qahtaniyah*)."""
        if any(key.endswith(s) and key[: -len(s)] in self._by_key for s in _DEMONYM_SUFFIXES):
            return True
        return key.endswith("i") and any(key[:-1] + end in self._by_key for end in _NISBA_OF)


_NAME_WORD_AFTER = re.compile(r"[ -]([A-Z][\w’'-]*)")
#: Words that begin Arabic place names (hill, gate, bridge, cape, monastery, spring, village, ruin,
#: house, well, palace, valley, mountain, meadow, river, inn, fort): alone, each is also one place.
_GENERIC_HEADS = frozenset("tal tall tel tell bab jisr ras deir dayr dair ain ayn ein kafr kfar khirbet khirbat "
                           "beit bayt bir qasr wadi jabal jebel marj nahr khan qalaat hawsh hosh umm".split())
#: Words that make a name before them an outlet's: "Al Mayadeen TV", "the Tishreen daily".
_OUTLET_AFTER = re.compile(r" (?:TV|Today|News|Radio|Channel|Network|Agency|Media|24|newspaper|daily|channel)\b")
#: Any name word, then an article and a capital ("Walid al-Muallem"), goes on as a longer name.
_ARTICLE_NAME_AFTER = re.compile(r"[ -](?:al|el|ar|as|ash|ad|az|ez|ech)[ -][A-Z]")
_ARTICLE_STARTS = ("al", "el", "ar", "as", "ad", "az", "ez", "ec")  # a C-level test before the regex
_HEAD_AFTER = re.compile(r"[ -](?:(?:al|el|ar|as|ash|ad|az|ez|ech)[ -])?([A-Z][\w’'-]*)")
#: Such a head word capitalised, as in a name, or a kunya or patronymic (Abu, bin): a match right
#: after one (an article aside) ends a longer name ("Bab Tadmur", "Bir al-Qasab", "Abu Omar").
_HEADS_BEFORE = frozenset({w.capitalize() for w in _GENERIC_HEADS} | {"Abu", "Bin", "Ibn", "bin", "ibn"})
#: The letters those words and the articles end with: most matches follow "of", "the", "to" ...
_HEAD_ENDINGS = frozenset(w[-1] for w in _HEADS_BEFORE | ARTICLES)
_NAME_WORD_BEFORE = re.compile(
    r"(?:^|[^.!?:;\n\"“]\s)([A-Z][\w’'-]*)[ -](?:(?:al|el|ash|ad|ar|az)[ -]|(?:as|an|at)-)?$")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                      "june july august september october november december".split())


#: Capitalised words that go with a place name rather than make a longer one ("Atmeh Camp").
_FEATURE_WORDS = frozenset("camp camps village town city area district countryside province governorate road highway "
                           "crossing base airport airbase dam field hill hills mountain mountains river valley plain "
                           "junction neighbourhood neighborhood checkpoint prison hospital".split())


def _longest_first(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[1] - match[2], match[1]


_first = itemgetter(0)


def _is_name_word(word: str) -> bool:
    """A word that may continue a person's or an organisation's name: capitalised, not an acronym
    ("IDP"), a month or weekday, a feature word ("Camp"), a control adjective ("SDF-held") or a
    possessive ("Damascus's Qaboun": two names)."""
    return (word[1:2].islower() and word.lower() not in _CALENDAR and word.lower() not in _FEATURE_WORDS
            and not word.endswith(("'s", "’s"))
            and not re.search(r"-(?:held|controlled|backed|led|run)$", word, re.IGNORECASE))


def _after_head(text: str, a: int) -> bool:
    """Whether the word before ``text[a:]`` (an article aside) is a head word or a kunya
    (:data:`_HEADS_BEFORE`); ``text[a - 1]`` is a space or a hyphen. This runs for many
    matches, so it only looks back, with ``rfind``.
    """
    end = a - 1
    start = text.rfind(" ", 0, end) + 1
    word = text[start:end]  # "Bab" of "Bab Tadmur" or "Bab-Tadmur"; "al" of "Bir al-Qasab"
    if start > 1 and word.lower() in ARTICLES:
        end = start - 1
        word = text[text.rfind(" ", 0, end) + 1 : end]
    return word in _HEADS_BEFORE


def _agrees(origin: Place, place: Place, km: float, bearing: str, stated_km: str | None) -> bool:
    """Whether ``place`` lies where "``stated_km`` km ``bearing`` of ``origin``" puts it: within
    45 degrees of the direction and, when a distance is given, within half of it (or 30 km)."""
    p1, p2 = math.radians(origin.lat), math.radians(place.lat)
    dlon = math.radians(place.lon - origin.lon)
    actual = math.degrees(math.atan2(math.sin(dlon) * math.cos(p2),
                                     math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dlon)))
    wanted = _BEARING_DEGREES[bearing.lower().replace("-", "")]
    off = abs((actual - wanted + 180) % 360 - 180)
    return off <= 45 and (not stated_km or abs(km - int(stated_km)) <= max(30.0, int(stated_km) / 2))


def _head_of_longer_name(text: str, b: int) -> bool:
    """Whether a generic head word matched alone (``text[:b]`` ends with it) goes on as a longer name:
    a name word follows, perhaps after an article ("Tal Jihan", "Bab al-Nairab")."""
    after = _HEAD_AFTER.match(text, b)
    return bool(after and _is_name_word(after.group(1)))


def _inside_longer_name(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is one word of a longer capitalised name: a name word (:func:`_is_name_word`,
    not the first word of a sentence) stands right before or after it."""
    after = _NAME_WORD_AFTER.match(text, b)
    if after and _is_name_word(after.group(1)):
        return True
    before = _NAME_WORD_BEFORE.search(text[max(0, a - 40) : a])
    if not before or not _is_name_word(before.group(1)):
        return False
    # The text's first word is capitalised anyway: "Guards at Ghweiran", but "Nizar Kabbani".
    return a > 40 or before.start(1) > 0 or _zipf(before.group(1)) < RARE_WORD_ZIPF


def _names_before(prefix: str) -> bool:
    """Whether the words cut from the front of a capitalised run belong to the name ("Sayyid" in
    "Sayyid al-Shuhada") rather than to the sentence ("In", "On Monday")."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", prefix) if w.lower() not in ARTICLES]
    return any(w.lower() not in _CALENDAR and _zipf(w.lower()) < 4.0 for w in words)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_sources()


def with_precision(place: Place, precision_km: float) -> Place:
    """A copy of ``place`` whose point is known only to ``precision_km``."""
    return replace(place, precision_km=max(place.precision_km, precision_km))
