"""Routing by party and counterparty judges every party on all the records that concern it.

The property: on small random feeds of requests and replies (a reply lives with its sender,
the obligation is its addressee's), the partitions' findings merged are the local run's, at
any number of partitions. A router by `party` alone (the prototype's) fails it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify import api
from verify.engines.batch import run_batch
from verify.engines.distributed import routing, shares, splits
from verify.feeds import read_feeds
from verify.findings import batch_findings, finding_order
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.treaty import load_pack

BASE = datetime(2019, 1, 1, tzinfo=UTC)
PARTIES = ("DEU", "RUS", "BLR", "FRA", "POL", "USA", "GBR")
#: Request kinds of vd11 and Open Skies (whose quota counts Russia and Belarus together), each
#: with the kind that answers it.
EXCHANGES = (
    ("inspection_request", "inspection_reply"),
    ("clarification_request", "clarification_reply"),
    ("meeting_request", "meeting"),
    ("observation_request", "observation_reply"),
)
PACK_NAMES = ("vienna-document-2011", "open-skies")
Router = Callable[[pd.DataFrame, int], list[npt.NDArray[np.bool_]]]


def iso(moment: datetime) -> str:
    """A moment as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def exchanges(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Requests between parties, some answered by their addressee (on time, late, refused,
    by reference or by activity), some by a third party, some not at all."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 25))):
        sender, addressee = draw(st.permutations(PARTIES))[:2]
        asked_kind, answer_kind = draw(st.sampled_from(EXCHANGES))
        asked = BASE + timedelta(hours=draw(st.integers(0, 3 * 8760)))
        request = {
            "id": f"q{number}",
            "kind": asked_kind,
            "party": sender,
            "counterparty": addressee,
            "time": iso(asked),
            "activity": f"a{number}",
        }
        records.append(request)
        answerer = draw(st.sampled_from([addressee, addressee, addressee, sender, PARTIES[0]]))
        if draw(st.integers(0, 3)):
            reply: dict[str, Any] = {
                "id": f"r{number}",
                "kind": answer_kind,
                "party": answerer,
                "counterparty": sender,
                "time": iso(asked + timedelta(hours=draw(st.integers(0, 80)))),
            }
            if draw(st.booleans()):
                reply["refers_to"] = request["id"]
            else:
                reply["activity"] = request["activity"]
            if draw(st.booleans()):
                reply["flags"] = draw(st.sampled_from(["refused", "prohibited"]))
            records.append(reply)
    return sorted(records, key=lambda r: (r["time"], r["id"]))


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    """Packs with responses and quotas: by party (vd11), and for a group (Open Skies)."""
    return [load_pack(name) for name in PACK_NAMES]


def split_findings(
    packs: list[Pack], path: Path, partitions: int, router: Router
) -> tuple[list[Finding], list[Finding]]:
    """The local findings of a feed, and those of its partitions merged (routed by `router`),
    without channels."""
    feed = read_feeds([path], api.feed_schema(packs))
    as_of = api.latest_time(feed.frame)
    local = batch_findings((b, p.meta) for b, p in run_batch(packs, feed.frame, as_of))
    run = routing.plan(packs, None)
    frame = feed.frame.set_axis(feed.frame["_seq"].to_numpy(), axis=0)
    found: dict[str, Finding] = {}
    for number, rows in enumerate(router(frame, partitions)):
        owned = (number, partitions)
        for finding in shares.evaluate([frame[rows]], packs, as_of, False, run.by_party, owned):
            found.setdefault(finding.id, finding)
    rows = routing.feed_rows(frame, run)
    for finding in shares.evaluate([frame[rows]], packs, as_of, False, run.over_feed, None):
        found.setdefault(finding.id, finding)
    return local, sorted(found.values(), key=finding_order)


def write(tmp: Path, records: list[dict[str, Any]]) -> Path:
    """The records as a JSON Lines file."""
    path = tmp / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@settings(max_examples=budget(8), deadline=None)
@given(exchanges(), st.integers(2, 4))
def test_partitions_find_what_one_process_finds(
    packs: list[Pack], tmp_path_factory: pytest.TempPathFactory, records: list, partitions: int
) -> None:
    """Routed by party and counterparty, the partitions' findings merged are the local ones."""
    path = write(tmp_path_factory.mktemp("feed"), records)
    local, split = split_findings(packs, path, partitions, routing.routed)
    assert split == local


def by_party_alone(frame: pd.DataFrame, partitions: int) -> list[npt.NDArray[np.bool_]]:
    """The prototype's router: each record to its `party`'s partition only."""
    owner = routing.owners(frame["party"], partitions)
    return [owner == number for number in range(partitions)]


def test_routing_by_party_alone_loses_the_addressees_findings(
    packs: list[Pack], tmp_path: Path
) -> None:
    """An unanswered request judged where its sender lives is lost: the property catches it."""
    sender, addressee = "DEU", "FRA"
    assert routing.partition_of(sender, 2) != routing.partition_of(addressee, 2)
    records = [
        {"id": "q1", "kind": "clarification_request", "party": sender},
        {"id": "x", "kind": "exercise", "party": addressee},
    ]
    records[0] |= {"counterparty": addressee, "time": "2024-01-01T00:00:00Z"}
    records[1] |= {"time": "2024-01-10T00:00:00Z"}
    path = write(tmp_path, records)
    local, split = split_findings(packs, path, 2, by_party_alone)
    assert [f.party for f in local if f.obligation == "vd11.clarification-reply"] == [addressee]
    assert split != local
    assert split_findings(packs, path, 2, routing.routed)[1] == local


@settings(max_examples=budget(4), deadline=None)
@given(exchanges(), st.integers(2, 3), st.sampled_from([1, splits.SHARE_BYTES]))
def test_on_the_cluster_the_run_is_the_local_run(
    scheduler: str,
    packs: list[Pack],
    tmp_path_factory: pytest.TempPathFactory,
    records: list,
    partitions: int,
    share_bytes: int,
) -> None:
    """Through the Dask engine end to end, the run (findings, channels, counts) is local's,
    the feed read whole or in one share per partition."""
    path = write(tmp_path_factory.mktemp("feed"), records)
    local, _ = api.check(packs, [path])
    with mock.patch.object(splits, "SHARE_BYTES", share_bytes):
        found, _ = api.check(
            packs, [path], engine="dask", scheduler=scheduler, partitions=partitions
        )
    assert found == local
