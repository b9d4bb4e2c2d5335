"""One partition's share of a stream: the parties it owns, by the batch engine's routing.

Several watches of one consumer group each run a whole engine over the whole stream, but each
judges only its share (`verify watch --from ... --partitions N`, docs/transports.md). A party
belongs to the partition `engines/partitions.partition_of` gives it (CRC-32 of its code
modulo the partitions, as on Dask). Every record still goes through the engine of every
partition, so that each one's clock (the watermark) and its memory of ids (duplicates) are
those of a single watch; but a record plays its roles only in the partition of its `party` and
in that of its `counterparty`, and a partition reports only the findings of the parties it
owns. Each obligation whose kind correlates records of different parties (`Correlation`
"feed": group quotas, concurrency per addressee, periodic reports) is judged whole, over every
record, by one partition, the one its id hashes to (as a party's code does), and by no other;
an obligation whose kind declares no correlation cannot be split and is refused (`UsageError`,
exit 2), never judged wrongly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from verify.engines.partitions import partition_of
from verify.engines.stream.corrections import Roles
from verify.engines.stream.records import Rec
from verify.errors import Location, UsageError
from verify.kinds import correlation_of
from verify.model.breach import Breach
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta

#: A correction as the engine's step holds it (see `engine.Correction`).
Correction = tuple[int, Breach | None, Breach | None, TreatyMeta]


@dataclass(frozen=True)
class Share:
    """Partition `number` of `count`. Of the obligations judged over the whole feed
    (`over_feed`, with their engine machines, in pack order, `feed_machines`), those this
    partition judges (`feed_here`, machines `machines_here`)."""

    number: int
    count: int
    over_feed: frozenset[str]
    feed_machines: frozenset[int]
    feed_here: frozenset[str]
    machines_here: frozenset[int]
    _owners: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, packs: Sequence[Pack], number: int, count: int) -> Share:
        """The share of partition `number` of `count` over these packs' obligations;
        `UsageError` for an obligation whose kind declares no correlation key."""
        if not 0 <= number < count:
            raise UsageError(f"partition {number} of {count}: give one from 0 to {count - 1}")
        over_feed: dict[int, str] = {}
        index = 0
        for pack in packs:
            for obligation in pack.obligations:
                correlation = correlation_of(obligation, pack.meta.group_of)
                if correlation is None:
                    raise UsageError(
                        f"obligation {obligation.id} ({obligation.kind}) declares no"
                        " correlation key, so its records cannot be split between the"
                        " consumers of a group: watch it with one consumer (a group of"
                        f" --partitions 1), not {count}",
                        Location(pack.path),
                    )
                if correlation != "party":
                    over_feed[index] = obligation.id
                index += 1
        here = {m: o for m, o in over_feed.items() if partition_of(o, count) == number}
        return cls(
            number,
            count,
            frozenset(over_feed.values()),
            frozenset(over_feed),
            frozenset(here.values()),
            frozenset(here),
        )

    def owns(self, party: str) -> bool:
        """Whether this partition owns a party (each code hashed once)."""
        known = self._owners.get(party)
        if known is None:
            known = self._owners[party] = partition_of(party, self.count) == self.number
        return known

    def concerns(self, rec: Rec) -> bool:
        """Whether a record concerns a party this partition owns (its party or counterparty)."""
        counterparty = rec.counterparty
        return self.owns(rec.party) or (counterparty is not None and self.owns(counterparty))

    def reads(self, rec: Rec) -> bool:
        """Whether any machine of this partition may use the record (to match it at all)."""
        return bool(self.machines_here) or self.concerns(rec)

    def roles(self, recs: Sequence[Rec], match: Callable[[list[Rec]], list[Roles]]) -> list[Roles]:
        """The roles each record plays here: `match` (the engine's matcher) asked only about
        the records some machine here may use, and its answer `kept`."""
        read = [at for at, rec in enumerate(recs) if self.reads(rec)]
        found: list[Roles] = [() for _ in recs]
        for at, roles in zip(read, match([recs[at] for at in read]), strict=True):
            found[at] = roles
        return self.kept(found, recs)

    def kept(self, found: Sequence[Roles], recs: Sequence[Rec]) -> list[Roles]:
        """The roles each record plays here, of those it plays anywhere (`found`: by the
        engine's matcher, or a worker process's), `strip`ped."""
        return [
            self.strip(roles, self.concerns(rec)) for roles, rec in zip(found, recs, strict=True)
        ]

    def strip(self, roles: Roles, concerned: bool) -> Roles:
        """The roles a record plays here: those of the obligations over the feed judged here,
        and the others' where the record concerns a party owned here."""
        return tuple(
            (machine, names)
            for machine, names in roles
            if (machine in self.machines_here if machine in self.feed_machines else concerned)
        )

    def keeps(self, breach: Breach) -> bool:
        """Whether this partition reports a breach: of an obligation over the feed, where it
        is judged; else where the party in breach is owned."""
        obligation = breach.obligation.id
        if obligation in self.over_feed:
            return obligation in self.feed_here
        return self.owns(breach.party)

    def sift(
        self, breaches: Sequence[tuple[Breach, TreatyMeta]], corrections: Sequence[Correction]
    ) -> tuple[list[tuple[Breach, TreatyMeta]], list[Correction]]:
        """What this partition reports of a batch's breaches and corrections: those of the
        parties it owns (`keeps`), each correction still after the same breaches."""
        kept: list[tuple[Breach, TreatyMeta]] = []
        before = [0] * (len(breaches) + 1)
        for at, item in enumerate(breaches):
            if self.keeps(item[0]):
                kept.append(item)
            before[at + 1] = len(kept)
        sifted: list[Correction] = []
        for at, was, now, meta in corrections:
            shown = now if now is not None else was
            if shown is not None and self.keeps(shown):
                sifted.append((before[at], was, now, meta))
        return kept, sifted

    def describe(self) -> str:
        """`partition 1 of 3`, as checkpoints and messages name it."""
        return f"partition {self.number} of {self.count}"
