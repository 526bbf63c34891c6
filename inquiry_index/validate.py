"""Validate the data package: each file's encoding and quoting, then Frictionless, then the
checks a schema cannot express.

Every problem names the file, the row, the column, the value and the fix.
Row numbers count the header as row 1, as a spreadsheet does, so row 2 is
the first record (a record with a line break inside a quoted cell still
counts as one row).
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import logging
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import frictionless
import sqlite_utils

from .cell_checks import check_cell, fold_key, fold_typography, suggest_fix
from .consistency import check_completeness, check_deadline, check_same_report
from .csv_files import prepared_package, read_csv_text
from .datapackage import DataPackage, Resource
from .problems import Problem, relative_path
from .screen import load_and_screen

log = logging.getLogger(__name__)

# The one CSV dialect the package uses. Frictionless would otherwise guess the
# delimiter and quote character from each file, and the build reads with these.
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

LABEL_ERRORS = frozenset({"incorrect-label", "missing-label", "extra-label",
                          "duplicate-label", "blank-label"})

NOT_STATED = "not stated"

# The fix for each kind of Frictionless error, in the words a contributor
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


def validate_package(package: DataPackage) -> list[Problem]:
    """Return every problem in the package, or an empty list when it is valid.

    The package is first loaded into a scratch database and screened
    (screen.py), which is quick. Only when the screen flags a table does the
    full validation run, to find and word each problem.
    """
    with tempfile.TemporaryDirectory(prefix="inquiry-index-check-") as directory:
        db = sqlite_utils.Database(Path(directory) / "check.db")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        flagged = load_and_screen(db, package)
        db.close()
    if not flagged:
        log.info("validated %d tables by the screen: no problems", len(package.resources))
        return []
    log.info("the screen flagged %s; running the full validation",
             "; ".join(f"{table}: {reason}" for table, reason in flagged.items()))
    return validate_fully(package)


def validate_fully(package: DataPackage) -> list[Problem]:
    """Return every problem in the package: unreadable files, Frictionless errors, extra checks.

    The files are read through csv_files.prepared_package, so byte order marks,
    CRLF line endings and trailing empty rows are accepted. When a file cannot
    be read without loss (not UTF-8, or broken quoting), only those problems are
    returned, because every later check would misread that file.
    """
    with prepared_package(package) as (prepared, problems):
        if problems:
            log.info("%d files cannot be read as UTF-8 CSV", len({p.file for p in problems}))
            return problems
        log.info("validating %d tables with Frictionless", len(package.resources))
        problems = validate_with_frictionless(prepared)
        log.info("running the checks a schema cannot express")
        unreadable = {p.file for p in problems if p.row is None}
        problems += validate_extra(prepared, skip_files=unreadable)
        problems += check_key_lookalikes(prepared, skip_files=unreadable)
    log.info("validated %d tables: %d problems", len(package.resources), len(problems))
    return problems


def validate_with_frictionless(package: DataPackage) -> list[Problem]:
    """Validate types, constraints, headers, and primary and foreign keys.

    Where a file's header is wrong, its rows and the foreign keys that point
    into it would fail for that reason alone, so only the header is reported.
    """
    descriptor = copy.deepcopy(package.descriptor)
    for resource in descriptor["resources"]:
        resource["dialect"] = CSV_DIALECT
    report = frictionless.Package(descriptor, basepath=str(package.root)).validate()
    bad_headers = {
        task.name for task in report.tasks
        if any(error.type in LABEL_ERRORS for error in task.errors)
    }
    keys = KeyIndex(package)
    problems = []
    for task in report.tasks:
        resource = package.resource(task.name)
        file = relative_path(resource.csv_path, package.root)
        # A blank row also fails the primary key; the blank row is the one to report.
        blank_rows = {error.to_descriptor().get("rowNumber") for error in task.errors
                      if error.type == "blank-row"}
        for error in task.errors:
            details = error.to_descriptor()
            if task.name in bad_headers and error.type not in LABEL_ERRORS:
                continue
            if details.get("rowNumber") in blank_rows and error.type != "blank-row":
                continue
            if error.type == "foreign-key" and (details.get("referenceName")
                                                or task.name) in bad_headers:
                continue
            problems.append(_problem_from_error(file, error, resource, keys))
    for error in report.errors:
        problems.append(
            Problem(
                file=relative_path(package.path, package.root),
                row=None,
                column=None,
                value=None,
                message=error.message,
                fix=FRICTIONLESS_FIXES.get(error.type, DEFAULT_FIX),
            )
        )
    return problems


def _problem_from_error(file: str, error: frictionless.Error, resource: Resource,
                        keys: KeyIndex) -> Problem:
    descriptor = error.to_descriptor()
    column = descriptor.get("fieldName")
    value = descriptor.get("cell")
    fix = FRICTIONLESS_FIXES.get(error.type, DEFAULT_FIX)
    if error.type == "foreign-key":
        fields = tuple(descriptor.get("fieldNames") or [])
        cells = tuple(str(cell) for cell in descriptor.get("fieldCells") or [])
        column = ", ".join(fields)
        value = ", ".join(cells)
        reference = descriptor.get("referenceName") or resource.name
        lookalike = keys.find(reference, tuple(descriptor.get("referenceFieldNames") or []),
                              cells)
        if lookalike:
            fix = (f"use {', '.join(lookalike.values)!r} as in {lookalike.file} row "
                   f"{lookalike.row}: the two differ only in case, spacing or Unicode form")
    elif error.type in LABEL_ERRORS:
        value = descriptor.get("label")
        fix = f"{fix}; {header_fix(resource)}"
    elif error.type == "constraint-error" and descriptor.get("note", "").startswith(
            'constraint "required"'):
        value = ""  # Frictionless gives a missing cell as the text 'None'
    elif (error.type in {"type-error", "constraint-error"} and value is not None
          and column in resource.field_names):
        fix = suggest_fix(resource.field(column), str(value)) or fix
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
        fix=fix,
    )


def header_fix(resource: Resource) -> str:
    """Return the header the schema expects, naming the separator the file seems to use
    where it is not a comma."""
    expected = ",".join(resource.field_names)
    try:
        first_line = read_csv_text(resource.csv_path).split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        first_line = ""
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if separator in first_line and "," not in first_line:
            return (f"the file is separated by {name}: save it as CSV with commas "
                    f"(in Excel: 'CSV UTF-8 (Comma delimited)'), with the header {expected}")
    return f"the header must be {expected}"


def read_rows(resource: Resource) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) for each record of a resource's CSV, header as row 1.

    A byte order mark is dropped and line endings read as LF, as in the build.
    Raises UnicodeDecodeError for a file that is not UTF-8.
    """
    reader = csv.DictReader(io.StringIO(read_csv_text(resource.csv_path), newline=""))
    for row_number, row in enumerate(reader, start=2):
        yield row_number, row


def validate_extra(package: DataPackage, skip_files: set[str] = frozenset()) -> list[Problem]:
    """Run the checks a table schema cannot express."""
    problems: list[Problem] = []
    report_dates = load_report_dates(package)
    report_of_recommendation = load_recommendation_reports(package)
    for resource in package.resources:
        file = relative_path(resource.csv_path, package.root)
        if file in skip_files:
            continue
        for row_number, row in read_rows(resource):
            problems += check_cells(file, row_number, row, resource)
            problems += check_completeness(file, row_number, row, resource.name)
            if resource.name in {"responses", "evidence"}:
                problems += check_same_report(file, row_number, row, report_of_recommendation)
            if resource.name == "reports":
                problems += check_deadline(file, row_number, row)
            if resource.name == "responses":
                positions = resource.field("position").constraints.get("enum", [])
                problems += check_position(file, row_number, row, positions)
                problems += check_response_date(file, row_number, row, report_dates)
    return problems


def load_recommendation_reports(package: DataPackage) -> dict[str, str]:
    """Map each recommendation_id to its report_id."""
    try:
        return {
            row["recommendation_id"]: row.get("report_id") or ""
            for _, row in read_rows(package.resource("recommendations"))
            if row.get("recommendation_id")
        }
    except (UnicodeDecodeError, csv.Error, OSError):
        return {}


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
    """Check every cell: whitespace, Unicode normal form, calendar dates and cell_checks."""
    problems = []
    fields = {field.name: field for field in resource.fields}
    for column, value in row.items():
        if not isinstance(value, str) or value == "":
            continue
        field = fields.get(column)
        if value != value.strip():
            problems.append(Problem(file, row_number, column, value,
                                    "value has leading or trailing whitespace",
                                    "remove the spaces, tabs or line breaks at the start and end of the cell"))
        if not unicodedata.is_normalized("NFC", value):
            problems.append(Problem(file, row_number, column, value,
                                    "text is not in Unicode normal form NFC",
                                    "re-save the text as NFC (for example with Python's unicodedata.normalize('NFC', text)); the characters stay the same"))
        if field is not None and field.constraints.get("pattern", "").startswith("^[0-9]{4}-"):
            problems += check_calendar_date(file, row_number, column, value)
        problems += check_cell(file, row_number, column, value, field)
    return problems


def check_calendar_date(file: str, row_number: int, column: str, value: str) -> list[Problem]:
    """A date that matches the pattern must also exist on the calendar (no 30 February).

    Values in another form are left to Frictionless's pattern check.
    """
    if not ISO_DAY.fullmatch(value):
        return []
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return [Problem(file, row_number, column, value, "date does not exist on the calendar",
                        "write a real date as YYYY-MM-DD, or YYYY-MM if only the month is known")]
    return []


def check_position(file: str, row_number: int, row: dict,
                   positions: list[str]) -> list[Problem]:
    """Check that a stated position has its supporting phrase, quoted exactly from the text.

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
        message = "the supporting phrase does not occur in the response text"
        if fold_typography(phrase) in fold_typography(text):
            message += (", but would with straight and curly quotes, dashes and spaces "
                        "made the same: the text keeps the source's own characters")
        return [Problem(file, row_number, "position_phrase", phrase, message,
                        "copy the phrase character for character from the text column")]
    return []


def check_response_date(file: str, row_number: int, row: dict,
                        report_dates: dict[str, str]) -> list[Problem]:
    """Check that a response is not dated before the report it responds to."""
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


@dataclass(frozen=True)
class KeyLocation:
    file: str
    row: int
    values: tuple[str, ...]


class KeyIndex:
    """Each table's keys by their folded form (fold_key), to name the key a near miss meant.

    A table is read the first time a key in it is looked up.
    """

    def __init__(self, package: DataPackage) -> None:
        self.package = package
        self._tables: dict[tuple[str, tuple[str, ...]], dict[tuple[str, ...], KeyLocation]] = {}

    def find(self, resource_name: str, fields: tuple[str, ...],
             cells: tuple[str, ...]) -> KeyLocation | None:
        """Return the first row whose key in `fields` folds to the same as `cells`."""
        if not fields or len(fields) != len(cells):
            return None
        index = self._tables.get((resource_name, fields))
        if index is None:
            index = self._tables[(resource_name, fields)] = self._read(resource_name, fields)
        return index.get(tuple(fold_key(cell) for cell in cells))

    def _read(self, resource_name: str,
              fields: tuple[str, ...]) -> dict[tuple[str, ...], KeyLocation]:
        try:
            resource = self.package.resource(resource_name)
            rows = list(read_rows(resource))
        except (KeyError, OSError, UnicodeDecodeError, csv.Error) as error:
            log.warning("cannot look up keys in %s: %s", resource_name, error)
            return {}
        file = relative_path(resource.csv_path, self.package.root)
        index: dict[tuple[str, ...], KeyLocation] = {}
        for row_number, row in rows:
            values = tuple(row.get(field) or "" for field in fields)
            if all(values):
                folded = tuple(fold_key(value) for value in values)
                index.setdefault(folded, KeyLocation(file, row_number, values))
        return index


def key_columns(resource: Resource) -> list[tuple[str, ...]]:
    """Return the primary key and every column the schema declares unique."""
    keys = [resource.primary_key]
    keys += [(field.name,) for field in resource.fields if field.constraints.get("unique")]
    return list(dict.fromkeys(keys))


def check_key_lookalikes(package: DataPackage,
                         skip_files: set[str] = frozenset()) -> list[Problem]:
    """Find keys that differ only in case, spacing or Unicode form.

    Frictionless, SQLite and Datasette compare keys character by character, so
    'Home-Office' and 'home-office' would count as two records, and a foreign key
    written one way would not find a row written the other.
    """
    problems = []
    for resource in package.resources:
        file = relative_path(resource.csv_path, package.root)
        if file in skip_files:
            continue
        rows = list(read_rows(resource))
        for fields in key_columns(resource):
            seen: dict[tuple[str, ...], KeyLocation] = {}
            for row_number, row in rows:
                values = tuple(row.get(field) or "" for field in fields)
                if not all(values):
                    continue
                folded = tuple(fold_key(value) for value in values)
                first = seen.setdefault(folded, KeyLocation(file, row_number, values))
                if first.values != values:
                    problems.append(Problem(
                        file, row_number, ", ".join(fields), ", ".join(values),
                        f"the key differs only in case, spacing or Unicode form from "
                        f"{', '.join(first.values)!r} in row {first.row}",
                        "write the key exactly as that row does if the two are one record, "
                        "or make them differ in letters or digits"))
    return problems
