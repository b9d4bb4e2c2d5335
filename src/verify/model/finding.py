"""Findings: a breach (or a possible one) with its evidence, reasoning trail and channels."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, NoReturn, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    WrapSerializer,
)

from verify.model.instants import format_time

#: `retracted` only in `verify watch` output: a finding printed earlier that later evidence
#: (a record that came late) disproves, under the same id.
Status = Literal["violation", "potential_violation", "pending", "retracted"]

#: The serialisation context that gives a finding the contract's JSON shape (section 5): times
#: in UTC to the second and confidence to three decimals, e.g.
#: `finding.model_dump_json(context=CONTRACT_JSON)`. Without it, dumps keep full precision.
CONTRACT_JSON: dict[str, bool] = {"contract": True}
CONFIDENCE_DIGITS = 3


def _for_contract(info: SerializationInfo) -> bool:
    context = info.context
    return isinstance(context, dict) and bool(context.get("contract"))


def _instant(
    value: datetime, handler: SerializerFunctionWrapHandler, info: SerializationInfo
) -> Any:
    return format_time(value) if _for_contract(info) else handler(value)


def _confidence(
    value: float, handler: SerializerFunctionWrapHandler, info: SerializationInfo
) -> Any:
    return round(value, CONFIDENCE_DIGITS) if _for_contract(info) else handler(value)


#: A time field: written as the contract writes times under `CONTRACT_JSON`.
Instant = Annotated[datetime, WrapSerializer(_instant)]


class _EveryField(set[str]):
    """The field names of a model built by `trusted`, one set per class shared by all its
    instances: a set per instance cost more memory than the rest of a trail step or a channel
    (2 KiB for a finding's 19 names). Shared, it refuses to change; a copy (pydantic copies the
    set in `model_copy` and `copy`, then adds the updated names) is a plain set."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("the fields set of a model built by trusted() is shared: copy it first")

    add = update = discard = remove = pop = clear = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)


_new = object.__new__
_set_attribute = object.__setattr__
# The setters of pydantic's slots: one C call each, without `object.__setattr__`'s lookup.
_set_fields_set = vars(BaseModel)["__pydantic_fields_set__"].__set__
_set_extra = vars(BaseModel)["__pydantic_extra__"].__set__
_set_private = vars(BaseModel)["__pydantic_private__"].__set__


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def trusted(cls, values: dict[str, Any]) -> Self:
        """The model of `values`, every field given (laid out in field order), each already of
        its field's type: taken from models validated before or made by the code
        itself, as a run builds tens of thousands of findings. No validation, nor the per-field
        work of `model_construct`; the result equals the validated model."""
        shared = _SHARED.get(cls)
        if shared is None:
            shared = _SHARED[cls] = _Shared.of(cls)
        if len(values) == len(shared.every):
            fields = shared.layout.copy()  # the class's keys, shared; the values, its own
            fields.update(values)
            return cls._of_fields(fields, shared.every)
        return cls._of_fields(values, set(values))

    def trusted_copy(self, **changes: Any) -> Self:
        """This model with some of its fields changed, each to a value already of its field's
        type (`trusted`'s terms): its field dict copied in the layout it has, the changed
        values assigned, nothing validated (0.6 against 2.1 us for a finding's channels)."""
        fields = self.__dict__.copy()
        for name, value in changes.items():
            if name not in fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            fields[name] = value
        given = self.__pydantic_fields_set__
        return self._of_fields(
            fields, given if given.issuperset(changes) else set(given) | set(changes)
        )

    @classmethod
    def _of_fields(cls, fields: dict[str, Any], given: set[str]) -> Self:
        """The model whose field dict is `fields` (each value of its field's type) and whose
        fields set is `given`: pydantic's slots filled as validation fills them."""
        model = _new(cls)
        _set_attribute(model, "__dict__", fields)
        _set_fields_set(model, given)
        _set_extra(model, None)
        _set_private(model, None)
        return model


class _Shared:
    """What every model of a class built by `trusted` shares: its set of field names, and a
    field dict in the layout CPython shares between the instances of a class (its keys held
    once by the class, each instance holding its values alone).

    A model's fields are a dict; a plain one of a finding's 19 fields is 550 bytes, one in
    the shared layout about 340. A copy of a dict in that layout keeps it, and so does
    assigning to the keys it already has, so each model's fields are a copy of `layout` with
    the model's values assigned: in field order, as validation would order them. Only memory
    depends on this (another Python may give plain dicts, equal to these)."""

    def __init__(self, every: _EveryField, layout: dict[str, Any]) -> None:
        self.every = every
        self.layout = layout

    @classmethod
    def of(cls, model: type[BaseModel]) -> _Shared:
        """The shared parts of `model`'s trusted instances."""
        # Attributes set one by one on an instance, in field order, lay out a dict in the keys
        # its class shares; the instance is dropped, its dict kept as the layout to copy.
        instance = _new(model)
        for name in model.model_fields:
            _set_attribute(instance, name, None)
        return cls(_EveryField(model.model_fields), vars(instance))


#: Each model class's `_Shared`, made on its first `trusted` model.
_SHARED: dict[type[BaseModel], _Shared] = {}


class Evidence(_Frozen):
    """A record the finding relies on, what it shows, and how far its source can be trusted."""

    id: str
    kind: str
    role: str
    sha256: str
    time: Instant
    source: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    releasability: str = "national"
    start: Instant | None = None
    end: Instant | None = None
    lat: float | None = None
    lon: float | None = None
    file: str | None = None
    line: int | None = None


class TrailStep(_Frozen):
    """One step of reasoning: what was checked, what was measured, what was required."""

    step: str
    measured: str
    required: str
    holds: bool

    @classmethod
    def made(cls, *, step: str, measured: str, required: str, holds: bool) -> TrailStep:
        """A step whose texts the code made itself (a kind wording a breach): the validated
        step, built without validating what is already of its type (`trusted`)."""
        values = {"step": step, "measured": measured, "required": required, "holds": holds}
        return cls.trusted(values)


class ReasonStep(_Frozen):
    """One step of the escalation policy: which step, what it saw, the rung before and after
    (channel ids; `before` is None for the step that places the first rung)."""

    step: str
    saw: str
    before: str | None
    after: str


class ChannelSuggestion(_Frozen):
    """A channel through which to raise the finding, in escalation order, with why and by when.

    `steps` is the policy's trail for this rung; `reason` is the same steps joined as one
    readable text (kept for readers of the contract's `channels[].reason`)."""

    id: str
    name: str
    track: str
    basis: str
    deadline: Instant | None
    reason: str
    steps: tuple[ReasonStep, ...] = ()


class Window(_Frozen):
    """The period a finding covers."""

    start: Instant
    end: Instant

    @classmethod
    def made(cls, *, start: datetime, end: datetime) -> Window:
        """The window between two moments of validated records or computed from them (aware
        datetimes): the validated window, without validating them again (`trusted`)."""
        return cls.trusted({"start": start, "end": end})


class Finding(_Frozen):
    """A finding as contract section 5 describes it."""

    id: str
    treaty: str
    obligation: str
    article: str
    party: str
    counterparty: str | None = None
    status: Status
    severity: Literal["minor", "major", "critical"]
    confidence: Annotated[float, WrapSerializer(_confidence)]
    summary: str
    evidence: tuple[Evidence, ...]
    trail: tuple[TrailStep, ...]
    channels: tuple[ChannelSuggestion, ...]
    #: None only in a view for a recipient that withheld every record (`verify.views`).
    window: Window | None
    due: Instant | None = None
    zone: str | None = None
    notes: tuple[str, ...] = ()
    #: The waiver that covers the finding at `as_of` (`verify.waivers`): reason, author,
    #: approved_by, expires; None when none does.
    waiver: dict[str, Any] | None = None
    #: In a view for a recipient (`verify.views`), how many evidence records were withheld.
    withheld: int = 0


def window_of(finding: Finding) -> Window:
    """The window of a finding as the engines made it: every finding has one but a recipient's
    view that withheld all its records, which the engines and the ledger never hold."""
    if finding.window is None:
        raise ValueError(f"finding {finding.id} is a view with its window withheld")
    return finding.window
