"""The registry of obligation kinds: what the compiler, both engines, lint and the docs'
phrase reference are driven from.

Each kind is one module (`kinds/<kind>.py`) holding all that it means; see `kinds/base.py`.
Adding a kind means: its model in `model/obligation.py`, its module here and its line in
`KINDS`, and its evaluation in each engine (`engines/batch/`, `engines/stream/machines/`),
whose dispatch is exhaustive, so a kind one of them lacks is a type error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, get_args

from verify.kinds import (
    ceiling,
    common,
    concurrency,
    declared_observed,
    duration,
    frequency,
    periodic_report,
    prior_notice,
    prohibition,
    quota,
    response,
    zone_prohibition,
)
from verify.kinds.base import Correlation, Incomplete, Kind, Role
from verify.kinds.language import Draft, Phrase, StepError
from verify.model.obligation import Obligation
from verify.predicates import AllOf, CounterpartyIs, PartyIs

#: Every kind, in the order a rule's kind is looked for (and its phrases are tried).
KINDS: tuple[Kind[Any], ...] = (
    prior_notice.KIND,
    response.KIND,
    quota.KIND,
    ceiling.KIND,
    frequency.KIND,
    zone_prohibition.KIND,
    declared_observed.KIND,
    duration.KIND,
    concurrency.KIND,
    prohibition.KIND,
    periodic_report.KIND,
)
BY_NAME: dict[str, Kind[Any]] = {kind.name: kind for kind in KINDS}

#: Every step phrase of a Background, in the order they are tried.
PHRASES: tuple[Phrase, ...] = (
    *common.phrases.items,
    *(item for kind in KINDS for item in kind.phrases),
    *common.closing.items,
)


def _model_kinds() -> set[str]:
    union = get_args(Obligation)[0]
    return {str(model.model_fields["kind"].default) for model in get_args(union)}


if set(BY_NAME) != _model_kinds():  # pragma: no cover - a registry out of step with the model
    raise ImportError(f"kinds registry {sorted(BY_NAME)} != model kinds {sorted(_model_kinds())}")


def kind_of(obligation: Obligation) -> Kind[Any]:
    """The kind of an obligation."""
    return BY_NAME[obligation.kind]


def obligation_roles(obligation: Obligation, parties: tuple[str, ...] = ()) -> list[Role]:
    """The records an obligation needs, by role. With a pack's `parties`, only records whose
    owing party (the actor, or a request's addressee) is one of them: the others could only
    give findings against a state that is no party, which the findings stage drops."""
    roles: list[Role] = kind_of(obligation).roles(obligation)
    if not parties:
        return roles
    return [
        Role(
            role.name,
            AllOf(
                (
                    role.predicate,
                    CounterpartyIs(parties) if role.owner == "counterparty" else PartyIs(parties),
                )
            ),
            role.owner,
        )
        for role in roles
    ]


def correlation_of(obligation: Obligation, group_of: Mapping[str, str]) -> Correlation | None:
    """How an obligation's records correlate (`kinds/base.py`, `Correlation`), given its pack's
    group memberships; None where its kind declares no correlation key."""
    correlates = kind_of(obligation).correlation
    return None if correlates is None else correlates(obligation, group_of)


def longest_deadline(obligation: Obligation) -> timedelta:
    """The longest deadline an obligation sets (how long correlated records matter)."""
    wait: timedelta = kind_of(obligation).deadline(obligation)
    return wait


__all__ = [
    "BY_NAME",
    "KINDS",
    "PHRASES",
    "Correlation",
    "Draft",
    "Incomplete",
    "Kind",
    "Phrase",
    "Role",
    "StepError",
    "correlation_of",
    "kind_of",
    "longest_deadline",
    "obligation_roles",
]
