"""Suite-wide set-up: the step definitions that run treaty packs' examples, and hypothesis."""

from __future__ import annotations

from hypothesis import settings

from tests import profiles

pytest_plugins = ["verify.testing.examples"]

# Every run draws the same examples, locally as in CI; `--hypothesis-profile=fuzz` (`make fuzz`)
# replaces this one before the tests are collected (`tests/profiles.py`).
settings.load_profile(profiles.DETERMINISTIC)
