"""Property tests of the build: generated rows, and mutations of the files that hold them.

Whatever the input, the build either succeeds or fails cleanly. When it
succeeds, it stores every value exactly as the CSV gives it, after the
documented normalisation of byte order marks, line endings and trailing empty
rows. When it fails, every problem names its file, and the previous database is
left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

import build_db
from conftest import ROOT
from test_views import base_rows

from inquiry_index.cell_checks import PLACEHOLDERS, find_mojibake

URL = "https://example.org/report"
TABLES = ["inquiries", "organisations", "documents", "reports", "recommendations",
          "recommendation_addressees", "responses", "evidence", "verifications"]
VERIFIED_ON = "2026-01-05"
TEXT_COLUMNS = ["label", "heading", "text", "notes"]

# Mutations of the files. The first group changes nothing that the build stores.
LOSSLESS = ["none", "bom", "crlf", "cr", "trailing-blank-rows"]
DAMAGING = ["windows-1252", "utf-16", "extra-cell", "missing-cell", "duplicate-header",
            "swapped-header", "uppercase-key", "nfd", "placeholder", "leading-zero",
            "day-month-year", "huge-integer", "long-cell", "text-after-quote",
            "unclosed-quote", "blank-row", "control-character", "zero-width-key"]


CELL_MUTATIONS = {"extra-cell", "missing-cell", "duplicate-header", "swapped-header",
                  "uppercase-key", "nfd", "placeholder", "leading-zero", "huge-integer",
                  "long-cell", "control-character", "zero-width-key"}


def schema_fields(package_dir: Path, table: str) -> list[str]:
    schema = json.loads((package_dir / "schemas" / f"{table}.schema.json").read_text())
    return [field["name"] for field in schema["fields"]]


def write_package(package_dir: Path, recommendations: list[dict]) -> None:
    shutil.copy(ROOT / "datapackage.json", package_dir / "datapackage.json")
    shutil.copytree(ROOT / "schemas", package_dir / "schemas")
    (package_dir / "data" / "csv").mkdir(parents=True)
    # The other tables' rows come from test_views, which follows the schemas.
    rows = base_rows("2020-03-01")
    rows["recommendations"] = recommendations
    rows["verifications"] = [
        dict(recommendation_id=row["recommendation_id"], verified_on=VERIFIED_ON,
             outcome="read from source", checked_url=URL) for row in recommendations]
    for table in TABLES:
        path = package_dir / "data" / "csv" / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, schema_fields(package_dir, table),
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows[table])


def recommendation_rows(texts: list[dict], sequences: list[int]) -> list[dict]:
    # An empty text must be flagged 'none' (no text read), any other 'complete'.
    return [
        dict(recommendation_id=f"test-report-{number}", report_id="test-report",
             sequence=str(sequence),
             text_completeness="complete" if text.get("text") else "none",
             document_id="report-page", source_url=URL, **text)
        for number, (text, sequence) in enumerate(zip(texts, sequences), start=1)
    ]


def mutate(path: Path, mutation: str, row: int) -> None:
    """Apply one mutation to a CSV file; `row` picks the record it touches (0 is the first)."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    lines = text.split("\n")
    header, *records = list(csv.reader(io.StringIO(text, newline="")))
    record = records[row % len(records)]
    if mutation in CELL_MUTATIONS and any(len(r) != len(header) for r in records):
        # A lone CR in a generated value is written unquoted by csv.writer and
        # splits its row, so the file is already broken and the cells cannot be found.
        note(f"{mutation} not applied: the file's rows are already ragged")
        return

    def rewrite(rows: list[list[str]]) -> None:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")

    def set_cell(column: str, value: str) -> None:
        record[header.index(column)] = value
        rewrite([header, *records])

    if mutation == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + data)
    elif mutation == "crlf":
        path.write_bytes(data.replace(b"\n", b"\r\n"))
    elif mutation == "cr":
        path.write_bytes(data.replace(b"\n", b"\r"))
    elif mutation == "trailing-blank-rows":
        path.write_bytes(data + b"\n" + b"," * (len(header) - 1) + b"\n\n")
    elif mutation == "windows-1252":
        path.write_bytes(text.encode("cp1252", errors="replace"))
    elif mutation == "utf-16":
        path.write_bytes(text.encode("utf-16"))
    elif mutation == "extra-cell":
        record.append("surplus")
        rewrite([header, *records])
    elif mutation == "missing-cell":
        record.pop()
        rewrite([header, *records])
    elif mutation == "duplicate-header":
        rewrite([[*header[:-1], header[0]], *records])
    elif mutation == "swapped-header":
        rewrite([[header[1], header[0], *header[2:]], *records])
    elif mutation == "uppercase-key":
        set_cell("report_id", "Test-Report")
    elif mutation == "nfd":
        heading = record[header.index("heading")]
        set_cell("heading", unicodedata.normalize("NFD", "Café " + heading))
    elif mutation == "placeholder":
        set_cell("notes", "N/A")
    elif mutation == "leading-zero":
        set_cell("sequence", "0" + record[header.index("sequence")])
    elif mutation == "day-month-year":
        verifications = path.parent / "verifications.csv"
        verifications.write_text(verifications.read_text(encoding="utf-8")
                                 .replace(VERIFIED_ON, "05/01/2026"), encoding="utf-8")
    elif mutation == "huge-integer":
        set_cell("sequence", "9" * 25)
    elif mutation == "long-cell":
        set_cell("text", "x" * 100_001)
    elif mutation == "text-after-quote":
        path.write_text(text + 'test-report-99,test-report,99,"7"a,,,complete,report-page,'
                        f"{URL},\n", encoding="utf-8")
    elif mutation == "unclosed-quote":
        path.write_text(text + 'test-report-99,test-report,99,"7,,,complete,report-page,'
                        f"{URL},\n", encoding="utf-8")
    elif mutation == "blank-row":
        path.write_text("\n".join([lines[0], "", *lines[1:]]), encoding="utf-8")
    elif mutation == "control-character":
        set_cell("heading", "bell\x07")
    elif mutation == "zero-width-key":
        set_cell("source_url", URL + "\u200b")


def expected_cells(path: Path) -> list[list[str]] | None:
    """Read a CSV as the build documents it does, or None where it cannot be read without loss."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    while rows and len(rows) > 1 and all(cell == "" for cell in rows[-1]):
        rows.pop()
    return rows[1:]


def stored_cells(db: Path, table: str) -> list[list[str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(f"select * from [{table}] order by rowid").fetchall()
    return [["" if value is None else str(value) for value in row] for row in rows]


def run_build(package_dir: Path, db: Path) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = build_db.main(["--package", str(package_dir / "datapackage.json"),
                              "--db", str(db), "--quiet"])
    return code, stderr.getvalue()


@pytest.fixture(scope="module")
def previous_db(tmp_path_factory) -> Path:
    """A small database from a good build, which every failed build must leave as it was."""
    package_dir = tmp_path_factory.mktemp("previous")
    write_package(package_dir, recommendation_rows([{"text": "Do a thing."}], [1]))
    db = package_dir / "inquiries.db"
    code, stderr = run_build(package_dir, db)
    assert code == 0, stderr
    return db


def check_outcome(package_dir: Path, db: Path, previous: bytes, code: int,
                  stderr: str) -> bool:
    """Assert the build kept every value or failed cleanly; return whether it succeeded."""
    if code == 0:
        for table in TABLES:
            expected = expected_cells(package_dir / "data" / "csv" / f"{table}.csv")
            assert expected is not None, f"{table}.csv is not UTF-8 but the build succeeded"
            assert stored_cells(db, table) == expected, table
        return True
    assert code == 1, stderr
    assert db.read_bytes() == previous
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    if "nothing was written" in stderr:
        problems = [line.strip() for line in stderr.splitlines() if line.startswith("  ")]
        assert problems, stderr
        for problem in problems:
            assert problem.startswith(("data/csv/", "datapackage.json")), problem
            assert ". Fix: " in problem, problem
    else:
        assert "was left as it was" in stderr, stderr
    return False


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def is_clean(text: str) -> bool:
    """Whether validation accepts `text` in a free-text column."""
    return (text == text.strip() and unicodedata.is_normalized("NFC", text)
            and text.lower() not in PLACEHOLDERS and find_mojibake(text) is None
            and "\ufffd" not in text)


clean_line = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"),
                                   exclude_characters="\ufffd"), max_size=30)
clean_text = (st.lists(clean_line, min_size=1, max_size=3)
              .map(lambda lines: unicodedata.normalize("NFC", "\n".join(lines)).strip())
              .filter(is_clean))


def text_columns(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({column: text for column in TEXT_COLUMNS})


# Bounded so the suite stays quick: each example is a whole validation and build.
# Hypothesis's explain phase reruns failing examples many times, so it is left out.
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(texts=st.lists(text_columns(st.one_of(clean_text, clean_text, clean_text, any_text)),
                     min_size=1, max_size=3),
       sequences=st.lists(st.one_of(st.integers(1, 10**6), st.integers(-5, 2**64)),
                          min_size=3, max_size=3),
       mutation=st.sampled_from(LOSSLESS + DAMAGING), row=st.integers(0, 2))
def test_build_keeps_values_or_fails_cleanly(previous_db, texts, sequences, mutation, row):
    previous_db_bytes = previous_db.read_bytes()
    with tempfile.TemporaryDirectory() as directory:
        package_dir = Path(directory)
        write_package(package_dir, recommendation_rows(texts, sequences))
        mutate(package_dir / "data" / "csv" / "recommendations.csv", mutation, row)
        db = package_dir / "inquiries.db"
        db.write_bytes(previous_db_bytes)
        code, stderr = run_build(package_dir, db)
        note(stderr)
        succeeded = check_outcome(package_dir, db, previous_db_bytes, code, stderr)
        event(f"{mutation}: {'built' if succeeded else 'rejected'}")


@settings(SETTINGS, max_examples=25)
@given(texts=st.lists(text_columns(clean_text), min_size=1, max_size=3),
       sequences=st.lists(st.integers(min_value=1, max_value=2**62), min_size=3, max_size=3),
       mutation=st.sampled_from(LOSSLESS), row=st.integers(0, 2))
def test_clean_values_survive_lossless_changes(previous_db, texts, sequences, mutation,
                                               row):
    previous_db_bytes = previous_db.read_bytes()
    with tempfile.TemporaryDirectory() as directory:
        package_dir = Path(directory)
        rows = recommendation_rows(texts, sequences)
        write_package(package_dir, rows)
        mutate(package_dir / "data" / "csv" / "recommendations.csv", mutation, row)
        db = package_dir / "inquiries.db"
        db.write_bytes(previous_db_bytes)
        code, stderr = run_build(package_dir, db)
        assert code == 0, stderr
        assert check_outcome(package_dir, db, previous_db_bytes, code, stderr)
        with sqlite3.connect(db) as connection:
            stored = connection.execute(
                "select label, heading, text, notes, sequence from recommendations "
                "order by rowid").fetchall()
        assert stored == [
            (*(row[column] or None for column in TEXT_COLUMNS), int(row["sequence"]))
            for row in rows
        ]
