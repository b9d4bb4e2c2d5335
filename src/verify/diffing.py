"""What a change of the rules does to findings: two pack versions over the same feed.

`diff_packs` reads the feed once, checks it with the old and the new version of a pack at the
same `as_of`, and pairs the findings by id (a hash of treaty, obligation, party and the
records that make the breach, so the same breach has the same id under both versions):

- added: produced by the new version only;
- removed: produced by the old version only;
- changed: produced by both, with the contract fields that differ (a summary that names a
  new limit, a severity, the channels, the window...).

A pack version may be a folder, a compiled-pack JSON file, a shipped pack id, or
`git:REV:PATH`: the pack folder PATH as it was at commit REV of the repository the working
directory is in (`verify diff git:HEAD~3:treaties/new-start treaties/new-start feed.jsonl`).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from verify.api import check_frame, feed_schema, latest_time
from verify.errors import UsageError
from verify.feeds import FeedResult, read_feeds
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.report.serialize import finding_to_json
from verify.treaty import load_pack

GIT_PREFIX = "git:"


@dataclass(frozen=True)
class Change:
    """One finding both versions produce, as each produced it, and the fields that differ."""

    old: Finding
    new: Finding
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PackDiff:
    """The findings of two pack versions over one feed, paired by id, in finding order."""

    old: str
    new: str
    as_of: datetime
    records: int
    added: tuple[Finding, ...]
    removed: tuple[Finding, ...]
    changed: tuple[Change, ...]
    unchanged: int

    @property
    def differs(self) -> bool:
        """Whether any finding was added, removed or changed."""
        return bool(self.added or self.removed or self.changed)


def diff_packs(
    old: str,
    new: str,
    observations: Sequence[str | Path],
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
    stdin: BinaryIO | None = None,
) -> tuple[PackDiff, FeedResult]:
    """Check `observations` with pack versions `old` and `new` and compare their findings.

    `as_of` defaults to the latest event time in the feed, the same moment for both versions.
    """
    with materialized(old) as old_pack, materialized(new) as new_pack:
        feed = read_feeds(observations, feed_schema([old_pack, new_pack]), stdin=stdin)
        moment = as_of or latest_time(feed.frame)
        before = check_frame([old_pack], feed.frame, moment, include_pending=include_pending)
        after = check_frame([new_pack], feed.frame, moment, include_pending=include_pending)
    return compare(old, new, before, after, moment, len(feed.frame)), feed


def compare(
    old: str,
    new: str,
    before: Sequence[Finding],
    after: Sequence[Finding],
    as_of: datetime,
    records: int,
) -> PackDiff:
    """Pair two lists of findings by id: what was added, removed and changed (and in what)."""
    old_by_id = {finding.id: finding for finding in before}
    new_by_id = {finding.id: finding for finding in after}
    changed: list[Change] = []
    for finding in after:
        earlier = old_by_id.get(finding.id)
        if earlier is not None:
            fields = changed_fields(finding_to_json(earlier), finding_to_json(finding))
            if fields:
                changed.append(Change(earlier, finding, fields))
    return PackDiff(
        old=old,
        new=new,
        as_of=as_of,
        records=records,
        added=tuple(f for f in after if f.id not in old_by_id),
        removed=tuple(f for f in before if f.id not in new_by_id),
        changed=tuple(changed),
        unchanged=sum(1 for f in after if f.id in old_by_id) - len(changed),
    )


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The top-level fields whose values differ, in the contract's order (new fields last)."""
    names = [*old, *(name for name in new if name not in old)]
    return tuple(name for name in names if old.get(name) != new.get(name))


@contextmanager
def materialized(reference: str) -> Iterator[Pack]:
    """The pack a reference names, loaded; a `git:REV:PATH` one written out for the while."""
    if not reference.startswith(GIT_PREFIX):
        yield load_pack(reference)
        return
    revision, path = _git_reference(reference)
    with tempfile.TemporaryDirectory(prefix="verify-diff-") as scratch:
        exported = Path(scratch) / PurePosixPath(path).name
        _export(revision, path, exported, reference)
        yield load_pack(str(exported))


def _git_reference(reference: str) -> tuple[str, str]:
    """REV and PATH of `git:REV:PATH`; a reference lacking either is a usage error."""
    revision, sep, path = reference[len(GIT_PREFIX) :].partition(":")
    if not sep or not revision or not path.strip("/"):
        raise UsageError(
            f"{reference!r}: write a pack at a commit as git:REV:PATH"
            " (git:HEAD~1:treaties/new-start)"
        )
    return revision, path.strip("/")


def _git(*args: str, reference: str) -> bytes:
    """Run git in the working directory; a failure is a usage error naming the reference."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError as error:
        raise UsageError(f"{reference!r}: git is not available ({error.strerror})") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"{reference!r}: {reason[-1] if reason else 'git failed'}")
    return done.stdout


def _export(revision: str, path: str, exported: Path, reference: str) -> None:
    """Write PATH as it was at REV to `exported`: a folder's files below it, or the one file
    (a compiled pack) as it."""
    listing = _git("ls-tree", "-r", "-z", "--full-tree", revision, "--", path, reference=reference)
    entries = [entry for entry in listing.split(b"\0") if entry]
    if not entries:
        raise UsageError(f"{reference!r}: no files under {path!r} at {revision!r}")
    for entry in entries:
        meta, _, name_bytes = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind != "blob" or mode == "120000":  # submodules and symbolic links are no pack file
            continue
        name = name_bytes.decode("utf-8", "surrogateescape")
        relative = PurePosixPath(name).relative_to(path)
        target = exported.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git("cat-file", "blob", blob, reference=reference))
