"""The JSON shapes shared by every renderer: a finding, a run's inputs and packs, and its counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any, get_args

from verify.model.finding import Finding, Status
from verify.model.obligation import SEVERITIES
from verify.model.run import InputFile, PackInfo, RunResult

STATUSES: tuple[Status, ...] = get_args(Status)
CONFIDENCE_DIGITS = 3


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time (the contract rejects them) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """A time as ISO 8601 UTC to the second: `YYYY-MM-DDTHH:MM:SSZ`."""
    utc = as_utc(moment)
    if utc.year < 1000:  # `%Y` does not pad years before 1000; keep its exact output there
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    day = f"{utc.year}-{utc.month:02d}-{utc.day:02d}"
    return f"{day}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def format_optional_time(moment: datetime | None, missing: str = "") -> str:
    """`format_time`, or `missing` when there is no time."""
    return missing if moment is None else format_time(moment)


def deadline_text(deadline: datetime | None, verb: str = "by") -> str:
    """`by 2027-07-03T00:00:00Z` (with `verb` in front), or `no deadline`."""
    return "no deadline" if deadline is None else f"{verb} {format_time(deadline)}"


def round_confidence(confidence: float) -> float:
    """Confidence as every format shows it: rounded to three decimals."""
    return round(confidence, CONFIDENCE_DIGITS)


#: Types `_jsonable` passes through unchanged (checked by exact type, the common case first).
_PLAIN: frozenset[type] = frozenset({str, float, int, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """Datetimes to ISO strings and tuples to lists, recursively; dict order is kept."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {key: _jsonable(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding in the contract section 5 shape, keys in the model's field order, JSON-ready."""
    document: dict[str, Any] = _jsonable(finding.model_dump(mode="python"))
    document["confidence"] = round_confidence(finding.confidence)
    return document


def input_to_json(source: InputFile) -> dict[str, Any]:
    """One observation input: path, sha256 and record counts."""
    return source.model_dump(mode="json")


def pack_to_json(pack: PackInfo) -> dict[str, Any]:
    """One pack used by the run, with its zones named by id (their geometry stays in the pack)."""
    return {
        "id": pack.id,
        "title": pack.title,
        "path": pack.path,
        "obligations": list(pack.obligations),
        "zones": [zone.id for zone in pack.zones],
    }


def run_counts(result: RunResult) -> dict[str, Any]:
    """Records read and rejected, and findings by status, severity and obligation; keys sorted.

    Every status and severity is listed, and every obligation of every pack, zero or not, so that
    a pipeline reads the same keys on every run.
    """
    by_status = Counter(finding.status for finding in result.findings)
    by_severity = Counter(finding.severity for finding in result.findings)
    by_obligation = Counter(finding.obligation for finding in result.findings)
    obligations = {name for pack in result.packs for name in pack.obligations} | set(by_obligation)
    counts: dict[str, Any] = {
        "by_obligation": {name: by_obligation[name] for name in sorted(obligations)},
        "by_severity": {name: by_severity[name] for name in sorted(SEVERITIES)},
        "by_status": {name: by_status[name] for name in sorted(STATUSES)},
        "findings": len(result.findings),
        "records": result.records,
        "rejected": result.rejected,
    }
    return counts


def status_line(result: RunResult) -> str:
    """One line of counts: records read and rejected, findings by status."""
    by_status = Counter(finding.status for finding in result.findings)
    statuses = ", ".join(f"{by_status[name]} {name}" for name in STATUSES)
    return (
        f"Records read: {result.records}, rejected: {result.rejected}. "
        f"Findings: {len(result.findings)} ({statuses})."
    )
