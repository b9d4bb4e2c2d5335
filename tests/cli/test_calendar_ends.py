"""The ends of the calendar (years 1 and 9999): exit 2 with the range, or a sound run; no crash."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.engines.stream import engine

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "example-pact.jsonl"
PACT = "example-non-aggression-pact"

TREATY_YAML = """\
id: end-pact
title: End Pact
prefix: end
parties:
  - {code: AAA, name: Alpha}
  - {code: BBB, name: Beta}
channels:
  - {id: talk, name: Informal talk, track: "1.5", deadline_hours: 24}
"""
RULES = """\
Feature: End pact

  Rule: end.notice Exercises are notified 42 days before they start

    Background:
      Given the obligation covers "exercise" activities of every party
      Then a "notification" for the same activity is due 42 days before it starts
      And a missing or late notification is a "major" violation
      And escalation starts at "talk"
      And the obligation is set out in "Article 1"

  Rule: end.reply Requests are answered within 48 hours

    Background:
      Given the obligation covers "clarification_request" requests of every party
      Then a "clarification_reply" from the addressed party is due within 48 hours of the request
      And a missing or late reply is a "minor" violation
      And escalation starts at "talk"
      And the obligation is set out in "Article 2"
"""
LAST_DAY = "9999-12-31T00:00:00Z"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in a working directory holding the end pact."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "end").mkdir()
    (tmp_path / "end" / "treaty.yaml").write_text(TREATY_YAML, encoding="utf-8")
    (tmp_path / "end" / "rules.feature").write_text(RULES, encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `verify ARGS...` (it must not raise): exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout, result.stderr


def write_feed(path: Path, records: list[dict[str, str]]) -> str:
    """Write records as JSON Lines; the file's name."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path.name


def findings(text: str) -> list[dict[str, object]]:
    """The findings of JSON Lines output."""
    return [json.loads(line) for line in text.splitlines()]


def test_as_of_the_last_second_of_the_calendar_is_a_run() -> None:
    """`--as-of 9999-12-31T23:59:59Z` is a moment a feed may hold too: it judges, no crash."""
    code, out, _ = invoke(
        "check", "--treaty", PACT, str(FEED), "--as-of", "9999-12-31T23:59:59Z", "--format", "jsonl"
    )
    assert code == 1 and findings(out)


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:30:00+01:00", "2027-02-30"]
)
def test_an_as_of_outside_the_calendar_is_exit_2_with_the_range(moment: str) -> None:
    """A time whose UTC instant lies outside years 1 to 9999, or no date at all, is refused."""
    code, _, err = invoke("check", "--treaty", PACT, str(FEED), "--as-of", moment)
    assert code == 2
    assert f"--as-of {moment!r}" in err
    assert "0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z" in err


@pytest.mark.parametrize("option", ["--lateness", "--retention"])
@pytest.mark.parametrize("length", ["99999999d", "3652059d", "9" * 40 + "w"])
def test_a_watch_duration_beyond_the_calendar_is_exit_2_with_the_range(
    option: str, length: str
) -> None:
    """Lengths longer than the whole calendar are refused, saying what is allowed."""
    code, _, err = invoke("watch", "--treaty", PACT, str(FEED), option, length)
    assert code == 2
    assert f"{option} {length!r}" in err and "from 0s to 3652058d" in err


def test_the_longest_durations_watch_to_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole calendar as lateness and retention, state swept after every record."""
    monkeypatch.setattr(engine, "SWEEP_EVERY", 1)
    code, out, err = invoke(
        "watch", "--treaty", PACT, str(FEED), "--lateness", "3652058d", "--retention", "3652058d"
    )
    assert code == 1 and findings(out)
    assert "17 record(s) accepted, 0 rejected" in err


def test_deadlines_past_the_last_day_are_pending_and_never_crash(scratch: Path) -> None:
    """A reply due 48 hours after a request of 31 December 9999 is due at the calendar's end:
    pending at any as-of, its wording still "within 48 hours"; the 42-day notice is late."""
    feed = write_feed(
        scratch / "last.jsonl",
        [
            {"id": "x1", "kind": "exercise", "party": "AAA", "activity": "a1", "time": LAST_DAY,
             "start": LAST_DAY},
            {"id": "q1", "kind": "clarification_request", "party": "AAA", "counterparty": "BBB",
             "time": LAST_DAY},
        ],
    )  # fmt: skip
    for as_of in ([], ["--as-of", "9999-12-31T23:59:59Z"]):
        code, out, _ = invoke(
            "check", "--treaty", "end", feed, "--format", "jsonl", "--include-pending", *as_of
        )
        assert code == 1
        found = {f["obligation"]: f for f in findings(out)}
        assert found["end.notice"]["status"] == "violation"
        assert found["end.notice"]["due"] == "9999-11-19T00:00:00Z"
        reply = found["end.reply"]
        assert reply["status"] == "pending"
        assert str(reply["due"]).startswith("9999-12-31T23:59:59")
        assert "within 2 days of the request: by 9999-12-31 23:59:59Z" in json.dumps(reply["trail"])
    code, out, _ = invoke("watch", "--treaty", "end", feed)
    assert code == 1
    assert [f["obligation"] for f in findings(out)] == ["end.notice"]


def test_deadlines_before_the_first_day_never_crash(scratch: Path) -> None:
    """A notice due 42 days before an activity of 10 January 0001 was due before the calendar
    began: a notice sent within it is late, in check and watch alike."""
    feed = write_feed(
        scratch / "first.jsonl",
        [
            {"id": "n1", "kind": "notification", "party": "AAA", "activity": "a1",
             "time": "0001-01-02T00:00:00Z"},
            {"id": "x1", "kind": "exercise", "party": "AAA", "activity": "a1",
             "time": "0001-01-10T00:00:00Z", "start": "0001-01-10T00:00:00Z"},
        ],
    )  # fmt: skip
    code, checked, _ = invoke("check", "--treaty", "end", feed, "--format", "jsonl")
    assert code == 1
    (late,) = findings(checked)
    assert late["obligation"] == "end.notice"
    # `format_time` writes years before 1000 unpadded (`1-01-01...`), on purpose for now.
    assert str(late["due"]).endswith("1-01-01T00:00:00Z")
    code, watched, _ = invoke("watch", "--treaty", "end", feed)
    assert code == 1 and findings(watched) == findings(checked)


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_whole_feed_at_either_end_runs_alike_in_check_and_watch(scratch: Path, year: str) -> None:
    """The example feed moved to year 1 or 9999: periods, windows, quotas and ceilings work
    out in both engines (nanosecond timestamps, which end in 2262, are not used)."""
    text = re.sub(r'"202[56]-', f'"{year}-', FEED.read_text(encoding="utf-8"))
    (scratch / "moved.jsonl").write_text(text, encoding="utf-8")
    pack = shutil.copytree(ROOT / "treaties" / PACT, scratch / "pact")
    if year == "0001":  # in force from year 1, or the moved records would predate it
        yaml_text = (pack / "treaty.yaml").read_text(encoding="utf-8")
        (pack / "treaty.yaml").write_text(yaml_text.replace("2024-", "0001-"), encoding="utf-8")
    code, checked, err = invoke("check", "--treaty", "pact", "moved.jsonl", "--format", "jsonl")
    assert code == 1, err
    code, watched, _ = invoke("watch", "--treaty", "pact", "moved.jsonl", "--lateness", "366d")
    assert code == 1
    by_id = {f["id"]: f for f in findings(watched)}
    assert by_id == {f["id"]: f for f in findings(checked)}


def test_a_pack_deadline_longer_than_the_calendar_is_a_located_error(scratch: Path) -> None:
    """99,999,999,999 days before, or a channel deadline of 1e20 hours: lint names the line."""
    rules = RULES.replace("due 42 days", "due 99999999999 days")
    (scratch / "end" / "rules.feature").write_text(rules, encoding="utf-8")
    code, _, err = invoke("lint", "end")
    assert code == 2
    assert "end/rules.feature:7: days: Input should be less than or equal to 3652058" in err
    yaml_text = TREATY_YAML.replace("deadline_hours: 24", "deadline_hours: 1.0e+20")
    (scratch / "end" / "treaty.yaml").write_text(yaml_text, encoding="utf-8")
    code, _, err = invoke("lint", "end")
    assert code == 2 and "end/treaty.yaml:8 (field 'channels.0.deadline_hours')" in err
