"""Validate the data package: Frictionless first, then the checks a schema cannot express.

Every problem names the file, the row, the column, the value and the fix.
Row numbers count the header as row 1, as a spreadsheet does, so row 2 is
the first record (a record with a line break inside a quoted cell still
counts as one row).
"""

from __future__ import annotations

import csv
import datetime
import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import frictionless

from .datapackage import DataPackage, Resource

log = logging.getLogger(__name__)

NOT_STATED = "not stated"

# What to do about each kind of Frictionless error, in the words a contributor
# editing a CSV needs.
FRICTIONLESS_FIXES = {
    "type-error": "write a value of the column's type (dates as YYYY-MM-DD, URLs with http:// or https://)",
    "constraint-error": "change the value so it meets the constraint shown",
    "unique-error": "give this row an identifier no other row uses",
    "primary-key": "give this row a unique, non-empty key",
    "foreign-key": "use an identifier that exists in the referenced table, or add that row there first",
    "missing-label": "add the missing column to the header, in schema order",
    "incorrect-label": "rename the header to the schema's field name, in schema order",
    "extra-label": "remove the extra column, or add it to the table schema first",
    "duplicate-label": "remove or rename the duplicated column",
    "blank-label": "name the column or remove it",
    "extra-cell": "remove the extra cell; a comma inside text needs the cell quoted",
    "missing-cell": "add the missing cells so the row has one per column",
    "blank-row": "delete the empty row",
    "encoding-error": "save the file as UTF-8",
    "source-error": "save the file as UTF-8 CSV",
    "scheme-error": "check that the file exists at the path datapackage.json gives",
}
DEFAULT_FIX = "correct the value, then run `python build_db.py --check` again"


@dataclass(frozen=True)
class Problem:
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
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value: {_shorten(self.value)!r})"
        return f"{text}. Fix: {self.fix}."


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def validate_package(package: DataPackage) -> list[Problem]:
    """Return every problem in the package: Frictionless errors, then extra checks.

    The extra checks run only on files that Frictionless could read, so a file
    with a broken header is reported once, not once per row.
    """
    log.info("validating %d tables with Frictionless", len(package.resources))
    problems = validate_with_frictionless(package)
    log.info("running the checks a schema cannot express")
    unreadable = {p.file for p in problems if p.row is None}
    problems += validate_extra(package, skip_files=unreadable)
    log.info("validated %d tables: %d problems", len(package.resources), len(problems))
    return problems


def validate_with_frictionless(package: DataPackage) -> list[Problem]:
    """Validate types, constraints, headers, and primary and foreign keys."""
    report = frictionless.Package(str(package.path)).validate()
    problems = []
    for task in report.tasks:
        resource = package.resource(task.name)
        file = _relative(resource.csv_path, package.root)
        for error in task.errors:
            problems.append(_problem_from_error(file, error))
    for error in report.errors:
        problems.append(
            Problem(
                file=_relative(package.path, package.root),
                row=None,
                column=None,
                value=None,
                message=error.message,
                fix=FRICTIONLESS_FIXES.get(error.type, DEFAULT_FIX),
            )
        )
    return problems


def _problem_from_error(file: str, error: frictionless.Error) -> Problem:
    descriptor = error.to_descriptor()
    column = descriptor.get("fieldName")
    value = descriptor.get("cell")
    if error.type == "foreign-key":
        column = ", ".join(descriptor.get("fieldNames") or [])
        value = ", ".join(str(cell) for cell in descriptor.get("fieldCells") or [])
    elif error.type in {"incorrect-label", "missing-label", "extra-label",
                        "duplicate-label", "blank-label"}:
        value = descriptor.get("label")
    message = error.title.rstrip(".")
    note = descriptor.get("note")
    if note:
        message += f": {note}"
    return Problem(
        file=file,
        row=descriptor.get("rowNumber"),
        column=column,
        value=value,
        message=message,
        fix=FRICTIONLESS_FIXES.get(error.type, DEFAULT_FIX),
    )


def read_rows(resource: Resource) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) for each record of a resource's CSV, header as row 1."""
    with resource.csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row_number, row in enumerate(reader, start=2):
            yield row_number, row


def validate_extra(package: DataPackage, skip_files: set[str] = frozenset()) -> list[Problem]:
    """Run the checks a table schema cannot express."""
    problems: list[Problem] = []
    report_dates = load_report_dates(package)
    for resource in package.resources:
        file = _relative(resource.csv_path, package.root)
        if file in skip_files:
            continue
        try:
            for row_number, row in read_rows(resource):
                problems += check_cells(file, row_number, row, resource)
                if resource.name == "responses":
                    positions = resource.field("position").constraints.get("enum", [])
                    problems += check_position(file, row_number, row, positions)
                    problems += check_response_date(file, row_number, row, report_dates)
        except (UnicodeDecodeError, csv.Error) as error:
            # Frictionless reports these too; this keeps the extra checks from crashing.
            log.debug("extra checks skipped %s: %s", file, error)
    return problems


def load_report_dates(package: DataPackage) -> dict[str, str]:
    """Map each report_id to its published_on, for checks on the tables that cite reports."""
    try:
        return {
            row["report_id"]: row.get("published_on") or ""
            for _, row in read_rows(package.resource("reports"))
            if row.get("report_id")
        }
    except (UnicodeDecodeError, csv.Error, OSError):
        return {}


def check_cells(file: str, row_number: int, row: dict, resource: Resource) -> list[Problem]:
    """Check whitespace, Unicode normal form and calendar dates in every cell."""
    problems = []
    for column, value in row.items():
        if not isinstance(value, str) or value == "":
            continue
        if value != value.strip():
            problems.append(Problem(file, row_number, column, value,
                                    "value has leading or trailing whitespace",
                                    "remove the spaces, tabs or line breaks at the start and end of the cell"))
        if not unicodedata.is_normalized("NFC", value):
            problems.append(Problem(file, row_number, column, value,
                                    "text is not in Unicode normal form NFC",
                                    "re-save the text as NFC (for example with Python's unicodedata.normalize('NFC', text)); the characters stay the same"))
        if column in resource.field_names and resource.field(column).constraints.get("pattern", "").startswith("^[0-9]{4}-"):
            problems += check_calendar_date(file, row_number, column, value)
    return problems


def check_calendar_date(file: str, row_number: int, column: str, value: str) -> list[Problem]:
    """A date that matches the pattern must also exist on the calendar (no 30 February)."""
    if len(value) != 10:
        return []
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return [Problem(file, row_number, column, value, "date does not exist on the calendar",
                        "write a real date as YYYY-MM-DD, or YYYY-MM if only the month is known")]
    return []


def check_position(file: str, row_number: int, row: dict,
                   positions: list[str]) -> list[Problem]:
    """A stated position needs its supporting phrase, quoted exactly from the text.

    A position outside `positions` is left to Frictionless's enum check.
    """
    position = row.get("position") or ""
    phrase = row.get("position_phrase") or ""
    text = row.get("text") or ""
    if position not in positions:
        return []
    if position != NOT_STATED and not phrase:
        return [Problem(file, row_number, "position_phrase", phrase,
                        f"position is {position!r} but no supporting phrase is given",
                        "copy the exact words of the response that state the position, or set position to 'not stated'")]
    if phrase and position == NOT_STATED:
        return [Problem(file, row_number, "position", position,
                        "a supporting phrase is given but the position is 'not stated'",
                        "set the position the phrase states, or empty position_phrase")]
    if phrase and phrase not in text:
        return [Problem(file, row_number, "position_phrase", phrase,
                        "the supporting phrase does not occur in the response text",
                        "copy the phrase character for character from the text column")]
    return []


def check_response_date(file: str, row_number: int, row: dict,
                        report_dates: dict[str, str]) -> list[Problem]:
    """A response cannot be dated before the report it responds to."""
    responded_on = row.get("responded_on") or ""
    published_on = report_dates.get(row.get("report_id") or "", "")
    if not responded_on or not published_on:
        return []
    # Compare at the coarser of the two precisions: "2020-03" is not before "2020-03-25".
    precision = min(len(responded_on), len(published_on))
    if responded_on[:precision] < published_on[:precision]:
        return [Problem(file, row_number, "responded_on", responded_on,
                        f"response is dated before its report was published on {published_on}",
                        "check the response date and the report_id against the sources")]
    return []
