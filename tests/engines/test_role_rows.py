"""A role's rows with every column, or with only the columns an evaluator reads."""

from __future__ import annotations

import pandas as pd

from verify import api
from verify.engines.batch.frame import KEY_FIELDS, role_rows
from verify.feeds.memory import records_table
from verify.feeds.read import read_tables
from verify.model.obligation import Obligation

PACT = api.load_pack("example-non-aggression-pact")


def feed() -> pd.DataFrame:
    """Two exercises of ARV (one with troops and a source), one notification, one holding."""
    records = [
        {
            "id": "x1",
            "kind": "exercise",
            "party": "ARV",
            "activity": "a1",
            "time": "2025-03-01T00:00:00Z",
            "start": "2025-03-01T00:00:00Z",
            "troops": 12000,
            "source": "attache-report",
            "reliability": "B",
        },
        {
            "id": "x2",
            "kind": "exercise",
            "party": "ARV",
            "activity": "a2",
            "time": "2025-04-01T00:00:00Z",
            "start": "2025-04-01T00:00:00Z",
        },
        {
            "id": "n1",
            "kind": "notification",
            "party": "ARV",
            "activity": "a1",
            "time": "2025-01-01T00:00:00Z",
        },
        {
            "id": "h1",
            "kind": "holding",
            "party": "ARV",
            "time": "2025-01-01T00:00:00Z",
            "battle_tanks": 10,
        },
    ]
    return read_tables([records_table(records)], api.feed_schema([PACT])).frame


def notice_rule() -> Obligation:
    """The pact's exercise-notice obligation."""
    return next(o for o in PACT.obligations if o.id == "pact.exercise-notice")


def test_without_columns_each_role_keeps_every_column() -> None:
    frame = feed()
    roles = role_rows(notice_rule(), frame, PACT.party_codes)
    assert all(list(rows.columns) == list(frame.columns) for rows in roles.values())


def test_with_columns_each_role_keeps_the_same_rows_and_only_those_columns() -> None:
    frame = feed()
    every = role_rows(notice_rule(), frame, PACT.party_codes)
    keyed = role_rows(notice_rule(), frame, PACT.party_codes, {*KEY_FIELDS, "troops"})
    assert keyed.keys() == every.keys()
    assert all(len(rows) == 1 for rows in keyed.values())  # x1 and n1: x2 has too few troops
    for name, rows in keyed.items():
        assert list(rows.index) == list(every[name].index)
        assert set(rows.columns) == {*KEY_FIELDS, "troops"} & set(frame.columns)
        assert "source" not in rows.columns and "battle_tanks" not in rows.columns
        pd.testing.assert_frame_equal(rows, every[name][list(rows.columns)])
