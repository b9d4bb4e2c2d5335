"""A pack's metadata (`treaty.yaml`): parties and their dates, zones, quantities, channels."""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from verify.model.calendar import MAX_HOURS
from verify.model.observation import Releasability
from verify.model.restraint import DEFAULT_RESTRAINT, Restraint

#: A pack id: lower-case letters and digits in words joined by single hyphens. Findings, ledgers
#: and pipelines refer to packs by it, and it may name a folder or file, so it holds no path.
PACK_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(_Frozen):
    """A dated interval, open at the end when `until` is absent, with the note that explains it."""

    since: date
    until: date | None = None
    note: str = ""

    def covers(self, day: date) -> bool:
        """Whether `day` falls in the period (start inclusive, end exclusive)."""
        return self.since <= day and (self.until is None or day < self.until)


class Party(_Frozen):
    """A state party: its code, name and the dates that bound its obligations."""

    code: str
    name: str = ""
    joined: date | None = None
    withdrawn: date | None = None
    suspended: tuple[Period, ...] = ()


class PartyGroup(_Frozen):
    """Parties that act as one for a quota (Open Skies: the Republic of Belarus and the
    Russian Federation group of States Parties): a rule's quota table may name the group's code,
    and requests addressed to any member count against the group's quota."""

    code: str
    name: str = ""
    members: tuple[str, ...] = Field(min_length=2)
    note: str = ""


class PolygonZone(_Frozen):
    """A zone drawn as a GeoJSON Polygon or MultiPolygon geometry."""

    id: str
    type: Literal["polygon"] = "polygon"
    name: str = ""
    source: str = ""
    geometry: dict[str, Any]


class LineZone(_Frozen):
    """A zone defined as everything within `buffer_km` of a line (a demarcation line, say)."""

    id: str
    type: Literal["line"] = "line"
    name: str = ""
    source: str = ""
    coordinates: tuple[tuple[float, float], ...]
    buffer_km: float = 0.0


Zone = Annotated[PolygonZone | LineZone, Field(discriminator="type")]


class ContextLayer(_Frozen):
    """A map layer a pack ships beside its zones (a coastline, a border), drawn under them:
    a GeoJSON file in the pack's folder, and the public source it was derived from.

    `treaty.yaml` names `file` and `source`; loading the pack reads the file into `geojson`
    (a FeatureCollection, a Feature or a bare geometry), so a compiled pack carries it whole."""

    file: str
    source: str = Field(min_length=1)
    name: str = ""
    geojson: dict[str, Any] = Field(default_factory=dict)


class Quantity(_Frozen):
    """A quantity a pack refers to, with its unit."""

    name: str
    unit: str = "count"
    description: str = ""


class RecordField(_Frozen):
    """A field a pack's records may carry besides the contract's (a notice's `launch_area`):
    once declared, rules may require it (`required_fields`)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = ""


class Channel(_Frozen):
    """A channel through which a concern is raised; a pack lists them in escalation order."""

    id: str
    name: str
    track: Literal["1", "1.5", "2"] = "1"
    basis: str = ""
    deadline_hours: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    releasability: Releasability = "parties"


def public_rung(restraint: Restraint, channel: Channel) -> bool:
    """Whether raising a concern through `channel` makes it public, under the pack's policy."""
    if restraint.public is not None:
        return channel.id in restraint.public
    return channel.releasability == "public"


class TreatyMeta(_Frozen):
    """Everything `treaty.yaml` declares about one treaty."""

    id: str
    title: str
    prefix: str
    short_title: str = ""
    signed: date | None = None
    in_force: date | None = None
    ends: date | None = None
    source: str = ""
    parties: tuple[Party, ...] = ()
    groups: tuple[PartyGroup, ...] = ()
    every_state_may_be_party: bool = False
    suspended: tuple[Period, ...] = ()
    kinds: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    fields: tuple[RecordField, ...] = ()
    zones: tuple[Zone, ...] = ()
    context: ContextLayer | None = None
    channels: tuple[Channel, ...] = ()
    confidence_bar: float = 0.5
    escalation: Restraint = DEFAULT_RESTRAINT

    @field_validator("escalation")
    @classmethod
    def _policy_channels(cls, value: Restraint, info: ValidationInfo) -> Restraint:
        if "channels" not in info.data:  # the channels are invalid: that error says it all
            return value
        channels: tuple[Channel, ...] = info.data["channels"]
        known = [c.id for c in channels]
        for where, name in value.channel_names():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"{where} names unknown channel {name!r}{hint}")
        if value.public_requires and channels and public_rung(value, channels[0]):
            raise ValueError(
                f"public_requires is set but the first rung {channels[0].id!r} is public:"
                " restraint needs a lower, non-public rung to start from"
            )
        return value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not PACK_ID.fullmatch(value):
            raise ValueError(
                f"pack id {value!r} must be a slug: lower-case letters and digits, words joined"
                " by hyphens (such as vienna-document-2011)"
            )
        return value

    @field_validator("groups")
    @classmethod
    def _groups_of_parties(
        cls, groups: tuple[PartyGroup, ...], info: ValidationInfo
    ) -> tuple[PartyGroup, ...]:
        parties = {p.code for p in info.data.get("parties", ())}
        member_of: dict[str, str] = {}
        for at, group in enumerate(groups):
            where = f"group {group.code!r} (groups[{at}])"
            if group.code in parties:
                raise ValueError(f"{where}: its code is a party's; give the group its own")
            for member in group.members:
                if parties and member not in parties:
                    raise ValueError(f"{where}: member {member!r} is not a declared party")
                if member in member_of:
                    raise ValueError(
                        f"{where}: member {member!r} is already in group {member_of[member]!r}"
                    )
                member_of[member] = group.code
        return groups

    @model_validator(mode="after")
    def _unique_names(self) -> TreatyMeta:
        for label, names in (
            ("party", [p.code for p in self.parties]),
            ("group", [g.code for g in self.groups]),
            ("zone", [z.id for z in self.zones]),
            ("channel", [c.id for c in self.channels]),
        ):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"duplicate {label} {name!r}")
                seen.add(name)
        return self

    @cached_property
    def _parties_by_code(self) -> dict[str, Party]:
        return {p.code: p for p in self.parties}

    def party(self, code: str) -> Party | None:
        """The declared party with this code, if any (asked once per finding, so kept indexed)."""
        return self._parties_by_code.get(code)

    @cached_property
    def group_of(self) -> dict[str, str]:
        """The group each grouped party belongs to, by party code."""
        return {member: g.code for g in self.groups for member in g.members}

    def channel_index(self, channel_id: str) -> int | None:
        """The rung of a channel on the escalation ladder (0 is the first), if declared."""
        return next((i for i, c in enumerate(self.channels) if c.id == channel_id), None)
