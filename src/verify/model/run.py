"""What one run of `verify check` produced: findings plus the inputs they came from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from verify.model.finding import Finding
from verify.model.treaty import ContextLayer, Zone


def run_clock(as_of: datetime | None, latest: datetime | None) -> datetime:
    """The moment a run judges at: its stated `as_of`, else the latest event time of its
    records, else (no records) now."""
    if as_of is not None:
        return as_of
    return latest if latest is not None else datetime.now(UTC).replace(microsecond=0)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InputFile(_Frozen):
    """One observation input: its path (or `-`), the sha256 of its bytes, and its record counts."""

    path: str
    sha256: str
    records: int
    rejected: int


class RuleInfo(_Frozen):
    """One obligation of a pack as a report names it: id, title, citation and severity."""

    id: str
    title: str
    article: str
    severity: Literal["minor", "major", "critical"]


class PackInfo(_Frozen):
    """A treaty pack used by the run: id, title, where it was loaded from, and its obligations
    (`rules` describes each of them for the formats that list rules, such as SARIF)."""

    id: str
    title: str
    path: str
    obligations: tuple[str, ...]
    zones: tuple[Zone, ...] = ()
    rules: tuple[RuleInfo, ...] = ()
    #: The map layer drawn under the pack's zones (a coastline), where the pack ships one.
    context: ContextLayer | None = None


class RunResult(_Frozen):
    """Findings in their deterministic order, with the run's inputs and its as-of time."""

    findings: tuple[Finding, ...]
    packs: tuple[PackInfo, ...]
    inputs: tuple[InputFile, ...]
    as_of: datetime
    records: int
    rejected: int
    #: Obligations with no finding and no record of a kind they cover, by a party they cover:
    #: the feed says nothing about them, which is no evidence of compliance.
    no_data: tuple[str, ...] = ()
    #: Fields of the feed no rule reads (kept and ignored), with how many records carry each.
    unknown_fields: tuple[tuple[str, int], ...] = ()
    #: Party codes no pack of the run declares, with how many records each gave.
    unknown_parties: tuple[tuple[str, int], ...] = ()
