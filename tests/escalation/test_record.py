"""Recording a run: what it costs, and that its findings weigh the same history as before.

`verify check --record` once went through every stored case for every finding, and inserted
and looked up findings one at a time; these pin down that it no longer does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from tests.escalation.conftest import CONTEXT, finding, utc
from verify.escalation.cases import (
    Case,
    Cases,
    Withdrawal,
    highest_escalation,
    history_for,
    suggest_for,
)
from verify.escalation.chain import canonical_json
from verify.escalation.ledger import Ledger
from verify.escalation.policy import History
from verify.escalation.record import ladder_context, record_run
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.treaty import load_pack

PACK = load_pack("vienna-document-2011")


def run_of(findings: Sequence[Finding], as_of: str = "2027-01-01") -> RunResult:
    """A run of the Vienna Document pack that found these."""
    return RunResult(
        findings=tuple(findings), packs=(), inputs=(), as_of=utc(as_of), records=0, rejected=0
    )


def many(count: int, *, prefix: str = "F", parties: str = "ABCDEFGH") -> list[Finding]:
    """`count` findings spread over eight parties and a year of windows."""
    return [
        finding(
            f"{prefix}-{n:05d}",
            party=parties[n % len(parties)] * 3,
            start=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            status="violation" if n % 3 else "potential_violation",
        )
        for n in range(count)
    ]


@contextmanager
def statements(ledger: Ledger) -> Iterator[list[str]]:
    """The SQL statements the ledger's engine sends while the block runs (executemany: one)."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    sa.event.listen(ledger.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        sa.event.remove(ledger.engine, "before_cursor_execute", count)


def test_storing_many_findings_takes_a_handful_of_statements(ledger: Ledger) -> None:
    """A store inserts in bulk and looks ids up in batches, not one statement per finding."""
    items = [(f, ladder_context(f, [PACK])) for f in many(600)]
    with statements(ledger) as first:
        outcome = ledger.store(items)
    with statements(ledger) as again:
        repeated = ledger.store(items)
    assert (len(outcome.added), len(repeated.kept)) == (600, 600)
    assert len(first) <= 12, first
    assert len(again) <= 12, again
    assert ledger.audit().message() == "600 entries, chain intact"


def test_recording_reads_only_the_cases_its_findings_weigh(ledger: Ledger) -> None:
    """A run's history is drawn from its findings' treaty, obligation and party alone: an
    entry of another party is not even read (here one made unreadable by hand)."""
    other = finding("F-OTHER", party="ZZZ")
    ledger.store([(other, ladder_context(other, [PACK]))])
    with ledger.engine.begin() as connection:
        connection.execute(sa.text("UPDATE ledger_entries SET body = '[]' WHERE seq = 1"))
    recorded, outcome = record_run(run_of(many(20)), [PACK], ledger)
    assert len(outcome.added) == 20
    assert len(recorded.findings) == 20


def naive_history(case: Case, cases: Sequence[Case], now: datetime) -> History:
    """The history as the policy defines it, by going through every case (the reference)."""
    mine = case.finding
    earlier = [
        other
        for other in cases
        if other.finding.id != mine.id
        and (other.finding.treaty, other.finding.obligation, other.finding.party)
        == (mine.treaty, mine.obligation, mine.party)
        and other.finding.status != "pending"
        and other.finding.window.start < mine.window.start
    ]
    lapsed = tuple(
        use
        for other in earlier
        for use in (other.use(e, now) for e in other.escalations)
        if use.unanswered
    )
    return History(
        repeats=sum(1 for other in earlier if other.finding.status == "violation"),
        unanswered=lapsed,
        own=None,
    )


def test_a_recorded_run_weighs_the_same_history_as_the_whole_ledger(ledger: Ledger) -> None:
    """Channels after recording equal those drawn from every case: repeats, lapses, pending."""
    earlier = many(40, prefix="E")
    ledger.store([(f, ladder_context(f, [PACK])) for f in earlier], at=utc("2026-06-01"))
    for n in range(0, 40, 7):
        ledger.escalate(f"E-{n:05d}", "clarification", at=utc("2026-06-02"))
    ledger.resolve("E-00014", "answered", at=utc("2026-06-03"))
    later = [
        *many(30, prefix="L"),
        finding("P-00001", party="AAA", start="2026-12-30", status="pending"),
        earlier[5],
    ]
    now = utc("2027-01-01")
    recorded, outcome = record_run(run_of(later, "2027-01-01"), [PACK], ledger)
    assert (len(outcome.added), outcome.kept) == (30, ("E-00005",))
    reasons = " ".join(f.channels[0].reason for f in recorded.findings if f.channels)
    assert "repeat breach" in reasons
    assert "went unanswered" in reasons
    cases = ledger.cases()
    for got, original in zip(recorded.findings, later, strict=True):
        stored = next((c for c in cases if c.finding.id == original.id), None)
        context = ladder_context(original, [PACK])
        case = Case(original, context, now) if stored is None else stored
        history = naive_history(case, cases, now)
        if case.escalations:
            own = case.use(case.escalations[highest_escalation(case)], now)
            history = History(history.repeats, history.unanswered, own)
        since = case.recorded
        expected = (
            () if case.state == "resolved" else suggest_for(original, context, history, since=since)
        )
        assert got.channels == expected, original.id


def statements_recording(ledger: Ledger, run: RunResult) -> int:
    """How many statements recording `run` sends to the database (an executemany is one)."""
    sent: list[str] = []

    def count(*_: Any) -> None:
        sent.append("statement")

    sa.event.listen(ledger.engine, "before_cursor_execute", count)
    try:
        record_run(run, [PACK], ledger)
    finally:
        sa.event.remove(ledger.engine, "before_cursor_execute", count)
    return len(sent)


@pytest.mark.parametrize("attempt", ["first", "again"])
def test_recording_sends_as_many_statements_for_3000_findings_as_for_30(
    ledger_url: str, attempt: str
) -> None:
    """Bulk inserts and one read of what is stored, whatever the run's size: recording never
    goes back to the database once per finding (the quadratic `--record` of issue 15). Speed
    itself is measured in bench/record.py, not here."""
    counts = []
    for size in (30, 3000):
        run = run_of(many(size))
        with Ledger.open(
            f"{ledger_url}-{size}" if ledger_url.startswith("sqlite") else ledger_url
        ) as ledger:
            if attempt == "again":
                record_run(run, [PACK], ledger)
            counts.append(statements_recording(ledger, run))
    assert counts[1] <= counts[0] + 10, counts


def test_stored_bodies_are_canonical_json(ledger: Ledger) -> None:
    """The body written in bulk is the canonical JSON of the finding and its ladder, and each
    hash is the one recomputed from the parsed body: the audit's reading."""
    record_run(run_of(many(10)), [PACK], ledger)
    for entry in ledger.entries():
        assert entry.body == canonical_json(entry.data())
        assert entry.hash == entry.expected_hash()
        assert set(entry.data()) == {"context", "finding"}


def test_a_findings_own_stored_version_is_not_an_earlier_breach() -> None:
    """The index counts repeats as going through every case does: never the case's own id."""
    now = utc("2027-01-01")
    stored = [
        Case(finding("F-1", start="2026-01-01"), CONTEXT, now),
        Case(finding("F-2", start="2026-02-01"), CONTEXT, now),
        Case(finding("F-3", start="2026-02-01", status="pending"), CONTEXT, now),
        Case(finding("F-4", start="2026-02-01", party="BLR"), CONTEXT, now),
    ]
    mine = Case(finding("F-1", start="2026-03-01"), CONTEXT, now)
    assert history_for(mine, Cases(stored), now) == naive_history(mine, stored, now)
    assert history_for(mine, Cases(stored), now).repeats == 1


def test_a_withdrawn_earlier_breach_is_no_repeat() -> None:
    """A finding that later data disproved does not move a later breach up a rung."""
    now = utc("2027-01-01")
    withdrawn = Case(
        finding("F-1", start="2026-01-01"),
        CONTEXT,
        now,
        withdrawals=(Withdrawal(now, "no longer produced", 2),),
    )
    mine = Case(finding("F-2", start="2026-03-01"), CONTEXT, now)
    assert history_for(mine, Cases([withdrawn]), now).repeats == 0
    assert history_for(mine, Cases([replace(withdrawn, withdrawals=())]), now).repeats == 1
