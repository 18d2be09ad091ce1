"""Staff pages for responses: list, search, filters, processing, attachments, registering."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation.models import HearingResponse, Theme
from consultation.services.hearings import refresh_search_vectors
from medborger.models import OutboundEmail
from medborger.testing.fixtures import PERSONAS
from medborger.testing.queries import assert_constant_queries
from medborger.testing.spreadsheets import cells_as_csv_text

from .hearing_helpers import bulk_responses, make_hearing, pdf_upload, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(coordinator):
    return make_hearing(user=coordinator)


def list_url(hearing, **params):
    from urllib.parse import urlencode

    url = reverse("consultation:hearing_responses", args=[hearing.slug])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.mark.parametrize("persona", PERSONAS)
def test_revision_staff_see_the_list(persona, persona_client, hearing):
    response = persona_client(persona).get(list_url(hearing))
    allowed = {"coordinator", "steering_member", "project_member", "superuser"}
    expected = 200 if persona in allowed else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


def test_search_and_filters_narrow_the_list(coordinator_client, hearing, coordinator):
    section = hearing.version.sections.first()
    bike = submit(
        hearing, subject="Cykelstier", text="Flere cykelstier til skolerne tak.", sections=[section]
    )
    bench = submit(
        hearing,
        subject="Bænke",
        text="Bænke ved søen ville være dejligt.",
        represents="organisation",
        organisation_name="Ældresagen Ishøj",
    )
    spam = submit(hearing, subject="Køb billigt", text="Spam spam spam kasino bonus.")
    HearingResponse.objects.filter(pk=spam.pk).update(status="spam")
    letter = HearingResponse.objects.filter(pk=bench.pk)
    letter.update(channel="letter")
    theme = Theme.objects.create(hearing=hearing, name="Trafik")
    bike.themes.add(theme)

    def listed(**params):
        html = coordinator_client.get(list_url(hearing, **params)).content.decode()
        return {r.reference for r in (bike, bench, spam) if r.reference in html}

    assert listed() == {bike.reference, bench.reference}
    assert listed(q="cykelstier") == {bike.reference}
    assert listed(q="søen") == {bench.reference}
    assert listed(q=bike.reference) == {bike.reference}
    assert listed(section=section.pk) == {bike.reference}
    assert listed(organisation="ældresagen") == {bench.reference}
    assert listed(represents="organisation") == {bench.reference}
    assert listed(channel="letter") == {bench.reference}
    assert listed(theme=theme.pk) == {bike.reference}
    assert listed(status="spam") == {spam.reference}


def test_the_list_shows_how_many_sent_a_text_and_can_show_each_text_once(
    coordinator_client, hearing
):
    text = "Bevar biblioteket i Vejleåparken, det er et vigtigt mødested for alle i byen."
    first = submit(hearing, text=text)
    copies = [submit(hearing, text=text + f" Hilsen {name}") for name in ("Bo", "Ib")]
    html = coordinator_client.get(list_url(hearing)).content.decode()
    assert "sendt af 3" in html
    once = coordinator_client.get(list_url(hearing, copies="on")).content.decode()
    assert first.reference in once and all(c.reference not in once for c in copies)


@pytest.mark.parametrize("params", [{}, {"q": "fællesskaber"}, {"copies": "on", "status": "new"}])
def test_the_list_and_search_have_a_constant_query_count(coordinator_client, hearing, params):
    section = hearing.version.sections.first()
    theme = Theme.objects.create(hearing=hearing, name="Fællesskab")

    def grow(count):
        bulk_responses(hearing, count, sections=[section], themes=[theme])
        # bulk_create skips the service that stores PostgreSQL's search vector: without it the
        # search would find nothing there, and the page and its themes would not be counted.
        refresh_search_vectors(HearingResponse.objects.filter(hearing=hearing))

    queries = assert_constant_queries(
        coordinator_client, list_url(hearing, **params), grow=grow, small=5, large=150
    )
    # session, user with their roles, hearing (once: the permission check hands it to the
    # view), sections, themes, count, page, themes of the page: nothing that grows with the
    # responses.
    assert queries == 8


def test_the_detail_page_fetches_the_hearing_once(coordinator_client, hearing):
    response = submit(hearing)
    url = reverse("consultation:hearing_response", args=[hearing.slug, response.pk])

    with CaptureQueriesContext(connection) as queries:
        page = coordinator_client.get(url)

    assert page.status_code == 200
    assert page.context["hearing"] == hearing
    hearing_reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "consultation_hearing"' in q["sql"]
    ]
    assert len(hearing_reads) == 1, hearing_reads
    # session, user with their roles, the hearing, the response, its sections, themes and
    # attachments, its copies, the hearing's themes.
    assert len(queries) == 9


def test_the_coordinator_comments_tags_and_marks_a_change(coordinator_client, hearing, coordinator):
    response = submit(hearing)
    theme = Theme.objects.create(hearing=hearing, name="Natur")
    url = reverse("consultation:hearing_response", args=[hearing.slug, response.pk])
    result = coordinator_client.post(
        url,
        {
            "status": "handled",
            "themes": [theme.pk],
            "admin_comment": "Vi sætter bænke op <b>i 2027</b>.",
            "leads_to_change": "on",
            "change_description": "Afsnit 2 nævner bænke.",
        },
    )
    assert result.status_code == 302
    response.refresh_from_db()
    assert response.status == "handled" and response.leads_to_change
    assert list(response.themes.all()) == [theme]
    assert response.history.first().history_user == coordinator
    html = coordinator_client.get(url).content.decode()
    assert "Vi sætter bænke op &lt;b&gt;i 2027&lt;/b&gt;." in html


def test_the_steering_group_reads_but_cannot_process(steering_client, hearing):
    response = submit(hearing)
    url = reverse("consultation:hearing_response", args=[hearing.slug, response.pk])
    page = steering_client.get(url)
    assert page.status_code == 200
    assert "karin@example.org" not in page.content.decode()
    assert steering_client.post(url, {"status": "spam"}).status_code == 403
    response.refresh_from_db()
    assert response.status == "new"


def test_attachments_are_served_to_staff_only(client, coordinator_client, hearing):
    response = submit(hearing, files=[pdf_upload("<script>.pdf")])
    attachment = response.attachments.get()
    url = reverse(
        "consultation:hearing_attachment", args=[hearing.slug, response.pk, attachment.pk]
    )
    download = coordinator_client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(url).status_code == 302
    assert attachment.file.url.startswith("/media-not-served/")


def test_staff_register_a_late_letter(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator, state="closed")
    url = reverse("consultation:hearing_response_new", args=[hearing.slug])
    received = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    result = coordinator_client.post(
        url,
        {
            "channel": "letter",
            "received_at": received,
            "name": "Grete Brev",
            "email": "",
            "represents": "private",
            "subject": "Brev om skolen",
            "text": "Jeg skriver, fordi jeg ikke har en computer.",
            "publication": "with_name",
            "send_receipt": "on",
        },
    )
    assert result.status_code == 302
    response = HearingResponse.objects.get()
    assert response.channel == "letter" and response.is_late
    assert response.registered_by == coordinator
    assert not OutboundEmail.objects.exists()  # no address, no receipt
    html = coordinator_client.get(list_url(hearing, channel="letter")).content.decode()
    assert response.reference in html and "For sent" in html


def test_exports_stream_every_response_with_danish_headers(coordinator_client, hearing):
    submit(hearing, text='=HYPERLINK("http://x")')
    bulk_responses(hearing, 30)
    csv_response = coordinator_client.get(
        reverse("consultation:hearing_export", args=[hearing.slug, "csv"])
    )
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["Referencenummer", "Modtaget", "Kanal"]
    assert len(rows) == 31
    assert any(row[10] == '\'=HYPERLINK("http://x")' for row in rows)

    xlsx = coordinator_client.get(
        reverse("consultation:hearing_export", args=[hearing.slug, "xlsx"])
    )
    assert xlsx.streaming
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 31
    # The same cells as the CSV (an empty CSV field is an empty or missing cell).
    cells = cells_as_csv_text(sheet)
    assert cells == [row + [""] * (len(rows[0]) - len(row)) for row in rows]


def test_exports_are_for_the_coordinator(steering_client, hearing):
    url = reverse("consultation:hearing_export", args=[hearing.slug, "csv"])
    assert steering_client.get(url).status_code == 403
