"""Fuzzing pack files: whatever treaty.yaml or a feature file holds, only a VerifyError escapes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.errors import PackErrors, VerifyError
from verify.treaty.compile import compile_pack
from verify.treaty.gherkin import parse_feature
from verify.treaty.metadata import load_metadata

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"
TREATY_YAML = (PACK / "treaty.yaml").read_text(encoding="utf-8")
FEATURE = (PACK / "notification.feature").read_text(encoding="utf-8")

FUZZ = settings(max_examples=budget(40), deadline=None)

YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
#: Characters that YAML and Gherkin give meaning to, so that edits often change the structure.
SYNTAX = st.text(alphabet="{}[]:,-&*!|>'\"#@\n \t|<>\\%\x00\x85\u2028", max_size=4)


def lines_of(path: Path) -> int:
    """How many lines the file has, counting every break YAML or Python text mode counts."""
    text = path.read_bytes().decode("utf-8", "replace")
    return len(re.split("\r\n|[\r\n\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e]", text))


def only_verify_errors(path: Path, load: Callable[[Path], object]) -> None:
    """`load(path)` returns, or raises VerifyErrors each naming the file (or a file in the
    folder) and a line within it."""
    try:
        load(path)
    except VerifyError as error:
        errors = error.errors if isinstance(error, PackErrors) else [error]
        assert errors and str(error)
        for each in errors:
            assert each.location is not None
            where = Path(each.location.path).resolve()
            assert where == path.resolve() or path.resolve() in where.parents
            if each.location.line is not None:
                assert 1 <= each.location.line <= lines_of(where)


def garbled(text: str, data: st.DataObject) -> str:
    """Up to three spans of `text` cut out or replaced with syntax characters."""
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + data.draw(SYNTAX) + text[end:]
    return text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example pact whose files each example overwrites (module-scoped, as
    hypothesis reruns the test body)."""
    return Path(shutil.copytree(PACK, tmp_path_factory.mktemp("fuzz") / "pact"))


@pytest.fixture(scope="module")
def meta(folder: Path) -> Path:
    """The pack's treaty.yaml."""
    return folder / "treaty.yaml"


@pytest.fixture(scope="module")
def feature(folder: Path) -> Path:
    """The pack's notification.feature."""
    return folder / "notification.feature"


@FUZZ
@given(content=st.binary(max_size=300))
@example(content=b"\xff\xfei\x00d\x00:\x00")
@example(content=b"a: &x [*x]")
@example(content=b"k: " + b"[" * 5000)
def test_any_bytes_in_treaty_yaml_are_metadata_or_a_verify_error(
    meta: Path, content: bytes
) -> None:
    """Bytes of any kind: UTF-16, NUL, broken UTF-8, unclosed nesting."""
    meta.write_bytes(content)
    only_verify_errors(meta, load_metadata)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="? [a, b]\n: c\n")
@example(text="id: !!python/object/apply:os.system [echo]\n")
@example(text="id: x\n---\nid: y\n")
def test_any_text_in_treaty_yaml_is_metadata_or_a_verify_error(meta: Path, text: str) -> None:
    """Arbitrary text, complex keys, tags and several documents included."""
    meta.write_text(text, encoding="utf-8")
    only_verify_errors(meta, load_metadata)


@FUZZ
@given(value=YAML_VALUES)
def test_any_yaml_document_is_metadata_or_a_verify_error(meta: Path, value: object) -> None:
    """A well-formed YAML document of any shape is refused with located errors, never a crash."""
    meta.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    only_verify_errors(meta, load_metadata)


@FUZZ
@given(data=st.data())
def test_a_garbled_treaty_yaml_is_metadata_or_a_verify_error(
    meta: Path, data: st.DataObject
) -> None:
    """The example pact's treaty.yaml with a few spans cut or replaced by YAML syntax."""
    meta.write_text(garbled(TREATY_YAML, data), encoding="utf-8")
    only_verify_errors(meta, load_metadata)


@FUZZ
@given(content=st.binary(max_size=300))
@example(content=b"\xfe\xff\x00F")
@example(content=b"Feature: x\n  Rule: a\xe9\n")
def test_any_bytes_in_a_feature_file_are_a_tree_or_a_verify_error(
    feature: Path, content: bytes
) -> None:
    """Bytes of any kind in a feature file parse, or are a located VerifyError."""
    feature.write_bytes(content)
    only_verify_errors(feature, parse_feature)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="@")  # the end of the file, which gherkin reports on the line after the last
def test_any_text_in_a_feature_file_is_a_tree_or_a_verify_error(feature: Path, text: str) -> None:
    """Arbitrary text in a feature file parses, or is a located VerifyError."""
    feature.write_text(text, encoding="utf-8")
    only_verify_errors(feature, parse_feature)


@FUZZ
@given(data=st.data())
def test_a_garbled_feature_file_compiles_or_is_a_verify_error(
    folder: Path, feature: Path, data: st.DataObject
) -> None:
    """A real feature file with spans cut or replaced: the whole pack compiles or is refused
    with located errors (parsing, steps, tables and references all see the damage)."""
    (folder / "treaty.yaml").write_text(TREATY_YAML, encoding="utf-8")
    feature.write_text(garbled(FEATURE, data), encoding="utf-8")
    only_verify_errors(folder, compile_pack)
