"""Read the package's CSV files without losing a character, normalising only what carries none.

Spreadsheets and editors save CSVs in ways that change no value. The build
accepts these and normalises them before anything else reads the files:

- a UTF-8 byte order mark is dropped;
- CRLF and CR line endings become LF, both at row ends and inside quoted cells,
  so a Windows checkout (git's core.autocrlf) builds the same database as any other;
- empty rows after the last record (an empty line, or only commas) are dropped.

Everything else that would change a value is rejected with a Problem. That
covers bytes that are not UTF-8, as in a Windows-1252 or UTF-16 export. It also
covers quoting that a CSV reader would read with characters lost (text after a
closing quote) or with later rows swallowed into one cell (a quote never closed).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .datapackage import DataPackage, load_package
from .problems import Problem, relative_path

log = logging.getLogger(__name__)

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Python's csv module rejects cells over 131,072 characters by default. The
# validation reports long cells with their row and column itself, so the
# readers must be able to read them first. The limit is per process.
csv.field_size_limit(2**31 - 1)

# Encoding problems reported per file before the rest are summarised: a file
# saved in the wrong encoding usually has the same few characters on every row.
MAX_ENCODING_PROBLEMS = 10

UTF8_FIX = ("save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)'), "
            "then check that the text reads as the source prints it")
QUOTE_FIX = 'start and end the cell with ", and write every " inside it as ""'

# A row with no values: nothing, or only commas, each cell empty or "".
BLANK_ROW = re.compile(r'(?:"")?(?:,(?:"")?)*')
CELL_END = re.compile(r"[,\n]")


@dataclasses.dataclass(frozen=True)
class CsvText:
    """A CSV file's text after normalisation, and what normalising it changed."""

    text: str
    changes: tuple[str, ...]


def read_csv_text(path: Path) -> str:
    """Return a CSV file's text with its byte order mark dropped and line endings as LF.

    Raises UnicodeDecodeError when the file is not UTF-8 and OSError when it
    cannot be read.
    """
    text = path.read_bytes().removeprefix(UTF8_BOM).decode("utf-8")
    return normalise_line_endings(text)


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def drop_trailing_blank_rows(text: str) -> str:
    """Drop the rows after the last record that hold no value; the header always stays."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    keep_until = end
    while True:
        start = text.rfind("\n", 0, keep_until) + 1
        if start == 0 or not BLANK_ROW.fullmatch(text, start, keep_until):
            break
        keep_until = start - 1
    return text if keep_until == end else text[:keep_until] + "\n"


def decode_csv(data: bytes, file: str) -> tuple[CsvText | None, list[Problem]]:
    """Decode and normalise one CSV file's bytes, or return the problems that prevent it."""
    if data.startswith(UTF16_BOMS):
        return None, [Problem(file, None, None, None, "the file is saved as UTF-16, not UTF-8",
                              UTF8_FIX)]
    changes = []
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
        changes.append("dropped the UTF-8 byte order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, locate_undecodable_cells(data, file)
    if "\r" in text:
        text = normalise_line_endings(text)
        changes.append("converted CRLF and CR line endings to LF")
    if not text.strip():
        return None, [Problem(file, None, None, None, "the file is empty",
                              "restore the header row, with the column names the schema gives")]
    trimmed = drop_trailing_blank_rows(text)
    if trimmed != text:
        text = trimmed
        changes.append("dropped empty rows after the last record")
    problems = check_quoting(text, file)
    return (None if problems else CsvText(text, tuple(changes))), problems


def locate_undecodable_cells(data: bytes, file: str) -> list[Problem]:
    """Report each cell that contains bytes that are not UTF-8, naming the characters they
    would be in Windows-1252, the usual encoding of spreadsheets saved on Windows."""
    text = normalise_line_endings(data.decode("utf-8", errors="surrogateescape"))
    rows = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    problems = []
    count = 0
    for row_number, row in enumerate(rows, start=1):
        if row_number == 1:
            header = row
        for index, cell in enumerate(row):
            bad = _undecodable_bytes(cell)
            if not bad:
                continue
            count += 1
            if count > MAX_ENCODING_PROBLEMS:
                continue
            column = header[index] if index < len(header) and row_number > 1 else None
            raw = cell.encode("utf-8", errors="surrogateescape")
            escaped = raw.decode("utf-8", errors="backslashreplace")
            codes = ", ".join(f"0x{byte:02X}" for byte in bad)
            characters = ", ".join(repr(bytes([byte]).decode("cp1252", errors="replace"))
                                   for byte in bad)
            problems.append(Problem(
                file, row_number, column or f"number {index + 1}", escaped,
                f"the cell is not valid UTF-8: the bytes {codes} would be {characters} "
                "in Windows-1252",
                UTF8_FIX,
            ))
    if count > MAX_ENCODING_PROBLEMS:
        problems.append(Problem(
            file, None, None, None,
            f"{count - MAX_ENCODING_PROBLEMS} more cells in this file are not valid UTF-8",
            UTF8_FIX,
        ))
    return problems


def _undecodable_bytes(cell: str) -> bytes:
    """Return the bytes that errors='surrogateescape' kept as lone surrogates."""
    return bytes(ord(char) - 0xDC00 for char in cell if "\udc80" <= char <= "\udcff")


def check_quoting(text: str, file: str) -> list[Problem]:
    """Reject quoting that a CSV reader would read with characters lost or rows swallowed.

    Python's csv module, like Frictionless, reads `"5"" floppy` correctly, but reads
    `"5" floppy` as `5 floppy` and runs a quote that is never closed on to the end
    of the file. Its strict mode detects both but names only the first, so the
    file is scanned again to locate every one.
    """
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as error:
        problems = locate_quoting_errors(text, file)
        if problems:
            return problems
        return [Problem(file, None, None, None, f"the file cannot be read as CSV: {error}",
                        QUOTE_FIX)]
    return []


def locate_quoting_errors(text: str, file: str) -> list[Problem]:
    """Scan CSV text cell by cell, the way csv.reader does, and report bad quoting."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    problems = []
    row, column, position, length = 1, 0, 0, len(text)

    def column_name() -> str:
        return header[column] if column < len(header) and row > 1 else f"number {column + 1}"

    while position < length:
        if text[position] == '"':
            start = position
            closing = _closing_quote(text, position + 1)
            if closing < 0:
                problems.append(Problem(
                    file, row, column_name(), text[start:],
                    "a quoted cell is never closed, so every row after it would be read "
                    "into this cell", QUOTE_FIX))
                return problems
            position = closing + 1
            if position < length and text[position] not in ",\n":
                end = _cell_end(text, position)
                message = ("a quoted cell has text after its closing quote, which a CSV "
                           "reader drops the quotes from")
                if "\n" in text[start:position]:
                    message = ("a quoted cell runs on over several lines and has text after "
                               "its closing quote: a quote is missing or extra")
                problems.append(Problem(file, row, column_name(), text[start:end], message,
                                        QUOTE_FIX))
                position = end
        else:
            position = _cell_end(text, position)
        if position < length:
            if text[position] == ",":
                column += 1
            else:
                row, column = row + 1, 0
            position += 1
    return problems


def _closing_quote(text: str, position: int) -> int:
    """Return the index of the quote that closes a quoted cell, or -1 if none does."""
    while True:
        quote = text.find('"', position)
        if quote < 0 or not text.startswith('""', quote):
            return quote
        position = quote + 2


def _cell_end(text: str, position: int) -> int:
    match = CELL_END.search(text, position)
    return match.start() if match else len(text)


@contextlib.contextmanager
def prepared_package(package: DataPackage) -> Iterator[tuple[DataPackage, list[Problem]]]:
    """Check that every CSV reads without loss, and normalise the ones that need it.

    Yields the package to validate and build from, and the problems found. The
    package is `package` itself when every file is already UTF-8 with LF line
    endings and nothing to drop, or when a file cannot be read (the problems
    give the reason). Otherwise it is a copy of the descriptor, schemas and normalised
    CSVs in a temporary directory, whose `original` is `package`; the directory
    is removed when the block ends, unless the process is killed first.
    """
    # Only the texts that normalising changed are kept, so clean files occupy
    # memory one at a time.
    changed: dict[str, CsvText] = {}
    problems: list[Problem] = []
    for resource in package.resources:
        file = relative_path(resource.csv_path, package.root)
        try:
            data = resource.csv_path.read_bytes()
        except OSError as error:
            problems.append(Problem(file, None, None, None,
                                    f"the file cannot be read: {error.strerror}",
                                    "check the path that datapackage.json gives for "
                                    f"the {resource.name} resource"))
            continue
        text, file_problems = decode_csv(data, file)
        del data
        problems += file_problems
        if text is not None and text.changes:
            changed[resource.name] = text
            log.info("normalised %s: %s", file, "; ".join(text.changes))
    if problems or not changed:
        yield package, problems
        return
    with tempfile.TemporaryDirectory(prefix="inquiry-index-") as directory:
        yield _write_copy(package, changed, Path(directory)), []


def _write_copy(package: DataPackage, texts: dict[str, CsvText],
                directory: Path) -> DataPackage:
    """Write the descriptor, schemas and CSVs into `directory`, keeping relative paths.

    A table in `texts` is written from its normalised text; the others are copied.
    """
    shutil.copyfile(package.path, directory / package.path.name)
    for resource in package.resources:
        schema = directory / resource.schema_path.relative_to(package.root)
        schema.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource.schema_path, schema)
        csv_path = directory / resource.csv_path.relative_to(package.root)
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        if resource.name in texts:
            csv_path.write_text(texts[resource.name].text, encoding="utf-8", newline="")
        else:
            shutil.copyfile(resource.csv_path, csv_path)
    copy = load_package(directory / package.path.name)
    return dataclasses.replace(copy, original=package)

