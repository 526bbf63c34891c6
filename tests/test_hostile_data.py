"""Data that arrives wrong: each kind is rejected with file, row, column, value and fix, or
normalised without losing a character, and a failed build leaves the previous database as it was.

The builds run in-process through build_db.main, so each case costs a validation
of the copied package rather than a new Python process.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
import unicodedata
from pathlib import Path

import pytest

import build_db

from inquiry_index.build import FTS_COLUMNS
from inquiry_index.cell_checks import MAX_CELL_CHARACTERS
from inquiry_index.datapackage import load_package

DATA_TABLES = [resource.name for resource in load_package(
    Path(__file__).resolve().parent.parent / "datapackage.json").resources]


def csv_path(package: Path, table: str) -> Path:
    return package.parent / "data" / "csv" / f"{table}.csv"


def read_table(package: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with csv_path(package, table).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_table(package: Path, table: str, header: list[str], rows: list[list[str]],
                encoding: str = "utf-8", line_end: str = "\n") -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    csv_path(package, table).write_bytes(buffer.getvalue().encode(encoding))


def set_cell(package: Path, table: str, row_index: int, column: str, value: str) -> None:
    """Set one cell; row_index 0 is the first record, reported as row 2."""
    header, rows = read_table(package, table)
    rows[row_index][header.index(column)] = value
    write_table(package, table, header, rows)


def append_line(package: Path, table: str, line: str) -> None:
    """Append one raw line of CSV text, for quoting no csv.writer would produce."""
    path = csv_path(package, table)
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def run_build(package: Path, db: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = build_db.main(["--package", str(package), "--db", str(db), "--quiet"])
    return code, capsys.readouterr().err


def assert_rejected(package: Path, db: Path, capsys, *expected: str) -> str:
    before = db.read_bytes()
    code, stderr = run_build(package, db, capsys)
    assert code == 1, stderr
    for text in expected:
        assert text in stderr, stderr
    assert "nothing was written" in stderr
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    return stderr


def problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def table_rows(db: Path, table: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"select * from [{table}] order by rowid").fetchall()


def assert_same_data(db: Path, reference: Path) -> None:
    for table in DATA_TABLES:
        assert table_rows(db, table) == table_rows(reference, table), table


# --- encodings ---------------------------------------------------------------


def test_windows_1252_file_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "organisations")
    rows[1][header.index("name")] = "Home Office’s Café"
    write_table(package, "organisations", header, rows, encoding="cp1252")
    stderr = assert_rejected(package, previous_db, capsys,
                             "data/csv/organisations.csv, row 3, column name",
                             "not valid UTF-8", "the bytes 0x92, 0xE9 would be '’', 'é' in "
                             "Windows-1252", "x92s Caf", "xe9'",
                             "CSV UTF-8")
    # Each bad cell of the file, and no problem for the tables that refer to it.
    lines = problem_lines(stderr)
    assert lines
    assert all(line.startswith("data/csv/organisations.csv, row ") for line in lines)


def test_utf16_file_rejected(package, previous_db, capsys):
    path = csv_path(package, "inquiries")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert_rejected(package, previous_db, capsys, "data/csv/inquiries.csv",
                    "saved as UTF-16, not UTF-8")


def test_mojibake_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "notes", "The Home Officeâ€™s own list")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column notes",
                    "'â€™', which is how '’' reads", "replace 'â€™' with '’'")


def test_latin1_control_character_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "notes", "The Home Office\x92s own list")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column notes",
                    "control character U+0092", "Windows-1252")


def test_nul_character_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "notes", "before\x00after")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column notes",
                    "control character U+0000")


def test_replacement_character_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "notes", "lost \ufffd here")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column notes", "U+FFFD")


def test_byte_order_mark_normalised(package, tmp_path, built_db, capsys):
    for table in DATA_TABLES:
        path = csv_path(package, table)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    db = tmp_path / "bom.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    assert_same_data(db, built_db)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings_normalised(package, tmp_path, built_db, capsys, line_end):
    # Every line break, including those inside quoted cells, as a Windows
    # checkout with core.autocrlf (or an old Mac export) writes them.
    for table in DATA_TABLES:
        path = csv_path(package, table)
        path.write_bytes(path.read_bytes().replace(b"\n", line_end.encode()))
    db = tmp_path / "line-endings.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    assert_same_data(db, built_db)
    with sqlite3.connect(db) as connection:
        texts = connection.execute("select group_concat(text, '') from recommendations")
        assert "\r" not in texts.fetchone()[0]


def test_build_files_hash_the_files_as_committed(package, tmp_path, capsys):
    path = csv_path(package, "inquiries")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    db = tmp_path / "hashes.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        sha256, size = connection.execute(
            "select sha256, bytes from build_files where resource = 'inquiries'").fetchone()
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert size == path.stat().st_size


# --- CSV structure -------------------------------------------------------------


def test_trailing_blank_rows_dropped(package, tmp_path, built_db, capsys):
    for table in DATA_TABLES:
        path = csv_path(package, table)
        commas = "," * (len(read_table(package, table)[0]) - 1)
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n{commas}\n",
                        encoding="utf-8")
    db = tmp_path / "trailing.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    assert_same_data(db, built_db)


def test_blank_row_between_records_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "organisations")
    path = csv_path(package, "organisations")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    stderr = assert_rejected(package, previous_db, capsys,
                             "data/csv/organisations.csv, row 4", "Blank Row",
                             "delete the empty row")
    assert len(problem_lines(stderr)) == 1


def test_embedded_newlines_kept_and_rows_counted_by_record(package, tmp_path, capsys,
                                                           previous_db):
    text = "First paragraph.\n\nSecond paragraph,\nwith a comma and a \"quote\"."
    set_cell(package, "organisations", 0, "notes", text)
    db = tmp_path / "newlines.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select notes from organisations where organisation_id = 'hm-government'")
        assert stored.fetchone()[0] == text
    # A problem after the multi-line cell is reported at its record's row number.
    set_cell(package, "organisations", 3, "kind", "not a kind")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 5, column kind", "'not a kind'")


def test_text_after_closing_quote_rejected(package, previous_db, capsys):
    # csv.reader would read this cell as 'The Bodys name', dropping two quotes.
    append_line(package, "organisations", 'zz-body,"The Body"s name,charity,,,')
    rows = len(read_table(package, "organisations")[1])
    assert_rejected(package, previous_db, capsys,
                    f"data/csv/organisations.csv, row {rows + 1}, column name",
                    "text after its closing quote", '\'"The Body"s name\'',
                    'write every " inside it as ""')


def test_unclosed_quote_rejected(package, previous_db, capsys):
    append_line(package, "organisations", 'zz-body,"The Body,charity,,,')
    rows = len(read_table(package, "organisations")[1])
    stderr = assert_rejected(package, previous_db, capsys,
                             f"data/csv/organisations.csv, row {rows + 1}, column name",
                             "never closed", 'start and end the cell with "')
    assert len(problem_lines(stderr)) == 1


def test_quote_running_into_later_rows_rejected(package, previous_db, capsys):
    path = csv_path(package, "organisations")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",Home Office,", ',"Home Office,', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    stderr = assert_rejected(package, previous_db, capsys,
                             "data/csv/organisations.csv, row 3, column name",
                             "runs on over several lines", "a quote is missing or extra")
    assert len(problem_lines(stderr)) == 1


@pytest.mark.parametrize(("extra", "expected"), [
    (",surplus", "extra"),
    ("", "missing"),
], ids=["extra-cell", "missing-cell"])
def test_ragged_row_rejected(package, previous_db, capsys, extra, expected):
    path = csv_path(package, "organisations")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + extra if extra else lines[2].rsplit(",", 1)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_rejected(package, previous_db, capsys, "data/csv/organisations.csv, row 3",
                    expected)


def test_duplicate_header_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "organisations")
    header[header.index("notes")] = "name"
    write_table(package, "organisations", header, rows)
    assert_rejected(package, previous_db, capsys, "data/csv/organisations.csv",
                    "duplicated", "the header must be organisation_id,name,kind,")


def test_reordered_header_rejected_once(package, previous_db, capsys):
    header, rows = read_table(package, "organisations")
    swap = [1, 0, *range(2, len(header))]
    write_table(package, "organisations", [header[i] for i in swap],
                [[row[i] for i in swap] for row in rows])
    stderr = assert_rejected(package, previous_db, capsys,
                             "data/csv/organisations.csv, column organisation_id",
                             "the header must be organisation_id,name,kind,parent_id,url,notes")
    # The header is reported; the rows and the foreign keys into organisations,
    # which fail only because of it, are not.
    assert len(problem_lines(stderr)) == 2


def test_semicolon_separated_file_rejected(package, previous_db, capsys):
    path = csv_path(package, "inquiries")
    header, rows = read_table(package, "inquiries")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert_rejected(package, previous_db, capsys, "data/csv/inquiries.csv",
                    "separated by semicolons")


def test_empty_file_rejected(package, previous_db, capsys):
    csv_path(package, "verifications").write_bytes(b"")
    assert_rejected(package, previous_db, capsys, "data/csv/verifications.csv",
                    "the file is empty")


# --- identifiers, numbers and dates ----------------------------------------------


def test_numeric_looking_text_stays_text(package, tmp_path, capsys):
    labels = ["007", "1.10", "1e3", "0x1F", "99999999999999999999999", "-0", "R7(a)"]
    header, rows = read_table(package, "recommendations")
    for index, label in enumerate(labels):
        rows[index][header.index("label")] = label
    write_table(package, "recommendations", header, rows)
    db = tmp_path / "labels.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select label, typeof(label) from recommendations order by rowid limit ?",
            (len(labels),)).fetchall()
    assert stored == [(label, "text") for label in labels]


def test_identifier_with_leading_zeros_kept(package, tmp_path, capsys):
    set_cell(package, "organisations", 0, "notes", "")
    header, rows = read_table(package, "organisations")
    rows.append(["007-body", "Body 007", "other", "", "", ""])
    write_table(package, "organisations", header, rows)
    db = tmp_path / "zeros.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select organisation_id from organisations where name = 'Body 007'").fetchone()
    assert stored == ("007-body",)


@pytest.mark.parametrize(("value", "expected"), [
    ("007", "write it as 7"),
    ("+7", "write it as 7"),
    ("99999999999999999999", "too large for SQLite"),
])
def test_integer_written_oddly_rejected(package, previous_db, capsys, value, expected):
    set_cell(package, "recommendations", 0, "sequence", value)
    assert_rejected(package, previous_db, capsys,
                    "data/csv/recommendations.csv, row 2, column sequence", repr(value),
                    expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("30/10/2019", "write the date as YYYY-MM-DD: 2019-10-30"),
    ("10/30/2019", "2019-10-30 (the value reads as month/day/year)"),
    ("01/02/2020", "2020-02-01 if the value is day/month/year"),
    ("43768", "spreadsheet date serial number, which is 2019-10-30"),
    ("2019-10-30T00:00:00", "drop the time: write 2019-10-30"),
    ("30 October 2019", "write the date as YYYY-MM-DD: 2019-10-30"),
    ("October 2019", "write the month as YYYY-MM: 2019-10"),
    ("2019/10/30", "write the date with hyphens: 2019-10-30"),
])
def test_date_in_another_form_rejected(package, previous_db, capsys, value, expected):
    set_cell(package, "reports", 0, "published_on", value)
    stderr = assert_rejected(package, previous_db, capsys,
                             "data/csv/reports.csv, row 2, column published_on", repr(value),
                             expected)
    assert len(problem_lines(stderr)) == 1


def test_day_precision_date_column_rejects_month(package, previous_db, capsys):
    set_cell(package, "documents", 0, "accessed_on", "October 2019")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/documents.csv, row 2, column accessed_on",
                    "this column needs the day")


# --- missing values ----------------------------------------------------------------


@pytest.mark.parametrize(("table", "column", "expected"), [
    ("organisations", "notes", "leave the cell empty where there is no value"),
    ("organisations", "name", "this column is required: write the value the source gives"),
    ("organisations", "url", "leave the cell empty where there is no value"),
    ("recommendations", "text_completeness",
     "this column is required: write the value the source gives"),
])
def test_placeholder_rejected(package, previous_db, capsys, table, column, expected):
    set_cell(package, table, 1, column, "N/A")
    stderr = assert_rejected(package, previous_db, capsys,
                             f"data/csv/{table}.csv, row 3, column {column}", "'N/A'", expected)
    assert len(problem_lines(stderr)) == 1


def test_spreadsheet_error_value_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "notes", "#REF!")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column notes", "placeholder")


def test_empty_cell_is_null(built_db):
    # An empty cell is the one missing value: NULL in the database, never ''.
    with sqlite3.connect(built_db) as connection:
        for table in DATA_TABLES:
            columns = [row[1] for row in connection.execute(f"pragma table_info([{table}])")]
            for column in columns:
                empty = connection.execute(
                    f"select count(*) from [{table}] where [{column}] = ''").fetchone()[0]
                assert empty == 0, f"{table}.{column}"


def test_empty_required_value_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "name", "")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column name", "required")


# --- keys that only look alike --------------------------------------------------------


def test_foreign_key_in_other_case_names_the_key(package, previous_db, capsys):
    set_cell(package, "recommendation_addressees", 0, "organisation_id", "Home-Office")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/recommendation_addressees.csv, row 2, column organisation_id",
                    "not found", "use 'home-office' as in data/csv/organisations.csv row 3")


def test_foreign_key_with_trailing_space_names_the_key(package, previous_db, capsys):
    set_cell(package, "recommendation_addressees", 0, "organisation_id", "home-office\u00a0")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/recommendation_addressees.csv, row 2, column organisation_id",
                    "leading or trailing whitespace", "use 'home-office'")


def test_key_differing_only_in_case_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "documents")
    url = rows[0][header.index("url")]
    rows[1][header.index("url")] = url.replace("https://www.", "https://WWW.", 1)
    write_table(package, "documents", header, rows)
    assert_rejected(package, previous_db, capsys,
                    "data/csv/documents.csv, row 3, column url",
                    "differs only in case, spacing or Unicode form", "in row 2")


def test_key_in_nfd_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "documents")
    rows[1][header.index("url")] = unicodedata.normalize(
        "NFD", rows[0][header.index("url")] + "/café")
    rows[0][header.index("url")] += "/café"
    write_table(package, "documents", header, rows)
    assert_rejected(package, previous_db, capsys,
                    "data/csv/documents.csv, row 3, column url",
                    "not in Unicode normal form NFC")


def test_invisible_character_in_key_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "documents")
    rows[1][header.index("url")] = rows[0][header.index("url")] + "\u200b"
    write_table(package, "documents", header, rows)
    assert_rejected(package, previous_db, capsys,
                    "data/csv/documents.csv, row 3, column url", "ZERO WIDTH SPACE")


def test_uppercase_identifier_rejected(package, previous_db, capsys):
    set_cell(package, "organisations", 1, "organisation_id", "Home-Office")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/organisations.csv, row 3, column organisation_id",
                    "'Home-Office'", "pattern")


# --- verbatim text --------------------------------------------------------------------


def test_curly_and_straight_quotes_kept_verbatim(package, tmp_path, capsys):
    text = "The Home Office’s “review” and the 'old' \"policy\" – as printed…"
    set_cell(package, "recommendations", 0, "text", text)
    set_cell(package, "recommendations", 0, "heading", "‘Quoted’ heading")
    db = tmp_path / "quotes.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select text, heading from recommendations order by rowid limit 1").fetchone()
    assert stored == (text, "‘Quoted’ heading")


def test_phrase_with_other_quotes_rejected(package, previous_db, capsys):
    header, rows = read_table(package, "responses")
    index = next(i for i, row in enumerate(rows) if row[header.index("position")] == "accepted")
    rows[index][header.index("text")] = "The Government’s position: “we accept this”."
    rows[index][header.index("position_phrase")] = "The Government's position"
    write_table(package, "responses", header, rows)
    assert_rejected(package, previous_db, capsys,
                    f"data/csv/responses.csv, row {index + 2}, column position_phrase",
                    "does not occur in the response text",
                    "straight and curly quotes")


def test_long_cell_kept_whole(package, tmp_path, capsys):
    # Longer than Python csv's default field limit of 131,072 characters would
    # be rejected; this is the longest cell accepted.
    text = ("word " * (MAX_CELL_CHARACTERS // 5))[:MAX_CELL_CHARACTERS - 1] + "."
    set_cell(package, "recommendations", 0, "text", text)
    db = tmp_path / "long.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select text from recommendations order by rowid limit 1").fetchone()[0]
        found = connection.execute(
            "select count(*) from recommendations_fts where recommendations_fts match 'word'")
        assert found.fetchone()[0] >= 1
    assert stored == text


def test_too_long_cell_rejected(package, previous_db, capsys):
    set_cell(package, "recommendations", 0, "text", "x" * 200_000)
    assert_rejected(package, previous_db, capsys,
                    "data/csv/recommendations.csv, row 2, column text",
                    "200,000 characters long", f"{MAX_CELL_CHARACTERS:,}")


def test_unsafe_url_rejected(package, previous_db, capsys):
    set_cell(package, "recommendations", 0, "source_url", "javascript:alert(1)")
    assert_rejected(package, previous_db, capsys,
                    "data/csv/recommendations.csv, row 2, column source_url",
                    "'javascript:alert(1)'")


def test_every_search_table_built_from_normalised_text(package, tmp_path, capsys):
    for table in FTS_COLUMNS:
        path = csv_path(package, table)
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    db = tmp_path / "fts.db"
    code, stderr = run_build(package, db, capsys)
    assert code == 0, stderr
    with sqlite3.connect(db) as connection:
        for table, columns in FTS_COLUMNS.items():
            for column in columns:
                carriage_returns = connection.execute(
                    f"select count(*) from [{table}_fts] where instr([{column}], char(13))")
                assert carriage_returns.fetchone()[0] == 0, f"{table}_fts.{column}"
