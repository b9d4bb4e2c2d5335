"""The ids the stream engine has seen lately, to reject a duplicate as the batch engine does."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from datetime import datetime
from typing import Any

from verify.engines.stream import codec
from verify.engines.stream.clock import Expiry


class RecentIds(MutableMapping[str, tuple[str, int]]):
    """Where each id was first seen, for the retention horizon (`validate_record`'s `seen_ids`).

    File and line are packed into one int per id, so that a year of ids stays small.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.files: list[str] = []
        self.numbers: dict[str, int] = {}
        self.expiry: Expiry[str] = Expiry()

    def __getitem__(self, key: str) -> tuple[str, int]:
        packed = self.ids[key]
        return self.files[packed >> 32], packed & 0xFFFF_FFFF

    def get(self, key: str, default: Any = None) -> Any:
        """Where `key` was first seen, or `default` (without the KeyError that `Mapping.get`
        raises and catches for every new id)."""
        packed = self.ids.get(key)
        return default if packed is None else (self.files[packed >> 32], packed & 0xFFFF_FFFF)

    def __setitem__(self, key: str, value: tuple[str, int]) -> None:
        self.ids[key] = self._packed(*value)

    def add(self, key: str, file: str, line: int, moment: datetime) -> None:
        """`self[key] = (file, line)` and `touch(key, moment)` in one call (one a record)."""
        self.ids[key] = self._packed(file, line)
        self.expiry.touch(moment, key)

    def _packed(self, file: str, line: int) -> int:
        """File and line as one int: the file's number (given on first sight) and the line."""
        number = self.numbers.get(file)
        if number is None:
            number = self.numbers[file] = len(self.files)
            self.files.append(file)
        return (number << 32) | line

    def __delitem__(self, key: str) -> None:
        del self.ids[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def touch(self, key: str, moment: datetime) -> None:
        """Remember `key` until the horizon passes `moment`."""
        self.expiry.touch(moment, key)

    def expire(self, horizon: datetime) -> None:
        """Forget ids first seen before the horizon."""
        self.expiry.expire(horizon, lambda key: self.ids.pop(key, None))

    def dump(self, out: codec.Encoder) -> Any:
        """The files, the ids with their packed file and line, and the expiry queue."""
        return {"files": self.files, "ids": self.ids, "expiry": out.expiry(self.expiry)}

    @classmethod
    def load(cls, data: Any, saved: codec.Decoder) -> RecentIds:
        """Read back what `dump` wrote."""
        seen = cls()
        seen.files = [codec.text(file) for file in data["files"]]
        seen.numbers = {file: number for number, file in enumerate(seen.files)}
        seen.ids = {codec.text(key): codec.integer(packed) for key, packed in data["ids"].items()}
        if any(packed >> 32 >= len(seen.files) for packed in seen.ids.values()):
            raise ValueError("an id seen in a file that is not listed")
        seen.expiry = saved.expiry(data["expiry"], codec.text)
        return seen
