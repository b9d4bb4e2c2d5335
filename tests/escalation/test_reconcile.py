"""`check --record` reconciles with the ledger: versions, withdrawals citing what disproved a
finding, reopening; each change an entry of the hash chain, and older ledgers migrated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from verify.cli import cli
from verify.escalation.ledger import Ledger

PACT = "example-non-aggression-pact"
DEMO = Path(__file__).parents[2] / "observations" / "example-pact.jsonl"
AS_OF = "2027-12-31T00:00:00Z"
AUTUMN = "F-aea355664fb7debe"  # "BOS gave no notification for exercise autumn-shield"
NOTICE = {
    "id": "bos-ntf-autumn-shield",
    "kind": "notification",
    "party": "BOS",
    "activity": "autumn-shield",
    "time": "2025-09-01T09:00:00Z",
    "start": "2025-10-10T05:00:00Z",
    "troops": 12000,
    "battle_tanks": 150,
    "source": "pact-hotline",
    "reliability": "A",
    "credibility": "1",
    "releasability": "parties",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh $VERIFY_HOME."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the demo's nine findings, recorded once for the module."""
    folder = tmp_path_factory.mktemp("demo-ledger")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VERIFY_HOME", str(folder))
        record(DEMO)
    return folder / "ledger.sqlite"


@pytest.fixture
def recorded(home: Path, demo_ledger: Path) -> Path:
    """A $VERIFY_HOME whose ledger holds the demo feed's findings, recorded as of AS_OF."""
    home.mkdir(parents=True)
    shutil.copy(demo_ledger, home / "ledger.sqlite")
    return home


def run(*args: str) -> Result:
    """Invoke `verify` with these arguments."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def record(feed: Path, *more: str) -> Result:
    """`verify check --record` of the pact over `feed` as of the demo's date."""
    return run("check", "--treaty", PACT, str(feed), "--as-of", AS_OF, "--record", *more)


def amended(folder: Path, *extra: dict[str, Any]) -> Path:
    """The demo feed with records added at its end."""
    path = folder / "feed.jsonl"
    text = DEMO.read_text(encoding="utf-8") + "".join(json.dumps(r) + "\n" for r in extra)
    path.write_text(text, encoding="utf-8")
    return path


def cases() -> dict[str, dict[str, Any]]:
    """The ledger's cases by finding id, as `verify findings --format jsonl` gives them."""
    lines = run("findings", "--format", "jsonl").stdout.splitlines()
    return {case["id"]: case for case in map(json.loads, lines)}


def test_the_late_notice_withdraws_the_finding_citing_it(recorded: Path, tmp_path: Path) -> None:
    """The acceptance of issue 19: autumn-shield's notice added, the finding is withdrawn."""
    again = record(amended(tmp_path, NOTICE))
    assert "0 new, 0 changed (new version), 1 withdrawn, 0 reopened, 8 unchanged" in again.stderr
    case = cases()[AUTUMN]
    assert case["status"] == "withdrawn"
    assert case["withdrawals"][0]["evidence"] == ["bos-ntf-autumn-shield"]
    assert "bos-ntf-autumn-shield (notification" in case["withdrawals"][0]["note"]


def test_recording_the_amended_feed_again_changes_nothing(recorded: Path, tmp_path: Path) -> None:
    """A second run over the same amended feed: every finding unchanged, none withdrawn again."""
    feed = amended(tmp_path, NOTICE)
    record(feed)
    third = record(feed)
    assert "0 new, 0 changed (new version), 0 withdrawn, 0 reopened, 8 unchanged" in third.stderr


def test_a_withdrawn_finding_produced_again_reopens(recorded: Path, tmp_path: Path) -> None:
    """Back to the feed without the notice: the withdrawn finding reopens, as a new version."""
    record(amended(tmp_path, NOTICE))
    back = record(DEMO)
    assert "0 new, 0 changed (new version), 0 withdrawn, 1 reopened, 8 unchanged" in back.stderr
    case = cases()[AUTUMN]
    assert case["status"] == "open"
    assert [v["kind"] for v in case["versions"]] == ["stored", "reopened"]


def test_a_changed_finding_gets_a_new_version_shown_by_explain(
    recorded: Path, tmp_path: Path
) -> None:
    """A better-graded copy of autumn-shield's imagery changes the finding's confidence: a new
    version, which `verify explain` lists with the fields it changed."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    regraded = [line.replace('"reliability":"E"', '"reliability":"B"') for line in lines]
    feed = tmp_path / "regraded.jsonl"
    feed.write_text("\n".join(regraded) + "\n", encoding="utf-8")
    again = record(feed)
    assert "0 new, 1 changed (new version), 0 withdrawn, 0 reopened, 8 unchanged" in again.stderr
    told = run("explain", AUTUMN).stdout
    assert "2 version(s)" in told
    assert "changed (a new version) on" in told
    assert "changed: status, confidence, trail" in told


def test_status_changes_are_chained_and_a_tampered_version_fails_the_audit(
    recorded: Path, tmp_path: Path
) -> None:
    """Withdrawal and reopening are entries of the chain; editing one fails `verify audit`."""
    record(amended(tmp_path, NOTICE))
    record(DEMO)
    audit = run("audit")
    assert (audit.exit_code, "11 entries, chain intact" in audit.stdout) == (0, True)
    with sa.create_engine(f"sqlite:///{recorded / 'ledger.sqlite'}").begin() as connection:
        connection.execute(
            sa.text("UPDATE ledger_entries SET note = 'never withdrawn' WHERE kind = 'withdrawn'")
        )
    tampered = run("audit")
    assert tampered.exit_code == 1
    assert "entry 10 (finding F-aea355664fb7debe) was tampered with" in tampered.stdout


def test_a_ledger_of_the_previous_schema_opens_audits_and_withdraws(
    recorded: Path, tmp_path: Path
) -> None:
    """A ledger left at revision 0002 (its check constraint knowing three kinds) is migrated:
    its chain still intact, and a withdrawal can then be written."""
    url = f"sqlite:///{recorded / 'ledger.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        rows = connection.execute(sa.text("SELECT * FROM ledger_entries")).mappings().all()
        connection.execute(sa.text("DROP TABLE ledger_entries"))
        connection.execute(
            sa.text(
                "CREATE TABLE ledger_entries (seq INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL,"
                " finding_id VARCHAR(64) NOT NULL, at VARCHAR(32) NOT NULL, treaty VARCHAR(200),"
                " obligation VARCHAR(200), party VARCHAR(64), channel VARCHAR(200), note TEXT,"
                " body TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL,"
                " CONSTRAINT ck_ledger_entries_kind CHECK"
                " (kind IN ('stored', 'escalated', 'resolved')))"
            )
        )
        for row in rows:
            names, values = ", ".join(row), ", ".join(f":{name}" for name in row)
            insert = f"INSERT INTO ledger_entries ({names}) VALUES ({values})"
            connection.execute(sa.text(insert), dict(row))
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0002'"))
    engine.dispose()
    with Ledger.open(url) as migrated:
        assert migrated.audit().message() == "9 entries, chain intact"
    record(amended(tmp_path, NOTICE))
    assert cases()[AUTUMN]["status"] == "withdrawn"
    assert "10 entries, chain intact" in run("audit").stdout


def test_reconciliation_on_postgresql(postgres: Any, tmp_path: Path, home: Path) -> None:
    """The same withdrawal on PostgreSQL, its chain intact."""
    url = postgres.fresh_database()
    record(DEMO, "--ledger", url)
    again = record(amended(tmp_path, NOTICE), "--ledger", url)
    assert "1 withdrawn" in again.stderr
    with Ledger.open(url) as ledger:
        case = next(c for c in ledger.cases() if c.finding.id == AUTUMN)
        assert case.state == "withdrawn"
        assert ledger.audit().message() == "10 entries, chain intact"


def test_a_withdrawn_finding_cannot_be_escalated(recorded: Path, tmp_path: Path) -> None:
    """Escalating a withdrawn finding exits 2 saying when and why it was withdrawn."""
    record(amended(tmp_path, NOTICE))
    result = run("escalate", AUTUMN, "--channel", "hotline")
    assert result.exit_code == 2
    assert "cannot escalate F-aea355664fb7debe: withdrawn on" in result.stderr


def test_a_feed_of_another_period_withdraws_nothing(recorded: Path, tmp_path: Path) -> None:
    """Findings whose evidence lies outside a later run's data are out of its sight."""
    later = tmp_path / "2027.jsonl"
    later.write_text(
        json.dumps(
            {
                "id": "h27",
                "kind": "holding",
                "party": "BOS",
                "time": "2027-06-01T00:00:00Z",
                "battle_tanks": 700,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    again = record(later)
    assert " 0 withdrawn" in again.stderr


def test_explain_for_the_public_withholds_the_notice_that_withdrew_it(
    recorded: Path, tmp_path: Path
) -> None:
    """The notice is releasable to treaty parties: told to the public, the withdrawal counts it
    withheld rather than naming it."""
    record(amended(tmp_path, NOTICE))
    told = run("explain", AUTUMN, "--for", "public").stdout
    assert "bos-ntf-autumn-shield" not in told
    assert "(1 evidence record withheld at this level)" in told


def test_a_channel_view_of_a_withdrawal_names_only_what_it_may_carry(
    recorded: Path, tmp_path: Path
) -> None:
    """Through the hotline (parties), a national notice is counted, not named, in the note."""
    national = {**NOTICE, "releasability": "national"}
    record(amended(tmp_path, national))
    lines = run("findings", "--format", "jsonl", "--channel", "hotline").stdout.splitlines()
    (withdrawal,) = next(c for c in map(json.loads, lines) if c["id"] == AUTUMN)["withdrawals"]
    assert "bos-ntf-autumn-shield" not in json.dumps(withdrawal)
    assert (withdrawal["evidence"], withdrawal["withheld"]) == ([], 1)
    assert withdrawal["note"] == "no longer produced by a later run; 1 evidence record withheld"


def test_explains_marking_weighs_the_record_that_withdrew_it(
    recorded: Path, tmp_path: Path
) -> None:
    """Told to treaty parties, the national imagery is withheld but the parties notice that
    withdrew the finding is shown: the marking is that of the notice."""
    record(amended(tmp_path, NOTICE))
    told = run("explain", AUTUMN, "--for", "parties").stdout.splitlines()
    assert (told[0], told[-1]) == ("HANDLING: RELEASABLE TO TREATY PARTIES",) * 2
    assert any("bos-ntf-autumn-shield (notification" in line for line in told)


def test_a_channel_views_marking_weighs_the_record_that_withdrew_it(
    recorded: Path, tmp_path: Path
) -> None:
    """Through the hotline (parties) the national imagery is withheld, but the parties notice
    that withdrew the finding is named: the line is marked for treaty parties, not public."""
    record(amended(tmp_path, NOTICE))
    lines = run("findings", "--format", "jsonl", "--channel", "hotline").stdout.splitlines()
    case = next(c for c in map(json.loads, lines) if c["id"] == AUTUMN)
    assert (case["withheld"], case["withdrawals"][0]["evidence"]) == (1, ["bos-ntf-autumn-shield"])
    assert case["handling"] == "parties"
