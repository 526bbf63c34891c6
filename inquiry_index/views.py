"""SQL for the derived views: per-recommendation status and per-report and per-inquiry summaries.

Nothing here is stored in the CSVs. Every figure is computed from dates in the
data when the view is queried, so "today" is the day of the query.

Dates in the data have day precision (YYYY-MM-DD) or month precision (YYYY-MM).
ISO text compares correctly at either precision for "earliest" and "on or
before": "2020-09" sorts before "2020-09-18", so a month-precision response
counts as possibly on time. Day counts are computed only where both dates
have day precision; otherwise they are NULL rather than guessed.
"""

# Latest possible day of a date of day or month precision.
LATEST_DAY = (
    "CASE WHEN length({d}) = 10 THEN {d} "
    "ELSE date({d} || '-01', '+1 month', '-1 day') END"
)

# A report's deadline: the date its deadline sentence gives, or publication plus
# the stated number of months. Adding months clamps to the month's last day
# (31 August + 6 months is 28 February), unlike SQLite's plain '+N months',
# which rolls over into the next month. A month-precision publication date
# counts from the latest day of that month, so the deadline is never early.
REPORT_DEADLINES = f"""
CREATE VIEW report_deadlines AS
SELECT
  report_id,
  CASE
    WHEN response_deadline_on IS NOT NULL THEN response_deadline_on
    WHEN response_deadline_months IS NOT NULL THEN
      CASE
        WHEN strftime('%d', date(p, '+' || response_deadline_months || ' months'))
             = strftime('%d', p)
        THEN date(p, '+' || response_deadline_months || ' months')
        ELSE date(p, 'start of month', '+' || (response_deadline_months + 1) || ' months',
                  '-1 day')
      END
  END AS deadline_on,
  CASE
    WHEN response_deadline_on IS NOT NULL THEN 'date stated'
    WHEN response_deadline_months IS NOT NULL AND length(published_on) = 10
      THEN 'months after publication'
    WHEN response_deadline_months IS NOT NULL
      THEN 'months after publication; month-precision date, counted from its last day'
  END AS deadline_basis
FROM (
  SELECT report_id, published_on, response_deadline_on, response_deadline_months,
         {LATEST_DAY.format(d='published_on')} AS p
  FROM reports
);
"""

# One row per recommendation. Correlated subqueries (each served by an index)
# keep a lookup of one recommendation cheap however large the tables grow.
RECOMMENDATION_STATUS = """
CREATE VIEW recommendation_status AS
SELECT
  s.*,
  CASE
    WHEN s.first_response_on IS NULL OR length(s.first_response_on) < 10
      OR length(s.report_published_on) < 10 THEN NULL
    ELSE CAST(julianday(s.first_response_on) - julianday(s.report_published_on) AS INTEGER)
  END AS days_to_first_response,
  CASE
    WHEN s.deadline_on IS NULL THEN NULL
    WHEN s.deadline_on < date('now') AND s.response_count + s.report_response_count = 0
      THEN 1
    ELSE 0
  END AS deadline_passed_none_recorded,
  CASE
    WHEN s.deadline_on < date('now') AND s.response_count + s.report_response_count = 0
      THEN CAST(julianday(date('now')) - julianday(s.deadline_on) AS INTEGER)
  END AS days_since_deadline,
  CASE
    WHEN s.deadline_on IS NULL OR s.response_coverage <> 'complete' THEN NULL
    WHEN s.deadline_on < date('now') AND s.response_count + s.report_response_count = 0
      THEN 1
    ELSE 0
  END AS overdue,
  CASE
    WHEN s.response_coverage = 'complete' AND s.deadline_on < date('now')
      AND s.response_count + s.report_response_count = 0
      THEN CAST(julianday(date('now')) - julianday(s.deadline_on) AS INTEGER)
  END AS days_overdue,
  CASE
    WHEN s.last_verified_on IS NULL THEN 1
    WHEN julianday(date('now')) - julianday(s.last_verified_on) > s.staleness_days THEN 1
    ELSE 0
  END AS stale
FROM (
  SELECT
    r.recommendation_id,
    r.report_id,
    rep.inquiry_id,
    i.short_name AS inquiry_short_name,
    rep.title AS report_title,
    r.sequence,
    r.label,
    r.heading,
    r.text_completeness,
    d.source_type AS text_source_type,
    rep.published_on AS report_published_on,
    (SELECT count(*) FROM responses x
      WHERE x.recommendation_id = r.recommendation_id) AS response_count,
    (SELECT count(*) FROM responses x
      WHERE x.report_id = r.report_id AND x.recommendation_id IS NULL) AS report_response_count,
    CASE
      WHEN EXISTS (SELECT 1 FROM responses x WHERE x.recommendation_id = r.recommendation_id)
        THEN 'response to this recommendation'
      WHEN EXISTS (SELECT 1 FROM responses x
                   WHERE x.report_id = r.report_id AND x.recommendation_id IS NULL)
        THEN 'response to the whole report only'
      ELSE 'no response recorded'
    END AS response_state,
    (SELECT json_group_array(position) FROM (
      SELECT DISTINCT x.position FROM responses x
      WHERE x.recommendation_id = r.recommendation_id AND x.position <> 'not stated'
      ORDER BY x.position)) AS positions_stated,
    (SELECT min(x.responded_on) FROM responses x
      WHERE x.recommendation_id = r.recommendation_id
         OR (x.report_id = r.report_id AND x.recommendation_id IS NULL)) AS first_response_on,
    dl.deadline_on,
    dl.deadline_basis,
    rep.response_coverage,
    (SELECT count(*) FROM evidence e
      WHERE e.recommendation_id = r.recommendation_id) AS evidence_count,
    (SELECT count(*) FROM evidence e
      WHERE e.report_id = r.report_id AND e.recommendation_id IS NULL) AS report_evidence_count,
    (SELECT max(a) FROM (
      SELECT max(x.responded_on) AS a FROM responses x
        WHERE x.recommendation_id = r.recommendation_id
      UNION ALL
      SELECT max(e.occurred_on) FROM evidence e
        WHERE e.recommendation_id = r.recommendation_id)) AS latest_activity_on,
    (SELECT max(v.verified_on) FROM verifications v
      WHERE v.recommendation_id = r.recommendation_id) AS last_verified_on,
    (SELECT staleness_days FROM build_record) AS staleness_days
  FROM recommendations r
  JOIN reports rep ON rep.report_id = r.report_id
  JOIN inquiries i ON i.inquiry_id = rep.inquiry_id
  JOIN documents d ON d.document_id = r.document_id
  LEFT JOIN report_deadlines dl ON dl.report_id = r.report_id
) AS s;
"""

# Aggregates shared by the report and inquiry summaries: (column, aggregate over
# recommendation_status, value for a report or inquiry with no recommendations).
_SUMMARY_COLUMNS = [
    ("recommendations", "count(*)", "0"),
    ("recommendations_with_text", "sum(s.text_completeness <> 'none')", "0"),
    ("with_own_response", "sum(s.response_count > 0)", "0"),
    ("no_response_recorded", "sum(s.response_state = 'no response recorded')", "0"),
    ("deadline_passed_none_recorded", "coalesce(sum(s.deadline_passed_none_recorded), 0)",
     "0"),
    ("overdue", "coalesce(sum(s.overdue), 0)", "0"),
    ("responses_to_recommendations", "sum(s.response_count)", "0"),
    ("evidence_entries", "sum(s.evidence_count)", "0"),
    ("first_response_on", "min(s.first_response_on)", "NULL"),
    ("latest_activity_on", "max(s.latest_activity_on)", "NULL"),
    ("oldest_verification_on", "min(s.last_verified_on)", "NULL"),
    ("stale_records", "sum(s.stale)", "0"),
]


def _summary_view(name: str, key: str, keyed_columns: str, table: str, table_alias: str,
                  recommendations_filter: str) -> str:
    """Aggregate recommendation_status by `key`, plus a row for each key without recommendations.

    Both branches group or filter on the parent table's key, so SQLite pushes a
    lookup such as `WHERE report_id = :id` down into each of them and reads only
    that report's recommendations. A LEFT JOIN from the parent table to
    recommendation_status would compute every recommendation's status first
    (measured on 100,000 synthetic recommendations: 1.2 s against 2.5 ms).
    """
    aggregates = ",\n  ".join(f"{expr} AS {column}" for column, expr, _ in _SUMMARY_COLUMNS)
    empties = ",\n  ".join(f"{empty} AS {column}" for column, _, empty in _SUMMARY_COLUMNS)
    return f"""
CREATE VIEW {name} AS
SELECT {keyed_columns},
  {aggregates}
FROM recommendation_status s
JOIN {table} {table_alias} ON {table_alias}.{key} = s.{key}
GROUP BY {table_alias}.{key}
UNION ALL
SELECT {keyed_columns},
  {empties}
FROM {table} {table_alias}
WHERE NOT EXISTS ({recommendations_filter})
"""


_REPORT_COLUMNS = """rep.report_id,
  rep.inquiry_id,
  rep.title,
  rep.published_on,
  rep.response_coverage,
  (SELECT deadline_on FROM report_deadlines dl WHERE dl.report_id = rep.report_id) AS deadline_on,
  (SELECT count(*) FROM responses x
    WHERE x.report_id = rep.report_id AND x.recommendation_id IS NULL) AS report_level_responses"""

REPORT_SUMMARY = _summary_view(
    "report_summary", "report_id", _REPORT_COLUMNS, "reports", "rep",
    "SELECT 1 FROM recommendations r WHERE r.report_id = rep.report_id",
)

_INQUIRY_COLUMNS = """i.inquiry_id,
  i.name,
  i.short_name,
  (SELECT count(*) FROM reports x WHERE x.inquiry_id = i.inquiry_id) AS reports,
  (SELECT count(*) FROM responses x JOIN reports y ON y.report_id = x.report_id
    WHERE y.inquiry_id = i.inquiry_id AND x.recommendation_id IS NULL) AS report_level_responses"""

INQUIRY_SUMMARY = _summary_view(
    "inquiry_summary", "inquiry_id", _INQUIRY_COLUMNS, "inquiries", "i",
    "SELECT 1 FROM recommendations r JOIN reports y ON y.report_id = r.report_id "
    "WHERE y.inquiry_id = i.inquiry_id",
)

VIEWS = {
    "report_deadlines": REPORT_DEADLINES,
    "recommendation_status": RECOMMENDATION_STATUS,
    "report_summary": REPORT_SUMMARY,
    "inquiry_summary": INQUIRY_SUMMARY,
}
