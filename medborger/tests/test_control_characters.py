"""No control character reaches a form, the database or an export."""

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document as WordDocument

from consultation.models import SignUp
from consultation.services.events import SIGNUP_FORM, signup_confirm
from consultation.tests.event_factories import EventFactory, SignUpFactory
from medborger.exports import spreadsheet_safe
from medborger.testing.public_forms import proof_of_work
from medborger.text import export_text, strip_control_characters
from policy.tests.document_factories import make_document, save_version

pytestmark = pytest.mark.django_db


def test_control_characters_go_and_tabs_and_line_breaks_stay():
    assert strip_control_characters("a\x00b\x01c\x1fd\x7fe\ufffff\tg\nh\ri") == "abcdef\tg\nh\ri"
    assert export_text(5) == 5
    assert spreadsheet_safe("=\x01SUM(A1)") == "'=SUM(A1)"


def test_a_sign_up_with_u0001_is_stored_clean_and_the_xlsx_export_opens(client, coordinator_client):
    event = EventFactory(capacity=None)
    response = client.post(
        reverse("consultation:event_detail", args=[event.pk]),
        {
            "name": "Anna\x01 Borger\x00",
            "email": "anna@example.org",
            "organisation": "For\x0beningen",
            "interpreter_language": "",
            "needs_other": "",
            "consent": "on",
            "website": "",
            "altcha": proof_of_work(SIGNUP_FORM),
        },
    )
    assert response.status_code == 302
    signup = signup_confirm(signup=SignUp.objects.get())
    assert signup.name == "Anna Borger"
    assert signup.organisation == "Foreningen"
    export = coordinator_client.get(reverse("consultation:event_attendees_xlsx", args=[event.pk]))
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert sheet["B2"].value == "Anna Borger"


def test_the_xlsx_export_defends_itself_against_text_stored_earlier(coordinator_client):
    event = EventFactory(capacity=None)
    SignUpFactory(event=event, name="Tove\x01 Hansen")
    export = coordinator_client.get(reverse("consultation:event_attendees_xlsx", args=[event.pk]))
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert sheet["B2"].value == "Tove Hansen"


def test_the_word_export_of_a_section_with_u0001_opens(coordinator, coordinator_client):
    document = make_document(title="Medborger\x01politik")
    version = save_version(document, coordinator, [("Formål\x01", "<p>Tekst\x01 her\x00.</p>")])
    response = coordinator_client.get(
        reverse("policy:version_docx", args=[document.slug, version.number])
    )
    assert response.status_code == 200
    word = WordDocument(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "Medborgerpolitik" in texts and "Formål" in texts and "Tekst her." in texts


def test_a_nul_byte_in_the_attendee_search_is_no_server_error(coordinator_client):
    event = EventFactory(capacity=None)
    SignUpFactory(event=event, name="Tove Hansen")
    url = reverse("consultation:event_attendees", args=[event.pk])
    response = coordinator_client.get(url, {"q": "To\x00ve"})
    assert response.status_code == 200
    assert "Tove Hansen" in response.content.decode()


def test_every_query_parameter_and_posted_field_arrives_without_control_characters(rf):
    from medborger.text import InputTextMiddleware

    seen = {}

    def view(request):
        seen["get"] = request.GET.getlist("q")
        seen["post"] = dict(request.POST.lists())
        return None

    middleware = InputTextMiddleware(lambda request: view(request))
    request = rf.post("/?q=a%00b&q=c%01", {"felt\x02": ["x\x00y", "z"]})
    middleware.process_view(request, view, (), {})
    middleware(request)
    assert seen == {"get": ["ab", "c"], "post": {"felt": ["xy", "z"]}}
