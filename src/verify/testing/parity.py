"""Both engines on one example: the stream fed what the batch judged, and their verdicts compared.

The batch engine judges the records with `time` at or before `as_of`. The stream engine is fed
the same records (as accepted by the feed reader, in canonical form, with their file and line)
in the order the example lists them, with the least lateness that accepts them in that order,
and is closed as of the same moment. A stream may print a finding again under the same id (a
late answer supersedes a missing one): its last version counts. The two agree when they give
the same finding ids with the same contract JSON; pending findings, which only the batch engine
gives (`--include-pending`), are left out of the comparison.

Channels are escalation's, not the engines': their deadlines run from when a run detected a
finding. The stream detects each as its data decides it; a batch run whose `as_of` lies past
its records detected them all at `as_of` (`verify.api.detected_at`). So the batch's channels are
counted again on the data's clock, as the stream's are, before the two are compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from verify import api
from verify.engines.stream import DEFAULT_LATENESS
from verify.escalation.suggest import Escalation
from verify.feeds import Reject, canonical_record
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.pack import Pack
from verify.report import finding_to_json

#: A record as the stream engine takes it: its canonical form, file and line.
Fed = tuple[dict[str, Any], str, int]
#: At most this many differences are shown for one finding.
MAX_DIFFERENCES = 4
#: A value shown in a difference is cut to this many characters.
MAX_SHOWN = 120


@dataclass(frozen=True)
class StreamRun:
    """What the stream engine said: the last version of each finding, what it rejected, and
    the pack it ran."""

    findings: tuple[Finding, ...]
    rejects: tuple[Reject, ...]
    pack: Pack


def records_until(frame: pd.DataFrame, as_of: datetime) -> list[Fed]:
    """The feed's accepted records with `time` at or before `as_of`, in read order."""
    known = frame[frame["time"] <= pd.Timestamp(as_of)].sort_values("_seq")
    where = zip(known.index, known["_file"].tolist(), known["_line"].tolist(), strict=True)
    return [(canonical_record(known, at), str(file), int(line)) for at, file, line in where]


def least_lateness(times: Sequence[datetime]) -> timedelta:
    """The least lateness that accepts records arriving with these times, in this order (the
    default when that is less): how far any of them lies behind the latest before it."""
    lateness = DEFAULT_LATENESS
    latest: datetime | None = None
    for moment in times:
        if latest is None or moment > latest:
            latest = moment
        else:
            lateness = max(lateness, latest - moment)
    return lateness


def run_stream(pack: Pack, records: Sequence[Fed], as_of: datetime, obligation: str) -> StreamRun:
    """The stream engine over the records, one at a time, closed as of `as_of`: the findings
    of one obligation (the pack's others run too, and are left out)."""
    times = [pd.Timestamp(record["time"]).to_pydatetime() for record, _, _ in records]
    watcher = api.Watcher([pack], lateness=least_lateness(times))
    latest: dict[str, Finding] = {}
    for record, file, line in records:
        for finding in watcher.feed(record, file=file, line=line):
            latest[finding.id] = finding
    for finding in watcher.close(as_of=as_of):
        latest[finding.id] = finding
    findings = tuple(f for f in latest.values() if f.obligation == obligation)
    return StreamRun(findings, tuple(watcher.rejects), pack)


def disagreements(batch: Sequence[Finding], stream: StreamRun) -> list[str]:
    """Where the engines disagree, line by line: a record only the batch engine accepted, a
    finding only one engine gives, or one both give but differently (a line for each place it
    differs, up to `MAX_DIFFERENCES`). Empty when they agree.

    `batch` and `stream` should be of the same obligation; the batch's pending findings are
    left out.
    """
    lines = [
        f"stream rejected {reject.file}:{reject.line}, which the batch accepted: {reject.reason}"
        for reject in stream.rejects
    ]
    on_data_clock = Escalation([stream.pack])
    said = {f.id: finding_to_json(on_data_clock(f)) for f in batch if f.status != "pending"}
    heard = {f.id: finding_to_json(f) for f in stream.findings}
    for finding_id in sorted(said.keys() | heard.keys()):
        ours, theirs = said.get(finding_id), heard.get(finding_id)
        if ours == theirs:
            continue
        if ours is None or theirs is None:
            lines.append(f"{finding_id}: batch: {_gist(ours)}; stream: {_gist(theirs)}")
            continue
        found = list(_differences(ours, theirs, ""))
        lines.append(f"{finding_id}: both say {_gist(ours, summary=False)}, but differ in:")
        lines.extend(
            f"  {path}: batch {_shown(a)}, stream {_shown(b)}"
            for path, a, b in found[:MAX_DIFFERENCES]
        )
        if len(found) > MAX_DIFFERENCES:
            lines.append(f"  and {len(found) - MAX_DIFFERENCES} more")
    return lines


def disagreement_message(where: str, obligation: str, as_of: datetime, lines: list[str]) -> str:
    """The failure of an example whose engines disagree: its file:line, then one line each."""
    head = (
        f"{where}: the batch and stream engines disagree on {obligation} as of"
        f" {format_time(as_of)}:"
    )
    return "\n".join([head, *(f"  {line}" for line in lines)])


def _gist(document: dict[str, Any] | None, *, summary: bool = True) -> str:
    """A finding in brief: status, evidence ids and (unless told not to) summary; or `no
    finding`."""
    if document is None:
        return "no finding"
    cited = ", ".join(str(e["id"]) for e in document["evidence"])
    gist = f"{document['status']} citing {cited}"
    return f"{gist}: {_shown(document['summary'])}" if summary else gist


def _differences(ours: Any, theirs: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """The innermost places (`trail[1].measured`) where two JSON documents differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            if ours.get(key) != theirs.get(key):
                yield from _differences(ours.get(key), theirs.get(key), f"{path}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if a != b:
                yield from _differences(a, b, f"{path}[{index}]")
    else:
        yield path.lstrip("."), ours, theirs


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
