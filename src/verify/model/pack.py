"""A compiled treaty pack: its metadata and its obligations, as `verify compile` prints it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from verify.model.obligation import Obligation
from verify.model.treaty import TreatyMeta


class Pack(BaseModel):
    """Metadata plus obligations in the order written; the unit every engine runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    meta: TreatyMeta
    obligations: tuple[Obligation, ...]
    path: str

    @property
    def party_codes(self) -> tuple[str, ...]:
        """The codes of the pack's parties (none: the pack binds every state)."""
        return tuple(party.code for party in self.meta.parties)

    def obligation(self, obligation_id: str) -> Obligation | None:
        """The obligation with this id, if the pack has it."""
        return next((o for o in self.obligations if o.id == obligation_id), None)
