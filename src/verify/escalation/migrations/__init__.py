"""Alembic migrations of the ledger schema, run by `verify.escalation.ledger.migrate`."""
