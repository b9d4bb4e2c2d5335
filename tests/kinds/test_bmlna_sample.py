"""The launch-notification sample feed gives the findings the Agreement requires, in both
engines: one late notice, one incomplete notice, one launch never notified."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.notice_runs import AS_OF, PACK, RULE
from verify import api
from verify.testing.parity import disagreements, records_until, run_stream
from verify.treaty import load_pack

FEED = Path(__file__).resolve().parents[2] / "observations" / "bmlna-sample.jsonl"


def test_the_sample_feed_gives_a_late_an_incomplete_and_a_missing_notice() -> None:
    """Exactly three findings, citing the records that show each, the same in check and watch."""
    result, feed = api.check([PACK], [FEED], as_of=AS_OF)
    cited = sorted(tuple(e.id for e in f.evidence) for f in result.findings)
    assert cited == [("bm-l2", "bm-n2"), ("bm-l3", "bm-n3"), ("bm-l5",)]
    stream = run_stream(load_pack(PACK), records_until(feed.frame, AS_OF), AS_OF, RULE)
    assert disagreements(list(result.findings), stream) == []
