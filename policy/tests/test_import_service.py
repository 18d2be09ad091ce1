import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forum.models import Forum
from policy.importer import read_terms
from policy.models import (
    Document,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    TermsImport,
)
from policy.services.imports import (
    ImportNotPending,
    default_options,
    import_terms,
    terms_import_cancel,
    terms_import_confirm,
    terms_import_start,
    terms_imports_expire,
)

from .import_builders import MARKDOWN_EXPORT, TEXT_EXPORT

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def seed_terms():
    return read_terms(name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), today=TODAY)


def test_it_creates_document_version_revision_groups_and_milestones(coordinator):
    coordinator.first_name, coordinator.last_name = "Mona Lykke", "Sørensen"
    coordinator.save()
    terms = seed_terms()
    options = default_options(terms)
    assert options.coordinator == coordinator  # linked by the name in the text
    outcome = import_terms(terms=terms, options=options, user=coordinator)

    document = Document.objects.get()
    assert (document.kind, document.journal_number, document.case_officer_email) == (
        Document.Kind.TERMS_OF_REFERENCE,
        "00.01.00-P22-4-23",
        "mls@ishoj.example",
    )
    version = document.current_version
    assert version.number == 1 and version.author == coordinator
    assert [s.heading for s in version.sections.all()] == [s.heading for s in terms.sections]
    revision = PolicyRevision.objects.get()
    assert revision.terms_of_reference == document
    assert revision.coordinator == coordinator
    assert revision.starts_on == datetime.date(2023, 10, 2)
    assert (revision.planned_adoption_on, revision.planned_adoption_precision) == (
        datetime.date(2024, 4, 1),
        "month",
    )
    assert list(revision.groups.values_list("name", "kind")) == [
        ("Styregruppen", "steering"),
        ("Projektgruppen", "project"),
    ]
    assert GroupMember.objects.filter(group__kind="steering").count() == 5
    assert GroupMember.objects.filter(group__kind="project").count() == 4
    milestones = list(revision.milestones.order_by("position"))
    assert len(milestones) == 8 == len(outcome.milestones)
    assert [m.date_precision for m in milestones].count("unset") == 2
    assert milestones[3].due_on == datetime.date(2024, 2, 29)  # month precision: month's end
    # History records who imported and from which file.
    reason = f"Importeret fra {TEXT_EXPORT.name}"
    assert revision.history.get().history_change_reason == reason
    assert Milestone.history.filter(history_user=coordinator).count() == 8
    assert GroupMember.history.filter(history_change_reason=reason).count() == 9


def test_a_forum_document_creates_the_forum_with_its_facts(coordinator):
    terms = read_terms(name=MARKDOWN_EXPORT.name, data=MARKDOWN_EXPORT.read_bytes(), today=TODAY)
    options = default_options(terms)
    assert (options.create_forum, options.create_revision) == (True, False)
    outcome = import_terms(terms=terms, options=options, user=coordinator)
    forum = Forum.objects.get()
    assert forum == outcome.forum
    assert (forum.mandate_start_year, forum.mandate_end_year) == (2022, 2025)
    assert forum.council_decision_on == datetime.date(2022, 3, 3)
    assert forum.council_case_number == "47"
    assert forum.terms_adopted_on == datetime.date(2022, 6, 14)
    assert forum.secretariat_unit == "Center for Børn og Unge"
    assert forum.terms_of_reference.status == Document.Status.ADOPTED
    assert not PolicyRevision.objects.exists()


def test_one_invalid_row_creates_nothing_at_all(coordinator):
    terms = seed_terms()
    terms.milestones[-1].date_precision = "day"
    terms.milestones[-1].starts_on = None  # a day precision without a date is invalid
    with pytest.raises(ValidationError):
        import_terms(terms=terms, options=default_options(terms), user=coordinator)
    for model in (Document, DocumentVersion, PolicyRevision, Group, GroupMember, Milestone):
        assert not model.objects.exists(), model


def test_an_invalid_journal_number_creates_nothing(coordinator):
    terms = seed_terms()
    terms.journal_number = "ikke et nummer"
    with pytest.raises(ValidationError):
        import_terms(terms=terms, options=default_options(terms), user=coordinator)
    assert not Document.objects.exists()


def test_confirming_twice_creates_once(coordinator):
    pending = terms_import_start(
        name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), user=coordinator, today=TODAY
    )
    assert pending.status == TermsImport.Status.PENDING and not Document.objects.exists()
    terms = seed_terms()
    terms_import_confirm(
        pending=pending, terms=terms, options=default_options(terms), user=coordinator
    )
    with pytest.raises(ImportNotPending):
        terms_import_confirm(
            pending=pending, terms=terms, options=default_options(terms), user=coordinator
        )
    pending.refresh_from_db()
    assert pending.status == TermsImport.Status.CONFIRMED
    assert pending.document == Document.objects.get()
    assert PolicyRevision.objects.count() == 1


def test_another_user_or_an_expired_import_cannot_be_confirmed(coordinator, superuser):
    pending = terms_import_start(
        name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), user=coordinator, today=TODAY
    )
    terms = seed_terms()
    with pytest.raises(ImportNotPending):
        terms_import_confirm(
            pending=pending, terms=terms, options=default_options(terms), user=superuser
        )
    TermsImport.objects.filter(pk=pending.pk).update(
        created_at=pending.created_at - TermsImport.LIFETIME - datetime.timedelta(minutes=1)
    )
    assert TermsImport.objects.expired().count() == 1
    with pytest.raises(ImportNotPending):
        terms_import_confirm(
            pending=pending, terms=terms, options=default_options(terms), user=coordinator
        )
    assert not Document.objects.exists()


def test_a_cancelled_import_creates_nothing_and_cannot_be_confirmed(coordinator):
    pending = terms_import_start(
        name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), user=coordinator, today=TODAY
    )
    terms_import_cancel(pending=pending, user=coordinator)
    terms = seed_terms()
    with pytest.raises(ImportNotPending):
        terms_import_confirm(
            pending=pending, terms=terms, options=default_options(terms), user=coordinator
        )
    assert not Document.objects.exists()
    assert TermsImport.history.filter(history_change_reason="Import annulleret").exists()


def test_expired_previews_end_and_forget_what_was_read_but_fresh_ones_stay(coordinator):
    old, fresh = (
        terms_import_start(
            name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), user=coordinator, today=TODAY
        )
        for _ in range(2)
    )
    assert "groups" in old.parsed
    TermsImport.objects.filter(pk=old.pk).update(
        created_at=old.created_at - TermsImport.LIFETIME - datetime.timedelta(minutes=1)
    )

    assert terms_imports_expire() == 1
    assert terms_imports_expire() == 0

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == TermsImport.Status.CANCELLED and old.parsed == {}
    assert fresh.status == TermsImport.Status.PENDING and "groups" in fresh.parsed


def test_the_named_coordinator_is_kept_without_a_matching_log_in(coordinator, client_for):
    """The preview showed her and the import dropped her ("Koordinator: –")."""
    terms = seed_terms()
    options = default_options(terms)
    assert options.coordinator is None  # nobody of that name can log in
    outcome = import_terms(terms=terms, options=options, user=coordinator)
    revision = outcome.revision
    assert revision.coordinator is None
    assert revision.coordinator_name == terms.coordinator_name != ""
    assert revision.coordinator_display.startswith(terms.coordinator_name)
    from django.urls import reverse

    page = client_for(coordinator).get(reverse("policy:revision_manage", args=[revision.slug]))
    assert terms.coordinator_name in page.content.decode()

    # Linked to a log-in later, her name stays as written.
    revision.coordinator = coordinator
    revision.save()
    assert revision.coordinator_name == terms.coordinator_name
