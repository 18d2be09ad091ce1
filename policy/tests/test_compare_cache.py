"""The comparison page reads its word-level part from the cache: never stale, per language."""

import re

import pytest
from django.urls import reverse

from policy import compare
from policy.models import Document, Section

from .document_factories import edit_sections, make_document, save_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(coordinator):
    document = make_document(title="Medborgerpolitik")
    one = save_version(
        document,
        coordinator,
        [("Indledning", "<p>Vi mødes på tværs.</p>"), ("Frivillighed", "<p>Frivillige.</p>")],
    )
    save_version(
        document, coordinator, edit_sections(one, {"Indledning": "<p>Vi mødes altid på tværs.</p>"})
    )
    document.refresh_from_db()
    return document


def _compare(client, document: Document, old: int, new: int, mode: str = "") -> str:
    url = reverse("policy:version_compare", args=[document.slug, old, new]) + mode
    response = client.get(url)
    assert response.status_code == 200
    # The logout form's token differs from request to request.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.fixture
def diffs(monkeypatch):
    """Counts the word-level comparisons actually computed."""
    calls = []
    real = compare.diff_words

    def counting(old, new):
        calls.append((old, new))
        return real(old, new)

    monkeypatch.setattr(compare, "diff_words", counting)
    return calls


@pytest.mark.parametrize("mode", ["", "?visning=samlet"])
def test_the_second_visit_reads_the_same_comparison_from_the_cache(
    coordinator_client, document, diffs, mode
):
    first = _compare(coordinator_client, document, 1, 2, mode)
    computed = len(diffs)
    assert computed > 0
    second = _compare(coordinator_client, document, 1, 2, mode)
    assert len(diffs) == computed  # nothing computed again
    assert second == first
    assert "altid" in second and "<ins>" in second


def test_a_changed_text_shows_at_the_next_visit(coordinator_client, document):
    # No code edits a section in place (a save makes a new version), but the cache does not rely
    # on it: its key is made of the texts compared.
    assert "altid" in _compare(coordinator_client, document, 1, 2)
    Section.objects.filter(version=document.current_version, heading="Indledning").update(
        body="<p>Vi mødes ofte på tværs.</p>"
    )
    html = _compare(coordinator_client, document, 1, 2)
    assert "ofte" in html and "altid" not in html


def test_a_new_version_from_the_editor_shows_in_its_comparison(
    coordinator_client, coordinator, document
):
    assert "altid" in _compare(coordinator_client, document, 1, 2)
    save_version(
        document,
        coordinator,
        edit_sections(document.current_version, {"Frivillighed": "<p>Mange frivillige.</p>"}),
    )
    html = _compare(coordinator_client, document, 1, 3)
    assert "Mange" in html and "altid" in html
    assert "Mange" not in _compare(coordinator_client, document, 1, 2)


def test_the_cached_comparison_is_kept_per_language(coordinator_client, document):
    assert "[tilføjet: " in _compare(coordinator_client, document, 1, 2)
    coordinator_client.cookies["django_language"] = "en"
    html = _compare(coordinator_client, document, 1, 2)
    assert "[added: " in html and "tilføjet" not in html
