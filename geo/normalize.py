"""Normalising transliterations so that every spelling of a name meets.

Arabic place names reach English text in many spellings: *al-Malikiyah*,
*Al Malikiya*, *Malikiyeh*; *Tel Tamr*, *Tal Tamr*, *Tell Tamer*; *Deir
ez-Zor*, *Dayr az Zawr*, *Deir Ezzor*. Two keys bring them together:

``name_key``
    case, diacritics, apostrophes and ayn marks, hyphens and the Arabic
    article (al-, el-, ar-, ash-, as-, ad-, ...) folded away. Exact lookups and
    the in-text matcher use it, so it must be cheap and predictable.
``skeleton``
    a phonetic key on top of ``name_key``: digraphs folded (kh/h, q/k, sh/s,
    gh/g, dh/d, th/t), vowels and half-vowels dropped, doubled letters
    collapsed. Different names can share a skeleton, so a skeleton match is
    only a candidate that a fuzzy score must confirm.

>>> name_key("Al-Malikiyah"), name_key("Deir ez-Zor"), name_key("Ma'arat al-Nu'man")
('malikiyah', 'deir zor', 'maarat numan')
>>> skeleton("Dayr az Zawr") == skeleton("Deir Ezzor") == skeleton("Deir ez-Zor")
True
>>> skeleton("Tell Tamer") == skeleton("Tal Tamr")
True

``normalize_text`` applies ``name_key`` to running text and keeps, for every
character of the result, its offset in the original, so that a match in the
normalised text maps back to the exact words an analyst reads.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

#: Forms of the Arabic article as transliterated, stripped from names.
ARTICLES = frozenset(
    "al el il ul ar er ur as es ash esh at et ad ed az ez an en adh ath ud".split()
)
#: Article forms that are never English words, stripped from running text even
#: without a hyphen ("Dayr az Zawr"). "as", "at", "an" ... are stripped only
#: when a hyphen ties them to the next word ("as-Suwayda").
TEXT_ARTICLES = frozenset("al el ar ash esh ad az ez adh ath ul ud ur".split())

_APOSTROPHES = set("'’‘`´ʿʾʼ")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character, lower-cased, as ASCII (Arabic script kept, its variants folded)."""
    if ch in _APOSTROPHES:
        return ""
    if _is_arabic(ch):
        return "" if _ARABIC_MARKS.match(ch) else ch.translate(_ARABIC_FOLD)
    if ch.isascii():
        out = ch.lower()
    else:
        out = unidecode(unicodedata.normalize("NFC", ch)).lower()
    return "".join(c if c.isalnum() else " " for c in out if c not in _APOSTROPHES)


def _strip_arabic_article(token: str) -> str:
    if token.startswith("ال") and len(token) > 3 and _is_arabic(token[0]):
        return token[2:]
    return token


def name_key(name: str) -> str:
    """The matching key of a place name (see the module docstring)."""
    norm, _ = normalize_text(name, strip_all_articles=True)
    return norm


def normalize_text(text: str, *, strip_all_articles: bool = False) -> tuple[str, list[int]]:
    """Fold ``text`` like :func:`name_key`, keeping each character's original offset.

    Parameters
    ----------
    text
        Running text or a single name.
    strip_all_articles
        Strip every article form (for names). Running text keeps the article
        forms that are also English words ("as", "at", "an") unless a hyphen
        ties them to the next word.

    Returns
    -------
    normalised, offsets
        ``normalised`` has single spaces between tokens; ``offsets[i]`` is the
        index in ``text`` of the character that produced ``normalised[i]``.
    """
    tokens: list[tuple[str, list[int], bool]] = []  # (token, offsets, followed by hyphen)
    chars: list[str] = []
    offs: list[int] = []

    def flush(hyphen: bool) -> None:
        if chars:
            tokens.append(("".join(chars), offs.copy(), hyphen))
            chars.clear()
            offs.clear()

    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if ch in _APOSTROPHES:
            continue
        for c in folded:
            if c == " ":
                flush(hyphen=ch in "-‐‑–")
            else:
                chars.append(c)
                offs.append(i)
        if not folded:
            continue
    flush(hyphen=False)

    out_chars: list[str] = []
    out_offs: list[int] = []
    for n, (tok, tok_offs, hyphen) in enumerate(tokens):
        is_last = n == len(tokens) - 1
        if not is_last and (
            (strip_all_articles and tok in ARTICLES)
            or tok in TEXT_ARTICLES
            or (hyphen and tok in ARTICLES)
        ):
            continue
        stripped = _strip_arabic_article(tok)
        cut = len(tok) - len(stripped)
        if out_chars:
            out_chars.append(" ")
            out_offs.append(tok_offs[cut])
        out_chars.extend(stripped)
        out_offs.extend(tok_offs[cut:])
    return "".join(out_chars), out_offs


_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("dh", "d"), ("th", "t"),
             ("ph", "f"), ("q", "k"), ("c", "k"), ("x", "ks"))
_FINAL_H = re.compile(r"(?<=[aeiouy])h\b")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Phonetic key: transliteration variants of one name share it (see module docstring)."""
    key = name_key(name)
    key = _FINAL_H.sub("", key)
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    tokens = [_DOUBLE.sub(r"\1", _VOWELS.sub("", t)) for t in key.split()]
    return " ".join(t for t in tokens if t)
