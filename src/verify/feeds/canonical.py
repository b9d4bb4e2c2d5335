"""A validated record's canonical form and its sha256.

The canonical form is what evidence hashes: the record's present fields only (no `_file`,
`_line`, `_seq`), times as `YYYY-MM-DDTHH:MM:SSZ` (a fraction only when non-zero, to the
microsecond without trailing zeros), integral numbers as integers, flags as a list. It is the
same whether the record came from JSON Lines, CSV or Parquet, the frame or an `Observation`.

This module gives it for an `Observation` (what the stream engine holds) without pandas;
`canonical_frame.py` gives it for the rows of a validated frame, one at a time or column-wise.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any, Protocol

from verify.feeds.values import INTEGRAL_LIMIT, iso_time
from verify.model.observation import POSITION_FIELDS, TEXT_FIELDS, TIME_FIELDS, Observation


def canonical_number(number: float) -> int | float:
    """A number as the canonical form holds it: an int when integral, else the float."""
    if math.isfinite(number) and number.is_integer() and abs(number) < INTEGRAL_LIMIT:
        return int(number)
    return number


class ObservationFields(Protocol):
    """An `Observation`'s fields under its names: the model itself, or the stream engine's
    `Rec`, which keeps them in slots (and no attributes as None rather than `{}`)."""

    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def quantities(self) -> Mapping[str, float]: ...
    @property
    def attributes(self) -> Mapping[str, str] | None: ...


#: An observation's text fields, in `TEXT_FIELDS` order, in one call.
_texts = attrgetter(*TEXT_FIELDS)


def canonical_observation(observation: Observation | ObservationFields) -> dict[str, Any]:
    """The canonical form of an `Observation` (or of anything with its fields: a stream
    engine's record needs no model built to be cited): equal to `canonical_record` of its
    frame row."""
    canonical: dict[str, Any] = {
        name: text
        for name, text in zip(TEXT_FIELDS, _texts(observation), strict=True)
        if text is not None
    }
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
    if observation.attributes:
        canonical.update(observation.attributes)
    return canonical


#: The canonical JSON text: compact, keys sorted, UTF-8 rather than escapes.
CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_sha256(canonical: dict[str, Any]) -> str:
    """The sha256 (hex) of a canonical form, as compact JSON with sorted keys in UTF-8."""
    return hashlib.sha256(CANONICAL_JSON.encode(canonical).encode("utf-8")).hexdigest()
