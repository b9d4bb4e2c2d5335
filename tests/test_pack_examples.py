"""Every `Example:` of every shipped treaty pack, run through pytest-bdd as `verify test` does."""

from __future__ import annotations

from pathlib import Path

from pytest_bdd import scenarios

from verify.treaty import load_pack, shipped_packs
from verify.treaty.gherkin import parse_feature

FEATURES = sorted(
    str(path) for folder in shipped_packs().values() for path in folder.glob("*.feature")
)

# Lint first: a pack with an error (two examples of one name, of which pytest-bdd would bind
# only one) fails the collection here instead of leaving an example silently unrun.
for _folder in shipped_packs().values():
    load_pack(str(_folder))

scenarios(*FEATURES)


def test_every_example_written_is_collected() -> None:
    """Each Example of each shipped feature file is one test of this module."""
    written = sum(
        len(rule.examples) for path in FEATURES for rule in parse_feature(Path(path)).rules
    )
    bound = [
        name
        for name in globals()
        if name.startswith("test_") and name != "test_every_example_written_is_collected"
    ]
    assert len(bound) == written
