"""geo.dates: date expressions resolved against the publication date, with honest precision.

Expected dates are worked out by hand from a calendar: 2020-08-29 and 2020-02-08 are Saturdays,
2022-11-22 is a Tuesday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import Anchor, find_dates

SAT_2020_08_29 = Anchor(dt.date(2020, 8, 29), "day")
SAT_2020_02_08 = Anchor(dt.date(2020, 2, 8), "day")
FEB_2020 = Anchor(dt.date(2020, 2, 15), "month")  # 003: known only to its month


def only(sentence: str, anchor: Anchor | None):
    found = find_dates(sentence, anchor)
    assert len(found) == 1, f"{sentence!r}: {found}"
    return found[0]


# -- weekdays and other relative forms ---------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("On Tuesday, one US official said Russian vehicles sideswiped a US vehicle.", dt.date(2020, 8, 25)),
    ("a Russian source told Asharq Al-Awsat on Friday.", dt.date(2020, 8, 28)),
    ("Troops were seen moving on Saturday.", dt.date(2020, 8, 29)),  # the day of publication itself
    ("The attack came last Saturday.", dt.date(2020, 8, 22)),  # "last" Saturday is never today
    ("Shelling resumed on Sunday night.", dt.date(2020, 8, 23)),
    ("Residents fled yesterday.", dt.date(2020, 8, 28)),
])
def test_weekday_and_day_words_count_back_from_publication(sentence, expected):
    d = only(sentence, SAT_2020_08_29)
    assert (d.date, d.precision, d.relative) == (expected, "day", True)


def test_a_day_earlier_chains_to_the_weekday_before_it():
    sentence = ("Separately, the Russian Defense Ministry on Friday strongly criticized Israel for nearly "
                "shooting down a passenger jetliner during a missile strike on the suburbs of Damascus a day earlier.")
    friday, earlier = find_dates(sentence, SAT_2020_02_08)
    assert friday.date == dt.date(2020, 2, 7)
    assert earlier.date == dt.date(2020, 2, 6)
    assert earlier.precision == "day"


def test_a_day_earlier_alone_counts_from_publication():
    d = only("The convoy had crossed a day earlier.", SAT_2020_02_08)
    assert d.date == dt.date(2020, 2, 7)


def test_last_month_name_is_the_latest_past_one():
    d = only("the 14th meeting of the guarantors of the Astana track last December in Nur Sultan", FEB_2020)
    assert (d.date.year, d.date.month) == (2019, 12)
    assert d.precision == "month"


@pytest.mark.parametrize("anchor, expected", [
    (FEB_2020, dt.date(2020, 1, 14)),  # published February: the January just past
    (Anchor(dt.date(2020, 1, 10), "day"), dt.date(2019, 1, 14)),  # not a date after publication
    (Anchor(dt.date(2020, 12, 1), "day"), dt.date(2020, 1, 14)),
])
def test_day_and_month_without_year_takes_the_latest_year_not_after_publication(anchor, expected):
    d = only("On January 14, another American patrol intercepted a Russian patrol.", anchor)
    assert d.date == expected
    assert d.precision == "day"


def test_more_than_a_year_ago_is_year_precise():
    d = only("the objection of a Russian brigade near Manbij more than a year ago", FEB_2020)
    assert d.precision == "year"
    assert d.date <= dt.date(2019, 2, 15)  # more than a year before February 2020


@pytest.mark.parametrize("sentence, expected, precision", [
    ("Two soldiers were wounded three days ago.", dt.date(2020, 8, 26), "day"),
    ("Two soldiers were wounded 3 days ago.", dt.date(2020, 8, 26), "day"),
    ("The base was shelled a week ago.", dt.date(2020, 8, 22), "week"),
    ("Fighting flared several days ago.", dt.date(2020, 8, 26), "week"),
])
def test_counted_ago(sentence, expected, precision):
    d = only(sentence, SAT_2020_08_29)
    assert (d.date, d.precision) == (expected, precision)


def test_weekday_against_month_precise_anchor_is_month_precise():
    d = only("despite the prevention of American forces passing Russian vehicles, on Saturday, from Tel Tamr", FEB_2020)
    assert d.precision == "month"
    assert (d.date.year, d.date.month) == (2020, 2)


def test_relative_date_against_year_precise_anchor_is_year_precise():
    d = only("Clashes broke out on Tuesday.", Anchor(dt.date(2016, 6, 1), "year"))
    assert d.precision == "year"
    assert d.date.year == 2016


# -- future clauses --------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("A Russian delegation will visit Ankara on Monday for talks.", dt.date(2020, 8, 31)),
    ("Talks are expected to be held in Moscow on Monday.", dt.date(2020, 8, 31)),
    ("The minister said on Monday that troops will withdraw.", dt.date(2020, 8, 24)),  # the saying is past
    ("Troops withdrew on Monday and will return next month.", dt.date(2020, 8, 24)),
])
def test_future_clause_points_a_weekday_forward(sentence, expected):
    d = only(sentence, SAT_2020_08_29)
    assert d.date == expected


def test_tomorrow_counts_from_the_date_before_it():
    d = find_dates("On Friday, Cavusoglu said a Russian delegation will visit Turkey tomorrow for talks.",
                   SAT_2020_02_08)
    assert [x.date for x in d] == [dt.date(2020, 2, 7), dt.date(2020, 2, 8)]


# -- what is not an event date ------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The Palestinian Health Ministry says more than 800 people have been killed in the West Bank since October 2023.",
    "violating de-confliction protocols worked out between Washington and Moscow since 2015.",
    "The town has been under siege since 2013.",
])
def test_since_bounds_a_period_and_dates_no_event(sentence):
    assert find_dates(sentence, Anchor(dt.date(2025, 1, 22), "day")) == []


def test_relative_expressions_need_an_anchor():
    assert find_dates("On Tuesday, Israeli jets struck a depot.", None) == []


def test_sentence_without_dates():
    assert find_dates("Russia blamed the US military for the incident.", SAT_2020_08_29) == []


# -- absolute forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected, precision", [
    ("on the second day of an operation in Jenin, 22 January 2025.", dt.date(2025, 1, 22), "day"),
    ("A picture taken on October 3, 2015 shows jets landing.", dt.date(2015, 10, 3), "day"),
    ("The deal was signed on 5th of March, 2018 in Moscow.", dt.date(2018, 3, 5), "day"),
    ("Turkey launched its offensive on Oct. 9, 2019.", dt.date(2019, 10, 9), "day"),
    ("The report is dated 2019-10-09.", dt.date(2019, 10, 9), "day"),
    ("The strike happened on 14th January 2020.", dt.date(2020, 1, 14), "day"),
    ("In September 2018, Turkey and Russia agreed to establish the zone in Idlib.", dt.date(2018, 9, 1), "month"),
    ("In 2015, Russia and Israel set up a hotline in Syria.", dt.date(2015, 1, 1), "year"),
])
def test_absolute_forms(sentence, expected, precision):
    d = only(sentence, SAT_2020_08_29)
    assert (d.date, d.precision, d.relative) == (expected, precision, False)


def test_absolute_dates_need_no_anchor():
    d = only("Russian jets struck Jisr al-Shughur on 30 September 2015.", None)
    assert d.date == dt.date(2015, 9, 30)


def test_absolute_date_is_not_coarsened_by_a_vague_anchor():
    d = only("Clashes erupted on 14 January 2020.", FEB_2020)
    assert (d.date, d.precision) == (dt.date(2020, 1, 14), "day")


def test_several_dates_in_text_order_with_offsets():
    sentence = "On Tuesday, Israeli forces launched an operation; on Wednesday the raid went on."
    found = find_dates(sentence, Anchor(dt.date(2025, 1, 22), "day"))
    assert [d.date for d in found] == [dt.date(2025, 1, 21), dt.date(2025, 1, 22)]
    for d in found:
        assert sentence[d.start:d.end] == d.text
