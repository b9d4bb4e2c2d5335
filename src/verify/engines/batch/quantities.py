"""Quantity obligations in pandas: ceilings on holdings, declared against observed, prohibitions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from verify.engines.batch.frame import (
    cite,
    cite_row,
    exempt_always,
    measured_quantities,
    records,
    rows_by_label,
    scope_mask,
    timestamp,
)
from verify.engines.breach import Breach
from verify.engines.wording import amount, condition_text, when
from verify.feeds.canonical import float_columns
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Ceiling, DeclaredObserved, Prohibition


def ceiling(obligation: Ceiling, frame: pd.DataFrame, as_of: datetime) -> Iterator[Breach]:
    """The latest holding per party (and zone) above the limit."""
    if obligation.quantity not in frame.columns:
        return
    covered = scope_mask(frame, obligation.scope) & frame[obligation.quantity].notna()
    rows = frame[covered & ~exempt_always(frame, obligation.exemptions)]
    keys = ["party", "zone"] if obligation.per_zone else ["party"]
    latest = rows.sort_values(["time", "id"], kind="stable").drop_duplicates(keys, keep="last")
    over = latest[latest[obligation.quantity] > obligation.limit]
    for index, row in over.iterrows():
        value = float(row[obligation.quantity])
        at = timestamp(row["time"])
        where = (
            f" in zone {row['zone']}"
            if obligation.per_zone and isinstance(row["zone"], str)
            else ""
        )
        yield Breach(
            obligation=obligation,
            party=str(row["party"]),
            subject=(str(row["id"]),),
            cited=(cite(frame, index, f"the latest {obligation.quantity} reported{where}"),),
            trail=(
                TrailStep(
                    step="latest holding",
                    measured=f"{obligation.quantity} {amount(value)} in {row['kind']} {row['id']}"
                    f" of {when(at)}{where}",
                    required=f"at most {amount(obligation.limit)}",
                    holds=False,
                ),
            ),
            summary=(
                f"{row['party']} held {amount(value)} {obligation.quantity}{where} as of"
                f" {when(at)[:10]}, above the limit of {amount(obligation.limit)}"
                f" ({obligation.article})."
            ),
            window=Window(start=at, end=max(at, as_of)),
            at=at,
            zone=str(row["zone"]) if obligation.per_zone and isinstance(row["zone"], str) else None,
        )


def declared_observed(
    obligation: DeclaredObserved, frame: pd.DataFrame, as_of: datetime
) -> Iterator[Breach]:
    """Observed quantities above the latest declaration by more than the tolerance, or across
    the threshold the declaration stayed under."""
    quantity = obligation.quantity
    if quantity not in frame.columns:
        return
    covered = scope_mask(frame, obligation.scope) & frame[quantity].notna()
    observed = frame[covered & ~exempt_always(frame, obligation.exemptions)].dropna(
        subset=["activity"]
    )
    declared = frame[(frame["kind"] == obligation.declared_kind) & frame[quantity].notna()]
    declared = declared.dropna(subset=["activity"]).sort_values(["time", "id"], kind="stable")
    latest = declared.drop_duplicates(["party", "activity"], keep="last")
    pairs = observed.assign(_observed_index=observed.index).merge(
        pd.DataFrame(
            {
                "party": latest["party"],
                "activity": latest["activity"],
                "_declared_index": latest.index,
                "_declared": latest[quantity],
            }
        ),
        on=["party", "activity"],
        how="inner",
    )
    breach = pd.Series(False, index=pairs.index)
    if obligation.tolerance_percent is not None:
        allowed = pairs["_declared"] * (1 + obligation.tolerance_percent / 100)
        breach |= pairs[quantity] > allowed
    if obligation.threshold is not None:
        breach |= (pairs[quantity] >= obligation.threshold) & (
            pairs["_declared"] < obligation.threshold
        )
    pairs = pairs[breach].sort_values(["time", "id"], kind="stable")
    pairs = pairs.drop_duplicates(["party", "activity"], keep="first")
    fetched = rows_by_label(frame, [*pairs["_observed_index"], *pairs["_declared_index"]])
    floats = float_columns(frame)
    for row in records(pairs):
        declared_row = fetched[row["_declared_index"]]
        seen = float(row[quantity])
        stated = float(row["_declared"])
        at = timestamp(row["time"])
        requirements = []
        if obligation.tolerance_percent is not None:
            requirements.append(
                f"at most {amount(obligation.tolerance_percent)}% above the declared"
                f" {amount(stated)}"
            )
        if obligation.threshold is not None:
            requirements.append(
                f"below {amount(obligation.threshold)} as declared, or declared at or above it"
            )
        declared_id = str(declared_row["id"])
        yield Breach(
            obligation=obligation,
            party=str(row["party"]),
            subject=(str(row["id"]),),
            cited=(
                cite_row(fetched[row["_observed_index"]], f"the observation of {quantity}", floats),
                cite_row(declared_row, "the declaration it contradicts", floats),
            ),
            trail=(
                TrailStep(
                    step=f"observed against declared {quantity}",
                    measured=f"observed {amount(seen)} in {row['id']}; declared {amount(stated)}"
                    f" in {declared_id}",
                    required="; or ".join(requirements),
                    holds=False,
                ),
            ),
            summary=(
                f"{row['party']} declared {amount(stated)} {quantity} for activity"
                f" {row['activity']} but {amount(seen)} were observed on {when(at)[:10]}"
                f" ({obligation.article})."
            ),
            window=Window(start=timestamp(declared_row["time"]), end=at),
            at=at,
        )


def prohibition(obligation: Prohibition, frame: pd.DataFrame, as_of: datetime) -> Iterator[Breach]:
    """Every record matching the scope of an outright prohibition."""
    rows = frame[scope_mask(frame, obligation.scope) & ~exempt_always(frame, obligation.exemptions)]
    floats = float_columns(frame)
    for row in records(rows):
        at = timestamp(row["time"])
        measured = measured_quantities(row, obligation.scope.condition)
        flags = f"; flagged {row['flags']}" if row["flags"] else ""
        yield Breach(
            obligation=obligation,
            party=str(row["party"]),
            subject=(str(row["id"]),),
            cited=(cite_row(row, f"the prohibited {row['kind']}", floats),),
            trail=(
                TrailStep(
                    step=f"prohibited {obligation.scope.activity_noun}",
                    measured=f"{row['kind']} {row['id']} at {when(at)}: {measured}{flags}",
                    required="no "
                    + condition_text(obligation.scope.condition).replace(
                        "always", f"{row['kind']} of this kind"
                    ),
                    holds=False,
                ),
            ),
            summary=(
                f"{row['party']} carried out a prohibited {row['kind']} ({row['id']}) on"
                f" {when(at)[:10]}: {measured} ({obligation.article})."
            ),
            window=Window(start=at, end=at),
            at=at,
        )
