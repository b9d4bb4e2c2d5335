"""Zone prohibitions: a covered activity inside a zone, or within a distance of a line.

Records: covered activities (`trigger`). A record with a position is measured against each of
the obligation's zones in order (`engines/geometry.py`); one without is judged by the zone it
is reported in. It is cited for the first zone it lies in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, no_deadline
from verify.kinds.language import NUMBER, QUOTED_LIST, Draft, Phrases, number, quoted
from verify.kinds.wording import amount, day, measured, scope_text, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import ZoneProhibition
from verify.model.treaty import LineZone, PolygonZone
from verify.predicates import scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "zone_prohibition"
#: Slack in km for a position exactly on a zone's edge or buffer.
EDGE_KM = 1e-9


@dataclass
class ZonePart:
    """The zones, and the distance from a line zone that is prohibited."""

    zones: tuple[str, ...]
    within_km: float | None = None


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "zone-inside",
    'such an activity inside the zone "west-sea-buffer" is prohibited',
    rf"such an? [a-z]+ inside (?:the zones?|any of the zones) (?P<zones>{QUOTED_LIST}) is"
    r" prohibited",
)
def _zone_inside(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("zone", step)
    draft.parts[NAME] = ZonePart(quoted(found["zones"]))
    draft.place(("zones",), step)


@phrases.phrase(
    "zone-near",
    'such an activity within 5 km of the line "mdl" is prohibited',
    rf"such an? [a-z]+ within (?P<km>{NUMBER}) km of the line (?P<zones>{QUOTED_LIST}) is"
    r" prohibited",
)
def _zone_near(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("zone", step)
    draft.parts[NAME] = ZonePart(quoted(found["zones"]), number(found["km"]))
    draft.place(("zones",), step)


def _build(draft: Draft, common: dict[str, Any]) -> ZoneProhibition:
    part: ZonePart = draft.parts[NAME]
    return ZoneProhibition.model_validate(
        {**common, "zones": part.zones, "within_km": part.within_km}
    )


def roles(obligation: ZoneProhibition) -> list[Role]:
    """Covered activities."""
    return [Role("trigger", scope_predicate(obligation.scope, obligation.exemptions))]


def zone_limit(obligation: ZoneProhibition, zone: PolygonZone | LineZone) -> float:
    """How near a zone an activity may not come, in km: the rule's distance from a line, the
    line's own buffer, or 0 (inside) for a polygon."""
    if obligation.within_km is not None:
        return obligation.within_km
    return zone.buffer_km if isinstance(zone, LineZone) else 0.0


def is_inside(distance: Any, limit: float) -> Any:
    """Whether a measured distance lies within the zone's limit (for one distance, or
    element-wise for a column of them)."""
    return distance <= limit + EDGE_KM


def breach(
    obligation: ZoneProhibition,
    hit: CitedRecord,
    zone: PolygonZone | LineZone,
    distance: float,
) -> Breach:
    """A covered record in `zone` (at `distance` km; NaN when only reported in it)."""
    at = hit.time
    limit = zone_limit(obligation, zone)
    label = zone.name or zone.id
    noun = obligation.scope.activity_noun
    lat, lon = hit.record.get("lat"), hit.record.get("lon")
    if math.isnan(distance):
        position = f"reported in zone {zone.id}"
    elif limit > 0:
        position = f"at {lat:.4f}, {lon:.4f}: {distance:.2f} km from {label}"
    else:
        position = f"at {lat:.4f}, {lon:.4f}: inside {label}"
    required = f"no such {noun} " + (
        f"within {amount(limit)} km of {label}" if limit > 0 else f"inside {label}"
    )
    where = (
        f"{distance:.1f} km from {label}"
        if not math.isnan(distance) and limit > 0
        else f"inside {label}"
    )
    return Breach(
        obligation=obligation,
        party=hit.party,
        subject=(hit.id, zone.id),
        cited=(hit.playing(f"the {hit.kind} in the zone"),),
        trail=(
            TrailStep(
                step=f"covered {noun}",
                measured=f"{hit.kind} {hit.id} at {when(at)}; "
                + measured(hit, obligation.scope.condition),
                required=scope_text(obligation.scope),
                holds=True,
            ),
            TrailStep(step="position", measured=position, required=required, holds=False),
        ),
        summary=(
            f"{hit.party} conducted a {hit.kind} ({hit.id}) on {day(at)} {where}, where it is"
            f" prohibited ({obligation.article})."
        ),
        window=Window(start=at, end=at),
        at=at,
        zone=zone.id,
    )


KIND = Kind(
    name=NAME,
    model=ZoneProhibition,
    title="zone prohibition",
    summary="a triggering activity inside a zone, or within a distance of a line zone",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
)
