"""What an engine reports before it becomes a finding: the breach and the records it cites.

An engine decides *that* an obligation was breached; the obligation's kind (`verify.kinds`)
words *why* (summary, trail, window) from the records the engine hands it. The findings stage
(`verify.findings`) then derives id, confidence, status and applicability, the same way for
both engines, and escalation suggests the channels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from verify.model.finding import TrailStep, Window
from verify.model.obligation import Obligation


@dataclass(frozen=True)
class CitedRecord:
    """A record an engine relies on: its present fields (times as datetimes, flags as a tuple,
    quantities by name), what it shows, the sha256 of its canonical form, where it was read."""

    record: dict[str, Any]
    role: str
    sha256: str
    file: str | None
    line: int | None
    decisive: bool = True

    def playing(self, role: str) -> CitedRecord:
        """The same record cited for what it shows in a breach (the kind's words)."""
        # A copy of the fields with the role changed, as `dataclasses.replace` gives, without
        # the frozen `__init__` (a guarded assignment per field): a breach cites two or three
        # records this way, and a run makes tens of thousands of breaches.
        copy = _new(CitedRecord)
        fields = vars(copy)
        fields.update(vars(self))
        fields["role"] = role
        return copy

    @property
    def id(self) -> str:
        """The record's `id`."""
        return str(self.record["id"])

    @property
    def kind(self) -> str:
        """The record's `kind`."""
        return str(self.record["kind"])

    @property
    def party(self) -> str:
        """The record's `party`."""
        return str(self.record["party"])

    @property
    def time(self) -> datetime:
        """The record's `time`."""
        moment: datetime = self.record["time"]
        return moment

    @property
    def anchor(self) -> datetime:
        """When the activity starts: `start`, else `time`."""
        start: datetime | None = self.record.get("start")
        return start if start is not None else self.time

    def text(self, name: str) -> str | None:
        """An optional text field (`activity`, `counterparty`, `zone`, ...), or None."""
        value = self.record.get(name)
        return None if value is None else str(value)

    def quantity(self, name: str) -> float | None:
        """A quantity the record reports, or None."""
        value = self.record.get(name)
        return None if value is None else float(value)


#: An instance without `__init__` (its fields then set in its `__dict__`).
_new = object.__new__


@dataclass(frozen=True, init=False)
class Breach:
    """An engine's verdict on one subject (an activity, a request, a holding) of one obligation.

    Frozen, but made by its own `__init__`, which fills the fields at once: the generated one
    of a frozen dataclass guards each of the 13 assignments (2.9 against 0.55 us a breach, and
    a run makes one per finding). `tests/model/test_breach.py` holds the two field lists alike.
    """

    obligation: Obligation
    party: str
    subject: tuple[str, ...]
    cited: tuple[CitedRecord, ...]
    trail: tuple[TrailStep, ...]
    summary: str
    window: Window
    at: datetime
    counterparty: str | None = None
    due: datetime | None = None
    zone: str | None = None
    pending: bool = False
    #: Why the breach rests on weak evidence whatever the records' grades (an overlap with an
    #: activity whose end was never reported, say): it is then a potential violation.
    weak: str | None = None

    def __init__(
        self,
        obligation: Obligation,
        party: str,
        subject: tuple[str, ...],
        cited: tuple[CitedRecord, ...],
        trail: tuple[TrailStep, ...],
        summary: str,
        window: Window,
        at: datetime,
        counterparty: str | None = None,
        due: datetime | None = None,
        zone: str | None = None,
        pending: bool = False,
        weak: str | None = None,
    ) -> None:
        vars(self).update(
            obligation=obligation,
            party=party,
            subject=subject,
            cited=cited,
            trail=trail,
            summary=summary,
            window=window,
            at=at,
            counterparty=counterparty,
            due=due,
            zone=zone,
            pending=pending,
            weak=weak,
        )
