"""The chain's head kept apart: one row with the last entry's number and hash.

Entries removed from the end of `ledger_entries` leave a chain that is intact in itself; the
head, moved in the same transaction as each append, shows them missing. It is filled here from
the chain as it stands (number 0 and the genesis hash for an empty ledger).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

GENESIS = "0" * 64


def upgrade() -> None:
    """Create `ledger_head` and fill it from the newest entry."""
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_ledger_head_one_row"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # no writer of an older verify may append meanwhile
        op.execute("LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE")
    newest = bind.execute(
        sa.text("SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1")
    ).first()
    seq, hash_ = (newest.seq, newest.hash) if newest else (0, GENESIS)
    bind.execute(
        sa.text("INSERT INTO ledger_head (id, seq, hash) VALUES (1, :seq, :hash)"),
        {"seq": seq, "hash": hash_},
    )


def downgrade() -> None:
    """Drop the head."""
    op.drop_table("ledger_head")
