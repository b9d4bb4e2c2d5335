"""Which partition owns a party, which records go where, and which obligations run where.

A party belongs to one partition, by a stable hash of its code (CRC-32, the same on every run
and machine; never Python's salted `hash()`). A record goes to the partition of its `party`
and to that of its `counterparty` (a request is owed by its addressee, a reply lives with its
sender), and a partition keeps only the findings of the parties it owns. An obligation whose
kind correlates records of different parties (`Correlation` "feed") is judged on one more
task that sees every record its roles select, and keeps all its findings; an obligation whose
kind declares no correlation is refused, never run wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from verify.engines.partitions import partition_of
from verify.errors import Location, UsageError
from verify.kinds import correlation_of, obligation_roles
from verify.model.pack import Pack
from verify.predicates import AnyOf, Predicate
from verify.predicates.pandas import mask


def owners(codes: pd.Series, partitions: int) -> npt.NDArray[np.int64]:
    """The owning partition of each code in a column (-1 where it is missing), hashing each
    distinct code once."""
    present = codes.notna().to_numpy(dtype=bool)
    found = np.full(len(codes), -1, dtype=np.int64)
    if not present.any():
        return found
    values = codes[present].astype(str)
    distinct = pd.unique(values.to_numpy(dtype=object))
    table = pd.Series(
        [partition_of(str(code), partitions) for code in distinct], index=distinct, dtype="int64"
    )
    found[present] = values.map(table).to_numpy(dtype=np.int64)
    return found


def routed(frame: pd.DataFrame, partitions: int) -> list[npt.NDArray[np.bool_]]:
    """For each partition, which rows of `frame` go to it: those whose party or counterparty
    it owns."""
    by_party = owners(frame["party"], partitions)
    by_counterparty = owners(frame["counterparty"], partitions)
    return [(by_party == p) | (by_counterparty == p) for p in range(partitions)]


@dataclass(frozen=True)
class Plan:
    """The obligations of a run by where they are judged: party by party, or over the feed."""

    by_party: tuple[str, ...]
    over_feed: tuple[str, ...]
    #: Records that some obligation judged over the feed reads (any of their roles).
    feed_records: Predicate | None


def plan(packs: Sequence[Pack], obligations: Sequence[str] | None) -> Plan:
    """Sort the obligations of a run (all, or those named) by their kinds' correlation keys;
    `UsageError` naming the first whose kind declares none."""
    by_party: list[str] = []
    over_feed: list[str] = []
    reads: list[Predicate] = []
    for pack in packs:
        for obligation in pack.obligations:
            if obligations is not None and obligation.id not in obligations:
                continue
            correlation = correlation_of(obligation, pack.meta.group_of)
            if correlation is None:
                raise UsageError(
                    f"obligation {obligation.id} ({obligation.kind}) declares no correlation"
                    " key, so it cannot be split across partitions: --engine dask refuses it",
                    Location(pack.path),
                    hints=("run it with --engine local",),
                )
            if correlation == "party":
                by_party.append(obligation.id)
            else:
                over_feed.append(obligation.id)
                reads.extend(
                    role.predicate for role in obligation_roles(obligation, pack.party_codes)
                )
    return Plan(tuple(by_party), tuple(over_feed), AnyOf(tuple(reads)) if reads else None)


def feed_rows(frame: pd.DataFrame, run: Plan) -> npt.NDArray[np.bool_]:
    """Which rows of `frame` the obligations judged over the feed read."""
    if run.feed_records is None or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    return mask(run.feed_records, frame).to_numpy(dtype=bool)
