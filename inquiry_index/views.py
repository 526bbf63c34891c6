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
  END AS overdue,
  CASE
    WHEN s.deadline_on < date('now') AND s.response_count + s.report_response_count = 0
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

# Aggregates shared by the report and inquiry summaries.
_SUMMARY_COLUMNS = """
  count(s.recommendation_id) AS recommendations,
  coalesce(sum(s.text_completeness <> 'none'), 0) AS recommendations_with_text,
  coalesce(sum(s.response_count > 0), 0) AS with_own_response,
  coalesce(sum(s.response_state = 'no response recorded'), 0) AS no_response_recorded,
  coalesce(sum(s.overdue), 0) AS overdue,
  coalesce(sum(s.response_count), 0) AS responses_to_recommendations,
  coalesce(sum(s.evidence_count), 0) AS evidence_entries,
  min(s.first_response_on) AS first_response_on,
  max(s.latest_activity_on) AS latest_activity_on,
  min(s.last_verified_on) AS oldest_verification_on,
  coalesce(sum(s.stale), 0) AS stale_records
"""

REPORT_SUMMARY = f"""
CREATE VIEW report_summary AS
SELECT
  rep.report_id,
  rep.inquiry_id,
  rep.title,
  rep.published_on,
  dl.deadline_on,
  (SELECT count(*) FROM responses x
    WHERE x.report_id = rep.report_id AND x.recommendation_id IS NULL) AS report_level_responses,
  {_SUMMARY_COLUMNS}
FROM reports rep
LEFT JOIN report_deadlines dl ON dl.report_id = rep.report_id
LEFT JOIN recommendation_status s ON s.report_id = rep.report_id
GROUP BY rep.report_id;
"""

INQUIRY_SUMMARY = f"""
CREATE VIEW inquiry_summary AS
SELECT
  i.inquiry_id,
  i.name,
  i.short_name,
  (SELECT count(*) FROM reports x WHERE x.inquiry_id = i.inquiry_id) AS reports,
  (SELECT count(*) FROM responses x JOIN reports y ON y.report_id = x.report_id
    WHERE y.inquiry_id = i.inquiry_id AND x.recommendation_id IS NULL) AS report_level_responses,
  {_SUMMARY_COLUMNS}
FROM inquiries i
LEFT JOIN recommendation_status s ON s.inquiry_id = i.inquiry_id
GROUP BY i.inquiry_id;
"""

VIEWS = {
    "report_deadlines": REPORT_DEADLINES,
    "recommendation_status": RECOMMENDATION_STATUS,
    "report_summary": REPORT_SUMMARY,
    "inquiry_summary": INQUIRY_SUMMARY,
}
