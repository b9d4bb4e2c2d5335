"""The ledger's database: its tables, engines for a URL, and the Alembic migrations.

SQLite by default (`.verify/ledger.sqlite` in the working directory, or under $VERIFY_HOME),
any SQLAlchemy URL otherwise; PostgreSQL is tested. On SQLite every transaction begins
`IMMEDIATE`, so that a reader that will write holds the lock from its first statement.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from verify.errors import VerifyError
from verify.escalation.chain import Entry

HOME_ENV = "VERIFY_HOME"
MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATING = threading.Lock()
_LOCK_KEY = 0x7665726966  # "verif": the advisory lock that serialises migrations on PostgreSQL
T = TypeVar("T")

metadata = MetaData()
entries_table = Table(
    "ledger_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("finding_id", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("treaty", String(200)),
    Column("obligation", String(200)),
    Column("party", String(64)),
    Column("channel", String(200)),
    Column("note", Text),
    Column("body", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
#: One row (`id` 1): the chain's last entry, moved with every append.
head_table = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


class LedgerError(VerifyError):
    """A ledger that cannot be opened, or a request it cannot honour (unknown finding, say)."""


def default_url() -> str:
    """`sqlite:///.verify/ledger.sqlite`, or the same file under $VERIFY_HOME."""
    home = Path(os.environ.get(HOME_ENV, ".verify"))
    return f"sqlite:///{home / 'ledger.sqlite'}"


def display_url(url: str | URL) -> str:
    """A URL fit to print: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def make_engine(url: URL) -> Engine:
    """An engine for the URL: psycopg 3 for PostgreSQL; for SQLite, its folder created and
    every transaction begun `IMMEDIATE`."""
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver verify ships
    if url.get_backend_name() != "sqlite":
        return create_engine(url)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, begins transactions

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with Alembic (nothing to do when it is there).

    Alembic's `context` is process-global, so one thread migrates at a time; across processes
    the transaction is the lock (`BEGIN IMMEDIATE`, or an advisory lock on PostgreSQL).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with _MIGRATING, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


#: Ids per `IN (...)` list: below SQLite's oldest limit of 999 bound parameters.
BATCH = 500


def batches(values: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `size` (`BATCH`)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


#: The columns in the order of `Entry`'s fields, so that a row makes an entry as it is.
ENTRY_COLUMNS = tuple(entries_table.c[f.name] for f in fields(Entry))
FINDING_ID = [f.name for f in fields(Entry)].index("finding_id")
#: Rows per `executemany` when appending.
INSERT_BATCH = 5000


def insert_entries(connection: Connection, entries: Sequence[Entry]) -> None:
    """The entries inserted in bulk: the statement compiled once for the connection's dialect
    and handed to the driver's `executemany` (SQLite's, or psycopg's pipeline) in batches of
    rows, with none of SQLAlchemy's per-row parameter processing (the columns are plain
    strings and integers)."""
    if not entries:
        return
    compiled = entries_table.insert().compile(dialect=connection.dialect)
    names = compiled.positiontup if connection.dialect.positional else None
    for batch in batches(entries, INSERT_BATCH):
        if names is None:
            rows: list[Any] = [vars(entry) for entry in batch]
        else:
            columns = attrgetter(*names)
            rows = [columns(entry) for entry in batch]
        connection.exec_driver_sql(str(compiled), rows)
