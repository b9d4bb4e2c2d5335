"""Prior notice owed to each other party: VD11's invitations to all other participating States."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from verify import api
from verify.kinds.prior_notice import owed_parties
from verify.model.finding import Finding
from verify.treaty import load_pack

PACK = "vienna-document-2011"
RULE = "vd11.observation-invitation"
EXERCISE = {
    "id": "x1",
    "kind": "exercise",
    "party": "BLR",
    "activity": "z1",
    "time": "2026-09-11T00:00:00Z",
    "start": "2026-09-11T00:00:00Z",
    "troops": 20000,
}


def _invitation(record_id: str, time: str, to: str | None = None) -> dict[str, Any]:
    record = {"id": record_id, "kind": "invitation", "party": "BLR", "activity": "z1", "time": time}
    return record if to is None else {**record, "counterparty": to}


def _check(tmp_path: Path, records: list[dict[str, Any]]) -> list[Finding]:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    as_of = datetime(2026, 9, 30, tzinfo=UTC)
    result, _ = api.check([PACK], [str(feed)], as_of=as_of, obligations=[RULE])
    return list(result.findings)


def test_a_state_is_owed_an_invitation_only_once_it_has_joined() -> None:
    """Mongolia, a participating State from 21 November 2012, is owed none due the day before."""
    meta = load_pack(PACK).meta
    before = owed_parties(meta, "RUS", datetime(2012, 11, 20, tzinfo=UTC))
    after = owed_parties(meta, "RUS", datetime(2012, 11, 21, tzinfo=UTC))
    assert (len(before), "MNG" in before, len(after), "MNG" in after) == (55, False, 56, True)


def test_the_inviting_state_owes_itself_nothing() -> None:
    """The State carrying out the activity is never among those owed an invitation."""
    assert "BLR" not in owed_parties(load_pack(PACK).meta, "BLR", datetime(2026, 7, 31, tzinfo=UTC))


def test_each_state_left_out_is_its_own_finding(tmp_path: Path) -> None:
    """With no invitation at all, each of the 56 other States has a finding of its own id."""
    findings = _check(tmp_path, [EXERCISE])
    assert (len({f.id for f in findings}), len({f.counterparty for f in findings})) == (56, 56)


def test_an_invitation_without_counterparty_is_addressed_to_all(tmp_path: Path) -> None:
    """One invitation to all, 42 days ahead, leaves no State owed."""
    assert _check(tmp_path, [_invitation("i1", "2026-07-31T00:00:00Z"), EXERCISE]) == []


def test_an_invitation_to_one_state_is_owed_to_the_others_still(tmp_path: Path) -> None:
    """An invitation addressed to Lithuania alone answers for Lithuania only."""
    records = [_invitation("i1", "2026-07-31T00:00:00Z", "LTU"), EXERCISE]
    towards = {f.counterparty for f in _check(tmp_path, records)}
    assert ("LTU" in towards, len(towards)) == (False, 55)


def test_a_snapshot_keeps_which_states_were_judged() -> None:
    """Resumed from a snapshot, a late invitation to Ukraine re-judges Ukraine alone: the other
    States' findings, given before the snapshot, are not given again."""
    first = api.Watcher([PACK], lateness=timedelta(0))
    first.feed(_invitation("i1", "2026-07-31T00:00:00Z", "LTU"))
    first.feed(dict(EXERCISE))
    later = {"id": "c1", "kind": "calendar", "party": "POL", "activity": "k1"}
    given = first.feed({**later, "time": "2026-09-11T00:00:01Z"})
    resumed = api.Watcher([PACK], lateness=timedelta(0), state=first.snapshot())
    resumed.feed(_invitation("i2", "2026-09-12T00:00:00Z", "UKR"))
    again = resumed.feed({**later, "id": "c2", "time": "2026-09-12T00:00:01Z"})
    invitations = [f for f in given if f.obligation == RULE]
    towards = [f.counterparty for f in again if f.obligation == RULE]
    assert (len(invitations), towards) == (55, ["UKR"])
