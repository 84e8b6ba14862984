"""Offline tests of geo.gazetteer: finding place names in text and resolving them.

Most tests use ``Gazetteer.default()`` (curated CSV plus GeoNames, built once per
process). Disambiguation is tested on a small gazetteer built here, with two
places of the same name, so that the expected answer does not depend on the
curated data. Reference points are an analyst's (see conftest.PLACES).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from geo._errors import InputError
from geo.gazetteer import Context, Gazetteer, read_gazetteer_csv
from geo.records import Place

from .conftest import PLACES, km


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def names(mentions) -> list[str]:
    return [m.place.name for m in mentions]


# -- variant spellings of the seed places ---------------------------------------------------
@pytest.mark.parametrize(("spellings", "where"), [
    (("Simalka", "Simelka", "Semalka", "Semalkah", "Simalka crossing"), (37.10, 42.36)),
    (("al-Malikiyah", "Derik", "Derek", "Dêrik", "Al Malkiyeh", "El-Malikiye"), PLACES["al-Malikiyah"]),
    (("Tel Tamr", "Tal Tamr", "Tell Tamer", "Tell Tamir", "Tall Tamer", "تل تمر"), PLACES["Tel Tamr"]),
    (("Hmeimim", "Khmeimim", "Hmaimim", "Khmeimeem", "Humaimim airbase"), (35.40, 35.95)),
    (("Hasakah", "al-Hasakah", "Hasaka", "Hesseke", "Hesîçe"), PLACES["Hasakah"]),
    (("Qamishli", "Qamişlo", "Kamishly", "القامشلي"), PLACES["Qamishli"]),
])
def test_variant_spellings_resolve_to_one_place(gaz, spellings, where):
    for spelling in spellings:
        place = gaz.resolve(spelling)
        assert place is not None, f"{spelling!r} did not resolve"
        assert km((place.lat, place.lon), where) < 10, f"{spelling!r} -> {place.name} ({place.lat}, {place.lon})"


def test_arabic_script_resolves_phonetically(gaz):
    # No Latin alias spells T4 "Tayfur"; its Arabic name التيفور does.
    assert gaz.resolve("Tayfur airbase").name == gaz.resolve("T4").name


def test_phrases_name_the_feature_next_to_the_place(gaz):
    assert gaz.resolve("Khmeimim military airport").kind == "airbase"
    assert gaz.resolve("Quneitra crossing point").kind == "border_crossing"
    assert gaz.resolve("Russian naval facility in Tartous").kind in ("naval_base", "base")
    assert gaz.resolve("Tell Tamer (Hasakah)").name == "Tel Tamr"
    # A feature word with no such feature there: the place itself stands in.
    town = gaz.resolve("al-Mansoura town")
    assert km((town.lat, town.lon), PLACES["al-Mansoura"]) < 5


def test_unknown_names_stay_unresolved(gaz):
    assert gaz.resolve("Xqzvbnm") is None
    assert gaz.candidates("") == []


# -- matching in text --------------------------------------------------------------------------
def test_find_tolerates_case_hyphens_and_the_article(gaz):
    for text in ("Shelling hit TEL TAMR overnight", "Shelling hit Tel-Tamr overnight",
                 "Shelling hit Tall Tamr overnight", "Shelling hit tel tamr overnight"):
        assert names(gaz.find(text)) == ["Tel Tamr"], text
    for text in ("Patrols left al-Hasakah", "Patrols left Al Hasakah", "Patrols left El-Hasakah",
                 "Patrols left Hasakah"):
        assert names(gaz.find(text)) == ["Hasakah"], text


def test_find_reports_the_words_as_written(gaz):
    text = "A convoy entered Deir ez-Zor's countryside from al-Mansoura."
    found = {m.surface: m.place.name for m in gaz.find(text)}
    assert found["Deir ez-Zor"] == "Deir ez-Zor"
    assert found["al-Mansoura"] == "al-Mansoura"  # the article belongs to the name as written
    for m in gaz.find(text):
        assert text[m.start:m.end] == m.surface


def test_find_never_matches_inside_a_longer_word(gaz):
    assert gaz.find("Idlibi fighters and Manbijis joined the Aleppans.") == []
    assert names(gaz.find("Idlib and Manbij")) == ["Idlib", "Manbij"]


def test_english_words_that_are_geonames_places_do_not_match(gaz):
    assert any(p.layer == "geonames" for p in gaz.candidates("Hit")), "GeoNames should know Hit, Iraq"
    assert names(gaz.find("Rockets hit the suburbs of Damascus on Monday.")) == ["Damascus"]
    assert names(gaz.find("Airstrikes targeted Hit, in Iraq's Anbar.")) .count("Iraq") == 1


def test_variant_spellings_are_found_in_running_text(gaz):
    found = gaz.find("US forces were seen near Tell Tamir and at the Semalkah crossing.")
    assert "Tel Tamr" in names(found)
    assert "Semalka border crossing" in names(found)


def test_possessives_do_not_hide_a_name(gaz):
    assert names(gaz.find("the village of Mostafawia, in Hasaka's Derek region")) == \
        ["Mostafawia", "Hasakah", "al-Malikiyah"]


# -- disambiguation -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def twin_towns() -> Gazetteer:
    """Two villages called Tell Hamra, one near Raqqa, one near Hama; and the two cities."""
    places = [
        (Place("Raqqa", 35.95, 39.01, "city", "Raqqa", "Syria", layer="curated"), ["Raqqa", "al-Raqqa"]),
        (Place("Hama", 35.13, 36.76, "city", "Hama", "Syria", layer="curated"), ["Hama"]),
        (Place("Raqqa Governorate", 35.8, 38.8, "governorate", "Raqqa", "Syria", 80, "curated"),
         ["Raqqa Governorate", "Raqqa province"]),
        (Place("Tell Hamra", 35.90, 38.80, "village", "Raqqa", "Syria", layer="curated"), ["Tell Hamra"]),
        (Place("Tell Hamra", 35.30, 36.60, "village", "Hama", "Syria", layer="curated"), ["Tell Hamra"]),
    ]
    return Gazetteer(places)


def test_context_in_the_text_picks_the_right_namesake(twin_towns):
    west_of_raqqa = twin_towns.find("Clashes in Tell Hamra, west of Raqqa.")
    assert [m.place.admin1 for m in west_of_raqqa] == ["Raqqa", "Raqqa"]
    near_hama = twin_towns.find("Shelling of Tell Hamra, north of Hama.")
    assert [m.place.admin1 for m in near_hama] == ["Hama", "Hama"]
    assert west_of_raqqa[0].candidates == 2


def test_context_passed_to_resolve(twin_towns):
    assert twin_towns.resolve("Tell Hamra", twin_towns.context_from("west of Raqqa")).admin1 == "Raqqa"
    assert twin_towns.resolve("Tal Hamra", twin_towns.context_from("north of Hama")).admin1 == "Hama"
    assert twin_towns.resolve("Tell Hamra", Context(admin1=frozenset({"Raqqa"}))).admin1 == "Raqqa"


def test_governorate_named_in_text_is_context(twin_towns):
    found = twin_towns.find("A drone struck Tell Hamra in Raqqa province.")
    assert found[0].place.admin1 == "Raqqa"


def test_context_rejects_a_loose_match_far_away(gaz):
    # "Rabiaa" is exactly the Iraqi border town's alias; next to Jabal al-Turkman it is the Latakia village.
    assert gaz.resolve("Rabiaa").country == "Iraq"
    assert gaz.resolve("Rabiaa", gaz.context_from("in the Jabal al-Turkman")).admin1 == "Latakia"


def test_seed_context_hasaka_derek_region(gaz):
    context = gaz.context_from("in Hasaka's Derek region")
    assert {p.name for p in context.anchors} >= {"Hasakah", "al-Malikiyah"}


# -- layers and input ----------------------------------------------------------------------------
def test_geonames_duplicates_join_the_curated_entry(gaz):
    # GeoNames' Latakia, a duplicate of the curated one, lends its spellings to it.
    assert gaz.resolve("Lattaquié").layer == "curated"
    assert len([p for p in gaz.places if p.name in ("Latakia", "Al Lādhiqīyah")]) == 1


def test_malformed_gazetteer_csv_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,aliases,kind,lat,lon\n"
        "Good Town,,town,35.0,38.0\n"
        "Bad Town,,town,north,38.0\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.csv:3: lat 'north' is not a number"):
        read_gazetteer_csv(path)


def test_gazetteer_csv_with_an_unknown_kind_names_the_kind(tmp_path):
    path = tmp_path / "kind.csv"
    path.write_text("name,kind,lat,lon\nX,castle,35,38\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kind\.csv:2: kind 'castle'"):
        read_gazetteer_csv(path)


@pytest.mark.parametrize("period", ["since 2015", "2015", "2020-2018", "2015-20"])
def test_a_period_no_one_reads_names_the_line(tmp_path, period):
    # Read as "always in use", such a period would put the base near every later event.
    path = tmp_path / "bases.csv"
    path.write_text(f"name,kind,lat,lon,operator,period\nX base,base,35,38,Russia,{period}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bases\.csv:2: period"):
        read_gazetteer_csv(path)


def test_periods_that_are_read(tmp_path):
    from geo.filters import active_years

    path = tmp_path / "bases.csv"
    path.write_text("name,kind,lat,lon,period\nA,base,35,38,2015-\nB,base,35,38,2018-2020\nC,base,35,38,-2019\n"
                    "D,base,35,38,\n", encoding="utf-8")
    assert [active_years(p) for p, _ in read_gazetteer_csv(path)] == [
        (2015, 9999), (2018, 2020), (-9999, 2019), (-9999, 9999)]


def test_default_gazetteer_is_offline(gaz):
    assert gaz.online is None


@pytest.mark.parametrize("text", [
    "the Israeli military and the Shin Bet security agency announced",
    "the Iraqi militia Kata’ib Sayyid al-Shuhada warned it could strike",
])
def test_a_word_of_an_organisation_name_is_no_place(text):
    # GeoNames has villages called Shin and Ash Shuhada'; inside these names they are not places.
    assert Gazetteer.default().find(text) == []


@pytest.mark.parametrize("name, expected", [("Boukamel", "al-Bukamal"), ("Hadjeen", "Hajin"), ("Sousah", "al-Susah")])
def test_a_towns_countryside_stands_for_its_governorate(gaz, name, expected):
    # "the Deir ez-Zor countryside" is the governorate's rif, not a 60 km circle round the city:
    # a variant spelling of a town 100 km down the Euphrates still fits it.
    context = gaz.context_from("in the eastern Deir ez-Zor countryside")
    assert "Deir ez-Zor" in context.admin1
    assert gaz.resolve(name, context).name == expected


@pytest.mark.parametrize("text", [
    "Pakistan's foreign minister Hina Rabbani Khar met Lavrov in Moscow.",
    "Brigadier General Hass Tamer toured the front.",
])
def test_a_village_name_inside_a_persons_name_is_no_place(gaz, text):
    assert [m.place.kind for m in gaz.find(text) if m.place.kind == "village"] == []


def test_the_same_village_name_alone_is_a_place(gaz):
    assert [m.place.name for m in gaz.find("Regime shelling hit Hina on Monday.")] == ["Hina"]


@pytest.mark.parametrize("text, name", [
    ("Russian jets struck the Atmeh IDP camp on Monday.", "Atmeh"),
    ("Turkish drones struck SDF-held Sarrin on Monday.", "Sarrin"),
])
def test_acronyms_and_control_words_beside_a_village_keep_it(gaz, text, name):
    assert name in [m.place.name for m in gaz.find(text)]


# -- the curated file itself ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def curated() -> list:
    return read_gazetteer_csv(Path(__file__).resolve().parent.parent / "gazetteer.csv")


def test_every_curated_row_says_how_precise_it_is_and_where_it_comes_from(curated):
    for place, _ in curated:
        assert place.precision_km > 0 and place.source.strip(), place.name


def test_syrian_rows_lie_in_syria_and_name_a_governorate_the_file_defines(curated):
    governorates = {p.admin1 for p, _ in curated if p.kind == "governorate"}
    for place, _ in curated:
        if place.country == "Syria":
            assert 32.3 <= place.lat <= 37.4 and 35.6 <= place.lon <= 42.5, place.name  # Syria's bounding box
            assert not place.admin1 or place.admin1 in governorates, (place.name, place.admin1)


def test_no_two_curated_rows_share_a_spelling_unless_far_apart(curated):
    from geo.gazetteer import distance_km
    from geo.normalize import name_key

    by_key: dict[str, list] = {}
    for place, names in curated:
        for key in {name_key(n) for n in [place.name, *names]} - {""}:
            by_key.setdefault(key, []).append(place)
    for key, places in by_key.items():
        for i, a in enumerate(places):
            for b in places[i + 1:]:
                # one spelling for two entries is a homonym (two Mansouras), never one place twice
                assert a.kind != b.kind or distance_km(a, b) > 20, (key, a.name, b.name)


def test_a_loose_spelling_far_from_the_rest_of_the_text_is_dropped(gaz):
    # "Jisr al-Rais" (a Damascus bridge) sounds like Israel's Jisr az-Zarqa, 170 km away
    found = gaz.find("Two bombs exploded near the Jisr al-Rais bridge in central Damascus on Wednesday.")
    assert all(m.place.country == "Syria" for m in found), [(m.surface, m.place.name) for m in found]


# -- Kurdish, Turkish and French spellings ----------------------------------------------------
@pytest.fixture(scope="module")
def soundalikes() -> Gazetteer:
    """Names a Kurdish or French spelling could be confused with, each with its English spellings only."""
    places = [
        (Place("Sadad", 34.31, 36.93, "town", "Homs", "Syria", layer="curated"), ["Sadad"]),
        (Place("al-Shaddadi", 36.06, 40.73, "town", "Hasakah", "Syria", layer="curated"), ["al-Shaddadi"]),
        (Place("Sheikh Maqsoud", 36.23, 37.16, "neighbourhood", "Aleppo", "Syria", layer="curated"),
         ["Sheikh Maqsoud"]),
        (Place("Jisr al-Shughur", 35.81, 36.32, "town", "Idlib", "Syria", layer="curated"), ["Jisr al-Shughur"]),
        (Place("Eastern Ghouta", 33.54, 36.43, "region", "Rif Dimashq", "Syria", 12, "curated"),
         ["Eastern Ghouta", "Ghouta"]),
    ]
    return Gazetteer(places)


def test_kurdish_sh_is_read_as_sh(soundalikes):
    # Ş is English sh: the Kurdish name of al-Shaddadi is not the Homs town of Sadad.
    assert soundalikes.resolve("Şeddadê").name == "al-Shaddadi"
    assert soundalikes.resolve("Şeddadê town").name == "al-Shaddadi"  # in a phrase, too


def test_turkish_c_and_ch_in_one_word_are_found_in_running_text():
    # ç is ch and c is j in the same word: readings no single choice per word gives.
    gaz = Gazetteer([(Place("Chukurja", 37.25, 43.61, "town", "", "Turkey", layer="curated"), ["Chukurja"])])
    assert gaz.resolve("Çukurca").name == "Chukurja"
    assert [m.surface for m in gaz.find("Shelling hit Çukurca on Monday.")] == ["Çukurca"]


def test_kurdish_x_and_sh_are_read_together_in_running_text(soundalikes):
    found = soundalikes.find("Clashes were reported in Şêx Meqsûd on Monday.")
    assert [(m.surface, m.place.name) for m in found] == [("Şêx Meqsûd", "Sheikh Maqsoud")]


def test_french_spelling_with_its_article(soundalikes):
    assert soundalikes.resolve("Djisr ech-Choghour").name == "Jisr al-Shughur"
    found = soundalikes.find("Les rebelles ont pris Djisr ech-Choghour lundi.")
    assert [m.surface for m in found] == ["Djisr ech-Choghour"]
    found = soundalikes.find("Rebels held Djisr ech Choghour on Monday.")  # the article, unhyphenated
    assert [m.surface for m in found] == ["Djisr ech Choghour"]
    found = soundalikes.find("Rebels held Jisr ech Shughur on Monday.")  # a key, as spelled
    assert [m.surface for m in found] == ["Jisr ech Shughur"]


def test_french_qualifier_after_the_name(soundalikes):
    assert soundalikes.resolve("Ghouta orientale").name == "Eastern Ghouta"


def test_arabic_phrases_put_the_feature_word_first():
    gaz = Gazetteer([
        (Place("Hmeimim", 35.41, 35.95, "village", "Latakia", "Syria", layer="curated"), ["Hmeimim", "حميميم"]),
        (Place("Hmeimim Air Base", 35.40, 35.95, "airbase", "Latakia", "Syria", layer="curated"),
         ["Hmeimim Air Base"]),
        (Place("Idlib", 35.93, 36.63, "city", "Idlib", "Syria", layer="curated"), ["Idlib", "إدلب"]),
        (Place("Idlib Governorate", 35.8, 36.6, "governorate", "Idlib", "Syria", 60, "curated"),
         ["Idlib Governorate"]),
    ])
    assert gaz.resolve("مطار حميميم").name == "Hmeimim Air Base"  # Hmeimim airport
    assert gaz.resolve("قاعدة حميميم الجوية").name == "Hmeimim Air Base"  # Hmeimim air base
    assert gaz.resolve("ريف إدلب").kind == "governorate"  # the Idlib countryside
    assert gaz.resolve("مدينة إدلب").name == "Idlib"  # the city of Idlib


# -- heads of longer names ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def heads() -> Gazetteer:
    """Places whose one-word names also begin or end longer names the gazetteer does not hold."""
    places = [
        (Place("al-Bab", 36.37, 37.52, "city", "Aleppo", "Syria", layer="curated"), ["al-Bab", "Bab"]),
        (Place("al-Tall", 33.61, 36.31, "town", "Rif Dimashq", "Syria", layer="curated"), ["al-Tall", "Tal"]),
        (Place("Palmyra", 34.56, 38.27, "town", "Homs", "Syria", layer="curated"), ["Palmyra", "Tadmur"]),
        (Place("al-Omar oil field", 35.08, 40.53, "oil_field", "Deir ez-Zor", "Syria", layer="curated"),
         ["al-Omar oil field", "al-Omar"]),
        (Place("al-Waleed crossing", 37.03, 42.37, "border_crossing", "Hasakah", "Syria", layer="curated"),
         ["al-Waleed crossing", "al-Walid"]),
    ]
    return Gazetteer(places)


@pytest.mark.parametrize("text", [
    "Mortar rounds fell on Bab Sharqi in the Old City.",  # a gate of Damascus, not al-Bab
    "Rebels captured Bab al-Nairab in 2012.",
    "Shelling hit Tal Jihan and Tal Sousin.",  # villages, not al-Tall
    "The Bab Tadmur district was hit.",  # a quarter of Homs, not Palmyra
    "Abu Omar al-Shishani commanded the assault.",  # a man, not the oil field
    "Walid al-Muallem told reporters the talks had failed.",  # a name's first word, before al-X
])
def test_a_head_word_or_a_kunya_does_not_make_another_place(heads, text):
    assert heads.find(text) == []


@pytest.mark.parametrize("text, name", [
    ("Turkish troops entered al-Bab on Monday.", "al-Bab"),
    ("Clashes in Tal, north of Damascus.", "al-Tall"),
    ("ISIS retook Tadmur in December.", "Palmyra"),
    ("US forces left al-Omar in 2025.", "al-Omar oil field"),
    ("Trucks crossed at al-Walid on Monday.", "al-Waleed crossing"),
])
def test_the_same_words_alone_are_places(heads, text, name):
    assert [m.place.name for m in heads.find(text)] == [name]


def test_a_syrian_village_of_unknown_size_outranks_a_foreign_namesake():
    # GeoNames often gives no population: unknown is not zero.
    gaz = Gazetteer([
        (Place("Al Jizah", 31.70, 35.96, "village", "", "Jordan", layer="geonames", population=4397),
         ["Al Jizah", "Jiza"]),
        (Place("Al Jizah", 32.57, 36.25, "village", "Daraa", "Syria", layer="geonames"), ["Al Jizah", "Jiza"]),
    ])
    assert gaz.resolve("al-Jiza").country == "Syria"
    assert [m.place.country for m in gaz.find("He was returned to his family in al-Jiza in May 2011.")] == ["Syria"]


@pytest.fixture(scope="module")
def namesakes() -> Gazetteer:
    """One of two namesakes each: the gazetteer holds al-Zahraa and al-Karamah of other governorates."""
    places = [
        (Place("Homs", 34.73, 36.71, "city", "Homs", "Syria", layer="curated"), ["Homs"]),
        (Place("Suwayda", 32.71, 36.57, "city", "Suwayda", "Syria", layer="curated"), ["Suwayda", "Sweida"]),
        (Place("Raqqa", 35.95, 39.01, "city", "Raqqa", "Syria", layer="curated"), ["Raqqa"]),
        (Place("al-Zahraa", 36.37, 37.01, "town", "Aleppo", "Syria", layer="curated"), ["al-Zahraa"]),
        (Place("al-Karamah", 35.87, 39.28, "town", "Raqqa", "Syria", layer="curated"), ["al-Karama"]),
        (Place("Tal Abyad", 36.70, 38.95, "town", "Raqqa", "Syria", layer="curated"), ["Tal Abyad"]),
    ]
    return Gazetteer(places)


@pytest.mark.parametrize("text, expected", [
    ("Car bombs exploded in al-Zahraa in Homs.", ["Homs"]),  # Homs' al-Zahraa, not Aleppo's
    ("Protesters gathered in Sweida's al-Karama Square.", ["Suwayda"]),
    ("Rebels in al-Karama, a suburb of Homs, surrendered.", ["Homs"]),
    ("Clashes in Tal Abyad in Raqqa.", ["Tal Abyad", "Raqqa"]),  # 90 km, but "Raqqa" is the province
    ("Shelling of al-Karama, east of Raqqa.", ["al-Karamah", "Raqqa"]),  # the one near Raqqa
    ("Fighting in al-Zahraa and in Homs.", ["al-Zahraa", "Homs"]),  # nothing ties them
])
def test_a_name_tied_to_a_far_place_is_a_namesake_the_gazetteer_lacks(namesakes, text, expected):
    assert [m.place.name for m in namesakes.find(text)] == expected


def test_a_nisba_is_a_persons_name_not_the_place():
    gaz = Gazetteer([
        (Place("Homs", 34.73, 36.71, "city", "Homs", "Syria", layer="curated"), ["Homs"]),
        (Place("Ḩimş", 34.73, 36.72, "city", "Homs", "Syria", layer="geonames"), ["Ḩimş", "Homs", "Homsi"]),
        (Place("al-Qahtaniyah", 37.03, 41.55, "town", "Hasakah", "Syria", layer="curated"), ["al-Qahtaniyah"]),
    ])
    # GeoNames lists the adjective among a town's names; "al-Qahtani" is the nisba of Qahtaniyah.
    assert gaz.find("Spokesman Ammar al-Homsi told reporters the army had entered the city.") == []
    assert gaz.find("Abu Maria al-Qahtani was killed on Thursday.") == []
    assert [m.place.name for m in gaz.find("Shelling hit Homs and al-Qahtaniya.")] == ["Homs", "al-Qahtaniyah"]


@pytest.fixture(scope="module")
def quarters() -> Gazetteer:
    places = [
        (Place("Damascus", 33.51, 36.29, "city", "Damascus", "Syria", layer="curated"), ["Damascus"]),
        (Place("Qaboun", 33.54, 36.33, "neighbourhood", "Damascus", "Syria", layer="curated"), ["Qaboun"]),
        (Place("Kabani", 35.75, 36.40, "village", "Latakia", "Syria", layer="curated"), ["Kabani", "Kabbani"]),
    ]
    return Gazetteer(places)


@pytest.mark.parametrize("text, expected", [
    ("Clashes erupted in Damascus's Qaboun district.", ["Damascus", "Qaboun"]),  # a possessive is two names
    ("Guards at Qaboun prison fled.", ["Qaboun"]),  # the text's first word is capitalised anyway
    ("Nizar Kabbani, the poet, was born in Damascus.", ["Damascus"]),  # but a rare one may be a first name
    ("The poet Nizar Kabbani was born in Damascus.", ["Damascus"]),
])
def test_a_quarter_after_a_possessive_or_a_sentence_start(quarters, text, expected):
    assert [m.place.name for m in quarters.find(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("ISIS fighters seized Palmyra, 215 km north-east of Damascus, on Wednesday.", ["Palmyra", "Damascus"]),
    ("Khan Shaykhun, 100 km south-west of Aleppo, was hit.", ["Khan Shaykhun", "Aleppo"]),  # a town, in place
    ("A refugee from Homs in Gaziantep said the camp was full.", ["Homs", "Gaziantep"]),  # an origin, abroad
    ("Fighters from Douma in Idlib said they would stay.", ["Douma", "Idlib"]),  # an origin
    ("Russian airstrikes hit Aleppo al-Jadida on Monday.", ["Aleppo"]),  # a city's quarter is in the city
    ("The al-Bab Military Council rejected the deal.", ["al-Bab"]),  # "al-Bab" is no head of a longer name
])
def test_places_the_text_puts_where_they_are_are_kept(gaz, text, expected):
    assert [m.place.name for m in gaz.find(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Deir ez-Zor 24 reported that SDF fighters raided Hajin.", ["Hajin"]),
    ("Al Mayadeen TV said the army entered al-Mayadin.", ["al-Mayadin"]),
    ("The Tishreen newspaper said the army had retaken Palmyra.", ["Palmyra"]),
])
def test_an_outlet_named_after_a_place_is_no_place(gaz, text, expected):
    assert [m.place.name for m in gaz.find(text)] == expected
