"""Serve the pages people read and cite: one per recommendation, report and inquiry.

Every query takes the identifier as a named parameter. An identifier that
matches no row gets the site's 404 page with status 404.
"""

from __future__ import annotations

import json

from urllib.parse import quote, unquote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

DATABASE = "inquiries"

RECOMMENDATION_STATUS_SQL = """
select s.*, date('now') as today
from recommendation_status s
where s.recommendation_id = :recommendation_id
"""

RECOMMENDATION_SQL = """
select r.*, d.title as document_title, d.publisher, d.source_type, d.url as document_url,
  d.archive_url
from recommendations r
join documents d on d.document_id = r.document_id
where r.recommendation_id = :recommendation_id
"""

REPORT_SQL = """
select rep.*, i.name as inquiry_name, i.short_name as inquiry_short_name,
  dl.deadline_on, dl.deadline_basis,
  d.source_type as document_source_type, d.publisher as document_publisher,
  dd.title as deadline_document_title, dd.url as deadline_document_url,
  dd.source_type as deadline_document_source_type
from reports rep
join inquiries i on i.inquiry_id = rep.inquiry_id
left join report_deadlines dl on dl.report_id = rep.report_id
left join documents d on d.document_id = rep.document_id
left join documents dd on dd.document_id = rep.response_deadline_document_id
where rep.report_id = :report_id
"""

ADDRESSEES_SQL = """
select a.organisation_id, o.name, a.words_used, a.basis
from recommendation_addressees a
join organisations o on o.organisation_id = a.organisation_id
where a.recommendation_id = :recommendation_id
order by o.name
"""

# Responses to this recommendation and to its whole report, oldest first;
# undated responses go last.
RESPONSES_SQL = """
select x.response_id, x.recommendation_id, x.responded_on, x.text, x.text_completeness,
  x.position, x.position_phrase, x.source_url, x.responder_id, o.name as responder,
  d.title as document_title, d.publisher, d.source_type
from responses x
join organisations o on o.organisation_id = x.responder_id
join documents d on d.document_id = x.document_id
where x.recommendation_id = :recommendation_id
   or (x.report_id = :report_id and x.recommendation_id is null)
order by x.responded_on is null, x.responded_on, x.recommendation_id is null, x.response_id
"""

EVIDENCE_SQL = """
select e.evidence_id, e.recommendation_id, e.occurred_on, e.kind, e.excerpt,
  e.excerpt_completeness, e.description, e.source_url, o.name as organisation,
  d.title as document_title, d.publisher, d.source_type
from evidence e
join documents d on d.document_id = e.document_id
left join organisations o on o.organisation_id = e.organisation_id
where e.recommendation_id = :recommendation_id
   or (e.report_id = :report_id and e.recommendation_id is null)
order by e.occurred_on desc, e.evidence_id
"""

LATEST_VERIFICATION_SQL = """
select verified_on, outcome, checked_url, notes
from verifications
where recommendation_id = :recommendation_id
order by verified_on desc
limit 1
"""

# Changes from git to the recommendation's row and the rows that hang off it. A
# composite key starts with the recommendation_id and a '/', and the range
# comparison ('/' is followed by '0') uses the index on (table_name, record_id).
CHANGES_SQL = """
select change_id, table_name, record_id, commit_sha, committed_at, change, columns_changed,
  old_values, new_values
from changes
where (table_name = 'recommendations' and record_id = :recommendation_id)
  or (table_name in ('recommendation_addressees', 'verifications')
      and record_id > :recommendation_id || '/' and record_id < :recommendation_id || '0')
  or (table_name = 'responses' and record_id in (
      select response_id from responses where recommendation_id = :recommendation_id))
  or (table_name = 'evidence' and record_id in (
      select evidence_id from evidence where recommendation_id = :recommendation_id))
order by committed_at desc, change_id desc
limit 100
"""

REPORT_SUMMARY_SQL = "select * from report_summary where report_id = :report_id"

REPORT_RECOMMENDATIONS_SQL = """
select s.recommendation_id, s.label, s.heading, s.sequence, s.response_state, s.overdue,
  s.days_overdue, s.deadline_passed_none_recorded, s.days_since_deadline, s.evidence_count,
  s.text_completeness, r.text
from recommendation_status s
join recommendations r on r.recommendation_id = s.recommendation_id
where s.report_id = :report_id
order by s.sequence, s.recommendation_id
"""

REPORT_RESPONSES_SQL = """
select x.response_id, x.responded_on, o.name as responder, x.source_url,
  d.title as document_title, d.source_type
from responses x
join organisations o on o.organisation_id = x.responder_id
join documents d on d.document_id = x.document_id
where x.report_id = :report_id and x.recommendation_id is null
order by x.responded_on is null, x.responded_on, x.response_id
"""

INQUIRY_SQL = """
select i.*, s.reports, s.report_level_responses, s.recommendations, s.with_own_response,
  s.no_response_recorded, s.overdue, s.deadline_passed_none_recorded,
  s.responses_to_recommendations, s.evidence_entries,
  s.first_response_on, s.latest_activity_on
from inquiries i
join inquiry_summary s on s.inquiry_id = i.inquiry_id
where i.inquiry_id = :inquiry_id
"""

INQUIRY_REPORTS_SQL = """
select s.*, rep.url
from report_summary s
join reports rep on rep.report_id = s.report_id
where s.inquiry_id = :inquiry_id
order by s.published_on, s.report_id
"""

INQUIRY_RECOMMENDATIONS_SQL = """
select s.recommendation_id, s.report_id, s.label, s.heading, s.sequence, s.response_state,
  s.overdue, s.days_overdue, s.deadline_passed_none_recorded, s.days_since_deadline,
  s.evidence_count, s.text_completeness, r.text
from recommendation_status s
join recommendations r on r.recommendation_id = s.recommendation_id
where s.inquiry_id = :inquiry_id
order by s.report_published_on, s.report_id, s.sequence
"""


BUILD_RECORD_SQL = "select data_version, git_commit, built_at from build_record"

# LaTeX's special characters, escaped in one pass so no replacement is escaped twice.
BIBTEX_ESCAPES = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
})


def recommendation_name(label: str | None, sequence: int) -> str:
    """Name a recommendation by its printed label: 'Recommendation 2', 'Recommendation R7(a)'.

    A label printed with the word already ('Recommendation 1') is used as it is,
    and a recommendation printed without a label is named by its position.
    """
    label = (label or "").strip()
    if not label:
        return f"Unlabelled recommendation (number {sequence} in its report)"
    if label.lower().startswith("recommendation"):
        return label
    return f"Recommendation {label}"


def bibtex_escape(value: str) -> str:
    return value.translate(BIBTEX_ESCAPES)


def build_citation(key: str, author: str, title: str, note: str, permalink: str,
                   build: dict, site_title: str, accessed_on: str) -> dict[str, str]:
    """Return a citation of one page as plain text and as a BibTeX @misc entry.

    The cited work is the index record at this data version, so the year is the
    year the database was built; the record's own date goes in the note.
    """
    version = f"data version {build['data_version']}"
    if build.get("git_commit"):
        version += f", commit {build['git_commit'][:12]}"
    plain = (f"{author}. {title}. {note}. In: {site_title}, {version}. "
             f"{permalink} (accessed {accessed_on}).")
    fields = [
        ("author", "{" + bibtex_escape(author) + "}"),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("howpublished", bibtex_escape(f"{site_title}, {version}")),
        ("year", build["built_at"][:4]),
        ("note", bibtex_escape(note)),
        ("url", permalink),
        ("urldate", accessed_on),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return {"plain": plain, "bibtex": f"@misc{{{key},\n{body}\n}}"}


def path_identifier(request, name: str) -> str:
    # Datasette matches routes against the raw path, so the value is still
    # percent-encoded.
    return unquote(request.url_vars[name])


async def query_rows(datasette, sql: str, params: dict) -> list[dict]:
    result = await datasette.get_database(DATABASE).execute(sql, params)
    return [dict(row) for row in result.rows]


async def query_row(datasette, sql: str, params: dict) -> dict | None:
    rows = await query_rows(datasette, sql, params)
    return rows[0] if rows else None


def row_url(datasette, table: str, identifier: str, format: str | None = None) -> str:
    return datasette.urls.row(DATABASE, table, tilde_encode(identifier), format=format)


def table_url(datasette, table: str, format: str, **filters: str) -> str:
    """Return the URL of a Datasette table export, filtered by column equality."""
    url = datasette.urls.table(DATABASE, table, format=format)
    return f"{url}?{urlencode(filters)}" if filters else url


async def cite(datasette, request, kind: str, identifier: str, author: str, title: str,
               note: str) -> dict[str, str]:
    """Return the page's permalink and its citation in plain text and BibTeX."""
    permalink = datasette.absolute_url(
        request, datasette.urls.path(f"/{kind}/{quote(identifier, safe='')}"))
    build = await query_row(datasette, BUILD_RECORD_SQL, {})
    today = await query_row(datasette, "select date('now') as today", {})
    citation = build_citation(
        key=f"inquiryindex:{identifier}", author=author, title=title, note=note,
        permalink=permalink, build=build, site_title=datasette.metadata("title"),
        accessed_on=today["today"],
    )
    return {"permalink": permalink, **citation}


async def render_page(datasette, request, template: str, context: dict,
                      status: int = 200) -> Response:
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


def decode_change(row: dict) -> dict:
    """Parse a changes row's JSON columns into lists and dicts for the template."""
    decoded = dict(row)
    for column in ("columns_changed", "old_values", "new_values"):
        decoded[column] = json.loads(row[column]) if row[column] else None
    return decoded


async def render_not_found(datasette, request, kind: str, identifier: str) -> Response:
    context = {"kind": kind, "identifier": identifier}
    return await render_page(datasette, request, "reader_not_found.html", context, 404)


async def recommendation_page(datasette, request) -> Response:
    recommendation_id = path_identifier(request, "recommendation_id")
    params = {"recommendation_id": recommendation_id}
    status = await query_row(datasette, RECOMMENDATION_STATUS_SQL, params)
    if status is None:
        return await render_not_found(datasette, request, "recommendation",
                                      recommendation_id)
    params["report_id"] = status["report_id"]
    recommendation = await query_row(datasette, RECOMMENDATION_SQL, params)
    report = await query_row(datasette, REPORT_SQL, params)
    title = recommendation_name(recommendation["label"], recommendation["sequence"])
    if recommendation["heading"]:
        title += f": {recommendation['heading']}"
    citation = await cite(
        datasette, request, "recommendation", recommendation_id, author=report["inquiry_name"], title=title,
        note=f"Recommendation in “{report['title']}”, published {report['published_on']}",
    )
    context = {
        "status": status,
        "recommendation": recommendation,
        "report": report,
        "addressees": await query_rows(datasette, ADDRESSEES_SQL, params),
        "responses": await query_rows(datasette, RESPONSES_SQL, params),
        "evidence": await query_rows(datasette, EVIDENCE_SQL, params),
        "verification": await query_row(datasette, LATEST_VERIFICATION_SQL, params),
        "changes": [decode_change(row) for row in
                    await query_rows(datasette, CHANGES_SQL, params)],
        "history_status": (await query_row(
            datasette, "select history_status from build_record", {}))["history_status"],
        "citation": citation,
        "exports": [
            ("This recommendation as JSON",
             row_url(datasette, "recommendations", recommendation_id, format="json")),
            ("This recommendation as CSV",
             table_url(datasette, "recommendations", "csv",
                       recommendation_id=recommendation_id)),
            ("Its computed status as JSON",
             table_url(datasette, "recommendation_status", "json",
                       recommendation_id=recommendation_id)),
            ("Its responses as CSV",
             table_url(datasette, "responses", "csv", recommendation_id=recommendation_id)),
            ("Its evidence entries as CSV",
             table_url(datasette, "evidence", "csv", recommendation_id=recommendation_id)),
            ("This row in the data tables",
             row_url(datasette, "recommendations", recommendation_id)),
        ],
    }
    return await render_page(datasette, request, "recommendation.html", context)


async def report_page(datasette, request) -> Response:
    report_id = path_identifier(request, "report_id")
    params = {"report_id": report_id}
    summary = await query_row(datasette, REPORT_SUMMARY_SQL, params)
    if summary is None:
        return await render_not_found(datasette, request, "report", report_id)
    report = await query_row(datasette, REPORT_SQL, params)
    citation = await cite(
        datasette, request, "report", report_id, author=report["inquiry_name"], title=report["title"],
        note=f"Report published {report['published_on']}, with its recommendations and "
             "the responses recorded",
    )
    context = {
        "summary": summary,
        "report": report,
        "recommendations": await query_rows(datasette, REPORT_RECOMMENDATIONS_SQL, params),
        "report_responses": await query_rows(datasette, REPORT_RESPONSES_SQL, params),
        "citation": citation,
        "exports": [
            ("This report as JSON", row_url(datasette, "reports", report_id, format="json")),
            ("Its recommendations and their status as CSV",
             table_url(datasette, "recommendation_status", "csv", report_id=report_id)),
            ("Its responses as CSV",
             table_url(datasette, "responses", "csv", report_id=report_id)),
            ("This row in the data tables", row_url(datasette, "reports", report_id)),
        ],
    }
    return await render_page(datasette, request, "report.html", context)


async def inquiry_page(datasette, request) -> Response:
    inquiry_id = path_identifier(request, "inquiry_id")
    params = {"inquiry_id": inquiry_id}
    inquiry = await query_row(datasette, INQUIRY_SQL, params)
    if inquiry is None:
        return await render_not_found(datasette, request, "inquiry", inquiry_id)
    citation = await cite(
        datasette, request, "inquiry", inquiry_id, author=inquiry["name"],
        title=f"{inquiry['name']}: recommendations and responses",
        note="The inquiry's reports, recommendations and the responses recorded",
    )
    context = {
        "inquiry": inquiry,
        "reports": await query_rows(datasette, INQUIRY_REPORTS_SQL, params),
        "recommendations": await query_rows(datasette, INQUIRY_RECOMMENDATIONS_SQL, params),
        "citation": citation,
        "exports": [
            ("This inquiry as JSON",
             row_url(datasette, "inquiries", inquiry_id, format="json")),
            ("Its recommendations and their status as CSV",
             table_url(datasette, "recommendation_status", "csv", inquiry_id=inquiry_id)),
            ("Its reports as CSV",
             table_url(datasette, "report_summary", "csv", inquiry_id=inquiry_id)),
            ("This row in the data tables", row_url(datasette, "inquiries", inquiry_id)),
        ],
    }
    return await render_page(datasette, request, "inquiry.html", context)


@hookimpl
def extra_template_vars(datasette):
    """Give every template the site title."""
    return {"site_title": datasette.metadata("title")}


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["recommendation_name"] = lambda row: recommendation_name(row["label"],
                                                                         row["sequence"])


@hookimpl
def register_routes():
    return [
        (r"^/recommendation/(?P<recommendation_id>[^/]+)$", recommendation_page),
        (r"^/report/(?P<report_id>[^/]+)$", report_page),
        (r"^/inquiry/(?P<inquiry_id>[^/]+)$", inquiry_page),
    ]
