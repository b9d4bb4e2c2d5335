"""The JSON shapes shared by every renderer: a finding, a run's inputs and packs, and its counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, get_args

import orjson
from pydantic import BaseModel

from verify.memo import ByIdentity
from verify.model.finding import (
    CONFIDENCE_DIGITS,
    CONTRACT_JSON,
    Evidence,
    Finding,
    Status,
    Window,
)
from verify.model.instants import format_time
from verify.model.obligation import SEVERITIES
from verify.model.run import InputFile, PackInfo, RunResult
from verify.views import WITHHELD, handling, records, withheld_total

#: The statuses a run of `verify check` reports (`retracted` is only ever printed by watch).
STATUSES: tuple[Status, ...] = tuple(s for s in get_args(Status) if s != "retracted")
#: A view's window when every record it would span is withheld (`verify.views`).
WINDOW_WITHHELD = "withheld at this level"
DEADLINE_WITHHELD = "deadline withheld at this level"


def format_optional_time(moment: datetime | None, missing: str = "") -> str:
    """`format_time`, or `missing` when there is no time."""
    return missing if moment is None else format_time(moment)


def channel_deadline_text(
    finding: Finding,
    deadline: datetime | None,
    verb: str = "by",
    when: Callable[[datetime], str] = format_time,
) -> str:
    """`deadline_text`, or in a view that withheld records (whose deadlines are counted from the
    withheld breach moment) `deadline withheld at this level`."""
    return DEADLINE_WITHHELD if finding.withheld else deadline_text(deadline, verb, when)


def window_text(window: Window | None, when: Callable[[datetime], str] = format_time) -> str:
    """`2027-03-22T05:00:00Z to 2027-05-09T18:00:00Z` (times as `when` writes them), or what a
    view says when it withheld it."""
    if window is None:
        return WINDOW_WITHHELD
    return f"{when(window.start)} to {when(window.end)}"


def deadline_text(
    deadline: datetime | None, verb: str = "by", when: Callable[[datetime], str] = format_time
) -> str:
    """`by 2027-07-03T00:00:00Z` (with `verb` in front; the time as `when` writes it), or
    `no deadline`."""
    return "no deadline" if deadline is None else f"{verb} {when(deadline)}"


def round_confidence(confidence: float) -> float:
    """Confidence as every format shows it: rounded to three decimals."""
    return round(confidence, CONFIDENCE_DIGITS)


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding in the contract section 5 shape, keys in the model's field order, JSON-ready,
    then its `handling` marking (`verify.views.handling`): a finding that a JSON format prints
    may be routed on alone, so it carries its own marking."""
    document: dict[str, Any] = finding.model_dump(mode="json", context=CONTRACT_JSON)
    document["handling"] = handling([finding])
    return document


def finding_line(finding: Finding) -> str:
    """A finding as one compact JSON line (no newline): `finding_json`'s bytes as text."""
    return finding_json(finding).decode("utf-8")


def finding_json(finding: Finding) -> bytes:
    """A finding as one compact JSON line in UTF-8 (no newline): `finding_to_json`, serialised.

    The JSON Lines output of a large run holds tens of thousands of findings, so the line is
    written by orjson from the models' own fields (in field order, as pydantic keeps them), times
    as `format_time` writes them and confidence rounded: the bytes of pydantic's
    `model_dump_json(context=CONTRACT_JSON)` (orjson and pydantic write floats and escape text
    alike), for under half its cost, as pydantic calls back into Python for every time field.
    A finding with a waiver (free-form values) or a text orjson refuses (a lone surrogate) is
    written by pydantic. The marking comes last. Bytes, because that is what a file or a pipe
    takes: a run's hundreds of megabytes are not decoded to text only to be encoded again.
    """
    if finding.waiver is None:
        values = dict(finding.__dict__)
        values["confidence"] = round(values["confidence"], CONFIDENCE_DIGITS)
        try:
            values["handling"], values["evidence"] = _shown(finding)
            values["channels"] = _written(values["channels"])
            # Each finding's own parts laid out here, not handed to `_json_part` a callback at
            # a time: its trail's steps, its window and due time (11.6-12.8 -> 10.5-10.7 us).
            values["trail"] = [step.__dict__ for step in values["trail"]]
            window, due = values["window"], values["due"]
            if window is not None:
                values["window"] = {
                    "start": format_time(window.start),
                    "end": format_time(window.end),
                }
            if due is not None:
                values["due"] = format_time(due)
            return orjson.dumps(values, default=_json_part, option=_PASS_TIMES)
        except orjson.JSONEncodeError:
            pass
    line = finding.model_dump_json(context=CONTRACT_JSON)
    return f'{line[:-1]},"handling":"{handling([finding])}"}}'.encode()


#: A finding's marking, and its evidence as written.
_Shown = tuple[str, tuple[orjson.Fragment, ...]]


def _shown(finding: Finding) -> _Shown:
    """A finding's marking and its evidence as written, for a finding without a waiver (whose
    marking is its evidence's alone): the last finding's when it shows the very same evidence
    (the findings of one activity owed to each party share theirs, `verify.findings`)."""
    evidence = finding.evidence
    known = _SHOWN.get(evidence)
    if known is not None:
        return known
    return _SHOWN.keep(evidence, (handling([finding]), tuple(_written(e) for e in evidence)))


#: The last `_shown`, by the evidence it showed.
_SHOWN: ByIdentity[tuple[Evidence, ...], _Shown] = ByIdentity(1)


#: Times reach `_json_part`, to be written as the contract writes them.
_PASS_TIMES = orjson.OPT_PASSTHROUGH_DATETIME


def _written(part: object) -> orjson.Fragment:
    """A part of findings that many share (one record's evidence, one plan's channels with one
    deadline: `verify.findings`, `verify.escalation.ladder`), written once: its JSON as
    `finding_line` writes it, remembered while the part is (by identity, a bounded number)."""
    known = _WRITTEN.get(part)
    if known is not None:
        return known
    written = orjson.Fragment(orjson.dumps(part, default=_json_part, option=_PASS_TIMES))
    return _WRITTEN.keep(part, written)


#: The parts `_written` wrote, by identity. Findings sharing a part come together in finding
#: order, so a few hundred catch them all (33,512 writes for 211,294 parts at 6x, 33,483
#: distinct); each holds a few KiB of JSON.
_WRITTEN: ByIdentity[object, orjson.Fragment] = ByIdentity(256)


def _json_part(value: Any) -> Any:
    """What orjson writes for a part of a finding it does not know: a time as the contract
    writes it, a model (evidence, trail step, channel, window) as its fields in order."""
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, BaseModel):
        return value.__dict__
    raise TypeError(f"{type(value).__name__} is not part of a finding")


def withheld_words(result: RunResult) -> str:
    """`3 evidence records withheld at this level`, or '' when the view withheld nothing."""
    total = withheld_total(result.findings)
    return f"{records(total)} withheld at this level" if total else ""


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
    """Records read and rejected, findings by status, severity and obligation, the findings a
    waiver covers, and evidence records withheld from the view; keys sorted.

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
        "waived": waived_count(result),
        "withheld": withheld_total(result.findings),
    }
    return counts


def status_line(result: RunResult) -> str:
    """One line of counts: records read and rejected, findings by status, how many are waived,
    and the obligations the feed holds no data for."""
    by_status = Counter(finding.status for finding in result.findings)
    statuses = ", ".join(f"{by_status[name]} {name}" for name in STATUSES)
    withheld = withheld_words(result)
    return (
        f"Records read: {result.records}, rejected: {result.rejected}. "
        f"Findings: {len(result.findings)} ({statuses})."
        + (
            f" Waived: {waived_count(result)} (not counted for --fail-on)."
            if waived_count(result)
            else ""
        )
        + (f" {withheld.capitalize()}." if withheld else "")
        + (f" {no_data_words(result)}." if result.no_data else "")
        + (f" {unknown_words(result)}." if result.unknown_fields or result.unknown_parties else "")
    )


def unknown_words(result: RunResult) -> str:
    """`Fields no rule reads (kept, ignored): colour (2). Parties no pack knows: ZZZ (1)`."""
    said = []
    if result.unknown_fields:
        listed = ", ".join(f"{name} ({count})" for name, count in result.unknown_fields)
        said.append(f"Fields no rule reads (kept, ignored): {listed}")
    if result.unknown_parties:
        listed = ", ".join(f"{code} ({count})" for code, count in result.unknown_parties)
        said.append(f"Records of parties no pack knows: {listed}")
    return ". ".join(said)


def no_data_words(result: RunResult) -> str:
    """`No data for 2 obligations: a.x, b.y` (the feed holds no record they cover)."""
    count = len(result.no_data)
    noun = "obligation" if count == 1 else "obligations"
    return f"No data for {count} {noun}: {', '.join(result.no_data)}"


def waiver_words(finding: Finding) -> str:
    """`Waived until 2028-06-30 (through that day, UTC); written by A, approved by B: <reason>`,
    or '' for a finding no waiver covers. A view below national withheld the reason and the
    names (`verify.views.waiver_for`), and says so."""
    waiver = finding.waiver
    if waiver is None:
        return ""
    expires = str(waiver.get("expires", ""))
    through = " (through that day, UTC)" if len(expires) == len("2028-06-30") else ""
    head = f"Waived until {expires}{through}"
    if waiver.get("reason") == WITHHELD:
        return f"{head}; its reason, author and approver are withheld at this level."
    return (
        f"{head}; written by {waiver.get('author')}, approved by {waiver.get('approved_by')}:"
        f" {waiver.get('reason')}"
    )


def waived_count(result: RunResult) -> int:
    """How many of the run's findings a waiver covers."""
    return sum(1 for finding in result.findings if finding.waiver is not None)


def plain_waiver(waiver: dict[str, Any] | None) -> dict[str, Any] | None:
    """A waiver as JSON can hold it, keys sorted: dates and times as ISO 8601 text."""
    if waiver is None:
        return None
    return {key: _plain(value) for key, value in sorted(waiver.items())}


def _plain(value: Any) -> Any:
    """One waiver value as JSON can hold it."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
