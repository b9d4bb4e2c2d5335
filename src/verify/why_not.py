"""`verify explain --why-not`: which records an obligation considered for a party, and why each
one did or did not play a part in it.

An obligation reads records by role (`verify.kinds`: the activity that triggers it, the notice
or answer that discharges it, ...), each role a predicate tree (`verify.predicates`). A record
is considered for a party when it is of a kind some role reads and the party owns it in that
role (its actor, or a request's addressee). For each considered record and role, the tree is
evaluated and the first condition that fails is named (`kind is notification, not exercise`,
`troops 2,000 is not at least 3,000`); a record that passes every condition of a role was
selected in it. The obligation's findings for the party in the same run are listed after, so
that a reader sees whether the records selected made a breach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

import pandas as pd

from verify.engines.batch.frame import typed_records
from verify.errors import UsageError
from verify.escalation.releasability import RELEASABILITY_ORDER, releasability_rank
from verify.escaping import printable
from verify.kinds import obligation_roles
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.obligation import Obligation
from verify.model.pack import Pack
from verify.predicates import (
    AllOf,
    AnyOf,
    Compare,
    CounterpartyIs,
    HasFlag,
    KindIs,
    Lacks,
    LacksFlag,
    PartyIs,
    Predicate,
    Present,
    Reports,
    walk,
)
from verify.predicates.python import holds
from verify.spelling import within_two_edits
from verify.views import handling_banner

#: Record fields that are not quantities, for the view the predicates read.
NOT_QUANTITIES = frozenset({"lat", "lon", "line", "_line"})


@dataclass(frozen=True)
class RecordView:
    """A record as the plain-Python predicate backend reads it."""

    kind: str
    party: str
    counterparty: str | None
    activity: str | None
    refers_to: str | None
    flags: tuple[str, ...]
    quantities: Mapping[str, float]

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> RecordView:
        """The view of a typed record (`typed_records`)."""
        quantities = {
            str(name): float(value)
            for name, value in record.items()
            if isinstance(value, int | float)
            and not isinstance(value, bool)
            and name not in NOT_QUANTITIES
        }
        return cls(
            kind=str(record["kind"]),
            party=str(record["party"]),
            counterparty=record.get("counterparty"),
            activity=record.get("activity"),
            refers_to=record.get("refers_to"),
            flags=tuple(str(f).lower() for f in record.get("flags", ())),
            quantities=quantities,
        )


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def failure(predicate: Predicate, record: RecordView) -> str | None:
    """Why the predicate does not hold for the record, as words; None when it holds."""
    if holds(predicate, record):
        return None
    match predicate:
        case KindIs(kinds):
            return f"kind is {record.kind}, not {' or '.join(kinds)}"
        case PartyIs(parties):
            return f"party is {record.party}, not {' or '.join(parties)}"
        case CounterpartyIs(parties):
            return f"counterparty is {record.counterparty or 'none'}, not {' or '.join(parties)}"
        case HasFlag(flag):
            return f"not flagged {flag!r}"
        case LacksFlag(flag):
            return f"flagged {flag!r}"
        case Present(name):
            return f"no {name}"
        case Reports(quantity):
            return f"no {quantity} reported"
        case Lacks(quantity):
            return f"{quantity} {_number(record.quantities[quantity])} reported"
        case Compare(quantity, op, value):
            measured = record.quantities.get(quantity)
            if measured is None:
                return f"no {quantity} reported (needs {op} {_number(value)})"
            return f"{quantity} {_number(measured)} is not {op} {_number(value)}"
        case AllOf(parts):
            return next(
                (why for part in parts if (why := failure(part, record)) is not None), "never"
            )
        case AnyOf(parts):
            if not parts:
                return "no condition can hold"
            return "none of: " + "; ".join(filter(None, (failure(p, record) for p in parts)))
        case _:
            assert_never(predicate)


@dataclass(frozen=True)
class Considered:
    """A record considered for the party: where it was read, and per role `None` (selected)
    or the first condition that failed."""

    record: Mapping[str, Any]
    steps: tuple[tuple[str, str | None], ...]
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class WhyNot:
    """What an obligation made of a party's records in one run."""

    obligation: Obligation
    party: str
    activity: str | None
    considered: tuple[Considered, ...]
    findings: tuple[Finding, ...] = field(default=())

    def render(self) -> str:
        """The answer as plain text, under the handling marking of the records it shows."""
        o = self.obligation
        activity = f", activity {self.activity}" if self.activity else ""
        lines = [
            f"Why not: {o.id} ({o.article}) for {self.party}{activity}",
            f"  {o.title}",
            "",
            f"The records it considered ({len(self.considered)}):",
        ]
        if not self.considered:
            lines.append(f"  none: no record of a kind it reads is owned by {self.party}")
        for item in self.considered:
            r = item.record
            where = f", {item.file}:{item.line}" if item.file else ""
            lines.append(f"  - {r['id']} ({r['kind']}, {format_time(r['time'])}{where})")
            for role, why in item.steps:
                verdict = "selected" if why is None else f"not selected: {why}"
                lines.append(f"      {role}: {verdict}")
        lines.append("")
        if self.findings:
            lines.append(f"Its findings for {self.party} ({len(self.findings)}):")
            lines.extend(f"  - {f.id} {f.status}: {f.summary}" for f in self.findings)
        else:
            lines.append(f"It gives no finding for {self.party}{activity}.")
        ranks = [
            releasability_rank(str(item.record.get("releasability") or "national"))
            for item in self.considered
        ]
        banner = handling_banner(RELEASABILITY_ORDER[max(ranks, default=0)])
        body = "\n".join(printable(line) for line in lines)
        return f"{banner}\n{body}\n{banner}\n"


def _kinds(predicate: Predicate) -> set[str]:
    """The record kinds a role's predicate names."""
    return {kind for node in walk(predicate) if isinstance(node, KindIs) for kind in node.kinds}


def find_obligation(packs: Sequence[Pack], obligation_id: str) -> Obligation:
    """The obligation with this id among the packs; `UsageError` with a did-you-mean if none."""
    for pack in packs:
        found = pack.obligation(obligation_id)
        if found is not None:
            return found
    known = [o.id for pack in packs for o in pack.obligations]
    close = within_two_edits(obligation_id, known)
    hint = f"; did you mean {close!r}?" if close else f"; known: {', '.join(known)}"
    raise UsageError(f"--why-not: no obligation {obligation_id!r} in the packs given{hint}")


def why_not(
    pack: Pack,
    obligation: Obligation,
    frame: pd.DataFrame,
    party: str,
    activity: str | None,
    findings: Iterable[Finding],
) -> WhyNot:
    """Which of the frame's records the obligation considered for the party (and activity),
    and what each role made of them; with the run's findings of that obligation and party."""
    parties = tuple(p.code for p in pack.meta.parties)
    roles = obligation_roles(obligation, parties)
    kinds = {
        kind
        for role in roles
        for node in walk(role.predicate)
        if isinstance(node, KindIs)
        for kind in node.kinds
    }
    considered: list[Considered] = []
    if not frame.empty:
        owned = pd.Series(False, index=frame.index)
        for role in roles:
            if role.owner in frame:
                owned |= (frame[role.owner] == party).fillna(False)
        chosen = owned & frame["kind"].isin(kinds)
        if activity is not None:
            chosen &= (
                (frame["activity"] == activity).fillna(False) if "activity" in frame else False
            )
        rows = frame[chosen.to_numpy(dtype=bool)].sort_values(["time", "id"], kind="stable")
        places = zip(rows["_file"].tolist(), rows["_line"].tolist(), strict=True)
        for record, (file, line) in zip(typed_records(rows), places, strict=True):
            view = RecordView.of(record)
            steps = tuple(
                (role.name, failure(role.predicate, view))
                for role in roles
                if getattr(view, role.owner) == party and view.kind in _kinds(role.predicate)
            )
            considered.append(Considered(record, steps, str(file), int(line)))
    mine = tuple(f for f in findings if f.obligation == obligation.id and f.party == party)
    if activity is not None:  # the activity's findings: those citing one of its records
        ids = {str(item.record["id"]) for item in considered}
        mine = tuple(f for f in mine if any(e.id in ids for e in f.evidence))
    return WhyNot(obligation, party, activity, tuple(considered), mine)
