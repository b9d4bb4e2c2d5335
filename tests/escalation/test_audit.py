"""Integrity: every ledger entry chains to the previous one, and the audit names a break."""

from __future__ import annotations

import sqlalchemy as sa

from tests.escalation.conftest import CONTEXT, finding, utc
from verify.escalation.chain import GENESIS, entry_hash
from verify.escalation.ledger import Ledger


def filled(ledger: Ledger) -> Ledger:
    """Three findings stored, the second escalated, the first resolved: five entries."""
    ledger.store([(finding(f"F-000{n}", party=p), CONTEXT) for n, p in enumerate("ABC", 1)])
    ledger.escalate("F-0002", "clarification", at=utc("2026-09-20"))
    ledger.resolve("F-0001", "answered", at=utc("2026-09-21"))
    return ledger


def execute(ledger: Ledger, sql: str) -> None:
    """Run a raw SQL statement by hand, as someone tampering with the database would."""
    with ledger.engine.begin() as connection:
        connection.execute(sa.text(sql))


def test_an_untouched_ledger_audits_intact(ledger: Ledger) -> None:
    """The audit of a ledger nobody edited says how many entries and that the chain is intact."""
    report = filled(ledger).audit()
    assert report.intact
    assert report.message() == "5 entries, chain intact"


def test_each_hash_covers_the_previous_hash_and_the_content(ledger: Ledger) -> None:
    """An entry's hash is sha256(previous hash + canonical JSON of its content)."""
    first, second, *_ = filled(ledger).entries()
    assert first.prev_hash == GENESIS
    assert first.hash == entry_hash(GENESIS, first.content())
    assert second.hash == entry_hash(first.hash, second.content())


def test_editing_a_row_by_hand_makes_the_audit_name_it(ledger: Ledger) -> None:
    """A raw SQL UPDATE of one row's note fails the audit at that row, with its finding id."""
    execute(filled(ledger), "UPDATE ledger_entries SET note = 'no answer' WHERE seq = 5")
    report = ledger.audit()
    assert (report.seq, report.finding_id) == (5, "F-0001")
    assert report.message().startswith("entry 5 (finding F-0001) was tampered with")


def test_editing_a_stored_finding_by_hand_is_found(ledger: Ledger) -> None:
    """Changing a stored finding's party in the row is caught at that row."""
    execute(filled(ledger), "UPDATE ledger_entries SET party = 'ZZZ' WHERE seq = 2")
    assert (ledger.audit().seq, ledger.audit().finding_id) == (2, "F-0002")


def test_rewriting_a_row_with_a_fresh_hash_is_found_at_that_row(ledger: Ledger) -> None:
    """A row edited and re-hashed still breaks the link the next row recorded, naming the row."""
    entries = filled(ledger).entries()
    forged = entries[3].content() | {"channel": "bilateral-meeting"}
    new_hash = entry_hash(entries[3].prev_hash, forged)
    execute(
        ledger,
        "UPDATE ledger_entries SET channel = 'bilateral-meeting',"
        f" hash = '{new_hash}' WHERE seq = 4",
    )
    report = ledger.audit()
    assert (report.seq, report.finding_id) == (4, "F-0002")


def test_deleting_a_row_is_found(ledger: Ledger) -> None:
    """A row deleted from the middle is named as missing."""
    execute(filled(ledger), "DELETE FROM ledger_entries WHERE seq = 3")
    report = ledger.audit()
    assert report.seq == 3
    assert "missing" in report.message()
