"""Checks on single cells that a table schema cannot express, and fixes for common mistakes.

A cell that fails is reported, never changed: verbatim text stays exactly as the
source prints it, and the person editing the CSV checks it against the source.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata

from .datapackage import Field
from .problems import Problem

# Longer cells are rejected. The longest real text is about 2,000 characters;
# a cell far longer is usually a quote never closed, or a document pasted whole.
MAX_CELL_CHARACTERS = 100_000

# SQLite stores integers in 64 bits; a larger value would fail the insert.
SQLITE_INTEGERS = range(-(2**63), 2**63)
CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")

# Whole-cell values that people and spreadsheets write for "no value", and the
# error values a spreadsheet writes where a formula failed. An empty cell is the
# package's only missing value, so these would be stored as text. Words that
# can be real values ("none" is a completeness flag) are not listed.
PLACEHOLDERS = frozenset({
    "n/a", "n.a.", "na", "null", "nan", "-", "--", "–", "—",
    "#n/a", "#ref!", "#value!", "#name?", "#div/0!", "#num!", "#null!",
})

# Characters that Windows-1252 maps the bytes 0x80-0x9F to, and the Latin-1
# letters that lead a UTF-8 sequence. UTF-8 text decoded as Windows-1252 shows a
# run of these ("â€™" for "’"), which is what MOJIBAKE finds.
_WINDOWS_1252_HIGH = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6" \
                     "\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021" \
                     "\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_WINDOWS_1252_HIGH}]+")

# Allowed control characters: line feeds and tabs belong in verbatim text. Carriage
# returns never reach the checks because csv_files converts them to line feeds.
ALLOWED_CONTROL_CHARACTERS = frozenset("\n\t")
REPLACEMENT_CHARACTER = "\ufffd"

DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
YEAR_MONTH_DAY_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
DATE_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}.*")
SPREADSHEET_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
# Serial 0 of Excel's 1900 date system, for serials from 61 (1 March 1900) on:
# Excel counts a 29 February 1900 that never existed, so these serials are one
# day ahead of a count from 1899-12-31. Only five-digit serials are recognised.
SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)
WORDED_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y")
WORDED_MONTH_FORMATS = ("%B %Y", "%b %Y")


def is_date_field(field: Field) -> bool:
    return field.type == "date" or field.constraints.get("pattern", "").startswith("^[0-9]{4}-")


def is_free_text(field: Field) -> bool:
    """Return whether the schema leaves the column's values unconstrained, as for verbatim
    text."""
    constraints = field.constraints
    return field.type == "string" and not ({"enum", "pattern"} & constraints.keys())


def check_cell(file: str, row_number: int, column: str, value: str,
               field: Field | None) -> list[Problem]:
    """Check one non-empty cell for the mistakes listed in this module."""
    problems = check_characters(file, row_number, column, value, field)
    if len(value) > MAX_CELL_CHARACTERS:
        problems.append(Problem(
            file, row_number, column, value,
            f"the cell is {len(value):,} characters long, more than the "
            f"{MAX_CELL_CHARACTERS:,} the build accepts",
            "check for a quote that is never closed earlier in the row, or keep only the "
            "text that the record cites"))
    if field is None:
        return problems
    if is_free_text(field) and value.strip().lower() in PLACEHOLDERS:
        problems.append(Problem(file, row_number, column, value,
                                "the cell holds a placeholder, not a value",
                                placeholder_fix(field)))
    if field.type == "integer":
        problems += check_integer(file, row_number, column, value)
    if field.type == "number":
        problems += check_number(file, row_number, column, value)
    return problems


def check_characters(file: str, row_number: int, column: str, value: str,
                     field: Field | None) -> list[Problem]:
    """Reject control characters, lost characters, mojibake, and invisible characters in keys."""
    problems = []
    control = next((char for char in value if unicodedata.category(char) == "Cc"
                    and char not in ALLOWED_CONTROL_CHARACTERS), None)
    if control is not None:
        message = f"the text contains the control character U+{ord(control):04X}"
        if "\u0080" <= control <= "\u009f":
            as_windows_1252 = bytes([ord(control)]).decode("cp1252", errors="replace")
            message += (f", which is the byte 0x{ord(control):02X} of Windows-1252 text "
                        f"({as_windows_1252!r}) read as Latin-1")
        problems.append(Problem(file, row_number, column, value, message,
                                "delete it, or copy the text again from the source; control "
                                "characters are not allowed in the Atom feeds' XML"))
    if REPLACEMENT_CHARACTER in value:
        problems.append(Problem(file, row_number, column, value,
                                "the text contains U+FFFD, the replacement character that "
                                "marks a character lost in an earlier conversion",
                                "copy the text again from the source"))
    mojibake = find_mojibake(value)
    if mojibake:
        garbled, meant = mojibake
        problems.append(Problem(file, row_number, column, value,
                                f"the text contains {garbled!r}, which is how {meant!r} "
                                "reads when UTF-8 is decoded as Windows-1252 (mojibake)",
                                f"copy the text again from the source, or replace {garbled!r} "
                                f"with {meant!r}"))
    if field is not None and not is_free_text(field):
        invisible = next((char for char in value if unicodedata.category(char) == "Cf"), None)
        if invisible is not None:
            name = unicodedata.name(invisible, f"U+{ord(invisible):04X}")
            problems.append(Problem(file, row_number, column, value,
                                    f"the value contains the invisible character {name}, so "
                                    "it differs from a value that looks the same",
                                    "delete the character"))
    return problems


def find_mojibake(value: str) -> tuple[str, str] | None:
    """Return the first run of mojibake in `value` and the text it was meant to be."""
    for match in MOJIBAKE.finditer(value):
        try:
            meant = match.group().encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return match.group(), meant
    return None


def check_integer(file: str, row_number: int, column: str, value: str) -> list[Problem]:
    """Integers are written plainly ('7', not '007' or '+7') and fit in SQLite's 64 bits.

    Frictionless reads '007' as 7, so the written value would not survive the
    build unchanged. Values that are not integers at all are left to Frictionless.
    """
    try:
        number = int(value)
    except ValueError:
        return []
    if not CANONICAL_INTEGER.fullmatch(value):
        return [Problem(file, row_number, column, value,
                        "the integer is written with a sign, leading zeros, spaces or "
                        "underscores", f"write it as {number}")]
    if number not in SQLITE_INTEGERS:
        return [Problem(file, row_number, column, value,
                        "the integer is too large for SQLite, which stores 64-bit integers",
                        "check the value against the source")]
    return []


def check_number(file: str, row_number: int, column: str, value: str) -> list[Problem]:
    try:
        number = float(value)
    except ValueError:
        return []
    if math.isfinite(number):
        return []
    return [Problem(file, row_number, column, value,
                    "the number is infinite or not a number",
                    "write a finite number, or leave the cell empty")]


def placeholder_fix(field: Field) -> str:
    if field.required:
        return "this column is required: write the value the source gives"
    return "leave the cell empty where there is no value"


def suggest_fix(field: Field, value: str) -> str | None:
    """Return a fix for a value that Frictionless rejected, where the mistake is a common one."""
    if value.strip().lower() in PLACEHOLDERS:
        return placeholder_fix(field)
    if is_date_field(field):
        return suggest_date(value, month_allowed=field.type != "date")
    return None


def suggest_date(value: str, month_allowed: bool) -> str | None:
    """Return a fix for a date written as a spreadsheet or a person might write it."""
    value = value.strip()
    if match := DATE_WITH_TIME.fullmatch(value):
        return f"drop the time: write {match.group(1)}"
    if match := DAY_MONTH_YEAR.fullmatch(value):
        return _day_month_year_fix(*(int(part) for part in match.groups()))
    if match := YEAR_MONTH_DAY_SLASHED.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        iso = _iso_date(year, month, day)
        return f"write the date with hyphens: {iso}" if iso else None
    if match := SPREADSHEET_SERIAL.fullmatch(value):
        day = SPREADSHEET_EPOCH + datetime.timedelta(days=int(match.group(1)))
        return (f"this looks like a spreadsheet date serial number, which is "
                f"{day.isoformat()} in Excel's 1900 date system: format the column as text, "
                f"write the date as YYYY-MM-DD and check it against the source")
    for pattern in WORDED_DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        return f"write the date as YYYY-MM-DD: {day.isoformat()}"
    for pattern in WORDED_MONTH_FORMATS:
        try:
            month = datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if month_allowed:
            return f"write the month as YYYY-MM: {month.isoformat()[:7]}"
        return "this column needs the day: write the date as YYYY-MM-DD"
    return None


def _day_month_year_fix(first: int, second: int, year: int) -> str | None:
    if first > 12 and second <= 12:
        iso = _iso_date(year, second, first)
        return f"write the date as YYYY-MM-DD: {iso}" if iso else None
    if second > 12 and first <= 12:
        iso = _iso_date(year, first, second)
        return (f"write the date as YYYY-MM-DD: {iso} (the value reads as month/day/year)"
                if iso else None)
    iso = _iso_date(year, second, first)
    if not iso:
        return None
    return (f"write the date as YYYY-MM-DD: {iso} if the value is day/month/year, as UK "
            "sources print dates; check the source, because month/day/year reads differently")


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def fold_key(value: str) -> str:
    """Fold case, spacing and Unicode compatibility forms, to find keys that only look alike."""
    spaced = " ".join(unicodedata.normalize("NFKC", value).split())
    return unicodedata.normalize("NFKC", spaced.casefold())


# Typographic variants that a copied phrase and its text may disagree on.
TYPOGRAPHIC_VARIANTS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ",
})


def fold_typography(value: str) -> str:
    """Make curly quotes straight, dashes hyphens and non-breaking spaces plain spaces."""
    return value.translate(TYPOGRAPHIC_VARIANTS)
