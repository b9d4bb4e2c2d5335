"""Response within a deadline: a reply, entry or meeting owed by the addressed party within
some hours of a request; missing or late, it is a breach. With a quota, only requests within
the addressee's quota for the period are owed an answer.

Records: each covered request with a counterparty (`request`, owed by its addressee), and for
each answer kind the records that can answer one, by `refers_to` or by activity
(`answer:<kind>`). An answer is the earliest from the addressee referring to the request, or
sharing its activity from the request's time on (that one wins only when strictly earlier).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from verify.kinds import quota as quota_kind
from verify.kinds.base import Correlation, Kind, Role
from verify.kinds.language import NUMBER, Draft, Phrases, number
from verify.kinds.wording import a, day, span, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import After, due
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Response, ResponseRequirement
from verify.predicates import AllOf, Present, answer_predicate, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "response"


@dataclass
class Answers:
    """The answers a rule has asked for so far."""

    requirements: list[ResponseRequirement] = field(default_factory=list)


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "response",
    'a "clarification_reply" from the addressed party is due within 48 hours of the request',
    rf"an? \"(?P<kind>[^\"]+)\" from the addressed party is due within (?P<n>{NUMBER})"
    r" (?P<unit>hours?|days?|minutes?) of the request",
)
def _response(draft: Draft, found: re.Match[str], step: Step) -> None:
    per_unit = {"d": 24.0, "h": 1.0, "m": 1 / 60}[found["unit"][0]]
    hours = number(found["n"]) * per_unit
    answers = draft.part(NAME, Answers)
    draft.place(("requirements", len(answers.requirements)), step)
    answers.requirements.append(ResponseRequirement(counterpart_kind=found["kind"], hours=hours))


def _states(draft: Draft) -> bool:
    # A rule that speaks of refusals within quota is a quota rule (`kinds/quota.py`).
    return draft.says(NAME) and not quota_kind.states(draft)


def _build(draft: Draft, common: dict[str, Any]) -> Response:
    requirements = tuple(draft.part(NAME, Answers).requirements)
    limit = quota_kind.stated_limit(draft)
    return Response.model_validate({**common, "requirements": requirements, "quota": limit})


def deadline_of(requirement: ResponseRequirement) -> After:
    """When an answer is due, as the calendar counts it from the request."""
    return After(timedelta(hours=requirement.hours))


def due_moment(requirement: ResponseRequirement, asked: datetime) -> datetime:
    """When the answer to a request made at `asked` is due."""
    return due(deadline_of(requirement), asked)


def roles(obligation: Response) -> list[Role]:
    """Covered requests (owed by their addressee), and the records that may answer them."""
    kinds = dict.fromkeys(r.counterpart_kind for r in obligation.requirements)
    scope = scope_predicate(obligation.scope, obligation.exemptions)
    return [Role("request", AllOf((scope, Present("counterparty"))), owner="counterparty")] + [
        Role(f"answer:{kind}", answer_predicate(kind)) for kind in kinds
    ]


def longest_deadline(obligation: Response) -> timedelta:
    """The longest answer deadline."""
    return timedelta(hours=max(r.hours for r in obligation.requirements))


def breach(
    obligation: Response,
    number: int,
    request: CitedRecord,
    answer: CitedRecord | None,
    as_of: datetime,
) -> Breach:
    """The breach of requirement `number` for a request: its answer missing at `as_of`
    (pending while not yet due), or late."""
    requirement = obligation.requirements[number]
    kind = requirement.counterpart_kind
    asked = request.time
    due_at = due_moment(requirement, asked)
    allowed = deadline_of(requirement).length  # not due_at - asked: the calendar may end first
    debtor = str(request.text("counterparty"))
    activity = request.text("activity")
    required = f"within {span(allowed)} of the request: by {when(due_at)}"
    cited = [request.playing(f"the {request.kind} that required {a(kind)}")]
    pending = False
    if answer is None:
        pending = due_at > as_of
        step = TrailStep.made(
            step=f"{kind} searched",
            measured=f"no {kind} from {debtor} referring to {request.id}"
            + (f" or activity {activity!r}" if activity is not None else "")
            + f" in the feed up to {when(min(due_at, as_of))}",
            required=required,
            holds=False,
        )
        asking = f"{request.party}'s {request.kind} {request.id} of {day(asked)}"
        summary = (
            f"{debtor}'s {kind} to {asking} is due by {when(due_at)} ({obligation.article});"
            " the feed holds none yet."
            if pending
            else f"{debtor} gave no {kind} to {asking}; one was due by {when(due_at)}"
            f" ({obligation.article})."
        )
        window = Window.made(start=asked, end=due_at)
    else:
        answered = answer.time
        cited.append(answer.playing(f"the late {kind}"))
        step = TrailStep.made(
            step=f"{kind} delay",
            measured=f"{kind} {answer.id} sent {when(answered)}, "
            f"{span(answered - asked)} after the request",
            required=required,
            holds=False,
        )
        summary = (
            f"{debtor} answered {request.party}'s {request.kind} {request.id}"
            f" {span(answered - asked)} after it was made; the {kind} was due within"
            f" {span(allowed)}, by {when(due_at)} ({obligation.article})."
        )
        window = Window.made(start=asked, end=answered)
    return Breach(
        obligation=obligation,
        party=debtor,
        counterparty=request.party,
        subject=(request.id, f"#{number}"),
        cited=tuple(cited),
        trail=(
            TrailStep.made(
                step="request",
                measured=f"{request.kind} {request.id} from {request.party} to {debtor}"
                f" at {when(asked)}",
                required=f"{a(kind)} from the addressed party",
                holds=True,
            ),
            step,
        ),
        summary=summary,
        window=window,
        at=due_at,
        due=due_at,
        pending=pending,
    )


def correlation(obligation: Response, group_of: Mapping[str, str]) -> Correlation:
    """By party (a request is its addressee's, a reply its sender's), unless an answer is owed
    only within a quota counted for a group: then the whole feed."""
    return quota_kind.quota_correlation(obligation.quota, group_of)


KIND = Kind(
    name=NAME,
    model=Response,
    title="response within a deadline",
    summary="a reply, entry or meeting owed by the addressed party within a deadline of a request",
    phrases=phrases.items,
    states=_states,
    build=_build,
    roles=roles,
    deadline=longest_deadline,
    correlation=correlation,
)
