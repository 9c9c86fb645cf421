"""Demo data for ``manage.py demo``, drawn from the source texts in ``seeds/`` (see ``seeds/README.md``).

Three clusters (KSSEMP in Kamienna Góra, GLOKAL, and Šolski center Velenje with its companies), three
programmes (Erasmus+, Interreg ADRION, a Polish regional fund paying in PLN), the projects the seeds
describe (Talentjourney, CIRCLE, "My profession is my future") and a fresh proposal for the
renewable-energy classroom of „Mechanik”, plus demo users for every role.

The projects are replayed in the present (2025–2027) so that the demo has a current reporting period
with draft claims and upcoming due dates; the seeds date them 2020 (Talentjourney, CIRCLE) and 2015
(the "My profession is my future" pilot, when Poland still had junior high schools). Budgets, call
identifiers, grant references, PIC and VAT numbers and exchange rates are illustrative, not real.

Running the loader again changes nothing. It fills in what is missing and never overwrites what
exists, because ``make run`` loads the demo on every start: a transition taken since, a period edited
in the admin or a real exchange rate entered by staff must survive it. Passwords are the exception,
on request only: ``--password`` sets the given password on every demo user whose password differs.

Projects in implementation got there through the real transitions, taken by the demo users and
dated as their story goes (proposal, approval, signed mandates, application before the call's
deadline, award, signed grant agreement, which creates the reporting periods with their reports and
claims): their history and the transition log's chain are real. The renewable-energy classroom stays a
fresh proposal for a coordinator to submit.
"""

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from projects import services
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    CostCategory,
    Deliverable,
    DeliverableFile,
    ExchangeRate,
    Expense,
    FlatRate,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)
from projects.money import to_cents
from workflows.services import transition_take

# ==================================================================================================
# Data
# ==================================================================================================

STAFF = CostCategory.STAFF
OFFICE_ADMIN = CostCategory.OFFICE_ADMIN
TRAVEL = CostCategory.TRAVEL
EXTERNAL_EXPERTISE = CostCategory.EXTERNAL_EXPERTISE
EQUIPMENT = CostCategory.EQUIPMENT

SCHOOL = Organisation.Kind.SCHOOL
COMPANY = Organisation.Kind.COMPANY
PUBLIC_BODY = Organisation.Kind.PUBLIC_BODY
NGO = Organisation.Kind.NGO
CHAMBER = Organisation.Kind.CHAMBER

LEAD = Partner.Role.LEAD
PARTNER = Partner.Role.PARTNER
ASSOCIATED = Partner.Role.ASSOCIATED

PU = Deliverable.DisseminationLevel.PUBLIC
SEN = Deliverable.DisseminationLevel.SENSITIVE
REPORT = Deliverable.Type.REPORT
DEMONSTRATOR = Deliverable.Type.DEMONSTRATOR
SOFTWARE = Deliverable.Type.SOFTWARE
DATA = Deliverable.Type.DATA
EVENT = Deliverable.Type.EVENT

COORDINATOR = ProjectMembership.Role.COORDINATOR
PARTNER_MEMBER = ProjectMembership.Role.PARTNER
AUDITOR = ProjectMembership.Role.AUDITOR

BRUSSELS = ZoneInfo("Europe/Brussels")  # Erasmus+ deadlines are 17:00 Brussels time
ROME = ZoneInfo("Europe/Rome")  # the Interreg ADRION managing authority sits in Bologna
WARSAW = ZoneInfo("Europe/Warsaw")

# --- Organisations -------------------------------------------------------------------------------
# Names as the organisations write them, diacritics and Polish quotes („ ”) included.
KSSEMP = "Kamiennogórska Specjalna Strefa Ekonomiczna Małej Przedsiębiorczości S.A."
ZSE_JELENIA_GORA = "Zespół Szkół Elektronicznych w Jeleniej Górze"
MECHANIK = "Zespół Szkół Technicznych „Mechanik” w Jeleniej Górze"
DZS_BIEDRZYCHOWICE = "Dolnośląski Zespół Szkół w Biedrzychowicach"
DZS_KARPACZ = "Dolnośląski Zespół Szkół w Karpaczu"
EMILKA = "Zespół Szkół Ponadpodstawowych „Emilka” w Zgorzelcu"
ZSZIO_KAMIENNA_GORA = "Zespół Szkół Zawodowych i Ogólnokształcących w Kamiennej Górze"
ZSP2_LUBAN = "Zespół Szkół Ponadgimnazjalnych nr 2 w Lubaniu"
KURATORIUM = "Kuratorium Oświaty we Wrocławiu"
IGES = "Izba Gospodarcza Europy Środkowej"
SEMPER_AVANTI = "Stowarzyszenie Semper Avanti"
SC_VELENJE = "Šolski center Velenje"
BOSCH = "Robert Bosch d.o.o."
GMT = "GMT d.o.o."
M2M = "M2M informacijski sistemi d.o.o."

# Every PIC (999 999 9xx) and VAT number (PL000000000x, SI0000000x) below is an invented demo
# value, not the organisation's real one. A blank city is one the seeds do not name.
ORGANISATIONS: tuple[dict[str, Any], ...] = (
    {
        "name": KSSEMP,
        "short_name": "KSSEMP",
        "kind": PUBLIC_BODY,
        "country": "PL",
        "city": "Kamienna Góra",
        "vat_number": "PL0000000001",  # demo value
        "pic": "999999901",  # demo value
    },
    {
        "name": ZSE_JELENIA_GORA,
        "short_name": "ZSE Jelenia Góra",
        "kind": SCHOOL,
        "country": "PL",
        "city": "Jelenia Góra",
        "pic": "999999902",  # demo value
    },
    {
        "name": MECHANIK,
        "short_name": "ZST „Mechanik”",
        "kind": SCHOOL,
        "country": "PL",
        "city": "Jelenia Góra",
        "vat_number": "PL0000000002",  # demo value
        "pic": "999999903",  # demo value
    },
    {
        "name": DZS_BIEDRZYCHOWICE,
        "short_name": "DZS Biedrzychowice",
        "kind": SCHOOL,
        "country": "PL",
        "city": "Biedrzychowice",
    },
    {"name": DZS_KARPACZ, "short_name": "DZS Karpacz", "kind": SCHOOL, "country": "PL", "city": "Karpacz"},
    {"name": EMILKA, "short_name": "ZSP „Emilka”", "kind": SCHOOL, "country": "PL", "city": "Zgorzelec"},
    {
        "name": ZSZIO_KAMIENNA_GORA,
        "short_name": "ZSZiO Kamienna Góra",
        "kind": SCHOOL,
        "country": "PL",
        "city": "Kamienna Góra",
    },
    {"name": ZSP2_LUBAN, "short_name": "ZSP nr 2 Lubań", "kind": SCHOOL, "country": "PL", "city": "Lubań"},
    {"name": KURATORIUM, "short_name": "KO Wrocław", "kind": PUBLIC_BODY, "country": "PL", "city": "Wrocław"},
    {"name": IGES, "short_name": "IGEŚ", "kind": CHAMBER, "country": "PL", "city": ""},
    {
        "name": SEMPER_AVANTI,
        "short_name": "Semper Avanti",
        "kind": NGO,
        "country": "PL",
        "city": "Wrocław",
        "pic": "999999904",  # demo value
    },
    {
        "name": SC_VELENJE,
        "short_name": "ŠCV",
        "kind": SCHOOL,
        "country": "SI",
        "city": "Velenje",
        "vat_number": "SI00000001",  # demo value
        "pic": "999999905",  # demo value
        "website": "https://www.scv.si/",
    },
    {
        "name": BOSCH,
        "short_name": "Bosch",
        "kind": COMPANY,
        "country": "SI",
        "city": "Ljubljana",
        "vat_number": "SI00000002",  # demo value
        "website": "https://www.bosch.si/",
    },
    {
        "name": GMT,
        "short_name": "GMT",
        "kind": COMPANY,
        "country": "SI",
        "city": "",
        "vat_number": "SI00000003",  # demo value
        "pic": "999999906",  # demo value
    },
    {"name": M2M, "short_name": "M2M", "kind": COMPANY, "country": "SI", "city": "", "vat_number": "SI00000004"},
)

# --- Clusters ------------------------------------------------------------------------------------
KSSEMP_CLUSTER = "KSSEMP Educational Cluster"
GLOKAL_CLUSTER = "GLOKAL Education Cluster"
VELENJE_CLUSTER = "Velenje business–education partnership"

CLUSTERS: tuple[dict[str, Any], ...] = (
    {
        "name": KSSEMP_CLUSTER,
        "country": "PL",
        "coordinator": KSSEMP,
        "members": (
            KSSEMP,
            ZSE_JELENIA_GORA,
            MECHANIK,
            DZS_BIEDRZYCHOWICE,
            DZS_KARPACZ,
            EMILKA,
            ZSZIO_KAMIENNA_GORA,
            ZSP2_LUBAN,
        ),
        "description": (
            "The educational cluster of the Kamienna Góra Special Economic Zone for Small Business (KSSEMP), "
            "established on 16 December 2014: a cooperation platform between employers and vocational schools "
            "of the region. Internships and apprenticeships in real working conditions, patronage classes, "
            "employers consulted on curricula, study visits, open days and Industry Skills Centres. KSSEMP "
            "coordinates the cluster and runs its office."
        ),
    },
    {
        "name": GLOKAL_CLUSTER,
        "country": "PL",
        "coordinator": IGES,
        "members": (IGES, SEMPER_AVANTI),
        "description": (
            "Klaster edukacyjny GLOKAL, founded by the Central Europe Chamber of Commerce and the Semper Avanti "
            "Association to strengthen its members in Poland and internationally as project and business "
            "partners: a joint strategy for vocational specialisations, cooperation between local government, "
            "business and NGOs, and joint projects funded from public, especially European, funds.\n\n"
            "Klaster edukacyjny GLOKAL został zawiązany przez Izbę Gospodarczą Europy Środkowej oraz "
            "Stowarzyszenie Semper Avanti."
        ),
    },
    {
        "name": VELENJE_CLUSTER,
        "country": "SI",
        "coordinator": SC_VELENJE,
        "members": (SC_VELENJE, BOSCH, GMT, M2M),
        "description": (
            "The business–education partnership of Šolski center Velenje (Velenje School Centre) with companies "
            "of the region. Cooperation agreements with Robert Bosch d.o.o., GMT d.o.o. and M2M informacijski "
            "sistemi d.o.o. were signed on 23 January 2020: joint development of curricula, lectures by company "
            "experts and a joint presence on European markets."
        ),
    },
)

# --- Programmes and calls ------------------------------------------------------------------------
ERASMUS = "erasmus-plus-cove"
ADRION = "interreg-adrion"
RPO = "rpo-dolnoslaskie"

ERASMUS_COVE_2024 = "ERASMUS-EDU-2024-PEX-COVE"
ERASMUS_COVE_2027 = "ERASMUS-EDU-2027-PEX-COVE"
ADRION_CALL_2024 = "ADRION-2024-P2"
RPO_CALL_2025 = "RPDS.10.04-IZ.00-02-101/25"
RPO_CALL_2026 = "RPDS.10.04-IZ.00-02-115/26"

PROGRAMMES: tuple[dict[str, Any], ...] = (
    {
        "code": ERASMUS,
        "name": "Erasmus+ Centres of Vocational Excellence",
        "currency": "EUR",
        "reporting_period_months": 12,
        "report_due_days": 60,
        "exchange_rate_rule": Programme.ExchangeRateRule.PERIOD_AVERAGE,
        # No flat rate: the demo budgets office and administration line by line in this programme, so
        # that one programme shows a category that is claimed where the others compute it.
        "flat_rates": (),
        "calls": (
            {
                "identifier": ERASMUS_COVE_2024,
                "title": "Partnerships for Excellence — Centres of Vocational Excellence (2024)",
                "opens_on": date(2023, 11, 28),
                "deadline": datetime(2024, 2, 29, 17, 0, tzinfo=BRUSSELS),
                "co_financing_rate": "80.00",
                "max_grant": 4_000_000,
            },
            {
                "identifier": ERASMUS_COVE_2027,
                "title": "Partnerships for Excellence — Centres of Vocational Excellence (2027)",
                "opens_on": date(2026, 11, 10),
                "deadline": datetime(2027, 2, 25, 17, 0, tzinfo=BRUSSELS),
                "co_financing_rate": "80.00",
                "max_grant": 4_000_000,
            },
        ),
    },
    {
        "code": ADRION,
        "name": "Interreg ADRION (Adriatic-Ionian)",
        "currency": "EUR",
        "reporting_period_months": 6,
        "report_due_days": 60,
        "exchange_rate_rule": Programme.ExchangeRateRule.MONTHLY_AT_SUBMISSION,
        "flat_rates": ({"category": OFFICE_ADMIN, "rate": "15.00", "base": (STAFF,)},),
        "calls": (
            {
                "identifier": ADRION_CALL_2024,
                "title": "Second call: a greener Adriatic-Ionian region (priority 2)",
                "opens_on": date(2024, 6, 3),
                "deadline": datetime(2024, 10, 15, 12, 0, tzinfo=ROME),
                "co_financing_rate": "80.00",
                "max_grant": 2_000_000,
            },
        ),
    },
    {
        "code": RPO,
        "name": "Regionalny Program Operacyjny Województwa Dolnośląskiego",
        "currency": "PLN",
        "reporting_period_months": 12,
        "report_due_days": 60,
        "exchange_rate_rule": Programme.ExchangeRateRule.MONTHLY_AT_SUBMISSION,
        # The fund pays indirect costs at a flat 25 % of direct costs. The cost categories have no
        # "indirect costs", so office and administration stands for them (docs/decisions.md).
        "flat_rates": (
            {"category": OFFICE_ADMIN, "rate": "25.00", "base": (STAFF, TRAVEL, EXTERNAL_EXPERTISE, EQUIPMENT)},
        ),
        "calls": (
            {
                "identifier": RPO_CALL_2025,
                "title": "Kształcenie zawodowe: współpraca szkół z pracodawcami",
                "opens_on": date(2025, 3, 3),
                "deadline": datetime(2025, 5, 30, 15, 0, tzinfo=WARSAW),
                "co_financing_rate": "85.00",
                "max_grant": 750_000,
            },
            {
                "identifier": RPO_CALL_2026,
                "title": "Wyposażenie pracowni kształcenia zawodowego",
                "opens_on": date(2026, 10, 1),
                "deadline": datetime(2027, 3, 31, 15, 0, tzinfo=WARSAW),
                "co_financing_rate": "85.00",
                "max_grant": 400_000,
            },
        ),
    },
)

# --- Exchange rates ------------------------------------------------------------------------------
DEMO_RATE_SOURCE = "Demo value — not an official rate"

# PLN per 1 EUR for the months the demo's claims use (Talentjourney's 2025 and 2026 periods, whose
# programme averages the period's months, and submissions in 2026).
PLN_PER_EUR: dict[date, str] = {
    date(2025, 1, 1): "4.271500",
    date(2025, 2, 1): "4.178000",
    date(2025, 3, 1): "4.182500",
    date(2025, 4, 1): "4.279000",
    date(2025, 5, 1): "4.241000",
    date(2025, 6, 1): "4.262000",
    date(2025, 7, 1): "4.253500",
    date(2025, 8, 1): "4.262500",
    date(2025, 9, 1): "4.265000",
    date(2025, 10, 1): "4.262000",
    date(2025, 11, 1): "4.249000",
    date(2025, 12, 1): "4.227500",
    date(2026, 1, 1): "4.221000",
    date(2026, 2, 1): "4.228500",
    date(2026, 3, 1): "4.245000",
    date(2026, 4, 1): "4.263000",
    date(2026, 5, 1): "4.258000",
    date(2026, 6, 1): "4.271000",
    date(2026, 7, 1): "4.289500",
    date(2026, 8, 1): "4.301000",
    date(2026, 9, 1): "4.312000",
    date(2026, 10, 1): "4.326500",
    date(2026, 11, 1): "4.334000",
    date(2026, 12, 1): "4.318000",
}

# --- Projects ------------------------------------------------------------------------------------
TALENTJOURNEY = "Talentjourney"
CIRCLE = "CIRCLE"
MPMF = "MPMF"
OZE_LAB = "OZE-LAB"

PROJECTS: tuple[dict[str, Any], ...] = (
    {
        "acronym": TALENTJOURNEY,
        "title": "Talentjourney: platforms of vocational excellence for business–education partnership",
        "summary": (
            "Platforms of vocational excellence: partnerships between business and education, innovation "
            "centres, technology transfer and virtual demonstration centres that share equipment and "
            "experience, and research and development of products and services with vocational students. "
            "Business incubators let students develop entrepreneurial skills, open their own start-ups and "
            "prepare for self-employment.\n\n"
            # The original wording, from the Macedonian report of the partner meeting in Velenje (seed 004).
            "Така се реализира проектот Talentjourney, насочен кон создавање на платформи за професионално "
            "мајсторство, наменето за воспоставување на партнерски односи во сферата на бизнис-образованието, "
            "развојот на центрите за иновации, распространувањето на технологии и виртуелни демонстрациски "
            "центри по пат на размена на опрема и искуство, организирање на истражување и разработка на "
            "производи и услуги со активно учество на учениците од средните стручни образовни установи. "
            "Проектот исто така предвидува функционирање на бизнис-инкубатори, каде учениците можат да "
            "развиваат свои претприемнички вештини, да отворат сопствени бизнис-проекти/старт-ап и да се "
            "подготоват за самостојно работење."
        ),
        "cluster": VELENJE_CLUSTER,
        "programme": ERASMUS,
        "call": ERASMUS_COVE_2024,
        "start_date": date(2025, 1, 1),
        "end_date": date(2027, 12, 31),
        "status": Project.Status.IN_IMPLEMENTATION,
        "granted_amount": 465_000,
        "funder_reference": "DEMO-2024-1-SI01-KA3-COVE-000001",
        "partners": (
            {
                "organisation": SC_VELENJE,
                "role": LEAD,
                "budget": {
                    STAFF: 160_000,
                    OFFICE_ADMIN: 12_000,
                    TRAVEL: 24_000,
                    EXTERNAL_EXPERTISE: 30_000,
                    EQUIPMENT: 40_000,
                },
            },
            {"organisation": GMT, "role": PARTNER, "budget": {STAFF: 60_000, TRAVEL: 8_000, EQUIPMENT: 25_000}},
            {
                "organisation": M2M,
                "role": PARTNER,
                "budget": {STAFF: 70_000, TRAVEL: 7_000, EXTERNAL_EXPERTISE: 15_000},
            },
            {"organisation": BOSCH, "role": PARTNER, "budget": {STAFF: 40_000, TRAVEL: 5_000, EQUIPMENT: 20_000}},
            {
                "organisation": ZSE_JELENIA_GORA,
                "role": PARTNER,
                "budget": {STAFF: 45_000, OFFICE_ADMIN: 3_000, TRAVEL: 14_000, EQUIPMENT: 10_000},
            },
        ),
        "work_packages": (
            {"number": 1, "title": "Project management and quality assurance", "lead": SC_VELENJE},
            {"number": 2, "title": "Platform of vocational excellence", "lead": M2M},
            {"number": 3, "title": "Business incubator for students", "lead": GMT},
            {"number": 4, "title": "Innovation and virtual demonstration centres", "lead": BOSCH},
            {"number": 5, "title": "Dissemination and exploitation", "lead": ZSE_JELENIA_GORA},
        ),
        "deliverables": (
            {
                "code": "D1.1",
                "work_package": 1,
                "title": "Project handbook and quality plan",
                "responsible": SC_VELENJE,
                "due_date": date(2025, 3, 31),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D1.2",
                "work_package": 1,
                "title": "Interim quality and risk report",
                "responsible": SC_VELENJE,
                "due_date": date(2026, 1, 31),
                "dissemination_level": SEN,
                "type": REPORT,
            },
            {
                "code": "D2.1",
                "work_package": 2,
                "title": "Skills needs analysis: Šaleška valley and the Jelenia Góra region",
                "responsible": ZSE_JELENIA_GORA,
                "due_date": date(2025, 6, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D2.2",
                "work_package": 2,
                "title": "Online platform of vocational excellence, first release",
                "responsible": M2M,
                "due_date": date(2025, 12, 15),
                "dissemination_level": PU,
                "type": SOFTWARE,
            },
            {
                "code": "D3.1",
                "work_package": 3,
                "title": "Student business incubator: operating model",
                "responsible": GMT,
                "due_date": date(2025, 9, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D3.2",
                "work_package": 3,
                "title": "Student start-up pitch day",
                "responsible": GMT,
                "due_date": date(2026, 11, 20),
                "dissemination_level": PU,
                "type": EVENT,
            },
            {
                "code": "D4.1",
                "work_package": 4,
                "title": "Virtual demonstration centre for mechatronics and Industry 4.0",
                "responsible": BOSCH,
                "due_date": date(2026, 6, 30),
                "dissemination_level": PU,
                "type": DEMONSTRATOR,
            },
            {
                "code": "D4.2",
                "work_package": 4,
                "title": "Register of shared equipment",
                "responsible": BOSCH,
                "due_date": date(2026, 3, 31),
                "dissemination_level": SEN,
                "type": DATA,
            },
            {
                "code": "D5.1",
                "work_package": 5,
                "title": "Dissemination and exploitation plan",
                "responsible": ZSE_JELENIA_GORA,
                "due_date": date(2025, 4, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D5.2",
                "work_package": 5,
                "title": "Final conference in Velenje",
                "responsible": SC_VELENJE,
                "due_date": date(2027, 11, 30),
                "dissemination_level": PU,
                "type": EVENT,
            },
        ),
        "milestones": (
            {
                "code": "M1",
                "title": "Kick-off meeting in Velenje",
                "due_date": date(2025, 1, 23),
                "achieved_on": date(2025, 1, 23),
            },
            {
                "code": "M2",
                "title": "Student business incubator opens",
                "due_date": date(2025, 10, 1),
                "achieved_on": date(2025, 10, 6),
            },
            {
                "code": "M3",
                "title": "Platform of vocational excellence online",
                "due_date": date(2025, 12, 15),
                "achieved_on": date(2026, 1, 12),
            },
            {
                "code": "M4",
                "title": "Virtual demonstration centre open",
                "due_date": date(2026, 6, 30),
                "achieved_on": date(2026, 7, 3),
            },
            {"code": "M5", "title": "Final conference", "due_date": date(2027, 11, 30), "achieved_on": None},
        ),
        "indicators": (
            {
                "code": "T1",
                "name": "Students working in the business incubator",
                "unit": "students",
                "target": 60,
                "values": ({"period": 1, "value": 18, "note": "First cohort, from October 2025."},),
            },
            {
                "code": "T2",
                "name": "Student start-ups founded",
                "unit": "start-ups",
                "target": 8,
                "values": ({"period": 1, "value": 1, "note": "A 3D-printing service run by four students."},),
            },
        ),
        "report_narratives": {
            1: (
                "Kick-off in Velenje on 23 January 2025. The skills needs analysis, the incubator's operating "
                "model and the first release of the platform were delivered; the incubator took its first "
                "cohort of 18 students in October 2025."
            ),
        },
        # Submissions and reviews, each submission after a file version was uploaded (the file's name
        # is the step's note); late submissions carry their justification.
        "deliverable_history": {
            "D1.1": (
                ("upload", date(2025, 3, 28), "Talentjourney D1.1 Project handbook and quality plan"),
                ("submit", date(2025, 3, 28), ""),
                ("accept", date(2025, 4, 10), ""),
            ),
            "D5.1": (
                ("upload", date(2025, 4, 29), "Talentjourney D5.1 Dissemination and exploitation plan"),
                ("submit", date(2025, 4, 29), ""),
                ("accept", date(2025, 5, 12), ""),
            ),
            "D2.1": (
                ("upload", date(2025, 7, 14), "Talentjourney D2.1 Skills needs analysis"),
                ("submit", date(2025, 7, 14), "Two schools returned the employer survey after the summer break began."),
                ("accept", date(2025, 7, 30), ""),
            ),
            "D3.1": (
                ("upload", date(2025, 9, 26), "Talentjourney D3.1 Incubator operating model"),
                ("submit", date(2025, 9, 26), ""),
                ("request_changes", date(2025, 10, 8), "Add how student teams are selected and mentored."),
                ("upload", date(2025, 10, 20), "Talentjourney D3.1 Incubator operating model, revised"),
                ("submit", date(2025, 10, 20), "Revised with the selection and mentoring of student teams."),
                ("accept", date(2025, 11, 3), ""),
            ),
            "D2.2": (
                ("upload", date(2026, 1, 12), "Talentjourney D2.2 Platform release notes"),
                ("submit", date(2026, 1, 12), "Released with the platform on 12 January 2026 (milestone M3)."),
            ),
        },
        "expenses": (
            # The first period's claims, submitted by the coordinator and certified (Bosch's is still being
            # checked), so that the funding report has declared and certified costs to show.
            {
                "organisation": SC_VELENJE,
                "period": 1,
                "submitted_on": date(2026, 1, 20),
                "certified_on": date(2026, 2, 16),
                "items": (
                    {
                        "category": STAFF,
                        "description": "Project coordination and quality assurance, 2025",
                        "amount": "38400.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 12, 31),
                        "invoice_number": "ŠCV-PL-2025-12",
                    },
                    {
                        "category": TRAVEL,
                        "description": "Kick-off meeting in Velenje: hosting partners, 23 January 2025",
                        "amount": "3120.40",
                        "currency": "EUR",
                        "incurred_on": date(2025, 1, 23),
                        "invoice_number": "ŠCV-R-2025-0042",
                    },
                    {
                        "category": EXTERNAL_EXPERTISE,
                        "description": "External evaluation of the quality plan",
                        "amount": "7800.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 4, 15),
                        "invoice_number": "2025-EV-017",
                    },
                ),
            },
            {
                "organisation": GMT,
                "period": 1,
                "submitted_on": date(2026, 1, 20),
                "certified_on": date(2026, 2, 16),
                "items": (
                    {
                        "category": STAFF,
                        "description": "Mentors of the student business incubator, October–December 2025",
                        "amount": "9600.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 12, 31),
                        "invoice_number": "GMT-PAY-2025-12",
                    },
                    {
                        "category": EQUIPMENT,
                        "description": "Workstations for the student incubator",
                        "amount": "2450.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 9, 22),
                        "invoice_number": "R-2025-00981",
                    },
                ),
            },
            {
                "organisation": M2M,
                "period": 1,
                "submitted_on": date(2026, 1, 20),
                "certified_on": date(2026, 2, 16),
                "items": (
                    {
                        "category": STAFF,
                        "description": "Development of the platform of vocational excellence, first release",
                        "amount": "21300.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 12, 15),
                        "invoice_number": "M2M-PAY-2025-12",
                    },
                    {
                        "category": EXTERNAL_EXPERTISE,
                        "description": "Accessibility audit of the platform",
                        "amount": "4200.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 11, 28),
                        "invoice_number": "WA-2025-311",
                    },
                ),
            },
            {
                "organisation": BOSCH,
                "period": 1,
                "submitted_on": date(2026, 1, 20),
                "items": (
                    {
                        "category": STAFF,
                        "description": "Engineers' work on the virtual demonstration centre concept",
                        "amount": "6750.00",
                        "currency": "EUR",
                        "incurred_on": date(2025, 11, 30),
                        "invoice_number": "RB-SI-2025-1130",
                    },
                    {
                        "category": TRAVEL,
                        "description": "Kick-off meeting in Velenje: travel, 1 person",
                        "amount": "890.20",
                        "currency": "EUR",
                        "incurred_on": date(2025, 1, 23),
                        "invoice_number": "RB-TR-2025-003",
                    },
                ),
            },
            {
                # Paid in PLN: converted at the average of 2025's monthly rates when the claim is submitted.
                "organisation": ZSE_JELENIA_GORA,
                "period": 1,
                "submitted_on": date(2026, 1, 20),
                "certified_on": date(2026, 2, 16),
                "items": (
                    {
                        "category": STAFF,
                        "description": "Skills needs analysis: teachers' work, Jelenia Góra region",
                        "amount": "36900.00",
                        "currency": "PLN",
                        "incurred_on": date(2025, 6, 30),
                        "invoice_number": "LP 06/2025",
                    },
                    {
                        "category": TRAVEL,
                        "description": "Kick-off meeting in Velenje: travel of 3 teachers (Jelenia Góra – Velenje)",
                        "amount": "5400.00",
                        "currency": "PLN",
                        "incurred_on": date(2025, 1, 24),
                        "invoice_number": "FV 7/01/2025",
                    },
                    {
                        "category": OFFICE_ADMIN,
                        "description": "Office supplies and printing for the skills survey",
                        "amount": "2100.00",
                        "currency": "PLN",
                        "incurred_on": date(2025, 5, 12),
                        "invoice_number": "FV/2025/05/044",
                    },
                ),
            },
            {
                "organisation": GMT,
                "period": 2,
                "items": (
                    {
                        "category": STAFF,
                        "description": "Mentors of the student business incubator, January–June 2026",
                        "amount": "14250.00",
                        "currency": "EUR",
                        "incurred_on": date(2026, 6, 30),
                        "invoice_number": "GMT-PAY-2026-06",
                    },
                    {
                        "category": TRAVEL,
                        "description": "Partner meeting in Jelenia Góra: travel and accommodation, 2 persons",
                        "amount": "1240.50",
                        "currency": "EUR",
                        "incurred_on": date(2026, 5, 14),
                        "invoice_number": "GMT-TR-2026-014",
                    },
                    {
                        "category": EQUIPMENT,
                        "description": "3D printer for the student incubator",
                        "amount": "2890.00",
                        "currency": "EUR",
                        "incurred_on": date(2026, 3, 9),
                        "invoice_number": "R-2026-00317",
                    },
                ),
            },
            {
                # A Polish partner paying in PLN in a EUR programme: converted when the claim is submitted.
                "organisation": ZSE_JELENIA_GORA,
                "period": 2,
                "items": (
                    {
                        "category": STAFF,
                        "description": "Teachers' work on the platform's content, January–March 2026",
                        "amount": "18450.00",
                        "currency": "PLN",
                        "incurred_on": date(2026, 3, 31),
                        "invoice_number": "LP 03/2026",
                    },
                    {
                        "category": TRAVEL,
                        "description": "Bus hire: student mobility Jelenia Góra – Velenje",
                        "amount": "6800.00",
                        "currency": "PLN",
                        "incurred_on": date(2026, 4, 20),
                        "invoice_number": "FV 41/04/2026",
                    },
                    {
                        "category": EQUIPMENT,
                        "description": "Measuring kits for the virtual demonstration centre",
                        "amount": "7320.00",
                        "currency": "PLN",
                        "incurred_on": date(2026, 9, 17),
                        "invoice_number": "FV/2026/09/118",
                    },
                ),
            },
        ),
    },
    {
        "acronym": CIRCLE,
        "title": "CIRCLE: circular innovation city labs (CIRCLabs)",
        "summary": (
            "Opens circular innovation city labs (CIRCLabs) that create and test circular-economy innovation "
            "models in four pilots: industrial symbiosis, e-waste, organic waste and construction waste. The "
            "project transfers practical knowledge on environmental management and the protection of "
            "ecosystems in the Adriatic region.\n\n"
            "Проектот предвидува создавање и проверка на иновациските модели на кружна економија во четири "
            "пилот области: индустриска симбиоза; електронски отпад; органски отпад и градежен отпад."
        ),
        "cluster": VELENJE_CLUSTER,
        "programme": ADRION,
        "call": ADRION_CALL_2024,
        "start_date": date(2025, 3, 1),
        "end_date": date(2027, 8, 31),
        "status": Project.Status.IN_IMPLEMENTATION,
        "granted_amount": 325_800,
        "funder_reference": "DEMO-ADRION-2024-P2-0007",
        "partners": (
            {
                "organisation": SC_VELENJE,
                "role": LEAD,
                "budget": {STAFF: 120_000, TRAVEL: 15_000, EXTERNAL_EXPERTISE: 45_000, EQUIPMENT: 30_000},
            },
            {
                "organisation": GMT,
                "role": PARTNER,
                "budget": {STAFF: 40_000, TRAVEL: 6_000, EXTERNAL_EXPERTISE: 12_000},
            },
            {"organisation": M2M, "role": PARTNER, "budget": {STAFF: 50_000, TRAVEL: 5_000, EQUIPMENT: 20_000}},
            {"organisation": BOSCH, "role": PARTNER, "budget": {STAFF: 25_000, TRAVEL: 4_000}},
        ),
        "work_packages": (
            {"number": 1, "title": "Project management and coordination", "lead": SC_VELENJE},
            {"number": 2, "title": "Setting up the CIRCLabs", "lead": SC_VELENJE},
            {"number": 3, "title": "Circular-economy pilots", "lead": M2M},
            {"number": 4, "title": "Transfer and capitalisation in the Adriatic region", "lead": GMT},
            {"number": 5, "title": "Communication", "lead": SC_VELENJE},
        ),
        "deliverables": (
            {
                "code": "D1.1",
                "work_package": 1,
                "title": "Project management handbook",
                "responsible": SC_VELENJE,
                "due_date": date(2025, 5, 31),
                "dissemination_level": SEN,
                "type": REPORT,
            },
            {
                "code": "D2.1",
                "work_package": 2,
                "title": "CIRCLab set-up and operating model",
                "responsible": SC_VELENJE,
                "due_date": date(2025, 11, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D3.1",
                "work_package": 3,
                "title": "Pilot 1: industrial symbiosis",
                "responsible": BOSCH,
                "due_date": date(2026, 8, 31),
                "dissemination_level": PU,
                "type": DEMONSTRATOR,
            },
            {
                "code": "D3.2",
                "work_package": 3,
                "title": "Pilot 2: e-waste",
                "responsible": M2M,
                "due_date": date(2026, 8, 31),
                "dissemination_level": PU,
                "type": DEMONSTRATOR,
            },
            {
                "code": "D3.3",
                "work_package": 3,
                "title": "Pilot 3: organic waste",
                "responsible": SC_VELENJE,
                "due_date": date(2027, 2, 26),
                "dissemination_level": PU,
                "type": DEMONSTRATOR,
            },
            {
                "code": "D3.4",
                "work_package": 3,
                "title": "Pilot 4: construction waste",
                "responsible": GMT,
                "due_date": date(2027, 2, 26),
                "dissemination_level": PU,
                "type": DEMONSTRATOR,
            },
            {
                "code": "D4.1",
                "work_package": 4,
                "title": "Transferability toolkit for circular innovation",
                "responsible": GMT,
                "due_date": date(2027, 6, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D5.1",
                "work_package": 5,
                "title": "Communication strategy",
                "responsible": SC_VELENJE,
                "due_date": date(2025, 6, 30),
                "dissemination_level": PU,
                "type": REPORT,
            },
        ),
        "milestones": (
            {
                "code": "M1",
                "title": "CIRCLab Velenje opened",
                "due_date": date(2025, 9, 30),
                "achieved_on": date(2025, 10, 2),
            },
            {
                "code": "M2",
                "title": "All four pilots running",
                "due_date": date(2026, 3, 31),
                "achieved_on": date(2026, 4, 15),
            },
            {"code": "M3", "title": "Pilot results evaluated", "due_date": date(2027, 4, 30), "achieved_on": None},
        ),
        "indicators": (
            {
                "code": "C1",
                "name": "Circular-economy models tested in CIRCLab pilots",
                "unit": "pilots",
                "target": 4,
                "values": ({"period": 3, "value": 4, "note": "All four pilots running since April 2026."},),
            },
        ),
        "report_narratives": {},
        "expenses": (
            {
                "organisation": GMT,
                "period": 4,
                "items": (
                    {
                        "category": TRAVEL,
                        "description": "CIRCLab workshop in Velenje: travel",
                        "amount": "420.00",
                        "currency": "EUR",
                        "incurred_on": date(2026, 10, 6),
                        "invoice_number": "GMT-TR-2026-031",
                    },
                ),
            },
        ),
    },
    {
        "acronym": MPMF,
        "title": "My profession is my future – touching the occupation („Mój zawód – moja przyszłość”)",
        "summary": (
            "Pilot career-guidance programme of the KSSEMP Educational Cluster: junior high school students "
            "touch an occupation in vocational schools and at employers before they choose their next school. "
            "Four districts (kamiennogórski, jeleniogórski, lubański and trzebnicki), 10 junior high schools, "
            "20 professions, 23 employers and 168 students. The Foundation Act of the Vocational University "
            "for Students of Junior High School is signed by the zone, the Lower Silesian Superintendent of "
            "Education (honorary auspices), the schools, local governments, students and employers."
        ),
        "cluster": KSSEMP_CLUSTER,
        "programme": RPO,
        "call": RPO_CALL_2025,
        "start_date": date(2025, 9, 1),
        "end_date": date(2027, 6, 30),
        "status": Project.Status.IN_IMPLEMENTATION,
        "granted_amount": 300_000,
        "funder_reference": "DEMO-RPDS.10.04.00-02-0042/25",
        "partners": (
            {
                "organisation": KSSEMP,
                "role": LEAD,
                "budget": {STAFF: 90_000, TRAVEL: 12_000, EXTERNAL_EXPERTISE: 40_000},
            },
            {"organisation": MECHANIK, "role": PARTNER, "budget": {STAFF: 30_000, TRAVEL: 8_000, EQUIPMENT: 20_000}},
            {"organisation": ZSE_JELENIA_GORA, "role": PARTNER, "budget": {STAFF: 24_000, TRAVEL: 6_000}},
            {"organisation": ZSZIO_KAMIENNA_GORA, "role": PARTNER, "budget": {STAFF: 24_000, TRAVEL: 6_000}},
            {"organisation": ZSP2_LUBAN, "role": PARTNER, "budget": {STAFF: 20_000, TRAVEL: 5_000}},
            # Honorary auspices of the Lower Silesian Superintendent of Education: takes part, unfunded.
            {"organisation": KURATORIUM, "role": ASSOCIATED, "budget": {}},
        ),
        "work_packages": (
            {"number": 1, "title": "Project management", "lead": KSSEMP},
            {"number": 2, "title": "Vocational University for Students of Junior High School", "lead": MECHANIK},
            {"number": 3, "title": "Employers' open days and study visits", "lead": KSSEMP},
        ),
        "deliverables": (
            {
                "code": "D1.1",
                "work_package": 1,
                "title": "Partnership agreement with the four districts",
                "responsible": KSSEMP,
                "due_date": date(2025, 10, 31),
                "dissemination_level": SEN,
                "type": REPORT,
            },
            {
                "code": "D2.1",
                "work_package": 2,
                "title": "Taster-day curricula for 20 professions",
                "responsible": MECHANIK,
                "due_date": date(2025, 12, 19),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D2.2",
                "work_package": 2,
                "title": "Vocational University: first semester",
                "responsible": ZSE_JELENIA_GORA,
                "due_date": date(2026, 6, 26),
                "dissemination_level": PU,
                "type": EVENT,
            },
            {
                "code": "D3.1",
                "work_package": 3,
                "title": "Catalogue of the 23 employers' open days",
                "responsible": KSSEMP,
                "due_date": date(2026, 2, 27),
                "dissemination_level": PU,
                "type": REPORT,
            },
            {
                "code": "D3.2",
                "work_package": 3,
                "title": "Final conference in Jelenia Góra",
                "responsible": KSSEMP,
                "due_date": date(2027, 6, 15),
                "dissemination_level": PU,
                "type": EVENT,
            },
        ),
        "milestones": (
            {
                "code": "M1",
                "title": "Foundation Act of the Vocational University signed in Jelenia Góra",
                "due_date": date(2025, 10, 15),
                "achieved_on": date(2025, 10, 15),
            },
            {
                "code": "M2",
                "title": "All 10 junior high schools enrolled",
                "due_date": date(2025, 12, 31),
                "achieved_on": date(2026, 1, 20),
            },
            {
                "code": "M3",
                "title": "168 students have touched an occupation",
                "due_date": date(2027, 5, 31),
                "achieved_on": None,
            },
        ),
        # The pilot's figures from seed 000 are the targets; the baseline is 0.
        "indicators": (
            {
                "code": "I1",
                "name": "Districts taking part (kamiennogórski, jeleniogórski, lubański, trzebnicki)",
                "unit": "districts",
                "target": 4,
                "values": ({"period": 1, "value": 4, "note": "All four districts signed the agreement."},),
            },
            {
                "code": "I2",
                "name": "Junior high schools taking part",
                "unit": "schools",
                "target": 10,
                "values": ({"period": 1, "value": 10, "note": ""},),
            },
            {
                "code": "I3",
                "name": "Professions presented",
                "unit": "professions",
                "target": 20,
                "values": ({"period": 1, "value": 14, "note": "Six more in the second school year."},),
            },
            {
                "code": "I4",
                "name": "Employers hosting students",
                "unit": "employers",
                "target": 23,
                "values": ({"period": 1, "value": 17, "note": ""},),
            },
            {
                "code": "I5",
                "name": "Junior high school students who touched an occupation",
                "unit": "students",
                "target": 168,
                "values": ({"period": 1, "value": 112, "note": "Taster days at „Mechanik” and ZSE."},),
            },
        ),
        "report_narratives": {
            1: (
                "Uczniowie gimnazjów z czterech powiatów poznali 14 zawodów w szkołach i u 17 pracodawców. "
                "Students from all four districts touched 14 professions in the schools and at 17 employers."
            ),
        },
        "expenses": (
            {
                "organisation": MECHANIK,
                "period": 2,
                "items": (
                    {
                        "category": TRAVEL,
                        "description": "Bus for junior high school students: taster day at „Mechanik”",
                        "amount": "2400.00",
                        "currency": "PLN",
                        "incurred_on": date(2026, 10, 8),
                        "invoice_number": "FV 2026/10/052",
                    },
                    {
                        "category": STAFF,
                        "description": "Workshop instructors: renewable-energy taster days, October 2026",
                        "amount": "3600.00",
                        "currency": "PLN",
                        "incurred_on": date(2026, 10, 31),
                        "invoice_number": "LP 10/2026",
                    },
                ),
            },
        ),
    },
    {
        "acronym": OZE_LAB,
        "title": "Renewable-energy classroom at „Mechanik” (Pracownia odnawialnych źródeł energii)",
        "summary": (
            "A classroom for the profession of technician of renewable-energy devices and systems at Zespół "
            "Szkół Technicznych „Mechanik” w Jeleniej Górze, with educational aids worth about 180 000 PLN: "
            "places equipped with a wind turbine and a photovoltaic panel, a hot-water installation with a "
            "solar collector and a heat pump, a fuel cell, a model of a solar thermal system, computers and an "
            "interactive board."
        ),
        "cluster": KSSEMP_CLUSTER,
        "programme": RPO,
        "call": RPO_CALL_2026,
        "start_date": date(2027, 9, 1),
        "end_date": date(2028, 8, 31),
        "status": Project.Status.PROPOSAL,
        "granted_amount": None,
        "funder_reference": "",
        "partners": (
            {"organisation": MECHANIK, "role": LEAD, "budget": {STAFF: 15_000, EQUIPMENT: 180_000}},
            {"organisation": KSSEMP, "role": PARTNER, "budget": {STAFF: 8_000, TRAVEL: 2_000}},
        ),
        "work_packages": (),
        "deliverables": (),
        "milestones": (),
        "indicators": (),
        "report_narratives": {},
        "expenses": (),
    },
)

# --- Users ---------------------------------------------------------------------------------------
# A coordinator works for the project's lead partner; an auditor for no partner; a partner user names
# the organisation it acts for.
USERS: tuple[dict[str, Any], ...] = (
    {
        "username": "office",
        "first_name": "Katarzyna",
        "last_name": "Wiśniewska",
        "email": "katarzyna.wisniewska@example.org",
        "is_staff": True,
        "is_superuser": True,  # the cluster office runs the instance, the admin included
        "memberships": (),
    },
    {
        "username": "coordinator",
        "first_name": "Maja",
        "last_name": "Kovačič",
        "email": "maja.kovacic@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": (
            {"project": TALENTJOURNEY, "role": COORDINATOR},
            {"project": CIRCLE, "role": COORDINATOR},
            {"project": MPMF, "role": COORDINATOR},
            {"project": OZE_LAB, "role": COORDINATOR},
        ),
    },
    {
        "username": "partner.gmt",
        "first_name": "Luka",
        "last_name": "Novak",
        "email": "luka.novak@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": (
            {"project": TALENTJOURNEY, "role": PARTNER_MEMBER, "organisation": GMT},
            {"project": CIRCLE, "role": PARTNER_MEMBER, "organisation": GMT},
        ),
    },
    {
        "username": "partner.mechanik",
        "first_name": "Tomasz",
        "last_name": "Zieliński",
        "email": "tomasz.zielinski@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": (
            {"project": MPMF, "role": PARTNER_MEMBER, "organisation": MECHANIK},
            {"project": OZE_LAB, "role": PARTNER_MEMBER, "organisation": MECHANIK},
        ),
    },
    {
        "username": "auditor",
        "first_name": "Piotr",
        "last_name": "Wójcik",
        "email": "piotr.wojcik@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": (
            {"project": TALENTJOURNEY, "role": AUDITOR},
            {"project": CIRCLE, "role": AUDITOR},
            {"project": MPMF, "role": AUDITOR},
        ),
    },
)

UNCHANGED = "(unchanged)"

# ==================================================================================================
# Loading
# ==================================================================================================

ModelT = TypeVar("ModelT", bound=models.Model)


class DemoDataError(Exception):
    """A demo row breaks a rule of the model: the data here, or the model, needs a fix."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str  # the password to log in with, or UNCHANGED when the user keeps an earlier one


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    counts: list[tuple[str, int]]  # (what, how many), in reading order


def load_demo(*, password: str | None = None) -> DemoResult:
    """Create whatever of the demo data is missing, in one transaction, and return the logins.

    With ``password`` every demo user gets that password (a user who already has it is not touched);
    without it, users created now get a generated password and existing users keep theirs.
    """
    if password is not None and not password:
        raise ValueError("The demo password must not be empty.")
    with transaction.atomic():
        organisations = _load_organisations()
        clusters = _load_clusters(organisations=organisations)
        calls = _load_programmes()
        _load_exchange_rates()
        projects = {
            spec["acronym"]: _load_project(spec, organisations=organisations, clusters=clusters, calls=calls)
            for spec in PROJECTS
        }
        logins = [_load_user(spec, projects=projects, organisations=organisations, password=password) for spec in USERS]
        users = {
            user.username: user
            for user in get_user_model()._default_manager.filter(username__in=["office", "coordinator"])
        }
        for spec in PROJECTS:
            project = Project.objects.get(pk=projects[spec["acronym"]].pk)
            _walk(project, spec, users=users)
            _load_reporting(Project.objects.get(pk=project.pk), spec, actor=users["coordinator"])
    return DemoResult(logins=logins, counts=demo_counts())


def demo_counts() -> list[tuple[str, int]]:
    """How many rows each part of the domain holds, for the command's summary line."""
    counted: tuple[type[models.Model], ...] = (
        Organisation,
        Cluster,
        Programme,
        FlatRate,
        Call,
        Project,
        Partner,
        BudgetLine,
        WorkPackage,
        Deliverable,
        Milestone,
        ReportingPeriod,
        PeriodicReport,
        PartnerClaim,
        Expense,
        Indicator,
        IndicatorValue,
        ExchangeRate,
        ProjectMembership,
        get_user_model(),
    )
    counts = []
    for model in counted:
        count = model._default_manager.count()
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        counts.append((str(name), count))
    return counts


def _get_or_create(model: type[ModelT], *, lookup: Mapping[str, Any], defaults: Mapping[str, Any]) -> ModelT:
    """The row found by its natural key, or a new one checked by the model's validation first.

    Like ``QuerySet.get_or_create`` (lookups with ``__`` are left out of the new row), but
    ``full_clean()`` runs before the insert, so the demo data obeys the rules a user is held to:
    no budget line in a flat-rate category, a deliverable's work package in the same project, …
    """
    try:
        return model._default_manager.get(**lookup)
    except model.DoesNotExist:
        row = model(**{key: value for key, value in lookup.items() if "__" not in key}, **defaults)
        try:
            row.full_clean()
        except ValidationError as error:
            found_by = ", ".join(f"{key}={value}" for key, value in lookup.items())
            raise DemoDataError(
                f"The demo's {model._meta.verbose_name} ({found_by}) breaks a rule of the model: "
                f"{' '.join(error.messages)}"
            ) from error
        row.save()
        return row


def _load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for spec in ORGANISATIONS:
        defaults = {key: value for key, value in spec.items() if key != "name"}
        organisations[spec["name"]] = _get_or_create(Organisation, lookup={"name": spec["name"]}, defaults=defaults)
    return organisations


def _load_clusters(*, organisations: Mapping[str, Organisation]) -> dict[str, Cluster]:
    clusters = {}
    for spec in CLUSTERS:
        cluster = _get_or_create(
            Cluster,
            lookup={"name": spec["name"]},
            defaults={
                "country": spec["country"],
                "coordinating_organisation": organisations[spec["coordinator"]],
                "description": spec["description"],
            },
        )
        # add() skips existing members and never removes one that staff added.
        cluster.members.add(*(organisations[name] for name in spec["members"]))
        clusters[spec["name"]] = cluster
    return clusters


def _load_programmes() -> dict[tuple[str, str], Call]:
    """The programmes with their flat rates and calls; returns the calls by (programme code, identifier)."""
    calls = {}
    for spec in PROGRAMMES:
        programme = _get_or_create(
            Programme,
            lookup={"code": spec["code"]},
            defaults={
                "name": spec["name"],
                "currency": spec["currency"],
                "reporting_period_months": spec["reporting_period_months"],
                "report_due_days": spec["report_due_days"],
                "exchange_rate_rule": spec["exchange_rate_rule"],
            },
        )
        for flat_rate in spec["flat_rates"]:
            _get_or_create(
                FlatRate,
                lookup={"programme": programme, "category": flat_rate["category"]},
                defaults={
                    "rate": Decimal(flat_rate["rate"]),
                    "base": [str(category) for category in flat_rate["base"]],
                },
            )
        for call in spec["calls"]:
            calls[spec["code"], call["identifier"]] = _get_or_create(
                Call,
                lookup={"programme": programme, "identifier": call["identifier"]},
                defaults={
                    "title": call["title"],
                    "opens_on": call["opens_on"],
                    "deadline": call["deadline"],
                    "co_financing_rate": Decimal(call["co_financing_rate"]),
                    "max_grant": to_cents(call["max_grant"]),
                },
            )
    return calls


def _load_exchange_rates() -> None:
    # Never replaces a rate that exists: staff may have entered the official one for that month.
    for month, rate in PLN_PER_EUR.items():
        _get_or_create(
            ExchangeRate,
            lookup={"currency": "PLN", "month": month},
            defaults={"rate": Decimal(rate), "source": DEMO_RATE_SOURCE},
        )


def _load_project(
    spec: Mapping[str, Any],
    *,
    organisations: Mapping[str, Organisation],
    clusters: Mapping[str, Cluster],
    calls: Mapping[tuple[str, str], Call],
) -> Project:
    project = _get_or_create(
        Project,
        lookup={"acronym__iexact": spec["acronym"]},  # acronyms are unique regardless of case
        defaults={
            "acronym": spec["acronym"],
            "title": spec["title"],
            "summary": spec["summary"],
            "cluster": clusters[spec["cluster"]],
            "call": calls[spec["programme"], spec["call"]],
            "start_date": spec["start_date"],
            "end_date": spec["end_date"],
        },
    )
    partners = _load_partners(project, spec["partners"], organisations=organisations)
    work_packages = _load_work_packages(project, spec["work_packages"], partners=partners)
    _load_deliverables(project, spec["deliverables"], work_packages=work_packages, partners=partners)
    _load_milestones(project, spec["milestones"])
    _load_indicators(project, spec["indicators"])
    return project


def _load_reporting(project: Project, spec: Mapping[str, Any], *, actor) -> None:
    """What happens once the agreement is signed: report narratives, indicator values, expenses and
    claims, deliverables submitted and reviewed."""
    if project.status != Project.Status.IN_IMPLEMENTATION:
        return
    periods = _load_periods(project, narratives=spec["report_narratives"])
    indicators = {indicator.code: indicator for indicator in project.indicators.all()}
    partners = {str(partner.organisation): partner for partner in project.partners.select_related("organisation")}
    _load_indicator_values(spec["indicators"], indicators=indicators, periods=periods)
    _load_expenses(project, spec["expenses"], partners=partners, periods=periods, actor=actor)
    _load_deliverable_history(project, spec.get("deliverable_history", {}), actor=actor)


def _at(day: date, days: int = 0) -> datetime:
    """Noon in Warsaw, ``days`` after ``day``: when the demo's history says a step was taken."""
    return datetime.combine(day + timedelta(days=days), time(12), tzinfo=WARSAW)


def _demo_version(model: type[models.Model], *, title: str, by, at: datetime, **owner: Any) -> None:
    """The next version of a file (a small demo PDF named ``title``), as if ``by`` uploaded it at ``at``."""
    content = ContentFile(f"%PDF-1.4\n% {title} (demo document)\n%%EOF\n".encode(), name=f"{title}.pdf")
    model.objects.create(
        **owner,
        version=model.objects.filter(**owner).count() + 1,
        file=content,
        original_name=content.name,
        size=content.size,
        sha256=hashlib.sha256(content.read()).hexdigest(),
        mime_type="application/pdf",
        uploaded_by=by,
        uploaded_at=at,
    )


def _attach_signed(project: Project, *, kind: str, title: str, partner: Partner | None, by, at: datetime) -> None:
    document = _get_or_create(
        ProjectDocument, lookup={"project": project, "kind": kind, "partner": partner, "title": title}, defaults={}
    )
    if not document.versions.exists():
        _demo_version(ProjectDocumentFile, title=title, by=by, at=at, document=document)


def _load_deliverable_history(project: Project, history: Mapping[str, Iterable[tuple]], *, actor) -> None:
    """Uploads, submissions and reviews of deliverables through the transitions, dated as they happened.

    Only a deliverable still planned and without files is taken through its history, so nothing that
    happened since the last run is replayed over.
    """
    for code, steps in history.items():
        deliverable = Deliverable.objects.get(project=project, code=code)
        if deliverable.status != Deliverable.Status.PLANNED or deliverable.versions.exists():
            continue
        for step, day, note in steps:
            if step == "upload":  # in the morning of the day it is submitted
                _demo_version(
                    DeliverableFile, title=note, by=actor, at=_at(day) - timedelta(hours=3), deliverable=deliverable
                )
            else:
                transition_take(
                    obj=Deliverable.objects.get(pk=deliverable.pk), name=step, actor=actor, at=_at(day), comment=note
                )


def _walk(project: Project, spec: Mapping[str, Any], *, users: Mapping[str, Any]) -> None:
    """Take a new project from proposal to its demo status through the real transitions, dated as the
    story goes: proposal, approval, mandates and application before the call's deadline, award, signed
    agreement (which creates the reporting periods) before the project starts."""
    if spec["status"] != Project.Status.IN_IMPLEMENTATION or project.status != Project.Status.PROPOSAL:
        return
    coordinator, office = users["coordinator"], users["office"]
    call = project.call
    opened, deadline = call.opens_on, timezone.localtime(call.deadline, WARSAW).date()
    transition_take(obj=project, name="submit_proposal", actor=coordinator, at=_at(opened, 14))
    transition_take(obj=project, name="approve_proposal", actor=office, at=_at(opened, 21), comment="Fits the call.")
    for partner in project.partners.select_related("organisation"):
        title = f"Partnership mandate — {partner.organisation}"
        _attach_signed(
            project, kind="partnership_mandate", title=title, partner=partner, by=coordinator, at=_at(deadline, -10)
        )
    transition_take(obj=project, name="submit_application", actor=coordinator, at=_at(deadline, -2))
    award = {"granted_amount": to_cents(spec["granted_amount"]), "funder_reference": spec["funder_reference"]}
    transition_take(obj=project, name="record_award", actor=office, payload=award, at=_at(deadline, 60))
    signed_on = project.start_date - timedelta(days=14)
    _attach_signed(
        project,
        kind="grant_agreement",
        title=f"Grant agreement {spec['funder_reference']}",
        partner=None,
        by=coordinator,
        at=_at(signed_on),
    )
    transition_take(obj=project, name="sign_agreement", actor=coordinator, at=_at(signed_on, 1))


def _load_partners(
    project: Project, specs: Iterable[Mapping[str, Any]], *, organisations: Mapping[str, Organisation]
) -> dict[str, Partner]:
    """The consortium by organisation name, each partner with its budget lines."""
    partners = {}
    for spec in specs:
        partner = _get_or_create(
            Partner,
            lookup={"project": project, "organisation": organisations[spec["organisation"]]},
            defaults={"role": spec["role"]},
        )
        for category, amount in spec["budget"].items():
            _get_or_create(
                BudgetLine, lookup={"partner": partner, "category": category}, defaults={"amount": to_cents(amount)}
            )
        partners[spec["organisation"]] = partner
    return partners


def _load_work_packages(
    project: Project, specs: Iterable[Mapping[str, Any]], *, partners: Mapping[str, Partner]
) -> dict[int, WorkPackage]:
    return {
        spec["number"]: _get_or_create(
            WorkPackage,
            lookup={"project": project, "number": spec["number"]},
            defaults={"title": spec["title"], "lead_partner": partners[spec["lead"]]},
        )
        for spec in specs
    }


def _load_deliverables(
    project: Project,
    specs: Iterable[Mapping[str, Any]],
    *,
    work_packages: Mapping[int, WorkPackage],
    partners: Mapping[str, Partner],
) -> None:
    for spec in specs:
        _get_or_create(
            Deliverable,
            lookup={"project": project, "code": spec["code"]},
            defaults={
                "work_package": work_packages[spec["work_package"]],
                "title": spec["title"],
                "due_date": spec["due_date"],
                "responsible_partner": partners[spec["responsible"]],
                "dissemination_level": spec["dissemination_level"],
                "type": spec["type"],
            },
        )


def _load_milestones(project: Project, specs: Iterable[Mapping[str, Any]]) -> None:
    for spec in specs:
        _get_or_create(
            Milestone,
            lookup={"project": project, "code": spec["code"]},
            defaults={"title": spec["title"], "due_date": spec["due_date"], "achieved_on": spec["achieved_on"]},
        )


def _load_indicators(project: Project, specs: Iterable[Mapping[str, Any]]) -> dict[str, Indicator]:
    return {
        spec["code"]: _get_or_create(
            Indicator,
            lookup={"project": project, "code": spec["code"]},
            defaults={
                "name": spec["name"],
                "unit": spec["unit"],
                "baseline": Decimal(0),
                "target": Decimal(spec["target"]),
            },
        )
        for spec in specs
    }


def _load_periods(project: Project, *, narratives: Mapping[int, str]) -> dict[int, ReportingPeriod]:
    """The periods signing created, by number; a report without a narrative gets the demo's."""
    periods = {period.number: period for period in project.periods.select_related("report").order_by("number")}
    for number, period in periods.items():
        if narratives.get(number) and not period.report.narrative:
            PeriodicReport.objects.filter(pk=period.report.pk).update(narrative=narratives[number])
    return periods


def _load_indicator_values(
    specs: Iterable[Mapping[str, Any]],
    *,
    indicators: Mapping[str, Indicator],
    periods: Mapping[int, ReportingPeriod],
) -> None:
    for spec in specs:
        for value in spec["values"]:
            _get_or_create(
                IndicatorValue,
                lookup={"indicator": indicators[spec["code"]], "period": periods[value["period"]]},
                defaults={"value": Decimal(value["value"]), "note": value["note"]},
            )


def _load_expenses(
    project: Project,
    specs: Iterable[Mapping[str, Any]],
    *,
    partners: Mapping[str, Partner],
    periods: Mapping[int, ReportingPeriod],
    actor,
) -> None:
    """Expense items of draft claims, found again by their invoice number, entered through the service
    (so a line in the programme's currency is priced at once, like one a partner enters). A claim whose
    spec says so is then submitted (which freezes its rates) and certified, through the transitions."""
    for spec in specs:
        claim = PartnerClaim.objects.get(partner=partners[spec["organisation"]], period=periods[spec["period"]])
        if claim.status != PartnerClaim.Status.DRAFT:
            continue  # submitted since the last run: its expenses are frozen, nothing may be added
        for item in spec["items"]:
            if claim.expenses.filter(invoice_number=item["invoice_number"]).exists():
                continue
            services.expense_create(
                actor=actor,
                data={
                    "claim": claim,
                    "invoice_number": item["invoice_number"],
                    "category": item["category"],
                    "description": item["description"],
                    "amount": to_cents(item["amount"]),
                    "currency": item["currency"],
                    "incurred_on": item["incurred_on"],
                },
            )
        if spec.get("submitted_on"):
            transition_take(obj=claim, name="submit", actor=actor, at=_at(spec["submitted_on"]))
        if spec.get("certified_on"):
            transition_take(
                obj=PartnerClaim.objects.get(pk=claim.pk),
                name="certify",
                actor=actor,
                at=_at(spec["certified_on"]),
                comment="Checked against the invoices and the timesheets.",
            )


def _load_user(
    spec: Mapping[str, Any],
    *,
    projects: Mapping[str, Project],
    organisations: Mapping[str, Organisation],
    password: str | None,
) -> DemoLogin:
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=spec["username"]).first()
    if user is None:
        user = user_model(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=spec["email"],
            is_staff=spec["is_staff"],
            is_superuser=spec["is_superuser"],
        )
        shown_password = password or secrets.token_urlsafe(12)
        user.set_password(shown_password)
        user.full_clean()
        user.save()
    elif password is not None:
        shown_password = password
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
    else:
        shown_password = UNCHANGED

    for membership in spec["memberships"]:
        project = projects[membership["project"]]
        _get_or_create(
            ProjectMembership,
            lookup={"project": project, "user": user},
            defaults={
                "role": membership["role"],
                "organisation": _membership_organisation(membership, project=project, organisations=organisations),
            },
        )
    return DemoLogin(username=user.get_username(), role=_describe_role(spec), password=shown_password)


def _membership_organisation(
    membership: Mapping[str, Any], *, project: Project, organisations: Mapping[str, Organisation]
) -> Organisation | None:
    if membership["role"] == COORDINATOR:
        lead = project.lead_partner
        return lead.organisation if lead else None
    if membership["role"] == PARTNER_MEMBER:
        return organisations[membership["organisation"]]
    return None  # an auditor acts for no partner


def _describe_role(spec: Mapping[str, Any]) -> str:
    if spec["is_superuser"]:
        return "staff, superuser"
    if spec["is_staff"]:
        return "staff"
    roles: dict[str, list[str]] = {}
    for membership in spec["memberships"]:
        roles.setdefault(str(membership["role"]), []).append(membership["project"])
    return "; ".join(f"{role} in {', '.join(acronyms)}" for role, acronyms in roles.items())
