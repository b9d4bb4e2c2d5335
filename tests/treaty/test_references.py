"""Names an obligation refers to, checked on the model: each problem with its field path."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, cast

import pytest
import yaml
from pydantic import TypeAdapter

from tests.treaty.conftest import TREATY_YAML, PackWriter
from tests.treaty.test_compile import EVERY_KIND
from verify.model.obligation import Obligation, ObligationBase
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta
from verify.treaty import compile_pack, load_pack, shipped_packs
from verify.treaty.references import (
    ReferenceProblem,
    field_path,
    label_of,
    reference_problems,
)

META = TreatyMeta.model_validate(yaml.safe_load(TREATY_YAML))
OBLIGATION: TypeAdapter[Obligation] = TypeAdapter(Obligation)


@pytest.fixture
def every_kind(write_pack: PackWriter) -> Pack:
    """The test pact with one obligation of each of the eight kinds."""
    return compile_pack(write_pack(EVERY_KIND))


def changed(pack: Pack, obligation_id: str, **fields: Any) -> Obligation:
    """The obligation `obligation_id` of `pack` with `fields` set (dotted names reach inside)."""
    found = pack.obligation(obligation_id)
    assert found is not None
    data = found.model_dump()
    for dotted, value in fields.items():
        *parents, last = dotted.split("__")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return OBLIGATION.validate_python(data)


def test_no_shipped_pack_refers_to_an_unknown_name() -> None:
    """Every obligation of every shipped pack names only what its pack declares."""
    assert shipped_packs()
    for pack_id in shipped_packs():
        pack = load_pack(pack_id)
        for obligation in pack.obligations:
            assert reference_problems(obligation, pack.meta) == [], obligation.id


def test_a_sound_obligation_of_every_kind_has_no_problem(every_kind: Pack) -> None:
    """The eight kinds as the compiler builds them refer only to known names."""
    assert len(every_kind.obligations) == 8
    for obligation in every_kind.obligations:
        assert reference_problems(obligation, META) == []


@pytest.mark.parametrize(
    ("obligation_id", "fields", "expected"),
    [
        (
            "tp.notice",
            {"requirements__0__counterpart_kind": "notifcation"},
            [
                (
                    ("requirements", 0, "counterpart_kind"),
                    "unknown kind 'notifcation'; did you mean 'notification'?",
                )
            ],
        ),
        (
            "tp.notice",
            {
                "scope__condition__comparisons": [
                    {"quantity": "troops", "op": "at least", "value": 9000},
                    {"quantity": "battle_tanks", "op": "at least", "value": 250},
                    {"quantity": "trooops", "op": "at least", "value": 1},
                ]
            },
            [
                (
                    ("scope", "condition", "comparisons", 2, "quantity"),
                    "unknown quantity 'trooops'; did you mean 'troops'?",
                )
            ],
        ),
        (
            "tp.notice",
            {"escalation_start": "comision"},
            [(("escalation_start",), "unknown channel 'comision'; did you mean 'commission'?")],
        ),
        (
            "tp.reply",
            {"requirements__0__counterpart_kind": "clarification_replies"},
            [
                (
                    ("requirements", 0, "counterpart_kind"),
                    "unknown kind 'clarification_replies'; did you mean 'clarification_reply'?",
                )
            ],
        ),
        (
            "tp.ceiling",
            {"quantity": "warheads", "scope__parties": ["AAA", "CCC"]},
            [
                (("scope", "parties", 1), "unknown party 'CCC'"),
                (("quantity",), "unknown quantity 'warheads'; did you mean 'deployed_warheads'?"),
            ],
        ),
        (
            "tp.frequency",
            {"scope__kinds": ["exercise", "exercize", "parade"]},
            [
                (("scope", "kinds", 1), "unknown kind 'exercize'; did you mean 'exercise'?"),
                (("scope", "kinds", 2), "unknown kind 'parade'"),
            ],
        ),
        (
            "tp.quota",
            {"refusal_kind": "inspection_replies"},
            [
                (
                    ("refusal_kind",),
                    "unknown kind 'inspection_replies'; did you mean 'inspection_reply'?",
                )
            ],
        ),
        (
            "tp.zone",
            {"zones": ["strip", "stirp"]},
            [(("zones", 1), "unknown zone 'stirp'; did you mean 'strip'?")],
        ),
        (
            "tp.zone",
            {"zones": ["line", "strip"], "within_km": 20.0},
            [(("zones", 1), "zone 'strip' is not a line")],
        ),
        (
            "tp.declared",
            {"declared_kind": "notice", "quantity": "tanks"},
            [
                (("declared_kind",), "unknown kind 'notice'"),
                (("quantity",), "unknown quantity 'tanks'"),
            ],
        ),
        (
            "tp.banned",
            {
                "scope__condition__comparisons": [
                    {"quantity": "range_km", "op": "at least", "value": 5500},
                    {"quantity": "range_km", "op": "at most", "value": 500},
                ]
            },
            [
                (
                    ("scope", "condition"),
                    "contradictory thresholds: range_km at least 5500 and at most 500 can never"
                    " both hold",
                )
            ],
        ),
        (
            "tp.banned",
            {
                "scope__exclude": {
                    "mode": "all",
                    "comparisons": [
                        {"quantity": "range_km", "op": "more than", "value": 600},
                        {"quantity": "range_km", "op": "less than", "value": 600},
                    ],
                }
            },
            [
                (
                    ("scope", "exclude"),
                    "contradictory thresholds: range_km more than 600 and less than 600 can"
                    " never both hold",
                )
            ],
        ),
    ],
)
def test_a_bad_obligation_has_exactly_its_problems(
    every_kind: Pack,
    obligation_id: str,
    fields: dict[str, Any],
    expected: list[tuple[tuple[str | int, ...], str]],
) -> None:
    """Each unknown name is found once, at the path of the field that holds it."""
    obligation = changed(every_kind, obligation_id, **fields)
    problems = reference_problems(obligation, META)
    assert problems == [ReferenceProblem(path, message) for path, message in expected]


def test_parties_are_free_when_the_pack_declares_none(every_kind: Pack) -> None:
    """A pack open to every state checks no party code."""
    obligation = changed(every_kind, "tp.ceiling", scope__parties=["CCC"])
    open_meta = META.model_copy(update={"parties": ()})
    assert reference_problems(obligation, open_meta) == []


def test_kinds_and_quantities_the_pack_declares_are_known(every_kind: Pack) -> None:
    """Names from `treaty.yaml` join the contract's base kinds and quantities."""
    obligation = changed(every_kind, "tp.declared", declared_kind="parade", quantity="drones")
    meta = TreatyMeta.model_validate(
        {**yaml.safe_load(TREATY_YAML), "kinds": ["parade"], "quantities": [{"name": "drones"}]}
    )
    assert reference_problems(obligation, meta) == []


class _Escort(ObligationBase):
    """A kind the module has never heard of, whose fields follow the naming convention."""

    kind: Literal["escort"] = "escort"
    escort_kind: str
    route_zones: tuple[str, ...]
    within_km: float | None = None
    quantities: tuple[str, ...] = ()
    fallback_channel: str | None = None
    per_zone: bool = False


def test_a_new_kind_following_the_names_is_covered(every_kind: Pack) -> None:
    """Fields named `*_kind`, `*_zones`, `quantities`, `*_channel` are checked by their name."""
    base = every_kind.obligations[0].model_dump(
        include={"id", "title", "treaty", "article", "scope", "source"}
    )
    escort = _Escort.model_validate(
        {
            **base,
            "escort_kind": "convoy",
            "route_zones": ["line", "strip"],
            "within_km": 3.0,
            "quantities": ["troops", "tonks"],
            "fallback_channel": "comission",
            "per_zone": True,
        }
    )
    problems = reference_problems(cast(Obligation, escort), META)
    assert [(p.path, p.message.partition(";")[0]) for p in problems] == [
        (("escort_kind",), "unknown kind 'convoy'"),
        (("route_zones", 1), "zone 'strip' is not a line"),
        (("quantities", 1), "unknown quantity 'tonks'"),
        (("fallback_channel",), "unknown channel 'comission'"),
    ]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("kinds", "kind"),
        ("counterpart_kind", "kind"),
        ("kind", None),
        ("quantity", "quantity"),
        ("zones", "zone"),
        ("per_zone", "zone"),
        ("escalation_start", "channel"),
        ("parties", "party"),
        ("refusal_flag", None),
        ("activity_noun", None),
    ],
)
def test_a_field_name_says_what_it_refers_to(name: str, label: str | None) -> None:
    """The convention the walk goes by, field name to the label of the names it holds."""
    assert label_of(name) == label


def test_a_field_path_reads_as_written() -> None:
    """Indices in brackets, names dotted."""
    assert field_path(("obligations", 3, "zones", 0)) == "obligations[3].zones[0]"
    assert field_path(("meta", "channels", 1, "track")) == "meta.channels[1].track"
    assert field_path(()) == ""


def test_an_obligation_written_by_hand_is_checked_alike(tmp_path: Path) -> None:
    """An obligation that never went through the compiler is checked on its model alone."""
    obligation = OBLIGATION.validate_python(
        {
            "kind": "prohibition",
            "id": "tp.x",
            "title": "x",
            "treaty": "test-pact",
            "article": "1",
            "scope": {"kinds": ["missile_tset"]},
            "source": {"path": str(tmp_path / "gone.json"), "line": 1},
        }
    )
    (problem,) = reference_problems(obligation, META)
    assert problem.path == ("scope", "kinds", 0)
    assert problem.message == "unknown kind 'missile_tset'; did you mean 'missile_test'?"
