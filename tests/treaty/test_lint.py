"""`verify lint` on broken copies of the example pact: every error at once, each located and
worded from the registry (forms with placeholders, never another pack's numbers)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.kinds.language import NUMBER, Phrase
from verify.treaty.compile import FORMS
from verify.treaty.example_steps import example_errors, within_two_edits
from verify.treaty.forms import forms_of, hints, unknown_step
from verify.treaty.gherkin import DataTable, Example, Rule, Step

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"
NOTICE_DAYS = "is due 30 days before it starts"
ON_TIME = "Example: An exercise notified 30 days ahead is on time"
LATE = "Example: An exercise notified 29 days ahead is late"
CITING = 'citing "x1" and "n1"'
#: A notice deadline in a unit no phrase counts in.
WEEKS = "is due 6 weeks before it starts"
TANKS_HEADER = "| troops | battle_tanks |"

Spoil = Callable[..., Path]


@pytest.fixture
def spoil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Spoil:
    """A copy of the example pact with `(file, old, new)` edits made (each `old` must be
    there once), in the working directory, so that messages show relative paths."""
    monkeypatch.chdir(tmp_path)

    def make(*edits: tuple[str, str, str]) -> Path:
        folder = Path(shutil.copytree(PACK, tmp_path / "pact"))
        for name, old, new in edits:
            path = folder / name
            text = path.read_text(encoding="utf-8")
            assert text.count(old) >= 1, (name, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return folder

    return make


def lint(folder: Path) -> tuple[int, str]:
    """`verify lint FOLDER`: exit code and stderr; it never raises."""
    result = CliRunner().invoke(cli, ["lint", os.path.relpath(folder)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stderr


def test_an_unknown_step_names_forms_with_placeholders_not_numbers(spoil: Spoil) -> None:
    """`6 weeks before it starts` is answered with `<N> days`, and no number of any pack."""
    folder = spoil(("notification.feature", NOTICE_DAYS, WEEKS))
    code, err = lint(folder)
    assert code == 2
    assert "notification.feature:13: unknown step; did you mean" in err
    assert '`a "<kind>" for the same activity is due <N> days before it starts`' in err
    said = [line for line in err.splitlines() if "6 weeks" not in line and "error(s)" not in line]
    assert not re.search(r"(?<![:\w])\d", "\n".join(said).replace("notification.feature:13", ""))


def test_an_unknown_time_step_hints_at_the_units_the_registry_accepts(spoil: Spoil) -> None:
    """A step that counts time is told which units the phrases count in, and in what forms."""
    folder = spoil(("notification.feature", NOTICE_DAYS, WEEKS))
    _, err = lint(folder)
    hint = next(line for line in err.splitlines() if "hint: times are written in" in line)
    assert "hours" in hint and "days" in hint and "weeks" not in hint
    assert "from the addressed party is due within <N> hours of the request" in hint


def test_a_phrase_added_to_the_registry_gets_the_same_help() -> None:
    """A new phrase counting minutes is offered, with minutes among the units, unprompted."""
    added = Phrase(
        "report-minutes",
        'a "report" is due within 30 minutes of the end',
        rf'an? "(?P<kind>[^"]+)" is due within (?P<n>{NUMBER}) minutes of the end',
        lambda draft, found, step: None,
    )
    forms = (*FORMS, *forms_of([added]))
    message, said = unknown_step('a "report" is due 30 minutes after the end', forms)
    assert '`a "<kind>" is due within <N> minutes of the end`' in message
    assert any(hint.startswith("times are written in minutes, hours or days") for hint in said)


def test_a_period_step_hints_at_the_period_forms() -> None:
    """A step about a year it cannot say is shown the forms that count per year."""
    said = hints("at most 2 such activities per party per treaty year", FORMS)
    period = next(hint for hint in said if hint.startswith("periods are written"))
    assert "`at most <N> such activities per party per calendar year`" in period


def test_a_quantity_step_hints_at_the_quantity_forms() -> None:
    """A step naming a quantity is shown the forms and table that take quantities."""
    said = hints('the total "troops" of each party stays below 3000', FORMS, {"troops"})
    counted = next(hint for hint in said if hint.startswith("quantities are named"))
    assert "| quantity | at least | more than | at most | less than |" in counted
    assert '"<quantity>"' in counted


def test_treaty_yaml_errors_and_feature_errors_come_in_one_run(spoil: Spoil) -> None:
    """A bad channel track does not hide an unknown step: both, each located, exit 2."""
    folder = spoil(
        ("treaty.yaml", 'track: "1.5"', 'track: "3"'),
        ("notification.feature", NOTICE_DAYS, WEEKS),
    )
    code, err = lint(folder)
    assert code == 2
    assert "treaty.yaml:38 (field 'channels.0.track')" in err
    assert "notification.feature:13: unknown step" in err
    assert "2 error(s)" in err


def test_a_yaml_syntax_error_does_not_hide_feature_errors(spoil: Spoil) -> None:
    """Even a treaty.yaml that does not parse leaves the feature files linted."""
    folder = spoil(
        ("treaty.yaml", "prefix: pact", "prefix: [pact"),
        ("notification.feature", NOTICE_DAYS, WEEKS),
    )
    code, err = lint(folder)
    assert code == 2
    assert "treaty.yaml:" in err and "YAML syntax" in err
    assert "notification.feature:13: unknown step" in err


def test_two_examples_of_one_name_are_an_error(spoil: Spoil) -> None:
    """The second Example of a name is reported at its line, naming the first's."""
    folder = spoil(("notification.feature", ON_TIME, LATE))
    code, err = lint(folder)
    assert code == 2
    assert (
        "notification.feature:26: duplicate Example name 'An exercise notified 29 days ahead is"
        " late' (first at line 18)"
    ) in err


def test_two_examples_of_one_name_in_two_rules_are_an_error(spoil: Spoil) -> None:
    """Examples run by name per feature file, so a name used in two Rules clashes too."""
    folder = spoil(
        (
            "notification.feature",
            "Example: A third large exercise in one year is one too many",
            LATE,
        )
    )
    code, err = lint(folder)
    assert code == 2 and "notification.feature:68: duplicate Example name" in err


def test_verify_test_refuses_a_pack_whose_wrong_example_would_be_skipped(spoil: Spoil) -> None:
    """A wrong expectation hidden behind a duplicate name no longer passes: exit 2."""
    folder = spoil(
        ("notification.feature", ON_TIME, LATE),
        ("notification.feature", "2025-03-03 |", "2025-02-03 |"),  # now on time: no finding
    )
    result = CliRunner().invoke(cli, ["test", os.path.relpath(folder)])
    assert result.exit_code == 2, result.output
    assert "duplicate Example name" in result.stderr


def test_a_then_step_naming_an_unknown_obligation_is_an_error(spoil: Spoil) -> None:
    """A misspelt obligation id in an expectation gets a did-you-mean."""
    folder = spoil(
        (
            "notification.feature",
            'of "pact.exercise-notice" by "ARV"',
            'of "pact.exercise-notise" by "ARV"',
        )
    )
    code, err = lint(folder)
    assert code == 2
    assert (
        "notification.feature:24: unknown obligation id 'pact.exercise-notise'; did you mean"
        " 'pact.exercise-notice'?"
    ) in err


def test_a_then_step_naming_another_rule_s_obligation_is_an_error(spoil: Spoil) -> None:
    """An Example checks its own Rule only, so naming another obligation can never hold."""
    folder = spoil(
        (
            "notification.feature",
            'of "pact.exercise-notice" by "ARV"',
            'of "pact.exercise-frequency" by "ARV"',
        )
    )
    _, err = lint(folder)
    assert "an Example checks its own Rule's obligation 'pact.exercise-notice' only" in err


def test_a_then_step_citing_an_id_absent_from_the_observations_is_an_error(spoil: Spoil) -> None:
    """`citing "n9"` where the table has `n1` is reported with a did-you-mean."""
    folder = spoil(("notification.feature", CITING, 'citing "x1" and "n9"'))
    code, err = lint(folder)
    assert code == 2
    assert (
        "notification.feature:24: cites 'n9', which is no id of the example's observations" in err
    )
    assert "did you mean 'n1'?" in err


def test_a_misspelt_column_gets_a_did_you_mean(spoil: Spoil) -> None:
    """`battle_tank` is one edit from `battle_tanks`: reported at the header line."""
    folder = spoil(("notification.feature", TANKS_HEADER, "| troops | battle_tank |"))
    code, err = lint(folder)
    assert code == 2
    assert (
        "notification.feature:36: unknown column 'battle_tank'; did you mean 'battle_tanks'?" in err
    )


def test_a_column_far_from_every_field_is_unknown(spoil: Spoil) -> None:
    """A column no field or quantity is near is reported, with what a column may be."""
    folder = spoil(("notification.feature", TANKS_HEADER, "| troops | colour |"))
    _, err = lint(folder)
    assert "unknown column 'colour'; a column is a field of the contract, a quantity" in err


def test_a_quantity_the_pack_declares_is_a_known_column(spoil: Spoil) -> None:
    """A column that treaty.yaml declares as a quantity lints clean."""
    folder = spoil(
        (
            "treaty.yaml",
            "  - {name: troops, unit: persons}",
            "  - {name: troops, unit: persons}\n  - {name: patrol_boats, unit: count}",
        ),
        ("notification.feature", TANKS_HEADER, "| troops | patrol_boats |"),
    )
    code, err = lint(folder)
    assert code == 0, err


@pytest.mark.parametrize(
    ("name", "expected"),
    [("startt", "start"), ("lon g", "lon"), ("battle_tnks", "battle_tanks"), ("partyyyy", None)],
)
def test_a_did_you_mean_stays_within_two_edits(name: str, expected: str | None) -> None:
    """Two edits away is offered; three is not."""
    known = {"start", "lon", "battle_tanks", "party"}
    assert within_two_edits(name, known) == expected


def test_an_unknown_example_step_names_the_example_forms(spoil: Spoil) -> None:
    """A misspelt expectation is answered with the form, placeholders and all."""
    folder = spoil(
        ("notification.feature", 'is a "major" violation of', 'is a "major" violaton of')
    )
    _, err = lint(folder)
    assert "notification.feature:24: unknown step; did you mean" in err
    assert 'there is a "<severity>" violation of "<obligation>" by "<party>"' in err


def test_every_gherkin_syntax_error_of_a_file_is_reported(spoil: Spoil) -> None:
    """Two lines that are no step are two errors, each at its line, not only the first."""
    folder = spoil(
        ("notification.feature", "every party\n", "every party\n      this is no step\n"),
        (
            "notification.feature",
            "    Example: An exercise notified 30",
            "      nor this\n    Example: An exercise notified 30",
        ),
    )
    code, err = lint(folder)
    assert code == 2
    assert "notification.feature:8: Gherkin syntax" in err
    assert "notification.feature:27: Gherkin syntax" in err
    assert "2 error(s)" in err


def test_verify_test_fails_when_an_example_written_did_not_run(
    spoil: Spoil, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the duplicate name to slip past lint, the example left unrun still fails the run."""
    monkeypatch.setattr("verify.treaty.compile.duplicate_names", lambda feature: [])
    folder = spoil(("notification.feature", ON_TIME, LATE))
    written = sum(
        line.lstrip().startswith("Example:")
        for feature in folder.glob("*.feature")
        for line in feature.read_text("utf-8").splitlines()
    )
    result = CliRunner().invoke(cli, ["test", os.path.relpath(folder)])
    assert result.exit_code == 1, result.output
    assert f"FAIL 1 of the {written} examples written did not run" in result.output
    assert result.output.endswith(f"{written - 1} passed, 0 failed, 1 not run\n")


def test_a_column_the_rule_s_steps_name_is_known() -> None:
    """A field the Background names in quotes (a notice's contents, say) may head a column."""
    table = DataTable(("id", "kind", "party", "time", "launch_area"), (), (), header_line=3)
    example = Example("e", 2, (Step("Given", "these observations:", "f", 2, table),))
    background = (Step("And", 'the "notification" must give "launch_area"', "f", 1),)
    rule = Rule("tp.notice Notice", 1, "", background, (example,))
    assert example_errors(rule, {"tp.notice"}, set()) == []
    bare = Rule("tp.notice Notice", 1, "", (), (example,))
    assert [e.message for e in example_errors(bare, {"tp.notice"}, set())] == [
        "unknown column 'launch_area'; a column is a field of the contract, a quantity"
        " treaty.yaml declares, or a name the Rule's steps give"
    ]
