"""Find records not verified against their sources within a window of days.

Reads the CSVs directly, so a scheduled job needs no database build first.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from .datapackage import DataPackage
from .validate import read_rows


@dataclass(frozen=True)
class StaleRecord:
    inquiry_id: str
    recommendation_id: str
    last_verified_on: str | None

    def days_since(self, today: datetime.date) -> int | None:
        if self.last_verified_on is None:
            return None
        return (today - datetime.date.fromisoformat(self.last_verified_on)).days


def find_stale(package: DataPackage, days: int,
               today: datetime.date) -> list[StaleRecord]:
    """Return recommendations last verified more than `days` days before `today`, or never.

    The result is sorted by inquiry, then oldest verification first.
    """
    last_verified: dict[str, str] = {}
    for _, row in read_rows(package.resource("verifications")):
        key = row["recommendation_id"]
        last_verified[key] = max(last_verified.get(key, ""), row["verified_on"])
    inquiry_of_report = {
        row["report_id"]: row["inquiry_id"] for _, row in read_rows(package.resource("reports"))
    }
    cutoff = (today - datetime.timedelta(days=days)).isoformat()
    stale = []
    for _, row in read_rows(package.resource("recommendations")):
        verified = last_verified.get(row["recommendation_id"]) or None
        if verified is None or verified < cutoff:
            stale.append(StaleRecord(inquiry_of_report.get(row["report_id"], ""),
                                     row["recommendation_id"], verified))
    return sorted(stale, key=lambda r: (r.inquiry_id, r.last_verified_on or "",
                                        r.recommendation_id))


def format_stale(stale: list[StaleRecord], total: int, days: int,
                 today: datetime.date) -> str:
    """Write a plain-text report grouped by inquiry."""
    if not stale:
        return (f"All {total} records were verified within the last {days} days "
                f"(as of {today}).\n")
    lines = [f"{len(stale)} of {total} records not verified within {days} days "
             f"(as of {today}):"]
    for inquiry_id, group in itertools.groupby(stale, key=lambda r: r.inquiry_id):
        records = list(group)
        lines += ["", f"{inquiry_id}: {len(records)} stale"]
        for record in records:
            if record.last_verified_on is None:
                lines.append(f"  {record.recommendation_id}  never verified")
            else:
                lines.append(f"  {record.recommendation_id}  last verified "
                             f"{record.last_verified_on} ({record.days_since(today)} days ago)")
    return "\n".join(lines) + "\n"
