"""The step vocabulary of treaty packs, as the compiler reads it: each step text matched to one
phrase of the kinds registry (`verify.kinds`), where every phrase is defined.

The phrases are documented in `docs/writing-rules.md`, generated from the same registry.
"""

from __future__ import annotations

import re

from verify.kinds import PHRASES, Draft, Phrase, StepError
from verify.treaty.gherkin import Step


def match_step(step: Step) -> tuple[Phrase, re.Match[str]] | None:
    """The phrase a step's text matches, if any (white space folded)."""
    text = " ".join(step.text.split())
    for candidate in PHRASES:
        found = candidate.pattern.match(text)
        if found:
            return candidate, found
    return None


__all__ = ["PHRASES", "Draft", "Phrase", "StepError", "match_step"]
