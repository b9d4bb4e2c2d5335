"""Quotas: requests received within the addressee's quota for the period must not be refused.

Records: each covered request with a counterparty (`request`, owed by its addressee), and the
refusals that can answer one (`answer`: the refusal kind, flagged so, by `refers_to` or by
activity, as for responses; a refusal the rule calls lawful is no answer). The quota phrase
also serves response rules (an answer owed only within quota).

Where a request stands (`QuotaPlace`): requests count per *unit*, the addressee, or the group
of parties it belongs to where the rule's quota table names the group (`treaty.yaml`,
`groups:`); with a table, an addressee it names neither alone nor by group is owed nothing.
A request's rank is its place among its unit's requests in the quota period (or in the rolling
window ending with it), by time and then id; for each flag quota (`of these, at most 10
requests flagged "type-one"`), its place among those of them carrying the flag. It is within
quota when every rank is within its limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from verify.kinds import periods
from verify.kinds.base import Correlation, Incomplete, Kind, Role, no_deadline
from verify.kinds.language import Draft, Phrases, StepError, table_condition
from verify.kinds.wording import condition_text, day, measured, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import Period, Rolling
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Condition, FlagQuota, PartyQuota, Quota, QuotaLimit
from verify.predicates import (
    AllOf,
    HasFlag,
    Predicate,
    Present,
    answer_predicate,
    condition_predicate,
    negated,
    scope_predicate,
)

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "quota"
#: The draft part both quota and response rules keep their quota in.
LIMIT = "quota-limit"


@dataclass
class QuotaPart:
    """The quota a rule states, its flag and party quotas, the refusal that breaches it and
    the condition that makes a refusal lawful."""

    limit: QuotaLimit | None = None
    flags: list[FlagQuota] = field(default_factory=list)
    refusal: tuple[str, str] | None = None
    lawful: Condition | None = None


phrases = Phrases(fits=frozenset({NAME}))
BOTH = frozenset({NAME, "response"})


@phrases.phrase(
    "quota",
    "a party must accept 3 requests per calendar year",
    rf"a party must accept (?P<n>\d+) requests? {periods.PER_PERIOD}",
    fits=BOTH,
)
def _quota(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("quota", step)
    years, period = periods.counted_period(found)
    draft.part(LIMIT, QuotaPart).limit = QuotaLimit(
        limit=int(found["n"]), years=years, period=period
    )
    draft.place(("quota",), step)


@phrases.phrase(
    "quota-parties",
    "a party must accept these requests per calendar year:",
    rf"a party must accept these requests {periods.PER_PERIOD}:",
    fits=BOTH,
)
def _quota_parties(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("quota", step)
    years, period = periods.counted_period(found)
    rows = _party_rows(step)
    draft.part(LIMIT, QuotaPart).limit = QuotaLimit(
        limit=max(row.limit for row in rows), years=years, period=period, parties=rows
    )
    draft.place(("quota",), step)


def _party_rows(step: Step) -> tuple[PartyQuota, ...]:
    """The rows of a `| party | requests |` table: a party's or a group's code, a number."""
    table = step.table
    if table is None:
        raise StepError("needs a table: | party | requests |")
    header = tuple(cell.strip().lower() for cell in table.header)
    if header != ("party", "requests"):
        raise StepError("the table's columns must be headed `party` and `requests`")
    rows: list[PartyQuota] = []
    for row in table.rows:
        party, count = row[0].strip(), row[1].strip().replace(",", "")
        if not count.isdigit():
            raise StepError(f"{row[1].strip()!r} is not a number of requests")
        if any(known.party == party for known in rows):
            raise StepError(f"party {party!r} is listed twice")
        rows.append(PartyQuota(party=party, limit=int(count)))
    if not rows:
        raise StepError("the table lists no party")
    return tuple(rows)


@phrases.phrase(
    "flag-quota",
    'of these, at most 10 requests flagged "type-one"',
    r"of these, at most (?P<n>\d+) requests? flagged \"(?P<flag>[^\"]+)\"",
    fits=BOTH,
)
def _flag_quota(draft: Draft, found: re.Match[str], step: Step) -> None:
    part = draft.part(LIMIT, QuotaPart)
    if any(f.flag == found["flag"] for f in part.flags):
        raise StepError(f"a quota for requests flagged {found['flag']!r} is stated twice")
    draft.place(("quota", "flags", len(part.flags)), step)
    part.flags.append(FlagQuota(flag=found["flag"], limit=int(found["n"])))


@phrases.phrase(
    "refusal",
    'an "inspection_reply" flagged "refused" to a request within quota is a breach',
    r"an? \"(?P<kind>[^\"]+)\" flagged \"(?P<flag>[^\"]+)\" to a request within quota is a breach",
)
def _refusal(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("refusal", step)
    draft.part(LIMIT, QuotaPart).refusal = (found["kind"], found["flag"])
    draft.place(("refusal_kind",), step)


@phrases.phrase(
    "lawful-refusal",
    "a refusal is lawful if any of these is reached:",
    r"a refusal is lawful if (?P<mode>any|all) of these (?:is|are) (?:reached|met):",
)
def _lawful(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("lawful-refusal", step)
    draft.part(LIMIT, QuotaPart).lawful = table_condition(found["mode"], step)
    draft.place(("lawful",), step)


def states(draft: Draft) -> bool:
    """Whether a rule states a quota: it names the refusal that breaches one."""
    quota = draft.parts.get(LIMIT)
    return isinstance(quota, QuotaPart) and quota.refusal is not None


def stated_limit(draft: Draft) -> QuotaLimit | None:
    """The quota a rule states, with its flag quotas (for quota and response rules)."""
    part = draft.parts.get(LIMIT)
    if not isinstance(part, QuotaPart):
        return None
    if part.limit is None:
        if part.flags:
            raise Incomplete("a flag quota (`of these, ...`) needs the quota it narrows")
        return None
    return part.limit.model_copy(update={"flags": tuple(part.flags)})


def _build(draft: Draft, common: dict[str, Any]) -> Quota:
    quota = draft.part(LIMIT, QuotaPart)
    limit = stated_limit(draft)
    if limit is None or quota.refusal is None:
        raise Incomplete("a quota needs `a party must accept N requests per calendar year`")
    kind, flag = quota.refusal
    return Quota.model_validate(
        {
            **common,
            "quota": limit,
            "refusal_kind": kind,
            "refusal_flag": flag,
            "lawful": quota.lawful,
        }
    )


def quota_period(limit: QuotaLimit) -> Period | Rolling:
    """The periods a quota is counted in: blocks of calendar years, treaty years, or the
    rolling window ending with each request."""
    return periods.partition(limit.period, limit.years)


def units(limit: QuotaLimit, group_of: Mapping[str, str]) -> dict[str, tuple[str, int]]:
    """For a quota with a party table: each addressee's (or group member's) counting unit and
    its limit, by addressee code; group members count as their group when it is listed."""
    rows = {row.party: row.limit for row in limit.parties}
    found = {party: (party, count) for party, count in rows.items()}
    for member, group in group_of.items():
        if group in rows:
            found[member] = (group, rows[group])
    return found


def unit_of(
    limit: QuotaLimit, group_of: Mapping[str, str], addressee: str
) -> tuple[str, int] | None:
    """The unit a request to `addressee` counts in and its limit; None where none is owed."""
    if not limit.parties:
        return addressee, limit.limit
    return units(limit, group_of).get(addressee)


@dataclass(frozen=True)
class QuotaPlace:
    """Where a request stands in its unit's quota: its rank, and its rank among the requests
    of each flag quota it carries (flag, rank, limit)."""

    unit: str
    limit: int
    rank: int
    flags: tuple[tuple[str, int, int], ...] = ()

    def within(self) -> bool:
        """Whether every rank is within its limit."""
        return self.rank <= self.limit and all(rank <= most for _, rank, most in self.flags)


def roles(obligation: Quota) -> list[Role]:
    """Covered requests (owed by their addressee), and the refusals that may answer them (not
    those the rule calls lawful)."""
    refused: list[Predicate] = [HasFlag(obligation.refusal_flag.lower())]
    if obligation.lawful is not None:
        refused.append(negated(condition_predicate(obligation.lawful)))
    request = AllOf((scope_predicate(obligation.scope), Present("counterparty")))
    return [
        Role("request", request, owner="counterparty"),
        Role("answer", answer_predicate(obligation.refusal_kind, *refused)),
    ]


def breach(
    obligation: Quota, request: CitedRecord, refusal: CitedRecord, place: QuotaPlace
) -> Breach:
    """A refusal of a request within its unit's quota (`place`)."""
    asked, answered = request.time, refusal.time
    debtor = str(request.text("counterparty"))
    counted = quota_period(obligation.quota)
    period = periods.describe(counted)
    rolling = isinstance(counted, Rolling)
    where = f"in the {period} up to it" if rolling else f"in its {period}"
    per = f"within any {period}" if rolling else f"per {period}"
    unit = debtor if place.unit == debtor else f"the group {place.unit} ({debtor})"
    whose = "its" if place.unit == debtor else f"{place.unit}'s"
    flagged = "".join(
        f"; request {rank} flagged {flag!r} (at most {most})" for flag, rank, most in place.flags
    )
    trail = [
        TrailStep.made(
            step="quota",
            measured=f"{request.kind} {request.id} is request {place.rank} received"
            f" by {unit} {where}{flagged}",
            required=f"at most {place.limit} {per} must be accepted",
            holds=True,
        ),
        TrailStep.made(
            step="refusal",
            measured=f"{obligation.refusal_kind} {refusal.id} flagged"
            f" {obligation.refusal_flag!r} at {when(answered)}",
            required="no refusal of a request within quota",
            holds=False,
        ),
    ]
    if obligation.lawful is not None:
        trail.insert(
            1,
            TrailStep.made(
                step="lawful refusal",
                measured=measured(refusal, obligation.lawful) or "no figure reported",
                required=f"a refusal is lawful on {condition_text(obligation.lawful)}",
                holds=False,
            ),
        )
    return Breach(
        obligation=obligation,
        party=debtor,
        counterparty=request.party,
        subject=(request.id,),
        cited=(request.playing("the request within quota"), refusal.playing("the refusal")),
        trail=tuple(trail),
        summary=(
            f"{debtor} refused {request.party}'s {request.kind} {request.id} of {day(asked)},"
            f" request {place.rank} of {whose} quota of {place.limit} {per}"
            f" ({obligation.article})."
        ),
        window=Window.made(start=asked, end=answered),
        at=answered,
    )


def correlation(obligation: Quota, group_of: Mapping[str, str]) -> Correlation:
    """By party (a request is its addressee's, a refusal its sender's), unless the quota table
    names a group, whose members' requests count together: then the whole feed."""
    return quota_correlation(obligation.quota, group_of)


def quota_correlation(limit: QuotaLimit | None, group_of: Mapping[str, str]) -> Correlation:
    """Whether a quota counts each addressee's requests alone ("party") or a group's ("feed")."""
    groups = set(group_of.values())
    if limit is not None and any(row.party in groups for row in limit.parties):
        return "feed"
    return "party"


KIND = Kind(
    name=NAME,
    model=Quota,
    title="quota",
    summary="requests received within the quota of the addressee (or its group) for the period,"
    " overall and per flag, must not be refused unless the refusal is lawful",
    phrases=phrases.items,
    states=states,
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=correlation,
)
