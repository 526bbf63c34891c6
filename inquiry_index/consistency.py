"""Checks that rows agree with each other, beyond what keys and types can state."""

from __future__ import annotations

from .problems import Problem

# (table, text column, completeness column) for every verbatim text.
VERBATIM_COLUMNS = {
    "recommendations": ("text", "text_completeness"),
    "responses": ("text", "text_completeness"),
    "evidence": ("excerpt", "excerpt_completeness"),
}


def check_completeness(file: str, row_number: int, row: dict, table: str) -> list[Problem]:
    """Check that 'none' (no text was read) goes with an empty text, and only with one."""
    if table not in VERBATIM_COLUMNS:
        return []
    text_column, flag_column = VERBATIM_COLUMNS[table]
    text = row.get(text_column) or ""
    flag = row.get(flag_column) or ""
    if not text and flag and flag != "none":
        return [Problem(file, row_number, flag_column, flag,
                        f"{text_column} is empty but {flag_column} says {flag!r}",
                        f"set {flag_column} to 'none', or fill in {text_column} from the source")]
    if text and flag == "none":
        return [Problem(file, row_number, flag_column, flag,
                        f"{flag_column} is 'none' but {text_column} holds text",
                        f"set {flag_column} to 'complete', 'truncated' or 'partial'")]
    return []


def check_same_report(file: str, row_number: int, row: dict,
                      report_of_recommendation: dict[str, str]) -> list[Problem]:
    """Check that a response or evidence entry names its recommendation's report."""
    recommendation_id = row.get("recommendation_id") or ""
    expected = report_of_recommendation.get(recommendation_id)
    if expected and row.get("report_id") != expected:
        return [Problem(file, row_number, "report_id", row.get("report_id") or "",
                        f"recommendation {recommendation_id} belongs to report {expected}",
                        f"set report_id to {expected}, or correct recommendation_id")]
    return []


def check_deadline(file: str, row_number: int, row: dict) -> list[Problem]:
    """Check that a deadline is a period or a date, has its sentence, and follows publication."""
    months = row.get("response_deadline_months") or ""
    date = row.get("response_deadline_on") or ""
    problems = []
    if months and date:
        problems.append(Problem(file, row_number, "response_deadline_on", date,
                                "both a deadline period and a deadline date are given",
                                "keep the one the deadline sentence states and empty the other"))
    if (months or date) and not row.get("response_deadline_text"):
        problems.append(Problem(file, row_number, "response_deadline_text", "",
                                "a deadline is given without the sentence that sets it",
                                "copy the deadline sentence from the source into "
                                "response_deadline_text, or empty the deadline"))
    published_on = row.get("published_on") or ""
    precision = min(len(date), len(published_on))
    if date and published_on and date[:precision] < published_on[:precision]:
        problems.append(Problem(file, row_number, "response_deadline_on", date,
                                f"the deadline is before the report was published on "
                                f"{published_on}",
                                "check the deadline date and the publication date against "
                                "the sources"))
    return problems
