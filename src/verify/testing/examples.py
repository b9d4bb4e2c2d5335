"""Running a pack's `Example:`s through pytest-bdd: the step definitions, as a pytest plugin.

Background steps state the obligation; they were compiled (and linted) before any example runs,
so here each vocabulary phrase is a step that does nothing. The example steps load a table of
observations through the real feed reader and check the Rule's obligation alone, as of the
example's moment, through both engines (`parity.py`): the batch engine (pending findings
included) and the stream engine fed the same records in the table's order. An example whose
engines disagree fails, naming each finding they disagree on; the `Then` steps compare the batch
engine's findings with what the example expects.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, step, then, when

from verify import api
from verify.feeds.values import time_of
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.testing.parity import disagreement_message, disagreements, records_until, run_stream
from verify.treaty import load_pack
from verify.treaty.compile import RULE_TAGS
from verify.treaty.example_steps import (
    CHECKED,
    COUNT,
    COVERS,
    FINDING,
    NO_FINDING,
    OBSERVATIONS,
)
from verify.treaty.gherkin import split_rule_name
from verify.treaty.vocabulary import PHRASES

STATUS_WORDS = {
    "violation": "violation",
    "potential violation": "potential_violation",
    "pending finding": "pending",
}


@dataclass
class ExampleRun:
    """The state one example builds up: its pack, obligation, observations and findings."""

    pack: Pack
    obligation: str
    where: str
    observations: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    checked: bool = False


SCENARIO = pytest.StashKey[Any]()


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Remember which scenario an item runs, for the `example_run` fixture."""
    request.node.stash[SCENARIO] = scenario


@pytest.fixture
def example_run(request: pytest.FixtureRequest) -> ExampleRun:
    """The pack and obligation of the example being run, found from its feature file and Rule."""
    scenario = request.node.stash[SCENARIO]
    feature_path = Path(scenario.feature.filename)
    if scenario.rule is None:
        pytest.fail(f"{feature_path}:{scenario.line_number}: an Example must stand inside a Rule")
    obligation_id, _ = split_rule_name(scenario.rule.name)
    return ExampleRun(
        pack=load_pack(str(feature_path.parent)),
        obligation=obligation_id,
        where=f"{feature_path}:{scenario.line_number}",
    )


def _states_the_obligation() -> None:
    """A Background step: the obligation it states was compiled before the example ran."""


# Registered at module level: pytest-bdd injects each step fixture into its caller's namespace.
for _phrase in PHRASES:
    step(parsers.re(_phrase.pattern.pattern))(_states_the_obligation)


@given(OBSERVATIONS)
def these_observations(example_run: ExampleRun, datatable: list[list[str]], tmp_path: Path) -> None:
    """Write the example's table as a CSV feed, so it goes through the real reader."""
    path = tmp_path / "observations.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in datatable:
            writer.writerow([cell.strip() for cell in row])
    example_run.observations = path


@when(parsers.re(CHECKED))
def compliance_is_checked(example_run: ExampleRun, moment: str) -> None:
    """Check the Rule's obligation over the example's observations through both engines."""
    assert example_run.observations is not None, "no `Given these observations:` step"
    as_of = time_of(moment)
    if as_of is None:
        pytest.fail(
            f"{example_run.where}: as of {moment!r}: give an ISO 8601 time with an offset"
            " (2026-09-30T12:00:00Z) or a date",
            pytrace=False,
        )
    result, feed = api.check(
        [example_run.pack],
        [example_run.observations],
        as_of=as_of,
        include_pending=True,
        obligations=[example_run.obligation],
    )
    if feed.rejects:
        reasons = "; ".join(f"line {r.line}: {r.reason}" for r in feed.rejects)
        pytest.fail(f"{example_run.where}: the example's observations were rejected: {reasons}")
    example_run.findings = list(result.findings)
    example_run.checked = True
    records = records_until(feed.frame, as_of)
    stream = run_stream(example_run.pack, records, as_of, example_run.obligation)
    differing = disagreements(example_run.findings, stream)
    if differing:
        message = disagreement_message(example_run.where, example_run.obligation, as_of, differing)
        pytest.fail(message, pytrace=False)


def _describe(findings: list[Finding]) -> str:
    if not findings:
        return "no finding"
    return "; ".join(
        f"{f.severity} {f.status} of {f.obligation} by {f.party} citing "
        + ", ".join(e.id for e in f.evidence)
        for f in findings
    )


@then(parsers.re(FINDING))
def there_is_a_finding(
    example_run: ExampleRun,
    severity: str,
    status: str,
    obligation: str,
    party: str,
    counterparty: str | None,
    cited: str | None,
) -> None:
    """Exactly one finding matches the expectation (towards the counterparty, where one is
    named), citing at least the records named."""
    assert example_run.checked, "no `When compliance is checked as of ...` step"
    wanted = set(re.findall(r'"([^"]+)"', cited or ""))
    matching = [
        f
        for f in example_run.findings
        if f.severity == severity
        and f.status == STATUS_WORDS[status]
        and f.obligation == obligation
        and f.party == party
        and (counterparty is None or f.counterparty == counterparty)
        and wanted <= {e.id for e in f.evidence}
    ]
    assert len(matching) == 1, (
        f"{example_run.where}: expected a {severity} {status} of {obligation} by {party}"
        + (f" towards {counterparty}" if counterparty else "")
        + (f" citing {', '.join(sorted(wanted))}" if wanted else "")
        + f"; found {_describe(example_run.findings)}"
    )


@then(NO_FINDING)
def there_is_no_finding(example_run: ExampleRun) -> None:
    """The obligation gives no finding at all, pending ones included."""
    assert example_run.checked, "no `When compliance is checked as of ...` step"
    assert not example_run.findings, (
        f"{example_run.where}: expected no finding; found {_describe(example_run.findings)}"
    )


@then(parsers.re(COUNT))
def there_are_findings(example_run: ExampleRun, count: str) -> None:
    """The obligation gives exactly this many findings."""
    assert example_run.checked, "no `When compliance is checked as of ...` step"
    assert len(example_run.findings) == int(count), (
        f"{example_run.where}: expected {count} finding(s); found {_describe(example_run.findings)}"
    )


@then(parsers.re(COVERS))
def the_finding_covers(example_run: ExampleRun, record: str, start: str, end: str) -> None:
    """The one finding citing `record` has this window: from `start` to `end`, each a day
    (`2025-07-01`) or a time (`2025-07-01T06:00:00+00:00`)."""
    assert example_run.checked, "no `When compliance is checked as of ...` step"
    citing = [f for f in example_run.findings if record in {e.id for e in f.evidence}]
    assert len(citing) == 1, (
        f"{example_run.where}: expected one finding citing {record};"
        f" found {_describe(example_run.findings)}"
    )
    window = citing[0].window
    assert window is not None, f"{example_run.where}: the finding citing {record} has no window"
    covered = (_moment(window.start, start), _moment(window.end, end))
    assert covered == (start, end), (
        f"{example_run.where}: the finding citing {record} covers {covered[0]} to"
        f" {covered[1]}, not {start} to {end}"
    )


def _moment(moment: Any, like: str) -> str:
    """A window's moment written as `like` is: its UTC day, or its full time."""
    text: str = moment.astimezone(UTC).isoformat()
    return text[:10] if len(like) == 10 else text


#: Rule tags that say something of the obligation (`verify.treaty.compile.RULE_TAGS`), not
#: of how its examples run: no pytest marker.
OBLIGATION_TAGS = frozenset(tag.removeprefix("@") for tag in RULE_TAGS)


def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """Pack tags (`@treaty:<id>`) name the pack a feature belongs to, and `@not-waivable` says
    a Rule's findings may not be waived; neither is a marker."""
    if tag.startswith("treaty:") or tag in OBLIGATION_TAGS:
        return True
    return None
