"""The revision's periodic housekeeping; its deadline reminders are in `reminders.py`."""

from celery import shared_task

from .services.imports import terms_imports_expire


@shared_task(name="policy.terms_imports_expire", acks_late=True, ignore_result=True)
def expire_terms_imports() -> int:
    """Periodic: end unconfirmed import previews and drop the personal data read into them."""
    return terms_imports_expire()
