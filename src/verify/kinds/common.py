"""The phrases every kind of obligation shares: what it covers, its citation, severity,
where escalation starts, exemptions, confidence bar and applicability date."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from verify.kinds.language import QUOTED_LIST, Draft, Phrases, StepError, quoted, table_condition
from verify.model.obligation import Exemption

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NOUN = r"(?:an? )?(?:activity|activities|record|records|request|requests|test|tests|flight|flights)"

#: What a rule covers and how it narrows its records: read before the kinds' own phrases.
phrases = Phrases()
#: Severity, escalation, citation, confidence, dates: read after the kinds' own phrases.
closing = Phrases()


@phrases.phrase(
    "covers",
    'the obligation covers "exercise" and "movement" activities of every party',
    rf"the obligation covers (?P<kinds>{QUOTED_LIST}) (?P<noun>[a-z]+)"
    rf"(?: of (?P<parties>every party|{QUOTED_LIST}))?",
)
def _covers(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("covers", step)
    draft.kinds = quoted(found["kinds"])
    noun = found["noun"]
    draft.noun = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
    parties = found["parties"]
    draft.parties = () if parties in (None, "every party") else quoted(parties)
    draft.place(("scope",), step)


@phrases.phrase(
    "flagged-only",
    'only records flagged "alert" are covered',
    rf"only {NOUN} flagged (?P<flags>{QUOTED_LIST}) (?:is|are) covered",
)
def _flagged_only(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("flagged-only", step)
    draft.flags = quoted(found["flags"])
    joins = set(re.findall(r'"(?:, and |, or |, | and | or )"', found["flags"]))
    if joins and joins <= {'" or "', '", or "'}:
        draft.flags_mode = "any"  # "icbm" or "slbm": either flag will do
    elif joins & {'" or "', '", or "'}:
        raise StepError('say either "a" and "b" (every flag) or "a" or "b" (any one), not both')
    draft.place(("scope", "flags"), step)


@phrases.phrase(
    "within-zone",
    'only records inside the zone "zone-of-application" are covered',
    rf"only {NOUN} inside the zone \"(?P<zone>[^\"]+)\" (?:is|are) covered",
)
def _within_zone(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("within-zone", step)
    draft.within_zone = found["zone"]
    draft.place(("scope", "within_zone"), step)


@phrases.phrase(
    "exclude",
    "an activity is excluded when any of these is reached:",
    r"(?:an? [a-z]+|it) is excluded when (?P<mode>any|all) of these (?:is|are) (?:reached|met):",
)
def _exclude(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("exclude", step)
    draft.exclude = table_condition(found["mode"], step)
    draft.place(("scope", "exclude"), step)


@phrases.phrase(
    "condition",
    "an activity is notifiable when any of these is reached:",
    r"(?:an? [a-z]+|it) (?:is|counts as) [a-z -]+ when (?P<mode>any|all) of these"
    r" (?:is|are) (?:reached|met):",
)
def _condition(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("condition", step)
    draft.condition = table_condition(found["mode"], step)
    draft.place(("scope", "condition"), step)


@phrases.phrase(
    "exempt",
    'an activity flagged "alert" is exempt when notified no later than its start',
    r"(?:an? [a-z]+) flagged \"(?P<flag>[^\"]+)\" is exempt"
    r"(?P<notified> when notified no later than its start)?",
)
def _exempt(draft: Draft, found: re.Match[str], step: Step) -> None:
    when = "notified_by_start" if found["notified"] else "always"
    draft.place(("exemptions", len(draft.exemptions)), step)
    draft.exemptions.append(Exemption(flag=found["flag"], when=when))


@closing.phrase(
    "severity",
    'a missing or late notification is a "major" violation',
    r".+ is an? \"(?P<severity>[^\"]+)\" violation",
)
def _severity(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("severity", step)
    draft.severity = found["severity"]
    draft.place(("severity",), step)


@closing.phrase(
    "escalation",
    'escalation starts at "clarification"',
    r"escalation starts at \"(?P<channel>[^\"]+)\"",
)
def _escalation(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("escalation", step)
    draft.escalation_start = found["channel"]
    draft.place(("escalation_start",), step)


@closing.phrase(
    "article",
    'the obligation is set out in "Chapter V, paragraph 38"',
    r"the obligation is set out in \"(?P<article>[^\"]+)\"",
)
def _article(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("article", step)
    draft.article = found["article"]


@closing.phrase(
    "confidence",
    "a finding with confidence below 0.6 is a potential violation",
    r"a finding with confidence below (?P<bar>[01](?:\.\d+)?) is a potential violation",
)
def _confidence(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("confidence", step)
    bar = float(found["bar"])
    if not 0 <= bar <= 1:
        raise StepError("a confidence bar lies between 0 and 1")
    draft.confidence_bar = bar


@closing.phrase(
    "applies-from",
    "the obligation applies from 2018-02-05",
    r"the obligation applies from (?P<day>\d{4}-\d{2}-\d{2})",
)
def _applies_from(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("applies-from", step)
    try:
        draft.applies_from = date.fromisoformat(found["day"])
    except ValueError:
        raise StepError(f"{found['day']} is not a date") from None
