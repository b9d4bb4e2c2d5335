"""The steps of a worked `Example:`, and what lint checks in them before any example runs.

The patterns here are the ones `verify.testing.examples` runs the steps with, so that what
lint accepts is what runs. Lint checks, for each Example of a Rule: every step is one of these;
the observations table names only contract fields, known quantities and names the Rule's
steps give (with a did-you-mean within two edits, as a feed's fields get); the `Then` steps
name the Rule's own obligation and cite only ids of the table; and no two Examples of one
feature file share a name (examples run by name: of two, one would silently never run).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from verify.errors import Location, PackError, VerifyError
from verify.kinds.language import QUOTED_LIST, quoted
from verify.model.observation import CORE_FIELDS
from verify.spelling import within_two_edits
from verify.treaty.forms import Form, unknown_step
from verify.treaty.gherkin import Example, FeatureFile, Rule, Step, split_rule_name

OBSERVATIONS = r"these observations:"
CHECKED = r"compliance is checked as of (?P<moment>\S+)"
NO_FINDING = r"there is no finding"
COUNT = r"there (?:is|are) (?P<count>\d+) findings?"
FINDING = (
    r"there is an? \"(?P<severity>[^\"]+)\" (?P<status>violation|potential violation|pending"
    r" finding) of \"(?P<obligation>[^\"]+)\" by \"(?P<party>[^\"]+)\""
    r"(?: towards \"(?P<counterparty>[^\"]+)\")?"
    rf"(?: citing (?P<cited>{QUOTED_LIST}))?"
)
COVERS = r"the finding citing \"(?P<record>[^\"]+)\" covers (?P<start>\S+) to (?P<end>\S+)"

#: The example steps as forms, for an unknown step's did-you-mean.
FORMS: tuple[Form, ...] = (
    Form("observations", "these observations:", OBSERVATIONS),
    Form("checked", "compliance is checked as of <YYYY-MM-DD>", CHECKED),
    Form("no-finding", "there is no finding", NO_FINDING),
    Form("count", "there are <N> findings", COUNT),
    Form(
        "finding",
        'there is a "<severity>" violation of "<obligation>" by "<party>" citing "<id>" and "<id>"',
        FINDING,
    ),
    Form(
        "finding-status",
        'there is a "<severity>" potential violation of "<obligation>" by "<party>"',
        FINDING,
    ),
    Form(
        "finding-towards",
        'there is a "<severity>" violation of "<obligation>" by "<party>" towards "<party>"',
        FINDING,
    ),
    Form(
        "finding-pending",
        'there is a "<severity>" pending finding of "<obligation>" by "<party>" citing "<id>"',
        FINDING,
    ),
    Form("covers", 'the finding citing "<id>" covers <YYYY-MM-DD> to <YYYY-MM-DD>', COVERS),
)
_PATTERNS = tuple(
    re.compile(f"^{source}$")
    for source in (OBSERVATIONS, CHECKED, NO_FINDING, COUNT, FINDING, COVERS)
)
_FINDING = re.compile(f"^{FINDING}$")


def _text(step: Step) -> str:
    return " ".join(step.text.split())


def duplicate_names(feature: FeatureFile) -> list[VerifyError]:
    """An error for each Example that has the name of an earlier one in the same file."""
    first: dict[str, Example] = {}
    errors: list[VerifyError] = []
    examples = [*feature.stray_examples, *(e for rule in feature.rules for e in rule.examples)]
    for example in sorted(examples, key=lambda e: e.line):
        earlier = first.setdefault(example.name, example)
        if earlier is not example:
            errors.append(
                PackError(
                    f"duplicate Example name {example.name!r} (first at line {earlier.line}):"
                    " examples run by name, so one of the two would never run; name each apart",
                    Location(feature.path, example.line, text=f"Example: {example.name}"),
                )
            )
    return errors


def example_errors(
    rule: Rule, obligations: Collection[str], quantities: Collection[str] | None
) -> list[VerifyError]:
    """Every error in the Examples of `rule`; `obligations` are the pack's obligation ids and
    `quantities` its known quantities (None: treaty.yaml did not load, columns go unchecked).
    A column may also be any name the Rule's Background gives (`_names_of`)."""
    own = split_rule_name(rule.name)[0]
    if quantities is not None:
        quantities = {*quantities, *_names_of(rule)}
    errors: list[VerifyError] = []
    for example in rule.examples:
        ids: set[str] | None = None
        for step in example.steps:
            text = _text(step)
            if not any(pattern.match(text) for pattern in _PATTERNS):
                message, hints = unknown_step(text, FORMS)
                errors.append(PackError(message, step.location, hints))
            elif re.fullmatch(OBSERVATIONS, text):
                found, table_errors = _observations(step, quantities)
                ids = found if ids is None else ids | found
                errors.extend(table_errors)
            else:
                errors.extend(_expectation_errors(step, own, obligations, ids))
    return errors


def _names_of(rule: Rule) -> set[str]:
    """The names the Rule's Background gives in quotes (`must give "launch_area"`) or in the
    first column of a table: fields and quantities its obligation reads, so columns."""
    names = {name for step in rule.background for name in quoted(step.text)}
    for step in rule.background:
        if step.table is not None:
            names.update(row[0].strip() for row in step.table.rows if row)
    return names


def _observations(
    step: Step, quantities: Collection[str] | None
) -> tuple[set[str], list[VerifyError]]:
    """The ids of an observations table, and the errors of its columns."""
    table = step.table
    if table is None:
        needs = PackError("needs a table: | id | kind | party | time | ... |", step.location)
        return set(), [needs]
    header = [cell.strip() for cell in table.header]
    where = Location(step.path, table.header_line, text="| " + " | ".join(table.header) + " |")
    errors: list[VerifyError] = []
    if quantities is not None:
        known = CORE_FIELDS | set(quantities)
        for column in header:
            if column in known:
                continue
            close = within_two_edits(column, known)
            hint = (
                f"; did you mean {close!r}?"
                if close
                else "; a column is a field of the contract, a quantity treaty.yaml declares,"
                " or a name the Rule's steps give"
            )
            errors.append(PackError(f"unknown column {column!r}{hint}", where))
    ids: set[str] = set()
    if "id" in header:
        at = header.index("id")
        ids = {row[at].strip() for row in table.rows if row[at].strip()}
    return ids, errors


def _expectation_errors(
    step: Step, own: str, obligations: Collection[str], ids: set[str] | None
) -> list[VerifyError]:
    """The errors of a `Then there is a ... of "<obligation>" ... citing ...` step: another
    obligation than the Rule's, and cited ids that no observation of the example has."""
    found = _FINDING.match(_text(step))
    if found is None:
        return []
    errors: list[VerifyError] = []
    named = found["obligation"]
    if named != own:
        if named in obligations:
            problem = f"an Example checks its own Rule's obligation {own!r} only, not {named!r}"
        else:
            close = difflib.get_close_matches(named, sorted(obligations), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; this Rule's is {own!r}"
            problem = f"unknown obligation id {named!r}{hint}"
        errors.append(PackError(problem, step.location))
    if ids is not None:
        named_ids = quoted(found["cited"] or "")
        for cited in named_ids:
            if cited not in ids:
                near = within_two_edits(cited, ids - set(named_ids))
                hint = f"; did you mean {near!r}?" if near else ""
                errors.append(
                    PackError(
                        f"cites {cited!r}, which is no id of the example's observations{hint}",
                        step.location,
                    )
                )
    return errors
