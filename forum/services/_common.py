from typing import TYPE_CHECKING, TypeVar

from django.db import models

from medborger.history import record_history

if TYPE_CHECKING:
    from medborger.models import User

_M = TypeVar("_M", bound=models.Model)


def validated_save(instance: _M, *, user: "User", reason: str) -> _M:
    """Check every invariant (`full_clean`), note who and why for the history, then save."""
    instance.full_clean()
    record_history(instance, user=user, reason=reason)
    instance.save()
    return instance
