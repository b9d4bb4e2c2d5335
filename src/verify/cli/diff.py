"""`verify diff`: what a new version of a pack changes in the findings of a feed."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from verify.cli.common import EXIT_FINDINGS, EXIT_OK, parse_moment, reports_errors
from verify.diffing import PackDiff, diff_packs
from verify.escaping import printable
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.report.serialize import finding_to_json

DIFF_FORMATS = ("text", "jsonl")


@click.command("diff")
@click.argument("old_pack")
@click.argument("new_pack")
@click.argument("observations", nargs=-1, required=True)
@click.option(
    "--as-of", "as_of", metavar="TIME", help="Judge both as at this time (default: latest record)."
)
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@click.option("--include-pending", is_flag=True, help="Also compare notices and replies still due.")
@reports_errors
def diff_command(
    old_pack: str,
    new_pack: str,
    observations: tuple[str, ...],
    as_of: str | None,
    fmt: str,
    include_pending: bool,
) -> None:
    """Run OLD_PACK and NEW_PACK over the same OBSERVATIONS and list the findings added,
    removed and changed (with the fields that changed). Exit 1 when any differ.

    A pack is a folder, compiled-pack JSON, a shipped pack id, or git:REV:PATH for the pack
    at PATH (from the repository root) as it was at commit REV.
    """
    moment = parse_moment(as_of) if as_of else None
    diff, feed = diff_packs(
        old_pack,
        new_pack,
        list(observations),
        as_of=moment,
        include_pending=include_pending,
        stdin=sys.stdin.buffer,
    )
    if feed.rejects:
        click.echo(f"verify: {len(feed.rejects)} record(s) rejected (see verify check)", err=True)
    if fmt == "jsonl":
        click.echo(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in diff_lines(diff)),
            nl=False,
        )
    else:
        click.echo(diff_text(diff), nl=False)
    raise SystemExit(EXIT_FINDINGS if diff.differs else EXIT_OK)


def diff_lines(diff: PackDiff) -> list[dict[str, Any]]:
    """One JSON object per difference: `change` (added, removed, changed), the finding as the
    version that has it gives it (the new one when both do), and the changed `fields`."""
    lines: list[dict[str, Any]] = []
    lines += [{"change": "added", "fields": [], "finding": finding_to_json(f)} for f in diff.added]
    lines += [
        {"change": "removed", "fields": [], "finding": finding_to_json(f)} for f in diff.removed
    ]
    lines += [
        {
            "change": "changed",
            "fields": list(change.fields),
            "finding": finding_to_json(change.new),
            "was": {name: finding_to_json(change.old).get(name) for name in change.fields},
        }
        for change in diff.changed
    ]
    return lines


def diff_text(diff: PackDiff) -> str:
    """The differences as an analyst reads them: `+`, `-` and `~` lines, then the counts."""
    out = [
        f"verify diff: {printable(diff.old)} -> {printable(diff.new)}, {diff.records:,} records"
        f" as of {format_time(diff.as_of)}"
    ]
    out += [f"+ {_line(finding)}" for finding in diff.added]
    out += [f"- {_line(finding)}" for finding in diff.removed]
    for change in diff.changed:
        out.append(f"~ {_line(change.new)}")
        out.append(f"    changed: {', '.join(change.fields)}")
        if "summary" in change.fields:
            out.append(f"    was: {printable(change.old.summary)}")
    out.append(
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed,"
        f" {diff.unchanged} unchanged"
    )
    return "\n".join(out) + "\n"


def _line(finding: Finding) -> str:
    """A finding in one line: id, obligation, party, status and severity, summary."""
    return printable(
        f"{finding.id} {finding.obligation} {finding.party} {finding.status}"
        f" ({finding.severity}): {finding.summary}"
    )
