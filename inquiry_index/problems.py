"""A problem found in the data package, reported to the person editing the CSVs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

VALUE_DISPLAY_CHARACTERS = 80
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """One problem, located by file, row (the header is row 1) and column, with its fix."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}: {one_line(self.message)}"
        if self.value is not None:
            text += f" (value: {shorten(self.value)!r})"
        return f"{text}. Fix: {one_line(self.fix)}."


def one_line(text: str) -> str:
    """Escape control characters, so that a value quoted in a message cannot break its line."""
    return CONTROL_CHARACTERS.sub(lambda match: repr(match.group())[1:-1], text)


def shorten(value: str, limit: int = VALUE_DISPLAY_CHARACTERS) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def relative_path(path: Path, root: Path) -> str:
    """Return `path` relative to `root` where it is inside it, for messages."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
