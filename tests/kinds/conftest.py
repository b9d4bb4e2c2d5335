"""Fixtures the kind tests share with the treaty tests: small packs written as an author would."""

from __future__ import annotations

from tests.treaty.conftest import write_pack as write_pack
