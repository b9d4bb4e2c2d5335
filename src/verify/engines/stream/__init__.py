"""The stream engine: the obligation model matched by durable_rules, decided on event time.

`rete.py` is the only module that knows durable_rules; `roles.py` says what each obligation
must hear about; `machines/` decide each obligation on event time; `engine.py` ties them
together, with `admission.py` (which records it takes) and `state.py` (what it remembers, as
bytes to resume from); `inputs.py`, `parallel.py` (feed rules in worker processes) and
`checkpoint.py` (restarts, delivery exactly once) serve `verify watch`.

`StreamEngine` and `Step` are imported on first use, so that what only needs the settings
(`verify check`, the API's defaults) does not load the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from verify.engines.stream.settings import DEFAULT_LATENESS, Settings

if TYPE_CHECKING:
    from verify.engines.stream.engine import Step, StreamEngine

__all__ = ["DEFAULT_LATENESS", "Settings", "Step", "StreamEngine"]

#: The names this package gives from `engine.py`, imported when first asked for.
_FROM_ENGINE = frozenset({"Step", "StreamEngine"})


def __getattr__(name: str) -> Any:
    """`StreamEngine` and `Step`, from `engine.py` on first use."""
    if name in _FROM_ENGINE:
        return getattr(importlib.import_module("verify.engines.stream.engine"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
