"""Ceilings: the latest holding of a quantity, per party (and zone), stays at or below a limit.

Records: covered records reporting the quantity (`holding`); the latest by time, then id, of
each party (and zone) is judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, no_deadline
from verify.kinds.language import NUMBER, Draft, Phrases, number
from verify.kinds.wording import amount, day, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Ceiling
from verify.predicates import AllOf, Reports, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "ceiling"


@dataclass
class CeilingPart:
    """The quantity, its limit, and whether it holds per zone."""

    quantity: str
    limit: float
    per_zone: bool


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "ceiling",
    'the latest "deployed_warheads" of each party is at most 1,550',
    rf"the latest \"(?P<quantity>[^\"]+)\" of each party(?P<zone> in each zone)? is at most"
    rf" (?P<limit>{NUMBER})",
)
def _ceiling(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("ceiling", step)
    part = CeilingPart(found["quantity"], number(found["limit"]), bool(found["zone"]))
    draft.parts[NAME] = part
    draft.place(("quantity",), step)


def _build(draft: Draft, common: dict[str, Any]) -> Ceiling:
    part: CeilingPart = draft.parts[NAME]
    return Ceiling.model_validate(
        {**common, "quantity": part.quantity, "limit": part.limit, "per_zone": part.per_zone}
    )


def roles(obligation: Ceiling) -> list[Role]:
    """Covered records that report the quantity."""
    scope = scope_predicate(obligation.scope, obligation.exemptions)
    return [Role("holding", AllOf((scope, Reports(obligation.quantity))))]


def holding_zone(obligation: Ceiling, holding: CitedRecord) -> str | None:
    """The zone a holding counts in, when the ceiling holds per zone."""
    return holding.text("zone") if obligation.per_zone else None


def breach(obligation: Ceiling, holding: CitedRecord, as_of: datetime) -> Breach:
    """The latest holding above the limit, as of `as_of` (its window runs to then)."""
    value = float(holding.quantity(obligation.quantity) or 0.0)
    at = holding.time
    zone = holding_zone(obligation, holding)
    where = f" in zone {zone}" if zone is not None else ""
    return Breach(
        obligation=obligation,
        party=holding.party,
        subject=(holding.id,),
        cited=(holding.playing(f"the latest {obligation.quantity} reported{where}"),),
        trail=(
            TrailStep(
                step="latest holding",
                measured=f"{obligation.quantity} {amount(value)} in {holding.kind} {holding.id}"
                f" of {when(at)}{where}",
                required=f"at most {amount(obligation.limit)}",
                holds=False,
            ),
        ),
        summary=(
            f"{holding.party} held {amount(value)} {obligation.quantity}{where} as of"
            f" {day(at)}, above the limit of {amount(obligation.limit)}"
            f" ({obligation.article})."
        ),
        window=Window(start=at, end=max(at, as_of)),
        at=at,
        zone=zone,
    )


KIND = Kind(
    name=NAME,
    model=Ceiling,
    title="ceiling",
    summary="the latest holding of a quantity, per party (and zone), stays at or below a limit",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
)
