"""The Rete adapter: roles compiled into durable_rules rulesets, and records matched against them.

This is the only module that imports durable_rules. Another Rete engine would replace this
module and nothing else: the rest of the stream engine sees `Matcher.match(facts)`, which says,
for each fact, the names of the roles it plays.

How durable_rules 2.0.28 is used, and why:

- One ruleset per treaty pack, in durable's JSON form, built from the roles at run time
  (`ruleset`): one rule per role, each a single `m` condition on the fact's kind, party, flags
  and quantities. Correlation across records (the notice *for this* activity, the reply *to
  this* request), deadlines and counts stay out of the network: durable's `none(...)` fires as
  soon as the triggering record arrives and is not undone by a matching record that arrives
  later, and it has no event-time clock, no watermark and no aggregation window. The state
  machines beside it (`machines/`) keep that state and decide on event time.
- Records are asserted as *facts*, not posted as events: an event is consumed by the first rule
  it matches, whereas a record can play several roles (trigger of one obligation, answer to
  another). Each batch of facts is retracted as soon as its matches are read, so the network
  holds nothing between batches and the engine's state lives only in the state machines (which
  is what `--state` checkpoints).
- Every fact carries a fresh integer `id`: durable refuses a fact whose content it has already
  seen as "already observed".
- A record that no rule matches is normal (most records concern few obligations), but
  durable reports it as "not handled": `MessageNotHandledException` from `post`, which a caller
  could only catch, and catching it would hide real failures too. Here it is a status, read
  explicitly: a fact of a kind no rule mentions is not sent at all, and for a batch, status 1
  ("some fact was not handled") is expected while the matched facts' actions are read as usual
  and every fact is retracted. Any other status (2, "already observed", cannot happen with fresh
  ids) is raised as `MatcherError`.
- The low-level engine (`durable_rules_engine`) is driven directly rather than through
  `durable.engine.Host`: the host starts daemon threads that dispatch actions on a timer
  (racing the caller), and runs Python actions whose exceptions the engine logs and swallows
  (jruizgit/rules#305). Here no Python runs inside durable at all: actions are only read back,
  synchronously, as "rule R matched fact F", so nothing can be swallowed.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from typing import Any

# durable_rules' C extension has no stubs (pyproject's mypy override names `durable.*` only).
import durable_rules_engine  # type: ignore[import-not-found]

from verify.engines.stream.roles import (
    AllOf,
    AnyOf,
    Compare,
    CounterpartyIs,
    HasFlag,
    KindIs,
    Lacks,
    LacksFlag,
    PartyIs,
    Predicate,
    Present,
    Reports,
    Role,
    Vocabulary,
    walk,
)
from verify.errors import VerifyError

#: durable's comparison operators by the model's wording.
OPERATORS: dict[str, str] = {
    "at least": "$gte",
    "more than": "$gt",
    "at most": "$lte",
    "less than": "$lt",
}
#: What durable's assert and retract calls return first: 0 done; 1 no rule matched; 2 a fact
#: with this content was seen before.
_DONE, _NOT_HANDLED, _OBSERVED = 0, 1, 2
_names = itertools.count()


NO_RULES: frozenset[str] = frozenset()
#: The usual action message, one rule matched by one fact: `{"r7":{"m":{"id": 12, ...}}}`.
_ONE_MATCH = re.compile(r'\{"(r[0-9]+)":\{"m":\{"id": ?([0-9]+)[,}]')


def _matches(message: str) -> list[tuple[str, int]]:
    """The (rule, fact id) pairs of one action message. The usual message is read by a pattern
    (once sure it holds one match: a fact is flat, so `{"m":` opens each match and nothing
    else), any other by the JSON parser."""
    if message.count('{"m":') == 1:
        one = _ONE_MATCH.match(message)
        if one is not None:
            return [(one[1], int(one[2]))]
    return [(rule, payload["m"]["id"]) for rule, payload in json.loads(message).items()]


class MatcherError(VerifyError):
    """durable_rules answered in a way the adapter rules out by construction: a bug, not input.

    A `VerifyError` (without a location) so that the command line reports it as a message
    rather than a traceback."""


def _condition(predicate: Predicate, vocabulary: Vocabulary) -> dict[str, Any]:
    """One predicate as a durable `m` expression."""
    match predicate:
        case KindIs(kinds):
            return _either([{"kind": kind} for kind in kinds])
        case PartyIs(parties):
            return _either([{"party": party} for party in parties])
        case CounterpartyIs(parties):
            return _either([{"counterparty": party} for party in parties])
        case HasFlag(flag):
            return {"$ex": {vocabulary.flags[flag]: 1}}
        case LacksFlag(flag):
            return {"$nex": {vocabulary.flags[flag]: 1}}
        case Present(name):
            return {"$ex": {f"has_{name}": 1}}
        case Reports(quantity):
            return {"$ex": {vocabulary.quantities[quantity]: 1}}
        case Lacks(quantity):
            return {"$nex": {vocabulary.quantities[quantity]: 1}}
        case Compare(quantity, op, value):
            return {OPERATORS[op]: {vocabulary.quantities[quantity]: value}}
        case AllOf(parts):
            if not parts:
                return {"$ex": {"id": 1}}
            conditions = [_condition(part, vocabulary) for part in parts]
            return conditions[0] if len(conditions) == 1 else {"$and": conditions}
        case AnyOf(parts):
            return _either([_condition(part, vocabulary) for part in parts])


def _either(conditions: list[dict[str, Any]]) -> dict[str, Any]:
    if not conditions:
        return {"$nex": {"id": 1}}
    return conditions[0] if len(conditions) == 1 else {"$or": conditions}


def ruleset(roles: Sequence[Role], vocabulary: Vocabulary) -> dict[str, Any]:
    """The durable_rules JSON ruleset of some roles: one rule per role."""
    rules: dict[str, Any] = {
        role.name: {"all": [{"m": _condition(role.predicate, vocabulary)}]} for role in roles
    }
    return rules


class Matcher:
    """One durable_rules ruleset (a pack's roles) that says which roles each fact plays."""

    def __init__(self, name: str, roles: Sequence[Role], vocabulary: Vocabulary) -> None:
        self.definition = ruleset(roles, vocabulary)
        self.kinds = frozenset(
            kind
            for role in roles
            for node in walk(role.predicate)
            if isinstance(node, KindIs)
            for kind in node.kinds
        )
        self._name = f"{name}-{next(_names)}"
        self._handle: int | None = durable_rules_engine.create_ruleset(
            self._name, json.dumps(self.definition, ensure_ascii=False)
        )

    def match(self, facts: Sequence[dict[str, Any]]) -> list[frozenset[str]]:
        """For each fact, in order, the names of the rules (roles) it matches."""
        position = {
            fact["id"]: index for index, fact in enumerate(facts) if fact["kind"] in self.kinds
        }
        found = [NO_RULES] * len(facts)
        if not position:
            return found
        handle = self._live_handle()
        text = json.dumps([facts[index] for index in position.values()], ensure_ascii=False)
        status, state = durable_rules_engine.assert_facts(handle, text)
        self._expect(status, "assert", _DONE, _NOT_HANDLED)
        matched: dict[int, set[str]] = {}
        action = durable_rules_engine.start_action_for_state(handle, state)
        message = action[1] if action else None
        while message:
            for rule, fact_id in _matches(message):
                matched.setdefault(position[fact_id], set()).add(rule)
            message = durable_rules_engine.complete_and_start_action(handle, state)
        status, _ = durable_rules_engine.retract_facts(handle, text)
        self._expect(status, "retract", _DONE)
        for index, rules in matched.items():
            found[index] = frozenset(rules)
        return found

    def close(self) -> None:
        """Free the ruleset; the matcher cannot be used afterwards."""
        if self._handle is not None:
            durable_rules_engine.delete_ruleset(self._handle)
            self._handle = None

    def _live_handle(self) -> int:
        if self._handle is None:
            raise MatcherError(f"ruleset {self._name} is closed")
        return self._handle

    def _expect(self, status: int, what: str, *expected: int) -> None:
        if status in expected:
            return
        if status == _OBSERVED:
            raise MatcherError(f"{what}: durable_rules saw a fact id twice")
        raise MatcherError(f"{what}: durable_rules returned status {status}")
