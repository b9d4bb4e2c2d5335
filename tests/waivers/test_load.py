"""Reading a waivers file: every problem named with its file, line and field; never a traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.errors import WaiverErrors
from verify.model.waiver import ENTRY_FIELDS, Waiver
from verify.waivers import load_waivers, read_waivers

GOOD = """\
- finding: F-0458cf243481fbe7
  reason: explained at the joint commission
  author: Ann Lee
  approved_by: Bo Chan
  expires: 2028-06-30
"""


def write(tmp_path: Path, text: str) -> Path:
    """The text as a waivers file."""
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    """What the loader says of the text, one located message per problem."""
    _, errors = read_waivers(write(tmp_path, text))
    return [str(error).splitlines()[0] for error in errors]


def test_a_well_formed_entry_loads_with_its_line(tmp_path: Path) -> None:
    """An entry becomes a `Waiver` that knows the file and line it was written on."""
    (waiver,) = load_waivers(write(tmp_path, "# waivers\n" + GOOD))
    assert (waiver.finding, waiver.expires, waiver.line) == (
        "F-0458cf243481fbe7",
        date(2028, 6, 30),
        2,
    )
    assert waiver.file is not None and waiver.file.endswith("waivers.yaml")


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("reason", GOOD.replace("  reason: explained at the joint commission\n", "")),
        ("author", GOOD.replace("  author: Ann Lee\n", "")),
        ("approved_by", GOOD.replace("  approved_by: Bo Chan\n", "")),
        ("expires", GOOD.replace("  expires: 2028-06-30\n", "")),
    ],
)
def test_a_missing_governance_field_is_named_at_the_entry(
    tmp_path: Path, field: str, text: str
) -> None:
    """An entry without its reason, author, approver or expiry is refused at its own line."""
    assert problems(tmp_path, text) == [f"{_where(tmp_path)}:1: {field}: {_missing(field)}"]


def _where(tmp_path: Path) -> str:
    return str(tmp_path / "waivers.yaml")


def _missing(field: str) -> str:
    words = {
        "reason": "reason",
        "author": "author",
        "approved_by": "approver (`approved_by`, someone other than the author)",
        "expires": "expiry (`expires`: a date, or a date-time with an offset)",
    }
    return f"missing; every waiver states its {words[field]}"


def test_both_finding_and_obligation_is_refused_naming_obligation(tmp_path: Path) -> None:
    """A waiver names one finding or an obligation and party, never both."""
    text = GOOD.replace("  reason:", "  obligation: pact.dmz\n  party: BOS\n  reason:")
    said = problems(tmp_path, text)
    assert (
        said[0]
        == f"{_where(tmp_path)}:2: obligation: give either `finding` or `obligation`, not both"
    )


def test_party_without_obligation_is_refused_at_the_party_line(tmp_path: Path) -> None:
    """`party` narrows a waiver by obligation; alone beside a finding id it is refused."""
    text = GOOD.replace("  reason:", "  party: BOS\n  reason:")
    assert problems(tmp_path, text) == [
        f"{_where(tmp_path)}:2: party: `party` narrows a waiver by `obligation`;"
        " give the obligation"
    ]


def test_obligation_without_party_is_refused(tmp_path: Path) -> None:
    """A waiver by obligation names the party it covers."""
    text = GOOD.replace("finding: F-0458cf243481fbe7", "obligation: pact.dmz")
    assert problems(tmp_path, text) == [
        f"{_where(tmp_path)}:1: party: a waiver by `obligation` also names the `party` it covers"
    ]


@pytest.mark.parametrize("approver", ["Ann Lee", "ann lee", "  ANN   Lee ", "Ann\tLee"])
def test_self_approval_is_refused_whatever_the_case_and_spacing(
    tmp_path: Path, approver: str
) -> None:
    """The author never approves their own waiver, however the name is spelt in case or spaces."""
    text = GOOD.replace("approved_by: Bo Chan", f'approved_by: "{approver}"')
    (said,) = problems(tmp_path, text)
    assert said.startswith(f"{_where(tmp_path)}:4: approved_by: ")
    assert "may not approve it" in said


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2028-02-30", "'2028-02-30' is no day of the calendar"),
        (
            "2028-06-30T12:00:00",
            "a date-time needs an offset (2026-06-30T12:00:00Z), or give a date",
        ),
        ("next week", "'next week' is neither a date (2026-06-30) nor a date-time with an offset"),
        ('"2028-13-01"', "'2028-13-01' is no day of the calendar"),
    ],
)
def test_a_bad_expiry_is_refused_at_its_line(tmp_path: Path, written: str, message: str) -> None:
    """An expiry that is no date, or a date-time without an offset, is named at its line."""
    said = problems(tmp_path, GOOD.replace("2028-06-30", written))
    assert len(said) == 1 and said[0].startswith(f"{_where(tmp_path)}:5: expires: {message}")


def test_an_unknown_field_gets_a_did_you_mean(tmp_path: Path) -> None:
    """A misspelt field is refused rather than ignored, with the field it resembles."""
    text = GOOD.replace("approved_by", "aproved_by")
    said = problems(tmp_path, text)
    assert any(
        line.startswith(f"{_where(tmp_path)}:4: aproved_by: unknown field; did you mean")
        for line in said
    )


def test_a_yaml_boolean_party_asks_for_quotes(tmp_path: Path) -> None:
    """`party: NO` is false to YAML; the loader says to quote it, as written."""
    text = GOOD.replace("finding: F-0458cf243481fbe7", "obligation: pact.dmz\n  party: NO")
    (said,) = problems(tmp_path, text)
    assert said.endswith('party: must be text, not true/false (False); quote it (`party: "NO"`)')


def test_a_duplicate_entry_is_refused_naming_the_first(tmp_path: Path) -> None:
    """Two waivers for the same finding are ambiguous: the second is refused."""
    said = problems(tmp_path, GOOD + GOOD.replace("2028-06-30", "2029-01-01"))
    assert said == [
        f"{_where(tmp_path)}:6: finding: a duplicate of the waiver at line 1, which covers the"
        " same findings; keep one"
    ]


def test_a_field_given_twice_is_refused(tmp_path: Path) -> None:
    """A key repeated in one entry is refused (YAML would keep the last one silently)."""
    said = problems(tmp_path, GOOD + "  reason: another\n")
    assert said == [f"{_where(tmp_path)}:6: reason: given twice in one entry (first at line 2)"]


def test_a_file_that_is_no_list_is_refused(tmp_path: Path) -> None:
    """The top of a waivers file is a list of entries."""
    said = problems(tmp_path, "finding: F-0458cf243481fbe7\n")
    assert said[0].startswith(f"{_where(tmp_path)}:1: a waivers file is a YAML list of entries")


def test_an_empty_file_holds_no_waiver(tmp_path: Path) -> None:
    """A file with nothing (or only comments) in it waives nothing, and is no error."""
    assert load_waivers(write(tmp_path, "# none yet\n")) == ()


def test_load_raises_every_problem_together(tmp_path: Path) -> None:
    """`load_waivers` fails with all of the file's problems, each located."""
    text = GOOD.replace("approved_by: Bo Chan", "approved_by: Ann Lee") + "- 3\n"
    with pytest.raises(WaiverErrors) as raised:
        load_waivers(write(tmp_path, text))
    assert [error.location.line for error in raised.value.errors if error.location] == [4, 6]


def test_a_date_holds_through_that_whole_day_in_utc() -> None:
    """`expires: 2028-06-30` holds at 23:59:59 that day and lapses at midnight UTC after it."""
    waiver = Waiver(finding="F-1", reason="r", author="a", approved_by="b", expires="2028-06-30")
    assert waiver.holds_at(datetime(2028, 6, 30, 23, 59, 59, tzinfo=UTC))
    assert not waiver.holds_at(datetime(2028, 7, 1, tzinfo=UTC))


def test_a_date_time_lapses_at_that_instant() -> None:
    """`expires` given as a date-time holds strictly before it."""
    waiver = Waiver(
        finding="F-1", reason="r", author="a", approved_by="b", expires="2028-06-30T12:00:00+02:00"
    )
    assert waiver.holds_at(datetime(2028, 6, 30, 9, 59, 59, tzinfo=UTC))
    assert not waiver.holds_at(datetime(2028, 6, 30, 10, tzinfo=UTC))


_YAML_PIECES = st.sampled_from(
    [
        "- ",
        "  ",
        "\n",
        ": ",
        *ENTRY_FIELDS,
        "F-0458cf243481fbe7",
        "pact.dmz",
        "BOS",
        "NO",
        "2028-06-30",
        "2028-02-30",
        "2028-06-30T12:00:00Z",
        "2028-06-30T12:00",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!python/object:os.system",
        "!!binary",
        "? ",
        "#",
        "|",
        ">",
        "\t",
        "~",
        "null",
        "1e999",
        "-1",
        ",",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "\x00",
        "\ufeff",
        "é",
    ]
)


@settings(max_examples=budget(60))
@given(st.lists(_YAML_PIECES, max_size=40).map("".join))
@example("- finding: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")
@example("- !!timestamp 2028-02-30\n")
@example("- expires: !!timestamp 2028-02-30\n  reason: r\n  author: a\n  approved_by: b\n")
def test_any_text_is_loaded_or_refused_with_a_location(text: str) -> None:
    """Random YAML never raises anything but located waiver errors, each naming the file."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.yaml"
        path.write_text(text, encoding="utf-8")
        waivers, errors = read_waivers(path)
    for error in errors:
        assert error.location is not None and error.location.path.endswith("w.yaml")
    assert all(isinstance(waiver, Waiver) for waiver in waivers)
