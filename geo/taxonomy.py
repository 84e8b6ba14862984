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
    #: Generic phrases ("struck", "strikes") that signal this type only when nothing more specific does.
    weak: tuple[str, ...] = field(repr=False, default=())

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.name, weak=False)

    @property
    def weak_regex(self) -> re.Pattern[str] | None:
        return _compiled(self.name, weak=True) if self.weak else None


_SD = "Strategic developments"
_ERV = "Explosions/Remote violence"
_PLACE_NOUN = (r"(?:town|village|city|centre|center|citadel|hills?|base|area|neighbou?rhood|district|airport|positions?|outskirts|"
               r"side of|part of|parts of|summit|peak|heights|headquarters|office|buildings|crossing|dam|checkpoint|"
               r"(?:oil |gas )?field|air ?base|station)")
_CAPITAL = r"(?-i:[A-Z])[\w’'-]*"  # a capitalised word: the name of a place

#: The registry, in priority order (see the module docstring).
EVENT_TYPES: tuple[EventType, ...] = (
    EventType("collision", "encounter", "Vehicle collision", _SD, "Other", "car-burst", (
        r"collisions?", r"collided", r"sideswip\w+", r"rammed",
        r"(?:vehicles?|trucks?|cars?|jeeps?|MRAPs?|buses|bus|patrol|armou?red \w+) (?:[\w-]+ ){0,2}crashed into",
    ), weak=(r"hit(?:ting)? (?:an? |the )?(?:[\w-]+ ){0,5}(?:vehicle|MRAP|truck|patrol car)",)),
    EventType("missile_strike", "strike", "Missile strike", _ERV, "Shelling/artillery/missile attack", "rocket", (
        r"missile (?:strikes?|attacks?)", r"(?:cruise|ballistic|surface-to-surface|guided|tomahawk) missiles?",
        r"(?:fired|launched) (?:[\w-]+ ){0,3}missiles?", r"with (?:\w+ ){0,2}missiles", r"missiles (?:struck|hit|fired)",
        r"(?:\w+ )?missiles? (?:were )?(?:fired|launched)",
    ), weak=(r"missiles?",)),
    EventType("drone_strike", "strike", "Drone strike", _ERV, "Air/drone strike", "plane-up", (
        r"drone (?:strikes?|attacks?)", r"(?:suicide|kamikaze|armed|attack|one-way) drones?",
        r"drones?, (?:[\w -]{1,40}), (?:struck|hit|targeted|attacked)",
        r"drones? (?:struck|hit|targeted|attacked|pounded|bombed)", r"(?:launched|fired|sent) (?:[\w-]+ ){0,3}drones?",
        r"(?:UAV|unmanned aerial vehicle)s? (?:strikes?|struck|attack\w*)",
    )),
    EventType("airstrike", "strike", "Air strike", _ERV, "Air/drone strike", "jet-fighter", (
        r"air ?strikes?", r"air ?raids?", r"aerial (?:strikes?|bombardment|attacks?)", r"bomb(?:ed|ing|ardment)",
        r"barrel bombs?", r"dropped (?:[\w-]+ ){0,3}(?:bombs|barrels)",
        r"(?:chemical|sarin|chlorine|nerve agent|poison gas) (?:weapons? )?(?:attacks?|strikes?)",  # dropped from aircraft
        r"(?:hit|struck|targeted|bombed) by (?:[\w-]+ ){0,2}(?:aircraft|jets|warplanes|planes|helicopters)",
        r"(?:Israeli|Russian|US|U\.S\.|American|Turkish|coalition|regime|government|Syrian|Jordanian|Iraqi|French|British) "
        r"(?:air ?)?strikes",
        r"(?:carried out|conducted|launched) (?:(?!drone|missile|artillery|rocket)[\w-]+ ){0,3}(?:air ?)?strikes",
        r"(?:warplanes?|jets?|fighter jets?|helicopters?|aircraft|bombers?) (?:\w+ ){0,2}(?:struck|hit|targeted|pounded|"
        r"attacked|bombed|raided|fired)",
    ), weak=(r"(?:military )?strikes?", r"struck", r"targeted")),
    EventType("shelling", "strike", "Shelling", _ERV, "Shelling/artillery/missile attack", "bomb", (
        r"shell(?:ed|ing|s)", r"artillery (?:fire|strikes?|barrage|shells?|pounded|hit|struck)", r"artillery",
        r"mortars?(?: shells?| rounds?| fire)?", r"rocket (?:fire|attacks?)", r"rockets? (?:hit|struck|landed|slammed)",
        r"(?:fired|launched) (?:[\w-]+ ){0,4}rockets?", r"barrage", r"pounded",
        r"(?:tanks?|artillery|howitzers?|gunboats?) (?:\w+ ){0,2}(?:fired|opened fire) (?:(?:a|an|two|three|several) "
        r"(?:shells?|rounds?) )?(?:at|on)",
        r"fired (?:a |an |two |three |several |dozens of )?(?:tank |artillery |mortar )?(?:shells?|rounds?) (?:at|on|into)",
    ), weak=(r"rockets?",)),
    EventType("ied", "strike", "IED / explosion", _ERV, "Remote explosive/landmine/IED", "burst", (
        r"IEDs?", r"improvised explosive devices?", r"roadside bombs?", r"(?:car|truck|tanker|motorcycle) bombs?", r"landmines?", r"mines?",
        r"(?:booby-trapped|bomb-laden) (?:car|vehicle|motorcycle)s?", r"suicide (?:bomber|bombing|attack)s?",
        r"(?:explosive device|bomb) (?:[\w-]+ ){0,6}?(?:exploded|went off|detonated)",
        r"(?:explosive|suicide) (?:vests?|belts?)", r"rigged with explosives", r"booby-trapped",
        r"(?:cars?|trucks?|tankers?|motorcycles?|vehicles?|bombs?|devices?) (?:[\w-]+ ){0,3}blew up", r"detonated (?:an? |his |her |their )?(?:[\w-]+ ){0,2}(?:device|bomb|charge)s?",
    ), weak=(r"blasts?", r"explosions?", r"exploded")),
    EventType("raid", "ground", "Raid / operation", "Battles", "Armed clash", "person-rifle", (
        r"raid(?:s|ed|ing)?", r"incursions?", r"storm(?:ed|ing)",
        r"(?:launched|carried out|conducted|pressed|began|begun|started|mounted) (?:an? |the |their )?(?:[\w“”\"'-]+ ){0,4}"
        r"(?:operation|offensive|assault|incursion|raid)",
        r"operation (?:named|dubbed|code-named)",
    )),
    EventType("capture", "ground", "Capture of territory", "Battles", "Non-state actor overtakes territory", "flag", (
        r"(?:captured|seized|seizing|took|taken|takes|taking|recaptured|retook|regained|wrested) (?:full )?control",
        rf"(?:seiz\w*|captur\w*|recaptur\w*|retook|retak\w*|overr[au]n\w*|took|taken) (?!up\b)"
        r"(?!over (?:the |a |an )?(?:[\w-]+ ){0,3}(?:\w*bases?|positions?|airports?|posts?)\b)(?:most of |all of |much of )?"
        rf"(?:the )?(?:[\w-]+ ){{0,4}}?{_PLACE_NOUN}",
        rf"(?:captured|seized|recaptured|retook|taken|overran|entered|swept (?:through|into)|rolled into|stormed into|"
        rf"advanced (?:into|on)) (?:most of |much of )?"
        rf"(?:the (?:\w+ )?(?:town|city|village) of )?{_CAPITAL}",
        r"(?:fell|falls|has fallen) to",
        r"restor\w* (?:full |complete |its )?control", r"rais(?:ed|ing) (?:the |its |their )?(?:\w+ )?flags? (?:over|above|in)",
        rf"(?:the )?(?:capture|recapture|fall|liberation) of {_CAPITAL}",
        r"(?:(?:drove|driven|drive|driving|pushed|flush\w*) (?:[\w-]+ ){1,4}?(?:out of|back from)|(?:expelled|ousted) "
        r"(?:[\w-]+ ){1,4}?from) "
        r"(?:the )?(?:[\w-]+ ){0,3}?"
        rf"(?:{_PLACE_NOUN}|{_CAPITAL})",
    )),
    EventType("clashes", "ground", "Armed clashes", "Battles", "Armed clash", "crosshairs", (
        r"clash(?:es|ed)?", r"clashing", r"exchange of fire", r"exchanged fire", r"firefights?", r"gunfights?",
        r"(?:heavy |fierce )?fighting", r"fought", r"battl(?:ed|ing)", r"battles?(?! against)", r"skirmish(?:es)?", r"ambush(?:ed)?",
        r"gunfire", r"neutrali[sz]ed",
    ), weak=(r"attack(?:ed|s)?",)),
    EventType("interception", "encounter", "Interception / blocking", _SD, "Other", "hand", (
        r"intercept\w*", r"block(?:ed|ing)? (?:an? |the |another |their )?(?:[\w-]+ ){0,4}(?:patrols?|convoys?|vehicles?|columns?)",
        r"prevent(?:ed|ing|ion of)? (?:\w+ ){0,5}(?:from )?(?:passing|reaching|advancing|entering)",
        r"stopp(?:ed|ing) (?:an? |the )?(?:[\w-]+ ){0,2}(?:patrols?|convoys?)", r"turned back", r"objection of",
        r"obstruct\w*", r"sh(?:o|oo)t(?:ing)? down", r"downed", r"forced down",
        r"destroyed (?:[\w-]+ ){0,4}(?:drones|missiles|rockets)",
    )),
    EventType("standoff", "encounter", "Standoff", _SD, "Other", "people-arrows", (
        r"stand-?offs?", r"face-?offs?", r"faced (?:each other|one another|off)", r"verbal (?:quarrels?|altercations?)",
        r"tense encounters?",
    )),
    EventType("near_miss", "encounter", "Near miss", _SD, "Other", "triangle-exclamation", (
        r"near[- ]miss(?:es)?", r"nearly (?:shooting down|shot down|hit|collided|struck)", r"unsafe (?:intercept|manoeuvre|maneuver)s?",
        r"flew (?:[\w-]+ ){0,2}?(?:within|close to|at low altitude over|low over)", r"came within", r"evasive action",
        r"(?:jets?|aircraft|fighters|planes?|helicopters?|drones?|warships?|vessels?) (?:[\w-]+ ){0,2}harass(?:ed|ing)",
        r"harass(?:ed|ing) (?:[\w-]+ ){0,3}(?:drones?|jets?|aircraft|planes?|patrols?|vessels?|warships?)",
        r"(?:dropped|dropping|fired|firing) (?:parachute )?flares",
    )),
    EventType("arrest", "ground", "Arrests", _SD, "Arrests", "handcuffs", (
        r"arrest(?:ed|s|ing)?", r"detain(?:ed|ing)?", r"detentions?", r"apprehend\w*",
        r"captured (?:\w+ ){0,2}(?:suspects?|members|fighters|militants|commanders?)",
    )),
    EventType("base_handover", "posture", "Base handed over", _SD, "Non-violent transfer of territory", "right-left", (
        r"hand(?:ed|s|ing)? over (?:the |a |its |their )?(?:[\w-]+ ){0,3}(?:\w*bases?|positions?|posts?|airports?|facilit\w+|"
        r"dams?|crossings?|checkpoints?|(?:oil |gas )?fields?)",
        r"handover", r"moved into (?:a |an |the )?(?:[\w-]+ ){0,3}(?:bases?|posts?|positions?) (?:[\w-]+ ){0,7}?"
        r"(?:vacated|abandoned|left)", r"(?:took|taken|take|taking) over (?:the |a |an )?(?:[\w-]+ ){0,3}(?:\w*bases?|positions?|airports?|posts?)",
    )),
    EventType("base_closure", "posture", "Base closed", _SD, "Other", "door-closed", (
        r"clos(?:ure|ed|ing) (?:of )?(?:\w+ ){0,3}(?:bases?|facilities|facility|positions?|posts?)", r"closure of",
        r"(?:evacuat|dismantl|abandon)\w* (?:\w+ ){0,2}(?:bases?|posts?|positions?)",
        r"shut (?:down )?(?:[\w-]+ ){0,3}(?:bases?|posts?|positions?)",
    )),
    EventType("withdrawal", "posture", "Withdrawal", _SD, "Non-violent transfer of territory", "arrow-right-from-bracket", (
        r"withdr[ae]w\w*", r"pull(?:ed|ing|s)? (?:[\w-]+ ){0,4}?out\b", r"pull-?out", r"reduc\w+ (?:\w+ ){0,2}(?:military )?presence",
        r"drawdown", r"retreat(?:ed|ing)?", r"redeploy\w* (?:\w+ ){0,3}outside",
        r"(?:troops|forces|soldiers|units|contingents?) (?:have |had |has )?left (?:the |their )?(?:\w+ ){0,2}"
        r"(?:city|town|base|area|country|region|village)",
    )),
    EventType("deployment", "posture", "Deployment", _SD, "Other", "truck-moving", (
        r"deploy\w*", r"reinforcements?", r"stationed", r"moved into", r"took up positions?",
        r"(?:sent|dispatched|rushed) (?:[\w-]+ ){0,4}(?:troops|forces|fighters|system|units?|reinforcements)",
        r"(?:was|were|had been|has been) sent to", r"sent in",
        r"(?:helicopters?|jets?|aircraft|troops|forces|soldiers|units|systems?|reinforcements|military police) "
        r"(?:[\w-]+ ){0,3}arrived (?:at|in)",
        r"(?:troops|forces|soldiers|units|military police) (?:had |have |has )?(?:entered|moved into) (?:the|a) "
        r"(?:city|town|village|area)",
        r"set up (?:a |an |two |three |several )?(?:new )?(?:military )?(?:positions?|posts?|outposts?|bases?|checkpoints?)",
    )),
    EventType("convoy", "posture", "Convoy / resupply", _SD, "Other", "truck", (
        r"convoys? (?:of (?:\w+ ){1,3})?(?:entered|crossed|arrived|passed|reached|carrying|left|moved)",
        r"(?:trucks|lorries|vehicles) (?:\w+ ){0,2}crossed", r"resuppl\w+", r"supply (?:run|shipments?)",
        r"convoys? (?:[\w-]+ ){0,5}heading (?:to|for|towards)",
    ), weak=(r"convoys?",)),
    EventType("alert", "posture", "Alert", _SD, "Other", "bell", (
        r"(?:high|maximum|heightened|raised|state of) alert", r"alert level", r"heightened readiness",
        r"sirens? (?:sounded|wailed|went off|blared)", r"took cover",
    )),
    EventType("patrol", "posture", "Patrol", _SD, "Other", "route", (
        r"patroll?(?:ed|ing)",
        r"(?:conducted|carried out|began|begun|resumed|launched|held|ran) (?:an? |the |their )?(?:[\w-]+ ){0,3}patrols?",
    ), weak=(r"patrols?",)),
    EventType("talks", "diplomacy", "Talks / meeting", _SD, "Other", "handshake", (
        r"talks", r"meeting", r"met (?:with|in|at|on)", r"delegations? met",
        r"summit(?! of (?:the )?(?:Mount|Mt|Jabal|Jebel|Tal|Tell|Tel)\b)", r"negotiations?",
        r"met (?:[\w’'-]+ ){1,6}?(?:in|at) (?-i:[A-Z])[\w’'-]*",
    ), weak=(r"delegations?", r"visit(?:ed|s)?")),
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


_REGEX_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def _compiled(name: str, weak: bool) -> re.Pattern[str]:
    if (name, weak) not in _REGEX_CACHE:
        patterns = BY_NAME[name].weak if weak else BY_NAME[name].patterns
        # Whole words only, in any case: "Air strike", "airstrikes", "AIRSTRIKE".
        _REGEX_CACHE[name, weak] = re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)
    return _REGEX_CACHE[name, weak]


@dataclass(frozen=True)
class Trigger:
    """A phrase in a sentence that signals an event of ``event_type``."""

    event_type: EventType
    start: int
    end: int
    text: str
    weak: bool = False  #: a generic phrase ("struck") rather than a specific one ("drone strike")

    @property
    def name(self) -> str:
        return self.event_type.name


def triggers_in(sentence: str) -> list[Trigger]:
    """Every trigger in ``sentence``, in text order.

    Where triggers overlap, the longer phrase wins ("nearly shooting down" over
    "shooting down"), then a specific phrase over a generic one, then priority.
    """
    found = []
    for t in EVENT_TYPES:
        found += [Trigger(t, m.start(), m.end(), m.group()) for m in t.regex.finditer(sentence)]
        if t.weak_regex is not None:
            found += [Trigger(t, m.start(), m.end(), m.group(), weak=True) for m in t.weak_regex.finditer(sentence)]
    found.sort(key=lambda t: (-(t.end - t.start), t.weak, PRIORITY[t.name], t.start))
    kept: list[Trigger] = []
    for t in found:
        if not any(t.start < k.end and k.start < t.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)
