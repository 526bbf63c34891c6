"""Give the home page (index.html) its headline counts, latest evidence and chart geometry."""

from __future__ import annotations

from datasette import hookimpl

DATABASE = "inquiries"
LATEST_EVIDENCE_LIMIT = 6

# Each inquiry's bar is its own SVG, CHART_WIDTH units wide and stretched to the
# page width. The labels are HTML text, so they stay readable on a phone.
CHART_WIDTH = 480

COUNTS_SQL = """
select
  (select count(*) from inquiries) as inquiries,
  (select count(*) from reports) as reports,
  (select count(*) from recommendations) as recommendations,
  (select count(*) from responses) as responses,
  (select count(*) from evidence) as evidence_entries,
  (select count(*) from recommendation_status
    where response_state = 'no response recorded') as no_response_recorded,
  (select coalesce(sum(overdue), 0) from recommendation_status) as overdue,
  (select coalesce(sum(deadline_passed_none_recorded), 0) from recommendation_status)
    as deadline_passed_none_recorded
"""

INQUIRIES_SQL = """
select s.inquiry_id, s.short_name, s.name, s.reports, s.recommendations,
  s.with_own_response, s.no_response_recorded, s.overdue, s.deadline_passed_none_recorded
from inquiry_summary s
order by s.recommendations desc, s.short_name
"""

LATEST_EVIDENCE_SQL = """
select e.evidence_id, e.occurred_on, e.kind, e.description, e.recommendation_id,
  e.report_id, r.label, r.sequence, rep.title as report_title, i.short_name as inquiry
from evidence e
join reports rep on rep.report_id = e.report_id
join inquiries i on i.inquiry_id = rep.inquiry_id
left join recommendations r on r.recommendation_id = e.recommendation_id
order by e.occurred_on desc, e.evidence_id
limit :limit
"""


def chart_rows(inquiries: list[dict]) -> list[dict]:
    """Lay out one 100% stacked bar per inquiry: own response, whole report only, none.

    Inquiries with no recommendations recorded have no bar; the table under the
    chart still lists them.
    """
    rows = []
    for inquiry in inquiries:
        total = inquiry["recommendations"]
        if not total:
            continue
        counts = {
            "own": inquiry["with_own_response"],
            "whole": total - inquiry["with_own_response"] - inquiry["no_response_recorded"],
            "none": inquiry["no_response_recorded"],
        }
        segments = []
        x = 0.0
        for key, count in counts.items():
            width = CHART_WIDTH * count / total
            segments.append({"key": key, "count": count, "x": round(x, 2),
                             "width": round(width, 2)})
            x += width
        rows.append({**inquiry, "whole_report_only": counts["whole"], "segments": segments})
    return rows


async def load_home(datasette) -> dict:
    db = datasette.get_database(DATABASE)
    counts = dict((await db.execute(COUNTS_SQL)).first())
    inquiries = [dict(row) for row in (await db.execute(INQUIRIES_SQL)).rows]
    latest = await db.execute(LATEST_EVIDENCE_SQL, {"limit": LATEST_EVIDENCE_LIMIT})
    return {
        "counts": counts,
        "no_response_percent": (round(100 * counts["no_response_recorded"]
                                      / counts["recommendations"])
                                if counts["recommendations"] else 0),
        "inquiries": inquiries,
        "latest_evidence": [dict(row) for row in latest.rows],
        "chart": {"rows": chart_rows(inquiries), "width": CHART_WIDTH},
    }


@hookimpl
def extra_template_vars(template, datasette):
    async def inner():
        if template != "index.html":
            return {}
        return {"home": await load_home(datasette)}

    return inner
