"""Helpers to write small packs in a temporary folder, as a treaty author would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

TREATY_YAML = """\
id: test-pact
title: Test Pact
prefix: tp
in_force: 2020-01-01
parties:
  - {code: AAA, name: Alpha}
  - {code: BBB, name: Beta, withdrawn: 2026-01-01}
zones:
  - id: strip
    type: polygon
    geometry: {type: Polygon, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
  - id: line
    type: line
    coordinates: [[10, 0], [10, 1]]
    buffer_km: 5
channels:
  - {id: talk, name: Informal talk, track: "1.5", deadline_hours: 24}
  - {id: commission, name: Commission, track: "1", deadline_hours: 72}
"""

PackWriter = Callable[[str], Path]


@pytest.fixture
def write_pack(tmp_path: Path) -> PackWriter:
    """Write `treaty.yaml` and one feature file holding `rules` under a Feature line."""

    def write(rules: str, yaml_text: str = TREATY_YAML) -> Path:
        folder = tmp_path / "test-pact"
        folder.mkdir(exist_ok=True)
        (folder / "treaty.yaml").write_text(yaml_text, encoding="utf-8")
        (folder / "rules.feature").write_text("Feature: Test pact\n\n" + rules, encoding="utf-8")
        return folder

    return write
