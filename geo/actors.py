"""Actors: who did what, in canonical names an analyst filters on.

``geo/data/actors.csv`` lists each canonical actor (``Russia``, ``United
States``, ``SDF`` ...) with its ACLED-style kind and inter code, a map colour,
and the phrases that name it: abbreviations (QSD, HTS, IRGC), demonym phrases
("Russian patrol"), institutions (Pentagon, Kremlin), capitals that stand for
their government (Washington, Moscow) and officials (Lavrov, Milley).

>>> table = ActorTable.default()
>>> [m.actor for m in table.find("Gen. Mark Milley spoke to Gerasimov about the QSD.")]
['United States', 'Russia', 'SDF']

All-capital abbreviations (US, SDF, IDF) match only in capitals, so the
pronoun "us" is never the United States; every other alias matches in any
case, as whole words, longest first.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from geo._errors import InputError

ACTORS_CSV = Path(__file__).resolve().parent / "data" / "actors.csv"

#: Verbs that make an actor the source of a statement rather than a party to the event.
SPEECH_VERBS = re.compile(
    # "X said", "X on Friday said", and a second source joined by "and" ("X and Syrian opposition activists said")
    r"^(?:,?\s+|\s+(?:[\w’'-]+\s+){1,3}?|\s+and\s+(?:[\w’'-]+\s+){1,4}?)(said|says|told|stated|announced|reported|criticized|criticised|accused|"
    r"blamed|warned|confirmed|denied|claimed|described|added|reiterated|declared|condemned|spokes\w*)\b",
    re.IGNORECASE,
)
#: "X said it had seized ...": the speaker reports its own action, so it is a party too.
_SELF_REPORT = re.compile(
    r"^\s+(?:(?:late|early)\s+)?(?:(?:on|in)\s+(?:\w+\s+){1,3}?)?(?:that\s+)?"  # "on Friday", "in a statement"
    r"(?:(?:it|they)\s+(?:had\s+|have\s+|has\s+)?\w+|(?:its|their)\s+(?:own\s+)?(?:forces|troops|fighters|aircraft|jets|"
    r"warplanes|drones|units|soldiers|navy|artillery)\b|(?:the\s+)?(?:\w+\s+)?(?:capture|recapture|fall|liberation|end|defeat)"
    r"\s+of\b|victory\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    inter: int
    country: str
    color: str
    allies: str = ""  #: the actor that "X and allied factions", "X-backed groups" name


@dataclass(frozen=True)
class ActorMention:
    actor: str
    surface: str
    start: int
    end: int


def _is_abbreviation(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _matches(automaton: ahocorasick_rs.AhoCorasick, haystack: str) -> list[tuple[int, int, int]]:
    """Every (overlapping) match in ``haystack``; a lone surrogate (which UTF-8 cannot carry to the
    matcher) is read as "?", which keeps every offset."""
    try:
        return automaton.find_matches_as_indexes(haystack, overlapping=True)
    except UnicodeEncodeError:
        return automaton.find_matches_as_indexes(haystack.encode("utf-8", "replace").decode("utf-8"),
                                                 overlapping=True)


def _automaton(keys: Iterable[str]) -> ahocorasick_rs.AhoCorasick | None:
    patterns = sorted(set(keys))
    return ahocorasick_rs.AhoCorasick(patterns) if patterns else None


_WORD = re.compile(r"[\w’'-]")
_GROUP_WORDS = (r"factions|groups|militias|militiamen|militants|fighters|rebels|gunmen|forces|units|brigades|proxies|"
                r"legion|corps|division|battalions?")
_GROUPS = rf"(?:{_GROUP_WORDS})\b"
#: "HTS and allied factions", "Iran's Revolutionary Guards and affiliated groups": the actor's allies.
_ALLIED_AFTER = re.compile(
    rf"(?:[’']s)?\s*,?\s+(?P<allied>(?:and|as well as|along with|together with)\s+(?:its\s+|their\s+)?"
    rf"(?:(?:allied|affiliated|aligned|associated|proxy|partner|loyalist)\s+(?:[\w-]+\s+){{0,3}}{_GROUPS}|"
    rf"(?:[\w-]+\s+){{0,3}}(?:allies|proxies)\b))", re.IGNORECASE)
#: "groups affiliated with Iran's Revolutionary Guards": the allies of the actor that follows.
_ALLIED_BEFORE = re.compile(
    rf"\b{_GROUPS}\s+(?:affiliated|aligned|allied|associated|linked|loyal)\s+(?:with|to)\s+(?:the\s+)?$", re.IGNORECASE)
#: "Iran's Revolutionary Guards and groups it backs": the allies of the actor before.
_BACKED_AFTER = re.compile(
    rf"(?:[’']s)?(?:\s+\w+){{0,3}}?\s+(?P<allied>and\s+(?:the\s+)?(?:{_GROUP_WORDS})\s+(?:it|they)\s+(?:backs|back|"
    rf"supports|support|sponsors|sponsor|funds|fund|arms|arm)\b)", re.IGNORECASE)
#: "a Russian-brokered deal": the broker is a party.
_BROKERED = re.compile(r"(?<![\w-])([A-Z][\w.]*)-(?:brokered|mediated)\b")
#: "Turkish-backed factions", "Tehran-aligned groups": the allies of the actor before the hyphen.
_BACKED_BY = re.compile(
    rf"(?<![\w-])([A-Z][\w.]*)-(?:backed|allied|affiliated|aligned|sponsored|supported)\s+(?:[\w-]+\s+)?{_GROUPS}")


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not inside a longer word or hyphenated compound ("US-backed"); a possessive ("Russia's") is fine."""
    if start > 0 and _WORD.match(text[start - 1]):
        return False
    if end < len(text):
        nxt = text[end]
        if nxt.isalnum() or nxt in "_-":
            return False
        if nxt in "'’" and len(text) > end + 2 and text[end + 1].isalnum() and text[end + 2].isalnum():
            return False  # "Israel'i"-like run-ons, not a possessive
    return True


class ActorTable:
    """Canonical actors and a matcher for their aliases."""

    def __init__(self, actors: list[Actor], aliases: dict[str, str]):
        self.actors = {a.name: a for a in actors}
        self._aliases = aliases
        self._lower = {a.lower(): n for a, n in aliases.items()}
        # Two Aho-Corasick automata, one pass each over a sentence whatever the number of aliases
        # (a regular-expression alternation of ~2,000 aliases took a millisecond a sentence).
        self._exact = _automaton(a for a in aliases if _is_abbreviation(a))
        self._loose = _automaton(a.lower() for a in aliases if not _is_abbreviation(a))

    @classmethod
    def from_csv(cls, path: str | Path = ACTORS_CSV) -> ActorTable:
        path = Path(path)
        actors, aliases = [], {}
        with path.open(newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    actor = Actor(row["name"].strip(), row["kind"].strip(), int(row["inter"]),
                                  (row.get("country") or "").strip(), row["color"].strip(),
                                  (row.get("allies") or "").strip())
                except (KeyError, ValueError, AttributeError) as exc:
                    raise InputError(f"{path}:{line}: malformed actor row ({exc})") from exc
                actors.append(actor)
                for alias in [actor.name, *(row.get("aliases") or "").split("|")]:
                    if alias.strip():
                        aliases[alias.strip()] = actor.name
        return cls(actors, aliases)

    @classmethod
    def default(cls) -> ActorTable:
        return _default_table()

    def canonical(self, name: str) -> str | None:
        """The canonical actor an alias names (any case), or ``None``."""
        return self._lower.get(name.strip().lower())

    def color(self, name: str, default: str = "#666666") -> str:
        actor = self.actors.get(name)
        return actor.color if actor else default

    def find(self, text: str) -> list[ActorMention]:
        """Every alias in ``text``, longest first, non-overlapping, in text order."""
        found: list[ActorMention] = []
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lower-cased
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for automaton, haystack in ((self._exact, text), (self._loose, lowered)):
            if automaton is None:
                continue
            for _, start, end in _matches(automaton, haystack):
                if _whole_word(text, start, end):
                    surface = text[start:end]
                    actor = self._aliases.get(surface) or self._lower.get(surface.lower())
                    if actor:
                        found.append(ActorMention(actor, surface, start, end))
        # "joint Russian-Turkish patrols", "Russian-US coordination": both halves are parties.
        for m in re.finditer(r"(?<![\w-])([A-Z][a-z]+|US|U\.S\.)-([A-Z][a-z]+|US|U\.S\.)(?![\w-])", text):
            halves = [(m.group(i), m.start(i), m.end(i)) for i in (1, 2)]
            actors = [self._aliases.get(h) or self._lower.get(h.lower()) for h, _, _ in halves]
            if all(actors):
                found += [ActorMention(a, h, st, en) for a, (h, st, en) in zip(actors, halves)]
        found += self._allies(text, found)
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[ActorMention] = []
        for m in found:
            if not any(m.start < k.end and k.start < m.end for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _allies(self, text: str, found: list[ActorMention]) -> list[ActorMention]:
        """Groups named only by whom they side with, as the ``allies`` column of their patron says."""
        out = []
        for m in found:
            allies = self.actors[m.actor].allies if m.actor in self.actors else ""
            after = (_ALLIED_AFTER.match(text, m.end) or _BACKED_AFTER.match(text, m.end)) if allies else None
            if after:
                start, end = after.span("allied")
                out.append(ActorMention(allies, text[start:end], start, end))
            before = _ALLIED_BEFORE.search(text[max(0, m.start - 60) : m.start]) if allies else None
            if before:
                start = max(0, m.start - 60) + before.start()
                out.append(ActorMention(allies, text[start : m.end], start, m.end))
        for b in _BROKERED.finditer(text):
            broker = self._aliases.get(b.group(1)) or self._lower.get(b.group(1).lower())
            if broker:
                out.append(ActorMention(broker, b.group(), b.start(), b.end()))
        for b in _BACKED_BY.finditer(text):
            patron = self._aliases.get(b.group(1)) or self._lower.get(b.group(1).lower())
            allies = self.actors[patron].allies if patron in self.actors else ""
            # A coalition is a patron's partner, not its proxy: "US-backed rebels" are not the coalition.
            if allies and self.actors[allies].kind != "external forces":
                out.append(ActorMention(allies, b.group(), b.start(), b.end()))
        return out

    @staticmethod
    def is_speaker(text: str, mention: ActorMention) -> bool:
        """Whether the mention is followed by a speech verb ("Moscow said", "the Pentagon reported")."""
        after = re.split(r"[.;:!?“”\"]", text[mention.end : mention.end + 80], maxsplit=1)[0]
        verb = SPEECH_VERBS.match(after)
        # The verb must follow the actor directly or within a few words of one phrase ("the Russian
        # Defense Ministry on Friday criticized"), never across a comma ("killing nine civilians,
        # the White Helmets said": the civilians are not speaking).
        between = after[: verb.start(1)] if verb else ""
        if not verb or "," in between[1:] or re.search(r"\b(?:who|whom|which|whose|that)\b", between):
            return False  # "members of the SDF whom Ankara described as ...": Ankara speaks, not the SDF
        return not _SELF_REPORT.match(after[verb.end(1) :])


@lru_cache(maxsize=1)
def _default_table() -> ActorTable:
    return ActorTable.from_csv()
