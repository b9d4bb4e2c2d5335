"""One predicate tree for what an obligation selects: kinds, parties, flags, quantities.

Each obligation kind states the records it needs (`verify.kinds`) as a small tree of these
nodes; each engine evaluates the same tree its own way, through a backend that dispatches on
the node type: `predicates.pandas` (a boolean mask over a frame, for the batch engine),
`predicates.python` (one record at a time) and `predicates.rete` (a durable_rules condition,
for the stream matcher). No backend adds meaning of its own: what a node means is written
here, and the comparison operators exist once (`COMPARE`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from verify.model.obligation import Condition, Exemption, Operator, Scope

#: Optional text fields a predicate may require to be present.
PRESENCE_FIELDS: tuple[str, ...] = ("counterparty", "activity", "refers_to")

#: What each comparison of the rule language means, for a value the record reports. The same
#: functions serve scalars and pandas columns.
COMPARE: dict[Operator, Callable[[Any, Any], Any]] = {
    "at least": operator.ge,
    "more than": operator.gt,
    "at most": operator.le,
    "less than": operator.lt,
}

#: Each comparison's opposite, for a record that reports the quantity.
OPPOSITE: dict[Operator, Operator] = {
    "at least": "less than",
    "more than": "at most",
    "at most": "more than",
    "less than": "at least",
}


@dataclass(frozen=True)
class KindIs:
    """The record's kind is one of these."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class PartyIs:
    """The record's party is one of these."""

    parties: tuple[str, ...]


@dataclass(frozen=True)
class CounterpartyIs:
    """The record's counterparty is one of these."""

    parties: tuple[str, ...]


@dataclass(frozen=True)
class HasFlag:
    """The record carries this (lower-case) flag."""

    flag: str


@dataclass(frozen=True)
class LacksFlag:
    """The record does not carry this (lower-case) flag."""

    flag: str


@dataclass(frozen=True)
class Present:
    """The record has this optional field (`counterparty`, `activity`, `refers_to`)."""

    name: str


@dataclass(frozen=True)
class Reports:
    """The record reports this quantity."""

    quantity: str


@dataclass(frozen=True)
class Lacks:
    """The record does not report this quantity."""

    quantity: str


@dataclass(frozen=True)
class Compare:
    """The record reports this quantity and it compares so with the value."""

    quantity: str
    op: Operator
    value: float


@dataclass(frozen=True)
class AllOf:
    """Every part holds (no part at all: always)."""

    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds (no part at all: never)."""

    parts: tuple[Predicate, ...]


Predicate = (
    KindIs
    | PartyIs
    | CounterpartyIs
    | HasFlag
    | LacksFlag
    | Present
    | Reports
    | Lacks
    | Compare
    | AllOf
    | AnyOf
)


def condition_predicate(condition: Condition) -> Predicate:
    """The comparisons of a condition combined with any-of or all-of."""
    parts = tuple(Compare(c.quantity, c.op, c.value) for c in condition.comparisons)
    return AnyOf(parts) if condition.mode == "any" and parts else AllOf(parts)


def negated(predicate: Predicate) -> Predicate:
    """The predicate that holds exactly where a condition's predicate does not (a record that
    does not report a quantity meets none of its comparisons)."""
    match predicate:
        case Compare(quantity, op, value):
            return AnyOf((Lacks(quantity), Compare(quantity, OPPOSITE[op], value)))
        case AllOf(parts):
            return AnyOf(tuple(negated(part) for part in parts))
        case AnyOf(parts):
            return AllOf(tuple(negated(part) for part in parts))
        case _:
            raise ValueError(f"cannot negate {predicate!r}: not a condition")


def scope_predicate(scope: Scope, exemptions: Sequence[Exemption] = ()) -> Predicate:
    """Records an obligation covers: its kinds, parties, required flags and condition, less the
    exclusion and those a flag exempts outright."""
    parts: list[Predicate] = [KindIs(scope.kinds)]
    if scope.parties:
        parts.append(PartyIs(scope.parties))
    flagged = [HasFlag(flag.lower()) for flag in scope.flags]
    if scope.flags_mode == "any" and flagged:
        parts.append(AnyOf(tuple(flagged)))
    else:
        parts.extend(flagged)
    parts.extend(LacksFlag(e.flag.lower()) for e in exemptions if e.when == "always")
    parts.append(condition_predicate(scope.condition))
    if scope.exclude is not None:
        parts.append(negated(condition_predicate(scope.exclude)))
    return AllOf(tuple(parts))


def answer_predicate(kind: str, *more: Predicate) -> Predicate:
    """A record of `kind` that can answer a request: by `refers_to` or by activity."""
    return AllOf((KindIs((kind,)), *more, AnyOf((Present("refers_to"), Present("activity")))))


def walk(predicate: Predicate) -> Iterable[Predicate]:
    """A predicate and every predicate inside it."""
    yield predicate
    if isinstance(predicate, AllOf | AnyOf):
        for part in predicate.parts:
            yield from walk(part)
