"""What is remembered by identity is served for that object only, and a bounded number."""

from __future__ import annotations

import gc

from verify.memo import ByIdentity, WhileAlive


def test_an_equal_object_is_not_served_what_another_was() -> None:
    """Two equal lists are two keys: each gets only its own answer."""
    memo: ByIdentity[list[int], str] = ByIdentity(8)
    first, equal = [1, 2], [1, 2]
    assert memo.keep(first, "first") == "first"
    assert memo.get(first) == "first"
    assert memo.get(equal) is None


def test_a_full_memo_forgets_everything_before_keeping_more() -> None:
    """At its limit, the next object kept is then the only one."""
    memo: ByIdentity[object, int] = ByIdentity(2)
    kept = [object() for _ in range(3)]
    for number, key in enumerate(kept):
        memo.keep(key, number)
    assert len(memo) == 1
    assert memo.get(kept[2]) == 2
    assert memo.get(kept[0]) is None


def test_while_alive_serves_the_object_itself_and_forgets_it_once_freed() -> None:
    """An answer kept while its object lives: not served for an equal object, gone with it."""
    memo: WhileAlive[Key, str] = WhileAlive()
    first, equal = Key(1), Key(1)
    memo.keep(first, "first")
    assert memo.get(first) == "first"
    assert memo.get(equal) is None
    del first
    gc.collect()
    assert len(memo) == 0


class Key:
    """An object that takes weak references and compares by value."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)
