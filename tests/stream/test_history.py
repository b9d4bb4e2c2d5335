"""`History.forget` looks only at the ids it may change, and keeps what a look at all keeps."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.engines.stream.history import History, Reports

SUBJECTS = "abcde"
MACHINES = 2


def breach(subject: str, version: int) -> Any:
    """A stand-in breach: what `finding_id` reads, and a version to tell reports apart."""
    return SimpleNamespace(
        obligation=SimpleNamespace(treaty="t", id="o"), party="P", subject=(subject,), v=version
    )


def forgotten(reports: Reports, base: int) -> None:
    """The rule `forget` keeps, by a look at every id: per id, the last report before `base`
    and those since; no id whose reports all lie before it."""
    for fid in list(reports):
        entries = reports[fid]
        if entries[-1][0] < base:
            del reports[fid]
            continue
        first = next(n for n, (p, _) in enumerate(entries) if p >= base)
        if first > 1:
            reports[fid] = entries[first - 1 :]


#: One step: ("report", machine, gap, subject), ("replace", machine, since, [(gap, subject)]),
#: ("shift", [offsets]) or ("forget", fraction of the way from the base to the end).
steps = st.one_of(
    st.tuples(
        st.just("report"),
        st.integers(0, MACHINES - 1),
        st.integers(0, 3),
        st.sampled_from(SUBJECTS),
    ),
    st.tuples(
        st.just("replace"),
        st.integers(0, MACHINES - 1),
        st.floats(0, 1),
        st.lists(st.tuples(st.integers(0, 3), st.sampled_from(SUBJECTS)), max_size=4),
    ),
    st.tuples(st.just("shift"), st.lists(st.floats(0, 1), max_size=3)),
    st.tuples(st.just("forget"), st.floats(0, 1)),
)


@settings(max_examples=budget(80))
@given(st.lists(steps, max_size=40))
def test_forget_keeps_what_a_look_at_every_id_keeps(plan: list[tuple[Any, ...]]) -> None:
    """After any mix of reports, replacements, insertions and forgets, each machine's reports
    (their ids in order, and each id's list) are those of the rule applied to every id."""
    history, expected = History(MACHINES), History(MACHINES)
    base = end = 0
    for version, step in enumerate(plan):
        match step:
            case ("report", machine, gap, subject):
                end += gap
                for kept in (history, expected):
                    kept.report(machine, end, breach(subject, version))
            case ("replace", machine, where, decided):
                since = base + int(where * (end - base))
                at, again = since, []
                for gap, subject in decided:
                    at += gap
                    again.append((at, breach(subject, version)))
                end = max(end, at)
                for kept in (history, expected):
                    kept.replace(machine, since, again)
            case ("shift", wheres):
                inserted = sorted(base + int(w * (end - base)) for w in wheres)
                end += len(inserted)
                for kept in (history, expected):
                    kept.shift(inserted)
            case ("forget", where):
                base += int(where * (end - base))
                history.forget(base)
                for reports in expected.reports:
                    forgotten(reports, base)
        assert [list(r.items()) for r in history.reports] == [
            list(r.items()) for r in expected.reports
        ]
