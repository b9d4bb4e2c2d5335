"""Required contents of a notice: the fields it must give, declared by the pack, judged alike
in check and watch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.kinds.notice_runs import run_both
from tests.treaty.conftest import TREATY_YAML, PackWriter
from verify.errors import PackErrors
from verify.model.obligation import PriorNotice
from verify.treaty import compile_pack, load_pack

WITH_FIELDS = (
    TREATY_YAML
    + """\
fields:
  - {name: launch_area, description: where the missile is launched from}
"""
)

RULE = """\
  Rule: tp.notice Launches are notified with their launch area
    Background:
      Given the obligation covers "missile_test" tests of every party
      Then a "notification" for the same activity is due 24 hours before it starts
      And the "{kind}" must give {fields}
      And the obligation is set out in "Article 1"
"""


def launch(**extra: Any) -> dict[str, Any]:
    """An ICBM launch of RUS, activity ys-3, at 09:00Z on 18 October 2024."""
    return {
        "id": "l1",
        "kind": "missile_test",
        "party": "RUS",
        "activity": "ys-3",
        "time": "2024-10-18T09:00:00Z",
        "start": "2024-10-18T09:00:00Z",
        "flags": ["icbm"],
        **extra,
    }


def notice(time: str = "2024-10-16T09:00:00Z", **fields: Any) -> dict[str, Any]:
    """RUS's notification for activity ys-3, sent at `time`, giving `fields`."""
    return {
        "id": "n1",
        "kind": "notification",
        "party": "RUS",
        "activity": "ys-3",
        "time": time,
        **fields,
    }


COMPLETE = {"start": "2024-10-18T09:00:00Z", "launch_area": "Plesetsk", "impact_area": "Kura"}


def test_a_declared_field_may_be_required(write_pack: PackWriter) -> None:
    """A field `treaty.yaml` declares is known to the rules that require it."""
    rules = RULE.format(kind="notification", fields='"start" and "launch_area"')
    obligation = compile_pack(write_pack(rules, WITH_FIELDS)).obligations[0]
    assert isinstance(obligation, PriorNotice)
    assert obligation.requirements[0].required_fields == ("start", "launch_area")


def test_an_undeclared_field_is_refused_at_its_step(write_pack: PackWriter) -> None:
    """A field neither the contract nor the pack knows is an error on the step, with a hint."""
    rules = RULE.format(kind="notification", fields='"launch_aera"')
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(rules, WITH_FIELDS))
    message = str(caught.value)
    assert "rules.feature:7" in message
    assert "unknown field 'launch_aera'; did you mean 'launch_area'?" in message


def test_contents_of_a_notice_the_rule_never_asks_for_are_refused(
    write_pack: PackWriter,
) -> None:
    """Requiring fields of a kind of notice the rule does not ask for is an error."""
    rules = RULE.format(kind="invitation", fields='"start"')
    with pytest.raises(PackErrors) as caught:
        compile_pack(write_pack(rules, WITH_FIELDS))
    assert 'line 7: the rule asks for no "invitation"' in str(caught.value)


def test_a_complete_notice_gives_no_finding(tmp_path: Path) -> None:
    """Planned date, launch area and impact area all given, on time: nothing to report."""
    batch, _ = run_both(tmp_path, [notice(**COMPLETE), launch()])
    assert batch == []


def test_an_incomplete_notice_names_the_missing_fields(tmp_path: Path) -> None:
    """The trail's contents step lists exactly the fields the notice lacks."""
    batch, _ = run_both(tmp_path, [notice(launch_area="Plesetsk"), launch()])
    (finding,) = batch
    step = finding.trail[-1]
    assert step.step == "notification contents"
    assert step.measured == "notification n1 gives launch_area; missing: start and impact_area"
    assert not step.holds


def test_blank_text_does_not_give_a_field(tmp_path: Path) -> None:
    """A field present but blank counts as missing, in both engines."""
    fields = {**COMPLETE, "impact_area": "  "}
    batch, _ = run_both(tmp_path, [notice(**fields), launch()])
    (finding,) = batch
    assert finding.trail[-1].measured.endswith("missing: impact_area")


def test_a_late_incomplete_notice_is_two_findings(tmp_path: Path) -> None:
    """Late and incomplete are two breaches of the rule, each with its own finding."""
    fields = {"launch_area": "Plesetsk", "impact_area": "Kura"}
    batch, _ = run_both(tmp_path, [notice("2024-10-17T10:00:00Z", **fields), launch()])
    steps = sorted(f.trail[-1].step for f in batch)
    assert steps == ["notification contents", "notification lead time"]


def test_the_earliest_notice_is_the_one_judged(tmp_path: Path) -> None:
    """A complete second notice does not mend an incomplete first one."""
    second = {**notice("2024-10-16T10:00:00Z", **COMPLETE), "id": "n2"}
    batch, _ = run_both(tmp_path, [notice(launch_area="Plesetsk"), second, launch()])
    (finding,) = batch
    assert [e.id for e in finding.evidence] == ["l1", "n1"]


def test_a_launch_flagged_slbm_is_covered_like_an_icbm(tmp_path: Path) -> None:
    """`flagged "icbm" or "slbm"` covers a record carrying either flag."""
    batch, _ = run_both(tmp_path, [launch(flags=["slbm"])])
    assert [f.trail[-1].step for f in batch] == ["notification searched"]


def test_a_launch_with_neither_flag_is_not_covered(tmp_path: Path) -> None:
    """A missile test flagged neither "icbm" nor "slbm" owes no launch notice."""
    batch, _ = run_both(tmp_path, [launch(flags=["cruise"])])
    assert batch == []


def test_a_compiled_pack_with_an_unknown_required_field_is_refused(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    """Compiled JSON is checked as the feature file is: the field's JSON path is named."""
    rules = RULE.format(kind="notification", fields='"launch_area"')
    data = json.loads(compile_pack(write_pack(rules, WITH_FIELDS)).model_dump_json())
    data["obligations"][0]["requirements"][0]["required_fields"] = ["launch_aera"]
    path = tmp_path / "compiled.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(PackErrors) as caught:
        load_pack(str(path))
    assert "obligations[0].requirements[0].required_fields[0]" in str(caught.value)
