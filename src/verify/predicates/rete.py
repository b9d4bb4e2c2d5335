"""The Rete backend: a predicate as a durable_rules `m` condition over a record's flat fact.

A fact (built by the stream engine's `Vocabulary.fact`) carries the record's kind and party,
one key per flag and quantity under a short name (`f0`, `q0`, ...: no name a pack chooses can
clash with the matcher's syntax) and `has_<field>` keys for present optional fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_never

from verify.model.obligation import Operator
from verify.predicates import (
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

#: durable's spelling of each comparison.
OPERATORS: dict[Operator, str] = {
    "at least": "$gte",
    "more than": "$gt",
    "at most": "$lte",
    "less than": "$lt",
}


def condition(
    predicate: Predicate, flags: Mapping[str, str], quantities: Mapping[str, str]
) -> dict[str, Any]:
    """One predicate as a durable `m` expression; `flags` and `quantities` give the short
    names under which a fact carries them."""
    match predicate:
        case KindIs(kinds):
            return _either([{"kind": kind} for kind in kinds])
        case PartyIs(parties):
            return _either([{"party": party} for party in parties])
        case CounterpartyIs(parties):
            return _either([{"counterparty": party} for party in parties])
        case HasFlag(flag):
            return {"$ex": {flags[flag]: 1}}
        case LacksFlag(flag):
            return {"$nex": {flags[flag]: 1}}
        case Present(name):
            return {"$ex": {f"has_{name}": 1}}
        case Reports(quantity):
            return {"$ex": {quantities[quantity]: 1}}
        case Lacks(quantity):
            return {"$nex": {quantities[quantity]: 1}}
        case Compare(quantity, op, value):
            return {OPERATORS[op]: {quantities[quantity]: value}}
        case AllOf(parts):
            if not parts:
                return {"$ex": {"id": 1}}
            conditions = [condition(part, flags, quantities) for part in parts]
            return conditions[0] if len(conditions) == 1 else {"$and": conditions}
        case AnyOf(parts):
            return _either([condition(part, flags, quantities) for part in parts])
        case _:
            assert_never(predicate)


def _either(conditions: list[dict[str, Any]]) -> dict[str, Any]:
    if not conditions:
        return {"$nex": {"id": 1}}
    return conditions[0] if len(conditions) == 1 else {"$or": conditions}
