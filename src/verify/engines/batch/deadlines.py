"""Deadline obligations in pandas: prior notice before an activity, responses after a request.

Both join each triggering record to the earliest counterpart that answers it, compute the due
moment column-wise, and keep the rows where the counterpart is missing or late at `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pandas as pd

from verify.engines.batch.frame import (
    cite_row,
    exempt_always,
    has_flag,
    measured_quantities,
    records,
    rows_by_label,
    scope_mask,
    timestamp,
)
from verify.engines.breach import Breach, CitedRecord
from verify.engines.wording import amount, condition_text, span, when
from verify.feeds.canonical import float_columns
from verify.model.finding import TrailStep, Window
from verify.model.obligation import (
    AnnualDate,
    DaysBeforeStart,
    NoticeRequirement,
    PriorNotice,
    QuotaLimit,
    Response,
    ResponseRequirement,
)


def prior_notice(
    obligation: PriorNotice, frame: pd.DataFrame, as_of: datetime, include_pending: bool
) -> Iterator[Breach]:
    """Activities whose notice (per requirement) is missing or came after it was due."""
    covered = scope_mask(frame, obligation.scope) & ~exempt_always(frame, obligation.exemptions)
    triggers = frame[covered].copy()
    triggers["_anchor"] = triggers["start"].fillna(triggers["time"])
    triggers = triggers.sort_values(["_anchor", "time", "id"], kind="stable")
    keyed = triggers["activity"].notna()
    triggers = pd.concat(
        [
            triggers[keyed].drop_duplicates(["party", "activity"], keep="first"),
            triggers[~keyed],
        ]
    )
    for number, requirement in enumerate(obligation.requirements):
        yield from _notice_requirement(
            obligation, number, requirement, frame, triggers, as_of, include_pending
        )


class Cited:
    """The frame rows a requirement's breaches cite (trigger and counterpart), fetched at once."""

    def __init__(self, frame: pd.DataFrame, selected: pd.DataFrame) -> None:
        labels = [*selected["_trigger_index"], *selected["_counter_index"].dropna()]
        self.rows = rows_by_label(frame, labels)
        self.floats = float_columns(frame)

    def cite(self, row: dict[str, Any], role: str) -> CitedRecord:
        """Cite one of the fetched rows as decisive evidence."""
        return cite_row(row, role, self.floats)


def _due_column(triggers: pd.DataFrame, requirement: NoticeRequirement) -> pd.Series:
    due = requirement.due
    anchor = triggers["_anchor"]
    if isinstance(due, DaysBeforeStart):
        return anchor - pd.to_timedelta(due.days, unit="D")
    assert isinstance(due, AnnualDate)
    years = anchor.dt.year - 1
    parts = pd.DataFrame({"year": years, "month": due.month, "day": due.day})
    end_of_day = pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    return (pd.to_datetime(parts, utc=True) + end_of_day).astype(anchor.dtype)


def _earliest(frame: pd.DataFrame, kind: str, keys: list[str]) -> pd.DataFrame:
    counterparts = frame[(frame["kind"] == kind)].dropna(subset=keys)
    counterparts = counterparts.sort_values(["time", "id"], kind="stable")
    earliest = counterparts.drop_duplicates(keys, keep="first")
    return pd.DataFrame(
        {
            **{key: earliest[key] for key in keys},
            "_counter_index": earliest.index,
            "_counter_time": earliest["time"],
        }
    )


def _notice_requirement(
    obligation: PriorNotice,
    number: int,
    requirement: NoticeRequirement,
    frame: pd.DataFrame,
    triggers: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
) -> Iterator[Breach]:
    if triggers.empty:
        return
    kind = requirement.counterpart_kind
    rows = triggers.assign(_due=_due_column(triggers, requirement), _trigger_index=triggers.index)
    rows = rows.merge(
        _earliest(frame, kind, ["party", "activity"]), on=["party", "activity"], how="left"
    )
    notified_by_start = rows["_counter_time"] <= rows["_anchor"]
    for exemption in obligation.exemptions:
        if exemption.when == "notified_by_start":
            flagged = has_flag(rows, exemption.flag)
            rows = rows[~(flagged & notified_by_start.fillna(False))]
            notified_by_start = notified_by_start.loc[rows.index]
    missing = rows["_counter_time"].isna()
    overdue = rows["_due"] <= pd.Timestamp(as_of)
    late = rows["_counter_time"] > rows["_due"]
    breach = (missing & overdue) | late.fillna(False)
    pending = missing & ~overdue if include_pending else pd.Series(False, index=rows.index)
    selected = rows[breach | pending]
    cited = Cited(frame, selected)
    for row in records(selected):
        yield _notice_breach(obligation, number, requirement, cited, row, as_of)


def _notice_breach(
    obligation: PriorNotice,
    number: int,
    requirement: NoticeRequirement,
    cited_rows: Cited,
    row: dict[str, Any],
    as_of: datetime,
) -> Breach:
    kind = requirement.counterpart_kind
    trigger = cited_rows.rows[row["_trigger_index"]]
    anchor = timestamp(row["_anchor"])
    due = timestamp(row["_due"])
    noun = obligation.scope.activity_noun
    activity = row["activity"] if isinstance(row["activity"], str) else None
    label = f"{row['kind']} {activity}" if activity else f"{row['kind']} {row['id']}"
    required = _required_text(requirement, due, anchor)
    notifiable = TrailStep(
        step=f"covered {noun}",
        measured=f"{label} ({row['id']}) starts {when(anchor)}; "
        + measured_quantities(trigger, obligation.scope.condition),
        required=condition_text(obligation.scope.condition),
        holds=True,
    )
    cited: list[CitedRecord] = [cited_rows.cite(trigger, f"the {noun} that required a {kind}")]
    subject = (str(row["id"]), f"#{number}")
    if pd.isna(row["_counter_time"]):
        pending = due > as_of
        searched = (
            f"no {kind} by {row['party']} for activity {activity!r}"
            if activity
            else f"no {kind} can be matched: the record has no activity key"
        )
        step = TrailStep(
            step=f"{kind} searched",
            measured=f"{searched} in the feed up to {when(min(due, as_of))}",
            required=required,
            holds=False,
        )
        tense = "is due" if pending else "was due"
        starts = "starts" if anchor > as_of else "started"
        summary = (
            f"{row['party']} gave no {kind} for {label}, which {starts} {when(anchor)[:10]};"
            f" one {tense} by {when(due)[:10]} ({obligation.article})."
        )
        window = Window(start=min(due, anchor), end=max(due, anchor))
    else:
        pending = False
        counter = cited_rows.rows[row["_counter_index"]]
        sent = timestamp(row["_counter_time"])
        lead = anchor - sent
        cited.append(cited_rows.cite(counter, f"the late {kind}"))
        step = TrailStep(
            step=f"{kind} lead time",
            measured=f"{kind} {counter['id']} sent {when(sent)}, {span(lead)} before the start",
            required=required,
            holds=False,
        )
        summary = (
            f"{row['party']} sent its {kind} for {label} {span(lead)} before it started on "
            f"{when(anchor)[:10]}; it was due by {when(due)[:10]} ({obligation.article})."
        )
        window = Window(start=min(due, sent), end=max(sent, anchor))
    return Breach(
        obligation=obligation,
        party=str(row["party"]),
        subject=subject,
        cited=tuple(cited),
        trail=(notifiable, step),
        summary=summary,
        window=window,
        at=due,
        due=due,
        pending=pending,
    )


def _required_text(requirement: NoticeRequirement, due: datetime, anchor: datetime) -> str:
    rule = requirement.due
    if isinstance(rule, DaysBeforeStart):
        if rule.days == 0:
            return f"no later than the start: by {when(due)}"
        return f"{amount(rule.days)} days before the start: by {when(due)}"
    return f"in the calendar exchanged by {when(due)[:10]}"


def response(
    obligation: Response, frame: pd.DataFrame, as_of: datetime, include_pending: bool
) -> Iterator[Breach]:
    """Requests whose answer (per requirement) from the addressed party is missing or late."""
    requests = frame[scope_mask(frame, obligation.scope) & frame["counterparty"].notna()]
    requests = requests[~exempt_always(requests, obligation.exemptions)]
    requests = requests.sort_values(["time", "id"], kind="stable")
    if obligation.quota is not None:
        requests = requests[within_quota(requests, obligation.quota)]
    for number, requirement in enumerate(obligation.requirements):
        yield from _response_requirement(
            obligation, number, requirement, frame, requests, as_of, include_pending
        )


def within_quota(requests: pd.DataFrame, quota: QuotaLimit) -> pd.Series:
    """Requests among the first `limit` received by their addressee in their quota period.

    Quota periods are calendar years, or blocks of `years` calendar years counted from year 0.
    Requests must be sorted by time.
    """
    return quota_rank(requests, quota) <= quota.limit


def quota_rank(requests: pd.DataFrame, quota: QuotaLimit) -> pd.Series:
    """The 1-based rank of each (time-sorted) request within its addressee's quota period."""
    period = requests["time"].dt.year // quota.years
    return requests.groupby([requests["counterparty"], period], sort=False).cumcount() + 1


def answers(frame: pd.DataFrame, requests: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The earliest answer of `kind` from the addressed party to each request.

    An answer refers to the request by `refers_to`, or shares its `activity`; either way it must
    come from the request's `counterparty`.

    Returns the requests with `_counter_index` and `_counter_time` (NaT where none answered).
    """
    replies = frame[frame["kind"] == kind].sort_values(["time", "id"], kind="stable")
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


def _response_requirement(
    obligation: Response,
    number: int,
    requirement: ResponseRequirement,
    frame: pd.DataFrame,
    requests: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
) -> Iterator[Breach]:
    if requests.empty:
        return
    rows = answers(frame, requests, requirement.counterpart_kind)
    rows["_due"] = rows["time"] + pd.to_timedelta(requirement.hours, unit="h")
    missing = rows["_counter_time"].isna()
    overdue = rows["_due"] <= pd.Timestamp(as_of)
    late = (rows["_counter_time"] > rows["_due"]).fillna(False)
    breach = (missing & overdue) | late
    pending = (missing & ~overdue) if include_pending else pd.Series(False, index=rows.index)
    selected = rows[breach | pending]
    cited = Cited(frame, selected)
    for row in records(selected):
        yield _response_breach(obligation, number, requirement, cited, row, as_of)


def _response_breach(
    obligation: Response,
    number: int,
    requirement: ResponseRequirement,
    cited_rows: Cited,
    row: dict[str, Any],
    as_of: datetime,
) -> Breach:
    kind = requirement.counterpart_kind
    asked = timestamp(row["time"])
    due = timestamp(row["_due"])
    debtor = str(row["counterparty"])
    required = f"within {span(due - asked)} of the request: by {when(due)}"
    trigger = cited_rows.rows[row["_trigger_index"]]
    cited = [cited_rows.cite(trigger, f"the {row['kind']} that required a {kind}")]
    if pd.isna(row["_counter_time"]):
        pending = due > as_of
        step = TrailStep(
            step=f"{kind} searched",
            measured=f"no {kind} from {debtor} referring to {row['id']}"
            + (f" or activity {row['activity']!r}" if isinstance(row["activity"], str) else "")
            + f" in the feed up to {when(min(due, as_of))}",
            required=required,
            holds=False,
        )
        summary = (
            f"{debtor} gave no {kind} to {row['party']}'s {row['kind']} {row['id']} of "
            f"{when(asked)[:10]}; one was due by {when(due)} ({obligation.article})."
        )
        window = Window(start=asked, end=due)
    else:
        pending = False
        answered = timestamp(row["_counter_time"])
        counter = cited_rows.rows[row["_counter_index"]]
        cited.append(cited_rows.cite(counter, f"the late {kind}"))
        step = TrailStep(
            step=f"{kind} delay",
            measured=f"{kind} {counter['id']} sent {when(answered)}, "
            f"{span(answered - asked)} after the request",
            required=required,
            holds=False,
        )
        summary = (
            f"{debtor} answered {row['party']}'s {row['kind']} {row['id']} {span(answered - asked)}"
            f" after it was made; the {kind} was due within {span(due - asked)} "
            f"({obligation.article})."
        )
        window = Window(start=asked, end=answered)
    return Breach(
        obligation=obligation,
        party=debtor,
        counterparty=str(row["party"]),
        subject=(str(row["id"]), f"#{number}"),
        cited=tuple(cited),
        trail=(
            TrailStep(
                step="request",
                measured=f"{row['kind']} {row['id']} from {row['party']} to {debtor}"
                f" at {when(asked)}",
                required=f"a {kind} from the addressed party",
                holds=True,
            ),
            step,
        ),
        summary=summary,
        window=window,
        at=due,
        due=due,
        pending=pending,
    )
