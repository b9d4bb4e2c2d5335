"""Saved state is data: a snapshot resumes exactly, and anything not the engine's own is refused
without running a thing."""

from __future__ import annotations

import ast
import base64
import json
import os
import pickle
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.bench_scripts import generator
from verify import api
from verify.cli import cli
from verify.engines.stream.clock import Expiry
from verify.engines.stream.codec import Decoder, Encoder, StateError, plain_key
from verify.engines.stream.records import Rec
from verify.report import finding_to_json

ROOT = Path(__file__).resolve().parents[2]
PACT = "example-non-aggression-pact"


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[dict[str, Any]]]:
    """The generator's feed over every pack it covers (seed 2: findings of every kind)."""
    out = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    document = generator().write(3_000, "jsonl", 2, out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return list(document["packs"]), records


def _recs(value: Any, found: dict[int, set[int]]) -> None:
    """Every `Rec` reachable from `value`: object ids by seq."""
    if isinstance(value, Rec):
        found.setdefault(value.seq, set()).add(id(value))
    elif isinstance(value, dict):
        for item in value.items():
            _recs(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _recs(item, found)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _recs(getattr(value, name), found)


def _plain(value: Any) -> Any:
    """A state as comparable data: every dataclass field, each `Rec` by its place and id."""
    if isinstance(value, Rec):
        return ("rec", value.seq, value.id)
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(item)) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if hasattr(value, "__dict__"):
        return {name: _plain(v) for name, v in vars(value).items()}
    return value


def _key(key: Any) -> Any:
    return repr(_plain(key))


def test_a_snapshot_taken_anywhere_resumes_to_the_findings_of_one_run(
    feed: tuple[list[str], list[dict[str, Any]]],
) -> None:
    """Every obligation kind, snapshot and resumed every 500 records: the findings of one
    uninterrupted run, in order; each resumed state equals the saved one field by field (a
    field a machine forgets to write shows here), snapshots to the same bytes again, and holds
    one `Rec` per record, shared by all the indexes that hold it."""
    packs, records = feed
    whole = api.Watcher(packs)
    expected = whole.feed_many([(r, "feed", n) for n, r in enumerate(records, 1)]) + whole.close()
    kinds = {type(m).__name__ for m in whole.engine.machines}
    stated = {o.kind for m in whole.engine.machines for o in (m.obligation,)}
    assert len(kinds) == len(stated) >= 8, kinds
    found = []
    watcher = api.Watcher(packs)
    for start in range(0, len(records), 500):
        chunk = records[start : start + 500]
        found += watcher.feed_many([(r, "feed", n) for n, r in enumerate(chunk, start + 1)])
        snapshot = watcher.snapshot()
        watcher.engine.shutdown()
        before = _plain(watcher.engine.state)
        watcher = api.Watcher(packs, state=snapshot)
        assert _plain(watcher.engine.state) == before
        assert watcher.snapshot() == snapshot
        shared: dict[int, set[int]] = {}
        _recs(watcher.engine.state, shared)
        assert shared and all(len(ids) == 1 for ids in shared.values())
    found += watcher.close()
    assert [finding_to_json(f) for f in found] == [finding_to_json(f) for f in expected]


def _heap_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write each expiry queue as version 2 did: one heap, no run."""

    def heap_only(out: Encoder, expiry: Expiry[Any], key: Any = plain_key) -> list[Any]:
        items = sorted([*expiry.heap, *expiry.run])  # in order: a heap as it stands
        return [expiry.count, [[out.time(m), n, key(k)] for m, n, k in items]]

    monkeypatch.setattr(Encoder, "expiry", heap_only)


def _as_version_2(snapshot: bytes) -> bytes:
    """A snapshot as version 2 wrote it: each mark's records in a table inside its compressed
    state, not by reference to the snapshot's table."""
    header, _, body = snapshot.partition(b"\n")
    data = json.loads(zlib.decompress(body))
    rows = {row[0]: row for row in data["records"]["records"]}
    for mark in data["corrections"]["marks"]:
        for state in mark[3]:
            m, late, blob, refs = state
            inner = json.loads(zlib.decompress(base64.b64decode(blob)))
            inner["records"] = {
                "files": data["records"]["files"],
                "records": [rows[ref] for ref in sorted(refs)],
            }
            packed = base64.b64encode(zlib.compress(json.dumps(inner).encode())).decode()
            state[:] = [m, late, packed]
    header = header.replace(b"verify-stream-state 3 ", b"verify-stream-state 2 ", 1)
    return header + b"\n" + zlib.compress(json.dumps(data).encode())


def test_a_snapshot_of_format_version_2_resumes_to_the_same_findings(
    feed: tuple[list[str], list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot saved before expiry queues had runs and marks shared records (version 2) is
    still read: resumed, and decided again from its marks by records that arrive late, the
    stream gives the findings of one uninterrupted run of the same arrival order."""
    packs, records = feed
    half = len(records) // 2
    late = records[half - 100 : half : 10]  # held back: they arrive after the resume
    early = [r for r in records[:half] if r not in late]
    arrivals = [*early, *late, *records[half:]]
    whole = api.Watcher(packs)
    expected = whole.feed_many([(r, "feed", n) for n, r in enumerate(arrivals, 1)]) + whole.close()
    assert whole.engine.corrections.corrected >= len(late)
    with monkeypatch.context() as patched:
        _heap_only(patched)
        first = api.Watcher(packs)
        found = first.feed_many([(r, "feed", n) for n, r in enumerate(early, 1)])
        snapshot = _as_version_2(first.snapshot())
    assert b"records" in zlib.decompress(base64.b64decode(_first_mark(snapshot)))
    resumed = api.Watcher(packs, state=snapshot)
    later = enumerate(arrivals[len(early) :], len(early) + 1)
    found += resumed.feed_many([(r, "feed", n) for n, r in later]) + resumed.close()
    assert resumed.engine.corrections.corrected >= len(late)
    assert [finding_to_json(f) for f in found] == [finding_to_json(f) for f in expected]


def _first_mark(snapshot: bytes) -> str:
    """The compressed state of the first machine at a snapshot's first mark."""
    marks = json.loads(zlib.decompress(snapshot.partition(b"\n")[2]))["corrections"]["marks"]
    blob: str = marks[0][3][0][2]
    return blob


def _snapshot() -> bytes:
    watcher = api.Watcher([PACT])
    record = {"id": "x1", "kind": "exercise", "party": "ARV", "time": "2025-08-01T00:00:00Z"}
    watcher.feed({**record, "activity": "a1", "start": "2025-08-02T00:00:00Z", "troops": 12000})
    return watcher.snapshot()


def _recompressed(snapshot: bytes, change: Any) -> bytes:
    header, _, body = snapshot.partition(b"\n")
    data = json.loads(zlib.decompress(body))
    change(data)
    return header + b"\n" + zlib.compress(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda s: pickle.dumps({"state": 1}), "not saved by verify watch"),
        (lambda s: s.replace(b"verify-stream-state 3 ", b"verify-stream-state 9 ", 1), "version 9"),
        (lambda s: b"verify-stream-state 3 " + b"0" * 64 + s[s.index(b"\n") :], "other packs"),
        (lambda s: s[:-20], "truncated"),
        (lambda s: s[: s.index(b"\n") + 1] + b"not zlib", "malformed"),
        (lambda s: _recompressed(s, lambda d: d.pop("clock")), "malformed"),
        (lambda s: _recompressed(s, lambda d: d["machines"].pop()), "malformed"),
        (lambda s: _recompressed(s, lambda d: d["records"]["records"][0].pop()), "malformed"),
    ],
    ids=[
        "pickle",
        "version",
        "fingerprint",
        "truncated",
        "not-zlib",
        "no-clock",
        "machines",
        "rec",
    ],
)
def test_a_state_that_is_not_the_engines_own_is_refused(mangle: Any, message: str) -> None:
    """Another format, version or fingerprint, a truncated or malformed body: a `StateError`
    (exit 2 on the command line) that says which."""
    with pytest.raises(StateError, match=message):
        api.Watcher([PACT], state=mangle(_snapshot()))


class _Payload:
    """What a crafted pickle holds: loading it runs a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize("name", ["checkpoint.pickle", "checkpoint.state"])
def test_a_crafted_pickle_in_the_state_folder_is_refused_without_running(
    tmp_path: Path, name: str
) -> None:
    """A pickle that would create a file when loaded, put in the state folder under the old
    checkpoint's name or the new one: exit 2, a message naming it, and no file created."""
    marker = tmp_path / "marker"
    state = tmp_path / "state"
    state.mkdir()
    (state / name).write_bytes(pickle.dumps(_Payload(marker)))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("")
    args = ["watch", "--treaty", PACT, "--state", str(state), str(feed)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert name in result.stderr
    assert not marker.exists()


def test_no_module_of_verify_imports_pickle() -> None:
    """Nothing in src/ can unpickle: the state is data."""
    offenders = []
    for path in (ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] in ("pickle", "dill", "cloudpickle") for name in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_times_are_read_back_as_the_same_instants_with_their_offsets() -> None:
    """Whole seconds in UTC (written as numbers), fractions and other offsets (as ISO 8601)."""
    moments = [
        datetime(2025, 8, 1, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2025, 8, 1, 0, 0, 0, 250_000, tzinfo=UTC),
        datetime(2025, 8, 1, 2, tzinfo=timezone(timedelta(hours=2))),
    ]
    out, saved = Encoder(), Decoder({"files": [], "records": []})
    back = [saved.time(json.loads(json.dumps(out.time(m)))) for m in moments]
    assert back == moments
    assert [m.utcoffset() for m in back] == [m.utcoffset() for m in moments]


def test_a_checkpoint_resumes_whatever_directory_the_pack_was_compiled_from() -> None:
    """Feature paths are shown relative to the working directory: not part of the fingerprint."""
    from verify.engines.stream.engine import Settings, fingerprint
    from verify.treaty import load_pack

    pack = load_pack(PACT)
    moved = pack.model_copy(
        update={
            "obligations": tuple(
                o.model_copy(update={"source": o.source.model_copy(update={"path": f"/x/{n}"})})
                for n, o in enumerate(pack.obligations)
            )
        }
    )
    assert fingerprint([moved], Settings()) == fingerprint([pack], Settings())
