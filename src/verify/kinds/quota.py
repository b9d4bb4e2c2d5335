"""Quotas: requests received within the addressee's quota for the period must not be refused.

Records: each covered request with a counterparty (`request`, owed by its addressee), and the
refusals that can answer one (`answer`: the refusal kind, flagged so, by `refers_to` or by
activity, as for responses). A request's rank is its place among the requests its addressee
received in the quota period, by time and then id; ranks up to the limit are within quota.
The quota phrase also serves response rules (an answer owed only within quota).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Incomplete, Kind, Role, no_deadline
from verify.kinds.language import Draft, Phrases
from verify.kinds.wording import day, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import CalendarYears, Period
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Quota, QuotaLimit
from verify.predicates import AllOf, HasFlag, Present, answer_predicate, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "quota"
#: The draft part both quota and response rules keep their quota in.
LIMIT = "quota-limit"


@dataclass
class QuotaPart:
    """The quota a rule states, and the refusal that breaches it."""

    limit: QuotaLimit | None = None
    refusal: tuple[str, str] | None = None


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "quota",
    "a party must accept 3 requests per calendar year",
    r"a party must accept (?P<n>\d+) requests? per (?:calendar year|(?P<years>\d+) calendar years)",
    fits=frozenset({NAME, "response"}),
)
def _quota(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("quota", step)
    draft.part(LIMIT, QuotaPart).limit = QuotaLimit(
        limit=int(found["n"]), years=int(found["years"] or 1)
    )
    draft.place(("quota",), step)


@phrases.phrase(
    "refusal",
    'an "inspection_reply" flagged "refused" to a request within quota is a breach',
    r"an? \"(?P<kind>[^\"]+)\" flagged \"(?P<flag>[^\"]+)\" to a request within quota is a breach",
)
def _refusal(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("refusal", step)
    draft.part(LIMIT, QuotaPart).refusal = (found["kind"], found["flag"])
    draft.place(("refusal_kind",), step)


def states(draft: Draft) -> bool:
    """Whether a rule states a quota: it names the refusal that breaches one."""
    quota = draft.parts.get(LIMIT)
    return isinstance(quota, QuotaPart) and quota.refusal is not None


def _build(draft: Draft, common: dict[str, Any]) -> Quota:
    quota = draft.part(LIMIT, QuotaPart)
    if quota.limit is None or quota.refusal is None:
        raise Incomplete("a quota needs `a party must accept N requests per calendar year`")
    kind, flag = quota.refusal
    return Quota.model_validate(
        {**common, "quota": quota.limit, "refusal_kind": kind, "refusal_flag": flag}
    )


def quota_period(limit: QuotaLimit) -> Period:
    """The periods a quota is counted in: blocks of calendar years."""
    return CalendarYears(limit.years)


def roles(obligation: Quota) -> list[Role]:
    """Covered requests (owed by their addressee), and the refusals that may answer them."""
    refused = HasFlag(obligation.refusal_flag.lower())
    request = AllOf((scope_predicate(obligation.scope), Present("counterparty")))
    return [
        Role("request", request, owner="counterparty"),
        Role("answer", answer_predicate(obligation.refusal_kind, refused)),
    ]


def breach(obligation: Quota, request: CitedRecord, refusal: CitedRecord, rank: int) -> Breach:
    """A refusal of the request ranked `rank` in its addressee's period, within the quota."""
    asked, answered = request.time, refusal.time
    debtor = str(request.text("counterparty"))
    period = quota_period(obligation.quota).describe()
    return Breach(
        obligation=obligation,
        party=debtor,
        counterparty=request.party,
        subject=(request.id,),
        cited=(request.playing("the request within quota"), refusal.playing("the refusal")),
        trail=(
            TrailStep(
                step="quota",
                measured=f"{request.kind} {request.id} is request {rank} received"
                f" by {debtor} in its {period}",
                required=f"at most {obligation.quota.limit} per {period} must be accepted",
                holds=True,
            ),
            TrailStep(
                step="refusal",
                measured=f"{obligation.refusal_kind} {refusal.id} flagged"
                f" {obligation.refusal_flag!r} at {when(answered)}",
                required="no refusal of a request within quota",
                holds=False,
            ),
        ),
        summary=(
            f"{debtor} refused {request.party}'s {request.kind} {request.id} of {day(asked)},"
            f" request {rank} of its quota of {obligation.quota.limit} per"
            f" {period} ({obligation.article})."
        ),
        window=Window(start=asked, end=answered),
        at=answered,
    )


KIND = Kind(
    name=NAME,
    model=Quota,
    title="quota",
    summary="requests received within the yearly quota must not be refused",
    phrases=phrases.items,
    states=states,
    build=_build,
    roles=roles,
    deadline=no_deadline,
)
