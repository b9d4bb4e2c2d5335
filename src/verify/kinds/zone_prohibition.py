"""Zone prohibitions: a covered activity inside a zone, or within a distance of a line.

Records: covered activities (`trigger`). A record with a position is measured against each of
the obligation's zones in order (`engines/geometry.py`); one without is judged by the zone it
is reported in. It is cited for the first zone it lies in.

Zones per platform: one rule may give each platform (records with a flag, or of a record
kind) its own zones, as the Korean no-fly zones differ for fixed-wing, rotary-wing, unmanned
aircraft and balloons. A record is then measured only against the zones of the platforms it
is, in the table's order, and is cited for the first it lies in; a covered record of no
platform in the table is judged against none (the feed must say what it is).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, by_party, no_deadline
from verify.kinds.language import (
    NUMBER,
    QUOTED_LIST,
    Draft,
    Phrases,
    StepError,
    number,
    quoted,
)
from verify.kinds.wording import a, amount, day, measured, scope_text, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import PlatformZones, ZoneProhibition
from verify.model.treaty import LineZone, PolygonZone
from verify.predicates import HasFlag, KindIs, Predicate, scope_predicate

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
    platforms: tuple[PlatformZones, ...] = ()


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


@phrases.phrase(
    "zone-per-platform",
    "such a flight inside the zones for its type is prohibited:",
    r"such an? [a-z]+ inside the zones for its (?:type|platform|kind) is prohibited:",
)
def _zone_per_platform(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("zone", step)
    platforms = platform_table(step)
    zones = tuple(dict.fromkeys(zone for p in platforms for zone in p.zones))
    draft.parts[NAME] = ZonePart(zones, platforms=platforms)
    draft.place(("zones",), step)
    draft.place(("platforms",), step)


def platform_table(step: Step) -> tuple[PlatformZones, ...]:
    """The rows of a `| flag | zones |` (or `| kind | zones |`) table: each platform's zones,
    named without quotes and separated by commas or `and`."""
    if step.table is None:
        raise StepError("needs a table: | flag | zones | (or | kind | zones |), a row a platform")
    header = tuple(cell.strip().lower() for cell in step.table.header)
    if header not in (("flag", "zones"), ("kind", "zones")):
        raise StepError("the table's columns must be headed `flag` (or `kind`) and `zones`")
    platforms: list[PlatformZones] = []
    for row in step.table.rows:
        name, cell = row[0].strip(), row[1]
        zones = tuple(z.strip() for z in re.split(r",|\band\b", cell) if z.strip())
        if not name or not zones:
            raise StepError("each row names a platform and at least one zone")
        if header[0] == "flag":
            platforms.append(PlatformZones(flag=name.lower(), zones=zones))
        else:
            platforms.append(PlatformZones(record_kind=name, zones=zones))
    if not platforms:
        raise StepError("the table holds no platform")
    return tuple(platforms)


def _build(draft: Draft, common: dict[str, Any]) -> ZoneProhibition:
    part: ZonePart = draft.parts[NAME]
    return ZoneProhibition.model_validate(
        {**common, "zones": part.zones, "within_km": part.within_km, "platforms": part.platforms}
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


@dataclass(frozen=True)
class ZoneCheck:
    """One zone a record may be judged against: the zone, how near it may not come (km), and
    the platform it is for (None: every covered record), as a predicate and in words."""

    zone: PolygonZone | LineZone
    limit: float
    platform: Predicate | None = None
    platform_text: str | None = None


def zone_checks(
    obligation: ZoneProhibition, zones: Mapping[str, PolygonZone | LineZone]
) -> list[ZoneCheck]:
    """The zones a covered record is judged against, in order: the rule's zones, or each
    platform's zones in the table's order."""
    if not obligation.platforms:
        return [ZoneCheck(zones[z], zone_limit(obligation, zones[z])) for z in obligation.zones]
    return [
        ZoneCheck(zones[z], zone_limit(obligation, zones[z]), *_platform(platform))
        for platform in obligation.platforms
        for z in platform.zones
    ]


def _platform(platform: PlatformZones) -> tuple[Predicate, str]:
    if platform.flag is not None:
        return HasFlag(platform.flag), f'flagged "{platform.flag}"'
    return KindIs((str(platform.record_kind),)), f'of kind "{platform.record_kind}"'


def is_inside(distance: Any, limit: float) -> Any:
    """Whether a measured distance lies within the zone's limit (for one distance, or
    element-wise for a column of them)."""
    return distance <= limit + EDGE_KM


def breach(
    obligation: ZoneProhibition,
    hit: CitedRecord,
    zone: PolygonZone | LineZone,
    distance: float,
    platform: str | None = None,
) -> Breach:
    """A covered record in `zone` (at `distance` km; NaN when only reported in it), judged
    against that zone as a record of `platform` (`flagged "unmanned"`) where the rule gives
    each platform its zones."""
    at = hit.time
    limit = zone_limit(obligation, zone)
    label = zone.name or zone.id
    noun = obligation.scope.activity_noun
    lat, lon = hit.record.get("lat"), hit.record.get("lon")
    # a line zone with its own buffer is the area within it: a point there is inside the zone
    line_buffer = limit > 0 and obligation.within_km is None and isinstance(zone, LineZone)
    if math.isnan(distance):
        position = f"reported in zone {zone.id}"
    elif line_buffer:
        position = f"at {lat:.4f}, {lon:.4f}: inside {label}, {distance:.2f} km from the line"
    elif limit > 0:
        position = f"at {lat:.4f}, {lon:.4f}: {distance:.2f} km from {label}"
    else:
        position = f"at {lat:.4f}, {lon:.4f}: inside {label}"
    which = f"no such {noun} {platform} " if platform else f"no such {noun} "
    near = limit > 0 and not line_buffer
    required = which + (f"within {amount(limit)} km of {label}" if near else f"inside {label}")
    if limit <= 0 or (line_buffer and math.isnan(distance)):
        where = f"inside {label}"
    elif math.isnan(distance):
        where = f"within {amount(limit)} km of {label}"
    elif line_buffer:
        where = f"inside {label}, at {distance:.1f} km from the line"
    else:
        where = f"{distance:.1f} km from {label}"
    return Breach(
        obligation=obligation,
        party=hit.party,
        subject=(hit.id, zone.id),
        cited=(hit.playing(f"the {hit.kind} in the zone"),),
        trail=(
            TrailStep.made(
                step=f"covered {noun}",
                measured=f"{hit.kind} {hit.id} at {when(at)}; "
                + measured(hit, obligation.scope.condition),
                required=scope_text(obligation.scope),
                holds=True,
            ),
            TrailStep.made(step="position", measured=position, required=required, holds=False),
        ),
        summary=(
            f"{hit.party} conducted {a(hit.kind)} ({hit.id}) on {day(at)} {where}, where it is"
            f" prohibited ({obligation.article})."
        ),
        window=Window.made(start=at, end=at),
        at=at,
        zone=zone.id,
    )


KIND = Kind(
    name=NAME,
    model=ZoneProhibition,
    title="zone prohibition",
    summary="a triggering activity inside a zone, or within a distance of a line zone; with"
    " zones per platform (by flag or record kind)",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=by_party,
)
