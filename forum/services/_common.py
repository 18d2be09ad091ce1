from django.db import models

from medborger.history import record_history


def validated_save(instance: models.Model, *, user, reason: str) -> models.Model:
    """Check every invariant (`full_clean`), note who and why for the history, then save."""
    instance.full_clean()
    record_history(instance, user=user, reason=reason)
    instance.save()
    return instance
