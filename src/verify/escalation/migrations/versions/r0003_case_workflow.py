"""Entries for the case workflow: a finding revised (a new version), withdrawn and reopened.

`ledger_entries.kind` is held to a list by a check constraint; this widens the list. PostgreSQL
replaces the constraint in place. SQLite cannot alter a constraint, so the table is rebuilt:
created anew with the wider list, filled with every row as it is (the hash chain covers the
rows' content, which the copy keeps byte for byte), the old one dropped, the new one renamed,
and its indexes created again. The chain and its head are untouched: an audit after the
migration finds what it found before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

OLD_KINDS = ("stored", "escalated", "resolved")
NEW_KINDS = (*OLD_KINDS, "revised", "withdrawn", "reopened")
CONSTRAINT = "ck_ledger_entries_kind"
COLUMNS = (
    "seq, kind, finding_id, at, treaty, obligation, party, channel, note, body, prev_hash, hash"
)


def _check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _table(name: str, kinds: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("finding_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("treaty", sa.String(200)),
        sa.Column("obligation", sa.String(200)),
        sa.Column("party", sa.String(64)),
        sa.Column("channel", sa.String(200)),
        sa.Column("note", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint(_check(kinds), name=CONSTRAINT),
    )


def _indexes() -> None:
    op.create_index("ix_ledger_entries_finding", "ledger_entries", ["finding_id"])
    op.create_index(
        "ix_ledger_entries_subject", "ledger_entries", ["treaty", "obligation", "party"]
    )
    only_stored = sa.text("kind = 'stored'")
    op.create_index(
        "uq_ledger_entries_stored",
        "ledger_entries",
        ["finding_id"],
        unique=True,
        sqlite_where=only_stored,
        postgresql_where=only_stored,
    )


def _rebuild(kinds: tuple[str, ...]) -> None:
    """SQLite: the table created again with `kinds`, every row copied as it is."""
    _table("ledger_entries_rebuilt", kinds)
    op.execute(
        f"INSERT INTO ledger_entries_rebuilt ({COLUMNS}) SELECT {COLUMNS} FROM ledger_entries"
    )
    op.drop_table("ledger_entries")
    op.rename_table("ledger_entries_rebuilt", "ledger_entries")
    _indexes()


def _replace(kinds: tuple[str, ...]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _rebuild(kinds)
        return
    if dialect == "postgresql":  # no writer of an older verify may append meanwhile
        op.execute("LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE")
    op.drop_constraint(CONSTRAINT, "ledger_entries", type_="check")
    op.create_check_constraint(CONSTRAINT, "ledger_entries", _check(kinds))


def upgrade() -> None:
    """Allow `revised`, `withdrawn` and `reopened` entries."""
    _replace(NEW_KINDS)


def downgrade() -> None:
    """Back to the three kinds (fails while entries of the new kinds exist)."""
    _replace(OLD_KINDS)
