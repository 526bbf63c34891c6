#!/usr/bin/env python3
"""Convert the shared raw research material into the nine CSVs of data/csv/.

Usage: python scripts/import_shared_data.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ../shared/data relative to the repository root. The
script reads only the raw CSVs there, applies the hand-written judgment tables
below, checks the result against the project's own rules and writes each CSV
atomically. It is deterministic: the same input always gives byte-identical output.

Every editorial judgment is in a named table keyed by the raw row, so a reviewer
can audit it:

- ORGANISATIONS: the register of addressees, responders and publishers.
- INQUIRY_DETAILS, REPORT_DETAILS: values the raw files do not hold as columns.
- DOCUMENTS: one row per distinct URL read (title, publisher, kind, source type).
- RECOMMENDATION_DETAILS: heading corrections, completeness, addressees, notes.
- RESPONSE_DECISIONS: for each raw response row, whether it is a response, an
  evidence entry or left out, with responder, position and phrase.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED_DIR = REPO_ROOT / ".." / "shared" / "data"
OUTPUT_DIR = REPO_ROOT / "data" / "csv"
SCHEMA_DIR = REPO_ROOT / "schemas"

# The date every text was read from its archived copy; also the verification date.
ACCESSED_ON = "2026-12-04"

TABLES = (
    "inquiries",
    "organisations",
    "documents",
    "reports",
    "recommendations",
    "recommendation_addressees",
    "responses",
    "evidence",
    "verifications",
)

# Editorial markers the raw material appended to texts. They are not part of the
# source's wording, so the import removes them and records them in notes.
TRAILING_MARKER = re.compile(r"\s*\[(TRUNCATED[^\[\]]*|EXCERPT[^\[\]]*)\]$")

NAMED = "named in text"
STATED = "responsibility stated"

# ---------------------------------------------------------------------------
# Organisations register
# ---------------------------------------------------------------------------

GROUP_NOTE = (
    "A group of bodies, not one organisation: the name quotes the recommendation's "
    "own phrase, and no member body is identified."
)
ACRONYM_NOTE = "The page read prints only the acronym; the full name is given here for readers."

# (organisation_id, name, kind, parent_id, notes)
ORGANISATIONS = (
    ("hm-government", "HM Government", "UK government", "", ""),
    ("home-office", "Home Office", "UK government department", "hm-government", ""),
    ("ministry-of-justice", "Ministry of Justice", "UK government department", "hm-government", ""),
    ("cabinet-office", "Cabinet Office", "UK government department", "hm-government", ""),
    ("department-for-education", "Department for Education", "UK government department", "hm-government", ""),
    ("department-for-business-and-trade", "Department for Business and Trade", "UK government department", "hm-government", ""),
    ("department-for-work-and-pensions", "Department for Work and Pensions", "UK government department", "hm-government", ""),
    ("mhclg", "Ministry of Housing, Communities and Local Government", "UK government department", "hm-government", ""),
    ("attorney-general", "Attorney General", "other", "hm-government",
     "A Law Officer of the Crown, addressed by name of office in the IICSA Interim Report."),
    ("scottish-government", "Scottish Government", "devolved government", "", ""),
    ("welsh-government", "Welsh Government", "devolved government", "", ""),
    ("northern-ireland-executive", "Northern Ireland Executive", "devolved government", "",
     "Used where a recommendation addresses the government of Northern Ireland."),
    ("northern-ireland-executive-office", "The Executive Office", "devolved government", "northern-ireland-executive",
     "The Northern Ireland Executive Office (TEO), a department of the Northern Ireland Executive."),
    ("devolved-governments", "Devolved governments", "group of bodies", "",
     "Used where a recommendation addresses 'devolved governments' without naming them. " + GROUP_NOTE),
    ("metropolitan-police-service", "Metropolitan Police Service", "police", "", ""),
    ("british-transport-police", "British Transport Police", "police", "", ""),
    ("national-police-chiefs-council", "National Police Chiefs’ Council", "police", "", ""),
    ("college-of-policing", "College of Policing", "professional body", "", ""),
    ("london-fire-brigade", "London Fire Brigade", "fire and rescue service", "", ""),
    ("national-fire-chiefs-council", "National Fire Chiefs Council", "professional body", "", ""),
    ("youth-custody-service", "Youth Custody Service", "other", "", ""),
    ("financial-conduct-authority", "Financial Conduct Authority", "regulator", "", ""),
    ("forfeiture-committee", "Forfeiture Committee", "other", "",
     "The committee that considers forfeiture of honours, named in the IICSA Westminster report."),
    ("local-government-association", "Local Government Association", "other", "", ""),
    ("association-of-british-insurers", "Association of British Insurers", "industry body", "", ""),
    ("church-of-england", "Church of England", "religious organisation", "", ""),
    ("catholic-bishops-conference-of-england-and-wales", "Catholic Bishops’ Conference of England and Wales",
     "religious organisation", "", ""),
    ("conference-of-religious-in-england-and-wales", "Conference of Religious in England and Wales",
     "religious organisation", "", ""),
    ("nottingham-city-council", "Nottingham City Council", "local authority", "", ""),
    ("nottinghamshire-county-council", "Nottinghamshire County Council", "local authority", "", ""),
    ("lambeth-council", "Lambeth Council", "local authority", "", ""),
    ("smg", "SMG", "company", "", "Listed by this name in the Manchester Arena Inquiry's 'Reporter' column."),
    ("showsec", "Showsec", "company", "", ""),
    ("nactso", "National Counter Terrorism Security Office (NaCTSO)", "police", "", ACRONYM_NOTE),
    ("osct", "Office for Security and Counter-Terrorism (OSCT)", "other", "", ACRONYM_NOTE),
    ("ctphq", "Counter Terrorism Policing Headquarters (CTPHQ)", "police", "", ACRONYM_NOTE),
    ("cpni", "Centre for the Protection of National Infrastructure (CPNI)", "other", "", ACRONYM_NOTE),
    ("post-office-limited", "Post Office Limited", "company", "", ""),
    ("fujitsu", "Fujitsu", "company", "", ""),
    ("independent-inquiry-into-child-sexual-abuse", "Independent Inquiry into Child Sexual Abuse", "other", "",
     "A public inquiry; registered here as the publisher of its own pages."),
    ("uk-covid-19-inquiry", "UK Covid-19 Inquiry", "other", "",
     "A public inquiry; registered here as the publisher of its own pages."),
    ("manchester-arena-inquiry", "Manchester Arena Inquiry", "other", "",
     "A public inquiry; registered here as the publisher of its own pages."),
    ("brook-house-inquiry", "Brook House Inquiry", "other", "",
     "A public inquiry; registered here as the publisher of its own pages."),
    ("group-child-migration-institutions-not-apologised",
     "Institutions involved in the child migration programmes who have not apologised for their role",
     "group of bodies", "", GROUP_NOTE),
    ("group-political-parties", "Political parties", "group of bodies", "", GROUP_NOTE),
    ("group-other-westminster-institutions", "Other Westminster institutions", "group of bodies", "", GROUP_NOTE),
    ("group-all-government-departments", "All government departments", "group of bodies", "", GROUP_NOTE),
    ("group-political-parties-registered-in-england-and-wales",
     "All political parties registered with the Electoral Commission in England and Wales",
     "group of bodies", "", GROUP_NOTE),
    ("group-all-religious-organisations", "All religious organisations", "group of bodies", "", GROUP_NOTE),
    ("group-police-forces-and-local-authorities-in-england-and-wales",
     "Police forces and local authorities in England and in Wales", "group of bodies", "", GROUP_NOTE),
    ("group-fire-and-rescue-services", "Fire and rescue services", "group of bodies", "", GROUP_NOTE),
    ("group-owners-and-managers-of-residential-buildings",
     "The owner and manager of every residential building containing separate dwellings",
     "group of bodies", "", GROUP_NOTE),
    ("group-emergency-services", "Emergency Services", "group of bodies", "",
     "As written in the 'Responsible for completion' value on fireengland.uk. " + GROUP_NOTE),
    ("group-contractors-operating-immigration-removal-centres",
     "Contractors operating immigration removal centres", "group of bodies", "", GROUP_NOTE),
)

# ---------------------------------------------------------------------------
# Inquiries
# ---------------------------------------------------------------------------

# Values only where the shared material states them; empty otherwise.
INQUIRY_DETAILS = {
    "iicsa": dict(
        name="Independent Inquiry into Child Sexual Abuse",
        short_name="IICSA",
        url="https://www.iicsa.org.uk/",
        jurisdiction="England and Wales",
        kind="",
        chair="",
        established_on="",
        concluded_on="2022-10-20",
        notes=(
            "The raw material describes the Inquiry as covering England and Wales over 2015–2022; "
            "no month is given for its start, so established_on is empty. concluded_on is the "
            "publication date of the Final Report. Its chair and statutory basis are not stated "
            "in the material this record was built from."
        ),
    ),
    "grenfell": dict(
        short_name="Grenfell Tower Inquiry",
        kind="statutory inquiry",
        chair="Sir Martin Moore-Bick",
        notes=(
            "Kind and chair as stated in the raw inquiry notes (which style him Chairman). "
            "The Phase 1 report made 46 recommendations and the Phase 2 report 58. The inquiry "
            "site's Phase 2 web edition was seen, but only the opening of each volume."
        ),
    ),
    "infected-blood": dict(
        short_name="Infected Blood Inquiry",
        chair="Sir Brian Langstaff",
        concluded_on="2024-05-20",
        notes=(
            "Chair as stated in the raw inquiry notes. concluded_on is the date of the final "
            "report (12 recommendations, several with lettered parts). No official page with "
            "the recommendation text was read."
        ),
    ),
    "manchester-arena": dict(
        short_name="Manchester Arena Inquiry",
        chair="Sir John Saunders",
        notes=(
            "Chair as stated in the raw inquiry notes (which style him Chairman). The report "
            "has three volumes (2021 to 2023); only the beginnings of the Inquiry's web pages "
            "were read."
        ),
    ),
    "covid19": dict(
        short_name="Covid-19 Inquiry",
        chair="Baroness Heather Hallett",
        notes=(
            "Chair as stated in the raw inquiry notes. Module 1 (report of 18 July 2024, 10 "
            "recommendations) and Module 2 (report of 20 November 2025, 19 recommendations) "
            "are covered, Module 2 only in part; the figure 19 comes from a barristers' chambers "
            "page. Later modules are not covered."
        ),
    ),
    "daniel-morgan": dict(
        short_name="Daniel Morgan Independent Panel",
        kind="independent panel",
        notes=(
            "The Panel's own website was not read; url is the gov.uk Government response "
            "(CP 857, 15 June 2023) that stood in for it. Recommendation numbers are the "
            "Metropolitan Police Service's ('MPS Numbering'); the Panel's own numbering was "
            "not seen."
        ),
    ),
    "brook-house": dict(
        short_name="Brook House Inquiry",
        kind="statutory inquiry",
        chair="Kate Eves",
        notes=(
            "Kind and chair as stated in the raw inquiry notes. The report of 19 September 2023 "
            "made 33 recommendations across 10 key issues of concern (per the gov.uk Government "
            "response, CP 1041)."
        ),
    ),
    "post-office-horizon": dict(
        short_name="Post Office Horizon IT Inquiry",
        kind="statutory inquiry",
        chair="Sir Wyn Williams",
        notes=(
            "Kind and chair as stated in the raw inquiry notes. Volume 1 of the final report "
            "(8 July 2025) made 19 recommendations, per the Minister for Small Businesses' "
            "written statement of 13 October 2025 (read on a third-party copy)."
        ),
    ),
}

# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------

SIX_MONTHS = 6

# Per report: notes, an optional title override (where the raw title carries a
# note), and the deadline: (sentence, months, date, document URL).
REPORT_DETAILS = {
    "iicsa-child-migration-2018": dict(
        notes="Published 1 March 2018 per HM Government's December 2018 response and a law-firm blog. "
        "Its recommendations part was not found; third-party pages list three recommendations.",
    ),
    "iicsa-rochdale-2018": dict(
        notes="Only the month of publication was found. A law-firm blog says the report made no "
        "recommendations; no IICSA page confirming that was read, so none is claimed here.",
    ),
    "iicsa-interim-2018": dict(
        notes="Published 25 April 2018 per an IICSA news page. The Introduction page was read only "
        "as far as 'Each recommendation is addressed to an institution. The Inquiry expects "
        "institutions to act upon its recommendations and ‒ in the interest of tra', which is cut "
        "off before any period is stated, so no deadline is recorded. The report made 18 new "
        "recommendations (IICSA news release); only 3 of them, plus one repeated from Child "
        "Migration Programmes, were found.",
    ),
    "iicsa-ampleforth-downside-2018": dict(
        notes="Only the month of publication was found. No recommendations page was found; the "
        "archived report pages end in a Conclusions section. This record does not claim that "
        "the report made no recommendations.",
    ),
    "iicsa-custodial-2019": dict(
        notes="Published 28 February 2019 per an IICSA news page.",
        deadline=(
            "The Chair and Panel ask those to whom its recommendations apply publish their response, "
            "including the timetable involved. This should be done within six months of the "
            "publication of this report unless stated otherwise.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/custodial/part-f-conclusions-and-recommendations/recommendations",
        ),
    ),
    "iicsa-chichester-peter-ball-2019": dict(
        notes="Published 9 May 2019 per law-firm blogs. No deadline sentence was read on the page.",
    ),
    "iicsa-birmingham-2019": dict(
        notes="Only the month of publication was found. No recommendations page was found; this "
        "record does not claim that the report made none.",
    ),
    "iicsa-nottinghamshire-2019": dict(
        notes="Published 31 July 2019 per a Birkbeck SHaME page.",
    ),
    "iicsa-accountability-reparations-2019": dict(
        notes="Published 19 September 2019 per a Keoghs (law firm) insight page.",
        deadline=(
            "Those mentioned in these recommendations should publish their response to each "
            "recommendation, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/publications/investigation/accountability-reparations/part-g-conclusions-and-recommendations/g3-recommendations",
        ),
    ),
    "iicsa-ealing-2019": dict(
        notes="Only the month of publication was found. No recommendations page was found; this "
        "record does not claim that the report made none.",
    ),
    "iicsa-couk-phase2-2020": dict(
        notes="Only the month of publication was found (a third-party tracker gives 30 January 2020, "
        "which was not confirmed on an IICSA page). url is IICSA's recommendations-tracker page.",
    ),
    "iicsa-westminster-2020": dict(
        notes="Published 25 February 2020 per news reports.",
        deadline=(
            "The Cabinet Office, the Forfeiture Committee, the government, political parties, other "
            "Westminster institutions and the Electoral Commission should publish their response to "
            "these recommendations, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/westminster/part-k-conclusions-and-recommendations/k2-recommendations.html",
        ),
    ),
    "iicsa-internet-2020": dict(
        notes="Only the month of publication was found.",
        deadline=(
            "Those referred to in these recommendations should publish their response to each "
            "recommendation, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/internet/part-g-conclusions-and-recommendations/g3-recommendations.html",
        ),
    ),
    "iicsa-anglican-2020": dict(
        notes="Only the month of publication was found. The report states eight recommendations.",
        deadline=(
            "The institutions named below should publish their response to these recommendations, "
            "including the timetable involved, within six months of the publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/anglican-church/part-d-conclusions-and-recommendations/d4-recommendations.html",
        ),
    ),
    "iicsa-roman-catholic-2020": dict(
        notes="Published 10 November 2020 per a Catholic Council document. url is IICSA's "
        "recommendations-tracker page.",
    ),
    "iicsa-lambeth-2021": dict(
        notes="Published 27 July 2021 per IICSA's recommendations-tracker page. The tracker page "
        "(https://www.iicsa.org.uk/recommendations/recommendations-children-care-lambeth-council) "
        "also says: 'Unless otherwise stated, institutions should publish their responses within "
        "six months of the relevant recommendations being published.'",
        deadline=(
            "Lambeth Council and the Metropolitan Police Service should each publish its response to "
            "these recommendations, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/publications/investigation/lambeth-council/part-k-conclusions-and-recommendations/k3-recommendations",
        ),
    ),
    "iicsa-religious-settings-2021": dict(
        notes="Published 2 September 2021 per IICSA's recommendations-tracker page.",
        deadline=(
            "Religious organisations and the government should publish responses to these "
            "recommendations, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/cp-religious-organisations-settings/part-h-conclusions-and-recommendations/h3-recommendations",
        ),
    ),
    "iicsa-cse-networks-2022": dict(
        notes="Published 1 February 2022 per an IOPC statement.",
        deadline=(
            "The UK government, the Welsh government, police forces and local authorities in England "
            "and Wales should each publish their response to each relevant recommendation, including "
            "the timetable involved, within six months of the publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/cs-organised-networks/part-l-conclusions-and-recommendations/l2-recommendations",
        ),
    ),
    "iicsa-residential-schools-2022": dict(
        notes="Only the month of publication was found.",
        deadline=(
            "The Department for Education and the Welsh Government should publish their response to "
            "these recommendations, including the timetable involved, within six months of the "
            "publication of this report.",
            SIX_MONTHS,
            "",
            "https://www.iicsa.org.uk/reports-recommendations/publications/investigation/residential-schools/part-k-conclusions-and-recommendations/k3-recommendations",
        ),
    ),
    "iicsa-final-report-2022": dict(
        notes="Published 20 October 2022 (many sources agree). The stored IICSA pages do not state a "
        "response deadline; the deadline sentence is the Home Office's, from its written "
        "ministerial statement of 20 April 2023 (HCWS731), read on theyworkforyou.com. IICSA counts "
        "107 recommendations across all its reports; this report made 20.",
        deadline=(
            "This is a slight delay to the Inquiry’s request that we respond by 20th April 2023.",
            "",
            "2023-04-20",
            "https://www.theyworkforyou.com/wms/?id=2023-04-20.hcws731.h",
        ),
    ),
    "grenfell-phase1-2019": dict(
        notes="Publication date as given in the raw reports file; url is a House of Lords Library "
        "page, not the report itself, which was not read.",
    ),
    "grenfell-phase2-2024": dict(
        notes="Publication date as given in the raw reports file; url is a House of Lords Library "
        "page, not the report itself. The Inquiry's web edition (Volume 7, Part 14 holds the "
        "recommendations) was seen only in part.",
    ),
    "infected-blood-2024": dict(
        title="Infected Blood Inquiry final report",
        notes="Descriptive title: the exact printed title was not seen on a stored page. Publication "
        "date as given in the raw reports file; url is a House of Commons Library briefing.",
    ),
    "manchester-arena-vol1-2021": dict(
        notes="Publication date as given in the raw reports file.",
    ),
    "manchester-arena-vol2-2022": dict(
        notes="Publication date as given in the raw reports file. No recommendation text was read "
        "from this volume.",
    ),
    "manchester-arena-vol3-2023": dict(
        notes="Publication date as given in the raw reports file. No recommendation text was read "
        "from this volume.",
    ),
    "covid19-m1-2024": dict(
        notes="Publication date as given in the raw reports file.",
    ),
    "covid19-m2-2025": dict(
        title="Module 2 report: Core UK decision-making and political governance",
        notes="Descriptive title: the exact printed title was not seen on a stored page. url is the "
        "Northern Ireland Executive Office's written statement on the report's publication.",
    ),
    "daniel-morgan-2021": dict(
        notes="The gov.uk Government response says only 'published in June 2021'; the day comes from "
        "the Home Office news item of 15 June 2023 ('marks the second anniversary of the Panel's "
        "report being published'), read only in republished copies. url is the gov.uk response.",
    ),
    "brook-house-2023": dict(
        title="Brook House Inquiry report",
        notes="Descriptive title: the exact printed title was not seen on a stored page. Date and url "
        "from the gov.uk Government response (CP 1041).",
    ),
    "post-office-vol1-2025": dict(
        title="Post Office Horizon IT Inquiry final report, Volume 1",
        notes="Descriptive title: the exact printed title was not seen on a stored page. url is the "
        "gov.uk news story on the government's first response. The deadline sentence is the "
        "first paragraph of the report's 'Recommendations' section, read on a third-party web "
        "copy of the report (postofficeinquiry.dracos.co.uk).",
        deadline=(
            "HM Government and/or the Department and where appropriate the Post Office and Fujitsu "
            "shall provide written responses to my recommendations by 10 October 2025.",
            "",
            "2025-10-10",
            "https://postofficeinquiry.dracos.co.uk/report/volume-1/2-recommendations/",
        ),
    ),
}

# ---------------------------------------------------------------------------
# Documents: one row per distinct URL read (fragment removed)
# ---------------------------------------------------------------------------

DESCRIPTIVE_TITLE = "Descriptive title: the printed page title is not recorded in the raw material."
MIRROR_DATE = "published_on is the date of the official item this copy reproduces."
IICSA_PUB = ("Independent Inquiry into Child Sexual Abuse", "independent-inquiry-into-child-sexual-abuse")
FIRE_PUB = ("Home Office", "home-office")
MHCLG_PUB = ("Ministry of Housing, Communities and Local Government", "mhclg")
SG_PUB = ("Scottish Government", "scottish-government")
GOVUK_PUB = ("HM Government (GOV.UK)", "hm-government")
GOVUK_NOTE = "The raw material names the UK Government; the publishing department is not recorded."
IICSA_TRACKER = "IICSA's recommendations tracker: one page per report, restating each recommendation under IICSA's own heading."
FIRE_NOTE = (
    "Part of the Home Office's quarterly thematic update on the Phase 1 recommendations; "
    "several dated versions of the page exist, and each row that cites it gives the version used."
)
SECONDARY = "secondary"
PRIMARY = "primary"


def doc(document_id, url, title, publisher, kind, source_type, *, published_on="", quotes="", notes=""):
    """Return one DOCUMENTS entry; publisher is a (name, organisation_id) pair."""
    return dict(
        document_id=document_id,
        url=url,
        title=title,
        publisher=publisher[0],
        publisher_id=publisher[1],
        kind=kind,
        source_type=source_type,
        published_on=published_on,
        quotes_document_id=quotes,
        notes=notes,
    )


IICSA_SITE = "https://www.iicsa.org.uk"
IICSA_INVESTIGATIONS = IICSA_SITE + "/reports-recommendations/publications/investigation"

DOCUMENTS = (
    # IICSA's own pages.
    doc("iicsa-tracker-child-migration-programmes", IICSA_SITE + "/recommendations/recommendations-child-migration-programmes-investigation-report",
        "Recommendations tracker: Child Migration Programmes Investigation Report", IICSA_PUB, "web page", PRIMARY,
        notes=IICSA_TRACKER + " " + DESCRIPTIVE_TITLE),
    doc("iicsa-rochdale-executive-summary", IICSA_SITE + "/reports/rochdale/executive-summary",
        "Cambridge House, Knowl View and Rochdale Investigation Report: executive summary", IICSA_PUB, "report", PRIMARY,
        notes=DESCRIPTIVE_TITLE),
    doc("iicsa-interim-report-introduction", IICSA_SITE + "/reports-recommendations/publications/inquiry/interim/introduction",
        "Interim Report of the Independent Inquiry into Child Sexual Abuse: Introduction", IICSA_PUB, "report", PRIMARY,
        notes=DESCRIPTIVE_TITLE),
    doc("iicsa-ampleforth-downside-part-d-conclusions", IICSA_SITE + "/publications/investigation/ampleforth-downside/part-d-conclusions",
        "Ampleforth and Downside Investigation Report: Part D, Conclusions", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-custodial-part-f-recommendations", IICSA_INVESTIGATIONS + "/custodial/part-f-conclusions-and-recommendations/recommendations",
        "Sexual Abuse of Children in Custodial Institutions: 2009–2017 Investigation Report: Part F, Recommendations",
        IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-chichester-peter-ball-recommendations", IICSA_INVESTIGATIONS + "/anglican-chichester-peter-ball/conclusions-and-recommendations/recommendations",
        "The Anglican Church Case Studies (Diocese of Chichester; Peter Ball) Investigation Report: Recommendations",
        IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-birmingham-e2-conclusions", IICSA_INVESTIGATIONS + "/birmingham-archdiocese/part-e-conclusions/e2-conclusions",
        "Archdiocese of Birmingham Investigation Report: E.2, Conclusions", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-tracker-nottinghamshire-councils", IICSA_SITE + "/recommendations/recommendations-children-care-nottinghamshire-councils-investigation-report.html",
        "Recommendations tracker: Children in the care of the Nottinghamshire Councils Investigation Report", IICSA_PUB, "web page", PRIMARY,
        notes=IICSA_TRACKER + " " + DESCRIPTIVE_TITLE),
    doc("iicsa-accountability-reparations-g3-recommendations", IICSA_SITE + "/publications/investigation/accountability-reparations/part-g-conclusions-and-recommendations/g3-recommendations",
        "Accountability and Reparations Investigation Report: G.3, Recommendations", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-ealing-annex-1", IICSA_SITE + "/publications/investigation/english-benedictine-congregation-ealing-abbey/annexes/annex-1-overview-process-and-evidence-obtained-inquiry",
        "English Benedictine Congregation (Ealing Abbey) Investigation Report: Annex 1, overview of process and evidence obtained by the Inquiry",
        IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-tracker-children-outside-uk-phase-2", IICSA_SITE + "/recommendations/recommendations-children-outside-united-kingdom-phase-2-investigation-report",
        "Recommendations tracker: Children Outside the United Kingdom Phase 2 Investigation Report", IICSA_PUB, "web page", PRIMARY,
        notes=IICSA_TRACKER + " Two captures were used (older and later headings). " + DESCRIPTIVE_TITLE),
    doc("iicsa-westminster-k2-recommendations", IICSA_INVESTIGATIONS + "/westminster/part-k-conclusions-and-recommendations/k2-recommendations.html",
        "Westminster Investigation Report: K.2, Recommendations", IICSA_PUB, "report", PRIMARY,
        notes="A text-only capture of this page (headings stripped) was also used. " + DESCRIPTIVE_TITLE),
    doc("iicsa-internet-g3-recommendations", IICSA_INVESTIGATIONS + "/internet/part-g-conclusions-and-recommendations/g3-recommendations.html",
        "The Internet Investigation Report: G.3, Recommendations", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-anglican-church-d4-recommendations", IICSA_INVESTIGATIONS + "/anglican-church/part-d-conclusions-and-recommendations/d4-recommendations.html",
        "The Anglican Church Investigation Report: D.4, Recommendations", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-tracker-roman-catholic-church", IICSA_SITE + "/recommendations/recommendations-roman-catholic-church-investigation-report",
        "Recommendations tracker: The Roman Catholic Church Investigation Report", IICSA_PUB, "web page", PRIMARY,
        notes=IICSA_TRACKER + " " + DESCRIPTIVE_TITLE),
    doc("iicsa-lambeth-k3-recommendations", IICSA_SITE + "/publications/investigation/lambeth-council/part-k-conclusions-and-recommendations/k3-recommendations",
        "Children in the care of Lambeth Council Investigation Report: K.3, Recommendations", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-religious-settings-h3-recommendations", IICSA_INVESTIGATIONS + "/cp-religious-organisations-settings/part-h-conclusions-and-recommendations/h3-recommendations",
        "Child protection in religious organisations and settings Investigation Report: H.3, Recommendations", IICSA_PUB, "report", PRIMARY,
        notes=DESCRIPTIVE_TITLE),
    doc("iicsa-cse-networks-l2-recommendations", IICSA_INVESTIGATIONS + "/cs-organised-networks/part-l-conclusions-and-recommendations/l2-recommendations",
        "Child sexual exploitation by organised networks Investigation Report: L.2, Recommendations", IICSA_PUB, "report", PRIMARY,
        notes=DESCRIPTIVE_TITLE),
    doc("iicsa-residential-schools-k3-recommendations", IICSA_INVESTIGATIONS + "/residential-schools/part-k-conclusions-and-recommendations/k3-recommendations",
        "The residential schools Investigation Report: K.3, Recommendations", IICSA_PUB, "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("iicsa-final-report-k10-recommendations", IICSA_SITE + "/reports-recommendations/publications/inquiry/final-report/ii-inquirys-conclusions-and-recommendations-change/part-k-summary-inquirys-recommendations/k10-recommendations-better-protect-children-sexual-abuse.html",
        "The Report of the Independent Inquiry into Child Sexual Abuse: K.10, Recommendations to better protect children from sexual abuse",
        IICSA_PUB, "report", PRIMARY, notes="The archived copy ends inside item 7 of the numbered list. " + DESCRIPTIVE_TITLE),
    doc("iicsa-tracker-interim-report", IICSA_SITE + "/recommendations/recommendations-interim-report",
        "Recommendations tracker: Interim Report", IICSA_PUB, "web page", PRIMARY, notes=IICSA_TRACKER + " " + DESCRIPTIVE_TITLE),
    doc("iicsa-tracker-custodial-institutions", IICSA_SITE + "/recommendations/recommendations-children-custodial-institutions-2009-2017-investigation-report",
        "Recommendations tracker: Children in Custodial Institutions 2009–2017 Investigation Report", IICSA_PUB, "web page", PRIMARY,
        notes=IICSA_TRACKER + " " + DESCRIPTIVE_TITLE),
    doc("iicsa-final-report-c4-child-protection-authorities", IICSA_SITE + "/reports-recommendations/publications/inquiry/final-report/ii-inquirys-conclusions-and-recommendations-change/part-c-prioritising-protection-children/c4-child-protection-authorities-england-and-wales.html",
        "The Report of the Independent Inquiry into Child Sexual Abuse: C.4, Child Protection Authorities for England and Wales",
        IICSA_PUB, "report", PRIMARY,
        notes="A second, text-only capture of this page (list items stripped) runs a little further. " + DESCRIPTIVE_TITLE),
    # Parliament libraries (report dates).
    doc("lords-library-grenfell-tower-inquiry-debate", "https://lordslibrary.parliament.uk/grenfell-tower-inquiry-house-of-lords-debate/",
        "Grenfell Tower Inquiry: House of Lords debate", ("House of Lords Library", ""), "web page", PRIMARY,
        notes="A House of Lords Library briefing, used for the dates of the Grenfell reports. " + DESCRIPTIVE_TITLE),
    doc("commons-library-cbp-10081", "https://commonslibrary.parliament.uk/research-briefings/CBP-10081/",
        "House of Commons Library research briefing CBP-10081", ("House of Commons Library", ""), "web page", PRIMARY,
        notes="Used for the date of the Infected Blood Inquiry report. " + DESCRIPTIVE_TITLE),
    # Inquiries' own sites.
    doc("manchester-arena-inquiry-volume-1-part-8", "https://manchesterarenainquiry.org.uk/report-volume-one/part-8-volume-1-conclusions-and-recommendations/",
        "Manchester Arena Inquiry Volume 1, Part 8: Volume 1 conclusions and recommendations",
        ("Manchester Arena Inquiry", "manchester-arena-inquiry"), "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("manchester-arena-inquiry-volume-2-part-21", "https://manchesterarenainquiry.org.uk/report-volume-two/part-21-volume-2-conclusions-and-recommendations/",
        "Manchester Arena Inquiry Volume 2, Part 21: Volume 2 conclusions and recommendations",
        ("Manchester Arena Inquiry", "manchester-arena-inquiry"), "report", PRIMARY, notes=DESCRIPTIVE_TITLE),
    doc("manchester-arena-inquiry-volume-3-preface", "https://manchesterarenainquiry.org.uk/report-volume-three/preface/",
        "Manchester Arena Inquiry Volume 3: Preface", ("Manchester Arena Inquiry", "manchester-arena-inquiry"), "report", PRIMARY,
        notes=DESCRIPTIVE_TITLE),
    doc("manchester-arena-inquiry-volume-1-monitored-recommendations",
        "https://manchesterarenainquiry.org.uk/report-volume-one/part-8-volume-1-conclusions-and-recommendations/monitored-recommendations/",
        "Manchester Arena Inquiry Volume 1: Monitored recommendations", ("Manchester Arena Inquiry", "manchester-arena-inquiry"),
        "report", PRIMARY, notes="The archived copy ends at the start of MR6. " + DESCRIPTIVE_TITLE),
    doc("covid-inquiry-module-1-report-page", "https://covid19.public-inquiry.uk/pl/reports/module-1-report-the-resilience-and-preparedness-of-the-united-kingdom",
        "Module 1 report: The resilience and preparedness of the United Kingdom", ("UK Covid-19 Inquiry", "uk-covid-19-inquiry"),
        "report", PRIMARY),
    doc("covid-inquiry-recommendations-page", "https://covid19.public-inquiry.uk/inquiry-recommendations",
        "Inquiry Recommendations", ("UK Covid-19 Inquiry", "uk-covid-19-inquiry"), "web page", PRIMARY,
        notes="The same text is on https://covid19.public-inquiry.uk/recommendation-monitoring."),
    doc("brook-house-inquiry-part-e-use-of-force", "https://brookhouseinquiry.org.uk/main-page/volume-2-level-1/part-e-recommendations-to-prevent-recurrence-of-mistreatment/use-of-force/",
        "Brook House Inquiry report, Volume II, Part E: Use of force", ("Brook House Inquiry", "brook-house-inquiry"), "report", PRIMARY,
        notes="The Inquiry's own web edition of its report. " + DESCRIPTIVE_TITLE),
    # Government responses and statements (primary).
    doc("niassembly-teo-statement-covid-module-2-report", "https://www.niassembly.gov.uk/assembly-business/official-report/written-ministerial-statements/the-executive-office-publication-of-the-covid-19-module-2-report-by-the-rt-hon-the-baroness-hallett-dbe",
        "The Executive Office: publication of the Covid-19 Module 2 report by the Rt Hon the Baroness Hallett DBE",
        ("Northern Ireland Assembly", ""), "written statement", PRIMARY, published_on="2025-11-21",
        notes="Written ministerial statement by the First Minister and deputy First Minister, in the Assembly's Official Report. "
        + DESCRIPTIVE_TITLE),
    doc("home-office-government-response-daniel-morgan-panel", "https://www.gov.uk/government/publications/government-response-to-the-daniel-morgan-report/government-response-to-the-report-of-the-daniel-morgan-independent-panel",
        "Government response to the report of the Daniel Morgan Independent Panel", ("Home Office", "home-office"), "response", PRIMARY,
        published_on="2023-06-15", notes="Command paper CP 857. Only the foreword was visible in the archived copy."),
    doc("home-office-government-response-brook-house-inquiry", "https://gov.uk/government/publications/government-response-to-the-brook-house-inquiry-report/government-response-to-the-public-inquiry-into-brook-house-immigration-removal-centre-accessible",
        "Government response to the public inquiry into Brook House Immigration Removal Centre (accessible)", ("Home Office", "home-office"),
        "response", PRIMARY, published_on="2024-03-19", notes="Command paper CP 1041. Only the introduction was visible in the archived copy."),
    doc("dbt-news-government-response-post-office-horizon-report", "https://www.gov.uk/government/news/government-response-to-the-post-office-horizon-it-inquiry-report",
        "Government response to the Post Office Horizon IT Inquiry report", ("Department for Business and Trade", "department-for-business-and-trade"),
        "news release", PRIMARY,
        notes="The page shows no date. A republished copy dated 9 July 2025 says the statements were made 'yesterday', "
        "so the item is taken to be of 8 July 2025; published_on is left empty."),
    doc("hm-government-iicsa-interim-report-response-progress-update", "https://www.gov.uk/government/publications/independent-inquiry-into-child-sexual-abuse-interim-report/government-response-to-the-interim-report-by-the-independent-inquiry-into-child-sexual-abuse-progress-update-accessible-version",
        "Government response to the Interim Report by the Independent Inquiry into Child Sexual Abuse: progress update (accessible version)",
        ("HM Government", "hm-government"), "progress report", PRIMARY, published_on="2019-07-22", notes=DESCRIPTIVE_TITLE),
    doc("dfe-childrens-homes-workforce-call-for-evidence", "https://consult.education.gov.uk/children-in-care-and-permanence/childrens-homes-workforce-call-for-evidence/consultation/intro/",
        "Children's homes workforce: a call for evidence", ("Department for Education", "department-for-education"), "consultation", PRIMARY),
    doc("scottish-government-covid-module-1-response-page-2", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/2",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 2)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-3", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/3",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 3)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-4", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/4",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 4)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-5", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/5",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 5)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-6", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/6",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 6)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-7", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/7",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 7)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-8", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/8",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 8)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-9", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/9",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 9)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-response-page-10", "https://gov.scot/publications/uk-covid-19-inquiry-module-1-report-scottish-government-response/pages/10",
        "UK Covid-19 Inquiry Module 1 report: Scottish Government response (page 10)", SG_PUB, "response", PRIMARY, published_on="2025-01-16"),
    doc("scottish-government-covid-module-1-progress-update-2026-01-page-5", "https://www.gov.scot/publications/uk-covid-19-inquiry-module-1-report-progress-update-january-2026/pages/5/",
        "UK Covid-19 Inquiry Module 1 report: progress update January 2026 (page 5)", SG_PUB, "progress report", PRIMARY, published_on="2026-01"),
    doc("scottish-government-covid-module-1-progress-update-2026-01-page-7", "https://www.gov.scot/publications/uk-covid-19-inquiry-module-1-report-progress-update-january-2026/pages/7/",
        "UK Covid-19 Inquiry Module 1 report: progress update January 2026 (page 7)", SG_PUB, "progress report", PRIMARY, published_on="2026-01"),
    doc("scottish-government-covid-module-2-response-page-4", "https://www.gov.scot/publications/uk-covid-19-inquiry-module-2-report-scottish-government-response/pages/4/",
        "UK Covid-19 Inquiry Module 2 report: Scottish Government response, Theme 2: Communications and digital access",
        SG_PUB, "response", PRIMARY, notes="The archived page shows no publication date."),
    doc("scottish-government-covid-module-2-response-page-5", "https://www.gov.scot/publications/uk-covid-19-inquiry-module-2-report-scottish-government-response/pages/5/",
        "UK Covid-19 Inquiry Module 2 report: Scottish Government response, Theme 3: Decision-making structures and framework for considering those at risk in an emergency",
        SG_PUB, "response", PRIMARY, notes="The archived page shows no publication date."),
    doc("fireengland-phase-1-update-theme-1-materials", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/fire-and-rescue-services-knowledge-and",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 1: Fire and rescue services: knowledge and understanding of materials used in high-rise buildings",
        FIRE_PUB, "progress report", PRIMARY, notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-recommendations-summary", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/recommendations",
        "Grenfell Tower Inquiry Phase 1 thematic update: summary of all recommendations", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " Status values were not rendered in the archived copy. " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-2-section-7-2-d", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/section-72d-fire-and-rescue-services-act",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 2: Section 7(2)(d) of the Fire and Rescue Services Act 2004",
        FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " Two archived copies both say 'Last updated: 29 July 2021' but differ in their progress text; "
        "the first copy was used. " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-3-plans", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/plans",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 3: Plans", FIRE_PUB, "progress report", PRIMARY, notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-4-lifts", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/lifts",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 4: Lifts", FIRE_PUB, "progress report", PRIMARY, notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-5-communication", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/communication-between-control-room-and",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 5: Communication between the control room and the incident commander",
        FIRE_PUB, "progress report", PRIMARY, notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-6-emergency-calls", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/emergency-calls",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 6: Emergency calls", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-7-command-and-control", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/command-and-control",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 7: Command and control", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-8-equipment", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/equipment",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 8: Equipment", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " Versions of 8 July 2021 and 28 February 2025 were read. " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-9-evacuation", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/evacuation",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 9: Evacuation", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " Versions from 2021, 2024 and 2025 were read. " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-10-information-to-residents", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/information-residents",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 10: Information to Residents", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-11-fire-doors", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/fire-doors",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 11: Fire doors", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("fireengland-phase-1-update-theme-12-cooperation", "https://fireengland.uk/quarterly-thematic-update-grenfell-tower-inquiry-phase-1/cooperation-between-emergency-services",
        "Grenfell Tower Inquiry Phase 1 thematic update, Theme 12: Cooperation between emergency services", FIRE_PUB, "progress report", PRIMARY,
        notes=FIRE_NOTE + " " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-progress-report-construction-industry", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-progress-report/progress-report-the-construction-industry",
        "Grenfell Tower Inquiry: government progress report: the construction industry", MHCLG_PUB, "progress report", PRIMARY,
        notes="Versions of 30 September 2025 and 17 December 2025 were read. " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-implementation-timeline", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-progress-report/implementation-timeline-for-grenfell-tower-inquiry-recommendations",
        "Implementation timeline for Grenfell Tower Inquiry recommendations", MHCLG_PUB, "progress report", PRIMARY,
        notes="Part of the government progress report; the version updated 30 September 2025 was read."),
    doc("mhclg-grenfell-progress-report-fire-and-rescue-services", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-progress-report/progress-report-fire-and-rescue-services",
        "Grenfell Tower Inquiry: government progress report: fire and rescue services", MHCLG_PUB, "progress report", PRIMARY,
        notes="The version of 29 May 2025 was read. " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-progress-report-response-and-recovery", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-progress-report/progress-report-response-and-recovery",
        "Grenfell Tower Inquiry: government progress report: response and recovery", MHCLG_PUB, "progress report", PRIMARY,
        notes="The version of 17 December 2025 was read. " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-progress-report-vulnerable-people", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-progress-report/progress-report-vulnerable-people-and-phase-1-recommendations",
        "Grenfell Tower Inquiry: government progress report: vulnerable people and Phase 1 recommendations", MHCLG_PUB, "progress report", PRIMARY,
        notes="The version of 30 September 2025 was read. " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-annual-report-2026-02-fire-and-rescue-services", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-annual-report-february-2026/annual-report-february-2026-fire-and-rescue-services",
        "Grenfell Tower Inquiry: government annual report February 2026: fire and rescue services", MHCLG_PUB, "progress report", PRIMARY,
        published_on="2026-02-25", notes="Only the opening of the page was visible. " + DESCRIPTIVE_TITLE),
    doc("mhclg-grenfell-annual-report-2026-02-response-and-recovery", "https://www.gov.uk/government/publications/grenfell-tower-inquiry-government-annual-report-february-2026/annual-report-february-2026-response-and-recovery",
        "Grenfell Tower Inquiry: government annual report February 2026: response and recovery", MHCLG_PUB, "progress report", PRIMARY,
        published_on="2026-02-25", notes=DESCRIPTIVE_TITLE),
    doc("govuk-evacuation-alert-systems-consultation-response", "https://www.gov.uk/government/consultations/sprinklers-and-other-fire-safety-measures-in-new-high-rise-blocks-of-flats/outcome/evacuation-alert-systems-consultation-response-and-impact-assessment",
        "Evacuation alert systems: consultation response and impact assessment", GOVUK_PUB, "consultation outcome", PRIMARY,
        notes="Updated 1 June 2022. The archived copy's address is written 'www.Gov.uk'; it is given here in lower case. " + GOVUK_NOTE),
    doc("home-office-eeis-consultation-document", "https://www.gov.uk/government/consultations/emergency-evacuation-information-sharing/eeis-consultation-document",
        "EEIS consultation document", ("Home Office", "home-office"), "consultation", PRIMARY, published_on="2022-08-30",
        notes="Emergency Evacuation Information Sharing consultation. Versions updated 30 August 2022 and 2 December 2024 "
        "show the same wording for the passages used."),
    doc("govuk-fact-sheet-wayfinding-signage", "https://gov.uk/government/publications/fire-safety-england-regulations-2022/fact-sheet-wayfinding-signage-regulation-8",
        "Fact sheet: Wayfinding signage (regulation 8)", GOVUK_PUB, "web page", PRIMARY,
        notes="One of the fact sheets on the Fire Safety (England) Regulations 2022; updated 24 July 2023. " + GOVUK_NOTE),
    doc("govuk-fact-sheet-secure-information-box", "https://www.gov.uk/government/publications/fire-safety-england-regulations-2022/fact-sheet-secure-information-box-regulation-4",
        "Fact sheet: Secure information box (regulation 4)", GOVUK_PUB, "web page", PRIMARY,
        notes="One of the fact sheets on the Fire Safety (England) Regulations 2022. " + GOVUK_NOTE),
    doc("govuk-crime-and-policing-bill-iicsa-factsheet", "https://gov.uk/government/publications/crime-and-policing-bill-2025-factsheets/crime-and-policing-bill-independent-inquiry-into-child-sexual-abuse-recommendations",
        "Crime and Policing Bill: Independent Inquiry into Child Sexual Abuse recommendations", GOVUK_PUB, "web page", PRIMARY,
        published_on="2025-02-25", notes=GOVUK_NOTE),
    doc("hm-government-response-covid-module-1", "https://gov.uk/government/publications/uk-government-response-to-the-covid-19-inquiry-module-1-report/uk-government-response-to-the-covid-19-inquiry-module-1-report-html",
        "UK Government Response to the Covid-19 Inquiry Module 1 Report", ("HM Government", "hm-government"), "response", PRIMARY,
        published_on="2025-01-16", notes="Command paper CP1240. Only the ministerial foreword was visible in the archived copy."),
    doc("hm-government-response-covid-module-2", "https://www.gov.uk/government/publications/uk-government-response-to-the-covid-19-inquiry-module-2-report/uk-government-response-to-the-covid-19-inquiry-module-2-report-html",
        "UK Government Response to the Covid-19 Inquiry Module 2 Report (HTML)", ("HM Government", "hm-government"), "response", PRIMARY,
        published_on="2026-03-25", notes="Command paper CP 1534. Only the ministerial foreword was visible in the archived copy."),
    doc("hm-government-response-infected-blood-inquiry-2024-12", "https://gov.uk/government/publications/government-response-to-the-infected-blood-inquiry/government-response-to-the-infected-blood-inquiry-html",
        "Government Response to the Infected Blood Inquiry", ("HM Government", "hm-government"), "response", PRIMARY,
        published_on="2024-12-17", notes="Only the ministerial foreword was visible in the archived copy."),
    doc("hm-government-full-response-infected-blood-inquiry-2025-05", "https://www.gov.uk/government/publications/full-government-response-to-the-infected-blood-inquirys-may-2024-report/full-government-response-to-the-infected-blood-inquirys-may-2024-report-html",
        "Full Government Response to the Infected Blood Inquiry's May 2024 Report", ("HM Government", "hm-government"), "response", PRIMARY,
        published_on="2025-05-14", notes="Command paper CP 1318. Only the ministerial foreword was visible in the archived copy."),
    doc("welsh-government-statement-covid-module-2-response", "https://www.gov.wales/node/75351",
        "Written statement: the Welsh Government's response to the UK Covid-19 Inquiry Module 2 report", ("Welsh Government", "welsh-government"),
        "written statement", PRIMARY, published_on="2026-03-16",
        notes="Written statement by the First Minister. The response document itself was not read. " + DESCRIPTIVE_TITLE),
    doc("mps-daniel-morgan-progress-update-2022-01", "https://www.gov.uk/government/publications/daniel-morgan-independent-panel-report-metropolitan-police-service/annex-1-daniel-morgan-independent-panel-recommendations-progress-update-january-2022-accessible",
        "Annex 1 - Daniel Morgan Independent Panel Recommendations Progress Update January 2022 (accessible)",
        ("Metropolitan Police Service", "metropolitan-police-service"), "progress report", PRIMARY,
        notes="Published by the Metropolitan Police Service on gov.uk as correspondence; the page version read was updated 15 June 2023."),
    doc("mps-daniel-morgan-recommendations-annex", "https://www.gov.uk/government/publications/daniel-morgan-independent-panel-report-metropolitan-police-service/daniel-morgan-independent-panel-recommendations-annex-accessible-version",
        "Daniel Morgan Independent Panel Recommendations Annex (accessible version)",
        ("Metropolitan Police Service", "metropolitan-police-service"), "progress report", PRIMARY,
        notes="Published by the Metropolitan Police Service on gov.uk; the page version read was updated 15 June 2023."),
    doc("npcc-news-daniel-morgan-progress-report", "https://news.npcc.police.uk/releases/npcc-and-college-of-policing-publish-response-provided-to-daniel-morgan-independent-panel",
        "NPCC and College of Policing publish response provided to Daniel Morgan Independent Panel",
        ("National Police Chiefs’ Council", "national-police-chiefs-council"), "news release", PRIMARY, published_on="2023-06-15",
        notes=DESCRIPTIVE_TITLE),
    # Third-party copies (secondary).
    doc("chichester-observer-2018-04-27-interim-report", "https://www.chichester.co.uk/news/crime/child-abuse-inquiry-issues-interim-report-1-8478288",
        "Child abuse inquiry issues interim report", ("Chichester Observer", ""), "web page", SECONDARY, published_on="2018-04-27",
        notes="A newspaper article quoting the IICSA Interim Report. " + DESCRIPTIVE_TITLE),
    doc("accountabilityindex-recommendation-55844", "https://www.accountabilityindex.uk/recommendations/55844/",
        "Prohibit pain compliance techniques", ("accountabilityindex.uk", ""), "web page", SECONDARY, quotes="iicsa-custodial-part-f-recommendations",
        notes="A third-party tracker; it labels the recommendation 'D' and dates the report 26 February 2019. Title as the tracker gives it."),
    doc("abi-legacy-issues", "https://www.abi.org.uk/products-and-issues/topics-and-issues/legacy-issues/",
        "Legacy issues", ("Association of British Insurers", "association-of-british-insurers"), "web page", SECONDARY,
        quotes="iicsa-accountability-reparations-g3-recommendations",
        notes="The Association of British Insurers, an addressee of the recommendations it quotes. " + DESCRIPTIVE_TITLE),
    doc("accountabilityindex-recommendation-55861", "https://www.accountabilityindex.uk/recommendations/55861/",
        "Tracker page for an IICSA Children Outside the UK Phase 2 recommendation", ("accountabilityindex.uk", ""), "web page", SECONDARY,
        notes="A third-party tracker; it dates the report 30 January 2020. " + DESCRIPTIVE_TITLE),
    doc("accountabilityindex-recommendation-55832", "https://www.accountabilityindex.uk/recommendations/55832/",
        "Reform Church of England clergy discipline for safeguarding", ("accountabilityindex.uk", ""), "web page", SECONDARY,
        quotes="iicsa-anglican-church-d4-recommendations", notes="A third-party tracker. Title as the tracker gives it."),
    doc("accountabilityindex-recommendation-55828", "https://www.accountabilityindex.uk/recommendations/55828/",
        "Collect disaggregated CSE data", ("accountabilityindex.uk", ""), "web page", SECONDARY,
        quotes="iicsa-cse-networks-l2-recommendations", notes="A third-party tracker. Title as the tracker gives it."),
    doc("inquirytracker-recommendation-53129", "https://www.inquirytracker.uk/recommendations/53129",
        "Tracker page for IICSA residential schools Recommendation 3", ("inquirytracker.uk", ""), "web page", SECONDARY,
        quotes="iicsa-residential-schools-k3-recommendations", notes="A third-party tracker. " + DESCRIPTIVE_TITLE),
    doc("inquirytracker-recommendation-54112", "https://www.inquirytracker.uk/recommendations/54112/",
        "Tracker page for IICSA Final Report recommendation 1", ("inquirytracker.uk", ""), "web page", SECONDARY,
        notes="A third-party tracker quoting the Final Report; no page of the report holding this text is recorded. " + DESCRIPTIVE_TITLE),
    doc("boarding-schools-association-2022-10-20-iicsa-final-report", "https://www.boarding.org.uk/2022/10/20/the-independent-inquiry-into-child-sexual-abuse-iicsa-final-report-has-been-published-today-october-20-2022/",
        "The Independent Inquiry into Child Sexual Abuse (IICSA) final report has been published today", ("Boarding Schools' Association", ""),
        "web page", SECONDARY, published_on="2022-10-20", quotes="iicsa-final-report-k10-recommendations",
        notes="A member news item listing the Final Report's 20 recommendations by heading; items 1–7 match the K.10 page word "
        "for word as far as that page was read. " + DESCRIPTIVE_TITLE),
    doc("accountabilityindex-recommendation-55896", "https://www.accountabilityindex.uk/recommendations/55896/",
        "Extend Disclosure Regime Overseas", ("accountabilityindex.uk", ""), "web page", SECONDARY,
        notes="A third-party tracker; it shows 'FR-11' and marks the response text 'verbatim from government'. Title as the tracker gives it."),
    doc("accountabilityindex-recommendation-55900", "https://www.accountabilityindex.uk/recommendations/55900/",
        "Mandatory Reporting", ("accountabilityindex.uk", ""), "web page", SECONDARY,
        notes="A third-party tracker; it flattens bullet lists. Title as the tracker gives it."),
    doc("factor8-tracker", "https://factor8scandal.uk/tracker",
        "Tracker", ("Factor 8 (factor8scandal.uk)", ""), "web page", SECONDARY,
        notes="A campaign group's tracker that quotes the Infected Blood Inquiry's recommendations; no page of the report "
        "itself is recorded. " + DESCRIPTIVE_TITLE),
    doc("3asolutions-grenfell-inquiry", "https://3asolutions.tech/elspeth-grant-grenfell-inquiry/",
        "Grenfell Tower Inquiry page (3asolutions.tech)", ("3asolutions.tech", ""), "web page", SECONDARY,
        notes="A fire-safety company's page quoting paragraph 33.22 of the Phase 1 report as unlettered bullets. " + DESCRIPTIVE_TITLE),
    doc("dracos-post-office-inquiry-volume-1-recommendations", "https://postofficeinquiry.dracos.co.uk/report/volume-1/2-recommendations/",
        "Post Office Horizon IT Inquiry report, Volume 1: 2. Recommendations", ("postofficeinquiry.dracos.co.uk", ""), "report", SECONDARY,
        notes="A third-party web copy of the Inquiry's report; it shows the recommendations as unnumbered paragraphs."),
    doc("wired-gov-2020-09-cabinet-office-iicsa-westminster-response", "https://www.wired-gov.net/wg/news.nsf/articles/Government+response+to+the+IICSA+Westminster+report+21092020092000?open",
        "Government response to the IICSA Westminster report", ("WiredGov (wired-gov.net)", ""), "news release", SECONDARY,
        published_on="2020-09-18",
        notes="A republication of the Cabinet Office item. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("lawandreligionuk-government-response-iicsa-final-report", "https://lawandreligionuk.com/2023/05/23/government-response-to-iicsas-final-report/",
        "Government response to IICSA's final report", ("Law & Religion UK (lawandreligionuk.com)", ""), "web page", SECONDARY,
        notes="A law blog quoting the government's response of 22 May 2023, which was itself read only as far as its foreword. "
        + DESCRIPTIVE_TITLE),
    doc("parallelparliament-written-answer-105571", "https://www.parallelparliament.co.uk/question/105571/youth-custody-restraint-techniques",
        "Youth Custody: Restraint Techniques (written question 105571)", ("Parallel Parliament (parallelparliament.co.uk)", ""),
        "web page", SECONDARY, published_on="2026-01-21",
        notes="A third-party copy of a written parliamentary answer. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("parallelparliament-2023-05-22-commons-iicsa-report-helen-hayes", "https://parallelparliament.co.uk/mp/helen-hayes/debate/Commons/2023-05-22/debates/26DDC18B-CA76-4C68-A75A-9E8B0DEB2B6B/IndependentInquiryIntoChildSexualAbuseReport",
        "Independent Inquiry into Child Sexual Abuse Report (Commons debate, 22 May 2023; page for Helen Hayes)",
        ("Parallel Parliament (parallelparliament.co.uk)", ""), "Hansard", SECONDARY, published_on="2023-05-22",
        notes="A third-party copy of Hansard text. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("parallelparliament-written-answer-99774", "https://parallelparliament.co.uk/question/99774/child-sexual-abuse-independent-panel-inquiry",
        "Child Sexual Abuse Independent Panel Inquiry (written question 99774)", ("Parallel Parliament (parallelparliament.co.uk)", ""),
        "web page", SECONDARY, published_on="2025-12-22",
        notes="A third-party copy of a written parliamentary answer. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("parallelparliament-2023-05-22-commons-iicsa-report-sarah-champion", "https://parallelparliament.co.uk/mp/sarah-champion/debate/Commons/2023-05-22/debates/26DDC18B-CA76-4C68-A75A-9E8B0DEB2B6B/IndependentInquiryIntoChildSexualAbuseReport",
        "Independent Inquiry into Child Sexual Abuse Report (Commons debate, 22 May 2023; page for Sarah Champion)",
        ("Parallel Parliament (parallelparliament.co.uk)", ""), "Hansard", SECONDARY, published_on="2023-05-22",
        notes="A third-party copy of Hansard text. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("parallelparliament-2024-01-10-wms-iicsa-update", "https://parallelparliament.co.uk/debate/2024-01-10/commons/written-statements/independent-inquiry-into-child-sexual-abuse-update/ministerial-extracts",
        "Independent Inquiry into Child Sexual Abuse: Update (written statement, 10 January 2024)",
        ("Parallel Parliament (parallelparliament.co.uk)", ""), "written statement", SECONDARY, published_on="2024-01-10",
        notes="A third-party copy of a Commons written ministerial statement. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("canisgallicus-2025-02-05-moj-press-release", "https://canisgallicus.com/2025/02/05/what-can-ireland-learn-from-these-reforms-for-the-victims-of-child-sexual-abuse-source-gov-uk",
        "New reforms to support victims of child sexual abuse (Ministry of Justice press release, republished)",
        ("canisgallicus.com", ""), "news release", SECONDARY, published_on="2025-02-05",
        notes="A blog that republishes the gov.uk press release in full and labels it 'Source: Gov.UK'. " + MIRROR_DATE),
    doc("parallelparliament-2023-07-18-wms-cics-consultation", "https://www.parallelparliament.co.uk/debate/2023-07-18/commons/written-statements/criminal-injuries-compensation-scheme-review-additional-consultation-2023",
        "Criminal Injuries Compensation Scheme Review: Additional Consultation 2023 (written statement, 18 July 2023)",
        ("Parallel Parliament (parallelparliament.co.uk)", ""), "written statement", SECONDARY, published_on="2023-07-18",
        notes="A third-party copy of a Commons written ministerial statement. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("architectsdatafile-government-response-grenfell-phase-1", "https://architectsdatafile.co.uk/news/gov-responds-to-grenfell-tower-inquiry-phase-1-report/",
        "Gov responds to Grenfell Tower Inquiry Phase 1 report", ("Architects Datafile (architectsdatafile.co.uk)", ""), "web page", SECONDARY,
        notes="A trade news page reproducing part of the government's January 2020 response ('The report reads:'); the official "
        "document was not read. " + DESCRIPTIVE_TITLE),
    doc("parallelparliament-2025-02-27-lords-grenfell-phase-2", "https://parallelparliament.co.uk/debate/2025-02-27/lords/lords-chamber/grenfell-tower-inquiry-phase-2-report",
        "Grenfell Tower Inquiry: Phase 2 Report (Lords debate, 27 February 2025)", ("Parallel Parliament (parallelparliament.co.uk)", ""),
        "Hansard", SECONDARY, published_on="2025-02-27",
        notes="A third-party copy of Hansard text: the Lords repeat of the Commons statement of 26 February 2025. " + MIRROR_DATE
        + " " + DESCRIPTIVE_TITLE),
    doc("theyworkforyou-2025-07-04-hcws782", "https://www.theyworkforyou.com/wms/?id=2025-07-04.hcws782.h",
        "Written ministerial statement HCWS782, 4 July 2025: Residential PEEPs", ("TheyWorkForYou (theyworkforyou.com)", ""),
        "written statement", SECONDARY, published_on="2025-07-04",
        notes="A third-party copy of Hansard text. The list that follows 'entitled to:' is absent from the archived copy. "
        + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("theyworkforyou-2023-04-20-hcws731", "https://www.theyworkforyou.com/wms/?id=2023-04-20.hcws731.h",
        "Written ministerial statement HCWS731, 20 April 2023", ("TheyWorkForYou (theyworkforyou.com)", ""),
        "written statement", SECONDARY, published_on="2023-04-20",
        notes="A third-party copy of a Home Office written ministerial statement, used only for the IICSA Final Report's response "
        "deadline. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("wired-gov-2025-10-09-horizon-inquiry-response", "https://www.wired-gov.net/wg/news.nsf/articles/government+responds+to+horizon+inquiry+report+recommendations+09102025131000?open",
        "Government responds to Horizon Inquiry report recommendations", ("WiredGov (wired-gov.net)", ""), "news release", SECONDARY,
        published_on="2025-10-09", notes="A republication of a government press release. " + MIRROR_DATE + " " + DESCRIPTIVE_TITLE),
    doc("parliamenttoday-2025-10-13-post-office-volume-1-response", "https://www.parliamenttoday.com/free/viewnews.html?id=168510",
        "Volume 1 of the Post Office Horizon IT Inquiry report: Government response to recommendations",
        ("Parliament Today (parliamenttoday.com)", ""), "written statement", SECONDARY, published_on="2025-10-13",
        notes="A third-party copy of a written statement by the Minister for Small Businesses. " + MIRROR_DATE),
)

# ---------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------


def addressee(organisation_id, words_used, basis=NAMED, notes=""):
    return dict(organisation_id=organisation_id, words_used=words_used, basis=basis, notes=notes)


GOV = "hm-government"
LFB = "london-fire-brigade"
DFE = "department-for-education"
WG = "welsh-government"
THE_GOVERNMENT = [addressee(GOV, "The government")]
DFE_AND_WG = [addressee(DFE, "The Department for Education"), addressee(WG, "the Welsh Government")]
UK_AND_DEVOLVED = [addressee(GOV, "The UK Government"), addressee("devolved-governments", "devolved governments")]
FOUR_GOVERNMENTS_PHRASE = "The governments of the UK, Scotland, Wales and Northern Ireland"
FOUR_GOVERNMENTS_NOTE = "The phrase cannot be split by body without rewording, so each row carries the whole phrase."


def four_governments(phrase=FOUR_GOVERNMENTS_PHRASE):
    return [
        addressee(GOV, phrase, notes=FOUR_GOVERNMENTS_NOTE),
        addressee("scottish-government", phrase, notes=FOUR_GOVERNMENTS_NOTE),
        addressee(WG, phrase, notes=FOUR_GOVERNMENTS_NOTE),
        addressee("northern-ireland-executive", phrase, notes=FOUR_GOVERNMENTS_NOTE),
    ]


FIRE_GOV_STATED = [addressee(GOV, "Government", STATED, "'Responsible for completion' on the fireengland.uk page.")]
FIRE_LFB_STATED = [addressee(LFB, "London Fire Brigade", STATED, "'Responsible for completion' on the fireengland.uk page.")]
PHASE2_GOV_STATED = [addressee(GOV, "Government", STATED, "Responsibility column of the gov.uk progress-report table.")]
REPORTER = "Listed in the 'Reporter' column of the Monitored recommendations table."
NO_ADDRESSEE_NOTE = "No addressee row: {reason}"

# Keyed by (report_key, label, opening words of the raw text, or of the heading
# where the text is empty). Each key must match exactly one raw row. Fields:
#   addressees: list of addressee() entries (empty list: none recorded)
#   heading: replacement for the raw heading (absent: keep raw heading)
#   completeness: override for text_completeness
#   notes: import notes appended after the raw notes
RECOMMENDATION_DETAILS = {
    # IICSA: Internet
    ("iicsa-internet-2020", "Recommendation 1", "The government should require industry to"): dict(addressees=THE_GOVERNMENT),
    ("iicsa-internet-2020", "Recommendation 2", "The government should press the WeProtect"): dict(addressees=THE_GOVERNMENT),
    ("iicsa-internet-2020", "Recommendation 3", "The government should introduce legislati"): dict(addressees=THE_GOVERNMENT),
    ("iicsa-internet-2020", "Recommendation 4", "The government should publish, without fu"): dict(addressees=THE_GOVERNMENT),
    # IICSA: Child Migration Programmes
    ("iicsa-child-migration-2018", "", "The Chair and Panel have recommended that"): dict(addressees=[
        addressee("group-child-migration-institutions-not-apologised",
                  "institutions involved in the child migration programmes who have not apologised for their role")]),
    # IICSA: Interim Report
    ("iicsa-interim-2018", "", "The Chair and Panel recommend that the Mi"): dict(
        addressees=[
            addressee("ministry-of-justice", "the Ministry of Justice"),
            addressee("home-office", "Home Office"),
            addressee("attorney-general", "Attorney General"),
        ],
        notes="The Victims’ Commissioner is to be consulted, not addressed, so has no addressee row.",
    ),
    ("iicsa-interim-2018", "Recommendation 2", "The Chair and Panel recommend that the UK"): dict(
        addressees=[addressee(GOV, "the UK Government")]),
    ("iicsa-interim-2018", "", "• The Department for Education introduces"): dict(
        addressees=[addressee(DFE, "The Department for Education")]),
    ("iicsa-interim-2018", "", "The chair and panel recommend that any po"): dict(
        addressees=[],
        completeness="partial",
        notes=NO_ADDRESSEE_NOTE.format(reason="the quoted words name no addressee."),
    ),
    # IICSA: Custodial institutions
    ("iicsa-custodial-2019", "Recommendation 1", "The Chair and Panel recommend that the Yo"): dict(
        addressees=[addressee("youth-custody-service", "the Youth Custody Service",
                              notes="'appropriate partner agencies' are not named, so have no row.")]),
    ("iicsa-custodial-2019", "", "The Chair and Panel recommend that the De"): dict(addressees=[
        addressee(DFE, "the Department for Education"),
        addressee("youth-custody-service", "the Youth Custody Service"),
    ]),
    ("iicsa-custodial-2019", "", "The Chair and Panel recommend that the Yo"): dict(
        addressees=[addressee("youth-custody-service", "the Youth Custody Service")]),
    ("iicsa-custodial-2019", "", "The Chair and Panel consider that the use"): dict(
        addressees=[addressee("ministry-of-justice", "the Ministry of Justice")]),
    # IICSA: Chichester / Peter Ball
    ("iicsa-chichester-peter-ball-2019", "Recommendation 1", "The Church of England should introduce ap"): dict(
        addressees=[addressee("church-of-england", "The Church of England")]),
    ("iicsa-chichester-peter-ball-2019", "Recommendation 2", "The Church of England should amend the cu"): dict(
        addressees=[addressee("church-of-england", "The Church of England")]),
    ("iicsa-chichester-peter-ball-2019", "Recommendation 3", "The government should amend Section 21 of"): dict(
        addressees=THE_GOVERNMENT),
    # IICSA: Nottinghamshire
    ("iicsa-nottinghamshire-2019", "", "Nottingham City Council should assess the"): dict(addressees=[
        addressee("nottingham-city-council", "Nottingham City Council"),
        addressee("nottinghamshire-county-council", "Nottinghamshire County Council"),
    ]),
    # IICSA: Accountability and Reparations
    ("iicsa-accountability-reparations-2019", "Recommendation 1", "The Ministry of Justice should revise the"): dict(addressees=[
        addressee("ministry-of-justice", "The Ministry of Justice"),
        addressee("college-of-policing", "The College of Policing"),
    ]),
    ("iicsa-accountability-reparations-2019", "Recommendation 2", "The Local Government Association and the "): dict(addressees=[
        addressee("local-government-association", "The Local Government Association"),
        addressee("association-of-british-insurers", "the Association of British Insurers"),
    ]),
    ("iicsa-accountability-reparations-2019", "Recommendation 4", "The Department for Work and Pensions shou"): dict(addressees=[
        addressee("department-for-work-and-pensions", "The Department for Work and Pensions"),
        addressee("association-of-british-insurers", "the Association of British Insurers"),
        addressee("financial-conduct-authority", "The Financial Conduct Authority"),
    ]),
    # IICSA: Children Outside the UK Phase 2
    ("iicsa-couk-phase2-2020", "Recommendation 1", "The Home Office should coordinate the dev"): dict(
        addressees=[addressee("home-office", "The Home Office")]),
    ("iicsa-couk-phase2-2020", "", "The Home Office should bring forward legi"): dict(
        addressees=[addressee("home-office", "The Home Office")],
        notes="The text also gives tasks to the National Crime Agency and the police; only the Home Office is addressed.",
    ),
    ("iicsa-couk-phase2-2020", "", "The Home Office should introduce legislat"): dict(
        addressees=[addressee("home-office", "The Home Office")]),
    # IICSA: Westminster
    ("iicsa-westminster-2020", "Recommendation 1", "The criteria for forfeiture of all honour"): dict(
        addressees=[addressee("forfeiture-committee", "the Forfeiture Committee")]),
    ("iicsa-westminster-2020", "Recommendation 2", "The Cabinet Office should re-examine the "): dict(
        addressees=[addressee("cabinet-office", "The Cabinet Office")]),
    ("iicsa-westminster-2020", "", "Government, political parties and other W"): dict(addressees=[
        addressee(GOV, "Government"),
        addressee("group-political-parties", "political parties"),
        addressee("group-other-westminster-institutions", "other Westminster institutions"),
    ]),
    ("iicsa-westminster-2020", "", "The Cabinet Office must ensure that each "): dict(addressees=[
        addressee("cabinet-office", "The Cabinet Office"),
        addressee("group-all-government-departments", "All government departments"),
    ]),
    ("iicsa-westminster-2020", "", "All political parties registered with th"): dict(addressees=[
        addressee("group-political-parties-registered-in-england-and-wales",
                  "All political parties registered with the Electoral Commission in England and Wales"),
    ]),
    # IICSA: Anglican Church
    ("iicsa-anglican-2020", "Recommendation 1", "The Church of England should create the r"): dict(
        addressees=[addressee("church-of-england", "The Church of England")],
        notes="The text also sets tasks for the Church's National Safeguarding Team and diocesan boards of finance; "
        "they are parts of the Church of England and have no separate row.",
    ),
    ("iicsa-anglican-2020", "", "The Church of England should make changes"): dict(
        addressees=[addressee("church-of-england", "The Church of England")]),
    # IICSA: Roman Catholic Church
    ("iicsa-roman-catholic-2020", "", "The Catholic Bishops’ Conference of England and Wales and the"): dict(addressees=[
        addressee("catholic-bishops-conference-of-england-and-wales", "The Catholic Bishops’ Conference of England and Wales"),
        addressee("conference-of-religious-in-england-and-wales", "the Conference of Religious in England and Wales"),
    ]),
    ("iicsa-roman-catholic-2020", "", "The Catholic Bishops’ Conference of England and Wales should"): dict(addressees=[
        addressee("catholic-bishops-conference-of-england-and-wales", "The Catholic Bishops’ Conference of England and Wales"),
    ]),
    # IICSA: Lambeth
    ("iicsa-lambeth-2021", "Recommendation 1", "Lambeth Council should develop and publis"): dict(
        addressees=[addressee("lambeth-council", "Lambeth Council")]),
    ("iicsa-lambeth-2021", "Recommendation 2", "All Lambeth Council elected members shoul"): dict(
        addressees=[addressee("lambeth-council", "All Lambeth Council elected members")]),
    ("iicsa-lambeth-2021", "Recommendation 3", "Lambeth Council should review the applica"): dict(
        addressees=[addressee("lambeth-council", "Lambeth Council")]),
    # IICSA: Religious organisations and settings
    ("iicsa-religious-settings-2021", "Recommendation 1", "All religious organisations should have a"): dict(
        addressees=[addressee("group-all-religious-organisations", "All religious organisations")]),
    ("iicsa-religious-settings-2021", "Recommendation 2", "The government should introduce legislati"): dict(
        addressees=THE_GOVERNMENT),
    # IICSA: CSE by organised networks
    ("iicsa-cse-networks-2022", "Recommendation 1", "The government should amend the Sentencin"): dict(addressees=THE_GOVERNMENT),
    ("iicsa-cse-networks-2022", "Recommendation 2", "As referenced in its Tackling Child Sexua"): dict(
        addressees=[addressee(GOV, "the government")]),
    ("iicsa-cse-networks-2022", "Recommendation 3", "Government guidance"): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(reason="the text was not read.")),
    ("iicsa-cse-networks-2022", "", "Police forces and local authorities in En"): dict(addressees=[
        addressee("group-police-forces-and-local-authorities-in-england-and-wales",
                  "Police forces and local authorities in England and in Wales"),
        addressee(GOV, "The UK government"),
        addressee(WG, "the Welsh Government"),
    ]),
    # IICSA: Residential schools
    ("iicsa-residential-schools-2022", "Recommendation 1", "The Department for Education and the Wels"): dict(addressees=DFE_AND_WG),
    ("iicsa-residential-schools-2022", "Recommendation 2", "The Department for Education and the Wels"): dict(addressees=DFE_AND_WG),
    ("iicsa-residential-schools-2022", "Recommendation 3", "The Department for Education and the Wels"): dict(addressees=DFE_AND_WG),
    # IICSA: Final Report (recommendations 3-10, 12 and 14-20 are heading only)
    ("iicsa-final-report-2022", "1", "The Inquiry recommends that the UK govern"): dict(addressees=[
        addressee(GOV, "the UK government"), addressee(WG, "the Welsh Government")]),
    ("iicsa-final-report-2022", "Recommendation 2", "The Inquiry recommends that the UK govern"): dict(addressees=[
        addressee(GOV, "the UK government"), addressee(WG, "the Welsh Government")]),
    ("iicsa-final-report-2022", "11", "The Inquiry recommends (as originally sta"): dict(addressees=[addressee(GOV, "the UK government")]),
    ("iicsa-final-report-2022", "13", "The Inquiry recommends that the UK govern"): dict(addressees=[
        addressee(GOV, "the UK government"), addressee(WG, "Welsh Government")]),
    # Covid-19 Inquiry Module 1
    ("covid19-m1-2024", "1", "The governments of the UK, Scotland, Wale"): dict(addressees=four_governments()),
    ("covid19-m1-2024", "2", "The UK Government should:\n• Abolish the l"): dict(addressees=[addressee(GOV, "The UK Government")]),
    ("covid19-m1-2024", "3", "The UK Government and devolved government"): dict(addressees=UK_AND_DEVOLVED),
    ("covid19-m1-2024", "4", "The UK Government and devolved government"): dict(addressees=UK_AND_DEVOLVED),
    ("covid19-m1-2024", "5", "The UK Government, working with the devol"): dict(
        addressees=[addressee(GOV, "The UK Government")],
        notes="The devolved governments are named as partners ('working with the devolved governments'), not as "
        "addressees, so they have no addressee row.",
    ),
    ("covid19-m1-2024", "6", "The UK Government and devolved government"): dict(addressees=UK_AND_DEVOLVED),
    ("covid19-m1-2024", "7", "For all civil emergency exercises, the go"): dict(
        addressees=four_governments("the governments of the UK, Scotland, Wales and Northern Ireland")),
    ("covid19-m1-2024", "8", "The governments of the UK, Scotland, Wale"): dict(addressees=four_governments()),
    ("covid19-m1-2024", "9", "The governments of the UK, Scotland, Wale"): dict(addressees=four_governments()),
    # Covid-19 Inquiry Module 2
    ("covid19-m2-2025", "4", "During a whole-system civil emergency, th"): dict(addressees=[
        addressee(GOV, "the UK Government"), addressee("devolved-governments", "devolved governments")]),
    ("covid19-m2-2025", "8", "The UK Government, Sco [TRUNCATED in stor"): dict(
        addressees=[addressee(GOV, "The UK Government")],
        notes="The text breaks off after 'The UK Government, Sco'; other addressees are not visible and have no row.",
    ),
    # Grenfell Phase 1
    ("grenfell-phase1-2019", "33.10a", "That the owner and manager of every high-"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.10b", "That all fire and rescue services ensure "): dict(addressees=[
        addressee("group-fire-and-rescue-services", "all fire and rescue services")]),
    ("grenfell-phase1-2019", "33.11a", "That the London Fire Brigade review, and "): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.11b", "That the London Fire Brigade ensure that "): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.12a", "That the owner and manager of every high-"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.12b", "That the owner and manager of every high-"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.13a", "That the owner and manager of every high-"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.13b", "That the owner and manager of every high-"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.14a", "That the London Fire Brigade review its p"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.14b", "That all officers who may be expected to "): dict(addressees=FIRE_LFB_STATED),
    ("grenfell-phase1-2019", "33.14c", "That all control room operators of Assist"): dict(addressees=FIRE_LFB_STATED),
    ("grenfell-phase1-2019", "33.15a", "That the London Fire Brigade’s policies b"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.15b", "That the London Fire Brigade provide regu"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.15c", "That all fire and rescue services develop"): dict(addressees=[
        addressee("group-fire-and-rescue-services", "all fire and rescue services")]),
    ("grenfell-phase1-2019", "33.18a", "That the London Fire Brigade develop poli"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.18b", "That the London Fire Brigade develop poli"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "33.21a", "That the London Fire Brigade urgently tak"): dict(addressees=[addressee(LFB, "the London Fire Brigade")]),
    ("grenfell-phase1-2019", "", "That urgent steps be taken to ensure that"): dict(addressees=FIRE_LFB_STATED),
    ("grenfell-phase1-2019", "33.22a", "That the government develop national guid"): dict(addressees=[addressee(GOV, "the government")]),
    ("grenfell-phase1-2019", "33.22b", "That fire and rescue services develop pol"): dict(addressees=[
        addressee("group-fire-and-rescue-services", "fire and rescue services")]),
    ("grenfell-phase1-2019", "33.22c", "that the owner and manager of every high-"): dict(
        addressees=[],
        heading="",
        notes="No addressee row: the text names none (the owner and manager of every high-rise residential building "
        "are to be required by law). The raw heading 'Evacuation (Phase 1 report paragraph 33.22)' gave the theme and "
        "the report paragraph; no heading is printed above this text on the page read, so heading is empty.",
    ),
    ("grenfell-phase1-2019", "33.22d", "That all high-rise residential buildings "): dict(
        addressees=[],
        heading="",
        notes="No addressee row: the text names none. The raw heading 'Evacuation (Phase 1 report paragraph 33.22)' "
        "gave the theme and the report paragraph, not a heading printed on the gov.uk page, so heading is empty.",
    ),
    ("grenfell-phase1-2019", "33.22e", "(…) that the owner and manager of every h"): dict(
        addressees=[],
        heading="",
        completeness="partial",
        notes="No addressee row: the text names none (the owner and manager of every high-rise residential building "
        "are to be required by law). Completeness is partial because the government's quotation opens with '(…)', "
        "marking words it left out. The raw heading 'Evacuation (Phase 1 report paragraph 33.22)' gave the theme and "
        "the report paragraph, not a printed heading, so heading is empty.",
    ),
    ("grenfell-phase1-2019", "33.22f", "(…) that the owner and manager of every h"): dict(
        addressees=[],
        heading="",
        completeness="partial",
        notes="No addressee row: the text names none (the owner and manager of every high-rise residential building "
        "are to be required by law). Completeness is partial because the government's quotation opens with '(…)', "
        "marking words it left out. The raw heading 'Evacuation (Phase 1 report paragraph 33.22)' gave the theme and "
        "the report paragraph, not a printed heading, so heading is empty.",
    ),
    ("grenfell-phase1-2019", "33.27", "that in all high-rise buildings “floor nu"): dict(
        addressees=[],
        heading="",
        completeness="partial",
        notes="No addressee row: the quoted words name none. Completeness is partial because the fact sheet quotes only "
        "part of the recommendation inside quotation marks. The raw heading 'Fact sheet: Wayfinding signage "
        "(regulation 8)' is the page title (recorded as the document's title), not a heading above the text, so "
        "heading is empty.",
    ),
    ("grenfell-phase1-2019", "33.28", "That the owner and manager of every resid"): dict(addressees=FIRE_GOV_STATED),
    ("grenfell-phase1-2019", "33.29a", "That the owner and manager of every resid"): dict(addressees=[
        addressee("group-owners-and-managers-of-residential-buildings",
                  "the owner and manager of every residential building containing separate dwellings"),
        FIRE_GOV_STATED[0],
    ]),
    ("grenfell-phase1-2019", "33.31a", "That the Joint Doctrine be amended to mak"): dict(addressees=[
        addressee("group-emergency-services", "Emergency Services", STATED, "'Responsible for completion' on the fireengland.uk page.")]),
    ("grenfell-phase1-2019", "33.31b", "That the Joint Doctrine be amended to mak"): dict(addressees=[
        addressee("group-emergency-services", "Emergency Services", STATED, "'Responsible for completion' on the fireengland.uk page.")]),
    # Grenfell Phase 2 (recommendation_heading moves the table values out of the heading)
    ("grenfell-phase2-2024", "1", "That the government draw together under a"): dict(addressees=[addressee(GOV, "the government")]),
    ("grenfell-phase2-2024", "2", "That the definition of a higher-risk buil"): dict(addressees=PHASE2_GOV_STATED),
    ("grenfell-phase2-2024", "29", "That the government establish [an indepen"): dict(addressees=[addressee(GOV, "the government")]),
    ("grenfell-phase2-2024", "30", "That [the college] should have a permanen"): dict(addressees=PHASE2_GOV_STATED),
    ("grenfell-phase2-2024", "42", "That the [Civil Contingencies] Act [2004]"): dict(addressees=PHASE2_GOV_STATED),
    ("grenfell-phase2-2024", "43", "Regulation 23 of the Civil Contingencies "): dict(
        addressees=PHASE2_GOV_STATED,
        completeness="truncated",
        notes="Completeness is truncated because the archived copy stops at 'emergencies'. Category 1 responders are "
        "the subject of the proposed duty, not the addressee.",
    ),
    ("grenfell-phase2-2024", "56", "That what in the past has been called by "): dict(addressees=[
        addressee("national-police-chiefs-council", "National Police Chiefs’ Council (NPCC)", STATED,
                  "Responsibility column of the gov.uk progress-report table.")]),
    ("grenfell-phase2-2024", "57", "That further consideration be given to th"): dict(addressees=PHASE2_GOV_STATED),
    # Infected Blood Inquiry
    ("infected-blood-2024", "1", "My principal recommendation remains that "): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(reason="the text names none (it refers to the Government).")),
    ("infected-blood-2024", "2(a)", "A permanent memorial be established in th"): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(
            reason="the text names no body to act; it says the memorial should be funded by the UK government.")),
    ("infected-blood-2024", "2(b)", "A memorial be established at public expen"): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(reason="the visible text names none.")),
    # Manchester Arena Inquiry Volume 1
    ("manchester-arena-vol1-2021", "MR1", "Improvements, to the extent that they hav"): dict(
        addressees=[addressee("smg", "SMG", STATED, REPORTER)]),
    ("manchester-arena-vol1-2021", "MR2", "Improvements, to the extent that they hav"): dict(
        addressees=[addressee("showsec", "Showsec")]),
    ("manchester-arena-vol1-2021", "MR3", "BTP should address the systemic failings "): dict(
        addressees=[addressee("british-transport-police", "BTP")]),
    ("manchester-arena-vol1-2021", "MR4", "A Protect Duty, as set out above, should "): dict(addressees=[
        addressee("home-office", "HMG (the Home Office)", STATED, REPORTER),
        addressee("nactso", "NaCTSO", STATED, REPORTER),
        addressee("osct", "OSCT", STATED, REPORTER),
        addressee("ctphq", "CTPHQ", STATED, REPORTER),
        addressee("cpni", "CPNI", STATED, REPORTER),
    ]),
    ("manchester-arena-vol1-2021", "MR5", "NaCTSO should create a centralised librar"): dict(addressees=[
        addressee("nactso", "NaCTSO"),
        addressee("home-office", "HMG (the Home Office)", STATED, REPORTER),
        addressee("osct", "OSCT", STATED, REPORTER),
        addressee("ctphq", "CTPHQ", STATED, REPORTER),
    ]),
    # Daniel Morgan Independent Panel
    ("daniel-morgan-2021", "1", "The Panel has received advice from an ind"): dict(
        addressees=[addressee("metropolitan-police-service", "the Metropolitan Police")]),
    ("daniel-morgan-2021", "2", "The Panel recommends that the Metropolita"): dict(
        addressees=[addressee("metropolitan-police-service", "the Metropolitan Police")]),
    ("daniel-morgan-2021", "3", "It is recommended that the Metropolitan P"): dict(
        addressees=[addressee("metropolitan-police-service", "the Metropolitan Police")]),
    # Brook House Inquiry
    ("brook-house-2023", "14", "The Home Office and contractors operating"): dict(
        addressees=[
            addressee("home-office", "The Home Office"),
            addressee("group-contractors-operating-immigration-removal-centres", "contractors operating immigration removal centres"),
        ],
        heading="Handcuffing behind backs while seated",
        notes="The page prints 'Recommendation 14: Handcuffing behind backs while seated'; the raw heading also "
        "gave the location (Volume II, Part E, page \"Use of force\"), which is not part of the printed heading.",
    ),
    # Post Office Horizon IT Inquiry Volume 1
    ("post-office-vol1-2025", "", "HM Government and/or the Department and w"): dict(
        addressees=[
            addressee(GOV, "HM Government"),
            addressee("post-office-limited", "the Post Office"),
            addressee("fujitsu", "Fujitsu"),
        ],
        notes="'the Department' is not named in the text read, so it has no addressee row.",
    ),
    ("post-office-vol1-2025", "", "The Minister and/or the Department in con"): dict(
        addressees=[addressee("post-office-limited", "the Post Office")],
        notes="'The Minister' and 'the Department' are not named in the text read, so they have no addressee row.",
    ),
    ("post-office-vol1-2025", "", "The Post Office, the Department and the M"): dict(
        addressees=[addressee("post-office-limited", "The Post Office")],
        notes="'the Department' and 'the Minister' are not named in the text read, so they have no addressee row.",
    ),
    ("post-office-vol1-2025", "", "All claimants in HSS shall be entitled to"): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(
            reason="no actor is named (the Department is to fund legal advice, but is not named in the text read).")),
    ("post-office-vol1-2025", "", "Any claimant who opts to have a claim ass"): dict(
        addressees=[], notes=NO_ADDRESSEE_NOTE.format(reason="the text names no actor; it applies to claimants in the schemes.")),
}

# Final Report rows with a heading only have no addressee.
HEADING_ONLY_NOTE = NO_ADDRESSEE_NOTE.format(reason="only the heading was read.")

# Grenfell Phase 1 order as printed: by paragraph number and letter. The
# unlabelled Theme 8 item follows 33.21a on its page.
PHASE1_ORDER = (
    "33.10a", "33.10b", "33.11a", "33.11b", "33.12a", "33.12b", "33.13a", "33.13b",
    "33.14a", "33.14b", "33.14c", "33.15a", "33.15b", "33.15c", "33.18a", "33.18b",
    "33.21a", "", "33.22a", "33.22b", "33.22c", "33.22d", "33.22e", "33.22f",
    "33.27", "33.28", "33.29a", "33.31a", "33.31b",
)

PHASE2_HEADING = re.compile(
    r"^(?P<heading>.+?) \(Inquiry reference (?P<ref>[\d.]+); status (?P<status>[^;]+); "
    r"responsibility (?P<resp>[^;]+); accepted (?P<accepted>.+)\)$"
)
DANIEL_MORGAN_HEADING = re.compile(r"^MPS Numbering: (?P<number>\d+) \(lead organisation: (?P<lead>[^)]+)\)$")

# ---------------------------------------------------------------------------
# Responses and evidence
# ---------------------------------------------------------------------------


def response(responder_id, position="not stated", phrase="", notes="", completeness=""):
    return dict(table="responses", responder_id=responder_id, position=position, phrase=phrase,
                notes=notes, completeness=completeness)


def evidence(organisation_id, kind, description, notes="", completeness=""):
    return dict(table="evidence", organisation_id=organisation_id, kind=kind, description=description,
                notes=notes, completeness=completeness)


def omit(reason):
    return dict(table="omitted", reason=reason)


SG_ACCEPTS = "The Scottish Government accepts this recommendation"
SG_ACCEPTS_IN_PRINCIPLE = "The Scottish Government accepts this recommendation in principle"
SG_M1 = "Scottish Government response to the Module 1 report (gov.scot), dated 16 January 2025 per the Inquiry Chair's remark of 17 January 2025 that the four governments' responses were published 'yesterday'."
FIRE_DESC = "Home Office quarterly thematic update on the Grenfell Phase 1 recommendations (fireengland.uk), {theme} page: progress text under recommendation {label} (page version of {date})."
PHASE2_COMMITTED = (
    "Read from the MHCLG Grenfell progress report, section 'What we committed to doing', which restates the "
    "commitments of the government response of 26 February 2025; dated by the progress-report version read. "
    "The raw material names the UK Government as responder; MHCLG publishes the progress report."
)
ORAL_ANSWER_NOTE = (
    "Oral answer in the Commons debate of 22 May 2023 on the Home Secretary's statement on the government response "
    "to the Final Report, read on parallelparliament.co.uk. The speaker's name is not printed in the captured text, "
    "so no person is named here and the answer is recorded as the Home Office's."
)
PHILLIPS_ANSWER = "Home Office written parliamentary answer by Jess Phillips MP (22 December 2025), read on parallelparliament.co.uk"
MIXED_POSITION = (
    "Position 'not stated': the text gives a mixed position for the report as a whole ({quote}), which no single "
    "position value holds without rewording."
)
REMOVED_MARKER = "The raw text ended with the editorial marker '{marker}', which is not the source's wording and was removed."

# Keyed by (report_key, label, responded_on, opening words of the raw text). Each
# key must match exactly one raw row.
RESPONSE_DECISIONS = {
    # ----- IICSA -----
    ("iicsa-westminster-2020", "Recommendation 1", "2020-09-18", "The Honours and Appointme"): response(
        "cabinet-office",
        notes="HM Government's response to the Westminster report, a Cabinet Office item, read on wired-gov.net (a "
        "republication). The same combined text is printed for Recommendations 1 and 2 and is recorded under both.",
    ),
    ("iicsa-westminster-2020", "Recommendation 2", "2020-09-18", "The Honours and Appointme"): response(
        "cabinet-office",
        notes="HM Government's response to the Westminster report, a Cabinet Office item, read on wired-gov.net (a "
        "republication). The same combined text is printed for Recommendations 1 and 2 and is recorded under both.",
    ),
    ("iicsa-interim-2018", "Recommendation 2", "2019-07-22", "Government commitment – D"): evidence(
        GOV, "progress statement",
        "HM Government's July 2019 progress update on its response to the Interim Report (gov.uk): the section on "
        "the child migrants redress recommendation.",
        notes="Recorded as evidence, not as a response, because the document is a progress update published after "
        "the December 2018 response; it opens by restating the December 2018 commitment and then gives the update.",
    ),
    ("iicsa-final-report-2022", "1", "2023-05-22", "We accept that robust dat"): response(
        GOV,
        notes="The government's response to the Final Report (22 May 2023), one sentence as quoted by "
        "lawandreligionuk.com. Position 'not stated': 'We accept that robust data collection ... is critical' "
        "accepts a need, not the recommendation as such.",
    ),
    ("iicsa-final-report-2022", "Recommendation 2", "2023-05-22", "We accept the need for a "): response(
        GOV,
        notes="The government's response to the Final Report (22 May 2023), as quoted by lawandreligionuk.com. "
        "Position 'not stated': 'We accept the need for a stronger safeguarding system' accepts a need, not the "
        "recommendation as such.",
    ),
    ("iicsa-final-report-2022", "11", "2023-05-22", "We accept the need to rev"): response(
        GOV,
        notes="The government's response to the Final Report (22 May 2023), as given by accountabilityindex.uk, "
        "which labels it 'verbatim from government'; that tracker has also mislabelled other texts this way, and "
        "the wording was not checked against gov.uk. Position 'not stated': 'We accept the need to review' "
        "accepts a need to review, not the recommendation as such.",
    ),
    ("iicsa-final-report-2022", "5", "2026-01-21", "The Government has been u"): response(
        "ministry-of-justice", "not accepted", "The Government rejected recommendation 5 from the Inquiry",
        notes="Ministry of Justice written parliamentary answer by Jake Richards MP, read on parallelparliament.co.uk; "
        "the full answer. It restates the government's earlier rejection. Its first paragraph concerns a "
        "registration framework for the youth custody estate and does not give a recommendation number.",
    ),
    ("iicsa-chichester-peter-ball-2019", "Recommendation 3", "2021-06-15", "In particular, the Govern"): omit(
        "Home Office written answer of 15 June 2021 (streetguide.co.uk). Its bracketed marker says it does not cite "
        "this recommendation by report or number; it was matched by subject only."
    ),
    ("iicsa-cse-networks-2022", "Recommendation 1", "2025-02-25", "(d) Legislate to make gro"): omit(
        "Item (d) of the gov.uk factsheet 'Crime and Policing Bill: Independent Inquiry into Child Sexual Abuse "
        "recommendations' (25 February 2025). Its bracketed marker says it does not cite this report or "
        "recommendation number; it was matched by subject only."
    ),
    ("iicsa-final-report-2022", "Recommendation 2", "2023-05-22", "When it comes to the chil"): response(
        "home-office", notes=ORAL_ANSWER_NOTE),
    ("iicsa-final-report-2022", "Recommendation 2", "2025-12-22", "In April, the Government "): evidence(
        "home-office", "consultation",
        PHILLIPS_ANSWER + "; the opening two paragraphs, which name the Child Protection Authority consultation.",
        notes="Recorded as evidence: a later statement of progress, not the formal response. The Home Office is the "
        "answering department.",
    ),
    ("iicsa-final-report-2022", "7", "2023-05-22", "My right hon. Friend is a"): response(
        "home-office", "accepted", "We accept the recommendation on the registration of care staff in residential care",
        notes=ORAL_ANSWER_NOTE + " The same answer also covers recommendations 8 to 10.",
    ),
    ("iicsa-final-report-2022", "8", "2023-05-22", "We also accept the recomm"): response(
        "home-office", "accepted",
        "We also accept the recommendation on the registration of staff in young offender institutions and secure training centres",
        notes=ORAL_ANSWER_NOTE + " The same answer also covers recommendations 7, 9 and 10.",
    ),
    ("iicsa-final-report-2022", "9", "2023-05-22", "We are looking at the rec"): response(
        "home-office", "accepted", "We are accepting those recommendations as well",
        notes=ORAL_ANSWER_NOTE + " These sentences cover recommendations 9 and 10 together and are recorded under both.",
    ),
    ("iicsa-final-report-2022", "10", "2023-05-22", "We are looking at the rec"): response(
        "home-office", "accepted", "We are accepting those recommendations as well",
        notes=ORAL_ANSWER_NOTE + " These sentences cover recommendations 9 and 10 together and are recorded under both.",
    ),
    ("iicsa-final-report-2022", "13", "2024-01-10", "The Government are taking"): evidence(
        "home-office", "written statement",
        "Home Office written ministerial statement of 10 January 2024 (read on parallelparliament.co.uk): the section headed 'Mandatory reporting (Recommendation 13)'.",
        notes="Statement by the Home Secretary, James Cleverly. Recorded as evidence: it reports activity after the "
        "formal response (call for evidence, consultation, choice of legislative vehicle).",
    ),
    ("iicsa-final-report-2022", "13", "2025-12-22", "Several measures in the C"): evidence(
        "home-office", "legislation",
        PHILLIPS_ANSWER + "; one sentence on measures in the Crime and Policing Bill.",
        notes="Recorded as evidence: a later statement of progress. The same sentence names the mandatory reporting "
        "duty and the removal of the three-year limitation period (the subjects of recommendations 13 and 15, "
        "without their numbers) and is recorded under both.",
    ),
    ("iicsa-final-report-2022", "15", "2025-02-05", "The Government is deliver"): evidence(
        "ministry-of-justice", "progress statement",
        "Ministry of Justice press release 'New reforms to support victims of child sexual abuse' (5 February 2025), read as republished by a blog: its opening paragraphs.",
        notes="Recorded as evidence: an announcement of reforms after the formal response. The blog labels the "
        "text 'Source: Gov.UK'; it was not checked against gov.uk.",
    ),
    ("iicsa-final-report-2022", "15", "2025-12-22", "Several measures in the C"): evidence(
        "home-office", "legislation",
        PHILLIPS_ANSWER + "; one sentence on measures in the Crime and Policing Bill.",
        notes="Recorded as evidence: a later statement of progress. The same sentence names the mandatory reporting "
        "duty and the removal of the three-year limitation period (the subjects of recommendations 13 and 15, "
        "without their numbers) and is recorded under both.",
    ),
    ("iicsa-final-report-2022", "16", "2025-12-22", "We have also announced up"): evidence(
        "home-office", "funding",
        PHILLIPS_ANSWER + "; the sentences on funding for the Child House model.",
        notes="Recorded as evidence: a later statement of progress. 'This a significant step' is as printed.",
    ),
    ("iicsa-final-report-2022", "18", "2023-07-18", "Today I have laid before"): evidence(
        "ministry-of-justice", "consultation",
        "Ministry of Justice written ministerial statement of 18 July 2023 (read on parallelparliament.co.uk): the opening paragraphs, announcing a consultation on two elements of the Criminal Injuries Compensation Scheme.",
        notes="Statement by Edward Argar, Minister of State. Recorded as evidence: it follows through on a "
        "commitment in the formal response by laying a consultation.",
    ),
    ("iicsa-final-report-2022", "13", "2025-02-25", "We are going to better sa"): evidence(
        GOV, "legislation",
        "gov.uk factsheet 'Crime and Policing Bill: Independent Inquiry into Child Sexual Abuse recommendations' (25 February 2025): its opening and items (a) and (b).",
        notes="Recorded as evidence: it describes measures in a Bill before Parliament. The factsheet gives no "
        "recommendation number; it names IICSA and describes the mandatory reporting duty, the subject of "
        "recommendation 13. Its publishing department is not recorded in the raw material.",
    ),
    # ----- Covid-19 Inquiry Module 1 -----
    ("covid19-m1-2024", "1", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted", SG_ACCEPTS, notes=SG_M1),
    ("covid19-m1-2024", "2", "2025-01-16", "This recommendation is di"): response(
        "scottish-government",
        notes=SG_M1 + " The text says the recommendation is directed at the UK Government and states no position of the Scottish Government on it.",
    ),
    ("covid19-m1-2024", "3", "2026-01", "Implementation actions an"): evidence(
        "scottish-government", "progress statement",
        "Scottish Government Module 1 progress update, January 2026 (gov.scot), page for Recommendation 3: implementation actions and the progress update as at January 2026.",
        notes="Dated by the title 'Progress update as at January 2026'; no day is printed.",
    ),
    ("covid19-m1-2024", "3", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted", SG_ACCEPTS, notes=SG_M1),
    ("covid19-m1-2024", "4", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted in principle", SG_ACCEPTS_IN_PRINCIPLE, notes=SG_M1),
    ("covid19-m1-2024", "5", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted", SG_ACCEPTS, notes=SG_M1),
    ("covid19-m1-2024", "5", "2026-01", "Implementation actions an"): evidence(
        "scottish-government", "progress statement",
        "Scottish Government Module 1 progress update, January 2026 (gov.scot), page for Recommendation 5: implementation actions and the progress update as at January 2026.",
        notes="Dated by the title 'Progress update as at January 2026'; no day is printed. 'developedthe' is as printed.",
    ),
    ("covid19-m1-2024", "6", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted in principle", SG_ACCEPTS_IN_PRINCIPLE, notes=SG_M1),
    ("covid19-m1-2024", "7", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted", SG_ACCEPTS, notes=SG_M1),
    ("covid19-m1-2024", "8", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted in principle", SG_ACCEPTS_IN_PRINCIPLE, notes=SG_M1),
    ("covid19-m1-2024", "9", "2025-01-16", "The Scottish Government a"): response(
        "scottish-government", "accepted in principle",
        "The Scottish Government accepts the principle of introducing external scrutiny from outside the Civil Service",
        notes=SG_M1 + " The text accepts the principle of external scrutiny and says that using only red teams would "
        "be impractical; the phrase is shown so readers can judge the position.",
    ),
    ("covid19-m1-2024", "ALL", "2025-01-16", "I express my thanks to Ba"): response(
        GOV,
        notes="Ministerial foreword (by the Chancellor of the Duchy of Lancaster) of the UK Government Response to the "
        "Module 1 report, CP1240; no per-recommendation text was visible in the archived copy.",
    ),
    # ----- Grenfell Phase 1 -----
    ("grenfell-phase1-2019", "33.10a", "2022-05-16", "The Government consulted "): evidence(
        GOV, "progress statement",
        FIRE_DESC.format(theme="Theme 1", label="33.10a", date="16 May 2022"),
        notes="The raw material names the UK Government as the body reporting.",
    ),
    ("grenfell-phase1-2019", "33.11a", "2021-07-29", "London Fire Brigade (LFB)"): evidence(
        LFB, "progress statement",
        FIRE_DESC.format(theme="Theme 2", label="33.11a", date="29 July 2021"),
        notes="Status shown on the page: Complete. The text reports the London Fire Brigade's work and, in its last "
        "paragraph, the Government's work with the National Fire Chiefs Council.",
    ),
    ("grenfell-phase1-2019", "33.11b", "2021-07-29", "London Fire Brigade (LFB)"): evidence(
        LFB, "progress statement",
        FIRE_DESC.format(theme="Theme 2", label="33.11b", date="29 July 2021"),
        notes="Status shown on the page: Complete.",
    ),
    ("grenfell-phase1-2019", "33.12a", "2024-04-11", "The Government consulted "): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 3", label="33.12a", date="11 April 2024"),
        notes="Status shown on the page: Complete.",
    ),
    ("grenfell-phase1-2019", "33.13a", "2024-09-19", "In 2020 the then Governme"): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 4", label="33.13a", date="19 September 2024"),
        notes="Status shown on the page: Complete.",
    ),
    ("grenfell-phase1-2019", "33.13b", "2024-09-19", "In 2020 the then Governme"): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 4", label="33.13b", date="19 September 2024"),
        notes="Status shown on the page: Complete.",
    ),
    ("grenfell-phase1-2019", "33.14a", "2021-07-08", "London Fire Brigade has r"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 5", label="33.14a", date="8 July 2021"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.14b", "2021-07-08", "London Fire Brigade has r"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 5", label="33.14b", date="8 July 2021"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.14c", "2021-07-08", "London Fire Brigade has r"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 5", label="33.14c", date="8 July 2021"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.15a", "2024-09-19", "The LFB has reported that"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 6", label="33.15a", date="19 September 2024"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.15b", "2024-09-19", "The LFB has reported that"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 6", label="33.15b", date="19 September 2024"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.15c", "2024-09-19", "National Operational Guid"): evidence(
        "", "progress statement", FIRE_DESC.format(theme="Theme 6", label="33.15c", date="19 September 2024"),
        notes="No organisation recorded: the text reports the work of several bodies (fire and rescue services, the "
        "National Fire Chiefs Council and the Government). The page gives a progress date of September 2024.",
    ),
    ("grenfell-phase1-2019", "33.18a", "2022-02-14", "London Fire Brigade has r"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 7", label="33.18a", date="14 February 2022"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.18b", "2022-02-14", "London Fire Brigade has r"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 7", label="33.18b", date="14 February 2022"),
        notes="Status shown on the page: Complete. The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.21a", "2025-02-28", "LFB launched the new MSA "): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 8", label="33.21a", date="28 February 2025"),
    ),
    ("grenfell-phase1-2019", "33.22a", "2025-02-28", "The Inquiry recommended i"): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 9", label="33.22a", date="28 February 2025"),
        notes="The text reports research by the Home Office and MHCLG and the publication of evacuation guidelines.",
    ),
    ("grenfell-phase1-2019", "33.22b", "2025-02-28", "In December 2019, the Nat"): evidence(
        "national-fire-chiefs-council", "progress statement",
        FIRE_DESC.format(theme="Theme 9", label="33.22b", date="28 February 2025"),
        notes="The raw material names fire and rescue services and the NFCC; the visible text reports the NFCC's guidance.",
    ),
    ("grenfell-phase1-2019", "33.28", "2022-08-01", "The Government consulted "): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 10", label="33.28", date="1 August 2022"),
        notes="Status shown on the page: Complete. The text itself says the 2022 Regulations implement the "
        "recommendation 'in part'.",
    ),
    ("grenfell-phase1-2019", "33.29a", "2022-08-01", "The Government consulted "): evidence(
        GOV, "progress statement", FIRE_DESC.format(theme="Theme 11", label="33.29a", date="1 August 2022"),
        notes="Status shown on the page: Complete.",
    ),
    ("grenfell-phase1-2019", "33.31a", "2024-09-19", "The members of the Joint "): evidence(
        "", "progress statement", FIRE_DESC.format(theme="Theme 12", label="33.31a", date="19 September 2024"),
        notes="No organisation recorded: the text reports the work of several bodies (the JESIP Interoperability "
        "Board, the London Fire Brigade and the London Emergency Services Liaison Panel). The text speaks of 'these "
        "recommendations' in the plural.",
    ),
    ("grenfell-phase1-2019", "ALL", "2020-01-21", "Sir Martin Moore-Bick’s P"): response(
        GOV, "accepted in principle", "the Government accepted in principle all these recommendations",
        completeness="partial",
        notes="The government's January 2020 response to the Phase 1 report, as reproduced on architectsdatafile.co.uk "
        "('The report reads:'); the official document was not read. Completeness is partial because only this passage "
        "was reproduced. The date (21 January 2020) comes from a brodies.com page ('published its response to this on "
        "21 January 2020').",
    ),
    ("grenfell-phase1-2019", "", "2025-02-28", "The LFB has reported that"): evidence(
        LFB, "progress statement", FIRE_DESC.format(theme="Theme 8", label="(unnumbered, after 33.21a)", date="28 February 2025"),
        notes="The Home Office page reports what the London Fire Brigade said.",
    ),
    ("grenfell-phase1-2019", "33.27", "2023-07-24", "What we have done\nThe Fir"): evidence(
        GOV, "progress statement",
        "gov.uk 'Fact sheet: Wayfinding signage (regulation 8)' on the Fire Safety (England) Regulations 2022 (updated 24 July 2023): the sections 'What we have done' and 'Why have you decided not to implement the proposal in the fire safety consultation?'.",
        notes="An extract of the fact sheet. '[footnote 1]' is the page's own footnote marker.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.12b", "2023-07-24", "The Fire Safety (England)"): evidence(
        GOV, "progress statement",
        "gov.uk 'Fact sheet: Secure information box (regulation 4)' on the Fire Safety (England) Regulations 2022: the section 'What we have done'.",
        notes="The fact sheet links this section to 'Recommendation 33.12(b)'. '[footnote 1]]' is printed so on the page.",
    ),
    ("grenfell-phase1-2019", "33.22c", "2022-08-30", "We subsequently ran a pub"): evidence(
        "home-office", "consultation",
        "Home Office 'EEIS consultation document' (Emergency Evacuation Information Sharing), section 'Background': the passage on how the government then proposed to deliver recommendations 33.22c, e and f.",
        notes="An extract. The passage names 33.22c, 33.22e and 33.22f together and is recorded under each.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.22e", "2022-08-30", "We subsequently ran a pub"): evidence(
        "home-office", "consultation",
        "Home Office 'EEIS consultation document' (Emergency Evacuation Information Sharing), section 'Background': the passage on how the government then proposed to deliver recommendations 33.22c, e and f.",
        notes="An extract. The passage names 33.22c, 33.22e and 33.22f together and is recorded under each.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.22f", "2022-08-30", "We subsequently ran a pub"): evidence(
        "home-office", "consultation",
        "Home Office 'EEIS consultation document' (Emergency Evacuation Information Sharing), section 'Background': the passage on how the government then proposed to deliver recommendations 33.22c, e and f.",
        notes="An extract. The passage names 33.22c, 33.22e and 33.22f together and is recorded under each.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.22c", "2025-07-04", "The government is today l"): evidence(
        "mhclg", "legislation",
        "MHCLG written ministerial statement HCWS782 of 4 July 2025 on Residential PEEPs (read on theyworkforyou.com): the statement as far as the archived copy shows it.",
        notes="An extract: the list after 'entitled to:' is absent from the archived copy. The statement names "
        "33.22c, 33.22e and 33.22f ('now nos. 59, 60 and 61') and is recorded under each.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.22e", "2025-07-04", "The government is today l"): evidence(
        "mhclg", "legislation",
        "MHCLG written ministerial statement HCWS782 of 4 July 2025 on Residential PEEPs (read on theyworkforyou.com): the statement as far as the archived copy shows it.",
        notes="An extract: the list after 'entitled to:' is absent from the archived copy. The statement names "
        "33.22c, 33.22e and 33.22f ('now nos. 59, 60 and 61') and is recorded under each.",
        completeness="partial",
    ),
    ("grenfell-phase1-2019", "33.22f", "2025-07-04", "The government is today l"): evidence(
        "mhclg", "legislation",
        "MHCLG written ministerial statement HCWS782 of 4 July 2025 on Residential PEEPs (read on theyworkforyou.com): the statement as far as the archived copy shows it.",
        notes="An extract: the list after 'entitled to:' is absent from the archived copy. The statement names "
        "33.22c, 33.22e and 33.22f ('now nos. 59, 60 and 61') and is recorded under each.",
        completeness="partial",
    ),
    # ----- Grenfell Phase 2 -----
    ("grenfell-phase2-2024", "1", "2025-12-17", "The single regulator will"): response(
        "mhclg",
        notes=PHASE2_COMMITTED + " The progress-report table shows acceptance 'In principle'; that value is not "
        "in the text, so position is 'not stated'. Version of 17 December 2025.",
    ),
    ("grenfell-phase2-2024", "2", "2025-09-30", "2025\n-\nPublication of t"): response(
        "mhclg",
        notes="Read from the 'Timeline for delivery' on the MHCLG page 'Implementation timeline for Grenfell Tower "
        "Inquiry recommendations' (version of 30 September 2025). Recorded as a response because it sets out "
        "planned delivery, not completed activity. The progress-report table shows acceptance 'In full'; that "
        "value is not in the text.",
    ),
    ("grenfell-phase2-2024", "29", "2025-05-29", "29: We recognise the impo"): response(
        "mhclg",
        notes=PHASE2_COMMITTED + " Version of 29 May 2025. The progress-report table shows acceptance 'In principle'; "
        "that value is not in the text.",
    ),
    ("grenfell-phase2-2024", "29", "2026-02-25", "In March, ministers met s"): evidence(
        GOV, "progress statement",
        "MHCLG Grenfell Tower Inquiry annual report, February 2026, fire and rescue services page: the 'What we have done' text for recommendations 29 and 30.",
        notes="The same text covers recommendations 29 and 30 and is recorded under both. The raw material names "
        "the UK Government as the body reporting.",
    ),
    ("grenfell-phase2-2024", "30", "2026-02-25", "In March, ministers met s"): evidence(
        GOV, "progress statement",
        "MHCLG Grenfell Tower Inquiry annual report, February 2026, fire and rescue services page: the 'What we have done' text for recommendations 29 and 30.",
        notes="The same text covers recommendations 29 and 30 and is recorded under both. The raw material names "
        "the UK Government as the body reporting.",
    ),
    ("grenfell-phase2-2024", "42", "2025-12-17", "The Cabinet Office will r"): response(
        "mhclg",
        notes=PHASE2_COMMITTED + " Version of 17 December 2025. The progress-report table shows acceptance 'In full'; "
        "that value is not in the text.",
    ),
    ("grenfell-phase2-2024", "42", "2025-12-17", "The Cabinet Office has un"): evidence(
        "cabinet-office", "progress statement",
        "MHCLG Grenfell progress report, response and recovery page (version of 17 December 2025): the 'What we have done' text for recommendation 42.",
    ),
    ("grenfell-phase2-2024", "42", "2026-02-25", "The Cabinet Office has, w"): evidence(
        "cabinet-office", "progress statement",
        "MHCLG Grenfell Tower Inquiry annual report, February 2026, response and recovery page: the 'What we have done' text and implementation timeline for recommendation 42.",
    ),
    ("grenfell-phase2-2024", "56", "2025-09-30", "The NPCC has been working"): response(
        "mhclg",
        notes=PHASE2_COMMITTED + " Version of 30 September 2025. The text describes the National Police Chiefs’ "
        "Council's work; the table shows responsibility 'National Police Chiefs’ Council (NPCC)' and acceptance "
        "'In full', values not in the text.",
    ),
    ("grenfell-phase2-2024", "56", "2025-09-30", "The National Police Chief"): evidence(
        "national-police-chiefs-council", "progress statement",
        "MHCLG Grenfell progress report, vulnerable people and Phase 1 recommendations page (version of 30 September 2025): the 'What we have done' text for recommendation 56.",
        notes="Status shown in the progress-report table: Complete.",
    ),
    ("grenfell-phase2-2024", "57", "2025-09-30", "We addressed these recomm"): response(
        "mhclg",
        notes=PHASE2_COMMITTED + " Version of 30 September 2025. The progress-report table shows acceptance 'In full'; "
        "that value is not in the text.",
    ),
    ("grenfell-phase2-2024", "ALL", "2025-02-26", "The inquiry report made 5"): response(
        GOV, completeness="partial",
        notes="The Deputy Prime Minister's Commons statement of 26 February 2025, read as repeated in the House of "
        "Lords on 27 February 2025 (Hansard text on parallelparliament.co.uk). One passage of the statement. "
        "Position 'not stated': the text says the Government 'accept the findings of the report and will take "
        "forward all the recommendations', which does not state acceptance of the recommendations; news reports "
        "say 49 were accepted in full and 9 in principle.",
    ),
    # ----- Infected Blood Inquiry -----
    ("infected-blood-2024", "ALL", "2024-12-17", "The UK and the Devolved G"): response(
        GOV, completeness="partial",
        notes="One paragraph of the ministerial foreword of the Government Response of 17 December 2024, which speaks "
        "for the UK and devolved governments; no per-recommendation text was visible. "
        + MIXED_POSITION.format(quote="'accept the vast majority of the recommendations in full or accept them in principle'"),
    ),
    ("infected-blood-2024", "ALL", "2025-05-14", "The UK and the devolved g"): response(
        GOV, completeness="partial",
        notes="One paragraph of the ministerial foreword of the Full Government Response (CP 1318) of 14 May 2025, "
        "which speaks for the UK and devolved governments; no per-recommendation text was visible. "
        + MIXED_POSITION.format(quote="'have accepted the Inquiry’s recommendations in full or accept them in principle'"),
    ),
    # ----- Covid-19 Inquiry Module 2 -----
    ("covid19-m2-2025", "4", "", "The Scottish Government a"): response(
        "scottish-government", "accepted", SG_ACCEPTS,
        notes="Scottish Government response to the Module 2 report (gov.scot). responded_on is empty because the "
        "archived page shows no date.",
    ),
    ("covid19-m2-2025", "ALL", "2026-03-25", "This government has alrea"): response(
        GOV,
        notes="Ministerial foreword (by the Chief Secretary to the Prime Minister) of the UK Government Response to the "
        "Module 2 report, CP 1534; an extract.",
    ),
    ("covid19-m2-2025", "ALL", "2026-03-16", "The UK Covid-19 Inquiry p"): response(
        WG,
        notes="Written statement by the First Minister, Eluned Morgan MS, on gov.wales, announcing the Welsh "
        "Government's response; the response document itself was not read.",
    ),
    ("covid19-m2-2025", "ALL", "2025-11-21", "Following publication of"): response(
        "northern-ireland-executive-office", "under consideration",
        "It is important that we take time to consider the report and the recommendations in detail before making any further comment",
        notes="Written ministerial statement by the First Minister and deputy First Minister to the Northern Ireland "
        "Assembly on the report's publication: a holding statement, read in extract.",
    ),
    # ----- Daniel Morgan Independent Panel -----
    ("daniel-morgan-2021", "1", "2022-01", "RAG status on progress\nC"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Progress Update January 2022' annex (gov.uk): the 'RAG status on progress' and 'Progress update' fields for MPS recommendation 1.",
        notes="Dated by the title 'Progress Update January 2022'; the page version read was updated 15 June 2023.",
    ),
    ("daniel-morgan-2021", "2", "2022-01", "RAG status on progress\nO"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Progress Update January 2022' annex (gov.uk): the 'RAG status on progress' and 'Progress update' fields for MPS recommendation 2.",
        notes="Dated by the title 'Progress Update January 2022'; the page version read was updated 15 June 2023.",
    ),
    ("daniel-morgan-2021", "3", "2022-01", "RAG status on progress\nO"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Progress Update January 2022' annex (gov.uk): the 'RAG status on progress' and 'Progress update' fields for MPS recommendation 3.",
        notes="Dated by the title 'Progress Update January 2022'; the page version read was updated 15 June 2023.",
    ),
    ("daniel-morgan-2021", "1", "2023-06-15", "- Independent forensic an"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Daniel Morgan Independent Panel Recommendations Annex' (gov.uk): the 'Current position' column for MPS recommendation 1.",
        notes="Dated by the page version read (updated 15 June 2023). The table's 'Lead Organisation' column reads "
        "'MPS Accepted'; that value is not part of the excerpt.",
    ),
    ("daniel-morgan-2021", "2", "2023-06-15", "- Independent forensic an"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Daniel Morgan Independent Panel Recommendations Annex' (gov.uk): the 'Current position' column for MPS recommendation 2.",
        notes="Dated by the page version read (updated 15 June 2023). The table's 'Lead Organisation' column reads "
        "'MPS Accepted'; that value is not part of the excerpt.",
    ),
    ("daniel-morgan-2021", "3", "2023-06-15", "- Detailed review of curr"): evidence(
        "metropolitan-police-service", "progress statement",
        "Metropolitan Police Service 'Daniel Morgan Independent Panel Recommendations Annex' (gov.uk): the 'Current position' column for MPS recommendation 3.",
        notes="Dated by the page version read (updated 15 June 2023). The table's 'Lead Organisation' column reads "
        "'MPS Accepted'; that value is not part of the excerpt.",
    ),
    ("daniel-morgan-2021", "ALL", "2023-06-15", "The previous Commissioner"): response(
        "home-office",
        notes="Foreword by the Home Secretary of the Government response to the Panel's report (CP 857); an extract. "
        "'[footnote 2]' is the page's own footnote marker.",
    ),
    ("daniel-morgan-2021", "ALL", "2023-06-15", "Today (15 June 2023) the"): evidence(
        "national-police-chiefs-council", "progress statement",
        "National Police Chiefs’ Council news release of 15 June 2023 on the NPCC and College of Policing progress report: the release's summary of the report's updates.",
        notes="The progress report is a joint one by the NPCC and the College of Policing; the organisation column "
        "holds one body, so it names the NPCC, which published the news release.",
    ),
    # ----- Brook House Inquiry -----
    ("brook-house-2023", "ALL", "2024-03-19", "The government has made s"): response(
        "home-office",
        notes="Paragraph 3 of the introduction of the Government response to the Brook House Inquiry (CP 1041). "
        "Position 'not stated': the text says the government 'accepts the broad thrust of the recommendations', "
        "which is not one of the position values without interpretation.",
    ),
    # ----- Post Office Horizon IT Inquiry -----
    ("post-office-vol1-2025", "ALL", "2025-07-08", "Business Secretary, Jonat"): response(
        "department-for-business-and-trade",
        notes="Department for Business and Trade news story on the day the report was published; an extract. The page "
        "shows no date; a republished copy dated 9 July 2025 says the statements were made 'yesterday'. The text "
        "reports that the Government accepted one recommendation (on banking the best offer from the GLO process) "
        "without identifying it among the paragraphs recorded here, so no position is recorded for the report.",
    ),
    ("post-office-vol1-2025", "ALL", "2025-10-09", "Redress schemes for postm"): response(
        GOV,
        notes="Government press release on the formal response, read as republished on wired-gov.net; an extract. The "
        "publishing department is not recorded in the raw material. "
        + MIXED_POSITION.format(quote="'all but one of Sir Wyn’s Horizon-related recommendations accepted', the one "
                                "not accepted being to close the HSS Dispute Resolution Process"),
    ),
    ("post-office-vol1-2025", "ALL", "2025-10-13", "Sir Wyn Williams' report"): response(
        GOV,
        notes="Written statement by the Minister for Small Businesses, Blair McDougall, read on parliamenttoday.com; an "
        "extract, cut off at 'all but one of his 1'. "
        + MIXED_POSITION.format(quote="'We have accepted all but one of his 1…'"),
    ),
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def read_raw(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def schema_fields(table: str) -> list[str]:
    with (SCHEMA_DIR / f"{table}.schema.json").open(encoding="utf-8") as handle:
        return [field["name"] for field in json.load(handle)["fields"]]


def strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def label_slug(label: str) -> str:
    label = re.sub(r"^Recommendation\s+", "", label)
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def split_marker(text: str) -> tuple[str, str]:
    """Split a trailing editorial marker off a text; return (text, marker or '')."""
    match = TRAILING_MARKER.search(text)
    if not match:
        return text, ""
    return text[: match.start()], "[" + match.group(1) + "]"


def join_notes(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def find_key(table: dict, fields: tuple[str, ...], text: str):
    """Return the one key of table whose leading fields equal fields and whose last
    element opens text, or None where no key matches."""
    matches = [key for key in table if key[:-1] == fields and text.startswith(key[-1])]
    require(len(matches) <= 1, f"several judgment entries match {fields} {text[:40]!r}")
    return matches[0] if matches else None


def rec_key(row: dict[str, str]):
    return find_key(RECOMMENDATION_DETAILS, (row["report_key"], row["label"]), row["text"] or row["heading"])


def response_key(row: dict[str, str]):
    return find_key(RESPONSE_DECISIONS, (row["report_key"], row["label"], row["responded_on"]), row["text"])


class ConversionError(Exception):
    """The raw material and the judgment tables disagree, so nothing may be written."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ConversionError(message)


# ---------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------


def build_organisations() -> list[dict[str, str]]:
    rows = [
        dict(organisation_id=oid, name=name, kind=kind, parent_id=parent, url="", notes=notes)
        for oid, name, kind, parent, notes in ORGANISATIONS
    ]
    ids = [row["organisation_id"] for row in rows]
    require(len(ids) == len(set(ids)), "duplicate organisation_id in ORGANISATIONS")
    return rows


def build_inquiries(raw_inquiries: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    iicsa = INQUIRY_DETAILS["iicsa"]
    rows.append(dict(inquiry_id="iicsa", **{k: iicsa[k] for k in (
        "name", "short_name", "jurisdiction", "kind", "chair", "established_on", "concluded_on", "url", "notes")}))
    for raw in raw_inquiries:
        details = INQUIRY_DETAILS[raw["inquiry_key"]]
        rows.append(dict(
            inquiry_id=raw["inquiry_key"],
            name=raw["name"],
            short_name=details["short_name"],
            jurisdiction=details.get("jurisdiction", ""),
            kind=details.get("kind", ""),
            chair=details.get("chair", ""),
            established_on=details.get("established_on", ""),
            concluded_on=details.get("concluded_on", ""),
            url=raw["url"],
            notes=details["notes"],
        ))
    return rows


def build_documents(used_urls: set[str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = []
    by_url = {}
    for entry in DOCUMENTS:
        url = strip_fragment(entry["url"])
        require(url not in by_url, f"two DOCUMENTS entries for {url}")
        by_url[url] = entry["document_id"]
        rows.append(dict(
            document_id=entry["document_id"],
            title=entry["title"],
            publisher=entry["publisher"],
            publisher_id=entry["publisher_id"],
            published_on=entry["published_on"],
            kind=entry["kind"],
            source_type=entry["source_type"],
            quotes_document_id=entry["quotes_document_id"],
            url=entry["url"],
            archive_url="",
            accessed_on=ACCESSED_ON,
            notes=entry["notes"],
        ))
    missing = sorted(used_urls - set(by_url))
    require(not missing, f"URLs read but missing from DOCUMENTS: {missing}")
    unused = sorted(set(by_url) - used_urls)
    require(not unused, f"DOCUMENTS entries that no row cites: {unused}")
    ids = [row["document_id"] for row in rows]
    require(len(ids) == len(set(ids)), "duplicate document_id in DOCUMENTS")
    return rows, by_url


def build_reports(iicsa_reports, other_reports, doc_ids) -> list[dict[str, str]]:
    rows = []
    raw_rows = [dict(r, inquiry_key="iicsa") for r in iicsa_reports] + list(other_reports)
    for raw in raw_rows:
        details = REPORT_DETAILS[raw["report_key"]]
        deadline = details.get("deadline")
        text, months, on, deadline_doc = ("", "", "", "")
        if deadline:
            text, months, on, url = deadline
            deadline_doc = doc_ids[strip_fragment(url)]
            raw_note = raw.get("response_due_note", "")
            if raw["inquiry_key"] == "iicsa" and raw_note:
                require(text in raw_note, f"{raw['report_key']}: deadline sentence is not in the raw response_due_note")
        rows.append(dict(
            report_id=raw["report_key"],
            inquiry_id=raw["inquiry_key"],
            title=details.get("title", raw["title"]),
            published_on=raw["published_on"],
            url=raw["url"],
            document_id=doc_ids[strip_fragment(raw["url"])],
            response_deadline_text=text,
            response_deadline_months=str(months) if months else "",
            response_deadline_on=on,
            response_deadline_document_id=deadline_doc,
            notes=details["notes"],
        ))
    return rows


def recommendation_heading(raw: dict[str, str], details: dict) -> tuple[str, str]:
    """Return (heading, note) with non-heading material moved out of the heading."""
    heading = raw["heading"]
    if "heading" in details:
        return details["heading"], ""
    match = PHASE2_HEADING.match(heading)
    if match:
        return match["heading"], (
            f"The raw heading also carried the Inquiry's paragraph reference {match['ref']} and three values from "
            f"the gov.uk progress-report table: status '{match['status']}', responsibility '{match['resp']}', "
            f"acceptance '{match['accepted']}'. They are not part of the printed heading, which is the theme "
            f"'{match['heading']}'."
        )
    match = DANIEL_MORGAN_HEADING.match(heading)
    if match:
        return "", (
            f"The page prints 'MPS Numbering: {match['number']}', used as the label, and its lead-organisation "
            f"value is '{match['lead']}'; no heading is recorded above the text."
        )
    if raw["report_key"] == "post-office-vol1-2025":
        return "", f"No heading is printed. The raw heading only described the paragraph's position ({heading})."
    if raw["report_key"] == "manchester-arena-vol1-2021":
        return "Monitored recommendations", (
            "The raw heading read 'Monitored recommendations (Volume 1)'; the table on the page is headed "
            "'Monitored recommendations', and '(Volume 1)' identifies the volume."
        )
    return heading, ""


def build_recommendations(iicsa_recs, other_recs, doc_ids, report_order):
    """Build recommendations, addressees and verifications in report order.

    Returns them with two maps: (report_key, label) to recommendation_id, where the
    label is unique within its report, and recommendation_id to its sort position.
    """
    recommendations, addressees, verifications = [], [], []
    id_by_label: dict[tuple[str, str], str] = {}
    duplicate_labels: set[tuple[str, str]] = set()
    all_ids: set[str] = set()
    used_details = set()
    raw_rows = list(iicsa_recs) + list(other_recs)

    unnumbered_count: dict[str, int] = {}
    per_report: dict[str, list[dict]] = {report: [] for report in report_order}
    for raw in raw_rows:
        report = raw["report_key"]
        require(report in per_report, f"recommendation row for unknown report {report}")
        if raw["label"]:
            rec_id = f"{report}-{label_slug(raw['label'])}"
        else:
            unnumbered_count[report] = unnumbered_count.get(report, 0) + 1
            rec_id = f"{report}-unnumbered-{unnumbered_count[report]}"
        require(rec_id not in all_ids, f"recommendation id collision: {rec_id}")
        all_ids.add(rec_id)
        label_key = (report, raw["label"])
        if label_key in id_by_label:
            duplicate_labels.add(label_key)
        id_by_label[label_key] = rec_id
        per_report[report].append((raw, rec_id))
    for label_key in duplicate_labels:
        del id_by_label[label_key]

    position: dict[str, tuple[int, int]] = {}
    for report_index, (report, items) in enumerate(per_report.items()):
        if report == "grenfell-phase1-2019":
            order = {label: position for position, label in enumerate(PHASE1_ORDER)}
            require(len(items) == len(PHASE1_ORDER), "PHASE1_ORDER does not list every Phase 1 row")
            items = sorted(items, key=lambda item: order[item[0]["label"]])
        for sequence, (raw, rec_id) in enumerate(items, start=1):
            position[rec_id] = (report_index, sequence)
            key = rec_key(raw)
            heading_only = not raw["text"]
            if key is not None:
                require(key not in used_details, f"RECOMMENDATION_DETAILS entry {key} matches two raw rows")
                details = RECOMMENDATION_DETAILS[key]
                used_details.add(key)
            else:
                require(heading_only, f"no RECOMMENDATION_DETAILS entry for {rec_id}")
                details = dict(addressees=[], notes=HEADING_ONLY_NOTE)

            text, marker = split_marker(raw["text"])
            if heading_only:
                completeness = "none"
            elif "completeness" in details:
                completeness = details["completeness"]
            elif marker or "TRUNCATED" in raw["notes"]:
                completeness = "truncated"
            else:
                completeness = "complete"

            heading, heading_note = recommendation_heading(raw, details)
            marker_note = REMOVED_MARKER.format(marker=marker) + " The text stops where the archived copy stops." if marker else ""
            recommendations.append(dict(
                recommendation_id=rec_id,
                report_id=report,
                sequence=str(sequence),
                label=raw["label"],
                heading=heading,
                text=text,
                text_completeness=completeness,
                document_id=doc_ids[strip_fragment(raw["source_url"])],
                source_url=raw["source_url"],
                notes=join_notes(raw["notes"], marker_note, heading_note, details.get("notes", "")),
            ))
            for entry in details["addressees"]:
                if entry["basis"] == NAMED:
                    require(entry["words_used"] in text,
                            f"{rec_id}: addressee words {entry['words_used']!r} not in the text")
                addressees.append(dict(recommendation_id=rec_id, **entry))
            verifications.append(dict(
                recommendation_id=rec_id,
                verified_on=ACCESSED_ON,
                outcome="read from source",
                checked_url=raw["source_url"],
                notes="Read from an archived copy of the page.",
            ))

    unused = set(RECOMMENDATION_DETAILS) - used_details
    require(not unused, f"RECOMMENDATION_DETAILS entries that match no raw row: {sorted(unused)}")
    pairs = [(a["recommendation_id"], a["organisation_id"]) for a in addressees]
    require(len(pairs) == len(set(pairs)), "duplicate addressee row")
    return recommendations, addressees, verifications, id_by_label, position


def sort_date(value: str) -> str:
    # An empty date sorts after every dated entry.
    return value or "9999"


def build_responses_and_evidence(iicsa_responses, other_responses, rec_ids, rec_position, doc_ids, reports):
    """Classify each raw response row and number the rows per recommendation or report.

    Numbers run by date, then source order. Output rows follow report order, then
    recommendation order (report-level rows first), then date.
    """
    published = {r["report_id"]: r["published_on"] for r in reports}
    report_index = {r["report_id"]: index for index, r in enumerate(reports)}
    responses, evidence_rows, omitted = [], [], []
    used = set()
    pending = []  # (table, parent_id, date, source_index, row)
    raw_rows = list(iicsa_responses) + list(other_responses)
    for index, raw in enumerate(raw_rows):
        key = response_key(raw)
        require(key is not None, f"no RESPONSE_DECISIONS entry for raw response row {index + 1}")
        require(key not in used, f"RESPONSE_DECISIONS entry {key} matches two raw rows")
        used.add(key)
        decision = RESPONSE_DECISIONS[key]
        report = raw["report_key"]
        if decision["table"] == "omitted":
            omitted.append(dict(key=key, reason=decision["reason"]))
            continue
        if raw["label"] == "ALL":
            rec_id = ""
        else:
            rec_id = rec_ids.get((report, raw["label"]), "")
            require(bool(rec_id), f"response {key} matches no single recommendation")
        text, marker = split_marker(raw["text"])
        if decision["completeness"]:
            completeness = decision["completeness"]
        elif "TRUNCATED" in marker:
            completeness = "truncated"
        elif marker.startswith("[EXCERPT"):
            completeness = "partial"
        elif "extract" in raw["responder"]:
            completeness = "partial"
        else:
            completeness = "complete"
        marker_note = REMOVED_MARKER.format(marker=marker) if marker else ""
        notes = join_notes(decision["notes"], marker_note)
        date = raw["responded_on"]
        if date:
            require(date >= published[report], f"{key}: dated before its report was published")
        common = dict(
            report_id=report,
            recommendation_id=rec_id,
            document_id=doc_ids[strip_fragment(raw["source_url"])],
            source_url=raw["source_url"],
        )
        if decision["table"] == "responses":
            phrase = decision["phrase"]
            if decision["position"] != "not stated":
                require(bool(phrase) and phrase in text, f"{key}: position phrase not in the text")
            row = dict(
                common,
                responder_id=decision["responder_id"],
                responded_on=date,
                text=text,
                text_completeness=completeness,
                position=decision["position"],
                position_phrase=phrase,
                notes=notes,
            )
        else:
            require(bool(date), f"{key}: evidence needs a date")
            row = dict(
                common,
                organisation_id=decision["organisation_id"],
                occurred_on=date,
                kind=decision["kind"],
                excerpt=text,
                excerpt_completeness=completeness,
                description=decision["description"],
                notes=notes,
            )
        pending.append((decision["table"], rec_id or report, sort_date(date), index, row))

    unused = set(RESPONSE_DECISIONS) - used
    require(not unused, f"RESPONSE_DECISIONS entries that match no raw row: {sorted(unused)}")

    def output_order(item):
        _table, _parent, date, index, row = item
        if row["recommendation_id"]:
            place = rec_position[row["recommendation_id"]]
        else:
            place = (report_index[row["report_id"]], 0)
        return (place, date, index)

    counters: dict[tuple[str, str], int] = {}
    for table, parent, _date, _index, row in sorted(pending, key=output_order):
        counters[(table, parent)] = counters.get((table, parent), 0) + 1
        number = counters[(table, parent)]
        if table == "responses":
            row["response_id"] = f"{parent}-response-{number}"
            responses.append(row)
        else:
            row["evidence_id"] = f"{parent}-evidence-{number}"
            evidence_rows.append(row)
    return responses, evidence_rows, omitted


# ---------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_cells(tables: dict[str, list[dict[str, str]]]) -> None:
    for name, rows in tables.items():
        for number, row in enumerate(rows, start=2):
            for column, value in row.items():
                require(value == value.strip(), f"{name}.csv row {number} column {column}: surrounding whitespace")
                require(unicodedata.is_normalized("NFC", value), f"{name}.csv row {number} column {column}: not NFC")
                if column.endswith("_id") and value:
                    require(bool(SLUG.match(value)) and len(value) <= 120,
                            f"{name}.csv row {number} column {column}: invalid id {value!r}")


def write_csv_atomic(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=path.name + ".", suffix=".tmp", delete=False
    )
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            for row in rows:
                require(set(row) == set(fields), f"{path.name}: row columns {sorted(row)} differ from the schema")
                writer.writerow(row)
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


def used_urls(raw: dict[str, list[dict[str, str]]]) -> set[str]:
    urls = set()
    for name in ("iicsa_reports", "reports"):
        urls.update(strip_fragment(r["url"]) for r in raw[name])
    for name in ("iicsa_recommendations", "recommendations"):
        urls.update(strip_fragment(r["source_url"]) for r in raw[name])
    for name in ("iicsa_responses", "responses"):
        for r in raw[name]:
            key = response_key(r)
            if key is None or RESPONSE_DECISIONS[key]["table"] != "omitted":
                urls.add(strip_fragment(r["source_url"]))
    for details in REPORT_DETAILS.values():
        if details.get("deadline"):
            urls.add(strip_fragment(details["deadline"][3]))
    return urls


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED_DIR
    shared = shared.resolve()
    raw = dict(
        iicsa_reports=read_raw(shared / "iicsa" / "reports.csv"),
        iicsa_recommendations=read_raw(shared / "iicsa" / "recommendations.csv"),
        iicsa_responses=read_raw(shared / "iicsa" / "responses.csv"),
        inquiries=read_raw(shared / "inquiries" / "inquiries.csv"),
        reports=read_raw(shared / "inquiries" / "reports.csv"),
        recommendations=read_raw(shared / "inquiries" / "recommendations.csv"),
        responses=read_raw(shared / "inquiries" / "responses.csv"),
    )
    try:
        organisations = build_organisations()
        inquiries = build_inquiries(raw["inquiries"])
        documents, doc_ids = build_documents(used_urls(raw))
        reports = build_reports(raw["iicsa_reports"], raw["reports"], doc_ids)
        recommendations, addressees, verifications, rec_ids, rec_position = build_recommendations(
            raw["iicsa_recommendations"], raw["recommendations"], doc_ids, [r["report_id"] for r in reports])
        responses, evidence_rows, omitted = build_responses_and_evidence(
            raw["iicsa_responses"], raw["responses"], rec_ids, rec_position, doc_ids, reports)
        tables = dict(
            inquiries=inquiries,
            organisations=organisations,
            documents=documents,
            reports=reports,
            recommendations=recommendations,
            recommendation_addressees=addressees,
            responses=responses,
            evidence=evidence_rows,
            verifications=verifications,
        )
        check_cells(tables)
    except ConversionError as error:
        print(f"import failed: {error}. Nothing was written; fix the judgment tables or the raw data and rerun.",
              file=sys.stderr)
        return 1

    for name in TABLES:
        write_csv_atomic(OUTPUT_DIR / f"{name}.csv", schema_fields(name), tables[name])
    counts = ", ".join(f"{name} {len(tables[name])}" for name in TABLES)
    print(f"wrote {counts}; left out {len(omitted)} raw response rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
