"""Reading an article and the --date, refusing bad input before anything is written.

Exit status 2 is for input a person must fix (a missing file, an empty or
binary one, a wrong encoding, a malformed date); the message says which and how.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path


class InputError(ValueError):
    """Input that cannot be ingested; the message is shown to the user as is."""


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_doc_date(value: str | None) -> str:
    """Check a document date: YYYY-MM-DD (or YYYY-MM / YYYY when that is all that is known)."""
    if not value:
        raise InputError("--date is required: the document's date, YYYY-MM-DD")
    m = DATE_RE.match(value.strip())
    if not m:
        raise InputError(f"--date {value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)")
    y, mo, d = m.groups()
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError as e:
        raise InputError(f"--date {value!r} is not a valid date: {e}") from None
    return value.strip()


def read_article(path: str | Path) -> str:
    """Return the article's text as stored, character for character (offsets are computed on it).

    Refuses empty files, binary files (NUL bytes or many control characters)
    and anything that is not UTF-8, naming the likely encoding.
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p} is a directory: give the article's file")
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    data = p.read_bytes()
    if not data.strip():
        raise InputError(f"{p}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{p}: the file is UTF-16, not UTF-8; convert it: iconv -f UTF-16 -t UTF-8 {p}")
    if b"\x00" in data:
        raise InputError(f"{p}: looks like a binary file (NUL bytes), not plain text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{p}: not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            f"convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 {p}"
        ) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise InputError(f"{p}: looks like a binary file ({controls} control characters)")
    if not any(c.isalpha() for c in text):
        raise InputError(f"{p}: contains no words")
    # A byte-order mark is one character of the text kg build reads: keep the offsets, but
    # read it as a space, or the first word would not be a word ("\ufeffArmenia").
    return " " + text[1:] if text.startswith("\ufeff") else text
