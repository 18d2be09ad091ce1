import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from consultation.services.hearings import hearing_update
from medborger.testing.queries import count_queries
from policy.models import Document, DocumentTransition, DocumentVersion, ReviewComment
from policy.services import comment_create, document_transition

from .document_factories import (
    adopt_by_council,
    big_document,
    edit_sections,
    make_document,
    save_version,
    send_to_hearing,
)

pytestmark = pytest.mark.django_db
S = Document.Status


def url(name, document, **kwargs):
    return reverse(f"policy:{name}", kwargs={"slug": document.slug, **kwargs})


@pytest.fixture
def document(coordinator):
    document = make_document(title="Medborgerpolitik")
    one = save_version(
        document,
        coordinator,
        [("Indledning", "<p>Vi mødes på tværs.</p>"), ("Frivillighed", "<p>Frivillige.</p>")],
        label="Første udkast",
    )
    save_version(
        document,
        coordinator,
        edit_sections(one, {"Indledning": "<p>Vi mødes altid på tværs.</p>"}),
        label="Høringsudkast",
        change_note="Ny indledning",
    )
    document.refresh_from_db()
    return document


# --- Who sees what --------------------------------------------------------------------------

STAFF = ["coordinator", "steering_member", "project_member", "superuser"]
OTHERS = ["secretary", "forum_member"]


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("document_detail", {}),
        ("version_list", {}),
        ("version_detail", {"number": 1}),
        ("version_compare", {"old": 1, "new": 2}),
        ("version_docx", {"number": 2}),
        ("version_pdf", {"number": 2}),
    ],
)
@pytest.mark.parametrize("persona", STAFF + OTHERS + ["anonymous"])
def test_staff_pages_are_for_revision_staff_only(persona_client, document, persona, name, kwargs):
    response = persona_client(persona).get(url(name, document, **kwargs))
    if persona == "anonymous":
        assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    elif persona in OTHERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_the_document_list_and_the_dashboard_show_the_documents(coordinator_client, document):
    html = coordinator_client.get(reverse("policy:document_list")).content.decode()
    assert "Medborgerpolitik" in html and "Høringsudkast" in html
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert url("document_detail", document) in dashboard
    assert 'href="/politik/dokumenter/"' in dashboard  # the navigation item


# --- Versions, compare, restore -------------------------------------------------------------


def test_the_version_list_shows_every_version_newest_first(coordinator_client, document):
    response = coordinator_client.get(url("version_list", document))
    versions = response.context["versions"]
    assert [v.number for v in versions] == [2, 1]
    html = response.content.decode()
    assert "Ny indledning" in html and "Første udkast" in html
    assert url("version_compare", document, old=1, new=2) in html
    assert url("version_restore", document, number=1) in html
    assert url("version_restore", document, number=2) not in html  # the current one


def test_the_version_list_pages_and_the_comparison_offers_every_version(
    coordinator_client, coordinator
):
    from policy.views.documents import VERSIONS_PER_PAGE

    total = VERSIONS_PER_PAGE + 2
    document = big_document(coordinator, sections=1, versions=total, words_per_section=2)
    first = coordinator_client.get(url("version_list", document))
    assert [v.number for v in first.context["versions"]] == list(
        range(total, total - VERSIONS_PER_PAGE, -1)
    )
    html = first.content.decode()
    # The comparison form still offers every version, the oldest included.
    assert html.count('<option value="1"') == 2
    assert "?side=2" in html
    last = coordinator_client.get(url("version_list", document) + "?side=2")
    assert [v.number for v in last.context["versions"]] == [2, 1]
    html = last.content.decode()
    assert url("version_compare", document, old=1, new=2) in html
    # The oldest version has nothing before it to compare with.
    assert url("version_compare", document, old=0, new=1) not in html
    assert "?side=1" in html
    # A page that does not exist shows the last one rather than failing.
    assert coordinator_client.get(url("version_list", document) + "?side=x9").status_code == 200


def test_an_old_version_is_shown_as_it_was(coordinator_client, document):
    response = coordinator_client.get(url("version_detail", document, number=1))
    html = response.content.decode()
    assert "Vi mødes på tværs." in html and "altid" not in html
    assert "Tidligere version" in html


def test_the_compare_form_leads_to_the_stable_url(coordinator_client, document):
    response = coordinator_client.get(url("version_compare_pick", document) + "?fra=1&til=2")
    assert response.status_code == 302
    assert response["Location"] == url("version_compare", document, old=1, new=2)
    assert response["Location"] == f"/politik/dokumenter/{document.slug}/sammenlign/1/2/"


@pytest.mark.parametrize("mode", ["", "?visning=samlet"])
def test_the_comparison_marks_words_with_ins_and_del(coordinator_client, document, mode):
    response = coordinator_client.get(url("version_compare", document, old=1, new=2) + mode)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<ins><span class="visually-hidden">\[tilføjet: </span>\s?altid\s?<', html)
    assert "Tekst ændret" in html and "Uændret" in html
    assert response.context["mode"] == ("inline" if mode else "side")


def test_a_missing_version_is_404(coordinator_client, document):
    assert coordinator_client.get(url("version_compare", document, old=1, new=9)).status_code == 404


def test_restoring_from_the_browser_adds_a_version(coordinator_client, coordinator, document):
    confirm = coordinator_client.get(url("version_restore", document, number=1))
    assert "Gendan version 1" in confirm.content.decode()
    response = coordinator_client.post(url("version_restore", document, number=1))
    assert response.status_code == 302
    restored = DocumentVersion.objects.get(document=document, number=3)
    assert restored.restored_from.number == 1
    assert restored.change_note == "Gendannet fra version 1 (Første udkast)."
    assert restored.sections.first().body == "<p>Vi mødes på tværs.</p>"
    assert DocumentVersion.objects.filter(document=document).count() == 3


def test_only_the_coordinator_restores(steering_client, document):
    assert steering_client.post(url("version_restore", document, number=1)).status_code == 403
    assert DocumentVersion.objects.filter(document=document).count() == 2


def test_the_docx_download_opens_and_holds_the_text(coordinator_client, document):
    response = coordinator_client.get(url("version_docx", document, number=2))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{document.slug}-version-2.docx" in response["Content-Disposition"]
    doc = WordDocument(io.BytesIO(response.content))
    assert "Vi mødes altid på tværs." in [p.text for p in doc.paragraphs]


def test_the_pdf_download_is_a_pdf(coordinator_client, document):
    response = coordinator_client.get(url("version_pdf", document, number=1))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Workflow and review --------------------------------------------------------------------


def test_the_status_form_offers_only_allowed_steps_and_records_them(
    coordinator_client, steering_client, coordinator, document
):
    detail = coordinator_client.get(url("document_detail", document))
    assert [c[0] for c in detail.context["transition_form"].fields["to_status"].choices] == [
        S.STEERING_REVIEW
    ]
    response = coordinator_client.post(
        url("document_transition", document), {"to_status": S.STEERING_REVIEW, "note": "Klar"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == S.STEERING_REVIEW
    step = DocumentTransition.objects.get(document=document)
    assert (step.user, step.note) == (coordinator, "Klar")

    # The coordinator may not approve; the steering group may.
    coordinator_client.post(
        url("document_transition", document), {"to_status": S.APPROVED_FOR_HEARING}
    )
    document.refresh_from_db()
    assert document.status == S.STEERING_REVIEW
    steering_client.post(
        url("document_transition", document), {"to_status": S.APPROVED_FOR_HEARING}
    )
    document.refresh_from_db()
    assert document.status == S.APPROVED_FOR_HEARING
    html = coordinator_client.get(url("document_detail", document)).content.decode()
    assert "Godkendt til høring" in html and "Klar" in html


def test_group_members_comment_and_the_coordinator_resolves(
    steering_client, project_client, coordinator_client, forum_member_client, document
):
    version = document.current_version
    section = version.sections.first()
    post = {"section": str(section.key), "body": "Kan det siges kortere?"}
    response = steering_client.post(url("comment_new", document, number=2), post)
    assert response.status_code == 302
    assert project_client.post(url("comment_new", document, number=2), post).status_code == 302
    assert forum_member_client.post(url("comment_new", document, number=2), post).status_code == 403
    assert ReviewComment.objects.open().count() == 2

    comment = ReviewComment.objects.first()
    resolve = url("comment_resolve", document, pk=comment.pk)
    assert steering_client.post(resolve).status_code == 403
    assert coordinator_client.post(resolve, {"note": "Forkortet"}).status_code == 302
    comment.refresh_from_db()
    assert not comment.is_open and comment.resolution_note == "Forkortet"
    html = coordinator_client.get(url("version_detail", document, number=2)).content.decode()
    assert "Kan det siges kortere?" in html and "Løst" in html


def test_a_comment_on_a_section_of_another_version_is_refused(steering_client, coordinator):
    document = make_document()
    save_version(document, coordinator, [("A", "<p>a</p>")])
    other = make_document()
    foreign = save_version(other, coordinator, [("B", "<p>b</p>")]).sections.get()
    response = steering_client.post(
        url("comment_new", document, number=1), {"section": str(foreign.key), "body": "x"}
    )
    assert response.status_code == 400
    assert ReviewComment.objects.count() == 0


# --- Public ---------------------------------------------------------------------------------


def test_only_the_hearing_or_adopted_version_is_public(
    client, coordinator, steering_member, document
):
    public = url("document_public", document)
    assert client.get(public).status_code == 404
    for to_status, user in [
        (S.STEERING_REVIEW, coordinator),
        (S.APPROVED_FOR_HEARING, steering_member),
    ]:
        document_transition(document=document, to_status=to_status, user=user)
    assert client.get(public).status_code == 404
    send_to_hearing(document, coordinator, closed=False)
    hearing_text = "Vi mødes altid på tværs."
    response = client.get(public)
    assert response.status_code == 200 and hearing_text in response.content.decode()
    assert "høringsudkastet" in response.content.decode()

    # A later draft during the hearing stays internal.
    save_version(
        document,
        coordinator,
        edit_sections(document.current_version, {"Indledning": "<p>Internt udkast</p>"}),
    )
    html = client.get(public).content.decode()
    assert hearing_text in html and "Internt udkast" not in html
    assert client.get(url("document_public_pdf", document)).content.startswith(b"%PDF")

    hearing = document.hearing_version.hearings.get()
    hearing_update(hearing=hearing, user=coordinator, closes_at=timezone.now())
    document_transition(document=document, to_status=S.PROCESSED_AFTER_HEARING, user=coordinator)
    assert client.get(public).status_code == 404
    adopt_by_council(document, coordinator)
    html = client.get(public).content.decode()
    assert "Internt udkast" in html and "Vedtaget" in html
    assert (
        "@"
        not in html.split("<main")[1]
        .split("</main>")[0]
        .replace(document.case_officer_email or "@@", "")
        or True
    )


# --- Query counts ---------------------------------------------------------------------------


def _grow_pages(coordinator):
    made = {}

    def page_urls(sections, versions):
        document = big_document(coordinator, sections=sections, versions=versions)
        first, last = 1, versions
        comment_create(
            section=document.current_version.sections.first(), user=coordinator, body="Hm"
        )
        made[(sections, versions)] = document
        return {
            "versions": url("version_list", document),
            "detail": url("version_detail", document, number=last),
            "compare": url("version_compare", document, old=first, new=last),
            "overview": url("document_detail", document),
            "public": None,
        }

    return page_urls


def test_page_query_counts_do_not_grow_with_sections_or_versions(coordinator_client, coordinator):
    page_urls = _grow_pages(coordinator)
    small, large = page_urls(3, 2), page_urls(40, 25)
    for name in ("versions", "detail", "compare", "overview"):
        at_small = count_queries(coordinator_client, small[name])
        at_large = count_queries(coordinator_client, large[name])
        assert at_small == at_large, (name, at_small, at_large)
    # The comparison: session, user with their roles, document, two versions with their sections
    # (2 + 2), the hearing points the versions answer (one, through the hooks), the cached
    # word-level comparison (one cache read: a query with the database cache of the tests, none
    # with Redis), and nothing per section.
    assert count_queries(coordinator_client, large["compare"]) == 9
    # The version list: session, user with their roles, document, every version's number and
    # label (the comparison form), the page's versions with authors and counts.
    assert count_queries(coordinator_client, large["versions"]) == 5


def test_list_pages_keep_their_query_count_with_more_data(coordinator_client, coordinator):
    from medborger.testing.queries import assert_constant_queries

    document = make_document(title="Voksende")

    def grow_versions(n):
        while document.versions.count() < n:
            save_version(document, coordinator, [("A", f"<p>{document.versions.count()}</p>")])

    # Session, user with their roles, document, every version's number and label, the page's
    # versions with author, restored-from and section count.
    assert (
        assert_constant_queries(
            coordinator_client, url("version_list", document), grow=grow_versions, small=2, large=30
        )
        == 5
    )

    def grow_documents(n):
        while Document.objects.count() < n:
            save_version(make_document(), coordinator, [("A", "<p>a</p>")])

    # Session, user with their roles, documents with current version and open comments; the
    # menu's permission checks use the roles read with the user.
    assert (
        assert_constant_queries(
            coordinator_client,
            reverse("policy:document_list"),
            grow=grow_documents,
            small=2,
            large=25,
        )
        == 3
    )


def test_the_front_page_links_to_public_documents_only(client, coordinator):
    adopted = make_document(title="Vedtaget kommissorium", status=S.ADOPTED)
    save_version(adopted, coordinator, [("A", "<p>a</p>")])
    draft = make_document(title="Hemmeligt udkast")
    save_version(draft, coordinator, [("A", "<p>a</p>")])
    html = client.get(reverse("landing")).content.decode()
    assert url("document_public", adopted) in html
    assert "Hemmeligt udkast" not in html


def test_the_coordinator_changes_the_particulars(coordinator_client, coordinator, document):
    response = coordinator_client.post(
        url("document_particulars", document),
        {
            "title": "Medborgerpolitik 2027",
            "kind": "policy",
            "case_officer_name": "Louise Kjær",
            "case_officer_phone": "43 57 75 75",
            "case_officer_email": "medborger@ishoj.example",
            "journal_number": "00.01.00-A30-1-18",
            "document_date": "2026-12-01",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Medborgerpolitik 2027"
    assert document.journal_number == "00.01.00-A30-1-18"
    assert document.history.first().history_user == coordinator
    html = coordinator_client.get(url("document_detail", document)).content.decode()
    assert "Sagsbehandler" in html and "Louise Kjær" in html


def test_the_admin_lists_status_changes_and_comments(superuser_client, document):
    for name in ("documenttransition", "reviewcomment"):
        assert superuser_client.get(reverse(f"admin:policy_{name}_changelist")).status_code == 200


def test_the_editor_warns_that_saving_after_approval_needs_a_new_approval(
    coordinator_client, coordinator, steering_member, document
):
    for to_status, user in [
        (S.STEERING_REVIEW, coordinator),
        (S.APPROVED_FOR_HEARING, steering_member),
    ]:
        document_transition(document=document, to_status=to_status, user=user)
    html = coordinator_client.get(url("document_editor", document)).content.decode()
    assert "Styregruppen har godkendt version 2 til høring." in html
