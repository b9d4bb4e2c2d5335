"""What a kind of obligation is made of, for the registry in `kinds/__init__.py`.

A kind module holds all that its kind means: the phrases that state it, how a draft becomes
its model, the records it needs (roles, as predicates), its deadline and period arithmetic
(through `model/calendar.py`), and how a breach of it is worded. The engines decide only which
records and when, and hand the kind's breach builder the same `CitedRecord`s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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

#: How an obligation's records correlate, for an engine that splits a feed by party (the Dask
#: engine, `engines/distributed/`). `"party"`: every record a finding of party P rests on, or
#: whose presence would change it, has P as its `party` or its `counterparty` (the role's
#: owner), so P's findings can be judged on the records that concern P alone. `"feed"`: a
#: finding of one party rests on records of others (a group's quota, reports from the parties
#: together, periods that begin with the feed's first report): judged over the whole feed.
Correlation = Literal["party", "feed"]
#: An obligation's correlation, given the pack's group memberships (member code -> group code);
#: None where the kind cannot say, and an engine that splits the feed must refuse it.
Correlates = Callable[[Any, Mapping[str, str]], Correlation | None]


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
    #: The correlation key (see `Correlation`); a kind that declares none is refused by
    #: engines that split the feed, never run there wrongly.
    correlation: Correlates | None = None


def no_deadline(obligation: Any) -> timedelta:
    """The deadline of a kind that sets none."""
    return timedelta(0)


def by_party(obligation: Any, group_of: Mapping[str, str]) -> Correlation:
    """The correlation of a kind judged party by party: its roles' owners."""
    return "party"
