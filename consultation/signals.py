"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .hooks import DASHBOARD_HEARINGS_STAMP
from .models import Hearing, HearingResponse


@receiver(post_save, sender=Hearing, dispatch_uid="consultation-stamp-hearing-saved")
@receiver(post_delete, sender=Hearing, dispatch_uid="consultation-stamp-hearing-deleted")
@receiver(post_save, sender=HearingResponse, dispatch_uid="consultation-stamp-response-saved")
@receiver(post_delete, sender=HearingResponse, dispatch_uid="consultation-stamp-response-deleted")
def hearing_counts_changed(sender, **kwargs):
    """The dashboard's hearings and their response counts."""
    stamps.bump(DASHBOARD_HEARINGS_STAMP)
