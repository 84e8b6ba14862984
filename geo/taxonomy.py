"""The event taxonomy: what kinds of incident the map knows, and how text signals them.

Each :class:`EventType` has a family (encounter, strike, ground, posture,
diplomacy), the ACLED ``event_type`` / ``sub_event_type`` it exports as, a
label and a marker symbol for the map, and the trigger phrases that signal it.
``docs/taxonomy.md`` explains the choices.

The registry's order is the priority when one sentence holds several
triggers: a strike outranks the clashes around it, a raid outranks the arrests
it made, and every violent event outranks the talks that followed it.

>>> [t.name for t in triggers_in("Israeli jets struck a depot; a drone strike followed.")]
['airstrike', 'drone_strike']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventType:
    name: str
    family: str
    label: str
    acled_event_type: str
    acled_sub_event_type: str
    icon: str  #: Font Awesome 6 name (without "fa-") used for its markers
    patterns: tuple[str, ...] = field(repr=False, default=())

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.name)


_SD = "Strategic developments"
_ERV = "Explosions/Remote violence"

#: The registry, in priority order (see the module docstring).
EVENT_TYPES: tuple[EventType, ...] = (
    EventType("collision", "encounter", "Vehicle collision", _SD, "Other", "car-burst", (
        r"collisions?", r"collided", r"sideswip\w+", r"rammed", r"crashed into",
        r"hit(?:ting)? (?:an? |the )?(?:[\w-]+ ){0,5}(?:vehicle|MRAP|truck|patrol car)",
    )),
    EventType("missile_strike", "strike", "Missile strike", _ERV, "Shelling/artillery/missile attack", "rocket", (
        r"missile (?:strikes?|attacks?)", r"(?:cruise|ballistic|surface-to-surface|guided) missiles?",
        r"(?:fired|launched) (?:[\w-]+ ){0,3}missiles?", r"with (?:\w+ ){0,2}missiles",
    )),
    EventType("drone_strike", "strike", "Drone strike", _ERV, "Air/drone strike", "plane-up", (
        r"drone (?:strikes?|attacks?)", r"(?:suicide|kamikaze|armed) drones?", r"drones? (?:struck|hit|targeted)",
        r"(?:UAV|unmanned aerial vehicle)s? (?:strikes?|struck|attack\w*)",
    )),
    EventType("airstrike", "strike", "Air strike", _ERV, "Air/drone strike", "jet-fighter", (
        r"air ?strikes?", r"air ?raids?", r"aerial (?:strikes?|bombardment|attacks?)", r"bomb(?:ed|ing|ardment)",
        r"(?:warplanes?|jets?|fighter jets?|helicopters?|aircraft) (?:\w+ ){0,2}(?:struck|hit|targeted|pounded|attacked)",
        r"(?:military )?strikes?", r"struck",
    )),
    EventType("shelling", "strike", "Shelling", _ERV, "Shelling/artillery/missile attack", "bomb", (
        r"shell(?:ed|ing)", r"artillery (?:fire|strikes?|barrage|shells?)", r"mortars?(?: shells?| rounds?| fire)?",
        r"rocket (?:fire|attacks?)", r"rockets? (?:hit|struck|landed|slammed)", r"barrage",
    )),
    EventType("ied", "strike", "IED / explosion", _ERV, "Remote explosive/landmine/IED", "burst", (
        r"IEDs?", r"improvised explosive devices?", r"roadside bombs?", r"car bombs?", r"landmines?",
        r"(?:booby-trapped|bomb-laden) (?:car|vehicle|motorcycle)", r"(?:explosive device|bomb) (?:exploded|went off|detonated)",
    )),
    EventType("raid", "ground", "Raid / operation", "Battles", "Armed clash", "person-rifle", (
        r"raids?", r"incursion", r"storm(?:ed|ing)",
        r"(?:launched|carried out|conducted|pressed|began|begun|started|mounted) (?:an? |the |their )?(?:[\w“”\"'-]+ ){0,4}"
        r"(?:operation|offensive|assault|incursion|raid)",
        r"operation (?:named|dubbed|code-named)",
    )),
    EventType("capture", "ground", "Capture of territory", "Battles", "Non-state actor overtakes territory", "flag", (
        r"(?:captured|seized|took|taken|takes|recaptured|retook|regained) (?:full )?control", r"captured",
        r"(?:seized|recaptured|retook|overran|entered) (?:the )?(?:town|village|city|hill|base|area|neighbourhood|district|airport)",
        r"advanced (?:into|on)",
    )),
    EventType("clashes", "ground", "Armed clashes", "Battles", "Armed clash", "crosshairs", (
        r"clash(?:es|ed)?", r"clashing", r"exchange of fire", r"exchanged fire", r"firefights?", r"gunfights?",
        r"(?:heavy |fierce )?fighting", r"battles?(?! against)", r"skirmish(?:es)?", r"ambush(?:ed)?",
    )),
    EventType("interception", "encounter", "Interception / blocking", _SD, "Other", "hand", (
        r"intercept\w*", r"block(?:ed|ing)? (?:an? |the |another |their )?(?:[\w-]+ ){0,2}(?:patrols?|convoys?|vehicles?)",
        r"prevent(?:ed|ing|ion of)? (?:\w+ ){0,5}(?:from )?(?:passing|reaching|advancing|entering)",
        r"stopp(?:ed|ing) (?:an? |the )?(?:[\w-]+ ){0,2}(?:patrols?|convoys?)", r"turned back", r"objection of",
        r"obstruct\w*",
    )),
    EventType("standoff", "encounter", "Standoff", _SD, "Other", "people-arrows", (
        r"stand-?offs?", r"face-?offs?", r"verbal (?:quarrels?|altercations?)", r"tense encounters?",
    )),
    EventType("near_miss", "encounter", "Near miss", _SD, "Other", "triangle-exclamation", (
        r"near[- ]miss(?:es)?", r"nearly (?:shooting down|shot down|hit|collided|struck)", r"unsafe (?:intercept|manoeuvre|maneuver)",
    )),
    EventType("arrest", "ground", "Arrests", _SD, "Arrests", "handcuffs", (
        r"arrest(?:ed|s)?", r"detain(?:ed)?", r"detentions?", r"captured (?:\w+ ){0,2}(?:suspects?|members|fighters|militants)",
    )),
    EventType("base_handover", "posture", "Base handed over", _SD, "Non-violent transfer of territory", "right-left", (
        r"hand(?:ed|s|ing)? over", r"handover", r"took over (?:the )?(?:base|positions?|airport)",
    )),
    EventType("base_closure", "posture", "Base closed", _SD, "Other", "door-closed", (
        r"clos(?:ure|ed|ing) (?:of )?(?:\w+ ){0,3}(?:bases?|facilities|facility|positions?|posts?)", r"closure of",
        r"(?:evacuated|dismantled|abandoned) (?:\w+ ){0,2}(?:base|post|position)",
    )),
    EventType("withdrawal", "posture", "Withdrawal", _SD, "Non-violent transfer of territory", "arrow-right-from-bracket", (
        r"withdr[ae]w\w*", r"pull(?:ed|ing)? out", r"reduc\w+ (?:\w+ ){0,2}(?:military )?presence", r"drawdown",
    )),
    EventType("deployment", "posture", "Deployment", _SD, "Other", "truck-moving", (
        r"deploy\w*", r"reinforcements?", r"stationed", r"(?:sent|dispatched) (?:[\w-]+ ){0,4}(?:troops|forces|fighters|system|units?)",
        r"(?:will be|was|were) sent to", r"sent in",
    )),
    EventType("convoy", "posture", "Convoy / resupply", _SD, "Other", "truck", (
        r"convoys?", r"(?:trucks|lorries|vehicles) (?:\w+ ){0,2}crossed", r"resuppl\w+", r"supply (?:run|shipments?)",
    )),
    EventType("alert", "posture", "Alert", _SD, "Other", "bell", (
        r"(?:high|maximum|heightened|raised|state of) alert", r"alert level", r"heightened readiness",
    )),
    EventType("patrol", "posture", "Patrol", _SD, "Other", "route", (
        r"patrol(?:s|led|ling|ing)?",
    )),
    EventType("talks", "diplomacy", "Talks / meeting", _SD, "Other", "handshake", (
        r"talks", r"meeting", r"met (?:with|in)", r"summit", r"delegation", r"negotiations?", r"visit(?:ed)? (?:to )?",
    )),
    EventType("agreement", "diplomacy", "Agreement", _SD, "Agreement", "file-signature", (
        r"agreed", r"signed (?:an? |the )?(?:\w+ ){0,2}(?:agreement|deal|accord|memorandum)",
        r"reached (?:an? )?(?:\w+ ){0,2}(?:agreement|deal|understanding)", r"struck a deal", r"ceasefire (?:took effect|was agreed)",
    )),
    EventType("call", "diplomacy", "Phone call", _SD, "Other", "phone", (
        r"(?:tele)?phone (?:call|conversation)s?", r"spoke by (?:tele)?phone", r"video call",
    )),
    EventType("hotline", "diplomacy", "Deconfliction mechanism", _SD, "Agreement", "tower-broadcast", (
        r"hotlines?", r"(?:de-?confliction|coordination|joint) (?:mechanism|line|channel)s?",
        r"de-?confliction (?:protocols?|agreement)",
    )),
)

BY_NAME: dict[str, EventType] = {t.name: t for t in EVENT_TYPES}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(t.family for t in EVENT_TYPES))
PRIORITY: dict[str, int] = {t.name: i for i, t in enumerate(EVENT_TYPES)}


_REGEX_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(name: str) -> re.Pattern[str]:
    if name not in _REGEX_CACHE:
        patterns = BY_NAME[name].patterns
        # Whole words only, in any case: "Air strike", "airstrikes", "AIRSTRIKE".
        _REGEX_CACHE[name] = re.compile(
            r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE
        )
    return _REGEX_CACHE[name]


@dataclass(frozen=True)
class Trigger:
    """A phrase in a sentence that signals an event of ``event_type``."""

    event_type: EventType
    start: int
    end: int
    text: str

    @property
    def name(self) -> str:
        return self.event_type.name


def triggers_in(sentence: str) -> list[Trigger]:
    """Every trigger in ``sentence``, in text order; overlapping triggers keep the higher priority."""
    found = [
        Trigger(t, m.start(), m.end(), m.group())
        for t in EVENT_TYPES
        for m in t.regex.finditer(sentence)
    ]
    found.sort(key=lambda t: (PRIORITY[t.name], t.start))
    kept: list[Trigger] = []
    for t in found:
        if not any(t.start < k.end and k.start < t.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)
