"""The ledger from the command line: check --record, findings, escalate, resolve, audit."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from tests.escalation.postgres import Server

try:
    from verify.cli import cli
except ImportError as error:  # another part of the CLI is still being written
    pytest.skip(f"the CLI does not import yet: {error}", allow_module_level=True)

PACT = "example-non-aggression-pact"
DEMO = str(Path(__file__).parents[2] / "observations" / "example-pact.jsonl")
AS_OF = "2027-12-31T00:00:00Z"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh $VERIFY_HOME, so the default ledger is `<tmp>/home/ledger.sqlite`."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args: str) -> Result:
    """Invoke `verify` with these arguments."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def record_demo() -> list[dict[str, Any]]:
    """`verify check --record` on the demo feed; the ledger's findings as JSON objects."""
    run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record")
    listed = run("findings", "--format", "jsonl")
    return [json.loads(line) for line in listed.stdout.splitlines()]


def exercise(number: int, start: str) -> dict[str, object]:
    """An ARV exercise of 3,500 troops that nobody notified, well graded and public."""
    return {
        "id": f"x{number}",
        "kind": "exercise",
        "party": "ARV",
        "activity": f"a{number}",
        "time": start,
        "start": start,
        "troops": 3500,
        "reliability": "A",
        "credibility": "1",
        "releasability": "public",
    }


def feed(path: Path, *records: dict[str, object]) -> str:
    """Write records as JSON Lines; the path."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_check_record_stores_each_finding_once(home: Path) -> None:
    """Two `check --record` runs leave one ledger row per finding, all open."""
    first = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record")
    second = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record")
    assert "9 new, 0 changed (new version), 0 withdrawn, 0 reopened, 0 unchanged" in first.stderr
    assert "0 new, 0 changed (new version), 0 withdrawn, 0 reopened, 9 unchanged" in second.stderr
    listed = run("findings", "--format", "jsonl").stdout.splitlines()
    assert len(listed) == 9
    assert {json.loads(line)["status"] for line in listed} == {"open"}
    assert (home / "ledger.sqlite").is_file()


def test_check_record_moves_a_repeat_breach_up_from_the_ledger(tmp_path: Path, home: Path) -> None:
    """A breach recorded in an earlier run makes a new one by the same party start a rung up."""
    earlier = feed(tmp_path / "spring.jsonl", exercise(1, "2025-04-01T00:00:00Z"))
    run("check", "--treaty", PACT, earlier, "--as-of", "2025-05-01", "--record")
    later = feed(tmp_path / "autumn.jsonl", exercise(2, "2025-09-01T00:00:00Z"))
    result = run(
        "check", "--treaty", PACT, later, "--as-of", "2025-10-01", "--record", "--format", "jsonl"
    )
    (finding,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert finding["channels"][0]["id"] == "joint-commission"
    assert "repeat breach (1 before): one rung up" in finding["channels"][0]["reason"]


def test_check_record_timings_name_the_recording(home: Path) -> None:
    """With `--timings`, the time spent recording is a stage of its own, before rendering."""
    result = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record", "--timings")
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("timings: ")]
    stages = [part.split()[0] for part in line.removeprefix("timings: ").split(", ")]
    assert stages == ["packs", "read", "check", "record", "render", "write", "total"]


def test_findings_table_shows_status_and_next_step_from_detection(home: Path) -> None:
    """`verify findings` has its marking, then a row per finding with its status, versions and
    next step with its date, counted from when the finding was recorded (the pact's critical
    DMZ entry at 0.85 stays at the commission, with its reply deadline halved: 84 hours)."""
    record_demo()
    dmz = next(c for c in record_demo() if c["finding"]["obligation"] == "pact.dmz")
    recorded = datetime.fromisoformat(dmz["recorded"])
    table = run("findings", "--as-of", dmz["recorded"]).stdout.splitlines()
    assert table.pop(0) == "HANDLING: NATIONAL ONLY"
    assert table[0].split() == [
        "finding", "obligation", "party", "severity", "status", "versions", "next", "step",
    ]  # fmt: skip
    row = next(line.split() for line in table if "pact.dmz" in line)
    due = (recorded + timedelta(hours=84)).strftime("%Y-%m-%d %H:%MZ").split()
    assert row[1:] == ["pact.dmz", "BOS", "critical", "open", "1", "joint-commission", "by", *due]


def test_escalate_rejects_an_unknown_channel_naming_the_known_ones(home: Path) -> None:
    """An unknown channel id exits 2 and lists the finding's channels."""
    first = record_demo()[0]
    result = run("escalate", str(first["id"]), "--channel", "hotlien")
    assert result.exit_code == 2
    assert "known channels: hotline, joint-commission, diplomatic-note" in result.stderr
    assert "did you mean 'hotline'?" in result.stderr


def test_escalate_records_the_channel_and_time(home: Path) -> None:
    """An escalation makes the finding `escalated`, next due when that channel's answer is."""
    finding_id = str(record_demo()[0]["id"])
    result = run("escalate", finding_id[:8], "--channel", "hotline", "--at", "2025-04-09T00:00Z")
    assert result.exit_code == 0
    assert "answer due 2025-04-10 00:00Z" in result.stdout
    (listed,) = [
        json.loads(line)
        for line in run(
            "findings", "--format", "jsonl", "--as-of", "2025-04-09T12:00Z"
        ).stdout.splitlines()
        if json.loads(line)["id"] == finding_id
    ]
    assert listed["status"] == "escalated"
    assert listed["escalations"][0]["at"] == "2025-04-09T00:00:00Z"
    assert listed["next_deadline"] == "2025-04-10T00:00:00Z"


def test_findings_recompute_the_channel_after_an_unanswered_escalation(home: Path) -> None:
    """Once the channel used is past its deadline unanswered, the next rung is suggested."""
    finding_id = str(record_demo()[0]["id"])
    run("escalate", finding_id, "--channel", "hotline", "--at", "2025-04-09T00:00Z")
    listed = run("findings", "--format", "jsonl", "--as-of", "2025-04-11").stdout.splitlines()
    case = next(json.loads(line) for line in listed if json.loads(line)["id"] == finding_id)
    assert case["finding"]["channels"][0]["id"] == "joint-commission"
    assert "went unanswered" in case["finding"]["channels"][0]["reason"]


def test_resolve_closes_a_finding(home: Path) -> None:
    """`verify resolve` with a note makes the finding `resolved`, with no deadline."""
    finding_id = str(record_demo()[0]["id"])
    result = run("resolve", finding_id, "--note", "late notification acknowledged")
    assert result.exit_code == 0
    listed = run("findings", "--status", "resolved", "--format", "jsonl").stdout.splitlines()
    (case,) = [json.loads(line) for line in listed]
    assert (case["id"], case["next_deadline"]) == (finding_id, None)
    assert case["resolution"]["note"] == "late notification acknowledged"


def test_findings_for_a_public_channel_withhold_national_evidence(home: Path) -> None:
    """Rendered for the public diplomatic note, no national record appears and withheld counts."""
    findings = record_demo()
    national = {
        e["id"]
        for f in findings
        for e in f["finding"]["evidence"]
        if e["releasability"] != "public"
    }
    text = run("findings", "--channel", "diplomatic-note").stdout
    assert national
    assert not any(f"- {record_id} (" in text for record_id in national)
    assert "withheld: releasable only above `public`" in text


def test_findings_channel_must_be_known(home: Path) -> None:
    """`--channel` naming no recorded finding's channel exits 2 naming the known ones."""
    record_demo()
    result = run("findings", "--channel", "press")
    assert result.exit_code == 2
    assert "known channels: hotline, joint-commission, diplomatic-note" in result.stderr


def test_audit_of_an_untouched_ledger_is_intact(home: Path) -> None:
    """`verify audit` exits 0 saying how many entries and that the chain is intact."""
    record_demo()
    result = run("audit")
    assert result.exit_code == 0
    assert result.stdout.endswith("9 entries, chain intact\n")


def test_audit_names_a_row_edited_by_hand(home: Path) -> None:
    """A raw SQL UPDATE of one row makes `verify audit` exit 1 with its number and finding id."""
    findings = record_demo()
    engine = sa.create_engine(f"sqlite:///{home / 'ledger.sqlite'}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE ledger_entries SET party = 'ZZZ' WHERE seq = 4"))
    engine.dispose()
    result = run("audit")
    assert result.exit_code == 1
    assert f"entry 4 (finding {findings[3]['id']}) was tampered with" in result.stdout


def sql(home: Path, *statements: str) -> None:
    """Run raw SQL on the default ledger, as someone tampering with it would."""
    engine = sa.create_engine(f"sqlite:///{home / 'ledger.sqlite'}")
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def newest_hash(home: Path, seq: int) -> str:
    """The hash entry `seq` of the default ledger carries."""
    engine = sa.create_engine(f"sqlite:///{home / 'ledger.sqlite'}")
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT hash FROM ledger_entries WHERE seq = :seq"), {"seq": seq}
        ).scalar_one()
    engine.dispose()
    return str(found)


def test_audit_head_prints_seq_colon_hash(home: Path) -> None:
    """`verify audit --head` prints only the newest entry as SEQ:HASH on stdout."""
    record_demo()
    result = run("audit", "--head")
    assert result.exit_code == 0
    assert result.stdout == f"9:{newest_hash(home, 9)}\n"
    assert result.stderr.endswith("9 entries, chain intact\n")


def test_audit_finds_a_truncated_ledger(home: Path) -> None:
    """Deleting the newest rows makes `verify audit` exit 1 saying the chain was truncated."""
    record_demo()
    sql(home, "DELETE FROM ledger_entries WHERE seq > 6")
    result = run("audit")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "the chain was truncated: its head is entry 9, but the entries end at entry 6;"
        " entries 7 to 9 are missing\n"
    )
    head = run("audit", "--head")
    assert (head.exit_code, head.stdout) == (1, "")


def test_a_truncated_ledger_refuses_more_records(home: Path) -> None:
    """`check --record` onto a truncated ledger exits 2 rather than hide the gap."""
    record_demo()
    sql(home, "DELETE FROM ledger_entries WHERE seq > 6")
    result = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record")
    assert result.exit_code == 2
    assert "the ledger's head (entry 9) is not its last entry (entry 6)" in result.stderr
    assert run("audit").exit_code == 1


def test_audit_expect_passes_while_the_pinned_entry_is_there(home: Path) -> None:
    """`--expect` a head printed earlier passes after more entries were appended."""
    finding_id = str(record_demo()[0]["id"])
    pinned = run("audit", "--head").stdout.strip()
    run("escalate", finding_id, "--channel", "hotline")
    result = run("audit", "--expect", pinned)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith(
        f"entry 9 still carries the expected hash {pinned.split(':')[1]}"
    )


def test_audit_expect_fails_after_truncation_hidden_from_the_head(home: Path) -> None:
    """Rows deleted and the head rewritten to match: the chain audits intact, the pin fails."""
    record_demo()
    pinned = run("audit", "--head").stdout.strip()
    sql(
        home,
        "DELETE FROM ledger_entries WHERE seq > 7",
        f"UPDATE ledger_head SET seq = 7, hash = '{newest_hash(home, 7)}'",
    )
    result = run("audit", "--expect", pinned)
    assert result.exit_code == 1
    assert "7 entries, chain intact" in result.stdout
    assert f"expected entry {pinned}: the ledger holds no entry 9" in result.stdout


def test_audit_expect_fails_after_tampering(home: Path) -> None:
    """A row edited before the pinned entry fails the audit and the pin, both said."""
    record_demo()
    pinned = run("audit", "--head").stdout.strip()
    sql(home, "UPDATE ledger_entries SET party = 'ZZZ' WHERE seq = 4")
    result = run("audit", "--expect", pinned, "--head")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "entry 4 (finding" in result.stderr
    assert "the chain breaks at entry 4, so entry 9 no longer holds" in result.stderr


def test_audit_expect_must_be_seq_colon_hash(home: Path) -> None:
    """A malformed `--expect` is invalid input: exit 2, saying the form."""
    result = run("audit", "--expect", "9:abc")
    assert result.exit_code == 2
    assert "--expect: '9:abc' is not SEQ:HASH" in result.stderr


def test_escalating_above_the_suggestion_is_recorded_with_a_note(home: Path) -> None:
    """A channel above the suggested rung is recorded, with a note on stderr saying so."""
    finding_id = str(record_demo()[0]["id"])
    result = run("escalate", finding_id, "--channel", "diplomatic-note")
    assert result.exit_code == 0
    assert "note: diplomatic-note is above the suggested hotline" in result.stderr


def test_a_bad_ledger_url_exits_2(home: Path) -> None:
    """A --ledger that is not a database URL is invalid input: exit 2, naming it."""
    result = run("findings", "--ledger", "no-such-scheme")
    assert result.exit_code == 2
    assert "no-such-scheme: not a database URL" in result.stderr


def test_check_records_into_postgresql_with_ledger_url(postgres: Server, home: Path) -> None:
    """`verify check --ledger URL` records into PostgreSQL, and `verify audit` checks it there."""
    url = postgres.fresh_database()
    run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--ledger", url)
    listed = run("findings", "--ledger", url, "--format", "jsonl").stdout.splitlines()
    assert len(listed) == 9
    assert run("audit", "--ledger", url).stdout.endswith("9 entries, chain intact\n")


def test_audit_head_and_expect_on_postgresql(postgres: Server, home: Path) -> None:
    """On PostgreSQL too, `--head` pins the chain and truncation fails `audit` and `--expect`."""
    url = postgres.fresh_database()
    run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--ledger", url)
    pinned = run("audit", "--ledger", url, "--head").stdout.strip()
    assert pinned.startswith("9:")
    assert run("audit", "--ledger", url, "--expect", pinned).exit_code == 0
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM ledger_entries WHERE seq > 8"))
    engine.dispose()
    result = run("audit", "--ledger", url, "--expect", pinned)
    assert result.exit_code == 1
    assert "the chain was truncated: its head is entry 9" in result.stdout
    assert "the ledger holds no entry 9 (its entries end at entry 8)" in result.stdout
