"""What a kind of obligation is made of, for the registry in `kinds/__init__.py`.

A kind module holds all that its kind means: the phrases that state it, how a draft becomes
its model, the records it needs (roles, as predicates), its deadline and period arithmetic
(through `model/calendar.py`), and how a breach of it is worded. The engines decide only which
records and when, and hand the kind's breach builder the same `CitedRecord`s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, Literal, TypeVar

from verify.kinds.language import Draft, Phrase
from verify.model.obligation import ObligationBase
from verify.predicates import Predicate

Model = TypeVar("Model", bound=ObligationBase)

#: Which field of a record names the party that owes the obligation a role's record bears on:
#: the actor (`party`: an exercise, a holding, a notice, an answer) or the addressee
#: (`counterparty`: a request, owed by the state it is made to).
Owner = Literal["party", "counterparty"]


@dataclass(frozen=True)
class Role:
    """Records that play one part in an obligation: what selects them, and whose they are."""

    name: str
    predicate: Predicate
    owner: Owner = "party"


class Incomplete(ValueError):
    """A rule that states a kind but leaves out something the kind needs."""


@dataclass(frozen=True)
class Kind(Generic[Model]):
    """One kind of obligation, as the compiler, the engines, lint and the docs see it."""

    name: str
    model: type[Model]
    title: str
    summary: str
    phrases: Sequence[Phrase]
    states: Callable[[Draft], bool]
    build: Callable[[Draft, dict[str, Any]], Model]
    roles: Callable[[Model], list[Role]]
    deadline: Callable[[Model], timedelta]


def no_deadline(obligation: Any) -> timedelta:
    """The deadline of a kind that sets none."""
    return timedelta(0)
