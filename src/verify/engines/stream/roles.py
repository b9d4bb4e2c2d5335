"""The roles of a pack's obligations, compiled for the stream matcher, and the facts it sees.

Every obligation's kind (`verify.kinds`) states the records it needs as *roles*: the records
that trigger it (an exercise that needs notice, a request that needs an answer) and the records
that answer or bound it (the notice, the reply, the declaration), each a predicate of the one
tree (`verify.predicates`) that the batch engine evaluates with pandas and the Rete adapter
(`rete.py`) translates into durable_rules' rule language. Nothing here imports durable_rules.

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
from verify.kinds import obligation_roles
from verify.model.obligation import Obligation
from verify.predicates import (
    Compare,
    CounterpartyIs,
    HasFlag,
    Lacks,
    LacksFlag,
    PartyIs,
    Predicate,
    Present,
    Reports,
    walk,
)

#: The combinations of a record's flags whose flags read a vocabulary remembers at most.
KNOWN_FLAGS = 1 << 12
#: The values of one quantity whose place among its cuts a vocabulary remembers at most.
KNOWN_PLACES = 1 << 12


@dataclass(frozen=True)
class Role:
    """One rule to compile: which records play `role` for the obligation at `machine`."""

    name: str
    machine: int
    role: str
    predicate: Predicate


def compile_roles(
    obligations: Sequence[Obligation], first_machine: int = 0, parties: tuple[str, ...] = ()
) -> list[Role]:
    """Roles of several obligations of a pack with these parties; machines count from
    `first_machine`."""
    roles: list[Role] = []
    for offset, obligation in enumerate(obligations):
        for role in obligation_roles(obligation, parties):
            machine = first_machine + offset
            roles.append(Role(f"r{len(roles)}", machine, role.name, role.predicate))
    return roles


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

    def __post_init__(self) -> None:
        #: The flags the roles read of each combination of a record's flags met (`signature`).
        self._flags_read: dict[tuple[str, ...], tuple[str, ...]] = {}
        #: Where each value met of a quantity lies among its cuts (`signature`).
        self._places: dict[str, dict[float, int]] = {}

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
        read: tuple[str, ...] = ()
        if flags:  # a feed has few combinations of flags: each one's answer is remembered
            known = self._flags_read.get(flags)
            if known is None:
                known = tuple(flag for flag in self.flags if flag in flags)
                if len(self._flags_read) < KNOWN_FLAGS:
                    self._flags_read[flags] = known
            read = known
        cuts = self.cuts
        placed: tuple[tuple[str, int], ...] = ()
        if cuts and rec.quantities:
            found = []
            for name, value in rec.quantities.items():
                if name in cuts:  # where each value lies is remembered: values recur
                    places = self._places.get(name)
                    if places is None:
                        places = self._places[name] = {}
                    place = places.get(value)
                    if place is None:
                        place = _place(value, cuts[name])
                        if len(places) < KNOWN_PLACES:
                            places[value] = place
                    found.append((name, place))
            placed = tuple(found)
        return (
            rec.kind,
            rec.party if self.parties else None,
            rec.counterparty if self.counterparties else None,
            read,
            tuple(name for name in self.presence if getattr(rec, name) is not None)
            if self.presence
            else (),
            placed,
        )


def _place(value: float, cuts: tuple[float, ...]) -> int:
    """Where a value lies among sorted cuts: 2k below the k-th (from 0) and above those before
    it, 2k + 1 equal to it."""
    at = bisect.bisect_left(cuts, value)
    return 2 * at + (at < len(cuts) and cuts[at] == value)
