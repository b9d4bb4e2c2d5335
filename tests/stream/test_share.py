"""A partition's share of the stream engine: the partitions together report what one engine
reports, each finding from one partition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.bench_scripts import generator
from verify.api import Watcher
from verify.engines.stream.share import Share
from verify.watching import finding_line


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[dict[str, Any]]]:
    """The generator's feed over every pack it covers (obligations over the feed included)."""
    out: Path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    document = generator().write(600, "jsonl", 2, out)
    return list(document["packs"]), [json.loads(line) for line in out.read_text().splitlines()]


def last_lines(
    packs: list[str], records: list[dict[str, Any]], share: int | None
) -> dict[str, str]:
    """The last line per finding id of an engine fed in batches of 50, standing findings
    taken after each batch and the end of input at the end (`share`: partition of 2)."""
    watcher = Watcher(packs)
    if share is not None:
        watcher.engine.assign(Share.of(watcher.engine.packs, share, 2))
    found: dict[str, str] = {}
    for start in range(0, len(records), 50):
        batch = [(r, "feed", n) for n, r in enumerate(records[start : start + 50], start + 1)]
        for finding in [*watcher.feed_many(batch), *watcher.standing()]:
            found[finding.id] = finding_line(finding)
    found.update((f.id, finding_line(f)) for f in watcher.close())
    return found


def test_two_partitions_report_what_one_engine_reports_each_finding_once(
    feed: tuple[list[str], list[dict[str, Any]]],
) -> None:
    """No id from both partitions; their last lines together are the single engine's."""
    packs, records = feed
    first, second = last_lines(packs, records, 0), last_lines(packs, records, 1)
    assert first and second
    assert not set(first) & set(second)
    assert {**first, **second} == last_lines(packs, records, None)


def test_a_share_is_part_of_what_a_checkpoint_is_valid_for() -> None:
    """Partition 1's saved state is refused by partition 0."""
    from verify.engines.stream.codec import StateError

    one = Watcher(["example-non-aggression-pact"])
    one.engine.assign(Share.of(one.engine.packs, 1, 2))
    other = Watcher(["example-non-aggression-pact"])
    other.engine.assign(Share.of(other.engine.packs, 0, 2))
    with pytest.raises(StateError, match="other packs or settings"):
        other.engine.restore(one.snapshot())
