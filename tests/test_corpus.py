"""geo.corpus: reading the seed folder and files users bring, cleaned of page furniture."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import HEADLINES, SEEDS
from geo._errors import InputError
from geo.corpus import MAX_FILE_BYTES, parse_file, read_articles, read_metadata


def _metadata_rows() -> list[dict]:
    with (SEEDS / "metadata.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# -- the seed folder ---------------------------------------------------------------------

def test_seed_folder_yields_one_article_per_metadata_row(seed_articles):
    rows = _metadata_rows()
    assert len(rows) == 7
    assert len(seed_articles) == 7
    assert sorted(a.headline for a in seed_articles) == sorted(r["headline"] for r in rows)


@pytest.mark.parametrize("file, expected", [
    ("000_a0598bc4efe0aeee.txt", 2),  # the coordination article and the Jenin raid
    ("001_76f9257ffacf9f3f.txt", 2),  # the Ankara talks and the coalition alert (metadata lists two; README says three)
    ("002_65120ade7986da83.txt", 1),
    ("003_6fd4eab1af303c44.txt", 1),
    ("004_23d1a4539859c86a.txt", 1),
])
def test_articles_per_file(seed_articles, file, expected):
    assert sum(1 for a in seed_articles if a.source.endswith(file)) == expected


@pytest.mark.parametrize("row", _metadata_rows(), ids=lambda r: r["headline"][:30])
def test_each_article_carries_its_metadata(seed_articles, row):
    article = next(a for a in seed_articles if a.headline == row["headline"])
    assert article.source.endswith(row["file"])
    assert article.outlet == row["outlet"]
    assert article.published == dt.date.fromisoformat(row["published"])
    assert article.date_precision == row["date_precision"]
    assert article.date_origin == "metadata"


def test_split_keeps_articles_in_their_own_file_in_order(seed_by_key):
    coordination, jenin = seed_by_key["coordination"], seed_by_key["jenin"]
    assert "sideswiped" in coordination.body and "Jenin" not in coordination.body
    assert "Iron Wall" in jenin.body and "Al-Malikiyah" not in jenin.body
    ankara, coalition = seed_by_key["ankara"], seed_by_key["coalition"]
    assert "Cavusoglu" in ankara.body and "al-Mansoura" not in ankara.body
    assert "al-Mansoura" in coalition.body and "Cavusoglu" not in coalition.body


@pytest.mark.parametrize("key", sorted(HEADLINES))
def test_headline_is_not_repeated_in_body(seed_by_key, key):
    article = seed_by_key[key]
    lines = [line.strip() for line in article.body.splitlines()]
    assert article.headline not in lines


LEFTOVER_LINES = ["TT", "20", "Advertisement", "Please enter your comment!", "Please enter your name here",
                  "Image: AP", "The Associated Press", "Updated:", "Source: Dubai –"]


@pytest.mark.parametrize("line", LEFTOVER_LINES)
def test_page_leftovers_never_appear_as_body_lines(seed_articles, line):
    for article in seed_articles:
        assert line not in [x.strip() for x in article.body.splitlines()], article.headline


CAPTION_TEXT = [
    "Caption:",
    "AFP Photo",
    "EPA/ALAA BADARNEH",
    "Pool Photo via AP",
    "Hmeimim airbase",  # only in 000's photo caption
    "Binnish",  # only in 001's photo caption
    "Bradley armored vehicles",  # 001's second caption
    "Russian military police forces in Syria",  # 003's repeated caption
    "along with an American vehicle",  # 003's "(AFP)" caption
    "soldiers during the joint US-Turkish patrols",  # 003's caption in two apostrophe spellings
    "arrives for the weekly cabinet meeting",  # 004's photo caption
]


@pytest.mark.parametrize("text", CAPTION_TEXT)
def test_photo_captions_never_appear_in_bodies(seed_articles, text):
    for article in seed_articles:
        assert text not in article.body, article.headline


def test_caption_date_is_not_in_the_coordination_article(seed_by_key):
    body = seed_by_key["coordination"].body
    assert "October 3, 2015" not in body
    assert "2015" in body  # the article's own "since 2015" stays: only the caption went


def test_publication_stamp_is_not_body_text(seed_by_key):
    body = seed_by_key["sochi"].body
    assert "Published 16:12" not in body
    assert "16:12 IST" not in body  # the stamp repeated at the page's foot is furniture too


def test_bodies_keep_the_reporting(seed_by_key):
    assert "injuring four Americans" in seed_by_key["coordination"].body
    assert "killed 10 people" in seed_by_key["jenin"].body
    assert "In 2015, Russia and Israel set up a hotline in Syria" in seed_by_key["sochi"].body
    assert "On January 14, another American patrol" in seed_by_key["pentagon"].body
    # 004's standfirst is repeated in its first paragraph: the text is kept once.
    assert seed_by_key["ap2015"].body.count("has set up a joint mechanism") == 1


def test_article_id_is_content_based(seed_articles, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in SEEDS.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    again = read_articles(copy)
    assert sorted(a.id for a in again) == sorted(a.id for a in seed_articles)
    assert len({a.id for a in seed_articles}) == 7


# -- files users bring ---------------------------------------------------------------------

def test_file_without_metadata_takes_date_from_stamp(tmp_path):
    f = tmp_path / "republic.txt"
    f.write_text(
        "Published 16:12 IST, October 23rd 2021\n"
        "Bennett and Putin Meet in Sochi\n"
        "Israeli Prime Minister Naftali Bennett met Russian President Vladimir Putin in Sochi on Friday.\n"
        "Advertisement\n"
        "The two leaders discussed coordination in Syria.\n",
        encoding="utf-8",
    )
    [article] = read_articles(f)
    assert article.headline == "Bennett and Putin Meet in Sochi"
    assert article.published == dt.date(2021, 10, 23)
    assert article.date_precision == "day"
    assert article.date_origin == "text"
    assert article.outlet is None
    assert "Advertisement" not in article.body
    assert "Published" not in article.body
    assert "met Russian President Vladimir Putin in Sochi on Friday." in article.body


def test_file_without_metadata_or_stamp_has_unknown_date(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("Clashes in Deir ez-Zor\n\nClashes erupted between SDF fighters and tribal gunmen.\n", encoding="utf-8")
    [article] = read_articles(f)
    assert article.published is None
    assert article.date_origin == "unknown"


def test_html_is_kept_as_text(tmp_path):
    f = tmp_path / "scraped.txt"
    f.write_text(
        "Israeli Jets Strike Airbase Near Damascus\n\n"
        "<script>alert(1)</script> Israeli jets struck Mezzeh airbase on Monday, a war monitor said.\n\n"
        "<b>Residents</b> reported loud explosions & smoke.\n",
        encoding="utf-8",
    )
    [article] = read_articles(f)
    assert "<script>alert(1)</script> Israeli jets struck Mezzeh airbase on Monday" in article.body
    assert "<b>Residents</b> reported loud explosions & smoke." in article.body


def test_empty_file_is_a_clear_input_error(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(InputError) as err:
        read_articles(f)
    assert "empty.txt" in str(err.value)


def test_binary_file_is_a_clear_input_error(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match=r"photo\.txt.*binary"):
        read_articles(f)


def test_file_over_the_limit_is_a_clear_input_error(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: the size is there without writing 20 MB
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match=r"huge\.txt.*MB"):
        read_articles(f)


def test_missing_path_is_a_clear_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_articles(tmp_path / "nowhere")


def test_malformed_metadata_names_the_line(tmp_path):
    (tmp_path / "a.txt").write_text("Strike on Damascus\n\nIsraeli jets struck Damascus on Friday.\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,headline,outlet,published,date_precision\n"
        "a.txt,Strike on Damascus,Wire,2020-02-07,day\n"
        "b.txt,Another,Wire,07/02/2020,day\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        read_articles(tmp_path)
    message = str(err.value)
    assert "metadata.csv:3" in message
    assert "07/02/2020" in message


def test_metadata_without_required_columns_says_which(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("name,outlet\na.txt,Wire\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing column.*file.*headline"):
        read_metadata(path)


def test_metadata_not_utf8_is_a_clear_input_error(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_bytes("file,headline\na.txt,Caf\xe9 strike\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_metadata(path)


def test_folder_articles_get_metadata_matched_by_headline(tmp_path):
    (tmp_path / "two.txt").write_text(
        "Strike Near Damascus\n\nIsraeli jets struck targets near Damascus on Friday.\n\n\n"
        "Talks in Ankara\n\nRussian and Turkish officials held talks in Ankara on Saturday.\n",
        encoding="utf-8",
    )
    (tmp_path / "metadata.csv").write_text(
        "file,headline,outlet,published,date_precision\n"
        "two.txt,Strike Near Damascus,Wire A,2020-02-08,day\n"
        "two.txt,Talks in Ankara,Wire B,2020-02-09,month\n",
        encoding="utf-8",
    )
    articles = {a.headline: a for a in read_articles(tmp_path)}
    assert set(articles) == {"Strike Near Damascus", "Talks in Ankara"}
    assert (articles["Strike Near Damascus"].outlet, articles["Strike Near Damascus"].published) == (
        "Wire A", dt.date(2020, 2, 8))
    assert (articles["Talks in Ankara"].outlet, articles["Talks in Ankara"].date_precision) == ("Wire B", "month")
    assert "Ankara" not in articles["Strike Near Damascus"].body


def test_no_body_line_is_a_bare_number_or_blank_run(seed_articles):
    for article in seed_articles:
        assert not re.search(r"^\s*\d{1,3}\s*$", article.body, re.MULTILINE), article.headline
        assert "\n\n\n" not in article.body


def test_a_lone_surrogate_in_given_text_becomes_a_replacement_mark_and_the_article_stores(tmp_path):
    from geo.store import Store

    [article] = parse_file(Path("paste.txt"), text="Strike on Raqqa\n\nJets struck Raqqa \ud83d on Monday.")
    assert article.body == "Jets struck Raqqa \ufffd on Monday."
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([article])
        assert [a.body for a in store.articles()] == [article.body]
