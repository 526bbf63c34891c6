"""Keep metadata.yml's table and column descriptions in step with the schemas.

The Frictionless schemas describe every CSV table and column once. The derived
views and the build record are described here. `python -m inquiry_index.metadata`
rewrites the `tables` descriptions and columns in metadata.yml from those two
sources and leaves every other key as it is; the test suite fails when the file
and the sources disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from .datapackage import DataPackage, load_package

ROOT = Path(__file__).resolve().parent.parent
METADATA_PATH = ROOT / "metadata.yml"
DATABASE_NAME = "inquiries"

_STATUS_COLUMNS = {
    "recommendations": "Number of recommendations.",
    "recommendations_with_text": "Recommendations whose text, or part of it, was read (text_completeness is not 'none').",
    "with_own_response": "Recommendations with at least one response addressed to them individually.",
    "no_response_recorded": "Recommendations with no response recorded, neither to them nor to their whole report.",
    "deadline_passed_none_recorded": "Recommendations whose report's response deadline has passed with no response recorded in this index.",
    "overdue": "Recommendations whose report's response deadline has passed with no response recorded, counted only for reports whose response coverage is complete.",
    "responses_to_recommendations": "Responses addressed to individual recommendations.",
    "evidence_entries": "Evidence entries tied to individual recommendations.",
    "first_response_on": "Earliest date of any response.",
    "latest_activity_on": "Latest date of any response or evidence entry tied to a recommendation.",
    "oldest_verification_on": "The oldest of the recommendations' last verification dates.",
    "stale_records": "Recommendations not verified within the staleness window.",
}

DERIVED_TABLES = {
    "report_deadlines": {
        "description": "The response deadline each report set, computed from the deadline it states (a date, or a number of months after publication).",
        "columns": {
            "report_id": "The report.",
            "deadline_on": "The deadline date. From months: publication date plus that many months, clamped to the month's last day; a month-precision publication date counts from the last day of that month.",
            "deadline_basis": "How the deadline was computed: 'date stated', 'months after publication', or the month-precision variant.",
        },
    },
    "recommendation_status": {
        "description": "One row per recommendation with figures computed from the dates in the data when queried: responses, deadline, evidence, last verification and staleness. Nothing here is a judgement of progress.",
        "columns": {
            "recommendation_id": "The recommendation.",
            "report_id": "The report that makes it.",
            "inquiry_id": "The inquiry that published the report.",
            "inquiry_short_name": "The inquiry's short name.",
            "report_title": "The report's title.",
            "sequence": "Order within the report.",
            "label": "The label as printed.",
            "heading": "The heading as printed.",
            "text_completeness": "Whether the verbatim text is complete, truncated, partial or absent.",
            "text_source_type": "Whether the text was read from a primary source or a secondary copy.",
            "report_published_on": "The report's publication date.",
            "response_count": "Responses addressed to this recommendation.",
            "report_response_count": "Responses addressed to the whole report.",
            "response_state": "'response to this recommendation', 'response to the whole report only' or 'no response recorded'.",
            "positions_stated": "JSON array of the distinct positions that responses to this recommendation state in their own words.",
            "first_response_on": "Earliest date of a response to this recommendation or to its whole report.",
            "deadline_on": "The report's response deadline, from report_deadlines.",
            "deadline_basis": "How the deadline was computed.",
            "response_coverage": "The report's response coverage: 'complete', 'partial' or 'unknown' (see reports.response_coverage).",
            "evidence_count": "Evidence entries tied to this recommendation.",
            "report_evidence_count": "Evidence entries about the whole report.",
            "latest_activity_on": "Latest date of a response or evidence entry tied to this recommendation.",
            "last_verified_on": "Date the record was last checked against its sources.",
            "staleness_days": "The staleness window, in days, set when the database was built.",
            "days_to_first_response": "Days from the report's publication to the first response, where both dates have day precision.",
            "deadline_passed_none_recorded": "1 when the report's deadline has passed and this index records no response; 0 when not; empty when the report set no deadline. Not proof that none was published unless response_coverage is 'complete'.",
            "days_since_deadline": "Days since the deadline passed, where it passed with no response recorded.",
            "overdue": "1 when the report's deadline has passed with no response and the report's response coverage is 'complete', so the absence is established; 0 when not; empty when there is no deadline or coverage is not complete.",
            "days_overdue": "Days since the deadline passed, for overdue recommendations.",
            "stale": "1 when the record has not been verified within the staleness window, else 0.",
        },
    },
    "report_summary": {
        "description": "One row per report: its recommendations, responses, deadline, evidence and verification, aggregated from recommendation_status.",
        "columns": {
            "report_id": "The report.",
            "inquiry_id": "The inquiry that published it.",
            "title": "The report's title.",
            "published_on": "The report's publication date.",
            "deadline_on": "The report's response deadline.",
            "response_coverage": "How completely this index records the report's responses.",
            "report_level_responses": "Responses addressed to the whole report.",
            **_STATUS_COLUMNS,
        },
    },
    "inquiry_summary": {
        "description": "One row per inquiry: its reports, recommendations, responses, evidence and verification, aggregated from recommendation_status.",
        "columns": {
            "inquiry_id": "The inquiry.",
            "name": "The inquiry's full name.",
            "short_name": "The inquiry's short name.",
            "reports": "Number of reports recorded.",
            "report_level_responses": "Responses addressed to a whole report of this inquiry.",
            **_STATUS_COLUMNS,
        },
    },
    "build_record": {
        "description": "What this database was built from: one row.",
        "columns": {
            "data_version": "The data package's semantic version.",
            "git_commit": "The git commit the CSVs were read at; empty outside a git checkout.",
            "git_dirty": "1 when the data files differed from that commit at build time.",
            "built_at": "When the build ran (UTC, ISO 8601).",
            "staleness_days": "Days after which a record's last verification counts as stale.",
            "history_status": "Whether the changes table holds the whole git history ('complete'), starts at a shallow clone's boundary ('shallow'), or is empty because git could not be read ('unavailable: ' and the reason).",
            "sqlite_version": "The SQLite library version that built the file.",
            "build_inputs_sha256": "SHA-256 of the descriptor, the table schemas and the build code. A later build reuses this database's unchanged tables only when its own is the same.",
        },
    },
    "changes": {
        "description": "Row-level history of the CSVs, read from git when the database was built: one row per record added, changed or removed by a commit.",
        "columns": {
            "change_id": "Order of the change: commits oldest first, then tables in package order, then added, changed, removed.",
            "table_name": "The table the record belongs to.",
            "record_id": "The record's primary key; a composite key is joined with '/'.",
            "commit_sha": "The git commit that made the change.",
            "committed_at": "When that commit was made (ISO 8601, with its time zone).",
            "change": "'added', 'changed' or 'removed'.",
            "columns_changed": "JSON array of the columns whose values changed.",
            "old_values": "JSON object of the changed columns' previous values, for values of up to 200 characters; longer ones are left out and are in git.",
            "new_values": "JSON object of the changed columns' new values, for values of up to 200 characters.",
        },
    },
    "build_files": {
        "description": "Each CSV the database was built from, with its SHA-256 and row count.",
        "columns": {
            "resource": "The table the file holds.",
            "path": "The file's path in the repository.",
            "sha256": "SHA-256 of the file's bytes.",
            "bytes": "File size in bytes.",
            "rows": "Rows loaded from the file.",
        },
    },
}


def expected_tables(package: DataPackage) -> dict[str, dict]:
    """Return the description and column descriptions every table and view should have."""
    tables = {}
    for resource in package.resources:
        tables[resource.name] = {
            "description": resource.description,
            "columns": {field.name: field.description for field in resource.fields},
        }
    tables.update(DERIVED_TABLES)
    return tables


def sync_metadata(metadata: dict, package: DataPackage) -> dict:
    """Return metadata with each table's description and columns taken from the sources."""
    tables = metadata["databases"][DATABASE_NAME].setdefault("tables", {})
    for name, described in expected_tables(package).items():
        settings = {
            key: value for key, value in tables.get(name, {}).items()
            if key not in {"description", "columns"}
        }
        tables[name] = {
            "description": described["description"],
            **settings,
            "columns": dict(described["columns"]),
        }
    return metadata


class _BlockDumper(yaml.SafeDumper):
    """Write multi-line strings (SQL, descriptions) as readable literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def dump_metadata(metadata: dict) -> str:
    return yaml.dump(metadata, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True,
                     width=100)


def main() -> int:
    package = load_package(ROOT / "datapackage.json")
    metadata = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    METADATA_PATH.write_text(dump_metadata(sync_metadata(metadata, package)), encoding="utf-8")
    print(f"updated table and column descriptions in {METADATA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
