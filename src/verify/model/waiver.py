"""A waiver: an approved, time-limited decision not to pursue a finding (or a class of them).

A waiver names what it covers, either one finding by id or an obligation and a party (and
optionally one activity), and carries its governance: the reason, who wrote it, who approved it
(never the author) and when it lapses. It covers a finding only while it holds at the run's
`as_of`; from its expiry on, the finding counts again (docs/waivers.md).

`expires` is a date or a date-time with an offset. A date means the waiver is valid through
that whole day in UTC, as a lawyer reads "expires 30 June 2026": it lapses at the next
midnight UTC. A date-time is the instant it lapses.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from verify.model.instants import format_time

#: What a waiver entry may hold, in the order the docs list them.
ENTRY_FIELDS: tuple[str, ...] = (
    "finding",
    "obligation",
    "party",
    "activity",
    "reason",
    "author",
    "approved_by",
    "expires",
)
REQUIRED_FIELDS: tuple[str, ...] = ("reason", "author", "approved_by", "expires")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def expiry_of(value: object) -> date | datetime:
    """An `expires` value as written: a date, a date-time with an offset, or either as ISO 8601
    text; anything else (a time without an offset, a date that is none) is a `ValueError`."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a date-time needs an offset (2026-06-30T12:00:00Z), or give a date")
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE.match(text):
                return date.fromisoformat(text)
            if _DATE_TIME.match(text):
                return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is no day of the calendar") from None
    raise ValueError(
        f"{value!r} is neither a date (2026-06-30) nor a date-time with an offset"
        " (2026-06-30T12:00:00Z)"
    )


def same_person(one: str, other: str) -> bool:
    """Whether two names are the same person's as far as text tells: case and spacing aside."""
    return _SPACES.sub(" ", one).strip().casefold() == _SPACES.sub(" ", other).strip().casefold()


def entry_problems(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with an entry whose fields each have the right type: (field, message)
    pairs, each naming the field to point at. Checked by the model and, located, by the
    loader (`verify.waivers.load`)."""
    problems: list[tuple[str, str]] = []
    has_finding, has_obligation = (
        entry.get("finding") is not None,
        entry.get("obligation") is not None,
    )
    if has_finding and has_obligation:
        problems.append(("obligation", "give either `finding` or `obligation`, not both"))
    elif not has_finding and not has_obligation:
        problems.append(
            ("finding", "name what is waived: a `finding` id, or an `obligation` and `party`")
        )
    if has_obligation and entry.get("party") is None:
        problems.append(("party", "a waiver by `obligation` also names the `party` it covers"))
    for field in ("party", "activity"):
        if entry.get(field) is not None and not has_obligation:
            problems.append(
                (field, f"`{field}` narrows a waiver by `obligation`; give the obligation")
            )
    author, approver = entry.get("author"), entry.get("approved_by")
    if isinstance(author, str) and isinstance(approver, str) and same_person(author, approver):
        problems.append(
            (
                "approved_by",
                f"{approver!r} wrote this waiver and may not approve it; another person approves",
            )
        )
    return problems


def lapse_of(expires: date | datetime) -> datetime:
    """The instant a waiver stops holding: a date-time itself, a date the midnight UTC after it."""
    if isinstance(expires, datetime):
        return expires.astimezone(UTC)
    return datetime.combine(expires, time(), tzinfo=UTC) + timedelta(days=1)


class Waiver(BaseModel):
    """One waiver entry, validated; `file` and `line` say where it was written (if anywhere)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    finding: str | None = Field(default=None, min_length=1)
    obligation: str | None = Field(default=None, min_length=1)
    party: str | None = Field(default=None, min_length=1)
    activity: str | None = Field(default=None, min_length=1)
    reason: str = Field(min_length=1)
    author: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: date | datetime
    file: str | None = None
    line: int | None = None

    @field_validator("expires", mode="before")
    @classmethod
    def _expiry(cls, value: object) -> date | datetime:
        return expiry_of(value)

    @model_validator(mode="after")
    def _governed(self) -> Waiver:
        problems = entry_problems(self.model_dump(exclude={"file", "line"}))
        if problems:
            field, message = problems[0]
            raise ValueError(f"{field}: {message}")
        return self

    @property
    def lapses(self) -> datetime:
        """The instant from which the waiver no longer covers anything (`lapse_of`)."""
        return lapse_of(self.expires)

    def holds_at(self, moment: datetime) -> bool:
        """Whether the waiver still holds at `moment` (strictly before it lapses)."""
        return moment < self.lapses

    @property
    def where(self) -> str:
        """`waivers.yaml:3`, or `waiver` for one given in code without a place."""
        if self.file is None:
            return "waiver"
        return self.file if self.line is None else f"{self.file}:{self.line}"

    @property
    def target(self) -> tuple[str, ...]:
        """What the waiver covers, as a key: two waivers with the same one are duplicates."""
        if self.finding is not None:
            return ("finding", self.finding)
        return ("obligation", self.obligation or "", self.party or "", self.activity or "")

    def expires_text(self) -> str:
        """`expires` as written: `2026-06-30`, or a date-time in UTC to the second."""
        if isinstance(self.expires, datetime):
            return format_time(self.expires)
        return self.expires.isoformat()

    def as_finding_field(self) -> dict[str, Any]:
        """The finding's `waiver` field (contract section 5): reason, author, approver, expiry."""
        return {
            "reason": self.reason,
            "author": self.author,
            "approved_by": self.approved_by,
            "expires": self.expires_text(),
        }
