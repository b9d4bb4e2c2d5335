"""Required contents of a notice: the fields a prior notice must give (the 1988 launch
notification Agreement's planned date, launch area and impact area). A notice that lacks one
is an incomplete notification, a breach of the prior-notice rule that asked for the notice,
whose trail names the fields missing.

Said in a prior-notice rule, for the notices of one kind it asks for:
`the "notification" must give "start", "launch_area" and "impact_area"`. The fields are the
contract's optional ones (`start`, `zone`, ...), quantities, or fields the pack declares in
`treaty.yaml` (`fields:`), which the compiler checks (`treaty/references.py`). A field is
given when the record has a value for it that is not blank text. The notice judged is the one
the deadline is judged on (the earliest of its kind for the party and activity), on time or
late; an activity its exemption covers is not judged at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Incomplete
from verify.kinds.language import QUOTED_LIST, Draft, Phrases, quoted
from verify.kinds.wording import a, covered_step, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import NoticeRequirement, PriorNotice

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

PART = "notice_contents"

#: Fitting prior-notice rules only; listed with that kind's phrases (`kinds/prior_notice.py`).
phrases = Phrases(fits=frozenset({"prior_notice"}))


@dataclass
class Contents:
    """The fields each notice kind must give, with the step that said so."""

    by_kind: dict[str, tuple[tuple[str, ...], Step]] = field(default_factory=dict)


@phrases.phrase(
    "notice-contents",
    'the "notification" must give "start", "launch_area" and "impact_area"',
    rf"the \"(?P<kind>[^\"]+)\" must give (?P<fields>{QUOTED_LIST})",
)
def _contents(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember(f"{PART}:{found['kind']}", step)
    draft.part(PART, Contents).by_kind[found["kind"]] = (quoted(found["fields"]), step)


def with_contents(
    draft: Draft, requirements: Sequence[NoticeRequirement]
) -> tuple[NoticeRequirement, ...]:
    """The rule's notice requirements, each with the fields its notices must give."""
    contents = draft.parts.get(PART)
    if not isinstance(contents, Contents):
        return tuple(requirements)
    asked = {r.counterpart_kind for r in requirements}
    for kind, (_, step) in contents.by_kind.items():
        if kind not in asked:
            raise Incomplete(
                f'line {step.line}: the rule asks for no "{kind}", so none can be required to'
                " give fields"
            )
    built: list[NoticeRequirement] = []
    for number, requirement in enumerate(requirements):
        found = contents.by_kind.get(requirement.counterpart_kind)
        if found is None:
            built.append(requirement)
            continue
        fields, step = found
        draft.place(("requirements", number, "required_fields"), step)
        built.append(requirement.model_copy(update={"required_fields": fields}))
    return tuple(built)


def given(value: Any) -> bool:
    """Whether a field's value counts as given: present, not NaN, not blank text."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    return bool(value == value)


def missing_fields(requirement: NoticeRequirement, notice: CitedRecord) -> tuple[str, ...]:
    """The fields the requirement asks for that the notice does not give, in the rule's order."""
    return tuple(name for name in requirement.required_fields if not given(notice.record.get(name)))


def incomplete(
    obligation: PriorNotice,
    number: int,
    trigger: CitedRecord,
    notice: CitedRecord,
    due_at: datetime,
) -> Breach:
    """The breach of requirement `number` (its notice due at `due_at`) by a notice for the
    activity `trigger` stands for that lacks fields it asks for (`missing_fields`, not empty)."""
    requirement = obligation.requirements[number]
    kind = requirement.counterpart_kind
    missing = missing_fields(requirement, notice)
    present = [name for name in requirement.required_fields if name not in missing]
    noun = obligation.scope.activity_noun
    activity = trigger.text("activity")
    label = f"{trigger.kind} {activity}" if activity else f"{trigger.kind} {trigger.id}"
    opening = f"{label} ({trigger.id}) starts {when(trigger.anchor)}"
    covered = covered_step(noun, opening, trigger, obligation.scope.condition)
    contents = TrailStep.made(
        step=f"{kind} contents",
        measured=f"{kind} {notice.id} gives {_names(present) or 'none of them'};"
        f" missing: {_names(missing)}",
        required=f"{a(kind)} giving {_names(requirement.required_fields)}",
        holds=False,
    )
    return Breach(
        obligation=obligation,
        party=trigger.party,
        subject=(trigger.id, f"#{number}", "contents"),
        cited=(
            trigger.playing(f"the {noun} that required {a(kind)}"),
            notice.playing(f"the incomplete {kind}"),
        ),
        trail=(covered, contents),
        summary=(
            f"{trigger.party}'s {kind} {notice.id} for {label} is incomplete: it does not give"
            f" {_names(missing)} ({obligation.article})."
        ),
        window=Window.made(start=notice.time, end=notice.time),
        at=notice.time,
        due=due_at,
    )


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
