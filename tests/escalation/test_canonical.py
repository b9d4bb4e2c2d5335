"""The canonical JSON the ledger hashes: its fast writer gives `json.dumps`'s very bytes, so
the bodies and chain hashes of ledgers written before it still verify; and the audit, which
hashes a body as written before parsing it, judges every body as it did."""

from __future__ import annotations

import json
import math
import types
from typing import Any, Union, get_args, get_origin

import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.escalation.conftest import CONTEXT, evidence, finding
from tests.profiles import budget
from verify.escalation.chain import canonical_json, canonical_json_finite
from verify.escalation.ledger import Ledger, Stored, ladder_json
from verify.model.finding import Finding

finite = st.floats(allow_nan=False, allow_infinity=False)
leaves = st.none() | st.booleans() | st.integers() | finite | st.text()
documents = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=budget(50))
@given(documents)
@example({"small": 1e-05, "tiny": -1e-07, "big": 1e16, "huge": 2**70, "lone": "\ud800"})
@example(["\x00\x1f\x7f\u2028 é 😀", 0.0001, 9.9e-05, 5e-324, -0.0])
def test_the_fast_writer_gives_json_dumpss_bytes(document: Any) -> None:
    """Any JSON value without NaN or infinity is written byte for byte as `json.dumps` does."""
    assert canonical_json_finite(document) == canonical_json(document)


def _float_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The dotted names of a model's fields that can hold a float, nested models followed."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        pending: list[Any] = [info.annotation]
        while pending:
            kind = pending.pop()
            if kind is float:
                found.add(prefix + name)
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= _float_fields(kind, f"{prefix}{name}.")
            elif get_origin(kind) in (Union, types.UnionType, tuple, list, dict):
                pending.extend(a for a in get_args(kind) if a is not Ellipsis)
    return found


def test_the_finite_check_knows_every_float_field_of_a_finding() -> None:
    """The stored form vouches for a finding's floats by looking at these fields: a new float
    field must be added to `verify.escalation.ledger._finite` as well."""
    assert _float_fields(Finding) == {"confidence", "evidence.lat", "evidence.lon"}


def test_a_finding_with_an_infinite_position_is_stored_as_json_dumps_writes_it() -> None:
    """A float that orjson would write as null goes through `json.dumps` instead."""
    record = evidence("x1").model_copy(update={"lat": math.inf})
    stored = finding(records=(record,))
    dumped = {
        "context": json.loads(ladder_json(CONTEXT)),
        "finding": stored.model_dump(mode="json"),
    }
    assert Stored.of(stored, CONTEXT).body == canonical_json(dumped)
    assert '"lat":Infinity' in Stored.of(stored, CONTEXT).body


def _rewrite_body(ledger: Ledger, seq: int, body: str) -> None:
    """Set one row's body by hand, as someone editing the database would."""
    with ledger.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE ledger_entries SET body = :body WHERE seq = :seq"),
            {"body": body, "seq": seq},
        )


def test_a_body_written_otherwise_with_the_same_content_still_audits_intact(
    ledger: Ledger,
) -> None:
    """The audit hashes a body as written first, and its canonical form when that fails: a
    body spaced out by hand, its content unchanged, still matches its hash."""
    ledger.store([(finding("F-0001"), CONTEXT)])
    (entry,) = ledger.entries()
    _rewrite_body(ledger, 1, json.dumps(entry.data(), indent=2))
    assert ledger.audit().message() == "1 entries, chain intact"


def test_a_body_that_is_no_longer_json_is_named_as_such(ledger: Ledger) -> None:
    """A body cut short by hand fails the audit at its entry, saying it is no longer JSON."""
    ledger.store([(finding("F-0001"), CONTEXT)])
    (entry,) = ledger.entries()
    _rewrite_body(ledger, 1, entry.body[:-1])
    assert ledger.audit().message() == (
        "entry 1 (finding F-0001) was tampered with: its body is no longer a JSON object"
    )
