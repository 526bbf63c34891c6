"""The real build on the real data: row counts, types, keys, search, views, build record."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import build_db
from conftest import ROOT, copy_package, set_cell

from inquiry_index import build as build_module
from inquiry_index.build import FTS_COLUMNS
from inquiry_index.datapackage import load_package

PACKAGE = load_package(ROOT / "datapackage.json")


def csv_row_count(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def table_dump(db_path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(db_path)
    try:
        return {
            resource.name: connection.execute(f"select * from [{resource.name}]").fetchall()
            for resource in PACKAGE.resources
        }
    finally:
        connection.close()


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_row_count_matches_csv(built_db, resource):
    db = sqlite_utils.Database(built_db)
    assert db[resource.name].count == csv_row_count(resource.csv_path)
    assert db[resource.name].count > 0


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_columns_keep_schema_order_and_types(built_db, resource):
    db = sqlite_utils.Database(built_db)
    columns = db[resource.name].columns
    assert [c.name for c in columns] == resource.field_names
    expected = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER"}
    for column, field in zip(columns, resource.fields):
        assert column.type == expected[field.type], column.name


def test_identifiers_stay_text(built_db):
    db = sqlite_utils.Database(built_db)
    types = db.execute(
        "select distinct typeof(recommendation_id) from recommendations"
    ).fetchall()
    assert types == [("text",)]


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_keys_declared(built_db, resource):
    table = sqlite_utils.Database(built_db)[resource.name]
    assert tuple(table.pks) == resource.primary_key
    declared = {(fk.column, fk.other_table, fk.other_column) for fk in table.foreign_keys}
    expected = {
        (fk.fields[0], fk.resource, fk.reference_fields[0]) for fk in resource.foreign_keys
    }
    assert declared == expected


def test_foreign_key_columns_indexed(built_db):
    db = sqlite_utils.Database(built_db)
    for resource in PACKAGE.resources:
        leading = {index.columns[0] for index in db[resource.name].indexes}
        for fk in resource.foreign_keys:
            assert fk.fields[0] in leading, (resource.name, fk.fields)


def test_facet_columns_indexed(built_db, metadata):
    db = sqlite_utils.Database(built_db)
    tables = metadata["databases"]["inquiries"]["tables"]
    for name, settings in tables.items():
        if name not in db.table_names():
            continue
        leading = {index.columns[0] for index in db[name].indexes}
        leading |= set(db[name].pks)
        for facet in settings.get("facets", []):
            if isinstance(facet, str):
                assert facet in leading, (name, facet)


@pytest.mark.parametrize("table", sorted(FTS_COLUMNS))
def test_search_index_covers_table(built_db, table):
    db = sqlite_utils.Database(built_db)
    assert db[table].detect_fts() == f"{table}_fts"
    assert db[f"{table}_fts"].count == db[table].count
    sql = db.execute(
        "select sql from sqlite_master where name = ?", [f"{table}_fts"]
    ).fetchone()[0]
    assert "porter" in sql


def test_build_record(built_db):
    db = sqlite_utils.Database(built_db)
    record = list(db["build_record"].rows)
    assert len(record) == 1
    assert record[0]["data_version"] == PACKAGE.version
    assert record[0]["staleness_days"] == 7
    files = {row["resource"]: row for row in db["build_files"].rows}
    assert set(files) == {r.name for r in PACKAGE.resources}
    for resource in PACKAGE.resources:
        digest = hashlib.sha256(resource.csv_path.read_bytes()).hexdigest()
        assert files[resource.name]["sha256"] == digest
        assert files[resource.name]["rows"] == csv_row_count(resource.csv_path)


def test_two_builds_give_same_rows(built_db, tmp_path):
    second = tmp_path / "again.db"
    assert build_db.main(["--db", str(second), "--quiet"]) == 0
    assert table_dump(second) == table_dump(built_db)


def test_views_answer_for_every_recommendation(built_db):
    db = sqlite_utils.Database(built_db)
    assert db["recommendation_status"].count == db["recommendations"].count
    assert db["report_summary"].count == db["reports"].count
    assert db["inquiry_summary"].count == db["inquiries"].count
    total = db.execute("select sum(recommendations) from inquiry_summary").fetchone()[0]
    assert total == db["recommendations"].count


def test_response_state_agrees_with_responses(built_db):
    db = sqlite_utils.Database(built_db)
    mismatched = db.execute(
        """
        select s.recommendation_id from recommendation_status s
        where (s.response_state = 'no response recorded') != (
          not exists (select 1 from responses x where x.recommendation_id = s.recommendation_id)
          and not exists (select 1 from responses x
                          where x.report_id = s.report_id and x.recommendation_id is null))
        """
    ).fetchall()
    assert mismatched == []


def test_overdue_only_without_response_after_deadline(built_db):
    db = sqlite_utils.Database(built_db)
    rows = list(db.query(
        "select * from recommendation_status where overdue = 1"
    ))
    for row in rows:
        assert row["response_state"] == "no response recorded"
        assert row["days_overdue"] >= 1


def test_summary_keeps_report_without_recommendations(built_db):
    db = sqlite_utils.Database(built_db)
    empty = [row[0] for row in db.execute(
        "select report_id from reports where report_id not in "
        "(select report_id from recommendations)")]
    assert empty
    for report_id in empty:
        row = next(db.query("select * from report_summary where report_id = :id",
                            {"id": report_id}))
        assert row["recommendations"] == 0
        assert row["first_response_on"] is None


def full_dump(db_path: Path) -> dict[str, list[tuple]]:
    """Every table and view but the build record and statistics, search indexes included."""
    connection = sqlite3.connect(db_path)
    try:
        names = [name for (name,) in connection.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not in ('build_record', 'sqlite_stat1') order by name")]
        return {name: connection.execute(f"select * from [{name}]").fetchall()
                for name in names}
    finally:
        connection.close()


def test_incremental_build_matches_full_build(tmp_path, caplog):
    descriptor = copy_package(tmp_path)
    reused, fresh = tmp_path / "reused.db", tmp_path / "fresh.db"
    assert build_db.main(["--package", str(descriptor), "--db", str(reused), "--quiet"]) == 0
    set_cell(tmp_path, "verifications", 0, "notes", "Checked again.")
    caplog.set_level("INFO")
    assert build_db.main(["--package", str(descriptor), "--db", str(reused)]) == 0
    assert "loading 1 of 9 tables again (verifications)" in caplog.text
    assert build_db.main(["--package", str(descriptor), "--db", str(fresh), "--full",
                          "--quiet"]) == 0
    assert full_dump(reused) == full_dump(fresh)
    assert table_dump(reused)["verifications"][0][-1] == "Checked again."


def test_incremental_build_rejects_bad_change(tmp_path):
    descriptor = copy_package(tmp_path)
    db = tmp_path / "inquiries.db"
    assert build_db.main(["--package", str(descriptor), "--db", str(db), "--quiet"]) == 0
    before = db.read_bytes()
    set_cell(tmp_path, "responses", 0, "recommendation_id", "no-such-recommendation")
    assert build_db.main(["--package", str(descriptor), "--db", str(db), "--quiet"]) == 1
    assert db.read_bytes() == before


def test_schema_change_builds_in_full(tmp_path, caplog):
    descriptor = copy_package(tmp_path)
    db = tmp_path / "inquiries.db"
    assert build_db.main(["--package", str(descriptor), "--db", str(db), "--quiet"]) == 0
    schema = tmp_path / "schemas" / "verifications.schema.json"
    schema.write_text(schema.read_text().replace('"title"', '"title" ', 1))
    caplog.set_level("INFO")
    assert build_db.main(["--package", str(descriptor), "--db", str(db)]) == 0
    assert "building in full: the code, descriptor or schemas changed" in caplog.text


def test_csv_edited_during_build_fails(tmp_path, monkeypatch):
    # The edit lands after the tables are read, as an editor saving mid-build would.
    descriptor = copy_package(tmp_path)
    db = tmp_path / "inquiries.db"
    create_views = build_module.create_views

    def edit_then_create_views(database):
        set_cell(tmp_path, "verifications", 0, "notes", "Saved during the build.")
        create_views(database)

    monkeypatch.setattr(build_module, "create_views", edit_then_create_views)
    assert build_db.main(["--package", str(descriptor), "--db", str(db), "--quiet"]) == 1
    assert not db.exists()
