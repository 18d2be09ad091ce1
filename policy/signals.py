"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .hooks import LANDING_STAMP
from .models import Milestone, PolicyRevision


@receiver(post_save, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-saved")
@receiver(post_delete, sender=PolicyRevision, dispatch_uid="policy-stamp-revision-deleted")
@receiver(post_save, sender=Milestone, dispatch_uid="policy-stamp-milestone-saved")
@receiver(post_delete, sender=Milestone, dispatch_uid="policy-stamp-milestone-deleted")
def timelines_changed(sender, **kwargs):
    """The front page's windows of the revisions' timelines."""
    stamps.bump(LANDING_STAMP)
