"""What the stream engine remembers between records, and that state as bytes to resume from.

`EngineState` holds the clock with its agenda, the machines' states, the recent ids and the
counts; `Corrections` (`corrections.py`) the log, its marks and what was reported. `snapshot`
writes both as data (`codec.py`: JSON, each record once, compressed, behind a header with the
fingerprint of the packs and settings it is valid for); `restore` reads them back, refusing
any other fingerprint, and runs nothing it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from verify.engines.stream import codec
from verify.engines.stream.clock import Clock
from verify.engines.stream.corrections import Corrections
from verify.engines.stream.ids import RecentIds
from verify.engines.stream.machines import Machine
from verify.garbage import no_collections

#: The header of a snapshot, and the version of its format (raise it when the format changes).
SNAPSHOT, SNAPSHOT_VERSION = "verify-stream-state", 3
#: Older versions still read. Version 2 wrote no run in an expiry queue, and each mark's
#: records inside its compressed state rather than by reference to the snapshot's table.
OLDER_SNAPSHOTS = (2,)


@dataclass
class EngineState:
    """Everything the engine remembers between records (written as data by `snapshot`)."""

    clock: Clock
    machines: list[Any]
    seen: RecentIds = field(default_factory=RecentIds)
    seq: int = 0
    accepted: int = 0
    rejected: int = 0
    too_late: int = 0
    closed: bool = False


def snapshot(
    state: EngineState, machines: Sequence[Machine], corrections: Corrections, mark: str
) -> bytes:
    """The state as bytes: a header line (`SNAPSHOT`, its version and the fingerprint `mark`),
    then zlib-compressed JSON."""
    out = codec.Encoder()
    data = {
        "clock": out.clock(state.clock, lambda at, key: machines[at].dump_key(key, out)),
        "machines": [machine.dump(out) for machine in machines],
        "corrections": corrections.dump(out),
        "seen": state.seen.dump(out),
        "counts": [state.seq, state.accepted, state.rejected, state.too_late],
        "closed": state.closed,
    }
    data["records"] = out.table()
    return codec.pack(SNAPSHOT, SNAPSHOT_VERSION, mark, data)


def restore(
    blob: bytes, mark: str, machines: Sequence[Machine], lateness: timedelta
) -> tuple[EngineState, Corrections]:
    """The state a `snapshot` with fingerprint `mark` wrote (each machine's own state loaded
    into it): refused (`StateError`) unless it is one; nothing in it is run, only read."""
    what = "the saved state of the stream engine"
    found, body = codec.header(blob, SNAPSHOT, SNAPSHOT_VERSION, what, OLDER_SNAPSHOTS)
    if found != mark:
        raise codec.StateError(
            "the saved state was made with other packs or settings (--lateness,"
            " --retention); use a new --state folder"
        )
    data = codec.unpack(body, what)
    with codec.decoding(what), no_collections():
        saved = codec.Decoder(data["records"])
        if len(data["machines"]) != len(machines):
            raise ValueError(f"{len(data['machines'])} machines saved, not {len(machines)}")
        for machine, machine_data in zip(machines, data["machines"], strict=True):
            machine.load(machine_data, saved)
        clock = saved.clock(
            data["clock"], lambda at, key: machines[_index(at, machines)].load_key(key, saved)
        )
        corrections = Corrections(machines, lateness)
        corrections.load(data["corrections"], saved)
        seq, accepted, rejected, too_late = (codec.integer(n) for n in data["counts"])
        state = EngineState(
            clock=clock,
            machines=[machine.state for machine in machines],
            seen=RecentIds.load(data["seen"], saved),
            seq=seq,
            accepted=accepted,
            rejected=rejected,
            too_late=too_late,
            closed=bool(data["closed"]),
        )
    return state, corrections


def _index(at: int, machines: Sequence[Machine]) -> int:
    """A machine's index as saved, checked."""
    if not 0 <= at < len(machines):
        raise IndexError(f"no machine {at}")
    return at
