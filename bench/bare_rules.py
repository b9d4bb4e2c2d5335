"""The floor of issue 17 for `verify watch`: a bare durable_rules loop over the same records.

    python bench/bare_rules.py --treaty PACK ... FEED.jsonl

Each record is read from the JSON Lines file, made the flat fact `verify watch` gives its
packs' matchers (kind, party, counterparty, flags and quantities under their short names) and
matched, a thousand at a time, against each pack's durable_rules ruleset: the same rulesets
(`verify.engines.stream.rete.Matcher`, one rule per role) and the same records, and nothing
else (no validation, no event-time state, no findings). Prints JSON: records, facts matched,
and the loop's seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from verify.engines.stream.rete import Matcher
from verify.engines.stream.roles import Vocabulary, compile_roles
from verify.treaty import load_pack

BATCH = 1_000


def fact(record: dict[str, Any], vocabulary: Vocabulary, fact_id: int) -> dict[str, Any]:
    """The flat fact of a raw record, as `Vocabulary.fact` makes it of a validated one."""
    made: dict[str, Any] = {"id": fact_id, "kind": record.get("kind")}
    if vocabulary.parties:
        made["party"] = record.get("party")
    if vocabulary.counterparties and record.get("counterparty") is not None:
        made["counterparty"] = record["counterparty"]
    for flag in record.get("flags") or ():
        short = vocabulary.flags.get(flag)
        if short is not None:
            made[short] = 1
    for quantity, short in vocabulary.quantities.items():
        value = record.get(quantity)
        if isinstance(value, int | float):
            made[short] = value
    for name in vocabulary.presence:
        if record.get(name) is not None:
            made[f"has_{name}"] = 1
    return made


def main(argv: list[str] | None = None) -> int:
    """Command line: `bare_rules.py --treaty P ... FEED`."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--treaty", action="append", required=True)
    parser.add_argument("feed", type=Path)
    args = parser.parse_args(argv)
    matchers = []
    for number, name in enumerate(args.treaty):
        pack = load_pack(name)
        parties = tuple(party.code for party in pack.meta.parties)
        roles = compile_roles(pack.obligations, number * 1_000, parties)
        vocabulary = Vocabulary.of(roles)
        matchers.append((Matcher(pack.meta.id, roles, vocabulary), vocabulary))
    began = time.perf_counter()
    records = matched = 0
    with args.feed.open("rb") as handle:
        batch: list[dict[str, Any]] = []
        for line in handle:
            batch.append(json.loads(line))
            if len(batch) == BATCH:
                matched += _match(batch, matchers, records)
                records += len(batch)
                batch = []
        if batch:
            matched += _match(batch, matchers, records)
            records += len(batch)
    seconds = time.perf_counter() - began
    json.dump({"records": records, "matched": matched, "seconds": seconds}, sys.stdout)
    return 0


def _match(
    batch: list[dict[str, Any]], matchers: list[tuple[Matcher, Vocabulary]], first: int
) -> int:
    matched = 0
    for matcher, vocabulary in matchers:
        facts = [fact(record, vocabulary, first + n) for n, record in enumerate(batch)]
        matched += sum(1 for rules in matcher.match(facts) if rules)
    return matched


if __name__ == "__main__":
    sys.exit(main())
