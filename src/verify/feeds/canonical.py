"""A validated record's canonical form, its sha256, and frame rows as `Observation`s.

The canonical form is what evidence hashes: the record's present fields only (no `_file`,
`_line`, `_seq`), times as `YYYY-MM-DDTHH:MM:SSZ` (a fraction only when non-zero, to the
microsecond without trailing zeros), integral numbers as integers, flags as a list. It is the
same whether the record came from JSON Lines, CSV or Parquet, the frame or an `Observation`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Hashable
from datetime import datetime
from typing import Any, cast

import pandas as pd

from verify.feeds.schema import FRAME_FIELDS, PROVENANCE_COLUMNS
from verify.feeds.values import INTEGRAL_LIMIT, iso_time
from verify.model.observation import (
    DEFAULT_RELEASABILITY,
    POSITION_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    Observation,
)


def canonical_number(number: float) -> int | float:
    """A number as the canonical form holds it: an int when integral, else the float."""
    if math.isfinite(number) and number.is_integer() and abs(number) < INTEGRAL_LIMIT:
        return int(number)
    return number


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def canonical_record(frame: pd.DataFrame, index: Hashable) -> dict[str, Any]:
    """The canonical form of the frame's record at index label `index`."""
    row = frame.loc[cast(Any, index)]
    floats = {name for name in frame.columns if pd.api.types.is_float_dtype(frame[name].dtype)}
    return canonical_row(row.to_dict(), floats)


def canonical_row(row: dict[str, Any], float_columns: set[str]) -> dict[str, Any]:
    """The canonical form of one row given as a dict, knowing which columns hold floats."""
    canonical: dict[str, Any] = {}
    for name, value in row.items():
        if name in PROVENANCE_COLUMNS or name.startswith("_"):
            continue
        if _is_missing(value):
            continue
        if name == "flags":
            if value:
                canonical[name] = str(value).split(",")
        elif name in TIME_FIELDS:
            canonical[name] = iso_time(pd.Timestamp(value).to_pydatetime())
        elif name in TEXT_FIELDS or name not in float_columns:
            canonical[name] = str(value)
        else:
            canonical[name] = canonical_number(float(value))
    return canonical


def canonical_observation(observation: Observation) -> dict[str, Any]:
    """The canonical form of an `Observation`: equal to `canonical_record` of its frame row."""
    canonical: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = getattr(observation, name)
        if text is not None:
            canonical[name] = text
    for name in TIME_FIELDS:
        moment: datetime | None = getattr(observation, name)
        if moment is not None:
            canonical[name] = iso_time(moment)
    for name in POSITION_FIELDS:
        number: float | None = getattr(observation, name)
        if number is not None:
            canonical[name] = canonical_number(number)
    if observation.flags:
        canonical["flags"] = list(observation.flags)
    for name, quantity in observation.quantities.items():
        canonical[name] = canonical_number(quantity)
    canonical.update(observation.attributes)
    return canonical


def record_sha256(canonical: dict[str, Any]) -> str:
    """The sha256 (hex) of a canonical form, as compact JSON with sorted keys in UTF-8."""
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frame_to_observations(frame: pd.DataFrame) -> list[Observation]:
    """Every record of a validated frame as an `Observation`, in frame order."""
    fixed = set(FRAME_FIELDS) | set(PROVENANCE_COLUMNS)
    extra = [name for name in frame.columns if name not in fixed]
    quantity_names = [name for name in extra if pd.api.types.is_float_dtype(frame[name].dtype)]
    attribute_names = [name for name in extra if name not in quantity_names]
    observations: list[Observation] = []
    for row in frame.to_dict("records"):
        fields = {name: _python(row[name]) for name in FRAME_FIELDS}
        fields["flags"] = tuple(filter(None, (fields["flags"] or "").split(",")))
        fields["releasability"] = fields["releasability"] or DEFAULT_RELEASABILITY
        fields["quantities"] = {
            name: float(row[name]) for name in quantity_names if not _is_missing(row[name])
        }
        fields["attributes"] = {
            name: str(row[name]) for name in attribute_names if not _is_missing(row[name])
        }
        observations.append(Observation(**fields))
    return observations


def _python(value: Any) -> Any:
    """A frame value as plain Python: None for missing, `datetime` for timestamps."""
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, float):
        return float(value)
    return value
