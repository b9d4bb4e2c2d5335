"""Compiled packs (the JSON of `verify compile`): validated like feature files, errors located."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.treaty.conftest import PackWriter
from tests.treaty.test_compile import EVERY_KIND
from verify.errors import PackError, PackErrors, display_path
from verify.treaty import compile_pack, load_pack, shipped_packs


@pytest.fixture
def compiled(write_pack: PackWriter) -> dict[str, Any]:
    """The test pact with one obligation of each kind, as the JSON document it compiles to."""
    data: dict[str, Any] = json.loads(compile_pack(write_pack(EVERY_KIND)).model_dump_json())
    return data


def write(tmp_path: Path, data: object, *, indent: int | None = 2) -> Path:
    """`data` as a compiled-pack file, indented as `verify compile` prints it."""
    path = tmp_path / "compiled.json"
    path.write_text(json.dumps(data, indent=indent), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, start: int = 1) -> int:
    """The 1-based number of the first line at or after `start` that holds `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if n >= start and needle in text)


def errors_of(path: Path) -> list[PackError]:
    """The located errors that loading the compiled pack at `path` raises."""
    with pytest.raises(PackErrors) as caught:
        load_pack(str(path))
    assert all(isinstance(error, PackError) for error in caught.value.errors)
    return [error for error in caught.value.errors if isinstance(error, PackError)]


def where(error: PackError) -> tuple[int | None, str | None]:
    """The line and field an error is located at."""
    assert error.location is not None
    return error.location.line, error.location.field


def test_every_shipped_pack_round_trips_through_its_compiled_json(tmp_path: Path) -> None:
    """What `verify compile` prints for a shipped pack loads back, unchanged and unflagged."""
    for pack_id in shipped_packs():
        pack = load_pack(pack_id)
        path = tmp_path / f"{pack_id}.json"
        path.write_text(pack.model_dump_json(indent=2), encoding="utf-8")
        assert load_pack(str(path)) == pack


def test_an_unknown_zone_is_located_at_its_obligation(
    compiled: dict[str, Any], tmp_path: Path
) -> None:
    """The zone is named with a did-you-mean, at the line of its obligation's id."""
    compiled["obligations"][5]["zones"] = ["stirp"]
    path = write(tmp_path, compiled)
    (error,) = errors_of(path)
    assert error.message == "unknown zone 'stirp'; did you mean 'strip'?"
    assert where(error) == (line_of(path, '"id": "tp.zone"'), "obligations[5].zones[0]")
    shown = f"{display_path(path)}:{where(error)[0]} (field 'obligations[5].zones[0]'): unknown"
    assert str(error).startswith(shown)
    assert str(error).endswith('"id": "tp.zone",')


def test_every_unknown_name_is_reported_at_once(compiled: dict[str, Any], tmp_path: Path) -> None:
    """Names wrong in several obligations are all reported, in the order of the file."""
    compiled["obligations"][0]["escalation_start"] = "comision"
    compiled["obligations"][2]["quantity"] = "warheads"
    compiled["obligations"][4]["refusal_kind"] = "inspection_replies"
    path = write(tmp_path, compiled)
    errors = errors_of(path)
    assert [where(error) for error in errors] == [
        (line_of(path, '"id": "tp.notice"'), "obligations[0].escalation_start"),
        (line_of(path, '"id": "tp.ceiling"'), "obligations[2].quantity"),
        (line_of(path, '"id": "tp.quota"'), "obligations[4].refusal_kind"),
    ]
    assert [error.message.partition(";")[0] for error in errors] == [
        "unknown channel 'comision'",
        "unknown quantity 'warheads'",
        "unknown kind 'inspection_replies'",
    ]


def test_every_model_error_is_reported_at_its_line(
    compiled: dict[str, Any], tmp_path: Path
) -> None:
    """Pydantic's errors are all reported, not only the first, each at its value's line."""
    compiled["obligations"][1]["requirements"][0]["hours"] = "soon"
    compiled["obligations"][3]["severity"] = "grave"
    del compiled["obligations"][6]["article"]
    path = write(tmp_path, compiled)
    errors = errors_of(path)
    assert [where(error) for error in errors] == [
        (line_of(path, '"hours": "soon"'), "obligations[1].requirements[0].hours"),
        (line_of(path, '"severity": "grave"'), "obligations[3].severity"),
        (line_of(path, '"id": "tp.declared"') - 1, "obligations[6].article"),
    ]
    assert "input should be a valid number" in errors[0].message
    assert "input should be 'minor', 'major' or 'critical'" in errors[1].message
    assert errors[2].message == "field required"


def test_an_unknown_kind_of_obligation_is_located_at_its_kind(
    compiled: dict[str, Any], tmp_path: Path
) -> None:
    """A `"kind"` the model does not know gets a did-you-mean at the line of that key."""
    compiled["obligations"][5]["kind"] = "zone_prohibiton"
    path = write(tmp_path, compiled)
    (error,) = errors_of(path)
    assert error.message == (
        "unknown kind of obligation 'zone_prohibiton'; did you mean 'zone_prohibition'?"
    )
    assert where(error) == (line_of(path, '"kind": "zone_prohibiton"'), "obligations[5].kind")


def test_union_members_are_not_part_of_the_field(compiled: dict[str, Any], tmp_path: Path) -> None:
    """Pydantic's `prior_notice` and `annual_date` in its error paths are left out of the field."""
    compiled["obligations"][0]["requirements"][1]["due"]["month"] = 13
    path = write(tmp_path, compiled)
    (error,) = errors_of(path)
    assert where(error) == (
        line_of(path, '"month": 13'),
        "obligations[0].requirements[1].due.month",
    )


def test_model_errors_and_name_errors_come_together(
    compiled: dict[str, Any], tmp_path: Path
) -> None:
    """A broken obligation does not hide the unknown names of the sound ones."""
    compiled["obligations"][3]["severity"] = "grave"
    compiled["obligations"][5]["zones"] = ["stirp"]
    path = write(tmp_path, compiled)
    assert [where(error)[1] for error in errors_of(path)] == [
        "obligations[3].severity",
        "obligations[5].zones[0]",
    ]


def test_a_pack_on_one_line_is_located_at_line_1(compiled: dict[str, Any], tmp_path: Path) -> None:
    """Unindented JSON still names the field, on the only line there is."""
    compiled["obligations"][5]["zones"] = ["stirp"]
    (error,) = errors_of(write(tmp_path, compiled, indent=None))
    assert where(error) == (1, "obligations[5].zones[0]")


def test_text_that_is_not_json_names_its_line_and_column(tmp_path: Path) -> None:
    """A syntax error is located where the JSON parser stopped."""
    path = tmp_path / "broken.json"
    path.write_text('{\n  "meta": {,\n}', encoding="utf-8")
    (error,) = errors_of(path)
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, 12)
    assert error.message.startswith("not JSON: ")


@pytest.mark.parametrize("content", [b"\xff\xfe{}", b'{"meta": "\xe9"}'])
def test_a_file_that_is_not_utf_8_is_a_located_error(tmp_path: Path, content: bytes) -> None:
    """Bytes that are not UTF-8 are reported, naming the file and the line."""
    path = tmp_path / "latin.json"
    path.write_bytes(content)
    with pytest.raises(PackError, match=r"latin\.json:1(:\d+)?: .*UTF-"):
        load_pack(str(path))
