"""Tests of `verify.feeds`: reading, validating and rejecting observation records."""
