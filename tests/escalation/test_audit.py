"""Integrity: every ledger entry chains to the previous one, the last one is the head kept
apart, and the audit names a break; a pinned entry is held or not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.escalation.conftest import CONTEXT, finding, utc
from verify.escalation.chain import GENESIS, START, Head, entry_hash
from verify.escalation.ledger import Ledger, LedgerError


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


@pytest.mark.parametrize("removed", [1, 3, 5])
def test_deleting_the_newest_entries_is_found(ledger: Ledger, removed: int) -> None:
    """Entries deleted from the end leave the head pointing past them: the audit says truncated."""
    execute(filled(ledger), f"DELETE FROM ledger_entries WHERE seq > {5 - removed}")
    report = ledger.audit()
    assert not report.intact
    assert report.seq == 6 - removed
    missing = "entry 5 is" if removed == 1 else f"entries {6 - removed} to 5 are"
    assert report.message() == (
        f"the chain was truncated: its head is entry 5, but the entries end at entry"
        f" {5 - removed}; {missing} missing"
    )


def test_rewriting_the_newest_entry_with_a_fresh_hash_is_found(ledger: Ledger) -> None:
    """The last entry has no successor to record its hash, but the head does."""
    last = filled(ledger).entries()[-1]
    forged = last.content() | {"note": "never answered"}
    new_hash = entry_hash(last.prev_hash, forged)
    execute(
        ledger,
        f"UPDATE ledger_entries SET note = 'never answered', hash = '{new_hash}' WHERE seq = 5",
    )
    report = ledger.audit()
    assert (report.seq, report.finding_id) == (5, "F-0001")
    assert report.message().startswith("the chain's head disagrees with entry 5")


def test_entries_beyond_the_head_are_found(ledger: Ledger) -> None:
    """A head moved back (or rows appended by hand) leaves entries beyond it: named."""
    execute(filled(ledger), "UPDATE ledger_head SET seq = 3")
    report = ledger.audit()
    assert report.message().startswith("entries 4 to 5 are beyond the chain's head (entry 3)")


def test_a_missing_head_is_found(ledger: Ledger) -> None:
    """The head's row deleted by hand fails the audit, saying so."""
    execute(filled(ledger), "DELETE FROM ledger_head")
    assert ledger.audit().message() == "the chain's head, kept apart from the entries, is missing"


def test_the_head_moves_with_every_append(ledger: Ledger) -> None:
    """After each store, escalation and resolution the head is the newest entry."""
    assert ledger.head() == START
    filled(ledger)
    last = ledger.entries()[-1]
    assert ledger.head() == Head(5, last.hash)
    assert ledger.audit().head == Head(5, last.hash)


def test_a_truncated_ledger_is_not_appended_to(ledger: Ledger) -> None:
    """Appending after a truncation would overwrite the head and hide the gap: refused."""
    execute(filled(ledger), "DELETE FROM ledger_entries WHERE seq > 3")
    with pytest.raises(LedgerError, match=r"head \(entry 5\) is not its last entry \(entry 3\)"):
        ledger.store([(finding("F-0009"), CONTEXT)])
    assert ledger.audit().message().startswith("the chain was truncated")


def test_an_expected_entry_still_there_passes(ledger: Ledger) -> None:
    """A pinned head is held while the entry is there with that hash, after more appends too."""
    pinned = filled(ledger).audit().head
    ledger.store([(finding("F-0009"), CONTEXT)])
    report = ledger.audit(expect=pinned)
    assert report.passed
    assert report.expectation() == f"entry 5 still carries the expected hash {pinned.hash}"


def test_an_expected_entry_truncated_away_fails(ledger: Ledger) -> None:
    """Truncating past a pinned entry fails the pin, even with the head rewritten to match."""
    pinned = filled(ledger).audit().head
    entries = ledger.entries()
    execute(ledger, "DELETE FROM ledger_entries WHERE seq > 3")
    execute(ledger, f"UPDATE ledger_head SET seq = 3, hash = '{entries[2].hash}'")
    report = ledger.audit(expect=pinned)
    assert report.intact
    assert not report.passed
    assert report.expectation() == (
        f"expected entry {pinned}: the ledger holds no entry 5 (its entries end at entry 3)"
    )


def test_an_expected_entry_rewritten_fails(ledger: Ledger) -> None:
    """A pinned entry rewritten with a fresh hash (and the head with it) fails the pin."""
    pinned = filled(ledger).audit().head
    last = ledger.entries()[-1]
    new_hash = entry_hash(last.prev_hash, last.content() | {"note": "forged"})
    execute(ledger, f"UPDATE ledger_entries SET note = 'forged', hash = '{new_hash}' WHERE seq = 5")
    execute(ledger, f"UPDATE ledger_head SET hash = '{new_hash}'")
    report = ledger.audit(expect=pinned)
    assert report.intact
    assert report.unmet == f"entry 5 now carries hash {new_hash}"


def test_an_expected_entry_behind_a_tampered_one_fails(ledger: Ledger) -> None:
    """An entry whose predecessor was edited no longer holds, though its own hash is unchanged."""
    pinned = filled(ledger).audit().head
    execute(ledger, "UPDATE ledger_entries SET party = 'ZZZ' WHERE seq = 2")
    assert ledger.audit(expect=pinned).unmet == (
        "the chain breaks at entry 2, so entry 5 no longer holds"
    )
    earlier = Head(1, ledger.entries()[0].hash)
    assert ledger.audit(expect=earlier).unmet == ""


def test_a_head_reads_from_seq_colon_hash() -> None:
    """`SEQ:HASH` parses back to the head it prints; anything else says what it should be."""
    head = Head(12, "ab" * 32)
    assert Head.parse(str(head).upper()) == head
    with pytest.raises(ValueError, match="is not SEQ:HASH"):
        Head.parse("12:abc")
