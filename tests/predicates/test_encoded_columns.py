"""The pandas backend encodes a text column once and answers every mask from its codes: never
from another column's, nor from the column as it was before it changed."""

from __future__ import annotations

import gc

import pandas as pd

from verify.feeds import TEXT_DTYPE
from verify.predicates import AllOf, HasFlag, KindIs, PartyIs
from verify.predicates import pandas as backend
from verify.predicates.pandas import mask


def _frame(kinds: list[str | None], parties: list[str], flags: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": pd.Series(kinds, dtype=TEXT_DTYPE),
            "party": pd.Series(parties, dtype=TEXT_DTYPE),
            "flags": pd.Series(flags, dtype=TEXT_DTYPE),
        }
    )


def test_rows_of_a_frame_taken_from_another_are_judged_by_their_own_values() -> None:
    """A frame of some rows of another, in another order, is asked about its own rows, after
    the first frame's columns were encoded."""
    whole = _frame(["a", "b", None, "a"], ["X", "Y", "X", "Y"], ["alert", "", "alert,x", ""])
    assert mask(KindIs(("a",)), whole).tolist() == [True, False, False, True]
    part = whole.iloc[[3, 2, 1]].reset_index(drop=True)
    assert mask(KindIs(("a",)), part).tolist() == [True, False, False]
    both = AllOf((PartyIs(("X",)), HasFlag("alert")))
    assert mask(both, whole).tolist() == [True, False, True, False]
    assert mask(both, part).tolist() == [False, True, False]


def test_a_column_given_new_values_is_encoded_again() -> None:
    """Assigning a column anew changes the answers, though the frame is the same object."""
    frame = _frame(["a", "b"], ["X", "X"], ["", ""])
    assert mask(KindIs(("a",)), frame).tolist() == [True, False]
    frame["kind"] = pd.Series(["b", "a"], dtype=TEXT_DTYPE)
    assert mask(KindIs(("a",)), frame).tolist() == [False, True]


def test_a_freed_column_is_forgotten() -> None:
    """The encodings live as long as their columns: a run's frames are not kept alive."""
    gc.collect()
    before = len(backend._ENCODED)
    frame = _frame(["a", "b"], ["X", "Y"], ["", "alert"])
    mask(AllOf((KindIs(("a", "b")), PartyIs(("X",)), HasFlag("alert"))), frame)
    assert len(backend._ENCODED) == before + 3
    del frame
    gc.collect()
    assert len(backend._ENCODED) == before
