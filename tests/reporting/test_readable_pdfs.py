"""What a reader of the PDFs notices: words whole on their line, labels rather than code names, one date
format, times on the instance's clock, and the audit trail in time order.

The text is read back from the PDF with pypdf, line by line, as a reader sees it: a word split at the
end of a line shows up as two tokens.
"""

import io
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from projects import services as project_services
from projects.models import Deliverable, Expense, PartnerClaim, PeriodicReport, Project
from reporting import services
from reporting.figures import wording
from reporting.models import GeneratedDocument
from reporting.templatetags.report_format import wrappable
from workflows.models import TransitionLog
from workflows.services import transition_take

WARSAW = ZoneInfo("Europe/Warsaw")
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
# Long words of several languages, hyphenated words, references: each must stay whole on its line.
LONG_WORDS = "Berufsbildungszentrum przedsiębiorczości Elektronicznych students start-ups ŠCV-R-2025-0042"
# A comment may hold a word wider than a narrow column, but not than a whole page's table.
LONG_COMMENT = f"Kraftfahrzeughaftpflichtversicherung {LONG_WORDS}"
URL = "https://example.org/reports/2025/student_incubator/operating-model.pdf"
# The formats the documents used before they had one: ISO dates, dotted dates, American dates.
OTHER_DATE_FORMATS = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b[A-Z][a-z]{2,3} \d{1,2}, \d{4}\b")
MEDIUM_DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Oct|Nov|Dec) \d{4}\b")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def render(committed):
    """Request a document as ``user``; its PDF's text, as pypdf reads it."""

    def make(project, kind, user, period=None) -> str:
        with committed():
            document = services.document_request(project=project, kind=kind, period=period, actor=user)
        document.refresh_from_db()
        assert document.status == GeneratedDocument.Status.DONE, document.error
        with document.file.open("rb") as stored:
            reader = PdfReader(io.BytesIO(stored.read()))
        return "\n".join(page.extract_text() for page in reader.pages)

    return make


def flat(text: str) -> str:
    """The text as one line, single-spaced: for phrases that may wrap."""
    return " ".join(text.split())


def tokens(text: str) -> set[str]:
    return set(text.split())


def split_words(text: str, words: str) -> list[str]:
    """The words of ``words`` that do not appear whole on one line of ``text``."""
    whole = tokens(text)
    return [word for word in words.split() if word not in whole]


def printed_whole(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is printed word for word, however it wraps, with no word split at a line's end."""
    found, wanted = text.split(), phrase.split()
    return any(found[start : start + len(wanted)] == wanted for start in range(len(found)))


def lines_between(text: str, first: str, last: str) -> int:
    """How many lines a paragraph takes, from the line where ``first`` is to the one where ``last`` is
    (all of them when ``first`` is not on one line)."""
    lines = text.split("\n")
    start = next((index for index, line in enumerate(lines) if first in line), None)
    if start is None:
        return len(lines)
    return next(index for index, line in enumerate(lines[start:]) if last in line) + 1


def run_of(text: str, value: str) -> list[str]:
    """The consecutive tokens of ``text`` that together spell ``value`` (one per line it is spread over)."""
    found = text.split()
    start = next(index for index, token in enumerate(found) if value.startswith(token) and len(token) >= 8)
    run, spelled = [], ""
    for token in found[start:]:
        run.append(token)
        spelled += token
        if len(spelled) >= len(value):
            break
    assert spelled == value, f"{value} is not spelled out by {run}"
    return run


def assert_hash_split_only_between_groups(text: str) -> None:
    groups = run_of(text, HASH)
    assert all(len(group) % 16 == 0 for group in groups), groups


def describe_with_long_words(project: Project) -> Expense:
    """A declared expense line of ``project`` described with long words, a hash and a URL."""
    expense = Expense.objects.filter(claim__partner__project=project, claim__status="certified").first()
    description = f"{LONG_WORDS} checksum {HASH} {URL}"
    assert len(description) <= Expense._meta.get_field("description").max_length
    Expense.objects.filter(pk=expense.pk).update(description=description, invoice_number="FV/2025/05/044-KOREKTA")
    return expense


def accept(deliverable: Deliverable, *, actor, at: datetime, comment: str = "") -> None:
    transition_take(obj=deliverable, name="accept", actor=actor, at=at, comment=comment)


# --- 1. Words break at spaces and hyphens, never inside -------------------------------------------------


def test_funding_report_keeps_every_word_and_reference_of_a_description_whole(demo, demo_user, render):
    describe_with_long_words(demo)

    text = render(demo, "funding_report", demo_user("auditor"))

    assert split_words(text, LONG_WORDS) == []
    assert "FV/2025/05/044-KOREKTA" in tokens(text)  # the invoice column too
    assert_hash_split_only_between_groups(text)
    url_pieces = run_of(text, URL)
    assert all(piece[-1] in "/-_." for piece in url_pieces[:-1]), url_pieces


def test_progress_report_keeps_titles_names_and_units_whole(demo, demo_user, render):
    period = demo.periods.get(number=1)

    text = render(demo, "progress_report", demo_user("auditor"), period)

    due = Deliverable.objects.filter(project=demo, due_date__lte=period.end_date)
    phrases = [
        f"{row.title} {row.responsible_partner.organisation}"
        for row in due.select_related("responsible_partner__organisation")
    ]
    phrases += [f"{indicator.name} {indicator.unit}" for indicator in demo.indicators.all()]
    phrases += [milestone.title for milestone in demo.milestones.filter(due_date__lte=period.end_date)]
    assert len(phrases) >= 10
    # The unit column, say, is never squeezed below its longest word ("student|s").
    assert [phrase for phrase in phrases if not printed_whole(text, phrase)] == []
    # A path kept whole at the end of a line does not scatter the words before it one per line.
    assert lines_between(text, "The figures of this document", "/api/documents/verify/") <= 2


def test_audit_trail_keeps_the_words_of_a_comment_whole_and_splits_a_hash_only_between_groups(demo, demo_user, render):
    coordinator = demo_user("coordinator")
    coordinator.last_name = "Kovačič-Brzęczyszczykiewicz"  # the actor's column is a narrow one
    coordinator.save()
    deliverable = Deliverable.objects.get(project=demo, code="D2.2")
    accept(deliverable, actor=coordinator, at=timezone.now(), comment=f"{LONG_COMMENT} checksum {HASH}")

    text = render(demo, "audit_trail", demo_user("auditor"))

    assert split_words(text, LONG_COMMENT) == []
    assert split_words(text, coordinator.get_full_name()) == []
    assert split_words(text, "Claim of Zespół Szkół Elektronicznych w Jeleniej Górze, P1") == []
    assert_hash_split_only_between_groups(text)


def test_a_long_run_breaks_only_at_group_boundaries_and_separators_and_stays_escaped():
    assert wrappable("ŠCV-R-2025-0042") == '<span class="whole">ŠCV-R-2025-0042</span>'
    assert wrappable(f"sha {HASH}") == "sha " + "<wbr>".join(HASH[start : start + 16] for start in range(0, 64, 16))
    assert wrappable("https://example.org/a_very_long_path/with.dots/and-more-and-more") == (
        "https:<wbr>/<wbr>/<wbr>example.<wbr>org/<wbr>a_<wbr>very_<wbr>long_<wbr>path/<wbr>with.<wbr>dots/<wbr>"
        "and-<wbr>more-<wbr>and-<wbr>more"
    )
    assert wrappable("x < y & z\nnext line") == "x &lt; y &amp; z\nnext line"
    assert "<script>" not in wrappable("<script>alert(1)</script>")
    assert wrappable("Berufsbildungszentrum") == "Berufsbildungszentrum"


# --- 2. Labels, not code names --------------------------------------------------------------------------


def test_audit_trail_names_transitions_and_states_by_their_labels(demo, demo_user, render):
    text = flat(render(demo, "audit_trail", demo_user("auditor")))

    for label in ["Submit the proposal", "Approve the proposal", "Record the award", "Certify the claim"]:
        assert label in text
    assert "Proposal under review → Application in preparation" in text
    assert SNAKE_CASE.findall(text) == []


def test_progress_report_names_states_by_their_labels(demo, demo_user, render):
    text = flat(render(demo, "progress_report", demo_user("auditor"), demo.periods.get(number=1)))

    assert "In implementation" in text and "Status: Open" in text
    assert SNAKE_CASE.findall(text) == []


def test_an_unknown_code_is_shown_as_it_was_logged():
    assert wording.transition_label("project", "approve_proposal") == "Approve the proposal"
    assert wording.state_label("project", "in_implementation") == "In implementation"
    assert wording.transition_label("project", "renamed_since") == "renamed_since"
    assert wording.state_label("no_such_machine", "draft") == "draft"


# --- 3. One date format; times on the instance's clock ----------------------------------------------------


@pytest.mark.parametrize("kind", ["funding_report", "audit_trail", "progress_report"])
def test_every_date_of_a_document_has_the_one_format(demo, demo_user, render, kind):
    period = demo.periods.get(number=1) if kind == "progress_report" else None

    text = flat(render(demo, kind, demo_user("auditor"), period))

    assert OTHER_DATE_FORMATS.findall(text) == []
    assert "1 Jan 2025 – 31 Dec 2027" in text  # the project's dates
    assert len(MEDIUM_DATE.findall(text)) >= 3  # and the document's request, its footer, its rows


def test_funding_report_prints_the_expenses_dates_in_the_one_format(demo, demo_user, render):
    text = flat(render(demo, "funding_report", demo_user("auditor")))

    declared = Expense.objects.filter(claim__partner__project=demo).exclude(claim__status=PartnerClaim.Status.DRAFT)
    incurred = set(declared.values_list("incurred_on", flat=True))
    assert {"24 Jan 2025", "12 May 2025", "31 Dec 2025"} <= {wording.date_text(day) for day in incurred}
    for day in incurred:
        assert wording.date_text(day) in text


def test_a_time_after_2330_utc_is_the_next_day_in_warsaw(demo, demo_user, render):
    deliverable = Deliverable.objects.get(project=demo, code="D2.2")
    accept(deliverable, actor=demo_user("coordinator"), at=datetime(2026, 1, 13, 23, 30, tzinfo=UTC), comment="")

    with timezone.override("America/New_York"):  # whatever zone the requesting page has activated
        text = flat(render(demo, "audit_trail", demo_user("auditor")))

    assert "14 Jan 2026, 00:30 CET" in text
    assert "13 Jan 2026" not in text


def test_dates_and_times_have_one_format_per_language(settings):
    settings.TIME_ZONE = "Europe/Warsaw"
    summer = datetime(2026, 7, 1, 21, 45, tzinfo=UTC)

    assert wording.date_text(date(2026, 12, 3)) == "3 Dec 2026"
    assert wording.date_text(date(2026, 12, 3), "pl") == "3 gru 2026"
    assert wording.date_text(date(2026, 12, 3), "sl") == "3. dec. 2026"
    assert wording.datetime_text(summer) == "1 Jul 2026, 23:45 CEST"
    assert wording.date_text(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1 Jan 2027"
    assert wording.date_text(None) == "" and wording.datetime_text(None) == ""


# --- 4. The audit trail in time order ---------------------------------------------------------------------

ROW = re.compile(r"^(\d+) (\d{1,2} [A-Z][a-z]+ \d{4}), ?\n?(\d{2}:\d{2}) (CEST|CET)\b", re.MULTILINE)


def rows_of(text: str) -> list[tuple[int, datetime]]:
    """The audit trail's rows as printed: log row number and time."""
    return [
        (int(number), datetime.strptime(f"{day} {time}", "%d %b %Y %H:%M"))
        for number, day, time, _zone in ROW.findall(text.replace("Sept ", "Sep "))
    ]


def test_audit_trail_rows_are_in_time_order_and_the_chain_is_still_intact(demo, demo_user, render):
    # Logged last, happened before the claims were submitted (20 Jan 2026): history recorded afterwards.
    deliverable = Deliverable.objects.get(project=demo, code="D2.2")
    accept(deliverable, actor=demo_user("coordinator"), at=datetime(2026, 1, 14, 10, 0, tzinfo=WARSAW), comment="")

    text = render(demo, "audit_trail", demo_user("auditor"))

    rows = rows_of(text)
    assert len(rows) == log_rows_of(demo)
    times = [time for _number, time in rows]
    assert times == sorted(times)
    numbers = [number for number, _time in rows]
    assert numbers != sorted(numbers)  # the log's order is not the time order here
    accepted = max(numbers)
    assert (accepted, datetime(2026, 1, 14, 10, 0)) in rows
    assert "Chain intact" in text
    assert "In the order the transitions happened" in flat(text)


def log_rows_of(project: Project) -> int:
    """How many transition log rows are about the project, its deliverables, claims and reports."""
    objects = {
        "projects.Project": [project.pk],
        "projects.Deliverable": list(project.deliverables.values_list("pk", flat=True)),
        "projects.PartnerClaim": list(
            PartnerClaim.objects.filter(partner__project=project).values_list("pk", flat=True)
        ),
        "projects.PeriodicReport": list(
            PeriodicReport.objects.filter(period__project=project).values_list("pk", flat=True)
        ),
    }
    return sum(
        TransitionLog.objects.filter(object_type=label, object_id__in=ids).count() for label, ids in objects.items()
    )


def test_a_deliverable_was_first_submitted_when_its_earliest_submission_happened(demo, demo_user, render):
    """A submission logged later but dated earlier (history recorded afterwards) is the first one."""
    coordinator = demo_user("coordinator")
    deliverable = Deliverable.objects.get(project=demo, code="D2.2")  # submitted 12 Jan 2026, due 15 Dec 2025
    at = datetime(2026, 1, 14, 12, 0, tzinfo=WARSAW)
    transition_take(obj=deliverable, name="request_changes", actor=coordinator, at=at, comment="Add the manual.")
    upload = SimpleUploadedFile("manual.pdf", b"%PDF-1.4\n% manual\n%%EOF\n", content_type="application/pdf")
    project_services.file_version_add(
        owner=deliverable, upload=upload, actor=coordinator, at=datetime(2026, 1, 15, 9, 0, tzinfo=WARSAW)
    )
    deliverable.refresh_from_db()
    early = datetime(2025, 12, 10, 12, 0, tzinfo=WARSAW)  # sent by e-mail before the due date, logged now
    transition_take(obj=deliverable, name="submit", actor=coordinator, at=early)

    text = flat(render(demo, "progress_report", demo_user("auditor"), demo.periods.get(number=1)))

    assert "D2.2 Online platform" in text
    assert "10 Dec 2025" in text
    assert "submitted 28 days late" not in text
