"""Issue 14 end to end: national records with canary ids, sources, figures, coordinates and
dates, rendered `--for public` (and `parties`) in every format and through a public channel's
ledger views, show none of them and say what was withheld; `--for national` shows them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.views.canaries import WITHHELD_WORDS, leaks, marking, says_what_was_withheld
from verify.cli import cli
from verify.report import FORMATS

PACT = "example-non-aggression-pact"
AS_OF = "2027-12-31T00:00:00Z"
NATIONAL_IDS = (
    "nat-imint-kestrel-7731",
    "nat-sigint-dmz-4419",
    "nat-radar-msl-9902",
    "nat-imint-autumn-3307",
    "nat-humint-ntf-wren-6650",
)
PARTIES_IDS = ("par-ntf-kestrel-5521", "par-hold-2025q1-1204", "par-hold-2025q3-8812")
#: Strings only records above the level hold: ids, sources, an activity, and dates.
NATIONAL_TEXTS = (
    *NATIONAL_IDS,
    "canary-src-orion-imint",
    "canary-src-vega-sigint",
    "canary-src-deneb-radar",
    "canary-src-altair-humint",
    "canary-act-nightjar",
    "2025-05-02",  # the movement in the zone
    "2025-08-12",  # the missile test
    "2025-10-10",  # the unnotified exercise (its start)
    "2025-09-10",  # drawn from it: the notice it lacked was due 30 days before
)
PARTIES_TEXTS = (*PARTIES_IDS, "canary-src-hotline-par", "canary-act-kestrel")
#: Figures and coordinates, matched as whole numbers (`7193`, `7,193`, `7193.0`).
NATIONAL_NUMBERS = ("7193", "3891", "4371", "12345", "10.4173", "30.3517", "10.2468")
NATIONAL_NUMBERS += ("30.0135", "9.1357", "31.4279")
PARTIES_NUMBERS = ("6011", "823")


def record(record_id: str, kind: str, party: str, time: str, level: str, **fields: object) -> str:
    """One JSON line of the feed."""
    body = {"id": record_id, "kind": kind, "party": party, "time": time, **fields}
    return json.dumps({**body, "reliability": "B", "credibility": "2", "releasability": level})


FEED = [
    record("par-hold-2025q1-1204", "holding", "ARV", "2025-01-15T00:00:00Z", "parties",
           battle_tanks=760, source="canary-src-hotline-par"),
    record("par-ntf-kestrel-5521", "notification", "ARV", "2025-03-20T09:00:00Z", "parties",
           activity="canary-act-kestrel", start="2025-04-07T05:00:00Z", troops=6011,
           source="canary-src-hotline-par"),
    record("nat-imint-kestrel-7731", "exercise", "ARV", "2025-04-07T05:00:00Z", "national",
           activity="canary-act-kestrel", start="2025-04-07T05:00:00Z", troops=7193,
           lat=10.4173, lon=-30.3517, source="canary-src-orion-imint"),
    record("nat-sigint-dmz-4419", "movement", "BOS", "2025-05-02T03:00:00Z", "national",
           troops=3891, lat=10.2468, lon=-30.0135, source="canary-src-vega-sigint"),
    record("par-hold-2025q3-8812", "holding", "ARV", "2025-07-15T00:00:00Z", "parties",
           battle_tanks=823, source="canary-src-hotline-par"),
    record("nat-radar-msl-9902", "missile_test", "ARV", "2025-08-12T04:30:00Z", "national",
           range_km=4371, lat=9.1357, lon=-31.4279, source="canary-src-deneb-radar"),
    record("nat-imint-autumn-3307", "exercise", "BOS", "2025-10-10T05:00:00Z", "national",
           activity="canary-act-nightjar", start="2025-10-10T05:00:00Z", troops=12345,
           source="canary-src-orion-imint"),
    record("pub-ex-lark", "exercise", "BOS", "2026-03-01T05:00:00Z", "public",
           activity="lark-26", start="2026-03-01T05:00:00Z", troops=3500, source="open-source"),
    record("nat-humint-ntf-wren-6650", "notification", "ARV", "2026-04-20T09:00:00Z", "national",
           activity="wren-26", start="2026-05-01T05:00:00Z", source="canary-src-altair-humint"),
    record("pub-ex-wren", "exercise", "ARV", "2026-05-01T05:00:00Z", "public",
           activity="wren-26", start="2026-05-01T05:00:00Z", troops=3800, lat=10.9, lon=-29.4,
           source="open-source"),
    record("pub-ex-gunline", "exercise", "ARV", "2026-06-01T05:00:00Z", "public",
           artillery=24, lat=10.25, lon=-30.10, source="open-source"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The canary feed in an empty working directory, with its own $VERIFY_HOME."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    (tmp_path / "feed.jsonl").write_text("\n".join(FEED) + "\n", encoding="utf-8")
    return tmp_path


def run(*args: str) -> Result:
    """`verify ARGS...` through click's runner."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check(*options: str) -> str:
    """`verify check` of the canary feed; its stdout (exit 1: there are findings)."""
    result = run("check", "--treaty", PACT, "feed.jsonl", "--as-of", AS_OF, "-q", *options)
    assert result.exit_code == 1, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_for_public_shows_no_canary_above_public(fmt: str) -> None:
    """No national or parties id, source, figure, coordinate or date; the withheld counted."""
    output = check("--for", "public", "--format", fmt)
    assert leaks(output, NATIONAL_TEXTS + PARTIES_TEXTS, NATIONAL_NUMBERS + PARTIES_NUMBERS) == []
    assert says_what_was_withheld(output, fmt)
    assert marking(output, fmt) == "public"
    if fmt != "table":  # the public records are still shown
        assert "pub-ex-lark" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_for_parties_shows_no_national_canary(fmt: str) -> None:
    """Treaty parties see the parties records, never a national one."""
    output = check("--for", "parties", "--format", fmt)
    assert leaks(output, NATIONAL_TEXTS, NATIONAL_NUMBERS) == []
    assert says_what_was_withheld(output, fmt)
    assert marking(output, fmt) == "parties"
    if fmt != "table":
        assert "par-ntf-kestrel-5521" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_for_national_still_shows_everything(fmt: str) -> None:
    """The default view withholds nothing, and is marked national."""
    output = check("--for", "national", "--format", fmt)
    assert output == check("--format", fmt)
    assert marking(output, fmt) == "national"
    if fmt == "table":
        assert "canary-act-nightjar" in output
    else:
        assert [name for name in NATIONAL_IDS if name not in output] == []
    shown = leaks(output, NATIONAL_TEXTS, NATIONAL_NUMBERS)
    if fmt in ("json", "jsonl", "html"):  # every canary but the zone movement's troops
        assert [c for c in NATIONAL_TEXTS + NATIONAL_NUMBERS if c not in shown] == ["3891"]
    if fmt == "markdown":  # the briefing has no position column
        assert [c for c in NATIONAL_TEXTS if c not in shown] == []


def test_the_public_html_draws_no_withheld_point_or_mark() -> None:
    """Maps and timelines of the public briefing come from public records only."""
    public = check("--for", "public", "--format", "html")
    national = check("--format", "html")
    assert national.count('<figure class="map">') == 2  # the zone movement and the artillery
    assert public.count('<figure class="map">') == 1  # the artillery, reported publicly
    assert "pub-ex-gunline" in public.split('<figure class="map">')[1]
    assert "pub-ex-wren" in public  # the mixed finding's public record, on its timeline


def test_a_public_channel_of_the_ledger_shows_no_canary_above_public() -> None:
    """`findings --channel` and `escalate` through the public diplomatic note."""
    check("--record")
    views = [
        run("findings", "--channel", "diplomatic-note", "--as-of", AS_OF).stdout,
        run("findings", "--channel", "diplomatic-note", "--format", "jsonl").stdout,
    ]
    listed = [json.loads(line) for line in run("findings", "--format", "jsonl").stdout.splitlines()]
    missile = next(c for c in listed if c["finding"]["obligation"] == "pact.missile-test")
    escalated = run("escalate", missile["id"], "--channel", "diplomatic-note", "--at", AS_OF)
    assert escalated.exit_code == 0, escalated.stderr
    views.append(escalated.stdout)
    for output in views:
        found = leaks(output, NATIONAL_TEXTS + PARTIES_TEXTS, NATIONAL_NUMBERS + PARTIES_NUMBERS)
        assert found == []
    assert views[0].startswith("HANDLING: RELEASABLE TO THE PUBLIC\n")
    assert WITHHELD_WORDS.search(views[0]) and WITHHELD_WORDS.search(views[2])
    records = [json.loads(line) for line in views[1].splitlines()]
    assert sum(r["withheld"] for r in records) > 0
    assert {r["handling"] for r in records} == {"public"}


def test_a_parties_channel_of_the_ledger_shows_no_national_canary() -> None:
    """Through the hotline (treaty parties): parties records shown, national ones withheld."""
    check("--record")
    output = run("findings", "--channel", "hotline", "--as-of", AS_OF).stdout
    assert leaks(output, NATIONAL_TEXTS, NATIONAL_NUMBERS) == []
    assert "par-ntf-kestrel-5521" in output
    assert output.startswith("HANDLING: RELEASABLE TO TREATY PARTIES\n")


def test_explain_for_public_shows_no_canary_above_public() -> None:
    """`verify explain --for public` of every finding of the last check."""
    ids = [json.loads(line)["id"] for line in check("--format", "jsonl").splitlines()]
    for finding_id in ids:
        told = run("explain", finding_id, "--for", "public").stdout
        found = leaks(told, NATIONAL_TEXTS + PARTIES_TEXTS, NATIONAL_NUMBERS + PARTIES_NUMBERS)
        assert found == [], finding_id
        assert told.startswith("HANDLING: RELEASABLE TO THE PUBLIC\n")
