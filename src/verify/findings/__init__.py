"""From breach to finding: id, evidence, confidence, status and applicability.

The same for both engines, so that they agree finding for finding. Channels are not chosen
here: escalation (`verify.escalation.suggest`) adds them to the finished finding.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from verify.memo import ByIdentity
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import Evidence, Finding, Status, TrailStep, Window, window_of
from verify.model.obligation import Obligation
from verify.model.treaty import TreatyMeta

#: Admiralty source reliability (A completely reliable … E unreliable; F cannot be judged).
RELIABILITY_SCORE: dict[str, float] = {"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3, "F": 0.6}
#: Admiralty information credibility (1 confirmed … 5 improbable; 6 cannot be judged).
CREDIBILITY_SCORE: dict[str, float] = {"1": 1.0, "2": 0.85, "3": 0.7, "4": 0.5, "5": 0.3, "6": 0.6}
ESTIMATE_FLAG = "estimate"


def record_confidence(record: dict[str, Any]) -> float:
    """Confidence in one record: the geometric mean of its reliability and credibility scores.

    A missing grade counts as "cannot be judged" (F, 6). So A1 gives 1.0, C2 0.77, F6 0.6, E5 0.3.
    """
    reliability = RELIABILITY_SCORE.get(str(record.get("reliability") or "F"), 0.6)
    credibility = CREDIBILITY_SCORE.get(str(record.get("credibility") or "6"), 0.6)
    return math.sqrt(reliability * credibility)


def finding_confidence(cited: tuple[CitedRecord, ...]) -> float:
    """A finding is as strong as its weakest decisive record: the minimum of their confidences."""
    scores = [record_confidence(c.record) for c in cited if c.decisive]
    return round(min(scores), 3) if scores else 0.0


def finding_id(breach: Breach) -> str:
    """Deterministic id: a hash of treaty, obligation, party and the subject records."""
    basis = "|".join(
        (breach.obligation.treaty, breach.obligation.id, breach.party, *breach.subject)
    )
    return "F-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def applicability(breach: Breach, meta: TreatyMeta) -> tuple[bool, tuple[str, ...]]:
    """Whether the obligation bound the party when the breach occurred, and notes to carry.

    No finding before the treaty entered into force or the obligation applied, after the treaty
    ended, before the party joined or after it withdrew; a suspension adds a note, not silence.
    """
    obligation = breach.obligation
    last = _LAST_APPLICABILITY[0]
    if (
        last is not None
        and last[0] is meta
        and last[1] is obligation
        and last[2] == breach.party
        and last[3] == breach.at
    ):
        return last[4]
    answer = _applicability(breach.at.astimezone(UTC).date(), obligation, breach.party, meta)
    _LAST_APPLICABILITY[0] = (meta, obligation, breach.party, breach.at, answer)
    return answer


#: The last `applicability` answered, with what it was asked of: the breaches of one activity
#: owed to each of fifty parties come in a row, with the same pack, obligation, party and
#: moment (1.4-2.0 -> 0.7-0.8 us a breach over the 6x feed's 81,096, best of 5).
_LAST_APPLICABILITY: list[
    tuple[TreatyMeta, Obligation, str, datetime, tuple[bool, tuple[str, ...]]] | None
] = [None]


def _applicability(
    day: date, obligation: Obligation, code: str, meta: TreatyMeta
) -> tuple[bool, tuple[str, ...]]:
    """`applicability` on the day (UTC) of the breach's moment, for the party `code`."""
    bounds: list[tuple[date | None, date | None]] = [
        (meta.in_force, meta.ends),
        (obligation.applies_from, None),
    ]
    party = meta.party(code)
    if meta.parties and party is None:
        return False, ()
    if party is not None:
        bounds.append((party.joined, party.withdrawn))
    for since, until in bounds:
        if since is not None and day < since:
            return False, ()
        if until is not None and day >= until:
            return False, ()
    notes: list[str] = []
    periods = list(meta.suspended) + (list(party.suspended) if party else [])
    for period in periods:
        if period.covers(day):
            ending = f" until {period.until.isoformat()}" if period.until else ""
            why = f": {period.note}" if period.note else ""
            notes.append(f"during a suspension since {period.since.isoformat()}{ending}{why}")
    return True, tuple(notes)


def confidence_bar(obligation: Obligation, meta: TreatyMeta) -> float:
    """The confidence below which a finding of the obligation is only a potential violation:
    the obligation's own bar, else its pack's."""
    own = obligation.confidence_bar
    return own if own is not None else meta.confidence_bar


#: Evidence already made in a run, by what determines it: the record (by its digest), its
#: role and where it was read (`finalize`).
EvidenceMemo = dict[tuple[str, str, str | None, int | None], Evidence]


def finalize(breach: Breach, meta: TreatyMeta, made: EvidenceMemo | None = None) -> Finding | None:
    """Turn a breach into a finding (without channels), or None where the obligation did not
    bind the party then.

    `made`, if given, shares the evidence of findings that cite the same record for the same
    reason (an activity whose notice was owed to each of fifty parties is fifty findings, and
    one piece of evidence): each is looked up there first, and kept there once made.
    """
    applies, notes = applicability(breach, meta)
    if not applies:
        return None
    obligation = breach.obligation
    confidence, estimated, evidence = _citing(breach.cited, made)
    bar = confidence_bar(obligation, meta)
    status: Status
    if breach.pending:
        status = "pending"
    elif confidence < bar or estimated or breach.weak:
        status = "potential_violation"
    else:
        status = "violation"
    trail = breach.trail
    if status == "potential_violation":
        why = (
            "a decisive quantity is an estimate"
            if estimated
            else breach.weak
            if confidence >= bar and breach.weak
            else "the evidence is weak"
        )
        trail = (
            *trail,
            TrailStep.made(
                step="confidence",
                measured=f"{confidence:.2f}" + (" with an estimated quantity" if estimated else ""),
                required=f"at least {bar:.2f} and no estimate, for a violation; {why}",
                holds=False,
            ),
        )
    # Every value is already of its field's type (the breach's parts were validated as they were
    # made; the rest is computed here), so the finding is built without validating it again.
    return Finding.trusted(
        {
            "id": finding_id(breach),
            "treaty": obligation.treaty,
            "obligation": obligation.id,
            "article": obligation.article,
            "party": breach.party,
            "counterparty": breach.counterparty,
            "status": status,
            "severity": obligation.severity,
            "confidence": confidence,
            "summary": breach.summary,
            "evidence": evidence,
            "trail": trail,
            "channels": (),
            "window": breach.window,
            "due": breach.due,
            "zone": breach.zone,
            "notes": notes,
            "waiver": None,
            "withheld": 0,
        }
    )


def _citing(
    cited: tuple[CitedRecord, ...], made: EvidenceMemo | None
) -> tuple[float, bool, tuple[Evidence, ...]]:
    """What a breach's records give its finding: its confidence, whether a decisive quantity
    is an estimate, and its evidence (shared through `made`, if given). The same for the next
    breach that cites the very same records (the breaches of one activity owed to each
    party share them: `kinds.prior_notice`)."""
    known = _CITING.get(cited)
    if known is not None:
        return known  # its evidence equal to any other memo's (`evidence_of` of the same)
    estimated = any(c.decisive and ESTIMATE_FLAG in c.record.get("flags", ()) for c in cited)
    evidence = tuple(evidence_of(c) if made is None else _shared_evidence(c, made) for c in cited)
    return _CITING.keep(cited, (finding_confidence(cited), estimated, evidence))


#: The last `_citing` answered, by the records it was asked of (not by the memo: a run's memo
#: of every piece of evidence is not kept alive past the run).
_CITING: ByIdentity[tuple[CitedRecord, ...], tuple[float, bool, tuple[Evidence, ...]]] = ByIdentity(
    1
)


def _shared_evidence(cited: CitedRecord, made: EvidenceMemo) -> Evidence:
    """The evidence of a cited record: the one made before for the same record, role and
    place, else a new one, remembered in `made`."""
    key = (cited.sha256, cited.role, cited.file, cited.line)
    evidence = made.get(key)
    if evidence is None:
        evidence = made[key] = evidence_of(cited)
    return evidence


def evidence_of(cited: CitedRecord) -> Evidence:
    """A cited record as a finding's evidence."""
    record = cited.record
    get = record.get
    lat, lon = get("lat"), get("lon")
    # A record's fields were validated as it was read (times are datetimes, texts str), so the
    # evidence is built without validating them again; a whole-number position becomes a float
    # as validation would make it.
    return Evidence.trusted(
        {
            "id": str(record["id"]),
            "kind": str(record["kind"]),
            "role": cited.role,
            "sha256": cited.sha256,
            "time": record["time"],
            "source": get("source"),
            "reliability": get("reliability"),
            "credibility": get("credibility"),
            "releasability": str(get("releasability") or "national"),
            "start": get("start"),
            "end": get("end"),
            "lat": None if lat is None else float(lat),
            "lon": None if lon is None else float(lon),
            "file": cited.file,
            "line": cited.line,
        }
    )


def finding_order(finding: Finding) -> tuple[str, str, str, str, str]:
    """Sort key that fixes the order of findings: window start, treaty, obligation, party, id."""
    window = window_of(finding)
    start = _STARTS.get(window)  # the findings of one activity owed to each party share it
    if start is None:
        start = _STARTS.keep(window, window.start.isoformat())
    return (start, finding.treaty, finding.obligation, finding.party, finding.id)


#: The last window `finding_order` read, with its start as the key holds it (sorting the 6x
#: run's 79,610 findings: 2.2 -> 1.3 us a finding, interleaved in one process).
_STARTS: ByIdentity[Window, str] = ByIdentity(1)


def batch_findings(breaches: Iterable[tuple[Breach, TreatyMeta]]) -> list[Finding]:
    """The findings of a batch run's breaches: one per id (the first), in `finding_order`."""
    findings: dict[str, Finding] = {}
    made: EvidenceMemo = {}
    for breach, meta in breaches:
        finding = finalize(breach, meta, made)
        if finding is not None:
            findings.setdefault(finding.id, finding)
    return sorted(findings.values(), key=finding_order)
