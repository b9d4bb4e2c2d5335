"""The kinds registry: one entry per model kind, and phrases that say what they document."""

from __future__ import annotations

from typing import get_args

import pytest

from verify.kinds import BY_NAME, KINDS, PHRASES, kind_of
from verify.model.obligation import Obligation
from verify.treaty import shipped_packs
from verify.treaty.gherkin import Step
from verify.treaty.packs import load_pack
from verify.treaty.vocabulary import match_step


def test_every_model_kind_has_one_registry_entry() -> None:
    """Each obligation model of the union is one kind of the registry, and no more."""
    models = get_args(get_args(Obligation)[0])
    assert {kind.model for kind in KINDS} == set(models)
    assert len(BY_NAME) == len(KINDS) == len(models)


def test_phrase_names_are_unique() -> None:
    """No two phrases share a name (lint and the docs refer to them by it)."""
    names = [phrase.name for phrase in PHRASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda phrase: phrase.name)
def test_each_template_reads_as_its_own_phrase(phrase: object) -> None:
    """A phrase's documented template is matched by that phrase and no earlier one."""
    template = phrase.template
    matched = match_step(Step("Given", template, "docs", 1))
    assert matched is not None and matched[0] is phrase


def test_every_shipped_obligation_has_its_kind() -> None:
    """Every obligation of a shipped pack finds its kind in the registry."""
    for pack_id in shipped_packs():
        for obligation in load_pack(pack_id).obligations:
            assert kind_of(obligation).model is type(obligation)
