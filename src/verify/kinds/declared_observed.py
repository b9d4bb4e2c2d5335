"""Declared against observed: an observed quantity above the declared one by more than a
tolerance, or across a threshold the declaration stayed under, is a breach.

Records: covered records reporting the quantity with an activity key (`observed`), and the
declarations of the same quantity and activity (`declared`). An activity's latest declaration
(by time, then id) is compared with its earliest observation (by time, then id) that breaks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Incomplete, Kind, Role, by_party, no_deadline
from verify.kinds.language import NUMBER, Draft, Phrases, number
from verify.kinds.wording import amount, day
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import DeclaredObserved
from verify.predicates import AllOf, KindIs, Present, Reports, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "declared_observed"


@dataclass
class DeclaredPart:
    """The quantity compared and the declaring kind, with the tolerance or threshold."""

    quantity: str
    declared_kind: str
    tolerance_percent: float | None = None
    threshold: float | None = None


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "declared",
    'the observed "troops" is compared with the declared "notification" for the same activity',
    r"the observed \"(?P<quantity>[^\"]+)\" is compared with the declared \"(?P<kind>[^\"]+)\""
    r" for the same activity",
)
def _declared(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("declared", step)
    part = draft.part(NAME, lambda: DeclaredPart("", ""))
    part.quantity, part.declared_kind = found["quantity"], found["kind"]
    draft.place(("quantity",), step)
    draft.place(("declared_kind",), step)


@phrases.phrase(
    "tolerance",
    "the observed figure may exceed the declared one by at most 10 percent",
    rf"the observed figure may exceed the declared one by at most (?P<p>{NUMBER}) percent",
)
def _tolerance(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("tolerance", step)
    draft.part(NAME, lambda: DeclaredPart("", "")).tolerance_percent = number(found["p"])


@phrases.phrase(
    "crossing",
    "an observed figure of 9,000 or more is a breach where the declared one stayed below it",
    rf"an observed figure of (?P<n>{NUMBER}) or more is a breach where the declared one"
    r" stayed below it",
)
def _crossing(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("crossing", step)
    draft.part(NAME, lambda: DeclaredPart("", "")).threshold = number(found["n"])


def _states(draft: Draft) -> bool:
    return draft.says(NAME) and "declared" in draft.steps


def _build(draft: Draft, common: dict[str, Any]) -> DeclaredObserved:
    part: DeclaredPart = draft.parts[NAME]
    if part.tolerance_percent is None and part.threshold is None:
        raise Incomplete("declared against observed needs a tolerance or a threshold")
    return DeclaredObserved.model_validate(
        {
            **common,
            "declared_kind": part.declared_kind,
            "quantity": part.quantity,
            "tolerance_percent": part.tolerance_percent,
            "threshold": part.threshold,
        }
    )


def roles(obligation: DeclaredObserved) -> list[Role]:
    """Covered observations and declarations of the quantity, each with an activity key."""
    quantity = Reports(obligation.quantity)
    keyed = Present("activity")
    scope = scope_predicate(obligation.scope, obligation.exemptions)
    declared = AllOf((KindIs((obligation.declared_kind,)), quantity, keyed))
    return [Role("observed", AllOf((scope, quantity, keyed))), Role("declared", declared)]


def breaks(obligation: DeclaredObserved, seen: Any, stated: Any) -> Any:
    """Whether an observed figure breaks a declared one: for two numbers, or element-wise for
    two columns of them (the same operators serve both)."""
    tolerance, threshold = obligation.tolerance_percent, obligation.threshold
    over = (seen > stated * (1 + tolerance / 100)) if tolerance is not None else False
    crossed = ((seen >= threshold) & (stated < threshold)) if threshold is not None else False
    return over | crossed


def breach(obligation: DeclaredObserved, observed: CitedRecord, declared: CitedRecord) -> Breach:
    """An observation that breaks the activity's latest declaration."""
    quantity = obligation.quantity
    seen = float(observed.quantity(quantity) or 0.0)
    stated = float(declared.quantity(quantity) or 0.0)
    at = observed.time
    requirements = []
    if obligation.tolerance_percent is not None:
        requirements.append(
            f"at most {amount(obligation.tolerance_percent)}% above the declared {amount(stated)}"
        )
    if obligation.threshold is not None:
        requirements.append(
            f"below {amount(obligation.threshold)} as declared, or declared at or above it"
        )
    return Breach(
        obligation=obligation,
        party=observed.party,
        subject=(observed.id,),
        cited=(
            observed.playing(f"the observation of {quantity}"),
            declared.playing("the declaration it contradicts"),
        ),
        trail=(
            TrailStep.made(
                step=f"observed against declared {quantity}",
                measured=f"observed {amount(seen)} in {observed.id}; declared {amount(stated)}"
                f" in {declared.id}",
                required="; or ".join(requirements),
                holds=False,
            ),
        ),
        summary=(
            f"{observed.party} declared {amount(stated)} {quantity} for activity"
            f" {observed.text('activity')} but {amount(seen)} were observed on {day(at)}"
            f" ({obligation.article})."
        ),
        window=Window.made(start=declared.time, end=at),
        at=at,
    )


KIND = Kind(
    name=NAME,
    model=DeclaredObserved,
    title="declared against observed",
    summary="an observed quantity must not exceed the declared one (tolerance) or cross a"
    " threshold the declaration stayed under",
    phrases=phrases.items,
    states=_states,
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=by_party,
)
