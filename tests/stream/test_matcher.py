"""The Rete adapter: the durable_rules rulesets match exactly what the obligations cover."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify import api
from verify.engines.stream.gate import NOTHING, Need, need
from verify.engines.stream.records import Rec
from verify.engines.stream.rete import _matches
from verify.engines.stream.roles import _place, compile_roles
from verify.feeds import validate_record
from verify.model.observation import Observation
from verify.predicates import AllOf, AnyOf, CounterpartyIs, KindIs, PartyIs
from verify.predicates.python import holds
from verify.treaty import load_pack

PACKS = ("example-non-aggression-pact", "vienna-document-2011")
KINDS = (
    "exercise",
    "movement",
    "notification",
    "calendar",
    "holding",
    "missile_test",
    "inspection_request",
    "inspection_reply",
    "clarification_reply",
)
#: Small distances from a threshold: records on both sides, and on it, share signatures.
NUDGES = (0, 0, 0.25, 0.5, -0.25, -0.5, 7)


@st.composite
def observations(draw: st.DrawFn, nudged: bool = False) -> dict[str, Any]:
    """Raw records of many kinds, parties, flags and quantities around the packs' thresholds
    (`nudged`: a little off them too)."""
    record: dict[str, Any] = {
        "id": "r",
        "kind": draw(st.sampled_from(KINDS)),
        "party": draw(st.sampled_from(["ARV", "BOS", "RUS", "USA"])),
        "time": "2026-03-01T00:00:00Z",
    }
    for name in ("counterparty", "activity", "refers_to"):
        if draw(st.booleans()):
            record[name] = draw(st.sampled_from(["ARV", "BOS", "RUS"]))
    flags = draw(st.lists(st.sampled_from(["alert", "refused", "estimate", "other"]), max_size=2))
    if flags:
        record["flags"] = flags
    for quantity, values in {
        "troops": [2999, 3000, 9000, 13000, 40001],
        "battle_tanks": [99, 100, 300, 901],
        "artillery": [0, 1, 250],
        "range_km": [299, 300, 5500],
    }.items():
        if draw(st.booleans()):
            value = draw(st.sampled_from(values))
            record[quantity] = max(0, value + draw(st.sampled_from(NUDGES))) if nudged else value
    return record


@settings(max_examples=budget(60), deadline=None)
@given(st.lists(observations(), min_size=1, max_size=8))
def test_the_rulesets_match_exactly_the_roles_the_predicates_describe(
    records: list[dict[str, Any]],
) -> None:
    """For any records, durable_rules fires the rules whose predicates hold, and no others."""
    watcher = api.Watcher(list(PACKS))
    engine = watcher.engine
    recs = []
    for seq, raw in enumerate(records, start=1):
        obs = validate_record({**raw, "id": f"r{seq}"}, engine.schema, "f", seq)
        assert isinstance(obs, Observation)
        recs.append(Rec.of(obs, seq, "f", seq))
    for pack_id, (matcher, vocabulary, _) in zip(PACKS, engine.finder.matchers, strict=True):
        pack = load_pack(pack_id)
        roles = compile_roles(pack.obligations, 0, tuple(p.code for p in pack.meta.parties))
        found = matcher.match([vocabulary.fact(rec, rec.seq) for rec in recs])
        for rec, rules in zip(recs, found, strict=True):
            assert rules == {role.name for role in roles if holds(role.predicate, rec)}
    engine.shutdown()


@settings(max_examples=budget(60), deadline=None)
@given(st.lists(observations(), min_size=1, max_size=8))
def test_the_gate_admits_every_record_that_plays_a_role(records: list[dict[str, Any]]) -> None:
    """A pack's gate lets through every record some role's predicate holds for."""
    engine = api.Watcher(list(PACKS)).engine
    for seq, raw in enumerate(records, start=1):
        obs = validate_record({**raw, "id": f"r{seq}"}, engine.schema, "f", seq)
        assert isinstance(obs, Observation)
        rec = Rec.of(obs, seq, "f", seq)
        for pack_id, gate in zip(PACKS, engine.finder.gates, strict=True):
            pack = load_pack(pack_id)
            roles = compile_roles(pack.obligations, 0, tuple(p.code for p in pack.meta.parties))
            if any(holds(role.predicate, rec) for role in roles):
                assert gate.admits(rec)
    engine.shutdown()


def test_the_gate_reads_kinds_parties_and_counterparties_through_any_and_all() -> None:
    """Needs meet across all-of and join across any-of; an empty any-of admits nothing."""
    request = AllOf((KindIs(("a", "b")), AnyOf((CounterpartyIs(("X",)), CounterpartyIs(("Y",))))))
    assert need(request) == Need(frozenset({"a", "b"}), None, frozenset({"X", "Y"}))
    assert need(AnyOf((KindIs(("a",)), PartyIs(("X",))))) == Need()
    assert need(AnyOf(())) == NOTHING
    assert need(AllOf(())) == Need()


def test_each_pack_compiles_to_one_json_ruleset_with_one_rule_per_role() -> None:
    """The ruleset is plain JSON: a rule per role, each a single `m` condition."""
    engine = api.Watcher(list(PACKS)).engine
    for matcher, _, routes in engine.finder.matchers:
        definition = json.loads(json.dumps(matcher.definition))
        assert set(definition) == set(routes)
        assert all(list(rule) == ["all"] and len(rule["all"]) == 1 for rule in definition.values())
    engine.shutdown()


def test_action_messages_are_read_by_pattern_or_else_as_json() -> None:
    """The usual one-match message and any other shape give the same (rule, fact id) pairs."""
    usual = '{"r7":{"m":{"id": 12, "kind": "exercise", "party": "BOS", "q0": 5000}}}'
    assert _matches(usual) == [("r7", 12)]
    assert _matches('{"r7":{"m":{"kind": "exercise", "id": 3}}}') == [("r7", 3)]
    two = '{"r1":{"m":{"id": 1}}, "r2":{"m":{"id": 2}}}'
    assert _matches(two) == [("r1", 1), ("r2", 2)]


@st.composite
def alike(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A record and variants of it, each with one field of another record's (a quantity on or
    near a threshold, flags, a party, a reference): many share a signature, some just not."""
    base = draw(observations(nudged=True))
    records = [base]
    for other in draw(st.lists(observations(nudged=True), min_size=1, max_size=10)):
        name = draw(st.sampled_from(sorted({*base, *other} - {"id", "time"})))
        variant = {key: value for key, value in base.items() if key != name}
        if name in other:
            variant[name] = other[name]
        records.append(variant)
    return records


@settings(max_examples=budget(100), deadline=None)
@given(alike())
def test_records_of_one_signature_play_the_roles_the_matcher_gives_each(
    records: list[dict[str, Any]],
) -> None:
    """The engine asks the matcher once per signature, yet each record gets the roles that
    matching it alone would give it, the first time and from memory."""
    assert_each_plays_its_own_roles(records)


def test_records_on_and_beside_each_threshold_play_their_own_roles() -> None:
    """A quantity at a threshold, a hair below and a hair above are told apart."""
    records = [
        {"kind": kind, "party": party, quantity: value + nudge}
        for kind, party in (("exercise", "ARV"), ("movement", "RUS"))
        for quantity, values in {
            "troops": (3000, 9000, 10000, 13000, 40000),
            "battle_tanks": (100, 250, 300, 900),
        }.items()
        for value in values
        for nudge in (-0.5, 0, 0.5)
    ]
    assert_each_plays_its_own_roles(
        [{"id": "r", "time": "2026-03-01T00:00:00Z", **record} for record in records]
    )


def assert_each_plays_its_own_roles(records: list[dict[str, Any]]) -> None:
    """`_match` gives each record what the matchers give it alone, then again from memory."""
    engine = api.Watcher(list(PACKS)).engine
    recs = []
    for seq, raw in enumerate(records, start=1):
        obs = validate_record({**raw, "id": f"r{seq}"}, engine.schema, "f", seq)
        assert isinstance(obs, Observation)
        recs.append(Rec.of(obs, seq, "f", seq))
    expected: list[tuple[tuple[int, frozenset[str]], ...]] = [() for _ in recs]
    for pack, (matcher, vocabulary, routes) in enumerate(engine.finder.matchers):
        for at, rules in enumerate(matcher.match([vocabulary.fact(r, r.seq) for r in recs])):
            if rules:
                expected[at] += engine.finder._grouped(pack, rules, routes)
    assert engine.finder._match(recs) == expected
    assert engine.finder._match(recs) == expected
    engine.shutdown()


def test_a_signature_places_quantities_among_the_compared_values() -> None:
    """Below, at and above each compared value are told apart; values between two are not."""
    cuts = (3000.0, 10000.0)
    places = [_place(value, cuts) for value in (1, 2999.5, 3000, 3000.5, 9999, 10000, 1e9)]
    assert places == [0, 0, 1, 2, 2, 3, 4]
