"""Deadline obligations in pandas: prior notice before an activity, responses after a request.

Both join each triggering record to the earliest counterpart that answers it, compute the due
moment column-wise (`batch/calendar.py`), and keep the rows where the counterpart is missing
or late at `as_of`; the kind (`kinds/prior_notice.py`, `kinds/response.py`) words the breach.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from verify.engines.batch.calendar import due_column
from verify.engines.batch.frame import KEY_FIELDS, Cited, role_rows
from verify.engines.batch.quotas import WITHIN, quota_places
from verify.kinds import prior_notice as notice_kind
from verify.kinds import response as response_kind
from verify.model.breach import Breach, CitedRecord
from verify.model.obligation import PriorNotice, Response
from verify.model.treaty import TreatyMeta
from verify.predicates.pandas import has_flag


def prior_notice(
    obligation: PriorNotice,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
    parties: tuple[str, ...],
    meta: TreatyMeta,
) -> Iterator[Breach]:
    """Activities whose notice (per requirement, and per party where it is owed to each) is
    missing or came after it was due."""
    required = {name for r in obligation.requirements for name in r.required_fields}
    roles = role_rows(obligation, frame, parties, {*KEY_FIELDS, *required})
    triggers = roles["trigger"].copy()
    triggers["_anchor"] = triggers["start"].fillna(triggers["time"])
    triggers = triggers.sort_values(["_anchor", "time", "id"], kind="stable")
    keyed = triggers["activity"].notna()
    observed = _observed(triggers[keyed], obligation)
    triggers = pd.concat(
        [
            triggers[keyed].drop_duplicates(["party", "activity"], keep="first"),
            triggers[~keyed],
        ]
    )
    if triggers.empty:
        return
    for number, requirement in enumerate(obligation.requirements):
        kind = requirement.counterpart_kind
        deadline = notice_kind.deadline_of(requirement)
        rows = triggers.assign(
            _due=due_column(deadline, triggers["_anchor"]), _trigger_index=triggers.index
        )
        if requirement.to_each_party:
            rows = _to_each_party(rows, roles[f"counterpart:{kind}"], meta)
        else:
            counterparts = _earliest(roles[f"counterpart:{kind}"], ["party", "activity"])
            rows = rows.merge(counterparts, on=["party", "activity"], how="left")
        notified_by_start = rows["_counter_time"] <= rows["_anchor"]
        for exemption in obligation.exemptions:
            if exemption.when == "notified_by_start":
                flagged = has_flag(rows, exemption.flag)
                rows = rows[~(flagged & notified_by_start.fillna(False))]
                notified_by_start = notified_by_start.loc[rows.index]
        selected = _missing_or_late(rows, as_of, include_pending)
        towards = (
            selected["_owed"].tolist() if requirement.to_each_party else [None] * len(selected)
        )
        seen = _observations(frame, selected, observed, requirement.to_each_party)
        pairs = _cited_pairs(frame, selected)
        for (trigger, notice), owed, also in zip(pairs, towards, seen, strict=True):
            yield notice_kind.breach(obligation, number, trigger, notice, as_of, owed, also)
        if requirement.required_fields:
            lacking = _lacking(roles[f"counterpart:{kind}"], requirement.required_fields)
            notices = rows.drop_duplicates(["_trigger_index", "_counter_index"])  # one per notice
            incomplete = notices[notices["_counter_index"].map(lacking).eq(True)]
            for trigger, notice in _cited_pairs(frame, incomplete):
                assert notice is not None
                found = notice_kind.incomplete(obligation, number, trigger, notice)
                if found is not None:
                    yield found


def _observed(keyed: pd.DataFrame, obligation: PriorNotice) -> pd.DataFrame:
    """For each party and activity, the first record of it that is an observation rather than
    a notice standing for it (`announced_by`), in trigger order; empty without `announced_by`."""
    if not obligation.announced_by:
        return keyed.iloc[0:0][["party", "activity"]]
    seen = keyed[~keyed["kind"].isin(list(obligation.announced_by))]
    first = seen.drop_duplicates(["party", "activity"], keep="first")
    return pd.DataFrame(
        {"party": first["party"], "activity": first["activity"], "_observed_index": first.index}
    )


def _observations(
    frame: pd.DataFrame, selected: pd.DataFrame, observed: pd.DataFrame, each_party: bool
) -> list[CitedRecord | None]:
    """For each selected row, the observation to cite beside a notice that stands for its
    activity (None where there is none, and for notices owed to each party)."""
    if observed.empty or each_party or selected.empty:
        return [None] * len(selected)
    joined = selected[["party", "activity"]].merge(observed, on=["party", "activity"], how="left")
    labels = [None if pd.isna(label) else int(label) for label in joined["_observed_index"]]
    cited = Cited(frame, [label for label in labels if label is not None])
    return [None if label is None else cited.cite(label) for label in labels]


def _lacking(notices: pd.DataFrame, fields: tuple[str, ...]) -> pd.Series:
    """Whether each notice lacks one of `fields`: no value, or blank text
    (`notice_contents.given`, column by column)."""
    lacks = pd.Series(False, index=notices.index)
    for name in fields:
        if name not in notices.columns:
            return pd.Series(True, index=notices.index)
        column = notices[name]
        present = column.notna()
        if pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
            present &= column.astype("string").str.strip().ne("").fillna(False).astype(bool)
        lacks |= ~present
    return lacks


def _instants(moments: list[datetime]) -> pd.DatetimeIndex:
    """UTC moments as a microsecond index (the calendar's whole span, years 1 to 9999)."""
    naive = np.array([m.astimezone(UTC).replace(tzinfo=None) for m in moments], "datetime64[us]")
    return pd.DatetimeIndex(naive).tz_localize(UTC)


def _to_each_party(rows: pd.DataFrame, notices: pd.DataFrame, meta: TreatyMeta) -> pd.DataFrame:
    """One row per activity and party it is owed to (`_owed`: every other party bound at the
    due moment), with the earliest notice addressed to that party or to all (no counterparty)."""
    bounds = notice_kind.party_bounds(meta)
    members = pd.DataFrame(
        {
            "_owed": [code for code, _, _ in bounds],
            "_since": _instants([since for _, since, _ in bounds]),
            "_until": _instants([until for _, _, until in bounds]),
        }
    )
    # Only the columns the rest of the evaluation reads are crossed: an activity owed to each of
    # 50 parties would otherwise copy every column of its record 50 times.
    working = [name for name in _CROSSED if name in rows.columns]
    rows = rows[working].merge(members, how="cross")
    bound = (rows["_owed"] != rows["party"]) & (rows["_since"] <= rows["_due"])
    rows = rows[bound & (rows["_due"] < rows["_until"])]
    addressed = notices[notices["counterparty"].notna()].rename(columns={"counterparty": "_owed"})
    to_one = _earliest(addressed, ["party", "activity", "_owed"])
    to_all = _earliest(notices[notices["counterparty"].isna()], ["party", "activity"])
    rows = rows.merge(to_one, on=["party", "activity", "_owed"], how="left")
    rows = rows.merge(to_all, on=["party", "activity"], how="left", suffixes=("", "_all"))
    use_all = rows["_counter_time_all"].notna() & ~(
        rows["_counter_time"] <= rows["_counter_time_all"]
    )
    rows["_counter_index"] = rows["_counter_index"].where(~use_all, rows["_counter_index_all"])
    rows["_counter_time"] = rows["_counter_time"].where(~use_all, rows["_counter_time_all"])
    return rows.reset_index(drop=True)


#: What an activity's rows owed to each party keep of it (`_to_each_party`): its keys, the
#: flags its exemptions read, when it starts and is due, and where its record is.
_CROSSED = ("party", "activity", "flags", "_anchor", "_due", "_trigger_index")


def _missing_or_late(rows: pd.DataFrame, as_of: datetime, include_pending: bool) -> pd.DataFrame:
    """Rows whose counterpart is missing once due, or came after `_due` (and, with
    `include_pending`, those missing but not yet due)."""
    missing = rows["_counter_time"].isna()
    overdue = rows["_due"] <= pd.Timestamp(as_of)
    late = (rows["_counter_time"] > rows["_due"]).fillna(False)
    breach = (missing & overdue) | late
    pending = (missing & ~overdue) if include_pending else pd.Series(False, index=rows.index)
    return rows[breach | pending]


def _cited_pairs(
    frame: pd.DataFrame, selected: pd.DataFrame
) -> Iterator[tuple[CitedRecord, CitedRecord | None]]:
    """Each selected row's trigger and, where there is one, its counterpart, cited from
    `frame` (fetched at once)."""
    cited = Cited(frame, [*selected["_trigger_index"], *selected["_counter_index"].dropna()])
    answered = selected["_counter_time"].notna().tolist()
    for trigger, counter, found in zip(
        selected["_trigger_index"].tolist(),
        selected["_counter_index"].tolist(),
        answered,
        strict=True,
    ):
        yield cited.cite(trigger), cited.cite(counter) if found else None


def _earliest(counterparts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counterparts = counterparts.sort_values(["time", "id"], kind="stable")
    earliest = counterparts.drop_duplicates(keys, keep="first")
    return pd.DataFrame(
        {
            **{key: earliest[key] for key in keys},
            "_counter_index": earliest.index,
            "_counter_time": earliest["time"],
        }
    )


def response(
    obligation: Response,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
    parties: tuple[str, ...],
    group_of: Mapping[str, str] | None = None,
) -> Iterator[Breach]:
    """Requests whose answer (per requirement) from the addressed party is missing or late
    (with a quota, only those within it: `group_of` maps grouped parties to their group)."""
    roles = role_rows(obligation, frame, parties, KEY_FIELDS)
    requests = roles["request"].sort_values(["time", "id"], kind="stable")
    if obligation.quota is not None:
        placed = quota_places(requests, obligation.quota, group_of or {})
        requests = requests[placed[WITHIN]]
    if requests.empty:
        return
    for number, requirement in enumerate(obligation.requirements):
        kind = requirement.counterpart_kind
        rows = answers(roles[f"answer:{kind}"], requests)
        rows["_due"] = due_column(response_kind.deadline_of(requirement), rows["time"])
        selected = _missing_or_late(rows, as_of, include_pending)
        for request, answer in _cited_pairs(frame, selected):
            yield response_kind.breach(obligation, number, request, answer, as_of)


def answers(replies: pd.DataFrame, requests: pd.DataFrame) -> pd.DataFrame:
    """The earliest of `replies` from the addressed party to each request.

    An answer refers to the request by `refers_to`, or shares its `activity`; either way it must
    come from the request's `counterparty`.

    Returns the requests with `_counter_index` and `_counter_time` (NaT where none answered).
    """
    replies = replies.sort_values(["time", "id"], kind="stable")
    rows = requests.assign(_trigger_index=requests.index)
    by_reference = replies.dropna(subset=["refers_to"]).drop_duplicates(["refers_to", "party"])
    by_reference = pd.DataFrame(
        {
            "id": by_reference["refers_to"],
            "counterparty": by_reference["party"],
            "_ref_index": by_reference.index,
            "_ref_time": by_reference["time"],
        }
    )
    rows = rows.merge(by_reference, on=["id", "counterparty"], how="left")
    keyed = replies.dropna(subset=["activity"])
    by_activity = pd.DataFrame(
        {
            "counterparty": keyed["party"],
            "activity": keyed["activity"],
            "_act_index": keyed.index,
            "_act_time": keyed["time"],
        }
    ).sort_values("_act_time", kind="stable")
    with_activity = rows[rows["activity"].notna()].sort_values("time", kind="stable")
    matched = pd.merge_asof(
        with_activity,
        by_activity,
        left_on="time",
        right_on="_act_time",
        by=["counterparty", "activity"],
        direction="forward",
        allow_exact_matches=True,
    )
    rows = rows.merge(
        matched[["_trigger_index", "_act_index", "_act_time"]], on="_trigger_index", how="left"
    )
    use_activity = rows["_ref_time"].isna() | (rows["_act_time"] < rows["_ref_time"])
    use_activity &= rows["_act_time"].notna()
    rows["_counter_index"] = rows["_ref_index"].where(~use_activity, rows["_act_index"])
    rows["_counter_time"] = rows["_ref_time"].where(~use_activity, rows["_act_time"])
    return rows
