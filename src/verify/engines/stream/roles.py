"""What each obligation needs to hear about, as engine-neutral predicates over one record.

Every obligation is compiled into *roles*: the records that trigger it (an exercise that needs
notice, a request that needs an answer) and the records that answer or bound it (the notice, the
reply, the declaration). A role is a predicate over one record's kind, party, flags and
quantities: exactly the masks the batch engine builds with pandas (`batch/frame.py`), written
once here as a small tree that the Rete adapter (`rete.py`) translates into its own rule
language. Nothing here imports durable_rules.

A record reaches the matcher as a flat *fact* (`Vocabulary.fact`): its kind and party, one key
per flag it carries and per quantity it reports, and `has_*` keys for the optional fields the
roles look at. Flags and quantities are renamed `f0`, `q0`, ... so that no name a pack chooses
can clash with the matcher's own syntax.

What a fact shows the matcher is also summed up as a *signature* (`Vocabulary.signature`): the
same, but each quantity reduced to where it lies among the values the roles compare it with.
The predicates cannot tell apart two records of one signature, so the engine asks the matcher
about one record per signature and remembers the answer: a feed of a million records has a few
thousand signatures.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from verify.engines.stream.records import Rec
from verify.model.obligation import (
    Ceiling,
    Condition,
    DeclaredObserved,
    Exemption,
    Frequency,
    Obligation,
    Operator,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    Scope,
    ZoneProhibition,
)

#: Optional text fields a role may require to be present.
PRESENCE_FIELDS: tuple[str, ...] = ("counterparty", "activity", "refers_to")


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
    """At least one part holds."""

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


@dataclass(frozen=True)
class Role:
    """One rule to compile: which records play `role` for the obligation at `machine`."""

    name: str
    machine: int
    role: str
    predicate: Predicate


def condition_predicate(condition: Condition) -> Predicate:
    """The comparisons of a condition combined with any-of or all-of."""
    parts = tuple(Compare(c.quantity, c.op, c.value) for c in condition.comparisons)
    return AnyOf(parts) if condition.mode == "any" and parts else AllOf(parts)


#: Each comparison's opposite, for a record that reports the quantity.
OPPOSITE: dict[Operator, Operator] = {
    "at least": "less than",
    "more than": "at most",
    "at most": "more than",
    "less than": "at least",
}


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
    """Records an obligation covers, less those a flag exempts outright (`scope_mask` and
    `~exempt_always` of the batch engine)."""
    parts: list[Predicate] = [KindIs(scope.kinds)]
    if scope.parties:
        parts.append(PartyIs(scope.parties))
    parts.extend(HasFlag(flag.lower()) for flag in scope.flags)
    parts.extend(LacksFlag(e.flag.lower()) for e in exemptions if e.when == "always")
    parts.append(condition_predicate(scope.condition))
    if scope.exclude is not None:
        parts.append(negated(condition_predicate(scope.exclude)))
    return AllOf(tuple(parts))


def _answer(kind: str, *more: Predicate) -> Predicate:
    """A record of `kind` that can answer a request: by `refers_to` or by activity."""
    return AllOf((KindIs((kind,)), *more, AnyOf((Present("refers_to"), Present("activity")))))


def obligation_roles(
    obligation: Obligation, parties: tuple[str, ...] = ()
) -> list[tuple[str, Predicate]]:
    """The roles of one obligation, each with its predicate, mirroring the batch masks.

    With the pack's `parties`, records that could only ever give findings against a state that
    is no party (which `finalize` drops) are not matched at all: the party of an activity,
    holding, notice or answer, the addressee of a request, must be one of them.
    """
    return [
        (role, _party_bound(role, predicate, parties)) for role, predicate in _roles(obligation)
    ]


def _party_bound(role: str, predicate: Predicate, parties: tuple[str, ...]) -> Predicate:
    if not parties:
        return predicate
    bound: Predicate = CounterpartyIs(parties) if role == "request" else PartyIs(parties)
    return AllOf((predicate, bound))


def _roles(obligation: Obligation) -> list[tuple[str, Predicate]]:
    scope = scope_predicate(obligation.scope, obligation.exemptions)
    match obligation:
        case PriorNotice():
            kinds = dict.fromkeys(r.counterpart_kind for r in obligation.requirements)
            return [("trigger", scope)] + [
                (f"counterpart:{kind}", AllOf((KindIs((kind,)), Present("activity"))))
                for kind in kinds
            ]
        case Response():
            kinds = dict.fromkeys(r.counterpart_kind for r in obligation.requirements)
            return [("request", AllOf((scope, Present("counterparty"))))] + [
                (f"answer:{kind}", _answer(kind)) for kind in kinds
            ]
        case Quota():
            refused = HasFlag(obligation.refusal_flag.lower())
            return [
                ("request", AllOf((scope_predicate(obligation.scope), Present("counterparty")))),
                ("answer", _answer(obligation.refusal_kind, refused)),
            ]
        case Ceiling():
            return [("holding", AllOf((scope, Reports(obligation.quantity))))]
        case DeclaredObserved():
            quantity = Reports(obligation.quantity)
            keyed = Present("activity")
            declared = AllOf((KindIs((obligation.declared_kind,)), quantity, keyed))
            return [("observed", AllOf((scope, quantity, keyed))), ("declared", declared)]
        case Frequency() | ZoneProhibition() | Prohibition():
            return [("trigger", scope)]


def compile_roles(
    obligations: Sequence[Obligation], first_machine: int = 0, parties: tuple[str, ...] = ()
) -> list[Role]:
    """Roles of several obligations of a pack with these parties; machines count from
    `first_machine`."""
    roles: list[Role] = []
    for offset, obligation in enumerate(obligations):
        for role, predicate in obligation_roles(obligation, parties):
            machine = first_machine + offset
            roles.append(Role(f"r{len(roles)}", machine, role, predicate))
    return roles


def walk(predicate: Predicate) -> Iterable[Predicate]:
    """A predicate and every predicate inside it."""
    yield predicate
    if isinstance(predicate, AllOf | AnyOf):
        for part in predicate.parts:
            yield from walk(part)


@dataclass
class Vocabulary:
    """The flags and quantities the roles read, and their short names in a fact; and for each
    quantity, the values the roles compare it with (`cuts`, sorted)."""

    flags: dict[str, str] = field(default_factory=dict)
    quantities: dict[str, str] = field(default_factory=dict)
    parties: bool = False
    counterparties: bool = False
    presence: tuple[str, ...] = ()
    cuts: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, roles: Iterable[Role]) -> Vocabulary:
        """Collect what the roles read."""
        vocabulary = cls()
        presence: set[str] = set()
        cuts: dict[str, set[float]] = {}
        for role in roles:
            for node in walk(role.predicate):
                match node:
                    case HasFlag(flag) | LacksFlag(flag):
                        vocabulary.flags.setdefault(flag, f"f{len(vocabulary.flags)}")
                    case Reports(quantity) | Lacks(quantity) | Compare(quantity, _, _):
                        vocabulary.quantities.setdefault(quantity, f"q{len(vocabulary.quantities)}")
                        values = cuts.setdefault(quantity, set())
                        if isinstance(node, Compare):
                            values.add(node.value)
                    case PartyIs():
                        vocabulary.parties = True
                    case CounterpartyIs():
                        vocabulary.counterparties = True
                    case Present(name):
                        presence.add(name)
        vocabulary.presence = tuple(sorted(presence))
        vocabulary.cuts = {quantity: tuple(sorted(values)) for quantity, values in cuts.items()}
        return vocabulary

    def fact(self, rec: Rec, fact_id: int) -> dict[str, Any]:
        """The flat fact the matcher sees for one record; `fact_id` must be unique."""
        obs = rec
        fact: dict[str, Any] = {"id": fact_id, "kind": obs.kind}
        if self.parties:
            fact["party"] = obs.party
        if self.counterparties and obs.counterparty is not None:
            fact["counterparty"] = obs.counterparty
        for flag in obs.flags:
            short = self.flags.get(flag)
            if short is not None:
                fact[short] = 1
        for quantity, value in obs.quantities.items():
            short = self.quantities.get(quantity)
            if short is not None:
                fact[short] = value
        for name in self.presence:
            if getattr(obs, name) is not None:
                fact[f"has_{name}"] = 1
        return fact

    def signature(self, rec: Rec) -> Hashable:
        """What the matcher can tell of a record: its fact, with each quantity reduced to where
        it lies among the values the roles compare it with (below, at or above each). Records
        with the same signature satisfy the same predicates, so they play the same roles."""
        flags = rec.flags
        cuts = self.cuts
        return (
            rec.kind,
            rec.party if self.parties else None,
            rec.counterparty if self.counterparties else None,
            tuple(flag for flag in self.flags if flag in flags) if flags else (),
            tuple(name for name in self.presence if getattr(rec, name) is not None),
            tuple(
                (name, _place(value, cuts[name]))
                for name, value in rec.quantities.items()
                if name in cuts
            ),
        )


def _place(value: float, cuts: tuple[float, ...]) -> int:
    """Where a value lies among sorted cuts: 2k below the k-th (from 0) and above those before
    it, 2k + 1 equal to it."""
    at = bisect.bisect_left(cuts, value)
    return 2 * at + (at < len(cuts) and cuts[at] == value)


def holds(predicate: Predicate, rec: Rec) -> bool:
    """What a predicate means, in plain Python: the Rete translation must agree with it."""
    obs = rec
    match predicate:
        case KindIs(kinds):
            return obs.kind in kinds
        case PartyIs(parties):
            return obs.party in parties
        case CounterpartyIs(parties):
            return obs.counterparty in parties
        case HasFlag(flag):
            return flag in obs.flags
        case LacksFlag(flag):
            return flag not in obs.flags
        case Present(name):
            return getattr(obs, name) is not None
        case Reports(quantity):
            return quantity in obs.quantities
        case Lacks(quantity):
            return quantity not in obs.quantities
        case Compare(quantity, op, value):
            return quantity in obs.quantities and _compare(obs.quantities[quantity], op, value)
        case AllOf(parts):
            return all(holds(part, rec) for part in parts)
        case AnyOf(parts):
            return any(holds(part, rec) for part in parts)


def _compare(measured: float, op: Operator, value: float) -> bool:
    match op:
        case "at least":
            return measured >= value
        case "more than":
            return measured > value
        case "at most":
            return measured <= value
        case "less than":
            return measured < value
