"""Applying waivers to findings: which finding a waiver covers, and when it no longer does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from verify import api
from verify.errors import WaiverErrors
from verify.feeds import read_feeds
from verify.model.finding import Finding
from verify.model.waiver import Waiver
from verify.treaty import load_pack
from verify.waivers import apply_waivers, refuse_not_waivable

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "example-pact.jsonl"
AS_OF = datetime(2027, 12, 31, tzinfo=UTC)
GOVERNANCE = {"reason": "explained", "author": "Ann Lee", "approved_by": "Bo Chan"}


@pytest.fixture(scope="module")
def findings() -> tuple[Finding, ...]:
    """The demo run's nine findings, unwaived."""
    result, _ = api.check(["example-non-aggression-pact"], [FEED], as_of=AS_OF)
    return result.findings


def waiver(expires: str = "2028-06-30", **names: str) -> Waiver:
    """A waiver naming what `names` says, expiring at `expires`."""
    return Waiver(**names, **GOVERNANCE, expires=expires)


def by_obligation(findings: tuple[Finding, ...], obligation: str, party: str) -> Finding:
    """The one finding of an obligation and party."""
    (found,) = [f for f in findings if (f.obligation, f.party) == (obligation, party)]
    return found


def test_a_waiver_by_id_covers_that_finding_alone(findings: tuple[Finding, ...]) -> None:
    """A waiver naming a finding id sets that finding's waiver and no other's."""
    target = findings[0]
    waived = apply_waivers(findings, [waiver(finding=target.id)], AS_OF)
    assert [f.id for f in waived if f.waiver] == [target.id]
    assert waived[0].waiver == {**GOVERNANCE, "expires": "2028-06-30"}


def test_a_waived_finding_keeps_its_id_and_everything_else(findings: tuple[Finding, ...]) -> None:
    """Only `waiver` changes: id, evidence, summary and order are those of the run without it."""
    waived = apply_waivers(findings, [waiver(finding=f.id) for f in findings], AS_OF)
    assert [f.model_copy(update={"waiver": None}) for f in waived] == list(findings)


def test_a_waiver_by_obligation_covers_that_partys_findings(findings: tuple[Finding, ...]) -> None:
    """Obligation and party cover every finding of that obligation by that party, only those."""
    waived = apply_waivers(
        findings, [waiver(obligation="pact.exercise-notice", party="BOS")], AS_OF
    )
    assert [(f.obligation, f.party) for f in waived if f.waiver] == [
        ("pact.exercise-notice", "BOS")
    ]


def test_a_waiver_by_activity_needs_evidence_of_that_activity(
    findings: tuple[Finding, ...],
) -> None:
    """With `activity`, a waiver covers a finding only if one of its records is of it."""
    target = by_obligation(findings, "pact.exercise-notice", "BOS")
    activities = {record.id: "autumn-shield" for record in target.evidence}
    other = waiver(obligation="pact.exercise-notice", party="BOS", activity="winter-shield")
    right = waiver(obligation="pact.exercise-notice", party="BOS", activity="autumn-shield")
    assert not any(f.waiver for f in apply_waivers(findings, [other], AS_OF, activities))
    assert sum(1 for f in apply_waivers(findings, [right], AS_OF, activities) if f.waiver) == 1


def test_an_expired_waiver_covers_nothing(findings: tuple[Finding, ...]) -> None:
    """A waiver that lapsed before `as_of` leaves its finding counted."""
    waived = apply_waivers(findings, [waiver("2027-12-30", finding=findings[0].id)], AS_OF)
    assert waived[0].waiver is None


def test_the_most_specific_holding_waiver_is_shown(findings: tuple[Finding, ...]) -> None:
    """Of a waiver by id and one by obligation and party, the finding shows the one by id."""
    target = findings[0]
    broad = waiver("2029-01-01", obligation=target.obligation, party=target.party)
    named = Waiver(
        finding=target.id, reason="by id", author="a", approved_by="b", expires="2028-01-01"
    )
    waived = apply_waivers(findings, [broad, named], AS_OF)
    assert waived[0].waiver is not None and waived[0].waiver["reason"] == "by id"


def test_a_lapsed_specific_waiver_gives_way_to_a_broad_one(findings: tuple[Finding, ...]) -> None:
    """Where the waiver by id has lapsed, one by obligation and party that holds still covers."""
    target = findings[0]
    broad = waiver("2029-01-01", obligation=target.obligation, party=target.party)
    named = waiver("2027-01-01", finding=target.id)
    waived = apply_waivers(findings, [named, broad], AS_OF)
    assert waived[0].waiver is not None and waived[0].waiver["expires"] == "2029-01-01"


def test_a_not_waivable_obligation_refuses_a_waiver_naming_it() -> None:
    """A waiver for an obligation tagged `@not-waivable` is refused, at the waiver's place."""
    pack = load_pack("inf-treaty")
    named = Waiver(
        obligation="inf.prohibited-missile",
        party="RUS",
        **GOVERNANCE,
        expires="2030-01-01",
        file="w.yaml",
        line=3,
    )
    with pytest.raises(WaiverErrors) as raised:
        refuse_not_waivable([named], [pack])
    assert str(raised.value).startswith("w.yaml:3: obligation: this waiver names inf.prohibited")


def test_a_not_waivable_obligation_refuses_a_waiver_of_its_finding_id(tmp_path: Path) -> None:
    """A waiver by id is refused too when the finding it names is of a not-waivable obligation."""
    pack = load_pack("inf-treaty")
    feed = tmp_path / "test.jsonl"
    feed.write_text(
        '{"id": "t1", "kind": "missile_test", "party": "RUS", "time": "2015-06-01T00:00:00Z",'
        ' "range_km": 2000, "flags": ["ground-launched"]}\n',
        encoding="utf-8",
    )
    frame = read_feeds([feed], api.feed_schema([pack])).frame
    (finding,) = api.check_frame([pack], frame, AS_OF)
    with pytest.raises(WaiverErrors, match="not waivable"):
        refuse_not_waivable([waiver(finding=finding.id)], [pack], [finding])


def test_the_shipped_inf_ban_is_not_waivable() -> None:
    """The INF Treaty's ban is absolute: its pack marks the obligation not waivable."""
    obligation = load_pack("inf-treaty").obligation("inf.prohibited-missile")
    assert obligation is not None and not obligation.waivable


def test_the_api_takes_a_waivers_file() -> None:
    """`api.check(..., waivers=PATH)` applies the file's waivers at `as_of`."""
    sample = ROOT / "examples" / "example-pact-waivers.yaml"
    result, _ = api.check(["example-non-aggression-pact"], [FEED], as_of=AS_OF, waivers=sample)
    assert len(result.findings) == 9 and all(f.waiver for f in result.findings)


def test_a_compiled_pack_keeps_an_obligation_not_waivable(tmp_path: Path) -> None:
    """`verify compile` output carries `waivable: false`, and loads back with it."""
    compiled = tmp_path / "inf.json"
    compiled.write_text(load_pack("inf-treaty").model_dump_json(), encoding="utf-8")
    obligation = load_pack(str(compiled)).obligation("inf.prohibited-missile")
    assert obligation is not None and not obligation.waivable
