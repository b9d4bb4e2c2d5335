"""The ledger: findings stored, revised, withdrawn, reopened, escalated and resolved, in one
hash-chained table (the database itself, its tables and migrations: `database.py`; what a run
writes to reconcile with it: `reconcile.py`).

SQLite by default (`.verify/ledger.sqlite` in the working directory, or under $VERIFY_HOME),
any SQLAlchemy URL otherwise; PostgreSQL is tested. The schema is migrated with Alembic, in
code, on first use. Entries are only ever appended, each under a lock so that the chain never
forks: `BEGIN IMMEDIATE` on SQLite, a table lock on PostgreSQL. The chain's head (the last
entry's number and hash) is kept apart in the one-row `ledger_head`, moved in the same
transaction as each append, so that entries removed from the end show in the audit; a ledger
whose head and last entry disagree is not appended to (that would hide the gap).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from math import isfinite
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from verify.errors import Location
from verify.escalation.cases import (
    VERSION_KINDS,
    Case,
    LadderContext,
    build_cases,
    matching_cases,
)
from verify.escalation.chain import (
    START,
    AuditReport,
    Entry,
    EntryKind,
    Head,
    audit_chain,
    canonical_json,
    canonical_json_finite,
    stamp,
)
from verify.escalation.database import (
    ENTRY_COLUMNS,
    FINDING_ID,
    HOME_ENV,
    LedgerError,
    batches,
    default_url,
    display_url,
    entries_table,
    head_table,
    insert_entries,
    make_engine,
    migrate,
)
from verify.model.finding import Finding

__all__ = [
    "HOME_ENV",
    "Ledger",
    "LedgerError",
    "StoreOutcome",
    "Stored",
    "default_url",
    "display_url",
    "draft",
    "ladder_json",
    "migrate",
]


@dataclass(frozen=True)
class Stored:
    """A finding with its ladder as the ledger stores it: `body` is their canonical JSON."""

    finding: Finding
    context: LadderContext
    body: str

    @classmethod
    def of(
        cls, finding: Finding, context: LadderContext, context_json: str | None = None
    ) -> Stored:
        """The stored form. `context_json`: the ladder's canonical JSON, written once for the
        many findings that share it (`ladder_json`)."""
        ladder = ladder_json(context) if context_json is None else context_json
        dumped = finding.model_dump(mode="json")
        written = canonical_json_finite(dumped) if _finite(finding) else canonical_json(dumped)
        # canonical_json({"context": ..., "finding": ...}), its keys in sorted order
        return cls(finding, context, f'{{"context":{ladder},"finding":{written}}}')


def _finite(finding: Finding) -> bool:
    """Whether every float of a finding is finite: its confidence and its evidence's positions
    (the model's only float fields)."""
    return isfinite(finding.confidence) and all(
        (e.lat is None or isfinite(e.lat)) and (e.lon is None or isfinite(e.lon))
        for e in finding.evidence
    )


def ladder_json(context: LadderContext) -> str:
    """A ladder's canonical JSON, as a stored body holds it."""
    return canonical_json(context.model_dump(mode="json"))


@dataclass(frozen=True)
class StoreOutcome:
    """Which findings a `store` added and which were already in the ledger."""

    added: tuple[str, ...]
    kept: tuple[str, ...]


class Ledger:
    """An open ledger. Use `Ledger.open(url)`, ideally as a context manager."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> Ledger:
        """Open (creating and migrating on first use) the ledger at `url` or the default."""
        text_url = url or default_url()
        where = Location(display_url(text_url))
        try:
            engine = make_engine(make_url(text_url))
        except (ArgumentError, ValueError) as error:
            raise LedgerError(f"not a database URL: {error}", where) from error
        except ImportError as error:
            raise LedgerError(f"no driver for this database: {error}", where) from error
        except OSError as error:
            raise LedgerError(f"cannot create the ledger's folder: {error}", where) from error
        ledger = cls(engine, text_url)
        try:
            with ledger._errors():
                migrate(engine)
        except LedgerError:
            engine.dispose()
            raise
        return ledger

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def shown(self) -> str:
        """The ledger's URL, fit to print (no password)."""
        return display_url(self.url)

    @property
    def where(self) -> Location:
        """The ledger as an error location."""
        return Location(self.shown)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            original = getattr(error, "orig", None)
            reason = str(original) if original is not None else str(error)
            raise LedgerError(f"database error: {reason.strip()}", self.where) from error

    @contextmanager
    def _appending(self) -> Iterator[Connection]:
        """A transaction that holds the ledger's write lock until it ends."""
        with self._errors(), self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE"))
            yield connection

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A transaction in which the entries and the head are read as of one moment."""
        with self._errors(), self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    def _read(self, connection: Connection) -> tuple[Entry, ...]:
        rows = connection.execute(select(*ENTRY_COLUMNS).order_by(entries_table.c.seq))
        return tuple(Entry(*row) for row in rows)

    def _recorded_head(self, connection: Connection) -> Head | None:
        row = connection.execute(select(head_table.c.seq, head_table.c.hash)).first()
        return Head(row.seq, row.hash) if row else None

    def _last(self, connection: Connection) -> Head:
        c = entries_table.c
        row = connection.execute(select(c.seq, c.hash).order_by(c.seq.desc()).limit(1)).first()
        return Head(row.seq, row.hash) if row else START

    def _append(self, connection: Connection, drafts: Sequence[dict[str, Any]]) -> list[Entry]:
        head, last = self._recorded_head(connection), self._last(connection)
        if head != last:
            kept = f"entry {head.seq}" if head else "missing"
            raise LedgerError(
                f"the ledger's head ({kept}) is not its last entry (entry {last.seq}): entries"
                " were removed or rewritten outside verify, so nothing more is appended;"
                " `verify audit` says more",
                self.where,
            )
        seq, prev = last.seq, last.hash
        written: list[Entry] = []
        for draft in drafts:
            seq += 1
            unsealed = Entry(seq=seq, prev_hash=prev, hash="", **draft)
            prev = unsealed.expected_hash(canonical_body=True)
            written.append(Entry(seq=seq, prev_hash=unsealed.prev_hash, hash=prev, **draft))
        insert_entries(connection, written)
        if written:
            connection.execute(head_table.update().values(seq=seq, hash=prev))
        return written

    def head(self) -> Head | None:
        """The chain's head as kept apart from the entries (None if that record is missing)."""
        with self._errors(), self.engine.connect() as connection:
            return self._recorded_head(connection)

    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in sequence order."""
        with self._errors(), self.engine.connect() as connection:
            return self._read(connection)

    def cases(self) -> tuple[Case, ...]:
        """One case per stored finding, in the order they were stored."""
        return self._cases(self.entries())

    def _cases(
        self,
        entries: Sequence[Entry],
        opened: Mapping[int, tuple[Finding, LadderContext]] | None = None,
    ) -> tuple[Case, ...]:
        try:
            return build_cases(entries, opened)
        except ValueError as error:
            raise LedgerError(
                f"an entry cannot be read ({error}); `verify audit` names it", self.where
            ) from error

    def case(self, wanted: str) -> Case:
        """The case whose finding id is `wanted`, or the only one it is a prefix of."""
        return self._pick(self.cases(), wanted)

    def _pick(self, cases: Sequence[Case], wanted: str) -> Case:
        matches = matching_cases(cases, wanted)
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = ", ".join(c.finding.id for c in matches[:5])
            raise LedgerError(f"{wanted!r} matches {len(matches)} findings: {ids}", self.where)
        raise LedgerError(
            f"no finding {wanted!r} among the {len(cases)} recorded"
            " (record them with `verify check --record`)",
            self.where,
        )

    def store(
        self,
        items: Sequence[Stored | tuple[Finding, LadderContext]],
        at: datetime | None = None,
    ) -> StoreOutcome:
        """Store findings with their ladders; a finding already stored (same id) is left as is.

        One transaction: the ids are looked up in batches, the new entries inserted in bulk.
        """
        when = stamp(at or datetime.now(UTC))
        forms = [item if isinstance(item, Stored) else Stored.of(*item) for item in items]
        with self._appending() as connection:
            stored = self._stored_among(connection, [form.finding.id for form in forms])
            drafts: list[dict[str, Any]] = []
            added: list[str] = []
            kept: list[str] = []
            for form in forms:
                finding = form.finding
                if finding.id in stored:
                    kept.append(finding.id)
                    continue
                stored.add(finding.id)
                added.append(finding.id)
                drafts.append(
                    draft("stored", finding.id, when, body=form.body)
                    | {
                        "treaty": finding.treaty,
                        "obligation": finding.obligation,
                        "party": finding.party,
                    }
                )
            self._append(connection, drafts)
        return StoreOutcome(tuple(added), tuple(kept))

    def _stored_among(self, connection: Connection, ids: Sequence[str]) -> set[str]:
        """Which of these finding ids are stored (through the index on the finding id)."""
        c = entries_table.c
        found: set[str] = set()
        for batch in batches(sorted(set(ids))):
            query = select(c.finding_id).where(c.kind == "stored", c.finding_id.in_(batch))
            found.update(connection.execute(query).scalars())
        return found

    def cases_of(
        self, findings: Iterable[Finding], known: Iterable[Stored] = ()
    ) -> tuple[Case, ...]:
        """Every recorded case of the same treaty, obligation and party as one of `findings`:
        the cases whose history weighs on them, in the order stored, read through the indexes.

        A stored body that is the very text of one of `known` is taken from it, not parsed.
        """
        subjects: dict[tuple[str, str], set[str] | None] = {}
        for finding in findings:
            parties = subjects.setdefault((finding.treaty, finding.obligation), set())
            if parties is not None:
                parties.add(finding.party)
        with self._errors(), self.engine.connect() as connection:  # no lock: writers go on
            return self._subject_cases(connection, subjects, known)

    def _subject_cases(
        self,
        connection: Connection,
        subjects: Mapping[tuple[str, str], Iterable[str] | None],
        known: Iterable[Stored] = (),
    ) -> tuple[Case, ...]:
        """The cases of these treaties and obligations (of these parties; None: of every
        party), with every entry of theirs, read through the indexes."""
        forms = {form.finding.id: form for form in known}
        entries = self._subject_entries(connection, subjects)
        return self._cases(entries, _known_bodies(entries, forms))

    def _subject_entries(
        self, connection: Connection, subjects: Mapping[tuple[str, str], Iterable[str] | None]
    ) -> list[Entry]:
        c = entries_table.c
        rows: list[Sequence[Any]] = []
        for (treaty, obligation), parties in sorted(subjects.items()):
            where = [c.kind == "stored", c.treaty == treaty, c.obligation == obligation]
            if parties is None:
                rows.extend(connection.execute(select(*ENTRY_COLUMNS).where(*where)))
                continue
            for batch in batches(sorted(parties)):
                query = select(*ENTRY_COLUMNS).where(*where, c.party.in_(batch))
                rows.extend(connection.execute(query))
        ids = [row[FINDING_ID] for row in rows]
        for batch in batches(ids):
            query = select(*ENTRY_COLUMNS).where(c.kind != "stored", c.finding_id.in_(batch))
            rows.extend(connection.execute(query))
        return [Entry(*row) for row in rows]

    def amend(
        self,
        scope: Mapping[tuple[str, str], Iterable[str] | None],
        plan: Callable[[tuple[Case, ...]], Sequence[dict[str, Any]]],
        known: Iterable[Stored] = (),
    ) -> tuple[tuple[Case, ...], tuple[Case, ...]]:
        """Read the cases of a scope (treaty and obligation pairs, each with its parties, or
        None for every party) and append the entries `plan` drafts from them, in one
        transaction under the write lock, so that no other writer comes in between; the cases
        as read, and as the entries written left them (folded again, not read again: a body
        that is the very text of one of `known` is taken from it, not parsed)."""
        forms = {form.finding.id: form for form in known}
        with self._appending() as connection:
            entries = self._subject_entries(connection, scope)
            before = self._cases(entries, _known_bodies(entries, forms))
            written = self._append(connection, plan(before))
        every = [*entries, *written]
        return before, self._cases(every, _known_bodies(every, forms))

    def escalate(
        self,
        finding_id: str,
        channel_id: str,
        *,
        at: datetime | None = None,
        note: str | None = None,
    ) -> tuple[Case, Entry]:
        """Record that a channel of the finding's ladder was used; the case as it now stands."""
        when = stamp(at or datetime.now(UTC))
        with self._appending() as connection:
            case = self._pick(self._cases(self._read(connection)), finding_id)
            self._refuse_resolved(case, "escalate")
            if case.context.channel(channel_id) is None:
                raise LedgerError(_unknown_channel(channel_id, case), self.where)
            used = draft("escalated", case.finding.id, when, channel=channel_id, note=note)
            (entry,) = self._append(connection, [used])
            return self._pick(self._cases(self._read(connection)), case.finding.id), entry

    def resolve(
        self, finding_id: str, note: str, *, at: datetime | None = None
    ) -> tuple[Case, Entry]:
        """Close a case with a note; the case as it now stands."""
        if not note.strip():
            raise LedgerError("a resolution needs a note saying how it was resolved", self.where)
        when = stamp(at or datetime.now(UTC))
        with self._appending() as connection:
            case = self._pick(self._cases(self._read(connection)), finding_id)
            self._refuse_resolved(case, "resolve")
            (entry,) = self._append(
                connection, [draft("resolved", case.finding.id, when, note=note)]
            )
            return self._pick(self._cases(self._read(connection)), case.finding.id), entry

    def _refuse_resolved(self, case: Case, verb: str) -> None:
        withdrawal = case.withdrawal
        if verb == "escalate" and case.resolution is None and withdrawal is not None:
            raise LedgerError(
                f"cannot escalate {case.finding.id}: withdrawn on {stamp(withdrawal.at)}"
                f" ({withdrawal.note})",
                self.where,
            )
        if case.resolution is not None:
            raise LedgerError(
                f"cannot {verb} {case.finding.id}: resolved on"
                f" {stamp(case.resolution.at)} ({case.resolution.note})",
                self.where,
            )

    def audit(self, expect: Head | None = None) -> AuditReport:
        """Recompute the hash chain and name the first tampered entry, or a head the entries no
        longer reach; with `expect`, also whether the chain still holds that entry and hash."""
        with self._snapshot() as connection:
            entries, head = self._read(connection), self._recorded_head(connection)
        return audit_chain(entries, head, expect)


def draft(
    kind: EntryKind,
    finding_id: str,
    at: str,
    *,
    channel: str | None = None,
    note: str | None = None,
    body: str = "{}",
) -> dict[str, Any]:
    """An entry to append, without its number and hashes (which `_append` gives it)."""
    return {
        "kind": kind,
        "finding_id": finding_id,
        "at": at,
        "channel": channel,
        "note": note,
        "body": body,
    }


def _known_bodies(
    entries: Iterable[Entry], forms: Mapping[str, Stored]
) -> dict[int, tuple[Finding, LadderContext]]:
    """By entry number, the finding and ladder of the entries whose body is the very text of
    one of `forms` (so that it need not be parsed)."""
    return {
        entry.seq: (form.finding, form.context)
        for entry in entries
        if entry.kind in VERSION_KINDS
        and (form := forms.get(entry.finding_id)) is not None
        and form.body == entry.body
    }


def _unknown_channel(channel_id: str, case: Case) -> str:
    known = [c.id for c in case.context.channels]
    close = difflib.get_close_matches(channel_id, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"unknown channel {channel_id!r} for {case.finding.id} ({case.finding.treaty});"
        f" known channels: {', '.join(known) or 'none'}{hint}"
    )
