"""The ledger's integrity: each entry's sha256 chains to the previous entry's hash.

An entry's hash is the sha256 of the previous entry's hash followed by the canonical JSON (sorted
keys, no spaces, UTF-8) of the entry's content: every column but the two hashes. Editing any
column of any row, rewriting a row together with its hash, or deleting a row in the middle breaks
the chain at a place `audit_chain` names. Removing the newest entries, or rewriting the newest
with a fresh hash, leaves a chain that is intact in itself: the chain's head (the last entry's
sequence number and hash), kept apart from the entries and moved with each append, shows it;
and a head that a pipeline pinned elsewhere (`SEQ:HASH`) shows it even when the head was
rewritten too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

EntryKind = Literal["stored", "escalated", "resolved", "revised", "withdrawn", "reopened"]
#: Every kind of entry, as the schema's check constraint lists them.
ENTRY_KINDS: tuple[EntryKind, ...] = (
    "stored",
    "escalated",
    "resolved",
    "revised",
    "withdrawn",
    "reopened",
)
GENESIS = "0" * 64
_BODY_MARK = "\x00body\x00"
_MARK_JSON = json.dumps(_BODY_MARK, ensure_ascii=False)  # as canonical_json writes it


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace: the same text on every machine."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


#: Where orjson's text can differ from `json.dumps`'s: a float below 1e-4 in magnitude, which
#: orjson writes out in decimals (`0.00001`) or with a one-digit exponent (`1e-7`) and Python
#: with a two-digit one (`1e-05`, `1e-07`). Either shape anywhere in the text, inside a string
#: too, sends the value to `json.dumps` (a false alarm costs time, never bytes).
_DECIMALS = b"0.0000"
_SHORT_EXPONENT = re.compile(rb"e-\d(?!\d)")


def canonical_json_finite(value: Any) -> str:
    """`canonical_json(value)`, the very same text, three to four times faster: for a value
    the caller knows holds no NaN or infinity (orjson writes them `null`, Python `NaN`).

    orjson writes sorted keys, compact separators, UTF-8 and the same escapes as `json.dumps`
    with `ensure_ascii=False`, and every float as `repr` does but the small ones above; those,
    an integer beyond 64 bits and a lone surrogate (which orjson refuses) go to `json.dumps`.
    """
    try:
        raw = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return canonical_json(value)
    if _DECIMALS in raw or _SHORT_EXPONENT.search(raw):
        return canonical_json(value)
    return raw.decode()


def stamp(moment: datetime) -> str:
    """A time as the ledger stores it: UTC, to the second, `YYYY-MM-DDTHH:MM:SSZ`."""
    if moment.tzinfo is None:
        raise ValueError(f"time {moment.isoformat()} has no offset")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    """One ledger row: a finding stored, escalated through a channel or resolved; or, as a
    later run reconciles it, revised (a new version), withdrawn or reopened."""

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
        """The body parsed (a finding and its ladder for `stored`, `revised` and `reopened`; the
        records that disproved it for `withdrawn`; empty for other kinds)."""
        parsed = json.loads(self.body)
        if not isinstance(parsed, dict):
            raise ValueError("the body is not a JSON object")
        return parsed

    def content(self) -> dict[str, Any]:
        """What the hash covers: every column but the hashes, the body as parsed JSON."""
        return self._content(self.data())

    def _content(self, body: Any) -> dict[str, Any]:
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
            "body": body,
        }

    def expected_hash(self, *, canonical_body: bool = False) -> str:
        """The hash this entry should carry given its content and its `prev_hash`.

        `canonical_body`: the caller vouches that `body` is the canonical JSON of an object (as
        `canonical_json` wrote it), so it goes into the hashed text as it is, not parsed and
        written again: the same hash, at a fraction of the cost, for entries being written.
        """
        if not canonical_body:
            return entry_hash(self.prev_hash, self.content())
        # "at" (a time stamp) is the only key sorted before "body": the mark's first occurrence
        # is the body's place.
        # (No float among the columns: orjson's text is json.dumps's.)
        text = canonical_json_finite(self._content(_BODY_MARK)).replace(_MARK_JSON, self.body, 1)
        return hashlib.sha256((self.prev_hash + text).encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """sha256 over the previous hash followed by the content's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


_HEAD_TEXT = re.compile(r"(\d+):([0-9a-fA-F]{64})")


@dataclass(frozen=True)
class Head:
    """A place in the chain: an entry's sequence number and hash (`0` and GENESIS: the start)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        """`SEQ:HASH`, as `verify audit --head` prints it and `--expect` takes it."""
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """A head from `SEQ:HASH` (a sha256 in hex); ValueError saying what is wrong."""
        match = _HEAD_TEXT.fullmatch(text.strip())
        if match is None:
            raise ValueError(
                f"{text!r} is not SEQ:HASH (an entry number, a colon, 64 hexadecimal digits)"
            )
        return cls(int(match[1]), match[2].lower())


START = Head(0, GENESIS)


@dataclass(frozen=True)
class AuditReport:
    """The outcome of recomputing the chain: intact, or the first entry found tampered, or a
    head that the entries no longer reach; and whether a pinned entry is still there."""

    entries: int
    seq: int | None = None
    finding_id: str | None = None
    reason: str = ""
    #: The last entry of the chain as verified (START for an empty ledger).
    head: Head = START
    #: The problem is the chain's head, not one entry: `reason` is the whole message.
    of_head: bool = False
    #: The entry pinned with `expect`, and why the chain no longer holds it ('' when it does).
    expected: Head | None = None
    unmet: str = ""

    @property
    def intact(self) -> bool:
        """Whether every entry chains to the previous one and the last one is the head."""
        return not self.reason

    @property
    def passed(self) -> bool:
        """Intact, and holding the pinned entry if one was given."""
        return self.intact and not self.unmet

    def message(self) -> str:
        """One line for people: `N entries, chain intact` or the first tampered entry."""
        if self.intact:
            return f"{self.entries} entries, chain intact"
        if self.of_head:
            return self.reason
        finding = f" (finding {self.finding_id})" if self.finding_id else ""
        return f"entry {self.seq}{finding} was tampered with: {self.reason}"

    def expectation(self) -> str:
        """One line on the pinned entry ('' when none was pinned)."""
        if self.expected is None:
            return ""
        if self.unmet:
            return f"expected entry {self.expected}: {self.unmet}"
        return f"entry {self.expected.seq} still carries the expected hash {self.expected.hash}"


def _self_check(entry: Entry) -> str:
    """Why an entry's content does not match its own hash ('' when it does).

    First with the body as it is written, which verify writes canonical: a match means the
    body is the very text its writer hashed, so parsing it and writing it again would give
    the same text. Only a body that does not match so is parsed, to tell a body that is no
    longer JSON from one whose content changed (or one merely written otherwise, which the
    canonical form still matches).
    """
    if entry.expected_hash(canonical_body=True) == entry.hash:
        return ""
    try:
        expected = entry.expected_hash()
    except ValueError:
        return "its body is no longer a JSON object"
    return "" if expected == entry.hash else "its content no longer matches its hash"


def audit_chain(
    entries: Sequence[Entry],
    head: Head | None = START,
    expect: Head | None = None,
) -> AuditReport:
    """Recompute the chain in sequence order and name the first entry that breaks it; then
    check that its last entry is `head` (the head kept apart; None: that record is missing),
    and, if given, that the chain still holds the entry `expect` with that hash."""
    ordered = sorted(entries, key=lambda e: e.seq)
    report = _links(ordered)
    if report.intact:
        report = _against_head(ordered, head)
    if expect is not None:
        report = replace(report, expected=expect, unmet=_unmet(ordered, report, expect))
    return report


def _links(entries: Sequence[Entry]) -> AuditReport:
    """The first entry whose number, content or link breaks the chain; else intact."""
    previous: Entry | None = None
    for entry in entries:
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            return AuditReport(
                len(entries),
                expected_seq,
                None,
                f"{_span(expected_seq, entry.seq - 1)} missing before entry {entry.seq}"
                f" ({entry.finding_id})",
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
    last = Head(previous.seq, previous.hash) if previous else START
    return AuditReport(len(entries), head=last)


def _against_head(entries: Sequence[Entry], head: Head | None) -> AuditReport:
    """An intact chain checked against the head kept apart: the same entry, the same hash."""
    count, last = len(entries), (Head(entries[-1].seq, entries[-1].hash) if entries else START)
    if head == last:
        return AuditReport(count, head=last)
    if head is None:
        return AuditReport(
            count, reason="the chain's head, kept apart from the entries, is missing", of_head=True
        )
    if head.seq > last.seq:
        return AuditReport(
            count,
            last.seq + 1,
            reason=f"the chain was truncated: its head is entry {head.seq}, but the entries end"
            f" at entry {last.seq}; {_span(last.seq + 1, head.seq)} missing",
            of_head=True,
        )
    if head.seq < last.seq:
        beyond = next(e for e in entries if e.seq == head.seq + 1)
        return AuditReport(
            count,
            beyond.seq,
            beyond.finding_id,
            f"{_span(head.seq + 1, last.seq)} beyond the chain's head (entry {head.seq}):"
            " written outside verify, or the head was moved back",
            of_head=True,
        )
    return AuditReport(
        count,
        last.seq,
        entries[-1].finding_id if entries else None,
        f"the chain's head disagrees with entry {last.seq}: the head records hash {head.hash},"
        f" the entry carries {last.hash}; the entry or the head was rewritten",
        of_head=True,
    )


def _unmet(entries: Sequence[Entry], report: AuditReport, expect: Head) -> str:
    """Why the chain no longer holds the entry `expect` with its hash ('' when it does)."""
    if expect.seq == 0:
        return "" if expect.hash == GENESIS else f"entry 0 is the chain's start, {GENESIS}"
    entry = next((e for e in entries if e.seq == expect.seq), None)
    if entry is None:
        end = entries[-1].seq if entries else 0
        return f"the ledger holds no entry {expect.seq} (its entries end at entry {end})"
    if entry.hash != expect.hash:
        return f"entry {expect.seq} now carries hash {entry.hash}"
    if not report.of_head and report.seq is not None and report.seq <= expect.seq:
        return f"the chain breaks at entry {report.seq}, so entry {expect.seq} no longer holds"
    return ""


def _span(first: int, last: int) -> str:
    """`entry 4 is` or `entries 4 to 6 are`."""
    return f"entries {first} to {last} are" if last > first else f"entry {first} is"
