"""Groups of parties in treaty.yaml, and quota tables that name them: errors are located."""

from __future__ import annotations

import pytest

from tests.treaty.conftest import TREATY_YAML, PackWriter
from verify.errors import PackErrors
from verify.treaty import compile_pack

GROUPED = TREATY_YAML + "groups:\n  - {code: AB, name: Alpha and Beta, members: [AAA, BBB]}\n"

QUOTA_RULE = """\
  Rule: tp.quota Requests within quota are not refused

    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept these requests per treaty year beginning 5 February:
        | party | requests |
        | {row} | 2        |
      And of these, at most 1 request flagged "type-one"
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And the obligation is set out in "Article 1"
"""


def test_a_quota_table_may_name_a_group(write_pack: PackWriter) -> None:
    """A group declared in treaty.yaml is a name a quota table may use."""
    pack = compile_pack(write_pack(QUOTA_RULE.replace("{row}", "AB"), yaml_text=GROUPED))
    assert pack.meta.group_of == {"AAA": "AB", "BBB": "AB"}


def test_an_unknown_party_in_a_quota_table_is_located(write_pack: PackWriter) -> None:
    """A table row naming no party or group is an error at the rule's file and step."""
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(QUOTA_RULE.replace("{row}", "ABX"), yaml_text=GROUPED))
    text = str(caught.value)
    assert "rules.feature:7" in text and "unknown party 'ABX'" in text


def test_a_group_member_must_be_a_declared_party(write_pack: PackWriter) -> None:
    """A group of an undeclared party is an error naming treaty.yaml, its line and the member."""
    bad = TREATY_YAML + "groups:\n  - {code: AC, members: [AAA, CCC]}\n"
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(QUOTA_RULE.replace("{row}", "AAA"), yaml_text=bad))
    text = str(caught.value)
    assert "treaty.yaml:19" in text and "member 'CCC' is not a declared party" in text


def test_a_party_is_in_one_group_at_most(write_pack: PackWriter) -> None:
    """Two groups sharing a member are refused."""
    bad = GROUPED + "  - {code: AX, members: [AAA, BBB]}\n"
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(QUOTA_RULE.replace("{row}", "AAA"), yaml_text=bad))
    assert "already in group 'AB'" in str(caught.value)


def test_a_flag_quota_needs_the_quota_it_narrows(write_pack: PackWriter) -> None:
    """`of these, ...` without a quota step is an error of the rule, at its file."""
    rule = """\
  Rule: tp.quota Requests within quota are not refused

    Background:
      Given the obligation covers "inspection_request" requests of every party
      And of these, at most 1 request flagged "type-one"
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And the obligation is set out in "Article 1"
"""
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(rule, yaml_text=GROUPED))
    assert "rules.feature:3" in str(caught.value) and "needs the quota" in str(caught.value)
