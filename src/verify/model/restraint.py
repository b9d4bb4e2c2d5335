"""A pack's proportionality policy (`treaty.yaml`, `escalation:`): restraint declared as data.

Each field configures one step of the escalation policy (`verify.escalation.policy`); a pack
that says nothing gets today's behaviour, the defaults below:

- `weak`: what counts as weak evidence. `below_bar` (default): confidence under the pack's bar;
  `potential`: any `potential_violation` (an estimate as much as low grades) is weak too.
- `weak_start`: the channel weak evidence starts at (default: the lowest informal rung).
- `raise_critical_at`: the confidence from which a critical breach starts one rung higher
  (default: the bar); below it severity changes only the urgency.
- `urgency`: a factor on every channel's reply deadline, per severity (`critical: 0.5` asks
  for an answer in half the time); 1 where not given.
- `moves_up`: what moves a finding one rung up: `repeat` (an earlier violation by the same
  party of the same obligation), `unanswered` (an earlier finding's rung that lapsed).
- `public`: the channels that make a concern public (default: those of releasability `public`).
- `public_requires`: what a public rung requires: `violation` (never a potential one) and
  `lower_unanswered` (a lower rung used and unanswered past its deadline). Default: nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verify.model.obligation import Severity

Weakness = Literal["below_bar", "potential"]
MoveUp = Literal["repeat", "unanswered"]
PublicNeed = Literal["violation", "lower_unanswered"]


class Restraint(BaseModel):
    """The proportionality policy of one pack; see the module's docstring for each field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weak: Weakness = "below_bar"
    weak_start: str | None = None
    raise_critical_at: float | None = Field(default=None, ge=0, le=1)
    urgency: tuple[tuple[Severity, float], ...] = ()
    moves_up: tuple[MoveUp, ...] = ("repeat", "unanswered")
    public: tuple[str, ...] | None = None
    public_requires: tuple[PublicNeed, ...] = ()

    @field_validator("urgency", mode="before")
    @classmethod
    def _urgency_pairs(cls, value: Any) -> Any:
        """Accept `{critical: 0.5}` as written in YAML; keep the pairs in severity order."""
        if isinstance(value, Mapping):
            order = {"minor": 0, "major": 1, "critical": 2}
            return tuple(sorted(value.items(), key=lambda kv: order.get(str(kv[0]), 3)))
        return value

    @field_validator("urgency")
    @classmethod
    def _factors(
        cls, value: tuple[tuple[Severity, float], ...]
    ) -> tuple[tuple[Severity, float], ...]:
        for severity, factor in value:
            if not 0 < factor <= 1:
                raise ValueError(
                    f"urgency for {severity!r} is {factor:g}: a factor above 0 and at most 1"
                    " (severity may shorten a deadline, never lengthen it)"
                )
        return value

    def factor(self, severity: Severity) -> float:
        """The factor on reply deadlines for a finding of this severity."""
        return next((f for s, f in self.urgency if s == severity), 1.0)

    def channel_names(self) -> tuple[tuple[str, str], ...]:
        """Every channel id the policy names, with the field that names it."""
        names: list[tuple[str, str]] = []
        if self.weak_start is not None:
            names.append(("weak_start", self.weak_start))
        names += [("public", name) for name in self.public or ()]
        return tuple(names)


#: Today's behaviour: what a pack that declares no `escalation:` block gets.
DEFAULT_RESTRAINT = Restraint()
