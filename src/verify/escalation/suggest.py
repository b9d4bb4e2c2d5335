"""The escalation stage of a run: each finished finding gets its suggested channels.

Engines produce breaches and the findings stage turns them into findings without channels;
this stage adds them, once, from the finding and its obligation's ladder context. The ledger's
commands recompute them through the same `suggest_for`, with the ledger's history added, so a
finding with no history is suggested the same channels in a run and in the ledger.

The first rung's clock starts when the finding was detected. A run told its clock (`verify
check --as-of`) detected every finding then; a run on the data's own clock (no `--as-of`, and
`verify watch`, which has no clock but its records') detected each finding when its data made
it decidable, the end of its window. The ledger's commands count from when it was first
recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from verify.escalation.cases import LadderContext, suggest_for
from verify.model.finding import ChannelSuggestion, Finding, window_of
from verify.model.pack import Pack


class Escalation:
    """Adds channels to the findings of some packs' obligations."""

    def __init__(self, packs: Sequence[Pack], *, since: datetime | None = None) -> None:
        """`since`: when the run detected its findings (its `--as-of`), if it was told."""
        self._since = since
        self._last: (
            tuple[LadderContext, tuple[str, float, str, datetime], tuple[ChannelSuggestion, ...]]
            | None
        ) = None
        self._contexts: dict[tuple[str, str], LadderContext] = {
            (pack.meta.id, obligation.id): LadderContext.of(pack.meta, obligation)
            for pack in packs
            for obligation in pack.obligations
        }

    def __call__(self, finding: Finding) -> Finding:
        """The finding with its channels."""
        context = self._contexts[(finding.treaty, finding.obligation)]
        decided = window_of(finding).end
        since = decided if self._since is None else max(self._since, decided)
        # What `suggest_for` reads of a finding, beside its context: the findings of one
        # activity owed to each party come in a row with the same, and share their channels
        # (equal moments in another zone are other texts: the zone is part of the match).
        facts = (finding.severity, finding.confidence, finding.status, since)
        last = self._last
        if (
            last is not None
            and last[0] is context
            and last[1] == facts
            and last[1][3].tzinfo is since.tzinfo
        ):
            channels = last[2]
        else:
            channels = suggest_for(finding, context, since=since)
            self._last = (context, facts, channels)
        return finding.trusted_copy(channels=channels)  # nothing to validate

    def all(self, findings: list[Finding]) -> list[Finding]:
        """Each finding with its channels, in the same order: in place, in the list given (each
        finding without channels is let go as its successor is made, so that a run's tens of
        thousands are not held twice), which is returned."""
        for at, finding in enumerate(findings):
            findings[at] = self(finding)
        return findings
