"""One event-time state machine per obligation kind, beside the Rete matcher."""

from __future__ import annotations

from verify.engines.stream.machines.base import Machine
from verify.engines.stream.machines.counting import FrequencyMachine
from verify.engines.stream.machines.notice import NoticeMachine
from verify.engines.stream.machines.quantities import (
    CeilingMachine,
    DeclaredMachine,
    ProhibitionMachine,
)
from verify.engines.stream.machines.requests import QuotaMachine, ResponseMachine
from verify.engines.stream.machines.zones import ZoneMachine
from verify.model.obligation import (
    Ceiling,
    DeclaredObserved,
    Frequency,
    Obligation,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    ZoneProhibition,
)
from verify.model.treaty import TreatyMeta


def machine_for(index: int, obligation: Obligation, meta: TreatyMeta) -> Machine:
    """The state machine that decides one obligation."""
    match obligation:
        case PriorNotice():
            return NoticeMachine(index, obligation, meta)
        case Response():
            return ResponseMachine(index, obligation, meta)
        case Quota():
            return QuotaMachine(index, obligation, meta)
        case Ceiling():
            return CeilingMachine(index, obligation, meta)
        case Frequency():
            return FrequencyMachine(index, obligation, meta)
        case ZoneProhibition():
            return ZoneMachine(index, obligation, meta)
        case DeclaredObserved():
            return DeclaredMachine(index, obligation, meta)
        case Prohibition():
            return ProhibitionMachine(index, obligation, meta)


__all__ = ["Machine", "machine_for"]
