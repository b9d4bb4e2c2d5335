"""Suite-wide set-up: the step definitions that run treaty packs' examples."""

from __future__ import annotations

pytest_plugins = ["verify.treaty.examples"]
