"""`verify watch --state DIR`: checkpoints, and findings delivered once across restarts.

A checkpoint (`checkpoint.state`, replaced atomically) holds the engine's state, how far each
input was consumed, and how long the output and rejects files were, all as of one moment:
between two batches, after their findings were delivered. A restarted watch loads it, seeks its
inputs there, cuts the files back to those lengths, replays the records read since, and
suppresses the findings it can tell were delivered already:

- To a file (`--output`), the file is its own journal: a line after the checkpointed length was
  delivered; a torn last line (the kill hit mid-write) was not, and is cut off. Exactly once.
- To standard output, the digest of each finding is appended to `journal-<n>.txt` right after
  the line is written (one `write` call per line). A pipe cannot be rewound, so a kill after
  the line reached the pipe and before its digest reached the journal (the span of one system
  call) would print that one finding twice; a line longer than the pipe's atomic size
  (`PIPE_BUF`, 4 KiB on Linux) may be torn by a kill and is then printed again whole.

The journal also notes, for standard input checkpointed before the line after the consumed ones
was read, that line's chained digest once it is (`note_following`, before any of its findings
can be delivered): a restart given only the rest of the stream can then tell it from a rest
that skips lines the watch had read (see `inputs.py`).

The checkpoint is data, never code (anyone who can write to the folder could plant a file):

    verify-watch-checkpoint 2 <sha256 of what follows>\n
    {"sources": [...], "positions": [{"lines": ..., "offset": ...}], "output_size": ...}\n
    <the engine's snapshot: its own header line, then zlib-compressed JSON (`codec.py`)>

A file that is not that (another format or version, a digest that does not match, malformed
JSON), or a `checkpoint.pickle` that an older verify watch left (a pickle runs code as it is
read), is refused with a `StateError` before anything in it is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify.engines.stream import codec
from verify.engines.stream.codec import StateError
from verify.engines.stream.inputs import Position
from verify.errors import UsageError

CHECKPOINT = "checkpoint.state"
#: The header of a checkpoint, and the version of its format (raise it when the format changes).
MAGIC, VERSION = "verify-watch-checkpoint", 2
#: What verify watch saved before version 2: never read, since unpickling can run any code.
PICKLED = "checkpoint.pickle"
#: Marks a journal entry of a finding decided at the end of input.
CLOSING = "c "
#: Marks a journal entry of the line that follows an input's checkpointed position.
FOLLOWING = "n "


def line_digest(line: str) -> str:
    """The digest a delivered line is known by."""
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


@dataclass
class Checkpoint:
    """The engine's state and, as of the same moment, the inputs' and files' positions."""

    engine: bytes
    sources: list[str]
    positions: list[Position]
    output_size: int = 0
    rejects_size: int = 0
    generation: int = 0

    def dump(self) -> bytes:
        """The checkpoint as its file holds it."""
        meta = {
            "sources": self.sources,
            "positions": [position.dump() for position in self.positions],
            "output_size": self.output_size,
            "rejects_size": self.rejects_size,
            "generation": self.generation,
        }
        body = json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n" + self.engine
        digest = hashlib.sha256(body).hexdigest()
        return f"{MAGIC} {VERSION} {digest}\n".encode("ascii") + body

    @classmethod
    def load(cls, blob: bytes, what: str) -> Checkpoint:
        """The checkpoint `dump` wrote; a `StateError` for anything else."""
        digest, body = codec.header(blob, MAGIC, VERSION, what)
        if hashlib.sha256(body).hexdigest() != digest:
            raise StateError(f"{what}: damaged (its content does not match its digest)")
        line, _, engine = body.partition(b"\n")
        with codec.decoding(what):
            meta: Any = json.loads(line.decode("utf-8"))
            return cls(
                engine=engine,
                sources=[codec.text(source) for source in meta["sources"]],
                positions=[Position.load(position) for position in meta["positions"]],
                output_size=codec.integer(meta["output_size"]),
                rejects_size=codec.integer(meta["rejects_size"]),
                generation=codec.integer(meta["generation"]),
            )


@dataclass
class StateDir:
    """The folder of `--state`: the last checkpoint and the journal since it."""

    path: Path
    generation: int = 0
    journaled: set[str] = field(default_factory=set)
    closing: set[str] = field(default_factory=set)
    _journal: int | None = None

    def load(self, sources: list[str]) -> Checkpoint | None:
        """The last checkpoint (None in a new folder), with the journal since it read into
        `journaled`."""
        self.path.mkdir(parents=True, exist_ok=True)
        pickled = self.path / PICKLED
        if pickled.exists():
            raise StateError(
                f"{pickled}: a pickle (an older verify watch's checkpoint, or a file put there),"
                " which could run code if it were read: it is not; use a new --state folder"
            )
        file = self.path / CHECKPOINT
        if not file.exists():
            self._open_journal(0)
            return None
        saved = Checkpoint.load(file.read_bytes(), str(file))
        if len(saved.positions) != len(saved.sources):
            raise StateError(f"{file}: malformed ({len(saved.positions)} positions)")
        if saved.sources != sources:
            raise UsageError(
                f"{file}: saved for inputs {saved.sources}, not {sources}; use a new --state folder"
            )
        self.generation = saved.generation
        journal = self._journal_path(saved.generation)
        if journal.exists():
            for entry in journal.read_text(encoding="utf-8").splitlines():
                if entry.startswith(FOLLOWING):
                    _following(entry, saved.positions)
                    continue
                digest = entry.removeprefix(CLOSING)
                if len(digest) == 64:
                    self.journaled.add(digest)
                    if entry.startswith(CLOSING):
                        self.closing.add(digest)
        self._open_journal(saved.generation)
        return saved

    def save(self, checkpoint: Checkpoint, carry: set[str] | None = None) -> None:
        """Write a checkpoint atomically and start a new journal, holding only `carry`."""
        checkpoint.generation = self.generation + 1
        temporary = self.path / (CHECKPOINT + ".tmp")
        with temporary.open("wb") as out:
            out.write(checkpoint.dump())
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(self.path / CHECKPOINT)
        self.generation = checkpoint.generation
        self.journaled = set(carry or ())
        self._open_journal(self.generation)
        for digest in sorted(self.journaled):
            self.journal(digest, closing=True)

    def journal(self, digest: str, *, closing: bool = False) -> None:
        """Note that a line was delivered (call right after writing it); `closing` marks what
        the end of input decided."""
        assert self._journal is not None
        os.write(self._journal, ((CLOSING if closing else "") + digest + "\n").encode("ascii"))

    def note_following(self, index: int, digest: str) -> None:
        """Note the chained digest of the line that follows input `index`'s checkpointed
        position (standard input), read since the checkpoint."""
        assert self._journal is not None
        os.write(self._journal, f"{FOLLOWING}{index} {digest}\n".encode("ascii"))

    def close(self) -> None:
        """Close the journal."""
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None

    def _journal_path(self, generation: int) -> Path:
        return self.path / f"journal-{generation}.txt"

    def _open_journal(self, generation: int) -> None:
        self.close()
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        self._journal = os.open(self._journal_path(generation), flags, 0o644)
        for old in self.path.glob("journal-*.txt"):
            if old != self._journal_path(generation):
                old.unlink()


def _following(entry: str, positions: list[Position]) -> None:
    """Apply a journal's note of the line after an input's position (a torn one is none)."""
    words = entry.split(" ")
    if len(words) == 3 and words[1].isdigit() and len(words[2]) == 64:
        index = int(words[1])
        if index < len(positions) and positions[index].chain is not None:
            positions[index].following = positions[index].following or words[2]


class Delivery:
    """Where findings go, one JSON line each, written at once; and what was delivered already."""

    def __init__(
        self, output: Path | None, state: StateDir | None, checkpoint: Checkpoint | None
    ) -> None:
        self.state = state
        self.delivered: set[str] = set()
        self._file: int | None = None  # a regular file: its own journal
        self._stream: int | None = None  # a pipe or device: journalled
        if output is None or (output.exists() and not output.is_file()):
            if output is not None:
                self._stream = os.open(output, os.O_WRONLY)
            if state is not None:
                self.delivered = set(state.journaled)
            return
        flags = os.O_RDWR | os.O_CREAT | (os.O_APPEND if checkpoint else os.O_TRUNC)
        self._file = os.open(output, flags, 0o644)
        if checkpoint is not None:
            self.delivered = self._since(output, checkpoint.output_size)
            if state is not None:
                self.delivered |= state.journaled

    def _since(self, output: Path, size: int) -> set[str]:
        """Lines written after the checkpoint; a torn last line is cut off."""
        data = output.read_bytes()
        if len(data) < size:
            raise UsageError(f"{output} is shorter than the saved state says: use a new --state")
        end = max(size, data.rfind(b"\n") + 1)  # the checkpointed part ends with a line
        assert self._file is not None
        os.ftruncate(self._file, end)
        return {line_digest(line) for line in data[size:end].decode("utf-8").splitlines()}

    def deliver(self, line: str, *, closing: bool = False) -> bool:
        """Write one line unless it was delivered before the restart; whether it was written.

        `closing`: the line is a finding the end of input decided, which a later end of input
        (after a restart on an input that has grown) may decide again.
        """
        digest = line_digest(line)
        if digest in self.delivered:
            return False
        data = (line + "\n").encode("utf-8")
        if self._file is not None:
            _write_all(self._file, data)
            if closing and self.state is not None:
                self.state.journal(digest, closing=True)
            return True
        if self._stream is not None:
            _write_all(self._stream, data)
        else:
            try:
                descriptor = sys.stdout.fileno()
            except (AttributeError, OSError, ValueError):
                sys.stdout.write(line + "\n")  # no descriptor (tests, embedding): best effort
                sys.stdout.flush()
            else:
                sys.stdout.flush()
                _write_all(descriptor, data)
        if self.state is not None:
            self.state.journal(digest, closing=closing)
        return True

    def flush(self) -> None:
        """Nothing to do: each line is written at once."""

    def size(self) -> int:
        """How long the output file is (0 for standard output)."""
        return os.lseek(self._file, 0, os.SEEK_END) if self._file is not None else 0

    def carried(self) -> set[str]:
        """What a new checkpoint's journal must still hold: what the last end of input
        decided. The records since the old checkpoint are replayed by now, but an end of input
        may decide again what it decided before the restart (on an input that has grown)."""
        return set(self.state.closing) if self.state is not None else set()

    def close(self) -> None:
        """Close the output file."""
        for descriptor in (self._file, self._stream):
            if descriptor is not None:
                os.close(descriptor)
        self._file = self._stream = None


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
