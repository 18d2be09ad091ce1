"""Bumps the stamps of cached values built from this app's data (see `medborger.stamps`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from medborger import stamps

from .models import Forum


@receiver(post_save, sender=Forum, dispatch_uid="forum-stamp-forum-saved")
@receiver(post_delete, sender=Forum, dispatch_uid="forum-stamp-forum-deleted")
def forums_changed(sender, **kwargs):
    """The front page's forums: their names, mandates, secretariats and purposes."""
    stamps.bump(stamps.FRONT_PAGE)
