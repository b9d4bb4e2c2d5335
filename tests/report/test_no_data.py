"""No data is not compliance: obligations the feed holds no covered record for are named."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from verify import api
from verify.model.run import RunResult
from verify.report import render

ROOT = Path(__file__).resolve().parents[2]
PACT_FEED = ROOT / "observations" / "example-pact.jsonl"


def run(packs: list[str], feed: Path) -> RunResult:
    """`verify check` of a feed through the API."""
    result, _ = api.check(packs, [feed])
    return result


def test_an_obligation_without_a_covered_record_has_no_data() -> None:
    """The pact feed holds no missile test by an INF party: the INF rule has no data."""
    result = run(["example-non-aggression-pact", "inf-treaty"], PACT_FEED)
    assert result.no_data == ("inf.prohibited-missile",)


def test_records_below_a_threshold_are_data(tmp_path: Path) -> None:
    """A small exercise is data for the notification rule: compliance, not silence."""
    feed = tmp_path / "small.jsonl"
    record = {
        "id": "x1",
        "kind": "exercise",
        "party": "ARM",
        "time": "2026-05-01",
        "start": "2026-05-01",
        "activity": "a1",
        "troops": 900,
    }
    feed.write_text(json.dumps(record) + "\n", "utf-8")
    result = run(["vienna-document-2011"], feed)
    assert "vd11.prior-notification" not in result.no_data
    assert "vd11.inspection-reply" in result.no_data


def test_an_obligation_with_findings_is_never_no_data() -> None:
    """Every obligation that produced a finding has data by definition."""
    result = run(["example-non-aggression-pact"], PACT_FEED)
    assert not {f.obligation for f in result.findings} & set(result.no_data)


def test_junit_skips_an_obligation_with_no_data() -> None:
    """The INF testcase is skipped as `no-data`, not passed."""
    xml = render(run(["example-non-aggression-pact", "inf-treaty"], PACT_FEED), "junit")
    case = ET.fromstring(xml).find(".//testcase[@name='inf.prohibited-missile']")
    assert case is not None
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("type") == "no-data"


def test_the_counts_line_names_the_obligations_with_no_data() -> None:
    """The table's last line says which obligations the feed holds nothing for."""
    table = render(run(["example-non-aggression-pact", "inf-treaty"], PACT_FEED), "table")
    assert "No data for 1 obligation: inf.prohibited-missile." in " ".join(table.split())


def test_the_json_document_lists_no_data() -> None:
    """`no_data` in the JSON document lists the same obligations."""
    document = json.loads(
        render(run(["example-non-aggression-pact", "inf-treaty"], PACT_FEED), "json")
    )
    assert document["no_data"] == ["inf.prohibited-missile"]
