"""Fuzzing the compiled-pack reader: whatever the file holds, `load_pack` raises a VerifyError."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.errors import PackErrors, VerifyError
from verify.treaty import load_pack
from verify.treaty.references import reference_problems

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
#: Names near those a pack uses, so that mutations often stay valid JSON of the right shape.
NAMES = st.sampled_from(["dmz", "dmzz", "hotline", "troops", "exercise", "prior_notice", ""])


@pytest.fixture(scope="module")
def compiled() -> dict[str, Any]:
    """The example pact as the JSON document `verify compile` prints."""
    data: dict[str, Any] = json.loads(load_pack(str(PACK)).model_dump_json())
    return data


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file each example is written to (module-scoped: hypothesis reruns the test body)."""
    return tmp_path_factory.mktemp("fuzz") / "pack.json"


def loads_or_says_why(path: Path) -> None:
    """Load `path`: a pack with no reference problem, or VerifyErrors each sensibly located."""
    try:
        pack = load_pack(str(path))
    except VerifyError as error:
        errors = error.errors if isinstance(error, PackErrors) else [error]
        assert errors and str(error)
        lines = len(re.split(rb"\r\n|\r|\n", path.read_bytes()))  # as Python reads text
        for each in errors:
            assert each.location is not None and each.location.path.endswith("pack.json")
            assert each.location.line is None or 1 <= each.location.line <= lines
        return
    for obligation in pack.obligations:
        assert reference_problems(obligation, pack.meta) == []


def paths_in(node: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path to a value inside a JSON document, the root first."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_in(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths_in(value, (*path, index))
    return found


def mutated(document: Any, path: tuple[str | int, ...], how: str, value: object) -> Any:
    """`document` with the value at `path` replaced, removed, or given an extra member."""
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "drop":
        del parent[last]
    elif how == "extra" and isinstance(parent[last], dict):
        parent[last]["unexpected"] = value
    else:
        parent[last] = value
    return copy


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_is_a_pack_or_a_verify_error(target: Path, text: str) -> None:
    """Arbitrary text in a .json file never escapes as anything but a VerifyError."""
    target.write_text(text, encoding="utf-8")
    loads_or_says_why(target)


@FUZZ
@given(content=st.binary(max_size=200))
def test_any_bytes_are_a_pack_or_a_verify_error(target: Path, content: bytes) -> None:
    """Bytes that are not even UTF-8 are a located error too."""
    target.write_bytes(content)
    loads_or_says_why(target)


@FUZZ
@given(value=JSON_VALUES)
def test_any_json_document_is_a_pack_or_a_verify_error(target: Path, value: object) -> None:
    """A JSON document of any shape is refused with located errors, never a crash."""
    target.write_text(json.dumps(value, indent=2), encoding="utf-8")
    loads_or_says_why(target)


@FUZZ
@given(data=st.data())
def test_a_mutated_compiled_pack_is_a_pack_or_a_verify_error(
    target: Path, compiled: dict[str, Any], data: st.DataObject
) -> None:
    """Up to three values of a real compiled pack changed, dropped or added to: the result
    loads with every name known, or is refused with located errors."""
    document: Any = compiled
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths_in(document)))
        how = data.draw(st.sampled_from(["replace", "drop", "extra"]) if path else st.just("x"))
        value = data.draw(NAMES | JSON_VALUES)
        document = mutated(document, path, how, value)
    indent = data.draw(st.sampled_from([2, None]))
    target.write_text(json.dumps(document, indent=indent), encoding="utf-8")
    loads_or_says_why(target)


@FUZZ
@given(data=st.data())
def test_a_garbled_compiled_pack_is_a_pack_or_a_verify_error(
    target: Path, compiled: dict[str, Any], data: st.DataObject
) -> None:
    """Characters of a real compiled pack cut out or inserted: never a crash of the reader."""
    text = json.dumps(compiled, indent=2)
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 8)))
        text = text[:start] + data.draw(st.text(alphabet='{}[]",:\\ 0a-"', max_size=4)) + text[end:]
    target.write_text(text, encoding="utf-8")
    loads_or_says_why(target)
