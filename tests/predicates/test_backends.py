"""One predicate tree, three backends: pandas masks, plain Python and the Rete matcher agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from verify import api
from verify.engines.stream.records import Rec
from verify.feeds import read_feeds, validate_record
from verify.model.observation import Observation
from verify.predicates import (
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
    negated,
)
from verify.predicates.pandas import mask
from verify.predicates.python import holds
from verify.treaty import load_pack

PACK = "example-non-aggression-pact"
KINDS = ("exercise", "movement", "notification", "holding")
PARTIES = ("ARV", "BOS")
FLAGS = ("alert", "estimate", "refused")
QUANTITIES = ("troops", "battle_tanks")
OPS = ("at least", "more than", "at most", "less than")

leaves: st.SearchStrategy[Predicate] = st.one_of(
    st.builds(KindIs, st.lists(st.sampled_from(KINDS), min_size=1, max_size=2).map(tuple)),
    st.builds(PartyIs, st.lists(st.sampled_from(PARTIES), min_size=1).map(tuple)),
    st.builds(CounterpartyIs, st.lists(st.sampled_from(PARTIES), min_size=1).map(tuple)),
    st.builds(HasFlag, st.sampled_from(FLAGS)),
    st.builds(LacksFlag, st.sampled_from(FLAGS)),
    st.builds(Present, st.sampled_from(("counterparty", "activity", "refers_to"))),
    st.builds(Reports, st.sampled_from(QUANTITIES)),
    st.builds(Lacks, st.sampled_from(QUANTITIES)),
    st.builds(
        Compare,
        st.sampled_from(QUANTITIES),
        st.sampled_from(OPS),
        st.sampled_from([0.0, 100.0, 4000.0, 9000.0]),
    ),
)
predicates: st.SearchStrategy[Predicate] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(AllOf, st.lists(inner, max_size=3).map(tuple)),
        st.builds(AnyOf, st.lists(inner, max_size=3).map(tuple)),
    ),
    max_leaves=6,
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A valid record of the pack's vocabulary, with some optional fields and quantities."""
    record: dict[str, Any] = {
        "kind": draw(st.sampled_from(KINDS)),
        "party": draw(st.sampled_from(PARTIES)),
        "time": "2026-03-01T00:00:00Z",
    }
    for name in ("counterparty", "activity", "refers_to"):
        if draw(st.booleans()):
            record[name] = draw(st.sampled_from(PARTIES))
    flags = draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))
    if flags:
        record["flags"] = flags
    for quantity in QUANTITIES:
        if draw(st.booleans()):
            record[quantity] = draw(st.sampled_from([0, 100, 4000, 9000, 9001]))
    return record


@settings(max_examples=40, deadline=None)
@given(
    tree=st.lists(predicates, min_size=1, max_size=5),
    raws=st.lists(records(), min_size=1, max_size=8),
)
def test_pandas_masks_hold_where_python_says_the_predicate_holds(
    tree: list[Predicate], raws: list[dict[str, Any]], tmp_path_factory: Any
) -> None:
    """For any predicate and records, the batch mask and the record-by-record test agree."""
    schema = api.feed_schema([load_pack(PACK)])
    folder: Path = tmp_path_factory.mktemp("feed")
    feed = folder / "feed.jsonl"
    lines = [json.dumps({**raw, "id": f"r{n}"}) for n, raw in enumerate(raws)]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_feeds([feed], schema).frame.set_index("id", drop=False)
    recs = {}
    for n, raw in enumerate(raws):
        obs = validate_record({**raw, "id": f"r{n}"}, schema, "f", n + 1)
        assert isinstance(obs, Observation)
        recs[obs.id] = Rec.of(obs, n + 1, "f", n + 1)
    for predicate in tree:
        selected = mask(predicate, frame)
        for record_id, rec in recs.items():
            assert bool(selected[record_id]) == holds(predicate, rec), predicate


def test_a_negated_condition_holds_exactly_where_the_condition_does_not() -> None:
    """`negated` of a comparison also holds for a record that does not report the quantity."""
    condition = AnyOf(
        (Compare("troops", "at least", 9000), Compare("battle_tanks", "more than", 0))
    )
    opposite = negated(condition)
    for quantities in ({}, {"troops": 9000.0}, {"battle_tanks": 0.0}, {"troops": 1.0}):
        rec = type("R", (), {"quantities": quantities})()
        assert holds(opposite, rec) != holds(condition, rec)
