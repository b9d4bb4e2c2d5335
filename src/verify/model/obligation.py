"""The obligation model: what a compiled `Rule:` says, as a discriminated union by kind.

Nothing here knows about pandas or durable_rules; each engine compiles these models its own way.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from verify.model.calendar import MAX_DAYS, MAX_HOURS

Severity = Literal["minor", "major", "critical"]
SEVERITIES: tuple[Severity, ...] = ("minor", "major", "critical")
Operator = Literal["at least", "more than", "at most", "less than"]
OPERATORS: tuple[Operator, ...] = ("at least", "more than", "at most", "less than")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceRef(_Frozen):
    """Where an obligation was written: feature file and the line of its `Rule:`."""

    path: str
    line: int


class Comparison(_Frozen):
    """One quantity compared with a fixed value, such as `troops at least 9000`."""

    quantity: str
    op: Operator
    value: float

    def describe(self) -> str:
        """The comparison as a treaty lawyer would write it."""
        return f"{self.quantity} {self.op} {self.value:g}"


class Condition(_Frozen):
    """Comparisons combined with any-of or all-of; no comparison at all always holds."""

    mode: Literal["any", "all"] = "all"
    comparisons: tuple[Comparison, ...] = ()

    @cached_property
    def _quantities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.quantity for c in self.comparisons))

    def quantities(self) -> tuple[str, ...]:
        """The quantities the condition reads, in the order written (asked once per breach)."""
        return self._quantities


class Scope(_Frozen):
    """Which records trigger it: kinds, parties (empty: every party), flags, condition."""

    kinds: tuple[str, ...]
    parties: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    condition: Condition = Condition()
    exclude: Condition | None = None
    activity_noun: str = "activity"


class Exemption(_Frozen):
    """Records carrying `flag` are exempt, always or only when notified by their start."""

    flag: str
    when: Literal["always", "notified_by_start"] = "always"


class ObligationBase(_Frozen):
    """What every obligation has: identity, citation, scope, severity, escalation start."""

    id: str
    title: str
    treaty: str
    article: str
    scope: Scope
    exemptions: tuple[Exemption, ...] = ()
    severity: Literal["minor", "major", "critical"] = "major"
    escalation_start: str | None = None
    confidence_bar: float | None = None
    applies_from: date | None = None
    source: SourceRef


class DaysBeforeStart(_Frozen):
    """Due a number of days before the activity starts (0: no later than its start)."""

    type: Literal["days_before_start"] = "days_before_start"
    days: float = Field(ge=0, le=MAX_DAYS)


class AnnualDate(_Frozen):
    """Due by the end (23:59:59 UTC) of a day of the year before the activity starts."""

    type: Literal["annual_date"] = "annual_date"
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


Due = Annotated[DaysBeforeStart | AnnualDate, Field(discriminator="type")]


class NoticeRequirement(_Frozen):
    """A record of `counterpart_kind` for the same activity and party, due by `due`."""

    counterpart_kind: str
    due: Due


class PriorNotice(ObligationBase):
    """A correlated record (notification, invitation, calendar entry) due before an activity."""

    kind: Literal["prior_notice"] = "prior_notice"
    requirements: tuple[NoticeRequirement, ...]


class ResponseRequirement(_Frozen):
    """A record of `counterpart_kind` from the addressed party within `hours` of the request."""

    counterpart_kind: str
    hours: float = Field(ge=0, le=MAX_HOURS)


class QuotaLimit(_Frozen):
    """At most `limit` requests received per party per `years` calendar years are owed an answer."""

    limit: int = Field(ge=0)
    years: int = Field(default=1, ge=1)


class Response(ObligationBase):
    """A reply, entry or meeting owed by the addressed party within a deadline of a request."""

    kind: Literal["response"] = "response"
    requirements: tuple[ResponseRequirement, ...]
    quota: QuotaLimit | None = None


class Ceiling(ObligationBase):
    """The latest holding of a quantity, per party (and zone), stays at or below a limit."""

    kind: Literal["ceiling"] = "ceiling"
    quantity: str
    limit: float
    per_zone: bool = False


class Frequency(ObligationBase):
    """At most `limit` triggering activities per party within `years` consecutive calendar years."""

    kind: Literal["frequency"] = "frequency"
    limit: int = Field(ge=0)
    years: int = Field(default=1, ge=1)


class Quota(ObligationBase):
    """Requests received within the yearly quota must not be refused; those beyond it may be."""

    kind: Literal["quota"] = "quota"
    quota: QuotaLimit
    refusal_kind: str
    refusal_flag: str = "refused"


class ZoneProhibition(ObligationBase):
    """A triggering activity inside a zone, or within `within_km` of a line zone, is a breach."""

    kind: Literal["zone_prohibition"] = "zone_prohibition"
    zones: tuple[str, ...]
    within_km: float | None = None


class DeclaredObserved(ObligationBase):
    """An observed quantity must not exceed the declared one (tolerance) or cross a threshold."""

    kind: Literal["declared_observed"] = "declared_observed"
    declared_kind: str
    quantity: str
    tolerance_percent: float | None = None
    threshold: float | None = None


class Duration(ObligationBase):
    """A covered activity is completed (its `end`) within `hours` of its start."""

    kind: Literal["duration"] = "duration"
    hours: float = Field(gt=0, le=MAX_HOURS)


class Concurrency(ObligationBase):
    """At most `limit` covered activities of one party (or over one addressed party) at once."""

    kind: Literal["concurrency"] = "concurrency"
    limit: int = Field(ge=1)
    per: Literal["party", "counterparty"] = "party"


class Prohibition(ObligationBase):
    """Any record matching the scope is a breach (a prohibited missile test, say)."""

    kind: Literal["prohibition"] = "prohibition"


Obligation = Annotated[
    PriorNotice
    | Response
    | Ceiling
    | Frequency
    | Quota
    | ZoneProhibition
    | DeclaredObserved
    | Duration
    | Concurrency
    | Prohibition,
    Field(discriminator="kind"),
]

OBLIGATION_KINDS: tuple[str, ...] = (
    "prior_notice",
    "response",
    "ceiling",
    "frequency",
    "quota",
    "zone_prohibition",
    "declared_observed",
    "duration",
    "concurrency",
    "prohibition",
)
