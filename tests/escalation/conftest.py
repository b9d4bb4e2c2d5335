"""Hand-built findings on a Vienna-Document-like ladder, and ledgers on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.escalation.postgres import Server, Unavailable, start_server
from verify.escalation.cases import LadderContext
from verify.escalation.ledger import Ledger
from verify.model.finding import Evidence, Finding, TrailStep, Window
from verify.model.treaty import Channel

LADDER = (
    Channel(id="attache", name="Inquiry by a military attaché", track="1.5", deadline_hours=168),
    Channel(
        id="expert-dialogue", name="Track 1.5 expert dialogue", track="1.5", deadline_hours=336
    ),
    Channel(id="clarification", name="Request for clarification", track="1", deadline_hours=48),
    Channel(id="bilateral-meeting", name="Bilateral meeting", track="1", deadline_hours=48),
    Channel(
        id="joint-meeting",
        name="Joint meeting of all States",
        track="1",
        deadline_hours=48,
        releasability="public",
    ),
)
CONTEXT = LadderContext(channels=LADDER, start="clarification", bar=0.6)


def utc(text: str) -> datetime:
    """A UTC time from `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def evidence(record_id: str, releasability: str = "national") -> Evidence:
    """A graded exercise record with the given releasability."""
    return Evidence(
        id=record_id,
        kind="exercise",
        role="the activity",
        sha256=record_id.ljust(64, "0"),
        time=utc("2026-09-11"),
        source="satellite imagery",
        reliability="B",
        credibility="2",
        releasability=releasability,
    )


def finding(
    finding_id: str = "F-0001",
    *,
    party: str = "RUS",
    start: str = "2026-09-11",
    confidence: float = 0.85,
    severity: str = "major",
    status: str = "violation",
    records: tuple[Evidence, ...] = (),
) -> Finding:
    """A finding of `vd11.prior-notification` as the engine would give it (channels omitted)."""
    return Finding.model_validate(
        {
            "id": finding_id,
            "treaty": "vienna-document-2011",
            "obligation": "vd11.prior-notification",
            "article": "Chapter V",
            "party": party,
            "status": status,
            "severity": severity,
            "confidence": confidence,
            "summary": f"{party} did not notify the exercise 42 days ahead.",
            "evidence": records or (evidence("x1"),),
            "trail": (TrailStep(step="notice", measured="none", required="42 days", holds=False),),
            "channels": (),
            "window": Window(start=utc(start), end=utc(start)),
        }
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """A PostgreSQL server of our own for the session (skipped, with the reason, if none starts)."""
    try:
        server = start_server()
    except Unavailable as reason:
        pytest.skip(f"no PostgreSQL server could be started: {reason}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty ledger: a SQLite file, or a fresh database on our PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    server: Server = request.getfixturevalue("postgres")
    return server.fresh_database()


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    """An open, empty ledger on each backend."""
    with Ledger.open(ledger_url) as opened:
        yield opened
