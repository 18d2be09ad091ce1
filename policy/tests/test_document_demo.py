import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from policy.compare import compare_versions
from policy.models import Document, ReviewComment

pytestmark = pytest.mark.django_db


def test_the_demo_has_terms_of_reference_and_a_policy_with_drafts_to_compare(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    terms = Document.objects.get(slug="kommissorium-medborgerpolitik")
    assert terms.status == Document.Status.ADOPTED
    assert terms.adopted_version.is_frozen
    # Approved by the committee, never "in hearing" without a hearing.
    assert not terms.transitions.filter(to_status=Document.Status.IN_HEARING).exists()
    assert client.get(reverse("policy:document_public", args=[terms.slug])).status_code == 200

    policy = Document.objects.get(slug="medborgerpolitik")
    versions = list(policy.versions.order_by("number"))
    assert len(versions) >= 4
    assert "Høringsudkast" in [v.label for v in versions]
    assert policy.status == Document.Status.APPROVED_FOR_HEARING
    assert policy.approved_version == policy.current_version
    summary = compare_versions(versions[0], versions[-1]).summary
    assert summary["renamed"] == 1 and summary["moved"] >= 1 and summary["added"] == 1
    assert ReviewComment.objects.filter(document=policy).open().count() == 1
    assert ReviewComment.objects.filter(document=policy).resolved().count() == 1
