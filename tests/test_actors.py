"""geo.actors: canonical actor names for the ways reporting names them."""
from __future__ import annotations

import pytest

from geo._errors import InputError
from geo.actors import ActorTable


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.default()


def actors_in(table: ActorTable, text: str) -> list[str]:
    return [m.actor for m in table.find(text)]


@pytest.mark.parametrize("alias, canonical", [
    ("QSD", "SDF"),
    ("Qasad", "SDF"),
    ("Syrian Democratic Forces", "SDF"),
    ("Daesh", "Islamic State"),
    ("ISIS", "Islamic State"),
    ("ISIL", "Islamic State"),
    ("regime forces", "Syrian government"),
    ("Assad regime", "Syrian government"),
    ("Pentagon", "United States"),
    ("Washington", "United States"),
    ("Lavrov", "Russia"),
    ("Kremlin", "Russia"),
    ("Shoigu", "Russia"),
    ("Hayat Tahrir al-Sham", "HTS"),
    ("IRGC", "Iran"),
    ("IDF", "Israel"),
    ("Shin Bet", "Israel"),
    ("Ankara", "Turkey"),
])
def test_alias_has_its_canonical_name(table, alias, canonical):
    assert table.canonical(alias) == canonical
    assert table.canonical(alias.upper() if not alias.isupper() else alias) == canonical  # any case


@pytest.mark.parametrize("sentence, expected", [
    ("The QSD said its fighters repelled the attack.", ["SDF"]),
    ("Daesh militants attacked a checkpoint near Palmyra.", ["Islamic State"]),
    ("Regime forces shelled the town of Ariha.", ["Syrian government"]),
    ("The Pentagon reported that Russian forces blocked the road.", ["United States", "Russia"]),
    ("Russian Foreign Minister Sergei Lavrov met Turkish officials.", ["Russia", "Turkey"]),
    ("Gen. Mark Milley spoke to Gerasimov about the QSD.", ["United States", "Russia", "SDF"]),
])
def test_aliases_found_in_running_text(table, sentence, expected):
    assert list(dict.fromkeys(actors_in(table, sentence))) == expected


@pytest.mark.parametrize("sentence", [
    "“All I can say is that we are where we were and they know where we are,” he told us.",
    "Let us be clear about this.",
    "Us and them, the commander said.",
    "The question for us is when the patrols resume.",
])
def test_pronoun_us_is_never_the_united_states(table, sentence):
    assert "United States" not in actors_in(table, sentence)


@pytest.mark.parametrize("sentence", [
    "US forces withdrew from the base.",
    "the US military said",
    "a light-armored US military vehicle",
    "informed the US about their itinerary",
    "U.S. troops patrolled the road.",
])
def test_capital_US_is_the_united_states(table, sentence):
    assert actors_in(table, sentence) == ["United States"]


def test_lowercase_abbreviation_is_not_an_actor(table):
    assert actors_in(table, "the sdf files were sent") == []


@pytest.mark.parametrize("text, actor, surface", [
    ("Syrian Democratic Forces", "SDF", "Syrian Democratic Forces"),
    ("Syrian Democratic Council", "Syrian Democratic Council", "Syrian Democratic Council"),
    ("Syrian regime forces", "Syrian government", "Syrian regime forces"),
    # "US-led coalition" and "coalition forces" overlap: one mention, never two actors
    ("US-led coalition forces", "US-led coalition", "US-led coalition"),
    ("Iranian-backed militias", "Iranian-backed militias", "Iranian-backed militias"),
    ("Turkish-backed factions", "SNA (Turkish-backed factions)", "Turkish-backed factions"),
    ("Kata’ib Sayyid al-Shuhada", "Kata'ib Sayyid al-Shuhada", "Kata’ib Sayyid al-Shuhada"),
])
def test_longest_alias_wins(table, text, actor, surface):
    [mention] = table.find(f"On Monday the {text} moved in.")
    assert mention.actor == actor
    assert mention.surface == surface


def test_mention_offsets_point_into_the_text(table):
    text = "Meanwhile, the Syrian Democratic Forces (SDF) carried out a joint operation with coalition forces."
    mentions = table.find(text)
    assert [(m.actor, text[m.start:m.end]) for m in mentions] == [
        ("SDF", "Syrian Democratic Forces"), ("SDF", "SDF"), ("US-led coalition", "coalition forces")]


def test_aliases_match_whole_words_only(table):
    assert actors_in(table, "Prussian archives and Russianness") == []
    assert actors_in(table, "The Austinian school") == []


@pytest.mark.parametrize("text, alias", [
    ("Moscow said the patrol had been agreed.", "Moscow"),
    ("the Pentagon reported a clash with the Russians", "Pentagon"),
    ("Russia blamed the US military for the incident.", "Russia"),
    ("Washington then accused the Russian armored vehicle of hitting a US vehicle", "Washington"),
    ("Russian Defense Ministry spokesperson Igor Konashenkov said the strike was carried out", "Igor Konashenkov"),
    ("the Kremlin on Friday denied the report", "Kremlin"),
])
def test_speaker_detection(table, text, alias):
    mention = next(m for m in table.find(text) if m.surface == alias)
    assert ActorTable.is_speaker(text, mention)


@pytest.mark.parametrize("text, alias", [
    ("Moscow kept its patrols in the agreed areas.", "Moscow"),
    ("Russian vehicles sideswiped a light-armored US military vehicle.", "Russian"),
    ("Israeli forces launched an operation in Jenin.", "Israeli forces"),
    ("Turkish drones struck a car near Qamishli, the SDF said.", "Turkish drones"),
])
def test_party_is_not_a_speaker(table, text, alias):
    mention = next(m for m in table.find(text) if m.surface == alias)
    assert not ActorTable.is_speaker(text, mention)


def test_every_actor_has_a_colour_and_inter_code(table):
    for actor in table.actors.values():
        assert actor.color.startswith("#") and len(actor.color) == 7, actor
        assert 1 <= actor.inter <= 8, actor
    assert table.color("Russia") != table.color("United States")
    assert table.color("No Such Actor") == "#666666"


def test_malformed_actor_row_names_the_line(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(
        "name,kind,inter,country,color,aliases\n"
        "Russia,external forces,8,Russia,#d62728,Russian|Moscow\n"
        "Nowhere,external forces,eight,,#000000,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"actors\.csv:3"):
        ActorTable.from_csv(path)


def test_custom_table_reads_aliases(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(
        "name,kind,inter,country,color,aliases\n"
        "Russia,external forces,8,Russia,#d62728,Russian|Moscow|RF\n",
        encoding="utf-8",
    )
    table = ActorTable.from_csv(path)
    assert actors_in(table, "The RF said Moscow would respond.") == ["Russia", "Russia"]
    assert actors_in(table, "rf") == []


# -- allies: groups named by whom they side with -------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Hezbollah and allied militias shelled the hills.", ["Hezbollah", "Iranian-backed militias"]),
    ("The IRGC and its affiliated groups moved weapons.", ["Iran", "Iranian-backed militias"]),
    ("HTS, along with its allied jihadist factions, attacked the town.", ["HTS", "Syrian opposition"]),
    ("Ankara's proxies, Turkish-sponsored fighters, entered the village.", ["Turkey", "SNA (Turkish-backed factions)"]),
    ("Tehran-aligned units reinforced the crossing.", ["Iranian-backed militias"]),
])
def test_allied_groups_are_their_patrons_allies(table, sentence, expected):
    assert actors_in(table, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Russia and allied forces held the line.", ["Russia"]),  # no allies column: nobody is guessed
    ("US-backed forces raided a house.", ["SDF"]),  # an explicit alias beats the allies rule
    ("The SDF and the allied coalition met.", ["SDF"]),  # "the allied coalition" is no group noun pattern
])
def test_allies_only_where_the_table_says(table, sentence, expected):
    assert actors_in(table, sentence) == expected


def test_allies_column_names_a_known_actor(table):
    for actor in table.actors.values():
        assert not actor.allies or actor.allies in table.actors, actor


@pytest.mark.parametrize("sentence, expected", [
    ("Jets hit a depot used by militias loyal to Hezbollah.", ["Iranian-backed militias"]),
    ("Factions aligned with Turkey shelled the town.", ["SNA (Turkish-backed factions)"]),
    ("Turkish troops and allied Syrian opposition fighters entered the town.", ["Turkey", "SNA (Turkish-backed factions)"]),
])
def test_groups_named_by_their_patron_after_them(table, sentence, expected):
    assert actors_in(table, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Jets struck depots of Hezbollah and the militias it supports.", ["Hezbollah", "Iranian-backed militias"]),
    ("The ceasefire held under a Turkish-mediated deal.", ["Turkey"]),
])
def test_backed_and_brokered(table, sentence, expected):
    assert actors_in(table, sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The SDF said on Friday evening that they had taken Tabqa.",
    "The Turkish defence ministry said its jets had struck PKK targets.",
    "The Syrian army declared on 5 May the capture of Khan Shaykhun.",
])
def test_a_speaker_reporting_its_own_action_is_a_party(table, sentence):
    first = table.find(sentence)[0]
    assert not ActorTable.is_speaker(sentence, first)


def test_us_backed_rebels_are_not_the_coalition(table):
    assert "US-led coalition" not in actors_in(table, "US-backed rebels attacked the checkpoint.")


def test_a_lone_surrogate_in_the_text_costs_nothing(table):
    # JSON can carry half an emoji ("\ud83d"); UTF-8 cannot, and the matcher reads UTF-8.
    text = "Russian forces shelled Idlib \ud83d as Turkish troops watched."
    found = table.find(text)
    assert [m.actor for m in found] == ["Russia", "Turkey"]
    assert all(m.surface == text[m.start:m.end] for m in found) and found[1].surface.startswith("Turkish")
