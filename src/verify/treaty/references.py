"""The names an obligation refers to, checked against its pack's metadata, on the model itself.

One check for every way a pack arrives (feature files, compiled JSON): `reference_problems`
walks an `Obligation` and returns each unknown name with the path of the field that holds it,
so that the caller locates it in its own source (a step's line, a JSON line).

The walk goes by field name, never by obligation kind, so that a new kind whose fields follow
this convention is covered without a change here. A field holding a name, or a tuple of names,
refers to what the last word of its name says:

- `kinds`, `*_kind`, `*_kinds` (`counterpart_kind`, `refusal_kind`, `declared_kind`): record
  kinds, the contract's base kinds and those the pack declares. A field named `kind` alone is
  a discriminator (the obligation's own kind), not a record kind.
- `quantity`, `quantities`, `*_quantity`, `*_quantities`: quantities, base or declared.
- `zone`, `zones`, `*_zone`, `*_zones`: zones of the pack; where the model holding the field
  has `within_km` set, each must be a line zone.
- `channel`, `channels`, `*_channel`, `*_channels`, and `escalation_start`: channels.
- `party`, `parties`, `*_party`, `*_parties`: parties, checked only when the pack declares
  some (a pack open to every state declares none).
- `field`, `fields`, `*_field`, `*_fields` (`required_fields`): record fields a record may
  lack: the contract's optional ones (`start`, `zone`, ...), quantities, and the fields the
  pack declares (`treaty.yaml`, `fields:`).

Only text values are read (`per_zone: bool` names nothing). Every `Condition` met on the way is
also checked for thresholds that can never hold together (`contradictions`). The messages are
those the compiler has always given: `unknown zone 'x'; did you mean 'y'?`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from pydantic import BaseModel

from verify.model.obligation import Comparison, Condition, Obligation
from verify.model.observation import (
    BASE_KINDS,
    BASE_QUANTITIES,
    CORE_FIELDS,
    LIST_FIELDS,
    REQUIRED_FIELDS,
)
from verify.model.treaty import LineZone, TreatyMeta, Zone

FieldPath = tuple[str | int, ...]

#: The noun a field name ends in, and the label its names carry in messages.
_NOUNS: dict[str, str] = {
    "kind": "kind",
    "kinds": "kind",
    "quantity": "quantity",
    "quantities": "quantity",
    "zone": "zone",
    "zones": "zone",
    "channel": "channel",
    "channels": "channel",
    "party": "party",
    "parties": "party",
    "field": "field",
    "fields": "field",
}

#: The contract's fields a record may lack (`releasability` always has a value, its default).
OPTIONAL_FIELDS: frozenset[str] = CORE_FIELDS - {*REQUIRED_FIELDS, *LIST_FIELDS, "releasability"}

#: Fields that name something although their name does not say so.
_NAMED_FIELDS: dict[str, str] = {"escalation_start": "channel"}


@dataclass(frozen=True)
class ReferenceProblem:
    """A name an obligation uses that its pack does not know, or a condition that cannot hold.

    `path` leads from the obligation to the field, like pydantic's error locations:
    `("zones", 0)`, `("scope", "condition", "comparisons", 2, "quantity")`.
    """

    path: FieldPath
    message: str


def reference_problems(obligation: Obligation, meta: TreatyMeta) -> list[ReferenceProblem]:
    """Every unknown kind, quantity, zone, channel or party in `obligation`, and every
    contradictory condition, in the order of the model's fields."""
    return model_problems(obligation, meta)


def model_problems(
    value: BaseModel, meta: TreatyMeta, path: FieldPath = ()
) -> list[ReferenceProblem]:
    """`reference_problems` of any part of an obligation (its `Scope`, say, when the rule
    states too little to build the whole), with paths that start at `path`."""
    problems: list[ReferenceProblem] = []
    _walk(value, path, _Known.of(meta), problems)
    return problems


def field_path(path: Sequence[str | int]) -> str:
    """A path as a reader writes it: `obligations[3].scope.parties[1]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def label_of(field_name: str) -> str | None:
    """What a field of this name refers to (`kind`, `quantity`, ...), if it names anything."""
    if field_name in _NAMED_FIELDS:
        return _NAMED_FIELDS[field_name]
    if field_name == "kind":
        return None
    return _NOUNS.get(field_name.rpartition("_")[2])


def contradictions(condition: Condition) -> list[str]:
    """Why an all-of condition can never hold (an empty range on some quantity), if it cannot."""
    if condition.mode != "all":
        return []
    problems: list[str] = []
    by_quantity: dict[str, list[Comparison]] = {}
    for comparison in condition.comparisons:
        by_quantity.setdefault(comparison.quantity, []).append(comparison)
    for quantity, comparisons in by_quantity.items():
        lows = [c for c in comparisons if c.op in ("at least", "more than")]
        highs = [c for c in comparisons if c.op in ("at most", "less than")]
        for low in lows:
            for high in highs:
                strict = low.op == "more than" or high.op == "less than"
                if low.value > high.value or (strict and low.value == high.value):
                    problems.append(
                        f"contradictory thresholds: {quantity} {low.op} {low.value:g} and"
                        f" {high.op} {high.value:g} can never both hold"
                    )
    return problems


@dataclass(frozen=True)
class _Known:
    """The names a pack's obligations may use, by label; a label absent is not checked."""

    names: Mapping[str, AbstractSet[str]]
    zones: Mapping[str, Zone]

    @classmethod
    def of(cls, meta: TreatyMeta) -> _Known:
        quantities = BASE_QUANTITIES | {q.name for q in meta.quantities}
        names: dict[str, AbstractSet[str]] = {
            "kind": BASE_KINDS | set(meta.kinds),
            "quantity": quantities,
            "field": OPTIONAL_FIELDS | quantities | {f.name for f in meta.fields},
            "zone": {z.id for z in meta.zones},
            "channel": {c.id for c in meta.channels},
        }
        if meta.parties:
            names["party"] = {p.code for p in meta.parties} | {g.code for g in meta.groups}
        return cls(names=names, zones={z.id: z for z in meta.zones})


def _walk(value: object, path: FieldPath, known: _Known, problems: list[ReferenceProblem]) -> None:
    if isinstance(value, tuple | list):
        for index, item in enumerate(value):
            _walk(item, (*path, index), known, problems)
        return
    if not isinstance(value, BaseModel):
        return
    for name in type(value).model_fields:
        child = getattr(value, name)
        label = label_of(name)
        named = _names(child, (*path, name)) if label is not None else None
        if label is None or named is None:
            _walk(child, (*path, name), known, problems)
            continue
        allowed = known.names.get(label)
        if allowed is None:
            continue
        near_line = label == "zone" and getattr(value, "within_km", None) is not None
        for where, text in named:
            if text not in allowed:
                problems.append(ReferenceProblem(where, _unknown(label, text, allowed)))
            elif near_line and not isinstance(known.zones.get(text), LineZone):
                problems.append(ReferenceProblem(where, f"zone {text!r} is not a line"))
    if isinstance(value, Condition):
        problems.extend(ReferenceProblem(path, message) for message in contradictions(value))


def _names(value: object, path: FieldPath) -> list[tuple[FieldPath, str]] | None:
    """The names a field holds with their paths; None when it holds something else."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, tuple | list) and all(isinstance(item, str) for item in value):
        return [((*path, index), str(item)) for index, item in enumerate(value)]
    return None


def _unknown(label: str, name: str, known: AbstractSet[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {label} {name!r}{hint}"
