"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .dashboard import PROCESS_STAMP
from .editor_rows import EDITOR_ROWS_STAMP
from .hooks import LANDING_STAMP
from .models import (
    Decision,
    DecisionAttachment,
    Document,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Section,
    Stakeholder,
    Task,
)
from .process_rows import REVISION_PAGE_STAMP


@receiver(post_save, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-saved")
@receiver(post_delete, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-deleted")
@receiver(post_save, sender=Milestone, dispatch_uid="policy-stamp-milestone-saved")
@receiver(post_delete, sender=Milestone, dispatch_uid="policy-stamp-milestone-deleted")
def timelines_changed(sender, **kwargs):
    """The front page's windows of the revisions' timelines, and the dashboard's revisions."""
    stamps.bump(LANDING_STAMP, stamps.FRONT_PAGE, PROCESS_STAMP)


@receiver(post_save, sender=Document, dispatch_uid="policy-stamp-document-saved")
@receiver(post_delete, sender=Document, dispatch_uid="policy-stamp-document-deleted")
@receiver(post_save, sender=DocumentVersion, dispatch_uid="policy-stamp-version-saved")
@receiver(post_delete, sender=DocumentVersion, dispatch_uid="policy-stamp-version-deleted")
def documents_changed(sender, **kwargs):
    """The front page's public documents: their titles, states and whether they have a
    version citizens may read (deleting a version clears the document's link to it without
    saving the document)."""
    stamps.bump(stamps.FRONT_PAGE)


@receiver(post_save, sender=Group, dispatch_uid="policy-stamp-group-saved")
@receiver(post_delete, sender=Group, dispatch_uid="policy-stamp-group-deleted")
@receiver(post_save, sender=GroupMember, dispatch_uid="policy-stamp-member-saved")
@receiver(post_delete, sender=GroupMember, dispatch_uid="policy-stamp-member-deleted")
@receiver(post_save, sender=Task, dispatch_uid="policy-stamp-task-saved")
@receiver(post_delete, sender=Task, dispatch_uid="policy-stamp-task-deleted")
def process_changed(sender, **kwargs):
    """The dashboard's groups, milestones' responsible groups, tasks and their owners."""
    stamps.bump(PROCESS_STAMP)


#: What the staff's revision page shows: the revision, its milestones, decisions and their
#: files, groups, members, tasks and stakeholders, and the documents it links (their titles,
#: statuses and approvals).
REVISION_PAGE_MODELS = (
    PolicyRevision,
    Milestone,
    Decision,
    DecisionAttachment,
    Group,
    GroupMember,
    Task,
    Stakeholder,
    Document,
)


def revision_pages_changed(sender, **kwargs):
    stamps.bump(REVISION_PAGE_STAMP)


for _model in REVISION_PAGE_MODELS:
    post_save.connect(
        revision_pages_changed, sender=_model, dispatch_uid=f"policy-revision-page-{_model}-saved"
    )
    post_delete.connect(
        revision_pages_changed,
        sender=_model,
        dispatch_uid=f"policy-revision-page-{_model}-deleted",
    )


@receiver(post_save, sender=DocumentVersion, dispatch_uid="policy-editor-rows-version-saved")
@receiver(post_delete, sender=DocumentVersion, dispatch_uid="policy-editor-rows-version-deleted")
@receiver(post_save, sender=Section, dispatch_uid="policy-editor-rows-section-saved")
@receiver(post_delete, sender=Section, dispatch_uid="policy-editor-rows-section-deleted")
def sections_changed(sender, **kwargs):
    """The document editor's cached rows of a version. `version_save` bulk-creates a version's
    sections (no signal) in the transaction that saves the version (this signal)."""
    stamps.bump(EDITOR_ROWS_STAMP)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="policy-revision-page-user")
def user_changed(sender, update_fields=None, **kwargs):
    """A revision's coordinator is shown by the user's name; a log-in (which saves only
    `last_login`) changes nothing the page shows."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    stamps.bump(REVISION_PAGE_STAMP)
