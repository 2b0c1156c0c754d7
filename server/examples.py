"""Example queries for the query page: ``queries/*.rq``.

Each file starts with comment lines ``# title: ...`` and
``# description: ...``; the file name (without .rq) is the fallback title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def load_examples(directory: Path | None) -> list[Example]:
    """Every readable ``*.rq`` in ``directory``, sorted by file name."""
    if directory is None or not Path(directory).is_dir():
        return []
    examples = []
    for path in sorted(Path(directory).glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        fields = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                if line.strip():
                    break
                continue
            match = _HEADER.match(line)
            if match:
                fields[match.group(1).lower()] = match.group(2).strip()
        examples.append(Example(path.stem, fields.get("title") or path.stem, fields.get("description", ""), text))
    return examples
