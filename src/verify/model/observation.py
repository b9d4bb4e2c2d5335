"""Observation records: the fields of contract section 3 and the rules a record must obey."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Kinds every feed may use; a pack may add its own (`treaty.yaml`, `kinds:`).
BASE_KINDS: frozenset[str] = frozenset(
    {
        "exercise",
        "movement",
        "notification",
        "invitation",
        "calendar",
        "inspection_request",
        "inspection_reply",
        "inspection",
        "clarification_request",
        "clarification_reply",
        "meeting_request",
        "meeting",
        "holding",
        "flight",
        "missile_test",
        "incident",
    }
)

#: Quantities named by the contract; a pack may declare more, and any numeric field is one.
BASE_QUANTITIES: frozenset[str] = frozenset(
    {
        "troops",
        "battle_tanks",
        "acv",
        "artillery",
        "aircraft_sorties",
        "combat_aircraft",
        "attack_helicopters",
        "deployed_warheads",
        "deployed_launchers",
        "launchers",
        "range_km",
        "distance_km",
        "amphibious_troops",
        "parachute_troops",
        "missiles",
    }
)

REQUIRED_FIELDS: tuple[str, ...] = ("id", "kind", "party", "time")
TEXT_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "party",
    "counterparty",
    "activity",
    "refers_to",
    "zone",
    "source",
    "reliability",
    "credibility",
    "releasability",
)
TIME_FIELDS: tuple[str, ...] = ("time", "start", "end")
POSITION_FIELDS: tuple[str, ...] = ("lat", "lon")
LIST_FIELDS: tuple[str, ...] = ("flags",)
CORE_FIELDS: frozenset[str] = frozenset(TEXT_FIELDS + TIME_FIELDS + POSITION_FIELDS + LIST_FIELDS)

RELIABILITY_GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
CREDIBILITY_GRADES: tuple[str, ...] = ("1", "2", "3", "4", "5", "6")
Releasability = Literal["public", "parties", "national"]
RELEASABILITY_LEVELS: tuple[str, ...] = ("public", "parties", "national")
DEFAULT_RELEASABILITY: Releasability = "national"

#: A time must carry an offset (`Z`, `+02:00`) unless it is a bare date (midnight UTC).
TIME_WITH_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"
)
BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Observation(BaseModel):
    """One validated observation record, for code that handles records one by one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: str
    party: str
    time: datetime
    counterparty: str | None = None
    activity: str | None = None
    refers_to: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    zone: str | None = None
    flags: tuple[str, ...] = ()
    source: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    releasability: Releasability = DEFAULT_RELEASABILITY
    quantities: dict[str, float] = Field(default_factory=dict)
    attributes: dict[str, str] = Field(default_factory=dict)
