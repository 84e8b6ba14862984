"""Dates in news text, resolved against the publication date, with their precision.

News rarely dates events absolutely. "On Tuesday", "a day earlier", "last
December" and "more than a year ago" all depend on when the article appeared,
and a resolved date is never more precise than that anchor: a weekday in an
article known only to its month gives a month.

>>> import datetime as dt
>>> anchor = Anchor(dt.date(2020, 8, 29), "day")            # a Saturday
>>> [(d.text, d.date.isoformat(), d.precision) for d in find_dates("On Tuesday, he said.", anchor)]
[('On Tuesday', '2020-08-25', 'day')]
>>> [(d.date.isoformat(), d.precision) for d in find_dates("on Friday ... a day earlier", anchor)]
[('2020-08-28', 'day'), ('2020-08-27', 'day')]
>>> [(d.date.isoformat(), d.precision) for d in find_dates("last December", Anchor(dt.date(2020, 2, 15), "month"))]
[('2019-12-01', 'month')]

Absolute forms ("22 January 2025", "October 3, 2015", "January 14") are
read by ``dateparser``; a missing year is the latest one that does not put the
date after publication.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.records import coarser

_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday").split()
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3}
_ORD = r"(?:st|nd|rd|th)?"

#: Each pattern names the resolver that turns its match into a date.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("absolute", rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b"),
    ("absolute", rf"\b{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}\b"),
    ("day_month", rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}(?![\w.])"),
    ("day_month", rf"\b{_MONTH}\s+\d{{1,2}}{_ORD}(?![\d,]*\s*\d{{4}})\b"),
    ("month_year", rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b"),
    ("last_month_name", rf"\blast\s+{_MONTH}(?!\w)"),
    ("year", r"\b(?:in|In|during|During|of|early|late|mid-?)\s+(?:19|20)\d{2}\b"),
    ("weekday", rf"\b(?:(?:on|last|this|early|late|since)\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?\b"),
    ("yesterday", r"\byesterday\b"),
    ("today", r"\b(?:today|tonight|this morning|this evening)\b"),
    ("tomorrow", r"\btomorrow\b"),
    ("day_before", r"\b(?:a day earlier|the day before|the previous day|a day before)\b"),
    ("day_after", r"\b(?:a day later|the next day|the following day|the day after)\b"),
    ("ago", r"\b(?:more than |less than |about |some |nearly )?(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a few)\s+(day|week|month|year)s?\s+ago\b"),
    ("last_unit", r"\b(?:last|past|previous)\s+(week|month|year)\b"),
    ("this_unit", r"\b(?:earlier |later )?this\s+(week|month|year)\b"),
)
_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS)

#: Words that put a clause in the future: a weekday after them is the next one, not the last.
_FUTURE = re.compile(r"\b(will|would|is expected to|are expected to|expected|to be held|scheduled|plans? to|set to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    """The date relative expressions count from, and how precise it is."""

    date: dt.date
    precision: str = "day"


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: dt.date
    precision: str
    relative: bool  #: counted from the anchor (so no more precise than it)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(word[:3]))


@lru_cache(maxsize=2048)
def _parse_absolute(text: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve(kind: str, match: re.Match[str], base: dt.date, future: bool) -> tuple[dt.date, str] | None:
    text = match.group()
    if kind == "iso":
        try:
            return dt.date.fromisoformat(text), "day"
        except ValueError:
            return None
    if kind == "absolute":
        day = _parse_absolute(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(" of ", " "))
        return (day, "day") if day else None
    if kind == "day_month":
        numbers = re.findall(r"\d{1,2}", text)
        month = _month_number(re.search(r"[A-Za-z]+", text.replace(" of ", " ")).group())
        for year in (base.year, base.year - 1) if not future else (base.year, base.year + 1):
            try:
                day = dt.date(year, month, int(numbers[0]))
            except ValueError:
                return None
            if future or day <= base + dt.timedelta(days=1):
                return day, "day"
        return None
    if kind == "month_year":
        month = _month_number(re.match(r"[A-Za-z]+", text).group())
        return dt.date(int(text[-4:]), month, 1), "month"
    if kind == "last_month_name":
        month = _month_number(text.split()[-1])
        year = base.year if month < base.month else base.year - 1
        return dt.date(year, month, 1), "month"
    if kind == "year":
        return dt.date(int(text[-4:]), 1, 1), "year"
    if kind == "weekday":
        words = text.lower().split()
        target = next(_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS)
        if future and words[0] not in ("last", "since"):
            return base + dt.timedelta(days=(target - base.weekday()) % 7), "day"
        back = (base.weekday() - target) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return base - dt.timedelta(days=back), "day"
    if kind in ("yesterday", "day_before"):
        return base - dt.timedelta(days=1), "day"
    if kind == "today":
        return base, "day"
    if kind in ("tomorrow", "day_after"):
        return base + dt.timedelta(days=1), "day"
    if kind == "ago":
        amount, unit = match.group(1).lower(), match.group(2).lower()
        n = int(amount) if amount.isdigit() else _NUM_WORDS.get(amount, 1)
        vague = amount in ("several", "few", "a few") or "than" in text.lower() or "about" in text.lower()
        if unit == "day":
            return base - dt.timedelta(days=n), "week" if vague else "day"
        if unit == "week":
            return base - dt.timedelta(weeks=n), "month" if vague else "week"
        if unit == "month":
            return _shift_months(base, -n), "year" if vague else "month"
        return dt.date(base.year - n, 1, 1), "year"
    if kind == "last_unit":
        unit = match.group(1).lower()
        if unit == "week":
            return base - dt.timedelta(days=7 + base.weekday()), "week"
        if unit == "month":
            return _shift_months(base, -1), "month"
        return dt.date(base.year - 1, 1, 1), "year"
    if kind == "this_unit":
        unit = match.group(1).lower()
        if unit == "week":
            return base - dt.timedelta(days=base.weekday()), "week"
        if unit == "month":
            return base.replace(day=1), "month"
        return base.replace(month=1, day=1), "year"
    return None


_ABSOLUTE_KINDS = frozenset({"iso", "absolute", "month_year", "year"})
#: Expressions counted from the date just mentioned in the sentence, not from publication.
_CHAINED_KINDS = frozenset({"day_before", "day_after", "tomorrow"})


def find_dates(sentence: str, anchor: Anchor | None) -> list[DateMention]:
    """Every date expression in ``sentence``, resolved; relative ones need an ``anchor``.

    "a day earlier" and "tomorrow" count from the date mentioned just before
    them in the same sentence when there is one ("On Friday ... a day earlier"
    is Thursday), else from the anchor.
    """
    spans: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(sentence):
            if not any(m.start() < e and s < m.end() for s, e, _, _ in spans):
                spans.append((m.start(), m.end(), kind, m))
    spans.sort(key=lambda s: s[0])
    out: list[DateMention] = []
    for start, end, kind, match in spans:
        if re.search(r"\bsince\s*$", sentence[max(0, start - 8) : start], re.IGNORECASE):
            continue  # "since 2015" bounds a period; it dates no event
        # A weekday is in the future only when its own clause is ("will visit ... on Monday").
        future = bool(_FUTURE.search(re.split(r"\b(?:said|says|told)\b", sentence[max(0, start - 80) : start])[-1]))
        if kind not in _ABSOLUTE_KINDS and anchor is None:
            continue
        base, base_precision = (anchor.date, anchor.precision) if anchor else (dt.date.today(), "day")
        if kind in _CHAINED_KINDS and out:
            base, base_precision = out[-1].date, out[-1].precision
        resolved = _resolve(kind, match, base, future and kind == "weekday" or kind == "tomorrow")
        if resolved is None:
            continue
        day, precision = resolved
        relative = kind not in _ABSOLUTE_KINDS
        if relative and kind != "day_month":
            precision = coarser(precision, base_precision)
        elif kind == "day_month" and anchor and anchor.precision == "year":
            precision = "year"  # the year itself is a guess
        out.append(DateMention(match.group(), start, end, day, precision, relative))
    return out
