"""`verify draft`: a channel's communication from the pack's template, holding what it may carry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.escalation.conftest import evidence, finding
from tests.views.canaries import leaks
from verify.cli import cli
from verify.errors import PackError
from verify.escalation.draft import DraftRequest, render_draft, template_path
from verify.treaty import load_pack

ROOT = Path(__file__).resolve().parents[2]
PACT = "example-non-aggression-pact"
AS_OF = "2025-06-01T00:00:00Z"
#: Planted in the national record: none may reach a `parties` channel's draft.
CANARY_ID = "nat-canary-x1"
CANARY_SOURCE = "CANARY-SATELLITE-PASS"
CANARY_TROOPS = "7193"
CANARY_START = "2025-05-01"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh $VERIFY_HOME for the last check's findings."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args: str) -> Result:
    """Invoke `verify` with these arguments."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def late_notice_feed(path: Path) -> Path:
    """An exercise seen by national means (canaries planted) and its late notice to parties."""
    records = [
        {
            "id": CANARY_ID,
            "kind": "exercise",
            "party": "ARV",
            "activity": "a1",
            "time": CANARY_START,
            "start": CANARY_START,
            "troops": int(CANARY_TROOPS),
            "source": CANARY_SOURCE,
            "reliability": "A",
            "credibility": "1",
            "releasability": "national",
        },
        {
            "id": "ntf-1",
            "kind": "notification",
            "party": "ARV",
            "activity": "a1",
            "time": "2025-04-25",
            "reliability": "A",
            "credibility": "1",
            "releasability": "parties",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def checked_finding_id(tmp_path: Path) -> str:
    """`verify check` on the canary feed; the id of its exercise-notice finding."""
    feed = late_notice_feed(tmp_path / "feed.jsonl")
    result = run("check", "--treaty", PACT, str(feed), "--as-of", AS_OF, "--format", "jsonl")
    found = [json.loads(line) for line in result.stdout.splitlines()]
    return next(f["id"] for f in found if f["obligation"] == "pact.exercise-notice")


def test_a_parties_draft_cites_the_obligation_and_deadline_and_no_national_evidence(
    home: Path, tmp_path: Path
) -> None:
    """Through the hotline (parties), the note cites the rule and its reply deadline, and none
    of the national record's id, source, troops or start."""
    finding_id = checked_finding_id(tmp_path)
    result = run("draft", finding_id, "--channel", "hotline")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Exercises of 3,000 troops or more are notified 30 days before they start" in out
    assert "Article 3(1)" in out and "within 24 hours of receipt" in out
    assert "ntf-1" in out
    assert leaks(out, [CANARY_ID, CANARY_SOURCE, CANARY_START], [CANARY_TROOPS]) == []
    assert out.startswith("**HANDLING: RELEASABLE TO TREATY PARTIES**")


def test_a_national_draft_does_show_the_national_record(home: Path, tmp_path: Path) -> None:
    """The canaries are there to be found: a channel cleared to national shows them."""
    finding_id = checked_finding_id(tmp_path)
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "treaties" / PACT, pack)
    yaml_path = pack / "treaty.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace(
            "    releasability: parties", "    releasability: national", 1
        )
    )
    out = run("draft", finding_id, "--channel", "hotline", "--treaty", str(pack)).stdout
    assert CANARY_ID in out


def request_with(record_id: str, channel_id: str = "clarification") -> DraftRequest:
    """A VD11 prior-notification finding resting on one parties record with this id."""
    pack = load_pack(str(ROOT / "treaties" / "vienna-document-2011"))
    obligation = pack.obligation("vd11.prior-notification")
    assert obligation is not None
    channel = next(c for c in pack.meta.channels if c.id == channel_id)
    shown = finding(records=(evidence(record_id, releasability="parties"),))
    return DraftRequest(shown, pack.meta, obligation, channel)


def test_record_text_cannot_become_markdown_or_markup() -> None:
    """A record id holding `*`, `[...]()` and `<script>` is escaped in the Markdown draft."""
    hostile = "x1*[click](http://evil)<script>"
    out = render_draft(
        request_with(hostile), ROOT / "treaties" / "vienna-document-2011", "markdown"
    )
    assert "<script>" not in out and "[click](http://evil)" not in out
    assert "x1\\*" in out


def test_record_text_cannot_move_the_terminal_cursor_in_text() -> None:
    """A record id holding an escape sequence is shown escaped in the plain-text draft."""
    out = render_draft(
        request_with("x1\x1b[2J"), ROOT / "treaties" / "vienna-document-2011", "text"
    )
    assert "\x1b" not in out


def test_a_missing_template_is_an_error_naming_the_file(tmp_path: Path) -> None:
    """A pack without the channel's template is refused, naming the file it looked for."""
    with pytest.raises(PackError, match=r"templates/clarification\.j2"):
        render_draft(request_with("x1"), tmp_path, "markdown")


def test_a_template_that_does_not_parse_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A syntax error in a template is reported with the template's file and line."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "clarification.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(PackError, match=r"clarification\.j2:2"):
        render_draft(request_with("x1"), tmp_path, "markdown")


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    """The sandbox refuses a template that walks to Python's internals."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "clarification.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(PackError, match="does not render"):
        render_draft(request_with("x1"), tmp_path, "text")


def test_an_unknown_channel_is_exit_2_with_a_suggestion(home: Path, tmp_path: Path) -> None:
    """`--channel hotlin` exits 2 and suggests `hotline`."""
    finding_id = checked_finding_id(tmp_path)
    result = CliRunner().invoke(cli, ["draft", finding_id, "--channel", "hotlin"])
    assert result.exit_code == 2
    assert "did you mean 'hotline'?" in result.output


@pytest.mark.parametrize(
    "pack_id", sorted(p.parent.name for p in (ROOT / "treaties").glob("*/treaty.yaml"))
)
def test_every_shipped_pack_ships_a_template_for_each_channel(pack_id: str) -> None:
    """Each channel of each shipped pack has its template, and it renders in both formats."""
    pack = load_pack(str(ROOT / "treaties" / pack_id))
    obligation = pack.obligations[0]
    for channel in pack.meta.channels:
        assert template_path(ROOT / "treaties" / pack_id, channel.id).is_file(), channel.id
        shown = finding(records=(evidence("x1", releasability="parties"),))
        request = DraftRequest(
            shown.model_copy(update={"treaty": pack.meta.id, "obligation": obligation.id}),
            pack.meta,
            obligation,
            channel,
        )
        for fmt in ("markdown", "text"):
            assert obligation.title in render_draft(request, ROOT / "treaties" / pack_id, fmt)  # type: ignore[arg-type]


def test_a_draft_can_come_from_the_ledger(home: Path, tmp_path: Path) -> None:
    """With --ledger, the recorded finding is drafted, through the same parties view."""
    feed = late_notice_feed(tmp_path / "feed.jsonl")
    run("check", "--treaty", PACT, str(feed), "--as-of", AS_OF, "--record")
    (home / "last-check.jsonl").unlink()
    finding_id = checked_finding_id_from_ledger(home)
    result = run("draft", finding_id, "--channel", "hotline", "--ledger", ledger_url(home))
    assert result.exit_code == 0, result.output
    assert "within 24 hours of receipt" in result.stdout
    assert leaks(result.stdout, [CANARY_ID, CANARY_SOURCE], [CANARY_TROOPS]) == []


def ledger_url(home: Path) -> str:
    """The default ledger under this $VERIFY_HOME, as a URL."""
    return f"sqlite:///{home / 'ledger.sqlite'}"


def checked_finding_id_from_ledger(home: Path) -> str:
    """The id of the recorded exercise-notice finding."""
    listed = run("findings", "--format", "jsonl", "--ledger", ledger_url(home)).stdout
    found = [json.loads(line) for line in listed.splitlines()]
    return next(f["id"] for f in found if f["finding"]["obligation"] == "pact.exercise-notice")
