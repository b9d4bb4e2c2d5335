"""How far apart two names are, for the did-you-mean of a misspelt field, column or id."""

from __future__ import annotations

from collections.abc import Iterable


def edits(one: str, other: str) -> int:
    """The Levenshtein distance between two names (insertions, deletions, substitutions)."""
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def within_two_edits(name: str, known: Iterable[str]) -> str | None:
    """The known name fewest edits from `name`, if two edits or fewer (the first in sorted
    order on a tie)."""
    scored = sorted((edits(name, candidate), candidate) for candidate in set(known))
    return scored[0][1] if scored and scored[0][0] <= 2 else None


def typo_of(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` is a typo of: within two edits, and fewer edits than half
    its characters (`startt` for `start`, `long` for `lon`), so that a short name of its own
    (`note`, two edits from `zone`) is not taken for one."""
    close = within_two_edits(name, known)
    return close if close is not None and 2 * edits(name, close) < len(name) else None
