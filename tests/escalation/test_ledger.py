"""The ledger: findings stored once, escalated and resolved, on SQLite and on PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.escalation.conftest import CONTEXT, evidence, finding, utc
from tests.escalation.postgres import Server
from verify.escalation.cases import LadderContext, next_deadline, suggestions_for
from verify.escalation.chain import Head
from verify.escalation.ladder import suggest_channels
from verify.escalation.ledger import Ledger, LedgerError, default_url
from verify.treaty import load_pack


def count(ledger: Ledger, sql: str) -> int:
    """The single number a raw SQL query returns."""
    with ledger.engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


def test_recording_the_same_findings_twice_leaves_one_row_per_finding(ledger: Ledger) -> None:
    """A re-run stores nothing new: one `stored` row per finding id."""
    items = [(finding("F-0001"), CONTEXT), (finding("F-0002", party="BLR"), CONTEXT)]
    first = ledger.store(items)
    second = ledger.store(items)
    assert first.added == ("F-0001", "F-0002")
    assert (second.added, second.kept) == ((), ("F-0001", "F-0002"))
    assert count(ledger, "SELECT count(*) FROM ledger_entries") == 2


def test_a_stored_finding_reads_back_unchanged(ledger: Ledger) -> None:
    """The finding and its ladder come back from the ledger exactly as they were stored."""
    original = finding("F-0001", confidence=0.77)
    ledger.store([(original, CONTEXT)], at=utc("2026-10-01"))
    (case,) = ledger.cases()
    assert case.finding == original
    assert case.context == CONTEXT
    assert (case.state, case.recorded) == ("open", utc("2026-10-01"))


def test_the_schema_is_migrated_to_the_newest_revision_on_first_use(ledger: Ledger) -> None:
    """Opening an empty database runs the Alembic migrations up to head."""
    with ledger.engine.connect() as connection:
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0003"


def test_the_default_ledger_is_created_under_verify_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a URL the ledger is `$VERIFY_HOME/ledger.sqlite`, created on first use."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    with Ledger.open() as opened:
        opened.store([(finding(), CONTEXT)])
    assert (tmp_path / "home" / "ledger.sqlite").is_file()


def test_the_default_ledger_lives_in_dot_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without $VERIFY_HOME the default is `.verify/ledger.sqlite` in the working directory."""
    monkeypatch.delenv("VERIFY_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_url() == "sqlite:///.verify/ledger.sqlite"
    Ledger.open().close()
    assert (tmp_path / ".verify" / "ledger.sqlite").is_file()


def test_an_unknown_channel_is_rejected_naming_the_known_ones(ledger: Ledger) -> None:
    """Escalating through a channel not on the finding's ladder names the ladder's channels."""
    ledger.store([(finding(), CONTEXT)])
    with pytest.raises(LedgerError) as raised:
        ledger.escalate("F-0001", "clarfication")
    message = str(raised.value)
    assert "unknown channel 'clarfication'" in message
    assert "attache, expert-dialogue, clarification, bilateral-meeting, joint-meeting" in message
    assert "did you mean 'clarification'?" in message


def test_escalating_records_the_channel_and_its_deadline(ledger: Ledger) -> None:
    """An escalation makes the case `escalated`, next due when the channel's deadline ends."""
    ledger.store([(finding(), CONTEXT)])
    case, entry = ledger.escalate("F-00", "clarification", at=utc("2026-09-20"), note="sent")
    assert (entry.kind, entry.channel, entry.note) == ("escalated", "clarification", "sent")
    assert case.state == "escalated"
    channels = suggestions_for(case, [case], now=utc("2026-09-21"))
    assert next_deadline(case, channels) == utc("2026-09-22")


def test_resolving_closes_the_case(ledger: Ledger) -> None:
    """A resolution with a note closes the case: no more channels, no deadline."""
    ledger.store([(finding(), CONTEXT)])
    case, _ = ledger.resolve("F-0001", "notification received late; accepted")
    assert case.state == "resolved"
    assert case.resolution is not None
    assert case.resolution.note == "notification received late; accepted"
    assert suggestions_for(case, [case], now=utc("2026-10-01")) == ()


def test_a_resolved_case_cannot_be_escalated(ledger: Ledger) -> None:
    """Escalating a resolved finding is refused, saying when it was resolved."""
    ledger.store([(finding(), CONTEXT)])
    ledger.resolve("F-0001", "answered", at=utc("2026-09-30"))
    with pytest.raises(LedgerError, match="resolved on 2026-09-30T00:00:00Z"):
        ledger.escalate("F-0001", "clarification")


def test_an_unknown_finding_is_named(ledger: Ledger) -> None:
    """Asking for a finding the ledger does not hold says so, with how many it holds."""
    ledger.store([(finding(), CONTEXT)])
    with pytest.raises(LedgerError, match="no finding 'F-9' among the 1 recorded"):
        ledger.resolve("F-9", "x")


def test_a_second_breach_after_an_unanswered_first_moves_one_rung_up(ledger: Ledger) -> None:
    """A repeat breach whose predecessor's channel lapsed unanswered starts one rung higher."""
    first, second = finding("F-0001"), finding("F-0002", start="2026-11-02")
    ledger.store([(first, CONTEXT)])
    ledger.escalate("F-0001", "clarification", at=utc("2026-09-12"))
    ledger.store([(second, CONTEXT)])
    cases = ledger.cases()
    now = utc("2026-11-03")
    earlier, later = cases
    assert earlier.use(earlier.escalations[0], now).unanswered
    (suggested, *_) = suggestions_for(later, cases, now)
    assert suggested.id == "bilateral-meeting"
    assert "repeat breach (1 before)" in suggested.reason
    assert "went unanswered (due 2026-09-14 00:00 UTC)" in suggested.reason


def test_a_first_breach_answered_in_time_does_not_count_as_unanswered(ledger: Ledger) -> None:
    """A channel answered (resolved) within its deadline is not a lapse."""
    ledger.store([(finding("F-0001", status="potential_violation", confidence=0.5), CONTEXT)])
    ledger.escalate("F-0001", "attache", at=utc("2026-09-12"))
    ledger.resolve("F-0001", "explained", at=utc("2026-09-12") + timedelta(hours=100))
    ledger.store([(finding("F-0002", start="2026-11-02"), CONTEXT)])
    cases = ledger.cases()
    assert suggestions_for(cases[1], cases, utc("2026-11-03"))[0].id == "clarification"


def test_a_lower_channel_used_later_does_not_bring_the_suggestion_down(ledger: Ledger) -> None:
    """The case's own rung is the highest it reached, even if a lower channel was used after."""
    ledger.store([(finding(), CONTEXT)])
    ledger.escalate("F-0001", "bilateral-meeting", at=utc("2026-09-12"))
    case, _ = ledger.escalate("F-0001", "attache", at=utc("2026-09-13"))
    (first, *_) = suggestions_for(case, [case], now=utc("2026-09-13T12:00"))
    assert first.id == "bilateral-meeting"


def test_without_history_the_ledger_suggests_what_the_engine_did(ledger: Ledger) -> None:
    """Recomputed from the stored ladder with no history, the channels equal the engine's when
    the finding was recorded at the moment the engine decided it (deadlines run from there)."""
    pack = load_pack("vienna-document-2011")
    obligation = pack.obligations[0]
    original = finding(confidence=0.85)
    engine_channels = suggest_channels(
        pack.meta,
        obligation,
        confidence=original.confidence,
        bar=pack.meta.confidence_bar,
        decided=original.window.end,
    )
    ledger.store([(original, LadderContext.of(pack.meta, obligation))], at=original.window.end)
    cases = ledger.cases()
    assert suggestions_for(cases[0], cases, now=utc("2026-09-12")) == engine_channels


def test_concurrent_writers_keep_one_unbroken_chain(ledger_url: str) -> None:
    """Writers appending at once from several connections never fork the chain."""

    def write(worker: int) -> None:
        with Ledger.open(ledger_url) as mine:
            for n in range(5):
                finding_id = f"F-{worker}{n:03d}"
                mine.store([(finding(finding_id), CONTEXT)])
                mine.escalate(finding_id, "clarification")

    Ledger.open(ledger_url).close()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    with Ledger.open(ledger_url) as ledger:
        report = ledger.audit()
        assert report.message() == "40 entries, chain intact"
        assert ledger.head() == report.head == Head(40, ledger.entries()[-1].hash)


def test_concurrent_audits_never_see_a_head_apart_from_its_entries(ledger_url: str) -> None:
    """An audit while writers append reads the entries and the head as of one moment."""

    def write(worker: int) -> None:
        with Ledger.open(ledger_url) as mine:
            for n in range(8):
                mine.store([(finding(f"F-{worker}{n:03d}"), CONTEXT)])

    def audit(_: int) -> list[str]:
        with Ledger.open(ledger_url) as mine:
            return [mine.audit().message() for _ in range(8)]

    Ledger.open(ledger_url).close()
    with ThreadPoolExecutor(max_workers=4) as pool:
        writers = [pool.submit(write, worker) for worker in range(2)]
        audits = [pool.submit(audit, n) for n in range(2)]
        messages = [m for done in audits for m in done.result()]
        for done in writers:
            done.result()
    assert all(m.endswith("entries, chain intact") for m in messages), messages


def test_a_ledger_of_the_first_schema_gets_its_head_from_the_chain(ledger: Ledger) -> None:
    """Migrating a ledger that predates the head fills it from the chain's newest entry."""
    ledger.store([(finding("F-0001"), CONTEXT), (finding("F-0002", party="BLR"), CONTEXT)])
    ledger.escalate("F-0002", "clarification")
    newest = ledger.entries()[-1]
    with ledger.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE ledger_head"))
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    with Ledger.open(ledger.url) as migrated:
        assert migrated.head() == Head(3, newest.hash)
        assert migrated.audit().message() == "3 entries, chain intact"
        migrated.resolve("F-0002", "answered")
        assert migrated.audit().message() == "4 entries, chain intact"


def test_postgresql_round_trip(postgres: Server) -> None:
    """On PostgreSQL, a plain postgresql:// URL stores, escalates, resolves and reads it back."""
    url = postgres.fresh_database().replace("postgresql+psycopg://", "postgresql://")
    original = finding(records=(evidence("x1", "public"), evidence("x2", "national")))
    with Ledger.open(url) as ledger:
        ledger.store([(original, CONTEXT)], at=utc("2026-09-12"))
        ledger.escalate("F-0001", "clarification", at=utc("2026-09-13"), note="über OSCE-Netz")
        ledger.resolve("F-0001", "answered", at=utc("2026-09-14"))
    with Ledger.open(url) as reopened:
        (case,) = reopened.cases()
        report = reopened.audit()
    assert case.finding == original
    assert [(e.channel, e.at, e.note) for e in case.escalations] == [
        ("clarification", utc("2026-09-13"), "über OSCE-Netz")
    ]
    assert case.state == "resolved"
    assert report.message() == "3 entries, chain intact"
