"""Fixtures of the report tests: the realistic run and an empty one."""

from __future__ import annotations

import pytest
from report_fixtures import build_run_result

from verify.model.run import RunResult


@pytest.fixture
def run_result() -> RunResult:
    """The realistic run every report test renders."""
    return build_run_result()


@pytest.fixture
def empty_result() -> RunResult:
    """A run that found nothing."""
    return build_run_result().model_copy(update={"findings": ()})
