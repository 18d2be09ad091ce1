import io

import docx
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import HearingReport, Theme
from consultation.services.hearing_reports import (
    report_build,
    report_build_pending,
    report_data,
    report_request,
)
from consultation.services.hearings import response_process

from .hearing_helpers import bulk_responses, make_hearing, submit

pytestmark = pytest.mark.django_db

CAMPAIGN = "Bevar biblioteket i Vejleåparken, det er et vigtigt mødested for alle i byen."


@pytest.fixture
def hearing(coordinator):
    hearing = make_hearing(user=coordinator)
    section = hearing.version.sections.get(position=2)
    theme = Theme.objects.create(hearing=hearing, name="Biblioteker")
    first = submit(hearing, subject="Biblioteket", text=CAMPAIGN, sections=[section])
    submit(hearing, subject="Biblioteket", text=CAMPAIGN + " Hilsen Bo", sections=[section])
    response_process(
        response=first,
        user=coordinator,
        status="handled",
        themes=[theme],
        admin_comment="Biblioteket bevares.",
        leads_to_change=True,
        change_description="Afsnittet nævner biblioteket som mødested.",
    )
    submit(
        hearing,
        subject="Generelt",
        text="Godt udkast, men det er for langt.",
        publication="anonymous",
        name="Skjult Person",
    )
    return hearing


def test_the_report_groups_by_section_and_theme_and_counts_copies(hearing):
    data = report_data(hearing)
    assert (data.received, data.texts) == (3, 2)
    headings = [section.heading for section in data.sections]
    assert headings == ["Fællesskaber", "Høringsudkastet som helhed"]
    library = data.sections[0].themes[0]
    assert library.name == "Biblioteker"
    assert [entry.sent_by for entry in library.entries] == [2]
    assert data.sections[1].themes[0].name == "Uden tema"
    assert data.sections[1].themes[0].entries[0].sender == "Anonym (en privatperson)"
    assert len(data.changes) == 1


def test_the_task_builds_html_docx_and_pdf_and_runs_once(
    hearing, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_request(hearing=hearing, user=coordinator)
    assert len(callbacks) == 1  # the worker is nudged after commit
    assert report_request(hearing=hearing, user=coordinator) == report

    assert report_build(report_id=report.pk) is True
    assert report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == HearingReport.Status.DONE and report.progress == 100

    html = report.html_file.read().decode()
    assert "Høringsnotat" in html and "Biblioteket bevares." in html and "sendt af 2" in html
    assert "Skjult Person" not in html
    text = "\n".join(p.text for p in docx.Document(report.docx_file.open("rb")).paragraphs)
    assert "Fællesskaber" in text and "Biblioteker" in text and "Biblioteket bevares." in text
    pdf = pypdf.PdfReader(io.BytesIO(report.pdf_file.open("rb").read()))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Høringsnotat" in pdf_text and "Biblioteket bevares." in pdf_text


def test_control_characters_and_markup_in_a_response_do_not_break_the_report(hearing, coordinator):
    submit(hearing, subject="<b>Fed</b> & kursiv", text="Bip\x07 og nul\x00 <script>x</script>")
    report = report_request(hearing=hearing, user=coordinator)
    assert report_build(report_id=report.pk) is True
    report.refresh_from_db()
    assert "&lt;script&gt;x&lt;/script&gt;" in report.html_file.read().decode()
    text = "\n".join(p.text for p in docx.Document(report.docx_file.open("rb")).paragraphs)
    assert "<b>Fed</b> & kursiv" in text and "Bip og nul <script>x</script>" in text
    pdf = pypdf.PdfReader(io.BytesIO(report.pdf_file.open("rb").read()))
    assert "<b>Fed</b> & kursiv" in "\n".join(page.extract_text() for page in pdf.pages)


def test_a_report_whose_nudge_was_lost_is_built_by_the_scan(hearing, coordinator):
    report = report_request(hearing=hearing, user=coordinator)
    assert report_build_pending() == 1
    report.refresh_from_db()
    assert report.status == "done"


def test_the_report_reads_a_constant_number_of_queries(hearing):
    section = hearing.version.sections.first()
    theme = Theme.objects.first()

    def count(n):
        bulk_responses(hearing, n, sections=[section], themes=[theme])
        with CaptureQueriesContext(connection) as queries:
            report_data(hearing)
        return len(queries)

    assert count(10) == count(300)


def test_the_page_shows_progress_and_then_the_downloads(hearing, coordinator_client, client):
    url = reverse("consultation:hearing_report", args=[hearing.slug])
    assert coordinator_client.post(url).status_code == 302
    waiting = coordinator_client.get(url).content.decode()
    assert "<progress" in waiting and 'data-refresh-seconds="5"' in waiting
    assert "Opdatér" in waiting
    report_build_pending()
    done = coordinator_client.get(url).content.decode()
    report = HearingReport.objects.get()
    for kind, content_type in (
        ("pdf", "application/pdf"),
        ("docx", "application/vnd"),
        ("html", "text/html"),
    ):
        link = reverse("consultation:hearing_report_download", args=[hearing.slug, report.pk, kind])
        assert link in done
        download = coordinator_client.get(link)
        assert download["Content-Type"].startswith(content_type)
        assert "attachment" in download["Content-Disposition"]
        assert client.get(link).status_code == 302
