"""Alembic's environment for the ledger: migrate over the connection the ledger hands in.

`verify` configures Alembic in code (no `alembic.ini`): `verify.escalation.ledger.migrate` sets
`script_location` to this folder and passes its open connection in `config.attributes`. Run by
hand, `sqlalchemy.url` in the configuration names the database instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Upgrade over the given connection, or over a new engine for `sqlalchemy.url`."""
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _migrate(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection in config.attributes and no sqlalchemy.url to migrate")
    engine = create_engine(url)
    try:
        with engine.begin() as opened:
            _migrate(opened)
    finally:
        engine.dispose()


run()
