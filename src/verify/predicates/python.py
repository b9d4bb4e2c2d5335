"""The plain-Python backend: whether a predicate holds for one record.

The record is anything with the fields of a stream record (`kind`, `party`, `counterparty`,
`flags` lower case, `quantities` by name, and the optional fields of `PRESENCE_FIELDS`).
"""

from __future__ import annotations

from typing import Any, assert_never

from verify.predicates import (
    COMPARE,
    AllOf,
    AnyOf,
    Compare,
    CounterpartyIs,
    HasFlag,
    KindIs,
    Lacks,
    LacksFlag,
    PartyIs,
    Predicate,
    Present,
    Reports,
)


def holds(predicate: Predicate, record: Any) -> bool:
    """Whether the predicate holds for the record."""
    match predicate:
        case KindIs(kinds):
            return bool(record.kind in kinds)
        case PartyIs(parties):
            return bool(record.party in parties)
        case CounterpartyIs(parties):
            return bool(record.counterparty in parties)
        case HasFlag(flag):
            return flag in record.flags
        case LacksFlag(flag):
            return flag not in record.flags
        case Present(name):
            return getattr(record, name) is not None
        case Reports(quantity):
            return quantity in record.quantities
        case Lacks(quantity):
            return quantity not in record.quantities
        case Compare(quantity, op, value):
            measured = record.quantities.get(quantity)
            return measured is not None and bool(COMPARE[op](measured, value))
        case AllOf(parts):
            return all(holds(part, record) for part in parts)
        case AnyOf(parts):
            return any(holds(part, record) for part in parts)
        case _:
            assert_never(predicate)
