"""Reconciling a run with the ledger: what `verify check --record` does to recorded findings.

The scope of a run is its packs' obligations (every obligation of each pack given, or those the
run was restricted to) and the span of its data: from its earliest record to its `as_of`. A
recorded finding of the scope is compared with what the run produced under the same id:

- produced, never recorded: `stored` (new);
- produced, recorded, its content changed (article, counterparty, status, severity,
  confidence, summary, evidence, trail, window, due moment, zone): `revised`, a new version,
  the earlier ones kept; evidence is compared by record id, role and sha256, not by the file
  and line it was read from, so a record moved in its feed is no change;
- produced, recorded and withdrawn: `reopened`, with the finding as produced now;
- produced and recorded alike: unchanged, nothing written;
- not produced, recorded, neither withdrawn nor resolved, and every one of its evidence
  records' times within the run's data: `withdrawn`. A finding whose evidence lies outside the
  data (a feed of another year, say) is out of the run's sight and left as it is.

A withdrawal cites the records that disproved the finding, as far as the run can tell: the
records of the run's data that the obligation's roles cover (the records of kinds it reads,
by the party that owes it: the actor, or a request's addressee), of the finding's party and of
the activities of its evidence (any activity, when none of its records carries one), that the
recorded finding did not cite with the same sha256: new records, and amended ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from verify.engines.batch.frame import Cited
from verify.escalation.cases import Case, withdrawal_note
from verify.escalation.chain import canonical_json, stamp
from verify.escalation.ledger import Stored, draft
from verify.findings import evidence_of
from verify.kinds import obligation_roles
from verify.model.finding import Evidence, Finding
from verify.model.pack import Pack
from verify.predicates.pandas import mask

#: The fields whose change makes a new version of a finding.
CONTENT = (
    "article",
    "counterparty",
    "status",
    "severity",
    "confidence",
    "summary",
    "trail",
    "window",
    "due",
    "zone",
)


@dataclass(frozen=True)
class Reconciled:
    """What recording a run did, by finding id: new, changed (a new version), withdrawn,
    reopened, and unchanged."""

    added: tuple[str, ...] = ()
    revised: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    def message(self) -> str:
        """`N new, M changed (new version), K withdrawn, J reopened, L unchanged`."""
        return (
            f"{len(self.added)} new, {len(self.revised)} changed (new version),"
            f" {len(self.withdrawn)} withdrawn, {len(self.reopened)} reopened,"
            f" {len(self.kept)} unchanged"
        )


@dataclass(frozen=True)
class Scope:
    """The recorded findings a run speaks for: these treaties' obligations, and evidence from
    `start` to `end` (no withdrawal at all when `start` is None: the run holds no data)."""

    obligations: Mapping[tuple[str, str], None]
    start: datetime | None
    end: datetime

    @classmethod
    def of(
        cls,
        packs: Sequence[Pack],
        frame: pd.DataFrame | None,
        as_of: datetime,
        obligations: Iterable[str] | None = None,
    ) -> Scope:
        """The scope of a run of `packs` (restricted to `obligations`) over `frame`."""
        wanted = None if obligations is None else set(obligations)
        pairs = {
            (pack.meta.id, o.id): None
            for pack in packs
            for o in pack.obligations
            if wanted is None or o.id in wanted
        }
        start = None
        if frame is not None and not frame.empty:
            start = pd.Timestamp(frame["time"].min()).to_pydatetime()
        return cls(pairs, start, as_of)

    def covers(self, finding: Finding) -> bool:
        """Whether the run could have produced this recorded finding: same treaty and
        obligation, and every evidence record's time within the data."""
        if (finding.treaty, finding.obligation) not in self.obligations or self.start is None:
            return False
        start, end = self.start, self.end
        return all(start <= record.time <= end for record in finding.evidence)


def content(finding: Finding) -> str:
    """A finding's content as compared between runs, as canonical JSON."""
    dumped = finding.model_dump(mode="json", include=set(CONTENT))
    dumped["evidence"] = sorted((e.id, e.role, e.sha256) for e in finding.evidence)
    return canonical_json(dumped)


@dataclass
class Planner:
    """Drafts the entries that reconcile a run's findings with the cases of its scope."""

    forms: Sequence[Stored]
    produced: set[str]
    scope: Scope
    packs: Sequence[Pack]
    frame: pd.DataFrame | None
    at: datetime
    outcome: Reconciled = field(default_factory=Reconciled)

    def __call__(self, cases: tuple[Case, ...]) -> list[dict[str, Any]]:
        """The entries to append, given the scope's cases as the ledger holds them."""
        when = stamp(self.at)
        by_id = {case.finding.id: case for case in cases}
        drafts: list[dict[str, Any]] = []
        added: list[str] = []
        revised: list[str] = []
        reopened: list[str] = []
        kept: list[str] = []
        seen: set[str] = set()
        for form in self.forms:
            finding = form.finding
            if finding.id in seen:
                continue
            seen.add(finding.id)
            case = by_id.get(finding.id)
            if case is None:
                added.append(finding.id)
                subject = {
                    "treaty": finding.treaty,
                    "obligation": finding.obligation,
                    "party": finding.party,
                }
                drafts.append(draft("stored", finding.id, when, body=form.body) | subject)
            elif case.state == "withdrawn":
                reopened.append(finding.id)
                note = "produced again by a later run"
                drafts.append(draft("reopened", finding.id, when, note=note, body=form.body))
            elif case.finding is not finding and content(case.finding) != content(finding):
                revised.append(finding.id)
                note = f"changed: {', '.join(changed_fields(case.finding, finding))}"
                drafts.append(draft("revised", finding.id, when, note=note, body=form.body))
            else:
                kept.append(finding.id)
        withdrawn: list[str] = []
        for case in cases:
            finding = case.finding
            if (
                finding.id in self.produced
                or case.state in ("withdrawn", "resolved")
                or not self.scope.covers(finding)
            ):
                continue
            cited = self.disproving(finding)
            withdrawn.append(finding.id)
            body = canonical_json(
                {
                    "evidence": [e.model_dump(mode="json") for e in cited],
                    "as_of": stamp(self.scope.end),
                }
            )
            drafts.append(
                draft("withdrawn", finding.id, when, note=withdrawal_note(cited), body=body)
            )
        self.outcome = Reconciled(
            tuple(added), tuple(revised), tuple(withdrawn), tuple(reopened), tuple(kept)
        )
        return drafts

    def disproving(self, finding: Finding) -> tuple[Evidence, ...]:
        """The records of the run's data that bear on a withdrawn finding and that it did not
        cite as they are now: of the kinds the obligation reads, the party that owes it, and
        the activities of its evidence."""
        frame = self.frame
        pack = next((p for p in self.packs if p.meta.id == finding.treaty), None)
        obligation = pack.obligation(finding.obligation) if pack else None
        if frame is None or frame.empty or pack is None or obligation is None:
            return ()
        cited = {(e.id, e.sha256) for e in finding.evidence}
        ids = {e.id for e in finding.evidence}
        activities = _activities(frame, ids)
        selected = pd.Series(False, index=frame.index)
        for part in obligation_roles(obligation):
            if part.owner not in frame:
                continue
            owned = (frame[part.owner] == finding.party).fillna(False)
            selected |= mask(part.predicate, frame) & owned
        if activities and "activity" in frame:
            selected &= frame["activity"].isin(activities).fillna(False)
        labels = list(frame.index[selected.to_numpy(dtype=bool)])
        fetched = Cited(frame, labels)
        found: list[Evidence] = []
        for label in labels:
            record = fetched.cite(label)
            if (record.id, record.sha256) in cited:
                continue
            kind = record.record["kind"]
            role = (
                f"the {kind}, amended since the finding was recorded"
                if record.id in ids
                else f"a {kind} the recorded finding did not have"
            )
            found.append(evidence_of(record.playing(role)))
        return tuple(sorted(found, key=lambda e: (e.time, e.id)))


def _activities(frame: pd.DataFrame, ids: set[str]) -> set[str]:
    """The activity keys of the records with these ids."""
    if "activity" not in frame:
        return set()
    values = frame.loc[frame["id"].isin(ids), "activity"].dropna()
    return {str(value) for value in values}


def changed_fields(old: Finding, new: Finding) -> list[str]:
    """The content fields that differ between two versions of a finding."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    names = [name for name in CONTENT if before.get(name) != after.get(name)]
    if sorted((e.id, e.role, e.sha256) for e in old.evidence) != sorted(
        (e.id, e.role, e.sha256) for e in new.evidence
    ):
        names.append("evidence")
    return names
