"""SARIF 2.1.0 for code-scanning views (`verify check --format sarif`).

One run, whose tool lists one rule per obligation of the packs used (the obligation's title as
its short description, its citation in the treaty text as its help), and one result per
finding:

- `ruleId` the obligation id, `level` from the severity (`critical` and `major` are `error`,
  `minor` a `warning`; a pending finding is a `note`), `kind` `fail` for a violation, `review`
  for a potential one and `open` for a pending one;
- `message` the summary; `locations` the evidence records: the feed file and line where the
  record was read (`physicalLocation`), and the record id (`logicalLocations`);
- `partialFingerprints` the finding id (deterministic, so a code-scanning view follows a
  finding from run to run);
- a waived finding carries its waiver as an accepted external `suppression`;
- `properties` hold what SARIF has no field for: treaty, party, counterparty, status,
  severity, confidence, window, due moment, withheld evidence and the handling marking.

The output is one indented JSON document validated in the tests against the OASIS schema.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from verify import __version__
from verify.model.finding import Evidence, Finding
from verify.model.instants import format_time
from verify.model.run import RuleInfo, RunResult
from verify.report.serialize import plain_waiver
from verify.report.steps import steps_data
from verify.views import handling, withheld_total

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
FINGERPRINT = "verifyFindingId/v1"

#: SARIF `level` by severity, for findings that are not pending.
LEVELS = {"critical": "error", "major": "error", "minor": "warning"}
#: SARIF `kind` by finding status.
KINDS = {"violation": "fail", "potential_violation": "review", "pending": "open"}
#: The `security-severity` a code-scanning view sorts rules by (0.0 to 10.0).
SECURITY_SEVERITY = {"critical": "9.0", "major": "7.0", "minor": "4.0"}


def render_sarif(result: RunResult) -> str:
    """The run as one SARIF 2.1.0 log, indented, newline-terminated."""
    return json.dumps(sarif_log(result), ensure_ascii=False, indent=2) + "\n"


def sarif_log(result: RunResult) -> dict[str, Any]:
    """The run as a SARIF log object: one run, its rules and one result per finding."""
    rules = _rules(result)
    index = {rule.id: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "verify",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule, _treaty_of(result, rule.id)) for rule in rules],
            }
        },
        "results": [_result(finding, index) for finding in result.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "handling": handling(result.findings),
            "as_of": format_time(result.as_of),
            "records": result.records,
            "rejected": result.rejected,
            "withheld": withheld_total(result.findings),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rules(result: RunResult) -> tuple[RuleInfo, ...]:
    """Every obligation of the packs used, in pack order, then any obligation a finding names
    that no pack describes (a result's rule must exist)."""
    rules: dict[str, RuleInfo] = {}
    for pack in result.packs:
        for rule in pack.rules:
            rules.setdefault(rule.id, rule)
    for finding in result.findings:
        if finding.obligation not in rules:
            rules[finding.obligation] = RuleInfo(
                id=finding.obligation,
                title=finding.obligation,
                article=finding.article,
                severity=finding.severity,
            )
    return tuple(rules.values())


def _treaty_of(result: RunResult, obligation: str) -> str | None:
    """The id of the pack that holds an obligation, if any pack of the run does."""
    for pack in result.packs:
        if obligation in pack.obligations:
            return pack.id
    return next((f.treaty for f in result.findings if f.obligation == obligation), None)


def _rule(rule: RuleInfo, treaty: str | None) -> dict[str, Any]:
    """A SARIF `reportingDescriptor` for one obligation."""
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} ({rule.article})"},
        "help": {"text": rule.article},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "treaty": treaty,
            "severity": rule.severity,
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": ["treaty-compliance", *([treaty] if treaty else [])],
        },
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    """A SARIF `result` for one finding."""
    level = "note" if finding.status == "pending" else LEVELS[finding.severity]
    result: dict[str, Any] = {
        "ruleId": finding.obligation,
        "ruleIndex": index[finding.obligation],
        "kind": KINDS.get(finding.status, "review"),
        "level": level,
        "message": {"text": finding.summary},
        "locations": [_location(record) for record in finding.evidence],
        "partialFingerprints": {FINGERPRINT: finding.id},
        "properties": _properties(finding),
    }
    if finding.waiver is not None:
        result["suppressions"] = [_suppression(finding.waiver)]
    return result


def _location(record: Evidence) -> dict[str, Any]:
    """Where an evidence record was read (file and line when known) and its id and role."""
    location: dict[str, Any] = {
        "logicalLocations": [{"name": record.id, "kind": "object"}],
        "message": {"text": f"{record.id}: {record.role}"},
    }
    if record.file is not None and record.file != "-":
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(record.file)}}
        if record.line is not None and record.line >= 1:
            physical["region"] = {"startLine": record.line}
        location["physicalLocation"] = physical
    return location


def _uri(path: str) -> str:
    """A feed path as a URI reference: `file://` for an absolute path, else percent-encoded."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def _properties(finding: Finding) -> dict[str, Any]:
    """What SARIF has no field for, in the contract's words (section 5)."""
    window = finding.window
    return {
        "id": finding.id,
        "treaty": finding.treaty,
        "article": finding.article,
        "party": finding.party,
        "counterparty": finding.counterparty,
        "status": finding.status,
        "severity": finding.severity,
        "confidence": round(finding.confidence, 3),
        "channels": [
            {"id": channel.id, "name": channel.name, "steps": steps_data(channel)}
            for channel in finding.channels
        ],
        "window": None
        if window is None
        else {"start": format_time(window.start), "end": format_time(window.end)},
        "due": None if finding.due is None else format_time(finding.due),
        "evidence": [
            {"id": record.id, "role": record.role, "sha256": record.sha256}
            for record in finding.evidence
        ],
        "withheld": finding.withheld,
        "notes": list(finding.notes),
        "handling": handling([finding]),
    }


def _suppression(waiver: dict[str, Any]) -> dict[str, Any]:
    """A waiver as SARIF states one: external, accepted, with its reason as justification."""
    suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
    reason = waiver.get("reason")
    if isinstance(reason, str) and reason:
        suppression["justification"] = reason
    suppression["properties"] = plain_waiver(waiver)
    return suppression
