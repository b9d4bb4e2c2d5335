"""Which records the stream engine takes, and which it rejects, in arrival order.

A record is first checked against every feed rule that one record alone can break
(`check_record`: pure, so worker processes may run it, `parallel.py`). The engine then admits
the checked records in arrival order (`admit`): a record whose id it has seen lately is
rejected as the batch engine rejects a duplicate, and one so far behind the watermark that
no mark lies before its place (`corrections.py`) is rejected as too old; every other record
becomes a `Rec`, noted as behind the watermark or not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from verify.engines.stream.corrections import Corrections
from verify.engines.stream.records import ID, TIME, Rec
from verify.engines.stream.state import EngineState
from verify.feeds import FeedSchema, Reject
from verify.feeds.jsonline import raw_text
from verify.feeds.record import validate_fields
from verify.feeds.rejects import duplicate_id
from verify.feeds.values import iso_time, plain
from verify.kinds.wording import span
from verify.model.calendar import shift

#: A record checked against the feed rules (duplicates aside): its fields, or its reject.
Checked = tuple[Any, ...] | Reject
#: A record as read: the parsed object, or its JSON Lines text.
Raw = Mapping[str, Any] | bytes | Reject


def check_record(raw: Mapping[str, Any], schema: FeedSchema, file: str, line: int) -> Checked:
    """Every feed rule but the duplicate-id one (which needs the order of records): the fields
    the engine keeps (`Rec.from_values`), or the reject. Pure, so worker processes may run it."""
    return validate_fields(raw, schema, file, line)


def _raw_reject(file: str, line: int, field: str, reason: str, raw: Raw) -> Reject:
    """The reject of a record as read: the record as a reject shows it, and its line's text."""
    if isinstance(raw, Reject):  # a line that was no record: rejected as it stands
        return raw
    text = raw_text(raw) if isinstance(raw, bytes) else None
    record = json.loads(raw) if isinstance(raw, bytes) else raw
    return Reject(file, line, field, reason, plain(dict(record)), text)


def too_old_reason(moment: datetime, reach: datetime, retention: timedelta) -> str:
    """Reason: a record older than anything the engine can still decide again."""
    return (
        f"time {iso_time(moment)} arrived when records before {iso_time(reach)} could no longer"
        f" be taken into account (the engine keeps {span(retention)} of records behind the"
        " watermark); raise --retention to accept records this far out of order"
    )


def admit(
    items: Sequence[tuple[Checked, str, int, Raw]],
    state: EngineState,
    corrections: Corrections,
    lateness: timedelta,
    retention: timedelta,
    rejects: list[Reject],
) -> list[tuple[Rec, bool, int]]:
    """Checked records that are no duplicate, as `Rec`s in arrival order, each with whether it
    is behind the watermark (`lateness` behind the latest time) and its place among `items`;
    the rest go to `rejects` (the
    duplicate-id rule last, as in `validate_record`), and so do records too old to be placed
    in the log (`retention`: how far back the engine keeps records, for the reason). Counts
    and remembers what it takes and rejects in `state`."""
    latest = state.clock.latest
    # The watermark as of each record: worked out again only when the latest time moves on.
    watermark = None if latest is None else shift(latest, -lateness)
    seen = state.seen
    accepted: list[tuple[Rec, bool, int]] = []
    for at, (checked, file, line, raw) in enumerate(items):
        if isinstance(checked, Reject):
            rejects.append(checked)
            state.rejected += 1
            continue
        record_id, moment = checked[ID], checked[TIME]
        first = seen.get(record_id)
        if first is not None:
            reason = duplicate_id(record_id, *first)
            rejects.append(_raw_reject(file, line, "id", reason, raw))
            state.rejected += 1
            continue
        seen.add(record_id, file, line, moment if latest is None else latest)
        if watermark is not None and moment < watermark:
            if not corrections.reaches(moment):
                reach = corrections.reach() or moment
                reason = too_old_reason(moment, reach, retention)
                rejects.append(_raw_reject(file, line, "time", reason, raw))
                state.rejected += 1
                state.too_late += 1
                continue
            state.seq += 1
            accepted.append((Rec.from_values(state.seq, file, line, checked), True, at))
            continue
        if latest is None or moment > latest:
            latest, watermark = moment, shift(moment, -lateness)
        state.seq += 1
        accepted.append((Rec.from_values(state.seq, file, line, checked), False, at))
    return accepted
