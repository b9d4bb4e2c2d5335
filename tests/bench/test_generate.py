"""The feed generator's guarantee: `verify check` finds exactly the counts it expects.

`bench/generate.py` counts the findings of every obligation by construction while it draws
the records; here small feeds in each format are checked with `verify.api.check` against all
the packs the generator covers, and the counts must agree obligation by obligation. Two of
the feeds are chosen (by seed) so that between them every obligation has findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.bench_scripts import generator
from verify.api import check

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
#: (records, format, seed): the first two feeds together give findings of every obligation.
FEEDS = [(3_000, "jsonl", 2), (3_000, "parquet", 14), (1_500, "csv", 5)]
#: Feeds with six times the breaching outcomes (`--violations 6`, issue 17's per-finding cost).
BREACHING = [(2_000, "parquet", 3)]


generate = generator()


@pytest.mark.parametrize(("records", "fmt", "seed"), FEEDS)
def test_verify_finds_exactly_the_expected_counts(
    tmp_path: Path, records: int, fmt: str, seed: int
) -> None:
    out = tmp_path / f"feed.{fmt}"
    document = generate.write(records, fmt, seed, out)
    assert json.loads(generate.expected_path(out).read_text()) == document

    result, feed = check(list(document["packs"]), [out])

    assert not feed.rejects
    assert result.records == records
    assert result.as_of.isoformat().replace("+00:00", "Z") == document["as_of"]
    found = Counter(finding.obligation for finding in result.findings)
    packs_obligations = {o for pack in result.packs for o in pack.obligations}
    assert packs_obligations == set(document["findings"]), "the generator must cover every rule"
    assert dict(found) == {k: v for k, v in document["findings"].items() if v}
    assert all(finding.status != "pending" for finding in result.findings)


@pytest.mark.parametrize(("records", "fmt", "seed"), BREACHING)
def test_six_times_the_breaches_are_counted_exactly_too(
    tmp_path: Path, records: int, fmt: str, seed: int
) -> None:
    usual = generate.write(records, fmt, seed, tmp_path / f"usual.{fmt}")
    out = tmp_path / f"breaching.{fmt}"
    document = generate.write(records, fmt, seed, out, violations=6.0)

    result, _ = check(list(document["packs"]), [out])

    found = Counter(finding.obligation for finding in result.findings)
    assert dict(found) == {k: v for k, v in document["findings"].items() if v}
    assert document["total"] > 3 * usual["total"]


def test_the_chosen_feeds_give_findings_of_every_obligation() -> None:
    covered: set[str] = set()
    for records, _, seed in FEEDS[:2]:
        _, expected = generate.generate(records, seed)
        covered |= {obligation for obligation, count in expected.items() if count}
    assert covered == set(generate.OBLIGATIONS)


def test_same_seed_same_feed_and_any_size(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    generate.write(1_234, "jsonl", 9, first)
    generate.write(1_234, "jsonl", 9, second)
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text().splitlines()) == 1_234
    for records in (2, 7, 999):
        table, _ = generate.generate(records, 1)
        assert table.num_rows == records


def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "feed.csv"
    command = [sys.executable, str(GENERATOR), "--records", "500", "--format", "csv"]
    subprocess.run([*command, "--seed", "3", "--out", str(out)], check=True, capture_output=True)
    assert out.is_file()
    assert len(out.read_text().splitlines()) == 501  # the header and 500 records
    expected = json.loads(generate.expected_path(out).read_text())
    assert expected["records"] == 500
    assert set(expected["findings"]) == set(generate.OBLIGATIONS)
