"""`verify.watching.watch`: what `verify watch` runs, with exactly-once delivery, for pipelines."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from verify import watching

ROOT = Path(__file__).resolve().parents[2]
PACK = "example-non-aggression-pact"
FEED = ROOT / "observations" / "example-pact.jsonl"
#: The demo feed is not in event-time order; this lateness admits all of it.
LATENESS = timedelta(days=400)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line]


def _latest(path: Path) -> dict[str, object]:
    """The last finding delivered under each id, its evidence without the file it was read
    from (the two watches read files of different names)."""
    latest = {}
    for line in _lines(path):
        finding = json.loads(line)
        for evidence in finding["evidence"]:
            evidence.pop("file")
        latest[finding["id"]] = finding
    return latest


def test_a_resumed_watch_ends_where_one_uninterrupted_watch_does(tmp_path: Path) -> None:
    """Stopped after the first half of a feed and resumed on the whole, the watch has delivered
    the latest version of each finding that one watch over the whole feed delivers, and never
    the same line twice."""
    records = _lines(FEED)
    whole = tmp_path / "whole.jsonl"
    whole.write_text("\n".join(records) + "\n", encoding="utf-8")
    once = tmp_path / "once.jsonl"
    watching.watch([PACK], [str(whole)], output=once, workers=0, lateness=LATENESS)

    growing = tmp_path / "growing.jsonl"
    growing.write_text("\n".join(records[: len(records) // 2]) + "\n", encoding="utf-8")
    out, state = tmp_path / "out.jsonl", tmp_path / "state"
    first = watching.watch(
        [PACK], [str(growing)], output=out, state_dir=state, workers=0, lateness=LATENESS
    )
    with growing.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(records[len(records) // 2 :]) + "\n")
    watching.watch(
        [PACK], [str(growing)], output=out, state_dir=state, workers=0, lateness=LATENESS
    )

    assert first.accepted == len(records) // 2
    assert _latest(out) == _latest(once)
    assert len(_lines(out)) == len(set(_lines(out)))


def test_a_stop_requested_while_waiting_checkpoints_and_returns(tmp_path: Path) -> None:
    """A stop asked for before any input is read ends the watch with a checkpoint."""
    stopper = watching.Stopper()
    stopper.requested = True
    state = tmp_path / "state"
    summary = watching.watch(
        [PACK], [str(FEED)], output=tmp_path / "out.jsonl", state_dir=state, stopper=stopper
    )
    assert summary.accepted == 0
    assert (state / "checkpoint.state").exists()


def test_a_watcher_watches_its_inputs_as_verify_watch_does(tmp_path: Path) -> None:
    """`Watcher.watch` delivers what `verify.watching.watch` does for the same packs."""
    from verify import api

    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    api.Watcher([PACK], lateness=LATENESS).watch([str(FEED)], output=one, workers=0)
    watching.watch([PACK], [str(FEED)], output=two, workers=0, lateness=LATENESS)
    assert one.read_bytes() == two.read_bytes() and one.read_bytes()
