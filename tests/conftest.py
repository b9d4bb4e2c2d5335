"""Suite-wide set-up: the step definitions that run treaty packs' examples, and hypothesis."""

from __future__ import annotations

import os

from hypothesis import settings

pytest_plugins = ["verify.testing.examples"]

# CI runs the same examples every time (a failure there is reproducible, never a fluke of the
# draw); locally, hypothesis explores afresh on each run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
