"""The ledger's integrity: each entry's sha256 chains to the previous entry's hash.

An entry's hash is the sha256 of the previous entry's hash followed by the canonical JSON (sorted
keys, no spaces, UTF-8) of the entry's content: every column but the two hashes. Editing any
column of any row, rewriting a row together with its hash, or deleting a row in the middle breaks
the chain at a place `audit_chain` names. (Removing the newest entries leaves a shorter chain
that is still intact: only an anchor kept elsewhere, such as the last hash, would show that.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

EntryKind = Literal["stored", "escalated", "resolved"]
GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace: the same text on every machine."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stamp(moment: datetime) -> str:
    """A time as the ledger stores it: UTC, to the second, `YYYY-MM-DDTHH:MM:SSZ`."""
    if moment.tzinfo is None:
        raise ValueError(f"time {moment.isoformat()} has no offset")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    """One ledger row: a finding stored, escalated through a channel, or resolved."""

    seq: int
    kind: EntryKind
    finding_id: str
    at: str
    prev_hash: str
    hash: str
    treaty: str | None = None
    obligation: str | None = None
    party: str | None = None
    channel: str | None = None
    note: str | None = None
    body: str = "{}"

    @property
    def moment(self) -> datetime:
        """When it happened."""
        return datetime.fromisoformat(self.at)

    def data(self) -> dict[str, Any]:
        """The body parsed (a stored finding and its ladder; empty for other kinds)."""
        parsed = json.loads(self.body)
        if not isinstance(parsed, dict):
            raise ValueError("the body is not a JSON object")
        return parsed

    def content(self) -> dict[str, Any]:
        """What the hash covers: every column but the hashes, the body as parsed JSON."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "finding_id": self.finding_id,
            "at": self.at,
            "treaty": self.treaty,
            "obligation": self.obligation,
            "party": self.party,
            "channel": self.channel,
            "note": self.note,
            "body": self.data(),
        }

    def expected_hash(self) -> str:
        """The hash this entry should carry given its content and its `prev_hash`."""
        return entry_hash(self.prev_hash, self.content())


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """sha256 over the previous hash followed by the content's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditReport:
    """The outcome of recomputing the chain: intact, or the first entry found tampered."""

    entries: int
    seq: int | None = None
    finding_id: str | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        """Whether every entry chains to the previous one and matches its content."""
        return self.seq is None

    def message(self) -> str:
        """One line for people: `N entries, chain intact` or the first tampered entry."""
        if self.intact:
            return f"{self.entries} entries, chain intact"
        finding = f" (finding {self.finding_id})" if self.finding_id else ""
        return f"entry {self.seq}{finding} was tampered with: {self.reason}"


def _self_check(entry: Entry) -> str:
    """Why an entry's content does not match its own hash ('' when it does)."""
    try:
        expected = entry.expected_hash()
    except ValueError:
        return "its body is no longer a JSON object"
    return "" if expected == entry.hash else "its content no longer matches its hash"


def audit_chain(entries: Sequence[Entry]) -> AuditReport:
    """Recompute the chain in sequence order and name the first entry that breaks it."""
    previous: Entry | None = None
    for entry in sorted(entries, key=lambda e: e.seq):
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            gap = f"{expected_seq}" + (
                f" to {entry.seq - 1}" if entry.seq - 1 > expected_seq else ""
            )
            return AuditReport(
                len(entries),
                expected_seq,
                None,
                f"entry {gap} is missing before entry {entry.seq} ({entry.finding_id})",
            )
        own = _self_check(entry)
        if own:
            return AuditReport(len(entries), entry.seq, entry.finding_id, own)
        link = previous.hash if previous else GENESIS
        if entry.prev_hash != link:
            if previous is None:
                return AuditReport(
                    len(entries), entry.seq, entry.finding_id, "it does not start the chain"
                )
            return AuditReport(
                len(entries),
                previous.seq,
                previous.finding_id,
                f"it was rewritten with a new hash: entry {entry.seq} recorded another one",
            )
        previous = entry
    return AuditReport(len(entries))
