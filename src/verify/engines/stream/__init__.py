"""The stream engine: the obligation model matched by durable_rules, decided on event time.

`rete.py` is the only module that knows durable_rules; `roles.py` says what each obligation
must hear about; `machines/` decide each obligation on event time; `engine.py` ties them
together, with `admission.py` (which records it takes) and `state.py` (what it remembers, as
bytes to resume from); `inputs.py`, `parallel.py` (feed rules in worker processes) and
`checkpoint.py` (restarts, delivery exactly once) serve `verify watch`.
"""

from __future__ import annotations

from verify.engines.stream.engine import DEFAULT_LATENESS, Settings, Step, StreamEngine

__all__ = ["DEFAULT_LATENESS", "Settings", "Step", "StreamEngine"]
