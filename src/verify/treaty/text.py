"""Reading a pack's files as text: UTF-8 only, and whatever else is refused with its line.

Every pack file (`treaty.yaml`, `*.feature`, a compiled pack's JSON) is read here, so that a
file in another encoding, or something that is no regular file (a folder, a FIFO that would
block the read), is one located `PackError` rather than a traceback or a hang.
"""

from __future__ import annotations

import re
from pathlib import Path

from verify.errors import Location, PackError, display_path

#: Byte-order marks of UTF-16 and UTF-32 (the UTF-32 little-endian one starts like UTF-16's).
_FOREIGN_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
#: Line breaks as Python's text mode and YAML count them.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark dropped).

    Raises `PackError`, at the offending line, for a file that is not UTF-8 (UTF-16 named as
    such), that holds a NUL byte (no text file does; UTF-16 without a byte-order mark does),
    or that cannot be read: missing, a folder, a FIFO or device (never opened, so never waited
    on), unreadable.
    """
    shown = display_path(path)
    if not path.is_file():
        what = "a folder" if path.is_dir() else "no regular file" if path.exists() else "missing"
        raise PackError(f"cannot read: {what}", Location(shown))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PackError(f"cannot read: {error.strerror}", Location(shown)) from error
    for bom, encoding in _FOREIGN_BOMS:
        if data.startswith(bom):
            raise PackError(
                f"the file is {encoding} (it starts with a {encoding} byte-order mark);"
                " save it as UTF-8",
                Location(shown, 1),
            )
    data = data.removeprefix(_UTF8_BOM)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _bad_byte(
            data, nul, shown, "holds a NUL byte, so it is not UTF-8 text (UTF-16, perhaps?)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise _bad_byte(
            data, error.start, shown, f"byte 0x{byte:02x} is not UTF-8 ({error.reason})"
        ) from error


def _bad_byte(data: bytes, at: int, shown: str, problem: str) -> PackError:
    """A `PackError` at the line and column (in bytes, from 1) of the byte at `at`."""
    line = len(_BYTE_LINE_BREAK.split(data[:at]))
    start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
    ends = [i for i in (data.find(b"\n", at), data.find(b"\r", at)) if i >= 0]
    raw = data[start : min(ends, default=len(data))].decode("utf-8", "replace")
    text = "".join(c if c.isprintable() or c == "\t" else "\ufffd" for c in raw)
    return PackError(
        f"{problem}; save the file as UTF-8", Location(shown, line, at - start + 1, text=text)
    )
