"""Write a synthetic data package that passes the project's own validation.

    python bench/generate.py OUT_DIR --recommendations 100000

The package has the real schemas and datapackage.json, consistent keys, and
text lengths and vocabulary of the same order as the real data: per
recommendation about 0.7 responses, 1.5 evidence entries, 1.2 addressees and
one verification. The text is generated, not quoted, and must never be
published as data.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "the government should require inquiry recommendation department local authority "
    "police safeguarding children evidence review publish response within six months "
    "report national guidance statutory duty fire building residents records support "
    "independent scheme redress training policy practice data information sharing "
    "regulator standards health care services survivors victims access provide ensure"
).split()
POSITIONS = ["accepted", "accepted in principle", "accepted in part", "not accepted",
             "noted", "under consideration"]
EVIDENCE_KINDS = ["progress statement", "legislation", "consultation", "written statement",
                  "guidance"]
URL = "https://example.org/{}/{}"


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, min_words: int, max_words: int) -> str:
    target = rng.randint(min_words, max_words)
    parts = []
    while target > 0:
        size = min(target, rng.randint(8, 25))
        parts.append(sentence(rng, size))
        target -= size
    return " ".join(parts)


def day(rng: random.Random, start_year: int, end_year: int) -> str:
    return f"{rng.randint(start_year, end_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def write_table(out: Path, name: str, rows) -> int:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
    fields = [field["name"] for field in schema["fields"]]
    count = 0
    with (out / "data" / "csv" / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate(out: Path, recommendations: int, seed: int = 1) -> dict[str, int]:
    """Write the package under `out` and return the row count of each table."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "data" / "csv").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", out / "datapackage.json")
    shutil.rmtree(out / "schemas", ignore_errors=True)
    shutil.copytree(ROOT / "schemas", out / "schemas")

    inquiries = max(1, recommendations // 2000)
    reports = max(1, recommendations // 40)
    organisations = max(10, recommendations // 200)
    documents = max(1, recommendations // 10)
    counts = {}

    counts["inquiries"] = write_table(out, "inquiries", (
        dict(inquiry_id=f"inquiry-{i}", name=f"Synthetic Inquiry {i}", short_name=f"SI {i}",
             url=URL.format("inquiry", i))
        for i in range(inquiries)))
    counts["organisations"] = write_table(out, "organisations", (
        dict(organisation_id=f"org-{i}", name=f"Organisation {i}",
             kind=rng.choice(["UK government department", "local authority", "police"]),
             parent_id="org-0" if i else "")
        for i in range(organisations)))
    counts["documents"] = write_table(out, "documents", (
        dict(document_id=f"doc-{i}", title=sentence(rng, 8), publisher=f"Organisation {i % 50}",
             kind=rng.choice(["report", "response", "progress report", "written statement"]),
             source_type="primary" if i % 10 else "secondary",
             url=URL.format("document", i), accessed_on="2026-12-04")
        for i in range(documents)))
    report_dates = [day(rng, 2015, 2022) for _ in range(reports)]
    counts["reports"] = write_table(out, "reports", (
        dict(report_id=f"report-{i}", inquiry_id=f"inquiry-{i % inquiries}",
             title=sentence(rng, 7), published_on=report_dates[i], url=URL.format("report", i),
             document_id=f"doc-{i % documents}",
             response_deadline_text=sentence(rng, 20) if i % 2 else "",
             response_deadline_months="6" if i % 2 else "",
             response_deadline_document_id=f"doc-{i % documents}" if i % 2 else "",
             response_coverage="complete" if i % 3 else "unknown")
        for i in range(reports)))

    def recommendation_rows():
        for i in range(recommendations):
            report = i % reports
            yield dict(recommendation_id=f"report-{report}-{i}", report_id=f"report-{report}",
                       sequence=str(i // reports + 1), label=str(i // reports + 1),
                       heading=sentence(rng, 6), text=paragraph(rng, 40, 160),
                       text_completeness="complete" if i % 7 else "truncated",
                       document_id=f"doc-{rng.randrange(documents)}",
                       source_url=URL.format("recommendation", i))

    counts["recommendations"] = write_table(out, "recommendations", recommendation_rows())
    counts["recommendation_addressees"] = write_table(out, "recommendation_addressees", (
        dict(recommendation_id=f"report-{i % reports}-{i}", organisation_id=f"org-{org}",
             words_used=f"Organisation {org}", basis="named in text")
        for i in range(recommendations)
        for org in sorted({rng.randrange(organisations) for _ in range(1 + (i % 5 == 0))})))

    def response_rows():
        for i in range(recommendations):
            if i % 10 >= 7:
                continue
            report = i % reports
            text = paragraph(rng, 30, 200)
            position = "not stated" if i % 3 else rng.choice(POSITIONS)
            phrase = ""
            if position != "not stated":
                phrase = f"The government has {position} this recommendation"
                text = f"{phrase}. {text}"
            yield dict(response_id=f"response-{i}", report_id=f"report-{report}",
                       recommendation_id=f"report-{report}-{i}",
                       responder_id=f"org-{rng.randrange(organisations)}",
                       document_id=f"doc-{rng.randrange(documents)}",
                       responded_on=f"{2023 + i % 3}-01-15", text=text,
                       text_completeness="complete", position=position,
                       position_phrase=phrase, source_url=URL.format("response", i))

    counts["responses"] = write_table(out, "responses", response_rows())

    def evidence_rows():
        for i in range(recommendations):
            report = i % reports
            for n in range(1 + (i % 2)):
                yield dict(evidence_id=f"evidence-{i}-{n}", report_id=f"report-{report}",
                           recommendation_id=f"report-{report}-{i}",
                           organisation_id=f"org-{rng.randrange(organisations)}",
                           document_id=f"doc-{rng.randrange(documents)}",
                           occurred_on=day(rng, 2023, 2026), kind=rng.choice(EVIDENCE_KINDS),
                           excerpt=paragraph(rng, 20, 120), excerpt_completeness="complete",
                           description=sentence(rng, 12), source_url=URL.format("evidence", i))

    counts["evidence"] = write_table(out, "evidence", evidence_rows())
    counts["verifications"] = write_table(out, "verifications", (
        dict(recommendation_id=f"report-{i % reports}-{i}", verified_on="2026-12-04",
             outcome="read from source", checked_url=URL.format("recommendation", i))
        for i in range(recommendations)))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the package into")
    parser.add_argument("--recommendations", type=int, default=10_000,
                        help="number of recommendations (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args()
    counts = generate(args.out, args.recommendations, args.seed)
    for name, count in counts.items():
        print(f"{name}: {count}")


if __name__ == "__main__":
    main()
