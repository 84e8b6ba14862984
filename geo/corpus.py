"""Reading articles: files and folders of plain text, split and cleaned.

Scraped news files are messy. One file may hold several articles, each
starting with its headline, which the page usually repeats together with photo
captions; captions carry the photo's date, not the event's; page furniture
("Advertisement", "TT", "Please enter your comment!") is mixed in. This module
turns such a file into clean :class:`~geo.records.Article` records:

>>> from geo.corpus import read_articles
>>> articles = read_articles("seeds")                   # doctest: +SKIP
>>> [(a.headline[:30], a.published) for a in articles]  # doctest: +SKIP

Metadata comes from a ``metadata.csv`` beside the files (columns ``file``,
``headline``, ``outlet``, ``published``, ``date_precision``), matched by file
name and headline. An article with no row still goes through: its publication
date is read from a stamp in the text ("Published 16:12 IST, October 23rd
2021") where there is one, else it stays unknown.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from geo._errors import InputError
from geo.records import Article

#: Articles longer than this are refused with a message rather than processed.
MAX_FILE_BYTES = 20_000_000

#: Whole lines that are page furniture, never text.
_JUNK_LINE = re.compile(
    r"^(advertisement|tt|\d{1,3}|image:.*|photo:.*|updated:?|source:.{0,40}|share( this)?|"
    r"please enter your (comment|name)( here)?!?|read more.*|related:?.*|"
    r"the associated press|associated press|reuters|afp)$",
    re.IGNORECASE,
)
#: Lines that carry a photo credit or say they are captions.
_CAPTION = re.compile(
    r"(^caption:|\(afp( photo)?\)$|\bafp photo$|\b(epa|reuters|getty images|ap photo|pool photo via ap|"
    r"photo via ap|sana|anadolu)(/[\w .'-]+)?\.?$|^\(?photo\b|\(photo:? [^)]*\)$)",
    re.IGNORECASE,
)
#: A publication stamp on a line of its own.
_STAMP = re.compile(r"^(?:(?:published|updated|posted)[: ]+(?P<when>.+)|"
                    r"(?P<clock>\d{1,2}:\d{2}\s*(?:[A-Z]{2,4})?,?\s+[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}))$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class MetadataRow:
    file: str
    headline: str
    outlet: str | None
    published: dt.date | None
    date_precision: str | None


def _norm_line(line: str) -> str:
    """A line reduced for comparison: quotes, apostrophes, case and spacing folded."""
    line = re.sub(r"[‘’'`´“”\"]", "", line.lower())
    return " ".join(re.sub(r"[^\w]+", " ", line).split())


def read_metadata(path: str | Path) -> list[MetadataRow]:
    """Read a ``metadata.csv``; malformed rows raise :class:`InputError` naming the line."""
    path = Path(path)
    rows: list[MetadataRow] = []
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = {"file", "headline"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for n, row in enumerate(reader, start=2):
                published = None
                if row.get("published"):
                    try:
                        published = dt.date.fromisoformat(row["published"].strip())
                    except ValueError as exc:
                        raise InputError(
                            f"{path}:{n}: published {row['published']!r} is not YYYY-MM-DD"
                        ) from exc
                rows.append(MetadataRow(
                    file=row["file"].strip(),
                    headline=row["headline"].strip(),
                    outlet=(row.get("outlet") or "").strip() or None,
                    published=published,
                    date_precision=(row.get("date_precision") or "").strip() or ("day" if published else None),
                ))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return rows


def _stamp_date(line: str) -> dt.date | None:
    match = _STAMP.match(line.strip())
    if not match:
        return None
    import dateparser  # imported here: slow to import, and only stamps need it

    when = re.sub(r"\b\d{1,2}:\d{2}\s*([A-Z]{2,4})?,?", " ", match["when"] or match["clock"])
    parsed = dateparser.parse(when, settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _is_heading_like(line: str) -> bool:
    """Short line without closing punctuation: a headline or a section title."""
    stripped = line.strip()
    return 0 < len(stripped.split()) <= 25 and not re.search(r"[.!?…:]$", stripped.rstrip("”\"'’ "))


def _is_caption(line: str) -> bool:
    return bool(_CAPTION.search(line.strip()))


def split_articles(text: str, headlines: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """Split a file's text into ``(headline, lines)`` per article.

    A line starts a new article when it is a known headline (``headlines``,
    e.g. from metadata) or a heading-like line that the page repeats within
    the next few lines, as scraped pages do with their headline. The first
    heading-like line of the file is always a headline.
    """
    known = {_norm_line(h) for h in headlines or []}
    lines = text.splitlines()
    norm = [_norm_line(line) for line in lines]
    starts: list[int] = []
    for i, line in enumerate(lines):
        if not norm[i] or _JUNK_LINE.match(line.strip()) or _STAMP.match(line.strip()):
            continue
        is_known = norm[i] in known or any(fuzz.ratio(norm[i], k) >= 92 for k in known)
        # A headline comes back after its captions; a caption repeats on the very next line.
        following = [n for n in norm[i + 1 : i + 14] if n]
        repeated = (
            not known
            and _is_heading_like(line)
            and norm[i] in following[1:]
            and following[0] != norm[i]
        )
        first = not starts and _is_heading_like(line)
        if (is_known or repeated or first) and not (starts and norm[starts[-1]] == norm[i]):
            if starts and not is_known and i - starts[-1] < 14 and norm[i] in norm[starts[-1] : i]:
                continue  # the repetition of the current headline
            starts.append(i)
    if not starts:
        starts = [next((i for i, n in enumerate(norm) if n), 0)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        out.append((lines[a].strip(), lines[a + 1 : b]))
    return out


def clean_lines(headline: str, lines: list[str]) -> list[str]:
    """Drop repeated headlines and captions, photo credits, page leftovers and stamps.

    A line that appears twice, or that another line contains (a standfirst
    repeated in the first paragraph), is furniture, not text.
    """
    norm = [_norm_line(line) for line in lines]
    counts = Counter(n for n in norm if n)
    head = _norm_line(headline)
    kept: list[str] = []
    for line, n in zip(lines, norm):
        stripped = line.strip()
        if not n:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if (
            n == head
            or counts[n] > 1
            or _JUNK_LINE.match(stripped)
            or _STAMP.match(stripped)
            or _is_caption(stripped)
            or any(n != other and len(n) > 40 and n in other for other in norm)
        ):
            continue
        kept.append(stripped)
    while kept and kept[-1] == "":
        kept.pop()
    return kept


def _match_metadata(file: str, headline: str, rows: list[MetadataRow]) -> MetadataRow | None:
    candidates = [r for r in rows if r.file == file]
    if not candidates:
        return None
    best = max(candidates, key=lambda r: fuzz.ratio(_norm_line(r.headline), _norm_line(headline)))
    return best if fuzz.ratio(_norm_line(best.headline), _norm_line(headline)) >= 85 else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_file(path: Path, metadata: list[MetadataRow] | None = None, *, text: str | None = None) -> list[Article]:
    """The articles in one file (see :func:`split_articles` and :func:`clean_lines`)."""
    if text is None:
        text = read_text(path)
    # A lone surrogate (half an emoji from a JSON string) cannot be stored as UTF-8: as read_text does
    # with undecodable bytes, it becomes a replacement mark, one character for one.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise InputError(f"{path}: empty file, no article text")
    metadata = metadata or []
    headlines = [r.headline for r in metadata if r.file == path.name]
    stamps = [d for d in map(_stamp_date, text.splitlines()[:5] + text.splitlines()[-5:]) if d]
    articles = []
    for headline, lines in split_articles(text, headlines):
        body_lines = clean_lines(headline, lines)
        body = "\n\n".join(line for line in body_lines if line)  # one paragraph per line
        if not body:
            continue
        row = _match_metadata(path.name, headline, metadata)
        if row:
            articles.append(Article(path.name, headline, body, row.outlet, row.published,
                                    row.date_precision, "metadata"))
        elif stamps:
            articles.append(Article(path.name, headline, body, None, stamps[0], "day", "text"))
        else:
            articles.append(Article(path.name, headline, body))
    return articles


def read_text(path: Path) -> str:
    """A text file's content, with a clear message for what cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_FILE_BYTES / 1e6:.0f} MB an article file may be")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: binary file, not plain text")
    return raw.decode("utf-8", errors="replace").replace("\r\n", "\n")


def text_files(path: str | Path) -> list[Path]:
    """The ``.txt`` files at ``path`` (a file, or a folder searched recursively), sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.txt") if p.is_file())
    if path.is_file():
        return [path]
    raise InputError(f"{path}: no such file or folder")


def read_articles(path: str | Path) -> list[Article]:
    """Every article in a file or folder, with metadata from ``metadata.csv`` beside the files."""
    articles: list[Article] = []
    cache: dict[Path, list[MetadataRow]] = {}
    for file in text_files(path):
        meta_path = file.parent / "metadata.csv"
        if meta_path not in cache:
            cache[meta_path] = read_metadata(meta_path) if meta_path.exists() else []
        articles.extend(parse_file(file, cache[meta_path]))
    return articles
