"""The scripts of `bench/` as modules, for the tests that use them (the generator, the peer).

`bench/` is not a package: each script is loaded from its file once per process, under the
name `bench_<script>`, and the same module is given to every test that asks for it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_script(name: str) -> ModuleType:
    """`bench/<name>.py` as a module, loaded on first use."""
    loaded = sys.modules.get(f"bench_{name}")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def generator() -> ModuleType:
    """`bench/generate.py`, the feed generator whose expected counts the tests compare."""
    return bench_script("generate")
