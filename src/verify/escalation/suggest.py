"""The escalation stage of a run: each finished finding gets its suggested channels.

Engines produce breaches and the findings stage turns them into findings without channels;
this stage adds them, once, from the finding and its obligation's ladder context. The ledger's
commands recompute them through the same `suggest_for`, with the ledger's history added, so a
finding with no history is suggested the same channels in a run and in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from verify.escalation.cases import LadderContext, suggest_for
from verify.model.finding import Finding
from verify.model.pack import Pack


class Escalation:
    """Adds channels to the findings of some packs' obligations."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self._contexts: dict[tuple[str, str], LadderContext] = {
            (pack.meta.id, obligation.id): LadderContext.of(pack.meta, obligation)
            for pack in packs
            for obligation in pack.obligations
        }

    def __call__(self, finding: Finding) -> Finding:
        """The finding with its channels."""
        context = self._contexts[(finding.treaty, finding.obligation)]
        channels = suggest_for(finding, context)
        return Finding.trusted({**finding.__dict__, "channels": channels})  # nothing to validate

    def all(self, findings: Iterable[Finding]) -> list[Finding]:
        """Each finding with its channels, in the same order."""
        return [self(finding) for finding in findings]
