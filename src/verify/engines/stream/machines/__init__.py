"""One event-time state machine per obligation kind, beside the Rete matcher."""

from __future__ import annotations

from typing import assert_never

from verify.engines.stream.machines.base import Machine
from verify.engines.stream.machines.ceilings import EpisodeMachine
from verify.engines.stream.machines.counting import FrequencyMachine
from verify.engines.stream.machines.intervals import ConcurrencyMachine, DurationMachine
from verify.engines.stream.machines.notice import NoticeMachine
from verify.engines.stream.machines.quantities import (
    CeilingMachine,
    DeclaredMachine,
    ProhibitionMachine,
)
from verify.engines.stream.machines.reports import ReportMachine
from verify.engines.stream.machines.requests import QuotaMachine, ResponseMachine
from verify.engines.stream.machines.zones import ZoneMachine
from verify.model import obligation as model
from verify.model.treaty import TreatyMeta


def machine_for(index: int, obligation: model.Obligation, meta: TreatyMeta) -> Machine:
    """The state machine that decides one obligation."""
    match obligation:
        case model.PriorNotice():
            return NoticeMachine(index, obligation, meta)
        case model.Response():
            return ResponseMachine(index, obligation, meta)
        case model.Quota():
            return QuotaMachine(index, obligation, meta)
        case model.Ceiling():
            if obligation.over_time:
                return EpisodeMachine(index, obligation, meta)
            return CeilingMachine(index, obligation, meta)
        case model.Frequency():
            return FrequencyMachine(index, obligation, meta)
        case model.ZoneProhibition():
            return ZoneMachine(index, obligation, meta)
        case model.DeclaredObserved():
            return DeclaredMachine(index, obligation, meta)
        case model.Duration():
            return DurationMachine(index, obligation, meta)
        case model.Concurrency():
            return ConcurrencyMachine(index, obligation, meta)
        case model.Prohibition():
            return ProhibitionMachine(index, obligation, meta)
        case model.PeriodicReport():
            return ReportMachine(index, obligation, meta)
        case _:
            assert_never(obligation)


__all__ = ["Machine", "machine_for"]
