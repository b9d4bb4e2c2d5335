"""`only ... flagged "a" or "b"`: any one flag; joined by `and`, every flag."""

from __future__ import annotations

import pytest

from tests.treaty.conftest import PackWriter
from verify.errors import PackErrors
from verify.treaty import compile_pack

RULE = """\
  Rule: tp.banned Certain tests are banned
    Background:
      Given the obligation covers "missile_test" tests of every party
      And only tests flagged {flags} are covered
      Then such a test is prohibited
      And the obligation is set out in "Article 1"
"""


@pytest.mark.parametrize(
    ("flags", "mode"),
    [('"icbm" or "slbm"', "any"), ('"icbm", or "slbm"', "any"), ('"icbm" and "slbm"', "all")],
)
def test_flags_joined_by_or_cover_any_one(write_pack: PackWriter, flags: str, mode: str) -> None:
    """`or` asks for any one of the flags, `and` for every one."""
    obligation = compile_pack(write_pack(RULE.format(flags=flags))).obligations[0]
    assert obligation.scope.flags == ("icbm", "slbm")
    assert obligation.scope.flags_mode == mode


def test_flags_joined_by_both_and_and_or_are_refused(write_pack: PackWriter) -> None:
    """`"a", "b" or "c"` mixes the two readings: an error on its step."""
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(RULE.format(flags='"icbm", "slbm" or "irbm"')))
    assert "rules.feature:6" in str(caught.value)
