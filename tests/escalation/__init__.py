"""Escalation tests: policy, releasability, ledger, audit and the ledger commands."""
