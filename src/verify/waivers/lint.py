"""`verify lint PACK --waivers FILE`: a waivers file checked against a pack, every problem located.

Besides what the loader refuses (`verify.waivers.load`: malformed entries, self-approval,
duplicates), lint reports a waiver that names an obligation the pack does not have or a party
it does not know (each with the nearest name), one for an obligation the pack marks not
waivable, a finding id that is no finding id, and a waiver that has expired by the time given
(now, or `--as-of`). Whether a finding id names a real finding can only be told against a run:
`verify check --waivers` says which waivers cover no finding of the run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from verify.errors import Location, WaiverError
from verify.model.instants import format_time
from verify.model.pack import Pack
from verify.model.waiver import Waiver
from verify.waivers.apply import not_waivable_problem
from verify.waivers.load import read_waivers

#: A finding id as `verify check` prints it (`verify.findings.finding_id`).
FINDING_ID = re.compile(r"^F-[0-9a-f]{16}$")


def lint_waivers(
    path: str | Path, packs: Sequence[Pack], now: datetime, *, loaded: bool = True
) -> list[WaiverError]:
    """Every problem of a waivers file against the packs, in the order of the file's lines.

    `loaded` false: the pack did not load, so only what needs no pack is checked (the form,
    the approval, the expiry, finding ids)."""
    waivers, errors = read_waivers(path)
    problems = list(errors)
    for waiver in waivers:
        problems += waiver_problems(waiver, packs, now, against_packs=loaded)
    return sorted(problems, key=lambda error: error.location.line or 0 if error.location else 0)


def waiver_problems(
    waiver: Waiver, packs: Sequence[Pack], now: datetime, *, against_packs: bool = True
) -> list[WaiverError]:
    """What is wrong with one well-formed waiver, given the packs and the time it is read at
    (`against_packs` false: names are not checked, for want of a pack)."""
    problems: list[WaiverError] = []
    if waiver.finding is not None and not FINDING_ID.match(waiver.finding):
        problems.append(
            _problem(
                waiver,
                "finding",
                f"{waiver.finding!r} is no finding id: give the whole id, `F-` and 16 hex"
                " digits, as `verify check --format jsonl` prints it",
            )
        )
    if waiver.obligation is not None and against_packs:
        problems += _obligation_problems(waiver, packs)
    if not waiver.holds_at(now):
        problems.append(
            _problem(
                waiver,
                "expires",
                f"expired {waiver.expires_text()}, before {format_time(now)}: it covers"
                " nothing any more; renew it (a new approval) or remove it",
            )
        )
    return problems


def _obligation_problems(waiver: Waiver, packs: Sequence[Pack]) -> list[WaiverError]:
    named = waiver.obligation or ""
    pack = next((p for p in packs if p.obligation(named) is not None), None)
    if pack is None:
        known = [o.id for p in packs for o in p.obligations]
        close = difflib.get_close_matches(named, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return [_problem(waiver, "obligation", f"no obligation {named!r} in the pack{hint}")]
    problems: list[WaiverError] = []
    obligation = pack.obligation(named)
    if obligation is not None and not obligation.waivable:
        problems.append(not_waivable_problem(waiver, named))
    codes = pack.party_codes
    if codes and waiver.party not in codes:
        close = difflib.get_close_matches(waiver.party or "", codes, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(
            _problem(
                waiver,
                "party",
                f"{waiver.party!r} is no party of {pack.meta.id}{hint} (its parties:"
                f" {', '.join(codes)})",
            )
        )
    return problems


def _problem(waiver: Waiver, field: str, message: str) -> WaiverError:
    return WaiverError(f"{field}: {message}", Location(waiver.file or "waiver", waiver.line))
