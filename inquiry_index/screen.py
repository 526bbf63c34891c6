"""Load the CSVs into SQLite in one streaming pass, and screen them there for any sign of a
problem.

Frictionless checks a package row by row in Python, and at 100,000
recommendations that took half of the build. Most builds are of valid data, so
the build first runs this screen. Each file is read once, in blocks, straight
into its table. Every check that validate.py makes is then asked of the loaded
table as SQL, which SQLite runs in C over a whole column at a time.

The screen answers one question: might this table have a problem? It is
deliberately stricter than the validation (a URL Frictionless would accept
may still be flagged, for example). When it flags anything, the caller runs the
full validation, which finds and words every problem with its row, column and
fix. When that finds nothing, the caller loads the flagged tables again with
validate.py's own conversions. So a false alarm costs only time. A problem the
screen misses would be built into the database, so tests/test_screen.py checks the
screen against the full validation, value by value.

What it flags, table by table:
- bytes that are not UTF-8, quoting a strict CSV reader rejects, a header that
  is not the schema's, ragged or blank rows;
- a duplicate or empty primary key, a required cell left empty, a value outside
  its type, enum, pattern, length or range;
- control characters, U+FFFD, mojibake and text not in NFC anywhere in the
  file; invisible format characters in constrained columns;
- leading or trailing whitespace, placeholders in free text, over-long cells;
- the cross-row checks of consistency.py and validate.py, as joins;
- dangling foreign keys, and keys that differ only in case, spacing or Unicode form;
- any schema feature this module does not know how to check.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import frictionless
import sqlite_utils

from .cell_checks import (MAX_CELL_CHARACTERS, MOJIBAKE, PLACEHOLDERS, fold_key,
                          is_free_text)
from . import csv_files  # noqa: F401  (importing it raises csv's field size limit)
from .consistency import VERBATIM_COLUMNS
from .datapackage import SQLITE_TYPES, DataPackage, Field, Resource

log = logging.getLogger(__name__)

SUPPORTED_TYPES = frozenset({"string", "integer", "date"})
SUPPORTED_CONSTRAINTS = frozenset({"required", "unique", "enum", "pattern", "maxLength",
                                   "minimum", "maximum"})
SUPPORTED_FORMATS = frozenset({None, "default", "uri"})
# Resource properties that change nothing the screen checks. Any other, such as a
# recorded "bytes" or "hash" that Frictionless would compare, sends the package to the
# full validation.
PLAIN_RESOURCE_PROPERTIES = {"name": None, "path": None, "schema": None, "title": None,
                             "description": None, "profile": None, "licenses": None,
                             "sources": None, "format": "csv", "mediatype": "text/csv",
                             "encoding": "utf-8"}

# Blocks of about 4 MiB are scanned and parsed at a time, so memory stays flat
# however large a file grows.
BLOCK_CHARACTERS = 1 << 22

# Characters that str.strip() removes and that the regular expression \s
# matches; all of them lie below U+3001.
WHITESPACE = "".join(char for char in map(chr, range(0x3001)) if char.isspace())

# Control characters other than tab and line feed (carriage returns are read
# as line feeds before the scan).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# The two patterns the schemas use most, as GLOB tests SQLite runs in C. Each
# accepts only values the pattern accepts; any other pattern is matched by
# Python's re through a registered function.
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
MONTH_OR_DAY_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"
URL_PATTERN = "^https?://[^\\s]+$"


class Suspect(Exception):
    """A file cannot be loaded without change. The full validation reports why."""


def quote(value: str) -> str:
    """Return `value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def column(name: str) -> str:
    return f"[{name}]"


# Loading --------------------------------------------------------------------

def create_table(db: sqlite_utils.Database, resource: Resource) -> None:
    """Create a table with the schema's column order, types, keys and NOT NULLs."""
    columns = {field.name: SQLITE_TYPES[field.type] for field in resource.fields}
    foreign_keys = [
        (fk.fields[0], fk.resource, fk.reference_fields[0])
        for fk in resource.foreign_keys
    ]
    pk = resource.primary_key[0] if len(resource.primary_key) == 1 else resource.primary_key
    db[resource.name].create(
        columns,
        pk=pk,
        foreign_keys=foreign_keys,
        not_null=[field.name for field in resource.fields if field.required],
    )


def load_and_screen(db: sqlite_utils.Database, package: DataPackage) -> dict[str, str]:
    """Create and load every table, then screen them; return {table: reason} for the
    tables that might have a problem."""
    reason = descriptor_failure(package)
    if reason:
        return {"datapackage.json": reason}
    flagged = {}
    for resource in package.resources:
        create_table(db, resource)
        reason = load(db.conn, resource)
        if reason:
            flagged[resource.name] = reason
        log.info("loaded %s: %s", resource.name, reason or "screened")
    db.conn.commit()
    if flagged:
        return flagged
    return screen(db.conn, package)


def insert_sql(resource: Resource) -> str:
    """Return an INSERT whose parameters are the CSV's cells, as text, in schema order.

    An empty cell becomes NULL. An integer written in any form other than the
    canonical one ('7', not '007', '+7' or '7.0') is stored as text with a
    prefix, so the screen's type test finds it.
    """
    values = []
    for number, field in enumerate(resource.fields, start=1):
        cell = f"?{number}"
        if field.type == "integer":
            values.append(f"CASE WHEN {cell} = '' THEN NULL "
                          f"WHEN CAST(CAST({cell} AS INTEGER) AS TEXT) = {cell} "
                          f"THEN CAST({cell} AS INTEGER) ELSE 'not an integer: ' || {cell} END")
        else:
            values.append(f"NULLIF({cell}, '')")
    names = ", ".join(column(field.name) for field in resource.fields)
    return f"INSERT INTO [{resource.name}] ({names}) VALUES ({', '.join(values)})"


def read_blocks(path: Path) -> Iterator[str]:
    """Yield a CSV file's text in blocks that end at a line break.

    The file is decoded as UTF-8 with its byte order mark dropped, and CRLF and
    CR become LF, as csv_files.read_csv_text does. Raises Suspect for bytes that
    are not UTF-8 and for any character the scan in check_text rejects.
    """
    with path.open(encoding="utf-8-sig", newline=None) as handle:
        tail = ""
        while True:
            try:
                block = handle.read(BLOCK_CHARACTERS)
            except UnicodeDecodeError as error:
                raise Suspect(f"not UTF-8: {error}") from None
            if not block:
                break
            block = tail + block
            cut = block.rfind("\n") + 1
            block, tail = block[:cut], block[cut:]
            if block:
                check_text(block)
                yield block
        if tail:
            check_text(tail)
            yield tail


def check_text(text: str) -> None:
    """Raise Suspect if `text` contains a character that no cell of the package may contain.

    Cells are separated by ASCII characters, which compose with nothing, so a
    block that is in NFC has every cell in NFC.
    """
    if match := CONTROL.search(text):
        raise Suspect(f"control character U+{ord(match.group()):04X}")
    if "\ufffd" in text:
        raise Suspect("replacement character U+FFFD")
    if MOJIBAKE.search(text):
        raise Suspect("possible mojibake")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        raise Suspect("text not in NFC")


def csv_lines(path: Path) -> Iterator[str]:
    """Yield a CSV file's lines, each ending with its line feed, for csv.reader."""
    for block in read_blocks(path):
        yield from io.StringIO(block, newline="\n")


def records(path: Path, names: list[str]) -> Iterator[list[str]]:
    """Yield the rows after the header; raise Suspect for a bad header, ragged or blank rows.

    Empty rows after the last record are dropped, as csv_files does.
    """
    reader = csv.reader(csv_lines(path), strict=True)
    try:
        header = next(reader, None)
        if header != names:
            raise Suspect(f"header {header} is not {names}")
        width = len(names)
        blank = 0
        for row in reader:
            if not any(row):
                blank += 1
                continue
            if blank:
                raise Suspect("a blank row before the last record")
            if len(row) != width:
                raise Suspect(f"a row of {len(row)} cells where the header has {width}")
            yield row
    except csv.Error as error:
        raise Suspect(f"quoting: {error}") from None


def load(conn: sqlite3.Connection, resource: Resource) -> str | None:
    """Insert a resource's rows into its existing table; return why it was not loaded whole.

    A duplicate primary key fails the insert, so it is reported here too.
    """
    try:
        conn.executemany(insert_sql(resource), records(resource.csv_path,
                                                       resource.field_names))
    except Suspect as error:
        return str(error)
    except OSError as error:
        return f"cannot read: {error}"
    except sqlite3.IntegrityError as error:
        return f"integrity: {error}"
    return None


# Screening ------------------------------------------------------------------

def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("screen_match", 2, _matches, deterministic=True)
    conn.create_function("screen_has_format_character", 1, _has_format_character,
                         deterministic=True)
    conn.create_function("screen_odd_url", 1, _odd_url, deterministic=True)


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _matches(pattern: str, value) -> int:
    return int(value is None or bool(_compiled(pattern).fullmatch(str(value))))


def _has_format_character(value) -> int:
    return int(any(unicodedata.category(char) == "Cf" for char in str(value)))


def _odd_url(value) -> int:
    return int(any(char.isspace() or unicodedata.category(char) == "Cf"
                   for char in str(value)))


def unsupported(package: DataPackage) -> list[str]:
    """Name each schema feature this screen does not check, so it never passes one unseen."""
    found = []
    for descriptor in package.descriptor.get("resources", []):
        for key, value in descriptor.items():
            if key not in PLAIN_RESOURCE_PROPERTIES:
                found.append(f"{descriptor.get('name')}: resource property {key}")
            elif PLAIN_RESOURCE_PROPERTIES[key] not in (None, str(value).lower()):
                found.append(f"{descriptor.get('name')}: {key} {value}")
    for resource in package.resources:
        if any(len(fk.fields) > 1 for fk in resource.foreign_keys):
            found.append(f"{resource.name}: a foreign key of several columns")
        if resource.missing_values != ("",):
            found.append(f"{resource.name}: missingValues {list(resource.missing_values)}")
        for field in resource.fields:
            where = f"{resource.name}.{field.name}"
            if field.type not in SUPPORTED_TYPES:
                found.append(f"{where}: type {field.type}")
            if field.format not in SUPPORTED_FORMATS:
                found.append(f"{where}: format {field.format}")
            extra = set(field.constraints) - SUPPORTED_CONSTRAINTS
            if extra:
                found.append(f"{where}: constraints {sorted(extra)}")
    return found


def pattern_test(pattern: str, name: str) -> str:
    """Return SQL that is true when the non-empty cell `name` fails `pattern`."""
    col = column(name)
    if pattern == SLUG_PATTERN:
        return (f"({col} GLOB '*[^a-z0-9-]*' OR {col} GLOB '-*' OR {col} GLOB '*-' "
                f"OR {col} GLOB '*--*')")
    if pattern == MONTH_OR_DAY_PATTERN:
        return f"NOT {iso_date_test(name, month_allowed=True)}"
    if pattern == URL_PATTERN:
        return url_fails(name)
    return f"NOT screen_match({quote(pattern)}, {col})"


def iso_date_test(name: str, month_allowed: bool) -> str:
    """SQL true when the cell is a calendar date as YYYY-MM-DD (or a month as YYYY-MM).

    Comparisons use IS, so that a NULL from date() reads as false: a test that
    came out NULL would pass the row unseen.

    With a modifier, SQLite's date() turns 2023-02-30 into 2023-03-02, so
    comparing it with the value rejects days the calendar lacks.
    """
    col = column(name)
    tests = [f"(length({col}) = 10 AND date({col}, '+0 days') IS {col})"]
    if month_allowed:
        tests.append(f"(length({col}) = 7 AND date({col} || '-01', '+0 days') IS {col} || '-01')")
    # Python's dates, and so the validation's, start at year 1; SQLite's at year 0.
    return (f"({col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' AND {col} NOT GLOB '0000*' AND "
            f"({' OR '.join(tests)}))")


def url_fails(name: str) -> str:
    """SQL true unless the cell is http:// or https:// and more, with no whitespace and no
    invisible format character.

    A GLOB over a set of many characters is slow on every row, so only a value
    with a character outside printable ASCII is searched, in Python.
    """
    col = column(name)
    return (f"(NOT ({col} GLOB 'http://?*' OR {col} GLOB 'https://?*') "
            f"OR ({col} GLOB '*[^!-~]*' AND screen_odd_url({col})))")


# Patterns whose every match is printable ASCII with no space at either end, so
# a value that matches needs no test for whitespace, characters or length.
SELF_SUFFICIENT_PATTERNS = frozenset({SLUG_PATTERN, MONTH_OR_DAY_PATTERN})


def plain(value: str) -> bool:
    """Return whether a value passes every character test: printable ASCII, no space at
    either end."""
    return value.isascii() and value.isprintable() and value == value.strip()


def field_tests(resource: Resource, field: Field) -> list[tuple[str, str]]:
    """Return (reason, SQL true when a row fails) for each check on one column.

    Each test costs a little on every row, so a column whose type, enum or
    pattern admits only plain values (see plain()) gets no test that such
    values would pass anyway.
    """
    col = column(field.name)
    constraints = field.constraints
    where = f"{resource.name}.{field.name}"
    tests = []
    if field.required or field.name in resource.primary_key:
        tests.append((f"{where} is empty", f"{col} IS NULL"))
    if field.type == "integer":
        tests.append((f"{where} is not an integer",
                      f"typeof({col}) NOT IN ('integer', 'null')"))
        if "minimum" in constraints:
            tests.append((f"{where} below minimum", f"{col} < {int(constraints['minimum'])}"))
        if "maximum" in constraints:
            tests.append((f"{where} above maximum", f"{col} > {int(constraints['maximum'])}"))
        return tests
    sufficient = False
    if field.type == "date":
        tests.append((f"{where} is not a date",
                      f"NOT {iso_date_test(field.name, month_allowed=False)}"))
        sufficient = True
    if "enum" in constraints:
        allowed = ", ".join(quote(str(value)) for value in constraints["enum"])
        tests.append((f"{where} is outside its enum", f"{col} NOT IN ({allowed})"))
        sufficient = sufficient or all(plain(str(value)) for value in constraints["enum"])
    if "pattern" in constraints:
        tests.append((f"{where} does not match its pattern",
                      pattern_test(constraints["pattern"], field.name)))
        sufficient = sufficient or constraints["pattern"] in SELF_SUFFICIENT_PATTERNS
    if "maxLength" in constraints:
        tests.append((f"{where} is too long",
                      f"length({col}) > {int(constraints['maxLength'])}"))
    if sufficient:
        return tests
    # The byte length is at least the length in characters, and SQLite reads it
    # without decoding the text.
    tests.append((f"{where} is over-long",
                  f"length(CAST({col} AS BLOB)) > {MAX_CELL_CHARACTERS}"))
    if field.format == "uri" or constraints.get("pattern") == URL_PATTERN:
        # No whitespace anywhere, and format characters are looked for too.
        tests.append((f"{where} is not an http(s) URL", url_fails(field.name)))
        return tests
    tests.append((f"{where} has leading or trailing whitespace",
                  f"trim({col}, {quote(WHITESPACE)}) != {col}"))
    if is_free_text(field):
        placeholders = ", ".join(quote(value) for value in sorted(PLACEHOLDERS))
        # A placeholder with spaces around it fails the whitespace test above.
        longest = max(map(len, PLACEHOLDERS))
        tests.append((f"{where} holds a placeholder",
                      f"(length({col}) <= {longest} AND lower({col}) IN ({placeholders}))"))
    else:
        tests.append((f"{where} has an invisible format character",
                      f"({col} GLOB '*[^ -~]*' AND screen_has_format_character({col}))"))
    if constraints.get("pattern", "").startswith("^[0-9]{4}-"):
        tests.append((f"{where} is not a calendar date",
                      f"(length({col}) = 10 AND ({col} GLOB '0000*' "
                      f"OR date({col}, '+0 days') IS NOT {col}))"))
    return tests


def row_tests(resource: Resource) -> list[tuple[str, str]]:
    """Return the cross-column checks of consistency.py and validate.py that stay within one row."""
    tests = []
    if resource.name in VERBATIM_COLUMNS:
        text, flag = (column(name) for name in VERBATIM_COLUMNS[resource.name])
        tests.append((f"{resource.name}: completeness disagrees with the text",
                      f"({text} IS NULL AND {flag} IS NOT NULL AND {flag} != 'none') "
                      f"OR ({text} IS NOT NULL AND {flag} = 'none')"))
    if resource.name == "reports":
        months, on = "[response_deadline_months]", "[response_deadline_on]"
        tests.append(("reports: deadline period and date both given",
                      f"{months} IS NOT NULL AND {on} IS NOT NULL"))
        tests.append(("reports: deadline without its sentence",
                      f"({months} IS NOT NULL OR {on} IS NOT NULL) "
                      "AND [response_deadline_text] IS NULL"))
        tests.append(("reports: deadline before publication",
                      earlier(on, "[published_on]")))
    if resource.name == "responses":
        tests.append(("responses: position and phrase disagree",
                      "([position] != 'not stated' AND [position_phrase] IS NULL) "
                      "OR ([position_phrase] IS NOT NULL AND [position] = 'not stated') "
                      "OR ([position_phrase] IS NOT NULL "
                      "AND instr(coalesce([text], ''), [position_phrase]) = 0)"))
    return tests


def earlier(first: str, second: str) -> str:
    """SQL true when date `first` is before `second`, compared at the coarser precision."""
    width = f"min(length({first}), length({second}))"
    return (f"({first} IS NOT NULL AND {second} IS NOT NULL "
            f"AND substr({first}, 1, {width}) < substr({second}, 1, {width}))")


def join_tests(package: DataPackage) -> list[tuple[set[str], str, str]]:
    """Return the checks between tables: (the tables, reason, a query that returns a row
    when the check fails)."""
    names = {resource.name for resource in package.resources}
    tests = []
    for table in ("responses", "evidence"):
        if {table, "recommendations"} <= names:
            tests.append(({table, "recommendations"},
                          f"{table}: report differs from its recommendation's",
                          f"SELECT 1 FROM [{table}] x JOIN recommendations r "
                          "ON r.recommendation_id = x.recommendation_id "
                          "WHERE r.report_id IS NOT NULL AND x.report_id IS NOT r.report_id "
                          "LIMIT 1"))
    if {"responses", "reports"} <= names:
        tests.append(({"responses", "reports"}, "responses: dated before the report",
                      "SELECT 1 FROM responses x JOIN reports r ON r.report_id = x.report_id "
                      f"WHERE {earlier('x.responded_on', 'r.published_on')} LIMIT 1"))
    return tests


def first_failure(conn: sqlite3.Connection, table: str,
                  tests: list[tuple[str, str]]) -> str | None:
    """Scan `table` once and return the reason of the first failing test, if any."""
    if not tests:
        return None
    cases = " ".join(f"WHEN {sql} THEN {quote(reason)}" for reason, sql in tests)
    condition = " OR ".join(f"({sql})" for _, sql in tests)
    row = conn.execute(f"SELECT CASE {cases} END FROM [{table}] WHERE {condition} "
                       "LIMIT 1").fetchone()
    return row[0] if row else None


def unique_failure(conn: sqlite3.Connection, resource: Resource) -> str | None:
    for field in resource.fields:
        if field.constraints.get("unique") and (field.name,) != resource.primary_key:
            col = column(field.name)
            duplicates = conn.execute(f"SELECT count({col}) - count(DISTINCT {col}) "
                                      f"FROM [{resource.name}]").fetchone()[0]
            if duplicates:
                return f"{resource.name}.{field.name} has duplicate values"
    return None


def lookalike_failure(conn: sqlite3.Connection, resource: Resource) -> str | None:
    """Flag keys that fold to the same form (cell_checks.fold_key) but differ as written.

    A key of lowercase letters, digits and hyphens folds to itself, so only
    tables with some other key are read into Python.
    """
    keys = [resource.primary_key]
    keys += [(field.name,) for field in resource.fields if field.constraints.get("unique")]
    for fields in dict.fromkeys(keys):
        cols = ", ".join(column(name) for name in fields)
        other = " OR ".join(f"{column(name)} GLOB '*[^a-z0-9-]*'" for name in fields)
        if not conn.execute(f"SELECT 1 FROM [{resource.name}] WHERE {other} LIMIT 1").fetchone():
            continue
        values = set(conn.execute(f"SELECT DISTINCT {cols} FROM [{resource.name}]"))
        folded = {tuple(fold_key(str(value)) if value is not None else None for value in key)
                  for key in values}
        if len(folded) != len(values):
            return f"{resource.name}: keys that differ only in case, spacing or Unicode form"
    return None


def screen(conn: sqlite3.Connection, package: DataPackage,
           tables: Iterable[str] | None = None) -> dict[str, str]:
    """Screen loaded tables; return {table: reason} for each that might have a problem.

    `tables` limits the checks to those tables, the checks between them and
    other tables, and the foreign keys from and into them.
    """
    register_functions(conn)
    selected = set(tables) if tables is not None else {r.name for r in package.resources}
    flagged: dict[str, str] = {}
    for resource in package.resources:
        if resource.name not in selected:
            continue
        tests = [test for field in resource.fields for test in field_tests(resource, field)]
        tests += row_tests(resource)
        reason = (first_failure(conn, resource.name, tests)
                  or unique_failure(conn, resource)
                  or lookalike_failure(conn, resource))
        if reason:
            flagged[resource.name] = reason
    for involved, reason, sql in join_tests(package):
        if involved & selected and conn.execute(sql).fetchone():
            flagged.setdefault(reason.split(":", 1)[0], reason)
    for resource in package.resources:
        parents = {fk.resource for fk in resource.foreign_keys}
        if resource.name not in selected and not parents & selected:
            continue
        for table, _, parent, _ in conn.execute(f"PRAGMA foreign_key_check([{resource.name}])"):
            flagged.setdefault(table, f"{table}: a foreign key with no row in {parent}")
            break
    return flagged


def descriptor_failure(package: DataPackage) -> str | None:
    """Return why the descriptor or a schema needs the full validation, or None."""
    features = unsupported(package)
    if features:
        return "the screen does not check " + "; ".join(features)
    report = frictionless.Package.validate_descriptor(package.descriptor)
    if not report.valid:
        return "datapackage.json is not a valid descriptor"
    return None
