"""Both engines agree on quotas (treaty years, flag quotas, party tables, groups, lawful
refusals) and on periodic reports, whatever the feed."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify import api
from verify.testing.parity import disagreements, records_until, run_stream
from verify.treaty import load_pack

BASE = datetime(2019, 1, 1, tzinfo=UTC)
SETTINGS = settings(max_examples=budget(20), deadline=None)


def iso(moment: datetime) -> str:
    """A moment as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def flights(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Observation requests over Russia, Belarus and Ukraine, some prohibited, some late."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 60))):
        over = draw(st.sampled_from(["RUS", "BLR", "UKR"]))
        asked = BASE + timedelta(hours=draw(st.integers(0, 2 * 8760)))
        records.append(
            {
                "id": f"f{number}",
                "kind": "observation_request",
                "party": "DEU",
                "counterparty": over,
                "time": iso(asked),
            }
        )
        if draw(st.booleans()):
            reply: dict[str, Any] = {
                "id": f"p{number}",
                "kind": "observation_reply",
                "party": over,
                "counterparty": "DEU",
                "refers_to": f"f{number}",
                "time": iso(asked + timedelta(hours=draw(st.integers(0, 30)))),
                "flags": "prohibited",
            }
            delay = draw(st.one_of(st.none(), st.sampled_from([12, 24, 24.5, 30])))
            if delay is not None:
                reply["arrival_delay_hours"] = delay
            records.append(reply)
    return sorted(records, key=lambda r: (r["time"], r["id"]))


@st.composite
def inspections(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Type One and Type Two inspection requests to Russia around 5 February, some refused."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 30))):
        asked = BASE + timedelta(days=draw(st.integers(0, 500)))
        flag = draw(st.sampled_from(["type-one", "type-two", ""]))
        request = {
            "id": f"q{number}",
            "kind": "inspection_request",
            "party": "USA",
            "counterparty": "RUS",
            "time": iso(asked),
        }
        if flag:
            request["flags"] = flag
        records.append(request)
        if draw(st.booleans()):
            records.append(
                {
                    "id": f"r{number}",
                    "kind": "inspection_reply",
                    "party": "RUS",
                    "counterparty": "USA",
                    "refers_to": f"q{number}",
                    "time": iso(asked + timedelta(hours=draw(st.integers(0, 48)))),
                    "flags": "refused",
                }
            )
    return sorted(records, key=lambda r: (r["time"], r["id"]))


@st.composite
def updates(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Six-monthly data updates from both Parties, on time, late or missing."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 8))):
        party = draw(st.sampled_from(["USA", "RUS"]))
        sent = BASE + timedelta(hours=draw(st.integers(0, 3 * 8760)))
        records.append(
            {"id": f"d{number}", "kind": "data_exchange", "party": party, "time": iso(sent)}
        )
    return sorted(records, key=lambda r: (r["time"], r["id"]))


def engines_disagree(pack_id: str, obligation: str, records: list[dict[str, Any]]) -> list[str]:
    """Where check and watch disagree on one obligation over the records, as of their end."""
    pack = load_pack(pack_id)
    as_of = max(datetime.fromisoformat(r["time"]) for r in records) + timedelta(days=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        result, feed = api.check([pack], [path], as_of=as_of, obligations=[obligation])
        stream = run_stream(pack, records_until(feed.frame, as_of), as_of, obligation)
    return disagreements(list(result.findings), stream)


@SETTINGS
@given(flights())
def test_passive_quotas_with_a_group_and_lawful_refusals_agree(
    records: list[dict[str, Any]],
) -> None:
    """The Open Skies passive quota gives the same findings in check and watch."""
    assert engines_disagree("open-skies", "openskies.passive-quota", records) == []


@SETTINGS
@given(inspections())
def test_treaty_year_quotas_with_flag_quotas_agree(records: list[dict[str, Any]]) -> None:
    """New START's 18, 10 and 8 per treaty year give the same findings in check and watch."""
    assert engines_disagree("new-start", "newstart.inspection", records) == []


@SETTINGS
@given(updates())
def test_periodic_reports_agree(records: list[dict[str, Any]]) -> None:
    """New START's six-monthly updates give the same findings in check and watch."""
    assert engines_disagree("new-start", "newstart.data-exchange", records) == []


@st.composite
def sessions(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Sessions of the Bilateral Consultative Commission, by either Party, some years short."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 10))):
        party = draw(st.sampled_from(["USA", "RUS"]))
        held = BASE + timedelta(hours=draw(st.integers(0, 4 * 8760)))
        other = "RUS" if party == "USA" else "USA"
        records.append(
            {
                "id": f"b{number}",
                "kind": "bcc_session",
                "party": party,
                "counterparty": other,
                "time": iso(held),
            }
        )
    return sorted(records, key=lambda r: (r["time"], r["id"]))


@SETTINGS
@given(sessions())
def test_counted_reports_of_the_parties_together_agree(records: list[dict[str, Any]]) -> None:
    """New START's two BCC sessions a year give the same findings in check and watch."""
    assert engines_disagree("new-start", "newstart.bcc-sessions", records) == []
