"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .hooks import DASHBOARD_HEARINGS_STAMP
from .models import Event, Hearing, HearingOutcome, HearingResponse, SignUp


@receiver(post_save, sender=Hearing, dispatch_uid="consultation-stamp-hearing-saved")
@receiver(post_delete, sender=Hearing, dispatch_uid="consultation-stamp-hearing-deleted")
@receiver(post_save, sender=HearingResponse, dispatch_uid="consultation-stamp-response-saved")
@receiver(post_delete, sender=HearingResponse, dispatch_uid="consultation-stamp-response-deleted")
def hearing_counts_changed(sender, **kwargs):
    """The dashboard's hearings and their response counts."""
    stamps.bump(DASHBOARD_HEARINGS_STAMP)


@receiver(post_save, sender=Event, dispatch_uid="consultation-stamp-event-saved")
@receiver(post_delete, sender=Event, dispatch_uid="consultation-stamp-event-deleted")
@receiver(post_save, sender=SignUp, dispatch_uid="consultation-stamp-signup-saved")
@receiver(post_delete, sender=SignUp, dispatch_uid="consultation-stamp-signup-deleted")
@receiver(post_save, sender=Hearing, dispatch_uid="consultation-stamp-landing-hearing-saved")
@receiver(post_delete, sender=Hearing, dispatch_uid="consultation-stamp-landing-hearing-deleted")
@receiver(post_save, sender=HearingOutcome, dispatch_uid="consultation-stamp-outcome-saved")
@receiver(post_delete, sender=HearingOutcome, dispatch_uid="consultation-stamp-outcome-deleted")
def landing_changed(sender, **kwargs):
    """The front page's events and their free seats, and its open and recent hearings with
    their published reports."""
    stamps.bump(stamps.FRONT_PAGE)
