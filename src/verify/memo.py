"""Values worked out for objects that cost more to hash than to recognise: remembered by
identity.

A pack's metadata, an obligation's condition, a part many findings share: each is one object
that a run asks about again and again, and a pydantic model of models hashes (if at all) at
more than the cost of the answer. So the answer is kept under the object's `id`, with the
object itself, so that the id is not taken by another object while it is kept; a bounded
number, all forgotten at once when full (the askers come in runs of the same object).
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """What was worked out for each object, by identity, at most `limit` objects at a time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._known: dict[int, tuple[K, V]] = {}

    def get(self, key: K) -> V | None:
        """What was kept for `key` itself (not for an equal object), or None."""
        known = self._known.get(id(key))
        return known[1] if known is not None and known[0] is key else None

    def keep(self, key: K, value: V) -> V:
        """Keep `value` for `key` (forgetting everything first when full); `value`."""
        if len(self._known) >= self.limit:
            self._known.clear()
        self._known[id(key)] = (key, value)
        return value

    def __len__(self) -> int:
        return len(self._known)


class WhileAlive(Generic[K, V]):
    """What was worked out for each object, by identity, for as long as the object lives: for
    objects too large for a memo to keep alive (a frame's column), each answer forgotten when
    its object is freed. The object must take weak references."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[weakref.ref[K], V]] = {}

    def get(self, key: K) -> V | None:
        """What was kept for `key` itself (not for an equal object), or None."""
        known = self._known.get(id(key))
        return known[1] if known is not None and known[0]() is key else None

    def keep(self, key: K, value: V) -> V:
        """Keep `value` for `key` while `key` lives; `value`."""
        ident = id(key)

        def forget(reference: weakref.ref[K]) -> None:
            known = self._known.get(ident)
            if known is not None and known[0] is reference:
                del self._known[ident]

        self._known[ident] = (weakref.ref(key, forget), value)
        return value

    def __len__(self) -> int:
        return len(self._known)
