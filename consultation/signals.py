"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps` and
consultation/counts.py). The bulk writers that send no signals bump them themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from . import counts
from .models import Event, Hearing, HearingOutcome, HearingResponse, SignUp


@receiver(post_save, sender=Hearing, dispatch_uid="consultation-stamp-hearing-saved")
@receiver(post_delete, sender=Hearing, dispatch_uid="consultation-stamp-hearing-deleted")
@receiver(post_save, sender=HearingResponse, dispatch_uid="consultation-stamp-response-saved")
@receiver(post_delete, sender=HearingResponse, dispatch_uid="consultation-stamp-response-deleted")
def hearing_counts_changed(sender, **kwargs):
    """The dashboard's hearings and their response counts, the pagers' response counts."""
    counts.responses_changed()


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


@receiver(post_save, sender=Event, dispatch_uid="consultation-stamp-dashboard-event-saved")
@receiver(post_delete, sender=Event, dispatch_uid="consultation-stamp-dashboard-event-deleted")
@receiver(post_save, sender=SignUp, dispatch_uid="consultation-stamp-dashboard-signup-saved")
@receiver(post_delete, sender=SignUp, dispatch_uid="consultation-stamp-dashboard-signup-deleted")
@receiver(
    m2m_changed, sender=Event.organisers.through, dispatch_uid="consultation-stamp-organisers"
)
def signup_counts_changed(sender, **kwargs):
    """The dashboard's upcoming events, their sign-up counts and organisers."""
    counts.signups_changed()
