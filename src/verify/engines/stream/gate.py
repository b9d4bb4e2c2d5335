"""Which records are worth a round trip to the matcher at all, by kind, party and counterparty.

Most records concern one pack or none: a record of a kind no role of a pack mentions, or of a
state that is not one of its parties, can match none of its rules. Each pack's `Gate` is
derived from its roles' predicates (what they require of a kind, party and counterparty,
met through all-of and joined through any-of), so it only ever turns away records that the
matcher would not match; the matcher decides about the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from verify.engines.stream.records import Rec
from verify.engines.stream.roles import Role
from verify.predicates import AllOf, AnyOf, CounterpartyIs, KindIs, PartyIs, Predicate

#: Codes a record's field must hold to pass a gate, or None for any value at all.
Codes = frozenset[str] | None


def _meet(a: Codes, b: Codes) -> Codes:
    return b if a is None else a if b is None else a & b


def _join(a: Codes, b: Codes) -> Codes:
    return None if a is None or b is None else a | b


@dataclass(frozen=True)
class Need:
    """What any record a predicate holds for must have: a kind, party and counterparty among
    these (None: any). Necessary, not sufficient: the matcher decides the rest."""

    kinds: Codes = None
    parties: Codes = None
    counterparties: Codes = None

    def meet(self, other: Need) -> Need:
        """What both needs ask for (for all-of)."""
        return Need(
            _meet(self.kinds, other.kinds),
            _meet(self.parties, other.parties),
            _meet(self.counterparties, other.counterparties),
        )

    def join(self, other: Need) -> Need:
        """What either need asks for at least (for any-of)."""
        return Need(
            _join(self.kinds, other.kinds),
            _join(self.parties, other.parties),
            _join(self.counterparties, other.counterparties),
        )


#: The need of a predicate that holds for no record at all (an empty any-of).
NOTHING = Need(frozenset(), frozenset(), frozenset())


def need(predicate: Predicate) -> Need:
    """The kinds, parties and counterparties that a record the predicate holds for must have."""
    match predicate:
        case KindIs(kinds):
            return Need(kinds=frozenset(kinds))
        case PartyIs(parties):
            return Need(parties=frozenset(parties))
        case CounterpartyIs(parties):
            return Need(counterparties=frozenset(parties))
        case AllOf(parts):
            result = Need()
            for part in parts:
                result = result.meet(need(part))
            return result
        case AnyOf(parts):
            result = NOTHING
            for part in parts:
                result = result.join(need(part))
            return result
        case _:
            return Need()


class Gate:
    """Which records some role of a pack can match at all, by kind, party and counterparty: only
    those are worth a round trip to the matcher."""

    def __init__(self, roles: Iterable[Role]) -> None:
        needs = [need(role.predicate) for role in roles]
        self.any_kind = tuple((n.parties, n.counterparties) for n in needs if n.kinds is None)
        self.by_kind: dict[str, tuple[tuple[Codes, Codes], ...]] = {}
        for n in needs:
            for kind in n.kinds or ():
                known = self.by_kind.get(kind, self.any_kind)
                self.by_kind[kind] = (*known, (n.parties, n.counterparties))

    def admits(self, rec: Rec) -> bool:
        """Whether some role's need is met by the record's kind, party and counterparty."""
        return self.admits_key(rec.kind, rec.party, rec.counterparty)

    def admits_key(self, kind: str, party: str, counterparty: str | None) -> bool:
        """Whether some role's need is met by a record of this kind, party and counterparty
        (all a gate looks at: the engine asks once for each combination in a batch)."""
        for parties, counterparties in self.by_kind.get(kind, self.any_kind):
            if (parties is None or party in parties) and (
                counterparties is None or counterparty in counterparties
            ):
                return True
        return False
