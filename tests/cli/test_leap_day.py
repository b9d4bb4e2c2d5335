"""A rule due by 29 February runs in `check` and `watch` in every year, leap or not."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from verify.cli import cli

TREATY = """\
id: leap-pact
title: Leap Pact
prefix: lp
in_force: 2020-01-01
parties:
  - {code: AAA, name: Alpha}
"""
RULES = """\
Feature: Leap pact

  Rule: lp.calendar Exercises are in the calendar exchanged by 29 February of the year before
    Background:
      Given the obligation covers "exercise" activities of every party
      Then a "calendar" for the same activity is due by 29 February of the year before it starts
      And a missing or late calendar is a "minor" violation
      And the obligation is set out in "Article 1"
"""
#: x25 starts in 2025 (due by 29 February 2024, a leap year) and its calendar came on time;
#: x26 starts in 2026 (due by the end of 28 February 2025) and its calendar came on 1 March.
FEED = [
    {"id": "c25", "kind": "calendar", "party": "AAA", "activity": "a25", "time": "2024-02-29"},
    {"id": "c26", "kind": "calendar", "party": "AAA", "activity": "a26", "time": "2025-03-01"},
    {"id": "x25", "kind": "exercise", "party": "AAA", "activity": "a25", "time": "2025-06-01"},
    {"id": "x26", "kind": "exercise", "party": "AAA", "activity": "a26", "time": "2026-06-01"},
]


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "leap-pact"
    pack.mkdir()
    (pack / "treaty.yaml").write_text(TREATY, encoding="utf-8")
    (pack / "rules.feature").write_text(RULES, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in FEED), encoding="utf-8")
    return pack, feed


def _findings(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_check_judges_a_29_february_deadline_in_a_common_year(tmp_path: Path) -> None:
    """`check`: the calendar of 1 March 2025 is late for a due day the year lacks."""
    pack, feed = _setup(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--treaty", str(pack), str(feed), "--format", "jsonl"]
    )
    assert result.exit_code == 1, result.output
    findings = _findings(result.stdout)
    assert [f["summary"] for f in findings] == [
        "AAA sent its calendar for exercise a26 457 days before it started on 2026-06-01;"
        " it was due by 2025-02-28 (Article 1)."
    ]


def test_watch_judges_a_29_february_deadline_like_check(tmp_path: Path) -> None:
    """`watch` gives the same finding, without a traceback."""
    pack, feed = _setup(tmp_path)
    check = CliRunner().invoke(
        cli, ["check", "--treaty", str(pack), str(feed), "--format", "jsonl"]
    )
    watch = CliRunner().invoke(cli, ["watch", "--treaty", str(pack), str(feed), "--workers", "0"])
    assert watch.exit_code == 1, watch.output
    assert _findings(watch.stdout) == _findings(check.stdout)
