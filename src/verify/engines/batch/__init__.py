"""The batch engine: every obligation of every pack evaluated column-wise over one DataFrame."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

import pandas as pd

from verify.engines.batch.counting import frequency, quota
from verify.engines.batch.deadlines import prior_notice, response
from verify.engines.batch.quantities import ceiling, declared_observed, prohibition
from verify.engines.batch.zones import zone_prohibition
from verify.engines.breach import Breach, finalize, finding_order
from verify.model.finding import Finding
from verify.model.obligation import (
    Ceiling,
    DeclaredObserved,
    Frequency,
    Obligation,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    ZoneProhibition,
)
from verify.model.pack import Pack


def evaluate(
    obligation: Obligation,
    pack: Pack,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool = False,
) -> Iterator[Breach]:
    """The breaches of one obligation in a frame of records known at `as_of`."""
    match obligation:
        case PriorNotice():
            yield from prior_notice(obligation, frame, as_of, include_pending)
        case Response():
            yield from response(obligation, frame, as_of, include_pending)
        case Quota():
            yield from quota(obligation, frame, as_of)
        case Ceiling():
            yield from ceiling(obligation, frame, as_of)
        case Frequency():
            yield from frequency(obligation, frame, as_of)
        case ZoneProhibition():
            yield from zone_prohibition(obligation, frame, as_of, pack.meta)
        case DeclaredObserved():
            yield from declared_observed(obligation, frame, as_of)
        case Prohibition():
            yield from prohibition(obligation, frame, as_of)


def party_records(pack: Pack, frame: pd.DataFrame) -> pd.DataFrame:
    """The records a pack can judge: those of its parties (as actor or as addressee).

    A pack that declares no parties binds every state. Records of non-parties could only ever
    give breaches that `finalize` drops, so they are left out before any breach is built.
    """
    if not pack.meta.parties:
        return frame
    codes = [party.code for party in pack.meta.parties]
    return _where(frame, frame["party"].isin(codes) | frame["counterparty"].isin(codes))


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
) -> list[Finding]:
    """Findings of every pack over the records with `time` at or before `as_of`, in order.

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
    members = {pack.meta.id: party_records(pack, known) for pack in packs}
    findings: dict[str, Finding] = {}
    for done, (pack, obligation) in enumerate(selected):
        if progress is not None:
            progress(obligation.id, done, len(selected))
        for breach in evaluate(obligation, pack, members[pack.meta.id], as_of, include_pending):
            finding = finalize(breach, pack.meta)
            if finding is not None:
                findings.setdefault(finding.id, finding)
    return sorted(findings.values(), key=finding_order)
