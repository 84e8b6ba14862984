"""Normalising transliterations so that every spelling of a name meets.

Arabic place names reach English text in many spellings: *al-Malikiyah*,
*Al Malikiya*, *Malikiyeh*; *Tel Tamr*, *Tal Tamr*, *Tell Tamer*; *Deir
ez-Zor*, *Dayr az Zawr*, *Deir Ezzor*. Three keys bring them together, from
strict to loose:

``name_key``
    case, diacritics, apostrophes and ayn marks, hyphens and the Arabic
    article (al-, el-, ar-, ash-, as-, ad-, ...) folded away. Exact lookups and
    the in-text matcher use it, so it must be cheap and predictable.
``skeleton``
    a phonetic key on top of ``name_key``: digraphs folded (kh/h, q/k, sh/s,
    gh/g, dh/d, th/t), doubled letters collapsed, then vowels and half-vowels
    dropped. Arabic script is romanised first, so ``التيفور`` and *Tayfur*
    share a skeleton. Different names can share a skeleton, so a skeleton
    match is only a candidate that :func:`similarity` must confirm, with
    :func:`spelling` (the letters, spelling conventions folded) to tell apart
    names the shape merges.
``shape``
    the skeleton with its vowels kept as slots: every run of vowels and
    half-vowels becomes one ``a``. It tells *Suwayda*, *Sweida* and *Soueida*
    (all ``sada``) from *Sadad* (``sadad``) where the skeleton cannot, and it
    is what :func:`similarity` compares.

>>> name_key("Al-Malikiyah"), name_key("Deir ez-Zor"), name_key("Ma'arat al-Nu'man")
('malikiyah', 'deir zor', 'maarat numan')
>>> skeleton("Dayr az Zawr") == skeleton("Deir Ezzor") == skeleton("Deir ez-Zor")
True
>>> skeleton("Tell Tamer") == skeleton("Tal Tamr")
True
>>> shape("Soueida"), shape("Sweida"), shape("Suwayda"), shape("السويداء")
('sada', 'sada', 'sada', 'sada')
>>> skeleton("Cindirês") in skeleton_variants("Jinderes")
False
>>> skeleton("Jinderes") in skeleton_variants("Cindirês")
True

``skeleton_variants`` and :func:`readings` cover Turkish and Kurdish spelling,
where *c* is English *j*, *x* is *kh*, *ş* is *sh* and *ç* is *ch*, without
changing the key of English names (*Conoco*) or English reporting's plain
spelling of Turkish ones (*Akcakale*). French spellings meet the English ones
through their article (*ech-*) and digraphs (*dj*, *ch*, *ou*).

``normalize_text`` applies ``name_key`` to running text and keeps, for every
character of the result, its offset in the original, so that a match in the
normalised text maps back to the exact words an analyst reads. Both rest on
:func:`fold_text`: one C-level ``str.translate`` and one regular-expression
pass, with Python work only where characters are dropped (a character-by-
character reference path remains for letters that fold to several, like
*ß*). :func:`match_text` is the in-text matcher's variant: it leaves
separators as they are and splits English possessives, which makes it
cheaper still, since the matcher looks for whole words padded with spaces.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import product
from operator import methodcaller
from typing import NamedTuple

import ahocorasick_rs
from rapidfuzz import fuzz
from unidecode import unidecode

#: Forms of the Arabic article as transliterated, stripped from names.
ARTICLES = frozenset(
    "al el il ul ar er ur as es ash esh ech at et ad ed az ez an en adh ath ud".split()
)
#: Article forms that are never English words, stripped from running text even
#: without a hyphen ("Dayr az Zawr"). "as", "at", "an" ... are stripped only
#: when a hyphen ties them to the next word ("as-Suwayda").
TEXT_ARTICLES = frozenset("al el ar ash esh ech ad az ez adh ath ul ud ur".split())

_APOSTROPHES = set("'’‘`´ʿʾʼ")

#: Characters that tie an article to the next word ("as-Suwayda").
_HYPHENS = "-‐‑–"
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character, lower-cased, as ASCII (Arabic letters kept, their variants folded)."""
    if ch in _APOSTROPHES:
        return ""
    if _is_arabic(ch):
        if _ARABIC_MARKS.match(ch):
            return ""
        # Arabic punctuation (، ؟ ؛) separates words like its Latin counterpart.
        return ch.translate(_ARABIC_FOLD) if ch.isalnum() else " "
    if ch.isascii():
        out = ch.lower()
    elif "\ud800" <= ch <= "\udfff":
        return ""  # a lone surrogate is no letter (unidecode drops it too, with a warning)
    else:
        out = unidecode(unicodedata.normalize("NFC", ch)).lower()
    return "".join(c if c.isalnum() else " " for c in out if c not in _APOSTROPHES)


def _strip_arabic_article(token: str) -> str:
    if token.startswith("ال") and len(token) > 3 and _is_arabic(token[0]):
        return token[2:]
    return token


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The matching key of a place name (see the module docstring)."""
    # fold_text's deletions, without the offsets a name does not need: every new capitalised run
    # of an article is keyed, so this is on the first-sight path.
    # Dropped marks never split a word nor decide an article, so they go first; then the articles,
    # with a literal replacement (no Python per match).
    translated = _translate(name)
    if "\x01" in translated:
        return _fold_slow(name, strip_all_articles=True).text
    return " ".join(_NAME_ARTICLES.sub("", translated.replace("\x00", "")).replace("-", " ").split())


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
    folded = fold_text(text, strip_all_articles=strip_all_articles)
    return folded.text, folded.offsets()


# -- fast folding of running text ----------------------------------------------------------
class Folded(NamedTuple):
    """Folded text and a map back to the original (a tuple: the matcher makes one per text).

    ``text`` is split into runs that map one-to-one onto the original:
    ``text[starts[k]:starts[k+1]]`` came from ``original[origins[k]:...]``.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def origin(self, i: int) -> int:
        """Index in the original of the character that produced ``text[i]``."""
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]`` (``end`` exclusive)."""
        return self.origin(start), self.origin(end - 1) + 1

    def offsets(self) -> list[int]:
        out: list[int] = []
        bounds = (*self.starts[1:], len(self.text))
        for start, end, origin in zip(self.starts, bounds, self.origins):
            out.extend(range(origin, origin + end - start))
        return out


class _FoldTable(dict):
    """``str.translate`` table: every character to one character of the folded alphabet.

    Letters and digits fold to themselves lower-cased (ASCII, or Arabic with its
    variants folded); hyphens to ``-``; apostrophes, ayn marks and Arabic
    vowel marks to ``\\x00`` (dropped without splitting the word); anything
    else to a space. A character that folds to several letters (``ß``, ``æ``)
    becomes ``\\x01``, which sends the text down the slow path.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _fold_char(ch)
        if ch in _HYPHENS:
            out = "-"
        elif not folded:
            out = "\x00"
        elif not folded.strip():
            out = " "
        elif len(folded) == 1:
            out = folded
        else:
            out = "\x01"
        self[code] = out
        return out


_TABLE = _FoldTable()
_NOT_SEP = r"[^ \-\x00]"
_LATER_TOKEN = rf"(?=[ \-\x00]*{_NOT_SEP})"


def _article_pattern(always: frozenset[str], hyphen_only: frozenset[str]) -> re.Pattern[str]:
    """Deletions in the translated text: articles, dropped marks, separator runs."""
    def alt(words: frozenset[str]) -> str:
        # A dropped mark may sit inside the article ("a'l-"): it does not split the word.
        return "|".join(r"\x00*".join(w) for w in sorted(words, key=len, reverse=True))

    parts = [rf"(?P<art>(?<![^ \-])\x00*(?:{alt(always)})\x00*(?=[ \-]){_LATER_TOKEN})"]
    if hyphen_only:
        parts.append(rf"(?P<hart>(?<![^ \-])\x00*(?:{alt(hyphen_only)})\x00*(?=-){_LATER_TOKEN})")
    parts += [
        rf"(?P<arab>(?<![^ \-])\x00*ا\x00*ل(?=(?:\x00*{_NOT_SEP}){{2}}))",
        r"(?P<sep>[ \-]+)",
        r"(?P<drop>\x00+)",
    ]
    return re.compile("|".join(parts))


#: _NAME_DELETIONS' articles (Latin, then Arabic ال), in text whose dropped marks are gone.
_NAME_ARTICLES = re.compile(
    rf"(?<![^ \-])(?:{'|'.join(sorted(ARTICLES, key=len, reverse=True))})(?=[ \-])(?=[ \-]*[^ \-])"
    r"|(?<![^ \-])ال(?=[^ \-]{2})"
)
_TEXT_DELETIONS = _article_pattern(TEXT_ARTICLES, ARTICLES - TEXT_ARTICLES)
_NAME_DELETIONS = _article_pattern(ARTICLES, frozenset())


def fold_text(text: str, *, strip_all_articles: bool = False) -> Folded:
    """Fold ``text`` like :func:`normalize_text`, returning a compact map to the original.

    Examples
    --------
    >>> f = fold_text("Clashes in Deir ez-Zor's countryside")
    >>> f.text
    'clashes in deir zors countryside'
    >>> a, b = f.span(11, 19)
    >>> "Clashes in Deir ez-Zor's countryside"[a:b]
    'Deir ez-Zor'
    """
    translated = text.translate(_TABLE)
    if "\x01" in translated:
        return _fold_slow(text, strip_all_articles)
    pattern = _NAME_DELETIONS if strip_all_articles else _TEXT_DELETIONS
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    size = 0
    pending_space = False
    prev = 0

    def emit(end: int) -> None:
        nonlocal size, pending_space
        if end <= prev:
            return
        if pending_space and size:
            pieces.append(" ")
            starts.append(size)
            origins.append(prev)
            size += 1
        pieces.append(translated[prev:end])
        starts.append(size)
        origins.append(prev)
        size += end - prev
        pending_space = False

    for m in pattern.finditer(translated):
        emit(m.start())
        if m.lastgroup == "sep":
            pending_space = True
        prev = m.end()
    emit(len(translated))
    if not starts:
        starts, origins = [0], [0]
    return Folded("".join(pieces), tuple(starts), tuple(origins))


#: Typographic characters of news text, as the ASCII they fold like (same length), so
#: that most articles take the bytes fast path of :func:`match_text`.
_TYPOGRAPHIC = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": " ", "\u00a0": " ", "…": " "}
_BYTES_TABLE = bytes(ord(_TABLE[i]) for i in range(128)) + bytes(range(128, 256))


def _article_matcher() -> tuple[ahocorasick_rs.AhoCorasick, list[int]]:
    """Articles with the separators around them (" al-", "-ez ", " as-"): found in one compiled pass.

    Returns the matcher and, per pattern, the length of the article and the separator after it.
    """
    patterns, sizes = [], []
    for article in sorted(ARTICLES):
        after = " -" if article in TEXT_ARTICLES else "-"
        for before in (" ", "-", " \x00", "-\x00"):  # a stray apostrophe may open the word
            for a in after:
                patterns.append(f"{before}{article}{a}")
                sizes.append(len(article) + 1)
    return ahocorasick_rs.AhoCorasick(patterns), sizes


_ARTICLES_IN_TEXT, _ARTICLE_SIZES = _article_matcher()
_MATCH_ARABIC_ARTICLE = re.compile(r"[ \-](\x00*ا\x00*ل)(?=(?:\x00*[^ \-\x00]){2})")
_MATCH_DROPPED = re.compile(r"\x00+")


def _translate(text: str) -> str:
    """``text`` through the fold table, by bytes when it is ASCII once typography is mapped."""
    if text.isascii():
        return text.encode("ascii").translate(_BYTES_TABLE).decode("ascii")
    plain = text
    for typographic, ascii_ in _TYPOGRAPHIC.items():
        if typographic in plain:
            plain = plain.replace(typographic, ascii_)
    if plain.isascii():
        return plain.encode("ascii").translate(_BYTES_TABLE).decode("ascii")
    return text.translate(_TABLE)


def _deletions(padded: str) -> list[tuple[int, int]]:
    """Spans of ``padded`` (translated, space-padded text) the matcher drops, sorted."""
    spans = []
    for pattern, _, end in _ARTICLES_IN_TEXT.find_matches_as_indexes(padded, overlapping=True):
        start = end - _ARTICLE_SIZES[pattern]
        while end < len(padded) and padded[end] in " -":
            end += 1
        # Another word follows: an article, not a last word ("... was al-" is rare, but the key keeps it).
        if end < len(padded) and (padded[end] != "\x00" or padded[end:].strip(" -\x00")):
            spans.append((start, end))
    if "\x00" in padded:
        for m in _MATCH_DROPPED.finditer(padded):
            a, b = m.span()
            # An English possessive ("Hasaka's") goes with its s; "Ra's" (head) keeps it.
            if padded[b] == "s" and padded[b + 1] in " -" and a >= 3 \
                    and not any(c in " -\x00" for c in padded[a - 3:a]):
                b += 1
            spans.append((a, b))
    if "ل" in padded:
        spans += [m.span(1) for m in _MATCH_ARABIC_ARTICLE.finditer(padded)]
    return sorted(spans)


def match_text(text: str) -> Folded:
    """``text`` folded for the in-text matcher, padded with a space at each end.

    Like :func:`normalize_text` (case, diacritics, apostrophes, articles), but
    separators are not collapsed: the matcher looks for ``" key "`` and a
    comma or a double space between two names changes nothing. An English
    possessive is split off ("Hasaka's" matches *Hasaka*). Only the rare
    deletions cost Python work, so this is about as fast as ``str.translate``.

    >>> f = match_text("Clashes in Deir ez-Zor, Hasaka's countryside")
    >>> f.text
    ' clashes in deir zor  hasaka countryside '
    >>> a, b = f.span(12, 20)
    >>> "Clashes in Deir ez-Zor, Hasaka's countryside"[a:b]
    'Deir ez-Zor'
    """
    translated = _translate(text)
    if "\x01" in translated:
        return _match_slow(text)
    padded = f" {translated} "
    spans = _deletions(padded)
    if not spans:
        return Folded(padded.replace("-", " "), (0,), (-1,))
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    size = prev = 0
    for a, b in spans:
        if a > prev:
            pieces.append(padded[prev:a])
            starts.append(size)
            origins.append(prev - 1)
            size += a - prev
        prev = max(prev, b)
    pieces.append(padded[prev:])
    starts.append(size)
    origins.append(prev - 1)
    return Folded("".join(pieces).replace("-", " "), tuple(starts), tuple(origins))


def _match_slow(text: str) -> Folded:
    """:func:`match_text` for text with letters that fold to several letters."""
    folded = _fold_slow(text, strip_all_articles=False)
    return Folded(f" {folded.text} ", (0, 1, *(s + 1 for s in folded.starts[1:]), len(folded.text) + 1),
                  (-1, *folded.origins, len(text)))


def _fold_slow(text: str, strip_all_articles: bool) -> Folded:
    """Character by character, for text with letters that fold to several letters."""
    tokens: list[tuple[str, list[int], bool]] = []  # (token, offsets, followed by hyphen)
    chars: list[str] = []
    offs: list[int] = []

    def flush(hyphen: bool) -> None:
        if chars:
            tokens.append(("".join(chars), offs.copy(), hyphen))
            chars.clear()
            offs.clear()

    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " ":
                flush(hyphen=ch in _HYPHENS)
            else:
                chars.append(c)
                offs.append(i)
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
    # One run per character keeps the map exact when letters expanded.
    return Folded("".join(out_chars), tuple(range(len(out_offs))) or (0,), tuple(out_offs) or (0,))


# -- phonetic keys --------------------------------------------------------------------------
#: Arabic letters romanised as the consonant classes the Latin skeleton uses
#: (ح خ ه -> h, ق ك -> k, ص س ش -> s, ...); long vowels and carriers as vowels;
#: ayn and hamza dropped, as English spellings mostly drop them.
_ARABIC_LATIN = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "",
    "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "u",
    "ي": "i", "ى": "a", "ة": "a", "ء": "", "ئ": "i", "ؤ": "u", "پ": "p", "چ": "j", "ڤ": "v",
    "گ": "g", "ی": "i", "ک": "k", "ە": "a", "ێ": "e", "ۆ": "o",
})
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f]")  # the ranges of _is_arabic
_ARABIC_FINAL_H = re.compile(r"(?<=\w)ه\b")

_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("dh", "d"), ("th", "t"),
             ("ph", "f"), ("dj", "j"), ("q", "k"), ("c", "k"), ("x", "ks"))
#: French "qu" before e/i is /k/ (Lattaquié); elsewhere "qu" is q plus a vowel (Qusayr).
_FRENCH_QU = re.compile(r"qu(?=[ei])")
_FINAL_H = re.compile(r"(?<=[aeiouy])h\b")
_VOWELS = re.compile(r"[aeiouyw]")
_VOWEL_RUN = re.compile(r"[aeiouyw]+")
_DOUBLE = re.compile(r"(.)\1+")
_FIRST_GROUP = methodcaller("group", 1)  # a C-level replacement: a r"\1" template is expanded in Python
#: Letters spelled differently in Turkish and Kurdish (Kurmanji) Latin script:
#: c is English j (Cindirês), ç is ch (Koçer, after unidecode c), x is kh (Xurma).
_TURKIC = {"c": ("k", "j", "s"), "x": ("ks", "h")}
#: The same readings as English spells them, for :func:`similarity` (which keeps *kh* apart from *h*).
_TURKIC_SPELLED = {"c": ("k", "j", "s"), "x": ("ks", "kh")}
#: Turkish and Kurdish letters English spells with two, where unidecode gives one.
_TURKISH_DIGRAPHS = str.maketrans({"ş": "sh", "Ş": "Sh", "ç": "ch", "Ç": "Ch"})


def _romanise(key: str) -> str:
    """Arabic-script tokens of ``key`` in Latin letters (others unchanged)."""
    if not _ARABIC_LETTER.search(key):
        return key
    return _ARABIC_FINAL_H.sub("", key).translate(_ARABIC_LATIN)


def _conventions(key: str) -> str:
    """French "qu" before e/i as k, a final h after a vowel dropped (each regex run only when it can match)."""
    if "qu" in key:
        key = _FRENCH_QU.sub("k", key)
    return _FINAL_H.sub("", key) if "h" in key else key


def _respell(key: str, letters: dict[str, str]) -> str:
    """``key`` with single letters replaced, English *ch* left as it is."""
    return "".join(letters.get(c, c) for c in key.replace("ch", "\x02")).replace("\x02", "ch")


def turkish_spelled(name: str) -> str | None:
    """``name`` with Turkish and Kurdish *ş* and *ç* spelled *sh* and *ch*; ``None`` when it has neither.

    Keys keep English reporting's plain *s* and *c* (*Akcakale*); read aloud, a Kurdish name
    is closer to the Arabic-derived English spelling (*Şeddadê* is *al-Shaddadi*, not *Sadad*).
    """
    if "ş" in name or "ç" in name or "Ş" in name or "Ç" in name:
        return name.translate(_TURKISH_DIGRAPHS)
    return None


def _phonetic(key: str, turkic: dict[str, str] | None = None) -> str:
    """``key`` romanised with digraphs folded and doubled letters collapsed; vowels kept."""
    key = _conventions(_romanise(key))
    if turkic:
        key = _respell(key, turkic)
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    return _DOUBLE.sub(_FIRST_GROUP, key)


def _skeleton_of(phonetic: str) -> str:
    # Doubled letters were collapsed before the vowels went: Bebila's two b's are two sounds.
    if phonetic.isascii():  # bytes.translate deletes in C; every new capitalised run comes here
        tokens = phonetic.encode("ascii").translate(None, b"aeiouyw").decode("ascii").split()
    else:
        tokens = (_VOWELS.sub("", t) for t in phonetic.split())
    return " ".join(t for t in tokens if t)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Phonetic key: transliteration variants of one name share it (see module docstring)."""
    return _skeleton_of(_phonetic(name_key(name)))


@lru_cache(maxsize=65536)
def shape(name: str) -> str:
    """The skeleton with a slot (``a``) for every run of vowels (see module docstring)."""
    return _VOWEL_RUN.sub("a", _phonetic(name_key(name)))


@lru_cache(maxsize=16384)
def readings(name: str) -> tuple[tuple[str, str], ...]:
    """``(skeleton, spelled)`` for each reading of ``name``: English, then Turkish or Kurdish.

    ``spelled`` is the name as English would spell that reading, for :func:`similarity` to
    compare: the key itself for the English reading; then, for a name with *ş* or *ç*, the key
    with them as *sh* and *ch* (:func:`turkish_spelled`); then every choice of reading for
    *c* (*k*, *j* or *s*) and *x* (*ks* or *kh*) that gives a new skeleton, English first.
    One skeleton may come with two spellings (*Şeddadê* as *seddade* and *sheddade*).

    >>> readings("Şêx Meqsûd")
    (('sks mksd', 'sex meqsud'), ('sks mksd', 'shex meqsud'), ('sh mksd', 'shekh meqsud'))
    """
    key = base = name_key(name)
    out = {(skeleton(name), key): None}
    spelled_name = turkish_spelled(name)
    if spelled_name is not None:
        base = name_key(spelled_name)
        out[skeleton(base), base] = None
    if "c" not in base and "x" not in base:  # most names: no letter reads differently
        return tuple(out)
    letters = sorted({c for c in base.replace("ch", "") if c in _TURKIC})
    for choice in product(*(range(len(_TURKIC[c])) for c in letters)):
        variant = _skeleton_of(_phonetic(base, {c: _TURKIC[c][n] for c, n in zip(letters, choice)}))
        if all(variant != sk for sk, _ in out):
            out[variant, _respell(base, {c: _TURKIC_SPELLED[c][n] for c, n in zip(letters, choice)})] = None
    return tuple(out)


@lru_cache(maxsize=16384)
def skeleton_variants(name: str) -> tuple[str, ...]:
    """The skeleton of ``name`` read as English, then as Turkish or Kurdish spelling (see :func:`readings`)."""
    return tuple(dict.fromkeys(sk for sk, _ in readings(name)))


#: English spellings of Arabic long vowels and diphthongs ("ee" is i, "ou" is u, "ei" is ay).
_VOWEL_SPELLINGS = (("ee", "i"), ("ea", "i"), ("oo", "u"), ("ou", "u"), ("ei", "ay"), ("ey", "ay"),
                    ("ai", "ay"), ("aa", "a"), ("ie", "i"))


@lru_cache(maxsize=65536)
def spelling(name: str) -> str:
    """A name's letters with only spelling conventions folded: vowel digraphs, doubled letters,
    a final h after a vowel, French "qu", word breaks (*Kafrnabel*, *Kafr Nabl*).

    Unlike :func:`shape` it keeps *kh* apart from *h* and *o* apart from *a*, so it tells
    *Sehnaya* from *Sukhnah* and *Kabbani* from *Kobani* where the shape cannot.
    """
    key = _conventions(_romanise(name_key(name)))
    for a, b in _VOWEL_SPELLINGS:
        key = key.replace(a, b)
    return _DOUBLE.sub(_FIRST_GROUP, key.replace(" ", ""))


def similarity(a: str, b: str) -> float:
    """How alike two names are as transliterations, 0-100.

    The mean of two fuzzy ratios: of their :func:`shape` (which spelling
    conventions and vowel quality do not change) and of their :func:`spelling`
    (which still tells *kh* from *h* and *o* from *a*).

    >>> similarity("Rheibeh", "Ruhaybah") > 80 > similarity("Shuhail", "Zahle")
    True
    >>> similarity("Sehnaya", "Sahnaya") > similarity("Sehnaya", "al-Sukhnah")
    True
    """
    return (fuzz.ratio(shape(a), shape(b)) + fuzz.ratio(spelling(a), spelling(b))) / 2
