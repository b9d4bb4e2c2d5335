"""The batch engine: every obligation of every pack evaluated column-wise over one DataFrame.

It decides which records breach an obligation, selecting them with the kind's predicates
(`verify.kinds`, through `predicates.pandas`) and handing them to the kind's breach builder;
the findings stage and escalation do the rest (`verify.api.check_frame`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import assert_never

import pandas as pd

from verify.engines.batch.counting import frequency, quota
from verify.engines.batch.deadlines import prior_notice, response
from verify.engines.batch.intervals import concurrency, duration
from verify.engines.batch.quantities import ceiling, declared_observed, prohibition
from verify.engines.batch.reports import periodic_report
from verify.engines.batch.zones import zone_prohibition
from verify.engines.regions import region_of
from verify.model.breach import Breach
from verify.model.obligation import (
    Ceiling,
    Concurrency,
    DeclaredObserved,
    Duration,
    Frequency,
    Obligation,
    PeriodicReport,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    ZoneProhibition,
)
from verify.model.pack import Pack
from verify.predicates import AnyOf, CounterpartyIs, PartyIs
from verify.predicates.pandas import mask


def evaluate(
    obligation: Obligation,
    pack: Pack,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool = False,
    regions: dict[tuple[str, str], pd.Series[bool]] | None = None,
) -> Iterator[Breach]:
    """The breaches of one obligation in a frame of records known at `as_of`.

    `regions`, when given, remembers which records of this frame each (pack, zone) of
    application admits, for the pack's other obligations within the same zone.
    """
    parties = pack.party_codes
    region = region_of(obligation, pack.meta)
    if region is not None:
        key = (pack.meta.id, region.shape.zone_id)
        admitted = None if regions is None else regions.get(key)
        if admitted is None:
            lon, lat = (frame[name].to_numpy(dtype=float) for name in ("lon", "lat"))
            admitted = pd.Series(region.admits(lon, lat), index=frame.index)
            if regions is not None:
                regions[key] = admitted
        frame = _where(frame, admitted)
    match obligation:
        case PriorNotice():
            yield from prior_notice(obligation, frame, as_of, include_pending, parties, pack.meta)
        case Response():
            yield from response(
                obligation, frame, as_of, include_pending, parties, pack.meta.group_of
            )
        case Quota():
            yield from quota(obligation, frame, parties, pack.meta.group_of)
        case Ceiling():
            yield from ceiling(obligation, frame, as_of, parties)
        case Frequency():
            yield from frequency(obligation, frame, parties)
        case ZoneProhibition():
            yield from zone_prohibition(obligation, frame, pack.meta, parties)
        case DeclaredObserved():
            yield from declared_observed(obligation, frame, parties)
        case Duration():
            yield from duration(obligation, frame, as_of, include_pending, parties)
        case Concurrency():
            yield from concurrency(obligation, frame, as_of, parties)
        case Prohibition():
            yield from prohibition(obligation, frame, parties)
        case PeriodicReport():
            yield from periodic_report(obligation, frame, as_of, include_pending, parties)
        case _:
            assert_never(obligation)


def party_records(pack: Pack, frame: pd.DataFrame) -> pd.DataFrame:
    """The records a pack can judge: those of its parties (as actor or as addressee).

    A pack that declares no parties binds every state. Records of non-parties could only ever
    give breaches that the findings stage drops, so they are left out before any breach is
    built (the kinds' roles bind each record to its owing party as well).
    """
    if not pack.meta.parties:
        return frame
    codes = tuple(pack.party_codes)
    return _where(frame, mask(AnyOf((PartyIs(codes), CounterpartyIs(codes))), frame))


def _where(frame: pd.DataFrame, mask: pd.Series[bool]) -> pd.DataFrame:
    """The rows of `frame` where `mask` holds; the frame itself, uncopied, when all do."""
    return frame if bool(mask.all()) else frame[mask]


def run_batch(
    packs: Sequence[Pack],
    frame: pd.DataFrame,
    as_of: datetime,
    *,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Iterator[tuple[Breach, Pack]]:
    """The breaches of every pack over the records with `time` at or before `as_of`, each with
    its pack, obligation by obligation in pack order.

    `obligations`, when given, restricts the run to those obligation ids; `progress`, when
    given, is called as each obligation starts with its id, the number done and the total.
    """
    known = _where(frame, frame["time"] <= pd.Timestamp(as_of))
    selected = [
        (pack, obligation)
        for pack in packs
        for obligation in pack.obligations
        if obligations is None or obligation.id in obligations
    ]
    regions: dict[tuple[str, str], pd.Series[bool]] = {}
    members: tuple[Pack, pd.DataFrame] | None = None  # one pack's records at a time: its turn
    for done, (pack, obligation) in enumerate(selected):
        if progress is not None:
            progress(obligation.id, done, len(selected))
        if members is None or members[0] is not pack:
            members = (pack, party_records(pack, known))
        frame = members[1]
        for breach in evaluate(obligation, pack, frame, as_of, include_pending, regions):
            yield breach, pack
