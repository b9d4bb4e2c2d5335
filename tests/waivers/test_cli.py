"""Waivers from the command line: `check --waivers` and `lint --waivers`, end to end."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PACT = "example-non-aggression-pact"
FEED = str(ROOT / "observations" / "example-pact.jsonl")
SAMPLE = str(ROOT / "examples" / "example-pact-waivers.yaml")
AS_OF = "2027-12-31T00:00:00Z"
SARIF = Draft4Validator(
    json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
)
ENTRY = """\
- obligation: pact.dmz
  party: BOS
  reason: authorised relief
  author: Ann Lee
  approved_by: Bo Chan
  expires: 2028-06-30
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every command in an empty folder, with its own $VERIFY_HOME."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"


def verify(*args: str) -> tuple[int, str, str]:
    """`verify ARGS...`: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def check(*args: str) -> tuple[int, str, str]:
    """`verify check` of the demo feed as of the end of 2027, with more arguments."""
    return verify("check", "--treaty", PACT, FEED, "--as-of", AS_OF, *args)


def waivers(tmp_path: Path, text: str, name: str = "waivers.yaml") -> str:
    """A waivers file with this text in the working folder; its name, as messages show it."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


def test_the_demo_run_without_waivers_fails() -> None:
    """The demo's findings alone make the run exit 1 (the baseline of what follows)."""
    assert check("-q")[0] == 1


def test_waivers_valid_at_as_of_make_the_run_pass() -> None:
    """With every finding waived at `--as-of`, the run exits 0 and says how many it waived."""
    code, out, err = check("--waivers", SAMPLE)
    assert code == 0
    assert "verify: 9 finding(s) waived" in err
    assert "Waived: 9 (not counted for --fail-on)." in " ".join(out.split())


def test_after_expiry_the_findings_count_again() -> None:
    """The same waivers, judged after they expired, cover nothing: exit 1, each named."""
    code, _, err = verify(
        "check", "--treaty", PACT, FEED, "--as-of", "2028-07-01", "--waivers", SAMPLE
    )
    assert code == 1
    assert "verify: 0 finding(s) waived" in err
    assert "example-pact-waivers.yaml:11: expired 2028-06-30; its findings count again" in err


def test_a_waiver_through_a_day_still_holds_at_its_last_second() -> None:
    """`expires: 2028-06-30` still holds at 23:59:59Z that day."""
    code, _, _ = verify(
        "check",
        "--treaty",
        PACT,
        FEED,
        "--as-of",
        "2028-06-30T23:59:59Z",
        "--waivers",
        SAMPLE,
        "--fail-on",
        "major",
    )  # the pact.dmz waiver expires earlier, at 2027-12-31T23:59:59Z; it is critical
    assert code == 1
    code, _, _ = verify(
        "check", "--treaty", PACT, FEED, "--as-of", "2027-12-31T23:59:58Z", "--waivers", SAMPLE
    )
    assert code == 0


MISSILE = ENTRY.replace("pact.dmz", "pact.missile-test").replace("BOS", "ARV")


def test_fail_on_still_counts_a_finding_no_waiver_covers(tmp_path: Path) -> None:
    """With one of the two critical findings waived, `--fail-on critical` still fails."""
    assert check("--waivers", waivers(tmp_path, ENTRY), "--fail-on", "critical", "-q")[0] == 1


def test_fail_on_passes_once_every_finding_at_its_level_is_waived(tmp_path: Path) -> None:
    """Both critical findings waived: `--fail-on critical` passes, `--fail-on major` fails on
    the major findings left."""
    both = waivers(tmp_path, ENTRY + MISSILE)
    assert check("--waivers", both, "--fail-on", "critical", "-q")[0] == 0
    assert check("--waivers", both, "--fail-on", "major", "-q")[0] == 1


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """The demo run's JSON Lines without waivers (`plain`) and with the sample's (`waived`)."""
    folder = tmp_path_factory.mktemp("lines")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("VERIFY_HOME", str(folder / "home"))
        plain, waived = (
            check("--format", "jsonl")[1],
            check("--format", "jsonl", "--waivers", SAMPLE)[1],
        )
    return {
        "plain": [json.loads(line) for line in plain.splitlines()],
        "waived": [json.loads(line) for line in waived.splitlines()],
    }


def test_a_waived_finding_keeps_its_id_and_shows_its_waiver(
    lines: dict[str, list[dict[str, object]]],
) -> None:
    """The JSON Lines of a waived run are those of the unwaived run but for `waiver`."""
    before, after = lines["plain"], lines["waived"]
    assert [f["id"] for f in after] == [f["id"] for f in before]
    assert all(f["waiver"] is None for f in before)
    assert after[0]["waiver"] == {
        "reason": "Notice of iron-gate-25 was 12 days late; accepted as explained at the Joint"
        " Military Commission, 2025-05-20.",
        "author": "Desk officer, Arvenia desk",
        "approved_by": "Head of the verification centre",
        "expires": "2028-06-30",
    }
    unmarked = [{**f, "waiver": None, "handling": None} for f in after]
    assert unmarked == [{**f, "handling": None} for f in before]


def test_a_finding_showing_a_waivers_reason_is_marked_national(
    lines: dict[str, list[dict[str, object]]],
) -> None:
    """A waiver's reason is national-internal: a finding that shows it is handled as national,
    though its evidence is releasable to the parties."""
    dmz, waived_dmz = lines["plain"][2], lines["waived"][2]
    assert (dmz["obligation"], dmz["handling"]) == ("pact.dmz", "parties")
    assert waived_dmz["handling"] == "national"


def test_a_self_approved_waiver_is_exit_2_at_its_line(tmp_path: Path) -> None:
    """The author approving their own waiver is refused with the file and line."""
    path = waivers(tmp_path, ENTRY.replace("Bo Chan", "ann lee"))
    code, out, err = check("--waivers", path)
    assert (code, out) == (2, "")
    assert f"verify: {path}:5: approved_by: 'ann lee' wrote this waiver and may not approve" in err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (ENTRY.replace("  reason: authorised relief\n", ""), ":1: reason: missing"),
        (ENTRY.replace("  party: BOS\n", "  party: BOS\n  finding: F-1\n"), ":1: obligation: give"),
        (ENTRY.replace("2028-06-30", "2028-06-31"), ":6: expires: '2028-06-31' is no day"),
        (ENTRY.replace("  party: BOS\n", ""), ":1: party: a waiver by `obligation` also names"),
        (ENTRY + ENTRY, ":7: obligation: a duplicate of the waiver at line 1"),
    ],
)
def test_a_malformed_entry_is_exit_2_naming_its_field(tmp_path: Path, text: str, said: str) -> None:
    """Each malformed entry is refused with exit 2, its file, line and field named."""
    path = waivers(tmp_path, text)
    code, _, err = check("--waivers", path)
    assert code == 2 and f"verify: {path}{said}" in err
    assert "Traceback" not in err


def test_a_not_waivable_obligation_refuses_its_waiver_in_check(tmp_path: Path) -> None:
    """A waiver for the INF ban, which the pack marks not waivable, is exit 2 at its line."""
    path = waivers(tmp_path, ENTRY.replace("pact.dmz", "inf.prohibited-missile"))
    code, _, err = verify("check", "--treaty", "inf-treaty", FEED, "--waivers", path)
    assert code == 2
    assert (
        f"verify: {path}:1: obligation: this waiver names inf.prohibited-missile, which its" in err
    )


def test_sarif_with_a_waiver_carries_a_suppression_and_validates() -> None:
    """Waived results carry an accepted external suppression; the log is valid SARIF 2.1.0."""
    _, out, _ = check("--format", "sarif", "--waivers", SAMPLE)
    log = json.loads(out)
    assert [f"{e.json_path}: {e.message}" for e in SARIF.iter_errors(log)] == []
    first = log["runs"][0]["results"][0]["suppressions"]
    assert first[0]["kind"] == "external" and first[0]["status"] == "accepted"
    assert first[0]["justification"].startswith("Notice of iron-gate-25 was 12 days late")


def test_a_view_for_parties_withholds_the_waivers_reason() -> None:
    """Below national a waiver shows its expiry only: reason, author and approver withheld."""
    _, out, _ = check("--format", "jsonl", "--waivers", SAMPLE, "--for", "parties")
    waiver = json.loads(out.splitlines()[0])["waiver"]
    assert waiver == {
        "reason": "withheld at this level",
        "author": "withheld at this level",
        "approved_by": "withheld at this level",
        "expires": "2028-06-30",
    }
    assert "iron-gate-25 was 12 days late" not in out


def test_junit_skips_a_case_whose_findings_are_all_waived() -> None:
    """In JUnit a waived case is skipped as `waived`, with the waiver's words, not failed."""
    _, out, _ = check("--format", "junit", "--waivers", SAMPLE)
    assert 'failures="0"' in out and 'type="waived"' in out


def test_record_stores_the_waiver_with_the_finding() -> None:
    """`--record` keeps each finding's waiver in the ledger beside it."""
    check("--waivers", SAMPLE, "--record", "-q")
    _, listed, _ = verify("findings", "--format", "jsonl")
    cases = [json.loads(line) for line in listed.splitlines()]
    assert len(cases) == 9 and all(case["finding"]["waiver"] for case in cases)


def test_lint_accepts_the_sample_waivers_before_they_expire() -> None:
    """The shipped sample is clean against its pack as of 2027."""
    code, out, _ = verify("lint", PACT, "--waivers", SAMPLE, "--as-of", "2027-06-01")
    assert code == 0 and "example-pact-waivers.yaml: no errors" in out


def test_lint_reports_each_problem_at_file_line_field(tmp_path: Path) -> None:
    """Unknown obligation and party, a bad finding id and an expired waiver: each located."""
    text = (
        ENTRY.replace("pact.dmz", "pact.dmzz")
        + ENTRY.replace("BOS", "BOZ").replace("pact.dmz", "pact.tank-ceiling")
        + ENTRY.replace("obligation: pact.dmz\n  party: BOS", "finding: F-0458cf24")
        + ENTRY.replace("2028-06-30", "2026-01-01").replace("BOS", "ARV")
    )
    path = waivers(tmp_path, text)
    code, _, err = verify("lint", PACT, "--waivers", path, "--as-of", "2027-06-01")
    lines = [line for line in err.splitlines() if not line.startswith("    ")]
    assert code == 2
    assert lines == [
        f"{path}:1: obligation: no obligation 'pact.dmzz' in the pack; did you mean 'pact.dmz'?",
        f"{path}:7: party: 'BOZ' is no party of example-non-aggression-pact; did you mean 'BOS'?"
        " (its parties: ARV, BOS)",
        f"{path}:13: finding: 'F-0458cf24' is no finding id: give the whole id, `F-` and 16 hex"
        " digits, as `verify check --format jsonl` prints it",
        f"{path}:18: expires: expired 2026-01-01, before 2027-06-01T00:00:00Z: it covers nothing"
        " any more; renew it (a new approval) or remove it",
        f"4 error(s) in {PACT} and {path}",
    ]


def test_lint_refuses_a_waiver_for_a_not_waivable_obligation(tmp_path: Path) -> None:
    """Lint names a waiver of the INF ban, which may not be waived."""
    path = waivers(
        tmp_path, ENTRY.replace("pact.dmz", "inf.prohibited-missile").replace("BOS", "RUS")
    )
    code, _, err = verify("lint", "inf-treaty", "--waivers", path, "--as-of", "2027-01-01")
    assert code == 2 and f"{path}:1: obligation: this waiver names inf.prohibited-missile" in err


def test_lint_refuses_an_unknown_rule_tag_with_a_did_you_mean(tmp_path: Path) -> None:
    """A misspelt `@not-waivable` on a Rule is a located lint error, not silently ignored."""
    pack = tmp_path / "pact"
    shutil.copytree(ROOT / "treaties" / PACT, pack)
    feature = pack / "obligations.feature"
    text = feature.read_text(encoding="utf-8")
    feature.write_text(
        text.replace("  Rule: pact.dmz", "  @not-waiveable\n  Rule: pact.dmz"), "utf-8"
    )
    code, _, err = verify("lint", str(pack))
    assert code == 2
    assert (
        "obligations.feature:4: unknown Rule tag '@not-waiveable'; did you mean '@not-waivable'?"
        in err
    )


def test_a_rule_tagged_not_waivable_refuses_a_waiver(tmp_path: Path) -> None:
    """Tagging a Rule `@not-waivable` makes check refuse a waiver that was accepted before."""
    pack = tmp_path / "pact"
    shutil.copytree(ROOT / "treaties" / PACT, pack)
    feature = pack / "obligations.feature"
    text = feature.read_text(encoding="utf-8")
    feature.write_text(
        text.replace("  Rule: pact.dmz", "  @not-waivable\n  Rule: pact.dmz"), "utf-8"
    )
    path = waivers(tmp_path, ENTRY)
    code, _, err = verify("check", "--treaty", str(pack), FEED, "--as-of", AS_OF, "--waivers", path)
    assert code == 2 and "which its pack marks not waivable" in err
