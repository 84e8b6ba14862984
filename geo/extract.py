"""Extraction: from an article's sentences to incidents an analyst can trace.

For every sentence the extractor asks four questions, each answered by its
own module, and keeps the sentence as the incident's quote:

what
    a trigger phrase from :mod:`geo.taxonomy`. Triggers in a negated or
    purpose clause ("to avoid accidental clashes"), hypothetical, planned or
    required ones ("could strike", "must withdraw", "in the coming weeks"),
    called-off talks, habitual ones ("frequently intercept"), comparisons
    ("one of the deadliest raids"), commemorations and a struck "meeting"
    make no incident. A background clause ("on alert following Israel's
    strikes") makes one only when it is dated to the day, or when it is all
    the sentence reports ("proclaimed victory after seizing Baghouz").
who
    actor aliases from :mod:`geo.actors`; an actor that only speaks ("Moscow
    said") is not a party when others are named. Parties the text implies
    are added as ``docs/taxonomy.md`` lists: an installation's operator, the
    state behind a struck airport or unqualified soldiers, civilians at a
    struck market, an attacker named by a later claim or blame.
when
    the date expression nearest the trigger (:mod:`geo.dates`), else the
    article's date at a coarser precision.
where
    the place the sentence ties to the event: a capital or country used for
    its government ("Washington accused") is an actor, not a place; a place
    that names an agreement ("the Sochi Agreement"), a press-conference venue
    or a dateline is not where anything happened; relative phrases ("near X",
    "the X countryside", "30 km east of X") keep X as the anchor with a coarser
    precision. Talks take their venue, never their topic. With no place in
    the sentence, the nearest well-founded place in the article stands in,
    at a coarser precision, and the incident says so.

Mentions of one event in one article merge into one incident.

>>> from geo.records import Article
>>> import datetime as dt
>>> art = Article("x.txt", "Clash", "On Sunday, Turkish drones struck a car near Qamishli, killing two SDF fighters.",
...               published=dt.date(2022, 11, 22), date_precision="day")
>>> [(i.event_type, i.actors, i.date.isoformat(), i.place, i.geo_precision, i.killed) for i in extract_article(art)]
[('drone_strike', ['Turkey', 'SDF'], '2022-11-20', 'Qamishli', 2, 2)]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geopy.distance import geodesic

from geo.actors import ActorMention, ActorTable
from geo.dates import Anchor, DateMention, find_dates
from geo.gazetteer import AREA_KINDS, Gazetteer, distance_km
from geo.normalize import name_key
from geo.records import GEO_EXACT, GEO_NEAR, GEO_REGION, Article, Incident, Mention, Place, coarser
from geo.taxonomy import PRIORITY, EventType, Trigger, triggers_in

# -- sentences ------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "gen lt col maj capt sgt adm brig mr mrs ms dr st no jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.n u.k e.g i.e vs approx est dept gov sen rep".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  #: offset in the article body
    index: int


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of ``body``; paragraphs never run together, abbreviations never split."""
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", body):
        text, base, last = para.group(), para.start(), 0
        for m in _SENTENCE_END.finditer(text):
            before = re.search(r"([\w.]+)[.!?…]?[”\"’')\]]*$", text[last : m.start()])
            word = (before.group(1) if before else "").lower().rstrip(".")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            chunk = text[last : m.start()]
            if chunk.strip():
                out.append(Sentence(chunk.strip(), base + last + len(chunk) - len(chunk.lstrip()), len(out)))
            last = m.end()
        chunk = text[last:]
        if chunk.strip():
            out.append(Sentence(chunk.strip(), base + last + len(chunk) - len(chunk.lstrip()), len(out)))
    return out


# -- clause cues ------------------------------------------------------------------------

def _cue(words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE)


_NEGATED = _cue(r"prevent\w*|avoid\w*|to stop|deter\w*|without|no|any|possible|potential|fears? of|risk of|"
                r"threat of|counter|future|against further|not|discuss\w*")
_BACKGROUND = _cue(r"following|after|amid|in response to|in retaliation for|in revenge for|to avenge|before|since|"
                   r"regarding|as")
#: "in one of the deadliest raids this year", "the worst attack since": a comparison, not a new event.
_SUPERLATIVE = r"(?:deadliest|bloodiest|worst|biggest|largest|heaviest|fiercest|most \w+)"
_COMPARISON = re.compile(rf"\bone of (?:the |its |their )?{_SUPERLATIVE}\s+(?:\w+\s+)?$|\bthe {_SUPERLATIVE}\s+(?:\w+\s+)?$",
                         re.IGNORECASE)
_AFTER_CUE = re.compile(r"\b(?:after|following)\b", re.IGNORECASE)
#: Commemorations report a gathering, not the event they remember.
_COMMEMORATION = _cue(r"(?:to mark|marking|marked|marks) (?:on \w+ )?(?:the |its |their )?(?:\w+ )?anniversary|"
                      r"commemorat(?:e|ed|es|ing)")
_HYPOTHETICAL = _cue(r"could|may|might|would|will|must|should|threaten\w*|vow\w*|plan\w* to|intends? to|warn\w*|"
                     r"aim\w* to|seeks? to|ready to|if|(?:in|over|within) the (?:coming|next) (?:days|weeks|months|years)|"
                     r"agree\w* to|(?:to|and) (?:allow|permit|let)|would allow|will allow")
#: A future time after the trigger: "withdrawing from Tabqa in the coming weeks".
_FUTURE_AFTER = re.compile(r"^[^.,;]{0,60}?\b(?:in|over|within) the (?:coming|next) (?:days|weeks|months|years)\b",
                           re.IGNORECASE)
#: "the talks ... had been postponed": called off, so no event.
_CALLED_OFF = re.compile(r"^[^.,;]{0,90}?\b(?:was|were|had been|has been|have been|is|are)\s+(?:\w+ly\s+)?"
                         r"(?:postponed|cancell?ed|called off|delayed|suspended|put off)\b", re.IGNORECASE)
_GENERIC = _cue(r"frequently|often|repeatedly|routinely|occasionally|regularly|usually|generally|sometimes|"
                r"weekly|daily|continues? to|from time to time|routine|(?-i:COMMENT)")
_UNCONFIRMED = _cue(r"reportedly|allegedly|reports? (?:indicating|that|of)|according to (?:local )?sources|"
                    r"unconfirmed|believe\w*|suspected|rumou?rs?")
_SPEECH_BEFORE = re.compile(r"\b(said|says|told \w+|speaking|announced|stated|reported|added|declared)\s+(?:on\s+)?$",
                            re.IGNORECASE)
_LOCATIVE = re.compile(
    r"\b(in|at|near|outside(?: of)?|outskirts of|vicinity of|around|into|to|from|toward|towards|over|across|on|"
    r"via|through|visit(?:ed|ing)?|reached|entered|targeting|suburbs of|countryside of|west of|east of|north of|"
    r"south of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:(?:capital|city|town|village|province|governorate|region|area|"
    r"district|camp)(?:\s+of)?,?\s+)?(?:[A-Z][\w’']+[’']s\s+)?$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(near|outside(?: of)?|outskirts of|vicinity of|around|close to|suburbs of|(?:countryside|surroundings) of|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?:\s+(?:countryside|outskirts|suburbs))?\s+of)"
    r"\s+(?:the\s+)?(?:(?:[A-Z]\w+|town|city|village|Syrian)\s+){0,2}(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:km|kilomet(?:er|re)s?)\s+(?:to the\s+)?(north|south|east|west|northeast|northwest|southeast|"
    r"southwest)(?:ern)?\s+of\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_AREA_AFTER = re.compile(r"^(?:[’']s)?\s+(countryside|outskirts|suburbs|area|region|district|province|governorate|"
                         r"plain|desert)\b", re.IGNORECASE)
_ATTRIBUTIVE_AFTER = re.compile(
    r"^(?:\s+and\s+[A-Z][\w-]+)?\s+(agreements?|accords?|process|track|format|talks|summit|meeting|deal|formula|"
    r"memorandum|understanding|declaration|group|guarantors?)\b", re.IGNORECASE)
_SPEECH_VENUE_BEFORE = re.compile(
    r"\b(press conference|news conference|told reporters|speaking|interview|statement|remarks)\b[^.]{0,40}\bin\s+"
    r"(?:[\w’']+\s+){0,3}$|\b(?:ministry|officials?|spokes\w+|sources?|media|television|agency|embassy|government)"
    r"\s+in\s+$", re.IGNORECASE)
_UNKNOWN_PLACE = re.compile(
    r"\b(?:village|town|hamlet|city|camp|area|neighbou?rhood|farms?) of ((?:al-|el-|Al-|Tal |Tell |Ain |Deir )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)")
_CANDIDATE_PLACE = re.compile(
    r"\b(?:in|near|outside|at|from|into)\s+((?:al-|el-|ash-|ar-|as-)?[A-Z][a-z’'-]+(?:[ -](?:al-)?[A-Z][a-z’'-]+){0,2})")
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
             "west": 270, "northwest": 315}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "dozens": None, "several": None}
_COUNT = r"(\d[\d,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)"
_KILLED = (re.compile(rf"\b(?:killing|killed|kills)\s+(?:at least\s+|around\s+|some\s+|about\s+)?{_COUNT}\b", re.I),
           re.compile(rf"\bleaving\s+(?:at least\s+)?{_COUNT}\s+(?:[\w-]+\s+){{0,3}}dead\b", re.I),
           re.compile(rf"\b{_COUNT}\s+(?:[\w-]+\s+){{0,3}}(?:were|was|have been|had been|are)?\s*(?:killed|died)\b",
                      re.I))
_INJURED = (re.compile(rf"\b(?:injuring|injured|wounding|wounded)\s+(?:at least\s+|around\s+|some\s+|about\s+)?{_COUNT}\b",
                       re.I),
            re.compile(rf"\b{_COUNT}\s+(?:[\w-]+\s+){{0,3}}(?:were|was|have been|had been|are)?\s*"
                       rf"(?:seriously\s+|lightly\s+)?(?:injured|wounded)\b", re.I))
#: How specific each kind of place is, for choosing among several in a sentence.
_SPECIFICITY = {"country": 0, "governorate": 1, "region": 1.2, "road": 1.5, "district": 1.5, "city": 2.5}
_DEFAULT_SPECIFICITY = 3.0
_DIPLOMACY_VENUE = re.compile(
    r"\b(in|at|visit\w*)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:capital|city|resort(?:\s+town)?)\s*,?\s+)?$",
    re.IGNORECASE)


def _clause_end(text: str, start: int) -> int:
    """Where the clause that runs through ``start`` ends (comma, semicolon, dash or sentence end)."""
    m = re.compile(r"[,;—–]|\s-\s").search(text, start)
    return m.start() if m else len(text)


def _side_clauses(text: str, start: int) -> list[tuple[int, int]]:
    """Clauses after ``start`` about something else ("just days after a ceasefire between Israel and
    Hamas took effect"), each up to its comma; actors named there are context, not parties."""
    spans = []
    for m in _CLAUSE_CUT.finditer(text, start):
        spans.append((m.start(), _clause_end(text, m.end())))
    return spans


#: "hours after", "shortly after": the background event falls on the main event's day.
_SAME_DAY_CUE = re.compile(r"(?:\b(?:hours|minutes|moments|shortly|soon|just)\s+(?:after|before)|,\s+as)\b[^,;:]*$",
                           re.IGNORECASE)  # "..., as Turkish drones pounded SDF positions": at the same time


def _same_day(text: str, trigger: Trigger) -> bool:
    """Whether ``trigger`` sits in an "hours after ..." clause, so that the sentence's date is its date."""
    return bool(_SAME_DAY_CUE.search(text[max(0, trigger.start - 120) : trigger.start]))


def _dated_in_clause(text: str, trigger: Trigger, dates: list[DateMention]) -> bool:
    """Whether a day-precise date dates ``trigger``: one that follows it within its clause ("after
    militias fired rockets at the Golan late on Wednesday"), or the sentence's own when the clause
    says it came hours before or after ("hours after American forces completed their withdrawal")."""
    end = _clause_end(text, trigger.end)
    return any((trigger.end <= d.start < end or _same_day(text, trigger)) and d.precision == "day" for d in dates)


def _clause_of(text: str, trigger: Trigger) -> str:
    """The comma- or semicolon-bounded clause that holds ``trigger``."""
    start = max((m.end() for m in re.finditer(r"[,;:]", text[: trigger.start])), default=0)
    end = re.search(r"[,;:]", text[trigger.end :])
    return text[start : trigger.end + end.start() if end else len(text)]


def _in_after_clause(text: str, start: int) -> bool:
    """Whether ``text[start]`` lies in an "after ..." clause: the cue and no clause break before it."""
    cues = list(_AFTER_CUE.finditer(text, max(0, start - 120), start))
    return bool(cues) and not re.search(r"[,;:]", text[cues[-1].end() : start])


def _window(text: str, end: int, tokens: int) -> str:
    """The last ``tokens`` words of ``text[:end]``, within the current clause."""
    clause = re.split(r"[;:]|,\s+(?:and|but|while)\b", text[:end])[-1]
    return " ".join(clause.split()[-tokens:])


def _count(text: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            word = m.group(1).lower().replace(",", "")
            value = int(word) if word.isdigit() else _NUMBERS.get(word)
            if value is not None:
                return value
    return None


# -- places in a sentence ----------------------------------------------------------------

@dataclass
class PlaceUse:
    """A place mention and what the sentence does with it."""

    mention: Mention
    place: Place
    start: int  #: offset in the sentence
    end: int
    locative: bool = False
    near: bool = False
    offset_km: float = 0.0
    bearing: float | None = None
    spread_km: float = 0.0
    before: str = ""  #: the sentence up to the mention

    @property
    def geo_precision(self) -> int:
        if self.place.kind in AREA_KINDS:
            return GEO_REGION
        return GEO_NEAR if self.near else GEO_EXACT

    @property
    def specificity(self) -> float:
        return _SPECIFICITY.get(self.place.kind, _DEFAULT_SPECIFICITY)


def _destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) on ``bearing`` (degrees), on the WGS84 ellipsoid (geopy)."""
    point = geodesic(kilometers=km).destination((lat, lon), bearing)
    return point.latitude, point.longitude


#: After the trigger, these open a clause about something else: actors and places
#: there are context ("... just days after a ceasefire between Israel and Hamas").
#: In a side clause, who was fought stays a party: "after days of fighting with HTS-led jihadists".
_OPPONENT_BEFORE = re.compile(r"\b(?:fighting|clashes|battles?|war)\s+(?:with|against)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                              re.IGNORECASE)
_CLAUSE_CUT = re.compile(
    r",\s+which\b|,\s+who\b|\b(?:just\s+)?(?:(?:days?|hours?|weeks?)\s+)?(?:after|following|amid|since)\b|"
    r"\bto (?:avoid|prevent|counter|help)\b|\bwhich stipulates\b|\b(?:anticipating|fearing|in case|despite)\b",
    re.IGNORECASE)
#: Before an actor mention, these make a country a piece of geography, not a party.
_GEOGRAPHIC_BEFORE = re.compile(r"\b(?:borders?|frontier)\s+(?:with|of)\s+(?:\w+\s+and\s+)?$|\bbordering\s+$",
                                re.IGNORECASE)
#: "near the Turkish border", "the Iraqi-Syrian frontier": a demonym that places, not a party.
_GEOGRAPHIC_AFTER = re.compile(r"^(?:[-–][A-Z][a-z]+)?\s+(?:borders?|frontier|border crossing|side of the border)\b"
                               r"(?!\s+(?:troops|guards?|police|forces|units|patrols?))", re.IGNORECASE)
_DENIED = _cue(r"denied|denies|dismissed|fake|false reports?|no evidence")
_ANAPHORIC_START = re.compile(r"(?:the|these|those|this|its|their|such)\s", re.IGNORECASE)
_ANAPHORIC = re.compile(r"\b(?:the|these|those|this|its|their|such)\s+$", re.IGNORECASE)
#: Between two places an event happened at both: "near Kobani and in the countryside of Derik".
_COORDINATED = re.compile(r"^(?:\s*\([^)]*\))?\s*(?:,|and|as well as)\s+(?:(?:in|near|on|at|around|outside)\s+)?"
                          r"(?:the\s+)?(?:(?:\w+ern\s+)?(?:countryside|outskirts|suburbs|town|village|city)\s+of\s+)?$",
                          re.IGNORECASE)
#: Capitalised words after "in" that are times, not places ("in Ramadan", "in Eid al-Adha").
_NOT_PLACE_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march "
                             "april may june july august september october november december ramadan eid muharram "
                             "ashura christmas easter nowruz newroz".split())
_CONTAINER_BETWEEN = re.compile(r"^(?:\s*\([^)]*\))?\s*,?\s*(?:in|of)\s+(?:the\s+)?(?:\w+ern\s+)?(?:countryside\s+of\s+)?$",
                                re.IGNORECASE)
#: A sentence that comments on an event already told: "It was the first ...", "The strike was ...".
_LOCATOR_BETWEEN = re.compile(r"^\s*,?\s*(?:(?:some|about|around)\s+)?(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
                              r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_LOOKS_BACK = re.compile(r"^(?:It|This|That)\s+(?:was|marked|came|followed)\b")
_TOPIC = _cue(r"discuss\w*|about|regarding|concerning|including|on the (?:latest|situation)|over the")
_CIVILIAN_VICTIMS = re.compile(
    rf"\b(?:killing|killed|kills|wounding|wounded|injuring|injured|detained|detaining|arrested|arresting)\s+"
    rf"(?:at least\s+|around\s+|some\s+|about\s+|more than\s+)?"
    rf"{_COUNT}\s+(?:[\w-]+\s+)?(?P<who>people|persons|civilians|residents|men|women|children|villagers|worshippers|"
    rf"patients|workers|farmers|shepherds|family members|passers-by)\b", re.IGNORECASE)
_ANYONE = frozenset({"people", "persons", "men"})
#: A strike that hits these hits civilians (ACLED codes them as the target), unless the text says military.
_CIVILIAN_SITE = re.compile(
    r"\b(?<!military )(?<!army )(?:hospitals?|clinics?|medical (?:facility|facilities|centres?|centers?|points?)|"
    r"schools?|markets?|marketplaces?|bakery|bakeries|mosques?|churches|residential (?:areas?|buildings?|blocks?|"
    r"neighbou?rhoods?)|(?:people's |civilian )?homes|houses|(?:displacement|IDP|refugee) camps?|"
    r"camps? for (?:the )?displaced)\b", re.IGNORECASE)
#: Installations of the Syrian state: a strike on them is a strike on the government (as analysts code it).
_STATE_SITE = re.compile(
    r"\b(?:(?:international )?airport|(?:sea)?port|container (?:yard|terminal)|(?:military|scientific) (?:research )?"
    r"(?:facility|facilities|centres?|centers?|sites?)|research (?:and development )?(?:centres?|centers?|facility|facilities)|"
    r"chemical weapons (?:[\w-]+ ){0,4}?(?:facility|facilities|sites?|centres?|centers?)|(?:defen[cs]e|interior) ministry|ministry of (?:defen[cs]e|interior)|"
    r"(?:army|military) (?:positions?|posts?|headquarters|checkpoints?)|air defen[cs]e (?:batter(?:y|ies)|systems?|sites?)|"
    r"(?:Syrian|government|regime) (?:army |military )?(?:positions?|posts?|tanks|troops|forces)|"
    r"(?:army|military) (?:bus|buses|vehicles?|convoys?|trucks?))\b",
    re.IGNORECASE)
_PASSIVE_HIT = re.compile(r"\b(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?(?:hit|struck|shelled|bombed|"
                          r"targeted|attacked|damaged|destroyed)\b", re.IGNORECASE)
_BESIDE = re.compile(r"\b(?:near|close to|next to|beside|around|outside|behind|opposite|east|west|north|south)\b",
                     re.IGNORECASE)
_ATTACK_WORDS = (r"(?:attacks?|strikes?|bombings?|bombs?|explosions?|blasts?|assaults?|shelling|raids?|ambush(?:es)?|"
                 r"rockets?|drones?)")
_THE = r"(?:the|these|those|this|that|both|an?|Sunday's|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's)"
#: Who a later sentence says did it: "Washington blamed Iranian-backed groups for the attacks",
#: "A group calling itself X claimed the attack", "accused X of carrying out the strike".
#: Each pattern with whether the attacker is the last actor of its phrase ("A group calling itself X").
_ATTRIBUTION = (
    (re.compile(rf"\bblam(?:ed|es|ing)\s+(?P<who>[^.;]{{1,90}}?)\s+for\s+{_THE}\s+(?:[\w-]+\s+){{0,2}}?{_ATTACK_WORDS}",
                re.IGNORECASE), False),
    # "The interior ministry blamed an Islamic State cell." (not "blamed X for failing to ...")
    (re.compile(r"\bblam(?:ed|es)\s+(?P<who>(?:(?!\bfor\b)[^.;,]){1,60}?)\s*(?:[.;]|$)", re.IGNORECASE), False),
    (re.compile(rf"\baccus(?:ed|es|ing)\s+(?P<who>[^.;]{{1,90}}?)\s+of\s+(?:carrying out|launching|conducting|staging|"
                rf"being behind|mounting)\s+{_THE}\s+(?:[\w-]+\s+){{0,2}}?{_ATTACK_WORDS}", re.IGNORECASE), False),
    (re.compile(rf"\battribut(?:ed|es|ing)\s+{_THE}\s+(?:[\w-]+\s+){{0,2}}?{_ATTACK_WORDS}\s+to\s+(?P<who>[^.;,]{{1,90}})",
                re.IGNORECASE), False),
    (re.compile(rf"(?:^|[,;:]\s*)(?P<who>[^,;:]{{1,120}}?)\s+(?:has\s+|have\s+|later\s+)?claimed\s+(?:responsibility\s+"
                rf"for\s+)?{_THE}\s+(?:[\w-]+\s+){{0,2}}?{_ATTACK_WORDS}", re.IGNORECASE), True),
)
#: Victims named only as soldiers or security men: in Syria, unqualified, they are the state's.
_STATE_VICTIMS = re.compile(
    rf"(?:\b(?:killing|killed|kills|wounding|wounded|injuring|injured)\s+(?:at least\s+|around\s+|some\s+|about\s+|"
    rf"more than\s+)?{_COUNT}\s+|\b{_COUNT}\s+)(?P<noun>soldiers?|troops|servicem[ae]n|conscripts?|policem[ae]n|police officers?|"
    rf"security (?:personnel|men|officers?)|members? of the (?:security|armed) forces|army officers?)\b"
    # group 1 is the count after "killing"; a bare count ("23 soldiers") needs a passive ("were killed")
    rf"(?(1)|\s+(?:were|was|had been|have been|has been)\s+(?:\w+\s+)?(?:killed|wounded|injured))", re.IGNORECASE)
#: The actor for attackers the report cannot name ("a gunman"): a later claim may still name them.
UNIDENTIFIED = "Unidentified gunmen"
_HELD = re.compile(r"-(?:held|controlled)$", re.IGNORECASE)
_HABITUAL = re.compile(r"\bha(?:s|ve)\s+(?:\w+ly\s+)?\w+ed\b[^.]*\bwhen\b", re.IGNORECASE)


@dataclass
class _Draft:
    """An incident under construction, with what merging needs to know."""

    incident: Incident
    sentence: int
    family: str
    place_from_text: bool  #: the sentence itself names a place below country level
    date_from_text: bool
    hypothetical: bool = False
    speakers: list[str] = field(default_factory=list)  #: actors that only report the event
    unknown_place: str = ""  #: a village no gazetteer knows, named in the sentence
    place_inferred: bool = False
    anaphoric: bool = False  #: "The shelling was ...", "It was the first ...": about an event already reported
    background: bool = False  #: from an "after ..." clause: another event than the sentence's main one
    quotes: list[str] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)  #: actors named by a claim or a blame, not as seen
    subject_named: bool = False  #: an actor is the trigger's subject ("US jets struck"), so no claim overrides it


class Extractor:
    """Turns articles into incidents (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None, actors: ActorTable | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.actors = actors or ActorTable.default()

    # -- places ---------------------------------------------------------------------------
    def _place_uses(self, sentence: Sentence, mentions: list[Mention], actor_spans: list[ActorMention],
                    is_first: bool) -> tuple[list[PlaceUse], set[int]]:
        """The sentence's places an event can be at, and the actor mentions that are places instead."""
        text = sentence.text
        uses: list[PlaceUse] = []
        actors_as_places: set[int] = set()
        for m in mentions:
            a, b = m.start - sentence.start, m.end - sentence.start
            before, after = text[:a], text[b:]
            overlapping = [i for i, am in enumerate(actor_spans) if am.start < b and a < am.end]
            locative = bool(_LOCATIVE.search(before))
            if overlapping:
                if not locative and (m.place.kind != "country" or m.place.country != "Syria"):
                    continue  # "Washington accused", "The United States, Britain and France fired": actors
                moving = re.search(r"\b(?:from|into|across|through|via)\s+(?:\w+\s+){0,2}$", before)
                if locative and (m.place.kind != "country" or moving):
                    actors_as_places.update(overlapping)  # "talks in Moscow", "from Iraq into Syria"
            if _ATTRIBUTIVE_AFTER.match(after) or _SPEECH_VENUE_BEFORE.search(before):
                continue  # "the Sochi Agreement"; "a press conference in Bratislava"
            if is_first and a <= 2 and re.match(r"^\s*(?:[—–-]|\(|,?\s*[A-Z][a-z]+\s*[—–-])", after):
                continue  # dateline: "JERUSALEM—Israel has ..."
            place = self._fit_kind(m, after)
            use = PlaceUse(m, place, a, b, locative=locative, before=before)
            dist = _DISTANCE.search(before)
            if dist:
                use.near, use.offset_km, use.bearing = True, float(dist.group(1)), _BEARINGS[dist.group(2).lower()]
                use.spread_km = max(3.0, use.offset_km * 0.3)
            elif _NEAR.search(before):
                use.near, use.spread_km = True, 10.0
            area = _AREA_AFTER.match(after)
            if area and area.group(1).lower() not in ("province", "governorate", "district"):
                use.near = True
                use.spread_km = max(use.spread_km, 10.0 if area.group(1).lower() == "suburbs" else 20.0)
            uses.append(use)
        return uses, actors_as_places

    def _fit_kind(self, mention: Mention, after: str) -> Place:
        """"Hasakah province" is the governorate; "Hasakah" alone the city."""
        candidates = self.gazetteer.candidates(mention.surface)
        wants_area = bool(re.match(r"^(?:[’']s)?\s+(province|governorate)\b", after, re.IGNORECASE))
        fitting = [p for p in candidates if (p.kind == "governorate") == wants_area]
        if fitting and mention.place not in fitting:
            return self.gazetteer.best(fitting)
        return mention.place

    @staticmethod
    def _choose_place(uses: list[PlaceUse], trigger: Trigger, diplomacy: bool, cut: int) -> PlaceUse | None:
        if diplomacy:
            # Talks happen at a venue: a town or city (or a country visited), never the topic of the talks.
            uses = [u for u in uses if u.place.kind not in ("governorate", "region", "district")
                    and _DIPLOMACY_VENUE.search(u.before)]
        if not uses:
            return None

        def container(u: PlaceUse) -> bool:
            """"Khan Sheikhoun in southern Idlib", "the T4 air base east of Homs": Idlib and Homs only
            say where the other place is."""
            return any(v.end <= u.start and (_CONTAINER_BETWEEN.match(u.before[v.end:]) and v.specificity > u.specificity
                                             or _LOCATOR_BETWEEN.match(u.before[v.end:]) and v.specificity >= u.specificity)
                       for v in uses)

        def score(u: PlaceUse) -> float:
            distance = min(abs(u.start - trigger.end), abs(trigger.start - u.end))
            preposition = 0.0
            if u.locative:
                preposition = 0.5 if re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", u.before) else 1.5
            return (u.specificity + preposition - distance / 80.0 - (2.0 if u.start > cut else 0.0)
                    - (3.0 if container(u) else 0.0))

        return max(uses, key=score)

    # -- one sentence ------------------------------------------------------------------
    def _sentence_drafts(self, article: Article, sentence: Sentence, mentions: list[Mention],
                         anchor: Anchor | None, is_first: bool) -> tuple[list[_Draft], list[PlaceUse]]:
        text = sentence.text
        actor_mentions = self.actors.find(text)
        uses, actors_as_places = self._place_uses(sentence, mentions, actor_mentions, is_first)
        actor_mentions = [am for i, am in enumerate(actor_mentions)
                          if i not in actors_as_places and not _GEOGRAPHIC_BEFORE.search(text[: am.start])
                          and not _GEOGRAPHIC_AFTER.match(text[am.end : am.end + 40])]
        dates = find_dates(text, anchor)
        drafts: list[_Draft] = []
        triggers = self._event_triggers(text, dates)
        verb_at = min((t.start for t, _ in triggers), default=0)
        # An "after" clause that is all the sentence reports: its parties may stand in the main clause
        # ("Four US service members were hurt after a Russian vehicle sideswiped theirs").
        alone = all(background for _, background in triggers)
        for trigger, background in triggers:
            hypothetical = bool(_HYPOTHETICAL.search(_window(text, trigger.end, 10))
                                or _FUTURE_AFTER.match(text[trigger.end :]))
            if trigger.event_type.family in ("strike", "ground", "encounter", "posture") and hypothetical:
                continue  # what could, will or must happen has not happened
            if trigger.event_type.family == "diplomacy" and _CALLED_OFF.match(text[trigger.end :]):
                continue
            for use in self._places_for(text, uses, trigger, background):
                drafts.append(self._draft(article, sentence, trigger, use, actor_mentions, dates, hypothetical,
                                          background, verb_at, alone))
        return drafts, uses

    def _event_triggers(self, text: str, dates: list[DateMention]) -> list[tuple[Trigger, bool]]:
        """The triggers that report events: the best per family, plus events in an "after" clause
        that carry a date of their own ("hours after militias fired rockets ... on Wednesday").

        Negated ("to avoid clashes"), habitual ("frequently intercept"), denied and anaphoric
        ("the raids", when another trigger names the event) triggers report nothing new.
        """
        if _GENERIC.search(text) or _HABITUAL.search(text) or _DENIED.search(text):
            return []
        main: list[Trigger] = []
        background: list[Trigger] = []
        specific_background = False
        found = triggers_in(text)
        for t in found:
            if _NEGATED.search(_window(text, t.start, 6)) and t.event_type.family != "diplomacy":
                continue
            if _COMPARISON.search(text[max(0, t.start - 40) : t.start]) or _COMMEMORATION.search(_clause_of(text, t)):
                continue
            if t.event_type.family == "diplomacy" and any(
                    o.event_type.family == "strike" and 0 <= t.start - o.end <= 12
                    and re.fullmatch(r"\s+(?:an?|the)\s+", text[o.end : t.start])
                    or o.event_type.family == "strike" and o.end <= t.start
                    and re.search(r"\b(?:where|who|whom|which|whose)\b", text[o.end : t.start])
                    and not re.search(r"[;:]", text[o.end : t.start]) for o in found):
                continue  # "bombed a meeting of commanders", "a house where leaders were meeting": the target
            if _BACKGROUND.search(_window(text, t.start, 6)) or _in_after_clause(text, t.start):
                specific_background |= not t.weak
                if not t.weak:
                    background.append(t)
                continue
            main.append(t)
        if specific_background and all(t.weak for t in main):
            main = []  # "explosions ... as Israeli forces pressed a raid": the generic words describe the raid
        if not main:
            # With nothing else reported, an "after" clause's event is the sentence's news ("proclaimed
            # the end of the caliphate after seizing Baghouz"), dated by its own clause or the article.
            return [(t, True) for t in background if _dated_in_clause(text, t, dates) or _in_after_clause(text, t.start)]
        best: dict[str, Trigger] = {}
        for t in sorted(main, key=lambda t: (t.weak, PRIORITY[t.name], t.start)):
            best.setdefault(t.event_type.family, t)
        ranked = sorted(best.values(), key=lambda t: (t.weak, PRIORITY[t.name], t.start))
        primary, others = ranked[0], ranked[1:]
        # A second family counts only when it is named specifically and not referred back to.
        others = [t for t in others if not t.weak and not _ANAPHORIC.search(text[max(0, t.start - 12) : t.start])]
        out = [(primary, False)] + [(t, False) for t in others]
        # An event in an "after" clause counts when the clause dates it to the day, and is not the main
        # event told twice ("raised the flag over Saraqib after capturing the town").
        reported = {t.name for t, _ in out}
        out += [(t, True) for t in background if t.name not in reported and _dated_in_clause(text, t, dates)]
        return out

    def _places_for(self, text: str, uses: list[PlaceUse], trigger: Trigger,
                    background: bool) -> list[PlaceUse | None]:
        """The trigger's place; a strike or ground event "near X and in Y" happened at both."""
        limit = _clause_end(text, trigger.end) if background else len(text)
        candidates = [u for u in uses if u.start < limit]
        if background:
            candidates = [u for u in candidates if u.start >= trigger.start]
        chosen = self._choose_place(candidates, trigger, trigger.event_type.family == "diplomacy", limit)
        if chosen is None:
            return [None]
        out = [chosen]
        if trigger.event_type.family in ("strike", "ground"):
            for other in candidates:
                if other.start > chosen.end and other.specificity >= 2.5 and _COORDINATED.match(
                        text[chosen.end : other.start]):
                    out.append(other)
                    chosen = other
        return out

    def _draft(self, article: Article, sentence: Sentence, trigger: Trigger, chosen: PlaceUse | None,
               actor_mentions: list[ActorMention], dates: list[DateMention], hypothetical: bool,
               background: bool, verb_at: int, alone: bool = False) -> _Draft:
        text = sentence.text
        etype = trigger.event_type
        if background:
            cut = _clause_end(text, trigger.end)
        else:
            cut_match = _CLAUSE_CUT.search(text, trigger.end)
            cut = cut_match.start() if cut_match else len(text)
            if etype.family == "diplomacy":
                # What talks are about is not who takes part: "discussed ..., including the US presence".
                topic = _TOPIC.search(text, trigger.end)
                cut = min(cut, topic.start()) if topic else cut
        scope_start = max(0, trigger.start - 80) if background else 0
        gerund = False
        if background and alone:  # the clause from its cue ("after ...") holds the event's own parties
            cues = list(_BACKGROUND.finditer(text, 0, trigger.start))
            scope_start = cues[-1].start() if cues else scope_start
            # ... unless it has no subject of its own: "troops raised the flag after seizing the town".
            gerund = bool(cues and re.match(r"\s+\w+ing\b", text[cues[-1].end() :]))
        # Side clauses hold other events' parties, except in a handover: "the airport, which had been
        # used by coalition forces until October" names who handed it over.
        # ... or in a capture: "after YPG fighters abandoned the town" names who lost it.
        side = [] if background or etype.family == "diplomacy" or etype.name in ("base_handover", "capture") \
            else _side_clauses(text, trigger.end)
        in_scope = [am for am in actor_mentions
                    if not any(a <= am.start < b for a, b in side) or _OPPONENT_BEFORE.search(text[: am.start])]
        held = [am for am in in_scope if etype.family == "strike" and am.start >= trigger.end and _HELD.search(am.surface)]
        limit = cut if (background or etype.family == "diplomacy") else len(text)
        actors, speakers = self._actors_for(text, trigger, in_scope, scope_start, limit,
                                            trigger.start if background else verb_at)
        if alone and scope_start:  # the main clause's parties come after the clause's own (before, if it has none)
            earlier = [am for am in in_scope if am.start < scope_start and not ActorTable.is_speaker(text, am)]
            main_parties = [a for a in dict.fromkeys(am.actor for am in earlier) if a not in speakers]
            actors = list(dict.fromkeys(main_parties + actors if gerund else actors + main_parties))
        in_clause = [d for d in dates if not background or trigger.end <= d.start < cut or _same_day(text, trigger)]
        date = self._choose_date(text, in_clause, trigger)
        others = [u.place for u in ([chosen] if chosen else [])]
        unknown = [m.group(1) for m in _UNKNOWN_PLACE.finditer(text)
                   if not self._knows(m.group(1), others) and not self.actors.canonical(m.group(1))
                   and not (chosen and chosen.start <= m.start(1) < chosen.end)]  # "city of Deir ez-Zor"
        incident = Incident(
            article_id=article.id, source=article.source, headline=article.headline,
            event_type=etype.name, quote=text, actors=actors, outlet=article.outlet, published=article.published,
            killed=_count(text, _KILLED), injured=_count(text, _INJURED),
            confidence=0.55 - (0.2 if hypothetical else 0.0) - (0.15 if _UNCONFIRMED.search(text) else 0.0)
            - (0.1 if trigger.weak else 0.0),
        )
        if date:
            incident.date, incident.date_precision = date.date, date.precision
        if chosen:
            self._set_place(incident, chosen)
        self._add_implied_parties(incident, etype, text, trigger, cut, chosen, actor_mentions, in_scope, held)
        subject_named = any(am.start < trigger.start and trigger.start - am.end <= 30  # "US jets struck" overlaps
                            and not re.search(r"[,;:]", text[am.end : trigger.start])
                            and am.actor in actors and am.actor not in (UNIDENTIFIED, "Civilians") for am in in_scope)
        draft = _Draft(incident, sentence.index, etype.family, subject_named=subject_named,
                       place_from_text=chosen is not None and chosen.place.kind != "country",
                       date_from_text=date is not None, hypothetical=hypothetical, speakers=speakers,
                       quotes=[text], background=background, anaphoric=not background and bool(
                           _LOOKS_BACK.match(text) or trigger.start < 40 and (
                               _ANAPHORIC.search(text[max(0, trigger.start - 12) : trigger.start])
                               or _ANAPHORIC_START.match(trigger.text))))
        if not unknown and chosen is not None and (chosen.place.kind in AREA_KINDS or chosen.near):
            # "in Tal Jihan in the northern Aleppo countryside": the village is what the event is placed by,
            # when it stands right before the place it lies in.
            unknown = self._unknown_names(text, (_CANDIDATE_PLACE,), actor_mentions, before=chosen.start)
        if unknown and (chosen is None or chosen.place.kind in AREA_KINDS or chosen.near):
            # A village no source knows, inside a larger place the sentence names: keep its name,
            # place it at the larger place, and say so (ACLED's geo_precision 3 does the same).
            draft.unknown_place = unknown[0]
            draft.place_from_text = True
        return draft

    def _add_implied_parties(self, incident: Incident, etype: EventType, text: str, trigger: Trigger, cut: int,
                             chosen: PlaceUse | None, actor_mentions: list[ActorMention],
                             in_scope: list[ActorMention], held: list[ActorMention]) -> None:
        """Parties the sentence implies without naming them, as analysts code them (docs/taxonomy.md):
        an attacked installation's operator, civilians killed or at a struck civilian site, the Syrian
        state behind unqualified soldiers or a struck state installation; and no rebels for "the
        rebel-held town" when civilians are the victims."""
        actors = incident.actors
        if chosen and etype.family in ("strike", "ground", "encounter") and chosen.start >= trigger.end:
            # The installation is the object: "struck the Shayrat air base", not "US forces at al-Tanf shot down".
            actors += [op for op in dict.fromkeys(chosen.place.operator.split("|"))
                       if op and op not in actors and op in self.actors.actors]
        victims = _CIVILIAN_VICTIMS.search(text)
        if victims and etype.name == "clashes" and victims.group("who").lower() in _ANYONE:
            victims = None  # "clashes ... killed 13 people": fighters as likely as civilians
        if victims and "Civilians" not in actors:
            actors.append("Civilians")  # "killing at least seven people": ACLED codes them as civilians
        in_syria = incident.country == "Syria"
        state = _STATE_VICTIMS.search(text)
        if state and in_syria and "Syrian government" not in actors and etype.family in ("strike", "ground", "encounter") \
                and not any(am.start <= state.start("noun") < am.end for am in actor_mentions):
            actors.append("Syrian government")  # "killing two soldiers": no demonym, so Syria's
        if etype.family == "strike" and in_syria and "Syrian government" not in actors \
                and self._hits_site(_STATE_SITE, text, trigger, cut):
            actors.append("Syrian government")  # "struck Damascus airport": the state that runs it
        if etype.family == "strike" and "Civilians" not in actors and self._hits_site(_CIVILIAN_SITE, text, trigger, cut):
            actors.append("Civilians")  # "put the main hospital out of service": civilians are the target
        if "Civilians" in actors and held:  # "a market in the rebel-held town": whose territory, not who was struck
            named = {am.actor for am in in_scope if am not in held}
            territory = {am.actor for am in held}
            actors[:] = [a for a in actors if a in named or a not in territory]

    @staticmethod
    def _hits_site(sites: re.Pattern[str], text: str, trigger: Trigger, cut: int) -> bool:
        """Whether the strike's object is one of ``sites`` (a hospital, an airport ...): after the
        trigger in its clause ("shelling hit a school"), or the subject of a passive ("A bakery
        in X was struck")."""
        site = sites.search(text, trigger.start, cut)  # "bombs planted on an army bus exploded": inside the trigger
        if site:  # the object itself, not a landmark ("positions near a school")
            return not _BESIDE.search(text, trigger.end, max(trigger.end, site.start()))
        site = sites.search(text, 0, trigger.start)
        return bool(site and _PASSIVE_HIT.search(text, site.end(), max(site.end(), trigger.end)))

    def _attribute(self, sentences: list[Sentence], drafts: list[_Draft]) -> None:
        """Add the attacker a later sentence names ("Washington blamed X for the attacks", "X claimed
        the attack") to the attacks reported in it or up to two sentences before, as the initiator
        of a strike; the incident's note says the attribution is a claim."""
        for s in sentences:
            for pattern, last in _ATTRIBUTION:
                for m in pattern.finditer(s.text):
                    named = [a.actor for a in self.actors.find(m.group("who"))]
                    if not named:
                        continue
                    who = named[-1] if last else named[0]
                    for d in drafts:
                        if d.family not in ("strike", "encounter") or not 0 <= s.index - d.sentence <= 2 \
                                or who in d.incident.actors or d.family == "strike" and d.subject_named:
                            continue  # "US jets struck ...": the report already says who attacked
                        if d.family == "strike":
                            d.incident.actors.insert(0, who)
                        else:
                            d.incident.actors.append(who)
                        d.attributions.append(f"{who} by attribution: “{m.group().strip(' ,;:')}”")

    def _knows(self, name: str, around: list[Place]) -> bool:
        """Whether a gazetteer entry is this name: by its key, or by a spelling variant that lies
        within 100 km of the places around it ("the village of Kabani in the Latakia countryside"
        is not Kobani, 150 km away)."""
        candidates = self.gazetteer.candidates(name)
        if not candidates or not around or any(name_key(name) == name_key(c.name) for c in candidates):
            return bool(candidates)
        return any(distance_km(c, p) <= 100 for c in candidates for p in around)

    def _actors_for(self, text: str, trigger: Trigger, mentions: list[ActorMention], scope_start: int, cut: int,
                    verb_at: int) -> tuple[list[str], list[str]]:
        """Parties in order (initiator first) and the actors that only report the event.

        The initiator is the first party of the clause that holds the sentence's first event verb
        ("Turkish troops and allied rebel factions seized"), else the sentence's first party; then
        the party after the trigger; "X-ed by Y" makes Y the initiator.
        """
        in_scope = [am for am in mentions if scope_start <= am.start < cut] or mentions
        speaking = [am for am in in_scope if ActorTable.is_speaker(text, am)]
        parties = [am for am in in_scope if am not in speaking]
        anchor = min(verb_at, trigger.start)
        clause_start = max((m.end() for m in re.finditer(r"[,;:“”\"]", text[:anchor])), default=0)
        before = [am for am in parties if am.end <= max(anchor, trigger.end)]
        in_clause = [am for am in before if am.start >= clause_start]
        first = in_clause[0] if in_clause else (before[0] if before else None)
        after = sorted((am for am in parties if am.start >= trigger.end and am not in before), key=lambda am: am.start)
        ordered = ([first] if first else []) + after[:1] + [am for am in before if am is not first] + after[1:]
        actors = list(dict.fromkeys(am.actor for am in ordered))
        # "air strikes by regime and Russian jets", "was struck by Israeli jets": "by" right after the trigger
        passive = re.match(r"^(?:\s+\w+ed)?\s+by\s+(?:the\s+)?([\w’'-]+(?:\s+[\w’'-]+){0,3})", text[trigger.end : cut])
        if passive:
            found = self.actors.find(passive.group(1))
            if found and found[0].actor in actors:
                actors.remove(found[0].actor)
                actors.insert(0, found[0].actor)
        speakers = list(dict.fromkeys(am.actor for am in speaking if am.actor not in actors))
        return actors, speakers

    @staticmethod
    def _choose_date(text: str, dates: list[DateMention], trigger: Trigger) -> DateMention | None:
        if not dates:
            return None

        def rank(d: DateMention) -> tuple[int, int]:
            speech = bool(_SPEECH_BEFORE.search(text[: d.start]))
            distance = min(abs(d.start - trigger.end), abs(trigger.start - d.end))
            return (1 if speech else 0, distance)

        return min(dates, key=rank)

    @staticmethod
    def _set_place(incident: Incident, use: PlaceUse, *, inferred: bool = False) -> None:
        place = use.place
        lat, lon = place.lat, place.lon
        if use.bearing is not None and use.offset_km:
            lat, lon = _destination(lat, lon, use.offset_km, use.bearing)
        incident.place = place.name
        incident.lat, incident.lon = round(lat, 5), round(lon, 5)
        incident.geo_precision = use.geo_precision
        incident.precision_km = max(place.precision_km, use.spread_km)
        incident.admin1, incident.country = place.admin1, place.country
        if inferred:
            incident.geo_precision = max(incident.geo_precision, GEO_NEAR)
            incident.precision_km = max(incident.precision_km, 25.0)

    # -- one article -------------------------------------------------------------------
    def extract(self, article: Article) -> list[Incident]:
        """The incidents one article reports (see the module docstring)."""
        sentences = split_sentences(article.body)
        mentions = self.gazetteer.find(article.body)
        headline_mentions = self.gazetteer.find(article.headline)
        anchor = Anchor(article.published, article.date_precision or "day") if article.published else None
        drafts: list[_Draft] = []
        uses_by_sentence: dict[int, list[PlaceUse]] = {}
        for s in sentences:
            inside = [m for m in mentions if s.start <= m.start < s.start + len(s.text)]
            found, uses = self._sentence_drafts(article, s, inside, anchor, s.index == 0)
            uses_by_sentence[s.index] = uses
            drafts += found
        for d in drafts:
            self._fill_actors(d, drafts)
        self._attribute(sentences, drafts)
        merged = self._merge(drafts)
        out = []
        for d in merged:
            if not (d.place_from_text or d.date_from_text):
                continue  # neither a place nor a date of its own: commentary, not a report of an event
            self._fill_place(d, uses_by_sentence, headline_mentions, article)
            out.append(self._finish(d, anchor))
        return out

    def unresolved(self, article: Article) -> list[tuple[str, str]]:
        """Names that read as places ("the village of X", "in X") but that no gazetteer layer
        or actor table knows, each with its sentence, so that a user can add them."""
        found: dict[str, str] = {}
        for s in split_sentences(article.body):
            for name in self._unknown_names(s.text, (_UNKNOWN_PLACE, _CANDIDATE_PLACE), self.actors.find(s.text)):
                found.setdefault(name, s.text)
        return list(found.items())

    def _unknown_names(self, text: str, patterns: tuple[re.Pattern[str], ...],
                       actor_mentions: list[ActorMention], before: int | None = None) -> list[str]:
        """Names ``patterns`` read as places in ``text`` that neither a gazetteer layer nor the
        actor table knows. An English word ("in Monday's attack"), a month or a feast ("in
        Ramadan") is no name. With ``before``, only a name that the place at that offset contains
        ("in X in the northern Aleppo countryside", "in X, in Idlib") counts."""
        from geo.gazetteer import _zipf

        known = [(m.start, m.end) for m in self.gazetteer.find(text)] + [(am.start, am.end) for am in actor_mentions]
        names = []
        for pattern in patterns:
            for m in pattern.finditer(text):
                name, a, b = m.group(1), m.start(1), m.end(1)
                if name in names or any(a < e and st < b for st, e in known):
                    continue
                if before is not None and (b > before or not _CONTAINER_BETWEEN.match(text[b:before])):
                    continue
                first = re.sub(r"['’]s$", "", name.split()[0]).lower().strip("’'")
                if first in _NOT_PLACE_NAMES or _zipf(first) >= 3.5 or self.gazetteer.candidates(name):
                    continue
                names.append(name)
        return names

    @staticmethod
    def _fill_actors(d: _Draft, drafts: list[_Draft]) -> None:
        """With no party named, the speaker is the actor ("Shoigu said a system will be sent");
        with no actor at all, a neighbouring report's actors stand in."""
        if d.incident.actors or d.speakers:
            return
        for other in sorted(drafts, key=lambda o: (abs(o.sentence - d.sentence), o.family != d.family)):
            if other is not d and other.incident.actors and abs(other.sentence - d.sentence) <= 2:
                d.incident.actors = list(other.incident.actors)
                d.incident.confidence -= 0.1
                return

    def _fill_place(self, d: _Draft, uses_by_sentence: dict[int, list[PlaceUse]],
                    headline_mentions: list[Mention], article: Article) -> None:
        inc = d.incident
        if d.family == "diplomacy":
            # A venue in the headline ("... Agreement in Ankara") beats a country or nothing.
            venue = next((m for m in headline_mentions
                          if re.search(r"\b(in|at)\s+$", article.headline[: m.start])
                          and m.place.kind not in AREA_KINDS), None)
            if venue and (inc.place is None or (inc.geo_precision == GEO_REGION and venue.place.country == inc.country)):
                self._set_place(inc, PlaceUse(venue, venue.place, 0, 0, locative=True))
            return
        if inc.place is not None:
            return
        order = sorted(uses_by_sentence, key=lambda i: (abs(i - d.sentence), i > d.sentence))
        for i in order:
            found = [u for u in uses_by_sentence[i] if u.place.kind != "country"]
            if found:
                best = max(found, key=lambda u: u.specificity + (1 if u.locative else 0))
                self._set_place(inc, best, inferred=True)
                d.place_inferred = True
                inc.confidence -= 0.1
                return

    @staticmethod
    def _finish(d: _Draft, anchor: Anchor | None) -> Incident:
        inc = d.incident
        notes = []
        if d.unknown_place:
            notes.append(f"{d.unknown_place} is in no gazetteer; placed at {inc.place}" if inc.place
                         else f"{d.unknown_place} is in no gazetteer")
            inc.place = d.unknown_place
            inc.geo_precision = max(inc.geo_precision or GEO_REGION, GEO_NEAR)
        if d.place_inferred:
            notes.append(f"the report names no place; {inc.place} is the article's nearest place")
        notes += dict.fromkeys(d.attributions)
        if inc.date is None and anchor is not None:
            inc.date, inc.date_precision = anchor.date, coarser(anchor.precision, "week")
            notes.append("the report gives no date; the article's date stands in")
        if not inc.actors:
            inc.actors = list(d.speakers)
        inc.note = "; ".join(notes)
        bonus = (0.15 if inc.geo_precision == GEO_EXACT else 0.0) + (0.05 if len(inc.actors) > 1 else 0.0)
        bonus += (0.1 if inc.date_precision == "day" and d.date_from_text else 0.0) + 0.05 * (len(d.quotes) - 1)
        inc.confidence = round(min(0.95, max(0.05, inc.confidence + bonus)), 2)
        inc.quotes = list(dict.fromkeys(d.quotes))
        return inc

    @staticmethod
    def _merge(drafts: list[_Draft]) -> list[_Draft]:
        merged: list[_Draft] = []
        for d in drafts:
            target = next((m for m in reversed(merged) if _same_event(m, d)), None)
            if target is None:
                merged.append(d)
                continue
            a, b = target.incident, d.incident
            if PRIORITY[b.event_type] < PRIORITY[a.event_type] and not d.hypothetical:
                a.event_type = b.event_type
            if d.anaphoric:
                pass  # a sentence that looks back adds its quote and actors, not a new place or date
            elif d.place_from_text and (not target.place_from_text or _finer_place(b, a)):
                # The sentence that places the event is its best quote, and its actor order the best.
                for name in ("place", "lat", "lon", "geo_precision", "precision_km", "admin1", "country", "quote"):
                    setattr(a, name, getattr(b, name))
                a.actors = b.actors + a.actors
                target.place_from_text, target.unknown_place = True, d.unknown_place
            if d.date_from_text and not d.anaphoric and (not target.date_from_text or _finer_date(b, a)):
                a.date, a.date_precision = b.date, b.date_precision
                target.date_from_text = True
            a.actors = list(dict.fromkeys(a.actors + b.actors))
            target.speakers = list(dict.fromkeys(target.speakers + d.speakers))
            a.killed = max(filter(None, (a.killed, b.killed)), default=None)
            a.injured = max(filter(None, (a.injured, b.injured)), default=None)
            a.confidence = max(a.confidence, b.confidence)
            target.quotes.extend(d.quotes)
            target.attributions.extend(d.attributions)
            target.sentence = d.sentence
        return merged


def _finer_place(a: Incident, b: Incident) -> bool:
    """Whether ``a`` is placed clearly more precisely than ``b`` (a finer ACLED level, or half the radius)."""
    ga, gb = a.geo_precision or 9, b.geo_precision or 9
    return ga < gb or (ga == gb and (a.precision_km or 1e9) < (b.precision_km or 1e9) / 2)


def _finer_date(a: Incident, b: Incident) -> bool:
    order = ("day", "week", "month", "year")
    pa, pb = order.index(a.date_precision or "year"), order.index(b.date_precision or "year")
    return pa < pb or (pa == pb and a.date is not None and b.date is not None and a.date < b.date)


def date_interval(day: dt.date | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The span of days a (date, precision) pair stands for (a day gets a day either side)."""
    if day is None:
        return None
    if precision == "week":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=7)
    if precision == "month":
        end = day.replace(day=28) + dt.timedelta(days=4)
        return day.replace(day=1), end - dt.timedelta(days=end.day)
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day - dt.timedelta(days=1), day + dt.timedelta(days=1)


def dates_compatible(a: Incident, b: Incident) -> bool:
    """Whether two incidents' dates can be the same day."""
    ia, ib = date_interval(a.date, a.date_precision), date_interval(b.date, b.date_precision)
    return ia is None or ib is None or (ia[0] <= ib[1] and ib[0] <= ia[1])


def places_compatible(a: Incident, b: Incident, km: float = 30.0) -> bool:
    """Whether two incidents' places can be the same place (an area contains what lies in it)."""
    if a.lat is None or b.lat is None:
        return True
    if distance_km((a.lat, a.lon), (b.lat, b.lon)) <= km:
        return True
    for coarse, other in ((a, b), (b, a)):
        if (coarse.geo_precision or 0) >= GEO_REGION:
            if coarse.admin1 and coarse.admin1 == other.admin1:
                return True
            if not coarse.admin1 and coarse.country and coarse.country == other.country:
                return True
    return False


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.sentence == b.sentence and (a.background or b.background):
        return False  # "seized Afrin on Thursday following clashes that began on Tuesday": two events
    if b.anaphoric and a.family == b.family:
        return True
    if a.family != b.family or not dates_compatible(a.incident, b.incident):
        return False
    adjacent = abs(b.sentence - a.sentence) <= 2
    places_ok = places_compatible(a.incident, b.incident) or not (a.place_from_text and b.place_from_text)
    if a.incident.event_type == b.incident.event_type:
        return places_ok or (adjacent and a.family in ("posture", "diplomacy"))
    return adjacent and places_ok


def extract_article(article: Article, gazetteer: Gazetteer | None = None,
                    actors: ActorTable | None = None) -> list[Incident]:
    """Shortcut for ``Extractor(gazetteer, actors).extract(article)``."""
    return Extractor(gazetteer, actors).extract(article)
