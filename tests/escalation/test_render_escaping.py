"""The ledger's text views (`verify findings`, `escalate`): records cannot drive the terminal."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.escalation.conftest import CONTEXT, evidence, finding
from tests.hostile import hostile_text
from tests.profiles import budget
from verify.escalation.cases import Case
from verify.escalation.render import CaseView, render_for_channel, render_table, view_cases
from verify.model.treaty import Channel

NOW = datetime(2026, 10, 1, tzinfo=UTC)
NATIONAL = Channel(id="capital", name="Report to the capital", releasability="national")
HOSTILE = "x1\x1b[2J\x1b]0;owned\x07\x9b31m"
SHOWN = "x1\\x1b[2J\\x1b]0;owned\\x07\\x9b31m"


def raw_controls(text: str) -> list[str]:
    """The C0 and C1 control characters and DEL in `text`, newline excepted."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]


def hostile_case() -> Case:
    """A recorded finding whose record id, source, role and summary carry escape sequences."""
    record = evidence(HOSTILE).model_copy(
        update={"source": f"imagery\x1b[31m{HOSTILE}", "role": "the activity\r\nforged line"}
    )
    found = finding(records=(record,))
    found = found.model_copy(update={"summary": f"Exercise {HOSTILE} was not notified."})
    return Case(found, CONTEXT, NOW)


def test_the_channel_view_shows_control_characters_escaped() -> None:
    """Evidence id, source, role and summary print their escapes, and no line is forged."""
    text = render_for_channel(CaseView(hostile_case(), (), None, NOW), NATIONAL)
    assert raw_controls(text) == []
    assert f"Exercise {SHOWN} was not notified." in text
    assert f"- {SHOWN} (exercise" in text
    assert "imagery\\x1b[31m" in text
    assert "the activity\\r\\nforged line" in text


def test_the_findings_table_shows_control_characters_escaped() -> None:
    """A hostile party code in `verify findings` is printed as its escapes, columns aligned."""
    case = Case(finding(party=HOSTILE), CONTEXT, NOW)
    text = render_table(view_cases([case], NOW))
    assert raw_controls(text) == []
    marking, header, row = text.splitlines()
    assert marking.startswith("HANDLING: ")
    assert row.split()[2] == SHOWN
    assert header.index("severity") == row.index("major")


@settings(max_examples=budget(50))
@given(st.lists(hostile_text, min_size=4, max_size=4))
def test_no_view_holds_a_raw_control_character(texts: list[str]) -> None:
    """Whatever a record's id, source and role and the party hold, only our newlines are raw."""
    record_id, source, role, party = texts
    record = evidence(record_id).model_copy(update={"source": source, "role": role})
    found = finding(party=party, records=(record,))
    found = found.model_copy(update={"summary": f"{party} did not notify {record_id}."})
    case = Case(found, CONTEXT, NOW)
    views = view_cases([case], NOW)
    assert raw_controls(render_table(views)) == []
    assert raw_controls(render_for_channel(views[0], NATIONAL)) == []
