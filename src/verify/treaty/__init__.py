"""Loading treaty packs: `treaty.yaml` metadata, Gherkin parsing, the step vocabulary, compiling."""

from __future__ import annotations

from verify.treaty.compile import compile_pack
from verify.treaty.packs import load_pack, shipped_packs

__all__ = ["compile_pack", "load_pack", "shipped_packs"]
