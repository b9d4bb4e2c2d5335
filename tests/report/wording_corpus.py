"""The texts a diplomat reads, gathered from every shipped sample and every pack example: each
finding's summary, notes and the words of its channels (deadline and the policy's steps).

`FAULTS` names the slips of grammar these texts must never show; `faults_in` lists the ones a
text shows. The corpus is built by the real `verify.api.check`, once per source.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from verify import api
from verify.feeds.values import time_of
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.report.serialize import channel_deadline_text
from verify.report.steps import reasons
from verify.treaty import load_pack, shipped_packs
from verify.treaty.example_steps import CHECKED
from verify.treaty.gherkin import parse_feature, split_rule_name

ROOT = Path(__file__).resolve().parents[2]
#: Each shipped sample feed, its pack and the as-of its README row gives.
SAMPLES: dict[str, tuple[str, str]] = {
    "example-pact.jsonl": ("example-non-aggression-pact", "2027-12-31T00:00:00Z"),
    "vd11-sample.jsonl": ("vienna-document-2011", "2027-12-31T00:00:00Z"),
    "vd11-sample.csv": ("vienna-document-2011", "2027-12-31T00:00:00Z"),
    "vd11-public-record.jsonl": ("vienna-document-2011", "2022-12-31T00:00:00Z"),
    "newstart-sample.jsonl": ("new-start", "2026-01-31T00:00:00Z"),
    "newstart-2022.jsonl": ("new-start", "2022-12-31T00:00:00Z"),
    "inf-sample.jsonl": ("inf-treaty", "2020-12-31T00:00:00Z"),
    "cma-sample.jsonl": ("korea-cma-2018", "2025-12-31T00:00:00Z"),
    "bmlna-sample.jsonl": ("ballistic-missile-launch-notification", "2024-12-31T00:00:00Z"),
    "openskies-sample.jsonl": ("open-skies", "2020-11-23T07:00:00Z"),
    "openskies-public-record.jsonl": ("open-skies", "2022-12-31T00:00:00Z"),
}

#: Name of a fault, and the pattern that finds it in a text.
FAULTS: dict[str, re.Pattern[str]] = {
    "a before a vowel": re.compile(r"\ba (?=[aeiou])", re.IGNORECASE),
    "a plural after 1": re.compile(r"(?<![\d.,])1 (days|hours|minutes|years)\b"),
    "a negative span": re.compile(r"(?<![\w-])-\d[\d.,]* (day|hour|minute)s?\b"),
    "are after 1": re.compile(r"(?<![\d.,])1 are\b"),
    "lower case after a full stop": re.compile(r"\w\w[.] [a-z]"),
    "a doubled space": re.compile(r"  "),
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"\bnan\b", re.IGNORECASE),
}
#: Faults of one status or kind of text only.
PENDING_FAULT = re.compile(r"\bgave no\b")
INSIDE_FAULT = re.compile(r"\d km from the [^,;]*\bzone\b")


@dataclass(frozen=True)
class Text:
    """One text of one finding: where it comes from, which part it is, and its words."""

    where: str
    part: str
    words: str


def faults_in(text: Text, status: str) -> list[str]:
    """The faults a text shows, by name (a pending finding's summary also must not say what
    was not done as if its time were up)."""
    found = [name for name, pattern in FAULTS.items() if pattern.search(text.words)]
    if status == "pending" and text.part == "summary" and PENDING_FAULT.search(text.words):
        found.append("pending worded as past")
    if INSIDE_FAULT.search(text.words):
        found.append("a distance from a zone for a point inside it")
    return found


def texts_of(finding: Finding, where: str) -> Iterator[tuple[Text, str]]:
    """A finding's summary, notes and channel words, each with the finding's status."""
    yield Text(where, "summary", finding.summary), finding.status
    for note in finding.notes:
        yield Text(where, "note", note), finding.status
    for channel in finding.channels:
        words = (
            channel_deadline_text(finding, channel.deadline),
            channel.reason,
            *reasons(channel),
        )
        for said in words:
            yield Text(where, f"channel {channel.id}", said), finding.status


def sample_findings(feed: str, *, pending: bool) -> Sequence[Finding]:
    """The findings of a shipped sample with its pack at its as-of."""
    pack, as_of = SAMPLES[feed]
    moment = datetime.fromisoformat(as_of)
    path = ROOT / "observations" / feed
    folder = shipped_packs()[pack]
    result, _ = api.check([_pack(folder)], [path], as_of=moment, include_pending=pending)
    return result.findings


@dataclass(frozen=True)
class ExampleCase:
    """One Example of a shipped pack: its feature file, line, obligation, as-of and table."""

    feature: Path
    line: int
    obligation: str
    moment: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def where(self) -> str:
        """`pack/file.feature:line`."""
        return f"{self.feature.parent.name}/{self.feature.name}:{self.line}"


def examples() -> list[ExampleCase]:
    """Every Example of every shipped pack that checks a table of observations."""
    cases: list[ExampleCase] = []
    for folder in shipped_packs().values():
        for feature in sorted(folder.glob("*.feature")):
            for rule in parse_feature(feature).rules:
                obligation, _ = split_rule_name(rule.name)
                for example in rule.examples:
                    table = next((s.table for s in example.steps if s.table is not None), None)
                    checked = [re.fullmatch(CHECKED, s.text) for s in example.steps]
                    moment = next((m["moment"] for m in checked if m), None)
                    if table is not None and moment is not None:
                        cases.append(
                            ExampleCase(
                                feature, example.line, obligation, moment, table.header, table.rows
                            )
                        )
    return cases


def example_findings(case: ExampleCase, scratch: Path) -> Sequence[Finding]:
    """The findings of one Example, pending ones included (its table written to `scratch`)."""
    path = scratch / "observations.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell.strip() for cell in case.header])
        writer.writerows([[cell.strip() for cell in row] for row in case.rows])
    result, _ = api.check(
        [_pack(case.feature.parent)],
        [path],
        as_of=time_of(case.moment),
        include_pending=True,
        obligations=[case.obligation],
    )
    return result.findings


@cache
def _pack(folder: Path) -> Pack:
    return load_pack(str(folder))
