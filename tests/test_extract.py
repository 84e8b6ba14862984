"""geo.extract on the seed corpus and on unseen sentences.

The seed expectations are the analyst's list from the project's issue: what a careful reader of the
seed articles codes as incidents, where, when and by whom. Coordinates are the analyst's own
(``conftest.PLACES``); tolerances follow each incident's stated ``precision_km``.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import PLACES, describe, describe_all, km, make_article, pick, point
from geo.corpus import read_articles
from geo.extract import Extractor, split_sentences
from geo.records import Incident

# -- the analyst's list ---------------------------------------------------------------------------


def within(incident: Incident, place: str, slack_km: float = 5.0) -> bool:
    """The incident's point is as near ``place`` as its own stated precision allows."""
    return km(point(incident), PLACES[place]) <= (incident.precision_km or 0) + slack_km


def test_collision_near_al_malikiyah(seed_incidents):
    incidents = seed_incidents["coordination"]
    inc = pick(incidents, {"collision"}, what="(Russian vehicles sideswiped a US vehicle)")
    assert set(inc.actors[:2]) == {"Russia", "United States"}, describe(inc)
    assert inc.actor1 == "Russia", describe(inc)  # Russian vehicles sideswiped the US one
    assert inc.injured == 4
    assert not inc.killed
    assert dt.date(2020, 8, 20) <= inc.date <= dt.date(2020, 8, 29), describe(inc)
    assert inc.date_precision in ("day", "week")
    assert km(point(inc), PLACES["al-Malikiyah"]) <= 25, describe(inc)
    assert within(inc, "al-Malikiyah"), describe(inc)
    assert inc.admin1 == "Hasakah" and inc.country == "Syria"
    assert inc.geo_precision == 2  # "outside of the Syrian town of Al-Malikiyah"
    assert "sideswiped" in inc.quote


def test_only_one_collision_in_the_coordination_article(seed_incidents):
    # the "most violent skirmish" in the lead and the sideswiping are the same event
    assert len([i for i in seed_incidents["coordination"] if i.event_type == "collision"]) == 1


def _interceptions(seed_incidents) -> list[Incident]:
    return [i for i in seed_incidents["pentagon"] if i.event_type == "interception"]


def test_us_blocked_russian_patrol_near_tel_tamr(seed_incidents):
    inc = pick(_interceptions(seed_incidents), {"interception"}, lambda i: "Tel Tamr" in i.quote, "at Tel Tamr")
    assert inc.actor1 == "United States" and "Russia" in inc.actors, describe(inc)
    assert within(inc, "Tel Tamr"), describe(inc)
    assert km(point(inc), PLACES["Tel Tamr"]) <= 15, describe(inc)
    # "on Saturday" in an article known only to its month: February 2020, no finer
    assert (inc.date.year, inc.date.month) == (2020, 2), describe(inc)
    assert inc.date_precision == "month"


def test_us_blocked_russian_patrol_in_mostafawia(seed_incidents):
    inc = pick(_interceptions(seed_incidents), {"interception"}, lambda i: "Mostafawia" in i.quote, "in Mostafawia")
    assert inc.actor1 == "United States" and "Russia" in inc.actors, describe(inc)
    # a village "in the Derek region of Hasaka": Derek is al-Malikiyah
    assert km(point(inc), PLACES["al-Malikiyah"]) <= 30, describe(inc)
    assert inc.admin1 == "Hasakah"
    assert dt.date(2020, 1, 1) <= inc.date <= dt.date(2020, 2, 29), describe(inc)
    assert inc.date_precision != "day"  # the article's date is only known to the month


def test_us_blocked_russian_patrol_at_hittin_junction_on_14_january_2020(seed_incidents):
    inc = pick(_interceptions(seed_incidents), {"interception"}, lambda i: "Hittin" in i.quote, "at Hittin junction")
    assert inc.actor1 == "United States" and "Russia" in inc.actors, describe(inc)
    assert (inc.date, inc.date_precision) == (dt.date(2020, 1, 14), "day"), describe(inc)
    # on the road between Hasakah and Qamishli: the point lies in the corridor between the two cities
    p = point(inc)
    direct = km(PLACES["Hasakah"], PLACES["Qamishli"])
    assert km(p, PLACES["Hasakah"]) + km(p, PLACES["Qamishli"]) <= direct + 30, describe(inc)
    assert inc.admin1 == "Hasakah"


def test_israeli_missile_strike_on_damascus_suburbs(seed_incidents):
    inc = pick(seed_incidents["ankara"], {"missile_strike", "airstrike"}, what="(suburbs of Damascus)")
    assert inc.actor1 == "Israel", describe(inc)
    assert "Russia" not in inc.actors, describe(inc)  # the Russian Defense Ministry only reported it
    # "on Friday ... a day earlier", published Saturday 8 February 2020; "2 am local time Thursday"
    assert (inc.date, inc.date_precision) == (dt.date(2020, 2, 6), "day"), describe(inc)
    assert within(inc, "Damascus"), describe(inc)
    assert km(point(inc), PLACES["Damascus"]) <= 20
    assert inc.geo_precision == 2  # the suburbs, not the city itself


def test_israeli_raid_in_jenin(seed_incidents):
    inc = pick(seed_incidents["jenin"], {"raid"}, what="(Israel presses Jenin raid)")
    assert inc.actor1 == "Israel", describe(inc)
    assert inc.killed == 10, describe(inc)
    assert dt.date(2025, 1, 21) <= inc.date <= dt.date(2025, 1, 22), describe(inc)
    assert inc.date_precision == "day"
    assert within(inc, "Jenin", slack_km=3), describe(inc)


def test_jenin_raid_is_one_incident(seed_incidents):
    raids = [i for i in seed_incidents["jenin"] if i.event_type == "raid"]
    assert len(raids) == 1, describe_all(raids)
    assert len(raids[0].quotes) >= 2  # it is reported in several sentences


def test_sdf_coalition_raid_in_al_mansoura(seed_incidents):
    inc = pick(seed_incidents["coalition"], {"raid", "arrest"}, lambda i: "al-Mansoura" in " ".join(i.quotes),
               "(SDF and coalition against an ISIS cell in al-Mansoura)")
    assert inc.actor1 == "SDF", describe(inc)
    assert "US-led coalition" in inc.actors, describe(inc)
    assert km(point(inc), PLACES["al-Mansoura"]) <= 15, describe(inc)
    assert km(point(inc), PLACES["al-Mansoura"]) < km(point(inc), PLACES["Raqqa"]), describe(inc)  # not Raqqa city
    assert inc.admin1 == "Raqqa"
    assert (inc.date.year, inc.date.month) == (2025, 6), describe(inc)


def test_coalition_bases_in_hasakah_on_alert(seed_incidents):
    inc = pick(seed_incidents["coalition"], {"alert"}, what="(coalition bases on high alert)")
    assert inc.actor1 == "US-led coalition", describe(inc)
    assert inc.admin1 == "Hasakah" and inc.country == "Syria", describe(inc)
    assert (inc.date.year, inc.date.month) == (2025, 6), describe(inc)
    assert dt.date(2025, 6, 12) <= inc.date <= dt.date(2025, 6, 14)


def test_convoy_through_al_waleed_crossing(seed_incidents):
    inc = pick(seed_incidents["coalition"], {"convoy"}, what="(100 trucks through al-Waleed)")
    assert (inc.date.year, inc.date.month) == (2025, 6), describe(inc)
    assert dt.date(2025, 6, 12) <= inc.date <= dt.date(2025, 6, 13)  # "Thursday night", published Saturday
    assert "al-Waleed" in inc.quote
    # Coalition convoys from Iraqi Kurdistan to the Hasakah bases use the al-Waleed crossing in
    # Syria's far north-east (by Semalka), not the Iraqi al-Walid post opposite al-Tanf.
    assert inc.country == "Syria" and inc.admin1 == "Hasakah", describe(inc)
    assert km(point(inc), PLACES["al-Malikiyah"]) <= 60, describe(inc)


def test_russia_turkey_talks_in_ankara(seed_incidents):
    inc = pick(seed_incidents["ankara"], {"talks"}, what="(Russian delegation in Ankara)")
    assert {"Russia", "Turkey"} <= set(inc.actors), describe(inc)
    assert within(inc, "Ankara"), describe(inc)
    assert (inc.date.year, inc.date.month) == (2020, 2), describe(inc)


def test_bennett_putin_meeting_in_sochi(seed_incidents):
    inc = pick(seed_incidents["sochi"], {"talks"}, what="(Bennett meets Putin in Sochi)")
    assert {"Israel", "Russia"} <= set(inc.actors), describe(inc)
    assert (inc.date, inc.date_precision) == (dt.date(2021, 10, 22), "day"), describe(inc)
    assert within(inc, "Sochi"), describe(inc)
    assert km(point(inc), PLACES["Sochi"]) <= 20


@pytest.mark.parametrize("key", ["sochi", "ap2015"])
def test_israel_russia_coordination_mechanism_of_2015(seed_incidents, key):
    inc = pick(seed_incidents[key], {"hotline", "agreement"}, lambda i: i.date and i.date.year == 2015,
               "(the 2015 Israel-Russia deconfliction mechanism)")
    assert {"Israel", "Russia"} <= set(inc.actors), describe(inc)
    assert inc.event_type == "hotline", describe(inc)


def test_israeli_strike_on_tehran_has_israel_as_actor1(seed_incidents):
    inc = pick(seed_incidents["coalition"], {"airstrike", "missile_strike"}, lambda i: "Tehran" in i.quote,
               "(Operation Rising Lion)")
    assert inc.actor1 == "Israel", describe(inc)  # Israel struck; the IRGC figures were its targets


def test_astana_talks_parties_exclude_the_topic(seed_incidents):
    inc = pick(seed_incidents["pentagon"], {"talks"}, lambda i: "Astana" in i.quote, "(14th Astana meeting)")
    assert {"Russia", "Turkey", "Iran"} <= set(inc.actors), describe(inc)
    # "discussed ... the American presence": the US was a topic of the talks, not a party to them
    assert "United States" not in inc.actors, describe(inc)
    assert (inc.date.year, inc.date.month) == (2019, 12), describe(inc)


# -- what must not be extracted ------------------------------------------------------------------

def all_incidents(seed_incidents) -> list[tuple[str, Incident]]:
    return [(key, inc) for key, incs in seed_incidents.items() for inc in incs]


def test_nothing_is_placed_at_washington(seed_incidents):
    for _, inc in all_incidents(seed_incidents):
        assert inc.place != "Washington", describe(inc)
        if inc.lat is not None:
            assert km(point(inc), PLACES["Washington"]) > 500, describe(inc)


@pytest.mark.parametrize("capital", ["Moscow", "Ankara"])
def test_capital_is_a_place_only_where_the_text_puts_the_event_there(seed_incidents, seed_by_key, capital):
    for key, inc in all_incidents(seed_incidents):
        if inc.lat is None or km(point(inc), PLACES[capital]) > 50:
            continue
        texts = inc.quotes + [seed_by_key[key].headline]
        assert any(re.search(rf"\b(?:in|at)\s+(?:the\s+\w+\s+)?{capital}\b", t) for t in texts), describe(inc)
        assert inc.event_type in ("talks", "agreement", "call"), describe(inc)


def test_washington_then_accused_is_no_incident(seed_incidents):
    for _, inc in all_incidents(seed_incidents):
        assert not inc.quote.startswith("Washington then accused"), describe(inc)


def test_no_incident_comes_from_a_photo_caption(seed_incidents):
    caption_words = ("A picture taken on", "An aerial view taken on", "Bradley armored vehicles", "EPA/",
                     "Russian military police forces in Syria", "(AFP)")
    for _, inc in all_incidents(seed_incidents):
        for quote in inc.quotes:
            assert not any(w in quote for w in caption_words), describe(inc)
        assert inc.place not in ("Hmeimim Air Base", "Binnish"), describe(inc)
        assert inc.date != dt.date(2015, 10, 3), describe(inc)  # the caption photo's date


@pytest.mark.parametrize("key", ["sochi", "pentagon", "ap2015"])
def test_avoiding_clashes_makes_no_clashes_incident(seed_incidents, key):
    # "set up a hotline in Syria to avoid accidental clashes", "To avoid clashes", "avoid any accidental confrontations"
    assert not [i for i in seed_incidents[key] if i.event_type == "clashes"], describe_all(seed_incidents[key])


def test_since_october_2023_dates_no_jenin_incident(seed_incidents):
    for inc in seed_incidents["jenin"]:
        assert inc.date and inc.date.year == 2025, describe(inc)


def test_no_place_from_a_press_conference_venue(seed_incidents):
    for _, inc in all_incidents(seed_incidents):
        assert inc.place not in ("Bratislava", "Slovakia"), describe(inc)


_GENERIC_PLACE_WORDS = {"border", "crossing", "field", "governorate", "junction", "base", "camp", "province",
                        "airbase", "airport", "road", "highway", "plant", "region", "zone"}


def test_every_place_is_one_the_article_names(seed_incidents, seed_by_key):
    # A place comes from the text: some distinctive word of its name is in the report's sentences
    # (or, where the incident says its place was inferred, somewhere in the article).
    for key, inc in all_incidents(seed_incidents):
        if inc.place is None:
            continue
        article = seed_by_key[key]
        text = " ".join(inc.quotes) + " " + article.headline
        if "nearest place" in inc.note:
            text += " " + article.body
        words = [w.removeprefix("al-").removeprefix("Al-") for w in re.split(r"[\s-]+", inc.place)]
        words = [w for w in words if len(w) >= 4 and w.lower() not in _GENERIC_PLACE_WORDS]
        assert any(w.lower() in text.lower() for w in words), describe(inc)


def test_every_quote_is_a_sentence_of_its_article(seed_incidents, seed_by_key):
    for key, inc in all_incidents(seed_incidents):
        body = seed_by_key[key].body
        assert inc.quote in inc.quotes
        for quote in inc.quotes:
            assert quote.strip() == quote and quote
            at = body.find(quote)
            assert at >= 0, f"quote not in body: {quote!r}"
            before = body[:at].rstrip(" ")
            assert not before or before.endswith("\n") or re.search(r"[.!?…][”\"’')\]]*$", before), \
                f"quote starts mid-sentence: {quote!r}"


def test_every_incident_knows_its_article(seed_incidents, seed_by_key):
    for key, inc in all_incidents(seed_incidents):
        article = seed_by_key[key]
        assert (inc.article_id, inc.source, inc.headline) == (article.id, article.source, article.headline)
        assert (inc.outlet, inc.published) == (article.outlet, article.published)


def test_region_precision_means_a_wide_radius(seed_incidents):
    for _, inc in all_incidents(seed_incidents):
        if inc.geo_precision == 3:
            assert inc.precision_km >= 25, describe(inc)


def test_incidents_are_well_formed(seed_incidents):
    for _, inc in all_incidents(seed_incidents):
        assert inc.geo_precision in (None, 1, 2, 3)
        assert (inc.lat is None) == (inc.lon is None) == (inc.geo_precision is None)
        if inc.lat is not None:
            assert -90 <= inc.lat <= 90 and -180 <= inc.lon <= 180
            assert inc.precision_km and inc.precision_km > 0
        assert inc.date_precision in ("day", "week", "month", "year")
        assert inc.date <= inc.published + dt.timedelta(days=7) or "will" in inc.quote, describe(inc)
        assert 0 < inc.confidence <= 1
        assert len(set(inc.actors)) == len(inc.actors), describe(inc)


def test_extraction_is_deterministic(seed_by_key, extractor):
    article = seed_by_key["coalition"]
    first = [i.as_dict() for i in extractor.extract(article)]
    second = [i.as_dict() for i in Extractor().extract(article)]
    assert first == second


# -- unseen sentences ------------------------------------------------------------------------------

def kinds_of(extractor, body: str) -> list[str]:
    """The event types extracted from one unseen report published on Tuesday 22 November 2022."""
    return [i.event_type for i in extractor.extract(make_article(body, dt.date(2022, 11, 22)))]


def extract_one(extractor, body: str, published=dt.date(2022, 11, 22), types=None) -> Incident:
    incidents = extractor.extract(make_article(body, published))
    if types:
        incidents = [i for i in incidents if i.event_type in types]
    assert len(incidents) == 1, describe_all(incidents)
    return incidents[0]


def test_turkish_drone_strike_near_qamishli(extractor):
    # published Tuesday 22 November 2022: "on Sunday" is the 20th
    inc = extract_one(extractor, "Turkish drones struck a car near Qamishli on Sunday, killing two SDF fighters.")
    assert inc.event_type == "drone_strike"
    assert inc.actors[:2] == ["Turkey", "SDF"]
    assert inc.killed == 2
    assert (inc.date, inc.date_precision) == (dt.date(2022, 11, 20), "day")
    assert inc.geo_precision == 2  # "near"
    assert within(inc, "Qamishli"), describe(inc)
    assert inc.quote == "Turkish drones struck a car near Qamishli on Sunday, killing two SDF fighters."


def test_regime_forces_capture_kabani(extractor):
    # Kabani, a Jabal al-Akrad village, sounds like Kobani (Aleppo, 150 km away): the context decides.
    inc = extract_one(extractor, "Regime forces captured the village of Kabani in the Latakia countryside on Thursday.")
    assert inc.event_type == "capture"
    assert inc.actor1 == "Syrian government"
    assert inc.date == dt.date(2022, 11, 17)
    assert inc.admin1 == "Latakia" and inc.country == "Syria", describe(inc)
    lat, lon = point(inc)
    assert 35.2 <= lat <= 36.1 and 35.7 <= lon <= 36.5, describe(inc)  # Latakia governorate
    assert inc.place != "Kobani"


def test_unknown_village_name_is_kept(extractor):
    # A village no gazetteer layer knows keeps its name and is placed at the governorate the text names.
    inc = extract_one(extractor, "Regime forces captured the village of Qarat Nuwayjil in the Latakia countryside "
                                 "on Thursday.")
    assert "Qarat Nuwayjil" in (inc.place or "") + inc.note, describe(inc)
    assert inc.admin1 == "Latakia" and inc.geo_precision in (2, 3), describe(inc)


def test_unknown_village_after_in_is_kept_when_its_head_word_is_a_place(extractor):
    # "Tal" alone is al-Tall near Damascus; the village is in the Aleppo countryside, and says so.
    assert not extractor.gazetteer.candidates("Tal Zummurud")
    inc = extract_one(extractor, "Turkish shelling killed two civilians in Tal Zummurud in the northern Aleppo "
                                 "countryside on Monday.")
    assert inc.place == "Tal Zummurud" and "no gazetteer" in inc.note, describe(inc)
    assert inc.admin1 == "Aleppo" and inc.geo_precision >= 2, describe(inc)


@pytest.mark.parametrize("text, place", [
    ("Shelling killed two civilians in the Idlib countryside in Ramadan.", "Idlib"),  # a month, not a village
    ("Shelling killed three near Kafr Hamra in Thursday's attack.", "Kafr Hamra"),
])
def test_a_time_after_in_is_no_unknown_village(extractor, text, place):
    inc = extract_one(extractor, text)
    assert inc.place == place and "no gazetteer" not in inc.note, describe(inc)


def test_html_in_text_is_kept_verbatim_in_the_quote(extractor, tmp_path):
    f = tmp_path / "scraped.txt"
    f.write_text("Israeli Jets Hit Mezzeh\n\n<script>alert(1)</script> Israeli jets struck Mezzeh airbase on Monday\n",
                 encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,headline,outlet,published,date_precision\nscraped.txt,Israeli Jets Hit Mezzeh,Wire,2022-11-22,day\n",
        encoding="utf-8")
    [article] = read_articles(tmp_path)
    [inc] = extractor.extract(article)
    assert inc.event_type == "airstrike"
    assert inc.actor1 == "Israel"
    assert inc.quote == "<script>alert(1)</script> Israeli jets struck Mezzeh airbase on Monday"
    assert inc.date == dt.date(2022, 11, 21)
    assert km(point(inc), PLACES["Mezzeh airbase"]) <= 5, describe(inc)


def test_unknown_village_placed_at_its_anchor_with_coarse_precision(extractor):
    inc = extract_one(extractor, "Clashes erupted on Friday in the village of Qaryat Zubaydiyya, east of Deir ez-Zor, "
                                 "between SDF fighters and tribal gunmen.")
    assert inc.event_type == "clashes"
    assert {"SDF", "Tribal forces"} <= set(inc.actors)
    assert inc.place == "Qaryat Zubaydiyya"
    assert "no gazetteer" in inc.note
    assert inc.geo_precision >= 2
    assert inc.admin1 == "Deir ez-Zor"


def test_speaker_is_not_a_party(extractor):
    inc = extract_one(extractor, "Israeli warplanes struck targets near Damascus on Tuesday, the Syrian army said.")
    assert inc.actors == ["Israel"]


@pytest.mark.parametrize("body", [
    "Russia and Israel set up a hotline to avoid accidental clashes in Syria.",
    "The two sides agreed to prevent any future collisions.",
    "Hezbollah could strike Israeli positions in the Golan if the war widens.",
    "US patrols frequently intercept Russian convoys on the M4.",
    "Washington then accused Moscow of violating the protocols.",
])
def test_no_event_from_purpose_hypothetical_or_habitual_clauses(extractor, body):
    incidents = extractor.extract(make_article(body))
    assert not [i for i in incidents if i.event_type in ("clashes", "collision", "airstrike", "interception")], \
        describe_all(incidents)
    assert not [i for i in incidents if i.place == "Washington"]


def test_talks_take_their_venue_not_their_topic(extractor):
    inc = extract_one(extractor, "Russian and Turkish officials held talks in Ankara on Saturday on the situation in Idlib.")
    assert inc.event_type == "talks"
    assert within(inc, "Ankara"), describe(inc)
    assert {"Russia", "Turkey"} <= set(inc.actors)


def test_dateline_is_not_a_place(extractor):
    # the dateline says where the reporter filed from, not where the jets struck
    inc = extract_one(extractor, "DAMASCUS — Israeli jets struck a weapons depot overnight on Sunday, a war monitor said.",
                      types={"airstrike"})
    assert inc.place != "Damascus", describe(inc)
    assert inc.date == dt.date(2022, 11, 20)


def test_distance_and_bearing_move_the_point(extractor):
    inc = extract_one(extractor, "Russian jets struck a convoy 30 km east of Palmyra on Sunday.")
    palmyra = (34.56, 38.27)
    assert 20 <= km(point(inc), palmyra) <= 40, describe(inc)
    assert inc.lon > palmyra[1] + 0.2  # east
    assert abs(inc.lat - palmyra[0]) < 0.1
    assert inc.geo_precision == 2


def test_article_without_date_or_place_gives_no_incident(extractor):
    assert extractor.extract(make_article("Clashes are bad for everyone, the analyst said.")) == []


def test_split_sentences_keeps_abbreviations_and_paragraphs():
    body = "Gen. Mark Milley spoke to U.S. troops. They left.\n\nA new paragraph starts here"
    sentences = [s.text for s in split_sentences(body)]
    assert sentences == ["Gen. Mark Milley spoke to U.S. troops.", "They left.", "A new paragraph starts here"]
    for s in split_sentences(body):
        assert body[s.start:s.start + len(s.text)] == s.text


# -- attackers named by attribution; civilian sites as targets -----------------------------------------------

@pytest.mark.parametrize("body, attacker", [
    ("Rockets hit the Green Village base in Deir ez-Zor on Monday, wounding two US service members. "
     "US officials blamed Iran-backed militias for the attack.", "Iranian-backed militias"),
    ("A car bomb exploded in a market in Azaz on Saturday, killing eight people. "
     "A little-known group called Saraya Ansar al-Sunna claimed the bombing, but Turkey accused the PKK "
     "of carrying out the attack.", "PKK"),
    ("Two drones struck the Conoco gas field on Friday night. "
     "The Pentagon attributed the strikes to Iranian-backed groups.", "Iranian-backed militias"),
])
def test_attacker_named_by_a_later_sentence_leads_the_strike(extractor, body, attacker):
    strikes = [i for i in extractor.extract(make_article(body, dt.date(2023, 11, 8)))
               if i.event_type in ("shelling", "drone_strike", "missile_strike", "ied", "airstrike")]
    assert strikes, body
    inc = strikes[0]
    assert inc.actor1 == attacker, describe(inc)
    assert "by attribution" in inc.note and attacker in inc.note, inc.note


def test_attribution_reaches_back_two_sentences_only(extractor):
    body = ("Shells landed on the outskirts of Manbij on Monday. The town's council met on Tuesday. "
            "Residents went back to work. Schools reopened on Wednesday. "
            "The SDF blamed Turkish-backed factions for the attacks.")
    inc = extract_one(extractor, body, types={"shelling"})
    assert "SNA (Turkish-backed factions)" not in inc.actors, describe(inc)


@pytest.mark.parametrize("body", [
    "Russian jets bombed a field hospital in Maarat al-Numan on Tuesday.",
    "A bakery in Ariha was struck by regime artillery on Tuesday.",
    "Turkish drones hit a school near Tel Tamr on Tuesday.",
])
def test_strike_on_a_civilian_site_has_civilians_as_target(extractor, body):
    inc = extract_one(extractor, body)
    assert "Civilians" in inc.actors, describe(inc)


@pytest.mark.parametrize("body", [
    "Israeli missiles hit a military hospital compound's air defence battery near Damascus on Tuesday.",
    "Russian jets bombed rebel positions near a school in the Idlib countryside on Tuesday.",
])
def test_military_or_nearby_site_is_not_a_civilian_target(extractor, body):
    inc = extract_one(extractor, body)
    assert "Civilians" not in inc.actors, describe(inc)


def test_blame_at_the_end_of_a_sentence_names_the_attacker(extractor):
    body = ("A car bomb exploded at a checkpoint in Azaz on Friday, killing four people. "
            "Local officials blamed the PKK.")
    inc = extract_one(extractor, body)
    assert inc.actor1 == "PKK", describe(inc)


def test_a_demonym_before_border_places_rather_than_acts(extractor):
    inc = extract_one(extractor, "US special forces raided a house in Sarmada, near the Turkish border, on Tuesday.")
    assert "Turkey" not in inc.actors, describe(inc)


def test_an_after_clause_alone_keeps_the_main_clauses_victims(extractor):
    body = ("Three Russian military policemen were injured after a Turkish armoured vehicle collided with their car "
            "near Saraqib on Monday.")
    inc = extract_one(extractor, body)
    assert inc.event_type == "collision"
    assert inc.actors[:2] == ["Turkey", "Russia"], describe(inc)


@pytest.mark.parametrize("body", [
    "US officials said on Monday that American troops will withdraw from Tal Baydar over the coming weeks.",
    "Under the deal, Turkish-backed fighters must withdraw from Tal Rifaat by the end of the month.",
    "Moscow said on Monday it would not allow Iranian forces to deploy near the Golan.",
    "Talks between Russian and Turkish officers in Ankara planned for Monday were postponed.",
])
def test_plans_obligations_and_called_off_events_are_no_incidents(extractor, body):
    kinds = set(kinds_of(extractor, body))
    assert not kinds & {"withdrawal", "deployment", "talks"}, kinds


def test_a_known_name_with_a_lowercase_word_is_not_an_unknown_village(extractor):
    inc = extract_one(extractor, "US jets struck a depot near the city of Deir ez-Zor on Monday.")
    assert inc.place == "Deir ez-Zor" and "no gazetteer" not in inc.note, describe(inc)


@pytest.mark.parametrize("body, state", [
    ("Gunmen attacked an army post near Tafas on Monday, killing three soldiers.", True),
    ("Five conscripts were killed when a roadside bomb hit their bus near Palmyra on Monday.", True),
    ("A roadside bomb killed two Turkish soldiers near al-Bab on Monday.", False),  # theirs are named
    ("Israeli jets struck a depot near Beirut on Monday, killing two soldiers.", False),  # not in Syria
])
def test_unqualified_soldiers_killed_in_syria_are_the_states(extractor, body, state):
    inc = extract_one(extractor, body)
    assert ("Syrian government" in inc.actors) is state, describe(inc)


def test_the_territory_a_strike_hits_is_not_a_party(extractor):
    inc = extract_one(extractor, "Russian jets struck the opposition-held town of Kafr Zita on Monday, killing nine people.")
    assert inc.actors == ["Russia", "Civilians"], describe(inc)


def test_coordinated_sources_are_speakers_not_parties(extractor):
    body = "Israeli jets struck a depot near Masyaf on Monday, an Israeli official and Syrian opposition activists said."
    inc = extract_one(extractor, body)
    assert inc.actors[0] == "Israel" and "Syrian opposition" not in inc.actors, describe(inc)


def test_a_handover_names_who_used_the_base_before(extractor):
    body = ("Syrian troops took over the Menagh air base on Sunday, which had been held by Kurdish-led forces "
            "until last week, state media said.")
    inc = extract_one(extractor, body, types={"base_handover"})
    assert inc.actors[:2] == ["Syrian government", "SDF"], describe(inc)


def test_government_weapons_are_the_syrian_governments(extractor):
    inc = extract_one(extractor, "Government rocket fire on Kafr Batna killed six people on Monday.")
    assert inc.actors[0] == "Syrian government", describe(inc)


def test_a_comparison_is_not_another_event(extractor):
    body = ("Regime helicopters dropped barrel bombs on Kafr Zita on Monday, killing five people, in one of the "
            "deadliest raids on the town this year.")
    assert [i.event_type for i in extractor.extract(make_article(body, dt.date(2022, 11, 22)))] == ["airstrike"]


def test_a_commemoration_is_not_the_event_it_remembers(extractor):
    body = "Hundreds gathered in Idlib on Monday to mark the fifth anniversary of the chemical attack on Khan Shaykhun."
    assert extractor.extract(make_article(body, dt.date(2022, 11, 22))) == []


def test_a_struck_meeting_is_no_talks(extractor):
    body = "US drones struck a meeting of Hurras al-Din commanders near Idlib on Monday, killing four."
    kinds = [i.event_type for i in extractor.extract(make_article(body, dt.date(2022, 11, 22)))]
    assert kinds == ["drone_strike"], kinds


def test_an_after_clause_alone_is_the_news(extractor):
    body = "Government troops raised the flag on Sunday after seizing the town of Kafr Nabl from rebels."
    inc = extract_one(extractor, body)
    assert inc.event_type == "capture" and inc.place == "Kafr Nabl", describe(inc)
    assert inc.actors[:2] == ["Syrian government", "Syrian opposition"], describe(inc)


@pytest.mark.parametrize("body", [
    "Israeli missiles hit Aleppo International Airport on Wednesday, putting it out of service.",
    "US jets struck a Syrian army position near Deir ez-Zor on Wednesday.",
])
def test_a_strike_on_a_state_installation_is_on_the_syrian_government(extractor, body):
    inc = extract_one(extractor, body, published=dt.date(2022, 11, 23))
    assert "Syrian government" in inc.actors[1:], describe(inc)


def test_a_capture_names_who_lost_the_town_in_its_after_clause(extractor):
    body = "Government forces took full control of Saraqib on Monday after HTS fighters pulled out of the town."
    inc = extract_one(extractor, body, types={"capture"})
    assert inc.actors[:2] == ["Syrian government", "HTS"], describe(inc)


def test_talks_about_a_deployment_are_not_a_deployment(extractor):
    body = "Russian and Turkish officers met in Ankara on Monday to discuss deploying military police along the M4."
    kinds = set(kinds_of(extractor, body))
    assert kinds == {"talks"}, kinds


def test_people_meeting_in_a_struck_house_are_no_talks(extractor):
    body = "Turkish drones struck a farmhouse near Qamishli where PKK commanders were meeting on Monday."
    kinds = [i.event_type for i in extractor.extract(make_article(body, dt.date(2022, 11, 22)))]
    assert kinds == ["drone_strike"], kinds


def test_what_an_agreement_allows_has_not_happened(extractor):
    body = ("Local leaders in Busra al-Sham agreed on Monday to let government troops enter the town and to allow "
            "Russian military police to deploy at its entrances.")
    kinds = set(kinds_of(extractor, body))
    assert "deployment" not in kinds, kinds


# -- regressions found in review ----------------------------------------------------------------------------


def test_a_line_break_before_the_allied_phrase_is_fine(extractor):
    kinds_of(extractor, "Iran's Revolutionary Guards\nand groups it backs shelled the base near Albu Kamal on Monday.")


@pytest.mark.parametrize("body, kind", [
    ("Clashes broke out in Manbij on Monday, and talks were postponed.", "clashes"),
    ("The latest air strike hit a weapons depot near Masyaf on Monday.", "airstrike"),
    ("Turkish jets launched drone strikes on Kobani on Monday.", "drone_strike"),
    ("Under the deal, which allowed Turkish patrols, Russian military police deployed near Kobani on Monday.",
     "deployment"),
    ("Israeli jets struck a depot near Masyaf on Monday, as Syrians marked the anniversary of the uprising.",
     "airstrike"),
    ("Days after the air strikes, talks between Russia and Turkey began in Sochi on Monday.", "talks"),
])
def test_rules_that_stop_events_stay_in_their_clause(extractor, body, kind):
    assert kind in kinds_of(extractor, body)


def test_future_after_the_trigger_is_a_plan(extractor):
    assert "withdrawal" not in kinds_of(extractor, "US troops are withdrawing from Tabqa in the coming weeks, officials said.")


def test_one_capture_told_twice_in_a_sentence_is_one_incident(extractor):
    assert kinds_of(extractor, "Syrian troops raised the flag over Saraqib after capturing the town on Monday.") == ["capture"]


def test_a_blame_does_not_override_a_named_attacker(extractor):
    body = ("US jets struck militia sites near Albu Kamal on Monday. "
            "Washington blamed Iranian-backed groups for the attacks on its troops.")
    inc = extract_one(extractor, body)
    assert inc.actor1 == "United States", describe(inc)
    body = "Turkish drones struck a car near Qamishli on Monday. The SDF blamed Russia for failing to stop the attack."
    assert extract_one(extractor, body).actor1 == "Turkey"


def test_border_troops_are_a_party(extractor):
    inc = extract_one(extractor, "Turkish border troops clashed with smugglers near Tal Abyad on Monday.")
    assert inc.actor1 == "Turkey", describe(inc)


def test_a_single_soldier_killed_is_the_states(extractor):
    inc = extract_one(extractor, "Gunmen attacked a checkpoint near Tafas on Monday, killing a soldier.")
    assert "Syrian government" in inc.actors, describe(inc)


@pytest.mark.parametrize("body, kind", [
    ("A US convoy drove 40 km from Qamishli to Rmeilan on Monday.", "capture"),
    ("Turkish-backed factions harassed residents at a checkpoint in Afrin on Monday.", "near_miss"),
])
def test_lookalikes_of_captures_and_near_misses(extractor, body, kind):
    assert kind not in kinds_of(extractor, body)


def test_an_event_hours_after_takes_the_sentences_day(extractor):
    body = ("Russian military police entered Tabqa on Tuesday, hours after American forces completed their "
            "withdrawal from the airbase.")
    withdrawal = [i for i in extractor.extract(make_article(body, dt.date(2022, 11, 23))) if i.event_type == "withdrawal"]
    assert withdrawal and (withdrawal[0].date, withdrawal[0].date_precision) == (dt.date(2022, 11, 22), "day")


def test_people_killed_in_clashes_are_not_all_civilians(extractor):
    inc = extract_one(extractor, "Clashes between Druze militiamen and tribal fighters killed 20 people near Shahba on Monday.")
    assert "Civilians" not in inc.actors and inc.actors[:2] == ["Druze factions", "Tribal forces"], describe(inc)


def test_a_bomb_on_an_army_bus_hits_the_state(extractor):
    inc = extract_one(extractor, "A bomb planted under an army bus exploded in Damascus on Monday.")
    assert "Syrian government" in inc.actors, describe(inc)


def test_a_patron_and_its_allies(extractor):
    inc = extract_one(extractor, "Turkish troops and their Syrian allies captured the town of Tal Abyad on Monday.")
    assert inc.actors[:2] == ["Turkey", "SNA (Turkish-backed factions)"], describe(inc)


def test_a_place_located_by_a_bearing_is_the_place_not_its_landmark(extractor):
    inc = extract_one(extractor, "Israeli missiles hit the Shayrat air base south-east of Homs on Monday.")
    assert inc.place != "Homs" and "Shayrat" in inc.place, describe(inc)


def test_rebel_held_areas_struck_are_the_rebels_unless_civilians_are_the_victims(extractor):
    inc = extract_one(extractor, "Russian jets struck rebel-held positions around Kafr Zita on Monday.")
    assert "Syrian opposition" in inc.actors, describe(inc)
    inc = extract_one(extractor, "Russian jets struck a bakery in the rebel-held town of Kafr Zita on Monday, killing six people.")
    assert "Syrian opposition" not in inc.actors and "Civilians" in inc.actors, describe(inc)


def test_pro_government_gunmen_are_the_governments(extractor):
    inc = extract_one(extractor, "A US patrol exchanged fire with pro-regime gunmen near Tal Tamr on Monday.")
    assert inc.actors[:2] == ["United States", "Syrian government"], describe(inc)


def test_foreign_states_named_as_actors_are_not_the_place(extractor):
    body = "The United States, Britain and France fired more than 100 missiles at Syrian chemical weapons sites on Saturday."
    inc = extract_one(extractor, body, published=dt.date(2018, 4, 14))
    assert inc.country in ("", None, "Syria") and inc.place != "United States", describe(inc)


def test_a_claim_in_the_same_sentence_names_the_bomber(extractor):
    body = ("Islamic State claimed responsibility for a roadside bomb that struck an SDF vehicle near Hajin on "
            "Saturday, killing two fighters.")
    inc = extract_one(extractor, body)
    assert inc.actor1 == "Islamic State", describe(inc)


def test_as_clause_events_happen_the_same_day(extractor):
    body = "Clashes erupted near Manbij on Saturday, as Turkish drones pounded SDF positions near the town."
    strikes = [i for i in extractor.extract(make_article(body, dt.date(2022, 11, 22))) if i.event_type == "drone_strike"]
    assert strikes and strikes[0].date == dt.date(2022, 11, 19), [describe(i) for i in strikes]


def test_a_lone_surrogate_in_an_article_loses_nothing(extractor):
    body = "Russian jets struck Raqqa \ud83d on Monday, killing four civilians, a monitor said."
    [inc] = extractor.extract(make_article(body))
    assert inc.event_type == "airstrike" and "Russia" in inc.actors and inc.killed == 4, describe(inc)
    assert km(point(inc), PLACES["Raqqa"]) <= 10, describe(inc)
