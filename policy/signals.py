"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .dashboard import PROCESS_STAMP
from .hooks import LANDING_STAMP
from .models import Group, GroupMember, Milestone, PolicyRevision, Task


@receiver(post_save, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-saved")
@receiver(post_delete, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-deleted")
@receiver(post_save, sender=Milestone, dispatch_uid="policy-stamp-milestone-saved")
@receiver(post_delete, sender=Milestone, dispatch_uid="policy-stamp-milestone-deleted")
def timelines_changed(sender, **kwargs):
    """The front page's windows of the revisions' timelines, and the dashboard's revisions."""
    stamps.bump(LANDING_STAMP, PROCESS_STAMP)


@receiver(post_save, sender=Group, dispatch_uid="policy-stamp-group-saved")
@receiver(post_delete, sender=Group, dispatch_uid="policy-stamp-group-deleted")
@receiver(post_save, sender=GroupMember, dispatch_uid="policy-stamp-member-saved")
@receiver(post_delete, sender=GroupMember, dispatch_uid="policy-stamp-member-deleted")
@receiver(post_save, sender=Task, dispatch_uid="policy-stamp-task-saved")
@receiver(post_delete, sender=Task, dispatch_uid="policy-stamp-task-deleted")
def process_changed(sender, **kwargs):
    """The dashboard's groups, milestones' responsible groups, tasks and their owners."""
    stamps.bump(PROCESS_STAMP)
