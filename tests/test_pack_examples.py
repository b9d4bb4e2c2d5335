"""Every `Example:` of every shipped treaty pack, run through pytest-bdd as `verify test` does."""

from __future__ import annotations

from pytest_bdd import scenarios

from verify.treaty import shipped_packs

scenarios(
    *sorted(str(path) for folder in shipped_packs().values() for path in folder.glob("*.feature"))
)
