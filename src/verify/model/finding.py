"""Findings: a breach (or a possible one) with its evidence, reasoning trail and channels."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["violation", "potential_violation", "pending"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A record the finding relies on, what it shows, and how far its source can be trusted."""

    id: str
    kind: str
    role: str
    sha256: str
    time: datetime
    source: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    releasability: str = "national"
    start: datetime | None = None
    end: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    file: str | None = None
    line: int | None = None


class TrailStep(_Frozen):
    """One step of reasoning: what was checked, what was measured, what was required."""

    step: str
    measured: str
    required: str
    holds: bool


class ChannelSuggestion(_Frozen):
    """A channel through which to raise the finding, in escalation order, with why and by when."""

    id: str
    name: str
    track: str
    basis: str
    deadline: datetime | None
    reason: str


class Window(_Frozen):
    """The period a finding covers."""

    start: datetime
    end: datetime


class Finding(_Frozen):
    """A finding as contract section 5 describes it."""

    id: str
    treaty: str
    obligation: str
    article: str
    party: str
    counterparty: str | None = None
    status: Status
    severity: Literal["minor", "major", "critical"]
    confidence: float
    summary: str
    evidence: tuple[Evidence, ...]
    trail: tuple[TrailStep, ...]
    channels: tuple[ChannelSuggestion, ...]
    window: Window
    due: datetime | None = None
    zone: str | None = None
    notes: tuple[str, ...] = ()
