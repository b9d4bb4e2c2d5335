"""`verify test` holds the two engines to one verdict on every `Example:` and fails where they
differ, naming the example and, per finding, what each engine said."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from verify import api
from verify import watcher as watcher_module
from verify.cli import cli
from verify.engines.stream import DEFAULT_LATENESS
from verify.model.finding import Finding
from verify.testing.parity import disagreements, least_lateness, records_until, run_stream
from verify.treaty import load_pack

PACT = "example-non-aggression-pact"

RULE = """Feature: Bans

  Rule: wr.ban No missile tests
    Background:
      Given the obligation covers "missile_test" records of every party
      Then such a test is prohibited
      And the obligation is set out in "Article 1"

    Example: A test is a violation
      Given these observations:
{table}
      When compliance is checked as of {as_of}
      Then {then}
"""


def write_pack(folder: Path, rows: list[str], as_of: str, then: str) -> Path:
    """A one-rule pack banning missile tests, whose one Example (line 9) has these rows."""
    folder.mkdir()
    (folder / "treaty.yaml").write_text("id: bans\ntitle: Bans\nprefix: wr\n", encoding="utf-8")
    header = "        | id | kind         | party | time       |"
    table = "\n".join([header, *(f"        {row}" for row in rows)])
    text = RULE.format(table=table, as_of=as_of, then=then)
    (folder / "rules.feature").write_text(text, encoding="utf-8")
    return folder


def one_test(folder: Path) -> Path:
    """The pack with one test by AAA, checked a month later: one violation."""
    return write_pack(
        folder,
        ["| t1 | missile_test | AAA   | 2025-01-01 |"],
        "2025-02-01",
        'there is a "major" violation of "wr.ban" by "AAA" citing "t1"',
    )


def verify_test(pack: Path) -> tuple[int, list[str]]:
    """`verify test PACK`: exit code and output lines."""
    result = CliRunner().invoke(cli, ["test", str(pack)])
    return result.exit_code, result.stdout.splitlines()


def stream_finalize(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    """Make the stream side (alone: `api.Watcher` makes its breaches findings) turn each finding
    it decides into `change(finding)`."""
    original = watcher_module.finalize

    def finalize(*args: Any) -> Finding | None:
        finding = original(*args)
        return None if finding is None else change(finding)

    monkeypatch.setattr(watcher_module, "finalize", finalize)


def test_both_engines_agreeing_pass(tmp_path: Path) -> None:
    """An example whose engines agree, and whose findings are as expected, passes."""
    code, out = verify_test(one_test(tmp_path / "bans"))
    assert code == 0
    assert out[-1] == "1 passed, 0 failed"


def test_a_finding_the_stream_engine_misses_fails_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stream engine that drops a finding the batch engine gives fails the example, naming
    the example's file and line, the finding's id and what each engine said."""
    stream_finalize(monkeypatch, lambda finding: None)
    code, out = verify_test(one_test(tmp_path / "bans"))
    assert code == 1
    assert out[0].startswith("FAIL ") and out[0].endswith(
        "rules.feature:9  Example: A test is a violation"
    )
    assert out[1].endswith(
        "rules.feature:9: the batch and stream engines disagree on wr.ban as of"
        " 2025-02-01T00:00:00Z:"
    )
    assert out[2].startswith("       F-")
    assert ': batch: violation citing t1: "AAA carried out a prohibited missile_test' in out[2]
    assert out[2].endswith("; stream: no finding")
    assert out[-1] == "0 passed, 1 failed"


def test_a_finding_the_stream_engine_words_otherwise_fails_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stream finding under the same id but with other content shows where it differs."""
    stream_finalize(
        monkeypatch, lambda finding: finding.model_copy(update={"summary": "Something else."})
    )
    code, out = verify_test(one_test(tmp_path / "bans"))
    assert code == 1
    assert out[2].endswith(": both say violation citing t1, but differ in:")
    assert out[3].startswith('         summary: batch "AAA carried out a prohibited missile_test')
    assert out[3].endswith(', stream "Something else."')
    assert out[-1] == "0 passed, 1 failed"


def test_the_stream_engine_hears_only_the_records_up_to_the_moment_checked(
    tmp_path: Path,
) -> None:
    """A record after `as of` is left out of both engines: no finding of it on either side."""
    pack = write_pack(
        tmp_path / "bans",
        [
            "| t1 | missile_test | AAA   | 2025-01-01 |",
            "| t2 | missile_test | AAA   | 2025-03-01 |",
        ],
        "2025-02-01",
        "there is 1 finding",
    )
    code, out = verify_test(pack)
    assert (code, out[-1]) == (0, "1 passed, 0 failed")


def test_the_stream_engine_takes_the_table_in_its_order_however_far_back(
    tmp_path: Path,
) -> None:
    """Rows listed out of time order, by months, reach the stream engine in that order and are
    all accepted (the lateness allows for them)."""
    pack = write_pack(
        tmp_path / "bans",
        [
            "| t2 | missile_test | AAA   | 2025-06-01 |",
            "| t1 | missile_test | AAA   | 2025-01-01 |",
        ],
        "2025-07-01",
        "there are 2 findings",
    )
    code, out = verify_test(pack)
    assert (code, out[-1]) == (0, "1 passed, 0 failed")


def test_the_least_lateness_is_how_far_a_record_lies_behind_an_earlier_listed_one() -> None:
    """Times in order need only the default lateness; disorder needs as much as its worst."""
    day = datetime(2025, 1, 1, tzinfo=UTC)
    assert least_lateness([]) == DEFAULT_LATENESS
    assert least_lateness([day, day + timedelta(days=3)]) == DEFAULT_LATENESS
    later = [day + timedelta(days=5), day + timedelta(days=1), day + timedelta(days=4), day]
    assert least_lateness(later) == timedelta(days=5)


def test_a_finding_the_stream_engine_reissues_counts_in_its_last_version(tmp_path: Path) -> None:
    """A reply missing when its deadline passed, then late, is printed twice by the stream
    engine under one id; its last version is the one held to the batch engine's."""
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "id,kind,party,counterparty,time,refers_to,battle_tanks\n"
        "q1,clarification_request,ARV,BOS,2025-05-01T08:00:00Z,,\n"
        "h1,holding,ARV,,2025-05-03T00:00:00Z,,10\n"
        "r1,clarification_reply,BOS,ARV,2025-05-03T12:00:00Z,q1,\n",
        encoding="utf-8",
    )
    as_of = datetime(2025, 5, 10, tzinfo=UTC)
    obligation = "pact.hotline-reply"
    result, read = api.check([PACT], [feed], as_of=as_of, obligations=[obligation])
    printed: list[Finding] = []

    def noted(method: Any) -> Any:
        def call(watcher: api.Watcher, *args: Any, **kwargs: Any) -> list[Finding]:
            found: list[Finding] = method(watcher, *args, **kwargs)
            printed.extend(found)
            return found

        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.Watcher, "feed", noted(api.Watcher.feed))
        patch.setattr(api.Watcher, "close", noted(api.Watcher.close))
        stream = run_stream(load_pack(PACT), records_until(read.frame, as_of), as_of, obligation)
    assert [[e.id for e in f.evidence] for f in printed] == [["q1"], ["q1", "r1"]]
    assert len({f.id for f in printed}) == 1
    assert disagreements(list(result.findings), stream) == []


def test_a_moment_that_is_no_time_fails_the_example_naming_it(tmp_path: Path) -> None:
    """`checked as of soon` fails its example, saying what a moment must look like."""
    pack = write_pack(
        tmp_path / "bans",
        ["| t1 | missile_test | AAA   | 2025-01-01 |"],
        "soon",
        "there is 1 finding",
    )
    code, out = verify_test(pack)
    assert code == 1
    assert out[1].endswith(
        "rules.feature:9: as of 'soon': give an ISO 8601 time with an offset"
        " (2026-09-30T12:00:00Z) or a date"
    )
