"""`verify check --treaty pack.json`: a bad compiled pack is exit 2 naming file, line and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from verify.cli import cli

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"
FEED = Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl"

#: Spoils one name in a compiled pact; gives the field and the message expected for it.
Spoil = Callable[[dict[str, Any]], tuple[str, str]]


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory, so that paths are shown relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def compiled() -> str:
    """What `verify compile` prints for the example pact."""
    result = CliRunner().invoke(cli, ["compile", str(PACK)])
    assert result.exit_code == 0
    return result.stdout


def obligation(data: dict[str, Any], obligation_id: str) -> tuple[int, dict[str, Any]]:
    """The index and JSON object of the obligation with this id."""
    for index, found in enumerate(data["obligations"]):
        if found["id"] == obligation_id:
            return index, found
    raise AssertionError(obligation_id)


def spoil_zone(data: dict[str, Any]) -> tuple[str, str]:
    """A zone-prohibition names a zone the pact lacks."""
    index, found = obligation(data, "pact.dmz")
    found["zones"][0] = "dmzz"
    return f"obligations[{index}].zones[0]", "unknown zone 'dmzz'; did you mean 'dmz'?"


def spoil_kind(data: dict[str, Any]) -> tuple[str, str]:
    """A response awaits a record kind that does not exist."""
    index, found = obligation(data, "pact.hotline-reply")
    found["requirements"][0]["counterpart_kind"] = "clarification_replies"
    return (
        f"obligations[{index}].requirements[0].counterpart_kind",
        "unknown kind 'clarification_replies'; did you mean 'clarification_reply'?",
    )


def spoil_quantity(data: dict[str, Any]) -> tuple[str, str]:
    """A prior-notice threshold reads a misspelt quantity."""
    index, found = obligation(data, "pact.exercise-notice")
    found["scope"]["condition"]["comparisons"][1]["quantity"] = "battle_tank"
    return (
        f"obligations[{index}].scope.condition.comparisons[1].quantity",
        "unknown quantity 'battle_tank'; did you mean 'battle_tanks'?",
    )


def spoil_channel(data: dict[str, Any]) -> tuple[str, str]:
    """A prohibition escalates through a channel the pact lacks."""
    index, found = obligation(data, "pact.missile-test")
    found["escalation_start"] = "diplomatic-notes"
    return (
        f"obligations[{index}].escalation_start",
        "unknown channel 'diplomatic-notes'; did you mean 'diplomatic-note'?",
    )


@pytest.mark.parametrize("spoil", [spoil_zone, spoil_kind, spoil_quantity, spoil_channel])
def test_an_unknown_name_in_a_compiled_pack_is_exit_2(
    compiled: str, scratch: Path, spoil: Spoil
) -> None:
    """Zone, kind, quantity or channel: the message names the file, the obligation's line and
    the field, and no traceback is shown."""
    data = json.loads(compiled)
    field, message = spoil(data)
    index = int(field.split("]")[0].removeprefix("obligations["))
    text = json.dumps(data, indent=2)
    (scratch / "bad.json").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f'      "id": "{data["obligations"][index]["id"]}",') + 1
    result = CliRunner().invoke(cli, ["check", "--treaty", "bad.json", str(FEED)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert f"verify: bad.json:{line} (field '{field}'): {message}\n" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_kind_of_obligation_is_exit_2(compiled: str, scratch: Path) -> None:
    """A `"kind"` the model does not know is reported at its own line, with a did-you-mean."""
    text = compiled.replace('"kind": "zone_prohibition"', '"kind": "zone_prohibiton"', 1)
    (scratch / "bad.json").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "zone_prohibiton" in row)
    index = next(
        i for i, o in enumerate(json.loads(text)["obligations"]) if o["kind"] == "zone_prohibiton"
    )
    result = CliRunner().invoke(cli, ["check", "--treaty", "bad.json", str(FEED)])
    assert result.exit_code == 2
    assert (
        f"verify: bad.json:{line} (field 'obligations[{index}].kind'): unknown kind of"
        " obligation 'zone_prohibiton'; did you mean 'zone_prohibition'?"
    ) in result.stderr


def test_every_problem_is_reported_on_its_own_line(compiled: str, scratch: Path) -> None:
    """Four spoilt names give four `verify:` lines, in the order of the file."""
    data = json.loads(compiled)
    fields = [spoil(data)[0] for spoil in (spoil_kind, spoil_quantity, spoil_zone, spoil_channel)]
    (scratch / "bad.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--treaty", "bad.json", str(FEED)])
    assert result.exit_code == 2
    reported = [row for row in result.stderr.splitlines() if row.startswith("verify: ")]
    assert [row.split("'")[1] for row in reported] == fields
