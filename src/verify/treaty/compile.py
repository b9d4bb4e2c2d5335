"""Compiling a pack: feature files and `treaty.yaml` into `Pack`, checked before any record is read.

Every error in a pack is collected (`PackErrors`), each with file, line and the line's text:
unknown step (with the closest phrase suggested), unknown quantity, kind, zone, party or channel,
contradictory thresholds, duplicate obligation ids, rules that say too little or too much.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Set as AbstractSet
from pathlib import Path

from pydantic import ValidationError

from verify.errors import Location, PackError, PackErrors, VerifyError, display_path
from verify.model.obligation import (
    SEVERITIES,
    Ceiling,
    Comparison,
    Condition,
    DeclaredObserved,
    Frequency,
    Obligation,
    PriorNotice,
    Prohibition,
    Quota,
    Response,
    Scope,
    SourceRef,
    ZoneProhibition,
)
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES
from verify.model.pack import Pack
from verify.model.treaty import LineZone, TreatyMeta
from verify.treaty.gherkin import FeatureFile, Rule, Step, parse_feature, split_rule_name
from verify.treaty.metadata import load_metadata
from verify.treaty.vocabulary import PHRASES, Draft, StepError, match_step

OBLIGATION_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
EXAMPLE_STEP = re.compile(
    r"^(?:these observations:|compliance is checked as of .+|there is no finding"
    r"|there (?:is|are) \d+ findings?|there is an? .+ of \".+\" by \".+\".*)$"
)


#: Steps that only make sense for some kinds of obligation (the rest apply to every kind).
STEP_FAMILIES: dict[str, frozenset[str]] = {
    "quota": frozenset({"response", "quota"}),
    "tolerance": frozenset({"declared_observed"}),
    "crossing": frozenset({"declared_observed"}),
}


def compile_pack(folder: Path) -> Pack:
    """Load and compile the pack in `folder`; all errors are raised at once as `PackErrors`."""
    errors: list[VerifyError] = []
    meta_path = folder / "treaty.yaml"
    if not meta_path.is_file():
        raise PackError("no treaty.yaml in this pack", Location(display_path(folder)))
    try:
        meta = load_metadata(meta_path)
    except PackErrors as error:
        raise error
    features = sorted(folder.glob("*.feature"))
    if not features:
        raise PackError("no *.feature file in this pack", Location(display_path(folder)))
    obligations: list[Obligation] = []
    first_seen: dict[str, SourceRef] = {}
    for feature_path in features:
        try:
            feature = parse_feature(feature_path)
        except PackError as error:
            errors.append(error)
            continue
        errors.extend(_feature_shape_errors(feature))
        for rule in feature.rules:
            rule_id = split_rule_name(rule.name)[0]
            earlier = first_seen.get(rule_id)
            if earlier is not None:
                errors.append(
                    PackError(
                        f"duplicate obligation id {rule_id!r}"
                        f" (first at {earlier.path}:{earlier.line})",
                        Location(feature.path, rule.line, text=f"Rule: {rule.name}"),
                    )
                )
                continue
            first_seen[rule_id] = SourceRef(path=feature.path, line=rule.line)
            try:
                obligations.append(compile_rule(rule, feature, meta))
            except PackErrors as error:
                errors.extend(error.errors)
    if errors:
        raise PackErrors(errors)
    return Pack(meta=meta, obligations=tuple(obligations), path=display_path(folder))


def _feature_shape_errors(feature: FeatureFile) -> list[VerifyError]:
    errors: list[VerifyError] = [
        PackError(
            "an Example must stand inside a Rule, whose obligation it exercises",
            Location(feature.path, example.line, text=f"Example: {example.name}"),
        )
        for example in feature.stray_examples
    ]
    for rule in feature.rules:
        for example in rule.examples:
            errors.extend(
                _unknown_step_error(step, example_step=True)
                for step in example.steps
                if not EXAMPLE_STEP.match(" ".join(step.text.split()))
            )
    return errors


def compile_rule(rule: Rule, feature: FeatureFile, meta: TreatyMeta) -> Obligation:
    """Compile one `Rule:` into its obligation; its errors are raised together as `PackErrors`."""
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
    elif not obligation_id.startswith(meta.prefix + "."):
        errors.append(
            PackError(f"obligation id {obligation_id!r} must start with {meta.prefix!r}.", where)
        )
    draft = Draft()
    for step in rule.background:
        matched = match_step(step)
        if matched is None:
            errors.append(_unknown_step_error(step, example_step=False))
            continue
        found_phrase, found = matched
        try:
            found_phrase.handler(draft, found, step)
        except StepError as error:
            errors.append(PackError(str(error), step.location))
    errors.extend(_name_errors(draft, meta, rule, feature))
    if errors:
        raise PackErrors(errors)
    try:
        return _build(
            draft,
            obligation_id,
            title,
            meta,
            SourceRef(path=feature.path, line=rule.line),
            where,
        )
    except PackError as error:
        raise PackErrors([error]) from error


def _unknown_step_error(step: Step, *, example_step: bool) -> PackError:
    if example_step:
        templates = [
            "these observations:",
            "compliance is checked as of 2026-09-30",
            'there is a "major" violation of "x.y" by "RUS" citing "x1" and "n1"',
            "there is no finding",
        ]
    else:
        templates = [p.template for p in PHRASES]
    close = difflib.get_close_matches(step.text, templates, n=1, cutoff=0.4)
    hint = f"; did you mean: {close[0]!r}?" if close else ""
    return PackError(f"unknown step{hint}", step.location)


def _name_errors(
    draft: Draft, meta: TreatyMeta, rule: Rule, feature: FeatureFile
) -> list[VerifyError]:
    errors: list[VerifyError] = []
    kinds = BASE_KINDS | set(meta.kinds)
    quantities = BASE_QUANTITIES | {q.name for q in meta.quantities}
    zones = {z.id for z in meta.zones}
    channels = {c.id for c in meta.channels}
    parties = {p.code for p in meta.parties}

    def step_of(name: str) -> Location:
        step = draft.steps.get(name)
        return (
            step.location if step else Location(feature.path, rule.line, text=f"Rule: {rule.name}")
        )

    def unknown(label: str, name: str, known: AbstractSet[str], at: Location) -> None:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        errors.append(PackError(f"unknown {label} {name!r}{hint}", at))

    named_kinds = [(k, step_of("covers")) for k in draft.kinds]
    named_kinds += [(n.counterpart_kind, step_of("covers")) for n in draft.notices]
    named_kinds += [(r.counterpart_kind, step_of("covers")) for r in draft.responses]
    if draft.refusal:
        named_kinds.append((draft.refusal[0], step_of("refusal")))
    if draft.declared:
        named_kinds.append((draft.declared[1], step_of("declared")))
    for kind, at in named_kinds:
        if kind not in kinds:
            unknown("kind", kind, kinds, at)
    condition_at = draft.condition_step.location if draft.condition_step else step_of("covers")
    named_quantities = [
        (c.quantity, _row_location(draft.condition_step, c.quantity) or condition_at)
        for c in draft.condition.comparisons
    ]
    if draft.exclude is not None and draft.exclude_step is not None:
        named_quantities += [
            (
                c.quantity,
                _row_location(draft.exclude_step, c.quantity) or draft.exclude_step.location,
            )
            for c in draft.exclude.comparisons
        ]
    if draft.ceiling:
        named_quantities.append((draft.ceiling[0], step_of("ceiling")))
    if draft.declared:
        named_quantities.append((draft.declared[0], step_of("declared")))
    for quantity, at in named_quantities:
        if quantity not in quantities:
            unknown("quantity", quantity, quantities, at)
    for zone in draft.zones:
        if zone not in zones:
            unknown("zone", zone, zones, step_of("zone"))
        elif draft.within_km is not None and not isinstance(
            next(z for z in meta.zones if z.id == zone), LineZone
        ):
            errors.append(PackError(f"zone {zone!r} is not a line", step_of("zone")))
    if draft.escalation_start and draft.escalation_start not in channels:
        unknown("channel", draft.escalation_start, channels, step_of("escalation"))
    if parties:
        for party in draft.parties:
            if party not in parties:
                unknown("party", party, parties, step_of("covers"))
    if draft.severity and draft.severity not in SEVERITIES:
        errors.append(
            PackError(
                f"unknown severity {draft.severity!r}; use one of {', '.join(SEVERITIES)}",
                step_of("severity"),
            )
        )
    errors.extend(PackError(msg, condition_at) for msg in contradictions(draft.condition))
    return errors


def _row_location(step: Step | None, first_cell: str) -> Location | None:
    """The location of the table row of `step` whose first cell is `first_cell`."""
    if step is None or step.table is None:
        return None
    for row, line in zip(step.table.rows, step.table.lines, strict=True):
        if row and row[0].strip() == first_cell:
            return Location(step.path, line, text="| " + " | ".join(row) + " |")
    return None


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


def _build(
    draft: Draft,
    obligation_id: str,
    title: str,
    meta: TreatyMeta,
    source: SourceRef,
    where: Location,
) -> Obligation:
    if not draft.kinds:
        raise PackError(
            'the rule never says what it covers (`the obligation covers "..." ...`)', where
        )
    if draft.article is None:
        raise PackError(
            'the rule never cites its text (`the obligation is set out in "..."`)', where
        )
    families = {
        "prior_notice": bool(draft.notices),
        "response": bool(draft.responses),
        "quota": draft.refusal is not None,
        "ceiling": draft.ceiling is not None,
        "frequency": draft.frequency is not None,
        "zone_prohibition": bool(draft.zones),
        "declared_observed": draft.declared is not None,
        "prohibition": draft.prohibited,
    }
    if families["quota"]:
        families["response"] = False
    chosen = [name for name, said in families.items() if said]
    if len(chosen) != 1:
        said = " and ".join(chosen) if chosen else "nothing"
        raise PackError(
            f"a rule states exactly one kind of obligation; this one states {said}", where
        )
    common = {
        "id": obligation_id,
        "title": title,
        "treaty": meta.id,
        "article": draft.article,
        "scope": Scope(
            kinds=draft.kinds,
            parties=draft.parties,
            flags=draft.flags,
            condition=draft.condition,
            exclude=draft.exclude,
            activity_noun=draft.noun,
        ),
        "exemptions": tuple(draft.exemptions),
        "severity": draft.severity or "major",
        "escalation_start": draft.escalation_start,
        "confidence_bar": draft.confidence_bar,
        "applies_from": draft.applies_from,
        "source": source,
    }
    kind = chosen[0]
    for name, step in draft.steps.items():
        fits = STEP_FAMILIES.get(name)
        if fits is not None and kind not in fits:
            raise PackError(
                f"this step says nothing about a {kind.replace('_', ' ')} obligation",
                step.location,
            )
    try:
        return _build_kind(kind, draft, common)
    except ValidationError as error:
        raise PackError(f"invalid obligation: {error.errors()[0]['msg']}", where) from error
    except _Incomplete as error:
        raise PackError(str(error), where) from error


class _Incomplete(ValueError):
    pass


def _build_kind(kind: str, draft: Draft, common: dict[str, object]) -> Obligation:
    if kind == "prior_notice":
        return PriorNotice.model_validate({**common, "requirements": tuple(draft.notices)})
    if kind == "response":
        return Response.model_validate(
            {**common, "requirements": tuple(draft.responses), "quota": draft.quota}
        )
    if kind == "quota":
        if draft.quota is None or draft.refusal is None:
            raise _Incomplete("a quota needs `a party must accept N requests per calendar year`")
        return Quota.model_validate(
            {
                **common,
                "quota": draft.quota,
                "refusal_kind": draft.refusal[0],
                "refusal_flag": draft.refusal[1],
            }
        )
    if kind == "ceiling" and draft.ceiling is not None:
        quantity, limit, per_zone = draft.ceiling
        return Ceiling.model_validate(
            {**common, "quantity": quantity, "limit": limit, "per_zone": per_zone}
        )
    if kind == "frequency" and draft.frequency is not None:
        limit, years = draft.frequency
        return Frequency.model_validate({**common, "limit": limit, "years": years})
    if kind == "zone_prohibition":
        return ZoneProhibition.model_validate(
            {**common, "zones": draft.zones, "within_km": draft.within_km}
        )
    if kind == "declared_observed" and draft.declared is not None:
        if draft.tolerance_percent is None and draft.threshold is None:
            raise _Incomplete("declared against observed needs a tolerance or a threshold")
        quantity, declared_kind = draft.declared
        return DeclaredObserved.model_validate(
            {
                **common,
                "declared_kind": declared_kind,
                "quantity": quantity,
                "tolerance_percent": draft.tolerance_percent,
                "threshold": draft.threshold,
            }
        )
    return Prohibition.model_validate(common)
