"""Escalation: which channels to raise a finding through, in order, and why; and the ledger.

`policy` picks the starting rung in small steps and `ladder` lists the rungs from it up, each
with its deadline; `releasability` filters evidence per channel;
`ledger` stores findings, their versions, escalations, withdrawals and resolutions in a
hash-chained table (`chain`; the database and its migrations in `database`), from which `cases`
draws the history that the policy weighs; `record` stores a run, reconciled with what the
ledger holds (`reconcile`).

Only the pure parts are imported here, so that the engines can use the policy without
importing SQLAlchemy: import `verify.escalation.ledger` and `.record` for the ledger.
"""

from __future__ import annotations

from verify.escalation.ladder import suggest_channels, suggest_on_ladder
from verify.escalation.policy import (
    DEFAULT_POLICY,
    Facts,
    History,
    PastUse,
    Rung,
    choose_rung,
    justified_rung,
)
from verify.escalation.releasability import RELEASABILITY_ORDER, evidence_for_channel

__all__ = [
    "DEFAULT_POLICY",
    "RELEASABILITY_ORDER",
    "Facts",
    "History",
    "PastUse",
    "Rung",
    "choose_rung",
    "evidence_for_channel",
    "justified_rung",
    "suggest_channels",
    "suggest_on_ladder",
]
