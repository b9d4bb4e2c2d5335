"""Releasability: a channel carries only the evidence it may, and says how much it withheld."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.escalation.conftest import CONTEXT, evidence, finding
from verify.escalation.cases import Case
from verify.escalation.releasability import evidence_for_channel
from verify.escalation.render import CaseView, render_for_channel
from verify.model.treaty import Channel

PUBLIC = Channel(id="press", name="Public statement", releasability="public")
PARTIES = Channel(id="commission", name="Joint commission", releasability="parties")
NATIONAL = Channel(id="capital", name="Report to the capital", releasability="national")
MIXED = (evidence("pub", "public"), evidence("par", "parties"), evidence("nat", "national"))


def test_a_public_channel_never_shows_national_evidence() -> None:
    """A channel for the public shows public records only: national and parties are withheld."""
    shown, withheld = evidence_for_channel(finding(records=MIXED), PUBLIC)
    assert [e.id for e in shown] == ["pub"]
    assert withheld == 2


def test_a_parties_channel_withholds_only_national_evidence() -> None:
    """A channel for treaty parties carries public and parties records and withholds national."""
    shown, withheld = evidence_for_channel(finding(records=MIXED), PARTIES)
    assert [e.id for e in shown] == ["pub", "par"]
    assert withheld == 1


def test_a_national_channel_shows_everything() -> None:
    """A national channel withholds nothing."""
    shown, withheld = evidence_for_channel(finding(records=MIXED), NATIONAL)
    assert len(shown) == 3
    assert withheld == 0


def test_an_unknown_releasability_is_treated_as_national() -> None:
    """A record with a label nobody declared is withheld from every channel below national."""
    odd = evidence("odd", "secret")
    assert evidence_for_channel(finding(records=(odd,)), PARTIES) == ((), 1)


def test_the_channel_rendering_says_how_many_were_withheld() -> None:
    """Rendered for a public channel, a finding names no withheld record but counts them."""
    now = datetime(2026, 10, 1, tzinfo=UTC)
    case = Case(finding(records=MIXED), CONTEXT, now)
    text = render_for_channel(CaseView(case, (), None, now), PUBLIC)
    assert "- pub (exercise" in text
    assert "- nat (" not in text
    assert "- par (" not in text
    assert "2 evidence records withheld: releasable only above `public`" in text
