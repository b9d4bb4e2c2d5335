"""The obligation model: what a compiled `Rule:` says, as a discriminated union by kind.

Nothing here knows about pandas or durable_rules; each engine compiles these models its own way.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    """Which records trigger it: kinds, parties (empty: every party), flags (every one, or with
    `flags_mode` "any" at least one), condition."""

    kinds: tuple[str, ...]
    parties: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    flags_mode: Literal["all", "any"] = "all"
    condition: Condition = Condition()
    exclude: Condition | None = None
    activity_noun: str = "activity"
    within_zone: str | None = None


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
    #: False where the pack tags the Rule `@not-waivable`: no waiver may cover its findings.
    waivable: bool = True
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


class HoursBeforeStart(_Frozen):
    """Due a number of hours before the activity starts (minutes as a fraction of an hour)."""

    type: Literal["hours_before_start"] = "hours_before_start"
    hours: float = Field(ge=0, le=MAX_HOURS)


Due = Annotated[DaysBeforeStart | HoursBeforeStart | AnnualDate, Field(discriminator="type")]


class NoticeRequirement(_Frozen):
    """A record of `counterpart_kind` for the same activity and party, due by `due`; it must
    give each of `required_fields` (contract fields, quantities or fields the pack declares).
    With `to_each_party`, one is owed to each other party bound at the due moment (a record
    with no `counterparty` is addressed to all), and a breach is towards each party left out."""

    counterpart_kind: str
    due: Due
    required_fields: tuple[str, ...] = ()
    to_each_party: bool = False


class PriorNotice(ObligationBase):
    """A correlated record (notification, invitation, calendar entry) due before an activity."""

    kind: Literal["prior_notice"] = "prior_notice"
    requirements: tuple[NoticeRequirement, ...]
    #: Kinds of record (a notification) that stand for the activity they announce: one with
    #: an activity key and a `start` is covered by its own start and figures, as the
    #: activity's own records are, so a late one is a breach before the activity is observed.
    announced_by: tuple[str, ...] = ()


class ResponseRequirement(_Frozen):
    """A record of `counterpart_kind` from the addressed party within `hours` of the request."""

    counterpart_kind: str
    hours: float = Field(ge=0, le=MAX_HOURS)


class CalendarYearsPeriod(_Frozen):
    """Counted per calendar year (or per `years` of them)."""

    type: Literal["calendar_years"] = "calendar_years"
    years: int = Field(default=1, ge=1)


class TreatyYearsPeriod(_Frozen):
    """Counted per year beginning on a day of the year (New START: 5 February), or per period
    of `months` months (a divisor of 12) of which one begins on that day each year."""

    type: Literal["treaty_years"] = "treaty_years"
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    months: Literal[1, 2, 3, 4, 6, 12] = 12


class RollingPeriod(_Frozen):
    """Counted over the `days` before each moment (a rolling window)."""

    type: Literal["rolling"] = "rolling"
    days: int = Field(ge=1, le=MAX_DAYS)


CountPeriod = Annotated[
    CalendarYearsPeriod | TreatyYearsPeriod | RollingPeriod, Field(discriminator="type")
]


class FlagQuota(_Frozen):
    """Within a quota, at most `limit` of the requests flagged `flag` (New START: 10 Type One)."""

    flag: str
    limit: int = Field(ge=0)


class PartyQuota(_Frozen):
    """The quota of one addressed party, or of a group of parties the pack declares (whose
    members' requests count together: Open Skies' Russia-Belarus group)."""

    party: str
    limit: int = Field(ge=0)


class QuotaLimit(_Frozen):
    """At most `limit` requests received per party per `years` calendar years (or per `period`)
    are owed an answer; `flags` narrow it by flag, `parties` set it per addressee or group."""

    limit: int = Field(ge=0)
    years: int = Field(default=1, ge=1)
    period: CountPeriod | None = None
    flags: tuple[FlagQuota, ...] = ()
    parties: tuple[PartyQuota, ...] = ()


class Response(ObligationBase):
    """A reply, entry or meeting owed by the addressed party within a deadline of a request."""

    kind: Literal["response"] = "response"
    requirements: tuple[ResponseRequirement, ...]
    quota: QuotaLimit | None = None


class Ceiling(ObligationBase):
    """The latest holding of a quantity, per party (and zone), stays at or below a limit; or,
    `over_time`, every holding does: each episode above the limit is a breach, even once
    reduced."""

    kind: Literal["ceiling"] = "ceiling"
    quantity: str
    limit: float
    per_zone: bool = False
    over_time: bool = False


class Frequency(ObligationBase):
    """At most `limit` triggering activities per party within `years` consecutive calendar years
    (or within `period`: a treaty year, or a rolling window)."""

    kind: Literal["frequency"] = "frequency"
    limit: int = Field(ge=0)
    years: int = Field(default=1, ge=1)
    period: CountPeriod | None = None


class Quota(ObligationBase):
    """Requests received within the yearly quota must not be refused; those beyond it may be."""

    kind: Literal["quota"] = "quota"
    quota: QuotaLimit
    refusal_kind: str
    refusal_flag: str = "refused"
    lawful: Condition | None = None


class DayInPeriod(_Frozen):
    """A report due by the end (23:59:59 UTC) of a day of the year: the first such day from
    the period's start (VD11: 15 December of each calendar year)."""

    type: Literal["day_in_period"] = "day_in_period"
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class AfterPeriod(_Frozen):
    """A report due within `days` days after its period ends (New START: 30 days after each
    six-month period): by the end of the last of those days."""

    type: Literal["after_period"] = "after_period"
    days: int = Field(ge=0, le=MAX_DAYS)


ReportDue = Annotated[DayInPeriod | AfterPeriod, Field(discriminator="type")]


class PeriodicReport(ObligationBase):
    """A report of `report_kind` due from each party once per period, without any triggering
    activity (an annual or six-monthly exchange of data).

    With `at_least`, that many records are due in each period instead (by its due moment;
    no later record makes up for them): from each party, or, `together`, from the parties
    pooled (a joint session, recorded by either party, counts for every party owing it)."""

    kind: Literal["periodic_report"] = "periodic_report"
    report_kind: str
    period: CountPeriod
    due: ReportDue
    at_least: int | None = Field(default=None, ge=1, le=1000)
    together: bool = False

    @model_validator(mode="after")
    def _together_counts(self) -> PeriodicReport:
        if self.together and self.at_least is None:
            raise ValueError("records due from the parties together are counted (at_least)")
        return self

    @field_validator("period")
    @classmethod
    def _partitions(cls, period: CountPeriod) -> CountPeriod:
        if isinstance(period, RollingPeriod):
            raise ValueError("a report is due once per period, not per rolling window")
        return period


class PlatformZones(_Frozen):
    """The zones that apply to one platform: records flagged `flag`, or of `record_kind`."""

    flag: str | None = None
    record_kind: str | None = None
    zones: tuple[str, ...]


class ZoneProhibition(ObligationBase):
    """A triggering activity inside a zone, or within `within_km` of a line zone, is a breach;
    with `platforms`, each platform is judged against its own zones (`zones` lists them all)."""

    kind: Literal["zone_prohibition"] = "zone_prohibition"
    zones: tuple[str, ...]
    within_km: float | None = None
    platforms: tuple[PlatformZones, ...] = ()


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
    | Prohibition
    | PeriodicReport,
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
    "periodic_report",
)
