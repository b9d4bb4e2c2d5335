"""The terminal table and `verify explain`: record text is shown, never acted on by the terminal."""

from __future__ import annotations

from report_fixtures import build_run_result

from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import explain, render

CLEAR_SCREEN = "\x1b[2J"
SET_TITLE = "\x1b]0;owned\x07"
C1_CSI = "\x9b31m"
HOSTILE_ID = f"ex-{CLEAR_SCREEN}{SET_TITLE}"


def hostile_finding(record_id: str = HOSTILE_ID, source: str = f"osint{C1_CSI}") -> Finding:
    """The late notification, its first record renamed and re-sourced, the summary citing it."""
    finding = build_run_result().findings[0]
    record = finding.evidence[0].model_copy(update={"id": record_id, "source": source})
    return finding.model_copy(
        update={
            "summary": f"Exercise {record_id} was notified late.",
            "evidence": (record, *finding.evidence[1:]),
        }
    )


def run_of(finding: Finding) -> RunResult:
    """The realistic run with this one finding."""
    return build_run_result().model_copy(update={"findings": (finding,)})


def raw_controls(text: str) -> list[str]:
    """The C0 and C1 control characters and DEL in `text`, newline excepted."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]


def test_table_shows_escape_sequences_escaped() -> None:
    """A record id that clears the screen and sets the title is printed as its escapes."""
    output = render(run_of(hostile_finding()), "table", width=200)
    assert raw_controls(output) == []
    assert "ex-\\x1b[2J\\x1b]0;owned\\x07" in output


def test_table_shows_c1_controls_and_invisible_characters_escaped() -> None:
    """An 8-bit CSI, a bidi override and a zero-width space show as escapes, not as nothing."""
    finding = hostile_finding(record_id=f"ex{C1_CSI}\u202e1\u200b")
    output = render(run_of(finding), "table", width=200)
    assert raw_controls(output) == []
    assert "ex\\x9b31m\\u202e1\\u200b" in output


def test_table_does_not_interpret_rich_markup() -> None:
    """Rich markup and emoji codes in record text are printed as they were written."""
    finding = hostile_finding(record_id="[bold red]ex-1[/] :warning:")
    output = render(run_of(finding), "table", width=200)
    assert "[bold red]ex-1[/] :warning:" in output


def test_table_shows_a_newline_in_a_record_as_an_escape() -> None:
    """A newline in an id cannot start a forged row of the table."""
    output = render(run_of(hostile_finding(record_id="ex-1\nvd11-forged")), "table", width=200)
    assert "ex-1\\nvd11-forged" in output


def test_explain_shows_escape_sequences_escaped() -> None:
    """Every record field in the story is escaped: id, source, summary citing the id."""
    story = explain(hostile_finding())
    assert raw_controls(story) == []
    assert story.count("ex-\\x1b[2J\\x1b]0;owned\\x07") == 2
    assert "Source osint\\x9b31m," in " ".join(story.split())


def test_explain_keeps_newlines_in_records_from_forging_lines() -> None:
    """A newline or carriage return in a record id is shown as `\\n` or `\\r`."""
    story = explain(hostile_finding(record_id="ex-1\r\n  - forged (exercise"))
    assert "ex-1\\r\\n - forged (exercise" in " ".join(story.split())
    assert "\n  - forged" not in story
