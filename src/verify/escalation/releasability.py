"""Releasability: which evidence a channel may carry (public < parties < national).

A record above the channel's releasability is withheld from what goes through that channel, and
the rendering says how many were withheld. A level nobody declared counts as `national`, the
most restrictive: an unknown label never leaks a record.
"""

from __future__ import annotations

from verify.model.finding import Evidence, Finding
from verify.model.treaty import Channel

RELEASABILITY_ORDER: tuple[str, ...] = ("public", "parties", "national")


#: Each level's position in `RELEASABILITY_ORDER`: a record's (`releasability_rank`, asked for
#: every evidence record written) and a reader's (`verify.views.recipient_rank`).
RELEASABILITY_RANKS: dict[str, int] = {
    level: rank for rank, level in enumerate(RELEASABILITY_ORDER)
}


def releasability_rank(level: str) -> int:
    """The position of a level in public < parties < national; an unknown level is `national`."""
    return RELEASABILITY_RANKS.get(level, len(RELEASABILITY_ORDER) - 1)


def releasable(evidence: Evidence, channel: Channel) -> bool:
    """Whether a record may go through a channel: its level is at or below the channel's."""
    return releasability_rank(evidence.releasability) <= releasability_rank(channel.releasability)


def evidence_for_channel(finding: Finding, channel: Channel) -> tuple[tuple[Evidence, ...], int]:
    """The finding's evidence that the channel may carry, and how many records were withheld."""
    shown = tuple(e for e in finding.evidence if releasable(e, channel))
    return shown, len(finding.evidence) - len(shown)


def withheld_note(withheld: int, channel: Channel) -> str:
    """The sentence a rendering carries about withheld records ('' when none were withheld)."""
    if not withheld:
        return ""
    records = "record" if withheld == 1 else "records"
    return (
        f"{withheld} evidence {records} withheld: releasable only above"
        f" `{channel.releasability}`, the most {channel.id} may carry."
    )
