"""The escalation stage of a run: each finished finding gets its suggested channels.

Engines produce breaches and the findings stage turns them into findings without channels;
this stage adds them, once, from the finding itself and its pack's ladder (the ledger's
commands recompute them the same way, with the ledger's history added).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from verify.escalation.policy import suggest_channels
from verify.model.finding import Finding
from verify.model.obligation import Obligation
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta


def with_channels(finding: Finding, meta: TreatyMeta, obligation: Obligation) -> Finding:
    """The finding with the channels its pack's policy suggests (no history: a new finding)."""
    bar = (
        obligation.confidence_bar if obligation.confidence_bar is not None else meta.confidence_bar
    )
    channels = suggest_channels(
        meta, obligation, confidence=finding.confidence, bar=bar, decided=finding.window.end
    )
    return finding.model_copy(update={"channels": channels})


class Escalation:
    """Adds channels to the findings of some packs' obligations."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self._obligations: dict[tuple[str, str], tuple[TreatyMeta, Obligation]] = {
            (pack.meta.id, obligation.id): (pack.meta, obligation)
            for pack in packs
            for obligation in pack.obligations
        }

    def __call__(self, finding: Finding) -> Finding:
        """The finding with its channels."""
        meta, obligation = self._obligations[(finding.treaty, finding.obligation)]
        return with_channels(finding, meta, obligation)

    def all(self, findings: Iterable[Finding]) -> list[Finding]:
        """Each finding with its channels, in the same order."""
        return [self(finding) for finding in findings]
