"""geo.taxonomy: every event type maps onto ACLED and is signalled by natural reporting."""
from __future__ import annotations

import pytest

from geo.taxonomy import BY_NAME, EVENT_TYPES, FAMILIES, triggers_in

ACLED_EVENT_TYPES = {
    "Battles", "Violence against civilians", "Explosions/Remote violence", "Riots", "Protests",
    "Strategic developments",
}
#: ACLED's sub-event types, by event type (ACLED codebook).
ACLED_SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}

#: A sentence as a wire service would write it, for each event type.
SENTENCES = {
    "collision": "A Russian armoured vehicle collided with a US patrol car east of Qamishli.",
    "missile_strike": "Israel fired surface-to-surface missiles at a weapons depot near Masyaf overnight.",
    "drone_strike": "A Turkish drone strike hit a car carrying SDF commanders near Qamishli.",
    "airstrike": "Russian warplanes carried out airstrikes on rebel positions south of Idlib.",
    "shelling": "Government artillery shelled the town of Ariha throughout the night.",
    "ied": "A roadside bomb exploded as an army bus passed near Palmyra.",
    "raid": "Israeli forces launched a raid on the Nur Shams camp before dawn.",
    "capture": "Rebel fighters captured the village of Kafr Nabl after a day of fighting.",
    "clashes": "Clashes broke out between SDF fighters and tribal gunmen in Deir ez-Zor.",
    "interception": "A US patrol blocked a Russian convoy on the M4 highway.",
    "standoff": "Russian and American troops were locked in a tense standoff outside Tel Tamr.",
    "near_miss": "A Russian jet had a near miss with a US drone over al-Tanf.",
    "arrest": "Security forces arrested three suspects in Jableh.",
    "base_handover": "US forces handed over the Tabqa airbase to the SDF.",
    "base_closure": "The coalition announced the closure of the Green Village base.",
    "withdrawal": "Russian forces withdrew from Qamishli airport on Monday.",
    "deployment": "Turkey deployed additional troops to its posts in Idlib.",
    "convoy": "A convoy of 40 US trucks entered Syria from Iraq.",
    "alert": "Israeli forces were placed on high alert along the Golan frontier.",
    "patrol": "Russian military police patrolled the streets of Kobani.",
    "talks": "Turkish and Russian officials held talks in Ankara on Saturday.",
    "agreement": "Moscow and Ankara signed a ceasefire agreement for Idlib.",
    "call": "Putin and Netanyahu discussed Syria in a phone call on Tuesday.",
    "hotline": "The two militaries maintain a deconfliction hotline over Syria.",
}


def test_every_event_type_has_a_test_sentence():
    assert set(SENTENCES) == set(BY_NAME)


def test_names_are_unique():
    assert len(BY_NAME) == len(EVENT_TYPES)


@pytest.mark.parametrize("etype", EVENT_TYPES, ids=lambda t: t.name)
def test_maps_onto_acled(etype):
    assert etype.acled_event_type in ACLED_EVENT_TYPES
    assert etype.acled_sub_event_type in ACLED_SUB_EVENT_TYPES[etype.acled_event_type]


@pytest.mark.parametrize("etype", EVENT_TYPES, ids=lambda t: t.name)
def test_has_family_label_icon_and_triggers(etype):
    assert etype.family in {"encounter", "strike", "ground", "posture", "diplomacy"}
    assert etype.label and etype.icon
    assert etype.patterns


def test_families_are_the_documented_five():
    assert set(FAMILIES) == {"encounter", "strike", "ground", "posture", "diplomacy"}


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_a_natural_sentence_triggers_its_type(name):
    sentence = SENTENCES[name]
    assert name in [t.name for t in triggers_in(sentence)], [t.name for t in triggers_in(sentence)]


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_trigger_text_is_the_matched_span(name):
    sentence = SENTENCES[name]
    for t in triggers_in(sentence):
        assert sentence[t.start:t.end] == t.text


@pytest.mark.parametrize("sentence, name", [
    # the verb forms wire reports use most
    ("Israeli troops raided the Nur Shams camp before dawn.", "raid"),
    ("Regime forces stormed the village at dawn.", "raid"),
    ("Government forces shelled Ariha.", "shelling"),
    ("Turkish jets struck PKK positions.", "airstrike"),
    ("SDF fighters clashed with tribal gunmen.", "clashes"),
    ("A US patrol intercepted a Russian convoy.", "interception"),
    ("Security forces detained three men.", "arrest"),
    ("Russian forces pulled out of Tal Rifaat.", "withdrawal"),
    ("Russian and Turkish forces patrolled the M4.", "patrol"),
    # phrasings found missing on held-out reporting (bench/incidents_heldout.jsonl), tested in other words here
    ("Rebel fighters swept into Saraqib overnight.", "capture"),
    ("Kurdish units drove the militants out of the village of Tal Baydar.", "capture"),
    ("Government troops seized the western part of Khan Shaykhun.", "capture"),
    ("A bomb hidden in a parked car went off outside a bakery.", "ied"),
    ("The attacker detonated his explosive belt at the gate.", "ied"),
    ("Syrian helicopters dropped four barrels of explosives and dropped two bombs on Daraya.", "airstrike"),
    ("Regime troops battled rebels on the edge of the city.", "clashes"),
    ("Turkish troops were dismantling another observation post near Saraqib.", "base_closure"),
    ("Syrian troops have taken over a former US base near Kobani.", "base_handover"),
    ("Rebels said they had taken Maarat al-Numan from government forces.", "capture"),
    ("Two Syrian jets flew dangerously close to a coalition patrol.", "near_miss"),
    ("Russian military police units arrived at the airport on Monday.", "deployment"),
    ("An Israeli tank fired two shells at a Syrian army post.", "shelling"),
    ("The Jordanian foreign minister met his Syrian counterpart in Amman.", "talks"),
    ("A military truck crashed into a civilian car near the checkpoint.", "collision"),
    ("The army said it had restored control over the eastern districts.", "capture"),
    ("Rebels raised their flag over the police station in Busra al-Sham.", "capture"),
    ("The SDF announced the capture of Raqqa on Tuesday.", "capture"),
    ("A bus rigged with explosives exploded at the garage.", "ied"),
    ("A parked car blew up outside the mosque.", "ied"),
    ("Two Russian jets harassed a US drone over the Euphrates.", "near_miss"),
    ("A Russian helicopter flew at low altitude over the patrol.", "near_miss"),
    ("A US patrol blocked a Russian military column at the junction.", "interception"),
    ("Jordanian air strikes hit smugglers' hideouts near Suwayda.", "airstrike"),
    ("Coalition aircraft carried out three strikes near Hajin.", "airstrike"),
    ("French troops have left the base at Kharab Ishk.", "withdrawal"),
    ("Turkish troops set up a new military post near Saraqib.", "deployment"),
    ("Rebels seized the Nasib crossing after a day of fighting.", "capture"),
    ("The SDF handed over the Baath Dam to government forces.", "base_handover"),
    ("Russia pulled most of its troops out of the airport.", "withdrawal"),
    ("Government forces rolled into Daraa al-Balad at dawn.", "capture"),
    ("A convoy of trucks was hit by unidentified aircraft near the border.", "airstrike"),
    ("A bomb blast tore through a bus station in Hama.", "ied"),
    ("Dozens died in the chlorine attack on Douma.", "airstrike"),
    ("Helicopters dropped barrels filled with explosives on Daraya.", "airstrike"),
    ("A truck bomb tore through the market.", "ied"),
    ("Air defences destroyed five of the drones before they reached the base.", "interception"),
    ("The army flushed the last militants out of the village.", "capture"),
    ("A Turkish convoy of 30 armoured vehicles heading to Saraqib was stopped.", "convoy"),
    ("Russian police moved into a base near Kobani that US troops had vacated.", "base_handover"),
    ("Russia shut down its helicopter base at the airport.", "base_closure"),
    ("A drone, believed to be Turkish, hit a car near Qamishli.", "drone_strike"),
    ("Sirens sounded at the base after radar picked up a drone.", "alert"),
])
def test_common_verb_forms_trigger(sentence, name):
    assert name in [t.name for t in triggers_in(sentence)], [t.name for t in triggers_in(sentence)]


@pytest.mark.parametrize("sentence, name", [
    ("Mortar rounds crashed into a school in the Old City.", "collision"),  # shells, not vehicles
    ("Israeli troops stayed on the summit of Mount Hermon.", "talks"),     # a peak, not a meeting
    ("A parked car exploded near the bakery.", "collision"),
])
def test_lookalike_phrases_do_not_trigger(sentence, name):
    assert name not in [t.name for t in triggers_in(sentence)]


def test_a_summit_of_an_organisation_is_talks():
    assert "talks" in [t.name for t in triggers_in("The summit of the Arab League opened in Jeddah.")]


@pytest.mark.parametrize("sentence", [
    "The Syrian civil war ended in 2019.",
    "Russia entered the war at the invitation of President Bashar al-Assad.",
    "The competition between the two powers has become clear in the recent period.",
    "Restrikes and airstrip are not triggers.",
])
def test_sentences_without_events_have_no_triggers(sentence):
    assert triggers_in(sentence) == []


def test_overlapping_triggers_keep_the_higher_priority():
    # "missile strike" is one missile strike, not also an air strike
    assert [t.name for t in triggers_in("during a missile strike on the suburbs of Damascus")] == ["missile_strike"]
    assert [t.name for t in triggers_in("a Turkish drone strike")] == ["drone_strike"]


def test_triggers_in_text_order():
    assert [t.name for t in triggers_in("Israeli jets struck a depot; a drone strike followed.")] == [
        "airstrike", "drone_strike"]


def test_matching_ignores_case_and_needs_whole_words():
    assert [t.name for t in triggers_in("AIRSTRIKES HIT IDLIB")] == ["airstrike"]
    assert triggers_in("The patrolman's rebuttal") == []


def test_priority_puts_violence_before_diplomacy():
    order = [t.name for t in EVENT_TYPES]
    for violent in ("collision", "missile_strike", "airstrike", "raid", "clashes"):
        for talk in ("talks", "agreement", "call", "hotline"):
            assert order.index(violent) < order.index(talk)
