"""Outright prohibitions: any record matching the scope is a breach (a prohibited missile
test, say). Records: covered records (`trigger`); each is a breach the moment it is known."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, by_party, no_deadline
from verify.kinds.language import Draft, Phrases
from verify.kinds.wording import condition_text, day, flags_text, measured, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Prohibition
from verify.predicates import scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "prohibition"

phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase("prohibited", "such an activity is prohibited", r"such an? [a-z]+ is prohibited")
def _prohibited(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("prohibited", step)
    draft.parts[NAME] = True


def _build(draft: Draft, common: dict[str, Any]) -> Prohibition:
    return Prohibition.model_validate(common)


def roles(obligation: Prohibition) -> list[Role]:
    """Covered records."""
    return [Role("trigger", scope_predicate(obligation.scope, obligation.exemptions))]


def breach(obligation: Prohibition, record: CitedRecord) -> Breach:
    """A covered record."""
    at = record.time
    what = measured(record, obligation.scope.condition)
    flags = flags_text(record)
    flagged = f"; flagged {flags}" if flags else ""
    return Breach(
        obligation=obligation,
        party=record.party,
        subject=(record.id,),
        cited=(record.playing(f"the prohibited {record.kind}"),),
        trail=(
            TrailStep.made(
                step=f"prohibited {obligation.scope.activity_noun}",
                measured=f"{record.kind} {record.id} at {when(at)}: {what}{flagged}",
                required="no "
                + condition_text(obligation.scope.condition).replace(
                    "always", f"{record.kind} of this kind"
                ),
                holds=False,
            ),
        ),
        summary=(
            f"{record.party} carried out a prohibited {record.kind} ({record.id}) on"
            f" {day(at)}: {what} ({obligation.article})."
        ),
        window=Window.made(start=at, end=at),
        at=at,
    )


KIND = Kind(
    name=NAME,
    model=Prohibition,
    title="outright prohibition",
    summary="any record matching the scope is a breach",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=by_party,
)
