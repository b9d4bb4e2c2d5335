"""The hypothesis profiles of the suite, and each property's budget under them.

`deterministic` is loaded for every run, local or CI: derandomized, so the same examples are
drawn on every machine and a failure is reproducible, never a fluke of the draw. `fuzz`
(`make fuzz`, or `pytest --hypothesis-profile=fuzz`) draws afresh on every run and many more
examples; what it finds is replayed first on the next fuzz run (the `.hypothesis/` database)
and should be kept as an `@example` on the property it broke.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

#: The examples per property under `deterministic` (hypothesis's own default); a property's
#: budget is scaled by the loaded profile's `max_examples` over this.
BASE_EXAMPLES = 100
FUZZ_SCALE = 20
DETERMINISTIC, FUZZ = "deterministic", "fuzz"

_COMMON = settings(
    settings.get_profile("default"),  # the same on every machine, whatever `CI` says
    deadline=None,
    print_blob=True,
    # The one health check that depends on the machine's speed, not on the draw.
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(DETERMINISTIC, _COMMON, derandomize=True)
settings.register_profile(FUZZ, _COMMON, derandomize=False, max_examples=BASE_EXAMPLES * FUZZ_SCALE)


def budget(examples: int) -> int:
    """`examples` under the deterministic profile, proportionally more under `fuzz`."""
    return max(1, examples * settings().max_examples // BASE_EXAMPLES)
