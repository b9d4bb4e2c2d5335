"""Running the shipped launch-notification rule through both engines, for the notice tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify import api
from verify.model.finding import Finding
from verify.testing.parity import disagreements, records_until, run_stream
from verify.treaty import load_pack

PACK = "ballistic-missile-launch-notification"
RULE = "bmlna.launch-notice"
AS_OF = datetime(2024, 12, 31, tzinfo=UTC)


def run_both(
    folder: Path, records: list[dict[str, Any]], as_of: datetime = AS_OF
) -> tuple[list[Finding], list[Finding]]:
    """The rule's findings over these records in `check` and in `watch`, asserting that the
    engines agree; each list in finding-id order."""
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result, frame = api.check([PACK], [feed], as_of=as_of)
    batch = sorted((f for f in result.findings if f.obligation == RULE), key=lambda f: f.id)
    stream = run_stream(load_pack(PACK), records_until(frame.frame, as_of), as_of, RULE)
    assert disagreements(batch, stream) == []
    return batch, sorted(stream.findings, key=lambda f: f.id)
