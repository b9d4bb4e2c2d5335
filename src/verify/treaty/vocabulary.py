"""The step vocabulary of treaty packs: each phrase a registered pattern that fills a draft.

A Rule's Background is read step by step; each step must match exactly one phrase here. The
phrases are documented in `docs/writing-rules.md`; `PHRASES` below is what lint suggests from.
No user text is ever evaluated: values are parsed as numbers, names and dates, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from verify.errors import VerifyError
from verify.model.obligation import (
    OPERATORS,
    AnnualDate,
    Comparison,
    Condition,
    DaysBeforeStart,
    Exemption,
    NoticeRequirement,
    Operator,
    QuotaLimit,
    ResponseRequirement,
)
from verify.treaty.gherkin import Step


class StepError(VerifyError):
    """A step that matched a phrase but says something impossible (a bad number, say).

    Raised without a location by the phrase handlers; the compiler re-raises it as a
    `PackError` at the step's line."""


@dataclass
class Draft:
    """What the Background of one Rule has said so far; `compile.py` turns it into a model."""

    kinds: tuple[str, ...] = ()
    kinds_step: Step | None = None
    parties: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    noun: str = "activity"
    condition: Condition = field(default_factory=Condition)
    condition_step: Step | None = None
    exclude: Condition | None = None
    exclude_step: Step | None = None
    exemptions: list[Exemption] = field(default_factory=list)
    notices: list[NoticeRequirement] = field(default_factory=list)
    responses: list[ResponseRequirement] = field(default_factory=list)
    quota: QuotaLimit | None = None
    refusal: tuple[str, str] | None = None
    ceiling: tuple[str, float, bool] | None = None
    frequency: tuple[int, int] | None = None
    zones: tuple[str, ...] = ()
    within_km: float | None = None
    declared: tuple[str, str] | None = None
    tolerance_percent: float | None = None
    threshold: float | None = None
    prohibited: bool = False
    severity: str | None = None
    escalation_start: str | None = None
    article: str | None = None
    confidence_bar: float | None = None
    applies_from: date | None = None
    steps: dict[str, Step] = field(default_factory=dict)


Handler = Callable[[Draft, re.Match[str], Step], None]


@dataclass(frozen=True)
class Phrase:
    """A step phrase: its pattern, a readable template for suggestions, and what it does."""

    name: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler


QUOTED_LIST = r'"[^"]+"(?:(?:, | and | or |, and |, or )"[^"]+")*'
NUMBER = r"\d[\d,]*(?:\.\d+)?"
NOUN = r"(?:an? )?(?:activity|activities|record|records|request|requests|test|tests|flight|flights)"
MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]

PHRASES: list[Phrase] = []


def phrase(name: str, template: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for a step phrase (the pattern must match the whole step text)."""

    def register(handler: Handler) -> Handler:
        PHRASES.append(Phrase(name, template, re.compile(f"^{pattern}$"), handler))
        return handler

    return register


def quoted(text: str) -> tuple[str, ...]:
    """The quoted names in `"a", "b" and "c"`, in order."""
    return tuple(re.findall(r'"([^"]+)"', text))


def number(text: str) -> float:
    """A number as a treaty writes it: `9,000` or `42` or `2.5`."""
    return float(text.replace(",", ""))


def match_step(step: Step) -> tuple[Phrase, re.Match[str]] | None:
    """The phrase a step's text matches, if any (white space folded)."""
    text = " ".join(step.text.split())
    for candidate in PHRASES:
        found = candidate.pattern.match(text)
        if found:
            return candidate, found
    return None


def _remember(draft: Draft, name: str, step: Step) -> None:
    if name in draft.steps:
        raise StepError(f"said twice in this rule (first on line {draft.steps[name].line})")
    draft.steps[name] = step


@phrase(
    "covers",
    'the obligation covers "exercise" and "movement" activities of every party',
    rf"the obligation covers (?P<kinds>{QUOTED_LIST}) (?P<noun>[a-z]+)"
    rf"(?: of (?P<parties>every party|{QUOTED_LIST}))?",
)
def _covers(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "covers", step)
    draft.kinds = quoted(found["kinds"])
    draft.kinds_step = step
    noun = found["noun"]
    draft.noun = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
    parties = found["parties"]
    draft.parties = () if parties in (None, "every party") else quoted(parties)


@phrase(
    "flagged-only",
    'only records flagged "alert" are covered',
    rf"only {NOUN} flagged (?P<flags>{QUOTED_LIST}) (?:is|are) covered",
)
def _flagged_only(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "flagged-only", step)
    draft.flags = quoted(found["flags"])


@phrase(
    "exclude",
    "an activity is excluded when any of these is reached:",
    r"(?:an? [a-z]+|it) is excluded when (?P<mode>any|all) of these (?:is|are) (?:reached|met):",
)
def _exclude(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "exclude", step)
    draft.exclude = _table_condition(found["mode"], step)
    draft.exclude_step = step


@phrase(
    "condition",
    "an activity is notifiable when any of these is reached:",
    r"(?:an? [a-z]+|it) (?:is|counts as) [a-z -]+ when (?P<mode>any|all) of these"
    r" (?:is|are) (?:reached|met):",
)
def _condition(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "condition", step)
    draft.condition = _table_condition(found["mode"], step)
    draft.condition_step = step


def _table_condition(mode: str, step: Step) -> Condition:
    """The comparisons of a `| quantity | at least | ... |` table, combined any-of or all-of."""
    if step.table is None:
        raise StepError("needs a table: | quantity | at least | (or more than, at most, less than)")
    header = tuple(cell.strip().lower() for cell in step.table.header)
    if not header or header[0] != "quantity":
        raise StepError("the table's first column must be headed `quantity`")
    unknown = [op for op in header[1:] if op not in OPERATORS]
    if unknown:
        raise StepError(f"unknown comparison {unknown[0]!r}; use one of {', '.join(OPERATORS)}")
    comparisons: list[Comparison] = []
    for row in step.table.rows:
        quantity = row[0].strip()
        for op, cell in zip(header[1:], row[1:], strict=True):
            if cell.strip():
                comparisons.append(Comparison(quantity=quantity, op=_op(op), value=_num(cell)))
    if not comparisons:
        raise StepError("the table holds no comparison")
    return Condition(mode="any" if mode == "any" else "all", comparisons=tuple(comparisons))


def _op(text: str) -> Operator:
    for op in OPERATORS:
        if op == text:
            return op
    raise StepError(f"unknown comparison {text!r}")


def _num(text: str) -> float:
    try:
        return number(text.strip())
    except ValueError:
        raise StepError(f"{text.strip()!r} is not a number") from None


@phrase(
    "exempt",
    'an activity flagged "alert" is exempt when notified no later than its start',
    r"(?:an? [a-z]+) flagged \"(?P<flag>[^\"]+)\" is exempt"
    r"(?P<notified> when notified no later than its start)?",
)
def _exempt(draft: Draft, found: re.Match[str], step: Step) -> None:
    when = "notified_by_start" if found["notified"] else "always"
    draft.exemptions.append(Exemption(flag=found["flag"], when=when))


@phrase(
    "notice-days",
    'a "notification" for the same activity is due 42 days before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" for the same activity is due (?P<days>{NUMBER}) days? before"
    r" it starts",
)
def _notice_days(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.notices.append(
        NoticeRequirement(
            counterpart_kind=found["kind"], due=DaysBeforeStart(days=number(found["days"]))
        )
    )


@phrase(
    "notice-at-start",
    'a "notification" for the same activity is due no later than when it starts',
    r"an? \"(?P<kind>[^\"]+)\" for the same activity is due no later than when it starts",
)
def _notice_at_start(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.notices.append(
        NoticeRequirement(counterpart_kind=found["kind"], due=DaysBeforeStart(days=0))
    )


@phrase(
    "notice-annual",
    'a "calendar" for the same activity is due by 15 November of the year before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" for the same activity is due by (?P<day>\d{{1,2}})"
    rf" (?P<month>{'|'.join(MONTHS)}) of the year before it starts",
)
def _notice_annual(draft: Draft, found: re.Match[str], step: Step) -> None:
    month = MONTHS.index(found["month"]) + 1
    day = int(found["day"])
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        raise StepError(f"{day} {found['month']} is not a date")
    draft.notices.append(
        NoticeRequirement(counterpart_kind=found["kind"], due=AnnualDate(month=month, day=day))
    )


@phrase(
    "response",
    'a "clarification_reply" from the addressed party is due within 48 hours of the request',
    rf"an? \"(?P<kind>[^\"]+)\" from the addressed party is due within (?P<n>{NUMBER})"
    r" (?P<unit>hours?|days?) of the request",
)
def _response(draft: Draft, found: re.Match[str], step: Step) -> None:
    hours = number(found["n"]) * (24 if found["unit"].startswith("day") else 1)
    draft.responses.append(ResponseRequirement(counterpart_kind=found["kind"], hours=hours))


@phrase(
    "quota",
    "a party must accept 3 requests per calendar year",
    r"a party must accept (?P<n>\d+) requests? per (?:calendar year|(?P<years>\d+) calendar years)",
)
def _quota(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "quota", step)
    draft.quota = QuotaLimit(limit=int(found["n"]), years=int(found["years"] or 1))


@phrase(
    "refusal",
    'an "inspection_reply" flagged "refused" to a request within quota is a breach',
    r"an? \"(?P<kind>[^\"]+)\" flagged \"(?P<flag>[^\"]+)\" to a request within quota is a breach",
)
def _refusal(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "refusal", step)
    draft.refusal = (found["kind"], found["flag"])


@phrase(
    "ceiling",
    'the latest "deployed_warheads" of each party is at most 1,550',
    rf"the latest \"(?P<quantity>[^\"]+)\" of each party(?P<zone> in each zone)? is at most"
    rf" (?P<limit>{NUMBER})",
)
def _ceiling(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "ceiling", step)
    draft.ceiling = (found["quantity"], number(found["limit"]), bool(found["zone"]))


@phrase(
    "frequency",
    "at most 6 such activities per party per calendar year",
    r"at most (?P<n>\d+) such (?:activities|activity|records?|tests?|flights?|requests?) per party"
    r" (?:per calendar year|within (?P<years>\d+) calendar years)",
)
def _frequency(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "frequency", step)
    draft.frequency = (int(found["n"]), int(found["years"] or 1))


@phrase(
    "zone-inside",
    'such an activity inside the zone "west-sea-buffer" is prohibited',
    rf"such an? [a-z]+ inside (?:the zones?|any of the zones) (?P<zones>{QUOTED_LIST}) is"
    r" prohibited",
)
def _zone_inside(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "zone", step)
    draft.zones = quoted(found["zones"])


@phrase(
    "zone-near",
    'such an activity within 5 km of the line "mdl" is prohibited',
    rf"such an? [a-z]+ within (?P<km>{NUMBER}) km of the line (?P<zones>{QUOTED_LIST}) is"
    r" prohibited",
)
def _zone_near(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "zone", step)
    draft.zones = quoted(found["zones"])
    draft.within_km = number(found["km"])


@phrase(
    "declared",
    'the observed "troops" is compared with the declared "notification" for the same activity',
    r"the observed \"(?P<quantity>[^\"]+)\" is compared with the declared \"(?P<kind>[^\"]+)\""
    r" for the same activity",
)
def _declared(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "declared", step)
    draft.declared = (found["quantity"], found["kind"])


@phrase(
    "tolerance",
    "the observed figure may exceed the declared one by at most 10 percent",
    rf"the observed figure may exceed the declared one by at most (?P<p>{NUMBER}) percent",
)
def _tolerance(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "tolerance", step)
    draft.tolerance_percent = number(found["p"])


@phrase(
    "crossing",
    "an observed figure of 9,000 or more is a breach where the declared one stayed below it",
    rf"an observed figure of (?P<n>{NUMBER}) or more is a breach where the declared one"
    r" stayed below it",
)
def _crossing(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "crossing", step)
    draft.threshold = number(found["n"])


@phrase("prohibited", "such an activity is prohibited", r"such an? [a-z]+ is prohibited")
def _prohibited(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "prohibited", step)
    draft.prohibited = True


@phrase(
    "severity",
    'a missing or late notification is a "major" violation',
    r".+ is an? \"(?P<severity>[^\"]+)\" violation",
)
def _severity(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "severity", step)
    draft.severity = found["severity"]


@phrase(
    "escalation",
    'escalation starts at "clarification"',
    r"escalation starts at \"(?P<channel>[^\"]+)\"",
)
def _escalation(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "escalation", step)
    draft.escalation_start = found["channel"]


@phrase(
    "article",
    'the obligation is set out in "Chapter V, paragraph 38"',
    r"the obligation is set out in \"(?P<article>[^\"]+)\"",
)
def _article(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "article", step)
    draft.article = found["article"]


@phrase(
    "confidence",
    "a finding with confidence below 0.6 is a potential violation",
    r"a finding with confidence below (?P<bar>[01](?:\.\d+)?) is a potential violation",
)
def _confidence(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "confidence", step)
    bar = float(found["bar"])
    if not 0 <= bar <= 1:
        raise StepError("a confidence bar lies between 0 and 1")
    draft.confidence_bar = bar


@phrase(
    "applies-from",
    "the obligation applies from 2018-02-05",
    r"the obligation applies from (?P<day>\d{4}-\d{2}-\d{2})",
)
def _applies_from(draft: Draft, found: re.Match[str], step: Step) -> None:
    _remember(draft, "applies-from", step)
    try:
        draft.applies_from = date.fromisoformat(found["day"])
    except ValueError:
        raise StepError(f"{found['day']} is not a date") from None
