"""Which roles each record plays: the packs' roles compiled into one Rete matcher per pack
(`rete.py`), asked only about the records a pack's `Gate` admits, once per signature
(`Vocabulary.signature`), less the roles of rules whose zone of application a record lies
outside (`engines/regions.py`).

What a record plays depends on the record alone, not on the order of records nor on any
state: so the stream engine asks it for each admitted record, and the worker processes of
`verify watch` (`parallel.py`) ask it for the lines they check, while the engine works through
the batch before.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from verify.engines.regions import Region, region_of
from verify.engines.stream.corrections import Roles
from verify.engines.stream.gate import Gate
from verify.engines.stream.records import Rec
from verify.engines.stream.rete import Matcher
from verify.engines.stream.roles import Vocabulary, compile_roles
from verify.model.pack import Pack

#: Signatures whose roles each pack remembers (a few thousand occur in a year of a busy feed).
KNOWN_SIGNATURES = 1 << 16


class RoleFinder:
    """The roles of some packs' obligations, machines numbered in pack order (as the engine
    numbers them: a pack's obligations in order, after the previous packs')."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.matchers: list[tuple[Matcher, Vocabulary, dict[str, tuple[int, str]]]] = []
        self.gates: list[Gate] = []
        self.regions: dict[int, Region] = {}
        first = 0
        for pack in packs:
            for n, obligation in enumerate(pack.obligations):
                region = region_of(obligation, pack.meta)
                if region is not None:
                    self.regions[first + n] = region
            parties = tuple(party.code for party in pack.meta.parties)
            roles = compile_roles(pack.obligations, first, parties)
            vocabulary = Vocabulary.of(roles)
            routes = {role.name: (role.machine, role.role) for role in roles}
            self.matchers.append((Matcher(pack.meta.id, roles, vocabulary), vocabulary, routes))
            self.gates.append(Gate(roles))
            first += len(pack.obligations)
        self._groups: dict[tuple[int, frozenset[str]], Roles] = {}
        #: Whether some machine of these roles has a zone of application (`_in_regions`).
        self._zoned: dict[Roles, bool] = {}
        self._known: list[dict[Hashable, Roles]] = [{} for _ in self.matchers]

    def roles(self, recs: Sequence[Rec]) -> list[Roles]:
        """The roles each record plays, by machine in pack order. Each record's `seq` is its
        fact's id: distinct within the call."""
        return self._in_regions(recs, self._match(recs))

    def close(self) -> None:
        """Free the matchers' rulesets (durable_rules holds megabytes for each)."""
        for matcher, _, _ in self.matchers:
            matcher.close()

    def _in_regions(self, recs: Sequence[Rec], matched: list[Roles]) -> list[Roles]:
        """The roles each record plays, less those of rules whose zone of application it lies
        outside (`engines/regions.py`), measured for the whole batch at once."""
        if not self.regions or not recs:
            return matched
        lon = np.array([np.nan if r.lon is None else r.lon for r in recs], dtype=np.float64)
        lat = np.array([np.nan if r.lat is None else r.lat for r in recs], dtype=np.float64)
        outside = {index: ~region.admits(lon, lat) for index, region in self.regions.items()}
        # Only a record outside some zone can lose a role: the others keep theirs as they are.
        anywhere = np.logical_or.reduce(list(outside.values()))
        kept = list(matched)
        zoned = self._zoned
        for at in np.flatnonzero(anywhere).tolist():
            roles = matched[at]
            touches = zoned.get(roles)
            if touches is None:
                touches = zoned[roles] = any(machine in outside for machine, _ in roles)
            if touches:
                kept[at] = tuple(
                    role for role in roles if not (role[0] in outside and outside[role[0]][at])
                )
        return kept

    def _match(self, recs: Sequence[Rec]) -> list[Roles]:
        """For each record, the roles it plays, by machine in pack order (so that findings come
        out in the same order on every run: string hashes, and so set order, vary between
        processes). Only the records a pack's gate admits go to its matcher, and of those only
        one per signature not met before (`Vocabulary.signature`): the others play its roles."""
        matched: list[Roles] = [() for _ in recs]
        # What a gate looks at (kind, party, counterparty) takes a few values in a batch:
        # each gate is asked once for each, and its records are picked out at once.
        combinations: dict[tuple[str, str, str | None], int] = {}
        which = np.fromiter(
            (
                combinations.setdefault((rec.kind, rec.party, rec.counterparty), len(combinations))
                for rec in recs
            ),
            dtype=np.intp,
            count=len(recs),
        )
        for pack, (matcher, vocabulary, routes) in enumerate(self.matchers):
            gate, known = self.gates[pack], self._known[pack]
            admitted = np.fromiter(
                (gate.admits_key(*combination) for combination in combinations),
                dtype=np.bool_,
                count=len(combinations),
            )
            asked: dict[Hashable, list[int]] = {}
            for at in np.flatnonzero(admitted[which]).tolist():
                key = vocabulary.signature(recs[at])
                roles = known.get(key)
                if roles is None:
                    asked.setdefault(key, []).append(at)
                elif roles:
                    matched[at] += roles
            if not asked:
                continue
            firsts = [recs[ats[0]] for ats in asked.values()]
            found = matcher.match([vocabulary.fact(rec, rec.seq) for rec in firsts])
            for (key, ats), rules in zip(asked.items(), found, strict=True):
                roles = self._grouped(pack, rules, routes) if rules else ()
                if len(known) < KNOWN_SIGNATURES:
                    known[key] = roles
                for at in ats if roles else ():
                    matched[at] += roles
        return matched

    def _grouped(
        self, pack: int, rules: frozenset[str], routes: dict[str, tuple[int, str]]
    ) -> Roles:
        """A pack's rule names as roles by machine; the few combinations that occur are
        remembered."""
        known = self._groups.get((pack, rules))
        if known is None:
            by_machine: dict[int, set[str]] = {}
            for rule in rules:
                machine, role = routes[rule]
                by_machine.setdefault(machine, set()).add(role)
            known = tuple((m, frozenset(by_machine[m])) for m in sorted(by_machine))
            self._groups[(pack, rules)] = known
        return known
