"""Ceilings: the latest holding of a quantity, per party (and zone), stays at or below a limit;
or, judged over time, every holding does.

Records: covered records reporting the quantity (`holding`), ordered by time, then id, per
party (and zone).

- "the latest": only the latest holding is judged; an excess since reduced is no breach.
- "stays at most" (over time): each *episode* above the limit is one breach, even once reduced,
  as a limit that holds "thereafter" (New START, Article II) requires. An episode opens at the
  first holding above the limit and closes at the first holding back at or under it; its
  window runs from the one to the other, or to `as_of` while no holding is back under. Its
  subject (and so its finding id) is its first holding. Holdings dated before the obligation
  applies (`applies_from`) are not judged, so that an excess reported before and after that
  day opens its episode on the first holding from that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, by_party, no_deadline
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
    over_time: bool = False


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


@phrases.phrase(
    "ceiling-over-time",
    'the "deployed_warheads" held by each party stays at most 1,550',
    rf"the \"(?P<quantity>[^\"]+)\" held by each party(?P<zone> in each zone)? stays at most"
    rf" (?P<limit>{NUMBER})",
)
def _ceiling_over_time(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("ceiling", step)
    limit = number(found["limit"])
    draft.parts[NAME] = CeilingPart(found["quantity"], limit, bool(found["zone"]), True)
    draft.place(("quantity",), step)


def _build(draft: Draft, common: dict[str, Any]) -> Ceiling:
    part: CeilingPart = draft.parts[NAME]
    fields = {"quantity": part.quantity, "limit": part.limit, "per_zone": part.per_zone}
    return Ceiling.model_validate({**common, **fields, "over_time": part.over_time})


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
            TrailStep.made(
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
        window=Window.made(start=at, end=max(at, as_of)),
        at=at,
        zone=zone,
    )


def judged_from(obligation: Ceiling) -> datetime | None:
    """Over time, the moment from which holdings are judged: midnight UTC of the day the
    obligation applies from (None: every holding)."""
    if obligation.applies_from is None:
        return None
    return datetime.combine(obligation.applies_from, time(0), tzinfo=UTC)


def is_above(obligation: Ceiling, value: Any) -> Any:
    """Whether a holding's value is above the limit (for one value, or element-wise)."""
    return value > obligation.limit


def episode_breach(
    obligation: Ceiling, first: CitedRecord, back: CitedRecord | None, as_of: datetime
) -> Breach:
    """One episode above the limit, judged over time: from its first holding above the limit
    to the first holding back at or under it (`back`), or open (None) as of `as_of`."""
    value = float(first.quantity(obligation.quantity) or 0.0)
    at = first.time
    zone = holding_zone(obligation, first)
    where = f" in zone {zone}" if zone is not None else ""
    limit = amount(obligation.limit)
    cited = [first.playing(f"the first {obligation.quantity} reported above the limit{where}")]
    if back is None:
        end = max(at, as_of)
        closing = TrailStep.made(
            step="back under the limit",
            measured=f"no later holding at or under the limit as of {when(as_of)}",
            required=f"a holding of at most {limit}",
            holds=False,
        )
        until = f", and no later holding is back at or under it as of {day(as_of)}"
    else:
        end = back.time
        reduced = float(back.quantity(obligation.quantity) or 0.0)
        cited.append(
            replace(
                back.playing(f"the first {obligation.quantity} reported back under the limit"),
                decisive=False,
            )
        )
        closing = TrailStep.made(
            step="back under the limit",
            measured=f"{obligation.quantity} {amount(reduced)} in {back.kind} {back.id}"
            f" of {when(back.time)}",
            required=f"a holding of at most {limit}",
            holds=True,
        )
        until = f", until {amount(reduced)} was reported on {day(back.time)}"
    return Breach(
        obligation=obligation,
        party=first.party,
        subject=(first.id,),
        cited=tuple(cited),
        trail=(
            TrailStep.made(
                step="first holding above the limit",
                measured=f"{obligation.quantity} {amount(value)} in {first.kind} {first.id}"
                f" of {when(at)}{where}",
                required=f"at most {limit} at every holding",
                holds=False,
            ),
            closing,
        ),
        summary=(
            f"{first.party} held {amount(value)} {obligation.quantity}{where} as of {day(at)},"
            f" above the limit of {limit}{until} ({obligation.article})."
        ),
        window=Window.made(start=at, end=end),
        at=at,
        zone=zone,
    )


KIND = Kind(
    name=NAME,
    model=Ceiling,
    title="ceiling",
    summary="the latest holding of a quantity, per party (and zone), stays at or below a limit;"
    " or every holding does, each episode above it a breach even once reduced",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=by_party,
)
