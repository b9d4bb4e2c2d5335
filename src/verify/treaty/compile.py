"""Compiling a pack: feature files and `treaty.yaml` into `Pack`, checked before any record is read.

Every error in a pack and its `treaty.yaml` is collected (`PackErrors`), each with file, line
and the line's text: unknown step (with the nearest phrase forms and hints, `forms.py`), unknown
quantity, kind, zone, party or channel, contradictory thresholds, duplicate obligation ids,
rules that say too little or too much, and the examples' own errors (`example_steps.py`).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from verify.errors import Location, PackError, PackErrors, VerifyError, display_path
from verify.kinds import KINDS, Draft, Incomplete, StepError
from verify.kinds.language import FieldPath
from verify.model.obligation import SEVERITIES, Obligation, Scope, SourceRef
from verify.model.observation import BASE_QUANTITIES
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta
from verify.treaty.example_steps import duplicate_names, example_errors
from verify.treaty.forms import forms_of, unknown_step
from verify.treaty.gherkin import FeatureFile, Rule, Step, parse_feature, split_rule_name
from verify.treaty.metadata import load_metadata
from verify.treaty.references import model_problems, reference_problems
from verify.treaty.vocabulary import PHRASES, match_step

OBLIGATION_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
#: The tags a `Rule:` may carry, with what each means.
NOT_WAIVABLE = "@not-waivable"
RULE_TAGS: dict[str, str] = {NOT_WAIVABLE: "no waiver may cover the obligation's findings"}
#: The Background phrases as forms with placeholders, for an unknown step's did-you-mean.
FORMS = forms_of(PHRASES)


def compile_pack(folder: Path) -> Pack:
    """Load and compile the pack in `folder`; all errors are raised at once as `PackErrors`.

    Errors in `treaty.yaml` do not stop the feature files from being read: their steps,
    examples and ids are checked all the same, and only the names the pack declares (the
    prefix, quantities, zones, channels, parties; example columns) wait for a `treaty.yaml`
    that loads."""
    errors: list[VerifyError] = []
    meta = _metadata(folder, errors)
    paths = sorted(folder.glob("*.feature"))
    if not paths:
        errors.append(PackError("no *.feature file in this pack", Location(display_path(folder))))
    features: list[FeatureFile] = []
    for feature_path in paths:
        try:
            features.append(parse_feature(feature_path))
        except PackErrors as error:
            errors.extend(error.errors)
        except PackError as error:
            errors.append(error)
    ids = {split_rule_name(rule.name)[0] for feature in features for rule in feature.rules}
    quantities = None if meta is None else known_quantities(meta)
    obligations: list[Obligation] = []
    first_seen: dict[str, SourceRef] = {}
    for feature in features:
        found = _feature_shape_errors(feature)
        for rule in feature.rules:
            rule_id = split_rule_name(rule.name)[0]
            earlier = first_seen.get(rule_id)
            if earlier is not None:
                found.append(
                    PackError(
                        f"duplicate obligation id {rule_id!r}"
                        f" (first at {earlier.path}:{earlier.line})",
                        Location(feature.path, rule.line, text=f"Rule: {rule.name}"),
                    )
                )
            else:
                first_seen[rule_id] = SourceRef(path=feature.path, line=rule.line)
            found.extend(example_errors(rule, ids, quantities))
            try:
                obligation = compile_rule(rule, feature, meta, treaty=folder.name)
            except PackErrors as error:
                found.extend(error.errors)
                continue
            if earlier is None:
                obligations.append(obligation)
        errors.extend(sorted(found, key=_line_of))
    if errors or meta is None:
        raise PackErrors(errors)
    return Pack(meta=meta, obligations=tuple(obligations), path=display_path(folder))


def _metadata(folder: Path, errors: list[VerifyError]) -> TreatyMeta | None:
    """The pack's `treaty.yaml`, or None with its errors added to `errors`."""
    meta_path = folder / "treaty.yaml"
    if not meta_path.is_file():
        errors.append(PackError("no treaty.yaml in this pack", Location(display_path(folder))))
        return None
    try:
        return load_metadata(meta_path)
    except PackErrors as error:
        found = list(error.errors)
    except PackError as error:
        found = [error]
    if not found:
        return None
    last = found[-1]
    waiting = (
        "the names the rules use (prefix, quantities, zones, channels, parties, example"
        " columns) are checked once treaty.yaml loads"
    )
    errors.extend([*found[:-1], PackError(last.message, last.location, (*last.hints, waiting))])
    return None


def known_quantities(meta: TreatyMeta) -> frozenset[str]:
    """The quantities a pack's rules and examples may name: the contract's and its own."""
    return BASE_QUANTITIES | {quantity.name for quantity in meta.quantities}


def _line_of(error: VerifyError) -> int:
    location = error.location
    return (location.line or 0) if location is not None else 0


def _issue(issue: Any) -> str:
    """A pydantic issue as a sentence naming the field (`days: ... at most 3652058`)."""
    field = ".".join(str(part) for part in issue["loc"])
    message = str(issue["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def _feature_shape_errors(feature: FeatureFile) -> list[VerifyError]:
    """Examples outside any Rule, and Examples that share a name."""
    errors: list[VerifyError] = [
        PackError(
            "an Example must stand inside a Rule, whose obligation it exercises",
            Location(feature.path, example.line, text=f"Example: {example.name}"),
        )
        for example in feature.stray_examples
    ]
    return errors + duplicate_names(feature)


def compile_rule(
    rule: Rule, feature: FeatureFile, meta: TreatyMeta | None, treaty: str = ""
) -> Obligation:
    """Compile one `Rule:` into its obligation; its errors are raised together as `PackErrors`.

    Without `meta` (a `treaty.yaml` that did not load) the steps are checked and the rule
    built, as of pack `treaty`, but not the names the pack would declare."""
    where = Location(feature.path, rule.line, text=f"Rule: {rule.name}")
    errors: list[VerifyError] = []
    obligation_id, title = split_rule_name(rule.name)
    if not OBLIGATION_ID.match(obligation_id):
        errors.append(
            PackError(
                f"the Rule must start with its obligation id (dotted lower case), not"
                f" {obligation_id!r}",
                where,
            )
        )
    elif meta is not None and not obligation_id.startswith(meta.prefix + "."):
        errors.append(
            PackError(f"obligation id {obligation_id!r} must start with {meta.prefix!r}.", where)
        )
    errors.extend(_tag_errors(rule, feature))
    draft = Draft()
    for step in rule.background:
        matched = match_step(step)
        if matched is None:
            quantities = known_quantities(meta) if meta is not None else BASE_QUANTITIES
            message, hints = unknown_step(step.text, FORMS, quantities)
            errors.append(PackError(message, step.location, hints))
            continue
        found_phrase, found = matched
        try:
            found_phrase.handler(draft, found, step)
        except StepError as error:
            errors.append(PackError(error.message, step.location))
        except ValidationError as error:  # a value the model bounds (a deadline too long)
            errors.extend(PackError(_issue(issue), step.location) for issue in error.errors())
    if draft.severity and draft.severity not in SEVERITIES:
        errors.append(
            PackError(
                f"unknown severity {draft.severity!r}; use one of {', '.join(SEVERITIES)}",
                _step_location(draft, "severity", where),
            )
        )
    if errors:
        raise PackErrors(errors + _scope_errors(draft, meta, where))
    try:
        obligation = _build(
            draft,
            obligation_id,
            title,
            meta.id if meta is not None else treaty,
            SourceRef(path=feature.path, line=rule.line),
            where,
            waivable=all(name != NOT_WAIVABLE for name, _ in rule.tags),
        )
    except PackError as error:
        raise PackErrors([error, *_scope_errors(draft, meta, where)]) from error
    if meta is None:
        return obligation
    problems = [
        PackError(problem.message, _locate(draft, problem.path, where))
        for problem in reference_problems(obligation, meta)
    ]
    if problems:
        raise PackErrors(list(problems))
    return obligation


def _tag_errors(rule: Rule, feature: FeatureFile) -> list[VerifyError]:
    """A tag on the Rule that no rule tag is (`RULE_TAGS`), with the nearest one."""
    errors: list[VerifyError] = []
    for name, line in rule.tags:
        if name in RULE_TAGS:
            continue
        close = difflib.get_close_matches(name, RULE_TAGS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(f"{tag} ({meaning})" for tag, meaning in RULE_TAGS.items())
        errors.append(
            PackError(
                f"unknown Rule tag {name!r}{hint} (a Rule may carry {known})",
                Location(feature.path, line, text=name),
            )
        )
    return errors


def _step_location(draft: Draft, name: str, where: Location) -> Location:
    step = draft.steps.get(name)
    return step.location if step else where


def _row_location(step: Step | None, first_cell: str) -> Location | None:
    """The location of the table row of `step` whose first cell is `first_cell`."""
    if step is None or step.table is None:
        return None
    for row, line in zip(step.table.rows, step.table.lines, strict=True):
        if row and row[0].strip() == first_cell:
            return Location(step.path, line, text="| " + " | ".join(row) + " |")
    return None


def _build(
    draft: Draft,
    obligation_id: str,
    title: str,
    treaty: str,
    source: SourceRef,
    where: Location,
    *,
    waivable: bool = True,
) -> Obligation:
    if not draft.kinds:
        raise PackError(
            'the rule never says what it covers (`the obligation covers "..." ...`)', where
        )
    if draft.article is None:
        raise PackError(
            'the rule never cites its text (`the obligation is set out in "..."`)', where
        )
    chosen = [kind for kind in KINDS if kind.states(draft)]
    if len(chosen) != 1:
        said = " and ".join(kind.name for kind in chosen) if chosen else "nothing"
        raise PackError(
            f"a rule states exactly one kind of obligation; this one states {said}", where
        )
    kind = chosen[0]
    for step in draft.steps.values():
        matched = match_step(step)
        fits = matched[0].fits if matched is not None else None
        if fits is not None and kind.name not in fits:
            raise PackError(
                f"this step says nothing about a {kind.name.replace('_', ' ')} obligation",
                step.location,
            )
    common = {
        "id": obligation_id,
        "title": title,
        "treaty": treaty,
        "article": draft.article,
        "scope": _scope(draft),
        "exemptions": tuple(draft.exemptions),
        "severity": draft.severity or "major",
        "escalation_start": draft.escalation_start,
        "confidence_bar": draft.confidence_bar,
        "applies_from": draft.applies_from,
        "waivable": waivable,
        "source": source,
    }
    try:
        built: Obligation = kind.build(draft, common)
    except ValidationError as error:
        raise PackError(f"invalid obligation: {error.errors()[0]['msg']}", where) from error
    except Incomplete as error:
        raise PackError(str(error), where) from error
    return built


def _scope(draft: Draft) -> Scope:
    """The records the rule covers, as its steps have said so far."""
    return Scope(
        kinds=draft.kinds,
        parties=draft.parties,
        flags=draft.flags,
        flags_mode=draft.flags_mode,
        condition=draft.condition,
        exclude=draft.exclude,
        activity_noun=draft.noun,
        within_zone=draft.within_zone,
    )


def _scope_errors(draft: Draft, meta: TreatyMeta | None, where: Location) -> list[VerifyError]:
    """The names the rule's scope uses that the pack does not know (for a rule that could not
    be built whole, so that lint still reports them with the rest)."""
    if not draft.kinds or meta is None:
        return []
    return [
        PackError(problem.message, _locate(draft, problem.path, where))
        for problem in model_problems(_scope(draft), meta, ("scope",))
    ]


def _locate(draft: Draft, path: FieldPath, where: Location) -> Location:
    """The step (or table row) that wrote the field at `path` of the obligation; a path into
    a condition's comparisons points at the row of that quantity."""
    step = draft.step_for(path)
    if step is None:
        return where
    if len(path) >= 4 and path[:1] == ("scope",) and path[2] == "comparisons":
        condition = {"condition": draft.condition, "exclude": draft.exclude}.get(str(path[1]))
        if condition is not None:
            quantity = condition.comparisons[int(path[3])].quantity
            return _row_location(step, quantity) or step.location
    return step.location
