"""Where a request stands in its quota: its unit (addressee or group), limit and flag ranks."""

from __future__ import annotations

from verify.kinds.quota import QuotaPlace, unit_of, units
from verify.model.obligation import PartyQuota, QuotaLimit

TABLE = QuotaLimit(
    limit=42,
    parties=(PartyQuota(party="RUS-BLR", limit=42), PartyQuota(party="UKR", limit=12)),
)
GROUPS = {"RUS": "RUS-BLR", "BLR": "RUS-BLR"}


def test_a_group_member_counts_in_its_group() -> None:
    """A request to Belarus counts against the Russia-Belarus group's quota."""
    assert unit_of(TABLE, GROUPS, "BLR") == ("RUS-BLR", 42)


def test_a_listed_party_counts_alone() -> None:
    """A request to Ukraine counts against Ukraine's own quota."""
    assert unit_of(TABLE, GROUPS, "UKR") == ("UKR", 12)


def test_a_party_the_table_does_not_name_is_owed_nothing() -> None:
    """With a table, an addressee neither listed nor in a listed group has no quota."""
    assert unit_of(TABLE, GROUPS, "CAN") is None


def test_without_a_table_each_addressee_has_the_one_limit() -> None:
    """A single quota counts each addressee alone."""
    assert unit_of(QuotaLimit(limit=3), GROUPS, "RUS") == ("RUS", 3)


def test_a_group_row_applies_to_a_member_listed_alone() -> None:
    """A member listed on its own still counts as its listed group."""
    both = QuotaLimit(
        limit=42,
        parties=(PartyQuota(party="RUS-BLR", limit=42), PartyQuota(party="RUS", limit=5)),
    )
    assert units(both, GROUPS)["RUS"] == ("RUS-BLR", 42)


def test_a_request_beyond_its_flag_quota_is_beyond_quota() -> None:
    """The eleventh Type One request is beyond quota, though eleventh of eighteen."""
    assert not QuotaPlace("RUS", 18, 11, (("type-one", 11, 10),)).within()


def test_a_request_within_every_rank_is_within_quota() -> None:
    """Tenth of ten Type One and tenth of eighteen is within quota."""
    assert QuotaPlace("RUS", 18, 10, (("type-one", 10, 10),)).within()
