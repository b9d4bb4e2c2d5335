"""Applying waivers to a run's findings: after the engines, before escalation and rendering.

A waiver covers a finding when it names the finding's id, or its obligation and party (and, if
it names an activity, one of the finding's evidence records is of that activity), and it still
holds at the run's `as_of`. Where several cover one finding, the most specific is shown (by id,
then by activity, then by obligation and party), then the one that lapses last, then the first
written. A covered finding gains its `waiver` field; nothing else of it changes, its id least
of all. A waiver for an obligation its pack marks not waivable is refused (`WaiverErrors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from verify.errors import Location, WaiverError, WaiverErrors
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.model.waiver import Waiver


def not_waivable_problem(waiver: Waiver, obligation: str) -> WaiverError:
    """The refusal of a waiver for an obligation its pack marks not waivable."""
    how = "names" if waiver.obligation == obligation else f"covers {waiver.finding}, a finding of"
    return WaiverError(
        f"{'obligation' if waiver.obligation else 'finding'}: this waiver {how} {obligation},"
        " which its pack marks not waivable (@not-waivable): no waiver may cover it",
        Location(waiver.file or "waiver", waiver.line),
    )


def refuse_not_waivable(
    waivers: Sequence[Waiver], packs: Sequence[Pack], findings: Iterable[Finding] = ()
) -> None:
    """Raise `WaiverErrors`, one per waiver, for waivers that name an obligation a pack marks
    not waivable, or the id of one of `findings` that is of such an obligation."""
    closed = {o.id for pack in packs for o in pack.obligations if not o.waivable}
    if not closed:
        return
    by_id = {finding.id: finding.obligation for finding in findings}
    problems = []
    for waiver in waivers:
        named = waiver.obligation or by_id.get(waiver.finding or "")
        if named in closed:
            problems.append(not_waivable_problem(waiver, named))
    if problems:
        raise WaiverErrors(list(problems))


@dataclass(frozen=True)
class _Index:
    """The waivers by what they name, in the order written."""

    by_finding: dict[str, list[Waiver]]
    by_obligation: dict[tuple[str, str], list[Waiver]]

    @classmethod
    def of(cls, waivers: Iterable[Waiver]) -> _Index:
        by_finding: dict[str, list[Waiver]] = {}
        by_obligation: dict[tuple[str, str], list[Waiver]] = {}
        for waiver in waivers:
            if waiver.finding is not None:
                by_finding.setdefault(waiver.finding, []).append(waiver)
            else:
                key = (waiver.obligation or "", waiver.party or "")
                by_obligation.setdefault(key, []).append(waiver)
        return cls(by_finding, by_obligation)

    def matching(self, finding: Finding, activities: Mapping[str, str]) -> list[Waiver]:
        """The waivers naming the finding, held or lapsed, most specific first."""
        named = list(self.by_finding.get(finding.id, ()))
        broad = self.by_obligation.get((finding.obligation, finding.party), ())
        if any(w.activity is not None for w in broad):
            own = {activities[e.id] for e in finding.evidence if e.id in activities}
            named += [w for w in broad if w.activity is not None and w.activity in own]
        return named + [w for w in broad if w.activity is None]


def _covering(matches: Sequence[Waiver], as_of: datetime) -> Waiver | None:
    """Of the waivers naming a finding (most specific first), the one shown: the most
    specific that holds at `as_of`, lapsing last among equals, the first written among those."""
    holding = [w for w in matches if w.holds_at(as_of)]
    if not holding:
        return None
    rank = {id(w): place for place, w in enumerate(matches)}

    def specificity(waiver: Waiver) -> int:
        return 0 if waiver.finding is not None else 1 if waiver.activity is not None else 2

    return min(holding, key=lambda w: (specificity(w), -w.lapses.timestamp(), rank[id(w)]))


def apply_waivers(
    findings: Sequence[Finding],
    waivers: Sequence[Waiver],
    as_of: datetime,
    activities: Mapping[str, str] | None = None,
) -> tuple[Finding, ...]:
    """The findings, in their order, each with the waiver that covers it at `as_of` (or none).

    `activities` maps evidence record ids to their `activity`, for waivers that name one
    (`evidence_activities`)."""
    if not waivers:
        return tuple(findings)
    index = _Index.of(waivers)
    known = activities or {}
    out: list[Finding] = []
    for finding in findings:
        chosen = _covering(index.matching(finding, known), as_of)
        field = chosen.as_finding_field() if chosen is not None else None
        out.append(
            finding if field == finding.waiver else finding.model_copy(update={"waiver": field})
        )
    return tuple(out)


def evidence_activities(frame: pd.DataFrame, findings: Sequence[Finding]) -> dict[str, str]:
    """The `activity` of each evidence record of the findings that has one, from the feed."""
    if frame.empty or "activity" not in frame.columns:
        return {}
    cited = {record.id for finding in findings for record in finding.evidence}
    rows = frame.loc[frame["id"].isin(cited) & frame["activity"].notna(), ["id", "activity"]]
    return dict(zip(rows["id"].astype(str), rows["activity"].astype(str), strict=True))


@dataclass(frozen=True)
class WaiverUsage:
    """What a run made of its waivers: how many findings they cover, the waivers that name a
    finding of the run but lapsed by `as_of`, and those that hold but name none."""

    waived: int
    lapsed: tuple[Waiver, ...]
    unused: tuple[Waiver, ...]


def waiver_usage(
    findings: Sequence[Finding],
    waivers: Sequence[Waiver],
    as_of: datetime,
    activities: Mapping[str, str] | None = None,
) -> WaiverUsage:
    """How the waivers met the run's findings (for the note `verify check` prints)."""
    index = _Index.of(waivers)
    named: dict[int, Waiver] = {}
    for finding in findings:
        for waiver in index.matching(finding, activities or {}):
            named[id(waiver)] = waiver
    lapsed = tuple(w for w in waivers if id(w) in named and not w.holds_at(as_of))
    unused = tuple(w for w in waivers if id(w) not in named and w.holds_at(as_of))
    waived = sum(1 for finding in findings if finding.waiver is not None)
    return WaiverUsage(waived, lapsed, unused)
