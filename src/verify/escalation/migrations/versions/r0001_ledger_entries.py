"""The ledger: one hash-chained table of entries (finding stored, escalated, resolved).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

#: Dialects with partial indexes, where "one `stored` entry per finding" is a unique index.
PARTIAL_INDEXES = ("sqlite", "postgresql")


def upgrade() -> None:
    """Create `ledger_entries` and its indexes."""
    op.create_table(
        "ledger_entries",
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
        sa.CheckConstraint(
            "kind IN ('stored', 'escalated', 'resolved')", name="ck_ledger_entries_kind"
        ),
    )
    op.create_index("ix_ledger_entries_finding", "ledger_entries", ["finding_id"])
    op.create_index(
        "ix_ledger_entries_subject", "ledger_entries", ["treaty", "obligation", "party"]
    )
    if op.get_bind().dialect.name in PARTIAL_INDEXES:
        only_stored = sa.text("kind = 'stored'")
        op.create_index(
            "uq_ledger_entries_stored",
            "ledger_entries",
            ["finding_id"],
            unique=True,
            sqlite_where=only_stored,
            postgresql_where=only_stored,
        )


def downgrade() -> None:
    """Drop the ledger."""
    op.drop_table("ledger_entries")
