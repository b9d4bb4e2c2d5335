"""Loading treaty packs: `treaty.yaml` metadata, Gherkin parsing, the step vocabulary, compiling.

`compile_pack` is imported from `verify.treaty.compile` when first asked for: a run that reads
its packs back from the cache (`verify.treaty.cache`) loads neither PyYAML nor the Gherkin
parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify.treaty.packs import load_pack, shipped_packs

if TYPE_CHECKING:
    from verify.treaty.compile import compile_pack

__all__ = ["compile_pack", "load_pack", "shipped_packs"]


def __getattr__(name: str) -> object:
    """`compile_pack`, imported on first use."""
    if name == "compile_pack":
        from verify.treaty.compile import compile_pack

        return compile_pack
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
