"""Recording a run: what it costs, and that its findings weigh the same history as before.

`verify check --record` once went through every stored case for every finding, and inserted
and looked up findings one at a time; these pin down that it no longer does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from tests.escalation.conftest import finding, utc
from verify.escalation.chain import canonical_json
from verify.escalation.ledger import Ledger
from verify.escalation.record import ladder_context, record_run
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.treaty import load_pack

PACK = load_pack("vienna-document-2011")
OBLIGATION = "vd11.prior-notification"


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


def test_stored_bodies_are_canonical_json(ledger: Ledger) -> None:
    """The body written in bulk is the canonical JSON of the finding and its ladder, and each
    hash is the one recomputed from the parsed body: the audit's reading."""
    record_run(run_of(many(10)), [PACK], ledger)
    for entry in ledger.entries():
        assert entry.body == canonical_json(entry.data())
        assert entry.hash == entry.expected_hash()
        assert set(entry.data()) == {"context", "finding"}
