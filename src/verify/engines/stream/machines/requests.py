"""Requests that are owed something: answers within a deadline, and no refusal within a quota.

What they mean and how a breach is worded is `kinds/response.py` and `kinds/quota.py`; this
decides when. A request's rank in its addressee's quota is final once the watermark
has passed its time; its answer is final once the watermark has passed the answer's time (an
earlier one can no longer arrive). A missing answer is reported when the watermark passes the
deadline, and reported again as late if the answer turns up while the request is remembered.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, integer, pair, text
from verify.engines.stream.machines.answers import AnswerIndex, QuotaRanks
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import quota as quota_kind
from verify.kinds import response as response_kind
from verify.kinds.quota import QuotaPlace
from verify.model.breach import Breach
from verify.model.obligation import Quota, Response

OPEN, MISSING, DONE = "open", "missing", "done"
STATUSES = {status: status for status in (OPEN, MISSING, DONE)}


@dataclass
class Pending:
    """A request and, per requirement, whether its answer is still open, missing or settled."""

    rec: Rec
    status: list[str]


@dataclass
class RequestState:
    """Open requests by arrival number, how answers find them, and the answers seen."""

    requests: dict[int, Pending] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)
    by_activity: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    answers: dict[str, AnswerIndex] = field(default_factory=dict)
    ranks: QuotaRanks | None = None
    expiry: Expiry[int] = field(default_factory=Expiry)


class RequestMachine(Machine):
    """What the response and quota machines share: keeping requests findable by their answers."""

    state: RequestState

    def _add_request(self, rec: Rec, requirements: int) -> None:
        state = self.state
        state.requests[rec.seq] = Pending(rec, [OPEN] * requirements)
        state.by_id[rec.id] = rec.seq
        if rec.activity is not None and rec.counterparty is not None:
            state.by_activity.setdefault((rec.counterparty, rec.activity), set()).add(rec.seq)
        if state.ranks is not None:
            state.ranks.add(rec)
        state.expiry.touch(rec.time, rec.seq)

    def _drop(self, seq: int) -> None:
        pending = self.state.requests.pop(seq, None)
        if pending is None:
            return
        rec = pending.rec
        self.state.by_id.pop(rec.id, None)
        if rec.activity is not None and rec.counterparty is not None:
            pair = (rec.counterparty, rec.activity)
            seqs = self.state.by_activity.get(pair)
            if seqs is not None:
                seqs.discard(seq)
                if not seqs:
                    del self.state.by_activity[pair]

    def _answered(self, answer: Rec) -> list[int]:
        """Open requests this answer may answer: by reference, or by its activity."""
        found: list[int] = []
        if answer.refers_to is not None:
            seq = self.state.by_id.get(answer.refers_to)
            pending = self.state.requests.get(seq) if seq is not None else None
            if pending is not None and pending.rec.counterparty == answer.party:
                found.append(pending.rec.seq)
        if answer.activity is not None:
            found.extend(self.state.by_activity.get((answer.party, answer.activity), ()))
        return sorted(set(found))

    def _ripe(self, key: Hashable, clock: Clock) -> Pending | None:
        """The open request `key` once the watermark has passed its time (its rank in a quota
        is final then); else None, and it is called back when it has."""
        assert isinstance(key, int)
        pending = self.state.requests.get(key)
        if pending is not None and not clock.passed(pending.rec.time):
            self.schedule(clock, pending.rec.time, key)
            return None
        return pending

    def close(self, clock: Clock) -> list[Breach]:
        """Decide every open request as at the latest event time."""
        return self.decide_each(self.state.requests, clock)

    def _judged(self, key: Hashable, clock: Clock) -> tuple[Pending, QuotaPlace | None] | None:
        """The open request `key` to judge now (`_ripe`), with its place in its addressee's
        quota (None: the obligation has no quota); None while it is not ripe, and for a request
        outside the quota, which is owed nothing and dropped."""
        pending = self._ripe(key, clock)
        if pending is None:
            return None
        ranks = self.state.ranks
        if ranks is None:
            return pending, None
        place = ranks.place(pending.rec)
        if place is None or not place.within():
            self._drop(pending.rec.seq)
            return None
        return pending, place

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget answers before the horizon, requests settled by then, and past quota periods."""
        for index in self.state.answers.values():
            index.sweep(horizon)
        if self.state.ranks is not None:
            self.state.ranks.sweep(watermark)
        self.state.expiry.expire(horizon, lambda seq: self._expire(seq, horizon))

    def _expire(self, seq: int, horizon: datetime) -> None:
        pending = self.state.requests.get(seq)
        if pending is not None and OPEN not in pending.status:
            self._drop(seq)
        elif pending is not None:
            self.state.expiry.touch(horizon, seq)

    def dump(self, out: Encoder) -> Any:
        """Requests (each under its record's `seq`: the record and statuses are written), how
        answers find them, the answer indexes, the quota's counts and the expiry queue."""
        state = self.state
        return {
            "requests": [[out.rec(p.rec), p.status] for p in state.requests.values()],
            "by_id": state.by_id,
            "by_activity": [
                [party, activity, sorted(seqs)]
                for (party, activity), seqs in state.by_activity.items()
            ],
            "answers": {kind: index.dump(out) for kind, index in state.answers.items()},
            "ranks": state.ranks.dump(out) if state.ranks is not None else None,
            "expiry": out.expiry(state.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote, into the indexes the obligation calls for."""
        state = self.new_state()
        for ref, status in data["requests"]:
            rec = saved.rec(ref)
            if len(status) != self._requirements():
                raise ValueError(f"{len(status)} statuses for {self._requirements()} requirements")
            state.requests[rec.seq] = Pending(rec, [STATUSES[s] for s in status])
        state.by_id = {text(i): integer(seq) for i, seq in data["by_id"].items()}
        state.by_activity = {
            pair((party, activity)): {integer(seq) for seq in seqs}
            for party, activity, seqs in data["by_activity"]
        }
        if set(data["answers"]) != set(state.answers):
            raise ValueError(
                f"answer indexes {sorted(data['answers'])}, not {sorted(state.answers)}"
            )
        for kind, index in state.answers.items():
            index.load(data["answers"][kind], saved)
        if (data["ranks"] is None) != (state.ranks is None):
            raise ValueError("quota counts saved for an obligation without a quota, or missing")
        if state.ranks is not None:
            state.ranks.load(data["ranks"], saved)
        state.expiry = saved.expiry(data["expiry"], integer)
        self.state = state

    def _requirements(self) -> int:
        return 1

    def size(self) -> int:
        """Open requests, indexed answers and counted requests."""
        state = self.state
        ranks = state.ranks.size() if state.ranks is not None else 0
        return len(state.requests) + sum(i.size() for i in state.answers.values()) + ranks


class ResponseMachine(RequestMachine):
    """`Response`: each requirement's answer from the addressed party, due within some hours."""

    obligation: Response

    def new_state(self) -> RequestState:
        """Requests, one answer index per answering kind, and ranks when there is a quota."""
        quota = self.obligation.quota
        return RequestState(
            answers={r.counterpart_kind: AnswerIndex() for r in self.obligation.requirements},
            ranks=QuotaRanks(quota, self.meta.group_of) if quota is not None else None,
        )

    def _requirements(self) -> int:
        return len(self.obligation.requirements)

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A request opens a subject; an answer is indexed and wakes requests reported missing."""
        if "request" in roles:
            self._add_request(rec, len(self.obligation.requirements))
            self.schedule(clock, rec.time, rec.seq)
        for role in sorted(roles):
            if not role.startswith("answer:"):
                continue
            kind = role.removeprefix("answer:")
            self.state.answers[kind].add(rec)
            for seq in self._answered(rec):
                pending = self.state.requests[seq]
                if any(
                    status == MISSING and r.counterpart_kind == kind
                    for status, r in zip(pending.status, self.obligation.requirements, strict=True)
                ):
                    self.schedule(clock, rec.time, seq)
        return []

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Settle what the watermark allows about one request."""
        judged = self._judged(key, clock)
        if judged is None:
            return []
        pending, _ = judged
        rec = pending.rec
        found: list[Breach] = []
        waits: list[datetime] = []
        for number, requirement in enumerate(self.obligation.requirements):
            status = pending.status[number]
            if status == DONE:
                continue
            answer = self.state.answers[requirement.counterpart_kind].answer(rec)
            due = response_kind.due_moment(requirement, rec.time)
            if answer is not None and answer.time <= due:
                pending.status[number] = DONE
            elif answer is not None and clock.passed(answer.time):
                found.append(self._breach(number, rec, answer, clock))
                pending.status[number] = DONE
            elif answer is not None:
                waits.append(answer.time)
            elif status == MISSING or clock.still_ahead(due):
                continue
            elif clock.passed(due):
                found.append(self._breach(number, rec, None, clock))
                pending.status[number] = MISSING
            else:
                waits.append(due)
        if all(status == DONE for status in pending.status):
            self._drop(rec.seq)
        elif waits:
            self.schedule(clock, min(waits), key)
        return found

    def _breach(self, number: int, rec: Rec, answer: Rec | None, clock: Clock) -> Breach:
        as_of = clock.latest or rec.time
        cited = cite(answer) if answer is not None else None
        return response_kind.breach(self.obligation, number, cite(rec), cited, as_of)


class QuotaMachine(RequestMachine):
    """`Quota`: a refusal of a request within the addressee's quota for the period."""

    obligation: Quota

    def new_state(self) -> RequestState:
        """Requests, the index of refusals, and ranks."""
        return RequestState(
            answers={"answer": AnswerIndex()},
            ranks=QuotaRanks(self.obligation.quota, self.meta.group_of),
        )

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A request opens a subject; a refusal is indexed and wakes the requests it refuses."""
        if "request" in roles:
            self._add_request(rec, 1)
            self.schedule(clock, rec.time, rec.seq)
        if "answer" in roles:
            self.state.answers["answer"].add(rec)
            for seq in self._answered(rec):
                self.schedule(clock, rec.time, seq)
        return []

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """A request within quota whose earliest refusal is known for sure is a breach."""
        judged = self._judged(key, clock)
        if judged is None:
            return []
        pending, place = judged
        assert place is not None  # a quota obligation always ranks its requests
        rec = pending.rec
        refusal = self.state.answers["answer"].answer(rec)
        if refusal is None:
            pending.status[0] = MISSING  # nothing owed yet: waits for a refusal, or expires
            return []
        if not clock.passed(refusal.time):
            self.schedule(clock, refusal.time, key)
            return []
        self._drop(rec.seq)
        return [quota_kind.breach(self.obligation, cite(rec), cite(refusal), place)]
