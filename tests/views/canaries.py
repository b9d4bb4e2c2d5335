"""Finding canaries in an output: strings planted in records a reader may not see."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from io import StringIO

LEVELS = ("public", "parties", "national")
WITHHELD_WORDS = re.compile(r"\d+ (?:of \d+ )?evidence records? withheld")
_BANNER_LEVELS = {"RELEASABLE TO THE PUBLIC": "public", "RELEASABLE TO TREATY PARTIES": "parties"}


def whole_number(number: str) -> re.Pattern[str]:
    """`7193` as a whole number, written `7193`, `7,193` or `7193.0`; `-30.3517` too, but not
    inside another number, an SVG coordinate or a hex digest."""
    whole, _, decimals = number.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ",?") + (rf"\.{decimals}" if decimals else "")
    return re.compile(rf"(?<![0-9A-Za-z.,]){grouped}(?![0-9A-Za-z])")


def leaks(output: str, texts: Iterable[str], numbers: Iterable[str] = ()) -> list[str]:
    """The canaries the output shows: texts anywhere, numbers as whole numbers."""
    found = [text for text in texts if text in output]
    return found + [number for number in numbers if whole_number(number).search(output)]


def withheld_count(output: str, fmt: str) -> int | None:
    """How many records the output says it withheld (None where it says so only in words)."""
    if fmt == "csv":
        return sum(int(row["withheld"]) for row in csv.DictReader(StringIO(output)))
    if fmt == "jsonl":
        return sum(json.loads(line)["withheld"] for line in output.splitlines())
    if fmt == "json":
        return int(json.loads(output)["counts"]["withheld"])
    if fmt == "sarif":
        return int(json.loads(output)["runs"][0]["properties"]["withheld"])
    if fmt == "ocsf":
        return sum(
            json.loads(line)["unmapped"]["verify"]["withheld"] for line in output.splitlines()
        )
    return None


def says_what_was_withheld(output: str, fmt: str) -> bool:
    """Whether the output counts the withheld records, in the format's own way."""
    count = withheld_count(output, fmt)
    if count is not None:
        return count > 0
    return bool(WITHHELD_WORDS.search(" ".join(output.split())))


def marking(output: str, fmt: str) -> str:
    """The handling marking the output carries (the highest, for per-finding markings)."""
    if fmt == "json":
        return str(json.loads(output)["handling"])
    if fmt in ("jsonl", "csv"):
        rows = (
            [json.loads(line) for line in output.splitlines()]
            if fmt == "jsonl"
            else list(csv.DictReader(StringIO(output)))
        )
        return max((row["handling"] for row in rows), key=LEVELS.index, default="public")
    if fmt == "sarif":
        return str(json.loads(output)["runs"][0]["properties"]["handling"])
    if fmt == "ocsf":
        lines = [json.loads(line)["unmapped"]["verify"] for line in output.splitlines()]
        return max((line["handling"] for line in lines), key=LEVELS.index, default="public")
    if fmt == "junit":
        return re.findall(r'<property name="handling" value="([a-z]+)"', output)[0]
    found = re.search(r"HANDLING: ([A-Z ]+)", output)
    assert found is not None, "no handling banner"
    return _BANNER_LEVELS.get(found.group(1).strip(), "national")
