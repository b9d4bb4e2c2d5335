"""Escalation: which channels to raise a finding through, in order, and why."""
