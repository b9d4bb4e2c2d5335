"""Which records an obligation covers, its thresholds and flags aside: what tells "no finding"
from "no data" (`RunResult.no_data`), the same for every engine."""

from __future__ import annotations

from verify.model.obligation import Obligation
from verify.model.pack import Pack
from verify.predicates import AllOf, KindIs, PartyIs, Predicate


def covered(pack: Pack, obligation: Obligation) -> Predicate:
    """Records of a kind and by a party the obligation covers (the pack's parties, when the rule
    names none)."""
    predicate: Predicate = KindIs(obligation.scope.kinds)
    parties = obligation.scope.parties or pack.party_codes
    if parties:
        predicate = AllOf((predicate, PartyIs(parties)))
    return predicate
