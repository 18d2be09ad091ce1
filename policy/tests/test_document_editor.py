import pytest
from django.urls import reverse

from medborger.testing.queries import count_queries
from policy.forms.documents import MAX_SECTION_CHARS
from policy.models import Document, DocumentVersion, Section

from .document_factories import big_document, make_document, save_version

pytestmark = pytest.mark.django_db


def editor_url(document):
    return reverse("policy:document_editor", kwargs={"slug": document.slug})


def form_data(rows, *, base, label="", change_note="", **extra):
    """POST data as the editor sends it; rows are (key, heading, body) or dicts."""
    data = {
        "sections-TOTAL_FORMS": str(len(rows)),
        "sections-INITIAL_FORMS": str(len(rows)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "300",
        "base_number": "" if base is None else str(base),
        "label": label,
        "change_note": change_note,
    }
    for index, row in enumerate(rows):
        key, heading, body = row
        data[f"sections-{index}-key"] = str(key or "")
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = body
        data[f"sections-{index}-position"] = str(index)
    data.update(extra)
    return data


def rows_of(version):
    return [(s.key, s.heading, s.body) for s in version.sections.all()]


@pytest.fixture
def document(coordinator):
    document = make_document(title="Medborgerpolitik")
    save_version(
        document,
        coordinator,
        [("Indledning", "<p>Hej</p>"), ("Fællesskaber", "<p>Sammen</p>")],
    )
    document.refresh_from_db()
    return document


def test_the_editor_shows_every_section_with_a_textarea_for_the_html(coordinator_client, document):
    response = coordinator_client.get(editor_url(document))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sections-0-heading"' in html and 'value="Indledning"' in html
    assert "&lt;p&gt;Sammen&lt;/p&gt;</textarea>" in html
    assert 'name="base_number" value="1"' in html
    assert "Flyt op" in html and "Flyt ned" in html
    assert "vendor/tiptap/tiptap.min.js" in html


def test_saving_makes_a_new_version_with_label_note_and_sanitised_text(
    coordinator_client, coordinator, document
):
    (k1, h1, _b1), (k2, h2, b2) = rows_of(document.current_version)
    response = coordinator_client.post(
        editor_url(document),
        form_data(
            [
                (k1, h1, '<p onclick="steal()">Ny tekst<script>alert(1)</script></p>'),
                (k2, h2, b2 + '<p><a href="javascript:alert(1)">klik</a></p>'),
                ("", "Frivillighed", "<ul><li>Et</li></ul>"),
            ],
            base=1,
            label="Udkast til styregruppen",
            change_note="Ny indledning",
        ),
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document=document, number=2)
    assert version.author == coordinator
    assert (version.label, version.change_note) == ("Udkast til styregruppen", "Ny indledning")
    sections = list(version.sections.all())
    assert [s.heading for s in sections] == ["Indledning", "Fællesskaber", "Frivillighed"]
    assert sections[0].body == "<p>Ny tekst</p>"
    assert "javascript" not in sections[1].body and "<a" in sections[1].body
    assert sections[0].key == k1 and sections[1].key == k2
    assert version.history.get().history_user == coordinator
    assert Section.history.filter(version_id=version.pk).count() == 3


def test_sections_are_reordered_and_removed_by_position_and_delete(coordinator_client, document):
    (k1, h1, b1), (k2, h2, b2) = rows_of(document.current_version)
    data = form_data([(k1, h1, b1), (k2, h2, b2)], base=1)
    data["sections-0-position"], data["sections-1-position"] = "1", "0"
    response = coordinator_client.post(editor_url(document), data)
    assert response.status_code == 302
    assert [
        s.key for s in DocumentVersion.objects.get(number=2, document=document).sections.all()
    ] == [k2, k1]

    data = form_data([(k2, h2, b2), (k1, h1, b1)], base=2, **{"sections-1-DELETE": "on"})
    coordinator_client.post(editor_url(document), data)
    assert [
        s.key for s in DocumentVersion.objects.get(number=3, document=document).sections.all()
    ] == [k2]


def test_without_javascript_move_and_add_rearrange_the_form_without_saving(
    coordinator_client, document
):
    (k1, h1, b1), (k2, h2, _b2) = rows_of(document.current_version)
    typed = "<p>Skrevet, ikke gemt</p>"
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), (k2, h2, typed)], base=1, move="1:up")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('value="Fællesskaber"') < html.index('value="Indledning"')
    assert "Skrevet, ikke gemt" in html
    assert "Intet er gemt endnu" in html
    assert DocumentVersion.objects.filter(document=document).count() == 1

    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), (k2, h2, typed)], base=1, add_section="1")
    )
    assert response.context["formset"].total_form_count() == 3
    assert DocumentVersion.objects.filter(document=document).count() == 1


def refused(response, field_errors_text):
    assert response.status_code == 200
    assert field_errors_text in response.content.decode()


@pytest.mark.parametrize(
    ("heading", "body", "message"),
    [
        ("", "<p>Tekst uden overskrift</p>", "Skriv en overskrift til afsnittet."),
        ("x" * 301, "<p>Lang overskrift</p>", "Overskriften må højst være på 300 tegn"),
        ("Kæmpe", "<p>" + "ord " * (MAX_SECTION_CHARS // 4 + 10) + "</p>", "Teksten er for lang"),
    ],
)
def test_bad_sections_get_a_danish_message_and_keep_what_was_typed(
    coordinator_client, document, heading, body, message
):
    (k1, h1, b1), _second = rows_of(document.current_version)
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), ("", heading, body)], base=1)
    )
    refused(response, message)
    form = response.context["formset"].forms[1]
    assert form["heading"].value() == heading
    assert form["body"].value() == body
    assert 'aria-invalid="true"' in response.content.decode()
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_duplicate_headings_are_refused_next_to_both_fields(coordinator_client, document):
    (k1, h1, b1), (k2, _h2, b2) = rows_of(document.current_version)
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), (k2, " indledning ", b2)], base=1)
    )
    refused(response, "Et andet afsnit hedder også")
    forms = response.context["formset"].forms
    assert forms[0].has_error("heading") and forms[1].has_error("heading")
    assert DocumentVersion.objects.filter(document=document).count() == 1


@pytest.mark.parametrize(
    ("body", "message", "repaired"),
    [
        (
            '<p class="MsoNormal">Indsat<o:p></o:p> <span style="mso-bidi-font-size:11pt">'
            "fra Word</span></p>",
            "indsat fra Word",
            "<p>Indsat <span>fra Word</span></p>",
        ),
        (
            "<p>Åben <strong>fed tekst</p><p>videre",
            "ødelagt HTML",
            "<p>Åben <strong>fed tekst</strong></p><p><strong>videre</strong></p>",
        ),
    ],
)
def test_word_markup_and_broken_html_are_repaired_shown_and_saved_on_the_next_try(
    coordinator_client, document, body, message, repaired
):
    (k1, h1, _b1), (k2, h2, b2) = rows_of(document.current_version)
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, body), (k2, h2, b2)], base=1)
    )
    refused(response, message)
    shown = response.context["formset"].forms[0]["body"].value()
    assert shown == repaired
    assert DocumentVersion.objects.filter(document=document).count() == 1

    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, shown), (k2, h2, b2)], base=1)
    )
    assert response.status_code == 302
    assert document.versions.get(number=2).sections.first().body == repaired


def test_a_section_of_another_document_is_refused(coordinator_client, coordinator, document):
    other = make_document(title="Andet")
    foreign = save_version(other, coordinator, [("Fremmed", "<p>x</p>")]).sections.get().key
    (k1, h1, b1), _second = rows_of(document.current_version)
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), (foreign, "Fremmed", "<p>Mit</p>")], base=1)
    )
    assert response.status_code == 400
    assert "Formularen passer ikke til dette dokument" in response.content.decode()
    assert "&lt;p&gt;Mit&lt;/p&gt;" in response.content.decode()
    assert DocumentVersion.objects.filter(document=document).count() == 1


@pytest.mark.parametrize("key", ["ikke-en-uuid", "SAME"])
def test_malformed_or_repeated_section_identities_are_refused(coordinator_client, document, key):
    (k1, h1, b1), (k2, h2, b2) = rows_of(document.current_version)
    second_key = k1 if key == "SAME" else key
    response = coordinator_client.post(
        editor_url(document), form_data([(k1, h1, b1), (second_key, h2, b2)], base=1)
    )
    assert response.status_code == 400
    assert DocumentVersion.objects.filter(document=document).count() == 1


@pytest.mark.parametrize("base", ["7", "0", "abc"])
def test_a_version_number_that_does_not_exist_is_refused(coordinator_client, document, base):
    rows = rows_of(document.current_version)
    data = form_data(rows, base=1)
    data["base_number"] = base
    response = coordinator_client.post(editor_url(document), data)
    assert response.status_code == 400
    assert "Formularen passer ikke til dette dokument" in response.content.decode()
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_a_form_without_its_management_data_is_refused(coordinator_client, document):
    response = coordinator_client.post(editor_url(document), {"base_number": "1"})
    assert response.status_code == 400
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_two_editors_never_overwrite_each_other_silently(
    client_for, coordinator, make_user, document
):
    from medborger.roles import Role

    other = make_user(Role.COORDINATOR, username="anden-koordinator")
    alice, bob = client_for(coordinator), client_for(other)
    # Both open the editor on version 1.
    assert alice.get(editor_url(document)).context["meta_form"]["base_number"].value() == 1
    assert bob.get(editor_url(document)).context["meta_form"]["base_number"].value() == 1
    (k1, h1, _b1), (k2, h2, b2) = rows_of(document.current_version)

    bob_saves = bob.post(
        editor_url(document), form_data([(k1, h1, "<p>Bobs tekst</p>"), (k2, h2, b2)], base=1)
    )
    assert bob_saves.status_code == 302

    alice_text = "<p>Alices tekst</p>"
    conflict = alice.post(
        editor_url(document),
        form_data([(k1, h1, b2), (k2, h2, alice_text)], base=1, change_note="Min rettelse"),
    )
    # Refused: version 2 (Bob's) stays the newest, and Alice's text comes back to her.
    assert conflict.status_code == 409
    assert DocumentVersion.objects.filter(document=document).count() == 2
    document.refresh_from_db()
    assert document.current_version.sections.first().body == "<p>Bobs tekst</p>"
    html = conflict.content.decode()
    assert "En anden har gemt dokumentet" in html
    assert "Bobs" in html and "Alices" in html  # their changes and yours
    assert "&lt;p&gt;Alices tekst&lt;/p&gt;" in html  # the text, ready to save again
    assert conflict.context["meta_form"]["base_number"].value() == 2
    assert conflict.context["meta_form"]["change_note"].value() == "Min rettelse"

    # Alice re-applies her text on top of Bob's version: both are kept.
    resent = form_data([(k1, h1, b2), (k2, h2, alice_text)], base=2)
    assert alice.post(editor_url(document), resent).status_code == 302
    bodies = {
        v.number: [s.body for s in v.sections.all()]
        for v in DocumentVersion.objects.filter(document=document)
    }
    assert bodies[2][0] == "<p>Bobs tekst</p>"
    assert bodies[3][1] == alice_text


@pytest.mark.parametrize("persona", ["steering_member", "project_member", "secretary"])
def test_only_the_coordinator_may_edit(persona_client, document, persona):
    client = persona_client(persona)
    assert client.get(editor_url(document)).status_code == 403
    rows = rows_of(document.current_version)
    assert client.post(editor_url(document), form_data(rows, base=1)).status_code == 403
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, document):
    response = client.get(editor_url(document))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_a_new_document_gets_its_first_version_from_the_editor(coordinator_client):
    response = coordinator_client.post(
        reverse("policy:document_new"),
        {
            "title": "Kommissorium for forum",
            "kind": "terms_of_reference",
            "journal_number": "00.01.00-A30-1-18",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(slug="kommissorium-for-forum")
    response = coordinator_client.post(
        editor_url(document), form_data([("", "Formål", "<p>Et forum</p>")], base=None)
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version.number == 1


def test_a_bad_journal_number_is_refused_in_danish(coordinator_client):
    response = coordinator_client.post(
        reverse("policy:document_new"), {"title": "X", "kind": "policy", "journal_number": "123"}
    )
    assert response.status_code == 200
    assert "KLE-form" in response.content.decode()


def test_the_editor_shows_open_review_comments(coordinator_client, steering_member, document):
    from policy.services import comment_create

    section = document.current_version.sections.first()
    comment_create(section=section, user=steering_member, body="Uddyb venligst")
    html = coordinator_client.get(editor_url(document)).content.decode()
    assert "Uddyb venligst" in html
    assert "1 åben intern kommentar" in html


def test_the_editor_query_count_does_not_grow_with_sections_or_versions(
    coordinator_client, coordinator
):
    documents = {}

    def grow(n):
        documents[n] = big_document(coordinator, sections=n, versions=max(2, n // 5))

    # Session, user with their roles, the document (once: the permission check hands it to the
    # view), sections of the current version, open comments, the hearing points still open beside
    # each section (one, through the hooks); the known section keys are never needed for a GET.
    small = 5
    grow(small)
    count_small = count_queries(coordinator_client, editor_url(documents[small]))
    grow(60)
    count_large = count_queries(coordinator_client, editor_url(documents[60]))
    assert count_small == count_large == 6


# --- The rows of an unchanged version come from the cache (issue 15) --------------------------


def test_the_rows_are_built_once_per_version_and_a_new_version_shows_at_once(
    coordinator_client, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    from policy import editor_rows
    from policy.services import comment_create

    with django_capture_on_commit_callbacks(execute=True):
        document = big_document(coordinator, sections=5, versions=2)
    builds = []
    parts = editor_rows.SectionRows.parts
    monkeypatch.setattr(
        editor_rows.SectionRows, "parts", lambda *a, **k: builds.append(1) or parts(*a, **k)
    )
    first = coordinator_client.get(editor_url(document)).content.decode()
    built = len(builds)
    second = coordinator_client.get(editor_url(document)).content.decode()
    # The second visit builds only the empty row the page's script copies; the sections' rows
    # are the cached ones.
    assert len(builds) == built + 1
    assert first.split("<div data-sections>")[1] == second.split("<div data-sections>")[1]

    # A review comment is not cached: it shows at once beside its section.
    section = document.current_version.sections.first()
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(section=section, user=coordinator, body="Skal uddybes her")
    assert "Skal uddybes her" in coordinator_client.get(editor_url(document)).content.decode()

    # A new version: its rows are built and shown.
    current = document.current_version
    rows = rows_of(current)
    rows[0] = (rows[0][0], "En helt ny overskrift", rows[0][2])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            editor_url(document), form_data(rows, base=current.number)
        )
    assert response.status_code == 302
    html = coordinator_client.get(editor_url(document)).content.decode()
    assert 'value="En helt ny overskrift"' in html


def test_the_cached_editor_makes_the_same_queries_at_any_size(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    documents = {}
    counts = []
    for n in (5, 60):
        with django_capture_on_commit_callbacks(execute=True):
            documents[n] = big_document(coordinator, sections=n, versions=max(2, n // 5))
        coordinator_client.get(editor_url(documents[n]))  # builds the rows
        counts.append(count_queries(coordinator_client, editor_url(documents[n])))
    # Session, user with their roles, the document, the cached rows (one query of the database
    # cache: the stamp and the rows), open comments, the hearing points beside the sections.
    assert counts == [6, 6]
