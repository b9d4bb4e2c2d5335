"""OCSF Compliance Finding events (class 2003, schema 1.5.0) as JSON Lines (`--format ocsf`).

One event per finding, for a SIEM or a data lake that speaks the Open Cybersecurity Schema
Framework:

- `class_uid` 2003 in category 2 (Findings), activity 1 (Create), so `type_uid` 200301;
- `time` the run's `as_of` (when the compliance was judged), `start_time`/`end_time` and
  `finding_info.first_seen_time`/`last_seen_time` the finding's window, all in milliseconds
  since the epoch as OCSF counts time;
- `finding_info.uid` the finding id, its `title` the obligation's title, its `desc` the
  summary a diplomat reads;
- `compliance`: `control` the obligation id, `requirements` its citation, `standards` the
  treaty, `status_id` 3 (Fail) for a violation and 2 (Warning) for a potential or pending one;
- `severity_id` from the severity (`minor` Low, `major` High, `critical` Critical),
  `confidence_score` the confidence in percent, `status_id` 3 (Suppressed) for a waived
  finding and 1 (New) otherwise;
- the evidence records as `resources` (uid, kind, role, digest, grades) and as
  `observables` (each record id, type 10 "Resource UID", and each digest, type 8 "Hash");
- `unmapped.verify`: party, counterparty, status, channels, notes, withheld evidence and the
  line's `handling` marking, which OCSF has no field for.

Validated in the tests against the class's JSON Schema (OCSF 1.5.0, shipped in `tests/`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from verify import __version__
from verify.model.finding import Evidence, Finding
from verify.model.instants import as_utc, format_time
from verify.model.run import RunResult
from verify.report.serialize import plain_waiver
from verify.report.steps import steps_data
from verify.views import handling

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)
OCSF_VERSION = "1.5.0"
CLASS_UID = 2003
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
TYPE_UID = CLASS_UID * 100 + ACTIVITY_CREATE

#: OCSF `severity_id` and its caption, by severity.
SEVERITIES = {"minor": (2, "Low"), "major": (4, "High"), "critical": (5, "Critical")}
#: OCSF `compliance.status_id` and its caption, by finding status.
COMPLIANCE_STATUSES = {
    "violation": (3, "Fail"),
    "potential_violation": (2, "Warning"),
    "pending": (2, "Warning"),
}
OBSERVABLE_RESOURCE_UID = (10, "Resource UID")
OBSERVABLE_HASH = (8, "Hash")


def render_ocsf(result: RunResult) -> str:
    """One compact OCSF Compliance Finding event per finding and line, in the run's order."""
    titles = {rule.id: rule.title for pack in result.packs for rule in pack.rules}
    return "".join(
        json.dumps(
            ocsf_event(finding, result.as_of, titles), ensure_ascii=False, separators=(",", ":")
        )
        + "\n"
        for finding in result.findings
    )


def ocsf_event(finding: Finding, as_of: datetime, titles: dict[str, str]) -> dict[str, Any]:
    """One finding as an OCSF Compliance Finding event (`titles`: obligation titles by id)."""
    severity_id, severity = SEVERITIES[finding.severity]
    compliance_id, compliance = COMPLIANCE_STATUSES.get(finding.status, (99, "Other"))
    waived = finding.waiver is not None
    event: dict[str, Any] = {
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "type_uid": TYPE_UID,
        "type_name": "Compliance Finding: Create",
        "time": _millis(as_of),
        "severity_id": severity_id,
        "severity": severity,
        "status_id": 3 if waived else 1,
        "status": "Suppressed" if waived else "New",
        "confidence_score": round(finding.confidence * 100),
        "message": finding.summary,
        "metadata": {
            "version": OCSF_VERSION,
            "product": {"name": "verify", "vendor_name": "verify", "version": __version__},
            "uid": finding.id,
        },
        "finding_info": _finding_info(finding, titles),
        "compliance": {
            "control": finding.obligation,
            "requirements": [finding.article],
            "standards": [finding.treaty],
            "status_id": compliance_id,
            "status": compliance,
            "status_detail": finding.status,
        },
        "resources": [_resource(record) for record in finding.evidence],
        "observables": _observables(finding.evidence),
        "unmapped": {"verify": _unmapped(finding)},
    }
    if finding.window is not None:
        event["start_time"] = _millis(finding.window.start)
        event["end_time"] = _millis(finding.window.end)
    return event


def _finding_info(finding: Finding, titles: dict[str, str]) -> dict[str, Any]:
    """`finding_info`: the finding's id, the obligation's title, the summary and its window."""
    info: dict[str, Any] = {
        "uid": finding.id,
        "title": titles.get(finding.obligation, finding.obligation),
        "desc": finding.summary,
        "types": [finding.obligation],
    }
    if finding.window is not None:
        info["first_seen_time"] = _millis(finding.window.start)
        info["last_seen_time"] = _millis(finding.window.end)
    return info


def _resource(record: Evidence) -> dict[str, Any]:
    """An evidence record as an OCSF resource: its id, kind, and what it shows."""
    data: dict[str, Any] = {
        "role": record.role,
        "sha256": record.sha256,
        "time": format_time(record.time),
        "releasability": record.releasability,
    }
    for name in ("source", "reliability", "credibility", "file", "line"):
        value = getattr(record, name)
        if value is not None:
            data[name] = value
    return {"uid": record.id, "type": record.kind, "data": data}


def _observables(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    """Each evidence record's id and digest as observables a SIEM can correlate on."""
    observables: list[dict[str, Any]] = []
    for position, record in enumerate(evidence):
        observables.append(
            _observable(f"resources[{position}].uid", OBSERVABLE_RESOURCE_UID, record.id)
        )
        observables.append(
            _observable(f"resources[{position}].data.sha256", OBSERVABLE_HASH, record.sha256)
        )
    return observables


def _observable(name: str, type_: tuple[int, str], value: str) -> dict[str, Any]:
    """One OCSF observable."""
    return {"name": name, "type_id": type_[0], "type": type_[1], "value": value}


def _unmapped(finding: Finding) -> dict[str, Any]:
    """What OCSF has no field for, in the contract's words (section 5)."""
    return {
        "treaty": finding.treaty,
        "party": finding.party,
        "counterparty": finding.counterparty,
        "status": finding.status,
        "severity": finding.severity,
        "confidence": round(finding.confidence, 3),
        "due": None if finding.due is None else format_time(finding.due),
        "channels": [
            {
                "id": channel.id,
                "name": channel.name,
                "track": channel.track,
                "deadline": None if channel.deadline is None else format_time(channel.deadline),
                "steps": steps_data(channel),
            }
            for channel in finding.channels
        ],
        "notes": list(finding.notes),
        "waiver": plain_waiver(finding.waiver),
        "withheld": finding.withheld,
        "handling": handling([finding]),
    }


def _millis(moment: datetime) -> int:
    """A time as OCSF's `timestamp_t`: whole milliseconds since the Unix epoch."""
    return (as_utc(moment) - EPOCH) // MILLISECOND
