"""Compiling packs: one obligation of every kind, and every error located."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.treaty.conftest import TREATY_YAML, PackWriter
from verify.errors import PackErrors
from verify.model.obligation import (
    AnnualDate,
    Ceiling,
    DeclaredObserved,
    Frequency,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    ZoneProhibition,
)
from verify.treaty import compile_pack, load_pack, shipped_packs

EVERY_KIND = """\
  Rule: tp.notice Exercises are notified 42 days ahead
    Background:
      Given the obligation covers "exercise" and "movement" activities of every party
      And an activity is notifiable when any of these is reached:
        | quantity | at least |
        | troops   | 9,000    |
      And an activity flagged "alert" is exempt
      Then a "notification" for the same activity is due 42 days before it starts
      And a "calendar" for the same activity is due by 15 November of the year before it starts
      And a late notice is a "major" violation
      And escalation starts at "commission"
      And the obligation is set out in "Article 1"

  Rule: tp.reply Requests are answered within two days
    Background:
      Given the obligation covers "clarification_request" requests of every party
      Then a "clarification_reply" from the addressed party is due within 2 days of the request
      And the obligation is set out in "Article 2"

  Rule: tp.ceiling At most 1,550 warheads
    Background:
      Given the obligation covers "holding" records of "AAA" and "BBB"
      Then the latest "deployed_warheads" of each party is at most 1,550
      And the obligation is set out in "Article 3"

  Rule: tp.frequency One big exercise in three years
    Background:
      Given the obligation covers "exercise" activities of every party
      And an activity counts as large when any of these is reached:
        | quantity | more than |
        | troops   | 40000     |
      Then at most 1 such activity per party within 3 calendar years
      And the obligation is set out in "Article 4"

  Rule: tp.quota Three inspections a year
    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept 3 requests per calendar year
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And the obligation is set out in "Article 5"

  Rule: tp.zone Nothing in the strip or near the line
    Background:
      Given the obligation covers "exercise" activities of every party
      Then such an activity inside the zone "strip" is prohibited
      And the obligation is set out in "Article 6"

  Rule: tp.declared Declarations hold
    Background:
      Given the obligation covers "exercise" activities of every party
      Then the observed "troops" is compared with the declared "notification" for the same activity
      And an observed figure of 9,000 or more is a breach where the declared one stayed below it
      And the obligation is set out in "Article 7"

  Rule: tp.banned No long-range tests
    Background:
      Given the obligation covers "missile_test" records of every party
      And a test is prohibited when all of these are reached:
        | quantity | at least | at most |
        | range_km | 500      | 5,500   |
      Then such a test is prohibited
      And a test is a "critical" violation
      And the obligation is set out in "Article 8"
"""


def test_a_pack_with_every_obligation_kind_compiles(write_pack: PackWriter) -> None:
    """One Rule of each obligation kind compiles to the matching model, in order."""
    pack = compile_pack(write_pack(EVERY_KIND))
    kinds = [type(o) for o in pack.obligations]
    assert kinds == [
        PriorNotice,
        Response,
        Ceiling,
        Frequency,
        Quota,
        ZoneProhibition,
        DeclaredObserved,
        Prohibition,
    ]


def test_thresholds_and_deadlines_are_parsed_as_numbers(write_pack: PackWriter) -> None:
    """`9,000` is 9000, `2 days` is 48 hours, and an annual date keeps its day and month."""
    pack = compile_pack(write_pack(EVERY_KIND))
    notice = pack.obligation("tp.notice")
    reply = pack.obligation("tp.reply")
    assert isinstance(notice, PriorNotice) and isinstance(reply, Response)
    assert notice.scope.condition.comparisons[0].value == 9000
    assert notice.requirements[1].due == AnnualDate(month=11, day=15)
    assert reply.requirements[0].hours == 48


def test_three_errors_are_reported_from_one_lint(write_pack: PackWriter) -> None:
    """A misspelt step, an unknown quantity and a duplicate id are all reported, each located."""
    rules = """\
  Rule: tp.notice Notice
    Background:
      Given the obligation covers "exercise" activities of every party
      And an activity is notifiable when any of these is reached:
        | quantity | at least |
        | trooops  | 9000     |
      Then a "notification" for the same activity is due 42 day before it start
      And the obligation is set out in "Article 1"

  Rule: tp.notice Notice again
    Background:
      Given the obligation covers "exercise" activities of every party
      Then a "notification" for the same activity is due 42 days before it starts
      And the obligation is set out in "Article 1"
"""
    folder = write_pack(rules)
    with pytest.raises(PackErrors) as caught:
        compile_pack(folder)
    messages = [str(error) for error in caught.value.errors]
    assert len(messages) == 3, messages
    quantity, step, duplicate = sorted(messages, key=lambda m: int(m.split(":")[1]))
    assert "rules.feature:8:" in quantity and "unknown quantity 'trooops'" in quantity
    assert "did you mean 'troops'" in quantity
    assert "rules.feature:9:" in step and "unknown step; did you mean" in step
    assert "is due <N> days before it starts" in step
    assert "rules.feature:12:" in duplicate and "duplicate obligation id 'tp.notice'" in duplicate


def test_contradictory_thresholds_are_a_compile_error(write_pack: PackWriter) -> None:
    """An all-of range that no value can satisfy is rejected before any record is read."""
    rules = """\
  Rule: tp.banned Banned
    Background:
      Given the obligation covers "missile_test" records of every party
      And a test is prohibited when all of these are reached:
        | quantity | at least | at most |
        | range_km | 5500     | 500     |
      Then such a test is prohibited
      And the obligation is set out in "Article 8"
"""
    with pytest.raises(PackErrors, match="contradictory thresholds: range_km at least 5500"):
        compile_pack(write_pack(rules))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            'escalation starts at "comision"',
            "unknown channel 'comision'; did you mean 'commission'",
        ),
        ('such an activity inside the zone "stirp" is prohibited', "unknown zone 'stirp'"),
        ('a missing notice is a "grave" violation', "unknown severity 'grave'"),
    ],
)
def test_unknown_names_are_compile_errors(write_pack: PackWriter, step: str, message: str) -> None:
    """Channels, zones and severities a step names must exist."""
    rules = f"""\
  Rule: tp.zone Zone
    Background:
      Given the obligation covers "exercise" activities of every party
      Then such an activity inside the zone "strip" is prohibited
      And the obligation is set out in "Article 6"
      And {step}
"""
    if "inside the zone" in step:
        rules = rules.replace(
            '      Then such an activity inside the zone "strip" is prohibited\n', ""
        )
    with pytest.raises(PackErrors, match=message):
        compile_pack(write_pack(rules))


def test_treaty_yaml_errors_name_their_line(write_pack: PackWriter) -> None:
    """A bad field in treaty.yaml is reported with its line and field path."""
    bad = TREATY_YAML.replace('track: "1.5"', 'track: "3"')
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(EVERY_KIND, yaml_text=bad))
    text = str(caught.value)
    assert "treaty.yaml:17" in text and "channels.0.track" in text


def test_a_rule_without_a_kind_of_obligation_is_an_error(write_pack: PackWriter) -> None:
    """A Rule that only says what it covers states no obligation."""
    rules = """\
  Rule: tp.empty Nothing
    Background:
      Given the obligation covers "exercise" activities of every party
      And the obligation is set out in "Article 9"
"""
    with pytest.raises(PackErrors, match="states exactly one kind of obligation"):
        compile_pack(write_pack(rules))


def test_every_shipped_pack_compiles() -> None:
    """The packs shipped with verify compile without error."""
    assert shipped_packs()
    for pack_id in shipped_packs():
        assert load_pack(pack_id).obligations


def test_compiled_json_round_trips(write_pack: PackWriter, tmp_path: Path) -> None:
    """The JSON of `verify compile` loads back into the same pack."""
    pack = compile_pack(write_pack(EVERY_KIND))
    path = tmp_path / "compiled.json"
    path.write_text(pack.model_dump_json(), encoding="utf-8")
    assert load_pack(str(path)) == pack


def test_a_step_that_does_not_fit_the_obligation_is_an_error(write_pack: PackWriter) -> None:
    """A tolerance stated for a ceiling would be silently ignored, so it is refused."""
    rules = """\
  Rule: tp.ceiling At most 1,550 warheads
    Background:
      Given the obligation covers "holding" records of every party
      Then the latest "deployed_warheads" of each party is at most 1,550
      And the observed figure may exceed the declared one by at most 10 percent
      And the obligation is set out in "Article 3"
"""
    expected = r"rules\.feature:7: this step says nothing about a ceiling"
    with pytest.raises(PackErrors, match=expected):
        compile_pack(write_pack(rules))


@pytest.mark.parametrize(
    "step",
    [
        'a "notificaton" for the same activity is due 42 days before it starts',
        'a "clarification_replie" from the addressed party is due within 48 hours of the request',
    ],
)
def test_an_unknown_kind_in_a_notice_or_response_step_points_at_that_step(
    write_pack: PackWriter, step: str
) -> None:
    """The error names the line of the step that wrote the kind, not the `covers` step."""
    rules = f"""\
  Rule: tp.notice Notice
    Background:
      Given the obligation covers "exercise" activities of every party
      Then {step}
      And the obligation is set out in "Article 6"
"""
    with pytest.raises(PackErrors) as raised:
        compile_pack(write_pack(rules))
    (error,) = raised.value.errors
    assert error.location is not None and error.location.line == 6
    assert "unknown kind" in error.message
